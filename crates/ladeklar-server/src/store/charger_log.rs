//! The charger log: frames in and out and connection events, newest kept.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{instant_str, Store};

#[derive(Debug, Clone, FromRow)]
pub struct LogRow {
    pub id: i64,
    pub at: String,
    pub direction: String,
    pub text: String,
}

impl Store {
    /// Appends an entry and trims the charger's log to its newest `keep` entries.
    pub async fn log_charger(
        &self,
        charger_id: &str,
        direction: &str,
        text: &str,
        keep: u32,
        now: DateTime<Utc>,
    ) -> sqlx::Result<()> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO charger_log (charger_id, at, direction, text) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(charger_id)
        .bind(instant_str(now))
        .bind(direction)
        .bind(text)
        .fetch_one(self.pool())
        .await?;
        // Trim now and then, not on every write: the log may exceed `keep` by a few entries.
        if id % 16 == 0 {
            sqlx::query(
                "DELETE FROM charger_log WHERE charger_id = ?1 AND id <= \
                 (SELECT id FROM charger_log WHERE charger_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
            )
            .bind(charger_id)
            .bind(i64::from(keep))
            .execute(self.pool())
            .await?;
        }
        Ok(())
    }

    /// The charger's newest `limit` entries, newest first.
    pub async fn charger_log(&self, charger_id: &str, limit: i64) -> sqlx::Result<Vec<LogRow>> {
        sqlx::query_as("SELECT id, at, direction, text FROM charger_log WHERE charger_id = ? ORDER BY id DESC LIMIT ?")
            .bind(charger_id)
            .bind(limit)
            .fetch_all(self.pool())
            .await
    }
}
