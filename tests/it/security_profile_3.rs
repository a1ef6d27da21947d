//! OCPP 1.6 Security Profile 3 over real WSS (issue 13): the platform's charging-station CA
//! signs a charger's CSR, the charger reconnects with its client certificate and no
//! password; its profile is never lowered again by the charger; a revoked certificate, a
//! CSR for another charger, a malformed CSR and a chain the CA did not sign are refused and
//! logged.

use std::sync::Arc;
use std::time::Duration;

use ladeklar_sim::rustls::ClientConfig;
use rust_decimal_macros::dec;
use serde_json::{json, Value};

use crate::support::{ConnectFailure, ScriptedCharger, TestApp};

const CHARGER: &str = "OSLO-STORO-DC1";
const OTHER: &str = "BERGEN-LAGUNEN-DC1";

/// The charger log's event texts, oldest first.
async fn events(app: &TestApp, charger: &str) -> Vec<String> {
    let (status, log) = app.get(&format!("/api/v1/chargers/{charger}/log?limit=1000")).await;
    assert_eq!(status, 200, "{log}");
    let mut texts: Vec<String> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["direction"] == "event")
        .filter_map(|e| e["text"].as_str().map(str::to_owned))
        .collect();
    texts.reverse();
    texts
}

async fn wait_for_event(app: &TestApp, charger: &str, what: &str) {
    for _ in 0..300 {
        if events(app, charger).await.iter().any(|e| e.contains(what)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "no event containing {what:?} in {charger}'s log: {:?}",
        events(app, charger).await
    );
}

/// A CSR (PEM) with `cn` as its subject's CN, and its key (PEM).
fn csr_for(cn: &str) -> (String, String) {
    let key = rcgen::KeyPair::generate().expect("key");
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name.push(rcgen::DnType::CommonName, cn);
    let csr = params.serialize_request(&key).expect("CSR");
    (csr.pem().expect("PEM"), key.serialize_pem())
}

/// A TLS client trusting the server and presenting `chain` with `key`.
fn presenting(app: &TestApp, chain: &str, key: &str) -> Arc<ClientConfig> {
    ladeklar_sim::tls::with_client_certificate(app.trust().as_ref(), chain, key).expect("client certificate")
}

/// Connects to `charger`'s URL with a client certificate and no password.
async fn connect_with_certificate(
    app: &TestApp,
    charger: &str,
    chain: &str,
    key: &str,
) -> Result<ScriptedCharger, ConnectFailure> {
    let tls = presenting(app, chain, key);
    ScriptedCharger::try_connect_over(&app.ws_base(), charger, Some("ocpp1.6"), None, Some(tls)).await
}

/// The charger with its password over TLS (Security Profile 2).
async fn connect_with_password(app: &TestApp, charger: &str) -> Result<ScriptedCharger, ConnectFailure> {
    let password = ladeklar_server::demo::charger_password(charger);
    ScriptedCharger::try_connect_over(
        &app.ws_base(),
        charger,
        Some("ocpp1.6"),
        Some((charger, &password)),
        app.trust(),
    )
    .await
}

#[tokio::test]
async fn a_simulated_charger_goes_from_profile_2_to_3_and_its_revoked_certificate_is_refused() {
    let app = TestApp::start_tls().await;
    let (stop_sims, rx) = tokio::sync::watch::channel(false);
    let sim = app.demo_simulator(CHARGER, dec!(11), Duration::from_secs(60));
    let handle = sim.handle();
    let sim_task = tokio::spawn(sim.run_until(rx));
    app.wait_for_connector(CHARGER, 1, "available").await;
    let certificates = format!("/api/v1/chargers/{CHARGER}/certificates");
    let (status, before) = app.get(&certificates).await;
    assert_eq!(status, 200, "{before}");
    assert_eq!(before["security_profile"], 2, "{before}");
    assert_eq!(before["certificates"], json!([]));

    // Support asks the charger for a signing request; the rest is between charger and CA.
    let (status, reply) = app
        .post(
            &format!("/api/v1/chargers/{CHARGER}/commands"),
            json!({"command": "ExtendedTriggerMessage", "requested_message": "SignChargePointCertificate"}),
        )
        .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["response"], json!({"status": "Accepted"}));
    let after = app
        .wait_for(&certificates, "Security Profile 3", |c| c["security_profile"] == 3)
        .await;
    let issued = after["certificates"].as_array().expect("certificates");
    assert_eq!(issued.len(), 1, "{after}");
    let serial = issued[0]["serial"].as_str().expect("serial").to_owned();
    assert_eq!(issued[0]["revoked_at"], Value::Null);
    assert!(handle.has_client_certificate());
    wait_for_event(&app, CHARGER, "security profile raised to 3 (was 2)").await;
    let log = events(&app, CHARGER).await;
    for expected in [
        "SignCertificate accepted: certificate ",
        "CertificateSigned accepted",
        "security event ReconfigurationOfSecurityParameters",
    ] {
        assert!(log.iter().any(|e| e.contains(expected)), "{expected:?} in {log:?}");
    }
    app.wait_for_connector(CHARGER, 1, "available").await;

    // Its password no longer opens: a downgrade attempt, refused and logged.
    let downgrade = connect_with_password(&app, CHARGER).await;
    assert!(
        matches!(downgrade, Err(ConnectFailure::Refused(401))),
        "{:?}",
        downgrade.err()
    );
    wait_for_event(
        &app,
        CHARGER,
        "connection refused (401): downgrade attempt: Security Profile 2 after Profile 3",
    )
    .await;

    // Revoked: the open connection is closed and the certificate opens no more.
    let (chain, key) = handle.client_certificate().expect("installed");
    let (status, revoked) = app.post(&format!("{certificates}/revoke"), json!({})).await;
    assert_eq!(status, 200, "{revoked}");
    assert_eq!(revoked["revoked"], json!([serial]));
    wait_for_event(
        &app,
        CHARGER,
        "connection refused (401): the client certificate is revoked",
    )
    .await;
    let refused = connect_with_certificate(&app, CHARGER, &chain, &key).await;
    assert!(
        matches!(refused, Err(ConnectFailure::Refused(401))),
        "{:?}",
        refused.err()
    );
    let (_, listed) = app.get(&certificates).await;
    assert!(listed["certificates"][0]["revoked_at"].is_string(), "{listed}");
    stop_sims.send_replace(true);
    sim_task.await.expect("simulator stops");
}

#[tokio::test]
async fn a_scripted_charger_gets_its_certificate_and_bad_requests_are_refused_and_logged() {
    let app = TestApp::start_tls().await;
    let mut charger = connect_with_password(&app, CHARGER)
        .await
        .expect("Profile 2 connection");
    charger.boot(&[1, 2]).await;

    // A CSR for another charger's id, one that is no CSR, one whose signature is broken.
    let (other_csr, _) = csr_for(OTHER);
    let (own_csr, own_key) = csr_for(CHARGER);
    let tampered = tamper_signature(&own_csr);
    for (csr, why) in [
        (other_csr.as_str(), "is not the charge point id"),
        (
            "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n",
            "not a valid certificate signing request",
        ),
        (tampered.as_str(), "not a valid certificate signing request"),
    ] {
        let answer = charger.call_ok("SignCertificate", json!({ "csr": csr })).await;
        assert_eq!(answer, json!({"status": "Rejected"}), "{why}");
        wait_for_event(&app, CHARGER, why).await;
    }

    // Its own CSR: Accepted, then CertificateSigned with the chain.
    let answer = charger.call_ok("SignCertificate", json!({ "csr": own_csr })).await;
    assert_eq!(answer, json!({"status": "Accepted"}));
    let signed = charger
        .answer_next_call("CertificateSigned", json!({"status": "Accepted"}))
        .await;
    let chain = signed["certificateChain"].as_str().expect("chain").to_owned();
    assert_eq!(chain.matches("-----BEGIN CERTIFICATE-----").count(), 2, "{chain}");
    charger.disconnect().await;

    // The certificate alone opens the connection (no password), and only for its charger.
    let mut charger = connect_with_certificate(&app, CHARGER, &chain, &own_key)
        .await
        .expect("Profile 3 connection");
    charger.boot(&[1, 2]).await;
    let elsewhere = connect_with_certificate(&app, OTHER, &chain, &own_key).await;
    assert!(
        matches!(elsewhere, Err(ConnectFailure::Refused(401))),
        "{:?}",
        elsewhere.err()
    );
    wait_for_event(
        &app,
        OTHER,
        "connection refused (401): the client certificate is for another charge point",
    )
    .await;

    // A chain the platform's CA did not sign ends the TLS handshake.
    let (forged_chain, forged_key) = certificate_from_another_ca(CHARGER);
    let forged = connect_with_certificate(&app, CHARGER, &forged_chain, &forged_key).await;
    assert!(
        matches!(forged, Err(ConnectFailure::Failed(_))),
        "{:?}",
        forged.err().map(|e| format!("{e:?}"))
    );
    // The charger's own connection is still the open one.
    assert!(charger.call_ok("Heartbeat", json!({})).await["currentTime"].is_string());

    // Back to the password: refused as a downgrade.
    let downgrade = connect_with_password(&app, CHARGER).await;
    assert!(
        matches!(downgrade, Err(ConnectFailure::Refused(401))),
        "{:?}",
        downgrade.err()
    );
    wait_for_event(&app, CHARGER, "downgrade attempt").await;
    // A downgrade attempt is critical: support gets a case.
    wait_for_event(
        &app,
        CHARGER,
        "critical security event SecurityProfileDowngradeAttempt: support case",
    )
    .await;
    assert_eq!(open_cases_of(&app, CHARGER).await.len(), 1);

    // Support revokes it and resets the profile: the password opens again to re-enrol.
    let (status, revoked) = app
        .post(
            &format!("/api/v1/chargers/{CHARGER}/certificates/revoke"),
            json!({"reset_profile": true}),
        )
        .await;
    assert_eq!(status, 200, "{revoked}");
    assert_eq!(revoked["profile_reset"], true);
    assert_eq!(revoked["disconnected"], true);
    let again = connect_with_password(&app, CHARGER).await;
    assert!(again.is_ok(), "{:?}", again.err());
}

/// The support queue's open cases of `charger`.
async fn open_cases_of(app: &TestApp, charger: &str) -> Vec<Value> {
    let (status, queue) = app.get("/api/v1/support/cases").await;
    assert_eq!(status, 200, "{queue}");
    queue["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["charger_id"] == charger)
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_critical_security_event_from_the_simulator_opens_one_support_case() {
    let app = TestApp::start().await;
    let (stop_sims, rx) = tokio::sync::watch::channel(false);
    let sim = app.demo_simulator(CHARGER, dec!(11), Duration::from_secs(60));
    let handle = sim.handle();
    let sim_task = tokio::spawn(sim.run_until(rx));
    app.wait_for_connector(CHARGER, 1, "available").await;

    // A notice is stored and raises nothing.
    handle.security_event("ResetOrReboot", None).await.expect("delivered");
    assert!(events(&app, CHARGER)
        .await
        .iter()
        .any(|e| e.starts_with("security event ResetOrReboot at ")));
    assert!(open_cases_of(&app, CHARGER).await.is_empty());

    // A critical one opens a case; the same again while it is open opens no other.
    for _ in 0..2 {
        handle
            .security_event("TamperDetectionActivated", Some("enclosure opened"))
            .await
            .expect("delivered");
    }
    let cases = open_cases_of(&app, CHARGER).await;
    assert_eq!(cases.len(), 1, "{cases:?}");
    let (status, case) = app
        .get(&format!("/api/v1/cases/{}", cases[0]["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, 200, "{case}");
    assert!(
        case.to_string().contains("TamperDetectionActivated"),
        "the case says what happened: {case}"
    );
    let log = events(&app, CHARGER).await;
    assert_eq!(
        log.iter().filter(|e| e.contains("enclosure opened")).count(),
        2,
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|e| e.starts_with("critical security event TamperDetectionActivated: support case ")),
        "{log:?}"
    );
    stop_sims.send_replace(true);
    sim_task.await.expect("simulator stops");
}

/// The CSR with one base64 character of its signature changed.
fn tamper_signature(csr_pem: &str) -> String {
    let lines: Vec<&str> = csr_pem.lines().collect();
    let body: String = lines[1..lines.len() - 1].concat();
    let trimmed = body.trim_end_matches('=');
    let at = trimmed.len() - 6;
    let mut bytes = body.into_bytes();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let body = String::from_utf8(bytes).expect("ASCII");
    let wrapped: Vec<String> = body
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE REQUEST-----\n{}\n-----END CERTIFICATE REQUEST-----\n",
        wrapped.join("\n")
    )
}

/// A client certificate for `cn` signed by a CA of its own: (chain, key).
fn certificate_from_another_ca(cn: &str) -> (String, String) {
    let ca_key = rcgen::KeyPair::generate().expect("key");
    let mut ca = rcgen::CertificateParams::default();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "Ladeklar charging-station CA");
    let ca_cert = ca.self_signed(&ca_key).expect("CA");
    let issuer = rcgen::Issuer::new(ca, ca_key);
    let key = rcgen::KeyPair::generate().expect("key");
    let mut leaf = rcgen::CertificateParams::default();
    leaf.distinguished_name.push(rcgen::DnType::CommonName, cn);
    leaf.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
    let cert = leaf.signed_by(&key, &issuer).expect("leaf");
    (format!("{}{}", cert.pem(), ca_cert.pem()), key.serialize_pem())
}
