//! The price before start: "about 112 kr for 30 kWh if you start now".
//!
//! The estimate prices synthetic sessions with the same engine as the receipt. Scenarios:
//! the car charges at its full `max_power_kw` (fastest), at 75 % of it on average
//! (expected: most cars taper above 80 % state of charge), and at 50 % (slow: cold battery,
//! shared cabinet). The range is the lowest and highest of the three totals; parking after
//! charging and reservation are not included.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::periods::{Period, PeriodKind, Session};
use super::{price_periods, PricingError};
use crate::money::Price;
use crate::tariff::Tariff;

/// What the estimate assumed, for the UI to show next to the number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assumptions {
    pub start: DateTime<Utc>,
    pub energy_kwh: Decimal,
    pub max_power_kw: Decimal,
    /// Average power as a share of `max_power_kw`: (expected, fastest, slowest).
    pub expected_power_share: Decimal,
    pub fastest_power_share: Decimal,
    pub slowest_power_share: Decimal,
    /// Charging minutes at the expected, fastest and slowest power.
    pub expected_minutes: Decimal,
    pub fastest_minutes: Decimal,
    pub slowest_minutes: Decimal,
    /// Parking after charging is not included.
    pub parking_included: bool,
}

/// The expected price with a low–high range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub currency: String,
    pub expected: Price,
    pub low: Price,
    pub high: Price,
    pub assumptions: Assumptions,
}

const SHARES: [Decimal; 3] = [
    Decimal::from_parts(75, 0, 0, false, 2),
    Decimal::ONE,
    Decimal::from_parts(5, 0, 0, false, 1),
];

/// Estimates the price of charging `wanted_energy_kwh` from `start` at up to `max_power_kw`.
pub fn estimate(
    tariff: &Tariff,
    tz: Tz,
    start: DateTime<Utc>,
    wanted_energy_kwh: Decimal,
    max_power_kw: Decimal,
) -> Result<Estimate, PricingError> {
    if wanted_energy_kwh < Decimal::ZERO || wanted_energy_kwh > Decimal::from(10_000) {
        return Err(PricingError::InvalidEnergy {
            index: 0,
            energy_kwh: wanted_energy_kwh,
        });
    }
    if max_power_kw <= Decimal::ZERO || max_power_kw > Decimal::from(10_000) {
        return Err(PricingError::InvalidTariff {
            path: "max_power_kw".into(),
            problem: "must be above 0 and at most 10000 kW".into(),
        });
    }
    let segments = [(wanted_energy_kwh, max_power_kw)];
    let mut totals = [Price::ZERO; 3];
    let mut minutes = [Decimal::ZERO; 3];
    for (i, share) in SHARES.iter().enumerate() {
        let (total, ms) = price_at(tariff, tz, start, &segments, *share)?;
        totals[i] = total;
        minutes[i] = (Decimal::from(ms) / Decimal::from(60_000)).round_dp(1);
    }
    Ok(summarize(
        tariff,
        start,
        wanted_energy_kwh,
        max_power_kw,
        SHARES,
        totals,
        minutes,
    ))
}

/// The scenarios of a planned charge (`vehicle::plan`): as planned (expected and fastest —
/// the plan already holds the car's and connector's limits and its taper), and at half the
/// planned power (slowest: a cold battery, a shared cabinet).
const PLAN_SHARES: [Decimal; 3] = [Decimal::ONE, Decimal::ONE, Decimal::from_parts(5, 0, 0, false, 1)];

/// Estimates the price of a planned charge: `segments` of (energy kWh, power kW) one after
/// the other from `start`. The assumptions' `max_power_kw` is the first segment's power.
pub fn estimate_segments(
    tariff: &Tariff,
    tz: Tz,
    start: DateTime<Utc>,
    segments: &[(Decimal, Decimal)],
) -> Result<Estimate, PricingError> {
    let energy: Decimal = segments.iter().map(|(e, _)| *e).sum();
    if energy < Decimal::ZERO || energy > Decimal::from(10_000) {
        return Err(PricingError::InvalidEnergy {
            index: 0,
            energy_kwh: energy,
        });
    }
    if segments
        .iter()
        .any(|(_, p)| *p <= Decimal::ZERO || *p > Decimal::from(10_000))
    {
        return Err(PricingError::InvalidTariff {
            path: "max_power_kw".into(),
            problem: "must be above 0 and at most 10000 kW".into(),
        });
    }
    let mut totals = [Price::ZERO; 3];
    let mut minutes = [Decimal::ZERO; 3];
    for (i, share) in PLAN_SHARES.iter().enumerate() {
        let (total, ms) = price_at(tariff, tz, start, segments, *share)?;
        totals[i] = total;
        minutes[i] = (Decimal::from(ms) / Decimal::from(60_000)).round_dp(1);
    }
    let power = segments.first().map_or(Decimal::ZERO, |(_, p)| *p);
    Ok(summarize(tariff, start, energy, power, PLAN_SHARES, totals, minutes))
}

/// The price of `segments` charged one after the other from `start` at `share` of their
/// power, and how long that takes in milliseconds.
fn price_at(
    tariff: &Tariff,
    tz: Tz,
    start: DateTime<Utc>,
    segments: &[(Decimal, Decimal)],
    share: Decimal,
) -> Result<(Price, i64), PricingError> {
    let mut periods = Vec::with_capacity(segments.len());
    let mut at = start;
    for (energy_kwh, power_kw) in segments {
        let power = *power_kw * share;
        let ms = (*energy_kwh / power * Decimal::from(3_600_000)).ceil();
        let ms = i64::try_from(ms.mantissa()).unwrap_or(i64::MAX).min(400 * 86_400_000);
        let end = at + chrono::Duration::milliseconds(ms);
        periods.push(Period {
            start: at,
            end,
            kind: PeriodKind::Charging,
            energy_kwh: *energy_kwh,
            power_kw: Some(power),
            current_a: None,
        });
        at = end;
    }
    let session = Session {
        start,
        end: at,
        periods,
    };
    Ok((
        price_periods(tariff, tz, &session)?.total,
        (at - start).num_milliseconds(),
    ))
}

fn summarize(
    tariff: &Tariff,
    start: DateTime<Utc>,
    energy_kwh: Decimal,
    max_power_kw: Decimal,
    shares: [Decimal; 3],
    totals: [Price; 3],
    minutes: [Decimal; 3],
) -> Estimate {
    let pick = |f: fn(Decimal, Decimal) -> Decimal| {
        let excl = totals.iter().map(|t| t.excl_vat).reduce(f).unwrap_or_default();
        let incl = totals.iter().map(|t| t.incl_vat).reduce(f).unwrap_or_default();
        Price::new(excl, incl)
    };
    Estimate {
        currency: tariff.currency.clone(),
        expected: totals[0],
        low: pick(Decimal::min),
        high: pick(Decimal::max),
        assumptions: Assumptions {
            start,
            energy_kwh,
            max_power_kw,
            expected_power_share: shares[0],
            fastest_power_share: shares[1],
            slowest_power_share: shares[2],
            expected_minutes: minutes[0],
            fastest_minutes: minutes[1],
            slowest_minutes: minutes[2],
            parking_included: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rust_decimal_macros::dec;

    #[test]
    fn energy_only_tariff_has_no_range() {
        let t = Tariff::from_json(
            r#"{"id":"t","currency":"NOK","elements":[{"price_components":[
            {"type":"ENERGY","price":3.00,"vat":25,"step_size":1}]}]}"#,
        )
        .unwrap();
        let start = Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap();
        let e = estimate(&t, chrono_tz::Europe::Oslo, start, dec!(30), dec!(50)).unwrap();
        assert_eq!(e.expected, Price::new(dec!(90.00), dec!(112.50)));
        assert_eq!(e.low, e.high);
        assert_eq!(e.assumptions.fastest_minutes, dec!(36.0));
    }

    #[test]
    fn time_based_tariff_gives_a_range() {
        let t = Tariff::from_json(
            r#"{"id":"t","currency":"EUR","elements":[{"price_components":[
            {"type":"TIME","price":6.00,"step_size":60}]}]}"#,
        )
        .unwrap();
        let start = Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap();
        let e = estimate(&t, chrono_tz::Europe::Oslo, start, dec!(11), dec!(11)).unwrap();
        assert_eq!(e.low.excl_vat, dec!(6.00));
        assert_eq!(e.expected.excl_vat, dec!(8.00));
        assert_eq!(e.high.excl_vat, dec!(12.00));
    }
}
