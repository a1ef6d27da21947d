//! Prices owners set (issue 19): every version of a site's price or of one charger's own
//! price, from the moment it takes effect, with who set it (migration 0016). What a charger
//! costs at an instant is resolved here, in SQL, from the versions in effect then; a session
//! keeps the version it started with (`sessions.tariff_version_id`).

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use crate::{instant_str, Result, Store};

/// A site, as its price screens need it.
#[derive(Debug, Clone, FromRow)]
pub struct SiteRow {
    pub id: String,
    pub owner_id: String,
    pub owner_name: String,
    pub name: String,
    pub city: String,
    pub country: String,
    pub time_zone: String,
    /// The tariff the site was set up with (version 0 of its price).
    pub tariff_json: String,
}

/// One version of a site's or a charger's price.
#[derive(Debug, Clone, FromRow)]
pub struct TariffVersionRow {
    pub id: String,
    pub site_id: String,
    /// Empty for the site's price.
    pub charger_id: String,
    pub version: i64,
    /// `None`: the charger follows its site's price again from `effective_from`.
    pub tariff_json: Option<String>,
    pub effective_from: String,
    pub set_by: Option<String>,
    /// The e-mail of whoever set it (empty once their account was deleted).
    pub set_by_email: Option<String>,
    pub set_at: String,
}

/// A new version of a price.
#[derive(Debug, Clone)]
pub struct NewTariffVersion<'a> {
    pub id: &'a str,
    pub site_id: &'a str,
    /// `None`: the site's price.
    pub charger_id: Option<&'a str>,
    /// One above the newest version the caller read: two racing changes cannot both be saved
    /// ([`StoreError::Conflict`](crate::StoreError::Conflict) for the second).
    pub version: i64,
    pub tariff_json: Option<&'a str>,
    pub effective_from: DateTime<Utc>,
    pub set_by: Option<ladeklar_core::accounts::UserId>,
    pub set_at: DateTime<Utc>,
}

/// The price a charger has at an instant: the tariff and the version it comes from (`None`:
/// the site's tariff as set up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffAt {
    pub version_id: Option<String>,
    pub tariff_json: String,
    pub time_zone: String,
}

const SITE_SELECT: &str = "SELECT s.id, s.owner_id, o.name AS owner_name, s.name, s.city, s.country, s.time_zone, \
     s.tariff_json FROM sites s JOIN owners o ON o.id = s.owner_id";

const VERSION_SELECT: &str = "SELECT v.id, v.site_id, v.charger_id, v.version, v.tariff_json, v.effective_from, \
     v.set_by, u.email AS set_by_email, v.set_at FROM tariff_versions v LEFT JOIN users u ON u.id = v.set_by";

/// The SQL of a charger's tariff (OCPI JSON) at the instant bound as `$N`, for a query that
/// has the charger as `c` and its site as `s`: its own newest version in effect, else its
/// site's, else the site's tariff as set up.
pub(crate) fn tariff_in_effect_sql(n: usize) -> String {
    format!(
        "COALESCE(\
         (SELECT v.tariff_json FROM tariff_versions v WHERE v.site_id = c.site_id AND v.charger_id = c.id \
          AND v.effective_from <= ${n} ORDER BY v.effective_from DESC, v.version DESC LIMIT 1), \
         (SELECT v.tariff_json FROM tariff_versions v WHERE v.site_id = s.id AND v.charger_id = '' \
          AND v.effective_from <= ${n} ORDER BY v.effective_from DESC, v.version DESC LIMIT 1), \
         s.tariff_json)"
    )
}

impl Store {
    pub async fn site(&self, id: &str) -> Result<Option<SiteRow>> {
        sqlx::query_as(&format!("{SITE_SELECT} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }

    /// The sites of these owners (`None`: every site), by city and name.
    pub async fn sites_of_owners(&self, owners: Option<&[String]>) -> Result<Vec<SiteRow>> {
        let rows: Vec<SiteRow> = sqlx::query_as(&format!("{SITE_SELECT} ORDER BY s.city, s.name, s.id"))
            .fetch_all(self.pool())
            .await?;
        Ok(match owners {
            None => rows,
            Some(owners) => rows.into_iter().filter(|s| owners.contains(&s.owner_id)).collect(),
        })
    }

    /// Every version of a site's price (`charger_id` `None`) or of a charger's own price,
    /// newest first.
    pub async fn tariff_versions(&self, site_id: &str, charger_id: Option<&str>) -> Result<Vec<TariffVersionRow>> {
        sqlx::query_as(&format!(
            "{VERSION_SELECT} WHERE v.site_id = $1 AND v.charger_id = $2 ORDER BY v.version DESC"
        ))
        .bind(site_id)
        .bind(charger_id.unwrap_or_default())
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// The ids of a site's chargers.
    pub async fn chargers_of_site(&self, site_id: &str) -> Result<Vec<String>> {
        sqlx::query_scalar("SELECT id FROM chargers WHERE site_id = $1 ORDER BY id")
            .bind(site_id)
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    /// The chargers of a site that have their own price versions, with the newest one.
    pub async fn chargers_with_own_prices(&self, site_id: &str) -> Result<Vec<String>> {
        sqlx::query_scalar(
            "SELECT DISTINCT charger_id FROM tariff_versions WHERE site_id = $1 AND charger_id <> '' ORDER BY charger_id",
        )
        .bind(site_id)
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Saves a new version of a price: one statement, so a refused one leaves nothing; a
    /// version number another change took first is a conflict.
    pub async fn insert_tariff_version(&self, v: &NewTariffVersion<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO tariff_versions (id, site_id, charger_id, version, tariff_json, effective_from, set_by, set_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(v.id)
        .bind(v.site_id)
        .bind(v.charger_id.unwrap_or_default())
        .bind(v.version)
        .bind(v.tariff_json)
        .bind(instant_str(v.effective_from))
        .bind(v.set_by.map(|u| u.to_string()))
        .bind(instant_str(v.set_at))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The price of a charger at `at`, with the version it comes from; `None`: no such charger.
    pub async fn tariff_at(&self, charger_id: &str, at: DateTime<Utc>) -> Result<Option<TariffAt>> {
        let Some((site_id, time_zone, set_up)): Option<(String, String, String)> = sqlx::query_as(
            "SELECT s.id, s.time_zone, s.tariff_json FROM chargers c JOIN sites s ON s.id = c.site_id WHERE c.id = $1",
        )
        .bind(charger_id)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let at = instant_str(at);
        let newest = |scope: String| {
            let (site_id, at) = (site_id.clone(), at.clone());
            async move {
                sqlx::query_as::<_, (String, Option<String>)>(
                    "SELECT id, tariff_json FROM tariff_versions WHERE site_id = $1 AND charger_id = $2 \
                     AND effective_from <= $3 ORDER BY effective_from DESC, version DESC LIMIT 1",
                )
                .bind(site_id)
                .bind(scope)
                .bind(at)
                .fetch_optional(self.pool())
                .await
            }
        };
        let found = match newest(charger_id.to_owned()).await? {
            Some((id, Some(json))) => Some((id, json)),
            _ => newest(String::new()).await?.and_then(|(id, json)| Some((id, json?))),
        };
        Ok(Some(match found {
            Some((id, json)) => TariffAt {
                version_id: Some(id),
                tariff_json: json,
                time_zone,
            },
            None => TariffAt {
                version_id: None,
                tariff_json: set_up,
                time_zone,
            },
        }))
    }

    /// Every site's price in effect at `at` (id, tariff JSON, time zone): what the finder's
    /// estimates need, once per site.
    pub async fn site_tariffs(&self, at: DateTime<Utc>) -> Result<Vec<(String, String, String)>> {
        sqlx::query_as(
            "SELECT s.id, COALESCE((SELECT v.tariff_json FROM tariff_versions v WHERE v.site_id = s.id \
             AND v.charger_id = '' AND v.effective_from <= $1 ORDER BY v.effective_from DESC, v.version DESC LIMIT 1), \
             s.tariff_json), s.time_zone FROM sites s",
        )
        .bind(instant_str(at))
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// The chargers with an own price in effect at `at` (id, tariff JSON): few, so the
    /// finder prices them apart from their site.
    pub async fn charger_own_tariffs(&self, at: DateTime<Utc>) -> Result<Vec<(String, String)>> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT c.id, (SELECT v.tariff_json FROM tariff_versions v WHERE v.site_id = c.site_id \
             AND v.charger_id = c.id AND v.effective_from <= $1 ORDER BY v.effective_from DESC, v.version DESC LIMIT 1) \
             FROM chargers c WHERE c.id IN (SELECT DISTINCT charger_id FROM tariff_versions WHERE charger_id <> '')",
        )
        .bind(instant_str(at))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().filter_map(|(id, json)| Some((id, json?))).collect())
    }
}
