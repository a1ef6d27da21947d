//! The driver's whole session against a simulated charger over a real WebSocket: start,
//! live values pushed by Server-Sent Events, stop, receipt.

use std::time::Duration;

use futures_util::StreamExt;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{json, Value};

use crate::support::{decimal, TestApp};

/// Oslo Storo's demo tariff: 3.52 kr/kWh, 25 % VAT, nothing else.
const CHARGER: &str = "OSLO-STORO-DC1";

#[tokio::test]
async fn start_watch_live_stop_and_get_a_receipt() {
    let app = TestApp::start().await;
    let (stop_sims, rx) = tokio::sync::watch::channel(false);
    let sim = app.demo_simulator(CHARGER, dec!(45), Duration::from_millis(300));
    let sim_task = tokio::spawn(sim.run_until(rx));
    app.wait_for_connector(CHARGER, 1, "available").await;

    let (status, session) = app
        .post("/api/v1/sessions", json!({"charger_id": CHARGER, "connector_id": 1}))
        .await;
    assert_eq!(status, 201, "{session}");
    let id = session["id"].as_str().unwrap().to_owned();

    // Follow the live stream until energy has grown at least twice.
    let response = app
        .http
        .get(app.url(&format!("/api/v1/sessions/{id}/live")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut body = response.bytes_stream();
    let mut buffer = String::new();
    let mut energies: Vec<Decimal> = Vec::new();
    // The first event is the whole session; every later one only what changed.
    let mut events = 0;
    let mut last_sample_at = String::new();
    while energies.len() < 3 {
        let chunk = tokio::time::timeout(Duration::from_secs(20), body.next())
            .await
            .expect("live update")
            .unwrap()
            .unwrap();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) else {
                continue;
            };
            events += 1;
            let view: Value = serde_json::from_str(data).unwrap();
            let energy = if events == 1 {
                assert!(event.contains("event: session"), "{event}");
                Some(decimal(&view["energy_kwh"]))
            } else {
                assert!(event.contains("event: update"), "{event}");
                assert!(
                    view.get("tariff").is_none() && view.get("meter_samples").is_none(),
                    "a delta: {view}"
                );
                let new = view["new_samples"].as_array().unwrap();
                for sample in new {
                    let at = sample["at"].as_str().unwrap().to_owned();
                    assert!(at > last_sample_at, "only samples not sent before: {view}");
                    last_sample_at = at;
                }
                new.last().map(|s| decimal(&s["energy_wh"]) / dec!(1000))
            };
            if let (Some(e), "charging") = (energy, view["status"].as_str().unwrap()) {
                if energies.last().is_none_or(|last| e > *last) {
                    energies.push(e);
                }
                if e > Decimal::ZERO {
                    assert_eq!(view["power_kw"], "45", "power comes from the charger's MeterValues");
                }
            }
        }
    }
    drop(body);
    let connector_status = app.get(&format!("/api/v1/chargers/{CHARGER}")).await.1["connectors"][0]["status"].clone();
    assert_eq!(connector_status, "charging", "the charger reported Charging");

    let (status, stopping) = app.post(&format!("/api/v1/sessions/{id}/stop"), json!({})).await;
    assert_eq!(status, 202, "{stopping}");
    let done = app
        .wait_for(&format!("/api/v1/sessions/{id}"), "completed", |s| {
            s["status"] == "completed"
        })
        .await;
    let (status, receipt) = app.get(&format!("/api/v1/sessions/{id}/receipt")).await;
    assert_eq!(status, 200, "{receipt}");

    let energy = decimal(&receipt["energy_kwh"]);
    assert!(
        energy > *energies.last().unwrap() - dec!(0.001),
        "receipt energy {energy} covers what was seen live"
    );
    assert_eq!(energy, decimal(&done["energy_kwh"]));
    // By hand: energy × 3.52 excl. VAT, × 4.40 incl. 25 % VAT, rounded to øre.
    let excl = (energy * dec!(3.52)).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let incl = (energy * dec!(4.40)).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(decimal(&receipt["total_excl_vat"]), excl, "{receipt}");
    assert_eq!(decimal(&receipt["total_incl_vat"]), incl, "{receipt}");
    assert_eq!(decimal(&receipt["vat"]), incl - excl);
    assert_eq!(receipt["lines"].as_array().unwrap().len(), 1);

    app.wait_for_connector(CHARGER, 1, "available").await;
    let _ = stop_sims.send(true);
    let _ = sim_task.await;
}
