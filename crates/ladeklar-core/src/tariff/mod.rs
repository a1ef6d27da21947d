//! OCPI 2.2.1 tariffs (module `tariffs`): the wire model, read and written as OCPI JSON.
//!
//! Times of day and dates in restrictions are local to the site (its IANA time zone);
//! `start_date_time`/`end_date_time` are UTC.

pub mod now;
pub mod price_form;
pub mod v211;
pub mod validate;
pub mod versions;
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
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "null_as_empty")]
    pub tariff_alt_text: Vec<DisplayText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff_alt_url: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ocpi_price::serialize"
    )]
    pub min_price: Option<crate::money::Price>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ocpi_price::serialize"
    )]
    pub max_price: Option<crate::money::Price>,
    pub elements: Vec<TariffElement>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "ocpi_datetime::option")]
    pub start_date_time: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "ocpi_datetime::option")]
    pub end_date_time: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy_mix: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "ocpi_datetime::option")]
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
    /// Empty (or `null` in the wild) means every day.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "null_as_empty")]
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
    /// Reads an OCPI 2.2.1 tariff from JSON. The error message starts with the JSON path of
    /// the bad field (e.g. `elements[0].price_components[1].type: unknown variant …`).
    pub fn from_json(json: &str) -> Result<Self, TariffParseError> {
        parse_json_with_path(json).map_err(|(path, e)| TariffParseError::Json {
            line: e.line(),
            column: e.column(),
            message: if path.is_empty() || path == "." {
                e.to_string()
            } else {
                format!("{path}: {e}")
            },
        })
    }

    /// Writes the tariff as OCPI 2.2.1 JSON.
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// True when the tariff is valid at `at` (its `start_date_time` inclusive, `end_date_time`
    /// exclusive; both UTC).
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        self.start_date_time.is_none_or(|s| s <= at) && self.end_date_time.is_none_or(|e| at < e)
    }
}

/// Deserializes `json`, returning the JSON path of the failing field with the error.
pub(crate) fn parse_json_with_path<T: serde::de::DeserializeOwned>(
    json: &str,
) -> Result<T, (String, serde_json::Error)> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(de).map_err(|e| (e.path().to_string(), e.into_inner()))?;
    Ok(value)
}

/// OCPI `DateTime`: RFC 3339, and UTC when the zone is left out (`2015-06-29T20:39:09`).
pub(crate) mod ocpi_datetime {
    use chrono::{DateTime, NaiveDateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn parse(s: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                // Without a zone (OCPI allows it), or sloppy digits such as `2025-8-14T…Z`.
                NaiveDateTime::parse_from_str(s.strip_suffix('Z').unwrap_or(s), "%Y-%m-%dT%H:%M:%S%.f")
                    .ok()
                    .map(|n| n.and_utc())
            })
    }

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let raw = String::deserialize(d)?;
        parse(&raw).ok_or_else(|| serde::de::Error::custom(format!("{raw:?} is not an OCPI DateTime")))
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
            match Option::<String>::deserialize(d)? {
                None => Ok(None),
                Some(raw) => parse(&raw)
                    .map(Some)
                    .ok_or_else(|| serde::de::Error::custom(format!("{raw:?} is not an OCPI DateTime"))),
            }
        }
    }
}

fn null_as_empty<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// OCPI writes `min_price`/`max_price` amounts as JSON numbers.
mod ocpi_price {
    use rust_decimal::prelude::ToPrimitive;
    use serde::ser::SerializeStruct;
    use serde::Serializer;

    use crate::money::Price;

    pub fn serialize<S: Serializer>(p: &Option<Price>, s: S) -> Result<S::Ok, S::Error> {
        match p {
            None => s.serialize_none(),
            Some(p) => {
                let mut st = s.serialize_struct("Price", 2)?;
                st.serialize_field("excl_vat", &p.excl_vat.to_f64().unwrap_or_default())?;
                st.serialize_field("incl_vat", &p.incl_vat.to_f64().unwrap_or_default())?;
                st.end()
            }
        }
    }
}

/// OCPI writes times of day as `HH:MM`.
pub(crate) mod hh_mm_option {
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
        assert!(err.contains("elements[0].restrictions.start_time"), "{err}");
    }

    #[test]
    fn reads_and_writes_min_and_max_price_as_ocpi_numbers() {
        let json = r#"{"id":"20","currency":"EUR","min_price":{"excl_vat":0.50,"incl_vat":0.55},
            "elements":[{"price_components":[{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}]}"#;
        let t = Tariff::from_json(json).unwrap();
        let out: serde_json::Value = serde_json::from_str(&t.to_json()).unwrap();
        assert_eq!(out["min_price"]["incl_vat"], serde_json::json!(0.55));
        assert_eq!(Tariff::from_json(&t.to_json()).unwrap(), t);
    }

    #[test]
    fn names_an_unknown_dimension() {
        let json =
            r#"{"id":"1","currency":"NOK","elements":[{"price_components":[{"type":"KWH","price":1,"step_size":1}]}]}"#;
        let err = Tariff::from_json(json).unwrap_err().to_string();
        assert!(err.contains("elements[0].price_components[0].type"), "{err}");
    }
}
