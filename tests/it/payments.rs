//! Paying for charging against the local fake Stripe: a saved card's hold captured exactly
//! at the stop, a declined card that never starts, 3-D Secure, the spending cap, webhooks
//! replayed and out of order, a crash between Stripe's capture and our write, a failed
//! capture becoming debt, RFID sessions billed off session, blocked tags and debts refused at
//! the charger. Every amount is checked at the fake Stripe, not only in our database.

use chrono::{Duration, SubsecRound, Utc};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::fake_stripe::{self, FakeStripe, DECLINED_WHEN_CHARGED, THREE_D_SECURE, VISA};
use crate::support::{signed_in_client, ScriptedCharger, TestApp};

/// Bergen Lagunen's demo tariff: 3.36 kr/kWh and 30 kr/h after 45 minutes, 25 % VAT.
pub(crate) const CHARGER: &str = "BERGEN-LAGUNEN-DC1";
const DRIVER: &str = "driver@demo.ladeklar.no";

pub(crate) struct Paying {
    pub(crate) app: TestApp,
    pub(crate) stripe: FakeStripe,
    pub(crate) driver: reqwest::Client,
    pub(crate) guest: reqwest::Client,
}

impl Paying {
    pub(crate) async fn start() -> Paying {
        let stripe = FakeStripe::start().await;
        let app = TestApp::start_with(|c| stripe.configure(c)).await;
        stripe
            .register_webhook(&app.url("/api/v1/payments/stripe-webhook"))
            .await;
        let driver = signed_in_client(&app.server, reqwest::Client::builder(), DRIVER).await;
        Paying {
            app,
            stripe,
            driver,
            guest: reqwest::Client::new(),
        }
    }

    pub(crate) async fn call(
        &self,
        client: &reqwest::Client,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut r = client.request(method, self.app.url(path));
        if let Some(body) = body {
            r = r.json(&body);
        }
        let r = r.send().await.expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub(crate) async fn post(&self, client: &reqwest::Client, path: &str, body: Value) -> (u16, Value) {
        self.call(client, reqwest::Method::POST, path, Some(body)).await
    }

    pub(crate) async fn get(&self, client: &reqwest::Client, path: &str) -> (u16, Value) {
        self.call(client, reqwest::Method::GET, path, None).await
    }

    /// A card collected by Stripe.js: the SetupIntent's id.
    pub(crate) async fn collect_card(&self, client: &reqwest::Client, card: &str) -> String {
        let (status, setup) = self.post(client, "/api/v1/payments/card-setup", json!({})).await;
        assert_eq!(status, 200, "{setup}");
        let secret = setup["client_secret"].as_str().unwrap();
        let mut confirmed = self.stripe.confirm_setup(secret, card).await;
        if confirmed["status"] == "requires_action" {
            // The card's bank asks for 3-D Secure when it is set up too; the driver completes it.
            confirmed = self.stripe.complete_setup(secret).await;
        }
        assert_eq!(confirmed["status"], "succeeded", "{confirmed}");
        setup["setup_intent_id"].as_str().unwrap().to_owned()
    }

    /// Saves a card on the driver's account; returns its id.
    pub(crate) async fn save_card(&self, card: &str) -> String {
        let setup = self.collect_card(&self.driver, card).await;
        let (status, cards) = self
            .post(&self.driver, "/api/v1/account/cards", json!({"setup_intent_id": setup}))
            .await;
        assert_eq!(status, 200, "{cards}");
        let last4 = &card[card.len() - 4..];
        cards["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["last4"] == last4)
            .expect("the saved card is listed")["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub(crate) async fn charger(&self) -> ScriptedCharger {
        let mut charger = ScriptedCharger::connect(&self.app.ws_base(), CHARGER).await;
        charger.boot(&[1, 2]).await;
        self.app.wait_for_connector(CHARGER, 1, "available").await;
        charger
    }

    /// Starts a paid session as `client`; the charger accepts. Returns the session and the
    /// id tag the charger was told.
    pub(crate) async fn start_paid(
        &self,
        client: &reqwest::Client,
        charger: &mut ScriptedCharger,
        payment: Value,
    ) -> (Value, String) {
        let (http, url) = (client.clone(), self.app.url("/api/v1/sessions"));
        let start = tokio::spawn(async move {
            let r = http
                .post(url)
                .json(&json!({"charger_id": CHARGER, "connector_id": 1, "payment": payment}))
                .send()
                .await
                .expect("POST");
            (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
        });
        let remote_start = charger
            .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
            .await;
        let (status, session) = start.await.unwrap();
        assert_eq!(status, 201, "{session}");
        (session, remote_start["idTag"].as_str().unwrap().to_owned())
    }

    /// The payment of a session once it is `state`, read by the admin.
    pub(crate) async fn payment_when(&self, session_id: &str, state: &str) -> Value {
        self.app
            .wait_for(
                &format!("/api/v1/sessions/{session_id}"),
                &format!("payment {state}"),
                |s| s["payment"]["state"] == state,
            )
            .await["payment"]
            .clone()
    }

    pub(crate) async fn the_payment_intent(&self) -> Value {
        let all = self.stripe.payment_intents().await;
        assert_eq!(all.len(), 1, "exactly one PaymentIntent: {all:#?}");
        all[0].clone()
    }
}

/// A 90-minute, 30 kWh session on the scripted charger, from a meter start to the stop.
/// Bergen Lagunen: 30 kWh × 3.36 = 100.80 + 45 min × 30 kr/h = 22.50 → 123.30, 154.13 incl. VAT.
pub(crate) async fn charge_30_kwh(charger: &mut ScriptedCharger, id_tag: &str) -> i64 {
    let t0 = (Utc::now() - Duration::minutes(90)).trunc_subsecs(0);
    let at = |min: i64| (t0 + Duration::minutes(min)).to_rfc3339();
    let started = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": id_tag, "meterStart": 5_000_000, "timestamp": at(0)}),
        )
        .await;
    let transaction_id = started["transactionId"].as_i64().unwrap();
    charger.status(1, "Charging", "NoError").await;
    charger
        .call_ok(
            "MeterValues",
            json!({"connectorId": 1, "transactionId": transaction_id, "meterValue": [{"timestamp": at(60), "sampledValue": [
                {"value": "5025000", "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]}),
        )
        .await;
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": transaction_id, "meterStop": 5_030_000, "timestamp": at(90), "reason": "Local", "idTag": id_tag}),
        )
        .await;
    transaction_id
}

#[tokio::test]
async fn a_saved_card_pays_exactly_the_total_and_the_rest_is_released() {
    let p = Paying::start().await;
    let (_, config) = p.get(&p.guest, "/api/v1/payments/config").await;
    assert_eq!(config["enabled"], true);
    assert_eq!(config["stripe_js_url"], format!("{}/js.stripe.com/v3/", p.stripe.url()));
    let card = p.save_card(VISA).await;
    let (_, cards) = p.get(&p.driver, "/api/v1/account/cards").await;
    assert_eq!(cards["cards"][0]["brand"], "visa");
    assert_eq!(cards["cards"][0]["default"], true);
    let mut charger = p.charger().await;

    // Without saying how it is paid, nothing starts.
    let (status, problem) = p
        .post(
            &p.driver,
            "/api/v1/sessions",
            json!({"charger_id": CHARGER, "connector_id": 1}),
        )
        .await;
    assert_eq!((status, problem["code"].as_str()), (402, Some("payment_required")));

    let (session, id_tag) = p
        .start_paid(
            &p.driver,
            &mut charger,
            json!({"source": "saved_card", "card_id": card, "spending_cap": "300"}),
        )
        .await;
    assert_eq!(
        session["payment"]["state"], "start_sent",
        "the hold came first: {session}"
    );
    assert_eq!(session["payment"]["held"], "300.00");
    assert_eq!(session["payment"]["method"], "visa ···· 4242");
    let held = p.the_payment_intent().await;
    assert_eq!(held["status"], "requires_capture");
    assert_eq!(held["amount_capturable"], 30_000);

    charge_30_kwh(&mut charger, &id_tag).await;
    let id = session["id"].as_str().unwrap();
    let payment = p.payment_when(id, "captured").await;
    assert_eq!(payment["paid"], "154.13");
    assert_eq!(payment["cap_reached"], false);
    let captured = p.the_payment_intent().await;
    assert_eq!(captured["status"], "succeeded");
    assert_eq!(captured["amount_received"], 15_413, "exactly the total incl. VAT");
    let (_, receipt) = p.get(&p.driver, &format!("/api/v1/sessions/{id}/receipt")).await;
    assert_eq!(receipt["total_incl_vat"], "154.13");
    assert_eq!(receipt["payment"]["paid"], "154.13");
    assert_eq!(
        receipt["vat_lines"],
        json!([{"rate_percent": "25", "excl_vat": "123.30", "vat": "30.83"}])
    );
    // Each line names the price per unit it was billed at.
    assert_eq!(
        receipt["lines"][0]["unit_prices"],
        json!([{"excl_vat": "3.36", "incl_vat": "4.2", "vat_percent": "25"}])
    );
    assert_eq!(
        receipt["lines"][1]["unit_prices"],
        json!([{"excl_vat": "30", "incl_vat": "37.5", "vat_percent": "25"}])
    );
    let number = receipt["receipt_number"].as_str().unwrap();
    assert!(number.starts_with("LK-") && number.len() == 20, "{number}");
    let seller = receipt["seller"].as_str().unwrap();
    assert!(!seller.is_empty());

    // The same receipt as a PDF, read back.
    let pdf = p
        .driver
        .get(p.app.url(&format!("/api/v1/sessions/{id}/receipt.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    // Its text is in the page's content as it reads (searchable, and what the browser test checks).
    assert!(
        String::from_utf8_lossy(&bytes).contains("Receipt LK-"),
        "the text is not in the PDF as such"
    );
    let doc = lopdf::Document::load_mem(&bytes).expect("a PDF");
    let text = doc.extract_text(&[1]).expect("its text");
    for expected in [
        number,
        &format!("on behalf of {seller}"),
        "154.13 NOK",
        "123.30 NOK",
        "VAT 25 % of 123.30 NOK",
        "at 3.36 NOK/kWh excl. VAT, 4.20 incl. 25 % VAT",
        "at 30.00 NOK/h excl. VAT, 37.50 incl. 25 % VAT",
        "Paid with visa",
        "4242",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }

    // The driver's history lists it, as JSON and as CSV; bad filters are named.
    let (_, history) = p.get(&p.driver, "/api/v1/account/sessions").await;
    assert_eq!(history["sessions"][0]["id"], id);
    assert_eq!(history["sessions"][0]["paid"], "154.13");
    assert_eq!(history["sessions"][0]["payment_method"], "visa ···· 4242");
    let csv = p
        .driver
        .get(p.app.url("/api/v1/account/sessions?format=csv"))
        .send()
        .await
        .unwrap();
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("session,site,charger,"), "{csv}");
    assert!(
        csv.contains(&format!("{id},Lagunen Storsenter,{CHARGER},completed,")),
        "{csv}"
    );
    assert!(csv.contains(",154.13,NOK,154.13,visa ···· 4242\r\n"), "{csv}");
    for (query, param) in [
        ("from=2026-13-01", "from"),
        ("from=2026-12-02&to=2026-12-01", "from"),
        ("format=xml", "format"),
    ] {
        let (status, problem) = p.get(&p.driver, &format!("/api/v1/account/sessions?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(
            problem["detail"].as_str().unwrap().contains(param),
            "{query}: {problem}"
        );
    }
    let (status, other) = p.get(&p.guest, "/api/v1/account/sessions").await;
    assert_eq!((status, other["code"].as_str()), (401, Some("sign_in_required")));

    // The driver disputes the session from the receipt: a support case opens about it; a
    // guest cannot dispute someone else's session.
    let dispute = json!({"category": "payment_failed", "description": "My car got 20 kWh, not 30.",
                         "charger_id": CHARGER, "connector_id": 1, "session_id": id});
    let (status, case) = p.post(&p.driver, "/api/v1/cases", dispute.clone()).await;
    assert_eq!(status, 201, "{case}");
    assert_eq!(case["category"], "payment_failed");
    let (status, _) = p.post(&p.guest, "/api/v1/cases", dispute).await;
    assert_eq!(status, 401);

    // Reconciliation later finds nothing to do and moves no money.
    assert_eq!(p.app.server.reconcile_payments().await.unwrap(), 0);
    assert_eq!(p.the_payment_intent().await["amount_received"], 15_413);
}

#[tokio::test]
async fn a_declined_card_holds_nothing_and_never_starts() {
    let p = Paying::start().await;
    let _charger = p.charger().await;
    let setup = p.collect_card(&p.guest, DECLINED_WHEN_CHARGED).await;
    let (status, problem) = p
        .post(
            &p.guest,
            "/api/v1/sessions",
            json!({"charger_id": CHARGER, "connector_id": 1,
                   "payment": {"source": "new_card", "setup_intent_id": setup, "spending_cap": "100"}}),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (402, Some("card_declined")),
        "{problem}"
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("nothing was held"),
        "{problem}"
    );
    let intent = p.the_payment_intent().await;
    assert_ne!(intent["status"], "requires_capture");
    assert_eq!(intent["amount_capturable"], 0);
    assert_eq!(intent["amount_received"], 0);
    // The charger was never asked to start, and the connector is free for the next driver.
    let (_, log) = p.app.get(&format!("/api/v1/chargers/{CHARGER}/log")).await;
    assert!(!log.to_string().contains("RemoteStartTransaction"), "{log}");
    p.app.wait_for_connector(CHARGER, 1, "available").await;
}

#[tokio::test]
async fn bad_payment_input_is_refused_by_name_and_holds_nothing() {
    let p = Paying::start().await;
    let _charger = p.charger().await;
    let card = p.save_card(VISA).await;
    let start = |payment: Value| json!({"charger_id": CHARGER, "connector_id": 1, "payment": payment});
    for (client, payment, status, code) in [
        (
            &p.driver,
            json!({"source": "saved_card", "card_id": card, "spending_cap": "10"}),
            400,
            "invalid_spending_cap",
        ),
        (
            &p.driver,
            json!({"source": "saved_card", "card_id": card, "spending_cap": "5000"}),
            400,
            "invalid_spending_cap",
        ),
        (
            &p.driver,
            json!({"source": "saved_card", "card_id": card, "spending_cap": "100.001"}),
            400,
            "invalid_spending_cap",
        ),
        (
            &p.driver,
            json!({"source": "saved_card", "card_id": "pm_someone_elses"}),
            404,
            "card_not_found",
        ),
        (
            &p.guest,
            json!({"source": "saved_card", "card_id": card}),
            401,
            "sign_in_required",
        ),
        (
            &p.guest,
            json!({"source": "new_card", "setup_intent_id": "seti_unknown"}),
            404,
            "card_not_found",
        ),
        (&p.guest, json!({"source": "bitcoin"}), 400, "invalid_request"),
        (
            &p.driver,
            json!({"source": "saved_card", "card_id": card, "receipt_email": "not-an-address"}),
            400,
            "invalid_email",
        ),
    ] {
        let (got, problem) = p.post(client, "/api/v1/sessions", start(payment.clone())).await;
        assert_eq!(
            (got, problem["code"].as_str()),
            (status, Some(code)),
            "{payment}: {problem}"
        );
    }
    assert!(p.stripe.payment_intents().await.is_empty(), "nothing was held");
    // Tags: a malformed UID names what is wrong.
    let (status, problem) = p
        .post(
            &p.driver,
            "/api/v1/account/tags",
            json!({"uid": "12:34:5G:78", "name": "Blue"}),
        )
        .await;
    assert_eq!((status, problem["code"].as_str()), (400, Some("invalid_tag_uid")));
    assert!(problem["detail"].as_str().unwrap().contains("'G'"), "{problem}");
}

#[tokio::test]
async fn three_d_secure_completed_starts_and_abandoned_holds_nothing() {
    let p = Paying::start().await;
    let mut charger = p.charger().await;
    let setup = p.collect_card(&p.guest, THREE_D_SECURE).await;
    let (status, session) = p
        .post(
            &p.guest,
            "/api/v1/sessions",
            json!({"charger_id": CHARGER, "connector_id": 1,
                   "payment": {"source": "new_card", "setup_intent_id": setup}}),
        )
        .await;
    assert_eq!(status, 201, "{session}");
    assert_eq!(session["status"], "pending");
    assert_eq!(session["payment"]["state"], "action_required");
    assert_eq!(session["payment"]["held"], "500.00", "the proposed cap");
    let secret = session["payment"]["client_secret"]
        .as_str()
        .expect("a client secret for Stripe.js");
    p.stripe.authenticate(secret, true).await;
    let id = session["id"].as_str().unwrap().to_owned();
    let (http, url) = (
        p.guest.clone(),
        p.app.url(&format!("/api/v1/sessions/{id}/payment/authenticated")),
    );
    let continued = tokio::spawn(async move { http.post(url).send().await.unwrap().json::<Value>().await.unwrap() });
    charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    let started = continued.await.unwrap();
    assert_eq!(started["payment"]["state"], "start_sent", "{started}");
    assert_eq!(p.the_payment_intent().await["status"], "requires_capture");
}

#[tokio::test]
async fn abandoned_three_d_secure_starts_nothing() {
    let p = Paying::start().await;
    let _charger = p.charger().await;
    let setup = p.collect_card(&p.guest, THREE_D_SECURE).await;
    let (_, session) = p
        .post(
            &p.guest,
            "/api/v1/sessions",
            json!({"charger_id": CHARGER, "connector_id": 1,
                   "payment": {"source": "new_card", "setup_intent_id": setup, "spending_cap": "200"}}),
        )
        .await;
    let secret = session["payment"]["client_secret"].as_str().unwrap();
    p.stripe.authenticate(secret, false).await;
    let id = session["id"].as_str().unwrap();
    let (status, problem) = p
        .post(
            &p.guest,
            &format!("/api/v1/sessions/{id}/payment/authenticated"),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (402, Some("card_declined")),
        "{problem}"
    );
    let (_, after) = p.get(&p.guest, &format!("/api/v1/sessions/{id}")).await;
    assert_eq!(after["status"], "failed");
    assert_eq!(after["payment"]["state"], "failed");
    assert_eq!(p.the_payment_intent().await["amount_capturable"], 0);
}

#[tokio::test]
async fn the_spending_cap_stops_the_session_and_caps_the_capture() {
    let p = Paying::start().await;
    let card = p.save_card(VISA).await;
    let mut charger = p.charger().await;
    let (session, id_tag) = p
        .start_paid(
            &p.driver,
            &mut charger,
            json!({"source": "saved_card", "card_id": card, "spending_cap": "50"}),
        )
        .await;
    let t0 = (Utc::now() - Duration::minutes(60)).trunc_subsecs(0);
    let at = |min: i64| (t0 + Duration::minutes(min)).to_rfc3339();
    let started = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": id_tag, "meterStart": 0, "timestamp": at(0)}),
        )
        .await;
    let tx = started["transactionId"].as_i64().unwrap();
    charger.status(1, "Charging", "NoError").await;
    // 12 kWh in 30 minutes: 12 × 3.36 × 1.25 = 50.40 kr incl. VAT ≥ the cap less its margin.
    charger
        .call_ok(
            "MeterValues",
            json!({"connectorId": 1, "transactionId": tx, "meterValue": [{"timestamp": at(30), "sampledValue": [
                {"value": "12000", "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]}),
        )
        .await;
    let stop = charger
        .answer_next_call("RemoteStopTransaction", json!({"status": "Accepted"}))
        .await;
    assert_eq!(stop["transactionId"].as_i64(), Some(tx));
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": tx, "meterStop": 12_100, "timestamp": at(31), "reason": "Remote", "idTag": id_tag}),
        )
        .await;
    let payment = p.payment_when(session["id"].as_str().unwrap(), "captured").await;
    assert_eq!(payment["paid"], "50.00", "never more than the cap: {payment}");
    assert_eq!(payment["cap_reached"], true);
    assert_eq!(p.the_payment_intent().await["amount_received"], 5_000);
}

/// Stripe-Signature as Stripe makes it (HMAC-SHA256 of "t.body"), independently of the
/// server's own check.
fn stripe_signature(body: &str, t: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(fake_stripe::WEBHOOK_SECRET.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

#[tokio::test]
async fn webhooks_replayed_and_out_of_order_move_money_once() {
    let p = Paying::start().await;
    let card = p.save_card(VISA).await;
    let mut charger = p.charger().await;
    let (session, id_tag) = p
        .start_paid(
            &p.driver,
            &mut charger,
            json!({"source": "saved_card", "card_id": card}),
        )
        .await;
    charge_30_kwh(&mut charger, &id_tag).await;
    let id = session["id"].as_str().unwrap();
    p.payment_when(id, "captured").await;
    let pi = p.the_payment_intent().await["id"].as_str().unwrap().to_owned();

    let hook = p.app.url("/api/v1/payments/stripe-webhook");
    let send = |body: String, signature: String| {
        let (http, hook) = (p.guest.clone(), hook.clone());
        async move {
            let r = http
                .post(hook)
                .header("Stripe-Signature", signature)
                .header("Content-Type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let event = |id: &str, kind: &str| {
        json!({"id": id, "object": "event", "type": kind, "data": {"object": {"id": pi, "object": "payment_intent"}}})
            .to_string()
    };
    let now = Utc::now().timestamp();
    // The success three times, then an older "authorised" event arriving last.
    for _ in 0..3 {
        let body = event("evt_succeeded", "payment_intent.succeeded");
        assert_eq!(send(body.clone(), stripe_signature(&body, now)).await.0, 204);
    }
    let late = event("evt_authorised", "payment_intent.amount_capturable_updated");
    assert_eq!(send(late.clone(), stripe_signature(&late, now - 60)).await.0, 204);
    let after = p.get(&p.driver, &format!("/api/v1/sessions/{id}")).await.1;
    assert_eq!(after["payment"]["state"], "captured");
    let intent = p.stripe.payment_intent(&pi).await;
    assert_eq!(intent["amount_received"], 15_413, "one capture of the total");
    assert_eq!(p.stripe.payment_intents().await.len(), 1);

    // Refused: a wrong signature, an old timestamp, no signature.
    let body = event("evt_forged", "payment_intent.succeeded");
    let forged = send(body.clone(), stripe_signature(&format!("{body} "), now)).await;
    assert_eq!((forged.0, forged.1["code"].as_str()), (400, Some("webhook_rejected")));
    let stale = send(body.clone(), stripe_signature(&body, now - 3600)).await;
    assert_eq!(stale.0, 400);
    assert!(stale.1["detail"].as_str().unwrap().contains("timestamp"), "{}", stale.1);
    let unsigned = p
        .post(&p.guest, "/api/v1/payments/stripe-webhook", json!({"id": "evt_x"}))
        .await;
    assert_eq!(unsigned.0, 400);
}

#[tokio::test]
async fn a_crash_between_stripes_capture_and_our_write_ends_with_one_capture() {
    let p = Paying::start().await;
    let card = p.save_card(VISA).await;
    let mut charger = p.charger().await;
    let (session, id_tag) = p
        .start_paid(
            &p.driver,
            &mut charger,
            json!({"source": "saved_card", "card_id": card}),
        )
        .await;
    let id = session["id"].as_str().unwrap();
    let pi = p.the_payment_intent().await["id"].as_str().unwrap().to_owned();
    // What a process killed right after Stripe's capture answered leaves behind: Stripe has
    // captured, our row still says the capture was requested (with its key) …
    let captured = p
        .stripe
        .post_form(
            &format!("/v1/payment_intents/{pi}/capture"),
            &[("amount_to_capture", "15413")],
        )
        .await;
    assert_eq!(captured["status"], "succeeded");
    sqlx::query(
        "UPDATE payments SET state = 'capture_requested', amount = 15413, pending_key = 'ladeklar-' || id || '-capture' \
         WHERE session_id = $1",
    )
    .bind(id)
    .execute(p.app.server.store().pool())
    .await
    .unwrap();
    // … and the session's stop arrives while it is so.
    charge_30_kwh(&mut charger, &id_tag).await;
    // After the restart, reconciliation reads the PaymentIntent back: paid, no second capture.
    assert_eq!(p.app.server.reconcile_payments().await.unwrap(), 1);
    let payment = p.payment_when(id, "captured").await;
    assert_eq!(payment["paid"], "154.13");
    let intent = p.stripe.payment_intent(&pi).await;
    assert_eq!(intent["amount_received"], 15_413);
    assert_eq!(p.stripe.payment_intents().await.len(), 1);
    assert_eq!(
        p.app.server.reconcile_payments().await.unwrap(),
        0,
        "nothing left to do"
    );
}

#[tokio::test]
async fn a_hold_that_cannot_be_captured_becomes_debt_and_blocks_the_accounts_tags() {
    let p = Paying::start().await;
    let card = p.save_card(VISA).await;
    let (status, tags) = p
        .post(
            &p.driver,
            "/api/v1/account/tags",
            json!({"uid": "de:ad:be:ef", "name": "Blue tag"}),
        )
        .await;
    assert_eq!(status, 200, "{tags}");
    assert_eq!(tags[0]["uid"], "DEADBEEF");
    assert_eq!(tags[0]["usable"], true);
    let mut charger = p.charger().await;
    let (session, id_tag) = p
        .start_paid(
            &p.driver,
            &mut charger,
            json!({"source": "saved_card", "card_id": card}),
        )
        .await;
    // The hold is gone at Stripe (cancelled: what an expired authorisation looks like).
    let pi = p.the_payment_intent().await["id"].as_str().unwrap().to_owned();
    p.stripe
        .post_form(&format!("/v1/payment_intents/{pi}/cancel"), &[])
        .await;
    charge_30_kwh(&mut charger, &id_tag).await;
    let payment = p.payment_when(session["id"].as_str().unwrap(), "debt").await;
    assert_eq!(payment["paid"], Value::Null);
    let (_, cards) = p.get(&p.driver, "/api/v1/account/cards").await;
    assert_eq!(cards["owed"], "154.13");
    // The account's tag is refused at the charger until the debt is paid; a stop never is.
    let refused = charger.call_ok("Authorize", json!({"idTag": "DEADBEEF"})).await;
    assert_eq!(refused["idTagInfo"]["status"], "Blocked");
    let (status, problem) = p
        .post(
            &p.driver,
            "/api/v1/sessions",
            json!({"charger_id": CHARGER, "connector_id": 2, "payment": {"source": "saved_card", "card_id": card}}),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (402, Some("payment_owed")),
        "{problem}"
    );
    // Paid with the saved card: the tag charges again.
    let (status, cards) = p.post(&p.driver, "/api/v1/account/debt/pay", json!({})).await;
    assert_eq!(status, 200, "{cards}");
    assert_eq!(cards["owed"], Value::Null);
    let accepted = charger.call_ok("Authorize", json!({"idTag": "DEADBEEF"})).await;
    assert_eq!(accepted["idTagInfo"]["status"], "Accepted");
    let paid: Vec<Value> = p
        .stripe
        .payment_intents()
        .await
        .into_iter()
        .filter(|i| i["status"] == "succeeded")
        .collect();
    assert_eq!(paid.len(), 1);
    assert_eq!(paid[0]["amount_received"], 15_413);
}

#[tokio::test]
async fn an_rfid_session_is_billed_to_the_saved_card_and_a_blocked_tag_is_refused() {
    let p = Paying::start().await;
    let mut charger = p.charger().await;
    // A linked tag without a card to bill is refused.
    p.post(
        &p.driver,
        "/api/v1/account/tags",
        json!({"uid": "04 a2 2b 1c 9e 5d 80", "name": "Keyring"}),
    )
    .await;
    let refused = charger.call_ok("Authorize", json!({"idTag": "04A22B1C9E5D80"})).await;
    assert_eq!(refused["idTagInfo"]["status"], "Blocked");
    p.save_card(VISA).await;
    // Accepted, in either byte order a reader sends.
    for id_tag in ["04A22B1C9E5D80", "805D9E1C2BA204"] {
        let ok = charger.call_ok("Authorize", json!({"idTag": id_tag})).await;
        assert_eq!(ok["idTagInfo"]["status"], "Accepted", "{id_tag}");
    }
    charge_30_kwh(&mut charger, "04A22B1C9E5D80").await;
    let paid = loop {
        let all = p.stripe.payment_intents().await;
        if let Some(i) = all.iter().find(|i| i["status"] == "succeeded") {
            break i.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(
        paid["amount_received"], 15_413,
        "charged off session, exactly the total"
    );
    // The receipt names the card billed and the charging card by the driver's name for it.
    let (_, history) = p.get(&p.driver, "/api/v1/account/sessions").await;
    let id = history["sessions"][0]["id"].as_str().unwrap().to_string();
    let receipt = loop {
        let (_, r) = p.get(&p.driver, &format!("/api/v1/sessions/{id}/receipt")).await;
        if r["payment"]["paid"].is_string() {
            break r;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(receipt["payment"]["method"], "visa ···· 4242");
    assert_eq!(receipt["payment"]["tag"], "Keyring");

    // Blocked when lost: refused at the next Authorize and StartTransaction; chargers told.
    let (http, url) = (
        p.driver.clone(),
        p.app.url("/api/v1/account/tags/04A22B1C9E5D80/blocked"),
    );
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
    let blocked = charger.call_ok("Authorize", json!({"idTag": "04A22B1C9E5D80"})).await;
    assert_eq!(blocked["idTagInfo"]["status"], "Blocked");
    let start = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 2, "idTag": "04A22B1C9E5D80", "meterStart": 0, "timestamp": Utc::now().to_rfc3339()}),
        )
        .await;
    assert_eq!(start["idTagInfo"]["status"], "Blocked");
}

#[tokio::test]
async fn an_off_session_decline_is_debt_until_paid_with_another_card() {
    let p = Paying::start().await;
    let mut charger = p.charger().await;
    p.save_card(DECLINED_WHEN_CHARGED).await;
    p.post(
        &p.driver,
        "/api/v1/account/tags",
        json!({"uid": "CAFEBABE", "name": "Work"}),
    )
    .await;
    charge_30_kwh(&mut charger, "CAFEBABE").await;
    let cards = loop {
        let (_, cards) = p.get(&p.driver, "/api/v1/account/cards").await;
        if cards["owed"] != Value::Null {
            break cards;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(cards["owed"], "154.13");
    let refused = charger.call_ok("Authorize", json!({"idTag": "CAFEBABE"})).await;
    assert_eq!(refused["idTagInfo"]["status"], "Blocked");
    // Paying with the declining card fails and says so; a new default card pays it.
    let (status, problem) = p.post(&p.driver, "/api/v1/account/debt/pay", json!({})).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (402, Some("card_declined")),
        "{problem}"
    );
    let good = p.save_card(VISA).await;
    let (status, _) = p
        .call(
            &p.driver,
            reqwest::Method::PUT,
            &format!("/api/v1/account/cards/{good}/default"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let (status, cards) = p.post(&p.driver, "/api/v1/account/debt/pay", json!({})).await;
    assert_eq!(status, 200, "{cards}");
    assert_eq!(cards["owed"], Value::Null);
    let accepted = charger.call_ok("Authorize", json!({"idTag": "CAFEBABE"})).await;
    assert_eq!(accepted["idTagInfo"]["status"], "Accepted");
}

#[tokio::test]
async fn a_guest_pays_with_a_new_card_and_gets_the_receipt_by_mail() {
    let mailbox = crate::mailbox::Mailbox::start().await;
    let stripe = FakeStripe::start().await;
    let app = TestApp::start_with(|c| {
        stripe.configure(c);
        c.smtp_url = Some(mailbox.url());
    })
    .await;
    let p = Paying {
        driver: signed_in_client(&app.server, reqwest::Client::builder(), DRIVER).await,
        guest: reqwest::Client::new(),
        app,
        stripe,
    };
    let mut charger = p.charger().await;
    let setup = p.collect_card(&p.guest, VISA).await;
    let (session, id_tag) = p
        .start_paid(
            &p.guest,
            &mut charger,
            json!({"source": "new_card", "setup_intent_id": setup, "spending_cap": "200",
                   "receipt_email": "guest@example.no"}),
        )
        .await;
    assert_eq!(session["payment"]["method"], "visa ···· 4242");
    charge_30_kwh(&mut charger, &id_tag).await;
    let id = session["id"].as_str().unwrap();
    p.payment_when(id, "captured").await;
    let mail = mailbox.wait_for_mail("guest@example.no", 1).await;
    let (_, receipt) = p.get(&p.guest, &format!("/api/v1/sessions/{id}/receipt")).await;
    for expected in [
        receipt["receipt_number"].as_str().unwrap(),
        "Paid 154.13 NOK with visa",
        &format!("/sessions/{id}/receipt"),
        "Kvittering",
    ] {
        assert!(mail.contains(expected), "{expected:?} in {mail}");
    }
    // The mail carries the receipt as a PDF: read back, it is this receipt.
    let raw = mailbox.raw_mails().pop().expect("the raw mail");
    let parsed = mail_parser::MessageParser::default().parse(&raw).expect("a MIME mail");
    let number = receipt["receipt_number"].as_str().unwrap();
    use mail_parser::MimeHeaders;
    let attachment = parsed.attachments().next().expect("an attachment");
    assert_eq!(
        attachment.attachment_name(),
        Some(format!("ladeklar-{number}.pdf").as_str())
    );
    let pdf = lopdf::Document::load_mem(attachment.contents()).expect("the attachment is a PDF");
    let text = pdf.extract_text(&[1]).expect("its text");
    assert!(text.contains(number) && text.contains("154.13 NOK"), "{text}");
}

#[tokio::test]
async fn a_hold_about_to_lapse_is_settled_with_what_the_session_has_cost() {
    let p = Paying::start().await;
    let card = p.save_card(VISA).await;
    let mut charger = p.charger().await;
    let (session, id_tag) = p
        .start_paid(
            &p.driver,
            &mut charger,
            json!({"source": "saved_card", "card_id": card, "spending_cap": "300"}),
        )
        .await;
    let t0 = (Utc::now() - Duration::minutes(60)).trunc_subsecs(0);
    let at = |min: i64| (t0 + Duration::minutes(min)).to_rfc3339();
    let started = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": id_tag, "meterStart": 0, "timestamp": at(0)}),
        )
        .await;
    let tx = started["transactionId"].as_i64().unwrap();
    // 10 kWh in 30 minutes: 10 × 3.36 = 33.60, 42.00 incl. VAT (no time fee before 45 min).
    charger
        .call_ok(
            "MeterValues",
            json!({"connectorId": 1, "transactionId": tx, "meterValue": [{"timestamp": at(30), "sampledValue": [
                {"value": "10000", "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]}),
        )
        .await;
    // Nothing to settle while the hold is young.
    assert_eq!(p.app.server.reconcile_payments().await.unwrap(), 0);
    // Six days later the session has not ended: what it cost is taken before the hold lapses.
    p.app
        .server
        .clock()
        .advance(chrono::TimeDelta::days(6) + chrono::TimeDelta::minutes(1));
    assert_eq!(p.app.server.reconcile_payments().await.unwrap(), 1);
    let payment = p.payment_when(session["id"].as_str().unwrap(), "captured").await;
    assert_eq!(payment["paid"], "42.00");
    assert_eq!(p.the_payment_intent().await["amount_received"], 4_200);
}

#[tokio::test]
async fn a_session_below_the_card_minimum_is_not_charged_and_says_so() {
    let p = Paying::start().await;
    let card = p.save_card(VISA).await;
    let mut charger = p.charger().await;
    let (session, id_tag) = p
        .start_paid(
            &p.driver,
            &mut charger,
            json!({"source": "saved_card", "card_id": card}),
        )
        .await;
    let t0 = (Utc::now() - Duration::minutes(10)).trunc_subsecs(0);
    let at = |min: i64| (t0 + Duration::minutes(min)).to_rfc3339();
    let started = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": id_tag, "meterStart": 0, "timestamp": at(0)}),
        )
        .await;
    let tx = started["transactionId"].as_i64().unwrap();
    // 0.5 kWh: 0.5 × 3.36 × 1.25 = 2.10 kr, below NOK's card minimum of 3.00.
    charger
        .call_ok(
            "StopTransaction",
            json!({"transactionId": tx, "meterStop": 500, "timestamp": at(5), "reason": "Local", "idTag": id_tag}),
        )
        .await;
    let payment = p.payment_when(session["id"].as_str().unwrap(), "released").await;
    assert_eq!(payment["paid"], Value::Null);
    let why = payment["failure"].as_str().unwrap();
    assert!(why.contains("2.10") && why.contains("3.00"), "{why}");
    let intent = p.the_payment_intent().await;
    assert_eq!(intent["status"], "canceled", "the hold is released");
    assert_eq!(intent["amount_received"], 0);
}
