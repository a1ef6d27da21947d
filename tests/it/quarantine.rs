//! Transactions that lose nothing: every well-formed transaction message gets a CALLRESULT;
//! what cannot be matched is quarantined for review; meter anomalies hold a session from
//! billing; silent sessions show up as stuck. Each failure from domain-notes.md is a test.

use chrono::{Duration, SubsecRound, Utc};
use serde_json::{json, Value};

use crate::support::{ScriptedCharger, TestApp};

const CHARGER: &str = "STAVANGER-VAAGEN-AC1"; // 22 kW AC, 2 connectors

fn at(t0: chrono::DateTime<Utc>, min: i64) -> String {
    (t0 + Duration::minutes(min)).to_rfc3339()
}

fn register(t: &str, wh: i64) -> Value {
    json!([{"timestamp": t, "sampledValue": [{"value": wh.to_string(), "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}])
}

async fn quarantined(app: &TestApp) -> Vec<Value> {
    app.get("/api/v1/quarantine").await.1["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn booted(app: &TestApp, id: &str) -> ScriptedCharger {
    let mut charger = ScriptedCharger::connect(&app.ws_base(), id).await;
    charger.boot(&[1, 2]).await;
    charger
}

/// OCPP.Core#34, steve#156, steve#292: unknown, foreign and −1 transaction ids.
#[tokio::test]
async fn a_stop_we_cannot_match_gets_a_callresult_and_is_quarantined_once() {
    let app = TestApp::start().await;
    let mut other = booted(&app, "STAVANGER-VAAGEN-DC1").await;
    let foreign = other
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": "X1", "meterStart": 0, "timestamp": Utc::now().to_rfc3339()}),
        )
        .await["transactionId"]
        .as_i64()
        .unwrap();
    let mut charger = booted(&app, CHARGER).await;
    let now = Utc::now().to_rfc3339();
    for transaction_id in [424242, -1, foreign] {
        let stop = json!({"transactionId": transaction_id, "meterStop": 1000, "timestamp": now, "idTag": "X1"});
        // A charger retries until it gets an answer; both get a CALLRESULT, one row is kept.
        charger.call_ok("StopTransaction", stop.clone()).await;
        charger.call_ok("StopTransaction", stop).await;
    }
    let entries = quarantined(&app).await;
    assert_eq!(entries.len(), 3, "{entries:?}");
    let reason_of = |id: i64| {
        entries
            .iter()
            .find(|e| e["transaction_id"] == id)
            .map(|e| e["reason"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert!(reason_of(424242).contains("unknown"));
    assert!(reason_of(-1).contains("offline"));
    assert!(reason_of(foreign).contains("STAVANGER-VAAGEN-DC1"));
    assert!(entries
        .iter()
        .all(|e| e["action"] == "StopTransaction" && e["charger_id"] == CHARGER));
    assert_eq!(entries[0]["payload"]["meterStop"], 1000);
    // The foreign charger's session is untouched.
    let still = other.call_ok("Heartbeat", json!({})).await;
    assert!(still["currentTime"].is_string());
}

/// steve#1295: two Starts on one connector; steve#1294: a replayed Start after its Stop.
#[tokio::test]
async fn a_second_start_on_a_busy_connector_is_quarantined_and_a_replayed_start_after_stop_changes_nothing() {
    let app = TestApp::start().await;
    let mut charger = booted(&app, CHARGER).await;
    let t0 = (Utc::now() - Duration::minutes(60)).trunc_subsecs(0);
    let first = json!({"connectorId": 1, "idTag": "RFID-A", "meterStart": 10_000, "timestamp": at(t0, 0)});
    let tx = charger.call_ok("StartTransaction", first.clone()).await["transactionId"]
        .as_i64()
        .unwrap();

    let second = json!({"connectorId": 1, "idTag": "RFID-B", "meterStart": 10_500, "timestamp": at(t0, 5)});
    let tx2 = charger.call_ok("StartTransaction", second.clone()).await["transactionId"]
        .as_i64()
        .unwrap();
    assert_ne!(
        tx2, tx,
        "the second start gets its own id so the charger can report its stop"
    );
    let replay2 = charger.call_ok("StartTransaction", second).await["transactionId"]
        .as_i64()
        .unwrap();
    assert_eq!(replay2, tx2, "a replayed quarantined start keeps its id");
    let entries = quarantined(&app).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["action"], "StartTransaction");
    assert_eq!(entries[0]["transaction_id"], tx2);

    let stop = json!({"transactionId": tx, "meterStop": 15_000, "timestamp": at(t0, 30), "idTag": "RFID-A"});
    charger.call_ok("StopTransaction", stop).await;
    // The Stop of the quarantined transaction is quarantined too, never a CALLERROR.
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": tx2, "meterStop": 11_000, "timestamp": at(t0, 31)}),
        )
        .await;
    // The first Start replayed after its Stop: same id, no new session.
    let replay = charger.call_ok("StartTransaction", first).await["transactionId"]
        .as_i64()
        .unwrap();
    assert_eq!(replay, tx);
    // Readings for the finished transaction are held, not added to it.
    charger
        .call_ok(
            "MeterValues",
            json!({"connectorId": 1, "transactionId": tx, "meterValue": register(&at(t0, 40), 16_000)}),
        )
        .await;
    let entries = quarantined(&app).await;
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert_eq!(entries[0]["action"], "MeterValues");
    // The connector is free: a new start opens a new session.
    let next = json!({"connectorId": 1, "idTag": "RFID-C", "meterStart": 16_000, "timestamp": at(t0, 45)});
    let tx3 = charger.call_ok("StartTransaction", next).await["transactionId"]
        .as_i64()
        .unwrap();
    assert!(tx3 > tx2, "transaction ids are never reused");
    assert_eq!(quarantined(&app).await.len(), 3);
}

/// citrineos-core#1060: a reboot with the cable in billed the register's lifetime value.
#[tokio::test]
async fn meter_anomalies_hold_the_session_from_billing_and_the_receipt_says_so() {
    let app = TestApp::start().await;
    let mut charger = booted(&app, CHARGER).await;
    let t0 = (Utc::now() - Duration::minutes(30)).trunc_subsecs(0);

    // Register reset to zero mid-session, then counting on from zero.
    let tx = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": "RFID-R", "meterStart": 5_000_000, "timestamp": at(t0, 0)}),
        )
        .await["transactionId"]
        .clone();
    for (min, wh) in [(5, 5_001_000), (10, 0), (15, 900)] {
        charger
            .call_ok(
                "MeterValues",
                json!({"connectorId": 1, "transactionId": tx, "meterValue": register(&at(t0, min), wh)}),
            )
            .await;
    }
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": tx, "meterStop": 1_500, "timestamp": at(t0, 20)}),
        )
        .await;

    // 910 kWh in 5 minutes on a 22 kW connector: meterStart 0 after a reboot, then the lifetime register.
    let tx2 = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 2, "idTag": "RFID-S", "meterStart": 0, "timestamp": at(t0, 0)}),
        )
        .await["transactionId"]
        .clone();
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": tx2, "meterStop": 910_000, "timestamp": at(t0, 5)}),
        )
        .await;

    // A normal session next to them is billed.
    let tx3 = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": "RFID-T", "meterStart": 2_000, "timestamp": at(t0, 21)}),
        )
        .await["transactionId"]
        .clone();
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": tx3, "meterStop": 3_000, "timestamp": at(t0, 29)}),
        )
        .await;

    let mut receipts = Vec::new();
    for tx in [&tx, &tx2, &tx3] {
        receipts.push(receipt_of(&app, tx.as_i64().unwrap()).await);
    }
    assert_eq!(receipts[0]["held_from_billing"], true, "{}", receipts[0]);
    let why = receipts[0]["meter_anomalies"].as_array().unwrap();
    assert!(why.iter().any(|w| w.as_str().unwrap().contains("reset")), "{why:?}");
    assert_eq!(
        receipts[0]["energy_kwh"], "1",
        "only the readings before the reset count"
    );
    assert_eq!(receipts[1]["held_from_billing"], true);
    assert!(receipts[1]["meter_anomalies"][0]
        .as_str()
        .unwrap()
        .contains("more than the connector can deliver"));
    assert_eq!(receipts[1]["energy_kwh"], "0", "the impossible reading is not priced");
    assert_eq!(receipts[2]["held_from_billing"], false);
    assert_eq!(receipts[2]["meter_anomalies"], json!([]));
    assert_eq!(receipts[2]["energy_kwh"], "1");
}

/// The receipt of the session with this transaction id (found through the charger's sessions).
async fn receipt_of(app: &TestApp, transaction_id: i64) -> Value {
    let id = app
        .server
        .store()
        .session_by_transaction(CHARGER, transaction_id)
        .await
        .unwrap()
        .expect("session")
        .id;
    let (status, receipt) = app.get(&format!("/api/v1/sessions/{id}/receipt")).await;
    assert_eq!(status, 200, "{receipt}");
    receipt
}

/// ev-server#799: sessions that never close are surfaced.
#[tokio::test]
async fn a_silent_session_is_listed_as_stuck() {
    let app = TestApp::start().await;
    let mut charger = booted(&app, CHARGER).await;
    let tx = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": "RFID-Q", "meterStart": 0, "timestamp": Utc::now().to_rfc3339()}),
        )
        .await["transactionId"]
        .clone();
    let (status, stuck) = app.get("/api/v1/sessions/stuck?silent_for_s=0").await;
    assert_eq!(status, 200);
    let sessions = stuck["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1, "{stuck}");
    assert_eq!(sessions[0]["transaction_id"], tx);
    assert_eq!(sessions[0]["charger_online"], true);
    // With the configured limit (3 h) the fresh session is not stuck.
    let (_, stuck) = app.get("/api/v1/sessions/stuck").await;
    assert_eq!(stuck["limit_s"], 10800);
    assert_eq!(stuck["sessions"], json!([]));
    let (status, bad) = app.get("/api/v1/sessions/stuck?silent_for_s=-5").await;
    assert_eq!((status, bad["code"].as_str()), (400, Some("invalid_request")));
}
