//! `/api/v1/owners/{owner}/…`: an owner's overview and self-billing statements and credit
//! notes (issue 19).
//! Each handler asks core's access table about the owner first (`ReadOwnerPortal`,
//! `IssueStatements`), then loads: another owner's statement id under one's own owner is 404.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use ladeklar_api::{
    IssueStatementsRequest, IssuedStatements, MarkPayoutPaidRequest, OverviewQuery, OwnerCharger, OwnerConnector,
    OwnerList, OwnerListItem, OwnerOverview, OwnerSite, OwnerSlaFigures, RevenueDayView, RevenueMonthView,
    StatementList, StatementSummary, StatementView, UsageView,
};
use ladeklar_core::accounts::{Action, ObjectOwner, OwnerId};
use ladeklar_core::field::uptime::{uptime, ChargerUptime, StatusChange};
use ladeklar_core::owner_usage::{charger_usage, site_usage, Usage, UsagePeriod};
use ladeklar_core::payments::statement::payout::{mark_paid as decide_paid, MarkOutcome, PayoutState};
use ladeklar_core::payments::statement::{OrgNumber, StatementMonth};
use ladeklar_core::session::ConnectorStatus;

use crate::auth::Caller;
use crate::error::{ApiError, JsonBody};
use crate::statements;
use crate::AppState;

pub(crate) fn owner_object(owner: &str) -> ObjectOwner {
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

/// The first instant of local day `d` in `tz` (a skipped midnight: the first instant after).
pub(crate) fn local_midnight(tz: Tz, d: NaiveDate) -> DateTime<Utc> {
    let midnight = d.and_time(chrono::NaiveTime::MIN);
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

fn usage_view(u: &Usage) -> UsageView {
    UsageView {
        uptime: u.uptime,
        utilisation: u.utilisation,
        up_seconds: u.up_seconds,
        down_seconds: u.down_seconds,
        unknown_seconds: u.unknown_seconds,
        occupied_seconds: u.occupied_seconds,
    }
}

/// Each charger's uptime over `[from, to)` from its stored status history (core's `uptime`).
async fn chargers_uptime(
    state: &AppState,
    connectors: &[ladeklar_store::ConnectorRow],
    ids: &[String],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<ChargerUptime>, ApiError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let own: Vec<u32> = connectors
            .iter()
            .filter(|k| k.charger_id == *id)
            .filter_map(|k| u32::try_from(k.connector_id).ok())
            .collect();
        let mut history = Vec::new();
        for row in state.store.status_history(id, to).await? {
            let Ok(connector_id) = u32::try_from(row.connector_id) else {
                continue;
            };
            history.push(StatusChange {
                connector_id,
                at: ladeklar_store::parse_instant("status history at", &row.at)?,
                status: ladeklar_store::parse_enum::<ConnectorStatus>("status history status", &row.status)?,
            });
        }
        out.push(uptime(id, &own, &history, from, to));
    }
    Ok(out)
}

/// The owner's overview: their sites and chargers with each connector's last reported status,
/// whether the charger is connected now, and uptime and utilisation over `period` (core's
/// `owner_usage`; default this month so far); revenue per site and day and per site and month
/// (core's `owner_revenue`, days in the owner's zone) over `from..=to` (default: this month so
/// far); the open support cases at their sites and this month's SLA figures (core's SLA month
/// report).
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
    caller.allow(Action::ReadOwnerPortal, &owner_object(&owner))?;
    let period: UsagePeriod = match q.period.as_deref() {
        None => UsagePeriod::default(),
        Some(p) => p
            .parse()
            .map_err(|e| ApiError::InvalidRequest(format!("period: {e}")))?,
    };
    let row = statements::load_owner(&state, &owner).await?;
    let tz = statements::owner_zone(&row);
    let now = state.now();
    let today = now.with_timezone(&tz).date_naive();
    let to = q.to.unwrap_or(today);
    let from = q.from.unwrap_or_else(|| to.with_day(1).unwrap_or(to));
    if from > to {
        return Err(ApiError::InvalidRequest(format!("from: {from} is after to ({to})")));
    }
    if (to - from).num_days() > 400 {
        return Err(ApiError::InvalidRequest("from: at most 400 days before to".into()));
    }
    let window = (
        local_midnight(tz, from),
        local_midnight(tz, to + chrono::TimeDelta::days(1)),
    );
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
    let months = ladeklar_core::owner_revenue::per_site_and_month(&revenue);
    let chargers = state.store.owner_chargers(&owner).await?;
    let ids: Vec<String> = chargers.iter().map(|c| c.charger_id.clone()).collect();
    let connectors = state.store.connectors_of_chargers(&ids).await?;
    let usage_bounds = period.bounds(tz, now);
    let uptimes = chargers_uptime(&state, &connectors, &ids, usage_bounds).await?;
    let mut sites: Vec<(OwnerSite, Vec<&ChargerUptime>)> = Vec::new();
    for (c, up) in chargers.iter().zip(&uptimes) {
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
            usage: usage_view(&charger_usage(up)),
        };
        match sites.iter_mut().find(|(s, _)| s.id == c.site_id) {
            Some((site, ups)) => {
                site.chargers.push(charger);
                ups.push(up);
            }
            None => sites.push((
                OwnerSite {
                    id: c.site_id.clone(),
                    name: c.site_name.clone(),
                    city: c.city.clone(),
                    chargers: vec![charger],
                    usage: UsageView::default(),
                },
                vec![up],
            )),
        }
    }
    let sites = sites
        .into_iter()
        .map(|(mut site, ups)| {
            site.usage = usage_view(&site_usage(ups));
            site
        })
        .collect();
    let month = (today.year(), today.month());
    let sla = crate::field::sla_report::report(&state, Some(&owner), None, month, tz, now).await?;
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
        revenue_months: months
            .into_iter()
            .map(|m| RevenueMonthView {
                month: m.month,
                site_id: m.site_id,
                incl_vat: m.incl_vat.to_major(digits),
                sessions: m.sessions,
            })
            .collect(),
        currency,
        open_cases: state.store.open_cases_of_owner(&owner).await?,
        usage_period: match period {
            UsagePeriod::ThisMonth => "this_month",
            UsagePeriod::Last7Days => "last_7_days",
            UsagePeriod::Last30Days => "last_30_days",
        }
        .to_owned(),
        usage_from: usage_bounds.0,
        usage_to: usage_bounds.1,
        usage: usage_view(&site_usage(&uptimes)),
        sla: OwnerSlaFigures {
            month: format!("{:04}-{:02}", month.0, month.1),
            cases: sla.cases.cases,
            open: sla.cases.open,
            evaluated: sla.cases.evaluated,
            within_sla: sla.cases.within_sla,
            share_within_sla_percent: sla.cases.share_within_sla_percent,
            breaches: u32::try_from(sla.cases.breaches.len()).unwrap_or(u32::MAX),
        },
    }))
}

/// The owners the caller may read: an admin every one, an owner's user their own (core's
/// access table asked per owner), for the admins' owner picker.
#[utoipa::path(get, path = "/api/v1/owners",
    responses((status = 200, body = OwnerList), (status = 401, body = ladeklar_api::Problem)))]
pub async fn owners(State(state): State<AppState>, caller: Caller) -> Result<Json<OwnerList>, ApiError> {
    caller.user()?;
    let owners = state
        .store
        .owners()
        .await?
        .into_iter()
        .filter(|o| caller.allow(Action::ReadOwnerPortal, &owner_object(&o.id)).is_ok())
        .map(|o| OwnerListItem { id: o.id, name: o.name })
        .collect();
    Ok(Json(OwnerList { owners }))
}

/// An admin records a document's payout paid: core's `payout::mark_paid` decides (only `due →
/// paid`; the same day and reference again changes nothing), the store writes it if the payout
/// is still due (else it is read and decided again).
#[utoipa::path(post, path = "/api/v1/owners/{owner}/statements/{id}/payout", params(("owner" = String, Path), ("id" = String, Path)),
    request_body = MarkPayoutPaidRequest,
    responses((status = 200, body = StatementSummary),
        (status = 400, body = ladeklar_api::Problem, description = "invalid_payout"),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem), (status = 409, body = ladeklar_api::Problem, description = "payout_already_paid")))]
pub async fn mark_paid(
    State(state): State<AppState>,
    caller: Caller,
    Path((owner, id)): Path<(String, String)>,
    JsonBody(req): JsonBody<MarkPayoutPaidRequest>,
) -> Result<Json<StatementSummary>, ApiError> {
    caller.allow(Action::MarkPayoutPaid, &owner_object(&owner))?;
    let marked_by = caller.user()?.id;
    let tz = statements::owner_zone(&statements::load_owner(&state, &owner).await?);
    for _ in 0..2 {
        let row = statements::load(&state, &owner, &id).await?;
        let current = match (row.payout_status.as_str(), &row.payout_paid_on, &row.payout_reference) {
            ("paid", paid_on, reference) => PayoutState::Paid {
                paid_on: paid_on.as_deref().and_then(|d| d.parse().ok()).unwrap_or_default(),
                reference: reference.clone().unwrap_or_default(),
            },
            _ => PayoutState::Due,
        };
        let issued_at = ladeklar_store::parse_instant("issued_at", &row.issued_at)?;
        match decide_paid(&current, issued_at, req.paid_on, &req.reference, tz, state.now())
            .map_err(ApiError::PayoutRefused)?
        {
            MarkOutcome::AlreadyMarked => return Ok(Json(statements::summary(&row)?)),
            MarkOutcome::Marked { paid_on, reference } => {
                if state
                    .store
                    .mark_payout_paid(&id, paid_on, &reference, &marked_by.to_string(), state.now())
                    .await?
                {
                    return Ok(Json(statements::summary(
                        &statements::load(&state, &owner, &id).await?,
                    )?));
                }
            }
        }
    }
    Err(ApiError::Internal(anyhow::anyhow!(
        "payout {id} changed twice while being marked"
    )))
}
