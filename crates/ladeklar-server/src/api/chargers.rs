//! `GET /api/v1/chargers` (near a point) and `GET /api/v1/chargers/{id}`.

use std::collections::HashMap;
use std::str::FromStr;

use axum::extract::{Path, State};
use axum::Json;
use chrono::{DateTime, Utc};
use ladeklar_api::{
    ChargerDetail, ChargerList, ChargerSummary, ConnectorView, MapConfig, MapTiles, NearQuery, PlaceMatches,
    PlaceQuery, PlaceView, PowerType, SessionEstimate,
};
use ladeklar_core::finder::price::DEFAULT_SESSION_KWH;
use ladeklar_core::finder::{favourites, BoundingBox, ChargerFilter};
use ladeklar_core::geo::GeoPoint;
use ladeklar_core::tariff::Tariff;
use ladeklar_core::vehicle::{self, MyCar};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use ladeklar_core::accounts::{Action, ObjectOwner};

use crate::auth::Caller;
use crate::error::{ApiError, QueryParams};
use crate::finder;
use crate::AppState;
use ladeklar_store::{parse_enum, parse_instant, ChargerRow, ConnectorRow};

/// Chargers nearest a point, or in a map's box (nearest its centre first), with filters;
/// answered from the spatial index (`crate::finder`).
#[utoipa::path(get, path = "/api/v1/chargers", params(NearQuery),
    responses((status = 200, body = ChargerList), (status = 400, body = ladeklar_api::Problem)))]
pub async fn list_near(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(q): QueryParams<NearQuery>,
) -> Result<Json<ChargerList>, ApiError> {
    caller.allow(Action::ListChargers, &ObjectOwner::Platform)?;
    let invalid = |e: &dyn std::fmt::Display| ApiError::InvalidRequest(e.to_string());
    let filter = ChargerFilter::parse(q.connector.as_deref(), q.min_power_kw, q.available, q.max_price)
        .map_err(|e| invalid(&e))?;
    let only = q
        .ids
        .as_deref()
        .map(favourites::parse_ids)
        .transpose()
        .map_err(|e| invalid(&e))?;
    let car = q.car.as_deref().map(MyCar::from_query).transpose().map_err(|errors| {
        let words: Vec<String> = errors.iter().map(ToString::to_string).collect();
        ApiError::InvalidRequest(format!("car: {}", words.join("; ")))
    })?;
    let (found, origin, more): (Vec<String>, GeoPoint, bool) = match (&q.bbox, q.lat, q.lon) {
        (Some(raw), None, None) => {
            let bbox = BoundingBox::parse(raw).map_err(|e| invalid(&e))?;
            let limit = q.limit.unwrap_or(500);
            if !(1..=2000).contains(&limit) {
                return Err(ApiError::InvalidRequest(format!(
                    "limit: in a box 1 to 2000, got {limit}"
                )));
            }
            match &only {
                Some(ids) => (given(&state, ids, &filter), bbox.center(), false),
                None => {
                    let (ids, more) = state.finder.read(|index| {
                        let (page, more) = index.within(&bbox, limit as usize, &filter);
                        (page.into_iter().map(|c| c.id.clone()).collect(), more)
                    });
                    (ids, bbox.center(), more)
                }
            }
        }
        (None, Some(lat), Some(lon)) => {
            let origin = GeoPoint::new(lat, lon).map_err(|e| invalid(&e))?;
            let limit = q.limit.unwrap_or(20);
            if !(1..=100).contains(&limit) {
                return Err(ApiError::InvalidRequest(format!(
                    "limit: near a point 1 to 100, got {limit}"
                )));
            }
            let ids = match &only {
                Some(ids) => given(&state, ids, &filter),
                None => state.finder.read(|index| {
                    index
                        .nearest(&origin, limit as usize, &filter)
                        .into_iter()
                        .map(|(c, _)| c.id.clone())
                        .collect()
                }),
            };
            (ids, origin, false)
        }
        (Some(_), _, _) => {
            return Err(ApiError::InvalidRequest(
                "bbox: give a box, or lat and lon, not both".to_owned(),
            ))
        }
        (None, lat, _) => {
            let missing = if lat.is_none() { "lat" } else { "lon" };
            return Err(ApiError::InvalidRequest(format!(
                "{missing}: give lat and lon (chargers near a point) or bbox (chargers in a box)"
            )));
        }
    };
    let mut by_charger: HashMap<String, Vec<ConnectorRow>> = HashMap::new();
    for c in state.store.connectors_of_chargers(&found).await? {
        by_charger.entry(c.charger_id.clone()).or_default().push(c);
    }
    let mut chargers = Vec::with_capacity(found.len());
    let mut tariffs: HashMap<String, Option<(Tariff, chrono_tz::Tz)>> = HashMap::new();
    let now = state.now();
    for row in state.store.chargers_with_ids(&found, now).await? {
        let connectors = by_charger.remove(&row.id).unwrap_or_default();
        let mut summary = summarize(&state, &row, &connectors)?;
        if let Some(car) = &car {
            let tariff = tariffs.entry(row.tariff_json.clone()).or_insert_with(|| {
                Tariff::from_json(&row.tariff_json)
                    .ok()
                    .zip(chrono_tz::Tz::from_str(&row.time_zone).ok())
            });
            summary.estimate = tariff
                .as_ref()
                .and_then(|(tariff, tz)| car_estimate(tariff, *tz, now, car, &summary.connectors));
        }
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
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(Json(ChargerList { chargers, more }))
}

/// The driver's car charged at the connector where it charges fastest, priced by core.
fn car_estimate(
    tariff: &Tariff,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    car: &MyCar,
    connectors: &[ConnectorView],
) -> Option<SessionEstimate> {
    let powers: Vec<(Decimal, bool)> = connectors
        .iter()
        .map(|c| (c.max_power_kw, c.power_type == PowerType::Dc))
        .collect();
    let (kw, dc) = powers[vehicle::plan::fastest_for(car, &powers)?];
    let e = vehicle::estimate_for_car(tariff, tz, now, car, kw, dc).ok()?;
    Some(SessionEstimate {
        energy_kwh: e.plan.energy_kwh.round().to_u32()?,
        for_car: true,
        minutes: e.plan.minutes.round().to_u32(),
        incl_vat: e.estimate.expected.incl_vat,
    })
}

/// Of these chargers (a driver's favourites), the ones the index knows that pass `filter`.
fn given(state: &AppState, ids: &[String], filter: &ChargerFilter) -> Vec<String> {
    state.finder.read(|index| {
        ids.iter()
            .filter(|id| index.get(id).is_some_and(|c| filter.matches(&c.facts)))
            .cloned()
            .collect()
    })
}

/// What the app's map draws under the chargers: the configured tile layer, if any
/// (`--map-tiles-url`, `--map-tiles-attribution`); none means country outlines only.
#[utoipa::path(get, path = "/api/v1/map-config", responses((status = 200, body = MapConfig)))]
pub async fn map_config(State(state): State<AppState>, caller: Caller) -> Result<Json<MapConfig>, ApiError> {
    caller.allow(Action::ListChargers, &ObjectOwner::Platform)?;
    Ok(Json(MapConfig {
        tiles: state.config.map_tiles_url.as_ref().map(|url| MapTiles {
            url: url.to_string(),
            attribution: state.config.map_tiles_attribution.clone().unwrap_or_default(),
        }),
    }))
}

/// Places (Nordic cities and towns) whose name starts with `q`: to move the map or the list
/// there. No account needed; no online geocoder.
#[utoipa::path(get, path = "/api/v1/places", params(PlaceQuery),
    responses((status = 200, body = PlaceMatches), (status = 400, body = ladeklar_api::Problem)))]
pub async fn places(caller: Caller, QueryParams(q): QueryParams<PlaceQuery>) -> Result<Json<PlaceMatches>, ApiError> {
    caller.allow(Action::ListChargers, &ObjectOwner::Platform)?;
    let limit = q.limit.unwrap_or(8);
    if !(1..=20).contains(&limit) {
        return Err(ApiError::InvalidRequest(format!("limit: 1 to 20, got {limit}")));
    }
    let found = finder::places()
        .search(&q.q, limit as usize)
        .map_err(|e| ApiError::InvalidRequest(e.to_string()))?;
    Ok(Json(PlaceMatches {
        places: found
            .into_iter()
            .map(|p| PlaceView {
                name: p.name.clone(),
                country: p.country.clone(),
                lat: p.lat,
                lon: p.lon,
                population: p.population,
            })
            .collect(),
    }))
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
        .charger(&id, state.now())
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
    let words = state.tariff_words.of(&row.tariff_json)?;
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
        price_text: words.en.clone(),
        price_text_nb: words.nb.clone(),
        currency: words.currency.clone(),
        // The index's estimate: what `max_price` compared.
        estimate: state
            .finder
            .read(|index| index.get(&row.id).and_then(|c| c.facts.estimate_centi))
            .map(|centi| SessionEstimate {
                energy_kwh: DEFAULT_SESSION_KWH,
                for_car: false,
                minutes: None,
                incl_vat: Decimal::new(i64::from(centi), 2),
            }),
    })
}
