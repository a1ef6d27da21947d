//! The central system's side of OCPP-J: refused upgrades, CALLERRORs for bad frames that
//! leave the connection up, and a close (never a panic or a stuck connection) for frames
//! that break the WebSocket framing itself.

use ladeklar_ocpp::Frame;
use serde_json::json;

use crate::support::{ScriptedCharger, TestApp};

#[tokio::test]
async fn upgrades_for_unregistered_chargers_or_without_ocpp16_are_refused() {
    let app = TestApp::start().await;
    assert_eq!(
        ScriptedCharger::try_connect(&app.ws_base(), "NOT-REGISTERED", Some("ocpp1.6"))
            .await
            .err(),
        Some(404)
    );
    assert_eq!(
        ScriptedCharger::try_connect(&app.ws_base(), "OSLO-STORO-DC1", None)
            .await
            .err(),
        Some(400)
    );
    assert_eq!(
        ScriptedCharger::try_connect(&app.ws_base(), "OSLO-STORO-DC1", Some("ocpp2.0.1"))
            .await
            .err(),
        Some(400)
    );
    assert!(
        ScriptedCharger::try_connect(&app.ws_base(), "OSLO-STORO-DC1", Some("ocpp1.6"))
            .await
            .is_ok()
    );
}

fn error_code(frame: &Frame) -> (&str, &str) {
    match frame {
        Frame::CallError { id, code, .. } => (id, code),
        other => panic!("expected CALLERROR, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_frames_get_the_matching_callerror_and_the_connection_stays_up() {
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), "OSLO-MAJORSTUEN-AC1").await;

    charger.send_text("this is not json").await;
    let f = charger.recv().await;
    assert_eq!(error_code(&f), ("-1", "FormationViolation"));

    charger.send_text(r#"[2, "m1", "Heartbeat"]"#).await;
    assert_eq!(error_code(&charger.recv().await), ("m1", "FormationViolation"));

    let f = charger.call("FlyToTheMoon", json!({})).await;
    assert_eq!(error_code(&f).1, "NotImplemented");

    let f = charger
        .call(
            "StartTransaction",
            json!({"connectorId": 1, "meterStart": 0, "timestamp": "2026-11-24T10:00:00Z"}),
        )
        .await;
    assert_eq!(error_code(&f).1, "OccurenceConstraintViolation");

    let f = charger
        .call(
            "StatusNotification",
            json!({"connectorId": "one", "errorCode": "NoError", "status": "Available"}),
        )
        .await;
    assert_eq!(error_code(&f).1, "TypeConstraintViolation");

    let f = charger
        .call(
            "StatusNotification",
            json!({"connectorId": 1, "errorCode": "NoError", "status": "Sleeping"}),
        )
        .await;
    assert_eq!(error_code(&f).1, "PropertyConstraintViolation");

    let f = charger
        .call("Authorize", json!({"idTag": "A-TAG-LONGER-THAN-TWENTY-CHARS"}))
        .await;
    assert_eq!(error_code(&f).1, "PropertyConstraintViolation");

    // Checked against the OCPP 1.6 schema: a field the message does not have, a date-time
    // without a time zone.
    let f = charger.call("Heartbeat", json!({"uptime": 12})).await;
    assert_eq!(error_code(&f).1, "FormationViolation");
    let f = charger
        .call(
            "StatusNotification",
            json!({"connectorId": 1, "errorCode": "NoError", "status": "Available",
                "timestamp": "2026-11-24T10:00:00"}),
        )
        .await;
    assert_eq!(error_code(&f).1, "PropertyConstraintViolation");

    // Still connected and served.
    let heartbeat = charger.call_ok("Heartbeat", json!({})).await;
    assert!(heartbeat["currentTime"].as_str().is_some());
    // The refused StatusNotification changed nothing.
    let detail = app.get("/api/v1/chargers/OSLO-MAJORSTUEN-AC1").await.1;
    assert_eq!(detail["connectors"][0]["status"], "unknown");
    assert_eq!(detail["online"], true);
}

/// A text frame over the 64 KiB limit, and a text frame that is not UTF-8, end that
/// connection; the charger can connect again and is served, and so are the others.
#[tokio::test]
async fn oversize_and_non_utf8_frames_close_the_connection_and_nothing_else() {
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    use tokio_tungstenite::tungstenite::protocol::frame::Frame as WsFrame;
    use tokio_tungstenite::tungstenite::Message;

    let app = TestApp::start().await;
    let mut bystander = ScriptedCharger::connect(&app.ws_base(), "OSLO-STORO-AC1").await;

    let mut charger = ScriptedCharger::connect(&app.ws_base(), "OSLO-MAJORSTUEN-AC1").await;
    let huge = format!(
        r#"[2,"big","DataTransfer",{{"vendorId":"x","data":"{}"}}]"#,
        "A".repeat(100 * 1024)
    );
    charger.send_text(&huge).await;
    let how = charger.ended().await;
    println!("oversize frame: {how}");

    let mut charger = ScriptedCharger::connect(&app.ws_base(), "OSLO-MAJORSTUEN-AC1").await;
    let not_utf8 = WsFrame::message(vec![b'[', 0xff, 0xfe, b']'], OpCode::Data(Data::Text), true);
    charger.send_message(Message::Frame(not_utf8)).await;
    let how = charger.ended().await;
    println!("invalid UTF-8: {how}");

    let mut charger = ScriptedCharger::connect(&app.ws_base(), "OSLO-MAJORSTUEN-AC1").await;
    assert!(charger.call_ok("Heartbeat", json!({})).await["currentTime"].is_string());
    assert!(bystander.call_ok("Heartbeat", json!({})).await["currentTime"].is_string());
    assert_eq!(app.get("/api/v1/chargers/OSLO-MAJORSTUEN-AC1").await.1["online"], true);
}
