//! Sessions: start, show, follow live (Server-Sent Events), stop, receipt.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::{self, Stream, StreamExt};
use ladeklar_api::{Receipt, SessionView, StartSessionRequest};
use tokio::sync::broadcast::error::RecvError;

use ladeklar_core::accounts::{Action, ObjectOwner};

use crate::auth::Caller;
use crate::charging;
use crate::charging::LiveCursor;
use crate::error::{ApiError, JsonBody};
use crate::{AppState, LiveChange};

fn session_id(raw: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| ApiError::SessionNotFound(raw.to_owned()))
}

/// The session's id when it exists and the caller may do `action` on it (its driver, the
/// site's owner, support, admins — or anyone with the id of a session started without an
/// account: core's access table).
pub(super) async fn allowed_session(
    state: &AppState,
    caller: &Caller,
    action: Action,
    raw: &str,
) -> Result<String, ApiError> {
    let id = session_id(raw)?;
    let owner = state
        .store
        .session_object_owner(&id)
        .await?
        .ok_or_else(|| ApiError::SessionNotFound(id.clone()))?;
    caller.allow(action, &owner)?;
    Ok(id)
}

/// Starts a session: checks the connector, sends RemoteStartTransaction, answers once the
/// charger accepted. The session becomes `charging` when the charger sends StartTransaction.
#[utoipa::path(post, path = "/api/v1/sessions", request_body = StartSessionRequest,
    responses((status = 201, body = SessionView), (status = 400, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem), (status = 409, body = ladeklar_api::Problem),
        (status = 502, body = ladeklar_api::Problem, description = "charger_rejected: the charger answered with a CALLERROR (ocpp_error_code)"),
        (status = 504, body = ladeklar_api::Problem)))]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<StartSessionRequest>,
) -> Result<(StatusCode, Json<SessionView>), ApiError> {
    caller.allow(Action::StartSession, &ObjectOwner::Platform)?;
    let driver = caller.principal().map(|p| p.user_id);
    let view = charging::start_session(&state, req, driver).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/sessions/{id}", params(("id" = String, Path)),
    responses((status = 200, body = SessionView), (status = 404, body = ladeklar_api::Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SessionView>, ApiError> {
    let id = allowed_session(&state, &caller, Action::ShowSession, &id).await?;
    Ok(Json(charging::session_view(&state, &id).await?))
}

/// The session pushed as a `session` event (a whole [`SessionView`]) now, then an `update`
/// event ([`ladeklar_api::SessionUpdate`]: the changed fields and only the new samples) on
/// every change. A subscriber that fell behind gets a whole `session` again.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/live", params(("id" = String, Path)),
    responses((status = 200, description = "text/event-stream: a `session` event carrying a SessionView, then `update` events carrying a SessionUpdate"),
        (status = 404, body = ladeklar_api::Problem)))]
pub async fn live(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let id = allowed_session(&state, &caller, Action::FollowSession, &id).await?;
    let changes = state.live.subscribe(&id);
    let first = charging::session_view(&state, &id).await?;
    let cursor = LiveCursor::after(&first);
    let first_event = stream::once(async move { to_event("session", &first) });
    let updates = stream::unfold(
        (changes, state, id, cursor),
        |(mut changes, state, id, mut cursor)| async move {
            loop {
                let event = match changes.recv().await {
                    Ok(LiveChange::Samples(samples)) => match cursor.samples(&samples) {
                        Some(update) => to_event("update", &update),
                        None => continue,
                    },
                    Ok(LiveChange::Session) => match cursor.reread(&state, &id).await {
                        Ok(update) => to_event("update", &update),
                        Err(e) => {
                            tracing::warn!(session = %id, error = %e, "live view could not read the session");
                            continue;
                        }
                    },
                    // Fell behind: send the whole session again and go on from there.
                    Err(RecvError::Lagged(_)) => match charging::session_view(&state, &id).await {
                        Ok(view) => {
                            cursor = LiveCursor::after(&view);
                            to_event("session", &view)
                        }
                        Err(_) => continue,
                    },
                    Err(RecvError::Closed) => return None,
                };
                return Some((event, (changes, state, id, cursor)));
            }
        },
    );
    Ok(Sse::new(first_event.chain(updates)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// The caller's own sessions (JSON, or CSV to download), newest first.
#[utoipa::path(get, path = "/api/v1/account/sessions", params(ladeklar_api::HistoryQuery),
    responses((status = 200, body = ladeklar_api::SessionHistory, description = "JSON, or text/csv with format=csv"),
        (status = 400, body = ladeklar_api::Problem), (status = 401, body = ladeklar_api::Problem)))]
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    crate::error::QueryParams(q): crate::error::QueryParams<ladeklar_api::HistoryQuery>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let user = caller.user()?;
    caller.allow(Action::ReadAccountData, &ObjectOwner::Account { user: user.id })?;
    let history = charging::history::history(&state, &user.id, &q).await?;
    Ok(match q.format {
        Some(ladeklar_api::HistoryFormat::Csv) => (
            [
                (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    "attachment; filename=\"ladeklar-sessions.csv\"",
                ),
            ],
            charging::history::to_csv(&history),
        )
            .into_response(),
        _ => Json(history).into_response(),
    })
}

/// The receipt as a PDF download.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/receipt.pdf", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "the receipt, one A4 page"),
        (status = 404, body = ladeklar_api::Problem), (status = 409, body = ladeklar_api::Problem)))]
pub async fn receipt_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let id = allowed_session(&state, &caller, Action::ReadReceipt, &id).await?;
    let (receipt, pdf) = charging::receipt_with_pdf(&state, &id).await?;
    let disposition = format!("attachment; filename=\"ladeklar-{}.pdf\"", receipt.receipt_number);
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/pdf".to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        pdf,
    )
        .into_response())
}

fn to_event<T: serde::Serialize>(name: &str, body: &T) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event(name)
        .json_data(body)
        .unwrap_or_else(|_| Event::default().event(name)))
}

/// Asks the charger to stop (RemoteStopTransaction). The session completes and gets its
/// receipt when the charger sends StopTransaction.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/stop", params(("id" = String, Path)),
    responses((status = 202, body = SessionView), (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem),
        (status = 502, body = ladeklar_api::Problem, description = "charger_rejected: the charger answered with a CALLERROR (ocpp_error_code)"),
        (status = 504, body = ladeklar_api::Problem)))]
pub async fn stop(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<SessionView>), ApiError> {
    let id = allowed_session(&state, &caller, Action::StopSession, &id).await?;
    let view = charging::stop_session(&state, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/sessions/{id}/receipt", params(("id" = String, Path)),
    responses((status = 200, body = Receipt), (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem)))]
pub async fn receipt(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Receipt>, ApiError> {
    let id = allowed_session(&state, &caller, Action::ReadReceipt, &id).await?;
    Ok(Json(charging::receipt(&state, &id).await?))
}
