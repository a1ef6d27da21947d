//! Numbers, durations and statuses in the words a driver reads.

use chrono::{DateTime, Utc};
use ladeklar_api::{ConnectorStandard, PowerType};
use ladeklar_core::money::{currency_symbol, minor_unit_digits, round_money};
use ladeklar_core::session::{ConnectorStatus, SessionStatus};
use ladeklar_core::tariff::TariffDimensionType;
use rust_decimal::Decimal;

/// `digits` decimals, rounded half away from zero (core's money rule; `{:.N}` alone would
/// round half to even).
fn fixed(amount: Decimal, digits: u32) -> String {
    format!("{:.*}", digits as usize, round_money(amount, digits))
}

/// "123.45 kr", "9.90 €".
pub fn money(amount: Decimal, currency: &str) -> String {
    format!(
        "{} {}",
        fixed(amount, minor_unit_digits(currency)),
        currency_symbol(currency)
    )
}

/// "about" amounts: "142 kr".
pub fn approx_money(amount: Decimal, currency: &str) -> String {
    format!("{} {}", fixed(amount, 0), currency_symbol(currency))
}

/// "12.345 kWh".
pub fn energy_kwh(kwh: Decimal) -> String {
    format!("{} kWh", fixed(kwh, 3))
}

/// "49.8 kW".
pub fn power_kw(kw: Decimal) -> String {
    format!("{} kW", fixed(kw, 1))
}

/// "350 m", "4.2 km", "120 km".
pub fn distance(metres: f64) -> String {
    if metres < 1000.0 {
        format!("{:.0} m", metres)
    } else if metres < 100_000.0 {
        format!("{:.1} km", metres / 1000.0)
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

/// "1 h 2 min", "12 min 5 s", "40 s".
pub fn duration_words(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, s) = (s / 3600, (s % 3600) / 60, s % 60);
    match (h, m) {
        (0, 0) => format!("{s} s"),
        (0, _) if s == 0 => format!("{m} min"),
        (0, _) => format!("{m} min {s} s"),
        _ => format!("{h} h {m} min"),
    }
}

/// "just now", "5 min ago", "3 h ago", "2 days ago".
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let s = (now - then).num_seconds().max(0);
    match s {
        0..=59 => "just now".to_string(),
        60..=3599 => format!("{} min ago", s / 60),
        3600..=86_399 => format!("{} h ago", s / 3600),
        _ if s < 2 * 86_400 => "1 day ago".to_string(),
        _ => format!("{} days ago", s / 86_400),
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

/// The status in a driver's words.
pub fn connector_status_words(status: ConnectorStatus) -> &'static str {
    match status {
        ConnectorStatus::Available => "Available",
        ConnectorStatus::Preparing => "Plugged in, ready",
        ConnectorStatus::Charging => "Charging",
        ConnectorStatus::SuspendedEvse => "Paused by charger",
        ConnectorStatus::SuspendedEv => "Paused by car",
        ConnectorStatus::Finishing => "Finishing",
        ConnectorStatus::Reserved => "Reserved",
        ConnectorStatus::Unavailable => "Unavailable",
        ConnectorStatus::Faulted => "Out of order",
        ConnectorStatus::Unknown => "Status unknown",
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

pub fn session_status_words(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Pending => "Waiting for the charger to start…",
        SessionStatus::Charging => "Charging",
        SessionStatus::Stopping => "Stopping…",
        SessionStatus::Completed => "Finished",
        SessionStatus::Failed => "Did not start",
    }
}

/// A receipt line's name.
pub fn dimension_words(dimension: TariffDimensionType) -> &'static str {
    match dimension {
        TariffDimensionType::Energy => "Energy",
        TariffDimensionType::Time => "Charging time",
        TariffDimensionType::Flat => "Start fee",
        TariffDimensionType::ParkingTime => "Parking time",
    }
}

/// A billed quantity with its unit: "12.345 kWh", "0.50 h", "1 session".
pub fn quantity(quantity: Decimal, unit: &str) -> String {
    match unit {
        "kWh" => format!("{} kWh", fixed(quantity, 3)),
        "h" => format!("{} h", fixed(quantity, 2)),
        other => format!("{} {other}", quantity.normalize()),
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
        assert_eq!(money(dec("12.5"), "NOK"), "12.50 kr");
        assert_eq!(money(dec("0.125"), "EUR"), "0.13 €");
        assert_eq!(approx_money(dec("141.5"), "SEK"), "142 kr");
        assert_eq!(energy_kwh(dec("0.0164")), "0.016 kWh");
        assert_eq!(power_kw(dec("19.8")), "19.8 kW");
        assert_eq!(quantity(dec("1"), "session"), "1 session");
        assert_eq!(quantity(dec("0.25"), "h"), "0.25 h");
    }

    #[test]
    fn distances_and_durations() {
        assert_eq!(distance(349.6), "350 m");
        assert_eq!(distance(1295.0), "1.3 km");
        assert_eq!(distance(255_000.0), "255 km");
        assert_eq!(clock_duration(42), "0:42");
        assert_eq!(clock_duration(3725), "1:02:05");
        assert_eq!(clock_duration(-5), "0:00");
        assert_eq!(duration_words(40), "40 s");
        assert_eq!(duration_words(45 * 60), "45 min");
        assert_eq!(duration_words(12 * 60 + 5), "12 min 5 s");
        assert_eq!(duration_words(3600 + 120), "1 h 2 min");
    }

    #[test]
    fn last_heard() {
        let now = Utc
            .with_ymd_and_hms(2025, 11, 24, 12, 0, 0)
            .single()
            .expect("a valid instant");
        assert_eq!(ago(now, now), "just now");
        assert_eq!(ago(now - chrono::Duration::minutes(5), now), "5 min ago");
        assert_eq!(ago(now - chrono::Duration::hours(3), now), "3 h ago");
        assert_eq!(ago(now - chrono::Duration::hours(30), now), "1 day ago");
        assert_eq!(ago(now - chrono::Duration::days(4), now), "4 days ago");
    }

    #[test]
    fn every_status_has_a_key_matching_the_wire() {
        use ConnectorStatus as C;
        for status in [
            C::Available,
            C::Preparing,
            C::Charging,
            C::SuspendedEvse,
            C::SuspendedEv,
            C::Finishing,
            C::Reserved,
            C::Unavailable,
            C::Faulted,
            C::Unknown,
        ] {
            let wire = serde_json::to_value(status).expect("a status serializes");
            assert_eq!(wire.as_str(), Some(connector_status_key(status)));
        }
    }
}
