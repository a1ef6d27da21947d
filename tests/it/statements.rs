//! Self-billing statements (issue 19) against the real server: a month's statement states
//! exactly the sessions paid that month (their sum computed here), a refund becomes a credit
//! note in the same numbering, issuing twice gives the same documents, the PDF reads back,
//! the CSV adds up, owners see only their own, and the numbers have no gap or repeat when
//! issues race.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use ladeklar_core::accounts::{OwnerId, Role};
use ladeklar_core::payments::state::Payment;
use ladeklar_core::payments::statement::StatementMonth;
use ladeklar_core::payments::{MinorUnits, PaymentKind, PaymentState};
use ladeklar_store::{NewPayment, NewPendingSession, NewUser};
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::fake_stripe::VISA;
use crate::payments::{charge_30_kwh, Paying};
use crate::support::{signed_in_client, TestApp};

/// Bergen Lagunen (the payments tests' charger) is Nordlys Eiendom's.
const NORDLYS: &str = "owner-nordlys";
const FJORDLADE: &str = "owner-fjordlade";

fn oslo() -> Tz {
    chrono_tz::Europe::Oslo
}

/// Moves the server's clock forward to `target`.
pub(crate) fn move_clock_to(app: &TestApp, target: DateTime<Utc>) {
    let by = target - app.server.clock().now();
    assert!(by > TimeDelta::zero(), "the clock only moves forward");
    app.server.clock().advance(by);
}

/// A user belonging to `owner`, signed in.
pub(crate) async fn owner_user(app: &TestApp, email: &str, owner: &str) -> reqwest::Client {
    let email_parsed = ladeklar_core::accounts::parse_email(email).unwrap();
    app.server
        .store()
        .create_user(
            &NewUser {
                email: &email_parsed,
                password_hash: None,
                roles: &[Role::Owner {
                    owner_id: OwnerId(owner.into()),
                }],
                email_verified: true,
            },
            None,
            app.server.clock().now(),
        )
        .await
        .unwrap();
    signed_in_client(&app.server, reqwest::Client::builder(), email).await
}

pub(crate) async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    body: Option<Value>,
) -> (u16, Value) {
    let mut r = client.request(method, url);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub(crate) fn minor(v: &Value) -> i64 {
    let d: Decimal = v.as_str().unwrap_or_else(|| panic!("an amount: {v}")).parse().unwrap();
    i64::try_from((d * Decimal::from(100)).trunc()).unwrap()
}

/// The 5 % platform fee on `paid` øre, rounded half away from zero — computed here, not by core.
fn fee_of(paid: i64) -> i64 {
    (paid * 500 + 5_000) / 10_000
}

#[tokio::test]
async fn a_month_states_its_paid_sessions_and_a_refund_becomes_a_credit_note() {
    let mut p = Paying::start().await;
    // Into the middle of next month, so the month is known whenever the test runs; sign-ins
    // last 30 days, so the clients sign in again there.
    let month = StatementMonth::of(p.app.server.clock().now(), oslo()).next();
    move_clock_to(
        &p.app,
        month.bounds(oslo()).0 + TimeDelta::days(9) + TimeDelta::hours(12),
    );
    p.driver = signed_in_client(&p.app.server, reqwest::Client::builder(), "driver@demo.ladeklar.no").await;
    p.app.http = signed_in_client(&p.app.server, reqwest::Client::builder(), crate::support::ADMIN).await;
    let p = p;
    let app = &p.app;

    let card = p.save_card(VISA).await;
    let mut charger = p.charger().await;
    let mut sessions: Vec<(String, i64, i64)> = Vec::new(); // (id, paid øre, VAT øre on the receipt)
    for _ in 0..3 {
        let (session, id_tag) = p
            .start_paid(
                &p.driver,
                &mut charger,
                json!({"source": "saved_card", "card_id": card, "spending_cap": "300"}),
            )
            .await;
        charge_30_kwh(&mut charger, &id_tag).await;
        let id = session["id"].as_str().unwrap().to_owned();
        let payment = p.payment_when(&id, "captured").await;
        let (_, receipt) = p.get(&p.driver, &format!("/api/v1/sessions/{id}/receipt")).await;
        let vat: i64 = receipt["vat_lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| minor(&v["vat"]))
            .sum();
        sessions.push((id, minor(&payment["paid"]), vat));
        charger.status(1, "Available", "NoError").await;
        app.wait_for_connector(crate::payments::CHARGER, 1, "available").await;
    }

    // Support refunds the second session; the driver may not, and nothing is refunded twice.
    let refunded = sessions[1].0.clone();
    let (status, problem) = p
        .post(&p.driver, &format!("/api/v1/sessions/{refunded}/refund"), json!({}))
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (403, Some("forbidden")),
        "{problem}"
    );
    let (status, view) = call(
        &app.http,
        reqwest::Method::POST,
        app.url(&format!("/api/v1/sessions/{refunded}/refund")),
        None,
    )
    .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["payment"]["state"], "refunded");
    let (status, problem) = call(
        &app.http,
        reqwest::Method::POST,
        app.url(&format!("/api/v1/sessions/{refunded}/refund")),
        None,
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("not_refundable")),
        "{problem}"
    );

    let owner = owner_user(app, "owner.nordlys@example.no", NORDLYS).await;

    // The overview: Nordlys's sites only, and the month's revenue per site and day adds up to
    // what was paid less the refund.
    let first = chrono::NaiveDate::from_ymd_opt(month.year(), month.month(), 1).unwrap();
    let last =
        chrono::NaiveDate::from_ymd_opt(month.next().year(), month.next().month(), 1).unwrap() - TimeDelta::days(1);
    let overview_url = app.url(&format!("/api/v1/owners/{NORDLYS}/overview?from={first}&to={last}"));
    let (status, overview) = call(&owner, reqwest::Method::GET, overview_url.clone(), None).await;
    assert_eq!(status, 200, "{overview}");
    let sites: BTreeSet<&str> = overview["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        sites.contains("bergen-lagunen") && !sites.contains("oslo-aker-brygge"),
        "{sites:?}"
    );
    let lagunen = overview["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "bergen-lagunen")
        .unwrap();
    let dc1 = lagunen["chargers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == crate::payments::CHARGER)
        .unwrap();
    assert_eq!(dc1["online"], true);
    assert_eq!(dc1["connectors"][0]["status"], "available");
    let revenue: i64 = overview["revenue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| minor(&d["incl_vat"]))
        .sum();
    let taken: i64 = sessions.iter().map(|s| s.1).sum::<i64>() - sessions[1].1;
    assert_eq!(revenue, taken, "{overview}");
    assert!(overview["revenue"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["site_id"] == "bergen-lagunen"));
    assert_eq!(overview["currency"], "NOK");
    let (status, problem) = call(
        &owner,
        reqwest::Method::GET,
        app.url(&format!("/api/v1/owners/{NORDLYS}/overview?from={last}&to={first}")),
        None,
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    assert!(problem["detail"].as_str().unwrap().starts_with("from:"), "{problem}");
    let fjordlade_owner = signed_in_client(&app.server, reqwest::Client::builder(), "owner@demo.ladeklar.no").await;
    let (status, _) = call(&fjordlade_owner, reqwest::Method::GET, overview_url, None).await;
    assert_eq!(status, 403);
    let statements_url = app.url(&format!("/api/v1/owners/{NORDLYS}/statements"));
    // The month is not over yet; a month that is not one is named.
    let body = json!({"month": month.to_string()});
    let (status, problem) = call(
        &owner,
        reqwest::Method::POST,
        statements_url.clone(),
        Some(body.clone()),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("invalid_month")),
        "{problem}"
    );
    assert!(problem["detail"].as_str().unwrap().contains("not over"), "{problem}");
    for bad in ["2026-13", "last month", "2026-1"] {
        let (status, problem) = call(
            &owner,
            reqwest::Method::POST,
            statements_url.clone(),
            Some(json!({"month": bad})),
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (400, Some("invalid_month")),
            "{bad}: {problem}"
        );
        assert!(problem["detail"].as_str().unwrap().starts_with("month:"), "{problem}");
    }

    // A day into the next month it is issued: a statement and a credit note, numbered 1 and 2.
    move_clock_to(app, month.next().bounds(oslo()).0 + TimeDelta::days(1));
    let (status, first) = call(
        &owner,
        reqwest::Method::POST,
        statements_url.clone(),
        Some(body.clone()),
    )
    .await;
    // The statements job may have issued it a moment before (201 here otherwise).
    assert!(status == 201 || status == 200, "{status} {first}");
    let (status, again) = call(
        &owner,
        reqwest::Method::POST,
        statements_url.clone(),
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["created"], false);
    assert_eq!(
        again["statements"], first["statements"],
        "issuing twice gives the same documents"
    );
    let docs = first["statements"].as_array().unwrap();
    assert_eq!(docs.len(), 2, "{first}");
    let (statement, credit) = (&docs[0], &docs[1]);
    assert_eq!(
        (statement["kind"].as_str(), statement["number"].as_i64()),
        (Some("statement"), Some(1))
    );
    assert_eq!(
        (credit["kind"].as_str(), credit["number"].as_i64()),
        (Some("credit_note"), Some(2))
    );
    assert_eq!(statement["month"], month.to_string());

    // The statement's figures are the sum of the month's sessions.
    let paid: i64 = sessions.iter().map(|s| s.1).sum();
    let vat: i64 = sessions.iter().map(|s| s.2).sum();
    let fee: i64 = sessions.iter().map(|s| fee_of(s.1)).sum();
    assert_eq!(statement["sessions"], 3);
    assert_eq!(minor(&statement["total_incl_vat"]), paid);
    assert_eq!(minor(&statement["total_vat"]), vat);
    assert_eq!(minor(&statement["total_excl_vat"]), paid - vat);
    assert_eq!(minor(&statement["platform_fee"]), fee);
    assert_eq!(minor(&statement["payout"]), paid - fee);
    assert_eq!(statement["payout_status"], "due");
    // The credit note gives back the refunded session, fee and payout negated.
    let (_, refunded_paid, refunded_vat) = sessions[1];
    assert_eq!(credit["sessions"], 1);
    assert_eq!(minor(&credit["total_incl_vat"]), -refunded_paid);
    assert_eq!(minor(&credit["total_vat"]), -refunded_vat);
    assert_eq!(minor(&credit["platform_fee"]), -fee_of(refunded_paid));
    assert_eq!(minor(&credit["payout"]), -(refunded_paid - fee_of(refunded_paid)));

    let id = statement["id"].as_str().unwrap();
    let (status, view) = call(
        &owner,
        reqwest::Method::GET,
        app.url(&format!("/api/v1/owners/{NORDLYS}/statements/{id}")),
        None,
    )
    .await;
    assert_eq!(status, 200, "{view}");
    let stated: BTreeSet<&str> = view["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["session_id"].as_str().unwrap())
        .collect();
    let expected: BTreeSet<&str> = sessions.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(stated, expected);
    assert_eq!(view["org_number"], "934 567 897");
    assert!(
        view["issued_on_behalf"]
            .as_str()
            .unwrap()
            .contains("on behalf of Nordlys Eiendom AS"),
        "{view}"
    );
    let credit_id = credit["id"].as_str().unwrap();
    let (_, credit_view) = call(
        &owner,
        reqwest::Method::GET,
        app.url(&format!("/api/v1/owners/{NORDLYS}/statements/{credit_id}")),
        None,
    )
    .await;
    assert_eq!(credit_view["lines"][0]["session_id"], refunded.as_str());
    assert_eq!(credit_view["lines"][0]["credits_statement"], 1);

    // The PDF, read back.
    let pdf = owner
        .get(app.url(&format!("/api/v1/owners/{NORDLYS}/statements/{id}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let doc = lopdf::Document::load_mem(&pdf.bytes().await.unwrap()).expect("a PDF");
    let text = doc.extract_text(&[1]).expect("its text");
    let total = format!("{}.{:02} NOK", paid / 100, paid % 100);
    let payout = format!("{}.{:02} NOK", (paid - fee) / 100, (paid - fee) % 100);
    for expected in [
        "Self-billing statement 000001",
        "on behalf of Nordlys Eiendom AS",
        "934 567 897",
        "Lagunen Storsenter",
        &total,
        &payout,
        "VAT 25 %",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }

    // The CSV: one row per session, adding up to the total.
    let csv = owner
        .get(app.url(&format!("/api/v1/owners/{NORDLYS}/statements/{id}/csv")))
        .send()
        .await
        .unwrap();
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let incl = header
        .iter()
        .position(|h| *h == "incl_vat")
        .expect("an incl_vat column");
    let rows: Vec<Vec<&str>> = rows.map(|r| r.split(',').collect()).collect();
    assert_eq!(rows.len(), 3, "{csv}");
    let sum: i64 = rows.iter().map(|r| minor(&json!(r[incl]))).sum();
    assert_eq!(sum, paid, "{csv}");

    // The list shows both with their payout records.
    let (_, list) = call(&owner, reqwest::Method::GET, statements_url.clone(), None).await;
    assert_eq!(list["org_number"], "934 567 897");
    let numbers: Vec<i64> = list["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, vec![2, 1]);

    // Another owner sees none of it; anonymous callers must sign in; an unknown owner is named.
    let other = signed_in_client(&app.server, reqwest::Client::builder(), "owner@demo.ladeklar.no").await;
    let (status, problem) = call(&other, reqwest::Method::GET, statements_url.clone(), None).await;
    assert_eq!((status, problem["code"].as_str()), (403, Some("forbidden")));
    let (status, problem) = call(
        &other,
        reqwest::Method::POST,
        statements_url.clone(),
        Some(body.clone()),
    )
    .await;
    assert_eq!((status, problem["code"].as_str()), (403, Some("forbidden")));
    for suffix in ["", "/pdf", "/csv"] {
        let url = app.url(&format!("/api/v1/owners/{FJORDLADE}/statements/{id}{suffix}"));
        let (status, problem) = call(&other, reqwest::Method::GET, url, None).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (404, Some("statement_not_found")),
            "{suffix}"
        );
    }
    let (status, _) = call(&p.guest, reqwest::Method::GET, statements_url, None).await;
    assert_eq!(status, 401);
    let (status, problem) = call(
        &app.http,
        reqwest::Method::GET,
        app.url("/api/v1/owners/no-such-owner/statements"),
        None,
    )
    .await;
    assert_eq!((status, problem["code"].as_str()), (404, Some("owner_not_found")));
}

/// A session at `charger` paid `paid` øre (25 % VAT) at `paid_at`, written straight to the
/// store; its id.
pub(crate) async fn paid_session(app: &TestApp, charger: &str, paid_at: DateTime<Utc>, paid: i64) -> String {
    let store = app.server.store();
    let id = uuid::Uuid::new_v4().to_string();
    store
        .insert_pending_session(
            &NewPendingSession {
                id: &id,
                charger_id: charger,
                connector_id: 1,
                id_tag: "APPRACE",
                tariff_json: "{}",
                time_zone: "Europe/Oslo",
                driver: None,
                tariff_version_id: None,
            },
            paid_at,
        )
        .await
        .unwrap();
    // What core prices a session at 1 kr/kWh excl. 25 % VAT: paid / 125 kWh.
    let tariff = ladeklar_core::tariff::Tariff::from_json(
        r#"{"id":"t","currency":"NOK","elements":[{"price_components":[{"type":"ENERGY","price":1.00,"vat":25.0,"step_size":1}]}]}"#,
    )
    .unwrap();
    let start = paid_at - TimeDelta::hours(1);
    let kwh = Decimal::new(paid, 2) / Decimal::new(125, 2);
    let session = ladeklar_core::pricing::Session {
        start,
        end: paid_at,
        periods: vec![ladeklar_core::pricing::Period {
            start,
            end: paid_at,
            kind: ladeklar_core::pricing::PeriodKind::Charging,
            energy_kwh: kwh,
            power_kw: None,
            current_a: None,
        }],
    };
    let priced = ladeklar_core::pricing::price_periods(&tariff, oslo(), &session).unwrap();
    assert_eq!(priced.total.incl_vat * Decimal::from(100), Decimal::from(paid));
    let t = |d: DateTime<Utc>| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    sqlx::query(
        "UPDATE sessions SET status = 'completed', started_at = $1, stopped_at = $2, priced_json = $3 WHERE id = $4",
    )
    .bind(t(start))
    .bind(t(paid_at))
    .bind(serde_json::to_string(&priced).unwrap())
    .bind(&id)
    .execute(store.pool())
    .await
    .unwrap();
    let payment_id = uuid::Uuid::new_v4().to_string();
    store
        .insert_payment(
            &NewPayment {
                id: &payment_id,
                session_id: &id,
                user_id: None,
                payment: &Payment {
                    kind: PaymentKind::Hold,
                    state: PaymentState::Captured,
                    held: MinorUnits(50_000),
                    amount: Some(MinorUnits(paid)),
                    capture_failures: 0,
                    charges: 0,
                },
                currency: "NOK",
                payment_method: "pm_card_visa",
                card_brand: None,
                card_last4: None,
                receipt_email: None,
                pending_key: None,
            },
            paid_at,
        )
        .await
        .unwrap();
    sqlx::query("UPDATE payments SET paid_at = $1 WHERE id = $2")
        .bind(t(paid_at))
        .bind(&payment_id)
        .execute(store.pool())
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn numbers_have_no_gap_or_repeat_when_issues_race() {
    let app = TestApp::start().await;
    let now = app.server.clock().now();
    // Four months that are over, two sessions paid in each at Fjordlade's Aker Brygge. Not
    // the last month: the server's statements job issues that one by itself at start, which
    // could race the sessions this test writes into it.
    let mut months = Vec::new();
    let mut month = StatementMonth::of(now, oslo()).previous();
    for _ in 0..4 {
        month = month.previous();
        months.push(month);
    }
    let mut expected = BTreeMap::new();
    for (i, m) in months.iter().enumerate() {
        let mid = m.bounds(oslo()).0 + TimeDelta::days(14);
        let amounts = [10_000 + 125 * i as i64, 2_500];
        for (k, paid) in amounts.iter().enumerate() {
            paid_session(&app, "OSLO-AKER-BRYGGE-AC1", mid + TimeDelta::hours(k as i64), *paid).await;
        }
        expected.insert(m.to_string(), amounts.iter().sum::<i64>());
    }
    // Three issues of each month at once, all months together.
    let mut racers = Vec::new();
    for m in &months {
        for _ in 0..3 {
            let (http, url) = (
                app.http.clone(),
                app.url(&format!("/api/v1/owners/{FJORDLADE}/statements")),
            );
            let body = json!({"month": m.to_string()});
            racers.push(tokio::spawn(async move {
                let r = http.post(url).json(&body).send().await.expect("POST");
                (r.status().as_u16(), r.json::<Value>().await.unwrap())
            }));
        }
    }
    let mut by_month: BTreeMap<String, Vec<(u16, Value)>> = BTreeMap::new();
    for r in racers {
        let (status, answer) = r.await.unwrap();
        assert!(status == 200 || status == 201, "{status} {answer}");
        by_month
            .entry(answer["month"].as_str().unwrap().to_owned())
            .or_default()
            .push((status, answer));
    }
    for (m, answers) in &by_month {
        assert_eq!(answers.len(), 3);
        let created = answers.iter().filter(|(s, _)| *s == 201).count();
        assert!(created <= 1, "{m} issued {created} times");
        for (_, a) in answers {
            assert_eq!(
                a["statements"], answers[0].1["statements"],
                "{m}: every racer gets the same document"
            );
            assert_eq!(a["statements"].as_array().unwrap().len(), 1);
        }
        assert_eq!(
            minor(&answers[0].1["statements"][0]["total_incl_vat"]),
            expected[m],
            "{m}"
        );
    }
    let (status, list) = app.get(&format!("/api/v1/owners/{FJORDLADE}/statements")).await;
    assert_eq!(status, 200, "{list}");
    let mut numbers: Vec<i64> = list["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, vec![1, 2, 3, 4], "one unbroken sequence: {list}");
    let stated_months: BTreeSet<&str> = list["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["month"].as_str().unwrap())
        .collect();
    assert_eq!(stated_months.len(), 4);
}
