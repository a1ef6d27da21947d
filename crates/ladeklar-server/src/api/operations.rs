//! For support staff: transaction messages held in quarantine and stuck sessions.

use axum::extract::{Path, State};
use axum::Json;
use ladeklar_api::{
    ChargerLog, ChargerLogEntry, LogQuery, QuarantineEntry, QuarantineList, StuckQuery, StuckSession, StuckSessionList,
};
use ladeklar_core::session::SessionStatus;
use ladeklar_core::session_watch::stuck_for;

use ladeklar_core::accounts::{Action, ObjectOwner};

use crate::auth::Caller;
use crate::error::{ApiError, QueryParams};
use crate::AppState;
use ladeklar_store::{parse_enum, parse_instant};

/// Transaction messages answered with a CALLRESULT and held for review, newest first.
#[utoipa::path(get, path = "/api/v1/quarantine",
    responses((status = 200, body = QuarantineList)))]
pub async fn quarantine(State(state): State<AppState>, caller: Caller) -> Result<Json<QuarantineList>, ApiError> {
    caller.allow(Action::ListQuarantine, &ObjectOwner::Platform)?;
    let entries = state
        .store
        .quarantined(500)
        .await?
        .into_iter()
        .map(|row| {
            Ok(QuarantineEntry {
                id: row.id,
                received_at: parse_instant("received_at", &row.received_at)?,
                payload: serde_json::from_str(&row.payload_json)?,
                charger_id: row.charger_id,
                action: row.action,
                transaction_id: row.transaction_id,
                reason: row.reason,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Json(QuarantineList { entries }))
}

/// Sessions under way whose charger has sent nothing about them for longer than the limit
/// (`--stuck-after-s`, or `silent_for_s`), longest silent first.
#[utoipa::path(get, path = "/api/v1/sessions/stuck", params(StuckQuery),
    responses((status = 200, body = StuckSessionList), (status = 400, body = ladeklar_api::Problem)))]
pub async fn stuck_sessions(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(q): QueryParams<StuckQuery>,
) -> Result<Json<StuckSessionList>, ApiError> {
    caller.allow(Action::ListStuckSessions, &ObjectOwner::Platform)?;
    let limit_s = q.silent_for_s.unwrap_or(state.config.stuck_after_s);
    let limit = chrono::Duration::seconds(
        i64::try_from(limit_s).map_err(|_| ApiError::InvalidRequest("silent_for_s is too large".into()))?,
    );
    let now = state.now();
    let mut sessions = Vec::new();
    for row in state.store.sessions_under_way().await? {
        let status: SessionStatus = parse_enum("session status", &row.status)?;
        let Some(last) = row.last_message_at.as_deref().or(row.started_at.as_deref()) else {
            continue;
        };
        let last_message_at = parse_instant("last_message_at", last)?;
        if let Some(silent) = stuck_for(status, last_message_at, now, limit) {
            sessions.push(StuckSession {
                charger_online: state.links.is_online(&row.charger_id),
                connector_id: u32::try_from(row.connector_id).map_err(anyhow::Error::from)?,
                session_id: row.id,
                charger_id: row.charger_id,
                status,
                transaction_id: row.transaction_id,
                last_message_at,
                silent_s: silent.num_seconds(),
            });
        }
    }
    sessions.sort_by_key(|s| std::cmp::Reverse(s.silent_s));
    Ok(Json(StuckSessionList { limit_s, sessions }))
}

/// The charger's log: OCPP frames in and out and connection events, newest first.
#[utoipa::path(get, path = "/api/v1/chargers/{id}/log", params(("id" = String, Path, description = "Charge point id"), LogQuery),
    responses((status = 200, body = ChargerLog), (status = 400, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem)))]
pub async fn charger_log(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(q): QueryParams<LogQuery>,
) -> Result<Json<ChargerLog>, ApiError> {
    super::allow_on_charger(&state, &caller, Action::ReadChargerLog, &id).await?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::InvalidRequest(format!(
            "limit must be 1 to 1000, got {limit}"
        )));
    }
    if !state.store.charger_exists(&id).await? {
        return Err(ApiError::ChargerNotFound(id));
    }
    let entries = state
        .store
        .charger_log(&id, i64::from(limit))
        .await?
        .into_iter()
        .map(|row| {
            Ok(ChargerLogEntry {
                id: row.id,
                at: parse_instant("log at", &row.at)?,
                direction: row.direction,
                text: row.text,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Json(ChargerLog {
        charger_id: id,
        entries,
    }))
}
