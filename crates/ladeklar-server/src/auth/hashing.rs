//! Password hashing off the async threads. An argon2id hash or verification costs ≥ 50 ms
//! of one core (the store's `credentials::users::PARAMS`). It runs on threads of its own —
//! **decision:** one less than the cores (at least one), at the operating system's lowest
//! CPU priority — so a burst of sign-ins queues here (asynchronously, behind a semaphore)
//! and what CPU the hashes get is what the chargers' messages and the API leave: chargers
//! keep their latency, sign-ins wait (`benches/sign-in/`).

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use ladeklar_store::credentials::users;
use tokio::sync::{oneshot, Semaphore};

use crate::error::ApiError;

type Job = Box<dyn FnOnce() + Send>;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    jobs: mpsc::Sender<Job>,
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
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..threads {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-hash-{i}"))
                .spawn(move || {
                    if let Err(e) = thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min) {
                        tracing::warn!(error = ?e, "password hashing runs at normal priority");
                    }
                    loop {
                        // The lock is held only while waiting for the next job.
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            // Every Hasher is gone: the server stopped.
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Hasher {
            permits: Arc::new(Semaphore::new(threads)),
            jobs,
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
        let stopped = |what: &str| ApiError::Internal(anyhow::anyhow!("password hashing {what}"));
        let _permit = self.permits.acquire().await.map_err(|_| stopped("stopped"))?;
        let (done, answer) = oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = done.send(work());
            }))
            .map_err(|_| stopped("threads are gone"))?;
        answer.await.map_err(|_| stopped("failed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_an_unknown_account_answers_false() {
        let hasher = Hasher::new(1);
        let hash = hasher.hash("fjord lights at dusk").await.unwrap();
        assert!(hasher.verify("fjord lights at dusk", Some(hash.clone())).await.unwrap());
        assert!(!hasher.verify("wrong", Some(hash)).await.unwrap());
        assert!(!hasher.verify("anything", None).await.unwrap());
    }
}
