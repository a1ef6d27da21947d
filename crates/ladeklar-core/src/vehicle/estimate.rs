//! The price of charging the driver's car at a connector: the car's [`plan`] priced by the
//! same engine as the receipt ([`crate::pricing::estimate::estimate_segments`]), with the
//! plan beside it so the UI can say what was assumed (levels, power and what limited it,
//! the taper).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::car::MyCar;
use super::plan::{plan, ChargePlan};
use crate::pricing::estimate::{estimate_segments, Estimate};
use crate::pricing::PricingError;
use crate::tariff::Tariff;

/// The estimate and the charge it priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarEstimate {
    pub estimate: Estimate,
    pub plan: ChargePlan,
}

/// What charging `car` at a connector of `connector_kw` (DC or AC) from `start` costs.
pub fn estimate_for_car(
    tariff: &Tariff,
    tz: Tz,
    start: DateTime<Utc>,
    car: &MyCar,
    connector_kw: Decimal,
    dc: bool,
) -> Result<CarEstimate, PricingError> {
    let plan = plan(car, connector_kw, dc);
    let segments: Vec<(Decimal, Decimal)> = plan.segments.iter().map(|s| (s.energy_kwh, s.power_kw)).collect();
    let estimate = estimate_segments(tariff, tz, start, &segments)?;
    Ok(CarEstimate { estimate, plan })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Price;
    use crate::vehicle::car::CarForm;
    use chrono::TimeZone;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn car(battery: &str, ac: &str, dc: &str, current: &str, target: &str) -> MyCar {
        CarForm {
            model_id: None,
            battery_kwh: battery.into(),
            max_ac_kw: ac.into(),
            max_dc_kw: dc.into(),
            current_pct: current.into(),
            target_pct: target.into(),
        }
        .check()
        .unwrap()
    }

    fn tariff(json: &str) -> Tariff {
        Tariff::from_json(json).unwrap()
    }

    const ENERGY_AND_TIME: &str = r#"{"id":"t","currency":"NOK","elements":[
        {"price_components":[{"type":"ENERGY","price":3.12,"vat":25,"step_size":1}]},
        {"price_components":[{"type":"TIME","price":24.00,"vat":25,"step_size":60}],
         "restrictions":{"min_duration":3600}}]}"#;

    #[test]
    fn the_estimate_follows_the_car() {
        let t = tariff(ENERGY_AND_TIME);
        let start = Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap();
        let small = estimate_for_car(
            &t,
            chrono_tz::Europe::Oslo,
            start,
            &car("40", "6.6", "50", "", ""),
            dec!(22),
            false,
        )
        .unwrap();
        let big = estimate_for_car(
            &t,
            chrono_tz::Europe::Oslo,
            start,
            &car("75", "11", "250", "", ""),
            dec!(22),
            false,
        )
        .unwrap();
        assert_eq!(small.plan.energy_kwh, dec!(24));
        assert_eq!(big.plan.energy_kwh, dec!(45));
        // 24 kWh at 6.6 kW: 218.2 min, so 158.2 minutes after the first hour, 159 billed at 0.40 kr + 24 × 3.12, plus VAT.
        assert_eq!(small.estimate.assumptions.expected_minutes, dec!(218.2));
        assert_eq!(small.estimate.expected.incl_vat, dec!(173.10));
        assert!(big.estimate.expected.incl_vat > small.estimate.expected.incl_vat);
        assert!(
            small.estimate.high.incl_vat > small.estimate.expected.incl_vat,
            "slower costs more here"
        );
    }

    proptest! {
        /// Energy-only tariffs: the estimate is exactly the plan's energy at the unit price,
        /// whatever the car; with time prices the range holds the expected total.
        #[test]
        fn the_car_estimate_is_the_engines_price_of_the_plan(
            battery in 10u32..=250, ac in 1u32..=43, dc_kw in 1u32..=500,
            from in 0u8..99, to in 1u8..=100, connector in 1u32..=400, is_dc: bool,
        ) {
            prop_assume!(to > from);
            let c = car(&battery.to_string(), &ac.to_string(), &dc_kw.to_string(), &from.to_string(), &to.to_string());
            let start = Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap();
            let energy = tariff(r#"{"id":"t","currency":"NOK","elements":[{"price_components":[{"type":"ENERGY","price":4,"vat":25,"step_size":1}]}]}"#);
            let e = estimate_for_car(&energy, chrono_tz::Europe::Oslo, start, &c, Decimal::from(connector), is_dc).unwrap();
            let kwh = Decimal::from(battery) * Decimal::from(to - from) / Decimal::from(100);
            prop_assert_eq!(e.estimate.expected, Price::new((kwh * dec!(4)).round_dp(2), (kwh * dec!(5)).round_dp(2)));
            let timed = tariff(ENERGY_AND_TIME);
            let e = estimate_for_car(&timed, chrono_tz::Europe::Oslo, start, &c, Decimal::from(connector), is_dc).unwrap();
            prop_assert!(e.estimate.low.incl_vat <= e.estimate.expected.incl_vat);
            prop_assert!(e.estimate.expected.incl_vat <= e.estimate.high.incl_vat);
            prop_assert_eq!(e.estimate.assumptions.energy_kwh, e.plan.energy_kwh);
        }
    }
}
