//! Rotating a charger's password (issue 13, Security Profiles 1–2): a ChangeConfiguration of
//! AuthorizationKey through the operations API keeps the new key beside the old until the
//! charger connects with it — a lost answer never locks the charger out — and then the old
//! one stops opening. The schedule (`--password-rotation-days`) does the same by itself.

use chrono::TimeDelta;
use ladeklar_ocpp::Frame;
use ladeklar_server::password_rotation::Round;
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

/// The schedule: a password that has served its period gets a new random key from the node
/// the charger is connected to; the key stays pending — never replaced by another — until the
/// charger connects with it, which starts a new period and retires the old one.
#[tokio::test]
async fn the_schedule_rotates_a_password_once_it_has_served_its_period() {
    let app = TestApp::start_with(|c| c.password_rotation_days = Some(30)).await;
    let old = ladeklar_server::demo::charger_password(CHARGER);
    let mut charger = connects(&app, &old).await.expect("the old key opens");
    charger.boot(&[1]).await;
    assert_eq!(
        app.server.rotate_due_passwords().await.unwrap(),
        Round::default(),
        "not due yet"
    );

    app.server.clock().advance(TimeDelta::days(31));
    let (round, sent) = tokio::join!(
        app.server.rotate_due_passwords(),
        charger.answer_next_call("ChangeConfiguration", json!({"status": "Accepted"}))
    );
    assert_eq!(
        round.unwrap(),
        Round {
            accepted: 1,
            ..Round::default()
        }
    );
    assert_eq!(sent["key"], "AuthorizationKey");
    let new_key = sent["value"].as_str().expect("a key").to_owned();
    assert!(new_key.len() == 40 && new_key != old, "{new_key}");

    // Pending: no second key, however long the charger takes to use the first.
    app.server.clock().advance(TimeDelta::days(60));
    assert_eq!(app.server.rotate_due_passwords().await.unwrap(), Round::default());
    assert!(charger
        .recv_within(std::time::Duration::from_millis(200))
        .await
        .is_none());
    charger.disconnect().await;

    let mut charger = connects(&app, &new_key).await.expect("the new key opens");
    charger.boot(&[1]).await;
    assert_eq!(connects(&app, &old).await.err(), Some(401), "the old key is retired");
    // A new period starts when the charger uses the new key.
    assert_eq!(app.server.rotate_due_passwords().await.unwrap(), Round::default());
    app.server.clock().advance(TimeDelta::days(31));
    let (round, _) = tokio::join!(
        app.server.rotate_due_passwords(),
        charger.answer_next_call("ChangeConfiguration", json!({"status": "Rejected"}))
    );
    assert_eq!(
        round.unwrap(),
        Round {
            refused: 1,
            ..Round::default()
        }
    );
    charger.disconnect().await;
    connects(&app, &new_key)
        .await
        .expect("a refused key leaves the password as it was")
        .disconnect()
        .await;
    // The operator reads each step in the charger's log (signed in afresh: months have passed).
    let admin = crate::support::signed_in_client(&app.server, reqwest::Client::builder(), crate::support::ADMIN).await;
    let log: serde_json::Value = admin
        .get(app.url(&format!("/api/v1/chargers/{CHARGER}/log?limit=100")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for step in ["the charger accepted", "the charger refused"] {
        assert!(
            log.to_string()
                .contains(&format!("scheduled password rotation: {step}")),
            "{log}"
        );
    }
}

/// A scheduled key whose answer is lost stays pending beside the old password: the charger
/// opens with either, and the schedule sends no other key meanwhile.
#[tokio::test]
async fn a_scheduled_key_without_an_answer_locks_nobody_out() {
    let app = TestApp::start_with(|c| {
        c.password_rotation_days = Some(90);
        c.call_timeout_s = 1;
    })
    .await;
    let old = ladeklar_server::demo::charger_password(CHARGER);
    let mut charger = connects(&app, &old).await.expect("the old key opens");
    charger.boot(&[1]).await;
    app.server.clock().advance(TimeDelta::days(91));
    let (round, call) = tokio::join!(app.server.rotate_due_passwords(), charger.recv());
    assert_eq!(
        round.unwrap(),
        Round {
            unanswered: 1,
            ..Round::default()
        }
    );
    let Frame::Call { payload, .. } = call else {
        panic!("expected the ChangeConfiguration, got {call:?}")
    };
    let new_key = payload["value"].as_str().expect("a key").to_owned();
    assert_eq!(
        app.server.rotate_due_passwords().await.unwrap(),
        Round::default(),
        "pending"
    );
    charger.disconnect().await;
    connects(&app, &old)
        .await
        .expect("the old key still opens")
        .disconnect()
        .await;
    connects(&app, &new_key)
        .await
        .expect("the unanswered key opens")
        .disconnect()
        .await;
    assert_eq!(connects(&app, &old).await.err(), Some(401));
}
