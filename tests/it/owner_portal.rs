//! The owner's portal (issue 19) against the real server: an owner sees only their own sites'
//! sessions (filtered, searched, paged and as CSV), revenue per site per day and per month that
//! adds up to the sessions made here, uptime and utilisation from the connectors' status
//! history (expected figures computed here), this month's SLA figures; another owner's site or
//! charger in the filter is refused and another owner's portal is 403; an admin picks any owner
//! and marks a statement's payout paid (core's rules: once, not in the future, a reference).

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use ladeklar_core::payments::statement::StatementMonth;
use serde_json::{json, Value};

use crate::statements::{call, minor, move_clock_to, owner_user, paid_session};
use crate::support::{signed_in_client, TestApp, ADMIN};

const FJORDLADE: &str = "owner-fjordlade";
const NORDLYS: &str = "owner-nordlys";
const AKER: &str = "OSLO-AKER-BRYGGE-AC1";
const TROMSO: &str = "TROMSO-SENTRUM-AC1";
const LAGUNEN: &str = "BERGEN-LAGUNEN-DC1";

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, Value) {
    call(client, reqwest::Method::GET, app.url(path), None).await
}

/// A connector's status set at `at` (the database's trigger records the change).
async fn set_status(app: &TestApp, charger: &str, connector: i64, status: &str, at: DateTime<Utc>) {
    sqlx::query("UPDATE connectors SET status = $1, status_at = $2 WHERE charger_id = $3 AND connector_id = $4")
        .bind(status)
        .bind(at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .bind(charger)
        .bind(connector)
        .execute(app.server.store().pool())
        .await
        .unwrap();
}

fn ids(page: &Value) -> Vec<String> {
    page["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn owners_see_only_their_own_and_an_admin_picks_any() {
    let app = TestApp::start().await;
    // Day 10 of next month, noon: last month (this one now) is over and can be stated.
    let oslo = chrono_tz::Europe::Oslo;
    let month = StatementMonth::of(app.server.clock().now(), oslo).next();
    move_clock_to(&app, month.bounds(oslo).0 + TimeDelta::days(9) + TimeDelta::hours(12));
    let now = app.server.clock().now();
    let admin = signed_in_client(&app.server, reqwest::Client::builder(), ADMIN).await;
    let fjordlade = owner_user(&app, "owner.one@example.no", FJORDLADE).await;
    let nordlys = owner_user(&app, "owner.two@example.no", NORDLYS).await;

    // Sessions: three at Aker Brygge (one 20 days back, last month), one in Tromsø, one at
    // Nordlys's Lagunen.
    let paid = [
        (AKER, now - TimeDelta::days(20), 10_000),
        (AKER, now - TimeDelta::days(2), 25_000),
        (AKER, now - TimeDelta::hours(3), 3_750),
        (TROMSO, now - TimeDelta::days(1), 12_500),
        (LAGUNEN, now - TimeDelta::days(1), 99_900),
    ];
    let mut made = Vec::new();
    for (charger, at, amount) in paid {
        made.push(paid_session(&app, charger, at, amount).await);
    }
    sqlx::query("UPDATE payments SET card_brand = 'visa', card_last4 = '4242' WHERE session_id = $1")
        .bind(&made[3])
        .execute(app.server.store().pool())
        .await
        .unwrap();

    // The list: Fjordlade's four, newest first; Nordlys's one is not there.
    let (status, page) = get(&fjordlade, &app, &format!("/api/v1/owners/{FJORDLADE}/sessions")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 4, "{page}");
    assert_eq!(
        ids(&page),
        vec![made[2].clone(), made[3].clone(), made[1].clone(), made[0].clone()]
    );
    assert_eq!(page["sessions"][0]["amount"], "37.50");
    assert_eq!(page["sessions"][1]["paid_with"], "visa ···· 4242");
    // Filters, search, paging.
    let list = |query: String| {
        let client = fjordlade.clone();
        let url = app.url(&format!("/api/v1/owners/{FJORDLADE}/sessions?{query}"));
        async move { call(&client, reqwest::Method::GET, url, None).await }
    };
    let (_, p) = list("site=tromso-sentrum".into()).await;
    assert_eq!(ids(&p), vec![made[3].clone()]);
    let (_, p) = list(format!("charger={AKER}&status=completed")).await;
    assert_eq!(p["total"], 3);
    let (_, p) = list("status=failed".into()).await;
    assert_eq!(p["total"], 0);
    let (_, p) = list("q=4242".into()).await;
    assert_eq!(ids(&p), vec![made[3].clone()]);
    let (_, p) = list(format!("q={}", &made[0][..8])).await;
    assert_eq!(ids(&p), vec![made[0].clone()]);
    let (_, p) = list("q=tromso".into()).await;
    assert_eq!(p["total"], 1);
    let from = (now - TimeDelta::days(3)).with_timezone(&oslo).date_naive();
    let (_, p) = list(format!("from={from}")).await;
    assert_eq!(p["total"], 3, "{p}");
    let (_, p) = list("per_page=3&page=2".into()).await;
    assert_eq!((p["total"].as_i64(), ids(&p)), (Some(4), vec![made[0].clone()]));
    // Another owner's site or charger is refused, naming the filter; bad input names its field.
    for (query, field) in [
        ("site=bergen-lagunen".to_owned(), "site:"),
        (format!("charger={LAGUNEN}"), "charger:"),
        ("status=lost".to_owned(), "status:"),
        ("q=%25".to_owned(), "q:"),
        ("per_page=0".to_owned(), "per_page:"),
    ] {
        let (status, problem) = list(query.clone()).await;
        assert_eq!(status, 400, "{query}: {problem}");
        assert!(
            problem["detail"].as_str().unwrap_or_default().starts_with(field),
            "{query}: {problem}"
        );
    }
    // Another owner's portal: 403; the admin reads any.
    for path in ["sessions", "sessions/csv", "overview"] {
        let (status, _) = get(&nordlys, &app, &format!("/api/v1/owners/{FJORDLADE}/{path}")).await;
        assert_eq!(status, 403, "{path}");
    }
    let (status, page) = get(&admin, &app, &format!("/api/v1/owners/{FJORDLADE}/sessions")).await;
    assert_eq!((status, page["total"].as_i64()), (200, Some(4)));
    let (_, page) = get(&admin, &app, &format!("/api/v1/owners/{NORDLYS}/sessions")).await;
    assert_eq!(ids(&page), vec![made[4].clone()]);
    // The picker's list: the admin's every owner, an owner's their own.
    let (_, all) = get(&admin, &app, "/api/v1/owners").await;
    let names: Vec<&str> = all["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert!(names.contains(&FJORDLADE) && names.contains(&NORDLYS), "{all}");
    let (_, own) = get(&fjordlade, &app, "/api/v1/owners").await;
    let own: Vec<&str> = own["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(own, vec![FJORDLADE]);

    // The CSV: the same filter, a header row and one row per session.
    let r = fjordlade
        .get(app.url(&format!("/api/v1/owners/{FJORDLADE}/sessions/csv?charger={AKER}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("session,site,site_name,charger"), "{csv}");
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(
        lines[1].starts_with(&made[2]) && lines[1].contains(",37.50,NOK,"),
        "{csv}"
    );

    // Revenue over the last 40 days: per site and day, and per site and month, add up to the
    // sessions made here.
    let from = (now - TimeDelta::days(40)).with_timezone(&oslo).date_naive();
    let to = now.with_timezone(&oslo).date_naive();
    let (status, o) = get(
        &fjordlade,
        &app,
        &format!("/api/v1/owners/{FJORDLADE}/overview?from={from}&to={to}&period=last_7_days"),
    )
    .await;
    assert_eq!(status, 200, "{o}");
    let mut expected: BTreeMap<&str, i64> = BTreeMap::new();
    for (charger, _, amount) in &paid[..4] {
        let site = if *charger == AKER {
            "oslo-aker-brygge"
        } else {
            "tromso-sentrum"
        };
        *expected.entry(site).or_default() += amount;
    }
    for key in ["revenue", "revenue_months"] {
        let mut got: BTreeMap<String, i64> = BTreeMap::new();
        for r in o[key].as_array().unwrap() {
            *got.entry(r["site_id"].as_str().unwrap().to_owned()).or_default() += minor(&r["incl_vat"]);
        }
        let got: BTreeMap<&str, i64> = got.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(got, expected, "{key}: {o}");
    }
    let months: Vec<&str> = o["revenue_months"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["site_id"] == "oslo-aker-brygge")
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months.len(), 2, "last month's and this month's: {o}");
    let (status, _) = get(
        &fjordlade,
        &app,
        &format!("/api/v1/owners/{FJORDLADE}/overview?period=week"),
    )
    .await;
    assert_eq!(status, 400);

    // Uptime and utilisation over the last 7 days: Aker Brygge's connector 1 available from
    // before the period, a car plugged in (charging, then full) for a day two days ago;
    // connector 2 faulted for the last day. Expected: connector time up over known.
    set_status(&app, AKER, 1, "faulted", now - TimeDelta::days(9)).await;
    set_status(&app, AKER, 1, "available", now - TimeDelta::days(8)).await;
    set_status(&app, AKER, 1, "charging", now - TimeDelta::days(2)).await;
    set_status(
        &app,
        AKER,
        1,
        "suspended_ev",
        now - TimeDelta::days(2) + TimeDelta::hours(20),
    )
    .await;
    set_status(&app, AKER, 1, "available", now - TimeDelta::days(1)).await;
    set_status(&app, AKER, 2, "available", now - TimeDelta::days(10)).await;
    set_status(&app, AKER, 2, "faulted", now - TimeDelta::days(1)).await;
    let (_, o) = get(
        &fjordlade,
        &app,
        &format!("/api/v1/owners/{FJORDLADE}/overview?period=last_7_days"),
    )
    .await;
    assert_eq!(o["usage_period"], "last_7_days");
    let site = o["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "oslo-aker-brygge")
        .unwrap();
    let aker = site["chargers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == AKER)
        .unwrap();
    let (day, week) = (86_400_i64, 7 * 86_400_i64);
    let (up, down, occupied) = (2 * week - day, day, day);
    // The server's clock runs on while the test reads it, and each stretch between two status
    // changes counts whole seconds: a few seconds either way.
    let seconds = |key: &str| aker["usage"][key].as_i64().unwrap();
    let near = |got: i64, want: i64| (got - want).abs() <= 5;
    assert!(near(seconds("up_seconds"), up), "{aker}");
    assert!(near(seconds("down_seconds"), down), "{aker}");
    assert_eq!(seconds("occupied_seconds"), occupied, "{aker}");
    let share = |part: i64, whole: i64| (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0;
    let known = seconds("up_seconds") + seconds("down_seconds");
    assert_eq!(
        aker["usage"]["uptime"].as_f64(),
        Some(share(seconds("up_seconds"), known))
    );
    assert_eq!(aker["usage"]["utilisation"].as_f64(), Some(share(occupied, known)));
    assert_eq!(share(up, up + down), 0.9286, "13 of 14 connector-days up");
    // The site adds its other chargers' connectors, of which nothing is known: the same shares.
    assert_eq!(site["usage"]["uptime"], aker["usage"]["uptime"]);
    assert!(site["usage"]["unknown_seconds"].as_i64().unwrap() > 0);
    // Another owner's charger history does not reach this owner's overview.
    assert!(o["sites"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["id"] != "bergen-lagunen"));
    assert_eq!(o["sla"]["month"], format!("{}", StatementMonth::of(now, oslo)));
    assert_eq!(o["sla"]["breaches"], 0);

    // Statements of last month, then the payout marked paid by an admin only.
    let last = StatementMonth::of(now, oslo).previous().to_string();
    let (status, issued) = call(
        &fjordlade,
        reqwest::Method::POST,
        app.url(&format!("/api/v1/owners/{FJORDLADE}/statements")),
        Some(json!({"month": last})),
    )
    .await;
    assert_eq!(status, 201, "{issued}");
    let id = issued["statements"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(issued["statements"][0]["payout_status"], "due");
    let payout = app.url(&format!("/api/v1/owners/{FJORDLADE}/statements/{id}/payout"));
    let today = now.with_timezone(&oslo).date_naive();
    let mark = |client: &reqwest::Client, body: Value| {
        let (client, url) = (client.clone(), payout.clone());
        async move { call(&client, reqwest::Method::POST, url, Some(body)).await }
    };
    let (status, _) = mark(&fjordlade, json!({"paid_on": today, "reference": "NO-1"})).await;
    assert_eq!(status, 403, "an owner does not mark their own payout");
    let tomorrow = today + TimeDelta::days(1);
    let (status, problem) = mark(&admin, json!({"paid_on": tomorrow, "reference": "NO-1"})).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("invalid_payout")),
        "{problem}"
    );
    assert!(problem["detail"].as_str().unwrap().starts_with("paid_on:"), "{problem}");
    let (status, problem) = mark(&admin, json!({"paid_on": today, "reference": " "})).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("invalid_payout")),
        "{problem}"
    );
    let (status, summary) = mark(&admin, json!({"paid_on": today, "reference": "NO-4711"})).await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(
        (&summary["payout_status"], &summary["payout_reference"]),
        (&json!("paid"), &json!("NO-4711"))
    );
    let (status, again) = mark(&admin, json!({"paid_on": today, "reference": "NO-4711"})).await;
    assert_eq!(
        (status, &again),
        (200, &summary),
        "the same request again changes nothing"
    );
    let (status, problem) = mark(&admin, json!({"paid_on": today, "reference": "NO-9"})).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("payout_already_paid")),
        "{problem}"
    );
    let (_, list) = get(&fjordlade, &app, &format!("/api/v1/owners/{FJORDLADE}/statements")).await;
    assert_eq!(list["statements"][0]["payout_status"], "paid", "{list}");
    assert_eq!(list["statements"][0]["payout_paid_on"], json!(today));
}
