//! Reading OCPP 1.6 MeterValue elements as energy register and power figures.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::v16::types::{Measurand, MeterValue, ReadingContext, UnitOfMeasure, ValueFormat};

/// What one MeterValue says about the session, in Wh and W.
#[derive(Debug, Clone, PartialEq)]
pub struct MeterReading {
    pub at: DateTime<Utc>,
    /// Energy.Active.Import.Register, in Wh (the measurand's default).
    pub register_wh: Option<Decimal>,
    /// Power.Active.Import, in W.
    pub power_w: Option<Decimal>,
    /// The register value's context (`Transaction.Begin`, `Sample.Periodic`, …); none given
    /// means `Sample.Periodic`.
    pub context: Option<ReadingContext>,
}

/// Reads the total (a value with a `phase` is per phase and skipped) import register and power of `mv`. Values that are not
/// plain decimals (signed data) or carry a unit that does not fit are skipped.
pub fn read_meter_value(mv: &MeterValue) -> MeterReading {
    let mut reading = MeterReading {
        at: mv.timestamp,
        register_wh: None,
        power_w: None,
        context: None,
    };
    for sv in &mv.sampled_value {
        if matches!(sv.format, Some(ValueFormat::SignedData)) || sv.phase.is_some() {
            continue;
        }
        let Ok(value) = Decimal::from_str(sv.value.trim()) else {
            continue;
        };
        match sv.measurand.as_ref().unwrap_or(&Measurand::EnergyActiveImportRegister) {
            Measurand::EnergyActiveImportRegister => {
                let register = match sv.unit.as_ref().unwrap_or(&UnitOfMeasure::Wh) {
                    UnitOfMeasure::Wh => Some(value),
                    UnitOfMeasure::KWh => Some(value * Decimal::from(1000)),
                    _ => None,
                };
                if register.is_some() {
                    reading.register_wh = register;
                    reading.context = sv.context.clone();
                }
            }
            Measurand::PowerActiveImport => {
                reading.power_w = match sv.unit.as_ref().unwrap_or(&UnitOfMeasure::W) {
                    UnitOfMeasure::W => Some(value),
                    UnitOfMeasure::Kw => Some(value * Decimal::from(1000)),
                    _ => reading.power_w,
                }
            }
            _ => {}
        }
    }
    reading
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mv(json: serde_json::Value) -> MeterValue {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn reads_register_and_power_in_any_unit() {
        let r = read_meter_value(&mv(
            serde_json::json!({"timestamp":"2026-11-24T10:00:00Z","sampledValue":[
            {"value":"12.5","measurand":"Energy.Active.Import.Register","unit":"kWh"},
            {"value":"11","measurand":"Power.Active.Import","unit":"kW"},
            {"value":"230","measurand":"Voltage","unit":"V"}]}),
        ));
        assert_eq!(r.register_wh, Some(Decimal::from(12500)));
        assert_eq!(r.power_w, Some(Decimal::from(11000)));
        assert_eq!(r.context, None);
    }

    #[test]
    fn the_registers_context_is_kept() {
        let r = read_meter_value(&mv(
            serde_json::json!({"timestamp":"2026-11-24T10:00:00Z","sampledValue":[
            {"value":"1500","context":"Transaction.Begin"},{"value":"7","measurand":"Power.Active.Import","context":"Trigger"}]}),
        ));
        assert_eq!(r.context, Some(ReadingContext::TransactionBegin));
    }

    #[test]
    fn default_measurand_is_the_import_register_in_wh_and_phases_are_skipped() {
        let r = read_meter_value(&mv(
            serde_json::json!({"timestamp":"2026-11-24T10:00:00Z","sampledValue":[
            {"value":"1500"},{"value":"500","phase":"L1"},{"value":"garbage","measurand":"Power.Active.Import"}]}),
        ));
        assert_eq!(r.register_wh, Some(Decimal::from(1500)));
        assert_eq!(r.power_w, None);
    }
}
