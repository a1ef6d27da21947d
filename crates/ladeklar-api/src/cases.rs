//! Support cases: a driver's fault report, the driver's view of their case, and the support
//! console's queue and case view. States, lines and events are core's names
//! (`ladeklar_core::support::case`), snake_case.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/cases`: a driver reports a fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportFaultRequest {
    /// `wont_start`, `stopped_during_charging`, `cable_stuck`, `physical_damage`,
    /// `payment_failed`, `display_fault`, `slow_charging`, `rfid_not_read`,
    /// `charger_offline`, `other`.
    pub category: String,
    /// What is wrong, in the driver's words (not empty).
    pub description: String,
    pub charger_id: String,
    pub connector_id: u32,
    /// The session it happened in, when reported from a live session or a receipt.
    #[serde(default)]
    pub session_id: Option<String>,
}

/// One line of a case's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// `transition`, `note`, `photo`, `remote_step`, `analysis`, `sla`.
    pub kind: String,
    /// `driver`, `system`, `first` / `second` / `third` (a support line, never a person's
    /// name), `site_owner`, `technician`.
    pub actor: String,
    /// What happened, in English.
    pub text: String,
    /// The same in Norwegian, where the platform wrote it (a person's note has only `text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_nb: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub data: Option<serde_json::Value>,
}

/// A photo of a case; the image and its thumbnail are at `url` and `thumbnail_url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePhoto {
    pub id: String,
    pub content_type: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    pub uploaded_at: DateTime<Utc>,
    pub url: String,
    pub thumbnail_url: String,
}

/// A case, as its reporter sees it (`timeline` holds only the lines for them) or as support
/// sees it (every line, notes included, the action proposal and the fault analysis).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub id: String,
    /// The case number the customer is told.
    pub number: i64,
    /// Core's `CaseState`, snake_case (`first_line`, `awaiting_confirmation`…).
    pub state: String,
    /// The state in words.
    pub state_text: String,
    /// The support line that has it (`first`, `second`, `third`), if any.
    pub line: Option<String>,
    pub priority: String,
    pub priority_reason: String,
    pub category: String,
    pub description: String,
    pub site_id: String,
    pub owner_id: String,
    pub charger_id: Option<String>,
    pub connector_id: Option<u32>,
    pub session_id: Option<String>,
    pub sla_level: String,
    pub opened_at: DateTime<Utc>,
    /// The next SLA deadline not met yet.
    pub due_at: Option<DateTime<Utc>>,
    /// What to expect, in words (core's `expected_resolution`); none once closed.
    pub expected_resolution: Option<String>,
    /// The same in Norwegian.
    #[serde(default)]
    pub expected_resolution_nb: Option<String>,
    /// The fix is in: the reporter is asked "Is it working now?" (`POST …/answer`).
    pub awaiting_confirmation: bool,
    pub timeline: Vec<TimelineEntry>,
    pub photos: Vec<CasePhoto>,
    /// The reported connector's status as its charger last reported it (`available`,
    /// `faulted`…), and whether the charger is connected now.
    pub connector_status: Option<String>,
    pub charger_online: bool,
    /// Support only: who reported it, how, and how to reach them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CaseCustomer>,
    /// Support only: the case's SLA clocks (response, 1st line window, remote resolution,
    /// on site), met, running or breached.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sla: Vec<SlaClockView>,
    /// Support only: why the SLA does not let this case's clocks pause now (`priority`: never
    /// for its priority; `used`: its paused time is used up); absent when they may.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause_refused: Option<String>,
    /// Support only: 2nd line's action proposal (core's `ActionProposal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub action_proposal: Option<serde_json::Value>,
    /// Support only: the fault analysis (core's `Diagnosis`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub diagnosis: Option<serde_json::Value>,
}

/// One case in a list (the driver's own, or the support queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub id: String,
    pub number: i64,
    pub state: String,
    pub line: Option<String>,
    pub priority: String,
    pub category: String,
    pub site_id: String,
    pub owner_id: String,
    pub charger_id: Option<String>,
    pub connector_id: Option<u32>,
    pub opened_at: DateTime<Utc>,
    pub due_at: Option<DateTime<Utc>>,
    /// The next deadline has passed (breach), at the time of the answer.
    pub overdue: bool,
    /// Core's escalation rules at the time of the answer: `breached` (a customer target's
    /// deadline passed), `warning` (80 % of a target's time used), else `none`.
    pub breach_risk: String,
}

/// `GET /api/v1/cases` and `GET /api/v1/support/cases`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseList {
    pub cases: Vec<CaseSummary>,
}

/// `GET /api/v1/support/cases` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct QueueQuery {
    /// `first`, `second`, `third`.
    pub line: Option<String>,
    /// `P1`…`P4`.
    pub priority: Option<String>,
    pub site: Option<String>,
    pub owner: Option<String>,
    /// A state (`first_line`…), `open` (the default) or `all`.
    pub status: Option<String>,
    /// At most this many (default 100, at most 1000).
    pub limit: Option<i64>,
}

/// `POST /api/v1/cases/{id}/answer`: the reporter's answer to "Is it working now?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseAnswer {
    pub working: bool,
    /// What is still wrong, when it is not working.
    #[serde(default)]
    pub comment: Option<String>,
}

/// `POST /api/v1/support/cases/{id}/notes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseNote {
    pub text: String,
}

/// `POST /api/v1/support/cases`: support registers a case from another channel (a phone
/// call, an e-mail). A contact that is the e-mail of an account links the case to it, so
/// the customer follows it in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterCaseRequest {
    /// `phone`, `email` or `portal`.
    pub channel: String,
    /// `driver` or `site_owner`.
    pub customer_kind: String,
    pub customer_name: String,
    /// Phone number or e-mail address (not empty).
    pub contact: String,
    pub charger_id: String,
    /// The connector, or none for the charger as a whole.
    #[serde(default)]
    pub connector_id: Option<u32>,
    pub category: String,
    pub description: String,
}

/// The customer of a case, for support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseCustomer {
    /// `driver` or `site_owner`.
    pub kind: String,
    pub name: String,
    pub contact: String,
    /// `app`, `phone`, `email`, `portal`.
    pub channel: String,
    /// Whether the case is linked to the customer's account (they follow it in the app).
    pub has_account: bool,
}

/// One SLA clock of a case (core's `TargetStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaClockView {
    /// `response`, `first_line_window`, `remote_resolution`, `on_site`.
    pub kind: String,
    pub label: String,
    pub target_minutes: i64,
    pub deadline: DateTime<Utc>,
    pub achieved_at: Option<DateTime<Utc>>,
    /// `met`, `running` or `breached`.
    pub outcome: String,
    /// Running: wall-clock minutes left; breached: minutes late (negative); met: margin.
    pub minutes: i64,
}
