//! gzip for clients that ask: lists and the UI's files compressed, the live view's
//! Server-Sent Events never (a compressed stream would hold events back).

use crate::support::TestApp;

#[tokio::test]
async fn lists_are_gzipped_for_clients_that_ask_and_live_views_are_not() {
    let app = TestApp::start().await;
    let list = app
        .http
        .get(app.url("/api/v1/chargers?lat=59.91&lon=10.75"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    assert_eq!(
        list.headers().get("content-encoding").map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    let plain = app
        .http
        .get(app.url("/api/v1/chargers?lat=59.91&lon=10.75"))
        .send()
        .await
        .unwrap();
    assert!(
        plain.headers().get("content-encoding").is_none(),
        "no gzip unless asked"
    );

    // A session started without an account, followed live with gzip asked for.
    let mut charger = crate::support::ScriptedCharger::connect(&app.ws_base(), "OSLO-STORO-AC1").await;
    charger.boot(&[1]).await;
    app.wait_for_connector("OSLO-STORO-AC1", 1, "available").await;
    let start = reqwest::Client::new()
        .post(app.url("/api/v1/sessions"))
        .json(&serde_json::json!({"charger_id": "OSLO-STORO-AC1", "connector_id": 1}));
    let started = tokio::spawn(async move { start.send().await.unwrap().json::<serde_json::Value>().await.unwrap() });
    charger
        .answer_next_call("RemoteStartTransaction", serde_json::json!({"status": "Accepted"}))
        .await;
    let session = started.await.unwrap();
    let id = session["id"].as_str().expect("session id");
    let mut live = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/sessions/{id}/live")))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), 200);
    assert!(live.headers().get("content-encoding").is_none(), "{:?}", live.headers());
    let first = live.chunk().await.unwrap().expect("the first event");
    assert!(String::from_utf8_lossy(&first).contains("event: session"));
}
