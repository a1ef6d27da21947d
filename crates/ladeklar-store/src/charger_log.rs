//! The charger log: frames in and out and connection events, newest kept.
//!
//! Writes go through one writer task (`LogWriter`): `log_charger` queues the entry (a bounded
//! channel, so a stuck database slows the chargers' loops instead of growing memory) and the
//! task inserts whatever has queued in one transaction, trimming a charger's log every
//! `TRIM_EVERY` of its entries. Reads flush the queue first, so an entry queued before a read
//! is seen by it.
//!
//! The same task keeps the charger's "last heard" instant: a frame in is a sign of life, so
//! each batch moves `chargers.last_heard_at` forward once per charger it heard from, instead
//! of one UPDATE per message on the path that answers the charger.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{AnyPool, FromRow};
use tokio::sync::{mpsc, oneshot};

use crate::{instant_str, Result, Store};

#[derive(Debug, Clone, FromRow)]
pub struct LogRow {
    pub id: i64,
    pub at: String,
    pub direction: String,
    pub text: String,
}

/// Trim a charger's log after this many new entries: it may exceed `keep` by fewer.
const TRIM_EVERY: u32 = 16;
/// Entries written per transaction at most.
const BATCH: usize = 512;

pub(crate) enum LogCommand {
    Entry {
        charger_id: String,
        at: DateTime<Utc>,
        direction: String,
        text: String,
        keep: u32,
    },
    /// Answered once every entry queued before it is written.
    Flush(oneshot::Sender<()>),
}

/// Starts the writer task on `pool`; it ends when every sender is gone.
pub(crate) fn spawn_writer(pool: AnyPool) -> mpsc::Sender<LogCommand> {
    let (tx, mut rx) = mpsc::channel::<LogCommand>(8192);
    tokio::spawn(async move {
        let mut since_trim: HashMap<String, u32> = HashMap::new();
        let mut batch = Vec::with_capacity(BATCH);
        while rx.recv_many(&mut batch, BATCH).await > 0 {
            if let Err(e) = write_batch(&pool, &mut batch, &mut since_trim).await {
                if pool.is_closed() {
                    // Shutting down: entries queued after the store closed (a connection's
                    // close event) have nowhere to go.
                    tracing::debug!(error = %e, "charger log entries after the store closed");
                } else {
                    tracing::error!(error = %e, "could not write the charger log");
                }
            }
            for command in batch.drain(..) {
                if let LogCommand::Flush(done) = command {
                    let _ = done.send(());
                }
            }
        }
    });
    tx
}

async fn write_batch(pool: &AnyPool, batch: &mut [LogCommand], since_trim: &mut HashMap<String, u32>) -> Result<()> {
    if !batch.iter().any(|c| matches!(c, LogCommand::Entry { .. })) {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    let mut trims = Vec::new();
    let mut heard: HashMap<&str, DateTime<Utc>> = HashMap::new();
    for command in batch.iter() {
        let LogCommand::Entry {
            charger_id,
            at,
            direction,
            text,
            keep,
        } = command
        else {
            continue;
        };
        sqlx::query("INSERT INTO charger_log (charger_id, at, direction, text) VALUES ($1, $2, $3, $4)")
            .bind(charger_id)
            .bind(instant_str(*at))
            .bind(direction)
            .bind(text)
            .execute(&mut *tx)
            .await?;
        if direction == "in" {
            let last = heard.entry(charger_id.as_str()).or_insert(*at);
            *last = (*last).max(*at);
        }
        let count = since_trim.entry(charger_id.clone()).or_insert(0);
        *count += 1;
        if *count >= TRIM_EVERY {
            since_trim.remove(charger_id);
            trims.push((charger_id.as_str(), *keep));
        }
    }
    for (charger_id, at) in heard {
        // Instants are fixed-width RFC 3339 text, so text order is time order.
        sqlx::query(
            "UPDATE chargers SET last_heard_at = $1 WHERE id = $2 AND (last_heard_at IS NULL OR last_heard_at < $1)",
        )
        .bind(instant_str(at))
        .bind(charger_id)
        .execute(&mut *tx)
        .await?;
    }
    for (charger_id, keep) in trims {
        sqlx::query(
            "DELETE FROM charger_log WHERE charger_id = $1 AND id <= \
             (SELECT id FROM charger_log WHERE charger_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)",
        )
        .bind(charger_id)
        .bind(i64::from(keep))
        .execute(&mut *tx)
        .await?;
    }
    Ok(tx.commit().await?)
}

impl Store {
    /// Queues an entry for the charger's log (trimmed to its newest `keep` entries now and
    /// then: the log may exceed `keep` by a few entries).
    pub async fn log_charger(
        &self,
        charger_id: &str,
        direction: &str,
        text: &str,
        keep: u32,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let entry = LogCommand::Entry {
            charger_id: charger_id.to_owned(),
            at: now,
            direction: direction.to_owned(),
            text: text.to_owned(),
            keep,
        };
        self.log
            .send(entry)
            .await
            .map_err(|_| crate::StoreError::Unavailable("the charger log writer has stopped".into()))
    }

    /// Waits until every entry queued so far is written.
    pub async fn flush_charger_log(&self) {
        let (done, written) = oneshot::channel();
        if self.log.send(LogCommand::Flush(done)).await.is_ok() {
            let _ = written.await;
        }
    }

    /// The charger's newest `limit` entries, newest first.
    pub async fn charger_log(&self, charger_id: &str, limit: i64) -> Result<Vec<LogRow>> {
        self.flush_charger_log().await;
        sqlx::query_as(
            "SELECT id, at, direction, text FROM charger_log WHERE charger_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(charger_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }
}
