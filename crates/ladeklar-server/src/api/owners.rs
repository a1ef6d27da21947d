//! `/api/v1/owners/{owner}/…`: an owner's overview and self-billing statements and credit
//! notes (issue 19).
//! Each handler asks core's access table about the owner first (`ReadOwnerPortal`,
//! `IssueStatements`), then loads: another owner's statement id under one's own owner is 404.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Datelike;
use ladeklar_api::{
    IssueStatementsRequest, IssuedStatements, OverviewQuery, OwnerCharger, OwnerConnector, OwnerOverview, OwnerSite,
    RevenueDayView, StatementList, StatementView,
};
use ladeklar_core::accounts::{Action, ObjectOwner, OwnerId};
use ladeklar_core::payments::statement::{OrgNumber, StatementMonth};

use crate::auth::Caller;
use crate::error::{ApiError, JsonBody};
use crate::statements;
use crate::AppState;

fn owner_object(owner: &str) -> ObjectOwner {
    ObjectOwner::Owner {
        owner: OwnerId(owner.to_owned()),
    }
}

/// The owner's statements and credit notes, newest first.
#[utoipa::path(get, path = "/api/v1/owners/{owner}/statements", params(("owner" = String, Path)),
    responses((status = 200, body = StatementList), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(owner): Path<String>,
) -> Result<Json<StatementList>, ApiError> {
    caller.allow(Action::ReadOwnerPortal, &owner_object(&owner))?;
    let row = statements::load_owner(&state, &owner).await?;
    let documents = state.store.statements_of(&owner).await?;
    Ok(Json(StatementList {
        owner_id: row.id.clone(),
        owner_name: row.name.clone(),
        org_number: row.org_number.as_deref().map(|o| {
            OrgNumber::parse(o)
                .map(|n| n.to_string())
                .unwrap_or_else(|_| o.to_owned())
        }),
        last_month_over: StatementMonth::last_over(state.now(), statements::owner_zone(&row)).to_string(),
        statements: documents.iter().map(statements::summary).collect::<Result<_, _>>()?,
    }))
}

/// Issues the month's statement and credit note (each when it has a line), numbered in the
/// owner's one unbroken sequence, with a payout record each. Idempotent: a month issued before
/// answers 200 with its documents.
#[utoipa::path(post, path = "/api/v1/owners/{owner}/statements", params(("owner" = String, Path)),
    request_body = IssueStatementsRequest,
    responses((status = 201, body = IssuedStatements, description = "issued now"),
        (status = 200, body = IssuedStatements, description = "issued before, or nothing to state"),
        (status = 400, body = ladeklar_api::Problem, description = "invalid_month"),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem), (status = 409, body = ladeklar_api::Problem, description = "org_number_missing")))]
pub async fn issue(
    State(state): State<AppState>,
    caller: Caller,
    Path(owner): Path<String>,
    JsonBody(req): JsonBody<IssueStatementsRequest>,
) -> Result<(StatusCode, Json<IssuedStatements>), ApiError> {
    caller.allow(Action::IssueStatements, &owner_object(&owner))?;
    let issued = statements::issue(&state, &owner, &req.month, state.now()).await?;
    let status = if issued.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(IssuedStatements {
            month: req.month.trim().to_owned(),
            created: issued.created,
            statements: issued
                .documents
                .iter()
                .map(statements::summary)
                .collect::<Result<_, _>>()?,
        }),
    ))
}

async fn allowed(state: &AppState, caller: &Caller, owner: &str, id: &str) -> Result<StatementView, ApiError> {
    caller.allow(Action::ReadOwnerPortal, &owner_object(owner))?;
    statements::view(&statements::load(state, owner, id).await?)
}

#[utoipa::path(get, path = "/api/v1/owners/{owner}/statements/{id}", params(("owner" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = StatementView), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path((owner, id)): Path<(String, String)>,
) -> Result<Json<StatementView>, ApiError> {
    Ok(Json(allowed(&state, &caller, &owner, &id).await?))
}

/// The document as a PDF download.
#[utoipa::path(get, path = "/api/v1/owners/{owner}/statements/{id}/pdf", params(("owner" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "the statement"),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path((owner, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let view = allowed(&state, &caller, &owner, &id).await?;
    let zone = statements::owner_zone(&statements::load_owner(&state, &owner).await?);
    let bytes = statements::pdf::render(&view, zone)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"ladeklar-{owner}-{:06}.pdf\"",
                    view.summary.number
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The document's lines as a CSV download.
#[utoipa::path(get, path = "/api/v1/owners/{owner}/statements/{id}/csv", params(("owner" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "text/csv", description = "one row per session"),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn csv(
    State(state): State<AppState>,
    caller: Caller,
    Path((owner, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let view = allowed(&state, &caller, &owner, &id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"ladeklar-{owner}-{:06}.csv\"",
                    view.summary.number
                ),
            ),
        ],
        statements::csv::to_csv(&view),
    )
        .into_response())
}

/// The owner's overview: their sites and chargers with each connector's last reported status
/// and whether the charger is connected now, revenue per site and day (core's
/// `owner_revenue`, days in the owner's zone) over `from..=to` (default: this month so far),
/// and the open support cases at their sites.
#[utoipa::path(get, path = "/api/v1/owners/{owner}/overview", params(("owner" = String, Path), OverviewQuery),
    responses((status = 200, body = OwnerOverview), (status = 400, body = ladeklar_api::Problem),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem)))]
pub async fn overview(
    State(state): State<AppState>,
    caller: Caller,
    Path(owner): Path<String>,
    crate::error::QueryParams(q): crate::error::QueryParams<OverviewQuery>,
) -> Result<Json<OwnerOverview>, ApiError> {
    use chrono::TimeZone;
    caller.allow(Action::ReadOwnerPortal, &owner_object(&owner))?;
    let row = statements::load_owner(&state, &owner).await?;
    let tz = statements::owner_zone(&row);
    let today = state.now().with_timezone(&tz).date_naive();
    let to = q.to.unwrap_or(today);
    let from = q.from.unwrap_or_else(|| to.with_day(1).unwrap_or(to));
    if from > to {
        return Err(ApiError::InvalidRequest(format!("from: {from} is after to ({to})")));
    }
    if (to - from).num_days() > 400 {
        return Err(ApiError::InvalidRequest("from: at most 400 days before to".into()));
    }
    let instant = |d: chrono::NaiveDate| {
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_else(|| chrono::Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()))
    };
    let window = (instant(from), instant(to + chrono::TimeDelta::days(1)));
    let rows = state.store.owner_payments(&owner, window.0, window.1).await?;
    let currency = rows.first().map(|p| p.currency.clone());
    let payments = rows
        .into_iter()
        .filter_map(|p| {
            Some(ladeklar_core::owner_revenue::TakenPayment {
                site_id: p.site_id,
                amount: ladeklar_core::payments::MinorUnits(p.amount?),
                paid_at: ladeklar_store::parse_instant("paid_at", p.paid_at.as_deref()?).ok()?,
                refunded_at: p
                    .refunded_at
                    .as_deref()
                    .and_then(|r| ladeklar_store::parse_instant("refunded_at", r).ok()),
            })
        })
        .collect::<Vec<_>>();
    let revenue = ladeklar_core::owner_revenue::per_site_and_day(&payments, tz, from, to);
    let chargers = state.store.owner_chargers(&owner).await?;
    let ids: Vec<String> = chargers.iter().map(|c| c.charger_id.clone()).collect();
    let connectors = state.store.connectors_of_chargers(&ids).await?;
    let mut sites: Vec<OwnerSite> = Vec::new();
    for c in &chargers {
        let charger = OwnerCharger {
            id: c.charger_id.clone(),
            online: state.links.is_online(&c.charger_id),
            connectors: connectors
                .iter()
                .filter(|k| k.charger_id == c.charger_id)
                .map(|k| OwnerConnector {
                    connector_id: k.connector_id,
                    status: k.status.clone(),
                })
                .collect(),
        };
        match sites.iter_mut().find(|s| s.id == c.site_id) {
            Some(site) => site.chargers.push(charger),
            None => sites.push(OwnerSite {
                id: c.site_id.clone(),
                name: c.site_name.clone(),
                city: c.city.clone(),
                chargers: vec![charger],
            }),
        }
    }
    let digits = currency.as_deref().unwrap_or("NOK");
    Ok(Json(OwnerOverview {
        owner_id: row.id.clone(),
        owner_name: row.name.clone(),
        from,
        to,
        sites,
        revenue: revenue
            .into_iter()
            .map(|d| RevenueDayView {
                date: d.date,
                site_id: d.site_id,
                incl_vat: d.incl_vat.to_major(digits),
                sessions: d.sessions,
            })
            .collect(),
        currency,
        open_cases: state.store.open_cases_of_owner(&owner).await?,
    }))
}
