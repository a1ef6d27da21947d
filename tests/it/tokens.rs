//! The token store behind Authorize and StartTransaction: Accepted, Blocked, Expired,
//! Invalid, ConcurrentTx (a StartTransaction's answer only), parent id tags; app-issued tags
//! keep working.

use chrono::{Duration, Utc};
use ladeklar_core::authorization::{TokenRecord, TokenStatus};
use serde_json::{json, Value};

use crate::support::{ScriptedCharger, TestApp};

const CHARGER: &str = "TRONDHEIM-SOLSIDEN-AC1";

async fn add(
    app: &TestApp,
    id_tag: &str,
    status: TokenStatus,
    expiry: Option<chrono::DateTime<Utc>>,
    parent: Option<&str>,
) {
    let token = TokenRecord {
        id_tag: id_tag.into(),
        status,
        expiry,
        parent_id_tag: parent.map(Into::into),
    };
    app.server.store().upsert_token(&token, Utc::now()).await.unwrap();
}

async fn authorize(charger: &mut ScriptedCharger, id_tag: &str) -> Value {
    charger.call_ok("Authorize", json!({"idTag": id_tag})).await["idTagInfo"].clone()
}

fn start(connector: u32, id_tag: &str, meter_start: i64) -> Value {
    json!({"connectorId": connector, "idTag": id_tag, "meterStart": meter_start, "timestamp": Utc::now().to_rfc3339()})
}

#[tokio::test]
async fn authorize_answers_from_the_token_store() {
    let app = TestApp::start().await;
    let soon = Utc::now() + Duration::days(30);
    add(&app, "OK-1", TokenStatus::Accepted, Some(soon), None).await;
    add(&app, "BLOCKED-1", TokenStatus::Blocked, None, None).await;
    add(&app, "EXPIRED-1", TokenStatus::Expired, None, None).await;
    add(
        &app,
        "RAN-OUT-1",
        TokenStatus::Accepted,
        Some(Utc::now() - Duration::hours(1)),
        None,
    )
    .await;
    add(&app, "INVALID-1", TokenStatus::Invalid, None, None).await;
    add(&app, "FLEET", TokenStatus::Accepted, None, None).await;
    add(&app, "FLEET-CAR-1", TokenStatus::Accepted, None, Some("FLEET")).await;
    add(&app, "GONE-FLEET", TokenStatus::Blocked, None, None).await;
    add(&app, "GONE-CAR-1", TokenStatus::Accepted, None, Some("GONE-FLEET")).await;

    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    for (tag, status) in [
        ("OK-1", "Accepted"),
        ("BLOCKED-1", "Blocked"),
        ("EXPIRED-1", "Expired"),
        ("RAN-OUT-1", "Expired"),
        ("INVALID-1", "Invalid"),
        ("NEVER-SEEN", "Invalid"),
        ("FLEET-CAR-1", "Accepted"),
        ("GONE-CAR-1", "Blocked"),
        ("APP0123456789abcdef", "Invalid"),
    ] {
        assert_eq!(authorize(&mut charger, tag).await["status"], status, "{tag}");
    }
    let ok = authorize(&mut charger, "OK-1").await;
    assert!(ok["expiryDate"].is_string(), "{ok}");
    assert_eq!(authorize(&mut charger, "FLEET-CAR-1").await["parentIdTag"], "FLEET");
}

#[tokio::test]
async fn a_tag_already_charging_is_concurrent_tx_and_a_refused_start_is_still_recorded() {
    let app = TestApp::start().await;
    add(&app, "DRIVER-1", TokenStatus::Accepted, None, None).await;
    add(&app, "BLOCKED-2", TokenStatus::Blocked, None, None).await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;

    let first = charger.call_ok("StartTransaction", start(1, "DRIVER-1", 1000)).await;
    assert_eq!(first["idTagInfo"]["status"], "Accepted");
    // Authorize says what the tag is (chargers cache it); only a Start is ConcurrentTx.
    assert_eq!(authorize(&mut charger, "DRIVER-1").await["status"], "Accepted");
    let second = charger.call_ok("StartTransaction", start(2, "DRIVER-1", 2000)).await;
    assert_eq!(second["idTagInfo"]["status"], "ConcurrentTx");
    assert!(
        second["transactionId"].as_i64().is_some(),
        "a transaction id even when refused"
    );
    assert_ne!(second["transactionId"], first["transactionId"]);

    // The driver's own stop is accepted.
    let stopped = charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": first["transactionId"], "idTag": "DRIVER-1", "meterStop": 1500, "timestamp": Utc::now().to_rfc3339()}),
        )
        .await;
    assert_eq!(stopped["idTagInfo"]["status"], "Accepted");

    // A blocked tag's start is answered Blocked, with a transaction id the charger can stop.
    let blocked = charger.call_ok("StartTransaction", start(1, "BLOCKED-2", 1600)).await;
    assert_eq!(blocked["idTagInfo"]["status"], "Blocked");
    assert!(blocked["transactionId"].as_i64().is_some());
}

/// Issue 10: Authorize was answered ConcurrentTx while the tag was in a transaction, also
/// after the charger reset and booted again. OCPP 1.6 keeps ConcurrentTx for
/// StartTransaction; a charger caches Authorize answers and would then refuse the tag locally.
#[tokio::test]
async fn authorize_is_accepted_for_a_tag_in_a_transaction_and_only_a_second_start_is_concurrent_tx() {
    let app = TestApp::start().await;
    let soon = Utc::now() + Duration::days(30);
    add(&app, "DRIVER-2", TokenStatus::Accepted, Some(soon), None).await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;

    let first = charger.call_ok("StartTransaction", start(1, "DRIVER-2", 1000)).await;
    assert_eq!(first["idTagInfo"]["status"], "Accepted");
    let info = authorize(&mut charger, "DRIVER-2").await;
    assert_eq!(info["status"], "Accepted", "{info}");
    assert!(info["expiryDate"].is_string(), "{info}");

    // The charger resets: a new connection and a new BootNotification, the transaction on
    // connector 1 still under way at the central system.
    drop(charger);
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    assert_eq!(authorize(&mut charger, "DRIVER-2").await["status"], "Accepted");

    // A second start with the tag on another connector is still refused.
    let second = charger.call_ok("StartTransaction", start(2, "DRIVER-2", 2000)).await;
    assert_eq!(second["idTagInfo"]["status"], "ConcurrentTx");
    assert_ne!(second["transactionId"], first["transactionId"]);
    // And Authorize still does not cache a refusal.
    assert_eq!(authorize(&mut charger, "DRIVER-2").await["status"], "Accepted");
}

#[tokio::test]
async fn app_issued_tags_are_accepted_while_their_session_lasts() {
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    app.wait_for_connector(CHARGER, 1, "available").await;
    let started = app.spawn_post("/api/v1/sessions", json!({"charger_id": CHARGER, "connector_id": 1}));
    let remote = charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    assert_eq!(started.await.unwrap().0, 201);
    let tag = remote["idTag"].as_str().unwrap().to_owned();
    assert!(tag.starts_with("APP"), "{tag}");
    // Chargers with AuthorizeRemoteTxRequests=true ask first.
    assert_eq!(authorize(&mut charger, &tag).await["status"], "Accepted");
    let answer = charger.call_ok("StartTransaction", start(1, &tag, 0)).await;
    assert_eq!(answer["idTagInfo"]["status"], "Accepted");
}
