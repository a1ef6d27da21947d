//! Sessions and their meter samples.

use chrono::{DateTime, Utc};
use ladeklar_core::meter_check::MeterAnomaly;
use ladeklar_core::session::SessionStatus;
use ladeklar_core::session_events::stop::CompletedStop;
use ladeklar_core::session_events::StoredSample;
use sqlx::{Any, FromRow, Transaction};

use crate::{instant_str, Result, Store, StoreError};

/// A set of statuses as an SQL list (`'pending','charging'`), from core's names.
pub(crate) fn status_list(statuses: impl Iterator<Item = SessionStatus>) -> String {
    statuses
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(",")
}

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub id: String,
    pub charger_id: String,
    pub connector_id: i64,
    pub id_tag: String,
    pub status: String,
    pub requested_at: String,
    pub started_at: Option<String>,
    pub stopped_at: Option<String>,
    pub transaction_id: Option<i64>,
    pub meter_start_wh: Option<i64>,
    pub meter_stop_wh: Option<i64>,
    pub tariff_json: String,
    pub time_zone: String,
    pub failure_reason: Option<String>,
    pub stop_reason: Option<String>,
    pub priced_json: Option<String>,
    /// `app` or `charger`: who started the session.
    pub origin: String,
    /// JSON array of `core::meter_check::MeterAnomaly`; any means held from billing.
    pub meter_anomalies: Option<String>,
    pub last_message_at: Option<String>,
    /// The price version the session was started under (`None`: the site's as set up).
    pub tariff_version_id: Option<String>,
}

impl SessionRow {
    /// Whether the meter readings failed a sanity check: the session is not billed until
    /// reviewed.
    pub fn held_from_billing(&self) -> bool {
        self.meter_anomalies
            .as_deref()
            .is_some_and(|json| !json.trim().is_empty() && json.trim() != "[]")
    }

    /// The session as priced at its stop.
    pub fn priced(&self) -> Result<Option<ladeklar_core::pricing::PricedSession>> {
        self.priced_json
            .as_deref()
            .map(|json| serde_json::from_str(json).map_err(StoreError::from))
            .transpose()
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct SampleRow {
    pub at: String,
    pub energy_wh: String,
    pub power_w: Option<String>,
}

/// A session the app asks a charger to start.
#[derive(Debug, Clone)]
pub struct NewPendingSession<'a> {
    pub id: &'a str,
    pub charger_id: &'a str,
    pub connector_id: u32,
    /// The id tag the server issued for it (`APP…`).
    pub id_tag: &'a str,
    /// The charger's tariff as it is now: the session keeps this price.
    pub tariff_json: &'a str,
    /// The price version that tariff is (`Store::tariff_at`); `None`: the site's as set up.
    pub tariff_version_id: Option<&'a str>,
    pub time_zone: &'a str,
    /// The signed-in driver, or `None` for an ad-hoc start without an account.
    pub driver: Option<ladeklar_core::accounts::UserId>,
}

impl Store {
    /// Inserts a pending session. Fails with a unique violation when the connector already
    /// has an active session.
    #[allow(clippy::too_many_arguments)]
    /// Records a session the app asked to start (pending until the charger's
    /// StartTransaction). A second pending or active session on the connector is
    /// [`StoreError::Conflict`](crate::StoreError::Conflict).
    pub async fn insert_pending_session(&self, session: &NewPendingSession<'_>, now: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (id, charger_id, connector_id, id_tag, status, requested_at, tariff_json, time_zone, user_id, \
             tariff_version_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(session.id)
        .bind(session.charger_id)
        .bind(i64::from(session.connector_id))
        .bind(session.id_tag)
        .bind(SessionStatus::Pending.as_str())
        .bind(instant_str(now))
        .bind(session.tariff_json)
        .bind(session.time_zone)
        .bind(session.driver.map(|u| u.to_string()))
        .bind(session.tariff_version_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn session(&self, id: &str) -> Result<Option<SessionRow>> {
        sqlx::query_as("SELECT * FROM sessions WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }

    pub async fn session_by_transaction(&self, charger_id: &str, transaction_id: i64) -> Result<Option<SessionRow>> {
        sqlx::query_as("SELECT * FROM sessions WHERE charger_id = $1 AND transaction_id = $2")
            .bind(charger_id)
            .bind(transaction_id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }

    /// The active session on a connector, if any.
    pub async fn active_session_on(&self, charger_id: &str, connector_id: u32) -> Result<Option<SessionRow>> {
        sqlx::query_as(&format!(
            "SELECT * FROM sessions WHERE charger_id = $1 AND connector_id = $2 AND status IN ({})",
            status_list(SessionStatus::active())
        ))
        .bind(charger_id)
        .bind(i64::from(connector_id))
        .fetch_optional(self.pool())
        .await
        .map_err(Into::into)
    }

    /// A session already started with exactly this StartTransaction content (a replay).
    pub async fn session_by_start_content(
        &self,
        charger_id: &str,
        connector_id: u32,
        id_tag: &str,
        started_at: DateTime<Utc>,
        meter_start_wh: i64,
    ) -> Result<Option<SessionRow>> {
        sqlx::query_as(
            "SELECT * FROM sessions WHERE charger_id = $1 AND connector_id = $2 AND id_tag = $3 AND started_at = $4 \
             AND meter_start_wh = $5",
        )
        .bind(charger_id)
        .bind(i64::from(connector_id))
        .bind(id_tag)
        .bind(instant_str(started_at))
        .bind(meter_start_wh)
        .fetch_optional(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Records the start of the driver's pending session with `status` (core's outcome) and
    /// gives it the next transaction id, in one statement.
    pub async fn start_pending_session(
        &self,
        session_id: &str,
        status: SessionStatus,
        started_at: DateTime<Utc>,
        meter_start_wh: i64,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        sqlx::query_scalar(&format!(
            "UPDATE sessions SET status = $1, started_at = $2, meter_start_wh = $3, last_message_at = $4, \
             transaction_id = {} WHERE id = $5 RETURNING transaction_id",
            self.next_transaction_id()
        ))
        .bind(status.as_str())
        .bind(instant_str(started_at))
        .bind(meter_start_wh)
        .bind(instant_str(now))
        .bind(session_id)
        .fetch_one(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Inserts a session started at the charger (RFID) with `status` (core's outcome) and the
    /// next transaction id, in one statement.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_started_session(
        &self,
        id: &str,
        charger_id: &str,
        connector_id: u32,
        id_tag: &str,
        status: SessionStatus,
        tariff: &crate::TariffAt,
        started_at: DateTime<Utc>,
        meter_start_wh: i64,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        sqlx::query_scalar(&format!(
            "INSERT INTO sessions (id, charger_id, connector_id, id_tag, status, requested_at, started_at, meter_start_wh, \
             tariff_json, time_zone, origin, last_message_at, tariff_version_id, transaction_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'charger', $11, $12, {}) \
             RETURNING transaction_id",
            self.next_transaction_id()
        ))
        .bind(id)
        .bind(charger_id)
        .bind(i64::from(connector_id))
        .bind(id_tag)
        .bind(status.as_str())
        .bind(instant_str(started_at))
        .bind(instant_str(started_at))
        .bind(meter_start_wh)
        .bind(&tariff.tariff_json)
        .bind(&tariff.time_zone)
        .bind(instant_str(now))
        .bind(&tariff.version_id)
        .fetch_one(self.pool())
        .await
        .map_err(Into::into)
    }

    pub async fn set_session_status(
        &self,
        id: &str,
        status: SessionStatus,
        failure_reason: Option<&str>,
    ) -> Result<()> {
        sqlx::query("UPDATE sessions SET status = $1, failure_reason = COALESCE($2, failure_reason) WHERE id = $3")
            .bind(status.as_str())
            .bind(failure_reason)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Writes a completed stop in one transaction: its new samples, the anomaly list when it
    /// changed, and the session's status, stop, reason and price. Only a session whose
    /// transaction is still open is completed, so a racing second stop writes nothing; returns
    /// whether this call completed it.
    pub async fn complete_stop(&self, id: &str, stop: &CompletedStop) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        insert_samples(&mut tx, id, &stop.samples).await?;
        if let Some(all) = &stop.anomalies {
            set_anomalies(&mut tx, id, all).await?;
        }
        let done = sqlx::query(&format!(
            "UPDATE sessions SET status = $1, stopped_at = $2, meter_stop_wh = $3, stop_reason = $4, priced_json = $5, \
             last_message_at = $6 WHERE id = $7 AND status IN ({})",
            status_list(SessionStatus::open())
        ))
        .bind(stop.status.as_str())
        .bind(instant_str(stop.stopped_at))
        .bind(stop.meter_stop_wh)
        .bind(&stop.stop_reason)
        .bind(serde_json::to_string(&stop.priced)?)
        .bind(instant_str(stop.heard_at))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if done {
            tx.commit().await?;
        }
        Ok(done)
    }

    /// Writes what MeterValues added to a session in one transaction: the new samples (a
    /// repeated instant is ignored), the anomaly list when it changed, when it was last heard.
    pub async fn record_meter_values(
        &self,
        id: &str,
        samples: &[StoredSample],
        anomalies: Option<&[MeterAnomaly]>,
        heard_at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        insert_samples(&mut tx, id, samples).await?;
        if let Some(all) = anomalies {
            set_anomalies(&mut tx, id, all).await?;
        }
        sqlx::query("UPDATE sessions SET last_message_at = $1 WHERE id = $2")
            .bind(instant_str(heard_at))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session's samples from the last one before `from` on, in time order: what
    /// `core::session_events::readings` needs to check readings at or after `from`.
    pub async fn samples_around(&self, session_id: &str, from: DateTime<Utc>) -> Result<Vec<SampleRow>> {
        sqlx::query_as(
            "SELECT at, energy_wh, power_w FROM meter_samples WHERE session_id = $1 AND at >= \
             COALESCE((SELECT MAX(at) FROM meter_samples WHERE session_id = $2 AND at < $3), '') ORDER BY at",
        )
        .bind(session_id)
        .bind(session_id)
        .bind(instant_str(from))
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    pub async fn samples(&self, session_id: &str) -> Result<Vec<SampleRow>> {
        sqlx::query_as("SELECT at, energy_wh, power_w FROM meter_samples WHERE session_id = $1 ORDER BY at")
            .bind(session_id)
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    /// Ids of the sessions under way (charging or stopping) that carry this id tag.
    pub async fn sessions_with_tag_under_way(&self, id_tag: &str) -> Result<Vec<String>> {
        sqlx::query_scalar(&format!(
            "SELECT id FROM sessions WHERE id_tag = $1 AND status IN ({})",
            status_list(SessionStatus::open())
        ))
        .bind(id_tag)
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Sessions under way (charging or stopping), for stuck detection.
    pub async fn sessions_under_way(&self) -> Result<Vec<SessionRow>> {
        sqlx::query_as(&format!(
            "SELECT * FROM sessions WHERE status IN ({}) ORDER BY last_message_at",
            status_list(SessionStatus::open())
        ))
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Pending sessions older than `before` (their charger never sent StartTransaction).
    pub async fn pending_sessions_before(&self, before: DateTime<Utc>) -> Result<Vec<SessionRow>> {
        sqlx::query_as("SELECT * FROM sessions WHERE status = $1 AND requested_at < $2")
            .bind(SessionStatus::Pending.as_str())
            .bind(instant_str(before))
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }
}

async fn insert_samples(tx: &mut Transaction<'_, Any>, id: &str, samples: &[StoredSample]) -> Result<()> {
    for s in samples {
        sqlx::query(
            "INSERT INTO meter_samples (session_id, at, energy_wh, power_w) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
            .bind(id)
            .bind(instant_str(s.at))
            .bind(s.energy_wh.to_string())
            .bind(s.power_w.map(|p| p.to_string()))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn set_anomalies(tx: &mut Transaction<'_, Any>, id: &str, all: &[MeterAnomaly]) -> Result<()> {
    sqlx::query("UPDATE sessions SET meter_anomalies = $1 WHERE id = $2")
        .bind(serde_json::to_string(all)?)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
