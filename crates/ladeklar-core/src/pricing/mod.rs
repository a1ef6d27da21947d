//! Pricing a charging session against an OCPI 2.2.1 tariff.
//!
//! One engine for every price the product shows: the running cost in the app, the final
//! price on the receipt, and the support tool's "why did I pay this". The server and the
//! UI call [`price_session`]; they never compute a price themselves.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{minor_unit_digits, Price};
use crate::tariff::{DayOfWeek, Tariff, TariffDimensionType, TariffRestrictions};

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
    /// Billed quantity: kWh for ENERGY, hours for TIME/PARKING_TIME, 1 for FLAT.
    pub quantity: Decimal,
    pub cost: Price,
}

/// A priced session: what the receipt and the running cost show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedSession {
    pub currency: String,
    pub total_energy_kwh: Decimal,
    pub total_time_hours: Decimal,
    /// One entry per dimension that cost something, in AFIR order (energy, time, flat, parking).
    pub components: Vec<DimensionCost>,
    /// Total rounded to the currency's minor unit, after min/max price.
    pub total: Price,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PricingError {
    #[error("session ends ({end}) before it starts ({start})")]
    EndBeforeStart { start: DateTime<Utc>, end: DateTime<Utc> },
    #[error("meter sample {index} at {at} is outside the session or out of time order")]
    SampleOutOfOrder { index: usize, at: DateTime<Utc> },
}

/// Prices `usage` with `tariff`, reading time-of-day restrictions in the site's zone `tz`.
pub fn price_session(tariff: &Tariff, tz: Tz, usage: &SessionUsage) -> Result<PricedSession, PricingError> {
    if usage.end < usage.start {
        return Err(PricingError::EndBeforeStart {
            start: usage.start,
            end: usage.end,
        });
    }
    let mut points = Vec::with_capacity(usage.samples.len() + 2);
    points.push(MeterSample {
        at: usage.start,
        energy_wh: Decimal::ZERO,
    });
    for (index, s) in usage.samples.iter().enumerate() {
        let prev = points.last().map(|p: &MeterSample| p.at).unwrap_or(usage.start);
        if s.at < prev || s.at > usage.end {
            return Err(PricingError::SampleOutOfOrder { index, at: s.at });
        }
        points.push(*s);
    }
    let last_energy = points.last().map(|p| p.energy_wh).unwrap_or_default();
    points.push(MeterSample {
        at: usage.end,
        energy_wh: last_energy,
    });

    let mut energy_cost = Price::ZERO;
    let mut time_cost = Price::ZERO;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let kwh = ((b.energy_wh - a.energy_wh).max(Decimal::ZERO)) / Decimal::from(1000);
        let hours = Decimal::from((b.at - a.at).num_milliseconds()) / Decimal::from(3_600_000);
        let ctx = PeriodContext {
            at: a.at,
            tz,
            session_start: usage.start,
            energy_so_far_kwh: a.energy_wh / Decimal::from(1000),
        };
        if let Some(c) = component_for(tariff, TariffDimensionType::Energy, &ctx) {
            energy_cost = energy_cost + with_vat(c.0 * kwh, c.1);
        }
        if let Some(c) = component_for(tariff, TariffDimensionType::Time, &ctx) {
            time_cost = time_cost + with_vat(c.0 * hours, c.1);
        }
    }
    let first = PeriodContext {
        at: usage.start,
        tz,
        session_start: usage.start,
        energy_so_far_kwh: Decimal::ZERO,
    };
    let flat_cost = component_for(tariff, TariffDimensionType::Flat, &first).map(|c| with_vat(c.0, c.1));

    let total_energy_kwh = last_energy / Decimal::from(1000);
    let total_time_hours = Decimal::from((usage.end - usage.start).num_milliseconds()) / Decimal::from(3_600_000);
    let mut components = Vec::new();
    if energy_cost != Price::ZERO {
        components.push(DimensionCost {
            dimension: TariffDimensionType::Energy,
            quantity: total_energy_kwh,
            cost: energy_cost,
        });
    }
    if time_cost != Price::ZERO {
        components.push(DimensionCost {
            dimension: TariffDimensionType::Time,
            quantity: total_time_hours,
            cost: time_cost,
        });
    }
    if let Some(flat) = flat_cost {
        components.push(DimensionCost {
            dimension: TariffDimensionType::Flat,
            quantity: Decimal::ONE,
            cost: flat,
        });
    }
    let digits = minor_unit_digits(&tariff.currency);
    let mut total: Price = components.iter().map(|c| c.cost).sum();
    if let Some(min) = tariff.min_price {
        total.excl_vat = total.excl_vat.max(min.excl_vat);
        total.incl_vat = total.incl_vat.max(min.incl_vat);
    }
    if let Some(max) = tariff.max_price {
        total.excl_vat = total.excl_vat.min(max.excl_vat);
        total.incl_vat = total.incl_vat.min(max.incl_vat);
    }
    for c in &mut components {
        c.cost = c.cost.rounded(digits);
    }
    Ok(PricedSession {
        currency: tariff.currency.clone(),
        total_energy_kwh,
        total_time_hours,
        components,
        total: total.rounded(digits),
    })
}

struct PeriodContext {
    at: DateTime<Utc>,
    tz: Tz,
    session_start: DateTime<Utc>,
    energy_so_far_kwh: Decimal,
}

/// First component of `dimension` whose element's restrictions hold: (price, vat %).
fn component_for(
    tariff: &Tariff,
    dimension: TariffDimensionType,
    ctx: &PeriodContext,
) -> Option<(Decimal, Option<Decimal>)> {
    tariff.elements.iter().find_map(|el| {
        let applies = el.restrictions.as_ref().is_none_or(|r| restrictions_hold(r, ctx));
        if !applies {
            return None;
        }
        el.price_components
            .iter()
            .find(|c| c.dimension == dimension)
            .map(|c| (c.price, c.vat))
    })
}

fn restrictions_hold(r: &TariffRestrictions, ctx: &PeriodContext) -> bool {
    let local = ctx.at.with_timezone(&ctx.tz);
    let time = local.time();
    let in_window = match (r.start_time, r.end_time) {
        (Some(s), Some(e)) if e < s => time >= s || time < e,
        (Some(s), Some(e)) => time >= s && time < e,
        (Some(s), None) => time >= s,
        (None, Some(e)) => time < e,
        (None, None) => true,
    };
    let secs = (ctx.at - ctx.session_start).num_seconds();
    let duration_ok =
        r.min_duration.is_none_or(|m| secs >= i64::from(m)) && r.max_duration.is_none_or(|m| secs < i64::from(m));
    let kwh_ok =
        r.min_kwh.is_none_or(|m| ctx.energy_so_far_kwh >= m) && r.max_kwh.is_none_or(|m| ctx.energy_so_far_kwh < m);
    let day_ok = r.day_of_week.is_empty() || r.day_of_week.contains(&day_of(local.weekday()));
    in_window && duration_ok && kwh_ok && day_ok
}

fn day_of(w: chrono::Weekday) -> DayOfWeek {
    match w {
        chrono::Weekday::Mon => DayOfWeek::Monday,
        chrono::Weekday::Tue => DayOfWeek::Tuesday,
        chrono::Weekday::Wed => DayOfWeek::Wednesday,
        chrono::Weekday::Thu => DayOfWeek::Thursday,
        chrono::Weekday::Fri => DayOfWeek::Friday,
        chrono::Weekday::Sat => DayOfWeek::Saturday,
        chrono::Weekday::Sun => DayOfWeek::Sunday,
    }
}

fn with_vat(excl: Decimal, vat: Option<Decimal>) -> Price {
    let incl = match vat {
        Some(pct) => excl + excl * pct / Decimal::from(100),
        None => excl,
    };
    Price::new(excl, incl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rust_decimal_macros::dec;

    fn tariff() -> Tariff {
        Tariff::from_json(r#"{"id":"t","currency":"NOK","elements":[
            {"price_components":[{"type":"ENERGY","price":3.20,"vat":25,"step_size":1}]},
            {"price_components":[{"type":"TIME","price":30,"vat":25,"step_size":60}],"restrictions":{"min_duration":3600}}]}"#)
        .unwrap()
    }

    #[test]
    fn energy_with_vat_and_grace_period() {
        let start = Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap();
        let usage = SessionUsage {
            start,
            end: start + chrono::Duration::minutes(30),
            samples: vec![MeterSample {
                at: start + chrono::Duration::minutes(30),
                energy_wh: dec!(10000),
            }],
        };
        let p = price_session(&tariff(), chrono_tz::Europe::Oslo, &usage).unwrap();
        // 10 kWh × 3.20 = 32.00 excl, × 1.25 = 40.00 incl; 30 min is inside the 60 min grace.
        assert_eq!(p.total, Price::new(dec!(32.00), dec!(40.00)));
        assert_eq!(p.components.len(), 1);
    }
}
