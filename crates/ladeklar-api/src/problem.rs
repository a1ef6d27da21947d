//! The one error body every endpoint returns (RFC 9457 problem details) with a stable code
//! the UI branches on.

use serde::{Deserialize, Serialize};

/// Stable error codes. The UI branches on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    ChargerNotFound,
    ConnectorNotFound,
    SessionNotFound,
    ChargerOffline,
    ConnectorOccupied,
    ConnectorFaulted,
    ConnectorUnavailable,
    ConnectorReserved,
    ConnectorStatusUnknown,
    ChargerRejected,
    ChargerTimeout,
    SessionNotActive,
    SessionNotCompleted,
    InvalidRequest,
    Internal,
}

/// `application/problem+json` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    pub code: ErrorCode,
    /// A short, human summary of the problem type.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What exactly was wrong, naming the field or the id.
    pub detail: String,
    /// The OCPP CALLERROR code when a charger answered a command with one
    /// (`NotSupported`, `InternalError`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocpp_error_code: Option<String>,
}
