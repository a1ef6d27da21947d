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
    let mut totals = [Price::ZERO; 3];
    let mut minutes = [Decimal::ZERO; 3];
    for (i, share) in SHARES.iter().enumerate() {
        let power = max_power_kw * share;
        let ms = (wanted_energy_kwh / power * Decimal::from(3_600_000)).ceil();
        let ms = i64::try_from(ms.mantissa()).unwrap_or(i64::MAX).min(400 * 86_400_000);
        let end = start + chrono::Duration::milliseconds(ms);
        let session = Session {
            start,
            end,
            periods: vec![Period {
                start,
                end,
                kind: PeriodKind::Charging,
                energy_kwh: wanted_energy_kwh,
                power_kw: Some(power),
                current_a: None,
            }],
        };
        totals[i] = price_periods(tariff, tz, &session)?.total;
        minutes[i] = (Decimal::from(ms) / Decimal::from(60_000)).round_dp(1);
    }
    let pick = |f: fn(Decimal, Decimal) -> Decimal| {
        let excl = totals.iter().map(|t| t.excl_vat).reduce(f).unwrap_or_default();
        let incl = totals.iter().map(|t| t.incl_vat).reduce(f).unwrap_or_default();
        Price::new(excl, incl)
    };
    Ok(Estimate {
        currency: tariff.currency.clone(),
        expected: totals[0],
        low: pick(Decimal::min),
        high: pick(Decimal::max),
        assumptions: Assumptions {
            start,
            energy_kwh: wanted_energy_kwh,
            max_power_kw,
            expected_power_share: SHARES[0],
            fastest_power_share: SHARES[1],
            slowest_power_share: SHARES[2],
            expected_minutes: minutes[0],
            fastest_minutes: minutes[1],
            slowest_minutes: minutes[2],
            parking_included: false,
        },
    })
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
