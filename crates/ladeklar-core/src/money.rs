//! Money: exact decimals with a currency, rounded once in the currency's minor unit.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// An amount excluding and including VAT, in the tariff's currency (OCPI `Price`).
///
/// Written as decimal strings (`{"excl_vat":"10.00","incl_vat":"12.50"}`); read from strings
/// or JSON numbers (OCPI writes numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Price {
    #[serde(
        serialize_with = "rust_decimal::serde::str::serialize",
        deserialize_with = "decimal_str_or_number"
    )]
    pub excl_vat: Decimal,
    #[serde(
        serialize_with = "rust_decimal::serde::str::serialize",
        deserialize_with = "decimal_str_or_number"
    )]
    pub incl_vat: Decimal,
}

/// Reads a decimal from a JSON string (`"1.25"`) or number (`1.25`).
pub(crate) fn decimal_str_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    // `Decimal`'s own deserializer accepts strings, integers and floats (floats via their
    // shortest round-trip text, so 0.1 reads as exactly 0.1).
    <Decimal as Deserialize>::deserialize(d)
}

impl Price {
    pub const ZERO: Price = Price {
        excl_vat: Decimal::ZERO,
        incl_vat: Decimal::ZERO,
    };

    pub fn new(excl_vat: Decimal, incl_vat: Decimal) -> Self {
        Self { excl_vat, incl_vat }
    }

    /// The VAT part (`incl_vat - excl_vat`).
    pub fn vat(&self) -> Decimal {
        self.incl_vat - self.excl_vat
    }

    /// Both amounts multiplied by `factor`.
    pub fn scaled(&self, factor: Decimal) -> Self {
        Self {
            excl_vat: self.excl_vat * factor,
            incl_vat: self.incl_vat * factor,
        }
    }

    /// Rounded half-up ("commercial rounding") to `minor_digits` decimals, written with
    /// exactly that many decimals (`2.5` becomes `2.50`).
    pub fn rounded(&self, minor_digits: u32) -> Self {
        let fixed = |d: Decimal| {
            let mut r = round_money(d, minor_digits);
            r.rescale(minor_digits);
            r
        };
        Self {
            excl_vat: fixed(self.excl_vat),
            incl_vat: fixed(self.incl_vat),
        }
    }
}

impl std::ops::Add for Price {
    type Output = Price;
    fn add(self, rhs: Price) -> Price {
        Price {
            excl_vat: self.excl_vat + rhs.excl_vat,
            incl_vat: self.incl_vat + rhs.incl_vat,
        }
    }
}

impl std::iter::Sum for Price {
    fn sum<I: Iterator<Item = Price>>(iter: I) -> Price {
        iter.fold(Price::ZERO, |a, b| a + b)
    }
}

/// Round half away from zero to `digits` decimals: the one rounding rule for money.
pub fn round_money(amount: Decimal, digits: u32) -> Decimal {
    amount.round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds `amount` up (towards +∞) to `digits` decimals.
pub fn ceil_money(amount: Decimal, digits: u32) -> Decimal {
    amount.round_dp_with_strategy(digits, RoundingStrategy::ToPositiveInfinity)
}

/// Rounds `amount` down (towards −∞) to `digits` decimals.
pub fn floor_money(amount: Decimal, digits: u32) -> Decimal {
    amount.round_dp_with_strategy(digits, RoundingStrategy::ToNegativeInfinity)
}

/// Decimals in the minor unit of an ISO 4217 currency (NOK, SEK, EUR, DKK: 2).
pub fn minor_unit_digits(currency: &str) -> u32 {
    match currency {
        "JPY" | "ISK" | "KRW" => 0,
        _ => 2,
    }
}

/// The symbol drivers expect to read after an amount.
pub fn currency_symbol(currency: &str) -> &str {
    match currency {
        "NOK" | "SEK" | "DKK" => "kr",
        "EUR" => "€",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_money(dec!(1.005), 2), dec!(1.01));
        assert_eq!(round_money(dec!(1.004), 2), dec!(1.00));
        assert_eq!(round_money(dec!(-1.005), 2), dec!(-1.01));
    }

    #[test]
    fn price_serializes_as_decimal_strings() {
        let p = Price::new(dec!(10.00), dec!(12.50));
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"excl_vat":"10.00","incl_vat":"12.50"}"#
        );
        assert_eq!(p.vat(), dec!(2.50));
    }

    #[test]
    fn price_reads_strings_and_ocpi_numbers() {
        let a: Price = serde_json::from_str(r#"{"excl_vat":"0.50","incl_vat":"0.55"}"#).unwrap();
        let b: Price = serde_json::from_str(r#"{"excl_vat":0.50,"incl_vat":0.55}"#).unwrap();
        assert_eq!(a, b);
        assert_eq!(b.incl_vat, dec!(0.55));
    }
}
