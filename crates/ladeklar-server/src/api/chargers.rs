//! `GET /api/v1/chargers` (near a point) and `GET /api/v1/chargers/{id}`.

use std::collections::HashMap;
use std::str::FromStr;

use axum::extract::{Path, State};
use axum::Json;
use chrono::{DateTime, Utc};
use ladeklar_api::{ChargerDetail, ChargerList, ChargerSummary, ConnectorView, NearQuery};
use ladeklar_core::geo::GeoPoint;
use ladeklar_core::tariff::words::{describe, Lang};
use ladeklar_core::tariff::Tariff;
use rust_decimal::Decimal;

use ladeklar_core::accounts::{Action, ObjectOwner};

use crate::auth::Caller;
use crate::error::{ApiError, QueryParams};
use crate::AppState;
use ladeklar_store::{parse_enum, parse_instant, ChargerRow, ConnectorRow};

/// Chargers nearest a point, nearest first.
#[utoipa::path(get, path = "/api/v1/chargers", params(NearQuery),
    responses((status = 200, body = ChargerList), (status = 400, body = ladeklar_api::Problem)))]
pub async fn list_near(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(q): QueryParams<NearQuery>,
) -> Result<Json<ChargerList>, ApiError> {
    caller.allow(Action::ListChargers, &ObjectOwner::Platform)?;
    let origin = GeoPoint::new(q.lat, q.lon).map_err(|e| ApiError::InvalidRequest(e.to_string()))?;
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::InvalidRequest(format!("limit must be 1 to 100, got {limit}")));
    }
    let mut by_charger: HashMap<String, Vec<ConnectorRow>> = HashMap::new();
    for c in state.store.all_connectors().await? {
        by_charger.entry(c.charger_id.clone()).or_default().push(c);
    }
    let mut chargers = Vec::new();
    for row in state.store.all_chargers().await? {
        let connectors = by_charger.remove(&row.id).unwrap_or_default();
        let mut summary = summarize(&state, &row, &connectors)?;
        summary.distance_m = Some(
            origin
                .distance_m(&GeoPoint {
                    lat: row.lat,
                    lon: row.lon,
                })
                .round(),
        );
        chargers.push(summary);
    }
    chargers.sort_by(|a, b| {
        a.distance_m
            .partial_cmp(&b.distance_m)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    chargers.truncate(limit as usize);
    Ok(Json(ChargerList { chargers }))
}

/// One charger with its connectors, live status and tariff.
#[utoipa::path(get, path = "/api/v1/chargers/{id}", params(("id" = String, Path, description = "Charge point id")),
    responses((status = 200, body = ChargerDetail), (status = 404, body = ladeklar_api::Problem)))]
pub async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ChargerDetail>, ApiError> {
    caller.allow(Action::ShowCharger, &ObjectOwner::Platform)?;
    // "Last heard" is written by the charger log's writer: let it catch up with what was heard.
    state.store.flush_charger_log().await;
    let row = state
        .store
        .charger(&id)
        .await?
        .ok_or_else(|| ApiError::ChargerNotFound(id.clone()))?;
    let connectors = state.store.connectors_of(&id).await?;
    let summary = summarize(&state, &row, &connectors)?;
    let tariff = Tariff::from_json(&row.tariff_json).map_err(anyhow::Error::from)?;
    Ok(Json(ChargerDetail {
        summary,
        time_zone: row.time_zone,
        owner_name: row.owner_name,
        tariff,
        vendor: row.vendor,
        model: row.model,
    }))
}

fn summarize(state: &AppState, row: &ChargerRow, connectors: &[ConnectorRow]) -> Result<ChargerSummary, ApiError> {
    let tariff = Tariff::from_json(&row.tariff_json).map_err(anyhow::Error::from)?;
    let online = state.links.is_online(&row.id);
    let last_heard_at: Option<DateTime<Utc>> = row
        .last_heard_at
        .as_deref()
        .map(|t| parse_instant("last_heard_at", t))
        .transpose()?;
    let connectors = connectors
        .iter()
        .map(|c| {
            Ok(ConnectorView {
                connector_id: u32::try_from(c.connector_id).map_err(anyhow::Error::from)?,
                standard: parse_enum("connector standard", &c.standard)?,
                power_type: parse_enum("power type", &c.power_type)?,
                max_power_kw: Decimal::from_str(&c.max_power_kw).map_err(anyhow::Error::from)?,
                status: parse_enum("connector status", &c.status)?,
                error_code: c.error_code.clone(),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(ChargerSummary {
        id: row.id.clone(),
        site_id: row.site_id.clone(),
        site_name: row.site_name.clone(),
        address: row.address.clone(),
        city: row.city.clone(),
        country: row.country.clone(),
        lat: row.lat,
        lon: row.lon,
        distance_m: None,
        online,
        last_heard_at,
        connectors,
        price_text: describe(&tariff, Lang::En),
        price_text_nb: describe(&tariff, Lang::Nb),
        currency: tariff.currency.clone(),
    })
}
