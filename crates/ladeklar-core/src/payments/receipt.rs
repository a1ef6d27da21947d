//! What a receipt states beyond the priced session: its number, and VAT per rate.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Price;

/// VAT at one rate: the base it is on and the tax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatLine {
    /// Percent, e.g. `25`.
    pub rate_percent: Decimal,
    pub excl_vat: Decimal,
    pub vat: Decimal,
}

/// The session's receipt number: its stop date (UTC) and the first eight hex digits of its
/// id (`LK-20261206-1A2B3C4D`), the same every time the receipt is made.
pub fn receipt_number(session_id: &uuid::Uuid, stopped_at: DateTime<Utc>) -> String {
    let hex = session_id.simple().to_string().to_ascii_uppercase();
    format!("LK-{}-{}", stopped_at.format("%Y%m%d"), &hex[..8])
}

/// VAT per rate from a receipt's rounded lines. Each line's rate is what its amounts imply,
/// to a tenth of a percent (lines are rounded once to the minor unit, so 28.13 on 22.50 is
/// 25 %); lines of one rate are added up, rates in ascending order. Zero-cost lines are left
/// out.
pub fn vat_lines(lines: &[Price]) -> Vec<VatLine> {
    let mut out: Vec<VatLine> = Vec::new();
    for line in lines.iter().filter(|l| !l.excl_vat.is_zero()) {
        let rate = (line.vat() / line.excl_vat * Decimal::from(100))
            .round_dp(1)
            .normalize();
        match out.iter_mut().find(|v| v.rate_percent == rate) {
            Some(v) => {
                v.excl_vat += line.excl_vat;
                v.vat += line.vat();
            }
            None => out.push(VatLine {
                rate_percent: rate,
                excl_vat: line.excl_vat,
                vat: line.vat(),
            }),
        }
    }
    out.sort_by_key(|v| v.rate_percent);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn lines_of_one_rate_add_up() {
        let lines = [
            Price::new(dec!(100.80), dec!(126.00)),
            Price::new(dec!(22.50), dec!(28.13)),
            Price::new(dec!(0), dec!(0)),
        ];
        assert_eq!(
            vat_lines(&lines),
            vec![VatLine {
                rate_percent: dec!(25),
                excl_vat: dec!(123.30),
                vat: dec!(30.83),
            }]
        );
    }

    #[test]
    fn two_rates_two_lines() {
        let lines = [Price::new(dec!(10), dec!(12.50)), Price::new(dec!(10), dec!(10))];
        let v = vat_lines(&lines);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].rate_percent, dec!(0));
        assert_eq!(v[1].rate_percent, dec!(25));
    }

    #[test]
    fn the_number_is_stable() {
        let id = uuid::Uuid::parse_str("1a2b3c4d-0000-4000-8000-000000000000").unwrap();
        let at = DateTime::parse_from_rfc3339("2026-12-06T10:00:00Z").unwrap().to_utc();
        assert_eq!(receipt_number(&id, at), "LK-20261206-1A2B3C4D");
    }
}
