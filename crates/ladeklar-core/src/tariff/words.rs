//! The tariff in words, as drivers read it before they plug in (AFIR order: per kWh,
//! per minute, per session, other).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{DayOfWeek, Tariff, TariffDimensionType};
use crate::money::{currency_symbol, round_money};

/// Languages the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Nb,
}

/// The tariff in one line, prices including VAT, in AFIR order: first the prices that
/// always apply (per kWh, per minute, per session, parking), then those limited to times of
/// day, days or dates, in the same order. E.g.
/// `3.90 kr/kWh · 0.50 kr/min after 60 min · 22:00–06:00 2.90 kr/kWh`.
pub fn describe(tariff: &Tariff, lang: Lang) -> String {
    let sym = currency_symbol(&tariff.currency);
    let nb = lang == Lang::Nb;
    let mut parts: Vec<(u8, u8, usize, String)> = Vec::new();
    for (index, el) in tariff.elements.iter().enumerate() {
        let r = el.restrictions.clone().unwrap_or_default();
        let calendar = r.start_time.is_some()
            || r.end_time.is_some()
            || !r.day_of_week.is_empty()
            || r.start_date.is_some()
            || r.end_date.is_some();
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
                        if nb { "per økt" } else { "per session" }
                    ),
                ),
                TariffDimensionType::ParkingTime => (
                    3,
                    format!(
                        "{} {sym}/min {}",
                        money(incl / Decimal::from(60), lang),
                        if nb { "parkering" } else { "parking" }
                    ),
                ),
            };
            let mut text = String::new();
            if r.reservation.is_some() {
                text.push_str(if nb { "reservasjon " } else { "reservation " });
            }
            if let Some(dates) = date_range(r.start_date, r.end_date, lang) {
                text.push_str(&dates);
                text.push(' ');
            }
            if !r.day_of_week.is_empty() {
                let days: Vec<&str> = r.day_of_week.iter().map(|d| day(*d, lang)).collect();
                text.push_str(&days.join(","));
                text.push(' ');
            }
            if r.start_time.is_some() || r.end_time.is_some() {
                let hm =
                    |t: Option<chrono::NaiveTime>| t.map_or("00:00".to_string(), |t| t.format("%H:%M").to_string());
                text.push_str(&format!("{}–{} ", hm(r.start_time), hm(r.end_time)));
            }
            text.push_str(&amount);
            if let Some(min) = r.min_duration {
                text.push_str(&format!(" {} {} min", if nb { "etter" } else { "after" }, min / 60));
            }
            if let Some(max) = r.max_duration {
                text.push_str(&format!(
                    " {} {} min",
                    if nb { "de første" } else { "for the first" },
                    max / 60
                ));
            }
            if let Some(v) = r.min_kwh {
                text.push_str(&format!(" {} {} kWh", if nb { "fra" } else { "from" }, number(v, lang)));
            }
            if let Some(v) = r.max_kwh {
                text.push_str(&format!(
                    " {} {} kWh",
                    if nb { "opptil" } else { "up to" },
                    number(v, lang)
                ));
            }
            if let Some(v) = r.min_power {
                text.push_str(&format!(" {} {} kW", if nb { "fra" } else { "from" }, number(v, lang)));
            }
            if let Some(v) = r.max_power {
                text.push_str(&format!(
                    " {} {} kW",
                    if nb { "under" } else { "below" },
                    number(v, lang)
                ));
            }
            parts.push((u8::from(calendar), order, index, text));
        }
    }
    parts.sort_by_key(|(calendar, order, index, _)| (*calendar, *order, *index));
    if parts.is_empty() {
        return if nb { "Gratis".into() } else { "Free".into() };
    }
    parts.into_iter().map(|(_, _, _, t)| t).collect::<Vec<_>>().join(" · ")
}

/// `start_date` (inclusive) and `end_date` (exclusive) as the days they cover, e.g.
/// `2026-06-01 to 2026-08-31` / `01.06.2026–31.08.2026`.
fn date_range(start: Option<NaiveDate>, end: Option<NaiveDate>, lang: Lang) -> Option<String> {
    let nb = lang == Lang::Nb;
    let date = |d: NaiveDate| d.format(if nb { "%d.%m.%Y" } else { "%Y-%m-%d" }).to_string();
    // The last day the element applies: the day before the (exclusive) end date.
    let last = end.map(|e| date(e.pred_opt().unwrap_or(e)));
    match (start.map(date), last) {
        (Some(s), Some(l)) if nb => Some(format!("{s}–{l}")),
        (Some(s), Some(l)) => Some(format!("{s} to {l}")),
        (Some(s), None) => Some(format!("{} {s}", if nb { "fra" } else { "from" })),
        (None, Some(l)) => Some(format!("{} {l}", if nb { "til og med" } else { "until" })),
        (None, None) => None,
    }
}

fn day(d: DayOfWeek, lang: Lang) -> &'static str {
    let (en, nb) = match d {
        DayOfWeek::Monday => ("Mon", "man"),
        DayOfWeek::Tuesday => ("Tue", "tir"),
        DayOfWeek::Wednesday => ("Wed", "ons"),
        DayOfWeek::Thursday => ("Thu", "tor"),
        DayOfWeek::Friday => ("Fri", "fre"),
        DayOfWeek::Saturday => ("Sat", "lør"),
        DayOfWeek::Sunday => ("Sun", "søn"),
    };
    if lang == Lang::Nb {
        nb
    } else {
        en
    }
}

fn number(v: Decimal, lang: Lang) -> String {
    let s = v.normalize().to_string();
    if lang == Lang::Nb {
        s.replace('.', ",")
    } else {
        s
    }
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

    #[test]
    fn the_issue_example_in_afir_order() {
        // The night element comes first in the tariff (it must, to take precedence) but is
        // read after the prices that always apply.
        let t = Tariff::from_json(r#"{"id":"t","currency":"NOK","elements":[
            {"price_components":[{"type":"ENERGY","price":2.32,"vat":25,"step_size":1}],"restrictions":{"start_time":"22:00","end_time":"06:00"}},
            {"price_components":[{"type":"TIME","price":24,"vat":25,"step_size":60}],"restrictions":{"min_duration":3600}},
            {"price_components":[{"type":"FLAT","price":8,"vat":25,"step_size":1}]},
            {"price_components":[{"type":"ENERGY","price":3.12,"vat":25,"step_size":1}]}]}"#)
        .unwrap();
        assert_eq!(
            describe(&t, Lang::Nb),
            "3,90 kr/kWh · 0,50 kr/min etter 60 min · 10,00 kr per økt · 22:00–06:00 2,90 kr/kWh"
        );
        assert_eq!(
            describe(&t, Lang::En),
            "3.90 kr/kWh · 0.50 kr/min after 60 min · 10.00 kr per session · 22:00–06:00 2.90 kr/kWh"
        );
    }

    #[test]
    fn date_restrictions_are_read_as_the_days_they_cover() {
        // end_date is exclusive: a summer price until 2026-09-01 covers 2026-08-31.
        let t = Tariff::from_json(r#"{"id":"t","currency":"NOK","elements":[
            {"price_components":[{"type":"ENERGY","price":2,"vat":25,"step_size":1}],"restrictions":{"start_date":"2026-06-01","end_date":"2026-09-01"}},
            {"price_components":[{"type":"ENERGY","price":2.4,"vat":25,"step_size":1}],"restrictions":{"start_date":"2027-01-01"}},
            {"price_components":[{"type":"FLAT","price":4,"vat":25,"step_size":1}],"restrictions":{"end_date":"2026-07-01"}},
            {"price_components":[{"type":"ENERGY","price":3.12,"vat":25,"step_size":1}]}]}"#)
        .unwrap();
        assert_eq!(
            describe(&t, Lang::En),
            "3.90 kr/kWh · 2026-06-01 to 2026-08-31 2.50 kr/kWh · from 2027-01-01 3.00 kr/kWh · \
             until 2026-06-30 5.00 kr per session"
        );
        assert_eq!(
            describe(&t, Lang::Nb),
            "3,90 kr/kWh · 01.06.2026–31.08.2026 2,50 kr/kWh · fra 01.01.2027 3,00 kr/kWh · \
             til og med 30.06.2026 5,00 kr per økt"
        );
    }

    #[test]
    fn days_thresholds_and_parking() {
        let t = Tariff::from_json(r#"{"id":"t","currency":"EUR","elements":[
            {"price_components":[{"type":"PARKING_TIME","price":6,"step_size":300}],"restrictions":{"day_of_week":["SATURDAY"],"start_time":"10:00","end_time":"17:00"}},
            {"price_components":[{"type":"ENERGY","price":0.2,"step_size":1}],"restrictions":{"min_kwh":1.0}}]}"#)
        .unwrap();
        assert_eq!(
            describe(&t, Lang::En),
            "0.20 €/kWh from 1 kWh · Sat 10:00–17:00 0.10 €/min parking"
        );
        assert_eq!(
            describe(&t, Lang::Nb),
            "0,20 €/kWh fra 1 kWh · lør 10:00–17:00 0,10 €/min parkering"
        );
    }
}
