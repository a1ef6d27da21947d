//! Owners set prices (issue 19): the form checked by core and refused per field with nothing
//! saved; a new price effective now reaches the sessions that start after it while a running
//! session keeps the price it started with — both read back on their receipts; a change
//! dated in the past is refused; one for later waits; the history keeps every version.

use std::time::Duration;

use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use serde_json::{json, Value};

use crate::support::{decimal, signed_in_client, TestApp};

/// Aker Brygge (owner Fjordlade): 3.12 kr/kWh excl. VAT, 0.40 kr/min from minute 61 of the session.
const SITE: &str = "oslo-aker-brygge";
const CHARGER: &str = "OSLO-AKER-BRYGGE-AC1";
const OWNER: &str = "owner@demo.ladeklar.no";

async fn send(client: &reqwest::Client, app: &TestApp, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let url = app.url(path);
    let request = match method {
        "GET" => client.get(url),
        _ => client.post(url).json(&body.unwrap_or(Value::Null)),
    };
    let r = request.send().await.expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn money(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The energy line's unit prices (excl. VAT) on a receipt.
fn energy_unit_prices(receipt: &Value) -> Vec<Decimal> {
    receipt["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["dimension"] == "ENERGY")
        .map(|l| {
            l["unit_prices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| decimal(&u["excl_vat"]))
                .collect()
        })
        .unwrap_or_default()
}

async fn wait_charging(app: &TestApp, id: &str) {
    app.wait_for(&format!("/api/v1/sessions/{id}"), "energy flowing", |s| {
        s["status"] == "charging"
            && s["energy_kwh"]
                .as_str()
                .is_some_and(|e| decimal(&json!(e)) > Decimal::ZERO)
    })
    .await;
}

async fn start(app: &TestApp, connector: u32) -> String {
    let (status, session) = app
        .post(
            "/api/v1/sessions",
            json!({"charger_id": CHARGER, "connector_id": connector}),
        )
        .await;
    assert_eq!(status, 201, "{session}");
    session["id"].as_str().unwrap().to_owned()
}

async fn stop_and_receipt(app: &TestApp, id: &str) -> Value {
    let (status, body) = app.post(&format!("/api/v1/sessions/{id}/stop"), json!({})).await;
    assert_eq!(status, 202, "{body}");
    app.wait_for(&format!("/api/v1/sessions/{id}"), "completed", |s| {
        s["status"] == "completed"
    })
    .await;
    let (status, receipt) = app.get(&format!("/api/v1/sessions/{id}/receipt")).await;
    assert_eq!(status, 200, "{receipt}");
    receipt
}

#[tokio::test]
async fn a_new_price_reaches_sessions_started_after_it_and_running_ones_keep_theirs() {
    let app = TestApp::start().await;
    let owner = signed_in_client(&app.server, reqwest::Client::builder(), OWNER).await;
    let (stop_sims, rx) = tokio::sync::watch::channel(false);
    let sim = app.demo_simulator(CHARGER, dec!(11), Duration::from_millis(300));
    let sim_task = tokio::spawn(sim.run_until(rx));
    app.wait_for_connector(CHARGER, 1, "available").await;

    let path = format!("/api/v1/sites/{SITE}/price");
    let (status, book) = send(&owner, &app, "GET", &path, None).await;
    assert_eq!(status, 200, "{book}");
    let old_words = book["current"]["text"].as_str().unwrap().to_owned();
    assert_eq!(old_words, "3.90 kr/kWh · 0.50 kr/min from minute 61 of the session");
    assert_eq!(book["current"]["version"], 0);
    assert_eq!(book["current_form"]["energy_price"], "3.12");
    assert_eq!(book["current_form"]["minute_grace_minutes"], "60");

    // A session under the old price, running while the price changes.
    let running = start(&app, 1).await;
    wait_charging(&app, &running).await;

    // Bad input: every problem named by its field, all at once, and nothing saved.
    let (status, problem) = send(
        &owner,
        &app,
        "POST",
        &path,
        Some(json!({
            "form": {
                "vat_percent": "125",
                "energy_price": "-1",
                "windows": [
                    {"start": "22:00", "end": "06:00", "energy_price": "2"},
                    {"start": "21:00", "end": "07:00", "ends_next_day": true, "energy_price": "2"},
                    {"days": ["SATURDAY"], "energy_price": "2.5"}
                ]
            },
            "effective_from": "2020-01-01T00:00"
        })),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["code"], "invalid_price");
    let fields: Vec<(&str, &str)> = problem["field_problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["field"].as_str().unwrap(), p["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("vat_percent", "vat_out_of_range"),
            ("energy_price", "negative"),
            ("windows[0].end", "end_before_start"),
            ("windows[2]", "overlapping_windows"),
            ("effective_from", "in_the_past"),
        ]
    );
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains("energy_price: A price cannot be negative."));
    let (_, book) = send(&owner, &app, "GET", &path, None).await;
    assert_eq!(book["history"].as_array().unwrap().len(), 1, "nothing saved: {book}");

    // The new price, effective now.
    let (status, version) = send(
        &owner,
        &app,
        "POST",
        &path,
        Some(json!({"form": {"vat_percent": "25", "energy_price": "5", "session_fee": "2"}})),
    )
    .await;
    assert_eq!(status, 201, "{version}");
    assert_eq!(version["version"], 1);
    assert_eq!(version["status"], "in_effect");
    assert_eq!(version["set_by"], OWNER);
    let new_words = "6.25 kr/kWh · 2.50 kr per session";
    assert_eq!(version["text"], new_words);
    // The list shows it at once.
    let (_, charger) = app.get(&format!("/api/v1/chargers/{CHARGER}")).await;
    assert_eq!(charger["price_text"], new_words);

    // A session started after it.
    let after = start(&app, 2).await;
    wait_charging(&app, &after).await;

    let old_receipt = stop_and_receipt(&app, &running).await;
    let new_receipt = stop_and_receipt(&app, &after).await;
    assert_eq!(old_receipt["price_text"], old_words.as_str());
    assert_eq!(energy_unit_prices(&old_receipt), vec![dec!(3.12)]);
    let old_energy = decimal(&old_receipt["energy_kwh"]);
    // Well under the 60 minutes' grace: energy only.
    assert_eq!(
        decimal(&old_receipt["total_excl_vat"]),
        money(old_energy * dec!(3.12)),
        "{old_receipt}"
    );
    assert_eq!(new_receipt["price_text"], new_words);
    assert_eq!(energy_unit_prices(&new_receipt), vec![dec!(5)]);
    let new_energy = decimal(&new_receipt["energy_kwh"]);
    assert_eq!(
        decimal(&new_receipt["total_excl_vat"]),
        money(new_energy * dec!(5) + dec!(2)),
        "{new_receipt}"
    );
    assert_eq!(
        decimal(&new_receipt["total_incl_vat"]),
        money(new_energy * dec!(6.25) + dec!(2.5)),
        "{new_receipt}"
    );
    // The sessions keep the version they started under.
    let store = app.server.store();
    let (_, book) = send(&owner, &app, "GET", &path, None).await;
    let v1 = store.tariff_versions(SITE, None).await.unwrap()[0].id.clone();
    assert_eq!(store.session(&running).await.unwrap().unwrap().tariff_version_id, None);
    assert_eq!(
        store.session(&after).await.unwrap().unwrap().tariff_version_id,
        Some(v1)
    );
    assert_eq!(book["current"]["version"], 1);

    // A change dated in the past is refused and saves nothing; one for later waits.
    let (status, problem) = send(
        &owner,
        &app,
        "POST",
        &path,
        Some(json!({"form": {"vat_percent": "25", "energy_price": "4"}, "effective_from": "2020-01-01T00:00"})),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field_problems"][0]["field"], "effective_from");
    let later = (app.server.clock().now() + chrono::TimeDelta::days(2))
        .with_timezone(&chrono_tz::Europe::Oslo)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let (status, scheduled) = send(
        &owner,
        &app,
        "POST",
        &path,
        Some(json!({"form": {"vat_percent": "25", "energy_price": "4"}, "effective_from": later})),
    )
    .await;
    assert_eq!(status, 201, "{scheduled}");
    assert_eq!(scheduled["status"], "scheduled");
    let (_, book) = send(&owner, &app, "GET", &path, None).await;
    let history: Vec<(i64, &str)> = book["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_i64().unwrap(), v["status"].as_str().unwrap()))
        .collect();
    assert_eq!(history, vec![(2, "scheduled"), (1, "in_effect"), (0, "replaced")]);
    let (_, charger) = app.get(&format!("/api/v1/chargers/{CHARGER}")).await;
    assert_eq!(
        charger["price_text"], new_words,
        "a price for later is not the price now"
    );
    // …until its moment has come.
    app.server.clock().advance(chrono::TimeDelta::days(3));
    let (_, charger) = app.get(&format!("/api/v1/chargers/{CHARGER}")).await;
    assert_eq!(charger["price_text"], "5.00 kr/kWh");
    let (_, list) = send(&owner, &app, "GET", "/api/v1/owner/prices", None).await;
    let sites: Vec<&str> = list["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["site_id"].as_str().unwrap())
        .collect();
    assert!(
        sites.contains(&SITE) && !sites.contains(&"oslo-storo"),
        "only the owner's sites: {sites:?}"
    );

    let _ = stop_sims.send(true);
    let _ = sim_task.await;
}

#[tokio::test]
async fn a_charger_price_of_its_own_and_other_owners_kept_out() {
    let app = TestApp::start().await;
    let owner = signed_in_client(&app.server, reqwest::Client::builder(), OWNER).await;
    let path = "/api/v1/chargers/OSLO-AKER-BRYGGE-DC1/price";
    let (status, book) = send(&owner, &app, "GET", path, None).await;
    assert_eq!(status, 200, "{book}");
    assert_eq!(
        book["current"]["text"], "3.90 kr/kWh · 0.50 kr/min from minute 61 of the session",
        "the site's price"
    );
    let (status, version) = send(
        &owner,
        &app,
        "POST",
        path,
        Some(json!({"form": {"vat_percent": "25", "energy_price": "4.8", "idle_price": "1", "idle_after_minutes": "30"}})),
    )
    .await;
    assert_eq!(status, 201, "{version}");
    let (_, dc) = app.get("/api/v1/chargers/OSLO-AKER-BRYGGE-DC1").await;
    assert_eq!(
        dc["price_text"],
        "6.00 kr/kWh · 1.25 kr/min parking from minute 31 of the session"
    );
    let (_, ac) = app.get(&format!("/api/v1/chargers/{CHARGER}")).await;
    assert_eq!(
        ac["price_text"], "3.90 kr/kWh · 0.50 kr/min from minute 61 of the session",
        "the rest keep the site's"
    );

    // Another owner's site: refused, for reading and for setting.
    let (status, _) = send(&owner, &app, "GET", "/api/v1/sites/oslo-storo/price", None).await;
    assert_eq!(status, 403);
    let (status, _) = send(
        &owner,
        &app,
        "POST",
        "/api/v1/sites/oslo-storo/price",
        Some(json!({"form": {"vat_percent": "25", "energy_price": "1"}})),
    )
    .await;
    assert_eq!(status, 403);
    assert!(app
        .server
        .store()
        .tariff_versions("oslo-storo", None)
        .await
        .unwrap()
        .is_empty());
    let (status, _) = send(&owner, &app, "GET", "/api/v1/sites/nowhere/price", None).await;
    assert_eq!(status, 404);
}

/// An idle fee is billed on the receipt from the moment the car was full: the meter standing
/// still for two minutes or more (core's `session_events::usage::full_from`).
#[tokio::test]
async fn an_idle_fee_is_billed_after_the_car_is_full() {
    use chrono::{Duration as Minutes, SubsecRound, Utc};

    use crate::support::ScriptedCharger;

    const DC: &str = "TROMSO-SENTRUM-DC1";
    let app = TestApp::start().await;
    let owner = signed_in_client(&app.server, reqwest::Client::builder(), OWNER).await;
    let (status, version) = send(
        &owner,
        &app,
        "POST",
        &format!("/api/v1/chargers/{DC}/price"),
        Some(json!({"form": {"vat_percent": "25", "energy_price": "4", "idle_price": "1"}})),
    )
    .await;
    assert_eq!(status, 201, "{version}");

    let mut charger = ScriptedCharger::connect(&app.ws_base(), DC).await;
    charger.boot(&[1, 2]).await;
    app.wait_for_connector(DC, 1, "available").await;
    let start = app.spawn_post("/api/v1/sessions", json!({"charger_id": DC, "connector_id": 1}));
    let remote_start = charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    let id_tag = remote_start["idTag"].as_str().unwrap().to_owned();
    let (status, session) = start.await.unwrap();
    assert_eq!(status, 201, "{session}");
    let path = format!("/api/v1/sessions/{}", session["id"].as_str().unwrap());

    // Charged 10 kWh in 20 minutes, then connected and full for 30 more.
    let t0 = (Utc::now() - Minutes::minutes(60)).trunc_subsecs(0);
    let at = |min: i64| (t0 + Minutes::minutes(min)).to_rfc3339();
    let started = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": id_tag, "meterStart": 1_000_000, "timestamp": at(0)}),
        )
        .await;
    let transaction_id = started["transactionId"].as_i64().unwrap();
    for (min, register) in [(10, 1_005_000), (20, 1_010_000), (30, 1_010_000)] {
        charger
            .call_ok(
                "MeterValues",
                json!({"connectorId": 1, "transactionId": transaction_id, "meterValue": [{"timestamp": at(min), "sampledValue": [
                    {"value": register.to_string(), "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]}),
            )
            .await;
    }
    let stop = app.spawn_post(&format!("{path}/stop"), json!({}));
    charger
        .answer_next_call("RemoteStopTransaction", json!({"status": "Accepted"}))
        .await;
    assert_eq!(stop.await.unwrap().0, 202);
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": transaction_id, "meterStop": 1_010_000, "timestamp": at(50), "reason": "Remote", "idTag": id_tag}),
        )
        .await;
    let (status, receipt) = app.get(&format!("{path}/receipt")).await;
    assert_eq!(status, 200, "{receipt}");
    // By hand: 10 kWh × 4 = 40.00; idle from minute 20 to 50: 30 min × 1 = 30.00 (excl. VAT).
    let line = |dimension: &str| {
        receipt["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["dimension"] == dimension)
            .map(|l| decimal(&l["cost"]["excl_vat"]))
    };
    assert_eq!(line("ENERGY"), Some(dec!(40.00)), "{receipt}");
    assert_eq!(line("PARKING_TIME"), Some(dec!(30.00)), "{receipt}");
    assert_eq!(decimal(&receipt["total_excl_vat"]), dec!(70.00));
    assert_eq!(decimal(&receipt["total_incl_vat"]), dec!(87.50));
}
