//! A faulted connector in drivers' words (issue 17): the OCPP 1.6 error code a charger
//! reported becomes what the driver is told and what to do — never the raw code alone (the
//! app shows the code in small print beside the words). The words per language are the
//! app's; which words is decided here.

use serde::{Deserialize, Serialize};

use crate::session::ConnectorStatus;

/// What a driver is told about a connector that reported a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriverFault {
    /// Switched off for electrical safety (earth fault, over-current, voltage, a relay).
    SafetyStop,
    /// Too hot: it comes back by itself once it has cooled.
    TooHot,
    /// The cable lock does not work.
    CableLock,
    /// The charger and the car could not talk (the last session's plug or cable).
    CarCommunication,
    /// The energy meter is broken: the connector cannot measure, so cannot bill.
    MeterBroken,
    /// The card reader does not work; the app still starts it.
    CardReader,
    /// Anything else, or no code: out of order.
    OutOfOrder,
}

impl DriverFault {
    /// Whether the connector may come back by itself soon (the driver may wait rather than
    /// move on).
    pub fn clears_by_itself(self) -> bool {
        matches!(self, DriverFault::TooHot | DriverFault::CarCommunication)
    }
}

/// The fault to tell a driver about, for a connector last reported in `status` with the
/// OCPP `error_code`: `None` unless it is Faulted (a code beside another status is the
/// charger's warning, not a reason to stay away).
pub fn driver_fault(status: ConnectorStatus, error_code: Option<&str>) -> Option<DriverFault> {
    if status != ConnectorStatus::Faulted {
        return None;
    }
    Some(match error_code.map(str::trim).unwrap_or_default() {
        "GroundFailure" | "OverCurrentFailure" | "OverVoltage" | "UnderVoltage" | "PowerSwitchFailure" => {
            DriverFault::SafetyStop
        }
        "HighTemperature" => DriverFault::TooHot,
        "ConnectorLockFailure" => DriverFault::CableLock,
        "EVCommunicationError" => DriverFault::CarCommunication,
        "PowerMeterFailure" => DriverFault::MeterBroken,
        "ReaderFailure" => DriverFault::CardReader,
        _ => DriverFault::OutOfOrder,
    })
}

/// The code to show in small print beside the words: the charger's own, unless it is empty
/// or `NoError`.
pub fn shown_code(error_code: Option<&str>) -> Option<&str> {
    error_code.map(str::trim).filter(|c| !c.is_empty() && *c != "NoError")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectorStatus as C;
    use DriverFault as F;

    #[test]
    fn every_ocpp_error_code_has_words() {
        let table = [
            ("GroundFailure", F::SafetyStop),
            ("OverCurrentFailure", F::SafetyStop),
            ("OverVoltage", F::SafetyStop),
            ("UnderVoltage", F::SafetyStop),
            ("PowerSwitchFailure", F::SafetyStop),
            ("HighTemperature", F::TooHot),
            ("ConnectorLockFailure", F::CableLock),
            ("EVCommunicationError", F::CarCommunication),
            ("PowerMeterFailure", F::MeterBroken),
            ("ReaderFailure", F::CardReader),
            ("InternalError", F::OutOfOrder),
            ("LocalListConflict", F::OutOfOrder),
            ("OtherError", F::OutOfOrder),
            ("ResetFailure", F::OutOfOrder),
            ("WeakSignal", F::OutOfOrder),
            ("NoError", F::OutOfOrder),
            ("Acme-E42", F::OutOfOrder),
        ];
        for (code, fault) in table {
            assert_eq!(driver_fault(C::Faulted, Some(code)), Some(fault), "{code}");
        }
        assert_eq!(driver_fault(C::Faulted, None), Some(F::OutOfOrder));
    }

    #[test]
    fn only_a_faulted_connector_is_out_of_order() {
        for status in [C::Available, C::Charging, C::SuspendedEvse, C::Unavailable] {
            assert_eq!(driver_fault(status, Some("HighTemperature")), None, "{status:?}");
        }
    }

    #[test]
    fn the_code_in_small_print_is_the_chargers_own() {
        assert_eq!(shown_code(Some("GroundFailure")), Some("GroundFailure"));
        assert_eq!(shown_code(Some("NoError")), None);
        assert_eq!(shown_code(Some(" ")), None);
        assert_eq!(shown_code(None), None);
        assert!(F::TooHot.clears_by_itself());
        assert!(!F::SafetyStop.clears_by_itself());
    }
}
