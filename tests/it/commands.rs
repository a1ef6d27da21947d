//! Operations for support staff: `POST /api/v1/chargers/{id}/commands` sends one OCPP 1.6
//! call to a connected charger and answers with its reply; the simulator answers every one.

use std::time::Duration;

use ladeklar_ocpp::Frame;
use ladeklar_sim::SimCharger;
use rust_decimal_macros::dec;
use serde_json::{json, Value};
use tokio::sync::watch;

use crate::support::{ScriptedCharger, TestApp};

const CHARGER: &str = "STAVANGER-VAAGEN-AC1"; // 2 connectors

fn simulator(app: &TestApp) -> SimCharger {
    app.demo_simulator(CHARGER, dec!(11), Duration::from_millis(500))
}

async fn command(app: &TestApp, charger: &str, body: Value) -> (u16, Value) {
    app.post(&format!("/api/v1/chargers/{charger}/commands"), body).await
}

/// Sends a command that must succeed; returns the charger's reply payload.
async fn ok(app: &TestApp, body: Value) -> Value {
    let (status, reply) = command(app, CHARGER, body.clone()).await;
    assert_eq!(status, 200, "{body} → {reply}");
    assert_eq!(reply["action"], body["command"]);
    reply["response"].clone()
}

/// Waits until the charger log has an incoming frame containing every one of `parts`.
async fn wait_for_log(app: &TestApp, parts: &[&str]) {
    let path = format!("/api/v1/chargers/{CHARGER}/log?limit=1000");
    app.wait_for(&path, &format!("a logged frame with {parts:?}"), |log| {
        log["entries"].as_array().is_some_and(|es| {
            es.iter()
                .any(|e| e["direction"] == "in" && parts.iter().all(|p| e["text"].as_str().unwrap_or("").contains(p)))
        })
    })
    .await;
}

#[tokio::test]
async fn the_simulator_answers_every_command() {
    let app = TestApp::start().await;
    let (stop, rx) = watch::channel(false);
    let sim = tokio::spawn(simulator(&app).run_until(rx));
    app.wait_for_connector(CHARGER, 2, "available").await;

    // Configuration.
    let all = ok(&app, json!({"command": "GetConfiguration"})).await;
    let keys: Vec<&str> = all["configurationKey"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"HeartbeatInterval") && keys.contains(&"MeterValueSampleInterval"),
        "{all}"
    );
    let changed = ok(
        &app,
        json!({"command": "ChangeConfiguration", "key": "MeterValueSampleInterval", "value": "7"}),
    )
    .await;
    assert_eq!(changed, json!({"status": "Accepted"}));
    let read = ok(
        &app,
        json!({"command": "GetConfiguration", "key": ["MeterValueSampleInterval", "Nope"]}),
    )
    .await;
    assert_eq!(read["configurationKey"][0]["value"], "7");
    assert_eq!(read["unknownKey"], json!(["Nope"]));
    // An empty key list is valid OCPP and asks for every key, like none.
    let listed = ok(&app, json!({"command": "GetConfiguration", "key": []})).await;
    let listed_keys: Vec<&str> = listed["configurationKey"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    assert_eq!(listed_keys, keys, "{listed}");
    // An empty value is valid OCPP; the simulator refuses it for an interval.
    let emptied = ok(
        &app,
        json!({"command": "ChangeConfiguration", "key": "HeartbeatInterval", "value": ""}),
    )
    .await;
    assert_eq!(emptied["status"], "Rejected");
    let readonly = ok(
        &app,
        json!({"command": "ChangeConfiguration", "key": "NumberOfConnectors", "value": "9"}),
    )
    .await;
    assert_eq!(readonly["status"], "Rejected");
    let unknown = ok(
        &app,
        json!({"command": "ChangeConfiguration", "key": "Nope", "value": "1"}),
    )
    .await;
    assert_eq!(unknown["status"], "NotSupported");
    assert_eq!(ok(&app, json!({"command": "ClearCache"})).await["status"], "Accepted");

    // Local authorization list.
    let sent = ok(
        &app,
        json!({"command": "SendLocalList", "list_version": 3, "update_type": "Full",
            "local_authorization_list": [{"idTag": "LOCAL-1", "idTagInfo": {"status": "Accepted"}}]}),
    )
    .await;
    assert_eq!(sent["status"], "Accepted");
    assert_eq!(
        ok(&app, json!({"command": "GetLocalListVersion"})).await["listVersion"],
        3
    );

    // Reservation.
    let reserve = json!({"command": "ReserveNow", "connector_id": 1, "expiry_date": "2099-01-01T00:00:00Z",
        "id_tag": "DEMO-RFID-0001", "reservation_id": 41});
    assert_eq!(ok(&app, reserve).await["status"], "Accepted");
    app.wait_for_connector(CHARGER, 1, "reserved").await;
    let cancel = json!({"command": "CancelReservation", "reservation_id": 41});
    assert_eq!(ok(&app, cancel.clone()).await["status"], "Accepted");
    app.wait_for_connector(CHARGER, 1, "available").await;
    assert_eq!(ok(&app, cancel).await["status"], "Rejected", "already cancelled");

    // Availability and unlocking.
    let inoperative = json!({"command": "ChangeAvailability", "connector_id": 2, "type": "Inoperative"});
    assert_eq!(ok(&app, inoperative).await["status"], "Accepted");
    app.wait_for_connector(CHARGER, 2, "unavailable").await;
    let operative = json!({"command": "ChangeAvailability", "connector_id": 2, "type": "Operative"});
    assert_eq!(ok(&app, operative).await["status"], "Accepted");
    app.wait_for_connector(CHARGER, 2, "available").await;
    let unlocked = ok(&app, json!({"command": "UnlockConnector", "connector_id": 1})).await;
    assert_eq!(unlocked["status"], "Unlocked");
    let no_such = ok(&app, json!({"command": "UnlockConnector", "connector_id": 9})).await;
    assert_eq!(no_such["status"], "NotSupported");
    // OCPP sets no highest connector id: the charger is asked and answers for itself.
    let beyond_20 = ok(&app, json!({"command": "UnlockConnector", "connector_id": 21})).await;
    assert_eq!(beyond_20["status"], "NotSupported");

    // Remote trigger.
    let trigger = json!({"command": "TriggerMessage", "requested_message": "MeterValues", "connector_id": 2});
    assert_eq!(ok(&app, trigger).await["status"], "Accepted");
    wait_for_log(&app, &["\"MeterValues\"", "\"connectorId\":2"]).await;

    // Firmware management.
    let diagnostics = ok(
        &app,
        json!({"command": "GetDiagnostics", "location": "ftp://support.example/upload"}),
    )
    .await;
    assert_eq!(diagnostics["fileName"], format!("diagnostics-{CHARGER}.log"));
    wait_for_log(&app, &["DiagnosticsStatusNotification", "Uploaded"]).await;
    let firmware = json!({"command": "UpdateFirmware", "location": "https://fw.example/2.1.bin",
        "retrieve_date": "2020-01-01T00:00:00Z"});
    assert_eq!(ok(&app, firmware).await, json!({}));
    wait_for_log(&app, &["FirmwareStatusNotification", "Installed"]).await;

    // Data transfer.
    let echo = ok(
        &app,
        json!({"command": "DataTransfer", "vendor_id": "Ladeklar", "data": "ping"}),
    )
    .await;
    assert_eq!(echo, json!({"status": "Accepted", "data": "ping"}));
    let other = ok(&app, json!({"command": "DataTransfer", "vendor_id": "Elsewhere"})).await;
    assert_eq!(other["status"], "UnknownVendorId");

    // Smart charging.
    let profile = json!({"chargingProfileId": 5, "stackLevel": 1, "chargingProfilePurpose": "TxDefaultProfile",
        "chargingProfileKind": "Absolute", "chargingSchedule": {"chargingRateUnit": "A",
        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.0}]}});
    let set = json!({"command": "SetChargingProfile", "connector_id": 0, "cs_charging_profiles": profile});
    assert_eq!(ok(&app, set).await["status"], "Accepted");
    let composite = ok(
        &app,
        json!({"command": "GetCompositeSchedule", "connector_id": 1, "duration": 3600}),
    )
    .await;
    assert_eq!(composite["status"], "Accepted", "{composite}");
    assert_eq!(composite["chargingSchedule"]["chargingRateUnit"], "A");
    let clear = json!({"command": "ClearChargingProfile", "id": 5});
    assert_eq!(ok(&app, clear.clone()).await["status"], "Accepted");
    assert_eq!(ok(&app, clear).await["status"], "Unknown");

    let _ = stop.send(true);
    let _ = sim.await;
}

#[tokio::test]
async fn remote_start_remote_stop_and_reset_through_commands() {
    let app = TestApp::start().await;
    let (stop, rx) = watch::channel(false);
    let sim = tokio::spawn(simulator(&app).run_until(rx));
    app.wait_for_connector(CHARGER, 1, "available").await;

    // RemoteStartTransaction with an RFID tag; the charger starts, the session shows up.
    let start = json!({"command": "RemoteStartTransaction", "connector_id": 1, "id_tag": "DEMO-RFID-0001"});
    assert_eq!(ok(&app, start).await["status"], "Accepted");
    app.wait_for_connector(CHARGER, 1, "charging").await;
    wait_for_log(&app, &["\"StartTransaction\"", "DEMO-RFID-0001"]).await;

    // Reset: the charger stops the running transaction with reason SoftReset, then boots.
    assert_eq!(
        ok(&app, json!({"command": "Reset", "type": "Soft"})).await["status"],
        "Accepted"
    );
    wait_for_log(&app, &["\"StopTransaction\"", "\"SoftReset\""]).await;
    // The BootNotification follows the StopTransaction (waited for: the log may be read
    // between the two).
    app.wait_for(
        &format!("/api/v1/chargers/{CHARGER}/log?limit=1000"),
        "BootNotification after the StopTransaction",
        |log| {
            let texts: Vec<&str> = log["entries"]
                .as_array()
                .into_iter()
                .flatten()
                .rev()
                .filter(|e| e["direction"] == "in")
                .filter_map(|e| e["text"].as_str())
                .collect();
            texts
                .iter()
                .position(|t| t.contains("SoftReset"))
                .is_some_and(|stop_at| texts[stop_at..].iter().any(|t| t.contains("\"BootNotification\"")))
        },
    )
    .await;
    app.wait_for_connector(CHARGER, 1, "available").await;

    // A driver session, ended by support with RemoteStopTransaction.
    let (status, session) = app
        .post("/api/v1/sessions", json!({"charger_id": CHARGER, "connector_id": 2}))
        .await;
    assert_eq!(status, 201, "{session}");
    let path = format!("/api/v1/sessions/{}", session["id"].as_str().unwrap());
    let charging = app.wait_for(&path, "charging", |s| s["status"] == "charging").await;
    let transaction_id = charging["transaction_id"].as_i64().unwrap();
    let remote_stop = json!({"command": "RemoteStopTransaction", "transaction_id": transaction_id});
    assert_eq!(ok(&app, remote_stop.clone()).await["status"], "Accepted");
    app.wait_for(&path, "completed", |s| s["status"] == "completed").await;
    assert_eq!(
        ok(&app, remote_stop).await["status"],
        "Rejected",
        "no such transaction any more"
    );

    let _ = stop.send(true);
    let _ = sim.await;
}

#[tokio::test]
async fn bad_commands_are_refused_naming_the_field() {
    let app = TestApp::start().await;
    let cases = [
        (json!({"command": "Reset", "type": "Medium"}), "type"),
        (json!({"command": "Reboot"}), "Reboot"),
        (json!({"command": "UnlockConnector"}), "connector_id"),
        // OCPP 1.6: connectorId > 0 (connector 0, the whole charger, has no lock).
        (
            json!({"command": "UnlockConnector", "connector_id": 0}),
            "/connector_id: must be greater than 0",
        ),
        (
            json!({"command": "RemoteStartTransaction", "id_tag": "X".repeat(21)}),
            "id_tag",
        ),
        (
            json!({"command": "SetChargingProfile", "connector_id": 1, "cs_charging_profiles": {"chargingProfileId": 1}}),
            "cs_charging_profiles",
        ),
    ];
    for (body, field) in cases {
        let (status, problem) = command(&app, CHARGER, body.clone()).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (400, Some("invalid_request")),
            "{body}"
        );
        assert!(
            problem["detail"].as_str().unwrap().contains(field),
            "{body} → {problem}"
        );
    }
    let (status, problem) = command(&app, "NOPE", json!({"command": "ClearCache"})).await;
    assert_eq!((status, problem["code"].as_str()), (404, Some("charger_not_found")));
    let (status, problem) = command(&app, CHARGER, json!({"command": "ClearCache"})).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("charger_offline")),
        "{problem}"
    );
}

#[tokio::test]
async fn callerror_timeout_and_invalid_replies_from_the_charger() {
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;

    // CALLERROR → 502 with the OCPP error code.
    let ((status, problem), ()) = tokio::join!(command(&app, CHARGER, json!({"command": "ClearCache"})), async {
        let Frame::Call { id, action, .. } = charger.recv().await else {
            panic!("expected a CALL")
        };
        assert_eq!(action, "ClearCache");
        charger
            .send_text(&json!([4, id, "NotSupported", "no cache here", {}]).to_string())
            .await;
    });
    assert_eq!(
        (status, problem["code"].as_str()),
        (502, Some("charger_rejected")),
        "{problem}"
    );
    assert_eq!(problem["ocpp_error_code"], "NotSupported");

    // An answer that is not the OCPP response → 502.
    let ((status, problem), _) = tokio::join!(
        command(&app, CHARGER, json!({"command": "GetLocalListVersion"})),
        charger.answer_next_call("GetLocalListVersion", json!({"version": "three"}))
    );
    assert_eq!(
        (status, problem["code"].as_str()),
        (502, Some("charger_rejected")),
        "{problem}"
    );
    assert!(problem["detail"].as_str().unwrap().contains("listVersion"), "{problem}");

    // A reply that breaks the OCPP 1.6 response schema → 502 naming the field and the rule.
    let ((status, problem), _) = tokio::join!(
        command(&app, CHARGER, json!({"command": "Reset", "type": "Soft"})),
        charger.answer_next_call("Reset", json!({"status": "Done"}))
    );
    assert_eq!(
        (status, problem["code"].as_str()),
        (502, Some("charger_rejected")),
        "{problem}"
    );
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("Reset: /status: \"Done\" is not one of"), "{problem}");

    // No answer within the call timeout (5 s in tests) → 504.
    let ((status, problem), _) = tokio::join!(command(&app, CHARGER, json!({"command": "ClearCache"})), async {
        let Frame::Call { action, .. } = charger.recv().await else {
            panic!("expected a CALL")
        };
        assert_eq!(action, "ClearCache");
    });
    assert_eq!(
        (status, problem["code"].as_str()),
        (504, Some("charger_timeout")),
        "{problem}"
    );

    // Calls queue: the second goes out only after the first is answered.
    let answer_both = async {
        charger
            .answer_next_call("ClearCache", json!({"status": "Accepted"}))
            .await;
        charger
            .answer_next_call("ClearCache", json!({"status": "Rejected"}))
            .await;
    };
    let (first, second, ()) = tokio::join!(
        command(&app, CHARGER, json!({"command": "ClearCache"})),
        command(&app, CHARGER, json!({"command": "ClearCache"})),
        answer_both
    );
    let mut statuses = [
        first.1["response"]["status"].clone(),
        second.1["response"]["status"].clone(),
    ];
    statuses.sort_by_key(|s| s.to_string());
    assert_eq!(statuses, [json!("Accepted"), json!("Rejected")]);
}

#[tokio::test]
async fn a_charger_that_goes_away_during_a_call_is_offline_at_once() {
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    let path = format!("/api/v1/chargers/{CHARGER}/commands");

    // One call in flight when the charger disconnects, another sent meanwhile (queued behind
    // it, or finding the charger gone): both are answered as offline, not after the call
    // timeout as 504.
    let in_flight = app.spawn_post(&path, json!({"command": "ClearCache"}));
    let Frame::Call { action, .. } = charger.recv().await else {
        panic!("expected a CALL")
    };
    assert_eq!(action, "ClearCache");
    let queued = app.spawn_post(&path, json!({"command": "GetLocalListVersion"}));
    charger.disconnect().await;
    for answer in [in_flight, queued] {
        let (status, problem) = answer.await.unwrap();
        assert_eq!(
            (status, problem["code"].as_str()),
            (409, Some("charger_offline")),
            "{problem}"
        );
        assert!(problem["detail"].as_str().unwrap().contains(CHARGER), "{problem}");
    }
    let (status, problem) = command(&app, CHARGER, json!({"command": "ClearCache"})).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("charger_offline")),
        "{problem}"
    );
}
