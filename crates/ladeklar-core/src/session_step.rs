//! Where a driver is in a session, in the charger's own words: the session's status (ours)
//! and its connector's last status (the charger's) give one step with what to do at it —
//! plug in, wait for the car, charging, the car or the charger paused, stopping, unplug.

use serde::{Deserialize, Serialize};

use crate::session::{ConnectorStatus, SessionStatus};

/// One step of a session as the driver lives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStep {
    /// Start asked; the charger has not started yet and no cable is in.
    PlugIn,
    /// Asked and the cable is in: the charger is starting.
    Starting,
    /// The transaction runs but the car has not begun to take energy (Preparing).
    WaitingForCar,
    Charging,
    /// The car takes no energy (SuspendedEV): full, or its own schedule or limit.
    CarPaused,
    /// The charger gives no energy (SuspendedEVSE): its own limit or the site's load.
    ChargerPaused,
    /// Stop asked; the charger has not ended the transaction yet.
    Stopping,
    /// The transaction is over and the cable is still in (Finishing).
    UnplugCable,
    /// Over, cable out (or the charger said nothing more).
    Done,
    /// It never started.
    Failed,
}

/// The step for a session in `status` on a connector last reported as `connector`
/// (`None`: nothing heard).
pub fn step(status: SessionStatus, connector: Option<ConnectorStatus>) -> SessionStep {
    use ConnectorStatus as C;
    use SessionStatus as S;
    match (status, connector) {
        (S::Failed, _) => SessionStep::Failed,
        (S::Completed, Some(C::Finishing | C::Preparing | C::SuspendedEv | C::SuspendedEvse)) => {
            SessionStep::UnplugCable
        }
        (S::Completed, _) => SessionStep::Done,
        (S::Stopping, _) => SessionStep::Stopping,
        (S::Pending, Some(C::Preparing | C::SuspendedEv | C::SuspendedEvse | C::Charging)) => SessionStep::Starting,
        (S::Pending, _) => SessionStep::PlugIn,
        (S::Charging, Some(C::Preparing)) => SessionStep::WaitingForCar,
        (S::Charging, Some(C::SuspendedEv)) => SessionStep::CarPaused,
        (S::Charging, Some(C::SuspendedEvse)) => SessionStep::ChargerPaused,
        (S::Charging, Some(C::Finishing)) => SessionStep::Stopping,
        (S::Charging, _) => SessionStep::Charging,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectorStatus as C;
    use SessionStatus as S;
    use SessionStep as Step;

    #[test]
    fn a_whole_session_step_by_step() {
        let walk = [
            (S::Pending, Some(C::Available), Step::PlugIn),
            (S::Pending, Some(C::Preparing), Step::Starting),
            (S::Charging, Some(C::Preparing), Step::WaitingForCar),
            (S::Charging, Some(C::Charging), Step::Charging),
            (S::Charging, Some(C::SuspendedEv), Step::CarPaused),
            (S::Charging, Some(C::SuspendedEvse), Step::ChargerPaused),
            (S::Stopping, Some(C::Charging), Step::Stopping),
            (S::Completed, Some(C::Finishing), Step::UnplugCable),
            (S::Completed, Some(C::Available), Step::Done),
        ];
        for (status, connector, expected) in walk {
            assert_eq!(step(status, connector), expected, "{status:?} on {connector:?}");
        }
    }

    #[test]
    fn nothing_heard_from_the_connector_follows_the_session() {
        assert_eq!(step(S::Pending, None), Step::PlugIn);
        assert_eq!(step(S::Charging, None), Step::Charging);
        assert_eq!(step(S::Completed, None), Step::Done);
        assert_eq!(step(S::Failed, Some(C::Preparing)), Step::Failed);
    }

    #[test]
    fn a_faulted_or_unknown_connector_does_not_invent_a_step() {
        for c in [C::Faulted, C::Unavailable, C::Unknown, C::Reserved] {
            assert_eq!(step(S::Charging, Some(c)), Step::Charging);
            assert_eq!(step(S::Completed, Some(c)), Step::Done);
        }
    }
}
