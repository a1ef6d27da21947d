//! Field visits on the server (issue 18): load, call core's `field` rules and case engine,
//! write the outcome in one store call, notify, answer. No rule lives here: the slot's SLA
//! window, the work order's steps, the report's checks, the closing rule, the verification's
//! verdict and the SLA report's figures are `ladeklar_core::field`'s.
//!
//! - [`schedule`]: 3rd line books a visit (the case moves to "visit scheduled" and the work
//!   order is written in one transaction; the customer and the technician are mailed);
//! - [`on_site`]: a step on site, a whole visit report from a phone (applied once by its
//!   client id, or kept for 3rd line when the case moved on), photos, verifying operation;
//! - [`service_card`]: every visit, case, part and document of a site;
//! - [`sla_report`]: the month's SLA report as JSON or CSV;
//! - [`documents`]: the service card and the SLA report as PDF;
//! - [`booking`]: what 3rd line's booking form needs (the case's SLA window, technicians);
//! - [`views`]: what the API answers.

pub mod booking;
pub mod documents;
pub mod on_site;
pub mod schedule;
pub mod service_card;
pub mod sla_report;
pub mod views;

use std::sync::OnceLock;

use ladeklar_core::field::visit_report::PartsList;
use ladeklar_store::WorkOrderRow;

use crate::error::ApiError;
use crate::AppState;

/// The parts list (core's built-in).
pub fn parts_list() -> &'static PartsList {
    static PARTS: OnceLock<PartsList> = OnceLock::new();
    PARTS.get_or_init(PartsList::builtin)
}

/// A work order's row, or 404.
pub async fn load(state: &AppState, raw_id: &str) -> Result<WorkOrderRow, ApiError> {
    let id = uuid::Uuid::parse_str(raw_id)
        .map(|u| u.to_string())
        .map_err(|_| ApiError::WorkOrderNotFound(raw_id.to_owned()))?;
    state
        .store
        .work_order(&id)
        .await?
        .ok_or(ApiError::WorkOrderNotFound(id))
}

pub fn order_of(row: &WorkOrderRow) -> Result<ladeklar_core::field::work_order::WorkOrder, ApiError> {
    row.order().map_err(ApiError::from)
}
