//! Log uploads and signed firmware updates of a charger (the OCPP 1.6 security extension's
//! GetLog and SignedUpdateFirmware), started with a URL the platform serves and followed by
//! the charger's status notifications.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/chargers/{id}/logs`: the charger uploads a log to the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartLogUpload {
    /// `DiagnosticsLog` or `SecurityLog`.
    pub log_type: String,
    /// RFC 3339: the oldest and latest entries wanted (optional).
    #[serde(default)]
    pub oldest_timestamp: Option<String>,
    #[serde(default)]
    pub latest_timestamp: Option<String>,
}

/// `POST /api/v1/chargers/{id}/firmware`: the charger installs a signed firmware file the
/// platform serves from its data folder (`firmware/<file>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartFirmwareUpdate {
    /// A file name in the data folder's `firmware/` (no path).
    pub file: String,
    /// The firmware signing certificate (PEM) and the file's signature (base64).
    pub signing_certificate: String,
    pub signature: String,
    /// RFC 3339; default now.
    #[serde(default)]
    pub retrieve_date_time: Option<String>,
}

/// A log upload or firmware update and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferView {
    /// `log` or `firmware`.
    pub kind: String,
    pub request_id: i64,
    /// The URL the charger was given.
    pub location: String,
    /// `Requested`, the charger's answer (`Accepted`, `Rejected`, …), then each status
    /// notification's status (`Uploading`, `Uploaded`, `Downloading`, `Installed`, …).
    pub status: String,
    /// The charger's answer to the call (`Accepted`, `Rejected`, `AcceptedCanceled`, …).
    pub answer: Option<String>,
    pub requested_at: String,
    pub updated_at: String,
    /// The log's file name as the charger gave it.
    pub file_name: Option<String>,
    /// The upload's size, once it has landed.
    pub uploaded_bytes: Option<i64>,
}

/// `GET /api/v1/chargers/{id}/transfers`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferList {
    pub transfers: Vec<TransferView>,
}
