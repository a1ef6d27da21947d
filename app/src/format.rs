//! Numbers, durations and statuses in the words a driver reads.

use chrono::{DateTime, Utc};
use ladeklar_api::{ConnectorStandard, PowerType};
use ladeklar_core::money::{currency_symbol, minor_unit_digits};
use ladeklar_core::session::{ConnectorStatus, SessionStatus};
use ladeklar_core::tariff::TariffDimensionType;
use rust_decimal::Decimal;

/// "123.45 kr", "9.90 €".
pub fn money(amount: Decimal, currency: &str) -> String {
    let digits = minor_unit_digits(currency) as usize;
    format!("{:.*} {}", digits, amount, currency_symbol(currency))
}

/// "12.345 kWh".
pub fn energy_kwh(kwh: Decimal) -> String {
    format!("{kwh:.3} kWh")
}

/// "49.8 kW".
pub fn power_kw(kw: Decimal) -> String {
    format!("{kw:.1} kW")
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
        "kWh" => format!("{quantity:.3} kWh"),
        "h" => format!("{quantity:.2} h"),
        other => format!("{} {other}", quantity.normalize()),
    }
}
