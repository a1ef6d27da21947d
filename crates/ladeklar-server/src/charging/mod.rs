//! Charging sessions on the server: what the API asks (start, stop, show, receipt) and what
//! the chargers report (status, start, meter values, stop). Every decision — whether a
//! connector may start, which status follows which event, what the session costs — is made
//! by `ladeklar-core`; this module loads, calls core, stores and notifies.

mod authorization;
mod charger_events;
mod driver_actions;
mod views;

pub use authorization::{decide as decide_id_tag, id_tag_info};
pub use charger_events::{
    expire_pending_sessions, on_meter_values, on_start_transaction, on_status_notification, on_stop_transaction,
};
pub use driver_actions::{start_session, stop_session};
pub use views::{receipt, session_view};

use anyhow::Context;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_core::pricing::{price_session, MeterSample, PricedSession, SessionUsage};
use ladeklar_core::session::SessionStatus;
use ladeklar_core::tariff::Tariff;
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::store::{parse_enum, parse_instant, SampleRow, SessionRow};

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
        let status = parse_enum("session status", &row.status)?;
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
        let mut samples = Vec::with_capacity(sample_rows.len());
        let mut last_power_w = None;
        for s in sample_rows {
            let energy_wh =
                Decimal::from_str(&s.energy_wh).with_context(|| format!("stored energy {:?}", s.energy_wh))?;
            samples.push(MeterSample {
                at: parse_instant("sample at", &s.at)?,
                energy_wh,
            });
            last_power_w = s.power_w.as_deref().and_then(|p| Decimal::from_str(p).ok());
        }
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

    /// Prices the session up to its stop, or up to its last meter sample while running.
    pub fn price(&self) -> anyhow::Result<Option<PricedSession>> {
        let Some(start) = self.started_at else { return Ok(None) };
        let end = self
            .stopped_at
            .or_else(|| self.samples.last().map(|s| s.at))
            .unwrap_or(start);
        let samples: Vec<MeterSample> = self
            .samples
            .iter()
            .filter(|s| s.at >= start && s.at <= end)
            .copied()
            .collect();
        let usage = SessionUsage { start, end, samples };
        Ok(Some(price_session(&self.tariff, self.tz, &usage)?))
    }
}
