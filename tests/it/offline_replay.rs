//! Offline queue replay (domain-notes: offline queue replay): a charger loses its connection
//! while charging, keeps charging, queues StartTransaction, MeterValues and StopTransaction
//! with their own timestamps and delivers them in order when it is back. The session is
//! completed and priced by the charger's timestamps and register, exactly once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use ladeklar_sim::{SimCharger, SimHandle, SimTransaction};
use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use serde_json::{json, Value};

use crate::support::{decimal, wait_until, TestApp};

/// Oslo Storo's demo tariff: 3.52 kr/kWh, 25 % VAT, nothing else.
const CHARGER: &str = "OSLO-STORO-DC1";

fn instant(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .unwrap_or_else(|| panic!("not an instant: {v}"))
        .with_timezone(&Utc)
}

fn sim(app: &TestApp) -> SimCharger {
    app.demo_simulator(CHARGER, dec!(45), Duration::from_millis(200))
}

async fn wait_offline(app: &TestApp) {
    app.wait_for(&format!("/api/v1/chargers/{CHARGER}"), "charger offline", |c| {
        c["online"] == false
    })
    .await;
}

/// The session, its receipt and the quarantine agree with what the simulator measured.
async fn assert_priced_by_the_charger(app: &TestApp, session_id: &str, tx: &SimTransaction, offline_at: DateTime<Utc>) {
    let session = app
        .wait_for(&format!("/api/v1/sessions/{session_id}"), "completed", |s| {
            s["status"] == "completed"
        })
        .await;
    let stopped_at = tx.stopped_at.expect("the simulator stopped");
    let meter_stop = tx.meter_stop_wh.expect("the simulator stopped");
    assert_eq!(session["transaction_id"], json!(tx.transaction_id.expect("answered")));
    assert_eq!(instant(&session["started_at"]), tx.started_at, "{session}");
    assert_eq!(
        instant(&session["stopped_at"]),
        stopped_at,
        "priced by the Stop's own timestamp"
    );
    assert_eq!(session["stop_reason"], "Local");
    let energy = Decimal::from(meter_stop - tx.meter_start_wh) / dec!(1000);
    assert!(energy > Decimal::ZERO);
    assert_eq!(decimal(&session["energy_kwh"]), energy, "{session}");
    // The readings taken offline arrived, in order, with their own timestamps.
    let samples = session["meter_samples"].as_array().expect("samples");
    let at: Vec<DateTime<Utc>> = samples.iter().map(|s| instant(&s["at"])).collect();
    assert!(at.windows(2).all(|w| w[0] <= w[1]), "{at:?}");
    assert!(
        at.iter().filter(|t| **t > offline_at && **t < stopped_at).count() >= 2,
        "readings from the offline time: {at:?}"
    );

    let (status, receipt) = app.get(&format!("/api/v1/sessions/{session_id}/receipt")).await;
    assert_eq!(status, 200, "{receipt}");
    assert_eq!(decimal(&receipt["energy_kwh"]), energy);
    assert_eq!(receipt["duration_s"], json!((stopped_at - tx.started_at).num_seconds()));
    let round = |d: Decimal| d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(
        decimal(&receipt["total_excl_vat"]),
        round(energy * dec!(3.52)),
        "{receipt}"
    );
    assert_eq!(
        decimal(&receipt["total_incl_vat"]),
        round(energy * dec!(4.40)),
        "{receipt}"
    );

    let quarantine = app.get("/api/v1/quarantine").await.1;
    assert_eq!(quarantine["entries"], json!([]), "nothing left unmatched");
}

async fn running(app: &TestApp) -> (SimHandle, tokio::sync::watch::Sender<bool>, tokio::task::JoinHandle<()>) {
    let (stop, rx) = tokio::sync::watch::channel(false);
    let sim = sim(app);
    let handle = sim.handle();
    let task = tokio::spawn(sim.run_until(rx));
    app.wait_for_connector(CHARGER, 1, "available").await;
    (handle, stop, task)
}

#[tokio::test]
async fn a_session_stopped_offline_is_priced_by_its_own_timestamps_once_the_charger_is_back() {
    let app = TestApp::start().await;
    let (charger, stop_sim, sim_task) = running(&app).await;

    let (status, session) = app
        .post("/api/v1/sessions", json!({"charger_id": CHARGER, "connector_id": 1}))
        .await;
    assert_eq!(status, 201, "{session}");
    let id = session["id"].as_str().unwrap().to_owned();
    app.wait_for(&format!("/api/v1/sessions/{id}"), "charging with readings", |s| {
        s["status"] == "charging" && s["meter_samples"].as_array().is_some_and(|m| !m.is_empty())
    })
    .await;

    charger.go_offline();
    let offline_at = Utc::now();
    wait_offline(&app).await;
    let before = charger.register_wh(1).unwrap();
    wait_until("readings while offline", || charger.queued() >= 3).await;
    assert!(charger.register_wh(1).unwrap() > before, "charging goes on offline");
    assert!(charger.stop_local(1).await);
    let queued = charger.queued();
    // Nothing reached the server: the session is still under way there.
    let (_, seen) = app.get(&format!("/api/v1/sessions/{id}")).await;
    assert_eq!(seen["status"], "charging", "{seen}");

    charger.go_online();
    wait_until("queue delivered", || charger.is_connected() && charger.queued() == 0).await;
    let tx = charger.transactions().pop().expect("one transaction");
    assert!(queued >= 4, "meter values and the stop were queued: {queued}");
    assert_priced_by_the_charger(&app, &id, &tx, offline_at).await;

    // The status views show what the charger reported after reconnecting.
    app.wait_for_connector(CHARGER, 1, "available").await;
    let _ = stop_sim.send(true);
    let _ = sim_task.await;
}

#[tokio::test]
async fn a_start_queued_offline_gets_its_id_and_the_later_messages_carry_it() {
    let app = TestApp::start().await;
    let (charger, stop_sim, sim_task) = running(&app).await;

    charger.go_offline();
    let offline_at = Utc::now();
    wait_offline(&app).await;
    assert!(
        charger.start_local(2, "DEMO-RFID-0001").await,
        "starts without the central system"
    );
    wait_until("readings while offline", || charger.queued() >= 4).await;
    assert!(charger.stop_local(2).await);
    let tx = charger.transactions().pop().expect("one transaction");
    assert_eq!(tx.transaction_id, None, "no id while offline");

    charger.go_online();
    wait_until("queue delivered", || charger.is_connected() && charger.queued() == 0).await;
    let tx = charger.transactions().pop().expect("one transaction");
    let transaction_id = tx.transaction_id.expect("the queued Start was answered");
    let row = app
        .server
        .store()
        .session_by_transaction(CHARGER, i64::from(transaction_id))
        .await
        .unwrap()
        .expect("a session for the transaction");
    assert_eq!(row.id_tag, "DEMO-RFID-0001");
    assert_eq!(row.connector_id, 2);
    assert_priced_by_the_charger(&app, &row.id, &tx, offline_at).await;

    app.wait_for_connector(CHARGER, 2, "available").await;
    let _ = stop_sim.send(true);
    let _ = sim_task.await;
}
