//! Support cases end to end: a driver reports a fault and adds photos (EXIF gone, bad
//! uploads refused by name), the SLA job escalates by itself on the server's clock and
//! exactly once across a restart after the deadline, the support queue's order, hand-over
//! 1st → 2nd and the action proposal required before 3rd line, and the remote fix verified
//! by the charger's status up to the driver's confirmation.

use chrono::TimeDelta;
use serde_json::{json, Value};

use crate::support::{signed_in_client, ScriptedCharger, TestApp};

const DRIVER: &str = "driver@demo.ladeklar.no";
const FIRST: &str = "support-first@demo.ladeklar.no";
const SECOND: &str = "support-second@demo.ladeklar.no";
const CHARGER: &str = "OSLO-AKER-BRYGGE-AC1";

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

    async fn bytes(&self, path: &str) -> Vec<u8> {
        let r = self.http.get(format!("{}{path}", self.base)).send().await.expect("GET");
        assert_eq!(r.status().as_u16(), 200, "{path}");
        r.bytes().await.expect("body").to_vec()
    }

    async fn report(&self, category: &str, connector: u32) -> Value {
        let (status, case) = self
            .post(
                "/api/v1/cases",
                json!({"category": category, "description": "It will not start", "charger_id": CHARGER, "connector_id": connector}),
            )
            .await;
        assert_eq!(status, 201, "{case}");
        case
    }
}

/// A small JPEG with an EXIF segment holding a GPS IFD (GPSLatitudeRef "N").
fn jpeg_with_gps_exif() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 128]));
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    // TIFF (big-endian): IFD0 at 8 with one entry, GPSInfo (0x8825) → the GPS IFD at 26 with
    // one entry, GPSLatitudeRef (0x0001) ASCII "N".
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend([0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    tiff.extend([0, 1, 0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend(tiff);
    let len = u16::try_from(app1.len() + 2).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(len.to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A JPEG whose header claims 60000 × 60000 pixels (a decompression bomb's shape).
fn jpeg_claiming_huge_dimensions() -> Vec<u8> {
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::new(16, 16))
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline JPEG has SOF0");
    // FF C0, length (2), precision (1), height (2), width (2).
    jpeg[sof + 5..sof + 7].copy_from_slice(&60000u16.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&60000u16.to_be_bytes());
    jpeg
}

fn timeline_count(case: &Value, needle: &str) -> usize {
    case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["text"].as_str().is_some_and(|s| s.contains(needle)))
        .count()
}

#[tokio::test]
async fn a_driver_reports_a_fault_with_a_photo_whose_gps_exif_is_gone() {
    let app = TestApp::start().await;
    let driver = Client::new(&app, DRIVER).await;
    let case = driver.report("wont_start", 1).await;
    assert_eq!(case["state"], "first_line");
    assert_eq!(case["line"], "first");
    assert_eq!(case["priority"], "P2", "{case}");
    assert_eq!(case["sla_level"], "Standard");
    assert!(case["number"].as_i64().unwrap() >= 1);
    assert!(case["expected_resolution"].as_str().is_some_and(|w| !w.is_empty()));
    let (en, nb) = (&case["expected_resolution"], &case["expected_resolution_nb"]);
    assert!(nb.as_str().is_some_and(|w| !w.is_empty()) && nb != en, "{en} / {nb}");
    assert!(
        case.get("diagnosis").is_none(),
        "the driver does not see support's analysis"
    );
    let id = case["id"].as_str().unwrap();

    let original = jpeg_with_gps_exif();
    assert!(contains(&original, b"Exif\0\0") && contains(&original, &[0x88, 0x25]));
    let (status, photo) = driver.upload(&format!("/api/v1/cases/{id}/photos"), original).await;
    assert_eq!(status, 201, "{photo}");
    assert_eq!(
        (photo["width"].as_u64(), photo["height"].as_u64()),
        (Some(64), Some(48))
    );
    let stored = driver.bytes(photo["url"].as_str().unwrap()).await;
    assert!(!contains(&stored, b"Exif"), "no EXIF segment is kept");
    assert!(!contains(&stored, &[0x88, 0x25]), "no GPS IFD is kept");
    let decoded = image::load_from_memory(&stored).expect("the stored photo is a JPEG");
    assert_eq!((decoded.width(), decoded.height()), (64, 48));
    let thumb = driver.bytes(photo["thumbnail_url"].as_str().unwrap()).await;
    let thumb = image::load_from_memory(&thumb).expect("the thumbnail is a JPEG");
    assert!(thumb.width() <= 320 && thumb.height() <= 320);

    let (_, view) = driver.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(view["photos"].as_array().unwrap().len(), 1);
    let (_, mine) = driver.get("/api/v1/cases").await;
    assert_eq!(mine["cases"][0]["id"], id);
}

#[tokio::test]
async fn bad_reports_and_uploads_are_refused_by_name_and_nothing_is_half_stored() {
    let app = TestApp::start().await;
    let driver = Client::new(&app, DRIVER).await;
    for (body, status, code) in [
        (
            json!({"category": "wont_start", "description": "x", "charger_id": "NO-SUCH", "connector_id": 1}),
            404,
            "charger_not_found",
        ),
        (
            json!({"category": "wont_start", "description": "x", "charger_id": CHARGER, "connector_id": 9}),
            404,
            "connector_not_found",
        ),
        (
            json!({"category": "wont_start", "description": "  ", "charger_id": CHARGER, "connector_id": 1}),
            400,
            "empty_description",
        ),
        (
            json!({"category": "on_fire", "description": "x", "charger_id": CHARGER, "connector_id": 1}),
            400,
            "unknown_category",
        ),
    ] {
        let (got, problem) = driver.post("/api/v1/cases", body.clone()).await;
        assert_eq!(
            (got, problem["code"].as_str()),
            (status, Some(code)),
            "{body}: {problem}"
        );
    }
    let (_, mine) = driver.get("/api/v1/cases").await;
    assert!(mine["cases"].as_array().unwrap().is_empty(), "no case was opened");

    let case = driver.report("wont_start", 1).await;
    let photos = format!("/api/v1/cases/{}/photos", case["id"].as_str().unwrap());
    let (status, problem) = driver.upload(&photos, b"plain text, not a photo".to_vec()).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("not_an_image")),
        "{problem}"
    );
    let (status, problem) = driver.upload(&photos, jpeg_claiming_huge_dimensions()).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("image_dimensions")),
        "{problem}"
    );
    assert!(problem["detail"].as_str().unwrap().contains("60000"), "{problem}");
    let (status, problem) = driver.upload(&photos, vec![0xFF; 10 * 1024 * 1024 + 1]).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (413, Some("photo_too_large")),
        "{problem}"
    );
    // A streamed upload without a declared length is cut off at the limit while read.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..11).map(|_| Ok(vec![0xFF; 1024 * 1024])).collect();
    let r = driver
        .http
        .post(format!("{}{photos}", driver.base))
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(chunks)))
        .send()
        .await;
    if let Ok(r) = r {
        assert_eq!(r.status().as_u16(), 413);
    }
    for _ in 0..5 {
        let (status, _) = driver.upload(&photos, jpeg_with_gps_exif()).await;
        assert_eq!(status, 201);
    }
    let (status, problem) = driver.upload(&photos, jpeg_with_gps_exif()).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("too_many_photos")),
        "{problem}"
    );
    let (_, view) = driver
        .get(&format!("/api/v1/cases/{}", case["id"].as_str().unwrap()))
        .await;
    assert_eq!(view["photos"].as_array().unwrap().len(), 5);
    // Only the five photos (and their thumbnails) are on disk; no upload is left over.
    let data = app.server_data_dir();
    let files = walk(&data.join("photos"));
    assert_eq!(files.len(), 10, "{files:?}");
    assert!(walk(&data.join("uploads")).is_empty());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[tokio::test]
async fn a_case_escalates_to_second_line_by_itself_on_the_servers_clock() {
    let app = TestApp::start().await;
    let driver = Client::new(&app, DRIVER).await;
    let case = driver.report("wont_start", 1).await; // P2, Standard: 1st line has 120 minutes
    let path = format!("/api/v1/cases/{}", case["id"].as_str().unwrap());
    app.server.clock().advance(TimeDelta::minutes(121));
    let view = app
        .wait_for(&path, "escalation to 2nd line and the response breach", |c| {
            c["line"] == "second" && timeline_count(c, "response target was breached") == 1
        })
        .await;
    assert_eq!(view["state"], "second_line");
    assert_eq!(timeline_count(&view, "escalated to 2nd line"), 1, "{view}");
    assert_eq!(timeline_count(&view, "response target was breached"), 1, "{view}");
    let clocks: Vec<_> = view["sla"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["outcome"].as_str().unwrap()))
        .collect();
    // The 1st line window was used up (escalated when it ran out, so met or just late).
    assert_eq!(clocks[0], ("response", "breached"), "{view}");
    assert_eq!(clocks[1].0, "first_line_window", "{view}");
    assert_eq!(clocks[2], ("remote_resolution", "running"), "{view}");
    let (_, seen) = driver.get(&path).await;
    assert_eq!(
        timeline_count(&seen, "handed over to our 2nd line"),
        1,
        "the driver sees the line, not a name"
    );
    assert_eq!(timeline_count(&seen, "breached"), 0, "SLA lines are support's");
}

#[tokio::test]
async fn a_server_started_after_the_deadline_escalates_exactly_once() {
    let app = TestApp::start().await;
    let driver = Client::new(&app, DRIVER).await;
    let case = driver.report("wont_start", 1).await;
    let path = format!("/api/v1/cases/{}", case["id"].as_str().unwrap());
    // Stopped before the deadline, started after it.
    let app = app
        .restart_with(|c| c.test_clock_offset = TimeDelta::minutes(150))
        .await;
    let view = app
        .wait_for(&path, "escalation on start", |c| c["line"] == "second")
        .await;
    assert_eq!(timeline_count(&view, "escalated to 2nd line"), 1, "{view}");
    // Restarted again at the same time: nothing is taken twice. The 80 % warning of the
    // remote-resolution target (at 192 minutes) shows the job has run since.
    let app = app
        .restart_with(|c| c.test_clock_offset = TimeDelta::minutes(200))
        .await;
    let view = app
        .wait_for(&path, "the remote-resolution warning", |c| {
            timeline_count(c, "remote resolution target is close to its deadline") == 1
        })
        .await;
    assert_eq!(timeline_count(&view, "escalated to 2nd line"), 1, "{view}");
    assert_eq!(timeline_count(&view, "response target was breached"), 1, "{view}");
    assert_eq!(view["state"], "second_line");
}

#[tokio::test]
async fn the_queue_is_by_sla_due_time_and_transitions_follow_the_case_engine() {
    let app = TestApp::start().await;
    let driver = Client::new(&app, DRIVER).await;
    let first = Client::new(&app, FIRST).await;
    let second = Client::new(&app, SECOND).await;
    let p4 = driver.report("display_fault", 1).await;
    let p2 = driver.report("wont_start", 2).await;
    let p1 = driver.report("cable_stuck", 1).await;
    assert_eq!(
        [&p1, &p2, &p4].map(|c| c["priority"].as_str().unwrap().to_owned()),
        ["P1", "P2", "P4"]
    );
    let (status, queue) = first.get("/api/v1/support/cases").await;
    assert_eq!(status, 200, "{queue}");
    let ids: Vec<_> = queue["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(ids, [p1["id"].clone(), p2["id"].clone(), p4["id"].clone()], "{queue}");
    assert!(queue["cases"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["breach_risk"] == "none"));
    // 25 minutes on, the P1's 30-minute response target is at risk (core's 80 %).
    app.server.clock().advance(TimeDelta::minutes(25));
    let (_, queue) = first.get("/api/v1/support/cases").await;
    let risks: Vec<_> = queue["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["breach_risk"].clone())
        .collect();
    assert_eq!(risks, ["warning", "none", "none"], "{queue}");
    let (_, only_p2) = first.get("/api/v1/support/cases?priority=P2&line=first").await;
    assert_eq!(only_p2["cases"].as_array().unwrap().len(), 1);
    let (status, problem) = first.get("/api/v1/support/cases?line=fourth").await;
    assert_eq!((status, problem["code"].as_str()), (400, Some("invalid_request")));
    let (status, _) = driver.get("/api/v1/support/cases").await;
    assert_eq!(status, 403, "drivers have no queue");

    let events = format!("/api/v1/support/cases/{}/events", p2["id"].as_str().unwrap());
    let refused = |r: &(u16, Value), needle: &str| {
        assert_eq!(r.0, 409, "{}", r.1);
        assert_eq!(r.1["code"], "case_transition_refused", "{}", r.1);
        assert!(r.1["detail"].as_str().unwrap().contains(needle), "{}", r.1);
    };
    refused(
        &first.post(&events, json!({"event": "escalate_to_third_line"})).await,
        "case.not_from_state",
    );
    refused(
        &second
            .post(
                &events,
                json!({"event": "escalate_to_second_line", "reason": "mine now"}),
            )
            .await,
        "case.actor_not_allowed",
    );
    let (status, view) = first
        .post(
            &events,
            json!({"event": "escalate_to_second_line", "reason": "needs 2nd line"}),
        )
        .await;
    assert_eq!((status, view["line"].as_str()), (200, Some("second")), "{view}");
    refused(
        &second.post(&events, json!({"event": "escalate_to_third_line"})).await,
        "case.not_from_state",
    );
    let proposal = |skills: Value| {
        json!({"event": "propose_field_action", "proposal": {
            "summary": "Replace the contactor", "parts": [{"part": "contactor", "quantity": 1}],
            "skills": skills, "estimated_on_site_minutes": 90}})
    };
    refused(&second.post(&events, proposal(json!([]))).await, "skills");
    let (status, view) = second.post(&events, proposal(json!(["authorised electrician"]))).await;
    assert_eq!(
        (status, view["state"].as_str()),
        (200, Some("field_action_proposed")),
        "{view}"
    );
    assert_eq!(view["action_proposal"]["summary"], "Replace the contactor");
    let (status, view) = second.post(&events, json!({"event": "escalate_to_third_line"})).await;
    assert_eq!((status, view["line"].as_str()), (200, Some("third")), "{view}");

    // Pausing the clock with a reason, and a note only support sees.
    let p4_path = format!("/api/v1/support/cases/{}", p4["id"].as_str().unwrap());
    let (status, view) = first
        .post(
            &format!("{p4_path}/events"),
            json!({"event": "wait_for_customer", "question": "Which display?"}),
        )
        .await;
    assert_eq!((status, view["state"].as_str()), (200, Some("waiting_for_customer")));
    let (status, _) = first
        .post(&format!("{p4_path}/notes"), json!({"text": "called the owner"}))
        .await;
    assert_eq!(status, 200);
    let (_, seen) = driver
        .get(&format!("/api/v1/cases/{}", p4["id"].as_str().unwrap()))
        .await;
    assert_eq!(timeline_count(&seen, "called the owner"), 0);
    let (_, full) = first
        .get(&format!("/api/v1/cases/{}", p4["id"].as_str().unwrap()))
        .await;
    assert_eq!(timeline_count(&full, "called the owner"), 1);
    assert!(full.get("pause_refused").is_none(), "{full}");

    // A P1's clock never pauses under its SLA: the view says so and core refuses it.
    let p1_path = format!("/api/v1/support/cases/{}", p1["id"].as_str().unwrap());
    let (_, urgent) = first
        .get(&format!("/api/v1/cases/{}", p1["id"].as_str().unwrap()))
        .await;
    assert_eq!(urgent["pause_refused"], "priority", "{urgent}");
    let (status, problem) = first
        .post(
            &format!("{p1_path}/events"),
            json!({"event": "wait_for_customer", "question": "Is the cable still locked?"}),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("case_transition_refused"))
    );
    assert!(problem["detail"].as_str().unwrap().contains("never stop"), "{problem}");
}

#[tokio::test]
async fn the_remote_fix_the_analysis_proposed_is_verified_by_the_charger_and_confirmed_by_the_driver() {
    let app = TestApp::start().await;
    let driver = Client::new(&app, DRIVER).await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    charger.status(1, "Faulted", "InternalError").await;
    let case = driver.report("wont_start", 1).await;
    let path = format!("/api/v1/cases/{}", case["id"].as_str().unwrap());
    // The analysis of InternalError proposes a soft reset first.
    let reset = charger.answer_next_call("Reset", json!({"status": "Accepted"})).await;
    assert_eq!(reset["type"], "Soft");
    app.wait_for(&path, "the reset on the timeline", |c| {
        timeline_count(c, "soft reset; it answered Accepted") == 1
    })
    .await;
    charger.status(1, "Available", "NoError").await;
    let view = driver.get(&path).await.1;
    let view = if view["state"] == "awaiting_confirmation" {
        view
    } else {
        app.wait_for(&path, "fixed, awaiting confirmation", |c| {
            c["state"] == "awaiting_confirmation"
        })
        .await
    };
    assert_eq!(view["awaiting_confirmation"], true);
    let (_, full) = app.get(&path).await;
    assert_eq!(full["diagnosis"]["entry_id"], "ocpp.InternalError", "{full}");
    assert_eq!(full["connector_status"], "available", "{full}");
    assert_eq!(full["charger_online"], true);
    // What the driver reads is in Norwegian too.
    let (_, seen) = driver.get(&path).await;
    let nb: Vec<&str> = seen["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text_nb"].as_str())
        .collect();
    for expected in [
        "Feil meldt: starter ikke.",
        "Vi sendte laderen en myk omstart; den svarte Accepted.",
        "Laderen melder at kontakt 1 er ledig igjen etter myk omstart.",
        "Vi tror feilen er rettet. Virker det nå?",
    ] {
        assert!(nb.contains(&expected), "{expected:?} in {nb:#?}");
    }
    assert_eq!(full["customer"]["channel"], "app");
    let (_, seen) = driver.get(&path).await;
    assert!(
        seen.get("customer").is_none(),
        "the driver's view has no customer block"
    );
    assert_eq!(seen["connector_status"], "available");
    let (status, closed) = driver.post(&format!("{path}/answer"), json!({"working": true})).await;
    assert_eq!((status, closed["state"].as_str()), (200, Some("closed")), "{closed}");
    let (status, problem) = driver.post(&format!("{path}/answer"), json!({"working": true})).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("case_transition_refused"))
    );
}

#[tokio::test]
async fn the_driver_follows_the_case_live_and_is_mailed_when_it_moves() {
    use futures_util::StreamExt;
    let mailbox = crate::mailbox::Mailbox::start().await;
    let url = mailbox.url();
    let app = TestApp::start_with(move |c| c.smtp_url = Some(url)).await;
    let driver = Client::new(&app, DRIVER).await;
    let first = Client::new(&app, FIRST).await;
    let case = driver.report("display_fault", 2).await;
    let id = case["id"].as_str().unwrap().to_owned();
    let response = driver
        .http
        .get(format!("{}/api/v1/cases/{id}/live", driver.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut body = response.bytes_stream();
    let (status, _) = first
        .post(
            &format!("/api/v1/support/cases/{id}/events"),
            json!({"event": "escalate_to_second_line", "reason": "needs the vendor"}),
        )
        .await;
    assert_eq!(status, 200);
    let mut buffer = String::new();
    let mut lines_seen = Vec::new();
    while !lines_seen.contains(&"second".to_owned()) {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(30), body.next())
            .await
            .expect("a live update")
            .expect("the stream goes on")
            .expect("a chunk");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) else {
                continue;
            };
            assert!(event.contains("event: case"), "{event}");
            let view: Value = serde_json::from_str(data).unwrap();
            assert!(view.get("diagnosis").is_none(), "the driver's view: {view}");
            lines_seen.push(view["line"].as_str().unwrap_or_default().to_owned());
        }
    }
    assert_eq!(
        lines_seen.first().map(String::as_str),
        Some("first"),
        "the case first, then its changes"
    );
    let mail = mailbox.wait_for_mail(DRIVER, 1).await;
    assert!(mail.contains("handed over to our 2nd line"), "{mail}");
    assert!(mail.contains("sendt videre til vår 2. linje"), "{mail}");
    assert!(mail.contains(&format!("/cases/{id}")), "{mail}");
}

#[tokio::test]
async fn supports_case_view_shows_the_connector_status_live() {
    use futures_util::StreamExt;
    let app = TestApp::start().await;
    let driver = Client::new(&app, DRIVER).await;
    let first = Client::new(&app, FIRST).await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    // Slow charging: no remote remedy is tried, so the charger hears nothing from the case.
    let case = driver.report("slow_charging", 2).await;
    let id = case["id"].as_str().unwrap().to_owned();
    let response = first
        .http
        .get(format!("{}/api/v1/cases/{id}/live", first.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let mut body = response.bytes_stream();
    // Nothing about the case changes: only the charger says its connector faulted.
    charger.status(2, "Faulted", "OtherError").await;
    let mut buffer = String::new();
    let mut statuses = Vec::new();
    while statuses.last().map(String::as_str) != Some("faulted") {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(30), body.next())
            .await
            .expect("a live update")
            .expect("the stream goes on")
            .expect("a chunk");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                let view: Value = serde_json::from_str(data).unwrap();
                statuses.push(view["connector_status"].as_str().unwrap_or_default().to_owned());
            }
        }
    }
    assert_eq!(statuses.first().map(String::as_str), Some("available"), "{statuses:?}");
}

#[tokio::test]
async fn support_registers_a_phoned_in_case_and_the_caller_with_an_account_follows_it() {
    let app = TestApp::start().await;
    let driver = Client::new(&app, DRIVER).await;
    let first = Client::new(&app, FIRST).await;
    let register = |contact: &str, channel: &str| {
        json!({"channel": channel, "customer_kind": "driver", "customer_name": "Kari Nordmann",
            "contact": contact, "charger_id": CHARGER, "category": "cable_stuck",
            "description": "The cable is stuck in my car"})
    };
    let (status, case) = first.post("/api/v1/support/cases", register(DRIVER, "phone")).await;
    assert_eq!(status, 201, "{case}");
    assert_eq!(
        (case["priority"].as_str(), case["line"].as_str()),
        (Some("P1"), Some("first"))
    );
    let (_, mine) = driver.get("/api/v1/cases").await;
    assert_eq!(
        mine["cases"][0]["id"], case["id"],
        "linked to the caller's account by e-mail"
    );
    let (status, other) = first
        .post("/api/v1/support/cases", register("+47 900 00 000", "email"))
        .await;
    assert_eq!(status, 201, "{other}");
    let (status, _) = driver
        .get(&format!("/api/v1/cases/{}", other["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, 403, "a case without the driver's account is not theirs");
    for (body, needle) in [
        (register(" ", "phone"), "contact"),
        (register(DRIVER, "app"), "channel"),
    ] {
        let (status, problem) = first.post("/api/v1/support/cases", body).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (400, Some("invalid_request")),
            "{problem}"
        );
        assert!(problem["detail"].as_str().unwrap().contains(needle), "{problem}");
    }
    let (status, _) = driver.post("/api/v1/support/cases", register(DRIVER, "phone")).await;
    assert_eq!(status, 403);
    // The site's contract sets the SLA level: Bergen Bryggen is Premium in the demo.
    let mut bergen = register(DRIVER, "phone");
    bergen["charger_id"] = json!("BERGEN-BRYGGEN-DC1");
    bergen["connector_id"] = json!(1);
    let (status, case) = first.post("/api/v1/support/cases", bergen).await;
    assert_eq!((status, case["sla_level"].as_str()), (201, Some("Premium")), "{case}");
}

#[tokio::test]
async fn a_remedy_that_does_not_help_in_time_is_followed_by_the_next_one() {
    let app = TestApp::start().await;
    let driver = Client::new(&app, DRIVER).await;
    let mut charger = ScriptedCharger::connect(&app.ws_base(), CHARGER).await;
    charger.boot(&[1, 2]).await;
    charger.status(1, "Faulted", "InternalError").await;
    let case = driver.report("wont_start", 1).await;
    let path = format!("/api/v1/cases/{}", case["id"].as_str().unwrap());
    let soft = charger.answer_next_call("Reset", json!({"status": "Accepted"})).await;
    assert_eq!(soft["type"], "Soft");
    app.wait_for(&path, "the soft reset on the timeline", |c| {
        timeline_count(c, "soft reset; it answered Accepted") == 1
    })
    .await;
    // The charger stays Faulted past the entry's 10 minutes: the hard reset is next.
    app.server.clock().advance(TimeDelta::minutes(11));
    let hard = charger.answer_next_call("Reset", json!({"status": "Accepted"})).await;
    assert_eq!(hard["type"], "Hard");
    let view = app
        .wait_for(&path, "the hard reset on the timeline", |c| {
            timeline_count(c, "hard reset; it answered Accepted") == 1
        })
        .await;
    assert_eq!(timeline_count(&view, "The soft reset did not help"), 1, "{view}");
    charger.status(1, "Available", "NoError").await;
    let view = app
        .wait_for(&path, "fixed, awaiting confirmation", |c| {
            c["state"] == "awaiting_confirmation"
        })
        .await;
    assert_eq!(
        timeline_count(&view, "Available again after the hard reset"),
        1,
        "{view}"
    );
    // No, it is not working: the case opens again at 1st line.
    let (status, reopened) = driver
        .post(
            &format!("{path}/answer"),
            json!({"working": false, "comment": "Still red light"}),
        )
        .await;
    assert_eq!(
        (status, reopened["state"].as_str()),
        (200, Some("first_line")),
        "{reopened}"
    );
    assert_eq!(timeline_count(&reopened, "Still red light"), 1);
}

#[tokio::test]
async fn two_server_nodes_on_one_database_take_each_sla_action_once() {
    let app = TestApp::start().await;
    let second_node = ladeklar_server::Server::start(ladeklar_server::Config::for_tests(app.server_data_dir()))
        .await
        .expect("a second node starts on the same database");
    let driver = Client::new(&app, DRIVER).await;
    let case = driver.report("wont_start", 1).await;
    let path = format!("/api/v1/cases/{}", case["id"].as_str().unwrap());
    for node in [&app.server, &second_node] {
        node.clock().advance(TimeDelta::minutes(200));
    }
    let view = app
        .wait_for(&path, "escalation, the breach and the warning", |c| {
            c["line"] == "second"
                && timeline_count(c, "response target was breached") >= 1
                && timeline_count(c, "remote resolution target is close to its deadline") >= 1
        })
        .await;
    for line in [
        "escalated to 2nd line",
        "response target was breached",
        "remote resolution target is close to its deadline",
    ] {
        assert_eq!(timeline_count(&view, line), 1, "{line}: {view}");
    }
    second_node.shutdown().await;
}
