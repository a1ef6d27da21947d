//! What chargers report: connector status, transaction start, meter values, transaction stop.

use anyhow::Context;
use chrono::{DateTime, Utc};
use ladeklar_core::authorization::{AuthorizationDecision, AuthorizationPurpose};
use ladeklar_core::meter_check::{check_step, MeterAnomaly, RegisterReading};
use ladeklar_core::pricing::PricingError;
use ladeklar_core::session::{ConnectorStatus, SessionEvent, SessionStatus};
use ladeklar_ocpp::meter::read_meter_value;
use ladeklar_ocpp::v16::messages::{
    meter_values::MeterValuesRequest, start_transaction::StartTransactionRequest,
    status_notification::StatusNotificationRequest, stop_transaction::StopTransactionRequest,
};
use ladeklar_ocpp::v16::types::{ChargePointErrorCode, ChargePointStatus, MeterValue};
use rust_decimal::Decimal;
use std::str::FromStr;

use super::LoadedSession;
use crate::store::{enum_str, parse_enum, parse_instant, SessionRow};
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
        let decision = super::authorization::decide(
            state,
            &req.id_tag,
            AuthorizationPurpose::StartTransaction,
            existing.origin == "app",
            Some(&existing.id),
            now,
        )
        .await?;
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
            let decision = super::authorization::decide(
                state,
                &req.id_tag,
                AuthorizationPurpose::StartTransaction,
                true,
                Some(&session.id),
                now,
            )
            .await?;
            let id = store.start_transaction(&session.id, req.timestamp, meter_start).await?;
            state.notify_session(&session.id);
            (id, decision)
        }
        None => {
            // Started at the charger (an RFID tag), not through the app.
            let decision = super::authorization::decide(
                state,
                &req.id_tag,
                AuthorizationPurpose::StartTransaction,
                false,
                None,
                now,
            )
            .await?;
            if let Some(holder) = store.active_session_on(charger_id, req.connector_id).await? {
                // A second Start on a connector that has a session under way (steve#1295):
                // answered with its own transaction id so the charger can report its stop, and
                // held for review instead of opening a second session on the connector.
                let reason = format!(
                    "connector {} already has session {} ({}) under way",
                    req.connector_id, holder.id, holder.status
                );
                let id = store
                    .quarantine_start(charger_id, &reason, &serde_json::to_string(req)?, now)
                    .await?;
                tracing::warn!(%charger_id, transaction_id = id, %reason, "StartTransaction quarantined");
                return Ok((transaction_id_of(Some(id))?, decision));
            }
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
    let store = &state.store;
    let now = Utc::now();
    let row = match req.transaction_id {
        Some(transaction_id) => {
            store
                .session_by_transaction(charger_id, i64::from(transaction_id))
                .await?
        }
        // Readings without a transaction id belong to the session under way on the connector, if any.
        None => store
            .active_session_on(charger_id, req.connector_id)
            .await?
            .filter(|s| s.status != enum_str(&SessionStatus::Pending)),
    };
    let Some(row) = row else {
        if let Some(transaction_id) = req.transaction_id {
            let reason = unknown_transaction_reason(state, charger_id, transaction_id).await?;
            store
                .quarantine(
                    charger_id,
                    "MeterValues",
                    Some(i64::from(transaction_id)),
                    &reason,
                    &serde_json::to_string(req)?,
                    now,
                )
                .await?;
            tracing::warn!(%charger_id, transaction_id, %reason, "MeterValues quarantined");
        }
        return Ok(());
    };
    let status: SessionStatus = parse_enum("session status", &row.status)?;
    if !status.has_open_transaction() {
        let reason = format!("session {} is already {}", row.id, row.status);
        store
            .quarantine(
                charger_id,
                "MeterValues",
                row.transaction_id,
                &reason,
                &serde_json::to_string(req)?,
                now,
            )
            .await?;
        tracing::warn!(%charger_id, session = %row.id, "MeterValues after the session ended quarantined");
        return Ok(());
    }
    store.touch_session(&row.id, now).await?;
    store_readings(state, &row, &req.meter_value).await?;
    state.notify_session(&row.id);
    Ok(())
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

/// Why a transaction id does not match: never given, −1 (started offline), or another charger's.
async fn unknown_transaction_reason(state: &AppState, charger_id: &str, transaction_id: i32) -> anyhow::Result<String> {
    if transaction_id < 0 {
        return Ok(format!(
            "transaction id {transaction_id}: started offline without an id from the central system"
        ));
    }
    Ok(
        match state.store.charger_of_transaction(i64::from(transaction_id)).await? {
            Some(owner) if owner != charger_id => format!("transaction {transaction_id} belongs to charger {owner}"),
            _ => format!("transaction {transaction_id} is unknown"),
        },
    )
}

/// The connector's maximum power, W (for the meter checks).
async fn max_power_w(state: &AppState, row: &SessionRow) -> anyhow::Result<Decimal> {
    let kw = state
        .store
        .connectors_of(&row.charger_id)
        .await?
        .into_iter()
        .find(|c| c.connector_id == row.connector_id)
        .and_then(|c| Decimal::from_str(&c.max_power_kw).ok())
        // An unregistered connector: the most any connector delivers today.
        .unwrap_or(Decimal::from(400));
    Ok(kw * Decimal::from(1000))
}

/// The last reading that passed the meter checks: the last stored sample, else the start.
async fn last_good_reading(state: &AppState, row: &SessionRow) -> anyhow::Result<Option<RegisterReading>> {
    let (Some(start_wh), Some(started_at)) = (row.meter_start_wh, row.started_at.as_deref()) else {
        return Ok(None);
    };
    let start = Decimal::from(start_wh);
    Ok(Some(match state.store.last_sample(&row.id).await? {
        Some(s) => RegisterReading {
            at: parse_instant("sample at", &s.at)?,
            register_wh: start + Decimal::from_str(&s.energy_wh)?,
        },
        None => RegisterReading {
            at: parse_instant("started_at", started_at)?,
            register_wh: start,
        },
    }))
}

/// Adds anomalies to the session's list (one of each kind) and stores it if it changed.
async fn record_anomalies(state: &AppState, row: &SessionRow, found: Vec<MeterAnomaly>) -> anyhow::Result<()> {
    if found.is_empty() {
        return Ok(());
    }
    let current = state.store.session(&row.id).await?.and_then(|r| r.meter_anomalies);
    let mut all: Vec<MeterAnomaly> = match current {
        Some(json) => serde_json::from_str(&json).context("stored meter anomalies")?,
        None => Vec::new(),
    };
    let before = all.len();
    for a in found {
        tracing::warn!(session = %row.id, anomaly = %a, "meter anomaly; session held from billing");
        if !all.iter().any(|b| b.kind() == a.kind()) {
            all.push(a);
        }
    }
    if all.len() != before {
        state
            .store
            .set_meter_anomalies(&row.id, &serde_json::to_string(&all)?)
            .await?;
    }
    Ok(())
}

/// Stores the readings that pass `core::meter_check` as samples; the others are recorded
/// as anomalies on the session and left out.
async fn store_readings(state: &AppState, row: &SessionRow, values: &[MeterValue]) -> anyhow::Result<()> {
    let Some(mut last_good) = last_good_reading(state, row).await? else {
        return Ok(());
    };
    let start = Decimal::from(row.meter_start_wh.unwrap_or(0));
    let max_w = max_power_w(state, row).await?;
    let mut found = Vec::new();
    for mv in values {
        let reading = read_meter_value(mv);
        let Some(register) = reading.register_wh else { continue };
        let next = RegisterReading {
            at: reading.at,
            register_wh: register,
        };
        if let Some(anomaly) = check_step(last_good, next, max_w) {
            found.push(anomaly);
            continue;
        }
        last_good = next;
        let power = reading.power_w.map(|p| p.to_string());
        state
            .store
            .insert_sample(&row.id, reading.at, &(register - start).to_string(), power.as_deref())
            .await?;
    }
    record_anomalies(state, row, found).await
}

/// Stores the stop and the final price. A repeated stop changes nothing; a stop we cannot
/// match is quarantined. A session with meter anomalies is priced for review but held from
/// billing (the receipt says so).
pub async fn on_stop_transaction(
    state: &AppState,
    charger_id: &str,
    req: &StopTransactionRequest,
) -> anyhow::Result<()> {
    let now = Utc::now();
    let Some(row) = state
        .store
        .session_by_transaction(charger_id, i64::from(req.transaction_id))
        .await?
    else {
        let reason = unknown_transaction_reason(state, charger_id, req.transaction_id).await?;
        return quarantine_stop(state, charger_id, req, &reason, now).await;
    };
    let status: SessionStatus = parse_enum("session status", &row.status)?;
    if status == SessionStatus::Completed {
        tracing::info!(%charger_id, session = %row.id, "StopTransaction repeated; already completed");
        return Ok(());
    }
    status.apply(SessionEvent::TransactionStopped)?;
    state.store.touch_session(&row.id, now).await?;
    if let Some(data) = &req.transaction_data {
        store_readings(state, &row, data).await?;
    }
    let meter_stop = i64::from(req.meter_stop);
    if let Some(last_good) = last_good_reading(state, &row).await? {
        let stop = RegisterReading {
            at: req.timestamp,
            register_wh: Decimal::from(meter_stop),
        };
        match check_step(last_good, stop, max_power_w(state, &row).await?) {
            Some(anomaly) => record_anomalies(state, &row, vec![anomaly]).await?,
            None => {
                let delivered = meter_stop - row.meter_start_wh.unwrap_or(0);
                state
                    .store
                    .insert_sample(&row.id, req.timestamp, &delivered.to_string(), Some("0"))
                    .await?;
            }
        }
    }
    let id = row.id.clone();
    let row = state.store.session(&id).await?.context("session vanished")?;
    let held = row.meter_anomalies.is_some();
    let samples = state.store.samples(&id).await?;
    let mut loaded = LoadedSession::load(row, &samples)?;
    loaded.stopped_at = Some(req.timestamp);
    let priced = match loaded.price() {
        Ok(priced) => priced.context("a charging session has a start")?,
        Err(e) => {
            let Some(why) = e.downcast_ref::<PricingError>() else {
                return Err(e);
            };
            // The charger's times cannot be priced (a clock far off: a session of years, or one
            // that ends before it starts). The Stop is kept for review and answered like any
            // other: a CALLERROR would have the charger retry it forever or drop it.
            let reason = format!("session {id}: the stop cannot be priced: {why}");
            return quarantine_stop(state, charger_id, req, &reason, now).await;
        }
    };
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
    if held {
        tracing::warn!(session = %id, total = %priced.total.incl_vat, "session completed with meter anomalies; held from billing");
    } else {
        tracing::info!(session = %id, total = %priced.total.incl_vat, currency = %priced.currency, "session completed and priced");
    }
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
        AppState {
            store,
            links: Arc::default(),
            live: tokio::sync::broadcast::channel(16).0,
            config: Arc::new(config),
        }
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
