//! Rotating a charger's password (issue 13, Security Profiles 1–2): a ChangeConfiguration of
//! AuthorizationKey through the operations API keeps the new key beside the old until the
//! charger connects with it — a lost answer never locks the charger out — and then the old
//! one stops opening.

use serde_json::json;

use crate::support::{ScriptedCharger, TestApp};

const CHARGER: &str = "OSLO-MAJORSTUEN-AC2";
const NEW_KEY: &str = "rotated-key-0123456789";

async fn connects(app: &TestApp, password: &str) -> Result<ScriptedCharger, u16> {
    ScriptedCharger::try_connect_with(&app.ws_base(), CHARGER, Some("ocpp1.6"), Some((CHARGER, password))).await
}

#[tokio::test]
async fn the_new_key_opens_beside_the_old_until_the_charger_uses_it() {
    let app = TestApp::start().await;
    let old = ladeklar_server::demo::charger_password(CHARGER);
    let mut charger = connects(&app, &old).await.expect("the old key opens");
    charger.boot(&[1]).await;

    // A key the rules refuse is never sent.
    let (status, problem) = app
        .post(
            &format!("/api/v1/chargers/{CHARGER}/commands"),
            json!({"command": "ChangeConfiguration", "key": "AuthorizationKey", "value": "short"}),
        )
        .await;
    assert!(
        status == 400 && problem["detail"].as_str().unwrap().starts_with("value:"),
        "{problem}"
    );

    // The charger accepts, but the answer is lost (it never comes: the call times out).
    let sent = app.spawn_post(
        &format!("/api/v1/chargers/{CHARGER}/commands"),
        json!({"command": "ChangeConfiguration", "key": "AuthorizationKey", "value": NEW_KEY}),
    );
    let _ = charger.recv().await;
    charger.disconnect().await;
    let (status, _) = sent.await.unwrap();
    assert!(status == 409 || status == 504, "no answer: {status}");

    // Both keys open until the new one is used.
    connects(&app, &old)
        .await
        .expect("the old key still opens")
        .disconnect()
        .await;
    connects(&app, NEW_KEY)
        .await
        .expect("the new key opens")
        .disconnect()
        .await;
    // From then on only the new one does.
    assert_eq!(connects(&app, &old).await.err(), Some(401));
    connects(&app, NEW_KEY)
        .await
        .expect("the new key still opens")
        .disconnect()
        .await;
    let (_, log) = app.get(&format!("/api/v1/chargers/{CHARGER}/log?limit=100")).await;
    assert!(log.to_string().contains("the old password is retired"), "{log}");
}

#[tokio::test]
async fn a_refused_key_is_forgotten() {
    let app = TestApp::start().await;
    let old = ladeklar_server::demo::charger_password(CHARGER);
    let mut charger = connects(&app, &old).await.expect("the old key opens");
    charger.boot(&[1]).await;
    let sent = app.spawn_post(
        &format!("/api/v1/chargers/{CHARGER}/commands"),
        json!({"command": "ChangeConfiguration", "key": "AuthorizationKey", "value": NEW_KEY}),
    );
    charger
        .answer_next_call("ChangeConfiguration", json!({"status": "Rejected"}))
        .await;
    assert_eq!(sent.await.unwrap().0, 200);
    charger.disconnect().await;
    assert_eq!(
        connects(&app, NEW_KEY).await.err(),
        Some(401),
        "the refused key does not open"
    );
    connects(&app, &old)
        .await
        .expect("the old key still opens")
        .disconnect()
        .await;
}

/// The simulator takes a new AuthorizationKey and connects with it from its next connection:
/// the rotation end to end, as a charger in the field would do it.
#[tokio::test]
async fn a_simulated_charger_rotates_its_key_and_the_old_one_retires() {
    const SIMULATED: &str = "OSLO-MAJORSTUEN-AC3";
    let app = TestApp::start().await;
    let (_stop, rx) = tokio::sync::watch::channel(false);
    let sim = app.demo_simulator(
        SIMULATED,
        rust_decimal::Decimal::from(11),
        std::time::Duration::from_secs(60),
    );
    let handle = sim.handle();
    let task = tokio::spawn(sim.run_until(rx));
    app.wait_for_connector(SIMULATED, 1, "available").await;
    let (status, reply) = app
        .post(
            &format!("/api/v1/chargers/{SIMULATED}/commands"),
            json!({"command": "ChangeConfiguration", "key": "AuthorizationKey", "value": NEW_KEY}),
        )
        .await;
    assert_eq!(
        (status, &reply["response"]["status"]),
        (200, &json!("Accepted")),
        "{reply}"
    );
    // The key is write-only: GetConfiguration does not show it.
    let (_, keys) = app
        .post(
            &format!("/api/v1/chargers/{SIMULATED}/commands"),
            json!({"command": "GetConfiguration"}),
        )
        .await;
    assert!(!keys.to_string().contains(NEW_KEY), "{keys}");
    // The charger reconnects with its new key; the server retires the old one.
    handle.go_offline();
    crate::support::wait_until("the simulator is offline", || !handle.is_connected()).await;
    handle.go_online();
    crate::support::wait_until("the simulator is back", || handle.is_connected()).await;
    let old = ladeklar_server::demo::charger_password(SIMULATED);
    let refused =
        ScriptedCharger::try_connect_with(&app.ws_base(), SIMULATED, Some("ocpp1.6"), Some((SIMULATED, &old))).await;
    assert_eq!(refused.err(), Some(401), "the old key no longer opens");
    task.abort();
}
