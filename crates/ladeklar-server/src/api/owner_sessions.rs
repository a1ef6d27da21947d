//! `GET /api/v1/owners/{owner}/sessions` and `…/sessions/csv` (issue 19): the sessions at an
//! owner's sites, filtered by site, charger, days (the owner's zone) and status, searched by a
//! session id's start, part of a charger id or a card's or tag's last four; a page as JSON, or
//! every match (up to [`CSV_LIMIT`]) as CSV. An owner sees what the receipt shows of a driver
//! (the card's brand and last four, or the tag's last four), nothing more.
//!
//! A site or charger that is not the owner's is refused (400 naming `site` / `charger`), so
//! another owner's ids are never a way to learn anything.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use ladeklar_api::{OwnerSessionPage, OwnerSessionView, OwnerSessionsQuery};
use ladeklar_core::accounts::Action;
use ladeklar_core::payments::MinorUnits;
use ladeklar_core::session::SessionStatus;
use ladeklar_store::{OwnerSessionFilter, OwnerSessionRow};
use rust_decimal::Decimal;

use crate::api::owners::{local_midnight, owner_object};
use crate::auth::Caller;
use crate::error::{ApiError, QueryParams};
use crate::statements;
use crate::AppState;

/// The most rows one CSV download holds.
pub const CSV_LIMIT: i64 = 10_000;
const DEFAULT_PER_PAGE: u32 = 50;
const MAX_PER_PAGE: u32 = 200;
const MAX_SEARCH: usize = 64;

async fn filter(state: &AppState, owner: &str, q: &OwnerSessionsQuery, tz: Tz) -> Result<OwnerSessionFilter, ApiError> {
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let (site, charger) = (given(&q.site), given(&q.charger));
    if site.is_some() || charger.is_some() {
        let chargers = state.store.owner_chargers(owner).await?;
        if let Some(s) = &site {
            if !chargers.iter().any(|c| c.site_id == *s) {
                return Err(ApiError::InvalidRequest(format!(
                    "site: {s:?} is not one of this owner's sites"
                )));
            }
        }
        if let Some(c) = &charger {
            if !chargers.iter().any(|k| k.charger_id == *c) {
                return Err(ApiError::InvalidRequest(format!(
                    "charger: {c:?} is not one of this owner's chargers"
                )));
            }
        }
    }
    let status = match given(&q.status) {
        None => None,
        Some(s) => {
            let known: Result<SessionStatus, _> = serde_json::from_value(serde_json::Value::String(s.clone()));
            if known.is_err() {
                return Err(ApiError::InvalidRequest(format!(
                    "status: {s:?} is not one of pending, charging, stopping, completed, failed"
                )));
            }
            Some(s)
        }
    };
    let search = given(&q.q);
    if let Some(s) = &search {
        if s.chars().count() > MAX_SEARCH || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(ApiError::InvalidRequest(format!(
                "q: search by letters, digits, '-' and '_' (at most {MAX_SEARCH})"
            )));
        }
    }
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from > to {
            return Err(ApiError::InvalidRequest(format!("from: {from} is after to ({to})")));
        }
    }
    let day = |d: NaiveDate| local_midnight(tz, d);
    Ok(OwnerSessionFilter {
        site_id: site,
        charger_id: charger,
        from: q.from.map(day),
        to: q.to.map(|d| day(d + TimeDelta::days(1))),
        status,
        search,
    })
}

fn instant(column: &str, raw: Option<&str>) -> Result<Option<DateTime<Utc>>, ApiError> {
    raw.map(|r| ladeklar_store::parse_instant(column, r))
        .transpose()
        .map_err(ApiError::from)
}

fn view(r: OwnerSessionRow) -> Result<OwnerSessionView, ApiError> {
    let energy_kwh = match (r.meter_start_wh, r.meter_stop_wh) {
        (Some(a), Some(b)) if b >= a => Some(Decimal::new(b - a, 3)),
        _ => None,
    };
    let paid = matches!(r.payment_state.as_deref(), Some("captured" | "refunded"));
    let amount = match (paid, r.amount, r.currency.as_deref()) {
        (true, Some(a), Some(c)) => Some(MinorUnits(a).to_major(c)),
        _ => None,
    };
    let paid_with = match (&r.card_brand, &r.card_last4, &r.tag_last4) {
        (brand, Some(last4), _) => Some(format!("{} ···· {last4}", brand.as_deref().unwrap_or("card"))),
        (_, None, Some(tag)) if r.payment_state.is_none() => Some(format!("tag ···· {tag}")),
        _ => None,
    };
    Ok(OwnerSessionView {
        requested_at: ladeklar_store::parse_instant("requested_at", &r.requested_at)?,
        started_at: instant("started_at", r.started_at.as_deref())?,
        stopped_at: instant("stopped_at", r.stopped_at.as_deref())?,
        id: r.id,
        site_id: r.site_id,
        site_name: r.site_name,
        charger_id: r.charger_id,
        connector_id: r.connector_id,
        status: r.status,
        energy_kwh,
        amount,
        currency: if paid { r.currency } else { None },
        payment_state: r.payment_state,
        paid_with,
    })
}

async fn load(
    state: &AppState,
    caller: &Caller,
    owner: &str,
    q: &OwnerSessionsQuery,
    limit: i64,
    offset: i64,
) -> Result<(Vec<OwnerSessionView>, i64), ApiError> {
    caller.allow(Action::ReadOwnerPortal, &owner_object(owner))?;
    let row = statements::load_owner(state, owner).await?;
    let filter = filter(state, owner, q, statements::owner_zone(&row)).await?;
    let (rows, total) = state.store.owner_sessions(owner, &filter, limit, offset).await?;
    Ok((rows.into_iter().map(view).collect::<Result<_, _>>()?, total))
}

/// A page of the owner's sessions, newest first.
#[utoipa::path(get, path = "/api/v1/owners/{owner}/sessions", params(("owner" = String, Path), OwnerSessionsQuery),
    responses((status = 200, body = OwnerSessionPage), (status = 400, body = ladeklar_api::Problem),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(owner): Path<String>,
    QueryParams(q): QueryParams<OwnerSessionsQuery>,
) -> Result<Json<OwnerSessionPage>, ApiError> {
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(DEFAULT_PER_PAGE);
    if page == 0 {
        return Err(ApiError::InvalidRequest("page: pages count from 1".into()));
    }
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(ApiError::InvalidRequest(format!("per_page: 1 to {MAX_PER_PAGE}")));
    }
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (sessions, total) = load(&state, &caller, &owner, &q, i64::from(per_page), offset).await?;
    Ok(Json(OwnerSessionPage {
        owner_id: owner,
        page,
        per_page,
        total,
        sessions,
    }))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The sessions as CSV: a header row, then one row per session.
pub fn to_csv(sessions: &[OwnerSessionView]) -> String {
    let mut out = String::from(
        "session,site,site_name,charger,connector,status,requested_at,started_at,stopped_at,energy_kwh,amount_incl_vat,currency,payment,paid_with\n",
    );
    let t = |v: Option<DateTime<Utc>>| v.map(|t| t.to_rfc3339()).unwrap_or_default();
    let d = |v: Option<Decimal>| v.map(|v| v.to_string()).unwrap_or_default();
    for s in sessions {
        let fields = [
            s.id.clone(),
            s.site_id.clone(),
            s.site_name.clone(),
            s.charger_id.clone(),
            s.connector_id.to_string(),
            s.status.clone(),
            s.requested_at.to_rfc3339(),
            t(s.started_at),
            t(s.stopped_at),
            d(s.energy_kwh),
            d(s.amount),
            s.currency.clone().unwrap_or_default(),
            s.payment_state.clone().unwrap_or_default(),
            s.paid_with.clone().unwrap_or_default(),
        ];
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// Every session the filter matches (up to 10,000, newest first) as a CSV download.
#[utoipa::path(get, path = "/api/v1/owners/{owner}/sessions/csv", params(("owner" = String, Path), OwnerSessionsQuery),
    responses((status = 200, content_type = "text/csv", description = "a header row, then one row per session"),
        (status = 400, body = ladeklar_api::Problem), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(owner): Path<String>,
    QueryParams(q): QueryParams<OwnerSessionsQuery>,
) -> Result<Response, ApiError> {
    let (sessions, _) = load(&state, &caller, &owner, &q, CSV_LIMIT, 0).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"ladeklar-{owner}-sessions.csv\""),
            ),
        ],
        to_csv(&sessions),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_has_a_header_and_quotes_what_needs_it() {
        let s = OwnerSessionView {
            id: "s1".into(),
            site_id: "a".into(),
            site_name: "Aker, brygge".into(),
            charger_id: "CP-1".into(),
            connector_id: 1,
            status: "completed".into(),
            requested_at: "2026-12-01T10:00:00Z".parse().unwrap(),
            started_at: None,
            stopped_at: None,
            energy_kwh: Some(Decimal::new(12_345, 3)),
            amount: Some(Decimal::new(4990, 2)),
            currency: Some("NOK".into()),
            payment_state: Some("captured".into()),
            paid_with: Some("visa ···· 4242".into()),
        };
        let csv = to_csv(&[s]);
        let mut lines = csv.lines();
        assert!(lines.next().unwrap().starts_with("session,site,site_name,charger"));
        assert_eq!(
            lines.next().unwrap(),
            "s1,a,\"Aker, brygge\",CP-1,1,completed,2026-12-01T10:00:00+00:00,,,12.345,49.90,NOK,captured,visa ···· 4242"
        );
    }
}
