//! Transaction messages held for review instead of refused.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use crate::{instant_str, Backend, Result, Store};

#[derive(Debug, Clone, FromRow)]
pub struct QuarantineRow {
    pub id: i64,
    pub charger_id: String,
    pub received_at: String,
    pub action: String,
    pub transaction_id: Option<i64>,
    pub reason: String,
    pub payload_json: String,
}

/// The next transaction id on SQLite: one above any given to a session or to a quarantined
/// start. Safe because SQLite runs one write at a time; the statement that uses it computes
/// and writes the id in one go.
const NEXT_TRANSACTION_ID_SQLITE: &str = "(SELECT MAX(m) + 1 FROM (\
     SELECT COALESCE(MAX(transaction_id), 0) AS m FROM sessions \
     UNION ALL SELECT COALESCE(MAX(transaction_id), 0) FROM quarantine WHERE action = 'StartTransaction') AS given)";

/// The next transaction id on PostgreSQL: writes run side by side there, so two starts could
/// read the same maximum; the `transaction_ids` sequence (migrations/postgres/0004) hands out
/// each id once, to a session or a quarantined start.
const NEXT_TRANSACTION_ID_POSTGRES: &str = "nextval('transaction_ids')";

impl Store {
    /// The SQL expression of the next transaction id on this database (the one part of a
    /// statement that differs between the two).
    pub(crate) fn next_transaction_id(&self) -> &'static str {
        match self.backend() {
            Backend::Sqlite => NEXT_TRANSACTION_ID_SQLITE,
            Backend::Postgres => NEXT_TRANSACTION_ID_POSTGRES,
        }
    }

    /// Keeps a message for review. The same message again (same charger, action, payload)
    /// is stored once.
    pub async fn quarantine(
        &self,
        charger_id: &str,
        action: &str,
        transaction_id: Option<i64>,
        reason: &str,
        payload_json: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO quarantine (charger_id, received_at, action, transaction_id, reason, payload_json) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(charger_id)
        .bind(instant_str(now))
        .bind(action)
        .bind(transaction_id)
        .bind(reason)
        .bind(payload_json)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A quarantined StartTransaction with a transaction id: the same one on a replay, a new
    /// one otherwise. Returns the transaction id to answer with.
    pub async fn quarantine_start(
        &self,
        charger_id: &str,
        reason: &str,
        payload_json: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        sqlx::query(&format!(
            "INSERT INTO quarantine (charger_id, received_at, action, transaction_id, reason, payload_json) \
             VALUES ($1, $2, 'StartTransaction', {}, $3, $4) ON CONFLICT DO NOTHING",
            self.next_transaction_id()
        ))
        .bind(charger_id)
        .bind(instant_str(now))
        .bind(reason)
        .bind(payload_json)
        .execute(self.pool())
        .await?;
        sqlx::query_scalar(
            "SELECT transaction_id FROM quarantine WHERE charger_id = $1 AND action = 'StartTransaction' \
             AND payload_json = $2",
        )
        .bind(charger_id)
        .bind(payload_json)
        .fetch_one(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Everything held for review, newest first.
    pub async fn quarantined(&self, limit: i64) -> Result<Vec<QuarantineRow>> {
        sqlx::query_as("SELECT * FROM quarantine ORDER BY id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    /// Which charger's session has this transaction id, if any.
    pub async fn charger_of_transaction(&self, transaction_id: i64) -> Result<Option<String>> {
        sqlx::query_scalar("SELECT charger_id FROM sessions WHERE transaction_id = $1")
            .bind(transaction_id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }
}
