//! Verifying operation on site: the connector's live status back to Available and, where
//! one could be run, a test charge (remote start and stop, the meter moving). [`verify`]
//! turns what was measured into the work order's [`Verification`], in words.
//!
//! The rules: the connector must report Available (or, during the test charge, a charging
//! status); a test charge that was run must have started, stopped and moved the meter by at
//! least [`MIN_TEST_CHARGE_WH`]. Without a test charge (no car at the site) the status alone
//! verifies, and the evidence says no test charge was run.

use serde::{Deserialize, Serialize};

use crate::session::ConnectorStatus;
use crate::support::case::Verification;

/// The least energy a test charge must have delivered to count as the meter moving.
pub const MIN_TEST_CHARGE_WH: i64 = 1;

/// A test charge's result, as the server recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestCharge {
    /// The charger accepted the remote start.
    pub started: bool,
    /// The charger accepted the remote stop.
    pub stopped: bool,
    /// Meter readings at start and stop (Wh), where the charger sent them.
    pub meter_start_wh: Option<i64>,
    pub meter_stop_wh: Option<i64>,
    /// What went wrong, in the charger's or the platform's words.
    #[serde(default)]
    pub note: Option<String>,
}

impl TestCharge {
    pub fn energy_wh(&self) -> Option<i64> {
        Some(self.meter_stop_wh? - self.meter_start_wh?)
    }
}

/// The verification from the connector's `status` and the `test_charge`, if one was run.
pub fn verify(connector_id: u32, status: ConnectorStatus, test_charge: Option<&TestCharge>) -> Verification {
    let status_ok = matches!(
        status,
        ConnectorStatus::Available
            | ConnectorStatus::Preparing
            | ConnectorStatus::Charging
            | ConnectorStatus::SuspendedEv
            | ConnectorStatus::Finishing
    );
    let status_words = format!("connector {connector_id} reports {status:?}");
    let Some(test) = test_charge else {
        return Verification {
            method: "the connector's live status".into(),
            passed: status == ConnectorStatus::Available,
            evidence: format!("{status_words}; no test charge was run"),
        };
    };
    let (passed, test_words) = match (test.started, test.stopped, test.energy_wh()) {
        (false, _, _) => (false, "the test charge did not start".to_owned()),
        (true, false, _) => (false, "the test charge did not stop".to_owned()),
        (true, true, Some(wh)) if wh >= MIN_TEST_CHARGE_WH => (true, format!("a test charge delivered {wh} Wh")),
        (true, true, Some(wh)) => (false, format!("the meter moved {wh} Wh in the test charge")),
        (true, true, None) => (false, "the test charge sent no meter readings".to_owned()),
    };
    let note = test.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
    Verification {
        method: "the connector's live status and a test charge (remote start and stop)".into(),
        passed: passed && status_ok,
        evidence: format!("{status_words}; {test_words}{note}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(started: bool, stopped: bool, from: i64, to: i64) -> TestCharge {
        TestCharge {
            started,
            stopped,
            meter_start_wh: Some(from),
            meter_stop_wh: Some(to),
            note: None,
        }
    }

    #[test]
    fn available_and_a_moving_meter_verify() {
        let v = verify(1, ConnectorStatus::Available, Some(&test(true, true, 1000, 1180)));
        assert!(v.passed);
        assert_eq!(
            v.evidence,
            "connector 1 reports Available; a test charge delivered 180 Wh"
        );
    }

    #[test]
    fn what_fails_is_said() {
        let cases = [
            (
                ConnectorStatus::Faulted,
                Some(test(true, true, 0, 100)),
                "reports Faulted",
            ),
            (
                ConnectorStatus::Available,
                Some(test(false, false, 0, 0)),
                "did not start",
            ),
            (
                ConnectorStatus::Available,
                Some(test(true, false, 0, 0)),
                "did not stop",
            ),
            (
                ConnectorStatus::Available,
                Some(test(true, true, 500, 500)),
                "moved 0 Wh",
            ),
            (ConnectorStatus::Unavailable, None, "no test charge was run"),
        ];
        for (status, t, want) in cases {
            let v = verify(2, status, t.as_ref());
            assert!(!v.passed, "{want}");
            assert!(v.evidence.contains(want), "{:?} should say {want:?}", v.evidence);
        }
        assert!(verify(2, ConnectorStatus::Available, None).passed);
    }
}
