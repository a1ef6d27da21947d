//! Bad input gets a clear answer naming what was wrong, and changes nothing.

use ladeklar_ocpp::Frame;
use serde_json::json;

use crate::support::{ScriptedCharger, TestApp};

#[tokio::test]
async fn unknown_ids_are_404_problems_naming_the_id() {
    let app = TestApp::start().await;
    let (status, body) = app.get("/api/v1/chargers/NO-SUCH-CHARGER").await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "charger_not_found");
    assert!(body["detail"].as_str().unwrap().contains("NO-SUCH-CHARGER"), "{body}");

    let missing = uuid::Uuid::new_v4();
    for path in [
        format!("/api/v1/sessions/{missing}"),
        format!("/api/v1/sessions/{missing}/receipt"),
        "/api/v1/sessions/not-a-session-id".to_string(),
    ] {
        let (status, body) = app.get(&path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["code"], "session_not_found", "{path}");
    }
    let (status, body) = app.post(&format!("/api/v1/sessions/{missing}/stop"), json!({})).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("session_not_found")));

    let (status, body) = app
        .post("/api/v1/sessions", json!({"charger_id": "NOPE", "connector_id": 1}))
        .await;
    assert_eq!((status, body["code"].as_str()), (404, Some("charger_not_found")));
    let (status, body) = app
        .post(
            "/api/v1/sessions",
            json!({"charger_id": "OSLO-STORO-DC1", "connector_id": 9}),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (404, Some("connector_not_found")));
    assert!(body["detail"].as_str().unwrap().contains("connector 9"), "{body}");
}

#[tokio::test]
async fn malformed_requests_are_400_problems_naming_the_field() {
    let app = TestApp::start().await;
    let (status, body) = app
        .post("/api/v1/sessions", json!({"charger_id": "OSLO-STORO-DC1"}))
        .await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_request")));
    assert!(body["detail"].as_str().unwrap().contains("connector_id"), "{body}");

    let (status, body) = app
        .post(
            "/api/v1/sessions",
            json!({"charger_id": "OSLO-STORO-DC1", "connector_id": "one"}),
        )
        .await;
    assert_eq!(status, 400, "{body}");

    let r = app
        .http
        .post(app.url("/api/v1/sessions"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");

    let (status, body) = app.get("/api/v1/chargers?lat=200&lon=10").await;
    assert_eq!(status, 400);
    assert!(body["detail"].as_str().unwrap().contains("latitude"), "{body}");
    let (status, body) = app.get("/api/v1/chargers?lat=59.9").await;
    assert_eq!(status, 400);
    assert!(body["detail"].as_str().unwrap().contains("lon"), "{body}");
    let (status, _) = app.get("/api/v1/chargers?lat=59.9&lon=10.7&limit=0").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn starting_where_it_cannot_start_is_409_saying_why_and_creates_nothing() {
    let app = TestApp::start().await;
    // Offline: nothing connected for this charger.
    let (status, body) = app
        .post(
            "/api/v1/sessions",
            json!({"charger_id": "OSLO-STORO-DC2", "connector_id": 1}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("charger_offline")),
        "{body}"
    );

    let mut charger = ScriptedCharger::connect(&app.ws_base(), "OSLO-STORO-DC2").await;
    charger.boot(&[1]).await;
    charger.status(2, "Faulted", "GroundFailure").await;
    app.wait_for_connector("OSLO-STORO-DC2", 2, "faulted").await;
    let (status, body) = app
        .post(
            "/api/v1/sessions",
            json!({"charger_id": "OSLO-STORO-DC2", "connector_id": 2}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("connector_faulted")),
        "{body}"
    );
    let detail = app.get("/api/v1/chargers/OSLO-STORO-DC2").await.1;
    assert_eq!(detail["connectors"][1]["error_code"], "GroundFailure");

    // Occupied: a session is under way on connector 1 (started with an RFID tag at the charger).
    charger
        .call_ok("StartTransaction", json!({"connectorId": 1, "idTag": "RFID-0042", "meterStart": 100, "timestamp": chrono::Utc::now().to_rfc3339()}))
        .await;
    charger.status(1, "Charging", "NoError").await;
    app.wait_for_connector("OSLO-STORO-DC2", 1, "charging").await;
    let (status, body) = app
        .post(
            "/api/v1/sessions",
            json!({"charger_id": "OSLO-STORO-DC2", "connector_id": 1}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("connector_occupied")),
        "{body}"
    );

    // The refused start changed nothing: the connector still shows the RFID session.
    let (status, started) = app.get("/api/v1/chargers/OSLO-STORO-DC2").await;
    assert_eq!(status, 200);
    assert_eq!(
        started["connectors"][0]["status"], "charging",
        "the refused start changed nothing"
    );
}

#[tokio::test]
async fn a_receipt_before_completion_is_409_and_a_rejected_start_fails_the_session() {
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), "BERGEN-BRYGGEN-AC1").await;
    charger.boot(&[1, 2]).await;
    app.wait_for_connector("BERGEN-BRYGGEN-AC1", 1, "available").await;
    let start = app.spawn_post(
        "/api/v1/sessions",
        json!({"charger_id": "BERGEN-BRYGGEN-AC1", "connector_id": 1}),
    );
    charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Rejected"}))
        .await;
    let (status, body) = start.await.unwrap();
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("charger_rejected")),
        "{body}"
    );
    // The connector is free again for the next attempt, which the charger accepts.
    let start = app.spawn_post(
        "/api/v1/sessions",
        json!({"charger_id": "BERGEN-BRYGGEN-AC1", "connector_id": 1}),
    );
    charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    let (status, session) = start.await.unwrap();
    assert_eq!(status, 201, "{session}");
    let id = session["id"].as_str().unwrap();
    let (status, body) = app.get(&format!("/api/v1/sessions/{id}/receipt")).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("session_not_completed")));
    let (status, body) = app.post(&format!("/api/v1/sessions/{id}/stop"), json!({})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("session_not_active")),
        "a pending session has no transaction to stop"
    );
}

#[tokio::test]
async fn a_start_answered_with_a_callerror_is_502_with_its_ocpp_code_like_a_command() {
    // The same CallFailure → problem mapping as POST /chargers/{id}/commands.
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), "BERGEN-BRYGGEN-AC1").await;
    charger.boot(&[1, 2]).await;
    app.wait_for_connector("BERGEN-BRYGGEN-AC1", 1, "available").await;
    let start = app.spawn_post(
        "/api/v1/sessions",
        json!({"charger_id": "BERGEN-BRYGGEN-AC1", "connector_id": 1}),
    );
    let Frame::Call { id, action, .. } = charger.recv().await else {
        panic!("expected a CALL")
    };
    assert_eq!(action, "RemoteStartTransaction");
    charger
        .send_text(&json!([4, id, "InternalError", "relay stuck", {}]).to_string())
        .await;
    let (status, body) = start.await.unwrap();
    assert_eq!(
        (status, body["code"].as_str(), body["ocpp_error_code"].as_str()),
        (502, Some("charger_rejected"), Some("InternalError")),
        "{body}"
    );
    // The failed start freed the connector: the next attempt goes through.
    let start = app.spawn_post(
        "/api/v1/sessions",
        json!({"charger_id": "BERGEN-BRYGGEN-AC1", "connector_id": 1}),
    );
    charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    let (status, session) = start.await.unwrap();
    assert_eq!(status, 201, "{session}");
}
