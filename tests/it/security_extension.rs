//! The OCA's "Improved security for OCPP 1.6-J" extension over a real OCPP 1.6J WebSocket: a
//! charger's SecurityEventNotification stored in its log, its status notifications and
//! SignCertificate answered, and the operations API sending GetLog and ExtendedTriggerMessage
//! to a scripted charger that answers.

use ladeklar_ocpp::Frame;
use serde_json::json;

use crate::support::{ScriptedCharger, TestApp};

const CHARGER: &str = "STAVANGER-VAAGEN-AC1";

#[tokio::test]
async fn a_security_event_is_stored_in_the_charger_log_and_the_notifications_are_answered() {
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;

    let answer = charger
        .call_ok(
            "SecurityEventNotification",
            json!({"type": "InvalidFirmwareSignature", "timestamp": "2026-11-24T10:05:00Z",
                "techInfo": "signature of 2.4.0.bin does not verify"}),
        )
        .await;
    assert_eq!(answer, json!({}));
    let answer = charger
        .call_ok(
            "SecurityEventNotification",
            json!({"type": "SettingSystemTime", "timestamp": "2026-11-24T10:06:00Z"}),
        )
        .await;
    assert_eq!(answer, json!({}));
    for (action, payload) in [
        ("LogStatusNotification", json!({"status": "Uploading", "requestId": 17})),
        (
            "SignedFirmwareStatusNotification",
            json!({"status": "SignatureVerified", "requestId": 23}),
        ),
    ] {
        assert_eq!(charger.call_ok(action, payload).await, json!({}), "{action}");
    }
    // Not a certificate signing request: refused by the CA, and the refusal logged.
    let signed = charger
        .call_ok(
            "SignCertificate",
            json!({"csr": "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n"}),
        )
        .await;
    assert_eq!(signed, json!({"status": "Rejected"}));
    // A schema violation gets its CALLERROR, as for every other message.
    match charger
        .call(
            "SecurityEventNotification",
            json!({"timestamp": "2026-11-24T10:07:00Z"}),
        )
        .await
    {
        Frame::CallError { code, description, .. } => {
            assert_eq!(code, "OccurenceConstraintViolation", "{description}");
            assert!(description.contains("/type"), "{description}");
        }
        other => panic!("a SecurityEventNotification without a type is refused: {other:?}"),
    }

    let (status, log) = app.get(&format!("/api/v1/chargers/{CHARGER}/log?limit=100")).await;
    assert_eq!(status, 200, "{log}");
    let events: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["direction"] == "event")
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert!(
        events.contains(
            &"security event InvalidFirmwareSignature at 2026-11-24T10:05:00Z: signature of 2.4.0.bin does not verify"
        ),
        "{events:?}"
    );
    assert!(
        events.contains(&"security event SettingSystemTime at 2026-11-24T10:06:00Z"),
        "{events:?}"
    );
    assert!(
        events.iter().any(|e| e.starts_with("SignCertificate rejected: ")),
        "{events:?}"
    );
}

#[tokio::test]
async fn the_operations_api_sends_get_log_and_extended_trigger_message() {
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    let path = format!("/api/v1/chargers/{CHARGER}/commands");

    let sent = app.spawn_post(
        &path,
        json!({"command": "GetLog", "log_type": "SecurityLog", "request_id": 17, "retries": 1,
            "log": {"remoteLocation": "https://ocpp.ladeklar.no/uploads/logs/", "oldestTimestamp": "2026-11-20T00:00:00Z"}}),
    );
    let received = charger
        .answer_next_call("GetLog", json!({"status": "Accepted", "filename": "security.log"}))
        .await;
    assert_eq!(
        received,
        json!({"logType": "SecurityLog", "requestId": 17, "retries": 1,
            "log": {"remoteLocation": "https://ocpp.ladeklar.no/uploads/logs/", "oldestTimestamp": "2026-11-20T00:00:00Z"}})
    );
    let (status, reply) = sent.await.unwrap();
    assert_eq!(status, 200, "{reply}");
    assert_eq!(
        (reply["action"].as_str(), &reply["response"]),
        (
            Some("GetLog"),
            &json!({"status": "Accepted", "filename": "security.log"})
        )
    );

    let sent = app.spawn_post(
        &path,
        json!({"command": "ExtendedTriggerMessage", "requested_message": "StatusNotification", "connector_id": 2}),
    );
    let received = charger
        .answer_next_call("ExtendedTriggerMessage", json!({"status": "Accepted"}))
        .await;
    assert_eq!(
        received,
        json!({"requestedMessage": "StatusNotification", "connectorId": 2})
    );
    let (status, reply) = sent.await.unwrap();
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["response"], json!({"status": "Accepted"}));

    // A reply outside the extension's schema is the charger's fault: 502, named.
    let sent = app.spawn_post(
        &path,
        json!({"command": "ExtendedTriggerMessage", "requested_message": "SignChargePointCertificate"}),
    );
    charger
        .answer_next_call("ExtendedTriggerMessage", json!({"status": "Maybe"}))
        .await;
    let (status, problem) = sent.await.unwrap();
    assert_eq!(
        (status, problem["code"].as_str()),
        (502, Some("charger_rejected")),
        "{problem}"
    );

    // A request outside the schema is refused before anything is sent.
    let (status, problem) = app
        .post(
            &path,
            json!({"command": "GetLog", "log_type": "SecurityLog", "request_id": 1, "log": {}}),
        )
        .await;
    assert_eq!(status, 400, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("/log/remoteLocation"),
        "{problem}"
    );
}
