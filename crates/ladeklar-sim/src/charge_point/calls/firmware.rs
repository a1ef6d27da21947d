//! The Firmware Management profile: GetDiagnostics (a file name, then Uploading and Uploaded)
//! and UpdateFirmware (Downloading, Downloaded, Installing, Installed).

use serde_json::json;

use super::{Answer, Charger, Effect};

pub(super) fn get_diagnostics(charger: &mut Charger<'_>) -> Answer {
    let file_name = format!("diagnostics-{}.log", charger.charge_point_id);
    Answer::then(json!({ "fileName": file_name }), Effect::UploadDiagnostics)
}

pub(super) fn update_firmware() -> Answer {
    Answer::then(json!({}), Effect::InstallFirmware)
}
