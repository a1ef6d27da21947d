//! Leases: which node runs a background job that must run once across nodes (issue 12). A
//! lease is a row (name, holder, expiry); taking it is one statement, so two nodes racing
//! for it cannot both win.

use chrono::{DateTime, Utc};

use crate::{instant_str, Result, Store};

impl Store {
    /// Takes or renews the lease `name` for `holder` until `now + ttl`. True when `holder`
    /// holds it after the call: it was free, expired at `now`, or already `holder`'s.
    pub async fn try_lease(&self, name: &str, holder: &str, now: DateTime<Utc>, ttl: chrono::Duration) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
             WHERE leases.holder = excluded.holder OR leases.expires_at < $4",
        )
        .bind(name)
        .bind(holder)
        .bind(instant_str(now + ttl))
        .bind(instant_str(now))
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives the lease up if `holder` holds it (a node stopping), so another node takes it at once.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<()> {
        sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Who holds the lease `name` and until when (RFC 3339), if anyone ever took it.
    pub async fn lease_holder(&self, name: &str) -> Result<Option<(String, String)>> {
        let row: Option<(String, String)> = sqlx::query_as("SELECT holder, expires_at FROM leases WHERE name = $1")
            .bind(name)
            .fetch_optional(self.pool())
            .await?;
        Ok(row)
    }

    /// One round trip to the database (`/readyz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(self.pool()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[tokio::test]
    async fn a_lease_is_held_by_one_holder_until_it_expires_or_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let url = crate::test_database_url(dir.path())
            .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("t.db").display()));
        let store = Store::open(&url).await.unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap();
        let ttl = chrono::Duration::seconds(10);
        assert!(store.try_lease("jobs", "a", t0, ttl).await.unwrap());
        assert!(!store
            .try_lease("jobs", "b", t0 + chrono::Duration::seconds(5), ttl)
            .await
            .unwrap());
        assert!(
            store
                .try_lease("jobs", "a", t0 + chrono::Duration::seconds(5), ttl)
                .await
                .unwrap(),
            "renewed"
        );
        assert!(!store
            .try_lease("jobs", "b", t0 + chrono::Duration::seconds(14), ttl)
            .await
            .unwrap());
        assert!(
            store
                .try_lease("jobs", "b", t0 + chrono::Duration::seconds(16), ttl)
                .await
                .unwrap(),
            "expired: taken over"
        );
        assert_eq!(store.lease_holder("jobs").await.unwrap().unwrap().0, "b");
        store.release_lease("jobs", "a").await.unwrap();
        assert_eq!(
            store.lease_holder("jobs").await.unwrap().unwrap().0,
            "b",
            "a cannot release b's lease"
        );
        store.release_lease("jobs", "b").await.unwrap();
        assert!(store
            .try_lease("jobs", "a", t0 + chrono::Duration::seconds(17), ttl)
            .await
            .unwrap());
        store.ping().await.unwrap();
        store.close().await;
    }
}
