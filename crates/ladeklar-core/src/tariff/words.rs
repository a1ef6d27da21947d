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

/// One price of the tariff in words, with the element and dimension it describes (so the UI
/// can mark the one that applies now: `tariff::now::applying`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PricePart {
    pub element: usize,
    pub dimension: TariffDimensionType,
    /// Limited to times of day, days or dates.
    pub calendar: bool,
    pub text: String,
}

/// The tariff in one line, prices including VAT, in AFIR order: first the prices that
/// always apply (per kWh, per minute, per session, parking), then those limited to times of
/// day, days or dates, in the same order. E.g.
/// `3.90 kr/kWh · 0.50 kr/min from minute 61 of the session · 22:00–06:00 2.90 kr/kWh`.
pub fn describe(tariff: &Tariff, lang: Lang) -> String {
    let parts = parts(tariff, lang);
    if parts.is_empty() {
        return if lang == Lang::Nb {
            "Gratis".into()
        } else {
            "Free".into()
        };
    }
    parts.into_iter().map(|p| p.text).collect::<Vec<_>>().join(" · ")
}

/// A component's price incl. VAT in words: "3.90 kr/kWh", "0.50 kr/min", "10.00 kr per
/// session", "0.10 €/min parking".
pub fn amount(tariff: &Tariff, element: usize, dimension: TariffDimensionType, lang: Lang) -> Option<String> {
    let c = tariff
        .elements
        .get(element)?
        .price_components
        .iter()
        .find(|c| c.dimension == dimension)?;
    Some(amount_of(c, currency_symbol(&tariff.currency), lang).1)
}

fn amount_of(c: &super::PriceComponent, sym: &str, lang: Lang) -> (u8, String) {
    let nb = lang == Lang::Nb;
    let incl = match c.vat {
        Some(v) => c.price + c.price * v / Decimal::from(100),
        None => c.price,
    };
    match c.dimension {
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
    }
}

/// "from minute 61 of the session": the OCPI meaning of `min_duration` (inclusive, seconds
/// since the session started), never the ambiguous "after 60 min".
fn from_duration(secs: u32, lang: Lang) -> String {
    match (secs.is_multiple_of(60), lang) {
        (true, Lang::En) => format!("from minute {} of the session", secs / 60 + 1),
        (true, Lang::Nb) => format!("fra minutt {} av økten", secs / 60 + 1),
        (false, Lang::En) => format!("from second {} of the session", secs + 1),
        (false, Lang::Nb) => format!("fra sekund {} av økten", secs + 1),
    }
}

/// "in the first 60 minutes of the session" (`max_duration`, exclusive).
fn until_duration(secs: u32, lang: Lang) -> String {
    match (secs.is_multiple_of(60), lang) {
        (true, Lang::En) => format!("in the first {} minutes of the session", secs / 60),
        (true, Lang::Nb) => format!("i de første {} minuttene av økten", secs / 60),
        (false, Lang::En) => format!("in the first {secs} seconds of the session"),
        (false, Lang::Nb) => format!("i de første {secs} sekundene av økten"),
    }
}

/// The tariff's prices in words, in the order [`describe`] reads them.
pub fn parts(tariff: &Tariff, lang: Lang) -> Vec<PricePart> {
    let sym = currency_symbol(&tariff.currency);
    let nb = lang == Lang::Nb;
    let mut parts: Vec<(u8, u8, usize, TariffDimensionType, String)> = Vec::new();
    for (index, el) in tariff.elements.iter().enumerate() {
        let r = el.restrictions.clone().unwrap_or_default();
        let calendar = r.start_time.is_some()
            || r.end_time.is_some()
            || !r.day_of_week.is_empty()
            || r.start_date.is_some()
            || r.end_date.is_some();
        for c in &el.price_components {
            let (order, amount) = amount_of(c, sym, lang);
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
                text.push(' ');
                text.push_str(&from_duration(min, lang));
            }
            if let Some(max) = r.max_duration {
                text.push(' ');
                text.push_str(&until_duration(max, lang));
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
            parts.push((u8::from(calendar), order, index, c.dimension, text));
        }
    }
    parts.sort_by_key(|(calendar, order, index, _, _)| (*calendar, *order, *index));
    parts
        .into_iter()
        .map(|(calendar, _, element, dimension, text)| PricePart {
            element,
            dimension,
            calendar: calendar == 1,
            text,
        })
        .collect()
}

/// A price change ahead in a running session, in words; `local_time` is when, already
/// formatted in the site's zone ("18:00"), `minutes` how far ahead (rounded up).
/// "From 18:00 the price is 2.90 kr/kWh", "0.50 kr/min starts in 5 min (at 13:00)",
/// "From 06:00 the per-minute price ends".
pub fn change_words(
    tariff: &Tariff,
    change: &super::now::PriceChange,
    local_time: &str,
    minutes: i64,
    lang: Lang,
) -> String {
    let nb = lang == Lang::Nb;
    let after = change.after.and_then(|e| amount(tariff, e, change.dimension, lang));
    match (change.before, after) {
        (None, Some(a)) if nb => format!("{a} starter om {minutes} min (kl. {local_time})"),
        (None, Some(a)) => format!("{a} starts in {minutes} min (at {local_time})"),
        (Some(_), Some(a)) if nb => format!("Fra kl. {local_time} er prisen {a} (om {minutes} min)"),
        (Some(_), Some(a)) => format!("From {local_time} the price is {a} (in {minutes} min)"),
        (_, None) if nb => format!(
            "Fra kl. {local_time} er {} gratis",
            dimension_words(change.dimension, lang)
        ),
        (_, None) => format!("From {local_time} {} is free", dimension_words(change.dimension, lang)),
    }
}

fn dimension_words(d: TariffDimensionType, lang: Lang) -> &'static str {
    match (d, lang) {
        (TariffDimensionType::Energy, Lang::En) => "energy",
        (TariffDimensionType::Energy, Lang::Nb) => "energien",
        (TariffDimensionType::Time, Lang::En) => "charging time",
        (TariffDimensionType::Time, Lang::Nb) => "ladetiden",
        (TariffDimensionType::Flat, Lang::En) => "the session fee",
        (TariffDimensionType::Flat, Lang::Nb) => "øktgebyret",
        (TariffDimensionType::ParkingTime, Lang::En) => "parking",
        (TariffDimensionType::ParkingTime, Lang::Nb) => "parkering",
    }
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
        assert_eq!(
            describe(&t, Lang::En),
            "3.90 kr/kWh · 0.50 kr/min from minute 61 of the session"
        );
        assert_eq!(
            describe(&t, Lang::Nb),
            "3,90 kr/kWh · 0,50 kr/min fra minutt 61 av økten"
        );
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
            "3,90 kr/kWh · 0,50 kr/min fra minutt 61 av økten · 10,00 kr per økt · 22:00–06:00 2,90 kr/kWh"
        );
        assert_eq!(
            describe(&t, Lang::En),
            "3.90 kr/kWh · 0.50 kr/min from minute 61 of the session · 10.00 kr per session · 22:00–06:00 2.90 kr/kWh"
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

    #[test]
    fn durations_say_which_minute_of_the_session() {
        let t = Tariff::from_json(r#"{"id":"t","currency":"NOK","elements":[
            {"price_components":[{"type":"TIME","price":12,"vat":25,"step_size":60}],"restrictions":{"max_duration":1800}},
            {"price_components":[{"type":"PARKING_TIME","price":60,"vat":25,"step_size":60}],"restrictions":{"min_duration":90}}]}"#)
        .unwrap();
        assert_eq!(
            describe(&t, Lang::En),
            "0.25 kr/min in the first 30 minutes of the session · 1.25 kr/min parking from second 91 of the session"
        );
        assert_eq!(
            describe(&t, Lang::Nb),
            "0,25 kr/min i de første 30 minuttene av økten · 1,25 kr/min parkering fra sekund 91 av økten"
        );
        let p = parts(&t, Lang::En);
        assert_eq!(
            (p[0].element, p[0].dimension, p[0].calendar),
            (0, TariffDimensionType::Time, false)
        );
    }

    #[test]
    fn a_change_ahead_in_words() {
        use crate::tariff::now::PriceChange;
        let t = Tariff::from_json(r#"{"id":"t","currency":"NOK","elements":[
            {"price_components":[{"type":"ENERGY","price":2.32,"vat":25,"step_size":1}],"restrictions":{"start_time":"22:00","end_time":"06:00"}},
            {"price_components":[{"type":"TIME","price":24,"vat":25,"step_size":60}],"restrictions":{"min_duration":3600}},
            {"price_components":[{"type":"ENERGY","price":3.12,"vat":25,"step_size":1}]}]}"#)
        .unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-01-15T21:00:00Z")
            .unwrap()
            .to_utc();
        let fee = PriceChange {
            at,
            dimension: TariffDimensionType::Time,
            before: None,
            after: Some(1),
        };
        assert_eq!(
            change_words(&t, &fee, "22:00", 5, Lang::En),
            "0.50 kr/min starts in 5 min (at 22:00)"
        );
        assert_eq!(
            change_words(&t, &fee, "22:00", 5, Lang::Nb),
            "0,50 kr/min starter om 5 min (kl. 22:00)"
        );
        let night = PriceChange {
            at,
            dimension: TariffDimensionType::Energy,
            before: Some(2),
            after: Some(0),
        };
        assert_eq!(
            change_words(&t, &night, "22:00", 12, Lang::En),
            "From 22:00 the price is 2.90 kr/kWh (in 12 min)"
        );
        let free = PriceChange {
            at,
            dimension: TariffDimensionType::Time,
            before: Some(1),
            after: None,
        };
        assert_eq!(
            change_words(&t, &free, "06:00", 3, Lang::Nb),
            "Fra kl. 06:00 er ladetiden gratis"
        );
    }
}
