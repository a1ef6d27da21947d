//! Field visits: 3rd line books a visit, the technician's work orders, the visit report a
//! phone sends (also after being offline), verifying operation, the site's service card and
//! the SLA report. Work-order states and report shapes are core's
//! (`ladeklar_core::field`), snake_case.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A part and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartQuantity {
    pub part: String,
    pub quantity: i64,
}

/// `POST /api/v1/support/cases/{id}/work-orders`: 3rd line books a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleVisitRequest {
    /// The technician's e-mail address (an account with the technician role).
    pub technician: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// What the customer agreed to (the time, access to the site, who meets the technician).
    pub customer_agreement: String,
    /// The parts expected (from the parts list); empty when none are.
    #[serde(default)]
    pub expected_parts: Vec<PartQuantity>,
    /// Whether the customer agreed to the visit (the booking form's checkbox); `false` is
    /// refused naming `customer_agreed`. Left out: the agreement's note stands for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_agreed: Option<bool>,
}

/// A technician 3rd line can book (an account with the technician role).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechnicianView {
    pub id: String,
    pub email: String,
}

/// `GET /api/v1/support/cases/{id}/visit-booking`: what the booking form needs — the SLA
/// window core computes for the case, the technicians, the parts list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitBookingFacts {
    /// The server's clock when it answered.
    pub now: DateTime<Utc>,
    /// Core's `VisitWindow` (`calendar`: kind, time zone, country for holidays, business
    /// hours; `deadline`): the app proves a slot with core's `field::slot::schedule`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub window: serde_json::Value,
    pub technicians: Vec<TechnicianView>,
    /// Core's parts list (`parts`: `part`, `unit`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub parts: serde_json::Value,
    /// The orders booked on the case and not cancelled (a new booking replaces them).
    pub booked: Vec<WorkOrderView>,
}

/// A connector's live status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorStatusView {
    pub connector_id: u32,
    pub status: String,
    pub error_code: Option<String>,
}

/// A connector's status change, as the status history recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChangeView {
    pub connector_id: u32,
    pub at: DateTime<Utc>,
    pub status: String,
}

/// Where a site is, for the technician's way there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteView {
    pub id: String,
    pub name: String,
    pub address: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
    /// A link to directions to the site (OpenStreetMap).
    pub directions_url: String,
}

/// One work order, as the technician and support see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkOrderView {
    pub id: String,
    /// `scheduled`, `checked_in`, `work_recorded`, `verified`, `signed_off`, `checked_out`,
    /// `cancelled` (a new booking replaced it).
    pub state: String,
    pub technician_id: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub customer_agreement: String,
    pub expected_parts: Vec<PartQuantity>,
    pub case_id: String,
    pub case_number: i64,
    /// The case's state (core's name).
    pub case_state: String,
    pub case_description: String,
    pub priority: String,
    pub site: SiteView,
    pub charger_id: Option<String>,
    pub connector_id: Option<u32>,
    /// The charger's connectors, live.
    pub connectors: Vec<ConnectorStatusView>,
    /// The charger's recent errors: its connectors' changes to Faulted or Unavailable in the
    /// last 14 days, newest first, at most 5.
    #[serde(default)]
    pub recent_faults: Vec<StatusChangeView>,
    /// 2nd line's action proposal (core's `ActionProposal`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub action_proposal: Option<serde_json::Value>,
    /// The whole work order as core keeps it (`WorkOrder`: steps, work, verifications, sign-off).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub order: serde_json::Value,
}

/// `GET /api/v1/work-orders`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkOrderList {
    pub work_orders: Vec<WorkOrderView>,
}

/// `POST /api/v1/work-orders/{id}/reports`: the visit report a phone sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitReportRequest {
    /// Made by the phone (a UUID); the same id again is the same report.
    pub client_id: String,
    /// Core's `VisitReport`: `checked_in_at`, `work` (`summary`, `parts_used`,
    /// `photos_before`, `photos_after` — photo ids from the upload), `work_recorded_at`,
    /// `verification`, `verified_at`, `sign_off` (`{"method": "signature", "name", "signature":
    /// "data:image/png;base64,…"}` or `{"method": "customer_app", "name", "confirmed_by"}`),
    /// `signed_off_at`, `checked_out_at`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub report: serde_json::Value,
}

/// The answer to a visit report (the same for a repeat of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitReportAnswer {
    pub client_id: String,
    /// `applied`, or `kept_for_third_line` (the case was closed or reassigned meanwhile).
    pub outcome: String,
    pub why: Option<String>,
    pub work_order_state: String,
    pub case_state: String,
}

/// `POST /api/v1/work-orders/{id}/photos?client_id=…`: a photo before or after, with the
/// case photos' limits; the same client id again is the same photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkOrderPhoto {
    pub client_id: String,
    /// The id to name in the report's `photos_before` / `photos_after`.
    pub photo_id: String,
    pub url: String,
}

/// `POST /api/v1/work-orders/{id}/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyRequest {
    /// The connector to verify (default: the case's).
    #[serde(default)]
    pub connector_id: Option<u32>,
    /// Run a test charge: remote start and stop on the connector.
    #[serde(default)]
    pub test_charge: bool,
}

/// A verification run: what was measured and core's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationRun {
    pub id: String,
    pub at: DateTime<Utc>,
    pub connector_id: u32,
    pub status: String,
    /// Core's `TestCharge`, when one was run.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub test_charge: Option<serde_json::Value>,
    /// Core's `Verification` (`method`, `passed`, `evidence`), to put in the report.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub verification: serde_json::Value,
}

/// One visit on a site's service card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceCardVisit {
    pub work_order_id: String,
    pub case_id: String,
    pub case_number: i64,
    pub state: String,
    pub technician_id: String,
    pub starts_at: DateTime<Utc>,
    pub checked_out_at: Option<DateTime<Utc>>,
    pub work_summary: Option<String>,
    pub parts_used: Vec<PartQuantity>,
    pub verification: Option<String>,
    pub signed_off_by: Option<String>,
    /// `signature` or `customer_app`.
    #[serde(default)]
    pub sign_off_method: Option<String>,
    /// The drawn signature (`data:image/png;base64,…`).
    #[serde(default)]
    pub signature: Option<String>,
    /// The technician's e-mail address (empty for a deleted account).
    #[serde(default)]
    pub technician_email: Option<String>,
    /// Photos before and after: URLs under the case.
    pub photos: Vec<String>,
    /// Reports kept for 3rd line (the case moved on before they arrived).
    pub kept_reports: u32,
}

/// A case on a site's service card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceCardCase {
    pub id: String,
    pub number: i64,
    pub state: String,
    pub category: String,
    pub charger_id: Option<String>,
    pub opened_at: DateTime<Utc>,
}

/// A document on a site's service card (a photo or a signature).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceCardDocument {
    /// `photo` or `signature`.
    pub kind: String,
    pub case_id: String,
    pub title: String,
    pub url: Option<String>,
}

/// `GET /api/v1/sites/{id}/service-card?format=json|pdf`: every visit, case, part and
/// document of a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceCard {
    pub site: SiteView,
    pub visits: Vec<ServiceCardVisit>,
    pub cases: Vec<ServiceCardCase>,
    /// Every part used at the site, totalled.
    pub parts: Vec<PartQuantity>,
    pub documents: Vec<ServiceCardDocument>,
}

/// `GET /api/v1/sla-report`: owner, site, month (`YYYY-MM`) and format (`json`, `csv` or
/// `pdf`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct SlaReportQuery {
    pub owner: Option<String>,
    pub site: Option<String>,
    pub month: String,
    pub format: Option<String>,
}

/// `GET /api/v1/sla-report/scopes`: the owners whose SLA report the caller may read, each
/// with its sites (the report screen's pickers), by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaReportScopes {
    pub owners: Vec<SlaReportOwner>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaReportOwner {
    pub id: String,
    pub name: String,
    pub sites: Vec<SlaReportSite>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaReportSite {
    pub id: String,
    pub name: String,
    pub city: String,
}

/// `GET /api/v1/sites/{id}/service-card`: `format=json` (the default) or `pdf`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ServiceCardQuery {
    pub format: Option<String>,
}
