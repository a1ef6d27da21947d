//! Field visits end to end (issue 18): 3rd line books a visit inside the SLA window (a slot
//! in the past or after the on-site deadline refused by name), the technician checks in,
//! uploads photos, verifies operation against the charger's live status, and the report with
//! the customer's sign-off closes the case through the case engine; a duplicate sync is
//! applied once; closing is refused without verification or sign-off and nothing is half
//! saved; a report for a case closed meanwhile is kept for 3rd line; the service card shows
//! the visit; the month's SLA report equals figures computed by hand; the day's work orders
//! carry the charger's recent faults.

use chrono::{DateTime, Datelike, TimeDelta, TimeZone, Utc};
use serde_json::{json, Value};

use crate::support::{signed_in_client, ScriptedCharger, TestApp};

const DRIVER: &str = "driver@demo.ladeklar.no";
const TECHNICIAN: &str = "technician@demo.ladeklar.no";
const OWNER: &str = "owner@demo.ladeklar.no";
const FIRST: &str = "support-first@demo.ladeklar.no";
const SECOND: &str = "support-second@demo.ladeklar.no";
const THIRD: &str = "support-third@demo.ladeklar.no";
const CHARGER: &str = "OSLO-AKER-BRYGGE-AC1";
const SITE: &str = "oslo-aker-brygge";
const SIGNATURE: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAX+XDSwAAAABJRU5ErkJggg==";

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn new(app: &TestApp, email: &str) -> Self {
        Self {
            http: signed_in_client(&app.server, reqwest::Client::builder(), email).await,
            base: app.server.url(),
        }
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self.http.get(format!("{}{path}", self.base)).send().await.expect("GET");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn text(&self, path: &str) -> (u16, String) {
        let r = self.http.get(format!("{}{path}", self.base)).send().await.expect("GET");
        let status = r.status().as_u16();
        (status, r.text().await.unwrap_or_default())
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .expect("POST");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn upload(&self, path: &str, bytes: Vec<u8>) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "image/jpeg")
            .body(bytes)
            .send()
            .await
            .expect("upload");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

fn jpeg(shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, shade]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

fn refused(r: &(u16, Value), status: u16, code: &str, needle: &str) {
    assert_eq!((r.0, r.1["code"].as_str()), (status, Some(code)), "{}", r.1);
    assert!(
        r.1["detail"].as_str().unwrap_or_default().contains(needle),
        "{} should say {needle:?}",
        r.1
    );
}

fn analysed(case: &Value) -> bool {
    case["timeline"]
        .as_array()
        .is_some_and(|t| t.iter().any(|e| e["kind"] == "analysis"))
}

/// Waits for the platform's remote-fix attempt on a new case (run in the background when
/// it opens) to have analysed it while the charger is offline, so it sends nothing to a
/// scripted charger connected later.
async fn wait_for_analysis(app: &TestApp, case_id: &str) {
    app.wait_for(&format!("/api/v1/cases/{case_id}"), "the fault analysis", analysed)
        .await;
}

/// A driver's case on connector `connector` of CHARGER, walked to 3rd line by support.
async fn case_at_third_line(app: &TestApp, driver: &Client, first: &Client, second: &Client, connector: u32) -> String {
    let (status, case) = driver
        .post(
            "/api/v1/cases",
            json!({"category": "wont_start", "description": "It will not start", "charger_id": CHARGER, "connector_id": connector}),
        )
        .await;
    assert_eq!(status, 201, "{case}");
    let id = case["id"].as_str().unwrap().to_owned();
    wait_for_analysis(app, &id).await;
    let events = format!("/api/v1/support/cases/{id}/events");
    let steps = [
        (
            first,
            json!({"event": "escalate_to_second_line", "reason": "needs 2nd line"}),
        ),
        (
            second,
            json!({"event": "propose_field_action", "proposal": {
                "summary": "Replace the contactor", "parts": [{"part": "Contactor", "quantity": 1}],
                "skills": ["authorised electrician"], "estimated_on_site_minutes": 90}}),
        ),
        (second, json!({"event": "escalate_to_third_line"})),
    ];
    for (who, event) in steps {
        let (status, view) = who.post(&events, event).await;
        assert_eq!(status, 200, "{view}");
    }
    id
}

fn booking(starts_at: DateTime<Utc>, minutes: i64, technician: &str, parts: Value) -> Value {
    json!({
        "technician": technician,
        "starts_at": starts_at,
        "ends_at": starts_at + TimeDelta::minutes(minutes),
        "customer_agreement": "Kari meets the technician at the garage entrance",
        "expected_parts": parts,
    })
}

fn report(
    client_id: &str,
    at: DateTime<Utc>,
    photos: (&str, &str),
    verification: Option<Value>,
    sign_off: Option<Value>,
) -> Value {
    json!({
        "client_id": client_id,
        "report": {
            "checked_in_at": at,
            "work": {
                "summary": "Replaced the contactor",
                "parts_used": [{"part": "Contactor", "quantity": 1}],
                "photos_before": [photos.0],
                "photos_after": [photos.1],
            },
            "work_recorded_at": at + TimeDelta::minutes(40),
            "verification": verification,
            "verified_at": at + TimeDelta::minutes(45),
            "sign_off": sign_off,
            "signed_off_at": at + TimeDelta::minutes(50),
            "checked_out_at": at + TimeDelta::minutes(55),
        }
    })
}

fn signature() -> Value {
    json!({"method": "signature", "name": "Kari Nordmann", "signature": SIGNATURE})
}

fn transitions_to(case: &Value, state: &str) -> usize {
    case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "transition" && t["data"]["to"] == state)
        .count()
}

#[tokio::test]
async fn a_visit_booked_in_the_sla_window_is_worked_to_closed_and_lands_on_the_service_card() {
    let app = TestApp::start().await;
    let (driver, first, second, third) = (
        Client::new(&app, DRIVER).await,
        Client::new(&app, FIRST).await,
        Client::new(&app, SECOND).await,
        Client::new(&app, THIRD).await,
    );
    let (tech, owner) = (Client::new(&app, TECHNICIAN).await, Client::new(&app, OWNER).await);
    let case_id = case_at_third_line(&app, &driver, &first, &second, 1).await;
    let book = format!("/api/v1/support/cases/{case_id}/work-orders");
    let now = app.server.clock().now();
    let contactor = json!([{"part": "contactor", "quantity": 1}]);

    // Bad bookings, each refused by name; nothing is booked.
    refused(
        &third
            .post(
                &book,
                booking(now - TimeDelta::hours(1), 60, TECHNICIAN, contactor.clone()),
            )
            .await,
        400,
        "slot_in_the_past",
        "slot: it starts in the past",
    );
    refused(
        &third
            .post(
                &book,
                booking(now + TimeDelta::days(20), 60, TECHNICIAN, contactor.clone()),
            )
            .await,
        400,
        "slot_after_deadline",
        "on-site deadline",
    );
    refused(
        &third
            .post(
                &book,
                booking(
                    now + TimeDelta::hours(2),
                    60,
                    TECHNICIAN,
                    json!([{"part": "flux capacitor", "quantity": 1}]),
                ),
            )
            .await,
        400,
        "invalid_visit_report",
        "expected_parts[0].part: \"flux capacitor\" is not in the parts list",
    );
    refused(
        &third
            .post(
                &book,
                booking(
                    now + TimeDelta::hours(2),
                    60,
                    TECHNICIAN,
                    json!([{"part": "Contactor", "quantity": -1}]),
                ),
            )
            .await,
        400,
        "invalid_visit_report",
        "expected_parts[0].quantity: -1",
    );
    refused(
        &third
            .post(&book, booking(now + TimeDelta::hours(2), 60, DRIVER, contactor.clone()))
            .await,
        400,
        "not_a_technician",
        "is not a technician",
    );
    let (status, _) = driver
        .post(
            &book,
            booking(now + TimeDelta::hours(2), 60, TECHNICIAN, contactor.clone()),
        )
        .await;
    assert_eq!(status, 403, "drivers do not book visits");
    let (_, list) = tech.get("/api/v1/work-orders").await;
    assert_eq!(list["work_orders"].as_array().unwrap().len(), 0, "{list}");

    let (status, order) = third
        .post(&book, booking(now + TimeDelta::hours(2), 120, TECHNICIAN, contactor))
        .await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["state"], "scheduled");
    assert_eq!(order["case_state"], "visit_scheduled");
    assert_eq!(order["expected_parts"], json!([{"part": "Contactor", "quantity": 1}]));
    let wo = order["id"].as_str().unwrap().to_owned();

    // The technician's day: the order with its site, directions, the case and the proposal.
    let (status, list) = tech.get("/api/v1/work-orders").await;
    assert_eq!(status, 200, "{list}");
    let mine = &list["work_orders"][0];
    assert_eq!(mine["id"], wo.as_str());
    assert_eq!(mine["site"]["id"], SITE);
    assert!(mine["site"]["directions_url"]
        .as_str()
        .unwrap()
        .starts_with("https://www.openstreetmap.org/directions?to="));
    assert_eq!(mine["action_proposal"]["summary"], "Replace the contactor");
    assert_eq!(mine["charger_id"], CHARGER);
    let (status, _) = driver.get("/api/v1/work-orders").await;
    assert_eq!(status, 403);

    // On site: work before check-in is refused; check in.
    let steps = format!("/api/v1/work-orders/{wo}/steps");
    refused(
        &tech.post(&steps, json!({"step": "check_out"})).await,
        409,
        "work_order_step_refused",
        "check in first",
    );
    let (status, answer) = tech.post(&steps, json!({"step": "check_in"})).await;
    assert_eq!(
        (status, answer["work_order_state"].as_str()),
        (200, Some("checked_in")),
        "{answer}"
    );
    assert_eq!(answer["case_state"], "on_site");
    let (status, _) = first.post(&steps, json!({"step": "check_in"})).await;
    assert_eq!(status, 403, "only the order's technician works it");

    // Photos before and after; the same client id again is the same photo.
    let photos = format!("/api/v1/work-orders/{wo}/photos");
    let (status, before) = tech.upload(&format!("{photos}?client_id=before-1"), jpeg(10)).await;
    assert_eq!(status, 201, "{before}");
    let (status, again) = tech.upload(&format!("{photos}?client_id=before-1"), jpeg(10)).await;
    assert_eq!((status, &again["photo_id"]), (200, &before["photo_id"]), "{again}");
    let (status, after) = tech.upload(&format!("{photos}?client_id=after-1"), jpeg(200)).await;
    assert_eq!(status, 201, "{after}");
    let (status, bad) = tech
        .upload(&format!("{photos}?client_id=x-1"), b"not a photo".to_vec())
        .await;
    assert_eq!((status, bad["code"].as_str()), (400, Some("not_an_image")), "{bad}");
    let (p1, p2) = (
        before["photo_id"].as_str().unwrap().to_owned(),
        after["photo_id"].as_str().unwrap().to_owned(),
    );

    // Verify operation: nothing heard from the charger fails; Available passes.
    let verify = format!("/api/v1/work-orders/{wo}/verify");
    let (status, run) = tech.post(&verify, json!({})).await;
    assert_eq!(status, 200, "{run}");
    assert_eq!(run["verification"]["passed"], false, "{run}");
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    let (_, run) = tech.post(&verify, json!({"connector_id": 1})).await;
    assert_eq!(run["verification"]["passed"], true, "{run}");
    assert!(
        run["verification"]["evidence"].as_str().unwrap().contains("Available"),
        "{run}"
    );
    // A test charge: remote start, the charger's transaction, remote stop; the meter moved.
    let (http, url) = (tech.http.clone(), format!("{}{verify}", tech.base));
    let charge = tokio::spawn(async move {
        let r = http
            .post(url)
            .json(&json!({"connector_id": 1, "test_charge": true}))
            .send()
            .await
            .expect("verify");
        (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
    });
    let remote_start = charger
        .answer_next_call("RemoteStartTransaction", json!({"status": "Accepted"}))
        .await;
    assert_eq!(remote_start["connectorId"], 1);
    let id_tag = remote_start["idTag"].as_str().unwrap().to_owned();
    let t = Utc::now();
    let started = charger
        .call_ok(
            "StartTransaction",
            json!({"connectorId": 1, "idTag": id_tag, "meterStart": 1000, "timestamp": t.to_rfc3339()}),
        )
        .await;
    assert_eq!(started["idTagInfo"]["status"], "Accepted", "{started}");
    let transaction_id = started["transactionId"].as_i64().unwrap();
    charger.status(1, "Charging", "NoError").await;
    let remote_stop = charger
        .answer_next_call("RemoteStopTransaction", json!({"status": "Accepted"}))
        .await;
    assert_eq!(remote_stop["transactionId"].as_i64(), Some(transaction_id));
    let stop = json!({"transactionId": transaction_id, "meterStop": 1180, "idTag": id_tag,
        "timestamp": (t + TimeDelta::seconds(3)).to_rfc3339(), "reason": "Remote"});
    charger.call_ok("StopTransaction", stop).await;
    charger.status(1, "Available", "NoError").await;
    let (status, run) = charge.await.unwrap();
    assert_eq!(status, 200, "{run}");
    assert_eq!(
        (&run["test_charge"]["started"], &run["test_charge"]["stopped"]),
        (&json!(true), &json!(true)),
        "{run}"
    );
    assert_eq!(
        (
            run["test_charge"]["meter_start_wh"].as_i64(),
            run["test_charge"]["meter_stop_wh"].as_i64()
        ),
        (Some(1000), Some(1180))
    );
    assert_eq!(run["verification"]["passed"], true, "{run}");
    assert!(
        run["verification"]["evidence"]
            .as_str()
            .unwrap()
            .contains("a test charge delivered 180 Wh"),
        "{run}"
    );
    let verification = run["verification"].clone();

    // Closing refused without sign-off or verification, bad parts and signatures named;
    // nothing of them is saved.
    let at = app.server.clock().now();
    let reports = format!("/api/v1/work-orders/{wo}/reports");
    refused(
        &tech
            .post(
                &reports,
                report("r-no-sign-off", at, (&p1, &p2), Some(verification.clone()), None),
            )
            .await,
        409,
        "sign_off_missing",
        "sign-off",
    );
    refused(
        &tech
            .post(
                &reports,
                report("r-no-verification", at, (&p1, &p2), None, Some(signature())),
            )
            .await,
        409,
        "verification_missing",
        "verification",
    );
    let mut negative = report(
        "r-negative",
        at,
        (&p1, &p2),
        Some(verification.clone()),
        Some(signature()),
    );
    negative["report"]["work"]["parts_used"][0]["quantity"] = json!(-2);
    refused(
        &tech.post(&reports, negative).await,
        400,
        "invalid_visit_report",
        "work.parts_used[0].quantity: -2",
    );
    let mut unknown = report(
        "r-unknown",
        at,
        (&p1, &p2),
        Some(verification.clone()),
        Some(signature()),
    );
    unknown["report"]["work"]["parts_used"][0]["part"] = json!("flux capacitor");
    refused(
        &tech.post(&reports, unknown).await,
        400,
        "invalid_visit_report",
        "not in the parts list",
    );
    let unsigned = json!({"method": "signature", "name": "Kari Nordmann", "signature": ""});
    refused(
        &tech
            .post(
                &reports,
                report("r-unsigned", at, (&p1, &p2), Some(verification.clone()), Some(unsigned)),
            )
            .await,
        400,
        "invalid_visit_report",
        "sign_off.signature: the customer's signature is missing",
    );
    // A PNG data URL whose image is broken (its pixels' checksum does not match).
    let broken = json!({"method": "signature", "name": "Kari Nordmann",
        "signature": SIGNATURE.replace("X+XDSw", "cCBlCw")});
    refused(
        &tech
            .post(
                &reports,
                report("r-broken", at, (&p1, &p2), Some(verification.clone()), Some(broken)),
            )
            .await,
        400,
        "invalid_visit_report",
        "sign_off.signature: the image cannot be read as a PNG",
    );
    let (_, list) = tech.get("/api/v1/work-orders").await;
    assert_eq!(
        list["work_orders"][0]["state"], "checked_in",
        "nothing half-saved: {list}"
    );
    assert_eq!(list["work_orders"][0]["case_state"], "on_site");

    // The report with verification and sign-off closes the case, once.
    let good = report("r-good", at, (&p1, &p2), Some(verification.clone()), Some(signature()));
    let (status, answer) = tech.post(&reports, good.clone()).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["outcome"], "applied");
    assert_eq!(answer["work_order_state"], "checked_out");
    assert_eq!(answer["case_state"], "closed");
    let (status, repeat) = tech.post(&reports, good.clone()).await;
    assert_eq!((status, &repeat), (200, &answer), "a duplicate sync answers the same");
    let mut changed = good;
    changed["report"]["work"]["summary"] = json!("Replaced the contactor and the fuse");
    refused(
        &tech.post(&reports, changed).await,
        409,
        "duplicate_report_differs",
        "r-good",
    );
    let (_, case) = driver.get(&format!("/api/v1/cases/{case_id}")).await;
    assert_eq!(case["state"], "closed", "{case}");
    let (_, case) = third.get(&format!("/api/v1/cases/{case_id}")).await;
    assert_eq!(transitions_to(&case, "closed"), 1, "closed once: {case}");

    // The service card: the visit with its parts, verification, sign-off and photos.
    let card_path = format!("/api/v1/sites/{SITE}/service-card");
    let (status, card) = tech.get(&card_path).await;
    assert_eq!(status, 200, "{card}");
    let visit = &card["visits"][0];
    assert_eq!(visit["work_order_id"], wo.as_str());
    assert_eq!(visit["state"], "checked_out");
    assert_eq!(visit["work_summary"], "Replaced the contactor");
    assert_eq!(visit["signed_off_by"], "Kari Nordmann");
    assert_eq!(visit["photos"].as_array().unwrap().len(), 2);
    assert!(visit["verification"].as_str().unwrap().contains("Available"), "{visit}");
    assert_eq!(
        card["parts"],
        json!([{"part": "Contactor", "quantity": 1}]),
        "applied once"
    );
    assert!(card["cases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == case_id.as_str() && c["state"] == "closed"));
    assert!(card["documents"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["kind"] == "signature"));
    assert_eq!(visit["signature"], SIGNATURE, "the drawn signature, to show");
    assert_eq!(visit["technician_email"], TECHNICIAN);
    let (status, _) = owner.get(&card_path).await;
    assert_eq!(status, 200, "the site's owner reads its service card");
    let (status, _) = driver.get(&card_path).await;
    assert_eq!(status, 403);

    // The service card as PDF, read back: its text, and the drawn signature as a picture.
    let (text, pictures) = pdf_read(&owner, &format!("{card_path}?format=pdf")).await;
    assert_eq!(pictures, 1, "the signature is drawn in the PDF");
    for expected in [
        "Service card: Aker Brygge",
        "Replaced the contactor",
        "Signed off by Kari Nordmann (drawn signature on file)",
        "Contactor",
        "checked out",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    let (status, problem) = owner.get(&format!("{card_path}?format=docx")).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("invalid_request")),
        "{problem}"
    );
}

/// A PDF download's text (every page), after checking its type.
async fn pdf_text(client: &Client, path: &str) -> String {
    pdf_read(client, path).await.0
}

/// A PDF download's text (every page) and how many pictures (image XObjects) it holds.
async fn pdf_read(client: &Client, path: &str) -> (String, usize) {
    let r = client
        .http
        .get(format!("{}{path}", client.base))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status().as_u16(), 200, "{path}");
    assert_eq!(r.headers()["content-type"], "application/pdf", "{path}");
    let bytes = r.bytes().await.expect("the PDF");
    assert!(bytes.starts_with(b"%PDF"), "{path}");
    let doc = lopdf::Document::load_mem(&bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let pictures = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream()
                .ok()
                .and_then(|s| s.dict.get(b"Subtype").ok())
                .and_then(|t| t.as_name().ok())
                == Some(b"Image".as_slice())
        })
        .count();
    (doc.extract_text(&pages).expect("its text"), pictures)
}

#[tokio::test]
async fn booking_the_visit_again_cancels_the_first_order_in_the_same_write() {
    let mailbox = crate::mailbox::Mailbox::start().await;
    let url = mailbox.url();
    let app = TestApp::start_with(move |c| c.smtp_url = Some(url)).await;
    let (driver, first, second, third) = (
        Client::new(&app, DRIVER).await,
        Client::new(&app, FIRST).await,
        Client::new(&app, SECOND).await,
        Client::new(&app, THIRD).await,
    );
    let tech = Client::new(&app, TECHNICIAN).await;
    let case_id = case_at_third_line(&app, &driver, &first, &second, 1).await;
    let book = format!("/api/v1/support/cases/{case_id}/work-orders");
    // What the booking form reads: core's window, the technicians, the parts list.
    let facts_path = format!("/api/v1/support/cases/{case_id}/visit-booking");
    let (status, facts) = third.get(&facts_path).await;
    assert_eq!(status, 200, "{facts}");
    assert!(facts["window"]["deadline"].is_string(), "{facts}");
    assert!(facts["window"]["calendar"]["kind"].is_string(), "{facts}");
    assert!(
        facts["technicians"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["email"] == TECHNICIAN),
        "{facts}"
    );
    assert!(facts["technicians"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["email"] != DRIVER));
    assert!(
        facts["parts"]["parts"].as_array().is_some_and(|p| !p.is_empty()),
        "{facts}"
    );
    assert_eq!(facts["booked"], json!([]));
    assert_eq!(driver.get(&facts_path).await.0, 403);
    let now = app.server.clock().now();
    // The customer's agreement unchecked is refused by name.
    let mut unagreed = booking(now + TimeDelta::hours(1), 60, TECHNICIAN, json!([]));
    unagreed["customer_agreed"] = json!(false);
    refused(
        &third.post(&book, unagreed).await,
        400,
        "invalid_request",
        "customer_agreed",
    );
    let (status, one) = third
        .post(&book, booking(now + TimeDelta::hours(1), 60, TECHNICIAN, json!([])))
        .await;
    assert_eq!(status, 201, "{one}");
    let (status, two) = third
        .post(&book, booking(now + TimeDelta::hours(3), 90, TECHNICIAN, json!([])))
        .await;
    assert_eq!(status, 201, "{two}");
    let (first_id, second_id) = (one["id"].as_str().unwrap(), two["id"].as_str().unwrap());
    assert_ne!(first_id, second_id);
    // The technician is told of each booking, and that the first visit is off; each mail
    // links to their day.
    let mut told = Vec::new();
    for n in 1..=3 {
        told.push(mailbox.wait_for_mail(TECHNICIAN, n).await);
    }
    let booked = told.iter().filter(|m| m.contains("was booked for you:")).count();
    let off: Vec<&String> = told
        .iter()
        .filter(|m| m.contains("is cancelled: the visit was booked again"))
        .collect();
    assert_eq!((booked, off.len()), (2, 1), "{told:#?}");
    assert!(
        off[0].contains("Besøket ditt for sak") || off[0].contains("Bes=C3=B8ket"),
        "{}",
        off[0]
    );
    assert!(told.iter().all(|m| m.contains("/field")), "{told:#?}");
    let (_, facts) = third.get(&facts_path).await;
    let booked: Vec<&str> = facts["booked"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    assert_eq!(booked, [second_id], "{facts}");
    // The technician's list holds the new order only.
    let (_, list) = tech.get("/api/v1/work-orders").await;
    let ids: Vec<&str> = list["work_orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    assert_eq!(ids, [second_id], "{list}");
    // The first order is cancelled: no step reaches it, a report for it is kept for 3rd line.
    refused(
        &tech
            .post(
                &format!("/api/v1/work-orders/{first_id}/steps"),
                json!({"step": "check_in"}),
            )
            .await,
        409,
        "work_order_step_refused",
        "cancelled",
    );
    let body = report("stale-1", app.server.clock().now(), ("p-before", "p-after"), None, None);
    let (status, answer) = tech
        .post(&format!("/api/v1/work-orders/{first_id}/reports"), body)
        .await;
    assert_eq!(
        (status, answer["outcome"].as_str()),
        (202, Some("kept_for_third_line")),
        "{answer}"
    );
    assert!(
        answer["why"].as_str().unwrap().contains("replaced by a new booking"),
        "{answer}"
    );
    // The service card shows both, the first cancelled; the case says so on its timeline.
    let (_, card) = third.get(&format!("/api/v1/sites/{SITE}/service-card")).await;
    let state_of = |id: &str| {
        card["visits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["work_order_id"] == id)
            .map(|v| v["state"].clone())
    };
    assert_eq!(
        (state_of(first_id), state_of(second_id)),
        (Some(json!("cancelled")), Some(json!("scheduled"))),
        "{card}"
    );
    let (_, case) = third.get(&format!("/api/v1/cases/{case_id}")).await;
    assert_eq!(case["state"], "visit_scheduled");
    assert!(
        case["timeline"].as_array().unwrap().iter().any(|t| t["text"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("Work order {first_id} is cancelled"))),
        "{case}"
    );
    // The new order is worked as usual.
    let (status, answer) = tech
        .post(
            &format!("/api/v1/work-orders/{second_id}/steps"),
            json!({"step": "check_in"}),
        )
        .await;
    assert_eq!(
        (status, answer["work_order_state"].as_str()),
        (200, Some("checked_in")),
        "{answer}"
    );
}

#[tokio::test]
async fn a_report_for_a_case_closed_meanwhile_is_kept_for_third_line() {
    let app = TestApp::start().await;
    let (driver, first, second, third) = (
        Client::new(&app, DRIVER).await,
        Client::new(&app, FIRST).await,
        Client::new(&app, SECOND).await,
        Client::new(&app, THIRD).await,
    );
    let tech = Client::new(&app, TECHNICIAN).await;
    let case_id = case_at_third_line(&app, &driver, &first, &second, 2).await;
    let now = app.server.clock().now();
    let (status, order) = third
        .post(
            &format!("/api/v1/support/cases/{case_id}/work-orders"),
            booking(now + TimeDelta::hours(1), 60, TECHNICIAN, json!([])),
        )
        .await;
    assert_eq!(status, 201, "{order}");
    let wo = order["id"].as_str().unwrap().to_owned();
    let (status, before) = tech
        .upload(&format!("/api/v1/work-orders/{wo}/photos?client_id=b"), jpeg(1))
        .await;
    assert_eq!(status, 201, "{before}");
    let (_, after) = tech
        .upload(&format!("/api/v1/work-orders/{wo}/photos?client_id=a"), jpeg(2))
        .await;
    // Meanwhile (the technician's phone offline), 3rd line cancels the case.
    let (status, view) = third
        .post(
            &format!("/api/v1/support/cases/{case_id}/events"),
            json!({"event": "cancel", "reason": "the customer fixed it themselves"}),
        )
        .await;
    assert_eq!((status, view["state"].as_str()), (200, Some("cancelled")), "{view}");
    let verification = json!({"method": "the connector's live status", "passed": true, "evidence": "Available"});
    let body = report(
        "offline-1",
        app.server.clock().now(),
        (
            before["photo_id"].as_str().unwrap(),
            after["photo_id"].as_str().unwrap(),
        ),
        Some(verification),
        Some(signature()),
    );
    let reports = format!("/api/v1/work-orders/{wo}/reports");
    let (status, answer) = tech.post(&reports, body.clone()).await;
    assert_eq!(status, 202, "{answer}");
    assert_eq!(answer["outcome"], "kept_for_third_line");
    assert!(
        answer["why"].as_str().unwrap().contains("the case is cancelled now"),
        "{answer}"
    );
    assert_eq!(answer["case_state"], "cancelled");
    let (status, again) = tech.post(&reports, body).await;
    assert_eq!((status, &again), (202, &answer), "kept once, answered the same");
    // 3rd line sees it on the case; the service card counts it; nothing was applied.
    let (_, case) = third.get(&format!("/api/v1/cases/{case_id}")).await;
    let kept = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["text"].as_str().unwrap_or_default().contains("is kept for 3rd line"))
        .count();
    assert_eq!(kept, 1, "{case}");
    assert_eq!(case["state"], "cancelled");
    let (_, card) = third.get(&format!("/api/v1/sites/{SITE}/service-card")).await;
    let visit = &card["visits"][0];
    assert_eq!(
        (visit["kept_reports"].as_u64(), visit["state"].as_str()),
        (Some(1), Some("scheduled")),
        "{card}"
    );
}

#[tokio::test]
async fn the_months_sla_report_equals_figures_computed_by_hand() {
    let app = TestApp::start().await;
    // Keep the month's fixture inside one calendar month (Oslo): late in a month, move to
    // the 2nd of the next (at most six days on, well within the sign-in tokens' 30 days).
    let oslo = chrono_tz::Europe::Oslo;
    let local = app.server.clock().now().with_timezone(&oslo);
    if local.day() >= 27 {
        let (y, m) = if local.month() == 12 {
            (local.year() + 1, 1)
        } else {
            (local.year(), local.month() + 1)
        };
        let target = oslo.with_ymd_and_hms(y, m, 2, 10, 0, 0).unwrap().with_timezone(&Utc);
        app.server.clock().advance(target - app.server.clock().now());
    }
    let (driver, first, second) = (
        Client::new(&app, DRIVER).await,
        Client::new(&app, FIRST).await,
        Client::new(&app, SECOND).await,
    );
    let owner = Client::new(&app, OWNER).await;
    let t0 = app.server.clock().now();
    let month = t0.with_timezone(&oslo).format("%Y-%m").to_string();
    let mut ids = Vec::new();
    for connector in [1, 2, 1, 2] {
        let (status, case) = driver
            .post(
                "/api/v1/cases",
                json!({"category": "display_fault", "description": "The display is blank", "charger_id": CHARGER, "connector_id": connector}),
            )
            .await;
        assert_eq!((status, case["priority"].as_str()), (201, Some("P4")), "{case}");
        ids.push(case["id"].as_str().unwrap().to_owned());
    }
    for id in &ids {
        wait_for_analysis(&app, id).await;
    }
    // The charger's connectors: both Available at t0, connector 2 Faulted for 60 minutes.
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger
        .call_ok(
            "BootNotification",
            json!({"chargePointVendor": "Test", "chargePointModel": "Script"}),
        )
        .await;
    for (connector, status, minutes) in [
        (1, "Available", 0),
        (2, "Available", 0),
        (2, "Faulted", 60),
        (2, "Available", 120),
    ] {
        let at = (t0 + TimeDelta::minutes(minutes)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        charger
            .call_ok(
                "StatusNotification",
                json!({"connectorId": connector, "errorCode": "NoError", "status": status, "timestamp": at}),
            )
            .await;
    }
    let events = |i: usize| format!("/api/v1/support/cases/{}/events", ids[i]);
    let passed = json!({"method": "remote reset", "passed": true, "evidence": "Available after the reset"});
    // Case 0 answered after 10 minutes, fixed after 100; case 1 answered after 30, fixed
    // after 200; case 2 cancelled; case 3 never answered.
    app.server.clock().advance(TimeDelta::minutes(10));
    assert_eq!(
        first
            .post(&events(0), json!({"event": "escalate_to_second_line", "reason": "x"}))
            .await
            .0,
        200
    );
    app.server.clock().advance(TimeDelta::minutes(20));
    assert_eq!(
        first
            .post(&events(1), json!({"event": "escalate_to_second_line", "reason": "x"}))
            .await
            .0,
        200
    );
    app.server.clock().advance(TimeDelta::minutes(70));
    assert_eq!(
        second
            .post(&events(0), json!({"event": "resolve_remotely", "verification": passed}))
            .await
            .0,
        200
    );
    let answer = |i: usize| format!("/api/v1/cases/{}/answer", ids[i]);
    assert_eq!(driver.post(&answer(0), json!({"working": true})).await.0, 200);
    app.server.clock().advance(TimeDelta::minutes(100));
    assert_eq!(
        second
            .post(&events(1), json!({"event": "resolve_remotely", "verification": passed}))
            .await
            .0,
        200
    );
    assert_eq!(driver.post(&answer(1), json!({"working": true})).await.0, 200);
    assert_eq!(
        first
            .post(&events(2), json!({"event": "cancel", "reason": "reported twice"}))
            .await
            .0,
        200
    );
    // Read two days after t0: case 3's 1440-minute response target (Standard, P4) is 1440
    // minutes late.
    app.server.clock().advance(TimeDelta::minutes(2 * 1440 - 200));

    let path = format!("/api/v1/sla-report?owner=owner-fjordlade&month={month}");
    let (status, r) = owner.get(&path).await;
    assert_eq!(status, 200, "{r}");
    let c = &r["cases"];
    assert_eq!(
        [&c["cases"], &c["open"], &c["closed"], &c["cancelled"]].map(|v| v.as_u64()),
        [Some(4), Some(1), Some(2), Some(1)],
        "{c}"
    );
    // Responses 10 and 30 minutes: nearest-rank median 10, 90th percentile 30.
    assert_eq!(
        (
            c["response_minutes"]["median"].as_i64(),
            c["response_minutes"]["p90"].as_i64()
        ),
        (Some(10), Some(30))
    );
    // Resolutions 100 and 200 minutes.
    assert_eq!(
        (
            c["resolution_minutes"]["median"].as_i64(),
            c["resolution_minutes"]["p90"].as_i64()
        ),
        (Some(100), Some(200))
    );
    // Evaluated: the two closed (within) and the unanswered one (breached).
    assert_eq!((c["evaluated"].as_u64(), c["within_sla"].as_u64()), (Some(3), Some(2)));
    assert_eq!(c["share_within_sla_percent"].as_f64(), Some(66.7));
    let breaches = c["breaches"].as_array().unwrap();
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0]["case_id"], ids[3].as_str());
    assert_eq!(breaches[0]["late_minutes"], 1440);
    // Uptime of the charger: 2 connectors known for 2 days, one down for 60 minutes.
    let line = r["uptime"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["charger_id"] == CHARGER)
        .cloned()
        .expect("the charger's line");
    let known = 2 * 2 * 1440 * 60;
    assert_eq!(line["down_seconds"], 3600, "{line}");
    assert_eq!(line["up_seconds"].as_i64(), Some(known - 3600), "{line}");
    let percent = ((known - 3600) as f64 * 1000.0 / known as f64).round() / 10.0;
    assert_eq!(line["uptime_percent"].as_f64(), Some(percent));

    // CSV: the same figures.
    let (status, csv) = owner.text(&format!("{path}&format=csv")).await;
    assert_eq!(status, 200, "{csv}");
    for expected in [
        "figures,cases,4",
        "figures,response_median_minutes,10",
        "figures,within_sla,2",
        "figures,breaches,1",
    ] {
        assert!(csv.lines().any(|l| l == expected), "{expected:?} in {csv}");
    }
    assert!(
        csv.lines()
            .any(|l| l.starts_with(&format!("{CHARGER},2,{},3600,", known - 3600))),
        "{csv}"
    );
    // PDF: the same figures, read back.
    let text = pdf_text(&owner, &format!("{path}&format=pdf")).await;
    for expected in [
        format!("SLA report {month}"),
        "Owner owner-fjordlade".to_owned(),
        "1440 min late".to_owned(),
        CHARGER.to_owned(),
        format!("{percent:.1} %"),
    ] {
        assert!(text.contains(&expected), "{expected:?} in {text}");
    }
    // Another owner's report is not this owner's; a bad month is named.
    let (status, _) = owner
        .get(&format!("/api/v1/sla-report?owner=owner-nordlys&month={month}"))
        .await;
    assert_eq!(status, 403);
    let (status, problem) = owner
        .get("/api/v1/sla-report?owner=owner-fjordlade&month=2026-13")
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("invalid_request")),
        "{problem}"
    );
}

#[tokio::test]
async fn the_days_work_orders_carry_the_chargers_recent_errors() {
    let app = TestApp::start().await;
    let (driver, first, second, third) = (
        Client::new(&app, DRIVER).await,
        Client::new(&app, FIRST).await,
        Client::new(&app, SECOND).await,
        Client::new(&app, THIRD).await,
    );
    let tech = Client::new(&app, TECHNICIAN).await;
    let case_id = case_at_third_line(&app, &driver, &first, &second, 2).await;
    let now = app.server.clock().now();
    let (status, order) = third
        .post(
            &format!("/api/v1/support/cases/{case_id}/work-orders"),
            booking(now + TimeDelta::hours(1), 60, TECHNICIAN, json!([])),
        )
        .await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["recent_faults"], json!([]), "nothing heard yet: {order}");

    // The charger faults on connector 2, recovers, then connector 1 goes out of service.
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    charger.status(2, "Faulted", "GroundFailure").await;
    charger.status(2, "Available", "NoError").await;
    charger.status(1, "Unavailable", "NoError").await;
    let (status, list) = tech.get("/api/v1/work-orders").await;
    assert_eq!(status, 200, "{list}");
    let faults = &list["work_orders"][0]["recent_faults"];
    let seen: Vec<(i64, &str)> = faults
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["connector_id"].as_i64().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    assert_eq!(seen, [(1, "unavailable"), (2, "faulted")], "newest first: {faults}");
}

#[tokio::test]
async fn the_sla_report_offers_the_owners_and_sites_each_account_may_read() {
    let app = TestApp::start().await;
    let path = "/api/v1/sla-report/scopes";
    let owners_of = |scopes: &Value| -> Vec<String> {
        scopes["owners"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Support: every owner of the demo, each with its sites by name.
    let (status, support) = Client::new(&app, FIRST).await.get(path).await;
    assert_eq!(status, 200, "{support}");
    let every = owners_of(&support);
    assert!(
        every.len() >= 3 && every.contains(&"owner-fjordlade".to_owned()),
        "{support}"
    );
    let fjordlade = support["owners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "owner-fjordlade")
        .unwrap();
    assert!(
        fjordlade["sites"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == SITE && s["name"].is_string() && s["city"] == "Oslo"),
        "{fjordlade}"
    );
    // An owner: only their own; a driver: none; nobody signed in: 401.
    let (status, own) = Client::new(&app, OWNER).await.get(path).await;
    assert_eq!(
        (status, owners_of(&own)),
        (200, vec!["owner-fjordlade".to_owned()]),
        "{own}"
    );
    let (status, none) = Client::new(&app, DRIVER).await.get(path).await;
    assert_eq!((status, owners_of(&none)), (200, Vec::<String>::new()), "{none}");
    let anonymous = reqwest::get(app.url(path)).await.unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
}
