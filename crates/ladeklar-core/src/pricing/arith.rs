//! Decimal tests and products for the per-period loop, with the same results as
//! rust_decimal's operators (value and scale) but without their general-case work: a sign
//! test instead of a comparison with zero, and a product of two small mantissas as one
//! integer multiplication (rust_decimal's own path for such operands, minus the call and
//! the checks for operands that are not small). Anything else goes to rust_decimal.

use rust_decimal::Decimal;

/// `d < 0`.
#[inline]
pub(crate) fn is_negative(d: Decimal) -> bool {
    d.is_sign_negative() && !d.is_zero()
}

/// `d > 0`.
#[inline]
pub(crate) fn is_positive(d: Decimal) -> bool {
    !d.is_sign_negative() && !d.is_zero()
}

/// `d > limit`.
#[inline]
pub(crate) fn exceeds(d: Decimal, limit: Decimal) -> bool {
    // |d| <= mantissa, so a mantissa within the limit settles it without a comparison.
    if limit.scale() == 0 && d.mantissa().unsigned_abs() <= limit.mantissa().unsigned_abs() && !limit.is_sign_negative()
    {
        return false;
    }
    d > limit
}

/// `a + b`.
#[inline]
pub(crate) fn add(a: Decimal, b: Decimal) -> Decimal {
    if a.scale() == b.scale() && !a.is_sign_negative() && !b.is_sign_negative() {
        // Below 2^97: no overflow.
        let sum = a.mantissa().unsigned_abs() + b.mantissa().unsigned_abs();
        if sum < 1 << 96 {
            return Decimal::from_parts(sum as u32, (sum >> 32) as u32, (sum >> 64) as u32, false, a.scale());
        }
    }
    a + b
}

/// `Decimal::new(units, scale)` for `units >= 0` (hours as 1e-5 h, say).
#[inline]
pub(crate) fn from_units(units: i64, scale: u32) -> Decimal {
    match u64::try_from(units) {
        Ok(u) if scale <= 28 => Decimal::from_parts(u as u32, (u >> 32) as u32, 0, false, scale),
        _ => Decimal::new(units, scale),
    }
}

/// `a * b`.
#[inline]
pub(crate) fn mul(a: Decimal, b: Decimal) -> Decimal {
    let scale = a.scale() + b.scale();
    let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    if ma != 0 && mb != 0 && scale <= 28 && ma <= u128::from(u64::MAX) && mb <= u128::from(u64::MAX) {
        let p = ma * mb;
        if p < 1 << 96 {
            return Decimal::from_parts(
                p as u32,
                (p >> 32) as u32,
                (p >> 64) as u32,
                a.is_sign_negative() != b.is_sign_negative(),
                scale,
            );
        }
    }
    a * b
}

/// [`crate::money::round_money`] (half away from zero) written with exactly `digits`
/// decimals, as `Price::rounded` writes it.
pub(crate) fn round_money_fixed(d: Decimal, digits: u32) -> Decimal {
    let scale = d.scale();
    let m = d.mantissa();
    if scale > digits && scale - digits <= 18 {
        if let Ok(m) = i64::try_from(m) {
            // 64-bit division where it suffices (most amounts).
            let unit = 10i64.pow(scale - digits);
            let (q, r) = (m / unit, m % unit);
            // |r| < unit <= 1e18: twice it fits a u64.
            let q = if 2 * r.unsigned_abs() >= unit.unsigned_abs() {
                q + r.signum()
            } else {
                q
            };
            if let Ok(out) = Decimal::try_from_i128_with_scale(i128::from(q), digits) {
                return out;
            }
        }
    }
    if digits <= 28 && scale > digits && scale - digits <= 18 {
        let unit = 10i128.pow(scale - digits);
        let (q, r) = (m / unit, m % unit);
        let q = if 2 * r.abs() >= unit { q + r.signum() } else { q };
        if let Ok(out) = Decimal::try_from_i128_with_scale(q, digits) {
            return out;
        }
    }
    let mut r = crate::money::round_money(d, digits);
    r.rescale(digits);
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decimal() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
            (any::<i32>(), 0u32..=10).prop_map(|(m, s)| Decimal::new(i64::from(m), s)),
            (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
                .prop_map(|(lo, mid, hi, neg, s)| Decimal::from_parts(lo, mid, hi, neg, s)),
            Just(Decimal::ZERO),
            Just(Decimal::NEGATIVE_ONE * Decimal::ZERO),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn same_as_rust_decimal(a in decimal(), b in decimal()) {
            let (want, got) = (a.checked_mul(b), std::panic::catch_unwind(|| mul(a, b)).ok());
            if let Some(want) = want {
                let got = got.unwrap();
                prop_assert_eq!(got, want);
                prop_assert_eq!(got.scale(), want.scale());
                prop_assert_eq!(got.is_sign_negative(), want.is_sign_negative());
            }
            if let Some(want) = a.checked_add(b) {
                let got = add(a, b);
                prop_assert_eq!(got, want);
                prop_assert_eq!(got.scale(), want.scale());
                prop_assert_eq!(got.is_sign_negative(), want.is_sign_negative());
            }
            let same_scale = Decimal::from_parts(7, 1, 0, false, a.scale());
            if let Some(want) = a.checked_add(same_scale) {
                let got = add(a, same_scale);
                prop_assert_eq!(got, want);
                prop_assert_eq!(got.scale(), want.scale());
            }
            let units = a.mantissa() as i64;
            for scale in [0, 5] {
                let (got, want) = (from_units(units, scale), Decimal::new(units, scale));
                prop_assert_eq!(got, want);
                prop_assert_eq!(got.scale(), want.scale());
                prop_assert_eq!(got.is_sign_negative(), want.is_sign_negative());
            }
            prop_assert_eq!(is_negative(a), a < Decimal::ZERO);
            prop_assert_eq!(is_positive(a), a > Decimal::ZERO);
            for limit in [Decimal::from(1000), Decimal::from(1_000_000_000), Decimal::ZERO] {
                prop_assert_eq!(exceeds(a, limit), a > limit);
            }
            for digits in [0, 2, 3] {
                let mut want = crate::money::round_money(a, digits);
                want.rescale(digits);
                let got = round_money_fixed(a, digits);
                prop_assert_eq!(got, want);
                prop_assert_eq!(got.scale(), want.scale());
                prop_assert_eq!(got.is_sign_negative(), want.is_sign_negative());
            }
        }
    }
}
