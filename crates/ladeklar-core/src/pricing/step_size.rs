//! `step_size`: billing in blocks, applied once per session on the session totals.
//!
//! Rules (OCPI 2.2.1 `PriceComponent.step_size` and its notes):
//! - ENERGY is rounded up to a multiple of `step_size` Wh; TIME, PARKING_TIME and
//!   reservation TIME to a multiple of `step_size` seconds. `step_size` 0 means 1.
//! - Only the step_size of the *last* component used for that dimension counts, and the
//!   extra quantity is billed at that component's price (spec: "switching to different
//!   Tariff Element" examples #1 and #2).
//! - TIME and PARKING_TIME are settled together ([`charging_and_parking`]):
//!   - no parking billed: charging time is rounded up by the TIME step;
//!   - the extra charging time billed by the TIME step covers parking time first. When all
//!     the parking time fits inside it, parking is not billed (spec example #1: 10 min
//!     charging billed as 15, the 2 min parking after it is free);
//!   - otherwise, when the tariff element that priced the (last) charging time also has a
//!     PARKING_TIME component, TIME and PARKING_TIME are both used in it and "step_size is
//!     only taken into account for the total parking duration" (OCPI 2.2.1): charging time
//!     is billed as measured, parking is rounded up by its own step;
//!   - otherwise (charging and parking priced by elements of their own, as in the spec's
//!     "Complex Tariff" example: 147 min charging billed as 150, 42 min parking as 45) each
//!     is rounded up by its own step.
//! - Durations are read from timestamps in milliseconds, never from OCPI's 4-decimal hours
//!   (13 min is 0.2167 h = 780.12 s, which a 60 s step would bill as 14 min).

use rust_decimal::Decimal;

/// Energy billed for `exact_kwh` with a step of `step_wh` Wh.
pub(crate) fn energy_kwh(exact_kwh: Decimal, step_wh: u32) -> Decimal {
    // In integers when the energy has at most 9 decimals (µWh: the rounding below to 6
    // decimals of a Wh then changes nothing), with the same result.
    let (m, scale) = (exact_kwh.mantissa(), exact_kwh.scale());
    if scale <= 9 && m > 0 {
        // 64-bit arithmetic: a 128-bit division is a slow library call.
        let step_uwh = i64::from(step_wh.max(1)) * 1_000_000;
        let uwh = i64::try_from(m).ok().and_then(|m| m.checked_mul(10i64.pow(9 - scale)));
        if let Some(uwh) = uwh {
            if let Some(wh) = (uwh / step_uwh + i64::from(uwh % step_uwh != 0)).checked_mul(i64::from(step_wh.max(1))) {
                return Decimal::from(wh) / Decimal::ONE_THOUSAND;
            }
        }
    }
    energy_kwh_decimal(exact_kwh, step_wh)
}

fn energy_kwh_decimal(exact_kwh: Decimal, step_wh: u32) -> Decimal {
    let step = Decimal::from(step_wh.max(1));
    // Sub-micro-Wh noise from splitting periods must not bill a whole extra step.
    let wh = (exact_kwh * Decimal::ONE_THOUSAND).round_dp(6);
    if wh <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    (wh / step).ceil() * step / Decimal::ONE_THOUSAND
}

/// Milliseconds billed for `exact_ms` with a step of `step_s` seconds.
pub(crate) fn time_ms(exact_ms: i64, step_s: u32) -> i64 {
    if exact_ms <= 0 {
        return 0;
    }
    let step = i64::from(step_s.max(1)) * 1000;
    (exact_ms + step - 1) / step * step
}

/// True when the extra charging time billed by the TIME step covers all the parking time.
pub(crate) fn parking_covered_by_charging(charging_exact_ms: i64, charging_billed_ms: i64, parking_ms: i64) -> bool {
    charging_billed_ms > charging_exact_ms && parking_ms <= charging_billed_ms - charging_exact_ms
}

/// Measured time of one dimension and the step of the last component that priced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Measured {
    pub ms: i64,
    pub step_s: u32,
}

/// Charging (TIME) and parking (PARKING_TIME) time as billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BilledTime {
    pub charging_ms: i64,
    pub parking_ms: i64,
    /// The parking time fit inside the extra charging time billed by the TIME step and is not
    /// billed.
    pub parking_covered: bool,
    /// The TIME step was not applied because parking is billed in the same element (the step
    /// is taken into account for the total parking duration only); true only when it would
    /// have added time.
    pub charging_step_waived: bool,
}

/// The module's TIME/PARKING_TIME rules: `charging` and `parking` as measured (None when no
/// component priced that dimension); `parking_in_charging_element`: the element of the last
/// TIME component also has a PARKING_TIME component.
pub(crate) fn charging_and_parking(
    charging: Option<Measured>,
    parking: Option<Measured>,
    parking_in_charging_element: bool,
) -> BilledTime {
    let charging_stepped = charging.map_or(0, |c| time_ms(c.ms, c.step_s));
    let mut billed = BilledTime {
        charging_ms: charging_stepped,
        parking_ms: parking.map_or(0, |p| time_ms(p.ms, p.step_s)),
        parking_covered: false,
        charging_step_waived: false,
    };
    let (Some(c), Some(p)) = (charging, parking) else {
        return billed;
    };
    if p.ms <= 0 {
        return billed;
    }
    if parking_covered_by_charging(c.ms, charging_stepped, p.ms) {
        billed.parking_ms = 0;
        billed.parking_covered = true;
    } else if parking_in_charging_element && charging_stepped > c.ms {
        billed.charging_ms = c.ms;
        billed.charging_step_waived = true;
    }
    billed
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn energy_rounds_up_to_the_step_in_wh() {
        // Spec: 115.2 Wh is billed as 116 Wh (step 1), 125 Wh (step 25), 500 Wh (step 500).
        assert_eq!(energy_kwh(dec!(0.1152), 1), dec!(0.116));
        assert_eq!(energy_kwh(dec!(0.1152), 25), dec!(0.125));
        assert_eq!(energy_kwh(dec!(0.1152), 500), dec!(0.5));
        assert_eq!(energy_kwh(dec!(20.45), 100), dec!(20.5));
        assert_eq!(energy_kwh(dec!(0), 100), dec!(0));
    }

    proptest::proptest! {
        #[test]
        fn integer_path_matches_the_decimal_rules(m in 0i64..1_000_000_000_000, scale in 0u32..=12, step in 0u32..2000) {
            let kwh = Decimal::new(m, scale);
            let (fast, slow) = (energy_kwh(kwh, step), energy_kwh_decimal(kwh, step));
            proptest::prop_assert_eq!(fast, slow);
            proptest::prop_assert_eq!(fast.scale(), slow.scale());
        }
    }

    #[test]
    fn thirteen_minutes_with_a_minute_step_is_thirteen_minutes() {
        assert_eq!(time_ms(13 * 60_000, 60), 13 * 60_000);
        assert_eq!(time_ms(13 * 60_000 + 1, 60), 14 * 60_000);
        assert_eq!(time_ms(6 * 60_000, 300), 10 * 60_000);
        assert_eq!(time_ms(0, 300), 0);
    }

    const MIN: i64 = 60_000;

    fn m(min: i64, step_s: u32) -> Option<Measured> {
        Some(Measured { ms: min * MIN, step_s })
    }

    #[test]
    fn time_only_is_rounded_up_by_its_step() {
        for combined in [false, true] {
            let b = charging_and_parking(m(7, 300), None, combined);
            assert_eq!((b.charging_ms, b.parking_ms), (10 * MIN, 0));
            assert!(!b.parking_covered && !b.charging_step_waived);
        }
    }

    #[test]
    fn charging_then_parking_in_one_element_steps_parking_only() {
        // 7 min charging and 20 min parking, both with 300 s steps in one element: the
        // charging time is billed as measured (not 10 min), the parking by its step.
        let b = charging_and_parking(m(7, 300), m(20, 300), true);
        assert_eq!((b.charging_ms, b.parking_ms), (7 * MIN, 20 * MIN));
        assert!(b.charging_step_waived && !b.parking_covered);
        let b = charging_and_parking(
            m(7, 300),
            Some(Measured {
                ms: 20 * MIN + 1,
                step_s: 300,
            }),
            true,
        );
        assert_eq!((b.charging_ms, b.parking_ms), (7 * MIN, 25 * MIN));
        // Already a whole number of steps: nothing waived.
        let b = charging_and_parking(m(10, 300), m(20, 300), true);
        assert_eq!((b.charging_ms, b.parking_ms), (10 * MIN, 20 * MIN));
        assert!(!b.charging_step_waived);
    }

    #[test]
    fn charging_and_parking_in_elements_of_their_own_each_take_their_step() {
        // The spec's Complex Tariff example: 147 min charging (900 s) and 42 min parking (300 s).
        let b = charging_and_parking(m(147, 900), m(42, 300), false);
        assert_eq!((b.charging_ms, b.parking_ms), (150 * MIN, 45 * MIN));
        assert!(!b.charging_step_waived && !b.parking_covered);
    }

    #[test]
    fn parking_inside_the_extra_charging_step_is_not_billed_either_way() {
        // Spec example #1: 10 min charging (900 s step), 2 min parking in the same element.
        for combined in [false, true] {
            let b = charging_and_parking(m(10, 900), m(2, 900), combined);
            assert_eq!((b.charging_ms, b.parking_ms), (15 * MIN, 0));
            assert!(b.parking_covered && !b.charging_step_waived);
        }
    }

    #[test]
    fn parking_inside_the_charging_step_is_covered() {
        assert!(parking_covered_by_charging(10 * 60_000, 15 * 60_000, 2 * 60_000));
        assert!(!parking_covered_by_charging(147 * 60_000, 150 * 60_000, 42 * 60_000));
        assert!(!parking_covered_by_charging(10 * 60_000, 10 * 60_000, 0));
    }
}
