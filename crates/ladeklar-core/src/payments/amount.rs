//! Amounts in minor units, the spending cap, the hold and the capture.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{minor_unit_digits, round_money};
use crate::tariff::Tariff;

/// An amount in a currency's minor unit (øre for NOK, cents for EUR): the integer Stripe
/// counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MinorUnits(pub i64);

impl std::fmt::Display for MinorUnits {
    /// The bare count of minor units (`1250`): the unit is the payment's currency's.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} minor units", self.0)
    }
}

/// Why an amount cannot be written in minor units.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("the amount {0} is negative")]
    Negative(Decimal),
    #[error("the amount {amount} has more decimals than {currency} has (at most {digits})")]
    TooPrecise {
        amount: Decimal,
        currency: String,
        digits: u32,
    },
    #[error("the amount {0} is too large")]
    TooLarge(Decimal),
}

impl MinorUnits {
    /// `amount` (in major units, e.g. `12.50` kr) in minor units (`1250` øre). Refuses
    /// amounts with more decimals than the currency has: money is rounded once, by pricing.
    pub fn from_major(amount: Decimal, currency: &str) -> Result<Self, AmountError> {
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(AmountError::Negative(amount));
        }
        let digits = minor_unit_digits(currency);
        if round_money(amount, digits) != amount {
            return Err(AmountError::TooPrecise {
                amount,
                currency: currency.to_string(),
                digits,
            });
        }
        let scaled = amount * Decimal::from(10_i64.pow(digits));
        i64::try_from(scaled.trunc())
            .map(MinorUnits)
            .map_err(|_| AmountError::TooLarge(amount))
    }

    /// Back to major units, with exactly the currency's decimals (`1250` → `12.50`).
    pub fn to_major(self, currency: &str) -> Decimal {
        Decimal::new(self.0, minor_unit_digits(currency))
    }
}

/// The spending caps a driver may choose, in major units incl. VAT, per currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapPolicy {
    /// The least a driver may choose; also the least a hold is (card schemes refuse tiny
    /// authorisations, and a session fee alone can cost this much).
    pub minimum: Decimal,
    /// The most a driver may choose (what we are willing to hold on a card).
    pub maximum: Decimal,
    /// What the app proposes.
    pub default: Decimal,
}

impl CapPolicy {
    /// The policy for `currency`: NOK, SEK and DKK 50–2000 (500 proposed); EUR 5–200 (50).
    pub fn for_currency(currency: &str) -> Self {
        let (minimum, maximum, default) = match currency {
            "EUR" => (5, 200, 50),
            _ => (50, 2000, 500),
        };
        Self {
            minimum: Decimal::from(minimum),
            maximum: Decimal::from(maximum),
            default: Decimal::from(default),
        }
    }
}

/// Why a spending cap cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum CapRefusal {
    #[error("the spending cap {cap} is below the minimum {minimum}")]
    BelowMinimum { cap: Decimal, minimum: Decimal },
    #[error("the spending cap {cap} is above the maximum {maximum}")]
    AboveMaximum { cap: Decimal, maximum: Decimal },
    #[error("the spending cap {cap} has more decimals than the currency has")]
    TooPrecise { cap: Decimal },
}

/// The amount to hold on the card for a session with spending cap `cap` (incl. VAT) under
/// `tariff`: the cap, or the tariff's own maximum session price when that is lower (a hold
/// is never more than the session can cost). `None` picks the policy's default cap.
pub fn hold_amount(cap: Option<Decimal>, tariff: &Tariff) -> Result<MinorUnits, CapRefusal> {
    let policy = CapPolicy::for_currency(&tariff.currency);
    let cap = cap.unwrap_or(policy.default);
    if cap < policy.minimum {
        return Err(CapRefusal::BelowMinimum {
            cap,
            minimum: policy.minimum,
        });
    }
    if cap > policy.maximum {
        return Err(CapRefusal::AboveMaximum {
            cap,
            maximum: policy.maximum,
        });
    }
    let held = match &tariff.max_price {
        Some(max) if max.incl_vat >= policy.minimum && max.incl_vat < cap => max.incl_vat,
        _ => cap,
    };
    MinorUnits::from_major(held, &tariff.currency).map_err(|_| CapRefusal::TooPrecise { cap })
}

/// Whether a session whose running cost is `running` (incl. VAT) has reached the amount
/// `held`: the server stops it now. The stop takes a little while (the charger answers,
/// the car ramps down), so the session is stopped when less than a margin is left: 2 % of
/// the hold, and at least one major unit.
pub fn cap_reached(running: MinorUnits, held: MinorUnits, currency: &str) -> bool {
    let one_major = 10_i64.pow(minor_unit_digits(currency));
    let margin = (held.0 / 50).max(one_major);
    running.0 >= held.0.saturating_sub(margin)
}

/// The least a card payment may be in `currency` (Stripe's minimum charge amounts): NOK and
/// SEK 3.00, DKK 2.50, GBP 0.30, others 0.50.
pub fn minimum_charge(currency: &str) -> MinorUnits {
    MinorUnits(match currency {
        "NOK" | "SEK" => 300,
        "DKK" => 250,
        "GBP" => 30,
        _ => 50,
    })
}

/// What is charged of `amount` when a card payment must be at least `minimum`: the amount, or
/// nothing when it is below the minimum (waived: a few øre are not worth a card payment, and a
/// payment the card network refuses must not become a driver's debt).
pub fn chargeable(amount: MinorUnits, minimum: MinorUnits) -> MinorUnits {
    if amount.0 < minimum.0 {
        MinorUnits(0)
    } else {
        amount
    }
}

/// What is captured of a hold of `held` for a session that cost `total`: the total, but
/// never more than was authorised (the cap is the driver's promise; anything above it is
/// not charged).
pub fn capture_amount(total: MinorUnits, held: MinorUnits) -> MinorUnits {
    MinorUnits(total.0.clamp(0, held.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn tariff(currency: &str, max_incl_vat: Option<Decimal>) -> Tariff {
        let mut t: Tariff = serde_json::from_value(serde_json::json!({
            "country_code": "NO", "party_id": "LAD", "id": "T", "currency": currency,
            "elements": [{"price_components": [{"type": "ENERGY", "price": "3.00", "vat": 25, "step_size": 1}]}],
            "last_updated": "2026-01-01T00:00:00Z"
        }))
        .expect("a tariff");
        t.max_price = max_incl_vat.map(|m| crate::money::Price::new(m * dec!(0.8), m));
        t
    }

    #[test]
    fn minor_units_both_ways() {
        assert_eq!(MinorUnits::from_major(dec!(12.50), "NOK"), Ok(MinorUnits(1250)));
        assert_eq!(MinorUnits::from_major(dec!(0), "NOK"), Ok(MinorUnits(0)));
        assert_eq!(MinorUnits(1250).to_major("NOK").to_string(), "12.50");
        assert!(matches!(
            MinorUnits::from_major(dec!(1.005), "NOK"),
            Err(AmountError::TooPrecise { .. })
        ));
        assert!(matches!(
            MinorUnits::from_major(dec!(-1), "NOK"),
            Err(AmountError::Negative(_))
        ));
    }

    #[test]
    fn hold_is_the_cap_within_the_policy() {
        let t = tariff("NOK", None);
        assert_eq!(hold_amount(None, &t), Ok(MinorUnits(50_000)));
        assert_eq!(hold_amount(Some(dec!(300)), &t), Ok(MinorUnits(30_000)));
        assert!(matches!(
            hold_amount(Some(dec!(49)), &t),
            Err(CapRefusal::BelowMinimum { .. })
        ));
        assert!(matches!(
            hold_amount(Some(dec!(2001)), &t),
            Err(CapRefusal::AboveMaximum { .. })
        ));
        assert!(matches!(
            hold_amount(Some(dec!(100.001)), &t),
            Err(CapRefusal::TooPrecise { .. })
        ));
    }

    #[test]
    fn hold_is_never_more_than_the_tariff_can_cost() {
        let t = tariff("NOK", Some(dec!(250)));
        assert_eq!(hold_amount(Some(dec!(500)), &t), Ok(MinorUnits(25_000)));
        assert_eq!(hold_amount(Some(dec!(100)), &t), Ok(MinorUnits(10_000)));
        // A maximum below the policy's minimum hold does not shrink the hold further.
        let tiny = tariff("NOK", Some(dec!(10)));
        assert_eq!(hold_amount(Some(dec!(100)), &tiny), Ok(MinorUnits(10_000)));
    }

    #[test]
    fn amounts_below_the_minimum_are_waived() {
        assert_eq!(minimum_charge("NOK"), MinorUnits(300));
        assert_eq!(chargeable(MinorUnits(299), MinorUnits(300)), MinorUnits(0));
        assert_eq!(chargeable(MinorUnits(300), MinorUnits(300)), MinorUnits(300));
        assert_eq!(chargeable(MinorUnits(5), MinorUnits(0)), MinorUnits(5));
    }

    #[test]
    fn cap_reached_leaves_a_margin() {
        // 500 kr held: the margin is 10 kr.
        assert!(!cap_reached(MinorUnits(48_999), MinorUnits(50_000), "NOK"));
        assert!(cap_reached(MinorUnits(49_000), MinorUnits(50_000), "NOK"));
        // 50 kr held: the margin is 1 kr (2 % would be 1 kr too).
        assert!(cap_reached(MinorUnits(4_900), MinorUnits(5_000), "NOK"));
        assert!(!cap_reached(MinorUnits(4_899), MinorUnits(5_000), "NOK"));
    }

    proptest! {
        #[test]
        fn capture_never_exceeds_the_hold_nor_the_total(total in -10_000i64..1_000_000, held in 0i64..1_000_000) {
            let c = capture_amount(MinorUnits(total), MinorUnits(held));
            prop_assert!(c.0 <= held);
            prop_assert!(c.0 >= 0);
            prop_assert!(c.0 <= total.max(0));
            if (0..=held).contains(&total) { prop_assert_eq!(c.0, total); }
        }

        #[test]
        fn minor_units_round_trip(minor in 0i64..10_000_000_000) {
            let major = MinorUnits(minor).to_major("NOK");
            prop_assert_eq!(MinorUnits::from_major(major, "NOK"), Ok(MinorUnits(minor)));
        }

        #[test]
        fn the_hold_lies_within_the_policy(cap in 0u32..300_000, max in proptest::option::of(0u32..300_000)) {
            let cap = Decimal::new(i64::from(cap), 2);
            let t = tariff("NOK", max.map(|m| Decimal::new(i64::from(m), 2)));
            let policy = CapPolicy::for_currency("NOK");
            if let Ok(held) = hold_amount(Some(cap), &t) {
                let held = held.to_major("NOK");
                prop_assert!(held >= policy.minimum && held <= policy.maximum);
                prop_assert!(held <= cap);
            } else {
                prop_assert!(cap < policy.minimum || cap > policy.maximum);
            }
        }

        #[test]
        fn a_session_at_the_hold_has_reached_the_cap(held in 100i64..1_000_000) {
            prop_assert!(cap_reached(MinorUnits(held), MinorUnits(held), "NOK"));
            prop_assert!(!cap_reached(MinorUnits(0), MinorUnits(held), "NOK") || held <= 100);
        }
    }
}
