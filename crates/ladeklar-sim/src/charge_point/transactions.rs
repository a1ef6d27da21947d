//! Transactions at the charger: the one running on a connector, the record of each as the
//! charger measured it ([`SimTransaction`]), and starting and ending one — at once, online
//! or not, with its StartTransaction or StopTransaction queued in the [`Outbox`].

use chrono::{DateTime, Utc};
use ladeklar_ocpp::v16::messages::{
    start_transaction::StartTransactionRequest, stop_transaction::StopTransactionRequest,
};
use ladeklar_ocpp::v16::types::{ChargePointStatus, Reason};
use ladeklar_ocpp::ChargePointCall;
use rust_decimal::prelude::ToPrimitive;

use super::connectors::lock;
use super::now_ms;
use super::outbox::Outbox;
use super::sending::notify_status;

#[derive(Debug, Clone)]
pub(super) struct Transaction {
    /// The central system's transaction id once it answered the StartTransaction; until then
    /// the local id (negative).
    pub(super) id: i32,
    /// The id the charger gave the transaction when it started (negative, never sent once
    /// the central system's id is known).
    pub(super) local_id: i32,
    pub(super) id_tag: String,
}

/// One transaction as the simulated charger saw it: what it measured and when, whatever
/// happened to the connection. Tests compare the central system's records with these.
#[derive(Debug, Clone, PartialEq)]
pub struct SimTransaction {
    pub connector_id: u32,
    pub id_tag: String,
    /// The central system's id, once it answered the StartTransaction.
    pub transaction_id: Option<i32>,
    pub started_at: DateTime<Utc>,
    pub meter_start_wh: i32,
    pub stopped_at: Option<DateTime<Utc>>,
    pub meter_stop_wh: Option<i32>,
    pub(super) local_id: i32,
}

/// Sends a StatusNotification when connected; offline it is left out (the boot after the
/// reconnection reports every connector's status as it is then).
async fn notify_if_connected(outbox: &Outbox, connector_id: u32, status: ChargePointStatus) {
    if let Some(link) = outbox.link() {
        if let Err(e) = notify_status(&link, connector_id, status, None).await {
            tracing::debug!(connector_id, error = %e, "status notification not delivered");
        }
    }
}

/// Starts a transaction on a connector reserved for it (status Preparing): the transaction
/// runs at once under a local id, and its StartTransaction is queued (sent at once when
/// connected); the id the central system answers replaces the local one.
pub(super) async fn start_transaction(outbox: Outbox, connector_id: u32, id_tag: String) {
    notify_if_connected(&outbox, connector_id, ChargePointStatus::Preparing).await;
    let timestamp = now_ms();
    let meter_start = {
        let mut c = lock(&outbox.connectors);
        let Some(c) = c.get_mut(&connector_id) else { return };
        let local_id = {
            let mut q = outbox.queue();
            q.last_local_id -= 1;
            q.last_local_id
        };
        c.transaction = Some(Transaction {
            id: local_id,
            local_id,
            id_tag: id_tag.clone(),
        });
        // A driven car (`calls::car`) is plugged in but draws only when told to.
        c.status = if c.car.is_some() {
            ChargePointStatus::SuspendedEV
        } else {
            ChargePointStatus::Charging
        };
        (local_id, c.register_wh.to_i32().unwrap_or(0), c.status.clone())
    };
    let (local_id, meter_start, running_status) = meter_start;
    {
        let mut q = outbox.queue();
        q.transactions.push(SimTransaction {
            connector_id,
            id_tag: id_tag.clone(),
            transaction_id: None,
            started_at: timestamp,
            meter_start_wh: meter_start,
            stopped_at: None,
            meter_stop_wh: None,
            local_id,
        });
    }
    outbox.push(
        ChargePointCall::StartTransaction(StartTransactionRequest {
            connector_id,
            id_tag,
            meter_start,
            reservation_id: None,
            timestamp,
        }),
        Some(local_id),
    );
    if let Err(e) = outbox.flush().await {
        tracing::debug!(connector_id, error = %e, "StartTransaction queued for the next connection");
    }
    notify_if_connected(&outbox, connector_id, running_status).await;
}

/// Ends the connector's transaction: its StopTransaction is queued (sent at once when
/// connected) with the register and time of the stop.
pub(super) async fn stop_transaction(outbox: Outbox, connector_id: u32, reason: Reason) {
    let timestamp = now_ms();
    let taken = {
        let mut c = lock(&outbox.connectors);
        c.get_mut(&connector_id).and_then(|c| {
            c.status = ChargePointStatus::Finishing;
            c.transaction.take().map(|t| (t, c.register_wh))
        })
    };
    let Some((transaction, register)) = taken else { return };
    let meter_stop = register.to_i32().unwrap_or(0);
    {
        let mut q = outbox.queue();
        if let Some(t) = q.transactions.iter_mut().find(|t| t.local_id == transaction.local_id) {
            t.stopped_at = Some(timestamp);
            t.meter_stop_wh = Some(meter_stop);
        }
    }
    outbox.push(
        ChargePointCall::StopTransaction(StopTransactionRequest {
            id_tag: Some(transaction.id_tag.clone()),
            meter_stop,
            timestamp,
            transaction_id: transaction.id,
            reason: Some(reason),
            transaction_data: None,
        }),
        None,
    );
    if let Err(e) = outbox.flush().await {
        tracing::debug!(connector_id, error = %e, "StopTransaction queued for the next connection");
    }
    notify_if_connected(&outbox, connector_id, ChargePointStatus::Finishing).await;
    // A driven car's cable stays in (Finishing) until it is unplugged.
    let unplugged = match lock(&outbox.connectors).get_mut(&connector_id) {
        Some(c) if c.car.as_ref().is_some_and(|car| car.plugged) => false,
        Some(c) => {
            c.status = ChargePointStatus::Available;
            true
        }
        None => true,
    };
    if unplugged {
        notify_if_connected(&outbox, connector_id, ChargePointStatus::Available).await;
    }
}
