//! Security Profile 2: with `--tls-cert` / `--tls-key` the server serves HTTPS and WSS only,
//! and chargers still authenticate with HTTP Basic auth on the upgrade. Each test makes its own
//! self-signed certificate (rcgen).

use std::time::Duration;

use chrono::{SubsecRound, Utc};
use ladeklar_server::{Config, Server, TlsError};
use rust_decimal_macros::dec;
use serde_json::json;

use crate::support::{decimal, self_signed_certificate, ConnectFailure, ScriptedCharger, TestApp};

const CHARGER: &str = "OSLO-STORO-DC1";

#[tokio::test]
async fn a_charger_with_its_password_boots_and_charges_over_wss() {
    let app = TestApp::start_tls().await;
    assert!(
        app.server.url().starts_with("https://127.0.0.1:"),
        "{}",
        app.server.url()
    );
    assert!(app.ws_base().starts_with("wss://127.0.0.1:"), "{}", app.ws_base());
    let mut charger = ScriptedCharger::connect_tls(&app.ws_base(), CHARGER, app.trust().unwrap()).await;
    charger.boot(&[1, 2]).await;
    app.wait_for_connector(CHARGER, 1, "available").await;

    let start = app.spawn_post("/api/v1/sessions", json!({"charger_id": CHARGER, "connector_id": 1}));
    let remote_start = charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    let id_tag = remote_start["idTag"].as_str().unwrap().to_owned();
    let (status, session) = start.await.unwrap();
    assert_eq!(status, 201, "{session}");
    let session_path = format!("/api/v1/sessions/{}", session["id"].as_str().unwrap());

    let t0 = (Utc::now() - chrono::Duration::minutes(30)).trunc_subsecs(0);
    let started = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": id_tag, "meterStart": 2_000_000, "timestamp": t0.to_rfc3339()}),
        )
        .await;
    assert_eq!(started["idTagInfo"]["status"], "Accepted");
    let transaction_id = started["transactionId"].as_i64().unwrap();
    charger.status(1, "Charging", "NoError").await;
    let stop = app.spawn_post(&format!("{session_path}/stop"), json!({}));
    charger
        .answer_next_call("RemoteStopTransaction", json!({"status": "Accepted"}))
        .await;
    assert_eq!(stop.await.unwrap().0, 202);
    let stopped_at = (t0 + chrono::Duration::minutes(30)).to_rfc3339();
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": transaction_id, "meterStop": 2_010_000, "timestamp": stopped_at, "reason": "Remote"}),
        )
        .await;

    let (status, receipt) = app.get(&format!("{session_path}/receipt")).await;
    assert_eq!(status, 200, "{receipt}");
    assert_eq!(receipt["energy_kwh"], "10");
    // Oslo Storo: 3.52 kr/kWh excl. VAT → 35.20.
    assert_eq!(decimal(&receipt["total_excl_vat"]), dec!(35.20), "{receipt}");
}

#[tokio::test]
async fn over_tls_an_upgrade_without_the_right_password_is_still_refused_with_401() {
    let app = TestApp::start_tls().await;
    let ws = app.ws_base();
    for (credentials, what) in [
        (Some((CHARGER, "wrong-password-0000")), "wrong password"),
        (None, "no credentials"),
    ] {
        let refused = ScriptedCharger::try_connect_over(&ws, CHARGER, Some("ocpp1.6"), credentials, app.trust()).await;
        assert!(
            matches!(refused, Err(ConnectFailure::Refused(401))),
            "{what}: {:?}",
            refused.err()
        );
    }
    let (_, log) = app.get(&format!("/api/v1/chargers/{CHARGER}/log")).await;
    assert!(
        log.to_string().contains("connection refused (401): wrong password"),
        "{log}"
    );
}

#[tokio::test]
async fn a_client_that_does_not_trust_the_certificate_fails_the_handshake() {
    let app = TestApp::start_tls().await;
    let password = ladeklar_server::demo::charger_password(CHARGER);
    let other_dir = tempfile::tempdir().unwrap();
    let (other_cert, _) = self_signed_certificate(other_dir.path(), "other");
    let untrusting = [
        ("the system roots only", ladeklar_sim::tls::client_config(None).unwrap()),
        (
            "another self-signed certificate",
            ladeklar_sim::tls::client_config(Some(&other_cert)).unwrap(),
        ),
    ];
    for (what, trust) in untrusting {
        let attempt = ScriptedCharger::try_connect_over(
            &app.ws_base(),
            CHARGER,
            Some("ocpp1.6"),
            Some((CHARGER, &password)),
            Some(trust),
        )
        .await;
        match attempt {
            Err(ConnectFailure::Failed(e)) => {
                assert!(e.to_string().contains("invalid peer certificate"), "{what}: {e}")
            }
            Err(other) => panic!("{what}: expected a TLS failure, got {other:?}"),
            Ok(_) => panic!("{what}: connected to an untrusted server"),
        }
    }
    // The server is unharmed and still serves a client that trusts it.
    let mut charger = ScriptedCharger::connect_tls(&app.ws_base(), CHARGER, app.trust().unwrap()).await;
    charger.boot(&[1]).await;
}

#[tokio::test]
async fn plain_ws_and_http_to_the_tls_port_fail_and_https_answers() {
    let app = TestApp::start_tls().await;
    let addr = app.server.addr();
    let plain_ws = format!("ws://{addr}/ocpp");
    let attempt = ScriptedCharger::try_connect_over(
        &plain_ws,
        CHARGER,
        Some("ocpp1.6"),
        Some((CHARGER, &ladeklar_server::demo::charger_password(CHARGER))),
        None,
    )
    .await;
    assert!(
        matches!(attempt, Err(ConnectFailure::Failed(_))),
        "plain ws:// must not get an HTTP answer: {:?}",
        attempt.err()
    );
    let plain_http = reqwest::Client::new()
        .get(format!("http://{addr}/healthz"))
        .timeout(Duration::from_secs(20))
        .send()
        .await;
    assert!(plain_http.is_err(), "plain HTTP answered: {plain_http:?}");

    let health = app.http.get(app.url("/healthz")).send().await.expect("HTTPS");
    assert_eq!(health.status(), 200);
    assert!(health.text().await.unwrap().starts_with("ok "));
    let (status, chargers) = app.get("/api/v1/chargers?lat=59.94&lon=10.77").await;
    assert_eq!(status, 200, "{chargers}");
    assert!(chargers.to_string().contains(CHARGER), "{chargers}");
}

#[tokio::test]
async fn a_simulated_charger_charges_over_wss() {
    let app = TestApp::start_tls().await;
    let (stop_sims, rx) = tokio::sync::watch::channel(false);
    let sim = app.demo_simulator(CHARGER, dec!(45), Duration::from_millis(300));
    let sim_task = tokio::spawn(sim.run_until(rx));
    app.wait_for_connector(CHARGER, 1, "available").await;

    let (status, session) = app
        .post("/api/v1/sessions", json!({"charger_id": CHARGER, "connector_id": 1}))
        .await;
    assert_eq!(status, 201, "{session}");
    let path = format!("/api/v1/sessions/{}", session["id"].as_str().unwrap());
    app.wait_for(&path, "energy metered over wss", |s| {
        s["status"] == "charging" && s["energy_kwh"].as_str().is_some_and(|e| e != "0")
    })
    .await;
    let (status, _) = app.post(&format!("{path}/stop"), json!({})).await;
    assert_eq!(status, 202);
    let done = app.wait_for(&path, "completed", |s| s["status"] == "completed").await;
    assert!(decimal(&done["energy_kwh"]) > dec!(0), "{done}");
    let (status, receipt) = app.get(&format!("{path}/receipt")).await;
    assert_eq!(status, 200, "{receipt}");

    let _ = stop_sims.send(true);
    let _ = sim_task.await;
}

#[tokio::test]
async fn the_demo_fleet_simulated_by_the_server_connects_over_wss() {
    let data = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed_certificate(data.path(), "server");
    let mut config = Config::for_tests(data.path().to_path_buf());
    config.simulate = true;
    config.tls_cert = Some(cert);
    config.tls_key = Some(key);
    let server = Server::start(config).await.expect("server starts with TLS");
    let pem = std::fs::read(data.path().join("server.pem")).unwrap();
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let url = format!("{}/api/v1/chargers/{CHARGER}", server.url());
    let mut online = false;
    for _ in 0..300 {
        let charger: serde_json::Value = http.get(&url).send().await.unwrap().json().await.unwrap();
        if charger["online"] == true {
            online = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(online, "the server's own simulated charger connected over wss");
    server.shutdown().await;
}

#[tokio::test]
async fn the_server_refuses_to_start_with_a_broken_key_file_and_names_it() {
    let data = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed_certificate(data.path(), "server");
    std::fs::write(&key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").unwrap();
    let mut config = Config::for_tests(data.path().join("data"));
    config.tls_cert = Some(cert.clone());
    config.tls_key = Some(key.clone());
    let err = Server::start(config.clone())
        .await
        .err()
        .expect("a broken key is refused");
    let text = format!("{err:#}");
    assert!(text.contains(&key.display().to_string()), "{text}");
    assert!(
        matches!(err.downcast_ref::<TlsError>(), Some(TlsError::UnusableKey { path, .. }) if *path == key),
        "{err:?}"
    );
    assert!(
        !data.path().join("data").exists(),
        "nothing is set up before the TLS files check out"
    );

    // Another certificate's key: a mismatch naming both files.
    let (_, other_key) = self_signed_certificate(data.path(), "other");
    config.tls_key = Some(other_key.clone());
    let err = Server::start(config).await.err().expect("a foreign key is refused");
    assert!(
        matches!(err.downcast_ref::<TlsError>(), Some(TlsError::KeyMismatch { key, .. }) if *key == other_key),
        "{err:?}"
    );
    assert!(format!("{err}").contains("other-key.pem"), "{err}");
}
