//! What drivers ask for: start a session on a connector, stop it.

use std::time::Duration;

use chrono::Utc;
use ladeklar_api::{SessionView, StartSessionRequest};
use ladeklar_core::session::{can_start, ConnectorStatus, SessionEvent, SessionStatus};
use ladeklar_ocpp::v16::messages::remote_start_transaction::RemoteStartTransactionRequest;
use ladeklar_ocpp::v16::messages::remote_stop_transaction::RemoteStopTransactionRequest;
use ladeklar_ocpp::v16::types::RemoteStartStopStatus;
use ladeklar_ocpp::{CentralSystemCall, CentralSystemCallResult};

use super::session_view;
use crate::error::ApiError;
use crate::AppState;
use ladeklar_core::accounts::UserId;
use ladeklar_store::{parse_enum, NewPendingSession, StoreError};

/// `driver`: the signed-in caller, whose session it becomes; `None` for an ad-hoc start.
pub async fn start_session(
    state: &AppState,
    req: StartSessionRequest,
    driver: Option<UserId>,
) -> Result<SessionView, ApiError> {
    let store = &state.store;
    let charger = store
        .charger(&req.charger_id)
        .await?
        .ok_or_else(|| ApiError::ChargerNotFound(req.charger_id.clone()))?;
    let connector = store
        .connectors_of(&charger.id)
        .await?
        .into_iter()
        .find(|c| c.connector_id == i64::from(req.connector_id))
        .ok_or_else(|| ApiError::ConnectorNotFound {
            charger_id: charger.id.clone(),
            connector_id: req.connector_id,
        })?;
    let status: ConnectorStatus = parse_enum("connector status", &connector.status)?;
    let active = store.active_session_on(&charger.id, req.connector_id).await?.is_some();
    let link = state.links.get(&charger.id);
    can_start(link.is_some(), status, active).map_err(|refusal| ApiError::CannotStart {
        charger_id: charger.id.clone(),
        connector_id: req.connector_id,
        refusal,
    })?;
    let link = link.ok_or(ApiError::CannotStart {
        charger_id: charger.id.clone(),
        connector_id: req.connector_id,
        refusal: ladeklar_core::session::StartRefusal::ChargerOffline,
    })?;

    let session_id = uuid::Uuid::new_v4();
    // The server issues the session's tag: a client never chooses the tag a charger is
    // told to authorise (a blocked RFID tag cannot start through the API).
    let id_tag = app_id_tag(&session_id);
    let inserted = store
        .insert_pending_session(
            &NewPendingSession {
                id: &session_id.to_string(),
                charger_id: &charger.id,
                connector_id: req.connector_id,
                id_tag: &id_tag,
                tariff_json: &charger.tariff_json,
                time_zone: &charger.time_zone,
                driver,
            },
            Utc::now(),
        )
        .await;
    if let Err(e) = inserted {
        if matches!(e, StoreError::Conflict(_)) {
            return Err(ApiError::CannotStart {
                charger_id: charger.id,
                connector_id: req.connector_id,
                refusal: ladeklar_core::session::StartRefusal::ConnectorOccupied,
            });
        }
        return Err(e.into());
    }
    state.notify_session(&session_id.to_string());

    let call = CentralSystemCall::RemoteStartTransaction(RemoteStartTransactionRequest {
        connector_id: Some(req.connector_id),
        id_tag,
        charging_profile: None,
    });
    let (action, payload) = call.to_action_payload();
    let answer = link
        .call(action, payload, Duration::from_secs(state.config.call_timeout_s))
        .await;
    let accepted = match answer {
        Ok(payload) => remote_start_stop_accepted(action, &payload),
        Err(ref failure) => {
            fail_pending(
                state,
                &session_id.to_string(),
                SessionEvent::StartTimedOut,
                &failure.to_string(),
            )
            .await?;
            return Err(ApiError::from_call_failure(&charger.id, action, failure.clone()));
        }
    };
    if !accepted {
        fail_pending(
            state,
            &session_id.to_string(),
            SessionEvent::RemoteStartRejected,
            "the charger refused to start",
        )
        .await?;
        return Err(ApiError::ChargerRejected("RemoteStartTransaction was rejected".into()));
    }
    session_view(state, &session_id.to_string()).await
}

/// Whether a charger's CALLRESULT to RemoteStart/StopTransaction accepts; a reply that breaks
/// the OCPP 1.6 response schema counts as a refusal (and is logged with the violation).
fn remote_start_stop_accepted(action: &str, payload: &serde_json::Value) -> bool {
    match CentralSystemCallResult::parse(action, payload) {
        Ok(CentralSystemCallResult::RemoteStartTransaction(r)) => r.status == RemoteStartStopStatus::Accepted,
        Ok(CentralSystemCallResult::RemoteStopTransaction(r)) => r.status == RemoteStartStopStatus::Accepted,
        Ok(_) => false,
        Err(e) => {
            tracing::warn!(%action, reply = %payload, violation = %e, "charger's reply is not the OCPP response");
            false
        }
    }
}

/// The id tag an app-started session is authorised with (OCPP IdToken: at most 20 characters).
fn app_id_tag(session_id: &uuid::Uuid) -> String {
    let hex = session_id.simple().to_string();
    format!("APP{}", &hex[..16])
}

async fn fail_pending(state: &AppState, session_id: &str, event: SessionEvent, reason: &str) -> Result<(), ApiError> {
    let Some(row) = state.store.session(session_id).await? else {
        return Ok(());
    };
    let status: SessionStatus = parse_enum("session status", &row.status)?;
    // The charger may already have sent StartTransaction; then the session is no longer pending.
    if let Ok(next) = status.apply(event) {
        state.store.set_session_status(session_id, next, Some(reason)).await?;
        state.notify_session(session_id);
    }
    Ok(())
}

pub async fn stop_session(state: &AppState, session_id: &str) -> Result<SessionView, ApiError> {
    let row = state
        .store
        .session(session_id)
        .await?
        .ok_or_else(|| ApiError::SessionNotFound(session_id.into()))?;
    let status: SessionStatus = parse_enum("session status", &row.status)?;
    let not_active = || ApiError::SessionNotActive {
        id: session_id.into(),
        status: row.status.clone(),
    };
    let stopping = status.apply(SessionEvent::StopRequested).map_err(|_| not_active())?;
    let transaction_id = row
        .transaction_id
        .and_then(|t| i32::try_from(t).ok())
        .ok_or_else(not_active)?;
    let link = state.links.get(&row.charger_id).ok_or(ApiError::CannotStart {
        charger_id: row.charger_id.clone(),
        connector_id: u32::try_from(row.connector_id).unwrap_or_default(),
        refusal: ladeklar_core::session::StartRefusal::ChargerOffline,
    })?;
    state.store.set_session_status(session_id, stopping, None).await?;
    state.notify_session(session_id);
    let call = CentralSystemCall::RemoteStopTransaction(RemoteStopTransactionRequest { transaction_id });
    let (action, payload) = call.to_action_payload();
    let answer = link
        .call(action, payload, Duration::from_secs(state.config.call_timeout_s))
        .await;
    let refused = match answer {
        Ok(payload) if remote_start_stop_accepted(action, &payload) => None,
        Ok(_) => Some(ApiError::ChargerRejected(
            "RemoteStopTransaction was not accepted".into(),
        )),
        Err(failure) => Some(ApiError::from_call_failure(&row.charger_id, action, failure)),
    };
    if let Some(refused) = refused {
        // Back to charging, unless the StopTransaction already arrived meanwhile.
        if let Some(now) = state.store.session(session_id).await? {
            if SessionStatus::parse(&now.status) == Some(SessionStatus::Stopping) {
                let back = SessionStatus::Stopping
                    .apply(SessionEvent::RemoteStopRejected)
                    .map_err(anyhow::Error::from)?;
                state.store.set_session_status(session_id, back, None).await?;
                state.notify_session(session_id);
            }
        }
        return Err(refused);
    }
    session_view(state, session_id).await
}
