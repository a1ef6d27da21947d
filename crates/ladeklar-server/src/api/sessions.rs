//! Sessions: start, show, follow live (Server-Sent Events), stop, receipt.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::{self, Stream, StreamExt};
use ladeklar_api::{Receipt, SessionView, StartSessionRequest};
use tokio_stream::wrappers::BroadcastStream;

use crate::charging;
use crate::error::{ApiError, JsonBody};
use crate::AppState;

fn session_id(raw: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| ApiError::SessionNotFound(raw.to_owned()))
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
    JsonBody(req): JsonBody<StartSessionRequest>,
) -> Result<(StatusCode, Json<SessionView>), ApiError> {
    let view = charging::start_session(&state, req).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/sessions/{id}", params(("id" = String, Path)),
    responses((status = 200, body = SessionView), (status = 404, body = ladeklar_api::Problem)))]
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<SessionView>, ApiError> {
    Ok(Json(charging::session_view(&state, &session_id(&id)?).await?))
}

/// The session pushed as a `session` event now and on every change.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/live", params(("id" = String, Path)),
    responses((status = 200, description = "text/event-stream of `session` events carrying a SessionView"),
        (status = 404, body = ladeklar_api::Problem)))]
pub async fn live(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let id = session_id(&id)?;
    let changes = BroadcastStream::new(state.live.subscribe());
    let first = charging::session_view(&state, &id).await?;
    let first_event = stream::once(async move { to_event(&first) });
    let updates = changes
        .filter_map({
            let id = id.clone();
            move |msg| {
                let id = id.clone();
                async move {
                    match msg {
                        Ok(changed) if changed == id => Some(()),
                        Ok(_) => None,
                        // Lagged: we missed notifications, so send the current state anyway.
                        Err(_) => Some(()),
                    }
                }
            }
        })
        .then(move |()| {
            let state = state.clone();
            let id = id.clone();
            async move { charging::session_view(&state, &id).await }
        })
        .filter_map(|view| async move { view.ok().map(|v| to_event(&v)) });
    Ok(Sse::new(first_event.chain(updates)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn to_event(view: &SessionView) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event("session")
        .json_data(view)
        .unwrap_or_else(|_| Event::default().event("session")))
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
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<SessionView>), ApiError> {
    let view = charging::stop_session(&state, &session_id(&id)?).await?;
    Ok((StatusCode::ACCEPTED, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/sessions/{id}/receipt", params(("id" = String, Path)),
    responses((status = 200, body = Receipt), (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem)))]
pub async fn receipt(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Receipt>, ApiError> {
    Ok(Json(charging::receipt(&state, &session_id(&id)?).await?))
}
