//! Where a driver is in a session, in the charger's own words: the session's status (ours),
//! its connector's last status (the charger's), its meter and `now` give one step with what
//! to do at it — plug in, wait for the car, charging, the car paused or full, the charger
//! paused, stopping, unplug — or why a start never became a transaction.
//!
//! **Decisions.** A remote start waits for the cable while the connector is Preparing (OCPP
//! 1.6: a cable or a tag is awaited). SuspendedEV before any energy is the car not yet
//! taking it; after energy, a pause, and once the meter has stood still for
//! [`FULL_AFTER`] the car counts as full — the idle fee's own rule
//! (`session_events::usage`). A session pending for [`START_WAIT`], or failed by the
//! server's start timeout ([`START_TIMED_OUT`]), is a start that never became a transaction.

use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::pricing::MeterSample;
use crate::session::{ConnectorStatus, SessionStatus};
pub use crate::session_events::usage::FULL_AFTER;

/// How long a started session waits for the charger's transaction before the driver is
/// told it did not start (the server's default `--start-timeout-s`).
pub const START_WAIT: TimeDelta = TimeDelta::seconds(120);

/// The failure reason the server stores when a remote start never became a transaction.
pub const START_TIMED_OUT: &str = "the charger did not start charging in time";

/// One step of a session as the driver lives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStep {
    /// Start asked; no transaction yet and the charger waits for the cable (Preparing), or
    /// has not answered with a status yet.
    PlugIn,
    /// Asked, and the charger reports the car connected: the transaction is starting.
    Starting,
    /// The transaction runs but the car takes no energy yet (Preparing, or SuspendedEV
    /// before any energy).
    WaitingForCar,
    Charging,
    /// The car stopped taking energy (SuspendedEV): its own schedule or limit, or nearly full.
    CarPaused,
    /// The car took no energy for [`FULL_AFTER`] while SuspendedEV: full (the idle fee's rule).
    CarFull,
    /// The charger gives no energy (SuspendedEVSE): its own limit or the site's load.
    ChargerPaused,
    /// Stop asked, or the charger is ending the transaction (Finishing).
    Stopping,
    /// The transaction is over and the cable is still in (Finishing).
    UnplugCable,
    /// Over, cable out (or the charger said nothing more).
    Done,
    /// The charger accepted the start but no transaction came within [`START_WAIT`].
    StartTimedOut,
    /// It never started.
    Failed,
}

/// What [`step_at`] reads of a session.
#[derive(Debug, Clone, Copy)]
pub struct SessionFacts<'a> {
    pub status: SessionStatus,
    pub requested_at: DateTime<Utc>,
    /// Energy since the start, in time order.
    pub samples: &'a [MeterSample],
    pub failure_reason: Option<&'a str>,
}

/// The meter's last rise: when the energy reached its highest value; `None` before any energy.
fn last_rise(samples: &[MeterSample]) -> Option<DateTime<Utc>> {
    let mut top = Decimal::ZERO;
    let mut at = None;
    for s in samples {
        if s.energy_wh > top {
            top = s.energy_wh;
            at = Some(s.at);
        }
    }
    at
}

/// The step of `session` at `now`, its connector last reported as `connector` (`None`:
/// nothing heard).
pub fn step_at(session: &SessionFacts<'_>, connector: Option<ConnectorStatus>, now: DateTime<Utc>) -> SessionStep {
    use ConnectorStatus as C;
    use SessionStatus as S;
    match (session.status, connector) {
        (S::Failed, _) if session.failure_reason == Some(START_TIMED_OUT) => SessionStep::StartTimedOut,
        (S::Failed, _) => SessionStep::Failed,
        // Finishing only: any other status after the stop may be the next driver's car.
        (S::Completed, Some(C::Finishing)) => SessionStep::UnplugCable,
        (S::Completed, _) => SessionStep::Done,
        (S::Stopping, _) => SessionStep::Stopping,
        (S::Pending, _) if now - session.requested_at >= START_WAIT => SessionStep::StartTimedOut,
        (S::Pending, Some(C::SuspendedEv | C::SuspendedEvse | C::Charging)) => SessionStep::Starting,
        (S::Pending, _) => SessionStep::PlugIn,
        (S::Charging, Some(C::Preparing)) => SessionStep::WaitingForCar,
        (S::Charging, Some(C::SuspendedEv)) => match last_rise(session.samples) {
            None => SessionStep::WaitingForCar,
            Some(rise) if now - rise >= FULL_AFTER => SessionStep::CarFull,
            Some(_) => SessionStep::CarPaused,
        },
        (S::Charging, Some(C::SuspendedEvse)) => SessionStep::ChargerPaused,
        (S::Charging, Some(C::Finishing)) => SessionStep::Stopping,
        (S::Charging, _) => SessionStep::Charging,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_events::test_support::t;
    use ConnectorStatus as C;
    use SessionStatus as S;
    use SessionStep as Step;

    fn sample(min: i64, wh: i64) -> MeterSample {
        MeterSample {
            at: t(min),
            energy_wh: Decimal::from(wh),
        }
    }

    fn at(
        status: SessionStatus,
        samples: &[MeterSample],
        connector: Option<ConnectorStatus>,
        now_min: i64,
    ) -> SessionStep {
        let facts = SessionFacts {
            status,
            requested_at: t(0),
            samples,
            failure_reason: None,
        };
        step_at(&facts, connector, t(now_min))
    }

    #[test]
    fn a_whole_session_step_by_step() {
        let none: &[MeterSample] = &[sample(1, 0)];
        let some = &[sample(1, 0), sample(5, 900)];
        let walk = [
            (S::Pending, none, Some(C::Available), 0, Step::PlugIn),
            (S::Pending, none, Some(C::Preparing), 1, Step::PlugIn),
            (S::Pending, none, Some(C::SuspendedEv), 1, Step::Starting),
            (S::Charging, none, Some(C::Preparing), 1, Step::WaitingForCar),
            (S::Charging, none, Some(C::SuspendedEv), 1, Step::WaitingForCar),
            (S::Charging, some, Some(C::Charging), 5, Step::Charging),
            (S::Charging, some, Some(C::SuspendedEv), 6, Step::CarPaused),
            (S::Charging, some, Some(C::SuspendedEv), 7, Step::CarFull),
            (S::Charging, some, Some(C::SuspendedEvse), 8, Step::ChargerPaused),
            (S::Charging, some, Some(C::Finishing), 8, Step::Stopping),
            (S::Stopping, some, Some(C::Charging), 8, Step::Stopping),
            (S::Completed, some, Some(C::Finishing), 9, Step::UnplugCable),
            (S::Completed, some, Some(C::Available), 9, Step::Done),
        ];
        for (status, samples, connector, now, expected) in walk {
            assert_eq!(
                at(status, samples, connector, now),
                expected,
                "{status:?} on {connector:?} at {now}"
            );
        }
    }

    #[test]
    fn the_car_is_full_after_its_meter_stood_still_for_the_idle_fee_time() {
        let samples = &[sample(0, 0), sample(10, 5000), sample(11, 5000)];
        assert_eq!(at(S::Charging, samples, Some(C::SuspendedEv), 11), Step::CarPaused);
        assert_eq!(at(S::Charging, samples, Some(C::SuspendedEv), 12), Step::CarFull);
        // The charger's own pause is never the car being full.
        assert_eq!(
            at(S::Charging, samples, Some(C::SuspendedEvse), 30),
            Step::ChargerPaused
        );
    }

    #[test]
    fn a_start_that_never_became_a_transaction_times_out() {
        assert_eq!(at(S::Pending, &[], Some(C::Preparing), 1), Step::PlugIn);
        assert_eq!(at(S::Pending, &[], Some(C::Preparing), 2), Step::StartTimedOut);
        assert_eq!(at(S::Pending, &[], None, 3), Step::StartTimedOut);
        let failed = SessionFacts {
            status: S::Failed,
            requested_at: t(0),
            samples: &[],
            failure_reason: Some(START_TIMED_OUT),
        };
        assert_eq!(step_at(&failed, Some(C::Available), t(3)), Step::StartTimedOut);
        let refused = SessionFacts {
            failure_reason: Some("the charger rejected the remote start"),
            ..failed
        };
        assert_eq!(step_at(&refused, Some(C::Available), t(3)), Step::Failed);
    }

    #[test]
    fn nothing_heard_from_the_connector_follows_the_session() {
        assert_eq!(at(S::Pending, &[], None, 0), Step::PlugIn);
        assert_eq!(at(S::Charging, &[], None, 0), Step::Charging);
        assert_eq!(at(S::Completed, &[], None, 0), Step::Done);
        assert_eq!(at(S::Failed, &[], Some(C::Preparing), 0), Step::Failed);
    }

    #[test]
    fn after_the_stop_only_finishing_is_the_cable_still_in() {
        for c in [C::Preparing, C::Charging, C::SuspendedEv, C::Available] {
            assert_eq!(
                at(S::Completed, &[], Some(c), 0),
                Step::Done,
                "{c:?}: the next driver's, maybe"
            );
        }
        assert_eq!(at(S::Completed, &[], Some(C::Finishing), 0), Step::UnplugCable);
    }

    #[test]
    fn a_faulted_or_unknown_connector_does_not_invent_a_step() {
        for c in [C::Faulted, C::Unavailable, C::Unknown, C::Reserved] {
            assert_eq!(at(S::Charging, &[], Some(c), 0), Step::Charging);
            assert_eq!(at(S::Completed, &[], Some(c), 0), Step::Done);
        }
    }
}
