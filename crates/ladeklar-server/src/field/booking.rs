//! What 3rd line's booking form needs for a case: the SLA window core computes for it (the
//! contract's calendar — 24/7 or business hours in the site's zone, closed on its country's
//! public holidays — and the on-site deadline), the accounts with the technician role, the
//! parts list, and the orders booked on the case (a new booking replaces them).

use chrono::{DateTime, Utc};
use ladeklar_api::{TechnicianView, VisitBookingFacts};
use ladeklar_core::accounts::Role;
use ladeklar_core::field::slot::visit_window;
use ladeklar_core::field::work_order::WorkOrderState;
use ladeklar_store::CaseRow;

use crate::cases::{case_of, level_of};
use crate::error::ApiError;
use crate::AppState;

/// Every active account with the technician role, by e-mail address.
pub async fn technicians(state: &AppState) -> Result<Vec<TechnicianView>, ApiError> {
    let mut out: Vec<TechnicianView> = state
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| u.deleted_at.is_none() && u.disabled_at.is_none() && u.roles.contains(&Role::Technician))
        .map(|u| TechnicianView {
            id: u.id.to_string(),
            email: u.email,
        })
        .collect();
    out.sort_by(|a, b| a.email.cmp(&b.email));
    Ok(out)
}

pub async fn facts(state: &AppState, row: &CaseRow, now: DateTime<Utc>) -> Result<VisitBookingFacts, ApiError> {
    let case = case_of(row)?;
    let window = visit_window(&case, level_of(&case)?, now).map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    let mut booked = Vec::new();
    for order in state.store.work_orders_of_case(&row.id).await? {
        if super::order_of(&order)?.state != WorkOrderState::Cancelled {
            booked.push(super::views::work_order_view(state, &order).await?);
        }
    }
    Ok(VisitBookingFacts {
        now,
        window: serde_json::to_value(&window).map_err(anyhow::Error::from)?,
        technicians: technicians(state).await?,
        parts: serde_json::to_value(super::parts_list()).map_err(anyhow::Error::from)?,
        booked,
    })
}
