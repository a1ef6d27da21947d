//! The driver's estimated session at a charger: what the list's card shows and what the
//! `max_price` filter compares. One default session — [`DEFAULT_SESSION_KWH`] at the
//! charger's strongest connector, starting `now` — priced by the same estimate as the
//! charger page's ([`crate::pricing::estimate`]), the expected total incl. VAT.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::pricing::estimate;
use crate::tariff::Tariff;

/// The energy of the default session: a typical top-up (the charger page's estimate too).
pub const DEFAULT_SESSION_KWH: u32 = 30;

/// The expected price incl. VAT of the default session, or `None` when the tariff cannot
/// price it (or the charger has no power).
pub fn default_session(tariff: &Tariff, tz: Tz, now: DateTime<Utc>, max_power_kw: Decimal) -> Option<Decimal> {
    estimate(tariff, tz, now, Decimal::from(DEFAULT_SESSION_KWH), max_power_kw)
        .ok()
        .map(|e| e.expected.incl_vat)
}

/// A price in hundredths (øre, öre), rounded up so a filter never hides a charger the card
/// shows at the limit; `None` if negative or out of range.
pub fn to_centi(price: Decimal) -> Option<u32> {
    if price < Decimal::ZERO {
        return None;
    }
    (price * Decimal::from(100)).ceil().to_u32()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hundredths_round_up_and_refuse_what_does_not_fit() {
        assert_eq!(to_centi(Decimal::new(11_250, 2)), Some(11_250));
        assert_eq!(to_centi(Decimal::new(112_501, 3)), Some(11_251));
        assert_eq!(to_centi(Decimal::new(-1, 0)), None);
        assert_eq!(to_centi(Decimal::from(u64::MAX)), None);
    }

    #[test]
    fn the_default_session_is_the_estimates_expected_total() {
        let tariff = Tariff::from_json(
            r#"{"country_code":"NO","party_id":"LDK","id":"t","currency":"NOK","last_updated":"2024-01-01T00:00:00Z",
                "elements":[{"price_components":[{"type":"ENERGY","price":4.0,"vat":25.0,"step_size":1}]}]}"#,
        )
        .unwrap();
        let now = DateTime::parse_from_rfc3339("2025-03-01T12:00:00Z").unwrap().to_utc();
        // 30 kWh × 4 kr × 1.25 VAT.
        assert_eq!(
            default_session(&tariff, chrono_tz::Europe::Oslo, now, Decimal::from(50)),
            Some(Decimal::from(150))
        );
        assert_eq!(
            default_session(&tariff, chrono_tz::Europe::Oslo, now, Decimal::ZERO),
            None
        );
    }
}
