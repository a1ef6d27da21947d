//! The registry of connected chargers: one [`Link`] per charge point id.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

pub use ladeklar_ocpp::link::{CallFailure, Link as ChargerLink};

/// Every connected charger, by charge point id.
#[derive(Default)]
pub struct ChargerLinks {
    links: Mutex<HashMap<String, ChargerLink>>,
    next_connection: AtomicU64,
}

impl ChargerLinks {
    pub fn next_connection_id(&self) -> u64 {
        self.next_connection.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Registers a connection, replacing (and returning) any earlier one for the same charger.
    pub fn connect(&self, charger_id: &str, link: ChargerLink) -> Option<ChargerLink> {
        self.lock().insert(charger_id.to_owned(), link)
    }

    /// Removes the charger's link if it is still this connection.
    pub fn disconnect(&self, charger_id: &str, connection_id: u64) {
        let mut links = self.lock();
        if links.get(charger_id).is_some_and(|l| l.connection_id == connection_id) {
            links.remove(charger_id);
        }
    }

    pub fn get(&self, charger_id: &str) -> Option<ChargerLink> {
        self.lock().get(charger_id).cloned()
    }

    pub fn is_online(&self, charger_id: &str) -> bool {
        self.lock().contains_key(charger_id)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, ChargerLink>> {
        // Poisoning only means another task panicked while holding the lock; the map is intact.
        self.links.lock().unwrap_or_else(|e| e.into_inner())
    }
}
