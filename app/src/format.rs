//! Numbers, durations and statuses in the words a driver reads, in the UI's language:
//! Norwegian writes a decimal comma ("3,90 kr", "12,345 kWh"); units stay as they are.

use chrono::{DateTime, Utc};
use ladeklar_api::{ConnectorStandard, PowerType};
use ladeklar_core::money::{currency_symbol, minor_unit_digits, round_money};
use ladeklar_core::session::{ConnectorStatus, SessionStatus};
use rust_decimal::Decimal;

use crate::i18n::Lang;

/// A number as written in `lang`: the decimal point becomes a comma in Norwegian.
fn localize(number: String, lang: Lang) -> String {
    match lang {
        Lang::En => number,
        Lang::Nb => number.replace('.', ","),
    }
}

/// `digits` decimals, rounded half away from zero (core's money rule; `{:.N}` alone would
/// round half to even).
fn fixed(amount: Decimal, digits: u32, lang: Lang) -> String {
    localize(format!("{:.*}", digits as usize, round_money(amount, digits)), lang)
}

/// A decimal without trailing zeros: "7.4" ("7,4"), "150".
pub fn decimal(value: Decimal, lang: Lang) -> String {
    localize(value.normalize().to_string(), lang)
}

/// "123.45 kr", "9.90 €"; "123,45 kr" in Norwegian.
pub fn money(amount: Decimal, currency: &str, lang: Lang) -> String {
    format!(
        "{} {}",
        fixed(amount, minor_unit_digits(currency), lang),
        currency_symbol(currency)
    )
}

/// "about" amounts: "142 kr".
pub fn approx_money(amount: Decimal, currency: &str, lang: Lang) -> String {
    format!("{} {}", fixed(amount, 0, lang), currency_symbol(currency))
}

/// "12.345 kWh".
pub fn energy_kwh(kwh: Decimal, lang: Lang) -> String {
    format!("{} kWh", fixed(kwh, 3, lang))
}

/// "49.8 kW".
pub fn power_kw(kw: Decimal, lang: Lang) -> String {
    format!("{} kW", fixed(kw, 1, lang))
}

/// "350 m", "4.2 km", "120 km".
pub fn distance(metres: f64, lang: Lang) -> String {
    if metres < 1000.0 {
        format!("{:.0} m", metres)
    } else if metres < 100_000.0 {
        format!("{} km", localize(format!("{:.1}", metres / 1000.0), lang))
    } else {
        format!("{:.0} km", metres / 1000.0)
    }
}

/// "0:42", "12:05", "1:02:05" (h:mm:ss once past an hour).
pub fn clock_duration(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, (s % 3600) / 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// "1 h 2 min", "3 h", "12 min 5 s", "40 s"; Norwegian writes hours "t".
pub fn duration_words(seconds: i64, lang: Lang) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, (s % 3600) / 60, s % 60);
    let hours = match lang {
        Lang::En => "h",
        Lang::Nb => "t",
    };
    match (h, m) {
        (0, 0) => format!("{s} s"),
        (0, _) if s == 0 => format!("{m} min"),
        (0, _) => format!("{m} min {s} s"),
        (_, 0) if s == 0 => format!("{h} {hours}"),
        _ => format!("{h} {hours} {m} min"),
    }
}

/// "just now", "5 min ago", "3 h ago", "2 days ago"; "akkurat nå", "for 3 t siden", …
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>, lang: Lang) -> String {
    let s = (now - then).num_seconds().max(0);
    match lang {
        Lang::En => match s {
            0..=59 => "just now".to_string(),
            60..=3599 => format!("{} min ago", s / 60),
            3600..=86_399 => format!("{} h ago", s / 3600),
            _ if s < 2 * 86_400 => "1 day ago".to_string(),
            _ => format!("{} days ago", s / 86_400),
        },
        Lang::Nb => match s {
            0..=59 => "akkurat nå".to_string(),
            60..=3599 => format!("for {} min siden", s / 60),
            3600..=86_399 => format!("for {} t siden", s / 3600),
            _ if s < 2 * 86_400 => "for 1 dag siden".to_string(),
            _ => format!("for {} dager siden", s / 86_400),
        },
    }
}

/// The status as the wire spells it (stable; used as a CSS class and in `data-status`).
pub fn connector_status_key(status: ConnectorStatus) -> &'static str {
    match status {
        ConnectorStatus::Available => "available",
        ConnectorStatus::Preparing => "preparing",
        ConnectorStatus::Charging => "charging",
        ConnectorStatus::SuspendedEvse => "suspended_evse",
        ConnectorStatus::SuspendedEv => "suspended_ev",
        ConnectorStatus::Finishing => "finishing",
        ConnectorStatus::Reserved => "reserved",
        ConnectorStatus::Unavailable => "unavailable",
        ConnectorStatus::Faulted => "faulted",
        ConnectorStatus::Unknown => "unknown",
    }
}

/// The CSS tone of a status: free, busy, broken or unknown.
pub fn connector_status_tone(status: ConnectorStatus) -> &'static str {
    match status {
        ConnectorStatus::Available | ConnectorStatus::Preparing => "free",
        ConnectorStatus::Charging
        | ConnectorStatus::SuspendedEv
        | ConnectorStatus::SuspendedEvse
        | ConnectorStatus::Finishing
        | ConnectorStatus::Reserved => "busy",
        ConnectorStatus::Faulted | ConnectorStatus::Unavailable => "broken",
        ConnectorStatus::Unknown => "unknown",
    }
}

pub fn plug(standard: ConnectorStandard) -> &'static str {
    match standard {
        ConnectorStandard::Type2 => "Type 2",
        ConnectorStandard::Ccs2 => "CCS",
        ConnectorStandard::Chademo => "CHAdeMO",
    }
}

pub fn current(power_type: PowerType) -> &'static str {
    match power_type {
        PowerType::Ac => "AC",
        PowerType::Dc => "DC",
    }
}

pub fn session_status_key(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Pending => "pending",
        SessionStatus::Charging => "charging",
        SessionStatus::Stopping => "stopping",
        SessionStatus::Completed => "completed",
        SessionStatus::Failed => "failed",
    }
}

/// A billed quantity with its unit: "12.345 kWh", "0.50 h", "1 session" ("1 økt").
pub fn quantity(quantity: Decimal, unit: &str, lang: Lang) -> String {
    match (unit, lang) {
        ("kWh", _) => format!("{} kWh", fixed(quantity, 3, lang)),
        ("h", _) => format!("{} h", fixed(quantity, 2, lang)),
        ("session", Lang::Nb) => format!("{} økt", decimal(quantity, lang)),
        (other, _) => format!("{} {other}", decimal(quantity, lang)),
    }
}

/// A price per unit, with the currency's decimals and any more it has (up to four):
/// "4.20 kr/kWh", "0.8333 kr/h", "25.00 kr per session" ("25,00 kr per økt").
pub fn unit_price(amount: Decimal, currency: &str, unit: &str, lang: Lang) -> String {
    let digits = amount.normalize().scale().clamp(minor_unit_digits(currency), 4);
    let amount = format!("{} {}", fixed(amount, digits, lang), currency_symbol(currency));
    match (unit, lang) {
        ("session", Lang::En) => format!("{amount} per session"),
        ("session", Lang::Nb) => format!("{amount} per økt"),
        (unit, _) => format!("{amount}/{unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rust_decimal::Decimal;

    fn dec(s: &str) -> Decimal {
        s.parse().expect("a decimal literal")
    }

    #[test]
    fn amounts_read_as_drivers_expect() {
        let en = Lang::En;
        assert_eq!(money(dec("12.5"), "NOK", en), "12.50 kr");
        assert_eq!(money(dec("0.125"), "EUR", en), "0.13 €");
        assert_eq!(approx_money(dec("141.5"), "SEK", en), "142 kr");
        assert_eq!(energy_kwh(dec("0.0164"), en), "0.016 kWh");
        assert_eq!(power_kw(dec("19.8"), en), "19.8 kW");
        assert_eq!(quantity(dec("1"), "session", en), "1 session");
        assert_eq!(quantity(dec("0.25"), "h", en), "0.25 h");
        assert_eq!(decimal(dec("7.40"), en), "7.4");
        assert_eq!(unit_price(dec("4.2"), "NOK", "kWh", en), "4.20 kr/kWh");
        assert_eq!(unit_price(dec("0.83333"), "NOK", "h", Lang::Nb), "0,8333 kr/h");
        assert_eq!(unit_price(dec("25"), "EUR", "session", en), "25.00 € per session");
    }

    #[test]
    fn norwegian_writes_a_decimal_comma() {
        let nb = Lang::Nb;
        assert_eq!(money(dec("3.9"), "NOK", nb), "3,90 kr");
        assert_eq!(money(dec("0.125"), "EUR", nb), "0,13 €");
        assert_eq!(approx_money(dec("141.5"), "NOK", nb), "142 kr");
        assert_eq!(energy_kwh(dec("12.345"), nb), "12,345 kWh");
        assert_eq!(power_kw(dec("49.8"), nb), "49,8 kW");
        assert_eq!(distance(4_200.0, nb), "4,2 km");
        assert_eq!(distance(350.0, nb), "350 m");
        assert_eq!(quantity(dec("0.25"), "h", nb), "0,25 h");
        assert_eq!(quantity(dec("1"), "session", nb), "1 økt");
        assert_eq!(decimal(dec("7.4"), nb), "7,4");
        assert_eq!(duration_words(3600 + 120, nb), "1 t 2 min");
        assert_eq!(duration_words(3 * 3600, nb), "3 t");
        assert_eq!(duration_words(12 * 60 + 5, nb), "12 min 5 s");
    }

    #[test]
    fn distances_and_durations() {
        let en = Lang::En;
        assert_eq!(distance(349.6, en), "350 m");
        assert_eq!(distance(1295.0, en), "1.3 km");
        assert_eq!(distance(255_000.0, en), "255 km");
        assert_eq!(clock_duration(42), "0:42");
        assert_eq!(clock_duration(3725), "1:02:05");
        assert_eq!(clock_duration(-5), "0:00");
        assert_eq!(duration_words(40, en), "40 s");
        assert_eq!(duration_words(45 * 60, en), "45 min");
        assert_eq!(duration_words(12 * 60 + 5, en), "12 min 5 s");
        assert_eq!(duration_words(3600 + 120, en), "1 h 2 min");
        assert_eq!(duration_words(3 * 3600, en), "3 h");
    }

    #[test]
    fn last_heard() {
        let now = Utc
            .with_ymd_and_hms(2025, 11, 24, 12, 0, 0)
            .single()
            .expect("a valid instant");
        let en = Lang::En;
        assert_eq!(ago(now, now, en), "just now");
        assert_eq!(ago(now - chrono::Duration::minutes(5), now, en), "5 min ago");
        assert_eq!(ago(now - chrono::Duration::hours(3), now, en), "3 h ago");
        assert_eq!(ago(now - chrono::Duration::hours(30), now, en), "1 day ago");
        assert_eq!(ago(now - chrono::Duration::days(4), now, en), "4 days ago");
        let nb = Lang::Nb;
        assert_eq!(ago(now, now, nb), "akkurat nå");
        assert_eq!(ago(now - chrono::Duration::minutes(5), now, nb), "for 5 min siden");
        assert_eq!(ago(now - chrono::Duration::hours(3), now, nb), "for 3 t siden");
        assert_eq!(ago(now - chrono::Duration::hours(30), now, nb), "for 1 dag siden");
        assert_eq!(ago(now - chrono::Duration::days(4), now, nb), "for 4 dager siden");
    }

    #[test]
    fn every_status_has_a_key_matching_the_wire() {
        for status in ConnectorStatus::ALL {
            let wire = serde_json::to_value(status).expect("a status serializes");
            assert_eq!(wire.as_str(), Some(connector_status_key(status)));
        }
    }
}
