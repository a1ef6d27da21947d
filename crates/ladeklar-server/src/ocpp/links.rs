//! The registry of connected chargers: one [`ChargerLink`] per charge point id. A newer
//! (authenticated) connection replaces the older one, which is told to close. With the bus
//! (`--nats-url`, several nodes) a charger held by another node is reached through it: the
//! handle [`ChargerLinks::get`] gives calls the holding node's charger either way.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

pub use ladeklar_ocpp::link::{CallFailure, Link as ChargerLink};
use serde_json::Value;
use tokio::sync::Notify;

use crate::cluster::Bus;

struct Connected {
    link: ChargerLink,
    /// Notified when this connection must close (a newer one replaced it).
    close: Arc<Notify>,
}

/// Why a call through a [`ChargerHandle`] got no result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinkFailure {
    /// The charger's: not connected anywhere, no answer in time, a CALLERROR.
    #[error(transparent)]
    Charger(#[from] CallFailure),
    /// The bus between nodes (NATS) cannot carry the call.
    #[error("the bus between server nodes (NATS) is unavailable: {0}")]
    Bus(String),
}

/// A charger to call: connected here, or (with the bus) possibly on another node.
#[derive(Clone)]
pub enum ChargerHandle {
    Local(ChargerLink),
    Remote { bus: Arc<Bus>, charger_id: String },
}

impl ChargerHandle {
    /// Sends a CALL and waits for its CALLRESULT payload (see [`ChargerLink::call`]).
    pub async fn call(&self, action: &str, payload: Value, timeout: Duration) -> Result<Value, LinkFailure> {
        match self {
            Self::Local(link) => Ok(link.call(action, payload, timeout).await?),
            Self::Remote { bus, charger_id } => bus.call(charger_id, action, payload, timeout).await,
        }
    }
}

/// Every connected charger, by charge point id.
#[derive(Default)]
pub struct ChargerLinks {
    links: Mutex<HashMap<String, Connected>>,
    next_connection: AtomicU64,
    /// Set once at start with `--nats-url`.
    bus: OnceLock<Arc<Bus>>,
    /// Why a connection was closed from elsewhere (a takeover by another node), by connection id.
    notes: Mutex<HashMap<u64, String>>,
}

impl ChargerLinks {
    pub fn next_connection_id(&self) -> u64 {
        self.next_connection.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Routes calls for chargers held elsewhere through `bus` from now on.
    pub fn use_bus(&self, bus: Arc<Bus>) {
        let _ = self.bus.set(bus);
    }

    pub fn bus(&self) -> Option<&Arc<Bus>> {
        self.bus.get()
    }

    /// Registers a connection. An earlier connection of the same charger is told to close
    /// through its `close` handle; its connection id is returned. With the bus, other nodes
    /// are told (one holding the charger closes its connection) and calls reach this one.
    pub fn connect(&self, charger_id: &str, link: ChargerLink, close: Arc<Notify>) -> Option<u64> {
        let connection_id = link.connection_id;
        let previous = self.lock().insert(charger_id.to_owned(), Connected { link, close });
        if let Some(bus) = self.bus.get() {
            bus.held(charger_id, connection_id);
        }
        previous.map(|old| {
            // notify_one keeps a permit if the old read loop is not waiting right now.
            old.close.notify_one();
            old.link.connection_id
        })
    }

    /// Removes the charger's link if it is still this connection.
    pub fn disconnect(&self, charger_id: &str, connection_id: u64) {
        let mut links = self.lock();
        if links
            .get(charger_id)
            .is_some_and(|c| c.link.connection_id == connection_id)
        {
            links.remove(charger_id);
            drop(links);
            if let Some(bus) = self.bus.get() {
                bus.released(charger_id, connection_id);
            }
        }
    }

    /// Closes this node's connection of the charger (it connected to another node), noting
    /// why for the connection's log; returns its connection id.
    pub fn close_local(&self, charger_id: &str, note: String) -> Option<u64> {
        let old = self.lock().remove(charger_id)?;
        let id = old.link.connection_id;
        self.lock_notes().insert(id, note);
        if let Some(bus) = self.bus.get() {
            bus.released(charger_id, id);
        }
        old.close.notify_one();
        Some(id)
    }

    /// Why connection `connection_id` was closed from elsewhere, if it was.
    pub fn take_note(&self, connection_id: u64) -> Option<String> {
        self.lock_notes().remove(&connection_id)
    }

    /// The charger to call: its link here, else with the bus a handle through it (the call
    /// answers `NotConnected` when no node holds the charger), else none.
    pub fn get(&self, charger_id: &str) -> Option<ChargerHandle> {
        if let Some(link) = self.local(charger_id) {
            return Some(ChargerHandle::Local(link));
        }
        self.bus.get().map(|bus| ChargerHandle::Remote {
            bus: bus.clone(),
            charger_id: charger_id.to_owned(),
        })
    }

    /// The charger's link if it is connected to this node.
    pub fn local(&self, charger_id: &str) -> Option<ChargerLink> {
        self.lock().get(charger_id).map(|c| c.link.clone())
    }

    /// Every charger connected to this node (a snapshot).
    pub fn connected(&self) -> Vec<(String, ChargerLink)> {
        self.lock().iter().map(|(id, c)| (id.clone(), c.link.clone())).collect()
    }

    /// Every charger online on any node: this node's through their links, with the bus
    /// those other nodes last announced through it (a snapshot). For the operations the
    /// server starts itself towards every charger (e.g. SendLocalList).
    pub fn online_everywhere(&self) -> Vec<(String, ChargerHandle)> {
        let mut all: Vec<(String, ChargerHandle)> = self
            .connected()
            .into_iter()
            .map(|(id, link)| (id, ChargerHandle::Local(link)))
            .collect();
        if let Some(bus) = self.bus.get() {
            let here: std::collections::HashSet<String> = all.iter().map(|(id, _)| id.clone()).collect();
            all.extend(
                bus.held_elsewhere_now()
                    .into_iter()
                    .filter(|id| !here.contains(id))
                    .map(|charger_id| {
                        (
                            charger_id.clone(),
                            ChargerHandle::Remote {
                                bus: bus.clone(),
                                charger_id,
                            },
                        )
                    }),
            );
        }
        all
    }

    /// Connected here, or (with the bus) to another node as it last announced.
    pub fn is_online(&self, charger_id: &str) -> bool {
        self.lock().contains_key(charger_id) || self.bus.get().is_some_and(|bus| bus.held_elsewhere(charger_id))
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Connected>> {
        // Poisoning only means another task panicked while holding the lock; the map is intact.
        self.links.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_notes(&self) -> MutexGuard<'_, HashMap<u64, String>> {
        self.notes.lock().unwrap_or_else(|e| e.into_inner())
    }
}
