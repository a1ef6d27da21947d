//! Sites, chargers and connectors.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use crate::{instant_str, Result, Store};

#[derive(Debug, Clone, FromRow)]
pub struct ChargerRow {
    pub id: String,
    pub site_id: String,
    pub vendor: Option<String>,
    pub model: Option<String>,
    pub last_heard_at: Option<String>,
    pub site_name: String,
    pub address: String,
    pub city: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub time_zone: String,
    /// The price in effect at the instant the row was read for (a site's or the charger's
    /// own newest version in effect then, else the site's tariff as set up).
    pub tariff_json: String,
    pub owner_name: String,
    pub owner_id: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct ConnectorRow {
    pub charger_id: String,
    pub connector_id: i64,
    pub standard: String,
    pub power_type: String,
    pub max_power_kw: String,
    pub status: String,
    pub error_code: Option<String>,
}

pub struct NewSite<'a> {
    pub id: &'a str,
    pub owner_id: &'a str,
    pub owner_name: &'a str,
    pub owner_email: &'a str,
    pub name: &'a str,
    pub address: &'a str,
    pub city: &'a str,
    pub country: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub time_zone: &'a str,
    pub tariff_json: &'a str,
}

pub struct NewCharger<'a> {
    pub id: &'a str,
    pub site_id: &'a str,
    pub vendor: &'a str,
    pub model: &'a str,
    pub connectors: Vec<NewConnector>,
    /// The stored hash of the charger's password (`credentials::hash_password`).
    pub password_hash: Option<String>,
    pub registration: Registration,
}

/// The registry's verdict on a charger, which decides its BootNotification answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Registration {
    /// Boots are accepted: the charger is in service.
    Accepted,
    /// Known but not yet commissioned: boots are answered Pending and retried.
    Pending,
    /// Boots are answered Rejected (decommissioned, or under investigation).
    Rejected,
}

/// What the upgrade check needs to know about a charger.
#[derive(Debug, Clone, FromRow)]
pub struct ChargerCredentials {
    pub password_hash: Option<String>,
    pub registration: String,
    /// A new AuthorizationKey sent to the charger, valid beside the current one until the
    /// charger connects with it (core's `charger_auth`).
    pub next_password_hash: Option<String>,
    /// The highest security profile (1–3) it has connected with (core's
    /// `charger_security`); `None` before its first connection.
    pub security_profile: Option<i64>,
    /// When the current password became current (`instant_str`); `None`: not known.
    pub password_set_at: Option<String>,
    /// When the pending next password was sent (`instant_str`).
    pub next_password_sent_at: Option<String>,
}

pub struct NewConnector {
    pub connector_id: u32,
    pub standard: &'static str,
    pub power_type: &'static str,
    pub max_power_kw: u32,
}

/// The chargers with their site and the price in effect at the instant bound as `$1`.
fn charger_select() -> String {
    format!(
        "SELECT c.id, c.site_id, c.vendor, c.model, c.last_heard_at, s.name AS site_name, s.address, \
         s.city, s.country, s.lat, s.lon, s.time_zone, {} AS tariff_json, o.name AS owner_name, \
         s.owner_id FROM chargers c JOIN sites s ON s.id = c.site_id JOIN owners o ON o.id = s.owner_id",
        crate::tariff_versions::tariff_in_effect_sql(1)
    )
}

impl Store {
    pub async fn count_sites(&self) -> Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM sites")
            .fetch_one(self.pool())
            .await
            .map_err(Into::into)
    }

    pub async fn insert_site(&self, site: &NewSite<'_>) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("INSERT INTO owners (id, name, email) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(site.owner_id)
            .bind(site.owner_name)
            .bind(site.owner_email)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sites (id, owner_id, name, address, city, country, lat, lon, time_zone, tariff_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(site.id)
        .bind(site.owner_id)
        .bind(site.name)
        .bind(site.address)
        .bind(site.city)
        .bind(site.country)
        .bind(site.lat)
        .bind(site.lon)
        .bind(site.time_zone)
        .bind(site.tariff_json)
        .execute(&mut *tx)
        .await?;
        Ok(tx.commit().await?)
    }

    pub async fn insert_charger(&self, charger: &NewCharger<'_>, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO chargers (id, site_id, vendor, model, registered_at, password_hash, registration, password_set_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(charger.id)
        .bind(charger.site_id)
        .bind(charger.vendor)
        .bind(charger.model)
        .bind(instant_str(now))
        .bind(&charger.password_hash)
        .bind(crate::enum_str(&charger.registration))
        .bind(charger.password_hash.as_ref().map(|_| instant_str(now)))
        .execute(&mut *tx)
        .await?;
        for c in &charger.connectors {
            sqlx::query(
                "INSERT INTO connectors (charger_id, connector_id, standard, power_type, max_power_kw) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(charger.id)
            .bind(i64::from(c.connector_id))
            .bind(c.standard)
            .bind(c.power_type)
            .bind(c.max_power_kw.to_string())
            .execute(&mut *tx)
            .await?;
        }
        Ok(tx.commit().await?)
    }

    /// Every charger, with its price at `at`.
    pub async fn all_chargers(&self, at: DateTime<Utc>) -> Result<Vec<ChargerRow>> {
        sqlx::query_as(&format!("{} ORDER BY c.id", charger_select()))
            .bind(instant_str(at))
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    /// Every charger's id, place (its site's) and site id, for the spatial index: no more
    /// than that, so a million chargers read quickly.
    pub async fn charger_places(&self) -> Result<Vec<(String, f64, f64, String)>> {
        sqlx::query_as("SELECT c.id, s.lat, s.lon, s.id FROM chargers c JOIN sites s ON s.id = c.site_id")
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    /// Every connector's charger, plug standard, power (kW) and status, for the spatial index.
    pub async fn connector_facts(&self) -> Result<Vec<(String, String, String, String)>> {
        sqlx::query_as("SELECT charger_id, standard, max_power_kw, status FROM connectors")
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    /// The chargers with these ids (any order; unknown ids are left out), with their price
    /// at `at`.
    pub async fn chargers_with_ids(&self, ids: &[String], at: DateTime<Utc>) -> Result<Vec<ChargerRow>> {
        let mut rows = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let sql = format!(
                "{} WHERE c.id IN ({})",
                charger_select(),
                placeholders_from(2, chunk.len())
            );
            let mut query = sqlx::query_as(&sql).bind(instant_str(at));
            for id in chunk {
                query = query.bind(id);
            }
            rows.extend(query.fetch_all(self.pool()).await?);
        }
        Ok(rows)
    }

    /// The connectors of these chargers.
    pub async fn connectors_of_chargers(&self, ids: &[String]) -> Result<Vec<ConnectorRow>> {
        let mut rows = Vec::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT * FROM connectors WHERE charger_id IN ({}) ORDER BY charger_id, connector_id",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query_as(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            rows.extend(query.fetch_all(self.pool()).await?);
        }
        Ok(rows)
    }

    /// One charger, with its price at `at`.
    pub async fn charger(&self, id: &str, at: DateTime<Utc>) -> Result<Option<ChargerRow>> {
        sqlx::query_as(&format!("{} WHERE c.id = $2", charger_select()))
            .bind(instant_str(at))
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }

    /// The password hashes, registry state and security profile of a registered charger.
    pub async fn charger_credentials(&self, id: &str) -> Result<Option<ChargerCredentials>> {
        sqlx::query_as(
            "SELECT password_hash, registration, next_password_hash, security_profile, password_set_at, \
             next_password_sent_at FROM chargers WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Sets a charger's password hash, current from `now`. Returns false when there is no
    /// such charger.
    pub async fn set_charger_password(&self, id: &str, password_hash: &str, now: DateTime<Utc>) -> Result<bool> {
        let r = sqlx::query("UPDATE chargers SET password_hash = $1, password_set_at = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(instant_str(now))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Keeps a new password beside the current one, sent at `now` (`None`: forgets a
    /// pending one).
    pub async fn set_next_charger_password(
        &self,
        id: &str,
        password_hash: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let r = sqlx::query("UPDATE chargers SET next_password_hash = $1, next_password_sent_at = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(password_hash.map(|_| instant_str(now)))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// The charger connected with its next password at `now`: it becomes the current one.
    /// Only when the next password is still `next_hash` (a newer rotation is left alone).
    pub async fn promote_next_charger_password(&self, id: &str, next_hash: &str, now: DateTime<Utc>) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE chargers SET password_hash = next_password_hash, next_password_hash = NULL, \
             next_password_sent_at = NULL, password_set_at = $3 WHERE id = $1 AND next_password_hash = $2",
        )
        .bind(id)
        .bind(next_hash)
        .bind(instant_str(now))
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Sets a charger's registry state. Returns false when there is no such charger.
    pub async fn set_charger_registration(&self, id: &str, registration: Registration) -> Result<bool> {
        let r = sqlx::query("UPDATE chargers SET registration = $1 WHERE id = $2")
            .bind(crate::enum_str(&registration))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected() > 0)
    }

    pub async fn charger_exists(&self, id: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM chargers WHERE id = $1")
            .bind(id)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    pub async fn all_connectors(&self) -> Result<Vec<ConnectorRow>> {
        sqlx::query_as("SELECT * FROM connectors ORDER BY charger_id, connector_id")
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    pub async fn connectors_of(&self, charger_id: &str) -> Result<Vec<ConnectorRow>> {
        sqlx::query_as("SELECT * FROM connectors WHERE charger_id = $1 ORDER BY connector_id")
            .bind(charger_id)
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    /// One connector of a charger, if the charger has it.
    pub async fn connector(&self, charger_id: &str, connector_id: i64) -> Result<Option<ConnectorRow>> {
        sqlx::query_as("SELECT * FROM connectors WHERE charger_id = $1 AND connector_id = $2")
            .bind(charger_id)
            .bind(connector_id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }

    pub async fn record_boot(&self, charger_id: &str, vendor: &str, model: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE chargers SET vendor = $1, model = $2, last_boot_at = $3, last_heard_at = $4 WHERE id = $5")
            .bind(vendor)
            .bind(model)
            .bind(instant_str(now))
            .bind(instant_str(now))
            .bind(charger_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Stores a connector's reported status. Returns false when the charger has no such connector.
    pub async fn set_connector_status(
        &self,
        charger_id: &str,
        connector_id: u32,
        status: &str,
        error_code: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE connectors SET status = $1, error_code = $2, status_at = $3 WHERE charger_id = $4 AND connector_id = $5",
        )
        .bind(status)
        .bind(error_code)
        .bind(instant_str(at))
        .bind(charger_id)
        .bind(i64::from(connector_id))
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() > 0)
    }
}

/// `$1, $2, …, $n`.
fn placeholders(n: usize) -> String {
    placeholders_from(1, n)
}

/// `$first, …` for `n` parameters.
fn placeholders_from(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
