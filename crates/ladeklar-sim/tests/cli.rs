//! `ladeklar-sim` as an operator runs it: the binary against a real central system, with a
//! scripted fault and a session a driver starts and stops at the charger; and the refusals of
//! specs that cannot be played.

use std::process::{Command, Stdio};
use std::time::Duration;

use ladeklar_server::{Config, Server};
use serde_json::Value;

const CHARGER: &str = "OSLO-STORO-DC1";

fn sim() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ladeklar-sim"));
    command
        .env_remove("LADEKLAR_SIM_PASSWORD")
        .env_remove("LADEKLAR_SIM_CA_CERT");
    command
}

/// Kills the simulator however the test ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn get(url: &str) -> Value {
    reqwest::get(url).await.expect("GET").json().await.expect("JSON")
}

/// Polls `url` until `done` holds, for at most 30 s.
async fn wait_for(url: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..300 {
        let body = get(url).await;
        if done(&body) {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

fn connector(charger: &Value, id: u32) -> Option<&Value> {
    charger["connectors"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["connector_id"] == id))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_plays_a_fault_and_a_session_at_the_charger() {
    let data = tempfile::tempdir().expect("temp dir");
    let server = Server::start(Config::for_tests(data.path().to_path_buf()))
        .await
        .expect("server starts");
    let password = ladeklar_server::demo::charger_password(CHARGER);
    let _sim = Running(
        sim()
            .args(["--url", &server.ocpp_url(), "--id", CHARGER, "--password", &password])
            .args(["--meter-interval-s", "1", "--power-kw", "50"])
            .args(["--fault", &format!("{CHARGER}:2:GroundFailure")])
            .args(["--charge", &format!("{CHARGER}:1:DEMO-RFID-0001:0.5:3")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ladeklar-sim starts"),
    );

    let detail = format!("{}/api/v1/chargers/{CHARGER}", server.url());
    let charger = wait_for(&detail, "connector 2 faulted", |c| {
        connector(c, 2).is_some_and(|x| x["status"] == "faulted")
    })
    .await;
    assert_eq!(
        connector(&charger, 2).unwrap()["error_code"],
        "GroundFailure",
        "{charger}"
    );

    // The driver's session: started at the charger with the tag, stopped there after 3 s
    // (the receipt's whole seconds: at least 2), priced by the server.
    let mut under_way = None;
    for _ in 0..300 {
        let sessions = server.store().sessions_under_way().await.expect("store");
        if let Some(row) = sessions.into_iter().find(|s| s.charger_id == CHARGER) {
            under_way = Some(row.id);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let id = under_way.expect("the scripted session started");
    let mut session = None;
    for _ in 0..300 {
        let row = server.store().session(&id).await.expect("store").expect("session kept");
        if row.status == "completed" {
            session = Some(row);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let session = session.expect("the scripted session completed");
    assert_eq!((session.id_tag.as_str(), session.connector_id), ("DEMO-RFID-0001", 1));
    let receipt = get(&format!("{}/api/v1/sessions/{}/receipt", server.url(), session.id)).await;
    assert_eq!(receipt["session_id"].as_str(), Some(session.id.as_str()), "{receipt}");
    assert!(receipt["duration_s"].as_i64().is_some_and(|d| d >= 2), "{receipt}");
    assert_ne!(receipt["energy_kwh"], "0", "{receipt}");
}

#[test]
fn specs_that_cannot_be_played_are_refused_naming_them() {
    let run = |args: &[&str]| {
        let out = sim()
            .args(["--url", "ws://127.0.0.1:9/ocpp", "--id", "CP1"])
            .args(args)
            .output()
            .expect("ladeklar-sim runs");
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (ok, err) = run(&["--fault", "CP1:1:GroundFailur"]);
    assert!(!ok);
    assert!(
        err.contains("\"GroundFailur\" is not an OCPP 1.6 ChargePointErrorCode"),
        "{err}"
    );
    let (ok, err) = run(&["--charge", "CP2:1:TAG"]);
    assert!(!ok);
    assert!(
        err.contains("--charge: charger \"CP2\" is not one of the simulated chargers (CP1)"),
        "{err}"
    );
    let (ok, err) = run(&["--fault", "CP1:3:GroundFailure"]);
    assert!(!ok);
    assert!(err.contains("connectors 1 to 2"), "{err}");
    let (ok, err) = run(&["--offline", "CP1:10:0"]);
    assert!(!ok);
    assert!(err.contains("FOR_S must be more than 0 seconds"), "{err}");
    assert!(!err.contains("backtrace"), "{err}");
}
