//! One side of an OCPP-J connection as an async handle: send CALLs and wait for their
//! answer (one in flight at a time, each with a timeout), send answers, and route incoming
//! CALLRESULT/CALLERROR frames to whoever waits. Used by the central system and by the
//! simulator; the socket itself stays with them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{mpsc, oneshot};

use crate::Frame;

/// Why a call got no result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallFailure {
    #[error("the peer is not connected")]
    NotConnected,
    #[error("the peer did not answer within {0:?}")]
    Timeout(Duration),
    #[error("the peer answered with CALLERROR {code}: {description}")]
    CallError { code: String, description: String },
}

/// The calls waiting for an answer, and whether the connection is gone.
#[derive(Default)]
struct Waiters {
    /// Set by [`Link::close`]: no call waits on this link any more.
    closed: bool,
    calls: HashMap<String, oneshot::Sender<Result<Value, CallFailure>>>,
}

/// A cloneable handle on one connection's outgoing side.
#[derive(Clone)]
pub struct Link {
    pub connection_id: u64,
    outbox: mpsc::Sender<String>,
    waiters: Arc<Mutex<Waiters>>,
    one_in_flight: Arc<tokio::sync::Mutex<()>>,
    next_id: Arc<AtomicU64>,
    id_prefix: &'static str,
}

impl Link {
    /// A link whose frames go to `outbox` (the writer task drains it into the socket).
    /// `id_prefix` keeps our message ids apart from the peer's in logs.
    pub fn new(connection_id: u64, outbox: mpsc::Sender<String>, id_prefix: &'static str) -> Self {
        Self {
            connection_id,
            outbox,
            waiters: Arc::default(),
            one_in_flight: Arc::default(),
            next_id: Arc::new(AtomicU64::new(1)),
            id_prefix,
        }
    }

    /// Queues a frame (typically a CALLRESULT or CALLERROR) for the peer.
    pub async fn send(&self, frame: Frame) -> Result<(), CallFailure> {
        self.outbox
            .send(frame.to_text())
            .await
            .map_err(|_| CallFailure::NotConnected)
    }

    /// Sends a CALL and waits for its CALLRESULT payload. Calls queue behind each other.
    /// Once the link is closed every call fails with [`CallFailure::NotConnected`], also one
    /// that was queued when it closed.
    pub async fn call(&self, action: &str, payload: Value, timeout: Duration) -> Result<Value, CallFailure> {
        let _turn = self.one_in_flight.lock().await;
        let id = format!("{}{}", self.id_prefix, self.next_id.fetch_add(1, Ordering::Relaxed));
        let (tx, rx) = oneshot::channel();
        {
            let mut waiters = self.waiters();
            if waiters.closed {
                return Err(CallFailure::NotConnected);
            }
            waiters.calls.insert(id.clone(), tx);
        }
        let frame = Frame::Call {
            id: id.clone(),
            action: action.into(),
            payload,
        };
        if self.outbox.send(frame.to_text()).await.is_err() {
            self.waiters().calls.remove(&id);
            return Err(CallFailure::NotConnected);
        }
        let outcome = tokio::time::timeout(timeout, rx).await;
        self.waiters().calls.remove(&id);
        match outcome {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(CallFailure::NotConnected),
            Err(_) => Err(CallFailure::Timeout(timeout)),
        }
    }

    /// Routes an incoming CALLRESULT (`Ok`) or CALLERROR (`Err`) to its waiting caller.
    /// Returns false when nobody waits for that id (late, or never ours).
    pub fn answer(&self, id: &str, result: Result<Value, CallFailure>) -> bool {
        match self.waiters().calls.remove(id) {
            Some(tx) => tx.send(result).is_ok(),
            None => false,
        }
    }

    /// Routes an incoming CALLRESULT or CALLERROR frame; other frames return false.
    pub fn answer_frame(&self, frame: Frame) -> bool {
        match frame {
            Frame::CallResult { id, payload } => self.answer(&id, Ok(payload)),
            Frame::CallError {
                id, code, description, ..
            } => self.answer(&id, Err(CallFailure::CallError { code, description })),
            Frame::Call { .. } => false,
        }
    }

    /// The connection is gone: every call waiting for an answer fails now with
    /// [`CallFailure::NotConnected`] instead of at its timeout, and so does every later call
    /// on this link (one queued behind them included). The owner of the socket calls this
    /// when its read loop ends.
    pub fn close(&self) {
        let mut waiters = self.waiters();
        waiters.closed = true;
        // Dropping the senders wakes each waiting call with NotConnected.
        waiters.calls.clear();
    }

    fn waiters(&self) -> MutexGuard<'_, Waiters> {
        // Poisoning only means another task panicked while holding the lock; the map is intact.
        self.waiters.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // On a paused clock (tokio's test-util) time moves only when every task is waiting, and
    // then straight to the next timer: "nothing within 20 ms" is decided by the order of
    // events, never by how fast this machine is.

    #[tokio::test(start_paused = true)]
    async fn a_call_gets_its_answer_and_a_second_waits_its_turn() {
        let (tx, mut rx) = mpsc::channel(8);
        let link = Link::new(1, tx, "t-");
        let caller = link.clone();
        let first = tokio::spawn(async move {
            caller
                .call("Heartbeat", serde_json::json!({}), Duration::from_secs(5))
                .await
        });
        let sent = rx.recv().await.unwrap();
        let Frame::Call { id, action, .. } = Frame::parse(&sent).unwrap() else {
            panic!("not a call")
        };
        assert_eq!(action, "Heartbeat");
        let caller = link.clone();
        let second = tokio::spawn(async move {
            caller
                .call("Heartbeat", serde_json::json!({}), Duration::from_millis(50))
                .await
        });
        // The second call must not go out while the first is in flight: the clock reaches
        // 20 ms only once the second call waits, and nothing has been sent by then.
        assert!(tokio::time::timeout(Duration::from_millis(20), rx.recv())
            .await
            .is_err());
        assert!(link.answer(&id, Ok(serde_json::json!({"ok": true}))));
        assert_eq!(first.await.unwrap(), Ok(serde_json::json!({"ok": true})));
        let _second_sent = rx.recv().await.unwrap();
        assert_eq!(
            second.await.unwrap(),
            Err(CallFailure::Timeout(Duration::from_millis(50)))
        );
        assert!(!link.answer("unknown", Ok(serde_json::json!({}))));
    }

    #[tokio::test(start_paused = true)]
    async fn closing_fails_a_waiting_call_at_once() {
        let (tx, mut rx) = mpsc::channel(8);
        let link = Link::new(1, tx, "t-");
        let caller = link.clone();
        let waiting = tokio::spawn(async move {
            caller
                .call("Heartbeat", serde_json::json!({}), Duration::from_secs(60))
                .await
        });
        let _sent = rx.recv().await.unwrap();
        link.close();
        // Within 5 s on the paused clock, long before the call's own 60 s timeout.
        let outcome = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(outcome, Err(CallFailure::NotConnected));
    }

    #[tokio::test(start_paused = true)]
    async fn closing_also_fails_the_call_queued_behind_and_every_later_one() {
        // The outbox stays open (the writer may not have stopped yet): the queued call must
        // not go out and wait for its timeout on a connection that is gone.
        let (tx, mut rx) = mpsc::channel(8);
        let link = Link::new(1, tx, "t-");
        let call = |link: &Link| {
            let caller = link.clone();
            tokio::spawn(async move {
                caller
                    .call("Heartbeat", serde_json::json!({}), Duration::from_secs(60))
                    .await
            })
        };
        let in_flight = call(&link);
        let _sent = rx.recv().await.unwrap();
        let queued = call(&link);
        tokio::task::yield_now().await;
        link.close();
        // A call that waited for its timeout would end in Timeout, not NotConnected.
        assert_eq!(in_flight.await.unwrap(), Err(CallFailure::NotConnected));
        assert_eq!(queued.await.unwrap(), Err(CallFailure::NotConnected));
        assert_eq!(
            link.call("Heartbeat", serde_json::json!({}), Duration::from_secs(60))
                .await,
            Err(CallFailure::NotConnected)
        );
        assert!(rx.try_recv().is_err(), "nothing more was sent after the close");
    }
}
