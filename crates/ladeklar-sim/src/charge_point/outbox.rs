//! The charger's transaction messages (StartTransaction, MeterValues, StopTransaction),
//! queued with their own timestamps and delivered one by one, in order, each kept until
//! answered; a Start queued offline gets the central system's id into later messages.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use ladeklar_ocpp::link::{CallFailure, Link};
use ladeklar_ocpp::ChargePointCall;
use serde_json::{json, Value};
use tokio::sync::Notify;

use super::connectors::{lock, Connectors};
use super::sending::{checked_reply, CALL_TIMEOUT};
use super::transactions::SimTransaction;

/// How often a transaction message the central system failed to process is sent (OCPP 1.6
/// configuration key `TransactionMessageAttempts`).
pub(super) const TRANSACTION_MESSAGE_ATTEMPTS: u32 = 5;
/// The wait before the n-th resend is n times this (`TransactionMessageRetryInterval`).
pub(super) const TRANSACTION_MESSAGE_RETRY_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

/// A transaction message (StartTransaction, MeterValues, StopTransaction) waiting to be
/// delivered, as it was made: with its original timestamps.
#[derive(Debug, Clone)]
pub(super) struct QueuedMessage {
    action: &'static str,
    payload: Value,
    /// For a StartTransaction: the local id its transaction goes by until it is answered.
    start_of: Option<i32>,
}

#[derive(Debug, Default)]
pub(super) struct TxQueue {
    pub(super) messages: VecDeque<QueuedMessage>,
    /// Local transaction id → the id the central system gave in answer to the queued Start.
    assigned: HashMap<i32, i32>,
    pub(super) last_local_id: i32,
    pub(super) transactions: Vec<SimTransaction>,
}

/// The charger's transaction messages, delivered in order and only once each is answered:
/// queued while the charger is offline, or while earlier ones wait, and sent (with the
/// central system's transaction id in place of a local one) when a connection is up.
#[derive(Clone)]
pub(super) struct Outbox {
    queue: Arc<Mutex<TxQueue>>,
    /// Held by whoever delivers, so messages go out one by one, in order.
    delivering: Arc<tokio::sync::Mutex<()>>,
    /// The live connection, if any.
    link: Arc<Mutex<Option<Link>>>,
    /// Wakes the connection's delivery loop when a message is queued.
    pub(super) queued: Arc<Notify>,
    pub(super) connectors: Connectors,
}

impl Outbox {
    pub(super) fn new(connectors: Connectors) -> Self {
        Self {
            queue: Arc::default(),
            delivering: Arc::default(),
            link: Arc::default(),
            queued: Arc::default(),
            connectors,
        }
    }

    pub(super) fn queue(&self) -> MutexGuard<'_, TxQueue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn link(&self) -> Option<Link> {
        self.link.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(super) fn set_link(&self, link: Option<Link>) {
        let old = std::mem::replace(&mut *self.link.lock().unwrap_or_else(|e| e.into_inner()), link);
        if let Some(old) = old {
            old.close();
        }
    }

    pub(super) fn push(&self, call: ChargePointCall, start_of: Option<i32>) {
        let (action, payload) = call.to_action_payload();
        self.queue().messages.push_back(QueuedMessage {
            action,
            payload,
            start_of,
        });
        self.queued.notify_one();
    }

    /// Delivers every queued message in order over the live connection (none: they wait).
    /// A message stays first in the queue until it is answered. A CALLERROR `InternalError`
    /// (the central system failed to process it, e.g. its database was restarting) is retried
    /// as OCPP 1.6 asks of a charger (§4.10, `TransactionMessageAttempts` times,
    /// `TransactionMessageRetryInterval` × the attempt's number apart); any other CALLERROR,
    /// or the last failed attempt, drops it (a charger gives up on a message the central
    /// system refuses).
    pub(super) async fn flush(&self) -> Result<(), CallFailure> {
        let Some(link) = self.link() else { return Ok(()) };
        let _turn = self.delivering.lock().await;
        let mut attempts = 0;
        loop {
            let next = {
                let q = self.queue();
                q.messages.front().cloned().map(|mut m| {
                    // A Start queued offline had no id yet; later messages carry the one it got.
                    let local = m.payload.get("transactionId").and_then(Value::as_i64);
                    if let Some(id) = local
                        .and_then(|l| i32::try_from(l).ok())
                        .and_then(|l| q.assigned.get(&l))
                    {
                        m.payload["transactionId"] = json!(id);
                    }
                    m
                })
            };
            let Some(message) = next else { return Ok(()) };
            match link.call(message.action, message.payload.clone(), CALL_TIMEOUT).await {
                Ok(answer) => {
                    // An answer that breaks the schema still ends the message's turn: sending
                    // it again would get the same answer.
                    if let Err(e) = checked_reply(message.action, answer.clone()) {
                        tracing::warn!(action = message.action, error = %format!("{e:#}"), "transaction message answered out of schema");
                    }
                    if let Some(local_id) = message.start_of {
                        self.assign(local_id, &answer);
                    }
                }
                Err(CallFailure::CallError { code, description })
                    if code == "InternalError" && attempts + 1 < TRANSACTION_MESSAGE_ATTEMPTS =>
                {
                    attempts += 1;
                    tracing::warn!(action = message.action, %description, attempt = attempts, "transaction message failed at the central system; sent again");
                    tokio::time::sleep(TRANSACTION_MESSAGE_RETRY_INTERVAL * attempts).await;
                    continue;
                }
                Err(CallFailure::CallError { code, description }) => {
                    tracing::warn!(action = message.action, %code, %description, "transaction message refused; dropped");
                }
                Err(e) => return Err(e),
            }
            attempts = 0;
            self.queue().messages.pop_front();
        }
    }

    /// Records the central system's id for a transaction started under `local_id`.
    fn assign(&self, local_id: i32, answer: &Value) {
        let Some(id) = answer
            .get("transactionId")
            .and_then(Value::as_i64)
            .and_then(|id| i32::try_from(id).ok())
        else {
            tracing::warn!(%answer, "StartTransaction answered without a transaction id");
            return;
        };
        {
            let mut q = self.queue();
            q.assigned.insert(local_id, id);
            if let Some(t) = q.transactions.iter_mut().find(|t| t.local_id == local_id) {
                t.transaction_id = Some(id);
            }
        }
        for c in lock(&self.connectors).values_mut() {
            if let Some(t) = c.transaction.as_mut().filter(|t| t.local_id == local_id) {
                t.id = id;
            }
        }
    }
}
