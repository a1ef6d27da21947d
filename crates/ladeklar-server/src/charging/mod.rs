//! Charging sessions on the server: what the API asks (start, stop, show, receipt) and what
//! the chargers report (status, start, meter values, stop). Every decision — whether a
//! connector may start, which status follows which event, what the session costs — is made
//! by `ladeklar-core`; this module loads, calls core, stores and notifies.

mod authorization;
mod charger_events;
pub(crate) mod driver_actions;
pub mod history;
pub mod receipt_pdf;
mod views;

pub use authorization::{decide as decide_id_tag, id_tag_info};
pub use charger_events::{
    expire_pending_sessions, on_meter_values, on_start_transaction, on_status_notification, on_stop_transaction,
};
pub use driver_actions::{continue_after_authentication, start_session, stop_session};
pub use views::{receipt, receipt_with_pdf, session_view, LiveCursor};

use anyhow::Context;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_core::meter_check::{MeterAnomaly, RegisterReading};
use ladeklar_core::pricing::{MeterSample, PricedSession};
use ladeklar_core::session::SessionStatus;
use ladeklar_core::session_events::usage::{price_usage, session_usage};
use ladeklar_core::session_events::{SessionOrigin, SessionState, StoredSample};
use ladeklar_core::tariff::Tariff;
use rust_decimal::Decimal;
use std::str::FromStr;

use ladeklar_store::{parse_enum, parse_instant, SampleRow, SessionRow};

/// A stored session as core's session rules take it.
pub(crate) fn session_state(row: &SessionRow) -> anyhow::Result<SessionState> {
    let start = match (row.started_at.as_deref(), row.meter_start_wh) {
        (Some(at), Some(wh)) => Some(RegisterReading {
            at: parse_instant("started_at", at)?,
            register_wh: Decimal::from(wh),
        }),
        _ => None,
    };
    let anomalies: Vec<MeterAnomaly> = match &row.meter_anomalies {
        Some(json) => serde_json::from_str(json).context("stored meter anomalies")?,
        None => Vec::new(),
    };
    Ok(SessionState {
        id: row.id.clone(),
        status: SessionStatus::parse(&row.status)
            .with_context(|| format!("stored session status {:?} is not a known value", row.status))?,
        origin: parse_enum::<SessionOrigin>("session origin", &row.origin)?,
        id_tag: row.id_tag.clone(),
        transaction_id: row.transaction_id,
        start,
        anomalies,
    })
}

/// Stored samples read back.
pub(crate) fn stored_samples(rows: &[SampleRow]) -> anyhow::Result<Vec<StoredSample>> {
    rows.iter()
        .map(|s| {
            Ok(StoredSample {
                at: parse_instant("sample at", &s.at)?,
                energy_wh: Decimal::from_str(&s.energy_wh)
                    .with_context(|| format!("stored energy {:?}", s.energy_wh))?,
                power_w: s
                    .power_w
                    .as_deref()
                    .map(Decimal::from_str)
                    .transpose()
                    .context("stored power")?,
            })
        })
        .collect()
}

/// A stored session read back into domain types.
pub(crate) struct LoadedSession {
    pub row: SessionRow,
    pub status: SessionStatus,
    pub tariff: Tariff,
    pub tz: Tz,
    pub requested_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    pub samples: Vec<MeterSample>,
    /// Power at the last sample, W.
    pub last_power_w: Option<Decimal>,
}

impl LoadedSession {
    pub fn load(row: SessionRow, sample_rows: &[SampleRow]) -> anyhow::Result<Self> {
        let status = SessionStatus::parse(&row.status)
            .with_context(|| format!("stored session status {:?} is not a known value", row.status))?;
        let tariff = Tariff::from_json(&row.tariff_json).context("stored session tariff")?;
        let tz =
            Tz::from_str(&row.time_zone).map_err(|e| anyhow::anyhow!("stored time zone {:?}: {e}", row.time_zone))?;
        let requested_at = parse_instant("requested_at", &row.requested_at)?;
        let started_at = row
            .started_at
            .as_deref()
            .map(|t| parse_instant("started_at", t))
            .transpose()?;
        let stopped_at = row
            .stopped_at
            .as_deref()
            .map(|t| parse_instant("stopped_at", t))
            .transpose()?;
        let stored = stored_samples(sample_rows)?;
        let last_power_w = stored.last().and_then(|s| s.power_w);
        let samples = stored
            .iter()
            .map(|s| MeterSample {
                at: s.at,
                energy_wh: s.energy_wh,
            })
            .collect();
        Ok(Self {
            row,
            status,
            tariff,
            tz,
            requested_at,
            started_at,
            stopped_at,
            samples,
            last_power_w,
        })
    }

    /// Prices the session up to its stop, or up to its last meter sample while running
    /// (core's `session_usage`, the same builder the UI's running cost uses).
    pub fn price(&self) -> anyhow::Result<Option<PricedSession>> {
        let Some(usage) = session_usage(self.started_at, self.stopped_at, &self.samples) else {
            return Ok(None);
        };
        Ok(Some(price_usage(&self.tariff, self.tz, &usage)?))
    }
}
