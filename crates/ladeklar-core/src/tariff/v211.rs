//! OCPI 2.1.1 tariffs, read and converted to the 2.2.1 model.
//!
//! 2.1.1 differs in: no `country_code`/`party_id`/`type`/`min_price`/`max_price`/
//! `start_date_time`/`end_date_time`, no `vat` on price components (prices are as given,
//! so incl-VAT equals excl-VAT), no current or reservation restrictions, and
//! `tariff_alt_text` as DisplayText as in 2.2.1.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{
    hh_mm_option, ocpi_datetime, parse_json_with_path, DayOfWeek, DisplayText, PriceComponent, Tariff,
    TariffDimensionType, TariffElement, TariffParseError, TariffRestrictions,
};

#[derive(Debug, Deserialize)]
struct TariffV211 {
    id: String,
    currency: String,
    #[serde(default, deserialize_with = "super::null_as_empty")]
    tariff_alt_text: Vec<DisplayText>,
    #[serde(default)]
    tariff_alt_url: Option<String>,
    elements: Vec<ElementV211>,
    #[serde(default)]
    energy_mix: Option<serde_json::Value>,
    #[serde(default, with = "ocpi_datetime::option")]
    last_updated: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
struct ElementV211 {
    price_components: Vec<ComponentV211>,
    #[serde(default)]
    restrictions: Option<RestrictionsV211>,
}

#[derive(Debug, Deserialize)]
struct ComponentV211 {
    #[serde(rename = "type")]
    dimension: TariffDimensionType,
    price: Decimal,
    step_size: u32,
}

#[derive(Debug, Deserialize)]
struct RestrictionsV211 {
    #[serde(default, with = "hh_mm_option")]
    start_time: Option<NaiveTime>,
    #[serde(default, with = "hh_mm_option")]
    end_time: Option<NaiveTime>,
    #[serde(default)]
    start_date: Option<NaiveDate>,
    #[serde(default)]
    end_date: Option<NaiveDate>,
    #[serde(default)]
    min_kwh: Option<Decimal>,
    #[serde(default)]
    max_kwh: Option<Decimal>,
    #[serde(default)]
    min_power: Option<Decimal>,
    #[serde(default)]
    max_power: Option<Decimal>,
    #[serde(default)]
    min_duration: Option<u32>,
    #[serde(default)]
    max_duration: Option<u32>,
    #[serde(default, deserialize_with = "super::null_as_empty")]
    day_of_week: Vec<DayOfWeek>,
}

impl Tariff {
    /// Reads an OCPI 2.1.1 tariff and converts it to the 2.2.1 model.
    pub fn from_json_v211(json: &str) -> Result<Tariff, TariffParseError> {
        let t: TariffV211 = parse_json_with_path(json).map_err(|(path, e)| TariffParseError::Json {
            line: e.line(),
            column: e.column(),
            message: format!("{path}: {e}"),
        })?;
        Ok(Tariff {
            country_code: None,
            party_id: None,
            id: t.id,
            currency: t.currency,
            tariff_type: None,
            tariff_alt_text: t.tariff_alt_text,
            tariff_alt_url: t.tariff_alt_url,
            min_price: None,
            max_price: None,
            elements: t
                .elements
                .into_iter()
                .map(|e| TariffElement {
                    price_components: e
                        .price_components
                        .into_iter()
                        .map(|c| PriceComponent {
                            dimension: c.dimension,
                            price: c.price,
                            vat: None,
                            step_size: c.step_size,
                        })
                        .collect(),
                    restrictions: e.restrictions.map(|r| TariffRestrictions {
                        start_time: r.start_time,
                        end_time: r.end_time,
                        start_date: r.start_date,
                        end_date: r.end_date,
                        min_kwh: r.min_kwh,
                        max_kwh: r.max_kwh,
                        min_power: r.min_power,
                        max_power: r.max_power,
                        min_duration: r.min_duration,
                        max_duration: r.max_duration,
                        day_of_week: r.day_of_week,
                        ..Default::default()
                    }),
                })
                .collect(),
            start_date_time: None,
            end_date_time: None,
            energy_mix: t.energy_mix,
            last_updated: t.last_updated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn reads_a_211_tariff() {
        let json = r#"{"id":"12","currency":"EUR","tariff_alt_url":"https://x/t",
            "elements":[{"price_components":[{"type":"TIME","price":2.00,"step_size":300}],
            "restrictions":{"start_time":"13:30","end_time":"19:45","max_power":16.00,"day_of_week":["MONDAY"]}}],
            "last_updated":"2015-06-29T20:39:09Z"}"#;
        let t = Tariff::from_json_v211(json).unwrap();
        let r = t.elements[0].restrictions.as_ref().unwrap();
        assert_eq!(r.max_power, Some(dec!(16)));
        assert_eq!(t.elements[0].price_components[0].vat, None);
        assert!(Tariff::from_json_v211(r#"{"id":"1","currency":"EUR","elements":[{"price_components":[{"type":"TIME","price":"x","step_size":1}]}]}"#)
            .unwrap_err()
            .to_string()
            .contains("elements[0].price_components[0].price"));
    }
}
