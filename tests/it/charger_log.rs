//! The charger log: every frame in and out and connection events, per charger, trimmed to
//! the configured limit, readable through the API.

use serde_json::json;

use crate::support::{wait_until, ScriptedCharger, TestApp};

const CHARGER: &str = "TROMSO-SENTRUM-AC1";

#[tokio::test]
async fn frames_in_and_out_and_connection_events_are_logged_newest_first() {
    let app = TestApp::start().await;
    let refused = ScriptedCharger::try_connect_with(&app.ws_base(), CHARGER, Some("ocpp1.6"), None).await;
    assert_eq!(refused.err(), Some(401));
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.call_ok("Heartbeat", json!({})).await;
    charger.send_text("not json").await;
    charger.recv().await;

    let (status, log) = app.get(&format!("/api/v1/chargers/{CHARGER}/log")).await;
    assert_eq!(status, 200, "{log}");
    let entries = log["entries"].as_array().unwrap();
    let lines: Vec<(String, String)> = entries
        .iter()
        .rev()
        .map(|e| {
            (
                e["direction"].as_str().unwrap().into(),
                e["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        lines[0].0 == "event" && lines[0].1.contains("refused (401)"),
        "{lines:?}"
    );
    assert!(lines[1].1.contains("opened"), "{lines:?}");
    assert_eq!(lines[2].0, "in");
    assert!(lines[2].1.contains("\"Heartbeat\""));
    assert_eq!(lines[3].0, "out");
    assert!(lines[3].1.starts_with("[3,"));
    assert_eq!(lines[4], ("in".into(), "not json".into()));
    assert!(lines[5].1.contains("FormationViolation"));

    let (status, body) = app.get("/api/v1/chargers/NOPE/log").await;
    assert_eq!((status, body["code"].as_str()), (404, Some("charger_not_found")));
    let (status, body) = app.get(&format!("/api/v1/chargers/{CHARGER}/log?limit=0")).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_request")));
}

#[tokio::test]
async fn the_log_is_trimmed_to_the_limit_per_charger() {
    let app = TestApp::start().await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    // Config::for_tests keeps 1000 entries per charger; 600 heartbeats make 1201 entries.
    for _ in 0..600 {
        charger.call_ok("Heartbeat", json!({})).await;
    }
    let total = app.server.store().charger_log(CHARGER, 10_000).await.unwrap().len();
    assert!((1000..1000 + 16).contains(&total), "{total} entries kept");
    let (_, other) = app.get("/api/v1/chargers/OSLO-STORO-DC1/log").await;
    assert_eq!(other["entries"], json!([]), "logs are per charger");
}

#[tokio::test]
async fn every_frame_in_moves_last_heard_forward() {
    let app = TestApp::start().await;
    let detail = format!("/api/v1/chargers/{CHARGER}");
    let last_heard = |body: &serde_json::Value| {
        let raw = body["last_heard_at"].as_str().map(str::to_owned);
        raw.map(|t| chrono::DateTime::parse_from_rfc3339(&t).unwrap())
    };
    let (_, before) = app.get(&detail).await;
    assert_eq!(last_heard(&before), None, "never heard before connecting: {before}");

    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    let sent = chrono::Utc::now() - chrono::Duration::milliseconds(1);
    charger.call_ok("Heartbeat", json!({})).await;
    let (_, first) = app.get(&detail).await;
    let first = last_heard(&first).expect("heard after a Heartbeat");
    assert!(first >= sent, "{first} is before the Heartbeat was sent ({sent})");

    // Instants are kept to the millisecond: a frame can only be seen to move last heard
    // forward once the clock (the server's is this process's) has passed the first by one.
    let next_millisecond = first + chrono::Duration::milliseconds(1);
    wait_until("the clock passes the first last-heard instant", || {
        chrono::Utc::now() >= next_millisecond
    })
    .await;
    // A frame the central system refuses is still a sign of life.
    charger.send_text("not json").await;
    charger.recv().await;
    let (_, second) = app.get(&detail).await;
    let second = last_heard(&second).expect("still heard");
    assert!(second > first, "last heard {second} did not move past {first}");
}
