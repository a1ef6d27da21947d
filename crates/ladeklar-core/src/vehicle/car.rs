//! The driver's car as typed or picked: [`CarForm`] holds the form's text, [`CarForm::check`]
//! turns it into a [`MyCar`] or every problem at once, each naming its field, so the form
//! can show each next to its input. A stored car (on the device) or one in a list's query is
//! checked by the same rules.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::catalogue::{self, CatalogueCar};

/// The charge level assumed when the driver gives none: a typical arrival.
pub const DEFAULT_CURRENT_PCT: u8 = 20;
/// The target assumed when the driver gives none: where fast charging usually slows down.
pub const DEFAULT_TARGET_PCT: u8 = 80;

/// Usable battery sizes we accept, kWh: from a small city car to the largest pick-ups.
pub const BATTERY_KWH: (u32, u32) = (10, 250);
/// The on-board charger: single-phase 1.4 kW up to three-phase 43 kW.
pub const MAX_AC_KW: (u32, u32) = (1, 43);
/// DC: from the slowest CHAdeMO to the fastest cars sold.
pub const MAX_DC_KW: (u32, u32) = (1, 500);

/// The form's fields, named as the errors name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CarField {
    BatteryKwh,
    MaxAcKw,
    MaxDcKw,
    CurrentPct,
    TargetPct,
}

impl CarField {
    pub fn as_str(self) -> &'static str {
        match self {
            CarField::BatteryKwh => "battery_kwh",
            CarField::MaxAcKw => "max_ac_kw",
            CarField::MaxDcKw => "max_dc_kw",
            CarField::CurrentPct => "current_pct",
            CarField::TargetPct => "target_pct",
        }
    }
}

impl std::fmt::Display for CarField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a car's value cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CarError {
    #[error("{field}: required")]
    Missing { field: CarField },
    #[error("{field}: not a number")]
    NotANumber { field: CarField },
    #[error("{field}: must be between {min} and {max}")]
    OutOfRange { field: CarField, min: u32, max: u32 },
    #[error("target_pct: {target} % must be above the current level, {current} %")]
    TargetNotAboveCurrent { current: u8, target: u8 },
    #[error("car: expected battery,ac,dc,current,target, got {text:?}")]
    Unreadable { text: String },
}

impl CarError {
    /// The field the problem is shown next to.
    pub fn field(&self) -> Option<CarField> {
        match self {
            CarError::Missing { field } | CarError::NotANumber { field } | CarError::OutOfRange { field, .. } => {
                Some(*field)
            }
            CarError::TargetNotAboveCurrent { .. } => Some(CarField::TargetPct),
            CarError::Unreadable { .. } => None,
        }
    }
}

/// The driver's car, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCar {
    /// The catalogue model it came from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
    pub battery_kwh: Decimal,
    pub max_ac_kw: Decimal,
    pub max_dc_kw: Decimal,
    /// The charge level now, %, when the driver gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_pct: Option<u8>,
    /// The charge level wanted, %, when the driver gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_pct: Option<u8>,
}

impl MyCar {
    /// The catalogue's name for it: "Tesla Model Y Long Range"; `None` for typed values.
    pub fn name(&self) -> Option<String> {
        self.model_id
            .as_deref()
            .and_then(catalogue::find)
            .map(CatalogueCar::name)
    }

    /// The levels the estimate uses: the driver's, or the defaults.
    pub fn levels(&self) -> (u8, u8) {
        (
            self.current_pct.unwrap_or(DEFAULT_CURRENT_PCT),
            self.target_pct.unwrap_or(DEFAULT_TARGET_PCT),
        )
    }

    /// The car as the list's `car` query parameter: `battery,ac,dc,current,target`, the
    /// levels empty when not given: `75,11,250,,`.
    pub fn to_query(&self) -> String {
        let pct = |p: Option<u8>| p.map(|p| p.to_string()).unwrap_or_default();
        format!(
            "{},{},{},{},{}",
            self.battery_kwh.normalize(),
            self.max_ac_kw.normalize(),
            self.max_dc_kw.normalize(),
            pct(self.current_pct),
            pct(self.target_pct)
        )
    }

    /// Reads [`MyCar::to_query`]'s form back, checked as the form is.
    pub fn from_query(text: &str) -> Result<MyCar, Vec<CarError>> {
        let parts: Vec<&str> = text.split(',').collect();
        let [battery, ac, dc, current, target] = parts.as_slice() else {
            return Err(vec![CarError::Unreadable {
                text: text.chars().take(60).collect(),
            }]);
        };
        CarForm {
            model_id: None,
            battery_kwh: (*battery).to_string(),
            max_ac_kw: (*ac).to_string(),
            max_dc_kw: (*dc).to_string(),
            current_pct: (*current).to_string(),
            target_pct: (*target).to_string(),
        }
        .check()
    }

    /// The car as the device keeps it: [`MyCar::to_query`] and the catalogue id,
    /// `75,11,250,,,tesla-model-y-lr` (plain text: the app needs no JSON for it).
    pub fn to_stored(&self) -> String {
        format!("{},{}", self.to_query(), self.model_id.as_deref().unwrap_or_default())
    }

    /// Reads [`MyCar::to_stored`]'s form back, checked again (a catalogue id no longer
    /// known is dropped, the values kept).
    pub fn from_stored(text: &str) -> Result<MyCar, Vec<CarError>> {
        let (query, id) = text.rsplit_once(',').unwrap_or((text, ""));
        let mut car = MyCar::from_query(query)?;
        car.model_id = Some(id.to_owned()).filter(|id| catalogue::find(id).is_some());
        Ok(car)
    }

    /// The form showing this car, for editing it.
    pub fn form(&self) -> CarForm {
        let pct = |p: Option<u8>| p.map(|p| p.to_string()).unwrap_or_default();
        CarForm {
            model_id: self.model_id.clone(),
            battery_kwh: self.battery_kwh.normalize().to_string(),
            max_ac_kw: self.max_ac_kw.normalize().to_string(),
            max_dc_kw: self.max_dc_kw.normalize().to_string(),
            current_pct: pct(self.current_pct),
            target_pct: pct(self.target_pct),
        }
    }
}

/// The car form as typed: numbers as text (a decimal comma is read as a point).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarForm {
    pub model_id: Option<String>,
    pub battery_kwh: String,
    pub max_ac_kw: String,
    pub max_dc_kw: String,
    pub current_pct: String,
    pub target_pct: String,
}

fn number(field: CarField, text: &str) -> Result<Option<Decimal>, CarError> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<Decimal>()
        .map(Some)
        .map_err(|_| CarError::NotANumber { field })
}

fn in_range(field: CarField, v: Decimal, (min, max): (u32, u32)) -> Result<Decimal, CarError> {
    if v < Decimal::from(min) || v > Decimal::from(max) {
        Err(CarError::OutOfRange { field, min, max })
    } else {
        Ok(v)
    }
}

fn required(field: CarField, text: &str, range: (u32, u32)) -> Result<Decimal, CarError> {
    let v = number(field, text)?.ok_or(CarError::Missing { field })?;
    in_range(field, v, range)
}

fn level(field: CarField, text: &str) -> Result<Option<u8>, CarError> {
    match number(field, text)? {
        None => Ok(None),
        Some(v) if v.fract().is_zero() && v >= Decimal::ZERO && v <= Decimal::from(100) => {
            Ok(u8::try_from(v.mantissa() / 10i128.pow(v.scale())).ok())
        }
        Some(_) => Err(CarError::OutOfRange {
            field,
            min: 0,
            max: 100,
        }),
    }
}

impl CarForm {
    /// The form filled from a catalogue model (levels left empty).
    pub fn from_catalogue(car: &CatalogueCar) -> CarForm {
        CarForm {
            model_id: Some(car.id.clone()),
            battery_kwh: car.battery_kwh.normalize().to_string(),
            max_ac_kw: car.max_ac_kw.normalize().to_string(),
            max_dc_kw: car.max_dc_kw.normalize().to_string(),
            current_pct: String::new(),
            target_pct: String::new(),
        }
    }

    /// The car, or every problem with it.
    pub fn check(&self) -> Result<MyCar, Vec<CarError>> {
        let mut errors = Vec::new();
        let mut keep = |r: Result<Decimal, CarError>| r.map_err(|e| errors.push(e)).ok();
        let battery = keep(required(CarField::BatteryKwh, &self.battery_kwh, BATTERY_KWH));
        let ac = keep(required(CarField::MaxAcKw, &self.max_ac_kw, MAX_AC_KW));
        let dc = keep(required(CarField::MaxDcKw, &self.max_dc_kw, MAX_DC_KW));
        let current = level(CarField::CurrentPct, &self.current_pct)
            .map_err(|e| errors.push(e))
            .ok();
        let target = level(CarField::TargetPct, &self.target_pct)
            .map_err(|e| errors.push(e))
            .ok();
        if let (Some(current), Some(target)) = (current, target) {
            let (c, t) = (
                current.unwrap_or(DEFAULT_CURRENT_PCT),
                target.unwrap_or(DEFAULT_TARGET_PCT),
            );
            if t <= c {
                errors.push(CarError::TargetNotAboveCurrent { current: c, target: t });
            }
        }
        match (battery, ac, dc, current, target) {
            (Some(battery_kwh), Some(max_ac_kw), Some(max_dc_kw), Some(current_pct), Some(target_pct))
                if errors.is_empty() =>
            {
                Ok(MyCar {
                    model_id: self.model_id.clone().filter(|id| catalogue::find(id).is_some()),
                    battery_kwh,
                    max_ac_kw,
                    max_dc_kw,
                    current_pct,
                    target_pct,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(battery: &str, ac: &str, dc: &str, current: &str, target: &str) -> CarForm {
        CarForm {
            model_id: None,
            battery_kwh: battery.into(),
            max_ac_kw: ac.into(),
            max_dc_kw: dc.into(),
            current_pct: current.into(),
            target_pct: target.into(),
        }
    }

    fn fields(f: &CarForm) -> Vec<CarField> {
        f.check()
            .err()
            .unwrap_or_default()
            .iter()
            .filter_map(CarError::field)
            .collect()
    }

    #[test]
    fn impossible_values_are_named_by_their_field() {
        assert_eq!(fields(&form("0", "11", "150", "", "")), vec![CarField::BatteryKwh]);
        assert_eq!(fields(&form("10000", "11", "150", "", "")), vec![CarField::BatteryKwh]);
        assert_eq!(fields(&form("75", "0", "150", "", "")), vec![CarField::MaxAcKw]);
        assert_eq!(fields(&form("75", "11", "0", "", "")), vec![CarField::MaxDcKw]);
        assert_eq!(fields(&form("", "11", "150", "", "")), vec![CarField::BatteryKwh]);
        assert_eq!(fields(&form("lots", "11", "150", "", "")), vec![CarField::BatteryKwh]);
        assert_eq!(fields(&form("75", "11", "150", "101", "")), vec![CarField::CurrentPct]);
        assert_eq!(fields(&form("75", "11", "150", "12.5", "")), vec![CarField::CurrentPct]);
        assert_eq!(
            fields(&form("0", "0", "0", "", "")),
            vec![CarField::BatteryKwh, CarField::MaxAcKw, CarField::MaxDcKw],
            "every problem at once"
        );
    }

    #[test]
    fn a_target_must_be_above_the_current_level_given_or_assumed() {
        assert_eq!(
            form("75", "11", "150", "60", "40").check(),
            Err(vec![CarError::TargetNotAboveCurrent {
                current: 60,
                target: 40
            }])
        );
        assert_eq!(
            form("75", "11", "150", "", "10").check(),
            Err(vec![CarError::TargetNotAboveCurrent {
                current: 20,
                target: 10
            }])
        );
        assert_eq!(fields(&form("75", "11", "150", "50", "50")), vec![CarField::TargetPct]);
        let car = form("75,5", "11", "150", "10", "90").check().unwrap();
        assert_eq!(car.battery_kwh, Decimal::new(755, 1), "a decimal comma reads");
        assert_eq!(car.levels(), (10, 90));
        assert_eq!(form("75", "11", "150", "", "").check().unwrap().levels(), (20, 80));
    }

    #[test]
    fn the_query_form_reads_back_and_is_checked() {
        let car = form("57.5", "11", "170", "", "90").check().unwrap();
        assert_eq!(car.to_query(), "57.5,11,170,,90");
        assert_eq!(MyCar::from_query(&car.to_query()), Ok(car.clone()));
        assert_eq!(car.form().check(), Ok(car.clone()));
        let mut tesla = CarForm::from_catalogue(catalogue::find("tesla-model-y-lr").unwrap())
            .check()
            .unwrap();
        assert_eq!(tesla.to_stored(), "75,11,250,,,tesla-model-y-lr");
        assert_eq!(MyCar::from_stored(&tesla.to_stored()), Ok(tesla.clone()));
        assert_eq!(tesla.name().as_deref(), Some("Tesla Model Y Long Range"));
        tesla.model_id = None;
        assert_eq!(MyCar::from_stored(&tesla.to_stored()), Ok(tesla));
        assert_eq!(MyCar::from_stored(&car.to_stored()), Ok(car));
        assert!(matches!(
            MyCar::from_query("75,11").unwrap_err()[0],
            CarError::Unreadable { .. }
        ));
        assert_eq!(
            MyCar::from_query("0,11,150,,").unwrap_err(),
            vec![CarError::OutOfRange {
                field: CarField::BatteryKwh,
                min: 10,
                max: 250
            }]
        );
    }
}
