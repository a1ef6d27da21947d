//! Sessions and their meter samples.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::quarantine::NEXT_TRANSACTION_ID;
use super::{instant_str, Store};

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
}

#[derive(Debug, Clone, FromRow)]
pub struct SampleRow {
    pub at: String,
    pub energy_wh: String,
    pub power_w: Option<String>,
}

impl Store {
    /// Inserts a pending session. Fails with a unique violation when the connector already
    /// has an active session.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_pending_session(
        &self,
        id: &str,
        charger_id: &str,
        connector_id: u32,
        id_tag: &str,
        tariff_json: &str,
        time_zone: &str,
        now: DateTime<Utc>,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO sessions (id, charger_id, connector_id, id_tag, status, requested_at, tariff_json, time_zone) \
             VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)",
        )
        .bind(id)
        .bind(charger_id)
        .bind(i64::from(connector_id))
        .bind(id_tag)
        .bind(instant_str(now))
        .bind(tariff_json)
        .bind(time_zone)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn session(&self, id: &str) -> sqlx::Result<Option<SessionRow>> {
        sqlx::query_as("SELECT * FROM sessions WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await
    }

    pub async fn session_by_transaction(
        &self,
        charger_id: &str,
        transaction_id: i64,
    ) -> sqlx::Result<Option<SessionRow>> {
        sqlx::query_as("SELECT * FROM sessions WHERE charger_id = ? AND transaction_id = ?")
            .bind(charger_id)
            .bind(transaction_id)
            .fetch_optional(self.pool())
            .await
    }

    /// The active session on a connector, if any.
    pub async fn active_session_on(&self, charger_id: &str, connector_id: u32) -> sqlx::Result<Option<SessionRow>> {
        sqlx::query_as(
            "SELECT * FROM sessions WHERE charger_id = ? AND connector_id = ? AND status IN ('pending','charging','stopping')",
        )
        .bind(charger_id)
        .bind(i64::from(connector_id))
        .fetch_optional(self.pool())
        .await
    }

    /// A session already started with exactly this StartTransaction content (a replay).
    pub async fn session_by_start_content(
        &self,
        charger_id: &str,
        connector_id: u32,
        id_tag: &str,
        started_at: DateTime<Utc>,
        meter_start_wh: i64,
    ) -> sqlx::Result<Option<SessionRow>> {
        sqlx::query_as(
            "SELECT * FROM sessions WHERE charger_id = ? AND connector_id = ? AND id_tag = ? AND started_at = ? \
             AND meter_start_wh = ?",
        )
        .bind(charger_id)
        .bind(i64::from(connector_id))
        .bind(id_tag)
        .bind(instant_str(started_at))
        .bind(meter_start_wh)
        .fetch_optional(self.pool())
        .await
    }

    /// Marks a pending session started and gives it the next transaction id.
    pub async fn start_transaction(
        &self,
        session_id: &str,
        started_at: DateTime<Utc>,
        meter_start_wh: i64,
    ) -> sqlx::Result<i64> {
        sqlx::query_scalar(&format!(
            "UPDATE sessions SET status = 'charging', started_at = ?, meter_start_wh = ?, last_message_at = ?, \
             transaction_id = {NEXT_TRANSACTION_ID} WHERE id = ? RETURNING transaction_id"
        ))
        .bind(instant_str(started_at))
        .bind(meter_start_wh)
        .bind(instant_str(Utc::now()))
        .bind(session_id)
        .fetch_one(self.pool())
        .await
    }

    /// Inserts a session started at the charger (RFID), already charging, with the next transaction id.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_started_session(
        &self,
        id: &str,
        charger_id: &str,
        connector_id: u32,
        id_tag: &str,
        tariff_json: &str,
        time_zone: &str,
        started_at: DateTime<Utc>,
        meter_start_wh: i64,
    ) -> sqlx::Result<i64> {
        sqlx::query_scalar(&format!(
            "INSERT INTO sessions (id, charger_id, connector_id, id_tag, status, requested_at, started_at, meter_start_wh, \
             tariff_json, time_zone, origin, last_message_at, transaction_id) \
             VALUES (?, ?, ?, ?, 'charging', ?, ?, ?, ?, ?, 'charger', ?, {NEXT_TRANSACTION_ID}) \
             RETURNING transaction_id"
        ))
        .bind(id)
        .bind(charger_id)
        .bind(i64::from(connector_id))
        .bind(id_tag)
        .bind(instant_str(started_at))
        .bind(instant_str(started_at))
        .bind(meter_start_wh)
        .bind(tariff_json)
        .bind(time_zone)
        .bind(instant_str(Utc::now()))
        .fetch_one(self.pool())
        .await
    }

    pub async fn set_session_status(&self, id: &str, status: &str, failure_reason: Option<&str>) -> sqlx::Result<()> {
        sqlx::query("UPDATE sessions SET status = ?, failure_reason = COALESCE(?, failure_reason) WHERE id = ?")
            .bind(status)
            .bind(failure_reason)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records the stop and the priced result in one statement.
    pub async fn complete_session(
        &self,
        id: &str,
        stopped_at: DateTime<Utc>,
        meter_stop_wh: i64,
        stop_reason: &str,
        priced_json: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE sessions SET status = 'completed', stopped_at = ?, meter_stop_wh = ?, stop_reason = ?, priced_json = ? \
             WHERE id = ?",
        )
        .bind(instant_str(stopped_at))
        .bind(meter_stop_wh)
        .bind(stop_reason)
        .bind(priced_json)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Stores a meter sample; a repeated sample (same instant) is ignored.
    pub async fn insert_sample(
        &self,
        session_id: &str,
        at: DateTime<Utc>,
        energy_wh: &str,
        power_w: Option<&str>,
    ) -> sqlx::Result<()> {
        sqlx::query("INSERT OR IGNORE INTO meter_samples (session_id, at, energy_wh, power_w) VALUES (?, ?, ?, ?)")
            .bind(session_id)
            .bind(instant_str(at))
            .bind(energy_wh)
            .bind(power_w)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The latest sample of a session (by time), read through the primary key's index.
    pub async fn last_sample(&self, session_id: &str) -> sqlx::Result<Option<SampleRow>> {
        sqlx::query_as("SELECT at, energy_wh, power_w FROM meter_samples WHERE session_id = ? ORDER BY at DESC LIMIT 1")
            .bind(session_id)
            .fetch_optional(self.pool())
            .await
    }

    pub async fn samples(&self, session_id: &str) -> sqlx::Result<Vec<SampleRow>> {
        sqlx::query_as("SELECT at, energy_wh, power_w FROM meter_samples WHERE session_id = ? ORDER BY at")
            .bind(session_id)
            .fetch_all(self.pool())
            .await
    }

    /// Notes that the charger sent a message about the session.
    pub async fn touch_session(&self, id: &str, now: DateTime<Utc>) -> sqlx::Result<()> {
        sqlx::query("UPDATE sessions SET last_message_at = ? WHERE id = ?")
            .bind(instant_str(now))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Stores the session's meter anomalies (a JSON array), which hold it from billing.
    pub async fn set_meter_anomalies(&self, id: &str, anomalies_json: &str) -> sqlx::Result<()> {
        sqlx::query("UPDATE sessions SET meter_anomalies = ? WHERE id = ?")
            .bind(anomalies_json)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Sessions under way (charging or stopping), for stuck detection.
    pub async fn sessions_under_way(&self) -> sqlx::Result<Vec<SessionRow>> {
        sqlx::query_as("SELECT * FROM sessions WHERE status IN ('charging','stopping') ORDER BY last_message_at")
            .fetch_all(self.pool())
            .await
    }

    /// Pending sessions older than `before` (their charger never sent StartTransaction).
    pub async fn pending_sessions_before(&self, before: DateTime<Utc>) -> sqlx::Result<Vec<SessionRow>> {
        sqlx::query_as("SELECT * FROM sessions WHERE status = 'pending' AND requested_at < ?")
            .bind(instant_str(before))
            .fetch_all(self.pool())
            .await
    }
}
