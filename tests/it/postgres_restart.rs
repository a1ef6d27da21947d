//! PostgreSQL restarted under load (issue 12): a server node (a process of its own) on a
//! PostgreSQL server of the test's own — `fsync` and `synchronous_commit` on, so a commit is
//! durable when it returns — with 20 simulated chargers running 40 sessions. PostgreSQL is
//! stopped as by a crash (`pg_ctl stop -m immediate`: what was not durable is gone) while
//! MeterValues flow and half of the sessions stop, and started again.
//!
//! - No answer before the durable write: every transaction the chargers got an id for before
//!   the crash is in the database after it; a StartTransaction sent while PostgreSQL is down
//!   gets no CALLRESULT until it is back, and the transaction it then answers is stored.
//! - Nothing lost, nothing duplicated: the chargers resend what was not answered (an
//!   unanswered CALL after the connection's end; a CALLERROR `InternalError`
//!   `TransactionMessageAttempts` times, as OCPP 1.6 asks); every session ends completed with
//!   the charger's meter readings and is priced exactly once; nothing is quarantined.
//!
//! Needs PostgreSQL 15's binaries (`scripts/setup.sh --tests`); runs in the PostgreSQL pass
//! of the test command (skipped, saying so, when `LADEKLAR_TEST_POSTGRES_URL` is unset).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use ladeklar_ocpp::Frame;
use ladeklar_server::Store;
use ladeklar_sim::SimHandle;
use serde_json::json;

use crate::cluster::{free_port, postgres};
use crate::cluster_kill::{count, priced_lines, wait_for_count, Process};
use crate::support::{wait_until, ScriptedCharger};
use crate::test_fleet::TestFleet;

const CHARGERS: usize = 20;
const SESSIONS: usize = 2 * CHARGERS;
const FLEET: TestFleet = TestFleet {
    prefix: "PGRESTART",
    count: CHARGERS,
    password: "pg-restart-key-0123456789",
};
/// A demo charger the test drives frame by frame.
const SCRIPTED: &str = "OSLO-STORO-DC1";

/// A PostgreSQL 15 server of this test's own in a temporary folder on a free port (as
/// `scripts/with-postgres.sh` makes one; as root its processes run as the `postgres` user),
/// durable: `fsync=on`, `synchronous_commit=on`. Stopped when dropped.
struct OwnPostgres {
    dir: tempfile::TempDir,
    port: u16,
    as_root: bool,
}

impl OwnPostgres {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let as_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        if as_root {
            let chowned = Command::new("chown")
                .arg("postgres:")
                .arg(dir.path())
                .status()
                .expect("chown runs");
            assert!(chowned.success(), "the temp folder given to the postgres user");
        }
        let pg = Self {
            dir,
            port: free_port(),
            as_root,
        };
        let data = pg.data();
        pg.run(
            "initdb",
            &[
                "-D",
                data.to_str().expect("path"),
                "-U",
                "ladeklar",
                "--auth=trust",
                "--no-locale",
                "-E",
                "UTF8",
            ],
        );
        pg.start_server();
        pg
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs a PostgreSQL program (as `postgres` when root) and checks it succeeded.
    fn run(&self, program: &str, args: &[&str]) {
        let bin = std::env::var("PG_BIN").unwrap_or_else(|_| "/usr/lib/postgresql/15/bin".into());
        let program = Path::new(&bin).join(program);
        let mut command = if self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let out = command
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{} runs (scripts/setup.sh --tests installs it): {e}", program.display()));
        assert!(
            out.status.success(),
            "{} {args:?}: {}{}",
            program.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn start_server(&self) {
        let options = format!(
            "-h 127.0.0.1 -p {} -k {} -c fsync=on -c synchronous_commit=on -c max_connections=50",
            self.port,
            self.dir.path().display()
        );
        let (data, log) = (self.data(), self.dir.path().join("postgres.log"));
        self.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().expect("path"),
                "-l",
                log.to_str().expect("path"),
                "-w",
                "-t",
                "60",
                "-o",
                &options,
                "start",
            ],
        );
    }

    /// Stops the server as a crash would: no shutdown checkpoint, clients cut off.
    fn crash(&self) {
        let data = self.data();
        self.run(
            "pg_ctl",
            &["-D", data.to_str().expect("path"), "-m", "immediate", "-w", "stop"],
        );
    }

    fn url(&self) -> String {
        format!("postgres://ladeklar@127.0.0.1:{}/ladeklar", self.port)
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        if self.data().join("postmaster.pid").exists() {
            self.crash();
        }
    }
}

async fn provision(database: &str) {
    let store = Store::open(database).await.expect("database");
    FLEET.provision(&store, Utc::now()).await;
    store.close().await;
}

/// The transaction ids the chargers were answered with so far.
fn answered(handles: &[SimHandle]) -> Vec<i64> {
    handles
        .iter()
        .flat_map(|h| h.transactions())
        .filter_map(|t| t.transaction_id.map(i64::from))
        .collect()
}

#[tokio::test]
async fn postgres_restarted_under_load_loses_nothing_duplicates_nothing_and_answers_only_after_the_write() {
    if postgres().is_none() {
        return;
    }
    let pg = OwnPostgres::start();
    let database = pg.url();
    provision(&database).await;
    let store = Store::open(&database).await.expect("the test's own connection");

    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let log = dir.path().join("node.log");
    let _node = Process(Some(
        Command::new(env!("CARGO_BIN_EXE_ladeklar-test-server"))
            .arg(dir.path().join("data"))
            .arg(port.to_string())
            .env("LADEKLAR_TEST_DATABASE_URL", &database)
            .env("RUST_LOG", "info,sqlx=warn,tower_http=warn")
            .env("NO_COLOR", "1")
            .stdout(Stdio::from(File::create(&log).expect("node log")))
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the test server starts"),
    ));
    let http = reqwest::Client::new();
    let ready = format!("http://127.0.0.1:{port}/readyz");
    let mut up = false;
    for _ in 0..600 {
        if http.get(&ready).send().await.is_ok_and(|r| r.status().is_success()) {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the node did not become ready");
    let ws_base = format!("ws://127.0.0.1:{port}/ocpp");

    // 20 chargers, a session on every connector, a reading every half second each.
    let mut fleet = FLEET.charging(&ws_base, Duration::from_millis(500)).await;
    let handles = fleet.handles.clone();
    wait_for_count(
        &store,
        "a reading stored for every session",
        "SELECT COUNT(DISTINCT session_id) FROM meter_samples",
        |n| n == SESSIONS as i64,
    )
    .await;
    let mut scripted = ScriptedCharger::connect(&ws_base, SCRIPTED).await;
    scripted.boot(&[1]).await;
    store.close().await;

    // The crash, with readings flowing; half of the sessions stop while PostgreSQL is down.
    pg.crash();
    let answered_before_the_crash = answered(&handles);
    for h in handles.iter().step_by(2) {
        for connector in [1, 2] {
            assert!(h.stop_local(connector).await);
        }
    }
    // A StartTransaction while PostgreSQL is down: no CALLRESULT (a CALLERROR may come).
    let start =
        json!({"connectorId": 1, "idTag": "DEMO-RFID-0001", "meterStart": 0, "timestamp": Utc::now().to_rfc3339()});
    scripted
        .send_text(&json!([2, "pg-down-start", "StartTransaction", start]).to_string())
        .await;
    let during = scripted.recv_within(Duration::from_secs(3)).await;
    assert!(
        !matches!(during, Some(Frame::CallResult { .. })),
        "a StartTransaction was answered while PostgreSQL was down: {during:?}"
    );

    pg.start_server();
    // The held StartTransaction is answered once PostgreSQL is back; one the node could not
    // process (a CALLERROR) is sent again, as a charger would.
    let mut answer = match during {
        None => scripted.recv_within(Duration::from_secs(60)).await,
        some => some,
    };
    let mut attempt = 0;
    let transaction_id = loop {
        match answer {
            Some(Frame::CallResult { payload, .. }) => {
                break payload["transactionId"].as_i64().expect("a transaction id");
            }
            Some(Frame::CallError { .. }) if attempt < 10 => {
                attempt += 1;
                tokio::time::sleep(Duration::from_secs(1)).await;
                scripted
                    .send_text(&json!([2, format!("pg-down-start-{attempt}"), "StartTransaction", start]).to_string())
                    .await;
            }
            other => panic!("no CALLRESULT for the StartTransaction after PostgreSQL returned: {other:?}"),
        }
        answer = scripted.recv_within(Duration::from_secs(60)).await;
    };
    let store = Store::open(&database).await.expect("the test's connection again");
    let stored = count(
        &store,
        &format!("SELECT COUNT(*) FROM sessions WHERE transaction_id = {transaction_id}"),
    )
    .await;
    assert_eq!(stored, 1, "the transaction answered after the restart is stored once");
    let stop_scripted = json!({"transactionId": transaction_id, "meterStop": 10, "timestamp": Utc::now().to_rfc3339(), "reason": "Local"});
    scripted.call_ok("StopTransaction", stop_scripted).await;
    // Every transaction answered before the crash survived it.
    for id in &answered_before_the_crash {
        let n = count(
            &store,
            &format!("SELECT COUNT(*) FROM sessions WHERE transaction_id = {id}"),
        )
        .await;
        assert_eq!(n, 1, "transaction {id} was answered before the crash but is not stored");
    }

    // The other half stops; every queued message is delivered.
    for h in handles.iter().skip(1).step_by(2) {
        for connector in [1, 2] {
            assert!(h.stop_local(connector).await);
        }
    }
    wait_until("every charger's messages delivered", || {
        handles.iter().all(|h| h.is_connected() && h.queued() == 0)
    })
    .await;
    wait_for_count(
        &store,
        "every session completed and priced",
        "SELECT COUNT(*) FROM sessions WHERE status = 'completed' AND priced_json IS NOT NULL",
        |n| n == SESSIONS as i64 + 1,
    )
    .await;
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM sessions").await,
        SESSIONS as i64 + 1
    );
    // Each charger's transactions as it recorded them: stored once, with its meter readings.
    for h in &handles {
        for t in h.transactions() {
            let id = t.transaction_id.expect("every Start answered");
            let stop = t.meter_stop_wh.expect("every transaction stopped");
            let row = count(
                &store,
                &format!(
                    "SELECT COUNT(*) FROM sessions WHERE transaction_id = {id} AND meter_start_wh = {} AND meter_stop_wh = {stop}",
                    t.meter_start_wh
                ),
            )
            .await;
            assert_eq!(row, 1, "transaction {id} stored with the charger's readings");
        }
    }
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM quarantine").await,
        0,
        "nothing quarantined"
    );
    fleet.shut_down().await;
    store.close().await;
    let priced = priced_lines(&[log]);
    assert_eq!(priced.len(), SESSIONS + 1, "every session priced: {priced:?}");
    assert!(priced.values().all(|&n| n == 1), "a session priced twice: {priced:?}");
}
