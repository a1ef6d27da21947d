//! OCPI 2.2.1 tariffs (module `tariffs`): the wire model, read and written as OCPI JSON.
//!
//! Times of day and dates in restrictions are local to the site (its IANA time zone);
//! `start_date_time`/`end_date_time` are UTC.

pub mod words;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// OCPI 2.2.1 `Tariff` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tariff {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_id: Option<String>,
    pub id: String,
    /// ISO 4217 code, e.g. `NOK`.
    pub currency: String,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub tariff_type: Option<TariffType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tariff_alt_text: Vec<DisplayText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff_alt_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_price: Option<crate::money::Price>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_price: Option<crate::money::Price>,
    pub elements: Vec<TariffElement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date_time: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date_time: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy_mix: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TariffType {
    AdHocPayment,
    ProfileCheap,
    ProfileFast,
    ProfileGreen,
    Regular,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayText {
    pub language: String,
    pub text: String,
}

/// OCPI `TariffElement`: price components that apply while all restrictions hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TariffElement {
    pub price_components: Vec<PriceComponent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restrictions: Option<TariffRestrictions>,
}

/// OCPI `PriceComponent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriceComponent {
    #[serde(rename = "type")]
    pub dimension: TariffDimensionType,
    /// Price per unit excluding VAT (per kWh, per hour, per session).
    #[serde(with = "rust_decimal::serde::float")]
    pub price: Decimal,
    /// VAT percentage; absent means no VAT applies (not the same as 0 %).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::float_option"
    )]
    pub vat: Option<Decimal>,
    /// Billing step in Wh (energy) or seconds (time); 1 means exact.
    pub step_size: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TariffDimensionType {
    Energy,
    Flat,
    ParkingTime,
    Time,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DayOfWeek {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReservationRestrictionType {
    Reservation,
    ReservationExpires,
}

/// OCPI `TariffRestrictions`. Every field optional; all present ones must hold.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TariffRestrictions {
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hh_mm_option")]
    pub start_time: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hh_mm_option")]
    pub end_time: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::float_option"
    )]
    pub min_kwh: Option<Decimal>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::float_option"
    )]
    pub max_kwh: Option<Decimal>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::float_option"
    )]
    pub min_current: Option<Decimal>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::float_option"
    )]
    pub max_current: Option<Decimal>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::float_option"
    )]
    pub min_power: Option<Decimal>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::float_option"
    )]
    pub max_power: Option<Decimal>,
    /// Seconds since session start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_duration: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub day_of_week: Vec<DayOfWeek>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation: Option<ReservationRestrictionType>,
}

impl TariffRestrictions {
    /// True when no restriction is set (the element always applies).
    pub fn is_empty(&self) -> bool {
        *self == TariffRestrictions::default()
    }
}

/// Why OCPI tariff JSON could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TariffParseError {
    #[error("tariff JSON is invalid at line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
}

impl Tariff {
    /// Reads an OCPI 2.2.1 tariff from JSON.
    pub fn from_json(json: &str) -> Result<Self, TariffParseError> {
        serde_json::from_str(json).map_err(|e| TariffParseError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }
}

/// OCPI writes times of day as `HH:MM`.
mod hh_mm_option {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.format("%H:%M").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        match raw {
            None => Ok(None),
            Some(s) => NaiveTime::parse_from_str(&s, "%H:%M")
                .map(Some)
                .map_err(|_| serde::de::Error::custom(format!("time of day {s:?} is not HH:MM"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_spec_example_without_loss() {
        let json = r#"{"country_code":"DE","party_id":"ALL","id":"12","currency":"EUR","type":"REGULAR",
            "elements":[{"price_components":[{"type":"TIME","price":2.00,"vat":10.0,"step_size":300}]},
            {"price_components":[{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}],
             "restrictions":{"start_time":"22:00","end_time":"06:00","day_of_week":["MONDAY"],"max_kwh":20.0}}],
            "last_updated":"2015-06-29T20:39:09Z"}"#;
        let t = Tariff::from_json(json).unwrap();
        let back: serde_json::Value = serde_json::to_value(&t).unwrap();
        let again = Tariff::from_json(&back.to_string()).unwrap();
        assert_eq!(t, again);
        let r = t.elements[1].restrictions.as_ref().unwrap();
        assert_eq!(r.start_time, NaiveTime::from_hms_opt(22, 0, 0));
        assert_eq!(back["elements"][1]["restrictions"]["end_time"], "06:00");
    }

    #[test]
    fn names_the_bad_time_of_day() {
        let json =
            r#"{"id":"1","currency":"NOK","elements":[{"price_components":[],"restrictions":{"start_time":"25:00"}}]}"#;
        let err = Tariff::from_json(json).unwrap_err().to_string();
        assert!(err.contains("25:00"), "{err}");
    }
}
