//! What chargers report: connector status, transaction start, meter values, transaction stop.

use anyhow::Context;
use chrono::{DateTime, Utc};
use ladeklar_core::authorization::AuthorizationDecision;
use ladeklar_core::session::{ConnectorStatus, SessionEvent, SessionStatus};
use ladeklar_ocpp::meter::read_meter_value;
use ladeklar_ocpp::v16::messages::{
    meter_values::MeterValuesRequest, start_transaction::StartTransactionRequest,
    status_notification::StatusNotificationRequest, stop_transaction::StopTransactionRequest,
};
use ladeklar_ocpp::v16::types::{ChargePointErrorCode, ChargePointStatus, MeterValue};
use rust_decimal::Decimal;

use super::LoadedSession;
use crate::store::{enum_str, parse_enum};
use crate::AppState;

/// OCPP ChargePointStatus in the domain's words.
pub fn connector_status(s: &ChargePointStatus) -> ConnectorStatus {
    match s {
        ChargePointStatus::Available => ConnectorStatus::Available,
        ChargePointStatus::Preparing => ConnectorStatus::Preparing,
        ChargePointStatus::Charging => ConnectorStatus::Charging,
        ChargePointStatus::SuspendedEVSE => ConnectorStatus::SuspendedEvse,
        ChargePointStatus::SuspendedEV => ConnectorStatus::SuspendedEv,
        ChargePointStatus::Finishing => ConnectorStatus::Finishing,
        ChargePointStatus::Reserved => ConnectorStatus::Reserved,
        ChargePointStatus::Unavailable => ConnectorStatus::Unavailable,
        ChargePointStatus::Faulted => ConnectorStatus::Faulted,
    }
}

pub async fn on_status_notification(
    state: &AppState,
    charger_id: &str,
    req: &StatusNotificationRequest,
) -> anyhow::Result<()> {
    let at = req.timestamp.unwrap_or_else(Utc::now);
    let status = connector_status(&req.status);
    let error_code = match req.error_code {
        ChargePointErrorCode::NoError => None,
        ref code => Some(serde_json::to_value(code)?.as_str().unwrap_or("OtherError").to_owned()),
    };
    if req.connector_id == 0 {
        // The charge point as a whole; connector rows carry what drivers see.
        tracing::info!(%charger_id, ?status, ?error_code, "charge point status");
        return Ok(());
    }
    let known = state
        .store
        .set_connector_status(
            charger_id,
            req.connector_id,
            &enum_str(&status),
            error_code.as_deref(),
            at,
        )
        .await?;
    if !known {
        tracing::warn!(%charger_id, connector_id = req.connector_id, "status for a connector that is not registered");
    }
    state.notify_charger(charger_id);
    Ok(())
}

/// Links StartTransaction to the driver's pending session (or opens one for an RFID start)
/// and returns the transaction id with the id tag's authorization. A replay of the same start
/// returns the same id.
pub async fn on_start_transaction(
    state: &AppState,
    charger_id: &str,
    req: &StartTransactionRequest,
) -> anyhow::Result<(i32, AuthorizationDecision)> {
    let store = &state.store;
    let now = Utc::now();
    let meter_start = i64::from(req.meter_start);
    if let Some(existing) = store
        .session_by_start_content(charger_id, req.connector_id, &req.id_tag, req.timestamp, meter_start)
        .await?
    {
        tracing::info!(%charger_id, session = %existing.id, "StartTransaction replayed; answering with the same transaction id");
        let decision =
            super::authorization::decide(state, &req.id_tag, existing.origin == "app", Some(&existing.id), now).await?;
        return Ok((transaction_id_of(existing.transaction_id)?, decision));
    }
    let pending = store
        .active_session_on(charger_id, req.connector_id)
        .await?
        .filter(|s| s.status == enum_str(&SessionStatus::Pending) && s.id_tag == req.id_tag);
    let (transaction_id, decision) = match pending {
        Some(session) => {
            let status: SessionStatus = parse_enum("session status", &session.status)?;
            status.apply(SessionEvent::TransactionStarted)?;
            let decision = super::authorization::decide(state, &req.id_tag, true, Some(&session.id), now).await?;
            let id = store.start_transaction(&session.id, req.timestamp, meter_start).await?;
            state.notify_session(&session.id);
            (id, decision)
        }
        None => {
            // Started at the charger (an RFID tag), not through the app.
            let decision = super::authorization::decide(state, &req.id_tag, false, None, now).await?;
            let charger = store.charger(charger_id).await?.context("charger vanished")?;
            let session_id = uuid::Uuid::new_v4().to_string();
            let id = store
                .insert_started_session(
                    &session_id,
                    charger_id,
                    req.connector_id,
                    &req.id_tag,
                    &charger.tariff_json,
                    &charger.time_zone,
                    req.timestamp,
                    meter_start,
                )
                .await?;
            tracing::info!(%charger_id, session = %session_id, "session started at the charger");
            state.notify_session(&session_id);
            (id, decision)
        }
    };
    Ok((transaction_id_of(Some(transaction_id))?, decision))
}

fn transaction_id_of(id: Option<i64>) -> anyhow::Result<i32> {
    let id = id.context("started session has no transaction id")?;
    i32::try_from(id).context("transaction id out of range")
}

pub async fn on_meter_values(state: &AppState, charger_id: &str, req: &MeterValuesRequest) -> anyhow::Result<()> {
    let Some(transaction_id) = req.transaction_id else {
        return Ok(()); // Connector-level readings outside a transaction: nothing to bill.
    };
    let Some(row) = state
        .store
        .session_by_transaction(charger_id, i64::from(transaction_id))
        .await?
    else {
        tracing::warn!(%charger_id, transaction_id, "MeterValues for an unknown transaction");
        return Ok(());
    };
    store_readings(state, &row.id, row.meter_start_wh, &req.meter_value).await?;
    state.notify_session(&row.id);
    Ok(())
}

async fn store_readings(
    state: &AppState,
    session_id: &str,
    meter_start_wh: Option<i64>,
    values: &[MeterValue],
) -> anyhow::Result<()> {
    let start = Decimal::from(meter_start_wh.unwrap_or(0));
    for mv in values {
        let reading = read_meter_value(mv);
        let Some(register) = reading.register_wh else { continue };
        let delivered = register - start;
        if delivered < Decimal::ZERO {
            tracing::warn!(%session_id, %register, "meter register below the start value; sample held back");
            continue;
        }
        let power = reading.power_w.map(|p| p.to_string());
        state
            .store
            .insert_sample(session_id, reading.at, &delivered.to_string(), power.as_deref())
            .await?;
    }
    Ok(())
}

/// Stores the stop and the final price. A repeated stop changes nothing.
pub async fn on_stop_transaction(
    state: &AppState,
    charger_id: &str,
    req: &StopTransactionRequest,
) -> anyhow::Result<()> {
    let Some(row) = state
        .store
        .session_by_transaction(charger_id, i64::from(req.transaction_id))
        .await?
    else {
        tracing::warn!(%charger_id, transaction_id = req.transaction_id, "StopTransaction for an unknown transaction; held for review");
        return Ok(());
    };
    let status: SessionStatus = parse_enum("session status", &row.status)?;
    if status == SessionStatus::Completed {
        tracing::info!(%charger_id, session = %row.id, "StopTransaction repeated; already completed");
        return Ok(());
    }
    status.apply(SessionEvent::TransactionStopped)?;
    if let Some(data) = &req.transaction_data {
        store_readings(state, &row.id, row.meter_start_wh, data).await?;
    }
    let meter_stop = i64::from(req.meter_stop);
    let delivered = meter_stop - row.meter_start_wh.unwrap_or(0);
    if delivered >= 0 {
        state
            .store
            .insert_sample(&row.id, req.timestamp, &delivered.to_string(), Some("0"))
            .await?;
    } else {
        tracing::warn!(session = %row.id, meter_stop, "meterStop below meterStart; final register ignored");
    }
    let id = row.id.clone();
    let samples = state.store.samples(&id).await?;
    let mut loaded = LoadedSession::load(row, &samples)?;
    loaded.stopped_at = Some(req.timestamp);
    let priced = loaded.price()?.context("a charging session has a start")?;
    let reason = req
        .reason
        .as_ref()
        .map(|r| serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_owned)));
    let reason = reason.flatten().unwrap_or_else(|| "Local".into());
    state
        .store
        .complete_session(
            &id,
            req.timestamp,
            meter_stop,
            &reason,
            &serde_json::to_string(&priced)?,
        )
        .await?;
    tracing::info!(session = %id, total = %priced.total.incl_vat, currency = %priced.currency, "session completed and priced");
    state.notify_session(&id);
    Ok(())
}

/// Fails sessions whose charger accepted the remote start but never sent StartTransaction.
pub async fn expire_pending_sessions(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<()> {
    let limit = chrono::Duration::seconds(i64::try_from(state.config.start_timeout_s).unwrap_or(i64::MAX / 2));
    for row in state.store.pending_sessions_before(now - limit).await? {
        let next = SessionStatus::Pending.apply(SessionEvent::StartTimedOut)?;
        state
            .store
            .set_session_status(
                &row.id,
                &enum_str(&next),
                Some("the charger did not start charging in time"),
            )
            .await?;
        state.notify_session(&row.id);
    }
    Ok(())
}
