//! The tariff in words, as drivers read it before they plug in (AFIR order: per kWh,
//! per minute, per session, other).

use rust_decimal::Decimal;

use super::{Tariff, TariffDimensionType};
use crate::money::{currency_symbol, round_money};

/// Languages the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Nb,
}

/// The tariff in one line, prices including VAT, e.g.
/// `3.90 kr/kWh · 0.50 kr/min after 60 min · 22:00–06:00 2.90 kr/kWh`.
pub fn describe(tariff: &Tariff, lang: Lang) -> String {
    let sym = currency_symbol(&tariff.currency);
    let mut parts: Vec<(u8, String)> = Vec::new();
    for el in &tariff.elements {
        let r = el.restrictions.clone().unwrap_or_default();
        for c in &el.price_components {
            let incl = match c.vat {
                Some(v) => c.price + c.price * v / Decimal::from(100),
                None => c.price,
            };
            let (order, amount) = match c.dimension {
                TariffDimensionType::Energy => (0, format!("{} {sym}/kWh", money(incl, lang))),
                TariffDimensionType::Time => (1, format!("{} {sym}/min", money(incl / Decimal::from(60), lang))),
                TariffDimensionType::Flat => (
                    2,
                    format!(
                        "{} {sym} {}",
                        money(incl, lang),
                        if lang == Lang::Nb { "per økt" } else { "per session" }
                    ),
                ),
                TariffDimensionType::ParkingTime => (
                    3,
                    format!(
                        "{} {sym}/min {}",
                        money(incl / Decimal::from(60), lang),
                        if lang == Lang::Nb { "parkering" } else { "parking" }
                    ),
                ),
            };
            let mut text = String::new();
            if let (Some(s), Some(e)) = (r.start_time, r.end_time) {
                text.push_str(&format!("{}–{} ", s.format("%H:%M"), e.format("%H:%M")));
            }
            text.push_str(&amount);
            if let Some(min) = r.min_duration {
                let after = if lang == Lang::Nb { "etter" } else { "after" };
                text.push_str(&format!(" {after} {} min", min / 60));
            }
            parts.push((order, text));
        }
    }
    parts.sort_by_key(|(order, _)| *order);
    if parts.is_empty() {
        return if lang == Lang::Nb {
            "Gratis".into()
        } else {
            "Free".into()
        };
    }
    parts.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" · ")
}

fn money(amount: Decimal, lang: Lang) -> String {
    let s = format!("{:.2}", round_money(amount, 2));
    if lang == Lang::Nb {
        s.replace('.', ",")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn energy_then_time_after_grace_in_both_languages() {
        let t = Tariff::from_json(r#"{"id":"t","currency":"NOK","elements":[
            {"price_components":[{"type":"TIME","price":24,"vat":25,"step_size":60}],"restrictions":{"min_duration":3600}},
            {"price_components":[{"type":"ENERGY","price":3.12,"vat":25,"step_size":1}]}]}"#)
        .unwrap();
        assert_eq!(describe(&t, Lang::En), "3.90 kr/kWh · 0.50 kr/min after 60 min");
        assert_eq!(describe(&t, Lang::Nb), "3,90 kr/kWh · 0,50 kr/min etter 60 min");
    }
}
