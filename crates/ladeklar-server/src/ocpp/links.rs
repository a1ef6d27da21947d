//! The registry of connected chargers: one [`ChargerLink`] per charge point id. A newer
//! (authenticated) connection replaces the older one, which is told to close.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

pub use ladeklar_ocpp::link::{CallFailure, Link as ChargerLink};
use tokio::sync::Notify;

struct Connected {
    link: ChargerLink,
    /// Notified when this connection must close (a newer one replaced it).
    close: Arc<Notify>,
}

/// Every connected charger, by charge point id.
#[derive(Default)]
pub struct ChargerLinks {
    links: Mutex<HashMap<String, Connected>>,
    next_connection: AtomicU64,
}

impl ChargerLinks {
    pub fn next_connection_id(&self) -> u64 {
        self.next_connection.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Registers a connection. An earlier connection of the same charger is told to close
    /// through its `close` handle; its connection id is returned.
    pub fn connect(&self, charger_id: &str, link: ChargerLink, close: Arc<Notify>) -> Option<u64> {
        let previous = self.lock().insert(charger_id.to_owned(), Connected { link, close });
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
        }
    }

    pub fn get(&self, charger_id: &str) -> Option<ChargerLink> {
        self.lock().get(charger_id).map(|c| c.link.clone())
    }

    /// Every connected charger's link (a snapshot).
    pub fn connected(&self) -> Vec<(String, ChargerLink)> {
        self.lock().iter().map(|(id, c)| (id.clone(), c.link.clone())).collect()
    }

    pub fn is_online(&self, charger_id: &str) -> bool {
        self.lock().contains_key(charger_id)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Connected>> {
        // Poisoning only means another task panicked while holding the lock; the map is intact.
        self.links.lock().unwrap_or_else(|e| e.into_inner())
    }
}
