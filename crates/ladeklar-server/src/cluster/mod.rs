//! Several server nodes on one PostgreSQL (issue 12): this node's id, the bus between nodes
//! ([`bus`], NATS: calls to a charger another node holds, live changes, takeovers), and the
//! lease that makes the jobs loop run on one node at a time. Without `--nats-url` the server
//! is one process as before; on SQLite no lease is taken.

pub mod bus;
pub mod health;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

pub use bus::{Bus, BusError};
use ladeklar_store::{Backend, Store};

/// The lease of the jobs loop's once-across-nodes jobs (pending-session expiry, payment
/// reconciliation).
pub const JOBS_LEASE: &str = "jobs";

/// How long a taken lease lasts; its node renews it every jobs tick (5 s), so a dead node's
/// lease is taken over within this.
pub fn lease_ttl() -> chrono::Duration {
    chrono::Duration::seconds(15)
}

/// This node in the cluster.
#[derive(Clone)]
pub struct Cluster {
    /// `--node-id`, by default `<hostname>:<port>`.
    pub node_id: Arc<str>,
    /// The bus, with `--nats-url`.
    pub bus: Option<Arc<Bus>>,
    /// Rounds of the once-across-nodes jobs this node ran (tests and logs).
    pub job_rounds: Arc<AtomicU64>,
    holds_lease: Arc<AtomicBool>,
}

impl Default for Cluster {
    fn default() -> Self {
        Self::single(default_node_id(0))
    }
}

impl Cluster {
    /// A node without a bus.
    pub fn single(node_id: String) -> Self {
        Self {
            node_id: node_id.into(),
            bus: None,
            job_rounds: Arc::default(),
            holds_lease: Arc::default(),
        }
    }

    /// Whether this node runs the once-across-nodes jobs now: on SQLite (one node) always;
    /// on PostgreSQL when it took or renewed [`JOBS_LEASE`]. A database error counts as not
    /// holding it (another node may).
    pub async fn take_jobs_lease(&self, store: &Store, now: chrono::DateTime<chrono::Utc>) -> bool {
        if store.backend() == Backend::Sqlite {
            return true;
        }
        let held = match store.try_lease(JOBS_LEASE, &self.node_id, now, lease_ttl()).await {
            Ok(held) => held,
            Err(e) => {
                tracing::warn!(error = %e, "the jobs lease could not be taken or renewed");
                false
            }
        };
        let before = self.holds_lease.swap(held, Ordering::Relaxed);
        if held && !before {
            tracing::info!(node = %self.node_id, "this node took the jobs lease: it runs the background jobs");
        } else if !held && before {
            tracing::warn!(node = %self.node_id, "this node lost the jobs lease");
        }
        held
    }

    /// Whether this node held the jobs lease at its last try.
    pub fn holds_jobs_lease(&self) -> bool {
        self.holds_lease.load(Ordering::Relaxed)
    }

    /// A stopping node gives the lease up, so another takes it at its next tick.
    pub async fn release_jobs_lease(&self, store: &Store) {
        if store.backend() == Backend::Postgres && self.holds_lease.swap(false, Ordering::Relaxed) {
            if let Err(e) = store.release_lease(JOBS_LEASE, &self.node_id).await {
                tracing::warn!(error = %e, "the jobs lease was not released (it expires by itself)");
            }
        }
    }
}

/// `<hostname>:<port>`: unique per process on one machine, readable in logs.
pub fn default_node_id(port: u16) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "node".to_owned());
    format!("{host}:{port}")
}
