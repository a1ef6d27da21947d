//! What chargers report: connector status, transaction start, meter values, transaction stop.

use anyhow::Context;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_core::authorization::{AuthorizationDecision, AuthorizationPurpose};
use ladeklar_core::session::{ConnectorStatus, SessionEvent, SessionStatus};
use ladeklar_core::session_events::meter::{
    meter_values_session, on_meter_values as on_meter_values_core, MeterOutcome,
};
use ladeklar_core::session_events::start::{
    on_start_transaction as on_start_transaction_core, StartInput, StartOutcome, StartTransaction,
};
use ladeklar_core::session_events::status::{on_status_notification as on_status_notification_core, StatusOutcome};
use ladeklar_core::session_events::stop::{
    on_stop_transaction as on_stop_transaction_core, StopInput, StopOutcome, StopTransaction,
};
use ladeklar_core::session_events::{connector_max_power_w, unknown_transaction_reason, MeterReading, ReadingContext};
use ladeklar_core::tariff::Tariff;
use ladeklar_ocpp::meter::read_meter_value;
use ladeklar_ocpp::v16::messages::{
    meter_values::MeterValuesRequest, start_transaction::StartTransactionRequest,
    status_notification::StatusNotificationRequest, stop_transaction::StopTransactionRequest,
};
use ladeklar_ocpp::v16::types::{ChargePointStatus, MeterValue, ReadingContext as OcppReadingContext};
use rust_decimal::Decimal;
use std::str::FromStr;

use super::authorization::{log_refusal, LoadedTag};
use super::{session_state, stored_samples};
use crate::AppState;
use ladeklar_store::enum_str;

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

/// StatusNotification: stored on the connector as `core::session_events::status` decides.
pub async fn on_status_notification(
    state: &AppState,
    charger_id: &str,
    req: &StatusNotificationRequest,
) -> anyhow::Result<()> {
    let error_code = serde_json::to_value(&req.error_code)?;
    let outcome = on_status_notification_core(
        req.connector_id,
        connector_status(&req.status),
        error_code.as_str().unwrap_or("OtherError"),
        req.timestamp,
        state.now(),
    );
    match outcome {
        StatusOutcome::ChargePoint { status, error_code } => {
            tracing::info!(%charger_id, ?status, ?error_code, "charge point status");
        }
        StatusOutcome::Connector {
            connector_id,
            status,
            error_code,
            at,
        } => {
            let known = state
                .store
                .set_connector_status(charger_id, connector_id, &enum_str(&status), error_code.as_deref(), at)
                .await?;
            if !known {
                tracing::warn!(%charger_id, connector_id, "status for a connector that is not registered");
            }
            // The support console's case views of this charger show its connectors live.
            state
                .live
                .send(&crate::cases::charger_live_key(charger_id), crate::LiveChange::Session);
            // Off the answer's path: the session on the connector shows its step (plug in,
            // waiting for the car, paused…) live, and a case waiting on a remote fix of this
            // connector hears it.
            let (after, charger) = (state.clone(), charger_id.to_owned());
            let code = error_code.clone();
            tokio::spawn(async move {
                match after.store.active_session_on(&charger, connector_id).await {
                    Ok(Some(session)) => after.notify_session(&session.id),
                    Ok(None) => {}
                    Err(e) => {
                        tracing::warn!(charger_id = %charger, error = %e, "finding the session on a status change failed")
                    }
                }
                if let Err(e) =
                    crate::cases::remote_fix::on_status(&after, &charger, connector_id, status, code.as_deref()).await
                {
                    tracing::warn!(charger_id = %charger, error = %e, "checking cases on a status change failed");
                }
            });
            state
                .finder
                .refresh(&state.store, &state.links, charger_id, state.now())
                .await?;
        }
    }
    Ok(())
}

/// StartTransaction: loads the session it may replay, the session on the connector and the
/// tag's records, asks `core::session_events::start`, writes the outcome in one statement and
/// returns the transaction id with the tag's authorization.
pub async fn on_start_transaction(
    state: &AppState,
    charger_id: &str,
    req: &StartTransactionRequest,
) -> anyhow::Result<(i32, AuthorizationDecision)> {
    let store = &state.store;
    let now = state.now();
    let message = StartTransaction {
        connector_id: req.connector_id,
        id_tag: req.id_tag.clone(),
        timestamp: req.timestamp,
        meter_start_wh: i64::from(req.meter_start),
    };
    let replayed = store
        .session_by_start_content(
            charger_id,
            req.connector_id,
            &req.id_tag,
            req.timestamp,
            message.meter_start_wh,
        )
        .await?
        .map(|r| session_state(&r))
        .transpose()?;
    let on_connector = store
        .active_session_on(charger_id, req.connector_id)
        .await?
        .map(|r| session_state(&r))
        .transpose()?;
    let tag = LoadedTag::load(state, &req.id_tag, AuthorizationPurpose::StartTransaction).await?;
    let outcome = on_start_transaction_core(
        StartInput {
            message: &message,
            replayed: replayed.as_ref(),
            on_connector: on_connector.as_ref(),
            tag: tag.records(),
        },
        now,
    )?;
    let (transaction_id, decision) = match outcome {
        StartOutcome::Replayed {
            transaction_id,
            authorization,
        } => {
            tracing::info!(%charger_id, transaction_id, "StartTransaction replayed; answering with the same transaction id");
            (transaction_id, authorization)
        }
        StartOutcome::StartPending {
            session_id,
            status,
            authorization,
        } => {
            let id = store
                .start_pending_session(&session_id, status, req.timestamp, message.meter_start_wh, now)
                .await?;
            state.notify_session(&session_id);
            (id, authorization)
        }
        StartOutcome::OpenAtCharger { status, authorization } => {
            // The price in effect when the charger started it (never later than now: a charger
            // clock ahead must not pick up a price set for later).
            let price = store
                .tariff_at(charger_id, req.timestamp.min(now))
                .await?
                .context("charger vanished")?;
            let session_id = uuid::Uuid::new_v4().to_string();
            let id = store
                .insert_started_session(
                    &session_id,
                    charger_id,
                    req.connector_id,
                    &req.id_tag,
                    status,
                    &price,
                    req.timestamp,
                    message.meter_start_wh,
                    now,
                )
                .await?;
            tracing::info!(%charger_id, session = %session_id, "session started at the charger");
            state.notify_session(&session_id);
            (id, authorization)
        }
        StartOutcome::Quarantine { reason, authorization } => {
            let id = store
                .quarantine_start(charger_id, &reason, &serde_json::to_string(req)?, now)
                .await?;
            tracing::warn!(%charger_id, transaction_id = id, %reason, "StartTransaction quarantined");
            (id, authorization)
        }
    };
    log_refusal(&req.id_tag, &decision);
    Ok((
        i32::try_from(transaction_id).context("transaction id out of range")?,
        decision,
    ))
}

/// MeterValues: finds the session (core's `meter_values_session`), loads the samples around
/// the new readings, asks `core::session_events::meter` and writes the outcome in one
/// transaction.
pub async fn on_meter_values(state: &AppState, charger_id: &str, req: &MeterValuesRequest) -> anyhow::Result<()> {
    let store = &state.store;
    let now = state.now();
    let transaction_id = req.transaction_id.map(i64::from);
    let (by_transaction, on_connector) = match transaction_id {
        Some(id) => (store.session_by_transaction(charger_id, id).await?, None),
        None => (None, store.active_session_on(charger_id, req.connector_id).await?),
    };
    let by_transaction = by_transaction.as_ref().map(session_state).transpose()?;
    let on_connector = on_connector.as_ref().map(session_state).transpose()?;
    let Some(session) = meter_values_session(transaction_id, by_transaction.as_ref(), on_connector.as_ref()) else {
        if let Some(id) = transaction_id {
            let owner = store.charger_of_transaction(id).await?;
            let reason = unknown_transaction_reason(id, charger_id, owner.as_deref());
            store
                .quarantine(
                    charger_id,
                    "MeterValues",
                    Some(id),
                    &reason,
                    &serde_json::to_string(req)?,
                    now,
                )
                .await?;
            tracing::warn!(%charger_id, transaction_id = id, %reason, "MeterValues quarantined");
        }
        return Ok(());
    };
    let readings = meter_readings(&req.meter_value);
    let known = match readings.iter().map(|r| r.at).min() {
        Some(from) => stored_samples(&store.samples_around(&session.id, from).await?)?,
        None => Vec::new(),
    };
    let max_power_w = max_power_w(state, charger_id, req.connector_id).await?;
    match on_meter_values_core(session, &known, &readings, max_power_w, now) {
        MeterOutcome::Quarantine { reason } => {
            store
                .quarantine(
                    charger_id,
                    "MeterValues",
                    session.transaction_id,
                    &reason,
                    &serde_json::to_string(req)?,
                    now,
                )
                .await?;
            tracing::warn!(%charger_id, session = %session.id, %reason, "MeterValues quarantined");
        }
        MeterOutcome::Record {
            samples,
            anomalies,
            found,
            heard_at,
        } => {
            for a in &found {
                tracing::warn!(session = %session.id, anomaly = %a, "meter anomaly; session held from billing");
            }
            store
                .record_meter_values(&session.id, &samples, anomalies.as_deref(), heard_at)
                .await?;
            if !samples.is_empty() {
                state.notify_samples(&session.id, samples);
                if let Some(payments) = state.payments.clone() {
                    // Not on the charger's own read loop: the stop it may send waits for
                    // the charger's answer.
                    let (state, id) = (state.clone(), session.id.clone());
                    tokio::spawn(async move {
                        if let Err(e) = crate::payments::settle::stop_at_cap(&state, &payments, &id).await {
                            tracing::warn!(session = %id, error = %e, "could not check the spending cap");
                        }
                    });
                }
            }
        }
    }
    Ok(())
}

/// OCPP MeterValue elements as core's readings.
fn meter_readings(values: &[MeterValue]) -> Vec<MeterReading> {
    values
        .iter()
        .map(|mv| {
            let r = read_meter_value(mv);
            MeterReading {
                at: r.at,
                register_wh: r.register_wh,
                power_w: r.power_w,
                context: match r.context {
                    Some(OcppReadingContext::TransactionBegin) => ReadingContext::TransactionBegin,
                    Some(OcppReadingContext::TransactionEnd) => ReadingContext::TransactionEnd,
                    _ => ReadingContext::Sample,
                },
            }
        })
        .collect()
}

/// The connector's power limit for the meter checks (core's `connector_max_power_w`).
async fn max_power_w(state: &AppState, charger_id: &str, connector_id: u32) -> anyhow::Result<Decimal> {
    let registered = state
        .store
        .connector(charger_id, i64::from(connector_id))
        .await?
        .and_then(|c| Decimal::from_str(&c.max_power_kw).ok());
    Ok(connector_max_power_w(registered))
}

/// Keeps a StopTransaction for review (the quarantine) instead of applying it; the charger
/// still gets its CALLRESULT.
async fn quarantine_stop(
    state: &AppState,
    charger_id: &str,
    req: &StopTransactionRequest,
    reason: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    state
        .store
        .quarantine(
            charger_id,
            "StopTransaction",
            Some(i64::from(req.transaction_id)),
            reason,
            &serde_json::to_string(req)?,
            now,
        )
        .await?;
    tracing::warn!(%charger_id, transaction_id = req.transaction_id, %reason, "StopTransaction quarantined for review");
    Ok(())
}

/// StopTransaction: loads the session, its samples and tariff, asks
/// `core::session_events::stop`, and writes the completed, priced session in one
/// transaction (or quarantines the message). A repeated stop changes nothing.
pub async fn on_stop_transaction(
    state: &AppState,
    charger_id: &str,
    req: &StopTransactionRequest,
) -> anyhow::Result<()> {
    let store = &state.store;
    let now = state.now();
    let transaction_id = i64::from(req.transaction_id);
    let Some(row) = store.session_by_transaction(charger_id, transaction_id).await? else {
        let owner = store.charger_of_transaction(transaction_id).await?;
        let reason = unknown_transaction_reason(transaction_id, charger_id, owner.as_deref());
        return quarantine_stop(state, charger_id, req, &reason, now).await;
    };
    let session = session_state(&row)?;
    let samples = stored_samples(&store.samples(&row.id).await?)?;
    let tariff = Tariff::from_json(&row.tariff_json).context("stored session tariff")?;
    let tz = Tz::from_str(&row.time_zone).map_err(|e| anyhow::anyhow!("stored time zone {:?}: {e}", row.time_zone))?;
    let connector_id = u32::try_from(row.connector_id).context("stored connector id")?;
    let message = StopTransaction {
        transaction_id,
        meter_stop_wh: i64::from(req.meter_stop),
        timestamp: req.timestamp,
        reason: req
            .reason
            .as_ref()
            .and_then(|r| serde_json::to_value(r).ok())
            .and_then(|v| v.as_str().map(str::to_owned)),
        readings: req.transaction_data.as_deref().map(meter_readings).unwrap_or_default(),
    };
    let outcome = on_stop_transaction_core(
        StopInput {
            message: &message,
            session: &session,
            samples: &samples,
            tariff: &tariff,
            tz,
            max_power_w: max_power_w(state, charger_id, connector_id).await?,
        },
        now,
    );
    let stop = match outcome {
        StopOutcome::AlreadyCompleted => {
            tracing::info!(%charger_id, session = %row.id, "StopTransaction repeated; already completed");
            return Ok(());
        }
        StopOutcome::Quarantine { reason } => return quarantine_stop(state, charger_id, req, &reason, now).await,
        StopOutcome::Complete(stop) => stop,
    };
    for a in &stop.found {
        tracing::warn!(session = %row.id, anomaly = %a, "meter anomaly; session held from billing");
    }
    if !store.complete_stop(&row.id, &stop).await? {
        tracing::info!(%charger_id, session = %row.id, "StopTransaction raced a stop of the same session; already completed");
        return Ok(());
    }
    if stop.held_from_billing {
        tracing::warn!(session = %row.id, total = %stop.priced.total.incl_vat, "session completed with meter anomalies; held from billing");
    } else {
        tracing::info!(session = %row.id, total = %stop.priced.total.incl_vat, currency = %stop.priced.currency, "session completed and priced");
    }
    state.notify_session(&row.id);
    if let Some(payments) = state.payments.clone() {
        // The capture is a call to Stripe: not on the charger's read loop. A crash before it
        // is made leaves the payment `start_sent` with a completed session, which the
        // reconciliation job captures.
        let (state, id) = (state.clone(), row.id.clone());
        tokio::spawn(async move {
            if let Err(e) = crate::payments::settle::session_completed(&state, &payments, &id).await {
                tracing::warn!(session = %id, error = %e, "the session's payment could not be settled now; reconciliation will");
            }
            state.notify_session(&id);
        });
    }
    Ok(())
}

/// Fails sessions whose charger accepted the remote start but never sent StartTransaction.
pub async fn expire_pending_sessions(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<()> {
    let limit = chrono::Duration::seconds(i64::try_from(state.config.start_timeout_s).unwrap_or(i64::MAX / 2));
    for row in state.store.pending_sessions_before(now - limit).await? {
        let next = SessionStatus::Pending.apply(SessionEvent::StartTimedOut)?;
        state
            .store
            .set_session_status(&row.id, next, Some(ladeklar_core::session_step::START_TIMED_OUT))
            .await?;
        state.notify_session(&row.id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use ladeklar_ocpp::Frame;
    use serde_json::{json, Value};

    use crate::ocpp::{handle_text, Reaction};
    use crate::{AppState, Config, Store};

    async fn state(data: &std::path::Path) -> AppState {
        let config = Config::for_tests(data.to_path_buf());
        let store = Store::open(&config.database_url()).await.unwrap();
        crate::demo::seed_if_empty(&store, chrono::Utc::now()).await.unwrap();
        AppState::new(store, Arc::new(config), "http://127.0.0.1").unwrap()
    }

    async fn call(state: &AppState, id: &str, action: &str, payload: Value) -> Frame {
        let text = json!([2, id, action, payload]).to_string();
        match handle_text(state, "OSLO-STORO-DC1", &text).await {
            Reaction::Answer(answer) => answer,
            other => panic!("{action}: {other:?}"),
        }
    }

    /// Found by the handler fuzz target: a Stop whose times cannot be priced (here a charger
    /// clock that started the transaction in 2001) was answered InternalError, so the charger
    /// would retry it forever and the stop was never kept.
    #[tokio::test]
    async fn a_stop_that_cannot_be_priced_is_answered_and_quarantined() {
        let data = tempfile::tempdir().unwrap();
        let state = state(data.path()).await;
        let start = call(
            &state,
            "s",
            "StartTransaction",
            json!({"connectorId": 1, "idTag": "DEMO-RFID-0001", "meterStart": 1000,
                "timestamp": "2001-01-01T00:00:00Z"}),
        )
        .await;
        let Frame::CallResult { payload, .. } = start else {
            panic!("{start:?}")
        };
        let transaction_id = payload["transactionId"].as_i64().unwrap();
        let stop = json!({"transactionId": transaction_id, "meterStop": 5000,
            "timestamp": "2026-11-24T10:30:00Z", "reason": "Local"});
        for attempt in ["t1", "t2"] {
            let answer = call(&state, attempt, "StopTransaction", stop.clone()).await;
            assert!(
                matches!(&answer, Frame::CallResult { id, .. } if id == attempt),
                "{answer:?}"
            );
        }
        let held = state.store.quarantined(10).await.unwrap();
        assert_eq!(held.len(), 1, "one entry per content: {held:?}");
        assert_eq!(held[0].transaction_id, Some(transaction_id));
        assert!(held[0].reason.contains("cannot be priced"), "{}", held[0].reason);
    }
}
