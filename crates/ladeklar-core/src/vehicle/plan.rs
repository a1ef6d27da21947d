//! One charge of the driver's car at one connector: how much energy, at what power, for how
//! long. The power is the lower of what the car takes (AC: its on-board charger; DC: its DC
//! maximum) and what the connector gives. **Rule (simple taper):** on DC the car takes half
//! that power above [`TAPER_FROM_PCT`] (batteries slow down as they fill); on AC the on-board
//! charger is the limit and the power holds to the target.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::car::MyCar;

/// Above this charge level a car on DC takes half the power.
pub const TAPER_FROM_PCT: u8 = 80;

/// What set the charging power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitedBy {
    Car,
    Connector,
}

/// A stretch of the charge at one power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSegment {
    pub energy_kwh: Decimal,
    pub power_kw: Decimal,
}

/// The charge, with everything it assumed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargePlan {
    pub from_pct: u8,
    pub to_pct: u8,
    /// The driver gave neither level: [`super::car::DEFAULT_CURRENT_PCT`] to
    /// [`super::car::DEFAULT_TARGET_PCT`] were assumed (either one missing: that one).
    pub current_assumed: bool,
    pub target_assumed: bool,
    /// The energy into the battery, kWh.
    pub energy_kwh: Decimal,
    /// The charging power before any taper, kW.
    pub power_kw: Decimal,
    pub limited_by: LimitedBy,
    /// Part of the charge is above [`TAPER_FROM_PCT`] on DC, at half power.
    pub tapered: bool,
    /// The charge in time order, at most two stretches.
    pub segments: Vec<PlanSegment>,
    /// Charging time, minutes (one decimal).
    pub minutes: Decimal,
}

/// The charge of `car` at a connector of `connector_kw`, DC or AC.
pub fn plan(car: &MyCar, connector_kw: Decimal, dc: bool) -> ChargePlan {
    let (from, to) = car.levels();
    let car_kw = if dc { car.max_dc_kw } else { car.max_ac_kw };
    let (power_kw, limited_by) = if connector_kw > Decimal::ZERO && connector_kw < car_kw {
        (connector_kw, LimitedBy::Connector)
    } else {
        (car_kw, LimitedBy::Car)
    };
    let kwh_between = |a: u8, b: u8| car.battery_kwh * Decimal::from(b.saturating_sub(a)) / Decimal::from(100);
    let mut segments = Vec::new();
    if dc && to > TAPER_FROM_PCT {
        let knee = from.max(TAPER_FROM_PCT);
        if from < TAPER_FROM_PCT {
            segments.push(PlanSegment {
                energy_kwh: kwh_between(from, TAPER_FROM_PCT),
                power_kw,
            });
        }
        segments.push(PlanSegment {
            energy_kwh: kwh_between(knee, to),
            power_kw: power_kw / Decimal::from(2),
        });
    } else {
        segments.push(PlanSegment {
            energy_kwh: kwh_between(from, to),
            power_kw,
        });
    }
    let hours: Decimal = segments.iter().map(|s| s.energy_kwh / s.power_kw).sum();
    ChargePlan {
        from_pct: from,
        to_pct: to,
        current_assumed: car.current_pct.is_none(),
        target_assumed: car.target_pct.is_none(),
        energy_kwh: segments.iter().map(|s| s.energy_kwh).sum(),
        power_kw,
        limited_by,
        tapered: segments.len() > 1 || (dc && from >= TAPER_FROM_PCT),
        segments,
        minutes: (hours * Decimal::from(60)).round_dp(1),
    }
}

/// The connector (of `(max kW, DC?)`) where this car charges fastest, its index.
pub fn fastest_for(car: &MyCar, connectors: &[(Decimal, bool)]) -> Option<usize> {
    connectors
        .iter()
        .enumerate()
        .filter(|(_, (kw, _))| *kw > Decimal::ZERO)
        .min_by_key(|(_, (kw, dc))| plan(car, *kw, *dc).minutes)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vehicle::car::CarForm;
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

    #[test]
    fn ac_power_is_the_lower_of_car_and_connector_without_taper() {
        let p = plan(&car("75", "11", "250", "", ""), dec!(22), false);
        assert_eq!(
            (p.from_pct, p.to_pct, p.current_assumed, p.target_assumed),
            (20, 80, true, true)
        );
        assert_eq!(p.energy_kwh, dec!(45));
        assert_eq!((p.power_kw, p.limited_by, p.tapered), (dec!(11), LimitedBy::Car, false));
        // 45 kWh / 11 kW = 4.0909 h.
        assert_eq!(p.minutes, dec!(245.5));
        let p = plan(&car("40", "22", "50", "10", "100"), dec!(11), false);
        assert_eq!(
            (p.power_kw, p.limited_by, p.energy_kwh),
            (dec!(11), LimitedBy::Connector, dec!(36))
        );
    }

    #[test]
    fn dc_above_80_percent_is_at_half_power() {
        let p = plan(&car("60", "11", "100", "20", "100"), dec!(150), true);
        assert_eq!(p.limited_by, LimitedBy::Car);
        assert_eq!(
            p.segments,
            vec![
                PlanSegment {
                    energy_kwh: dec!(36),
                    power_kw: dec!(100)
                },
                PlanSegment {
                    energy_kwh: dec!(12),
                    power_kw: dec!(50)
                },
            ]
        );
        // 0.36 h + 0.24 h.
        assert_eq!(p.minutes, dec!(36.0));
        assert!(p.tapered);
        let p = plan(&car("60", "11", "100", "85", "95"), dec!(50), true);
        assert_eq!(
            p.segments,
            vec![PlanSegment {
                energy_kwh: dec!(6),
                power_kw: dec!(25)
            }]
        );
    }

    #[test]
    fn the_fastest_connector_for_the_car() {
        let c = car("75", "11", "50", "", "");
        // AC 22 (11 for this car), DC 50, DC 150 (50 for this car): the first DC.
        assert_eq!(
            fastest_for(&c, &[(dec!(22), false), (dec!(50), true), (dec!(150), true)]),
            Some(1)
        );
        assert_eq!(fastest_for(&c, &[]), None);
    }

    proptest! {
        /// More battery, a lower start or a higher target never takes less energy or time;
        /// the power never exceeds the car's or the connector's.
        #[test]
        fn plans_are_monotone_and_within_limits(
            battery in 10u32..250, ac in 1u32..=43, dc_kw in 1u32..=500,
            from in 0u8..99, span in 1u8..=100, connector in 1u32..=400, is_dc: bool,
        ) {
            let to = from.saturating_add(span).min(100);
            prop_assume!(to > from);
            let c = car(&battery.to_string(), &ac.to_string(), &dc_kw.to_string(), &from.to_string(), &to.to_string());
            let p = plan(&c, Decimal::from(connector), is_dc);
            let car_kw = Decimal::from(if is_dc { dc_kw } else { ac });
            prop_assert!(p.power_kw <= car_kw && p.power_kw <= Decimal::from(connector));
            prop_assert_eq!(p.energy_kwh, Decimal::from(battery) * Decimal::from(to - from) / Decimal::from(100));
            let bigger = car(&(battery + 1).to_string(), &ac.to_string(), &dc_kw.to_string(), &from.to_string(), &to.to_string());
            let q = plan(&bigger, Decimal::from(connector), is_dc);
            prop_assert!(q.energy_kwh > p.energy_kwh && q.minutes >= p.minutes);
        }
    }
}
