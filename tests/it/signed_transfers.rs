//! Signed firmware and log uploads over real WSS (issue 13): support starts them with URLs the
//! platform serves; the simulated charger fetches the firmware, uploads its log, and every
//! status notification is stored and shown.

use std::time::Duration;

use rust_decimal_macros::dec;
use serde_json::{json, Value};

use crate::support::TestApp;

const CHARGER: &str = "OSLO-STORO-DC1";

/// The charger's transfer of `kind` with `request_id` once `done` holds for it.
async fn wait_for_transfer(app: &TestApp, kind: &str, request_id: &Value, done: impl Fn(&Value) -> bool) -> Value {
    let path = format!("/api/v1/chargers/{CHARGER}/transfers");
    let find = |list: &Value| -> Option<Value> {
        list["transfers"]
            .as_array()?
            .iter()
            .find(|t| t["kind"] == kind && &t["request_id"] == request_id)
            .cloned()
    };
    let list = app
        .wait_for(&path, &format!("{kind} {request_id}"), |list| {
            find(list).is_some_and(|t| done(&t))
        })
        .await;
    find(&list).expect("found")
}

#[tokio::test]
async fn a_signed_firmware_update_is_followed_to_installed_and_a_log_upload_lands_in_the_data_folder() {
    let app = TestApp::start_tls().await;
    let firmware = app.server_data_dir().join("firmware");
    std::fs::create_dir_all(&firmware).unwrap();
    std::fs::write(firmware.join("ladeklar-2.4.0.bin"), b"firmware image").unwrap();
    let (stop_sims, rx) = tokio::sync::watch::channel(false);
    let sim = app.demo_simulator(CHARGER, dec!(11), Duration::from_secs(60));
    let sim_task = tokio::spawn(sim.run_until(rx));
    app.wait_for_connector(CHARGER, 1, "available").await;

    // Signed firmware: Accepted, then each status to Installed, stored.
    let (status, started) = app
        .post(
            &format!("/api/v1/chargers/{CHARGER}/firmware"),
            json!({"file": "ladeklar-2.4.0.bin", "signing_certificate": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "signature": "c2lnbmF0dXJl"}),
        )
        .await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(started["answer"], "Accepted", "{started}");
    assert!(
        started["location"]
            .as_str()
            .is_some_and(|l| l.starts_with("https://127.0.0.1:") && l.ends_with("/firmware/ladeklar-2.4.0.bin")),
        "{started}"
    );
    let request_id = started["request_id"].clone();
    wait_for_transfer(&app, "firmware", &request_id, |t| t["status"] == "Installed").await;
    let (_, log) = app.get(&format!("/api/v1/chargers/{CHARGER}/log?limit=200")).await;
    let text = log.to_string();
    for step in [
        "Downloading",
        "Downloaded",
        "SignatureVerified",
        "Installing",
        "Installed",
    ] {
        assert!(
            text.contains(&format!("signed firmware update {request_id}: {step}")),
            "{step} in {text}"
        );
    }

    // A log: Accepted with its file name, uploaded to the platform, stored in the data folder.
    let (status, started) = app
        .post(
            &format!("/api/v1/chargers/{CHARGER}/logs"),
            json!({"log_type": "SecurityLog"}),
        )
        .await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(started["answer"], "Accepted", "{started}");
    let request_id = started["request_id"].clone();
    assert_eq!(
        started["file_name"],
        format!("{CHARGER}-SecurityLog-{request_id}.log"),
        "{started}"
    );
    let done = wait_for_transfer(&app, "log", &request_id, |t| {
        t["status"] == "Uploaded" && t["uploaded_bytes"].is_i64()
    })
    .await;
    let stored = app
        .server_data_dir()
        .join(format!("uploads/logs/{CHARGER}/{request_id}.log"));
    let content = std::fs::read_to_string(&stored).expect("the upload is in the data folder");
    assert!(
        content.starts_with("SecurityLog of simulated charge point OSLO-STORO-DC1"),
        "{content}"
    );
    assert_eq!(done["uploaded_bytes"], content.len());

    stop_sims.send_replace(true);
    sim_task.await.expect("simulator stops");
}

#[tokio::test]
async fn uploads_need_a_requested_address_and_firmware_a_served_file() {
    let app = TestApp::start().await;
    let response = app
        .http
        .put(app.url("/uploads/logs/00000000000000000000000000000000"))
        .body("not asked for")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    for file in ["absent.bin", "../ladeklar.db", ""] {
        let (status, problem) = app
            .post(
                &format!("/api/v1/chargers/{CHARGER}/firmware"),
                json!({"file": file, "signing_certificate": "PEM", "signature": "c2ln"}),
            )
            .await;
        assert_eq!(status, 400, "{file}: {problem}");
        assert!(
            problem["detail"]
                .as_str()
                .is_some_and(|d| d.contains("no firmware file")),
            "{problem}"
        );
    }
}
