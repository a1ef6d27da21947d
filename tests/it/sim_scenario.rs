//! The simulator's scripts, as `ladeklar-sim --fault/--charge/--offline` plays them: a
//! connector reports its fault with the error code, and a driver's session started at the
//! charger with an RFID tag goes through an offline spell and is priced once, by the
//! charger's own readings.

use std::time::Duration;

use ladeklar_sim::scenario::{ChargeSpec, FaultSpec, OfflineSpec, Script};
use ladeklar_sim::SimCharger;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

use crate::support::{decimal, wait_until, TestApp};

/// Oslo Storo's demo tariff: 3.52 kr/kWh excl. VAT, nothing else.
const CHARGER: &str = "OSLO-STORO-DC1";

fn connector(charger: &Value, id: u32) -> &Value {
    charger["connectors"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["connector_id"] == id))
        .unwrap_or_else(|| panic!("connector {id} in {charger}"))
}

#[tokio::test]
async fn a_scripted_fault_and_a_local_session_through_an_offline_spell() {
    let app = TestApp::start().await;
    let fault: FaultSpec = format!("{CHARGER}:2:GroundFailure").parse().expect("fault spec");
    let charge: ChargeSpec = format!("{CHARGER}:1:DEMO-RFID-0001:0.5:3")
        .parse()
        .expect("charge spec");
    let offline: OfflineSpec = format!("{CHARGER}:1.5:1").parse().expect("offline spec");

    let mut config = app.demo_simulator_config(CHARGER, dec!(45), Duration::from_millis(200));
    for c in &mut config.connectors {
        if c.connector_id == fault.connector {
            c.fault = Some(fault.error_code.clone());
        }
    }
    let sim = SimCharger::new(config);
    let handle = sim.handle();
    let script = Script::for_charger(CHARGER, &[charge], &[offline]);
    assert!(!script.is_empty());
    let (stop, rx) = tokio::sync::watch::channel(false);
    let sim_task = tokio::spawn(sim.run_until(rx.clone()));
    let script_task = tokio::spawn(script.run(handle.clone(), rx));

    // The fault is what the charger reported, with its error code.
    app.wait_for_connector(CHARGER, 2, "faulted").await;
    let (_, charger) = app.get(&format!("/api/v1/chargers/{CHARGER}")).await;
    assert_eq!(connector(&charger, 2)["error_code"], "GroundFailure", "{charger}");

    // The script ends after the driver stopped at the charger; then the queue drains.
    script_task.await.expect("script ran");
    wait_until("the queue delivered", || handle.is_connected() && handle.queued() == 0).await;
    assert_eq!(handle.queued(), 0, "everything queued offline was delivered");
    let transactions = handle.transactions();
    assert_eq!(transactions.len(), 1, "one session at the charger");
    let tx = &transactions[0];
    let transaction_id = tx.transaction_id.expect("the Start was answered");
    let row = app
        .server
        .store()
        .session_by_transaction(CHARGER, i64::from(transaction_id))
        .await
        .expect("store")
        .expect("a session for the charger's transaction");
    assert_eq!((row.id_tag.as_str(), row.connector_id), ("DEMO-RFID-0001", 1));
    let receipt = app
        .wait_for(&format!("/api/v1/sessions/{}/receipt", row.id), "receipt", |r| {
            r["total_incl_vat"].is_string()
        })
        .await;
    let energy = Decimal::from(tx.meter_stop_wh.expect("stopped") - tx.meter_start_wh) / dec!(1000);
    assert!(energy > Decimal::ZERO);
    assert_eq!(decimal(&receipt["energy_kwh"]), energy, "{receipt}");
    assert_eq!(
        decimal(&receipt["total_excl_vat"]),
        (energy * dec!(3.52)).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
        "{receipt}"
    );

    // The offline spell really dropped the connection: the charger connected twice.
    let (_, log) = app.get(&format!("/api/v1/chargers/{CHARGER}/log?limit=1000")).await;
    let opened = log["entries"]
        .as_array()
        .expect("log entries")
        .iter()
        .filter(|e| e["direction"] == "event" && e["text"].as_str().is_some_and(|t| t.contains("opened")))
        .count();
    assert_eq!(opened, 2, "{log}");

    let _ = stop.send(true);
    let _ = sim_task.await;
}
