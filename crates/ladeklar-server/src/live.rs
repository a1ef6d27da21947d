//! Live views' changes, fanned out per session: a change wakes only the views of its own
//! session (one broadcast channel per watched session), so the cost of a MeterValues grows
//! with that session's viewers, not with every viewer of every session.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use ladeklar_core::session_events::StoredSample;
use tokio::sync::{broadcast, mpsc};

/// How many changes a slow view may fall behind before it gets the whole session again.
const BACKLOG: usize = 64;

/// A change pushed to a session's live views.
#[derive(Debug, Clone)]
pub enum LiveChange {
    /// The session's status or stored fields changed.
    Session,
    /// Meter samples stored for the session (nothing else changed).
    Samples(Arc<[StoredSample]>),
}

/// The watched sessions and their channels.
#[derive(Debug, Default)]
pub struct LiveHub {
    sessions: Mutex<HashMap<Arc<str>, broadcast::Sender<LiveChange>>>,
    /// With the bus (several nodes): every change is also handed to it for the other nodes.
    forward: std::sync::OnceLock<mpsc::Sender<(Arc<str>, LiveChange)>>,
}

impl LiveHub {
    /// Listens to one session's changes.
    pub fn subscribe(&self, session_id: &str) -> broadcast::Receiver<LiveChange> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        sessions
            .entry(session_id.into())
            .or_insert_with(|| broadcast::channel(BACKLOG).0)
            .subscribe()
    }

    /// Also hands every change to `forward` (the bus publishes them to the other nodes); a
    /// full queue drops the change for them (their views read the session at the next one).
    pub fn forward_to(&self, forward: mpsc::Sender<(Arc<str>, LiveChange)>) {
        let _ = self.forward.set(forward);
    }

    /// Tells the session's views here and, with the bus, on the other nodes.
    pub fn send(&self, session_id: &str, change: LiveChange) {
        if let Some(forward) = self.forward.get() {
            let _ = forward.try_send((session_id.into(), change.clone()));
        }
        self.deliver(session_id, change);
    }

    /// Tells the session's views on this node, if it has any; a session nobody watches any
    /// more is forgotten.
    pub fn deliver(&self, session_id: &str, change: LiveChange) {
        let mut sessions = self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(channel) = sessions.get(session_id) {
            if channel.send(change).is_err() {
                sessions.remove(session_id);
            }
        }
    }

    /// How many sessions have a channel (for tests).
    pub fn watched(&self) -> usize {
        self.sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_change_reaches_only_its_sessions_views_and_unwatched_sessions_are_forgotten() {
        let hub = LiveHub::default();
        let mut a = hub.subscribe("a");
        let mut b = hub.subscribe("b");
        hub.send("a", LiveChange::Session);
        hub.send("nobody-watches", LiveChange::Session);
        assert!(matches!(a.try_recv(), Ok(LiveChange::Session)));
        assert!(b.try_recv().is_err(), "b's view is not woken by a's change");
        drop(b);
        hub.send("b", LiveChange::Session);
        assert_eq!(hub.watched(), 1, "b is forgotten once its last view is gone");
    }
}
