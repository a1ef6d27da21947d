//! A node killed under load (issue 12): three server nodes as processes on one PostgreSQL
//! database and one NATS server, behind Debian's HAProxy; 50 simulated chargers connected
//! through HAProxy with 100 sessions under way. One node is killed with SIGKILL: its
//! chargers reconnect through HAProxy to the other nodes and deliver their queued messages;
//! operations for every charger work again through HAProxy; every session, stopped at its
//! charger, ends completed and priced exactly once.
//!
//! Needs PostgreSQL: skipped (saying so) when `LADEKLAR_TEST_POSTGRES_URL` is unset.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use ladeklar_server::Store;
use serde_json::json;

use crate::cluster::{free_port, postgres, Nats};
use crate::support::wait_until;
use crate::test_fleet::TestFleet;

const CHARGERS: usize = 50;
const SESSIONS: usize = 2 * CHARGERS;
const FLEET: TestFleet = TestFleet {
    prefix: "NODEKILL",
    count: CHARGERS,
    password: "cluster-key-0123456789",
};

/// A child process killed (SIGKILL) when dropped.
pub(crate) struct Process(pub(crate) Option<Child>);

impl Process {
    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A node: the test server binary on `port` with the shared database and bus; its tracing
/// (one line per session priced) goes to `log`.
fn node(data_dir: &Path, port: u16, database: &str, nats: &str, id: &str, log: &Path) -> Process {
    let child = Command::new(env!("CARGO_BIN_EXE_ladeklar-test-server"))
        .arg(data_dir)
        .arg(port.to_string())
        .env("LADEKLAR_TEST_DATABASE_URL", database)
        .env("LADEKLAR_NATS_URL", nats)
        .env("LADEKLAR_NODE_ID", id)
        .env("RUST_LOG", "info,sqlx=warn,tower_http=warn")
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(File::create(log).expect("node log")))
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the test server starts");
    Process(Some(child))
}

/// HAProxy on `port` in front of `nodes` (the configuration `scripts/dev.sh cluster` writes).
fn haproxy(dir: &Path, port: u16, nodes: &[u16]) -> Process {
    let servers: String = nodes
        .iter()
        .enumerate()
        .map(|(i, p)| format!("    server node{} 127.0.0.1:{p} check\n", i + 1))
        .collect();
    let config = format!(
        "global\n    maxconn 2000\ndefaults\n    mode http\n    option forwardfor\n    option redispatch\n    retries 3\n\
         timeout connect 5s\n    timeout client 90s\n    timeout server 90s\n    timeout tunnel 1h\n\
         frontend ladeklar\n    bind 127.0.0.1:{port}\n    default_backend nodes\n\
         backend nodes\n    balance leastconn\n    option httpchk GET /readyz\n    http-check expect status 200\n\
         default-server inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions\n{servers}"
    );
    let file = dir.join("haproxy.cfg");
    std::fs::write(&file, config).expect("haproxy.cfg written");
    let binary = ["haproxy", "/usr/sbin/haproxy"]
        .into_iter()
        .find(|b| Command::new(b).arg("-v").output().is_ok())
        .expect("haproxy is installed (Debian package `haproxy`; scripts/setup.sh --tests installs it)");
    let child = Command::new(binary)
        .arg("-db")
        .arg("-f")
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("haproxy starts");
    Process(Some(child))
}

async fn provision(database: &str) -> String {
    let store = Store::open(database).await.expect("database");
    let now = Utc::now();
    FLEET.provision(&store, now).await;
    ladeklar_server::demo::ensure_demo_passwords(&store)
        .await
        .expect("demo passwords");
    let email = ladeklar_core::accounts::parse_email(crate::support::ADMIN).expect("e-mail");
    let admin = store
        .user_by_email(&email)
        .await
        .expect("read")
        .expect("the demo admin");
    let token = store.sign_in(admin.id, "tests", now).await.expect("token");
    store.close().await;
    token
}

pub(crate) async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Polls the count `sql` until `done` holds (90 s at most).
pub(crate) async fn wait_for_count(store: &Store, what: &str, sql: &str, done: impl Fn(i64) -> bool) -> i64 {
    for _ in 0..900 {
        let n = count(store, sql).await;
        if done(n) {
            return n;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

/// How many times each session was logged "session completed and priced" in `logs`.
pub(crate) fn priced_lines(logs: &[PathBuf]) -> HashMap<String, usize> {
    let mut priced: HashMap<String, usize> = HashMap::new();
    for log in logs {
        let text = std::fs::read_to_string(log).expect("node log");
        for line in text.lines().filter(|l| l.contains("session completed and priced")) {
            let id = line
                .split_whitespace()
                .find_map(|w| w.strip_prefix("session="))
                .unwrap_or_else(|| panic!("no session in {line:?}"));
            *priced.entry(id.to_owned()).or_default() += 1;
        }
    }
    priced
}

#[tokio::test]
async fn a_node_killed_under_load_loses_no_session_and_its_chargers_work_again_through_haproxy() {
    let Some(_) = postgres() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let database = ladeklar_store::test_database_url(dir.path()).expect("a PostgreSQL database");
    let token = provision(&database).await;
    let store = Store::open(&database).await.expect("the test's own connection");
    let nats = Nats::start();

    let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let logs: Vec<PathBuf> = (1..=3).map(|i| dir.path().join(format!("node{i}.log"))).collect();
    let mut nodes: Vec<Process> = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let data = dir.path().join(format!("node{}", i + 1));
        nodes.push(node(
            &data,
            *port,
            &database,
            &nats.url(),
            &format!("node{}", i + 1),
            &logs[i],
        ));
    }
    let http = reqwest::Client::new();
    for port in &ports {
        let ready = format!("http://127.0.0.1:{port}/readyz");
        let mut up = false;
        for _ in 0..600 {
            if http.get(&ready).send().await.is_ok_and(|r| r.status().is_success()) {
                up = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(up, "node on port {port} did not become ready");
    }
    let lb = free_port();
    let _haproxy = haproxy(dir.path(), lb, &ports);
    let lb_ready = format!("http://127.0.0.1:{lb}/readyz");
    for _ in 0..300 {
        if http.get(&lb_ready).send().await.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // 50 chargers through HAProxy (spread by leastconn), a session on every connector.
    let mut fleet = FLEET
        .charging(&format!("ws://127.0.0.1:{lb}/ocpp"), Duration::from_millis(2000))
        .await;
    let handles = fleet.handles.clone();
    wait_for_count(
        &store,
        "a reading stored for every session",
        "SELECT COUNT(DISTINCT session_id) FROM meter_samples",
        |n| n == SESSIONS as i64,
    )
    .await;
    let connections = |log: &PathBuf| {
        std::fs::read_to_string(log)
            .unwrap_or_default()
            .matches("charger connected")
            .count()
    };
    let before: Vec<usize> = logs.iter().map(connections).collect();
    assert!(before[1] > 0, "node 2 holds chargers before the kill: {before:?}");

    // SIGKILL node 2 while MeterValues flow: its chargers reconnect to nodes 1 and 3.
    nodes[1].kill();
    wait_until("node 2's chargers connected to the other nodes", || {
        connections(&logs[0]) + connections(&logs[2]) >= before[0] + before[1] + before[2]
    })
    .await;
    wait_until("every charger connected again and every message delivered", || {
        handles.iter().all(|h| h.is_connected() && h.queued() == 0)
    })
    .await;

    // Operations for every charger work again through HAProxy (on any node).
    for n in 0..CHARGERS {
        let url = format!("http://127.0.0.1:{lb}/api/v1/chargers/{}/commands", FLEET.charger_id(n));
        let mut answered = false;
        for _ in 0..100 {
            let r = http
                .post(&url)
                .bearer_auth(&token)
                .json(&json!({"command": "GetLocalListVersion"}))
                .send()
                .await;
            if r.is_ok_and(|r| r.status().is_success()) {
                answered = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(answered, "no operation for {} after the kill", FLEET.charger_id(n));
    }

    // Every session stops at its charger: each completed and priced exactly once.
    for h in &handles {
        for connector in [1, 2] {
            assert!(h.stop_local(connector).await);
        }
    }
    wait_until("every stop delivered", || handles.iter().all(|h| h.queued() == 0)).await;
    wait_for_count(
        &store,
        "every session completed",
        "SELECT COUNT(*) FROM sessions WHERE status = 'completed' AND priced_json IS NOT NULL",
        |n| n == SESSIONS as i64,
    )
    .await;
    assert_eq!(count(&store, "SELECT COUNT(*) FROM sessions").await, SESSIONS as i64);
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM quarantine").await,
        0,
        "nothing quarantined"
    );
    fleet.shut_down().await;
    for n in &mut nodes {
        n.kill();
    }
    let priced = priced_lines(&logs);
    assert_eq!(priced.len(), SESSIONS, "every session priced: {priced:?}");
    assert!(priced.values().all(|&n| n == 1), "a session priced twice: {priced:?}");
    store.close().await;
}
