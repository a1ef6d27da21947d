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

/// Powers of ten that fit an i64.
const POW10: [i64; 19] = {
    let mut p = [1i64; 19];
    let mut i = 1;
    while i < 19 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// The mantissa of a non-negative `d` when it fits 64 bits, and its scale.
#[inline]
fn small(d: &Decimal) -> Option<(u64, u32)> {
    let u = d.unpack();
    (u.hi == 0 && !u.negative).then_some((u64::from(u.lo) | u64::from(u.mid) << 32, u.scale))
}

/// `(m / 10^k, m % 10^k)` for `k <= 18`, each divisor a constant (a multiplication, not a
/// slow division instruction).
#[inline]
fn div_pow10(m: u64, k: u32) -> (u64, u64) {
    macro_rules! by {
        ($($k:literal),*) => {
            match k {
                $($k => (m / 10u64.pow($k), m % 10u64.pow($k)),)*
                _ => {
                    let unit = 10u64.pow(k.min(19));
                    (m / unit, m % unit)
                }
            }
        };
    }
    by!(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)
}

/// `a + b`.
#[inline]
pub(crate) fn add(a: Decimal, b: Decimal) -> Decimal {
    if let (Some((ma, sa)), Some((mb, sb))) = (small(&a), small(&b)) {
        // rust_decimal returns the other operand as it is when one is zero.
        if ma == 0 {
            return b;
        }
        if mb == 0 {
            return a;
        }
        // The operand with fewer decimals written with as many as the other.
        let (ma, mb, scale) = if sa >= sb {
            (
                Some(ma),
                POW10.get((sa - sb) as usize).and_then(|p| mb.checked_mul(*p as u64)),
                sa,
            )
        } else {
            (
                POW10.get((sb - sa) as usize).and_then(|p| ma.checked_mul(*p as u64)),
                Some(mb),
                sb,
            )
        };
        if let Some(sum) = ma.zip(mb).and_then(|(x, y)| x.checked_add(y)) {
            return Decimal::from_parts(sum as u32, (sum >> 32) as u32, 0, false, scale);
        }
    }
    a + b
}

/// A running sum of decimals, equal (value and scale) to adding them one by one with [`add`]
/// (and so with rust_decimal's `+`), kept as an integer while the terms are non-negative
/// and the sum fits 64 bits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sum {
    mantissa: u64,
    scale: u32,
    /// The sum, once it left the integer form.
    decimal: Option<Decimal>,
}

impl Default for Sum {
    fn default() -> Sum {
        Sum::ZERO
    }
}

impl Sum {
    pub const ZERO: Sum = Sum {
        mantissa: 0,
        scale: 0,
        decimal: None,
    };

    #[inline]
    pub fn add(&mut self, d: Decimal) {
        if self.decimal.is_none() {
            if let Some((m, s)) = small(&d) {
                // As rust_decimal: a zero sum becomes the term as it is; a zero term leaves
                // the sum as it is.
                if self.mantissa == 0 {
                    (self.mantissa, self.scale) = (m, s);
                    return;
                }
                if m == 0 {
                    return;
                }
                let (a, b, scale) = if self.scale >= s {
                    let b = POW10
                        .get((self.scale - s) as usize)
                        .and_then(|p| m.checked_mul(*p as u64));
                    (Some(self.mantissa), b, self.scale)
                } else {
                    let a = POW10
                        .get((s - self.scale) as usize)
                        .and_then(|p| self.mantissa.checked_mul(*p as u64));
                    (a, Some(m), s)
                };
                if let Some(sum) = a.zip(b).and_then(|(a, b)| a.checked_add(b)) {
                    self.mantissa = sum;
                    self.scale = scale;
                    return;
                }
            }
        }
        self.decimal = Some(add(self.value(), d));
    }

    #[inline]
    pub fn value(&self) -> Decimal {
        match self.decimal {
            Some(d) => d,
            None => Decimal::from_parts(self.mantissa as u32, (self.mantissa >> 32) as u32, 0, false, self.scale),
        }
    }
}

/// `1 + vat/100` for a VAT percentage `vat`, as `1 + vat` written with two more decimals
/// (rust_decimal's sum: the larger scale), in integers when it fits.
#[inline]
pub(crate) fn vat_factor(vat: Decimal) -> Decimal {
    if let Some((m, s)) = small(&vat) {
        if m == 0 {
            return Decimal::ONE;
        }
        if let Some(f) = POW10.get(s as usize + 2).and_then(|one| m.checked_add(*one as u64)) {
            return Decimal::from_parts(f as u32, (f >> 32) as u32, 0, false, s + 2);
        }
    }
    let mut percent = vat;
    match percent.set_scale(vat.scale() + 2) {
        Ok(()) => add(Decimal::ONE, percent),
        Err(_) => Decimal::ONE + vat / Decimal::ONE_HUNDRED,
    }
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
    if let (Some((ma, sa)), Some((mb, sb))) = (small(&a), small(&b)) {
        let p = u128::from(ma) * u128::from(mb);
        if p != 0 && p < 1 << 96 && sa + sb <= 28 {
            return Decimal::from_parts(p as u32, (p >> 32) as u32, (p >> 64) as u32, false, sa + sb);
        }
    }
    a * b
}

/// [`crate::money::round_money`] (half away from zero) written with exactly `digits`
/// decimals, as `Price::rounded` writes it.
pub(crate) fn round_money_fixed(d: Decimal, digits: u32) -> Decimal {
    if let Some((m, scale)) = small(&d) {
        // Non-negative and 64 bits (most amounts): one u64 division, or none.
        if scale == digits {
            return d;
        }
        if scale > digits && scale - digits <= 18 {
            let k = scale - digits;
            let (q, r) = div_pow10(m, k);
            // r < 10^k <= 1e18: twice it fits a u64.
            let q = if 2 * r >= POW10[k as usize] as u64 { q + 1 } else { q };
            return Decimal::from_parts(q as u32, (q >> 32) as u32, 0, false, digits);
        }
    }
    let scale = d.scale();
    let m = d.mantissa();
    if scale > digits && scale - digits <= 18 {
        if let Ok(m) = i64::try_from(m) {
            // 64-bit division where it suffices (most amounts).
            let unit = POW10[(scale - digits) as usize];
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
            (0u32..=28).prop_map(|s| Decimal::new(0, s)),
            (0i64..10_000, 0u32..=6).prop_map(|(m, s)| Decimal::new(m, s)),
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
            let mut percent = a;
            if percent.set_scale(a.scale() + 2).is_ok() {
                let (got, want) = (vat_factor(a), Decimal::ONE + percent);
                prop_assert_eq!(got, want);
                prop_assert_eq!(got.scale(), want.scale());
            }
            if let Some(want) = Decimal::ZERO.checked_add(a).and_then(|x| x.checked_add(b)).and_then(|x| x.checked_add(a)) {
                let mut sum = Sum::ZERO;
                for d in [a, b, a] {
                    sum.add(d);
                }
                prop_assert_eq!(sum.value(), want);
                prop_assert_eq!(sum.value().scale(), want.scale());
            }
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
