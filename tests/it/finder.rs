//! Finding chargers (issue 16) through the API: near a point and in a map's box, answered
//! from the server's spatial index, with filters kept current by what chargers report; the
//! place search; and bad input naming its parameter.

use serde_json::Value;

use crate::support::{token_for, ScriptedCharger, TestApp};

fn ids(list: &Value) -> Vec<String> {
    list["chargers"]
        .as_array()
        .expect("chargers")
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

const OSLO_BOX: &str = "10.6,59.85,10.9,59.97";

#[tokio::test]
async fn a_box_holds_its_chargers_nearest_its_centre_first_and_filters_narrow_it() {
    let app = TestApp::start().await;
    let (status, oslo) = app.get(&format!("/api/v1/chargers?bbox={OSLO_BOX}")).await;
    assert_eq!(status, 200, "{oslo}");
    let found = ids(&oslo);
    assert!(found.iter().all(|id| id.starts_with("OSLO-")), "{found:?}");
    assert_eq!(found.len(), 9, "Aker Brygge, Majorstuen and Storo: {found:?}");
    assert_eq!(oslo["more"], false);
    let distances: Vec<f64> = oslo["chargers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["distance_m"].as_f64().unwrap())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");

    let (_, page) = app.get(&format!("/api/v1/chargers?bbox={OSLO_BOX}&limit=2")).await;
    assert_eq!((ids(&page).len(), &page["more"]), (2, &Value::Bool(true)));

    // Plugs and power: DC fast chargers only.
    let (_, ccs) = app
        .get(&format!(
            "/api/v1/chargers?bbox={OSLO_BOX}&connector=ccs2&min_power_kw=50"
        ))
        .await;
    let fast = ids(&ccs);
    assert!(!fast.is_empty() && fast.iter().all(|id| id.contains("-DC")), "{fast:?}");
    // Near a point with a filter: the same rule.
    let (_, near) = app
        .get("/api/v1/chargers?lat=59.91&lon=10.75&limit=3&connector=type2")
        .await;
    assert!(ids(&near).iter().all(|id| id.contains("-AC")), "{near}");

    // "Available now": nobody is connected yet; a charger that boots and says Available is.
    let (_, none) = app
        .get(&format!("/api/v1/chargers?bbox={OSLO_BOX}&available=true"))
        .await;
    assert!(ids(&none).is_empty(), "{none}");
    let mut charger = ScriptedCharger::connect(&app.ws_base(), "OSLO-STORO-DC1").await;
    charger.boot(&[1, 2]).await;
    app.wait_for_connector("OSLO-STORO-DC1", 1, "available").await;
    let (_, available) = app
        .get(&format!("/api/v1/chargers?bbox={OSLO_BOX}&available=true"))
        .await;
    assert_eq!(ids(&available), ["OSLO-STORO-DC1"]);
    charger.status(1, "Faulted", "GroundFailure").await;
    charger.status(2, "Charging", "NoError").await;
    app.wait_for_connector("OSLO-STORO-DC1", 2, "charging").await;
    let (_, busy) = app
        .get(&format!("/api/v1/chargers?bbox={OSLO_BOX}&available=true"))
        .await;
    assert!(ids(&busy).is_empty(), "no connector available: {busy}");
}

#[tokio::test]
async fn bad_boxes_positions_and_filters_name_the_parameter() {
    let app = TestApp::start().await;
    for (query, names) in [
        ("bbox=10.9,59.85,10.6,59.97", "antimeridian"),
        ("bbox=10.6,59.97,10.9,59.85", "inverted"),
        ("bbox=-60,40,60,70", "larger than allowed"),
        ("bbox=10,95,11,96", "latitude 95"),
        ("bbox=1,2,3", "four numbers"),
        ("lat=91&lon=10", "latitude 91"),
        ("lat=59.9", "lon:"),
        ("lat=59.9&lon=10.7&bbox=10.6,59.85,10.9,59.97", "not both"),
        ("lat=59.9&lon=10.7&connector=tesla", "connector: unknown plug \"tesla\""),
        ("lat=59.9&lon=10.7&min_power_kw=-5", "min_power_kw"),
        ("lat=59.9&lon=10.7&available=maybe", "available"),
        ("bbox=10.6,59.85,10.9,59.97&limit=5000", "limit"),
        ("lat=59.9&lon=10.7&max_price=-1", "max_price"),
        ("lat=59.9&lon=10.7&max_price=cheap", "max_price"),
        ("lat=59.9&lon=10.7&max_price=1e9", "max_price"),
        ("lat=59.9&lon=10.7&ids=,", "ids"),
        ("lat=59.9&lon=10.7&car=0,11,150,,", "car: battery_kwh"),
        ("lat=59.9&lon=10.7&car=75,11,150,60,40", "car: target_pct"),
        ("lat=59.9&lon=10.7&car=75,11", "car"),
    ] {
        let (status, problem) = app.get(&format!("/api/v1/chargers?{query}")).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (400, Some("invalid_request")),
            "{query}: {problem}"
        );
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains(names), "{query}: {detail:?} does not say {names:?}");
    }
}

#[tokio::test]
async fn places_are_found_by_the_start_of_their_name_without_diacritics() {
    let app = TestApp::start().await;
    let (status, found) = app.get("/api/v1/places?q=tromso&limit=3").await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["places"][0]["name"], "Tromsø", "{found}");
    assert_eq!(found["places"][0]["country"], "NO");
    let (_, gothenburg) = app.get("/api/v1/places?q=G%C3%B6teborg").await;
    assert_eq!(gothenburg["places"][0]["name"], "Gothenburg", "{gothenburg}");
    let (_, stock) = app.get("/api/v1/places?q=sto").await;
    assert_eq!(stock["places"][0]["name"], "Stockholm", "the biggest first: {stock}");
    for (query, names) in [("q=", "q:"), ("q=%20", "q:"), ("q=osl&limit=50", "limit"), ("", "q")] {
        let (status, problem) = app.get(&format!("/api/v1/places?{query}")).await;
        assert_eq!(status, 400, "{query}: {problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains(names),
            "{query}: {problem}"
        );
    }
}

fn estimates(list: &Value) -> Vec<(String, Option<f64>)> {
    list["chargers"]
        .as_array()
        .expect("chargers")
        .iter()
        .map(|c| {
            let price = c["estimate"]["incl_vat"].as_str().map(|p| p.parse::<f64>().unwrap());
            (c["id"].as_str().unwrap().to_owned(), price)
        })
        .collect()
}

#[tokio::test]
async fn a_maximum_price_keeps_the_chargers_whose_estimated_session_costs_at_most_that() {
    let app = TestApp::start().await;
    let (_, all) = app.get("/api/v1/chargers?bbox=4,55,20,64&limit=500").await;
    let all = estimates(&all);
    assert!(all.len() >= 20, "{all:?}");
    for c in &all {
        assert!(c.1.is_some_and(|p| p > 0.0), "every demo charger is priced: {c:?}");
    }
    let mut prices: Vec<f64> = all.iter().filter_map(|c| c.1).collect();
    prices.sort_by(f64::total_cmp);
    let middle = prices[prices.len() / 2];
    assert!(prices[0] < middle, "the demo tariffs differ: {prices:?}");
    let (status, cheap) = app
        .get(&format!(
            "/api/v1/chargers?bbox=4,55,20,64&limit=500&max_price={middle}"
        ))
        .await;
    assert_eq!(status, 200, "{cheap}");
    let cheap = estimates(&cheap);
    let want: Vec<&String> = all.iter().filter(|c| c.1.unwrap() <= middle).map(|c| &c.0).collect();
    let got: Vec<&String> = cheap.iter().map(|c| &c.0).collect();
    assert_eq!(got, want, "exactly those at or under {middle}");
    assert!(got.len() < all.len());
    // Near a point the same rule; the summary's estimate is what was compared.
    let (_, near) = app
        .get(&format!("/api/v1/chargers?lat=59.91&lon=10.75&max_price={}", prices[0]))
        .await;
    assert!(estimates(&near).iter().all(|c| c.1 == Some(prices[0])), "{near}");
    // The detail carries the same estimate.
    let (_, detail) = app.get(&format!("/api/v1/chargers/{}", all[0].0)).await;
    assert_eq!(
        detail["estimate"]["incl_vat"]
            .as_str()
            .map(|p| p.parse::<f64>().unwrap()),
        all[0].1
    );
    assert_eq!(detail["estimate"]["energy_kwh"], 30);
}

#[tokio::test]
async fn the_drivers_car_sets_each_estimate() {
    let app = TestApp::start().await;
    let estimates = |list: &Value| -> Vec<(String, Value)> {
        list["chargers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["id"].as_str().unwrap().to_owned(), c["estimate"].clone()))
            .collect()
    };
    let (_, default) = app.get("/api/v1/chargers?lat=59.91&lon=10.75&limit=5").await;
    // A 75 kWh car from 20 % to 80 % (assumed): 45 kWh.
    let (status, big) = app
        .get("/api/v1/chargers?lat=59.91&lon=10.75&limit=5&car=75,11,250,,")
        .await;
    assert_eq!(status, 200, "{big}");
    // A 40 kWh car from 50 % to 90 %: 16 kWh.
    let (_, small) = app
        .get("/api/v1/chargers?lat=59.91&lon=10.75&limit=5&car=40,6.6,50,50,90")
        .await;
    let (default, big, small) = (estimates(&default), estimates(&big), estimates(&small));
    assert_eq!(default.len(), 5);
    for (((id, d), (_, b)), (_, s)) in default.iter().zip(&big).zip(&small) {
        assert_eq!(
            (d["energy_kwh"].as_u64(), d.get("for_car")),
            (Some(30), None),
            "{id}: {d}"
        );
        assert_eq!(
            (b["energy_kwh"].as_u64(), b["for_car"].as_bool()),
            (Some(45), Some(true)),
            "{id}: {b}"
        );
        assert_eq!(s["energy_kwh"].as_u64(), Some(16), "{id}: {s}");
        let price = |v: &Value| v["incl_vat"].as_str().unwrap().parse::<f64>().unwrap();
        assert!(price(s) < price(b), "{id}: less energy costs less: {s} {b}");
        assert!(b["minutes"].as_u64().unwrap() > 0, "{id}: {b}");
    }
}

#[tokio::test]
async fn favourites_are_kept_on_the_account_and_favourites_only_lists_just_them() {
    let app = TestApp::start().await;
    let token = token_for(&app.server, "driver@demo.ladeklar.no").await;
    let other = token_for(&app.server, "technician@demo.ladeklar.no").await;
    let call = |method: reqwest::Method, path: &str, token: &str| {
        app.http.request(method, app.url(path)).bearer_auth(token).send()
    };
    let list = |token: String| {
        let r = app
            .http
            .get(app.url("/api/v1/account/favourites"))
            .bearer_auth(token)
            .send();
        async move { r.await.unwrap().json::<Value>().await.unwrap()["charger_ids"].clone() }
    };
    assert_eq!(list(token.clone()).await, serde_json::json!([]));
    for id in ["OSLO-STORO-DC1", "BERGEN-BRYGGEN-AC1", "OSLO-STORO-DC1"] {
        let r = call(
            reqwest::Method::PUT,
            &format!("/api/v1/account/favourites/{id}"),
            &token,
        )
        .await
        .unwrap();
        assert_eq!(r.status(), 204, "{id}");
    }
    assert_eq!(
        list(token.clone()).await,
        serde_json::json!(["OSLO-STORO-DC1", "BERGEN-BRYGGEN-AC1"])
    );
    assert_eq!(
        list(other.clone()).await,
        serde_json::json!([]),
        "another account's are its own"
    );
    let unknown = call(reqwest::Method::PUT, "/api/v1/account/favourites/NO-SUCH", &token)
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    // (`app.http` is signed in as an admin: a client of its own for nobody.)
    let anonymous = reqwest::Client::new()
        .get(app.url("/api/v1/account/favourites"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    // Favourites only: the list asks for these ids, nearest first, other filters still apply.
    let (status, only) = app
        .get("/api/v1/chargers?lat=59.91&lon=10.75&ids=BERGEN-BRYGGEN-AC1,OSLO-STORO-DC1,NO-SUCH")
        .await;
    assert_eq!(status, 200, "{only}");
    assert_eq!(ids(&only), ["OSLO-STORO-DC1", "BERGEN-BRYGGEN-AC1"]);
    let (_, dc) = app
        .get("/api/v1/chargers?bbox=4,55,20,64&ids=BERGEN-BRYGGEN-AC1,OSLO-STORO-DC1&connector=ccs2")
        .await;
    assert_eq!(ids(&dc), ["OSLO-STORO-DC1"]);

    let r = call(
        reqwest::Method::DELETE,
        "/api/v1/account/favourites/OSLO-STORO-DC1",
        &token,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(list(token.clone()).await, serde_json::json!(["BERGEN-BRYGGEN-AC1"]));

    // They are the driver's data: in the export, and gone with the account.
    let export: Value = app
        .http
        .get(app.url("/api/v1/account/export"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(export["favourites"], serde_json::json!(["BERGEN-BRYGGEN-AC1"]));
    let driver = app
        .server
        .store()
        .user_by_email(&ladeklar_core::accounts::parse_email("driver@demo.ladeklar.no").unwrap())
        .await
        .unwrap()
        .unwrap();
    app.server
        .store()
        .delete_user(driver.id, app.server.clock().now())
        .await
        .unwrap();
    assert!(app.server.store().favourites(driver.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_map_gets_the_configured_tile_layer_or_none() {
    let plain = TestApp::start().await;
    let (status, config) = plain.get("/api/v1/map-config").await;
    assert_eq!(
        (status, config),
        (200, serde_json::json!({})),
        "outlines only by default"
    );
    let tiled = TestApp::start_with(|c| {
        c.map_tiles_url = Some("https://tiles.example.no/{z}/{x}/{y}.png".parse().unwrap());
        c.map_tiles_attribution = Some("© OpenStreetMap contributors".into());
    })
    .await;
    let (_, config) = tiled.get("/api/v1/map-config").await;
    assert_eq!(
        config,
        serde_json::json!({"tiles": {"url": "https://tiles.example.no/{z}/{x}/{y}.png",
            "attribution": "© OpenStreetMap contributors"}})
    );
}
