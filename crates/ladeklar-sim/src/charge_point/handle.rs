//! Acting on a running simulated charger ([`SimHandle`]): a driver starting or stopping at
//! the charger, the charger going offline and online; and reading what it measured.

use std::sync::{Arc, Mutex};

use ladeklar_ocpp::v16::types::{ChargePointStatus, Reason};
use rust_decimal::Decimal;
use tokio::sync::watch;

use super::connectors::{lock, Connectors};
use super::outbox::Outbox;
use super::sending::send;
use super::state::{lock_state, SimState};
use super::transactions::{start_transaction, stop_transaction, SimTransaction};

/// What happens at a simulated charger while it runs: a driver starting or stopping at the
/// charger, the charger losing and regaining its connection; and what it measured.
#[derive(Clone)]
pub struct SimHandle {
    pub(super) connectors: Connectors,
    pub(super) outbox: Outbox,
    pub(super) offline: Arc<watch::Sender<bool>>,
    pub(super) state: Arc<Mutex<SimState>>,
}

impl SimHandle {
    /// Drops the connection and stays offline (charging goes on; transaction messages queue)
    /// until [`SimHandle::go_online`].
    pub fn go_offline(&self) {
        self.offline.send_replace(true);
    }

    /// Reconnects (with the usual randomized back-off) and delivers what was queued first.
    pub fn go_online(&self) {
        self.offline.send_replace(false);
    }

    /// The charger has a client certificate installed (it connects with it over `wss://`).
    pub fn has_client_certificate(&self) -> bool {
        lock_state(&self.state).certificates.client.is_some()
    }

    /// The installed client certificate: (chain PEM, key PEM).
    pub fn client_certificate(&self) -> Option<(String, String)> {
        lock_state(&self.state).certificates.client.clone()
    }

    /// The charger reports a security event (SecurityEventNotification) on its connection.
    /// Fails when it is offline or the central system does not answer.
    pub async fn security_event(&self, kind: &str, tech_info: Option<&str>) -> anyhow::Result<()> {
        let link = self
            .outbox
            .link()
            .ok_or_else(|| anyhow::anyhow!("the charger is not connected"))?;
        let event = ladeklar_ocpp::security::SecurityEventNotificationRequest {
            kind: kind.to_owned(),
            timestamp: chrono::Utc::now(),
            tech_info: tech_info.map(str::to_owned),
        };
        send(&link, ladeklar_ocpp::ChargePointCall::SecurityEventNotification(event)).await?;
        Ok(())
    }

    /// A connection to the central system is up.
    pub fn is_connected(&self) -> bool {
        self.outbox.link().is_some()
    }

    /// Transaction messages not yet answered by the central system.
    pub fn queued(&self) -> usize {
        self.outbox.queue().messages.len()
    }

    /// Every transaction so far, in the order they started.
    pub fn transactions(&self) -> Vec<SimTransaction> {
        self.outbox.queue().transactions.clone()
    }

    /// The connector's energy register, Wh.
    pub fn register_wh(&self, connector_id: u32) -> Option<Decimal> {
        lock(&self.connectors).get(&connector_id).map(|c| c.register_wh)
    }

    /// A driver presents `id_tag` at the charger: the transaction starts at once, online or
    /// not (a charger that cannot ask starts on its own authority). False when the connector
    /// is busy, faulted or unknown.
    pub async fn start_local(&self, connector_id: u32, id_tag: &str) -> bool {
        {
            let mut c = lock(&self.connectors);
            match c.get_mut(&connector_id) {
                Some(c) if c.status == ChargePointStatus::Available && c.transaction.is_none() => {
                    c.status = ChargePointStatus::Preparing;
                }
                _ => return false,
            }
        }
        start_transaction(self.outbox.clone(), connector_id, id_tag.to_owned()).await;
        true
    }

    /// The driver ends the transaction at the charger (reason Local). False when none runs.
    pub async fn stop_local(&self, connector_id: u32) -> bool {
        let running = lock(&self.connectors)
            .get(&connector_id)
            .is_some_and(|c| c.transaction.is_some());
        if running {
            stop_transaction(self.outbox.clone(), connector_id, Reason::Local).await;
        }
        running
    }
}
