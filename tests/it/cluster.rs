//! Several server nodes (issue 12): two in-process servers on one PostgreSQL database and one
//! NATS server (Debian's `nats-server` on a free 127.0.0.1 port). A charger held by node A
//! is reached from node B; node B's live views see sessions node A updates; a charger that
//! connects to B closes its connection on A; the jobs run on one node; with NATS stopped for
//! 30 s the API answers 503 naming the bus while chargers keep being answered and stored, and
//! everything recovers without a restart when NATS returns.
//!
//! The two-node tests need PostgreSQL: they are skipped (saying so) when
//! `LADEKLAR_TEST_POSTGRES_URL` is unset; `scripts/with-postgres.sh cargo test` runs them.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures_util::StreamExt;
use ladeklar_server::Config;
use serde_json::{json, Value};

use crate::support::{wait_until, ScriptedCharger, TestApp};

const CHARGER: &str = "STAVANGER-VAAGEN-AC1"; // 2 connectors
const OTHER: &str = "OSLO-STORO-DC1";

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("its address")
        .port()
}

/// A `nats-server` process on 127.0.0.1, stopped when dropped.
pub(crate) struct Nats {
    child: Option<Child>,
    port: u16,
    credentials: Option<(String, String)>,
}

impl Nats {
    pub(crate) fn start() -> Self {
        let mut nats = Self {
            child: None,
            port: free_port(),
            credentials: None,
        };
        nats.restart();
        nats
    }

    /// A server that lets in only `user` with `password`.
    fn start_with_user(user: &str, password: &str) -> Self {
        let mut nats = Self {
            child: None,
            port: free_port(),
            credentials: Some((user.into(), password.into())),
        };
        nats.restart();
        nats
    }

    /// Starts the server (again) on its port and waits until it accepts connections.
    fn restart(&mut self) {
        let binary = ["nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server"]
            .into_iter()
            .find(|b| Command::new(b).arg("--version").output().is_ok())
            .expect("nats-server is installed (Debian package `nats-server`; scripts/setup.sh --tests installs it)");
        let mut command = Command::new(binary);
        command.args(["-a", "127.0.0.1", "-p", &self.port.to_string()]);
        if let Some((user, password)) = &self.credentials {
            command.args(["--user", user, "--pass", password]);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nats-server starts");
        self.child = Some(child);
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("nats-server did not listen on 127.0.0.1:{}", self.port);
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The PostgreSQL server of the tests, or `None` (the caller skips, saying why).
pub(crate) fn postgres() -> Option<String> {
    let url = std::env::var(ladeklar_store::TEST_POSTGRES_URL_VAR).ok();
    if url.is_none() {
        eprintln!(
            "skipped: the cluster tests need PostgreSQL; run them with scripts/with-postgres.sh cargo test -p ladeklar-e2e cluster"
        );
    }
    url
}

/// Two nodes on one database (node A's, a PostgreSQL database of its own) and one bus.
async fn two_nodes(nats: &Nats) -> (TestApp, TestApp) {
    let url = nats.url();
    let a = TestApp::start_with(|c| {
        c.nats_url = Some(url.clone());
        c.node_id = Some("node-a".into());
    })
    .await;
    let database = a.server.store_url();
    let b = TestApp::start_with(|c: &mut Config| {
        c.nats_url = Some(url.clone());
        c.node_id = Some("node-b".into());
        c.database_url = Some(database);
    })
    .await;
    (a, b)
}

/// Reads Server-Sent Events until one's data satisfies `done` (30 s at most).
async fn wait_for_event(response: reqwest::Response, what: &str, done: impl Fn(&Value) -> bool) {
    let mut body = response.bytes_stream();
    let mut buffer = String::new();
    let waited = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(chunk) = body.next().await {
            buffer.push_str(&String::from_utf8_lossy(&chunk.expect("SSE chunk")));
            while let Some(end) = buffer.find("\n\n") {
                let event: String = buffer.drain(..end + 2).collect();
                if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                    if done(&serde_json::from_str(data).expect("SSE data is JSON")) {
                        return true;
                    }
                }
            }
        }
        false
    })
    .await;
    assert!(matches!(waited, Ok(true)), "no live event with {what}");
}

#[tokio::test]
async fn a_start_on_node_b_reaches_the_charger_on_node_a_and_b_sees_the_session_live() {
    let Some(_) = postgres() else { return };
    let nats = Nats::start();
    let (a, b) = two_nodes(&nats).await;
    let mut charger = ScriptedCharger::connect(&a.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    // Node B counts the charger online (node A announced it) with A's stored status.
    b.wait_for_connector(CHARGER, 1, "available").await;

    // The driver's start on node B: RemoteStartTransaction reaches the charger on node A.
    let start = b.spawn_post("/api/v1/sessions", json!({"charger_id": CHARGER, "connector_id": 1}));
    let remote_start = charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    let id_tag = remote_start["idTag"].as_str().unwrap().to_owned();
    let (status, session) = start.await.unwrap();
    assert_eq!(status, 201, "{session}");
    let id = session["id"].as_str().unwrap().to_owned();

    // A live view on node B sees the session node A starts.
    let live = b
        .http
        .get(b.url(&format!("/api/v1/sessions/{id}/live")))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), 200);
    let started = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": id_tag, "meterStart": 1000, "timestamp": chrono::Utc::now().to_rfc3339()}),
        )
        .await;
    assert_eq!(started["idTagInfo"]["status"], "Accepted");
    wait_for_event(live, "status charging", |v| v["status"] == "charging").await;

    // A command through node B's API is answered by the charger on node A.
    let command = b.spawn_post(
        &format!("/api/v1/chargers/{CHARGER}/commands"),
        json!({"command": "ClearCache"}),
    );
    charger
        .answer_next_call("ClearCache", json!({"status": "Accepted"}))
        .await;
    let (status, reply) = command.await.unwrap();
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["response"], json!({"status": "Accepted"}));

    // A charger no node holds: 409 charger_offline from either node.
    let (status, problem) = b
        .post(
            &format!("/api/v1/chargers/{OTHER}/commands"),
            json!({"command": "ClearCache"}),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("charger_offline")),
        "{problem}"
    );

    // Both nodes are ready and name themselves.
    for (app, node) in [(&a, "node-a"), (&b, "node-b")] {
        let (status, ready) = app.get("/readyz").await;
        assert_eq!(status, 200, "{ready}");
        assert_eq!(
            (ready["node"].as_str(), ready["bus"].as_str()),
            (Some(node), Some("ok"))
        );
    }
    b.server.shutdown().await;
    a.server.shutdown().await;
}

#[tokio::test]
async fn a_charger_connecting_to_node_b_closes_its_connection_on_node_a() {
    let Some(_) = postgres() else { return };
    let nats = Nats::start();
    let (a, b) = two_nodes(&nats).await;
    let mut old = ScriptedCharger::connect(&a.ws_base(), CHARGER).await;
    old.boot(&[1, 2]).await;
    b.wait_for_connector(CHARGER, 1, "available").await;

    let mut new = ScriptedCharger::connect(&b.ws_base(), CHARGER).await;
    new.boot(&[1, 2]).await;
    let reason = old.closed_by_server().await;
    assert_eq!(reason.as_deref(), Some("replaced by a newer connection"));
    // The takeover is in the charger's log.
    a.wait_for(
        &format!("/api/v1/chargers/{CHARGER}/log?limit=100"),
        "the takeover in the log",
        |log| {
            log["entries"].as_array().is_some_and(|es| {
                es.iter()
                    .any(|e| e["text"].as_str().unwrap_or("").contains("taken over by node node-b"))
            })
        },
    )
    .await;
    // Node A's operations now reach the charger on node B.
    let command = a.spawn_post(
        &format!("/api/v1/chargers/{CHARGER}/commands"),
        json!({"command": "ClearCache"}),
    );
    new.answer_next_call("ClearCache", json!({"status": "Accepted"})).await;
    assert_eq!(command.await.unwrap().0, 200);
    b.server.shutdown().await;
    a.server.shutdown().await;
}

/// An operation the server starts itself (not the API's) reaches chargers on every node: a
/// tag blocked on node B is sent in a SendLocalList to the charger node A holds.
#[tokio::test]
async fn a_tag_blocked_on_node_b_reaches_the_local_list_of_a_charger_on_node_a() {
    let Some(_) = postgres() else { return };
    let nats = Nats::start();
    let (a, b) = two_nodes(&nats).await;
    let mut charger = ScriptedCharger::connect(&a.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    // Node B counts the charger online (node A announced it).
    b.wait_for_connector(CHARGER, 1, "available").await;

    let (status, tags) = b
        .post(
            "/api/v1/account/tags",
            json!({"uid": "04A22B1C9E5D80", "name": "Keyring"}),
        )
        .await;
    assert!((200..300).contains(&status), "{status} {tags}");
    let (http, url) = (b.http.clone(), b.url("/api/v1/account/tags/04A22B1C9E5D80/blocked"));
    let blocking = tokio::spawn(async move {
        http.put(url)
            .json(&json!({"blocked": true}))
            .send()
            .await
            .unwrap()
            .status()
    });
    let list = charger
        .answer_next_call("SendLocalList", json!({"status": "Accepted"}))
        .await;
    assert_eq!(list["updateType"], "Differential");
    assert_eq!(list["localAuthorizationList"][0]["idTag"], "04A22B1C9E5D80");
    assert_eq!(list["localAuthorizationList"][0]["idTagInfo"]["status"], "Blocked");
    assert_eq!(blocking.await.unwrap().as_u16(), 200);
    b.server.shutdown().await;
    a.server.shutdown().await;
}

#[tokio::test]
async fn the_jobs_run_on_one_node_and_the_other_takes_over_when_it_stops() {
    let Some(_) = postgres() else { return };
    let nats = Nats::start();
    let (a, b) = two_nodes(&nats).await;
    let rounds = |app: &TestApp| {
        app.server
            .cluster()
            .job_rounds
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    wait_until("three rounds of the jobs", || rounds(&a) + rounds(&b) >= 3).await;
    let (holder, other) = if rounds(&a) > 0 { (a, b) } else { (b, a) };
    assert_eq!(rounds(&other), 0, "the jobs ran on both nodes");
    assert!(holder.server.cluster().holds_jobs_lease());
    assert!(!other.server.cluster().holds_jobs_lease());

    // The holder stops (and gives the lease up): the other node runs the jobs.
    holder.server.shutdown().await;
    wait_until("the other node takes the jobs over", || rounds(&other) > 0).await;
    assert!(other.server.cluster().holds_jobs_lease());
    other.server.shutdown().await;
}

/// How long NATS stays down in the outage test: the 30 s. Not shortened: it outlasts
/// a presence announcement (every 10 s) and the nodes' reconnect back-off, so what is tested
/// is a real outage, not a blip the client hides.
const NATS_OUTAGE: Duration = Duration::from_secs(30);

#[tokio::test]
async fn with_nats_stopped_for_30_s_chargers_are_answered_and_stored_the_api_answers_503_and_all_recovers() {
    let Some(_) = postgres() else { return };
    let mut nats = Nats::start();
    let (a, b) = two_nodes(&nats).await;
    let mut charger = ScriptedCharger::connect(&a.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    b.wait_for_connector(CHARGER, 1, "available").await;

    nats.stop();
    let outage = std::time::Instant::now();
    a.wait_for("/readyz", "node A not ready (bus down)", |r| {
        r["ready"] == false && r["bus"].as_str().unwrap_or("").contains("NATS")
    })
    .await;
    b.wait_for("/readyz", "node B not ready (bus down)", |r| r["ready"] == false)
        .await;
    let command_on_b_is_refused_naming_the_bus = || async {
        let (status, problem) = b
            .post(
                &format!("/api/v1/chargers/{CHARGER}/commands"),
                json!({"command": "ClearCache"}),
            )
            .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (503, Some("bus_unavailable")),
            "{problem}"
        );
        assert!(problem["detail"].as_str().unwrap_or("").contains("NATS"), "{problem}");
    };
    command_on_b_is_refused_naming_the_bus().await;

    // For the whole outage the charger on node A runs a transaction: every message answered.
    let at = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339();
    let started = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 2, "idTag": "DEMO-RFID-0001", "meterStart": 0, "timestamp": at(chrono::Utc::now())}),
        )
        .await;
    let transaction_id = started["transactionId"].as_i64().expect("a transaction id");
    // Node A's own charger still takes node A's commands.
    let command = a.spawn_post(
        &format!("/api/v1/chargers/{CHARGER}/commands"),
        json!({"command": "ClearCache"}),
    );
    charger
        .answer_next_call("ClearCache", json!({"status": "Accepted"}))
        .await;
    assert_eq!(command.await.unwrap().0, 200);
    let mut readings = 0_i64;
    let mut register = 0_i64;
    while outage.elapsed() < NATS_OUTAGE {
        tokio::time::sleep(Duration::from_secs(2)).await;
        register += 10;
        readings += 1;
        charger
            .call_ok(
                "MeterValues",
                json!({"connectorId": 2, "transactionId": transaction_id, "meterValue": [{"timestamp": at(chrono::Utc::now()),
                    "sampledValue": [{"value": register.to_string(), "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]}),
            )
            .await;
        charger.call_ok("Heartbeat", json!({})).await;
    }
    // Still refused at the end of the outage (node B's view of where the charger is is
    // older than its presence time by now: the answer is still the bus's).
    command_on_b_is_refused_naming_the_bus().await;
    register += 10;
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": transaction_id, "meterStop": register, "timestamp": at(chrono::Utc::now()), "reason": "Local"}),
        )
        .await;
    // Every transaction message of the outage is stored: the session, each reading, the stop.
    let pool = a.server.store().pool();
    let (status, meter_stop): (String, Option<i64>) =
        sqlx::query_as("SELECT status, meter_stop_wh FROM sessions WHERE transaction_id = $1")
            .bind(transaction_id)
            .fetch_one(pool)
            .await
            .expect("the session of the outage is stored");
    assert_eq!((status.as_str(), meter_stop), ("completed", Some(register)));
    let stored: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM meter_samples m JOIN sessions s ON s.id = m.session_id WHERE s.transaction_id = $1",
    )
    .bind(transaction_id)
    .fetch_one(pool)
    .await
    .expect("readings counted");
    assert!(stored >= readings, "{stored} readings stored of {readings} sent");

    // NATS back: both nodes recover without a restart; node B reaches the charger again.
    nats.restart();
    for app in [&a, &b] {
        app.wait_for("/readyz", "ready again", |r| r["ready"] == true).await;
    }
    let command = b.spawn_post(
        &format!("/api/v1/chargers/{CHARGER}/commands"),
        json!({"command": "ClearCache"}),
    );
    charger
        .answer_next_call("ClearCache", json!({"status": "Accepted"}))
        .await;
    let (status, reply) = command.await.unwrap();
    assert_eq!(status, 200, "{reply}");
    b.server.shutdown().await;
    a.server.shutdown().await;
}

#[tokio::test]
async fn a_node_refuses_to_start_with_an_unreachable_bus_a_bad_url_or_an_id_in_use() {
    let nats = Nats::start();
    let start = |url: String, node: &'static str| async move {
        let data = tempfile::tempdir().unwrap();
        let mut config = Config::for_tests(data.path().to_path_buf());
        config.nats_url = Some(url);
        config.node_id = Some(node.into());
        (ladeklar_server::Server::start(config).await, data)
    };
    let closed = format!("nats://127.0.0.1:{}", free_port());
    let (refused, _d1) = start(closed.clone(), "n1").await;
    let message = format!("{:#}", refused.err().expect("no bus, no node"));
    assert!(message.contains("bus") && message.contains(&closed), "{message}");

    let (refused, _d2) = start("http://127.0.0.1:4222".into(), "n1").await;
    let message = format!("{:#}", refused.err().expect("a wrong URL, no node"));
    assert!(
        message.contains("--nats-url") && message.contains("nats://"),
        "{message}"
    );

    let data = tempfile::tempdir().unwrap();
    let mut config = Config::for_tests(data.path().to_path_buf());
    let closed_db = format!("postgres://ladeklar@127.0.0.1:{}/ladeklar", free_port());
    config.database_url = Some(closed_db.clone());
    let refused = ladeklar_server::Server::start(config).await;
    let message = format!("{:#}", refused.err().expect("no database, no node"));
    assert!(
        message.contains("opening the database") && message.contains(&closed_db),
        "{message}"
    );

    // The bus refuses the node's credentials.
    let guarded = Nats::start_with_user("ladeklar", "right-password");
    let wrong = format!("nats://ladeklar:wrong-password@127.0.0.1:{}", guarded.port);
    let (refused, _d5) = start(wrong, "n1").await;
    let message = format!("{:#}", refused.err().expect("wrong bus credentials, no node"));
    assert!(
        message.contains("refused this node's credentials") && !message.contains("wrong-password"),
        "{message}"
    );

    // A database URL of neither kind.
    let data = tempfile::tempdir().unwrap();
    let mut config = Config::for_tests(data.path().to_path_buf());
    config.database_url = Some("mysql://ladeklar@127.0.0.1/ladeklar".into());
    let refused = ladeklar_server::Server::start(config).await;
    let message = format!("{:#}", refused.err().expect("a wrong database URL, no node"));
    assert!(message.contains("neither sqlite: nor postgres://"), "{message}");

    // PostgreSQL refuses a user it does not know (wrong credentials).
    if let Ok(admin) = std::env::var(ladeklar_store::TEST_POSTGRES_URL_VAR) {
        let data = tempfile::tempdir().unwrap();
        let mut config = Config::for_tests(data.path().to_path_buf());
        let stranger = admin.replacen("://ladeklar@", "://no-such-user@", 1);
        assert_ne!(stranger, admin, "the test URL names the user ladeklar: {admin}");
        config.database_url = Some(stranger.clone());
        let refused = ladeklar_server::Server::start(config).await;
        let message = format!("{:#}", refused.err().expect("an unknown database user, no node"));
        assert!(
            message.contains("opening the database") && message.contains("no-such-user"),
            "{message}"
        );
    }

    let (first, _d3) = start(nats.url(), "same-id").await;
    let first = first.expect("the first node starts");
    let (second, _d4) = start(nats.url(), "same-id").await;
    let message = format!("{:#}", second.err().expect("the id is in use"));
    assert!(
        message.contains("\"same-id\"") && message.contains("already in use"),
        "{message}"
    );
    let (ready, _) = (reqwest::get(format!("{}/healthz", first.url())).await.unwrap(), ());
    assert!(ready.text().await.unwrap().contains("same-id"));
    first.shutdown().await;
}

/// A node whose bus does not answer yet (a TCP peer that never speaks NATS) takes no
/// connection while it waits, then ends with a non-zero status naming the bus.
#[tokio::test]
async fn a_node_waiting_for_its_bus_takes_no_connections_and_exits_non_zero_naming_the_bus() {
    let silent = TcpListener::bind("127.0.0.1:0").expect("a silent peer");
    let silent_url = format!("nats://127.0.0.1:{}", silent.local_addr().expect("address").port());
    let held = std::thread::spawn(move || {
        // Accept and hold the connections, never answering.
        let mut peers = Vec::new();
        for _ in 0..4 {
            match silent.accept() {
                Ok((peer, _)) => peers.push(peer),
                Err(_) => break,
            }
        }
        std::thread::sleep(Duration::from_secs(30));
        drop(peers);
    });
    let data = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let mut node = Command::new(env!("CARGO_BIN_EXE_ladeklar-test-server"))
        .arg(data.path())
        .arg(port.to_string())
        .env("LADEKLAR_NATS_URL", &silent_url)
        .env("LADEKLAR_NODE_ID", "waiting")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the test server starts");
    let mut connected = 0;
    let status = loop {
        if let Some(status) = node.try_wait().expect("the node's status") {
            break status;
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            connected += 1;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut node.stderr.take().expect("stderr"), &mut stderr).expect("stderr read");
    assert!(!status.success(), "the node exited with {status}");
    assert!(stderr.contains("the bus") && stderr.contains(&silent_url), "{stderr}");
    assert_eq!(connected, 0, "the half-started node took connections");
    drop(held);
}
