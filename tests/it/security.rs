//! Charger registry and security: HTTP Basic auth on the upgrade (Security Profile 1), an
//! identity takeover refused without the password (SteVe#4), an authenticated reconnect
//! replacing the old connection, and BootNotification answered by registry state.

use ladeklar_server::{NewCharger, NewConnector, Registration};
use serde_json::json;

use crate::support::{ScriptedCharger, TestApp};

const CHARGER: &str = "OSLO-STORO-DC1";

#[tokio::test]
async fn upgrades_without_the_right_credentials_are_refused_with_401() {
    let app = TestApp::start().await;
    let ws = app.ws_base();
    let password = ladeklar_server::demo::charger_password(CHARGER);
    let attempts: [(Option<(&str, &str)>, &str); 4] = [
        (None, "no credentials"),
        (Some((CHARGER, "wrong-password-0000")), "wrong password"),
        (Some(("OSLO-STORO-DC2", &password)), "another charger's name"),
        (Some((CHARGER, "")), "empty password"),
    ];
    for (credentials, what) in attempts {
        let refused = ScriptedCharger::try_connect_with(&ws, CHARGER, Some("ocpp1.6"), credentials).await;
        assert_eq!(refused.err(), Some(401), "{what}");
    }
    // Another charger's password does not open this one.
    let other = ladeklar_server::demo::charger_password("OSLO-STORO-DC2");
    let refused = ScriptedCharger::try_connect_with(&ws, CHARGER, Some("ocpp1.6"), Some((CHARGER, &other))).await;
    assert_eq!(refused.err(), Some(401));
    let mut charger = ScriptedCharger::try_connect_with(&ws, CHARGER, Some("ocpp1.6"), Some((CHARGER, &password)))
        .await
        .expect("the right password is accepted");
    charger.boot(&[1]).await;
}

#[tokio::test]
async fn a_charger_without_a_password_cannot_connect() {
    let app = TestApp::start().await;
    let now = chrono::Utc::now();
    app.server
        .store()
        .insert_charger(
            &NewCharger {
                id: "NO-PASSWORD-1",
                site_id: "oslo-storo",
                vendor: "Test",
                model: "Test",
                connectors: vec![NewConnector {
                    connector_id: 1,
                    standard: "type2",
                    power_type: "ac",
                    max_power_kw: 22,
                }],
                password_hash: None,
                registration: Registration::Accepted,
            },
            now,
        )
        .await
        .unwrap();
    let refused = ScriptedCharger::try_connect_with(
        &app.ws_base(),
        "NO-PASSWORD-1",
        Some("ocpp1.6"),
        Some(("NO-PASSWORD-1", "anything-at-all-00")),
    )
    .await;
    assert_eq!(refused.err(), Some(401));
}

/// SteVe#4: a second connection with the same identity silently replaced the first.
#[tokio::test]
async fn identity_takeover_without_the_password_is_refused_and_the_charger_stays_connected() {
    let app = TestApp::start().await;
    let ws = app.ws_base();
    let mut genuine = ScriptedCharger::connect(&ws, CHARGER).await;
    genuine.boot(&[1, 2]).await;
    app.wait_for_connector(CHARGER, 1, "available").await;

    for credentials in [None, Some((CHARGER, "guessed-password-123"))] {
        let hijack = ScriptedCharger::try_connect_with(&ws, CHARGER, Some("ocpp1.6"), credentials).await;
        assert_eq!(hijack.err(), Some(401));
    }
    // The genuine charger is still connected and served.
    let heartbeat = genuine.call_ok("Heartbeat", json!({})).await;
    assert!(heartbeat["currentTime"].is_string());
    assert_eq!(app.get(&format!("/api/v1/chargers/{CHARGER}")).await.1["online"], true);
}

#[tokio::test]
async fn an_authenticated_reconnect_replaces_the_old_connection_which_is_closed() {
    let app = TestApp::start().await;
    let ws = app.ws_base();
    let mut old = ScriptedCharger::connect(&ws, CHARGER).await;
    old.boot(&[1]).await;
    let mut new = ScriptedCharger::connect(&ws, CHARGER).await;
    let reason = old.closed_by_server().await;
    assert_eq!(reason.as_deref(), Some("replaced by a newer connection"));
    new.boot(&[1]).await;
    assert_eq!(app.get(&format!("/api/v1/chargers/{CHARGER}")).await.1["online"], true);
}

#[tokio::test]
async fn boot_notification_is_answered_by_registry_state_with_the_configured_intervals() {
    let app = TestApp::start().await;
    let store = app.server.store();
    let boot = json!({"chargePointVendor": "Test", "chargePointModel": "Script"});
    for (registration, status, interval) in [
        (Registration::Pending, "Pending", 60),
        (Registration::Rejected, "Rejected", 60),
        (Registration::Accepted, "Accepted", 300),
    ] {
        assert!(store.set_charger_registration(CHARGER, registration).await.unwrap());
        let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
        let answer = charger.call_ok("BootNotification", boot.clone()).await;
        assert_eq!(answer["status"], status, "{registration:?}");
        assert_eq!(answer["interval"], interval, "{registration:?}");
    }
}

/// Review finding: `POST /api/v1/sessions` let the client choose the id tag, and any tag on an
/// app-started session was accepted, so a Blocked RFID tag could start charging through the API.
#[tokio::test]
async fn a_client_cannot_choose_the_tag_of_an_app_session() {
    let app = TestApp::start().await;
    let store = app.server.store();
    store
        .set_token_status(
            "DEMO-RFID-0001",
            ladeklar_core::authorization::TokenStatus::Blocked,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    app.wait_for_connector(CHARGER, 1, "available").await;

    let (status, body) = app
        .post(
            "/api/v1/sessions",
            json!({"charger_id": CHARGER, "connector_id": 1, "id_tag": "DEMO-RFID-0001"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid_request")),
        "{body}"
    );
    assert!(body["detail"].as_str().unwrap().contains("id_tag"), "{body}");
    assert!(
        store.active_session_on(CHARGER, 1).await.unwrap().is_none(),
        "nothing created"
    );

    // Without a tag the server issues the session's own, which the charger is told to use.
    let start = app.spawn_post("/api/v1/sessions", json!({"charger_id": CHARGER, "connector_id": 1}));
    let remote_start = charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    let tag = remote_start["idTag"].as_str().unwrap();
    assert!(tag.starts_with("APP") && tag.len() <= 20, "{tag}");
    assert_eq!(start.await.unwrap().0, 201);

    // The blocked tag presented at the charger is answered Blocked.
    let info = charger.call_ok("Authorize", json!({"idTag": "DEMO-RFID-0001"})).await;
    assert_eq!(info["idTagInfo"]["status"], "Blocked");
}
