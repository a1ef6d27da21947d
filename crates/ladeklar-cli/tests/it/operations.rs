//! `ladeklar charger send|reset|unlock|trigger|log`, `ladeklar quarantine list` and
//! `ladeklar sessions stuck`, run as the real binary against a started server: the demo
//! fleet's simulated chargers answer the calls; a charger provisioned after the start has no
//! simulator (offline), then connects as a raw OCPP client that answers with a CALLERROR and
//! sends transaction messages.

use std::time::Duration;

use ladeklar_api::ChargerLogEntry;
use ladeklar_server::{Config, Server};
use serde_json::{json, Value};

use crate::ocpp_client::{answer_error, call, connect, next_call};

/// A demo charger; the server runs a simulator for it.
const SIMULATED: &str = "OSLO-STORO-DC1";
/// Provisioned after the server started: no simulator.
const PROVISIONED: &str = "OPS-CP-1";
const PASSWORD: &str = "k3y-For-OPS-CP-0001";

/// Runs `ladeklar ARGS --server URL` off the async workers (the server runs on them);
/// returns (success, stdout, stderr).
async fn ladeklar(server: &Server, args: &[&str]) -> (bool, String, String) {
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    all.extend([
        "--server".into(),
        server.url(),
        "--token".into(),
        support_token(server).await,
    ]);
    tokio::task::spawn_blocking(move || crate::ladeklar(&all.iter().map(String::as_str).collect::<Vec<_>>()))
        .await
        .unwrap()
}

/// A sign-in token of the demo's first-line support agent, issued by the store.
async fn support_token(server: &Server) -> String {
    let email = ladeklar_core::accounts::parse_email("support-first@demo.ladeklar.no").unwrap();
    let user = server
        .store()
        .user_by_email(&email)
        .await
        .unwrap()
        .expect("demo support user");
    server
        .store()
        .sign_in(user.id, "cli tests", chrono::Utc::now())
        .await
        .unwrap()
}

#[tokio::test]
async fn sign_in_prints_a_token_and_operations_without_one_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(Config::for_tests(data.path().to_path_buf()))
        .await
        .unwrap();
    let url = server.url();
    let (ok, _, stderr) = {
        let url = url.clone();
        tokio::task::spawn_blocking(move || crate::ladeklar(&["quarantine", "list", "--server", &url]))
            .await
            .unwrap()
    };
    assert!(!ok && stderr.contains("Sign in required"), "{stderr}");
    let signed_in = {
        let url = url.clone();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_ladeklar"))
                .args(["sign-in", "--server", &url, "--email", "support-first@demo.ladeklar.no"])
                .env("LADEKLAR_USER_PASSWORD", "demo-pass-support-first")
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    };
    assert!(
        signed_in.status.success(),
        "{}",
        String::from_utf8_lossy(&signed_in.stderr)
    );
    let token = String::from_utf8(signed_in.stdout).unwrap().trim().to_owned();
    assert_eq!(token.len(), 64, "{token}");
    let (ok, listed, stderr) = tokio::task::spawn_blocking(move || {
        crate::ladeklar(&["quarantine", "list", "--json", "--server", &url, "--token", &token])
    })
    .await
    .unwrap();
    assert!(ok, "{stderr}");
    assert!(listed.trim().is_empty(), "nothing quarantined: {listed}");
    // A driver's token is refused with the reason.
    let (ok, _, stderr) = ladeklar_as_driver(&server).await;
    assert!(!ok && stderr.contains("support and admins"), "{stderr}");
}

async fn ladeklar_as_driver(server: &Server) -> (bool, String, String) {
    let email = ladeklar_core::accounts::parse_email("driver@demo.ladeklar.no").unwrap();
    let user = server.store().user_by_email(&email).await.unwrap().unwrap();
    let token = server
        .store()
        .sign_in(user.id, "cli tests", chrono::Utc::now())
        .await
        .unwrap();
    let url = server.url();
    tokio::task::spawn_blocking(move || crate::ladeklar(&["sessions", "stuck", "--server", &url, "--token", &token]))
        .await
        .unwrap()
}

/// Runs a command that must succeed and print one JSON document.
async fn answer(server: &Server, args: &[&str]) -> Value {
    let (ok, stdout, stderr) = ladeklar(server, args).await;
    assert!(ok, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout:?}"))
}

/// Runs a command that must fail, naming each of `naming` on stderr.
async fn refused(server: &Server, args: &[&str], naming: &[&str]) {
    let (ok, stdout, stderr) = ladeklar(server, args).await;
    assert!(!ok, "{args:?} must fail: {stdout}");
    for name in naming {
        assert!(stderr.contains(name), "{args:?}: {stderr:?} does not name {name:?}");
    }
}

/// Waits (at most 30 s) until the charger's log, read through the command line, holds
/// every one of `frames`; returns the log's text lines, oldest first.
async fn log_holding(server: &Server, charger: &str, frames: &[&str]) -> Vec<String> {
    for _ in 0..300 {
        let (ok, stdout, stderr) = ladeklar(server, &["charger", "log", charger, "--limit", "1000"]).await;
        assert!(ok, "{stderr}");
        if frames.iter().all(|f| stdout.contains(f)) {
            return stdout.lines().map(str::to_owned).collect();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the log of {charger} never held all of {frames:?}");
}

async fn wait_online(server: &Server, charger: &str) {
    let url = format!("{}/api/v1/chargers/{charger}", server.url());
    for _ in 0..300 {
        let body: Value = reqwest::get(&url).await.unwrap().json().await.unwrap();
        if body["online"] == true {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{charger} never came online");
}

#[tokio::test(flavor = "multi_thread")]
async fn support_staff_operate_chargers_through_the_server() {
    let data = tempfile::tempdir().unwrap();
    let mut config = Config::for_tests(data.path().to_path_buf());
    config.simulate = true;
    let server = Server::start(config).await.unwrap();
    wait_online(&server, SIMULATED).await;

    // Any call by its action name and the API's fields; the charger's answer printed.
    let reset = answer(
        &server,
        &[
            "charger",
            "send",
            SIMULATED,
            "Reset",
            "--payload",
            r#"{"type": "Hard"}"#,
        ],
    )
    .await;
    assert_eq!(reset, json!({"status": "Accepted"}));
    let all_keys = answer(&server, &["charger", "send", SIMULATED, "GetConfiguration"]).await;
    let keys: Vec<&str> = all_keys["configurationKey"]
        .as_array()
        .expect("configurationKey")
        .iter()
        .filter_map(|k| k["key"].as_str())
        .collect();
    assert!(
        keys.contains(&"HeartbeatInterval") && keys.contains(&"NumberOfConnectors"),
        "{all_keys}"
    );
    let one_key = answer(
        &server,
        &[
            "charger",
            "send",
            SIMULATED,
            "getconfiguration",
            "--payload",
            r#"{"key": ["NumberOfConnectors", "NoSuchKey"]}"#,
        ],
    )
    .await;
    assert_eq!(one_key["configurationKey"][0]["key"], "NumberOfConnectors", "{one_key}");
    assert_eq!(
        one_key["configurationKey"].as_array().map(Vec::len),
        Some(1),
        "{one_key}"
    );
    assert_eq!(one_key["unknownKey"], json!(["NoSuchKey"]), "{one_key}");
    let payload_file = data.path().join("trigger.json");
    std::fs::write(&payload_file, r#"{"requested_message": "Heartbeat"}"#).unwrap();
    let heartbeat = answer(
        &server,
        &[
            "charger",
            "send",
            SIMULATED,
            "TriggerMessage",
            "--payload-file",
            payload_file.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(heartbeat["status"], "Accepted");

    // The shortcuts send the same commands.
    assert_eq!(
        answer(
            &server,
            &[
                "charger",
                "trigger",
                SIMULATED,
                "StatusNotification",
                "--connector",
                "1"
            ]
        )
        .await,
        json!({"status": "Accepted"})
    );
    assert_eq!(
        answer(&server, &["charger", "reset", SIMULATED]).await,
        json!({"status": "Accepted"})
    );
    assert_eq!(
        answer(&server, &["charger", "unlock", SIMULATED, "1"]).await,
        json!({"status": "Unlocked"})
    );
    // The charger has no connector 9 and says so; OCPP sets no highest id (21 is asked too).
    assert_eq!(
        answer(&server, &["charger", "unlock", SIMULATED, "9"]).await,
        json!({"status": "NotSupported"})
    );
    assert_eq!(
        answer(&server, &["charger", "unlock", SIMULATED, "21"]).await,
        json!({"status": "NotSupported"})
    );
    // Connector 0 is the whole charger, which has no lock: the server refuses, naming the field.
    refused(
        &server,
        &["charger", "unlock", SIMULATED, "0"],
        &["Invalid request", "/connector_id: must be greater than 0"],
    )
    .await;

    // Bad input is refused before anything is sent, naming what was wrong.
    refused(
        &server,
        &["charger", "send", SIMULATED, "Rest"],
        &["\"Rest\"", "Reset", "GetConfiguration", "UpdateFirmware"],
    )
    .await;
    refused(
        &server,
        &["charger", "send", SIMULATED, "Reset", "--payload", r#"{"type": Hard}"#],
        &["not JSON", "line 1 column 10"],
    )
    .await;
    refused(
        &server,
        &[
            "charger",
            "send",
            SIMULATED,
            "UnlockConnector",
            "--payload",
            r#"{"connectorId": 1}"#,
        ],
        &["connectorId", "connector_id"],
    )
    .await;
    // … or by the server, which checks the call as OCPP 1.6 (an id tag is at most 20 characters).
    refused(
        &server,
        &[
            "charger",
            "send",
            SIMULATED,
            "RemoteStartTransaction",
            "--payload",
            &json!({"id_tag": "X".repeat(21)}).to_string(),
        ],
        &["Invalid request", "id_tag"],
    )
    .await;
    refused(
        &server,
        &["charger", "reset", "NO-SUCH-CP"],
        &["Charger not found", "NO-SUCH-CP"],
    )
    .await;
    refused(
        &server,
        &["charger", "trigger", SIMULATED, "Coffee"],
        &["Coffee", "Heartbeat"],
    )
    .await;

    // The log shows the frames, oldest first: the boot before the commands.
    let log = log_holding(
        &server,
        SIMULATED,
        &[r#""Reset",{"type":"Hard"}"#, r#""TriggerMessage""#],
    )
    .await;
    let first = |needle: &str| {
        log.iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in {log:#?}"))
    };
    assert!(first("\tin\t[2,") < first(r#""Reset",{"type":"Hard"}"#), "{log:#?}");
    assert!(log[first(r#""Reset",{"type":"Hard"}"#)].contains("\tout\t[2,"));
    assert!(log
        .iter()
        .any(|l| l.contains("\tin\t[3,") && l.contains("configurationKey")));
    let (ok, json_lines, _) = ladeklar(&server, &["charger", "log", SIMULATED, "--limit", "5", "--json"]).await;
    assert!(ok);
    let entries: Vec<ChargerLogEntry> = json_lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(entries.len(), 5);
    assert!(
        entries.windows(2).all(|w| w[0].id < w[1].id),
        "oldest first: {entries:?}"
    );

    // A registered charger that is not connected: offline.
    let dir = data.path().to_str().unwrap();
    let (ok, _, stderr) = ladeklar_db(
        dir,
        &[
            "charger",
            "add",
            PROVISIONED,
            "--site",
            "oslo-storo",
            "--connector",
            "1:type2:ac:22",
            "--password",
            PASSWORD,
        ],
    )
    .await;
    assert!(ok, "{stderr}");
    refused(
        &server,
        &["charger", "reset", PROVISIONED, "--hard"],
        &["offline", PROVISIONED],
    )
    .await;

    // Connected, it answers with a CALLERROR: the command fails naming the OCPP code.
    let mut cp = connect(&server, PROVISIONED, PASSWORD).await.expect("accepted");
    let boot = call(
        &mut cp,
        "b",
        "BootNotification",
        json!({"chargePointVendor": "Acme", "chargePointModel": "X"}),
    )
    .await;
    assert_eq!(boot["status"], "Accepted");
    let cli = {
        let url = server.url();
        let token = support_token(&server).await;
        tokio::task::spawn_blocking(move || {
            crate::ladeklar(&[
                "charger",
                "send",
                PROVISIONED,
                "ClearCache",
                "--server",
                &url,
                "--token",
                &token,
            ])
        })
    };
    let (id, action, payload) = next_call(&mut cp).await;
    assert_eq!((action.as_str(), payload), ("ClearCache", json!({})));
    answer_error(&mut cp, &id, "NotSupported", "no cache here").await;
    let (ok, _, stderr) = cli.await.unwrap();
    assert!(
        !ok && stderr.contains("NotSupported") && stderr.contains("no cache here"),
        "{stderr}"
    );

    // A Stop for a transaction nobody knows is quarantined; a session under way listed as stuck.
    let stop = call(
        &mut cp,
        "s1",
        "StopTransaction",
        json!({"transactionId": 987654, "meterStop": 2000, "timestamp": "2026-11-24T10:00:00Z"}),
    )
    .await;
    assert!(stop.is_object(), "{stop}");
    let start = call(
        &mut cp,
        "s2",
        "StartTransaction",
        json!({"connectorId": 1, "idTag": "DEMO-RFID-0001", "meterStart": 1000, "timestamp": "2026-11-24T10:00:00Z"}),
    )
    .await;
    let transaction_id = start["transactionId"].as_i64().expect("a transaction id");

    let (ok, listed, stderr) = ladeklar(&server, &["quarantine", "list"]).await;
    assert!(ok, "{stderr}");
    let line = listed
        .lines()
        .find(|l| l.contains(PROVISIONED))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(
        line.contains("StopTransaction") && line.contains("transaction 987654"),
        "{line}"
    );
    let (_, listed, _) = ladeklar(&server, &["quarantine", "list", "--json"]).await;
    let entry: Value = listed
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|e| e["charger_id"] == PROVISIONED)
        .expect(&listed);
    assert_eq!(entry["payload"]["meterStop"], 2000);

    let (ok, stuck, stderr) = ladeklar(&server, &["sessions", "stuck", "--silent-for-s", "0"]).await;
    assert!(ok, "{stderr}");
    let line = stuck
        .lines()
        .find(|l| l.contains(&format!("{PROVISIONED}:1")))
        .unwrap_or_else(|| panic!("{stuck}"));
    assert!(
        line.contains(&format!("transaction {transaction_id}")) && line.contains("charger online"),
        "{line}"
    );
    assert!(stderr.contains("silent for at least 0 s"), "{stderr}");
    // The server's own limit (3 h in tests): the session that just started is not stuck.
    let (_, stuck, _) = ladeklar(&server, &["sessions", "stuck"]).await;
    assert!(!stuck.contains(PROVISIONED), "{stuck}");

    // No server there: the command says so.
    let (ok, _, stderr) =
        tokio::task::spawn_blocking(|| crate::ladeklar(&["quarantine", "list", "--server", "http://127.0.0.1:9"]))
            .await
            .unwrap();
    assert!(
        !ok && stderr.contains("could not reach the server at http://127.0.0.1:9/"),
        "{stderr}"
    );

    drop(cp);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn over_https_the_server_is_trusted_with_its_certificate() {
    let data = tempfile::tempdir().unwrap();
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    let (cert, key) = (data.path().join("server.pem"), data.path().join("server-key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let mut config = Config::for_tests(data.path().to_path_buf());
    config.tls_cert = Some(cert.clone());
    config.tls_key = Some(key);
    config.simulate = true;
    let server = Server::start(config).await.unwrap();
    assert!(server.url().starts_with("https://"), "{}", server.url());
    let cert = cert.to_str().unwrap();

    let mut answered = None;
    for _ in 0..300 {
        let (ok, stdout, stderr) = ladeklar(
            &server,
            &["charger", "send", SIMULATED, "GetConfiguration", "--ca-cert", cert],
        )
        .await;
        if ok {
            answered = Some(stdout);
            break;
        }
        // Until the simulator has connected over WSS.
        assert!(stderr.contains("offline"), "{stderr}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let answered: Value = serde_json::from_str(&answered.expect("answered over HTTPS")).unwrap();
    assert!(
        answered["configurationKey"].as_array().is_some_and(|k| !k.is_empty()),
        "{answered}"
    );

    // A certificate nobody vouches for is refused.
    refused(
        &server,
        &["quarantine", "list"],
        &["could not reach the server", "certificate"],
    )
    .await;
    refused(
        &server,
        &[
            "quarantine",
            "list",
            "--ca-cert",
            data.path().join("none.pem").to_str().unwrap(),
        ],
        &["--ca-cert", "none.pem"],
    )
    .await;
    server.shutdown().await;
}

/// Runs `ladeklar ARGS --data-dir DIR --database-url URL` (provisioning, on the test server's
/// database) off the async workers.
async fn ladeklar_db(dir: &str, args: &[&str]) -> (bool, String, String) {
    let url = Config::for_tests(dir.into()).database_url();
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    all.extend(["--data-dir".into(), dir.into(), "--database-url".into(), url]);
    tokio::task::spawn_blocking(move || crate::ladeklar(&all.iter().map(String::as_str).collect::<Vec<_>>()))
        .await
        .unwrap()
}

/// `charger upload-log`, `firmware`, `transfers`, `certificates` and `revoke` (issue 13)
/// against the server's own simulated charger.
#[tokio::test(flavor = "multi_thread")]
async fn support_staff_start_transfers_and_read_certificates_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let mut config = Config::for_tests(data.path().to_path_buf());
    config.simulate = true;
    let server = Server::start(config).await.unwrap();
    wait_online(&server, SIMULATED).await;

    let upload = answer(&server, &["charger", "upload-log", SIMULATED]).await;
    assert_eq!(upload["answer"], "Accepted", "{upload}");
    assert_eq!(upload["kind"], "log");
    let firmware_folder = data.path().join("firmware");
    std::fs::create_dir_all(&firmware_folder).unwrap();
    std::fs::write(firmware_folder.join("fw.bin"), b"image").unwrap();
    let signer = data.path().join("signer.pem");
    std::fs::write(
        &signer,
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let firmware = answer(
        &server,
        &[
            "charger",
            "firmware",
            SIMULATED,
            "fw.bin",
            "--signing-certificate",
            signer.to_str().unwrap(),
            "--signature",
            "c2ln",
        ],
    )
    .await;
    assert_eq!(firmware["answer"], "Accepted", "{firmware}");
    // Both end where the simulator takes them: uploaded and installed.
    let mut last = Value::Null;
    for _ in 0..300 {
        last = answer(&server, &["charger", "transfers", SIMULATED]).await;
        let statuses: Vec<&str> = last["transfers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["status"].as_str())
            .collect();
        if statuses.contains(&"Installed") && statuses.contains(&"Uploaded") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(last["transfers"].as_array().unwrap().len(), 2, "{last}");
    refused(
        &server,
        &[
            "charger",
            "firmware",
            SIMULATED,
            "absent.bin",
            "--signing-certificate",
            signer.to_str().unwrap(),
            "--signature",
            "c2ln",
        ],
        &["no firmware file"],
    )
    .await;

    let certificates = answer(&server, &["charger", "certificates", SIMULATED]).await;
    assert_eq!(certificates["certificates"], json!([]), "{certificates}");
    assert_eq!(certificates["security_profile"], 1, "plain WebSocket: {certificates}");
    let revoked = answer(&server, &["charger", "revoke", SIMULATED]).await;
    assert_eq!(revoked["revoked"], json!([]), "{revoked}");
}
