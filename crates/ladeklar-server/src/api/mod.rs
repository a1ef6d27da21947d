//! The JSON API under `/api/v1`, one router per resource, described by an OpenAPI document
//! at `/api/v1/openapi.json`.

mod chargers;
mod commands;
mod operations;
mod sessions;

use axum::routing::{get, post};
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ladeklar API",
        version = "1",
        description = "Find chargers, start and stop charging sessions, follow them live, get receipts."
    ),
    paths(
        chargers::list_near,
        chargers::detail,
        sessions::start,
        sessions::show,
        sessions::live,
        sessions::stop,
        sessions::receipt,
        operations::quarantine,
        operations::stuck_sessions,
        operations::charger_log,
        commands::send_command,
    ),
    components(schemas(
        ladeklar_api::ChargerList,
        ladeklar_api::ChargerSummary,
        ladeklar_api::ChargerDetail,
        ladeklar_api::ConnectorView,
        ladeklar_api::ConnectorStandard,
        ladeklar_api::PowerType,
        ladeklar_api::StartSessionRequest,
        ladeklar_api::SessionView,
        ladeklar_api::Receipt,
        ladeklar_api::ReceiptLine,
        ladeklar_api::Problem,
        ladeklar_api::ErrorCode,
        ladeklar_api::QuarantineEntry,
        ladeklar_api::QuarantineList,
        ladeklar_api::StuckSession,
        ladeklar_api::StuckSessionList,
        ladeklar_api::ChargerLog,
        ladeklar_api::ChargerLogEntry,
        ladeklar_api::ChargerCommand,
        ladeklar_api::CommandReply,
        ladeklar_api::ResetType,
        ladeklar_api::AvailabilityType,
        ladeklar_api::MessageTrigger,
        ladeklar_api::UpdateType,
        ladeklar_api::ChargingProfilePurpose,
        ladeklar_api::ChargingRateUnit,
    ))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/api/v1/chargers", get(chargers::list_near))
        .route("/api/v1/chargers/{id}", get(chargers::detail))
        .route("/api/v1/chargers/{id}/log", get(operations::charger_log))
        .route("/api/v1/chargers/{id}/commands", post(commands::send_command))
        .route("/api/v1/sessions", post(sessions::start))
        .route("/api/v1/sessions/stuck", get(operations::stuck_sessions))
        .route("/api/v1/quarantine", get(operations::quarantine))
        .route("/api/v1/sessions/{id}", get(sessions::show))
        .route("/api/v1/sessions/{id}/live", get(sessions::live))
        .route("/api/v1/sessions/{id}/stop", post(sessions::stop))
        .route("/api/v1/sessions/{id}/receipt", get(sessions::receipt))
}
