//! Ladeklar's storage: sqlx over SQLite (a file in the data folder, the default) or
//! PostgreSQL (a `postgres://` URL), typed rows, one transaction per decision, the charger
//! log's writer task and SQLite's WAL checkpointer, and the provisioning of the registry and
//! token store. No HTTP, no OCPP. Migrations run at open.
//! Instants are stored as RFC 3339 UTC text, decimals as text, enums as their snake_case names.
//! Every public call answers [`StoreError`], never a raw sqlx error.

mod accounts;
mod cases;
mod charger_certificates;
mod charger_log;
mod charger_transfers;
mod chargers;
pub mod credentials;
mod error;
mod favourites;
mod field_visits;
mod leases;
mod owner_portal;
mod payments;
pub mod provisioning;
mod quarantine;
mod sessions;
mod statements;
mod tariff_versions;
mod tokens;

pub use accounts::{AuditEntry, AuditEvent, NewAuditEntry, NewUser, UserRow};
pub use cases::{
    CaseRow, CaseSchedule, CaseWriteOutcome, NewCaseRow, NewTimelineEntry, PhotoRow, QueueFilter, TimelineRow,
};
pub use charger_certificates::{IssuedCertificateRow, NewIssuedCertificate};
pub use charger_log::LogRow;
pub use charger_transfers::{NewTransfer, TransferRow};
pub use chargers::{ChargerCredentials, ChargerRow, ConnectorRow, NewCharger, NewConnector, NewSite, Registration};
pub use error::{BoxError, Result, StoreError};
pub use favourites::FavouriteAdded;
pub use field_visits::{CaseChange, NewVisitReport, OrderWriteOutcome, StatusHistoryRow, VisitReportRow, WorkOrderRow};
pub use owner_portal::{OwnerChargerRow, OwnerPaymentRow, OwnerSessionFilter, OwnerSessionRow};
pub use payments::{AccountTagRow, HistoryRow, NewPayment, PaymentChange, PaymentRow};
pub use quarantine::QuarantineRow;
pub use sessions::{NewPendingSession, SampleRow, SessionRow};
pub use statements::{Issued, NewStatement, OwnerRow, StatedPaymentRow, StatementInputs, StatementRow};
pub use tariff_versions::{NewTariffVersion, SiteRow, TariffAt, TariffVersionRow};

use std::path::Path;

use serde::{de::DeserializeOwned, Serialize};
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::MigrateDatabase;
use sqlx::{AnyPool, Executor};

/// Which database a [`Store`] is on. Every statement is written once (`$1, $2…` placeholders,
/// `ON CONFLICT DO NOTHING`, `RETURNING`), through sqlx's `Any` driver; what differs is here:
/// the migrations folder, SQLite's PRAGMAs and checkpointer, and how a transaction id is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite:` URLs: a file (the default, in the data folder).
    Sqlite,
    /// `postgres://` or `postgresql://` URLs.
    Postgres,
}

impl Backend {
    /// The database a URL names.
    pub fn of_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::Other(
                format!("database URL {url:?} is neither sqlite: nor postgres://").into(),
            ))
        }
    }
}

/// Set on every SQLite connection: WAL, `synchronous=NORMAL`, foreign keys, a 10 s busy
/// timeout, and no checkpoint inside a commit (a stall for the charger waiting on it): the
/// checkpointer task copies the WAL into the database in the background.
const SQLITE_PRAGMAS: [&str; 5] = [
    "PRAGMA busy_timeout = 10000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA wal_autocheckpoint = 0",
];

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The charger log's writer task (see `charger_log`).
    log: tokio::sync::mpsc::Sender<charger_log::LogCommand>,
}

impl Store {
    /// Opens the database at `url` and applies its migrations. A SQLite file is created when
    /// missing (unless the URL sets `mode=`); so is a PostgreSQL database, when the server
    /// says it does not exist and the user may create it.
    pub async fn open(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url)?;
        let options = AnyPoolOptions::new().max_connections(8);
        let pool = match backend {
            Backend::Sqlite => {
                let url = if url.contains("mode=") || url.contains(":memory:") {
                    url.to_owned()
                } else if url.contains('?') {
                    format!("{url}&mode=rwc")
                } else {
                    format!("{url}?mode=rwc")
                };
                options
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            for pragma in SQLITE_PRAGMAS {
                                conn.execute(pragma).await?;
                            }
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?
            }
            Backend::Postgres => match options.clone().connect(url).await {
                Ok(pool) => pool,
                // 3D000: invalid_catalog_name, the database does not exist.
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("3D000") => {
                    sqlx::Any::create_database(url).await?;
                    options.connect(url).await?
                }
                Err(e) => return Err(e.into()),
            },
        };
        match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        let log = charger_log::spawn_writer(pool.clone());
        if backend == Backend::Sqlite {
            spawn_checkpointer(pool.clone());
        }
        Ok(Self { pool, backend, log })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
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
/// SQLite only.
fn spawn_checkpointer(pool: AnyPool) {
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

/// A database URL fit to print: a password in it (`postgres://user:secret@host/db`) is
/// replaced by `***`.
pub fn url_for_display(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let rest = &url[scheme_end..];
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    let Some(at) = authority.rfind('@') else {
        return url.to_owned();
    };
    let Some(colon) = authority[..at].find(':') else {
        return url.to_owned();
    };
    format!("{}***{}", &url[..scheme_end + colon + 1], &url[scheme_end + at..])
}

/// The environment variable the tests read: an admin URL of a PostgreSQL server
/// (`scripts/with-postgres.sh` sets it). Unset, tests use a SQLite file.
pub const TEST_POSTGRES_URL_VAR: &str = "LADEKLAR_TEST_POSTGRES_URL";

/// The database a test with the data folder `data_dir` uses: with
/// `LADEKLAR_TEST_POSTGRES_URL` set, `ladeklar_test_<hash of the folder>` on that server
/// ([`Store::open`] creates it; the same folder names the same database, so a test that
/// restarts a server on its folder finds its data); else `None`, the SQLite file in the folder.
pub fn test_database_url(data_dir: &Path) -> Option<String> {
    use std::hash::{Hash, Hasher};
    let admin = std::env::var(TEST_POSTGRES_URL_VAR).ok().filter(|u| !u.is_empty())?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data_dir.hash(&mut hasher);
    let name = format!("ladeklar_test_{:016x}", hasher.finish());
    // postgres://user@host:port/db?params → the same with our database.
    let (base, query) = match admin.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin.as_str(), None),
    };
    let authority_end = base
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| base[start..].find('/').map(|j| start + j))
        .unwrap_or(base.len());
    let mut url = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    Some(url)
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

#[cfg(test)]
mod tests;
