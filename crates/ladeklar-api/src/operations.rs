//! What support staff review: transaction messages held in quarantine, stuck sessions.

use chrono::{DateTime, Utc};
use ladeklar_core::session::SessionStatus;
use serde::{Deserialize, Serialize};

/// A transaction message answered with a CALLRESULT but held for review (an unknown or
/// foreign transaction, a second Start on an occupied connector, readings after the end).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarantineEntry {
    pub id: i64,
    pub charger_id: String,
    pub received_at: DateTime<Utc>,
    /// The OCPP action (`StopTransaction`, `StartTransaction`, `MeterValues`).
    pub action: String,
    /// The transaction id in the message, or the one the central system answered with.
    pub transaction_id: Option<i64>,
    pub reason: String,
    /// The message's payload as received.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: serde_json::Value,
}

/// `GET /api/v1/quarantine`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarantineList {
    pub entries: Vec<QuarantineEntry>,
}

/// `GET /api/v1/sessions/stuck` query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct StuckQuery {
    /// Silence (seconds without a message about the session) that makes it stuck; the
    /// server's configured limit when absent.
    pub silent_for_s: Option<u64>,
}

/// A session under way whose charger has said nothing about it for too long.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StuckSession {
    pub session_id: String,
    pub charger_id: String,
    pub connector_id: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "charging"))]
    pub status: SessionStatus,
    pub transaction_id: Option<i64>,
    pub last_message_at: DateTime<Utc>,
    pub silent_s: i64,
    /// Whether the charger is connected now.
    pub charger_online: bool,
}

/// `GET /api/v1/sessions/stuck`: longest silent first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StuckSessionList {
    pub limit_s: u64,
    pub sessions: Vec<StuckSession>,
}

/// One entry of a charger's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChargerLogEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// `in` (charger → central system), `out`, or `event` (connection opened, closed,
    /// replaced, refused; a security event the charger reported, `security event <type> at
    /// <timestamp>: <techInfo>`; a SignCertificate refused).
    pub direction: String,
    /// The OCPP-J frame as sent, or the event in words.
    pub text: String,
}

/// `GET /api/v1/chargers/{id}/log`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChargerLog {
    pub charger_id: String,
    pub entries: Vec<ChargerLogEntry>,
}

/// `GET /api/v1/chargers/{id}/log` query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct LogQuery {
    /// How many entries (1..=1000, default 100).
    pub limit: Option<u32>,
}
