//! `step_size`: billing in blocks, applied once per session on the session totals.
//!
//! Rules (OCPI 2.2.1 `PriceComponent.step_size` and its notes):
//! - ENERGY is rounded up to a multiple of `step_size` Wh; TIME, PARKING_TIME and
//!   reservation TIME to a multiple of `step_size` seconds. `step_size` 0 means 1.
//! - Only the step_size of the *last* component used for that dimension counts, and the
//!   extra quantity is billed at that component's price (spec: "switching to different
//!   Tariff Element" examples #1 and #2).
//! - TIME and PARKING_TIME are settled together: the extra charging time billed by the TIME
//!   step covers parking time first. When all the parking time fits inside it, parking is
//!   not billed (spec example #1: 10 min charging billed as 15, the 2 min parking after it
//!   is free). Otherwise parking is rounded up by its own step (spec "3 euro per hour, 5 euro
//!   per hour parking" and "Complex Tariff" examples: 42 min parking billed as 45).
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

    #[test]
    fn parking_inside_the_charging_step_is_covered() {
        assert!(parking_covered_by_charging(10 * 60_000, 15 * 60_000, 2 * 60_000));
        assert!(!parking_covered_by_charging(147 * 60_000, 150 * 60_000, 42 * 60_000));
        assert!(!parking_covered_by_charging(10 * 60_000, 10 * 60_000, 0));
    }
}
