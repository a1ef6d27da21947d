//! Meter sanity checks before billing: a register reset to zero, a register going
//! backwards, and more energy than the connector can deliver in the time between two
//! readings (citrineos-core#1060 billed a reboot's lifetime register, 910 kWh for 0.083 kWh).
//! A session with an anomaly is held from billing for review instead of billed.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A register at or below this after a higher value is a reset, not just a step back.
pub const RESET_CEILING_WH: i64 = 1_000;
/// Slack on the power limit: meters round to whole Wh and clocks differ a little.
pub const POWER_TOLERANCE_PERCENT: i64 = 10;
pub const ENERGY_SLACK_WH: i64 = 100;

/// An energy register reading (Wh, lifetime) at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterReading {
    pub at: DateTime<Utc>,
    pub register_wh: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MeterAnomaly {
    /// The register dropped to (near) zero: the meter or charger was reset.
    RegisterReset {
        at: DateTime<Utc>,
        from_wh: Decimal,
        to_wh: Decimal,
    },
    /// The register went down.
    WentBackwards {
        at: DateTime<Utc>,
        from_wh: Decimal,
        to_wh: Decimal,
    },
    /// More energy than the connector's maximum power allows in the time between readings.
    ImpossibleEnergy {
        at: DateTime<Utc>,
        energy_wh: Decimal,
        max_wh: Decimal,
    },
}

impl MeterAnomaly {
    /// The anomaly's kind as stored and shown (`register_reset`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::RegisterReset { .. } => "register_reset",
            Self::WentBackwards { .. } => "went_backwards",
            Self::ImpossibleEnergy { .. } => "impossible_energy",
        }
    }
}

impl std::fmt::Display for MeterAnomaly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::RegisterReset { at, from_wh, to_wh } => {
                write!(f, "meter register reset from {from_wh} Wh to {to_wh} Wh at {at}")
            }
            Self::WentBackwards { at, from_wh, to_wh } => {
                write!(
                    f,
                    "meter register went backwards from {from_wh} Wh to {to_wh} Wh at {at}"
                )
            }
            Self::ImpossibleEnergy { at, energy_wh, max_wh } => write!(
                f,
                "{energy_wh} Wh reported by {at}, more than the connector can deliver in that time ({max_wh} Wh)"
            ),
        }
    }
}

/// The most energy a connector of `max_power_w` can deliver from `from` to `to`, with the
/// tolerance and slack above.
pub fn max_energy_wh(max_power_w: Decimal, from: DateTime<Utc>, to: DateTime<Utc>) -> Decimal {
    let millis = Decimal::from((to - from).num_milliseconds().max(0));
    let hours = millis / Decimal::from(3_600_000);
    max_power_w * hours * Decimal::from(100 + POWER_TOLERANCE_PERCENT) / Decimal::from(100)
        + Decimal::from(ENERGY_SLACK_WH)
}

/// Checks the step from the last good reading `prev` to `next`.
pub fn check_step(prev: RegisterReading, next: RegisterReading, max_power_w: Decimal) -> Option<MeterAnomaly> {
    if next.register_wh < prev.register_wh {
        return Some(if next.register_wh <= Decimal::from(RESET_CEILING_WH) {
            MeterAnomaly::RegisterReset {
                at: next.at,
                from_wh: prev.register_wh,
                to_wh: next.register_wh,
            }
        } else {
            MeterAnomaly::WentBackwards {
                at: next.at,
                from_wh: prev.register_wh,
                to_wh: next.register_wh,
            }
        });
    }
    let energy_wh = next.register_wh - prev.register_wh;
    let max_wh = max_energy_wh(max_power_w, prev.at, next.at);
    (energy_wh > max_wh).then_some(MeterAnomaly::ImpossibleEnergy {
        at: next.at,
        energy_wh,
        max_wh,
    })
}

/// Checks a session's readings in order from its start; an anomalous reading is skipped, so
/// the next one is compared with the last good one.
pub fn check_readings(start: RegisterReading, readings: &[RegisterReading], max_power_w: Decimal) -> Vec<MeterAnomaly> {
    let mut last_good = start;
    let mut found = Vec::new();
    for &r in readings {
        match check_step(last_good, r, max_power_w) {
            Some(a) => found.push(a),
            None => last_good = r,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap() + Duration::minutes(min)
    }

    fn r(min: i64, wh: i64) -> RegisterReading {
        RegisterReading {
            at: at(min),
            register_wh: Decimal::from(wh),
        }
    }

    const KW22: Decimal = dec!(22000);

    #[test]
    fn the_failures_real_back_ends_billed() {
        // Normal: 22 kW for 60 min = 22 kWh.
        assert!(check_readings(r(0, 5_000_000), &[r(30, 5_011_000), r(60, 5_022_000)], KW22).is_empty());
        // Reboot with the cable in: the register reads zero, then counts up from there.
        let found = check_readings(r(0, 5_000_000), &[r(30, 5_011_000), r(31, 0), r(40, 50)], KW22);
        assert_eq!(found[0].kind(), "register_reset");
        assert_eq!(found[1].kind(), "register_reset", "still below the last good reading");
        // A register going backwards.
        let found = check_readings(r(0, 5_000_000), &[r(30, 4_999_000)], KW22);
        assert_eq!(
            found,
            vec![MeterAnomaly::WentBackwards {
                at: at(30),
                from_wh: dec!(5000000),
                to_wh: dec!(4999000)
            }]
        );
        // citrineos-core#1060: meterStart 0 after a reboot, then the lifetime register: 910 kWh in 5 min.
        let found = check_readings(r(0, 0), &[r(5, 910_000)], KW22);
        assert_eq!(found[0].kind(), "impossible_energy");
        // The tolerance: 10 % over the maximum plus 100 Wh passes, more does not.
        assert!(check_step(r(0, 0), r(60, 24_300), KW22).is_none());
        assert!(check_step(r(0, 0), r(60, 24_301), KW22).is_some());
    }

    proptest! {
        #[test]
        fn readings_within_the_power_limit_are_never_flagged(
            steps in proptest::collection::vec((1i64..120, 0u32..=100), 0..40),
            start in 0i64..10_000_000,
        ) {
            // Each step: minutes elapsed and the share (%) of the maximum power drawn.
            let mut readings = Vec::new();
            let (mut min, mut wh) = (0i64, Decimal::from(start));
            for (dm, share) in steps {
                min += dm;
                wh += (KW22 * Decimal::from(dm) / Decimal::from(60) * Decimal::from(share) / Decimal::from(100)).floor();
                readings.push(RegisterReading { at: at(min), register_wh: wh });
            }
            prop_assert!(check_readings(r(0, start), &readings, KW22).is_empty());
        }

        #[test]
        fn any_step_down_is_flagged_and_skipped(
            start in 2_000i64..10_000_000, down in 1i64..2_000, later_up in 0i64..100,
        ) {
            let readings = [r(10, start - down), r(20, start + later_up)];
            let found = check_readings(r(0, start), &readings, KW22);
            prop_assert_eq!(found.len(), 1);
            prop_assert!(matches!(found[0].kind(), "register_reset" | "went_backwards"));
        }
    }
}
