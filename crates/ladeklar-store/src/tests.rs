//! The store on whichever database the tests run on: a SQLite file, or with
//! `LADEKLAR_TEST_POSTGRES_URL` set (scripts/with-postgres.sh) a PostgreSQL database.

use chrono::Utc;
use ladeklar_core::session::SessionStatus;

use crate::{test_database_url, Backend, NewCharger, NewConnector, NewSite, Registration, Store, StoreError};

mod accounts;
mod cases;
mod charger_certificates;
mod charger_transfers;

pub(crate) async fn fresh_store(dir: &std::path::Path) -> Store {
    let url = test_database_url(dir).unwrap_or_else(|| format!("sqlite://{}", dir.join("ladeklar.db").display()));
    let store = Store::open(&url).await.expect("the database opens");
    let on_postgres = std::env::var(crate::TEST_POSTGRES_URL_VAR).is_ok_and(|u| !u.is_empty());
    assert_eq!(store.backend() == Backend::Postgres, on_postgres);
    store
}

/// One site with one charger of `connectors` connectors.
async fn charger_with(store: &Store, connectors: u32) {
    store
        .insert_site(&NewSite {
            id: "site",
            owner_id: "owner",
            owner_name: "Owner",
            owner_email: "owner@example.com",
            name: "Site",
            address: "Street 1",
            city: "Oslo",
            country: "NOR",
            lat: 59.9,
            lon: 10.7,
            time_zone: "Europe/Oslo",
            tariff_json: "{}",
        })
        .await
        .unwrap();
    let charger = NewCharger {
        id: "CP-1",
        site_id: "site",
        vendor: "V",
        model: "M",
        connectors: (1..=connectors)
            .map(|connector_id| NewConnector {
                connector_id,
                standard: "type2",
                power_type: "ac",
                max_power_kw: 22,
            })
            .collect(),
        password_hash: None,
        registration: Registration::Accepted,
    };
    store.insert_charger(&charger, Utc::now()).await.unwrap();
}

/// Every statement is written with `$1, $2…`; sqlx's SQLite driver reads them as numbered
/// parameters, a repeated `$1` included.
#[tokio::test]
async fn numbered_placeholders_work_repeated_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    let text: String = sqlx::query_scalar("SELECT $1 || $2 || $1")
        .bind("a")
        .bind("b")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(text, "aba");
    store.close().await;
}

/// Starts at once on many connectors (at the charger, and quarantined ones) never share a
/// transaction id: on PostgreSQL writes run side by side, so this is the sequence's test.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_starts_get_distinct_transaction_ids() {
    const N: u32 = 16;
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    charger_with(&store, N).await;
    let mut tasks = Vec::new();
    for n in 1..=N {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let now = Utc::now();
            let session = store
                .insert_started_session(
                    &format!("s-{n}"),
                    "CP-1",
                    n,
                    "TAG",
                    SessionStatus::Charging,
                    &crate::TariffAt {
                        version_id: None,
                        tariff_json: "{}".into(),
                        time_zone: "Europe/Oslo".into(),
                    },
                    now,
                    0,
                    now,
                )
                .await
                .unwrap();
            let quarantined = store
                .quarantine_start("CP-1", "test", &format!("{{\"n\":{n}}}"), now)
                .await
                .unwrap();
            [session, quarantined]
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.extend(task.await.unwrap());
    }
    ids.sort_unstable();
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count, "a transaction id given twice: {ids:?}");
    // A replayed quarantined start keeps its id.
    let again = store
        .quarantine_start("CP-1", "test", "{\"n\":1}", Utc::now())
        .await
        .unwrap();
    assert!(ids.contains(&again));
    store.close().await;
}

/// The one active session per connector is a unique index on both databases, and its
/// violation reads as `Conflict` (what the server answers "connector occupied" with).
#[tokio::test]
async fn a_second_active_session_on_a_connector_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    charger_with(&store, 1).await;
    let now = Utc::now();
    store
        .insert_pending_session(&pending("a", 1, "TAG", None), now)
        .await
        .unwrap();
    let second = store.insert_pending_session(&pending("b", 1, "TAG", None), now).await;
    assert!(matches!(second, Err(StoreError::Conflict(_))), "{second:?}");
    store.close().await;
}

/// Every SQLite connection of the pool gets the PRAGMAs (the Any driver takes no SQLite
/// options, so they are set after connecting).
#[tokio::test]
async fn sqlite_connections_have_their_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    if store.backend() != Backend::Sqlite {
        return store.close().await;
    }
    let mut conn = store.pool().acquire().await.unwrap();
    let mut read = async |pragma: &str| -> String {
        let row = sqlx::query(&format!("PRAGMA {pragma}"))
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        use sqlx::Row;
        row.try_get::<String, _>(0)
            .or_else(|_| row.try_get::<i64, _>(0).map(|n| n.to_string()))
            .unwrap()
    };
    assert_eq!(read("journal_mode").await, "wal");
    assert_eq!(read("synchronous").await, "1", "NORMAL");
    assert_eq!(read("foreign_keys").await, "1");
    assert_eq!(read("busy_timeout").await, "10000");
    assert_eq!(read("wal_autocheckpoint").await, "0");
    drop(conn);
    store.close().await;
}

#[test]
fn printed_urls_hide_the_password() {
    use crate::url_for_display as shown;
    assert_eq!(
        shown("postgres://ladeklar:s3cret@db:5432/ladeklar"),
        "postgres://ladeklar:***@db:5432/ladeklar"
    );
    assert_eq!(
        shown("postgres://ladeklar@db/ladeklar"),
        "postgres://ladeklar@db/ladeklar"
    );
    assert_eq!(
        shown("postgres://u:p:q@db/x?sslmode=require"),
        "postgres://u:***@db/x?sslmode=require"
    );
    assert_eq!(
        shown("sqlite:///tmp/data/ladeklar.db?mode=rwc"),
        "sqlite:///tmp/data/ladeklar.db?mode=rwc"
    );
    assert_eq!(shown("sqlite:ladeklar.db"), "sqlite:ladeklar.db");
}

#[test]
fn urls_name_their_database() {
    assert_eq!(
        Backend::of_url("sqlite://data/ladeklar.db?mode=rwc").unwrap(),
        Backend::Sqlite
    );
    assert_eq!(Backend::of_url("postgres://u@h:5432/db").unwrap(), Backend::Postgres);
    assert_eq!(Backend::of_url("postgresql://h/db").unwrap(), Backend::Postgres);
    assert!(Backend::of_url("mysql://h/db").is_err());
}

fn pending<'a>(
    id: &'a str,
    connector_id: u32,
    id_tag: &'a str,
    driver: Option<ladeklar_core::accounts::UserId>,
) -> crate::NewPendingSession<'a> {
    crate::NewPendingSession {
        id,
        charger_id: "CP-1",
        connector_id,
        id_tag,
        tariff_json: "{}",
        tariff_version_id: None,
        time_zone: "Europe/Oslo",
        driver,
    }
}
