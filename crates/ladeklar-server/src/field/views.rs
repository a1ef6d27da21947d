//! What the API answers about work orders.

use ladeklar_api::{ConnectorStatusView, PartQuantity, SiteView, StatusChangeView, WorkOrderView};
use ladeklar_core::session::ConnectorStatus;
use ladeklar_store::WorkOrderRow;

use crate::cases::{self, case_of};
use crate::error::ApiError;
use crate::AppState;

/// A link to directions to a point (OpenStreetMap, no account or key needed).
pub fn directions_url(lat: f64, lon: f64) -> String {
    format!("https://www.openstreetmap.org/directions?to={lat:.6}%2C{lon:.6}")
}

pub async fn site_view(state: &AppState, site_id: &str) -> Result<SiteView, ApiError> {
    let (name, address, city, _, _, lat, lon) = state
        .store
        .site_facts(site_id)
        .await?
        .ok_or_else(|| ApiError::SiteNotFound(site_id.to_owned()))?;
    Ok(SiteView {
        id: site_id.to_owned(),
        name,
        address,
        city,
        lat,
        lon,
        directions_url: directions_url(lat, lon),
    })
}

pub async fn work_order_view(state: &AppState, row: &WorkOrderRow) -> Result<WorkOrderView, ApiError> {
    let order = super::order_of(row)?;
    let case_row = cases::load(state, &row.case_id).await?;
    let case = case_of(&case_row)?;
    let connectors = match &case_row.charger_id {
        Some(charger) => state
            .store
            .connectors_of(charger)
            .await?
            .into_iter()
            .map(|c| ConnectorStatusView {
                connector_id: u32::try_from(c.connector_id).unwrap_or_default(),
                status: c.status,
                error_code: c.error_code,
            })
            .collect(),
        None => Vec::new(),
    };
    let recent_faults = match &case_row.charger_id {
        Some(charger) => recent_faults(state, charger).await?,
        None => Vec::new(),
    };
    Ok(WorkOrderView {
        id: row.id.clone(),
        state: row.state.clone(),
        technician_id: row.technician_id.clone(),
        starts_at: order.slot.starts_at,
        ends_at: order.slot.ends_at,
        customer_agreement: order.customer_agreement.clone(),
        expected_parts: order
            .expected_parts
            .iter()
            .map(|p| PartQuantity {
                part: p.part.clone(),
                quantity: i64::from(p.quantity),
            })
            .collect(),
        case_id: case_row.id.clone(),
        case_number: case_row.number,
        case_state: case_row.state.clone(),
        case_description: case.description.clone(),
        priority: case_row.priority.clone(),
        site: site_view(state, &row.site_id).await?,
        charger_id: case_row.charger_id.clone(),
        connector_id: case_row.connector_id.and_then(|c| u32::try_from(c).ok()),
        connectors,
        recent_faults,
        action_proposal: case.action_proposal.as_ref().and_then(|p| serde_json::to_value(p).ok()),
        order: serde_json::to_value(&order).map_err(anyhow::Error::from)?,
    })
}

/// How far back a work order's recent errors reach, and how many it shows.
const RECENT_FAULT_DAYS: i64 = 14;
const RECENT_FAULTS: usize = 5;

/// The charger's connectors' recent changes to Faulted or Unavailable, newest first.
async fn recent_faults(state: &AppState, charger_id: &str) -> Result<Vec<StatusChangeView>, ApiError> {
    let since = state.now() - chrono::TimeDelta::days(RECENT_FAULT_DAYS);
    let rows = state.store.recent_status_changes(charger_id, since, 200).await?;
    let mut out = Vec::new();
    for row in rows {
        let status: ConnectorStatus = ladeklar_store::parse_enum("status history status", &row.status)?;
        if !matches!(status, ConnectorStatus::Faulted | ConnectorStatus::Unavailable) {
            continue;
        }
        out.push(StatusChangeView {
            connector_id: u32::try_from(row.connector_id).unwrap_or_default(),
            at: ladeklar_store::parse_instant("status history at", &row.at)?,
            status: row.status,
        });
        if out.len() == RECENT_FAULTS {
            break;
        }
    }
    Ok(out)
}
