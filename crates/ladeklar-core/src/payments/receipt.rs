//! What a receipt states beyond the priced session: its number, each line's unit price, and
//! VAT per rate.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Price;
use crate::pricing::PricedSession;
use crate::tariff::TariffDimensionType;

/// A price per unit (kWh, hour or session) a receipt line was billed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPrice {
    pub excl_vat: Decimal,
    /// Percent, e.g. `25`; `None` when the tariff gives no VAT (none is charged).
    pub vat_percent: Option<Decimal>,
}

impl UnitPrice {
    /// The unit price with VAT, exact (not rounded: a unit price may have more decimals than
    /// the currency's minor unit).
    pub fn incl_vat(&self) -> Decimal {
        match self.vat_percent {
            Some(rate) => (self.excl_vat + self.excl_vat * rate / Decimal::from(100)).normalize(),
            None => self.excl_vat,
        }
    }
}

/// The unit prices `dimension` was billed at in a priced session, in the order the session
/// met them, each once: one for a flat tariff, several when the price changed during the
/// session (a time-of-day tariff). Pieces of the session that billed nothing in the
/// dimension (the free first minutes of a time fee) name no price.
pub fn unit_prices(priced: &PricedSession, dimension: TariffDimensionType) -> Vec<UnitPrice> {
    let billed = priced
        .periods
        .iter()
        .flat_map(|p| p.lines.iter())
        .filter(|l| l.dimension == dimension && !l.quantity.is_zero());
    let mut out: Vec<UnitPrice> = Vec::new();
    for line in billed {
        let price = UnitPrice {
            excl_vat: line.unit_price.normalize(),
            vat_percent: line.vat.map(|v| v.normalize()),
        };
        if !out.contains(&price) {
            out.push(price);
        }
    }
    out
}

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

/// VAT per rate on a priced session's receipt. Each line is at the tariff's rate for its
/// dimension (no VAT in the tariff: 0 %); only when the session met several rates in one
/// dimension is a line's rate what its rounded amounts imply. Lines of one rate are added up,
/// rates in ascending order; zero-cost lines are left out.
pub fn vat_lines(priced: &PricedSession) -> Vec<VatLine> {
    let lines: Vec<(Option<Decimal>, Price)> = priced
        .components
        .iter()
        .map(|c| {
            let mut rates: Vec<Decimal> = unit_prices(priced, c.dimension)
                .iter()
                .map(|u| u.vat_percent.unwrap_or_default().normalize())
                .collect();
            rates.dedup();
            let rate = match rates.as_slice() {
                [one] => Some(*one),
                _ => None,
            };
            (rate, c.cost)
        })
        .collect();
    vat_lines_at(&lines)
}

/// VAT per rate from rounded lines, each at its known rate or, for `None`, at the rate its
/// amounts imply to a tenth of a percent (28.13 on 22.50 is 25 %; a line of a few øre implies
/// nonsense, hence the known rate first).
fn vat_lines_at(lines: &[(Option<Decimal>, Price)]) -> Vec<VatLine> {
    let mut out: Vec<VatLine> = Vec::new();
    for (known, line) in lines.iter().filter(|(_, l)| !l.excl_vat.is_zero()) {
        let rate = known.unwrap_or_else(|| {
            (line.vat() / line.excl_vat * Decimal::from(100))
                .round_dp(1)
                .normalize()
        });
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
            (None, Price::new(dec!(100.80), dec!(126.00))),
            (None, Price::new(dec!(22.50), dec!(28.13))),
            (None, Price::new(dec!(0), dec!(0))),
        ];
        assert_eq!(
            vat_lines_at(&lines),
            vec![VatLine {
                rate_percent: dec!(25),
                excl_vat: dec!(123.30),
                vat: dec!(30.83),
            }]
        );
    }

    #[test]
    fn two_rates_two_lines() {
        let lines = [
            (None, Price::new(dec!(10), dec!(12.50))),
            (None, Price::new(dec!(10), dec!(10))),
        ];
        let v = vat_lines_at(&lines);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].rate_percent, dec!(0));
        assert_eq!(v[1].rate_percent, dec!(25));
    }

    /// A session of `minutes` charging `kwh` evenly, from noon UTC.
    fn priced(tariff: &str, minutes: i64, kwh: Decimal) -> PricedSession {
        use crate::pricing::{price_periods, Period, PeriodKind, Session};
        let start = DateTime::parse_from_rfc3339("2026-12-07T12:00:00Z").unwrap().to_utc();
        let end = start + chrono::Duration::minutes(minutes);
        let session = Session {
            start,
            end,
            periods: vec![Period {
                start,
                end,
                kind: PeriodKind::Charging,
                energy_kwh: kwh,
                power_kw: None,
                current_a: None,
            }],
        };
        price_periods(
            &crate::tariff::Tariff::from_json(tariff).unwrap(),
            chrono_tz::UTC,
            &session,
        )
        .unwrap()
    }

    /// 3.36 kr/kWh, and 30 kr/h from the 45th minute on; 25 % VAT.
    const ENERGY_AND_LATE_TIME: &str = r#"{"id":"b","currency":"NOK","elements":[
        {"price_components":[{"type":"ENERGY","price":3.36,"vat":25.0,"step_size":1}]},
        {"price_components":[{"type":"TIME","price":30.00,"vat":25.0,"step_size":60}],
         "restrictions":{"min_duration":2700}}]}"#;

    #[test]
    fn each_line_names_the_price_it_was_billed_at() {
        let p = priced(ENERGY_AND_LATE_TIME, 90, dec!(30));
        let energy = unit_prices(&p, TariffDimensionType::Energy);
        assert_eq!(
            energy,
            vec![UnitPrice {
                excl_vat: dec!(3.36),
                vat_percent: Some(dec!(25)),
            }]
        );
        assert_eq!(energy[0].incl_vat(), dec!(4.20));
        // The free first 45 minutes name no price of their own.
        let time = unit_prices(&p, TariffDimensionType::Time);
        assert_eq!(time.len(), 1, "{time:?}");
        assert_eq!(time[0].excl_vat, dec!(30));
        assert_eq!(time[0].incl_vat(), dec!(37.5));
        assert!(unit_prices(&p, TariffDimensionType::Flat).is_empty());
    }

    #[test]
    fn a_price_change_during_the_session_names_both_prices_in_order() {
        let day_and_evening = r#"{"id":"t","currency":"NOK","elements":[
            {"price_components":[{"type":"ENERGY","price":2.00,"vat":25.0,"step_size":1}],
             "restrictions":{"start_time":"06:00","end_time":"13:00"}},
            {"price_components":[{"type":"ENERGY","price":3.00,"vat":25.0,"step_size":1}]}]}"#;
        let p = priced(day_and_evening, 120, dec!(20));
        let prices: Vec<Decimal> = unit_prices(&p, TariffDimensionType::Energy)
            .iter()
            .map(|u| u.excl_vat)
            .collect();
        assert_eq!(prices, vec![dec!(2), dec!(3)]);
    }

    /// A line of a few øre is at the tariff's rate, not the one its rounded amounts imply
    /// (0.02 kr + 0.01 kr VAT would read as 50 %).
    #[test]
    fn a_tiny_line_is_at_the_tariffs_rate() {
        let p = priced(ENERGY_AND_LATE_TIME, 1, dec!(0.006));
        assert_eq!(p.components.len(), 1, "{:?}", p.components);
        let implied = p.components[0].cost.vat() / p.components[0].cost.excl_vat * dec!(100);
        assert_ne!(implied.round_dp(1), dec!(25), "the amounts alone would mislead");
        let v = vat_lines(&p);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].rate_percent, dec!(25));
        assert_eq!(v[0].excl_vat, p.components[0].cost.excl_vat);
    }

    #[test]
    fn nothing_billed_names_no_price() {
        let p = priced(ENERGY_AND_LATE_TIME, 10, dec!(0));
        assert!(unit_prices(&p, TariffDimensionType::Energy).is_empty());
        assert!(unit_prices(&p, TariffDimensionType::Time).is_empty());
    }

    #[test]
    fn no_vat_given_means_none_charged() {
        let u = UnitPrice {
            excl_vat: dec!(0.25),
            vat_percent: None,
        };
        assert_eq!(u.incl_vat(), dec!(0.25));
    }

    #[test]
    fn the_number_is_stable() {
        let id = uuid::Uuid::parse_str("1a2b3c4d-0000-4000-8000-000000000000").unwrap();
        let at = DateTime::parse_from_rfc3339("2026-12-06T10:00:00Z").unwrap().to_utc();
        assert_eq!(receipt_number(&id, at), "LK-20261206-1A2B3C4D");
    }
}
