//! A whole session driven frame by frame, with meter values and timestamps chosen so the
//! receipt can be computed by hand.

use chrono::{Duration, SubsecRound, Utc};
use serde_json::json;

use crate::support::{ScriptedCharger, TestApp};

/// Bergen Lagunen's demo tariff: 3.36 kr/kWh and 30 kr/h after 45 minutes, 25 % VAT.
const CHARGER: &str = "BERGEN-LAGUNEN-DC1";

#[tokio::test]
async fn a_90_minute_30_kwh_session_is_priced_as_computed_by_hand() {
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    app.wait_for_connector(CHARGER, 1, "available").await;

    // The driver starts; the charger accepts the remote start.
    let start = app.spawn_post("/api/v1/sessions", json!({"charger_id": CHARGER, "connector_id": 1}));
    let remote_start = charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    assert_eq!(remote_start["connectorId"], 1);
    let id_tag = remote_start["idTag"].as_str().unwrap().to_owned();
    let (status, session) = start.await.unwrap();
    assert_eq!(status, 201, "{session}");
    assert_eq!(
        session["status"], "pending",
        "nothing is charging until the charger says so"
    );
    let session_path = format!("/api/v1/sessions/{}", session["id"].as_str().unwrap());

    // The charger starts 90 minutes ago (it was offline and delivers late, in order).
    let t0 = (Utc::now() - Duration::minutes(90)).trunc_subsecs(0);
    let at = |min: i64| (t0 + Duration::minutes(min)).to_rfc3339();
    charger.status(1, "Preparing", "NoError").await;
    let start_tx = json!({"connectorId": 1, "idTag": id_tag, "meterStart": 5_000_000, "timestamp": at(0)});
    let started = charger.call_ok("StartTransaction", start_tx.clone()).await;
    assert_eq!(started["idTagInfo"]["status"], "Accepted");
    let transaction_id = started["transactionId"].as_i64().unwrap();
    charger.status(1, "Charging", "NoError").await;
    for (min, register) in [(30, 5_015_000), (60, 5_025_000)] {
        charger
            .call_ok(
                "MeterValues",
                json!({"connectorId": 1, "transactionId": transaction_id, "meterValue": [{"timestamp": at(min), "sampledValue": [
                    {"value": register.to_string(), "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
                    {"value": "30000", "measurand": "Power.Active.Import", "unit": "W"}]}]}),
            )
            .await;
    }
    let live = app.get(&session_path).await.1;
    assert_eq!(live["status"], "charging");
    assert_eq!(live["energy_kwh"], "25");
    assert_eq!(live["power_kw"], "30");
    // Running cost at 60 min: 25 kWh × 3.36 = 84.00 + 15 min × 30 kr/h = 7.50 → 91.50 excl, 114.375 → 114.38 incl.
    assert_eq!(live["cost"], json!({"excl_vat": "91.50", "incl_vat": "114.38"}));

    // A replayed StartTransaction gets the same transaction id, not a second session.
    let replay = charger.call_ok("StartTransaction", start_tx).await;
    assert_eq!(replay["transactionId"].as_i64(), Some(transaction_id));

    // The driver stops; the charger accepts and reports the stop at 90 minutes.
    let stop = app.spawn_post(&format!("{session_path}/stop"), json!({}));
    let remote_stop = charger
        .answer_next_call("RemoteStopTransaction", json!({"status": "Accepted"}))
        .await;
    assert_eq!(remote_stop["transactionId"].as_i64(), Some(transaction_id));
    assert_eq!(stop.await.unwrap().0, 202);
    let stop_tx = json!({"transactionId": transaction_id, "meterStop": 5_030_000, "timestamp": at(90), "reason": "Remote", "idTag": id_tag});
    charger.call_ok("StopTransaction", stop_tx.clone()).await;

    let receipt_path = format!("{session_path}/receipt");
    let (status, receipt) = app.get(&receipt_path).await;
    assert_eq!(status, 200, "{receipt}");
    // By hand: energy 30 kWh × 3.36 = 100.80 (126.00 incl. 25 % VAT);
    // time after the 45-minute grace: 45 min = 0.75 h × 30 = 22.50 (28.125 → 28.13 incl.).
    assert_eq!(receipt["energy_kwh"], "30");
    assert_eq!(receipt["duration_s"], 5400);
    let lines = receipt["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{receipt}");
    assert_eq!(lines[0]["dimension"], "ENERGY");
    assert_eq!(lines[0]["cost"], json!({"excl_vat": "100.80", "incl_vat": "126.00"}));
    assert_eq!(lines[1]["dimension"], "TIME");
    assert_eq!(lines[1]["cost"], json!({"excl_vat": "22.50", "incl_vat": "28.13"}));
    assert_eq!(receipt["total_excl_vat"], "123.30");
    assert_eq!(receipt["total_incl_vat"], "154.13");
    assert_eq!(receipt["vat"], "30.83");
    assert_eq!(receipt["currency"], "NOK");

    // A retried StopTransaction is answered and changes nothing.
    charger.call_ok("StopTransaction", stop_tx).await;
    assert_eq!(app.get(&receipt_path).await.1, receipt);
    let done = app.get(&session_path).await.1;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["stop_reason"], "Remote");
}

/// Chargers configured with StopTxnSampledData send the Transaction.Begin reading in the
/// StopTransaction's transactionData. It was taken for a register reset and the session held
/// from billing; readings are now compared by timestamp and context.
#[tokio::test]
async fn a_stop_whose_transaction_data_repeats_the_begin_reading_is_billed() {
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    app.wait_for_connector(CHARGER, 1, "available").await;
    let t0 = (Utc::now() - Duration::minutes(60)).trunc_subsecs(0);
    let at = |min: i64| (t0 + Duration::minutes(min)).to_rfc3339();
    let started = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 2, "idTag": "DEMO-RFID-0001", "meterStart": 2_000_000, "timestamp": at(0)}),
        )
        .await;
    let transaction_id = started["transactionId"].as_i64().unwrap();
    let register = |min: i64, wh: i64, context: &str| {
        json!({"timestamp": at(min), "sampledValue": [{"value": wh.to_string(), "context": context,
            "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]})
    };
    charger
        .call_ok(
            "MeterValues",
            json!({"connectorId": 2, "transactionId": transaction_id,
                "meterValue": [register(30, 2_010_000, "Sample.Periodic")]}),
        )
        .await;
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": transaction_id, "meterStop": 2_020_000, "timestamp": at(60), "reason": "EVDisconnected",
                "transactionData": [register(0, 2_000_000, "Transaction.Begin"), register(30, 2_010_000, "Sample.Periodic"),
                    register(60, 2_020_000, "Transaction.End")]}),
        )
        .await;
    let session = app
        .server
        .store()
        .session_by_transaction(CHARGER, transaction_id)
        .await
        .unwrap()
        .unwrap();
    let (status, receipt) = app.get(&format!("/api/v1/sessions/{}/receipt", session.id)).await;
    assert_eq!(status, 200, "{receipt}");
    assert_eq!(receipt["held_from_billing"], false, "{receipt}");
    assert_eq!(receipt["meter_anomalies"], json!([]));
    assert_eq!(receipt["energy_kwh"], "20");
}

/// The driver's step follows the charger's own statuses — plug in (Preparing: the cable is
/// awaited), the charger starting, waiting for the car (SuspendedEV before any energy), the
/// car pausing after energy, the charger pausing — and a status alone reaches the live view.
#[tokio::test]
async fn every_step_of_a_session_follows_the_chargers_statuses() {
    use futures_util::StreamExt;
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    app.wait_for_connector(CHARGER, 1, "available").await;
    let start = app.spawn_post("/api/v1/sessions", json!({"charger_id": CHARGER, "connector_id": 1}));
    let remote_start = charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    let id_tag = remote_start["idTag"].as_str().unwrap().to_owned();
    let (_, session) = start.await.unwrap();
    let path = format!("/api/v1/sessions/{}", session["id"].as_str().unwrap());
    let step = |app: &TestApp, path: String| {
        let (http, url) = (app.http.clone(), app.url(&path));
        async move {
            http.get(url)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()["step"]
                .clone()
        }
    };
    assert_eq!(step(&app, path.clone()).await, "plug_in");
    charger.status(1, "Preparing", "NoError").await;
    assert_eq!(
        step(&app, path.clone()).await,
        "plug_in",
        "Preparing: waiting for the cable"
    );
    charger.status(1, "SuspendedEV", "NoError").await;
    assert_eq!(step(&app, path.clone()).await, "starting");
    let started = charger
        .call_ok(
            "StartTransaction",
            // Started ten minutes ago: the 500 Wh read below is then a plausible power.
            json!({"connectorId": 1, "idTag": id_tag, "meterStart": 0,
                "timestamp": (Utc::now() - Duration::minutes(10)).to_rfc3339()}),
        )
        .await;
    assert!(started["transactionId"].is_i64());
    assert_eq!(
        step(&app, path.clone()).await,
        "waiting_for_car",
        "SuspendedEV before any energy"
    );
    let transaction_id = started["transactionId"].clone();

    // From here the live stream: a status notification alone brings the new step.
    let live = app.http.get(app.url(&format!("{path}/live"))).send().await.unwrap();
    let mut body = live.bytes_stream();
    let mut buffer = String::new();
    let mut seen: Vec<String> = Vec::new();
    for (status, expected) in [
        ("Charging", "charging"),
        ("SuspendedEV", "car_paused"),
        ("SuspendedEVSE", "charger_paused"),
    ] {
        charger.status(1, status, "NoError").await;
        if status == "Charging" {
            // Energy: a later SuspendedEV is the car pausing, not the car not starting.
            charger
                .call_ok(
                    "MeterValues",
                    json!({"connectorId": 1, "transactionId": transaction_id, "meterValue": [{
                        "timestamp": Utc::now().to_rfc3339(),
                        "sampledValue": [{"value": "500", "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]
                    }]}),
                )
                .await;
        }
        // A deadline for the step, not per chunk: the stream's keep-alives never let a
        // per-chunk timeout fire.
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
        while seen.last().map(String::as_str) != Some(expected) {
            let chunk = tokio::time::timeout_at(deadline, body.next())
                .await
                .unwrap_or_else(|_| panic!("no live step {expected}; seen {seen:?}"))
                .expect("the stream goes on")
                .expect("a chunk");
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buffer.find("\n\n") {
                let event: String = buffer.drain(..end + 2).collect();
                if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                    let view: serde_json::Value = serde_json::from_str(data).unwrap();
                    if let Some(s) = view["step"].as_str() {
                        seen.push(s.to_owned());
                    }
                }
            }
        }
    }
}
