//! Ladeklar's storage: sqlx over SQLite (a file in the data folder), typed rows, one
//! transaction per decision, the charger log's writer task and the WAL checkpointer, and the
//! provisioning of the registry and token store. No HTTP, no OCPP. Migrations run at open.
//! Instants are stored as RFC 3339 UTC text, decimals as text, enums as their snake_case names.
//! Every public call answers [`StoreError`], never a raw sqlx error.

mod charger_log;
mod chargers;
pub mod credentials;
mod error;
pub mod provisioning;
mod quarantine;
mod sessions;
mod tokens;

pub use charger_log::LogRow;
pub use chargers::{ChargerCredentials, ChargerRow, ConnectorRow, NewCharger, NewConnector, NewSite, Registration};
pub use error::{BoxError, Result, StoreError};
pub use quarantine::QuarantineRow;
pub use sessions::{SampleRow, SessionRow};

use std::str::FromStr;

use serde::{de::DeserializeOwned, Serialize};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    /// The charger log's writer task (see `charger_log`).
    log: tokio::sync::mpsc::Sender<charger_log::LogCommand>,
}

impl Store {
    /// Opens (creating if needed) the database at `url` and applies migrations.
    pub async fn open(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Other(format!("database URL {url:?} is not a SQLite URL: {e}").into()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10))
            // No checkpoint inside a commit (a stall for the charger waiting on it): the
            // checkpointer task below copies the WAL into the database in the background.
            .pragma("wal_autocheckpoint", "0");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        let log = charger_log::spawn_writer(pool.clone());
        spawn_checkpointer(pool.clone());
        Ok(Self { pool, log })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn close(&self) {
        self.flush_charger_log().await;
        self.pool.close().await;
    }
}

/// How often the WAL is copied into the database file.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Checkpoints the WAL every [`CHECKPOINT_EVERY`] without blocking writers or readers
/// (`PASSIVE`), until the pool is closed. Closing the last connection checkpoints the rest.
fn spawn_checkpointer(pool: SqlitePool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                return;
            }
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await {
                if pool.is_closed() {
                    return;
                }
                tracing::warn!(error = %e, "WAL checkpoint failed");
            }
        }
    });
}

/// A serde enum as the plain string it serializes to (`ConnectorStatus::SuspendedEv` → `suspended_ev`).
pub fn enum_str<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

/// Reads a stored enum name back.
pub fn parse_enum<T: DeserializeOwned>(column: &str, raw: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned()))
        .map_err(|_| StoreError::corrupt(format!("stored {column} {raw:?} is not a known value")))
}

/// Reads a stored RFC 3339 instant.
pub fn parse_instant(column: &str, raw: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| StoreError::corrupt(format!("stored {column} {raw:?} is not an RFC 3339 instant")))
}

/// An instant as stored: RFC 3339 UTC with milliseconds, so text order is time order.
pub fn instant_str(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
