//! Password hashing off the async threads. An argon2id hash or verification costs ≥ 50 ms
//! of one core (the store's `credentials::users::PARAMS`); it runs on tokio's blocking pool,
//! and at most `permits` at once, so a burst of sign-ins queues here instead of taking every
//! core from the chargers' messages. **Decision:** by default one less than the cores (at
//! least one): on the 2-core machine one hash at a time, ≈ 14 sign-ins per second at most
//! (measured in `benches/sign-in/`).

use std::sync::Arc;

use ladeklar_store::credentials::users;
use tokio::sync::Semaphore;

use crate::error::ApiError;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

impl Hasher {
    /// `threads` 0: one less than the available cores, at least one.
    pub fn new(threads: usize) -> Hasher {
        let threads = if threads == 0 {
            std::thread::available_parallelism()
                .map(|n| n.get().saturating_sub(1))
                .unwrap_or(1)
                .max(1)
        } else {
            threads
        };
        Hasher {
            permits: Arc::new(Semaphore::new(threads)),
        }
    }

    /// A new PHC string for `password`.
    pub async fn hash(&self, password: &str) -> Result<String, ApiError> {
        let password = password.to_owned();
        self.run(move || users::hash_password(&password).map_err(|e| ApiError::Internal(e.into())))
            .await?
    }

    /// Whether `password` matches `stored`; with no stored hash (no such account, or no
    /// password yet) the same work against a dummy, answering false.
    pub async fn verify(&self, password: &str, stored: Option<String>) -> Result<bool, ApiError> {
        let password = password.to_owned();
        self.run(move || users::verify_password_or_dummy(&password, stored.as_deref()))
            .await
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("hashing stopped: {e}")))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("hashing task failed: {e}")))
    }
}
