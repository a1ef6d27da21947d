//! What deserves a notification to the driver when a session moves from one step to the
//! next (issue 17): the car paused charging, charging finished, or the charger stopped it.
//! A stop the driver asked for on this device gets none: they are looking at it.

use serde::{Deserialize, Serialize};

use crate::session_step::SessionStep;

/// A notification to the driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriverNotice {
    Finished,
    PausedByCar,
    StoppedByCharger,
}

/// OCPP 1.6 StopTransaction reasons that mean the charger ended it, not the car or a driver.
const CHARGER_REASONS: [&str; 8] = [
    "EmergencyStop",
    "PowerLoss",
    "Reboot",
    "HardReset",
    "SoftReset",
    "Other",
    "UnlockCommand",
    "DeAuthorized",
];

/// The notice for a change of step from `before` to `after`; `stop_reason` is the
/// StopTransaction's, `stopped_here` whether this device asked for the stop.
pub fn notice(
    before: SessionStep,
    after: SessionStep,
    stop_reason: Option<&str>,
    stopped_here: bool,
) -> Option<DriverNotice> {
    use SessionStep as S;
    if before == after {
        return None;
    }
    match after {
        S::CarPaused => Some(DriverNotice::PausedByCar),
        S::UnplugCable | S::Done if !matches!(before, S::UnplugCable | S::Done | S::Failed) => {
            if stopped_here {
                None
            } else if stop_reason.is_some_and(|r| CHARGER_REASONS.contains(&r)) {
                Some(DriverNotice::StoppedByCharger)
            } else {
                Some(DriverNotice::Finished)
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SessionStep as S;

    #[test]
    fn each_notice_once_and_none_for_the_drivers_own_stop() {
        assert_eq!(
            notice(S::Charging, S::CarPaused, None, false),
            Some(DriverNotice::PausedByCar)
        );
        assert_eq!(notice(S::CarPaused, S::CarPaused, None, false), None);
        assert_eq!(
            notice(S::Charging, S::UnplugCable, Some("EVDisconnected"), false),
            Some(DriverNotice::Finished)
        );
        assert_eq!(
            notice(S::Stopping, S::Done, Some("Remote"), false),
            Some(DriverNotice::Finished)
        );
        assert_eq!(notice(S::Stopping, S::Done, Some("Remote"), true), None);
        assert_eq!(
            notice(S::Charging, S::UnplugCable, Some("PowerLoss"), false),
            Some(DriverNotice::StoppedByCharger)
        );
        assert_eq!(notice(S::UnplugCable, S::Done, None, false), None, "already told");
        assert_eq!(notice(S::PlugIn, S::Failed, None, false), None);
        assert_eq!(notice(S::Charging, S::ChargerPaused, None, false), None);
    }
}
