//! Chaos: 200 sessions under way on 100 simulated chargers, the server process killed with
//! SIGKILL and started again on the same data folder and port. Half the sessions stop while
//! the server is down (their chargers queue the stops), the rest after it is back. Every
//! session ends completed and priced exactly once, with the charger's own times and
//! registers: none duplicated, none lost, nothing quarantined.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use ladeklar_api::{ConnectorStandard, PowerType};
use ladeklar_core::authorization::{TokenRecord, TokenStatus};
use ladeklar_server::provisioning::{add_charger, add_token, ChargerSpec, ConnectorSpec};
use ladeklar_server::{Registration, Store};
use ladeklar_sim::{SimCharger, SimConfig, SimConnector, SimHandle};
use rust_decimal_macros::dec;

use crate::support::wait_until;

const CHARGERS: usize = 100;
const PASSWORD: &str = "chaos-key-0123456789";

/// The server as a child process, killed when dropped.
struct ServerProcess(Child);

impl ServerProcess {
    fn start(data_dir: &Path, port: u16) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_ladeklar-test-server"))
            .arg(data_dir)
            .arg(port.to_string())
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
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

fn charger_id(n: usize) -> String {
    format!("CHAOS-{n:03}")
}

fn tag(n: usize, connector: u32) -> String {
    format!("CHAOS-{n:03}-{connector}")
}

/// Demo sites (for their tariffs), 100 chargers at Oslo Storo and a tag per connector.
async fn provision(database_url: &str) {
    let store = Store::open(database_url).await.expect("database");
    let now = Utc::now();
    ladeklar_server::demo::seed_if_empty(&store, now)
        .await
        .expect("demo data");
    for n in 0..CHARGERS {
        let spec = ChargerSpec {
            id: charger_id(n),
            site_id: "oslo-storo".into(),
            connectors: [1, 2]
                .map(|connector_id| ConnectorSpec {
                    connector_id,
                    standard: ConnectorStandard::Type2,
                    power_type: PowerType::Ac,
                    max_power_kw: 22,
                })
                .to_vec(),
            password: PASSWORD.into(),
            vendor: "Test".into(),
            model: "Chaos".into(),
            registration: Registration::Accepted,
        };
        add_charger(&store, &spec, now).await.expect("charger registered");
        for connector in [1, 2] {
            let token = TokenRecord {
                id_tag: tag(n, connector),
                status: TokenStatus::Accepted,
                expiry: None,
                parent_id_tag: None,
            };
            add_token(&store, &token, now).await.expect("token added");
        }
    }
    store.close().await;
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

    let (stop_sims, rx) = tokio::sync::watch::channel(false);
    let mut handles: Vec<SimHandle> = Vec::new();
    let mut tasks = Vec::new();
    for n in 0..CHARGERS {
        let sim = SimCharger::new(SimConfig {
            charge_point_id: charger_id(n),
            ws_base: format!("ws://127.0.0.1:{port}/ocpp"),
            connectors: [1, 2]
                .map(|connector_id| SimConnector {
                    connector_id,
                    power_kw: dec!(22),
                    fault: None,
                })
                .to_vec(),
            // 200 sessions × 1 reading/s. At 250 ms (800 MeterValues/s) the debug-built server
            // falls behind: each reading reloads the session's samples and writes the charger log.
            meter_interval: Duration::from_millis(1000),
            vendor: "Test".into(),
            model: "Chaos".into(),
            password: Some(PASSWORD.into()),
            tls: None,
        });
        handles.push(sim.handle());
        tasks.push(tokio::spawn(sim.run_until(rx.clone())));
    }
    eprintln!("chaos: chargers started");
    wait_until("every charger connected", || {
        handles.iter().all(SimHandle::is_connected)
    })
    .await;

    for (n, h) in handles.iter().enumerate() {
        for connector in [1, 2] {
            assert!(h.start_local(connector, &tag(n, connector)).await);
        }
    }
    let all_started = || {
        handles
            .iter()
            .all(|h| h.transactions().iter().all(|t| t.transaction_id.is_some()))
    };
    eprintln!("chaos: {} starts made", 2 * CHARGERS);
    wait_until("every Start answered", all_started).await;
    eprintln!("chaos: every start answered");
    tokio::time::sleep(Duration::from_secs(1)).await;

    server.kill();
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Half the drivers end their session while the server is down; the stops queue.
    for h in &handles {
        assert!(h.stop_local(1).await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let server = ServerProcess::start(data.path(), port);
    wait_healthy(&http, port).await;
    eprintln!("chaos: server restarted");
    wait_until("queues delivered after the restart", || {
        handles.iter().all(|h| h.is_connected() && h.queued() == 0)
    })
    .await;
    eprintln!("chaos: queues delivered");
    for h in &handles {
        assert!(h.stop_local(2).await);
    }
    wait_until("the last stops delivered", || handles.iter().all(|h| h.queued() == 0)).await;
    let _ = stop_sims.send(true);
    for t in tasks {
        let _ = t.await;
    }
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
                .session_by_transaction(&charger_id(n), i64::from(id))
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("a session for {} transaction {id}", charger_id(n)));
            assert_eq!(row.status, "completed", "{row:?}");
            assert!(row.priced_json.is_some(), "priced: {row:?}");
            assert_eq!(row.meter_anomalies, None, "{row:?}");
            assert_eq!(row.id_tag, tag(n, tx.connector_id));
            assert_eq!(row.meter_start_wh, Some(i64::from(tx.meter_start_wh)));
            assert_eq!(row.meter_stop_wh, tx.meter_stop_wh.map(i64::from));
            let instant = |s: &Option<String>| {
                s.as_deref()
                    .map(|s| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
            };
            assert_eq!(instant(&row.started_at), Some(tx.started_at));
            assert_eq!(instant(&row.stopped_at), tx.stopped_at);
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * CHARGERS);
    let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(sessions, 2 * CHARGERS as i64, "no session duplicated or invented");
    let (quarantined,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM quarantine")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(quarantined, 0, "nothing left unmatched");
    assert!(store.sessions_under_way().await.unwrap().is_empty());
    store.close().await;
}
