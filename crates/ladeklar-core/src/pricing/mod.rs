//! Pricing a charging session against an OCPI 2.2.1 tariff.
//!
//! One engine for every price the product shows: the estimate before start, the running
//! cost in the app, the final price on the receipt, and the support tool's "why did I pay
//! this". The server and the UI call these functions; they never compute a price themselves.
//!
//! - [`price_session`]: our own meter samples (running cost and receipt).
//! - [`price_periods`]: a [`Session`] of charging/parking/reservation periods.
//! - [`cdr::price_cdr`]: an OCPI 2.2.1 CDR's charging periods.
//! - [`estimate::estimate`]: before the session starts.
//!
//! # Rounding
//! Every amount is computed exactly (rust_decimal) per period; step_size is applied on
//! session totals ([`step_size`]); min/max price bound the exact excl-VAT and incl-VAT totals
//! separately; then each reported amount (each dimension's cost and the total) is rounded
//! once, half away from zero, to the currency's minor unit. A dimension's rounded cost is
//! therefore not summed into the total: the total is rounded from exact values.
//!
//! # VAT
//! A component's incl-VAT amount is `excl × (1 + vat/100)`; a component without `vat` has no
//! VAT applicable, so its incl-VAT amount equals its excl-VAT amount.

mod arith;
pub mod boundaries;
pub mod cdr;
mod compiled;
mod engine;
pub mod estimate;
mod instant;
pub mod periods;
pub mod preview;
pub mod restrictions;
pub mod step_size;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Price;
use crate::tariff::{Tariff, TariffDimensionType};

pub use estimate::{estimate, estimate_segments, Estimate};
pub use periods::{Period, PeriodKind, Session};

/// One reading of the session's meter: energy delivered since the session started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterSample {
    pub at: DateTime<Utc>,
    /// Energy delivered since session start, in Wh.
    pub energy_wh: Decimal,
}

/// The measured usage of one session, as the pricer needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUsage {
    pub start: DateTime<Utc>,
    /// The session's end, or `now` for a running cost.
    pub end: DateTime<Utc>,
    /// Readings in time order, between `start` and `end`.
    pub samples: Vec<MeterSample>,
}

/// The cost of one tariff dimension over the whole session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionCost {
    pub dimension: TariffDimensionType,
    /// Billed quantity (after step_size): kWh for ENERGY, hours for TIME/PARKING_TIME, 1 for FLAT.
    pub quantity: Decimal,
    /// Rounded to the currency's minor unit.
    pub cost: Price,
}

/// Reservation time and fees (elements with a `reservation` restriction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReservationCost {
    /// Billed reservation hours, after step_size.
    pub billed_hours: Decimal,
    /// Time and fee, rounded to the currency's minor unit.
    pub cost: Price,
}

/// Quantities as measured and as billed (after step_size).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantities {
    pub energy_kwh: Decimal,
    pub charging_hours: Decimal,
    pub parking_hours: Decimal,
    pub reservation_hours: Decimal,
}

/// One piece of a period, priced by one element per dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedPeriod {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub kind: PeriodKind,
    pub energy_kwh: Decimal,
    pub hours: Decimal,
    /// What each dimension cost in this piece, and which element priced it.
    pub lines: PeriodLines,
}

/// The lines of one period: at most three (energy; time or parking time; flat), kept inline
/// so that a priced period costs no allocation of its own. Read with `iter()`, `len()` and
/// indexing like a slice; written to JSON as a list.
#[derive(Clone, Default)]
pub struct PeriodLines {
    lines: [Option<PeriodLine>; PeriodLines::CAPACITY],
}

impl PeriodLines {
    /// Energy, a time dimension and flat: the most dimensions one period is priced in.
    pub const CAPACITY: usize = 3;

    pub const fn new() -> PeriodLines {
        PeriodLines {
            lines: [None, None, None],
        }
    }

    /// Adds `line`; false (and nothing added) when the lines are full.
    pub fn push(&mut self, line: PeriodLine) -> bool {
        match self.lines.iter_mut().find(|l| l.is_none()) {
            Some(slot) => {
                *slot = Some(line);
                true
            }
            None => false,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &PeriodLine> + '_ {
        self.lines.iter().map_while(Option::as_ref)
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.lines[0].is_none()
    }

    pub fn get(&self, index: usize) -> Option<&PeriodLine> {
        self.lines.get(index).and_then(Option::as_ref)
    }
}

impl std::ops::Index<usize> for PeriodLines {
    type Output = PeriodLine;
    fn index(&self, index: usize) -> &PeriodLine {
        match self.get(index) {
            Some(line) => line,
            None => panic!("period line {index} of {}", self.len()),
        }
    }
}

impl PartialEq for PeriodLines {
    fn eq(&self, other: &PeriodLines) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for PeriodLines {}

impl std::fmt::Debug for PeriodLines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for PeriodLines {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for PeriodLines {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<PeriodLines, D::Error> {
        let all = Vec::<PeriodLine>::deserialize(d)?;
        let mut lines = PeriodLines::new();
        for line in all {
            if !lines.push(line) {
                return Err(serde::de::Error::invalid_length(
                    PeriodLines::CAPACITY + 1,
                    &"at most 3 lines per period",
                ));
            }
        }
        Ok(lines)
    }
}

/// The cost of one dimension in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodLine {
    pub dimension: TariffDimensionType,
    /// Index of the tariff element that priced it (0-based, in `tariff.elements`).
    pub element: usize,
    /// kWh, hours, or 1 for FLAT.
    pub quantity: Decimal,
    /// Price per unit excluding VAT.
    pub unit_price: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat: Option<Decimal>,
    /// Exact, not rounded.
    pub cost: Price,
}

/// The quantity added by step_size on a dimension, priced by the last component used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepSizeExtra {
    pub dimension: TariffDimensionType,
    /// True for reservation time.
    #[serde(default)]
    pub reservation: bool,
    pub element: usize,
    pub step_size: u32,
    /// kWh or hours added.
    pub extra_quantity: Decimal,
    /// Exact, not rounded.
    pub cost: Price,
}

/// Things a support agent should know about how the price came about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum PricingNote {
    /// The tariff's start/end_date_time does not cover the session start; priced anyway.
    TariffNotValidAtSessionStart { tariff_id: String },
    /// The total was raised to the tariff's min_price.
    MinPriceApplied,
    /// The total was lowered to the tariff's max_price.
    MaxPriceApplied,
    /// Parking time fit inside the charging time billed by the TIME step, so was not billed.
    ParkingCoveredByChargingStep,
    /// The element that priced the charging time also bills parking: step_size was applied to
    /// the parking time only, the charging time is billed as measured (OCPI 2.2.1).
    ChargingStepWaivedForParking,
    /// The CDR's charging periods have dimensions of types OCPI does not define (partners'
    /// own, e.g. `CO2_SAVED`); they were ignored and the CDR priced on the others. `types`
    /// names each once, in order of appearance.
    UnknownCdrDimensionsIgnored { types: Vec<String> },
}

/// A priced session: what the receipt and the running cost show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedSession {
    pub currency: String,
    /// Energy delivered, kWh (measured, before step_size).
    pub total_energy_kwh: Decimal,
    /// Charging plus parking time, hours (measured): OCPI `total_time`.
    pub total_time_hours: Decimal,
    /// One entry per dimension some element priced, in AFIR order (energy, time, flat, parking).
    pub components: Vec<DimensionCost>,
    /// Total rounded to the currency's minor unit, after min/max price.
    pub total: Price,
    /// The tariff used.
    pub tariff_id: String,
    /// Measured quantities.
    pub measured: Quantities,
    /// Billed quantities (after step_size); only dimensions some element priced.
    pub billed: Quantities,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation: Option<ReservationCost>,
    /// Each period, split at restriction boundaries, with the element that priced it.
    pub periods: Vec<PricedPeriod>,
    pub step_size_extras: Vec<StepSizeExtra>,
    pub notes: Vec<PricingNote>,
}

impl PricedSession {
    /// The rounded cost of `dimension`, zero when no element priced it.
    pub fn cost_of(&self, dimension: TariffDimensionType) -> Price {
        self.components
            .iter()
            .find(|c| c.dimension == dimension)
            .map(|c| c.cost)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PricingError {
    #[error("session ends ({end}) before it starts ({start})")]
    EndBeforeStart { start: DateTime<Utc>, end: DateTime<Utc> },
    #[error("meter sample {index} at {at} is outside the session or out of time order")]
    SampleOutOfOrder { index: usize, at: DateTime<Utc> },
    #[error("meter sample {index} reads {energy_wh} Wh, less than the reading before it")]
    MeterWentBackwards { index: usize, energy_wh: Decimal },
    #[error("session lasts {days} days; at most {max_days} days can be priced")]
    SessionTooLong { days: i64, max_days: i64 },
    #[error("period {index} is outside the session, ends before it starts, or overlaps the period before it")]
    PeriodOutOfOrder { index: usize },
    #[error("period {index} has energy {energy_kwh} kWh; it must be between 0 and 1e9")]
    InvalidEnergy { index: usize, energy_kwh: Decimal },
    #[error("tariff field {path}: {problem}")]
    InvalidTariff { path: String, problem: String },
    #[error("no tariff is valid at the session start {at}")]
    NoValidTariff { at: DateTime<Utc> },
    #[error("CDR field {path}: {problem}")]
    InvalidCdr { path: String, problem: String },
}

impl PricingError {
    /// A stable code the UI and the server branch on (never the message).
    pub fn code(&self) -> &'static str {
        match self {
            PricingError::EndBeforeStart { .. } => "end_before_start",
            PricingError::SampleOutOfOrder { .. } => "sample_out_of_order",
            PricingError::MeterWentBackwards { .. } => "meter_went_backwards",
            PricingError::SessionTooLong { .. } => "session_too_long",
            PricingError::PeriodOutOfOrder { .. } => "period_out_of_order",
            PricingError::InvalidEnergy { .. } => "invalid_energy",
            PricingError::InvalidTariff { .. } => "invalid_tariff",
            PricingError::NoValidTariff { .. } => "no_valid_tariff",
            PricingError::InvalidCdr { .. } => "invalid_cdr",
        }
    }
}

/// Prices `usage` with `tariff`, reading time-of-day restrictions in the site's zone `tz`.
/// All of the session is charging time. For a running cost pass `end = now`: the result
/// equals the final price of a session that stops at `now`.
pub fn price_session(tariff: &Tariff, tz: Tz, usage: &SessionUsage) -> Result<PricedSession, PricingError> {
    price_periods(tariff, tz, &Session::from_samples(usage, None)?)
}

/// Like [`price_session`], with the EV connected but not charging (PARKING_TIME) from
/// `parking_from` on (from the charger's status timeline).
pub fn price_session_with_parking(
    tariff: &Tariff,
    tz: Tz,
    usage: &SessionUsage,
    parking_from: Option<DateTime<Utc>>,
) -> Result<PricedSession, PricingError> {
    price_periods(tariff, tz, &Session::from_samples(usage, parking_from)?)
}

/// Prices a session given as periods.
pub fn price_periods(tariff: &Tariff, tz: Tz, session: &Session) -> Result<PricedSession, PricingError> {
    engine::price(tariff, tz, session)
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
