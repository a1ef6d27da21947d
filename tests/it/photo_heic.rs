//! A HEIC photo (what iPhones save) is refused in words, known by its `ftyp` brand and not
//! by its name or declared type, and nothing is stored (see ARCHITECTURE.md: no HEIF decoder
//! in this build).

use serde_json::{json, Value};

use crate::support::{signed_in_client, TestApp};

/// The start of a HEIC file: an `ftyp` box (major brand `heic`, compatible `mif1`, `heic`)
/// and the first bytes of its `meta` box.
fn heic_start() -> Vec<u8> {
    let mut b = 24u32.to_be_bytes().to_vec();
    b.extend(b"ftypheic");
    b.extend([0, 0, 0, 0]);
    b.extend(b"mif1heic");
    b.extend(34u32.to_be_bytes());
    b.extend(b"meta\0\0\0\0");
    b.extend([0u8; 22]);
    b
}

#[tokio::test]
async fn a_heic_photo_is_refused_in_words_by_its_brand_and_nothing_is_stored() {
    let app = TestApp::start().await;
    let driver = signed_in_client(&app.server, reqwest::Client::builder(), "driver@demo.ladeklar.no").await;
    let base = app.server.url();
    let case: Value = driver
        .post(format!("{base}/api/v1/cases"))
        .json(&json!({"category": "display_fault", "description": "The screen is black", "charger_id": "OSLO-AKER-BRYGGE-AC1", "connector_id": 1}))
        .send()
        .await
        .expect("report")
        .json()
        .await
        .expect("case");
    let id = case["id"].as_str().expect("case id");
    // Declared as a JPEG: the brand inside decides.
    let r = driver
        .post(format!("{base}/api/v1/cases/{id}/photos"))
        .header("content-type", "image/jpeg")
        .body(heic_start())
        .send()
        .await
        .expect("upload");
    assert_eq!(r.status().as_u16(), 400);
    let problem: Value = r.json().await.expect("problem");
    assert_eq!(problem["code"], "not_an_image", "{problem}");
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("HEIC photos can't be read here yet — please send JPEG, PNG or WebP"),
        "{problem}"
    );
    let view: Value = driver
        .get(format!("{base}/api/v1/cases/{id}"))
        .send()
        .await
        .expect("case")
        .json()
        .await
        .expect("case view");
    assert_eq!(view["photos"].as_array().map(Vec::len), Some(0));
    let data = app.server_data_dir();
    let stored = std::fs::read_dir(data.join("photos")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(stored, 0, "no photo stored");
    assert_eq!(std::fs::read_dir(data.join("uploads")).expect("uploads").count(), 0);
}
