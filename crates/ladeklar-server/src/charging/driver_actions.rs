//! What drivers ask for: start a session on a connector, stop it.

use std::time::Duration;

use anyhow::Context;
use ladeklar_api::{SessionView, StartSessionRequest};
use ladeklar_core::payments::{PaymentEvent, PaymentState};
use ladeklar_core::session::{can_start, ConnectorStatus, SessionEvent, SessionStatus};
use ladeklar_core::tariff::Tariff;
use ladeklar_ocpp::v16::messages::remote_start_transaction::RemoteStartTransactionRequest;
use ladeklar_ocpp::v16::messages::remote_stop_transaction::RemoteStopTransactionRequest;
use ladeklar_ocpp::v16::types::RemoteStartStopStatus;
use ladeklar_ocpp::{CentralSystemCall, CentralSystemCallResult};

use super::session_view;
use crate::error::ApiError;
use crate::{payments, AppState};
use chrono::{DateTime, Utc};
use ladeklar_core::accounts::UserId;
use ladeklar_store::{parse_enum, NewPendingSession, StoreError, TariffAt};

/// `driver`: the signed-in caller, whose session it becomes; `None` for an ad-hoc start.
///
/// On a server that takes payment the start must say how it is paid: the hold is made
/// first, and RemoteStartTransaction is sent only once it is in place. A card that needs
/// 3-D Secure leaves the session pending with the payment `action_required` (the app
/// completes it, then calls [`continue_after_authentication`]).
pub async fn start_session(
    state: &AppState,
    req: StartSessionRequest,
    driver: Option<UserId>,
) -> Result<SessionView, ApiError> {
    let requested_at = state.now();
    let price = check_start(state, &req.charger_id, req.connector_id, requested_at).await?;
    let prepared = match (&state.payments, &req.payment) {
        (Some(payments), Some(pay)) => {
            let tariff = Tariff::from_json(&price.tariff_json).context("stored tariff")?;
            Some(payments::start::prepare(state, payments, &tariff, pay, driver.as_ref()).await?)
        }
        (Some(_), None) => return Err(ApiError::PaymentRequired),
        (None, _) => None,
    };

    let session_id = insert_pending(state, &req.charger_id, req.connector_id, &price, driver, requested_at).await?;
    state.notify_session(&session_id);

    if let (Some(payments), Some(prepared)) = (&state.payments, &prepared) {
        let held = payments::start::hold(state, payments, prepared, &session_id, driver.as_ref()).await;
        let row = match held {
            Ok(row) => row,
            Err(e) => {
                fail_pending(
                    state,
                    &session_id,
                    SessionEvent::RemoteStartRejected,
                    "the payment could not be made",
                )
                .await?;
                return Err(e);
            }
        };
        match PaymentState::parse(&row.state) {
            Some(PaymentState::Held) => {}
            Some(PaymentState::ActionRequired) => return session_view(state, &session_id).await,
            Some(PaymentState::Failed) => {
                let why = row.failure.clone().unwrap_or_else(|| "the card was declined".into());
                fail_pending(
                    state,
                    &session_id,
                    SessionEvent::RemoteStartRejected,
                    &format!("payment: {why}"),
                )
                .await?;
                return Err(ApiError::CardDeclined(format!(
                    "{}; nothing was held and charging did not start",
                    why.trim_end_matches('.')
                )));
            }
            _ => {
                fail_pending(
                    state,
                    &session_id,
                    SessionEvent::RemoteStartRejected,
                    "the payment provider did not answer",
                )
                .await?;
                return Err(ApiError::PaymentsUnavailable(
                    "the card hold could not be confirmed; nothing will be charged".into(),
                ));
            }
        }
    }
    remote_start(state, &session_id).await
}

/// The checks before any start (a driver's or a technician's test charge): the charger and
/// connector exist and core's `can_start` allows it; the price in effect at `now`, which the
/// session keeps (a price change from a later moment does not touch it).
pub(crate) async fn check_start(
    state: &AppState,
    charger_id: &str,
    connector_id: u32,
    now: DateTime<Utc>,
) -> Result<TariffAt, ApiError> {
    let store = &state.store;
    let charger = store
        .charger(charger_id, now)
        .await?
        .ok_or_else(|| ApiError::ChargerNotFound(charger_id.to_owned()))?;
    let price = store
        .tariff_at(&charger.id, now)
        .await?
        .ok_or_else(|| ApiError::ChargerNotFound(charger_id.to_owned()))?;
    let connector = store
        .connector(&charger.id, i64::from(connector_id))
        .await?
        .ok_or_else(|| ApiError::ConnectorNotFound {
            charger_id: charger.id.clone(),
            connector_id,
        })?;
    let status: ConnectorStatus = parse_enum("connector status", &connector.status)?;
    let active = store.active_session_on(&charger.id, connector_id).await?.is_some();
    let online = state.links.is_online(&charger.id);
    can_start(online, status, active).map_err(|refusal| ApiError::CannotStart {
        charger_id: charger.id.clone(),
        connector_id,
        refusal,
    })?;
    Ok(price)
}

/// Writes the pending session at `price` with the tag the server issues for it — a client
/// never chooses the tag a charger is told to authorise (a blocked RFID tag cannot start
/// through the API) — and tells the session's watchers; a session that got there first is
/// `connector_occupied`. Its id.
pub(crate) async fn insert_pending(
    state: &AppState,
    charger_id: &str,
    connector_id: u32,
    price: &TariffAt,
    driver: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let session_id = uuid::Uuid::new_v4();
    let id_tag = app_id_tag(&session_id);
    let inserted = state
        .store
        .insert_pending_session(
            &NewPendingSession {
                id: &session_id.to_string(),
                charger_id,
                connector_id,
                id_tag: &id_tag,
                tariff_json: &price.tariff_json,
                tariff_version_id: price.version_id.as_deref(),
                time_zone: &price.time_zone,
                driver,
            },
            now,
        )
        .await;
    match inserted {
        Ok(_) => {}
        Err(StoreError::Conflict(_)) => {
            return Err(ApiError::CannotStart {
                charger_id: charger_id.to_owned(),
                connector_id,
                refusal: ladeklar_core::session::StartRefusal::ConnectorOccupied,
            })
        }
        Err(e) => return Err(e.into()),
    }
    let session_id = session_id.to_string();
    state.notify_session(&session_id);
    Ok(session_id)
}

/// The driver completed (or gave up) 3-D Secure for a start's hold: reads the hold back and,
/// once it is in place, sends RemoteStartTransaction.
pub async fn continue_after_authentication(state: &AppState, session_id: &str) -> Result<SessionView, ApiError> {
    let payments = state
        .payments
        .as_ref()
        .ok_or_else(|| ApiError::PaymentsUnavailable("this server takes no payments".into()))?;
    let row = state
        .store
        .payment_of_session(session_id)
        .await?
        .ok_or_else(|| ApiError::SessionNotFound(session_id.into()))?;
    if row.state != PaymentState::ActionRequired.as_str() {
        return session_view(state, session_id).await;
    }
    let row = payments::reconcile::reconcile_one(state, payments, row)
        .await
        .map_err(payments::start::flow_error)?;
    match PaymentState::parse(&row.state) {
        Some(PaymentState::Held) => remote_start(state, session_id).await,
        Some(PaymentState::Failed) => {
            let why = row
                .failure
                .clone()
                .unwrap_or_else(|| "3-D Secure was not completed".into());
            fail_pending(
                state,
                session_id,
                SessionEvent::RemoteStartRejected,
                &format!("payment: {why}"),
            )
            .await?;
            Err(ApiError::CardDeclined(format!(
                "{}; nothing was held and charging did not start",
                why.trim_end_matches('.')
            )))
        }
        _ => session_view(state, session_id).await,
    }
}

/// Sends RemoteStartTransaction for a pending session (its hold, if paid, is in place).
pub(crate) async fn remote_start(state: &AppState, session_id: &str) -> Result<SessionView, ApiError> {
    let row = state
        .store
        .session(session_id)
        .await?
        .ok_or_else(|| ApiError::SessionNotFound(session_id.into()))?;
    let connector_id = u32::try_from(row.connector_id).context("stored connector id")?;
    let payment = match (&state.payments, state.store.payment_of_session(session_id).await?) {
        (Some(payments), Some(p)) => Some(
            payments::flow::advance(state, payments, p, PaymentEvent::StartSending)
                .await
                .map_err(payments::start::flow_error)?,
        ),
        _ => None,
    };
    let refused = |state: &AppState| release_hold(state.clone(), payment.clone());
    let Some(link) = state.links.get(&row.charger_id) else {
        fail_pending(
            state,
            session_id,
            SessionEvent::StartTimedOut,
            "the charger went offline",
        )
        .await?;
        refused(state).await;
        return Err(ApiError::ChargerOffline(row.charger_id));
    };
    let call = CentralSystemCall::RemoteStartTransaction(RemoteStartTransactionRequest {
        connector_id: Some(connector_id),
        id_tag: row.id_tag.clone(),
        charging_profile: None,
    });
    let (action, payload) = call.to_action_payload();
    let answer = link
        .call(action, payload, Duration::from_secs(state.config.call_timeout_s))
        .await;
    let accepted = match answer {
        Ok(payload) => remote_start_stop_accepted(action, &payload),
        Err(ref failure) => {
            fail_pending(state, session_id, SessionEvent::StartTimedOut, &failure.to_string()).await?;
            refused(state).await;
            return Err(ApiError::from_link_failure(&row.charger_id, action, failure.clone()));
        }
    };
    if !accepted {
        fail_pending(
            state,
            session_id,
            SessionEvent::RemoteStartRejected,
            "the charger refused to start",
        )
        .await?;
        refused(state).await;
        return Err(ApiError::ChargerRejected("RemoteStartTransaction was rejected".into()));
    }
    session_view(state, session_id).await
}

/// A start that did not happen releases its hold (or the reconciliation job will).
async fn release_hold(state: AppState, payment: Option<ladeklar_store::PaymentRow>) {
    let (Some(payments), Some(p)) = (&state.payments, payment) else {
        return;
    };
    if let Err(e) = payments::flow::advance(&state, payments, p, PaymentEvent::StartRefused).await {
        tracing::warn!(error = %e, "the hold of a refused start could not be released now; reconciliation will");
    }
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
pub(crate) fn app_id_tag(session_id: &uuid::Uuid) -> String {
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
        Err(failure) => Some(ApiError::from_link_failure(&row.charger_id, action, failure)),
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
