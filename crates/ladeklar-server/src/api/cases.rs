//! Support cases: a driver reports a fault, adds photos, follows the case live and answers
//! "Is it working now?"; support works the queue (transitions and notes). Every handler
//! asks `Caller::allow` with the case's reporter and site owner first.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::stream::{self, Stream, StreamExt};
use ladeklar_api::{
    CaseAnswer, CaseList, CaseNote, CasePhoto, CaseView, QueueQuery, RegisterCaseRequest, ReportFaultRequest,
};
use ladeklar_core::accounts::{authorize, Action, ObjectOwner};
use ladeklar_core::support::case::CaseEvent;
use ladeklar_store::{CaseRow, QueueFilter};
use tokio::sync::broadcast::error::RecvError;

use crate::auth::Caller;
use crate::cases::{self, views};
use crate::error::{ApiError, JsonBody, LaterJson, QueryParams};
use crate::AppState;

/// The case when the caller may do `action` on it.
async fn allowed_case(state: &AppState, caller: &Caller, action: Action, id: &str) -> Result<CaseRow, ApiError> {
    let row = cases::load(state, id).await?;
    caller.allow(action, &row.object_owner()?)?;
    Ok(row)
}

/// Whether the caller sees the whole case (support and admins: core's `WorkCase`).
fn sees_everything(caller: &Caller, row: &CaseRow) -> bool {
    let Ok(object) = row.object_owner() else {
        return false;
    };
    authorize(caller.principal().as_ref(), Action::WorkCase, &object).is_ok()
}

async fn view_for(state: &AppState, caller: &Caller, row: &CaseRow) -> Result<CaseView, ApiError> {
    views::case_view(state, row, sees_everything(caller, row), state.now()).await
}

/// Reports a fault: the case opens at once with its priority (core's rule) and the site's
/// SLA level, and the platform's remote-fix attempt starts.
#[utoipa::path(post, path = "/api/v1/cases", request_body = ReportFaultRequest,
    responses((status = 201, body = CaseView),
        (status = 400, body = ladeklar_api::Problem, description = "empty_description, unknown_category, invalid_request"),
        (status = 401, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem, description = "charger_not_found, connector_not_found, session_not_found")))]
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<ReportFaultRequest>,
) -> Result<(StatusCode, Json<CaseView>), ApiError> {
    caller.allow(Action::ReportFault, &ObjectOwner::Platform)?;
    let row = cases::report::report_fault(&state, &caller, req, state.now()).await?;
    let (attempt_state, id) = (state.clone(), row.id.clone());
    tokio::spawn(async move {
        if let Err(e) = cases::remote_fix::attempt(&attempt_state, &id).await {
            tracing::warn!(case = %id, error = %e, "the remote-fix attempt failed");
        }
    });
    Ok((StatusCode::CREATED, Json(view_for(&state, &caller, &row).await?)))
}

/// The caller's own cases, newest first.
#[utoipa::path(get, path = "/api/v1/cases",
    responses((status = 200, body = CaseList), (status = 401, body = ladeklar_api::Problem)))]
pub async fn mine(State(state): State<AppState>, caller: Caller) -> Result<Json<CaseList>, ApiError> {
    caller.allow(Action::ListOwnCases, &ObjectOwner::Platform)?;
    let user = caller.user()?;
    let now = state.now();
    let cases = state
        .store
        .cases_of_reporter(user.id)
        .await?
        .iter()
        .map(|r| views::summary(r, now))
        .collect::<Result<_, _>>()?;
    Ok(Json(CaseList { cases }))
}

/// One case: its reporter sees their timeline lines, photos and what to expect; support
/// sees everything (notes, analysis, action proposal).
#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 404, body = ladeklar_api::Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    let row = allowed_case(&state, &caller, Action::ShowCase, &id).await?;
    Ok(Json(view_for(&state, &caller, &row).await?))
}

/// The case pushed as a `case` event (a whole [`CaseView`]) now and on every change.
#[utoipa::path(get, path = "/api/v1/cases/{id}/live", params(("id" = String, Path)),
    responses((status = 200, description = "text/event-stream: `case` events carrying a CaseView"),
        (status = 404, body = ladeklar_api::Problem)))]
pub async fn live(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let row = allowed_case(&state, &caller, Action::ShowCase, &id).await?;
    // The case's own changes, and its charger's status notifications (connector status).
    let changes = state.live.subscribe(&cases::live_key(&row.id));
    let charger_changes = row
        .charger_id
        .as_deref()
        .map(|c| state.live.subscribe(&cases::charger_live_key(c)));
    let first = view_for(&state, &caller, &row).await?;
    let first_event = stream::once(async move { to_event(&first) });
    let updates = stream::unfold(
        ((changes, charger_changes), state, caller, row.id),
        |((mut changes, mut charger_changes), state, caller, id)| async move {
            loop {
                let woke = match charger_changes.as_mut() {
                    Some(charger) => tokio::select! {
                        r = changes.recv() => r,
                        r = charger.recv() => r,
                    },
                    None => changes.recv().await,
                };
                match woke {
                    Ok(_) | Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => return None,
                }
                let view = match state.store.case_row(&id).await {
                    Ok(Some(row)) => view_for(&state, &caller, &row).await,
                    _ => continue,
                };
                match view {
                    Ok(view) => return Some((to_event(&view), ((changes, charger_changes), state, caller, id))),
                    Err(e) => tracing::warn!(case = %id, error = %e, "live view could not read the case"),
                }
            }
        },
    );
    Ok(Sse::new(first_event.chain(updates)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn to_event(view: &CaseView) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event("case")
        .json_data(view)
        .unwrap_or_else(|_| Event::default().event("case")))
}

/// Adds a photo (the raw JPEG, PNG or WebP bytes as the body, at most 10 MB, at most 5 per
/// case). It is kept re-encoded without metadata (no EXIF GPS position), with a thumbnail.
#[utoipa::path(post, path = "/api/v1/cases/{id}/photos", params(("id" = String, Path)),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The photo's bytes (JPEG, PNG or WebP)"),
    responses((status = 201, body = CasePhoto),
        (status = 400, body = ladeklar_api::Problem, description = "not_an_image, image_dimensions"),
        (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem, description = "too_many_photos"),
        (status = 413, body = ladeklar_api::Problem, description = "photo_too_large")))]
pub async fn add_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<CasePhoto>), ApiError> {
    let row = allowed_case(&state, &caller, Action::AddCasePhoto, &id).await?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let who = caller.principal();
    let is_reporter = match (&who, row.reporter()?) {
        (Some(p), Some(r)) => p.user_id == r,
        _ => false,
    };
    let actor = if is_reporter {
        "driver".to_owned()
    } else {
        let case = cases::case_of(&row)?;
        who.as_ref()
            .and_then(|p| ladeklar_core::support::intake::actor_for(p, false, case.state))
            .map(cases::actor_name)
            .unwrap_or_else(|| "system".into())
    };
    let photo = cases::photos::add_photo(
        &state,
        &row,
        who.map(|p| p.user_id.to_string()),
        actor,
        body,
        declared,
        state.now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(CasePhoto {
            url: format!("/api/v1/cases/{}/photos/{}", row.id, photo.id),
            thumbnail_url: format!("/api/v1/cases/{}/photos/{}/thumbnail", row.id, photo.id),
            uploaded_at: state.now(),
            id: photo.id,
            content_type: photo.content_type,
            bytes: u64::try_from(photo.bytes).unwrap_or_default(),
            width: u32::try_from(photo.width).unwrap_or_default(),
            height: u32::try_from(photo.height).unwrap_or_default(),
        }),
    ))
}

async fn photo_bytes(
    state: &AppState,
    caller: &Caller,
    id: &str,
    photo: &str,
    thumb: bool,
) -> Result<Response, ApiError> {
    let row = cases::load(state, id).await?;
    caller.allow_case_photo(&row.object_owner()?)?;
    let photo = state
        .store
        .case_photo(&row.id, photo)
        .await?
        .ok_or_else(|| ApiError::PhotoNotFound(photo.to_owned()))?;
    let key = if thumb { &photo.thumb_key } else { &photo.object_key };
    let bytes = state.photos.get(key).await?;
    Ok((
        [
            (header::CONTENT_TYPE, photo.content_type),
            (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// A photo of the case (JPEG).
#[utoipa::path(get, path = "/api/v1/cases/{id}/photos/{photo}",
    params(("id" = String, Path), ("photo" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", description = "The photo"),
        (status = 404, body = ladeklar_api::Problem)))]
pub async fn photo(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, photo)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    photo_bytes(&state, &caller, &id, &photo, false).await
}

/// A photo's thumbnail (JPEG, at most 320 pixels a side).
#[utoipa::path(get, path = "/api/v1/cases/{id}/photos/{photo}/thumbnail",
    params(("id" = String, Path), ("photo" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", description = "The thumbnail"),
        (status = 404, body = ladeklar_api::Problem)))]
pub async fn thumbnail(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, photo)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    photo_bytes(&state, &caller, &id, &photo, true).await
}

/// The reporter's answer to "Is it working now?": yes closes the case, no reopens it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/answer", params(("id" = String, Path)),
    request_body = CaseAnswer,
    responses((status = 200, body = CaseView), (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem, description = "case_transition_refused")))]
pub async fn answer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<CaseAnswer>,
) -> Result<Json<CaseView>, ApiError> {
    let row = allowed_case(&state, &caller, Action::AnswerCase, &id).await?;
    let req = body.parse()?;
    let who = caller
        .principal()
        .ok_or(ApiError::SignInRequired("sign in to do this".into()))?;
    let row = cases::work::answer(&state, &who, &row, req.working, req.comment, state.now()).await?;
    Ok(Json(view_for(&state, &caller, &row).await?))
}

/// The support queue: open cases by their next SLA deadline (overdue ones first), filtered
/// by line, priority, site, owner and status.
#[utoipa::path(get, path = "/api/v1/support/cases", params(QueueQuery),
    responses((status = 200, body = CaseList), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem)))]
pub async fn queue(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(q): QueryParams<QueueQuery>,
) -> Result<Json<CaseList>, ApiError> {
    caller.allow(Action::WorkCase, &ObjectOwner::Platform)?;
    let (state_filter, open_only) = match q.status.as_deref() {
        None | Some("open") => (None, true),
        Some("all") => (None, false),
        Some(s) => {
            ladeklar_store::parse_enum::<ladeklar_core::support::case::CaseState>("status", s)
                .map_err(|_| ApiError::InvalidRequest(format!("status: unknown case state {s:?}")))?;
            (Some(s.to_owned()), false)
        }
    };
    if let Some(line) = &q.line {
        if !["first", "second", "third"].contains(&line.as_str()) {
            return Err(ApiError::InvalidRequest(format!(
                "line: {line:?} is not first, second or third"
            )));
        }
    }
    let priority = q
        .priority
        .as_deref()
        .map(|p| {
            p.parse::<ladeklar_core::support::priority::Priority>()
                .map(|p| p.as_str().to_owned())
                .map_err(|e| ApiError::InvalidRequest(format!("priority: {e}")))
        })
        .transpose()?;
    let filter = QueueFilter {
        line: q.line,
        priority,
        site_id: q.site,
        owner_id: q.owner,
        state: state_filter,
        open_only,
        limit: q.limit.unwrap_or(100),
    };
    let now = state.now();
    let cases = state
        .store
        .case_queue(&filter)
        .await?
        .iter()
        .map(|r| views::summary(r, now))
        .collect::<Result<_, _>>()?;
    Ok(Json(CaseList { cases }))
}

/// A step on the case by support, as core's case event (`{"event": "escalate_to_second_line",
/// "reason": …}`, `{"event": "propose_field_action", "proposal": {…}}`,
/// `{"event": "escalate_to_third_line"}`, `{"event": "wait_for_customer", "question": …}` to
/// pause the clock, …). The caller acts as the line that owns the case when they work it;
/// core's case engine decides, and a refusal is 409 `case_transition_refused` saying why.
#[utoipa::path(post, path = "/api/v1/support/cases/{id}/events", params(("id" = String, Path)),
    request_body(content = Object, description = "A core CaseEvent, tagged by `event`"),
    responses((status = 200, body = CaseView), (status = 400, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem, description = "case_transition_refused")))]
pub async fn event(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<CaseEvent>,
) -> Result<Json<CaseView>, ApiError> {
    let row = allowed_case(&state, &caller, Action::WorkCase, &id).await?;
    let event = body.parse()?;
    let who = caller
        .principal()
        .ok_or(ApiError::SignInRequired("sign in to do this".into()))?;
    let row = cases::work::support_event(&state, &who, &row, event, state.now()).await?;
    Ok(Json(view_for(&state, &caller, &row).await?))
}

/// A note on the case (support only; the reporter does not see it).
#[utoipa::path(post, path = "/api/v1/support/cases/{id}/notes", params(("id" = String, Path)),
    request_body = CaseNote,
    responses((status = 200, body = CaseView), (status = 400, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem)))]
pub async fn note(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<CaseNote>,
) -> Result<Json<CaseView>, ApiError> {
    let row = allowed_case(&state, &caller, Action::WorkCase, &id).await?;
    let note = body.parse()?;
    let who = caller
        .principal()
        .ok_or(ApiError::SignInRequired("sign in to do this".into()))?;
    cases::work::add_note(&state, &who, &row, &note.text, state.now()).await?;
    let row = cases::load(&state, &row.id).await?;
    Ok(Json(view_for(&state, &caller, &row).await?))
}

/// Support registers a case from another channel (a phone call or an e-mail from a driver
/// or an owner): the same checks, priority and SLA as a report from the app. A contact that
/// is an account's e-mail address links the case to that account.
#[utoipa::path(post, path = "/api/v1/support/cases", request_body = RegisterCaseRequest,
    responses((status = 201, body = CaseView),
        (status = 400, body = ladeklar_api::Problem, description = "empty_description, unknown_category, invalid_request"),
        (status = 404, body = ladeklar_api::Problem, description = "charger_not_found, connector_not_found")))]
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    body: LaterJson<RegisterCaseRequest>,
) -> Result<(StatusCode, Json<CaseView>), ApiError> {
    use ladeklar_core::support::case::{Channel, Customer, CustomerKind};
    caller.allow(Action::WorkCase, &ObjectOwner::Platform)?;
    let req = body.parse()?;
    let channel: Channel = ladeklar_store::parse_enum("channel", &req.channel)
        .ok()
        .filter(|c| *c != Channel::App)
        .ok_or_else(|| ApiError::InvalidRequest(format!("channel: {:?} is not phone, email or portal", req.channel)))?;
    let kind: CustomerKind = ladeklar_store::parse_enum("customer_kind", &req.customer_kind).map_err(|_| {
        ApiError::InvalidRequest(format!(
            "customer_kind: {:?} is not driver or site_owner",
            req.customer_kind
        ))
    })?;
    if req.customer_name.trim().is_empty() {
        return Err(ApiError::InvalidRequest(
            "customer_name: the customer's name is needed".into(),
        ));
    }
    let reporter = match ladeklar_core::accounts::parse_email(req.contact.trim()) {
        Ok(email) => state
            .store
            .user_by_email(&email)
            .await?
            .filter(|u| u.deleted_at.is_none())
            .map(|u| u.id),
        Err(_) => None,
    };
    let who = caller
        .principal()
        .ok_or(ApiError::SignInRequired("sign in to do this".into()))?;
    let opened_by =
        ladeklar_core::support::intake::actor_for(&who, false, ladeklar_core::support::case::CaseState::FirstLine)
            .map(cases::actor_name)
            .unwrap_or_else(|| "first".into());
    let row = cases::report::open(
        &state,
        cases::report::Intake {
            channel,
            customer: Customer {
                kind,
                name: req.customer_name.trim().to_owned(),
                contact: req.contact.trim().to_owned(),
            },
            reporter,
            charger_id: req.charger_id,
            connector_id: req.connector_id,
            session_id: None,
            category: req.category,
            description: req.description,
            opened_by,
        },
        state.now(),
    )
    .await?;
    let (attempt_state, id) = (state.clone(), row.id.clone());
    tokio::spawn(async move {
        if let Err(e) = cases::remote_fix::attempt(&attempt_state, &id).await {
            tracing::warn!(case = %id, error = %e, "the remote-fix attempt failed");
        }
    });
    Ok((StatusCode::CREATED, Json(view_for(&state, &caller, &row).await?)))
}
