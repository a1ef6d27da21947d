//! Field visits: 3rd line books a visit; the technician's work orders, steps, visit reports
//! (idempotent by the phone's id), photos and verification; a site's service card; the SLA
//! report. Every handler asks `Caller::allow` first.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Datelike, TimeZone};
use ladeklar_api::{
    ScheduleVisitRequest, ServiceCard, ServiceCardQuery, SlaReportOwner, SlaReportQuery, SlaReportScopes,
    SlaReportSite, VerificationRun, VerifyRequest, VisitBookingFacts, VisitReportAnswer, VisitReportRequest,
    WorkOrderList, WorkOrderPhoto, WorkOrderView,
};
use ladeklar_core::accounts::{Action, ObjectOwner, OwnerId, Principal, UserId};
use ladeklar_core::field::work_order::WorkOrderEvent;
use ladeklar_store::WorkOrderRow;
use serde::Deserialize;

use crate::auth::Caller;
use crate::error::{ApiError, LaterJson, QueryParams};
use crate::field::{self, on_site, views};
use crate::{cases, AppState};

fn signed_in(caller: &Caller) -> Result<Principal, ApiError> {
    caller
        .principal()
        .ok_or(ApiError::SignInRequired("sign in to do this".into()))
}

fn order_object(row: &WorkOrderRow) -> ObjectOwner {
    ObjectOwner::WorkOrder {
        technician: uuid::Uuid::parse_str(&row.technician_id)
            .map(UserId)
            .unwrap_or(UserId(uuid::Uuid::nil())),
        site_owner: OwnerId(row.owner_id.clone()),
    }
}

/// The work order when the caller may work on it.
async fn own_order(state: &AppState, caller: &Caller, id: &str) -> Result<WorkOrderRow, ApiError> {
    let row = field::load(state, id).await?;
    caller.allow(Action::WorkOnSite, &order_object(&row))?;
    Ok(row)
}

/// 3rd line books a field visit on the case: a technician, a slot that core proves is inside
/// the SLA window, the customer's agreement and the parts expected.
#[utoipa::path(post, path = "/api/v1/support/cases/{id}/work-orders", params(("id" = String, Path)),
    request_body = ScheduleVisitRequest,
    responses((status = 201, body = WorkOrderView),
        (status = 400, body = ladeklar_api::Problem, description = "slot_in_the_past, slot_outside_working_time, slot_after_deadline, slot_invalid, not_a_technician, invalid_visit_report"),
        (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem, description = "case_transition_refused")))]
pub async fn schedule(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<ScheduleVisitRequest>,
) -> Result<(StatusCode, Json<WorkOrderView>), ApiError> {
    let row = cases::load(&state, &id).await?;
    caller.allow(Action::ScheduleVisit, &row.object_owner()?)?;
    let req = body.parse()?;
    let who = signed_in(&caller)?;
    let order = field::schedule::book(&state, &who, &row, req, state.now()).await?;
    Ok((StatusCode::CREATED, Json(views::work_order_view(&state, &order).await?)))
}

/// What 3rd line's booking form needs: the SLA window core computes for the case (its
/// calendar and on-site deadline), the technicians, the parts list, the orders booked.
#[utoipa::path(get, path = "/api/v1/support/cases/{id}/visit-booking", params(("id" = String, Path)),
    responses((status = 200, body = VisitBookingFacts), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn visit_booking(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<VisitBookingFacts>, ApiError> {
    let row = cases::load(&state, &id).await?;
    caller.allow(Action::ScheduleVisit, &row.object_owner()?)?;
    Ok(Json(field::booking::facts(&state, &row, state.now()).await?))
}

/// The caller's work orders from today on (support and admins: everyone's), by slot.
#[utoipa::path(get, path = "/api/v1/work-orders",
    responses((status = 200, body = WorkOrderList), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem)))]
pub async fn mine(State(state): State<AppState>, caller: Caller) -> Result<Json<WorkOrderList>, ApiError> {
    caller.allow(Action::ListWorkOrders, &ObjectOwner::Platform)?;
    let who = signed_in(&caller)?;
    let everyone = who.is_support() || who.is_admin();
    let now = state.now();
    let oslo = now.with_timezone(&chrono_tz::Europe::Oslo);
    let today = chrono_tz::Europe::Oslo
        .with_ymd_and_hms(oslo.year(), oslo.month(), oslo.day(), 0, 0, 0)
        .earliest()
        .map_or(now, |t| t.with_timezone(&chrono::Utc));
    let me = who.user_id.to_string();
    let rows = state
        .store
        .work_orders_from((!everyone).then_some(me.as_str()), today)
        .await?;
    let mut work_orders = Vec::with_capacity(rows.len());
    for row in &rows {
        work_orders.push(views::work_order_view(&state, row).await?);
    }
    Ok(Json(WorkOrderList { work_orders }))
}

/// One step on site, online: `{"step": "check_in"}`, `{"step": "record_work", "work": {…}}`,
/// `{"step": "verify", "verification": {…}}`, `{"step": "sign_off", "sign_off": {…}}`,
/// `{"step": "check_out"}`. Checking out closes the case through the case engine.
#[utoipa::path(post, path = "/api/v1/work-orders/{id}/steps", params(("id" = String, Path)),
    request_body(content = Object, description = "A core WorkOrderEvent, tagged by `step`"),
    responses((status = 200, body = VisitReportAnswer), (status = 400, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem, description = "work_order_step_refused, verification_missing, sign_off_missing")))]
pub async fn step(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<WorkOrderEvent>,
) -> Result<Json<VisitReportAnswer>, ApiError> {
    let row = own_order(&state, &caller, &id).await?;
    let event = body.parse()?;
    let who = signed_in(&caller)?;
    let (_, answer) = on_site::arrive(&state, &who, &row, on_site::Arrival::Step(event), state.now()).await?;
    Ok(Json(answer))
}

/// A whole visit report from the phone (also after being offline). The same `client_id` and
/// body again answers the same and changes nothing; another body with it is 409. A report
/// for a case closed or reassigned meanwhile is kept for 3rd line (202).
#[utoipa::path(post, path = "/api/v1/work-orders/{id}/reports", params(("id" = String, Path)),
    request_body = VisitReportRequest,
    responses((status = 200, body = VisitReportAnswer, description = "applied"),
        (status = 202, body = VisitReportAnswer, description = "kept for 3rd line"),
        (status = 400, body = ladeklar_api::Problem, description = "invalid_visit_report, invalid_request"),
        (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem, description = "duplicate_report_differs, verification_missing, sign_off_missing")))]
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<VisitReportRequest>,
) -> Result<(StatusCode, Json<VisitReportAnswer>), ApiError> {
    let row = own_order(&state, &caller, &id).await?;
    let req = body.parse()?;
    let who = signed_in(&caller)?;
    let arrival = on_site::read_report(&req.client_id, req.report)?;
    let (applied, answer) = on_site::arrive(&state, &who, &row, arrival, state.now()).await?;
    let status = if applied { StatusCode::OK } else { StatusCode::ACCEPTED };
    Ok((status, Json(answer)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PhotoQuery {
    /// Made by the phone; the same id again is the same photo.
    pub client_id: String,
}

/// A photo before or after (the raw JPEG, PNG or WebP bytes; the case photos' limits).
#[utoipa::path(post, path = "/api/v1/work-orders/{id}/photos", params(("id" = String, Path), PhotoQuery),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The photo's bytes"),
    responses((status = 201, body = WorkOrderPhoto), (status = 200, body = WorkOrderPhoto, description = "uploaded before"),
        (status = 400, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem, description = "too_many_photos"),
        (status = 413, body = ladeklar_api::Problem, description = "photo_too_large")))]
pub async fn add_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(q): QueryParams<PhotoQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<WorkOrderPhoto>), ApiError> {
    let row = own_order(&state, &caller, &id).await?;
    let who = signed_in(&caller)?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let (created, photo) = on_site::add_photo(&state, &who, &row, &q.client_id, body, declared, state.now()).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(photo)))
}

/// Verifies operation: the connector's live status and, with `test_charge`, a remote start
/// and stop on the connector (the meter must move); core's verdict, recorded on the order.
#[utoipa::path(post, path = "/api/v1/work-orders/{id}/verify", params(("id" = String, Path)),
    request_body = VerifyRequest,
    responses((status = 200, body = VerificationRun), (status = 404, body = ladeklar_api::Problem)))]
pub async fn verify(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<VerifyRequest>,
) -> Result<Json<VerificationRun>, ApiError> {
    let row = own_order(&state, &caller, &id).await?;
    let req = body.parse()?;
    let order = field::order_of(&row)?;
    let who = signed_in(&caller)?;
    let run = on_site::verify_operation(
        &state,
        &order,
        who.user_id,
        req.connector_id,
        req.test_charge,
        state.now(),
    )
    .await?;
    Ok(Json(run))
}

/// A site's service card: every visit, case, part and document there; `format=pdf` answers
/// it as a PDF.
#[utoipa::path(get, path = "/api/v1/sites/{id}/service-card", params(("id" = String, Path), ServiceCardQuery),
    responses((status = 200, body = ServiceCard), (status = 200, content_type = "application/pdf", description = "format=pdf"),
        (status = 400, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn service_card(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(q): QueryParams<ServiceCardQuery>,
) -> Result<Response, ApiError> {
    let (_, _, _, owner, tz, _, _) = state
        .store
        .site_facts(&id)
        .await?
        .ok_or_else(|| ApiError::SiteNotFound(id.clone()))?;
    caller.allow(
        Action::ReadServiceCard,
        &ObjectOwner::Site {
            site_owner: OwnerId(owner),
        },
    )?;
    let format = q.format.as_deref().unwrap_or("json");
    if !["json", "pdf"].contains(&format) {
        return Err(ApiError::InvalidRequest(format!(
            "format: {format:?} is not json or pdf"
        )));
    }
    let card = field::service_card::service_card(&state, &id).await?;
    if format == "pdf" {
        let zone = tz.parse().unwrap_or(chrono_tz::Europe::Oslo);
        let bytes = field::documents::service_card_pdf(&card, zone, state.now())?;
        return Ok(pdf_download(bytes, &format!("service-card-{id}.pdf")));
    }
    Ok(Json(card).into_response())
}

fn pdf_download(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

/// The SLA report of a month (`month=YYYY-MM`) for an owner, a site or (support) the platform:
/// cases, response and resolution times against the SLA, breaches, each charger's uptime.
/// `format=csv` answers CSV, `format=pdf` a PDF.
/// The owners whose SLA report the caller may read (core's access table, `ReadSlaReport` on
/// each owner's sites), each with its sites: what the report screen offers to pick.
#[utoipa::path(get, path = "/api/v1/sla-report/scopes",
    responses((status = 200, body = SlaReportScopes), (status = 401, body = ladeklar_api::Problem)))]
pub async fn sla_report_scopes(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<SlaReportScopes>, ApiError> {
    caller.user()?;
    let sites = state.store.sites_of_owners(None).await?;
    let owners = state
        .store
        .owners()
        .await?
        .into_iter()
        .filter(|o| {
            let object = ObjectOwner::Site {
                site_owner: OwnerId(o.id.clone()),
            };
            caller.allow(Action::ReadSlaReport, &object).is_ok()
        })
        .map(|o| SlaReportOwner {
            sites: sites
                .iter()
                .filter(|s| s.owner_id == o.id)
                .map(|s| SlaReportSite {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    city: s.city.clone(),
                })
                .collect(),
            id: o.id,
            name: o.name,
        })
        .collect();
    Ok(Json(SlaReportScopes { owners }))
}

#[utoipa::path(get, path = "/api/v1/sla-report", params(SlaReportQuery),
    responses((status = 200, content_type = "application/json", description = "core's SlaMonthReport"),
        (status = 200, content_type = "text/csv", description = "format=csv"),
        (status = 200, content_type = "application/pdf", description = "format=pdf"),
        (status = 400, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn sla_report(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(q): QueryParams<SlaReportQuery>,
) -> Result<Response, ApiError> {
    let month = field::sla_report::parse_month(&q.month)?;
    let (object, zone) = match (&q.site, &q.owner) {
        (Some(site), _) => {
            let (_, _, _, owner, tz, _, _) = state
                .store
                .site_facts(site)
                .await?
                .ok_or_else(|| ApiError::SiteNotFound(site.clone()))?;
            if q.owner.as_ref().is_some_and(|o| *o != owner) {
                return Err(ApiError::InvalidRequest(format!(
                    "site: {site} is not a site of owner {}",
                    q.owner.as_deref().unwrap_or_default()
                )));
            }
            let zone = tz.parse().unwrap_or(chrono_tz::Europe::Oslo);
            (
                ObjectOwner::Site {
                    site_owner: OwnerId(owner),
                },
                zone,
            )
        }
        (None, Some(owner)) => (
            ObjectOwner::Site {
                site_owner: OwnerId(owner.clone()),
            },
            chrono_tz::Europe::Oslo,
        ),
        (None, None) => (ObjectOwner::Platform, chrono_tz::Europe::Oslo),
    };
    caller.allow(Action::ReadSlaReport, &object)?;
    let format = q.format.as_deref().unwrap_or("json");
    if !["json", "csv", "pdf"].contains(&format) {
        return Err(ApiError::InvalidRequest(format!(
            "format: {format:?} is not json, csv or pdf"
        )));
    }
    let report =
        field::sla_report::report(&state, q.owner.as_deref(), q.site.as_deref(), month, zone, state.now()).await?;
    if format == "pdf" {
        let scope = match (&q.site, &q.owner) {
            (Some(site), _) => format!("Site {site}"),
            (None, Some(owner)) => format!("Owner {owner}"),
            (None, None) => "The platform".to_owned(),
        };
        let label = format!("{}-{:02}", month.0, month.1);
        let bytes = field::documents::sla_report_pdf(&report, &scope, &label, zone)?;
        return Ok(pdf_download(bytes, &format!("sla-report-{label}.pdf")));
    }
    if format == "csv" {
        let name = format!("sla-report-{}-{:02}.csv", month.0, month.1);
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            ],
            field::sla_report::to_csv(&report),
        )
            .into_response());
    }
    Ok(Json(report).into_response())
}
