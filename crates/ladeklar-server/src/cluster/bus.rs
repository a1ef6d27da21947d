//! The bus between server nodes: NATS (`--nats-url`). Subjects:
//! - `ladeklar.charger.<id>.call` (request/reply): a call to a charger. Only the node that
//!   holds the charger's WebSocket subscribes, so "no responders" means no node holds it.
//! - `ladeklar.charger.<id>.takeover`: a node now holds the charger; one that held it before
//!   closes its old connection.
//! - `ladeklar.charger.<id>.gone`: a node's connection of the charger ended.
//! - `ladeklar.presence`: every 10 s each node's held chargers (what other nodes count as
//!   online; an entry not renewed for 35 s is forgotten, e.g. when its node died).
//! - `ladeklar.live`: a session's (or case's) live change, delivered to SSE views on every node.
//! - `ladeklar.node.<id>.hello`: answered by the running node with that id (a second node
//!   with the same id refuses to start).
//!
//! `<id>` is the charger id when it is letters, digits, `-` and `_`, else `=` and its hex.
//! The bus is an edge concern: no rule is decided here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use async_nats::{Client, ConnectErrorKind, ConnectOptions, Request, RequestErrorKind};
use futures_util::StreamExt;
use ladeklar_core::session_events::StoredSample;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use crate::live::{LiveChange, LiveHub};
use crate::ocpp::{CallFailure, ChargerLinks, LinkFailure};

/// Why the bus could not be used at start.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("--nats-url {url:?} is not a NATS server address: {why}")]
    BadUrl { url: String, why: String },
    #[error("the bus (NATS at {url}) cannot be reached: {why}")]
    Unreachable { url: String, why: String },
    #[error("the bus (NATS at {url}) refused this node's credentials ({why}): check the user and password (or token) in --nats-url")]
    CredentialsRefused { url: String, why: String },
    #[error("node id {node:?} is already in use: a running node on the bus (NATS at {url}) answered to it; give this node another --node-id")]
    NodeIdInUse { node: String, url: String },
}

/// How long a charger announced by another node counts as online without a renewal.
const PRESENCE_TTL: Duration = Duration::from_secs(35);
const PRESENCE_EVERY: Duration = Duration::from_secs(10);
/// Live changes waiting to be published; more are dropped (views read the session again at
/// the next change).
const LIVE_BACKLOG: usize = 4096;

#[derive(Serialize, Deserialize)]
struct CallRequest {
    action: String,
    payload: Value,
    timeout_ms: u64,
    from: String,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum CallReply {
    Result { payload: Value },
    Offline,
    Timeout { after_ms: u64 },
    CallError { code: String, description: String },
}

#[derive(Serialize, Deserialize)]
struct Holding {
    node: String,
    charger: String,
    connection: u64,
}

#[derive(Serialize, Deserialize)]
struct Presence {
    node: String,
    chargers: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct LiveMessage {
    node: String,
    key: String,
    samples: Option<Vec<StoredSample>>,
}

/// This node's connection to the bus.
pub struct Bus {
    client: Client,
    /// The NATS URL without a password, for messages.
    url: String,
    node_id: Arc<str>,
    links: Weak<ChargerLinks>,
    /// Chargers held here: the connection and its call subscription's task.
    held: Mutex<HashMap<String, (u64, AbortHandle)>>,
    /// Chargers other nodes hold: the node and when it last said so.
    remote: Mutex<HashMap<String, (Arc<str>, Instant)>>,
    tasks: Mutex<Vec<AbortHandle>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A charger id as one subject token.
pub fn subject_token(id: &str) -> String {
    if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        id.to_owned()
    } else {
        format!("={}", hex::encode(id.as_bytes()))
    }
}

fn call_subject(charger_id: &str) -> String {
    format!("ladeklar.charger.{}.call", subject_token(charger_id))
}

impl Bus {
    /// Connects to NATS at `url` as `node_id`, refuses an id another running node answers
    /// to, and starts listening: calls for chargers held here, takeovers, presence and live
    /// changes (delivered into `live`, whose own changes are published from now on).
    pub async fn connect(
        url: &str,
        node_id: &str,
        links: &Arc<ChargerLinks>,
        live: &Arc<LiveHub>,
    ) -> Result<Arc<Self>, BusError> {
        let shown = ladeklar_store::url_for_display(url);
        if !(url.starts_with("nats://") || url.starts_with("tls://") || !url.contains("://")) {
            return Err(BusError::BadUrl {
                url: shown,
                why: "the scheme must be nats:// (or tls://)".into(),
            });
        }
        let client = ConnectOptions::new()
            .name(format!("ladeklar-server {node_id}"))
            .connection_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|e| match e.kind() {
                ConnectErrorKind::ServerParse => BusError::BadUrl {
                    url: shown.clone(),
                    why: e.to_string(),
                },
                ConnectErrorKind::AuthorizationViolation | ConnectErrorKind::Authentication => {
                    BusError::CredentialsRefused {
                        url: shown.clone(),
                        why: e.to_string(),
                    }
                }
                _ => BusError::Unreachable {
                    url: shown.clone(),
                    why: e.to_string(),
                },
            })?;
        let unreachable = |why: String| BusError::Unreachable {
            url: shown.clone(),
            why,
        };
        let hello = format!("ladeklar.node.{}.hello", subject_token(node_id));
        let asked = client
            .send_request(hello.clone(), Request::new().timeout(Some(Duration::from_secs(2))))
            .await;
        match asked {
            Ok(_) => {
                return Err(BusError::NodeIdInUse {
                    node: node_id.into(),
                    url: shown,
                })
            }
            Err(e) if matches!(e.kind(), RequestErrorKind::NoResponders | RequestErrorKind::TimedOut) => {}
            Err(e) => return Err(unreachable(e.to_string())),
        }
        let bus = Arc::new(Self {
            client: client.clone(),
            url: shown.clone(),
            node_id: node_id.into(),
            links: Arc::downgrade(links),
            held: Mutex::default(),
            remote: Mutex::default(),
            tasks: Mutex::default(),
        });
        let subscribe = |subject: String| {
            let client = client.clone();
            async move { client.subscribe(subject).await.map_err(|e| e.to_string()) }
        };
        // Answer to this node's id.
        let mut hellos = subscribe(hello).await.map_err(&unreachable)?;
        let answer = client.clone();
        let id = node_id.to_owned();
        bus.spawn(async move {
            while let Some(msg) = hellos.next().await {
                if let Some(reply) = msg.reply {
                    let _ = answer.publish(reply, id.clone().into_bytes().into()).await;
                }
            }
        });
        // Takeovers and ends of other nodes' connections.
        let mut takeovers = subscribe("ladeklar.charger.*.takeover".into())
            .await
            .map_err(&unreachable)?;
        let weak = Arc::downgrade(&bus);
        bus.spawn(async move {
            while let Some(msg) = takeovers.next().await {
                let (Some(bus), Ok(h)) = (weak.upgrade(), serde_json::from_slice::<Holding>(&msg.payload)) else {
                    continue;
                };
                bus.taken_over(h);
            }
        });
        let mut gone = subscribe("ladeklar.charger.*.gone".into())
            .await
            .map_err(&unreachable)?;
        let weak = Arc::downgrade(&bus);
        bus.spawn(async move {
            while let Some(msg) = gone.next().await {
                let (Some(bus), Ok(h)) = (weak.upgrade(), serde_json::from_slice::<Holding>(&msg.payload)) else {
                    continue;
                };
                let mut remote = lock(&bus.remote);
                if remote.get(&h.charger).is_some_and(|(node, _)| **node == *h.node) {
                    remote.remove(&h.charger);
                }
            }
        });
        // Presence: listen, and tell ours every PRESENCE_EVERY.
        let mut presence = subscribe("ladeklar.presence".into()).await.map_err(&unreachable)?;
        let weak = Arc::downgrade(&bus);
        bus.spawn(async move {
            while let Some(msg) = presence.next().await {
                let (Some(bus), Ok(p)) = (weak.upgrade(), serde_json::from_slice::<Presence>(&msg.payload)) else {
                    continue;
                };
                if *p.node == *bus.node_id {
                    continue;
                }
                let node: Arc<str> = p.node.into();
                let now = Instant::now();
                let mut remote = lock(&bus.remote);
                for charger in p.chargers {
                    remote.insert(charger, (node.clone(), now));
                }
            }
        });
        let weak = Arc::downgrade(&bus);
        bus.spawn(async move {
            let mut tick = tokio::time::interval(PRESENCE_EVERY);
            loop {
                tick.tick().await;
                let Some(bus) = weak.upgrade() else { return };
                bus.publish_presence().await;
            }
        });
        // Live changes: other nodes' into our views; ours out.
        let mut changes = subscribe("ladeklar.live".into()).await.map_err(&unreachable)?;
        let (weak, hub) = (Arc::downgrade(&bus), live.clone());
        bus.spawn(async move {
            while let Some(msg) = changes.next().await {
                let (Some(bus), Ok(m)) = (weak.upgrade(), serde_json::from_slice::<LiveMessage>(&msg.payload)) else {
                    continue;
                };
                if *m.node == *bus.node_id {
                    continue;
                }
                let change = match m.samples {
                    Some(samples) => LiveChange::Samples(samples.into()),
                    None => LiveChange::Session,
                };
                hub.deliver(&m.key, change);
            }
        });
        let (out, mut outgoing) = mpsc::channel::<(Arc<str>, LiveChange)>(LIVE_BACKLOG);
        live.forward_to(out);
        let weak = Arc::downgrade(&bus);
        bus.spawn(async move {
            while let Some((key, change)) = outgoing.recv().await {
                let Some(bus) = weak.upgrade() else { return };
                if !bus.is_up() {
                    continue; // down: dropped, views catch up at the next change
                }
                let message = LiveMessage {
                    node: bus.node_id.to_string(),
                    key: key.to_string(),
                    samples: match change {
                        LiveChange::Samples(s) => Some(s.to_vec()),
                        LiveChange::Session => None,
                    },
                };
                if let Ok(bytes) = serde_json::to_vec(&message) {
                    let _ = bus.client.publish("ladeklar.live", bytes.into()).await;
                }
            }
        });
        client.flush().await.map_err(|e| unreachable(e.to_string()))?;
        tracing::info!(node = %node_id, nats = %shown, "on the bus");
        Ok(bus)
    }

    fn spawn(&self, task: impl std::future::Future<Output = ()> + Send + 'static) {
        lock(&self.tasks).push(tokio::spawn(task).abort_handle());
    }

    /// Connected to NATS now.
    pub fn is_up(&self) -> bool {
        self.client.connection_state() == async_nats::connection::State::Connected
    }

    /// The NATS URL (without a password).
    pub fn url(&self) -> &str {
        &self.url
    }

    fn down(&self) -> LinkFailure {
        LinkFailure::Bus(format!("not connected to NATS at {}", self.url))
    }

    /// Another node holds the charger (within the presence time).
    pub fn held_elsewhere(&self, charger_id: &str) -> bool {
        lock(&self.remote)
            .get(charger_id)
            .is_some_and(|(_, seen)| seen.elapsed() < PRESENCE_TTL)
    }

    /// Chargers other nodes hold (as they last announced, within the presence time).
    pub fn held_elsewhere_now(&self) -> Vec<String> {
        lock(&self.remote)
            .iter()
            .filter(|(_, (_, seen))| seen.elapsed() < PRESENCE_TTL)
            .map(|(charger, _)| charger.clone())
            .collect()
    }

    /// A charger connected here (connection `connection`): this node answers its calls from
    /// now on, and tells the others (one that held it closes its connection).
    pub fn held(self: &Arc<Self>, charger_id: &str, connection: u64) {
        let bus = self.clone();
        let charger = charger_id.to_owned();
        let task = tokio::spawn(async move {
            let subscribed = bus.client.subscribe(call_subject(&charger)).await;
            let holding = Holding {
                node: bus.node_id.to_string(),
                charger: charger.clone(),
                connection,
            };
            if let Ok(bytes) = serde_json::to_vec(&holding) {
                let subject = format!("ladeklar.charger.{}.takeover", subject_token(&charger));
                if let Err(e) = bus.client.publish(subject, bytes.into()).await {
                    tracing::warn!(charger_id = %charger, error = %e, "the takeover was not announced on the bus");
                }
            }
            let mut calls = match subscribed {
                Ok(s) => s,
                Err(e) => {
                    tracing::error!(charger_id = %charger, error = %e, "calls from other nodes cannot reach this charger");
                    return;
                }
            };
            let weak = Arc::downgrade(&bus);
            drop(bus);
            while let Some(msg) = calls.next().await {
                let Some(bus) = weak.upgrade() else { return };
                let charger = charger.clone();
                tokio::spawn(async move { bus.answer_call(&charger, msg).await });
            }
        });
        let previous = lock(&self.held).insert(charger_id.to_owned(), (connection, task.abort_handle()));
        if let Some((_, old)) = previous {
            old.abort();
        }
        lock(&self.remote).remove(charger_id);
    }

    /// The charger's connection `connection` here ended.
    pub fn released(self: &Arc<Self>, charger_id: &str, connection: u64) {
        let mut held = lock(&self.held);
        if held.get(charger_id).is_some_and(|(c, _)| *c == connection) {
            if let Some((_, task)) = held.remove(charger_id) {
                task.abort();
            }
            drop(held);
            let holding = Holding {
                node: self.node_id.to_string(),
                charger: charger_id.to_owned(),
                connection,
            };
            let (client, subject) = (
                self.client.clone(),
                format!("ladeklar.charger.{}.gone", subject_token(charger_id)),
            );
            if let Ok(bytes) = serde_json::to_vec(&holding) {
                if self.is_up() {
                    tokio::spawn(async move {
                        let _ = client.publish(subject, bytes.into()).await;
                    });
                }
            }
        }
    }

    /// Another node now holds `h.charger`: a connection of it here is closed (a takeover).
    fn taken_over(&self, h: Holding) {
        if *h.node == *self.node_id {
            return;
        }
        lock(&self.remote).insert(h.charger.clone(), (h.node.as_str().into(), Instant::now()));
        let Some(links) = self.links.upgrade() else { return };
        let note = format!(
            "taken over by node {} (connection {}) from node {}",
            h.node, h.connection, self.node_id
        );
        if let Some(old) = links.close_local(&h.charger, note) {
            tracing::warn!(
                charger_id = %h.charger,
                connection_id = old,
                new_node = %h.node,
                "the charger connected to another node: its connection here is closed (takeover)"
            );
        }
    }

    async fn publish_presence(&self) {
        if !self.is_up() {
            return;
        }
        let chargers: Vec<String> = lock(&self.held).keys().cloned().collect();
        for chunk in chargers.chunks(2000) {
            let p = Presence {
                node: self.node_id.to_string(),
                chargers: chunk.to_vec(),
            };
            if let Ok(bytes) = serde_json::to_vec(&p) {
                let _ = self.client.publish("ladeklar.presence", bytes.into()).await;
            }
        }
    }

    /// Another node's call for a charger held here.
    async fn answer_call(&self, charger_id: &str, msg: async_nats::Message) {
        let Some(reply_to) = msg.reply else { return };
        let reply = match serde_json::from_slice::<CallRequest>(&msg.payload) {
            Err(e) => CallReply::CallError {
                code: "GenericError".into(),
                description: format!("unreadable call from another node: {e}"),
            },
            Ok(req) => match self.links.upgrade().and_then(|l| l.local(charger_id)) {
                None => CallReply::Offline,
                Some(link) => {
                    tracing::info!(%charger_id, action = %req.action, from = %req.from, "a call from another node");
                    let timeout = Duration::from_millis(req.timeout_ms);
                    match link.call(&req.action, req.payload, timeout).await {
                        Ok(payload) => CallReply::Result { payload },
                        Err(CallFailure::NotConnected) => CallReply::Offline,
                        Err(CallFailure::Timeout(t)) => CallReply::Timeout {
                            after_ms: u64::try_from(t.as_millis()).unwrap_or(u64::MAX),
                        },
                        Err(CallFailure::CallError { code, description }) => CallReply::CallError { code, description },
                    }
                }
            },
        };
        if let Ok(bytes) = serde_json::to_vec(&reply) {
            let _ = self.client.publish(reply_to, bytes.into()).await;
        }
    }

    /// A call to a charger that is not held here: to the node that holds it, by request/reply.
    /// No node holds it: [`CallFailure::NotConnected`]; NATS down: [`LinkFailure::Bus`].
    pub async fn call(
        &self,
        charger_id: &str,
        action: &str,
        payload: Value,
        timeout: Duration,
    ) -> Result<Value, LinkFailure> {
        if !self.is_up() {
            return Err(self.down());
        }
        let request = CallRequest {
            action: action.into(),
            payload,
            timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
            from: self.node_id.to_string(),
        };
        let bytes = serde_json::to_vec(&request).map_err(|e| LinkFailure::Bus(e.to_string()))?;
        // The holding node answers within the call's timeout; the margin is the bus's.
        let waited = timeout + Duration::from_secs(3);
        let asked = self
            .client
            .send_request(
                call_subject(charger_id),
                Request::new().payload(bytes.into()).timeout(Some(waited)),
            )
            .await;
        let msg = match asked {
            Ok(msg) => msg,
            Err(e) => {
                return Err(match e.kind() {
                    RequestErrorKind::NoResponders => LinkFailure::Charger(CallFailure::NotConnected),
                    RequestErrorKind::TimedOut if self.is_up() => LinkFailure::Charger(CallFailure::Timeout(timeout)),
                    _ if !self.is_up() => self.down(),
                    _ => LinkFailure::Bus(format!("NATS at {}: {e}", self.url)),
                })
            }
        };
        match serde_json::from_slice::<CallReply>(&msg.payload) {
            Ok(CallReply::Result { payload }) => Ok(payload),
            Ok(CallReply::Offline) => Err(LinkFailure::Charger(CallFailure::NotConnected)),
            Ok(CallReply::Timeout { after_ms }) => Err(LinkFailure::Charger(CallFailure::Timeout(
                Duration::from_millis(after_ms),
            ))),
            Ok(CallReply::CallError { code, description }) => {
                Err(LinkFailure::Charger(CallFailure::CallError { code, description }))
            }
            Err(e) => Err(LinkFailure::Bus(format!("an unreadable answer from another node: {e}"))),
        }
    }

    /// Stops listening (the node is stopping); chargers held here are told gone as their
    /// connections end.
    pub async fn close(&self) {
        for task in lock(&self.tasks).drain(..) {
            task.abort();
        }
        for (_, (_, task)) in lock(&self.held).drain() {
            task.abort();
        }
        let _ = tokio::time::timeout(Duration::from_secs(2), self.client.flush()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charger_ids_become_one_subject_token() {
        assert_eq!(subject_token("OSLO-STORO-DC1"), "OSLO-STORO-DC1");
        assert_eq!(subject_token("a.b"), "=612e62");
        assert_eq!(subject_token("x*"), "=782a");
        assert_eq!(subject_token(""), "=");
    }
}
