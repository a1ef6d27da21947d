//! Chaos: 200 sessions under way on 100 simulated chargers, the server process killed with
//! SIGKILL and started again on the same data folder and port.
//!
//! - The kill lands while MeterValues flow; half the sessions stop while the server is down
//!   (their chargers queue the stops), the rest after it is back.
//! - All 200 sessions stop at their chargers at once and the kill lands in that burst of
//!   StopTransactions, as soon as the server has stored a tenth of them: some stops are
//!   stored and answered, some stored with their answer cut, some not yet read. The chargers
//!   retry what was not answered after the restart.
//!
//! Every session ends completed and priced exactly once, with the charger's own times and
//! registers: none duplicated, none lost, none half stopped, nothing quarantined.

use std::collections::HashMap;
use std::fs::File;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use ladeklar_core::pricing::{price_session, MeterSample, PricedSession, SessionUsage};
use ladeklar_core::session::SessionStatus;
use ladeklar_core::tariff::Tariff;
use ladeklar_server::Store;
use ladeklar_sim::{SimHandle, SimTransaction};
use rust_decimal::Decimal;
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use sqlx::Executor;
use tokio::task::JoinHandle;

use crate::support::wait_until;
use crate::test_fleet::{RunningFleet, TestFleet};

const CHARGERS: usize = 100;
const SESSIONS: usize = 2 * CHARGERS;
const FLEET: TestFleet = TestFleet {
    prefix: "CHAOS",
    count: CHARGERS,
    password: "chaos-key-0123456789",
};

/// The server as a child process, killed when dropped.
struct ServerProcess(Child);

impl ServerProcess {
    /// Errors only (tracing writes to stdout, which is dropped: the database is checked).
    fn start(data_dir: &Path, port: u16) -> Self {
        Self::spawn(data_dir, port, "error", Stdio::null())
    }

    /// With the server's info lines (one per session priced) written to `log`. The server's
    /// tracing goes to its stdout.
    fn start_logged(data_dir: &Path, port: u16, log: &Path) -> Self {
        let file = File::create(log).expect("server log file");
        Self::spawn(data_dir, port, "info,sqlx=warn,tower_http=warn", Stdio::from(file))
    }

    fn spawn(data_dir: &Path, port: u16, filter: &str, stdout: Stdio) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_ladeklar-test-server"))
            .arg(data_dir)
            .arg(port.to_string())
            .env("RUST_LOG", filter)
            .env("NO_COLOR", "1")
            .stdout(stdout)
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the test server starts");
        Self(child)
    }

    /// SIGKILL: no shutdown, no flushing, whatever was in flight is cut.
    fn kill(mut self) {
        self.0.kill().expect("SIGKILL");
        self.0.wait().expect("reaped");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn wait_healthy(http: &reqwest::Client, port: u16) {
    for _ in 0..300 {
        if let Ok(r) = http.get(format!("http://127.0.0.1:{port}/healthz")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up");
}

/// Demo sites (for their tariffs), 100 chargers at Oslo Storo and a tag per connector.
async fn provision(database_url: &str) {
    let store = Store::open(database_url).await.expect("database");
    FLEET.provision(&store, Utc::now()).await;
    store.close().await;
}

/// The 100 chargers against the server on `port`, a session on every connector. 200 sessions
/// × 1 reading/s: at 250 ms (800 MeterValues/s) the debug-built server falls behind (each
/// reading reloads the session's samples and writes the charger log).
async fn charging(port: u16) -> RunningFleet {
    let fleet = FLEET
        .charging(&format!("ws://127.0.0.1:{port}/ocpp"), Duration::from_millis(1000))
        .await;
    eprintln!("chaos: {SESSIONS} sessions started and answered");
    fleet
}

/// A connection of the test's own to the server's database, to read it while the server
/// runs (WAL: a reader never blocks the server's writes) and right after it is killed.
async fn reader(database_url: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                if conn.backend_name() == "SQLite" {
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                }
                Ok(())
            })
        })
        .connect(database_url)
        .await
        .expect("database")
}

async fn count(db: &AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Polls the count `sql` until `done` holds (60 s at most) and returns it. `every` only
/// paces the polling.
async fn wait_for_count(db: &AnyPool, what: &str, sql: &str, every: Duration, done: impl Fn(i64) -> bool) -> i64 {
    let poll = async {
        loop {
            let n = count(db, sql).await;
            if done(n) {
                return n;
            }
            tokio::time::sleep(every).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(60), poll)
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
}

/// Waits until the server has stored a MeterValues reading for every session: all 200 are
/// under way and their chargers' registers have moved.
async fn wait_for_readings(db: &AnyPool) {
    wait_for_count(
        db,
        "a reading stored for every session",
        "SELECT COUNT(DISTINCT session_id) FROM meter_samples",
        Duration::from_millis(100),
        |n| n == SESSIONS as i64,
    )
    .await;
}

/// Checks that no session is half stopped — either its transaction is open and nothing of a
/// stop is written (no stop time, register, reason or price), or it is completed with all
/// of them — and returns how many are completed.
async fn completed_or_untouched(db: &AnyPool) -> usize {
    type Row = (String, Option<String>, Option<i64>, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT status, stopped_at, meter_stop_wh, stop_reason, priced_json FROM sessions ORDER BY transaction_id",
    )
    .fetch_all(db)
    .await
    .expect("sessions read");
    assert_eq!(rows.len(), SESSIONS, "no session duplicated, invented or lost");
    let mut completed = 0;
    for row in &rows {
        let (status, stopped_at, meter_stop, reason, priced) = row;
        let status = SessionStatus::parse(status).unwrap_or_else(|| panic!("unknown status: {row:?}"));
        let stop_written = [
            stopped_at.is_some(),
            meter_stop.is_some(),
            reason.is_some(),
            priced.is_some(),
        ];
        if status.has_open_transaction() {
            assert_eq!(stop_written, [false; 4], "an open session with part of a stop: {row:?}");
        } else {
            assert_eq!(status, SessionStatus::Completed, "{row:?}");
            assert_eq!(
                stop_written, [true; 4],
                "a completed session without all of its stop: {row:?}"
            );
            completed += 1;
        }
    }
    completed
}

/// What core prices for the charger's own registers and times, with the session's tariff
/// and time zone.
fn priced_by_the_charger(tariff_json: &str, time_zone: &str, tx: &SimTransaction) -> PricedSession {
    let tariff = Tariff::from_json(tariff_json).expect("stored tariff");
    let tz = chrono_tz::Tz::from_str(time_zone).expect("stored time zone");
    let stopped_at = tx.stopped_at.expect("stopped at the charger");
    let energy_wh = tx.meter_stop_wh.expect("stopped at the charger") - tx.meter_start_wh;
    let usage = SessionUsage {
        start: tx.started_at,
        end: stopped_at,
        samples: vec![
            MeterSample {
                at: tx.started_at,
                energy_wh: Decimal::ZERO,
            },
            MeterSample {
                at: stopped_at,
                energy_wh: Decimal::from(energy_wh),
            },
        ],
    };
    price_session(&tariff, tz, &usage).expect("the charger's session prices")
}

fn instant(s: &Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref()
        .map(|s| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

/// For each session id, how many times the server logged it "session completed and
/// priced" in `logs`; and how many repeated StopTransactions it answered for sessions
/// already completed.
fn priced_lines(logs: &[&Path]) -> (HashMap<String, usize>, usize) {
    let mut priced: HashMap<String, usize> = HashMap::new();
    let mut repeated = 0;
    for log in logs {
        let text = std::fs::read_to_string(log).expect("server log");
        for line in text.lines() {
            if line.contains("session completed and priced") {
                let id = line
                    .split_whitespace()
                    .find_map(|w| w.strip_prefix("session="))
                    .unwrap_or_else(|| panic!("no session in {line:?}"));
                *priced.entry(id.to_owned()).or_default() += 1;
            } else if line.contains("StopTransaction repeated; already completed") {
                repeated += 1;
            }
        }
    }
    (priced, repeated)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_sessions_survive_a_killed_server_priced_exactly_once() {
    let data = tempfile::tempdir().expect("temp dir");
    // The test server's database: the SQLite file in the folder, or its PostgreSQL database.
    let database_url = ladeklar_server::Config::for_tests(data.path().to_path_buf()).database_url();
    provision(&database_url).await;
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let http = reqwest::Client::new();
    let server = ServerProcess::start(data.path(), port);
    wait_healthy(&http, port).await;

    let mut chargers = charging(port).await;
    let handles = chargers.handles.clone();
    // The kill lands while every session is under way with readings flowing.
    let db = reader(&database_url).await;
    wait_for_readings(&db).await;
    db.close().await;

    server.kill();
    wait_until("every charger saw the server go", || {
        handles.iter().all(|h| !h.is_connected())
    })
    .await;
    // Half the drivers end their session while the server is down; the stops queue.
    for h in &handles {
        assert!(h.stop_local(1).await);
    }
    assert!(
        handles.iter().all(|h| h.queued() > 0),
        "every charger holds its stop for the next connection"
    );

    let server = ServerProcess::start(data.path(), port);
    wait_healthy(&http, port).await;
    eprintln!("chaos: server restarted");
    wait_until("queues delivered after the restart", || chargers.all_delivered()).await;
    eprintln!("chaos: queues delivered");
    for h in &handles {
        assert!(h.stop_local(2).await);
    }
    wait_until("the last stops delivered", || handles.iter().all(|h| h.queued() == 0)).await;
    chargers.shut_down().await;
    server.kill();

    // The billing record, read back from the database the killed server left.
    let store = Store::open(&database_url).await.expect("database");
    let mut checked = 0;
    for (n, h) in handles.iter().enumerate() {
        let transactions = h.transactions();
        assert_eq!(transactions.len(), 2);
        for tx in transactions {
            let id = tx.transaction_id.expect("answered");
            let row = store
                .session_by_transaction(&FLEET.charger_id(n), i64::from(id))
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("a session for {} transaction {id}", FLEET.charger_id(n)));
            assert_eq!(row.status, "completed", "{row:?}");
            assert!(row.priced_json.is_some(), "priced: {row:?}");
            assert_eq!(row.meter_anomalies, None, "{row:?}");
            assert_eq!(row.id_tag, FLEET.tag(n, tx.connector_id));
            assert_eq!(row.meter_start_wh, Some(i64::from(tx.meter_start_wh)));
            assert_eq!(row.meter_stop_wh, tx.meter_stop_wh.map(i64::from));
            assert_eq!(instant(&row.started_at), Some(tx.started_at));
            assert_eq!(instant(&row.stopped_at), tx.stopped_at);
            checked += 1;
        }
    }
    assert_eq!(checked, SESSIONS);
    let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(sessions, SESSIONS as i64, "no session duplicated or invented");
    let (quarantined,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM quarantine")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(quarantined, 0, "nothing left unmatched");
    assert!(store.sessions_under_way().await.unwrap().is_empty());
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_during_a_burst_of_200_stops_leaves_no_session_half_stopped() {
    let data = tempfile::tempdir().expect("temp dir");
    let database_url = ladeklar_server::Config::for_tests(data.path().to_path_buf()).database_url();
    provision(&database_url).await;
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let http = reqwest::Client::new();
    let (first_log, second_log) = (data.path().join("server-1.log"), data.path().join("server-2.log"));
    let server = ServerProcess::start_logged(data.path(), port, &first_log);
    wait_healthy(&http, port).await;

    let mut chargers = charging(port).await;
    let handles = chargers.handles.clone();
    let db = reader(&database_url).await;
    wait_for_readings(&db).await;

    // The burst: every driver ends the session at the charger at once.
    let stops: Vec<JoinHandle<bool>> = handles
        .iter()
        .flat_map(|h| {
            [1, 2].map(|connector| {
                let h = h.clone();
                tokio::spawn(async move { h.stop_local(connector).await })
            })
        })
        .collect();
    // SIGKILL as soon as the server has stored the first tenth of the stops, with the others
    // in flight: some stored and answered, some stored with the answer cut, some inside
    // their database transaction, some not yet read. (The 1 ms only paces the polling: the
    // kill follows the stored stops, not a timer.)
    wait_for_count(
        &db,
        "a tenth of the stops stored",
        "SELECT COUNT(*) FROM sessions WHERE stopped_at IS NOT NULL OR priced_json IS NOT NULL \
         OR meter_stop_wh IS NOT NULL OR status = 'completed'",
        Duration::from_millis(1),
        |n| n >= SESSIONS as i64 / 10,
    )
    .await;
    server.kill();

    // What the killed server left: every session completed in full or not touched.
    let stored_at_kill = completed_or_untouched(&db).await;
    eprintln!("chaos: killed with {stored_at_kill} of {SESSIONS} stops stored");
    assert!(stored_at_kill >= SESSIONS / 10);
    assert!(
        stored_at_kill < SESSIONS,
        "the kill came after the last stop was stored: nothing was in flight"
    );
    for stop in stops {
        assert!(stop.await.expect("stop task"), "a session ran on the connector");
    }
    assert!(
        handles
            .iter()
            .flat_map(SimHandle::transactions)
            .all(|t| t.stopped_at.is_some() && t.meter_stop_wh.is_some()),
        "every session ended at its charger"
    );

    let server = ServerProcess::start_logged(data.path(), port, &second_log);
    wait_healthy(&http, port).await;
    eprintln!("chaos: server restarted");
    wait_until("the unanswered stops retried and answered", || chargers.all_delivered()).await;
    eprintln!("chaos: retries delivered");
    assert_eq!(completed_or_untouched(&db).await, SESSIONS, "every session completed");
    chargers.shut_down().await;
    server.kill();
    db.close().await;

    // Each session against what its charger measured, and priced as core prices that.
    let store = Store::open(&database_url).await.expect("database");
    let mut session_ids = Vec::new();
    for (n, h) in handles.iter().enumerate() {
        let transactions = h.transactions();
        assert_eq!(transactions.len(), 2);
        for tx in transactions {
            let id = tx.transaction_id.expect("answered");
            let row = store
                .session_by_transaction(&FLEET.charger_id(n), i64::from(id))
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("a session for {} transaction {id}", FLEET.charger_id(n)));
            assert_eq!(row.status, "completed", "{row:?}");
            assert_eq!(row.meter_anomalies, None, "{row:?}");
            assert_eq!(row.id_tag, FLEET.tag(n, tx.connector_id));
            assert_eq!(row.stop_reason.as_deref(), Some("Local"), "{row:?}");
            assert_eq!(row.meter_start_wh, Some(i64::from(tx.meter_start_wh)));
            assert_eq!(row.meter_stop_wh, tx.meter_stop_wh.map(i64::from), "{row:?}");
            assert_eq!(instant(&row.started_at), Some(tx.started_at));
            assert_eq!(instant(&row.stopped_at), tx.stopped_at, "{row:?}");
            let priced: PricedSession =
                serde_json::from_str(row.priced_json.as_deref().expect("priced")).expect("a priced session");
            let expected = priced_by_the_charger(&row.tariff_json, &row.time_zone, &tx);
            assert!(expected.total_energy_kwh > Decimal::ZERO, "{expected:?}");
            assert_eq!(priced.total_energy_kwh, expected.total_energy_kwh, "{row:?}");
            assert_eq!(priced.total, expected.total, "{row:?}");
            session_ids.push(row.id);
        }
    }
    assert_eq!(session_ids.len(), SESSIONS);
    let (quarantined,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM quarantine")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(quarantined, 0, "nothing left unmatched");
    assert!(store.sessions_under_way().await.unwrap().is_empty());
    store.close().await;

    // Priced once across both server processes. The log line follows the commit, so a kill
    // between the two leaves a session priced without its line: at most one line each.
    let (priced, repeated) = priced_lines(&[&first_log, &second_log]);
    for id in &session_ids {
        let lines = priced.get(id).copied().unwrap_or(0);
        assert!(lines <= 1, "session {id} priced {lines} times");
    }
    assert!(
        priced.keys().all(|id| session_ids.contains(id)),
        "only these sessions priced: {priced:?}"
    );
    eprintln!(
        "chaos: {} sessions logged as priced, {repeated} repeated stops answered as already completed",
        priced.len()
    );
}
