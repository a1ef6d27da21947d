//! One simulated charge point: [`SimCharger`], what it keeps and how it talks.
//!
//! - [`certificate`]: Security Profile 3 — the CSR, the certificate installed, the client
//!   certificate it connects with;
//! - [`config`]: how it behaves ([`SimConfig`], [`SimConnector`]);
//! - [`connectors`]: each connector's status, energy register and running transaction;
//! - [`configuration`]: the configuration keys (GetConfiguration / ChangeConfiguration);
//! - [`state`]: what it keeps apart from its connectors;
//! - [`transactions`]: starting and ending a transaction at the charger, and the record of
//!   each ([`SimTransaction`]);
//! - [`outbox`]: transaction messages, delivered in order, each kept until answered;
//! - [`meters`]: the meters, running connected or not;
//! - [`sending`]: the charger's own calls and the check of their answers;
//! - [`reports`]: BootNotification, status notifications and what TriggerMessage asks for;
//! - [`calls`]: answering the central system's calls, without a socket: call and `now` in,
//!   reply and effects out;
//! - [`effects`]: carrying out those effects once the reply has gone out;
//! - [`connection`]: connecting, serving one connection, reconnecting with back-off;
//! - [`handle`]: acting on a running charger ([`SimHandle`]).

mod calls;
mod certificate;
mod config;
mod configuration;
mod connection;
mod connectors;
mod effects;
mod handle;
mod meters;
mod outbox;
mod reports;
mod sending;
mod state;
mod transactions;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, SubsecRound, Utc};
use tokio::sync::watch;

pub use config::{SimConfig, SimConnector};
pub use handle::SimHandle;
pub use transactions::SimTransaction;

use connectors::Connectors;
use outbox::Outbox;
use state::SimState;

/// A simulated charge point; run it with [`SimCharger::run_until`], act on it through a
/// [`SimHandle`].
pub struct SimCharger {
    config: SimConfig,
    connectors: Connectors,
    state: Arc<Mutex<SimState>>,
    outbox: Outbox,
    offline: Arc<watch::Sender<bool>>,
    /// Notified to end the connection and reconnect (a client certificate installed).
    reconnect: Arc<tokio::sync::Notify>,
}

impl SimCharger {
    pub fn new(config: SimConfig) -> Self {
        let connectors: Connectors = Arc::new(Mutex::new(connectors::from_config(&config.connectors)));
        Self {
            state: Arc::new(Mutex::new(SimState::new(&config))),
            config,
            outbox: Outbox::new(connectors.clone()),
            connectors,
            offline: Arc::new(watch::channel(false).0),
            reconnect: Arc::default(),
        }
    }

    /// A handle to act on the charger while it runs.
    pub fn handle(&self) -> SimHandle {
        SimHandle {
            connectors: self.connectors.clone(),
            outbox: self.outbox.clone(),
            offline: self.offline.clone(),
            state: self.state.clone(),
        }
    }

    pub fn charge_point_id(&self) -> &str {
        &self.config.charge_point_id
    }
}

/// Now, to the millisecond (the precision timestamps are stored with).
fn now_ms() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}
