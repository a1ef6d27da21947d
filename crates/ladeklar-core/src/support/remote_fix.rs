//! After a remote remedy was sent: wait for the charger to show it worked, else try the next
//! remedy the analysis proposes, else leave the case to people.
//!
//! A remedy is verified when the connector reports the entry's `verify` status (Available,
//! NoError) within its `within_minutes` ([`DEFAULT_VERIFY_MINUTES`] when the entry gives
//! none); the server resolves the case then. Until that time has passed, wait; after it, the
//! remedy did not help: try the next one if the analysis has one left, else give up (1st line
//! works the case, and the SLA clocks escalate it as usual).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::fault::{Diagnosis, VerifyBy};
use crate::session::ConnectorStatus;

/// How long a remedy without a `verify` rule is given.
pub const DEFAULT_VERIFY_MINUTES: u32 = 5;

/// What to do about a remedy sent at some time and not verified yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "follow_up", rename_all = "snake_case")]
pub enum FollowUp {
    /// Give the charger until `until`.
    Wait { until: DateTime<Utc> },
    /// The remedy did not help by `deadline`: send the next one.
    TryNext { deadline: DateTime<Utc> },
    /// The remedy did not help by `deadline` and none is left.
    GiveUp { deadline: DateTime<Utc> },
}

/// Whether a connector reporting `status` (`no_error`: with error code NoError) confirms that
/// the remote remedy fixed the fault `diagnosis` describes. Only a fault the knowledge
/// verifies by the connector coming back Available can be fixed remotely; a safety hazard or a
/// fault that always needs a field visit never is — taking such a charger out of service
/// makes it safe, it does not repair it, and the case stays with people. Without a diagnosis
/// the connector back Available with no error is the test.
pub fn confirms_fix(diagnosis: Option<&Diagnosis>, status: ConnectorStatus, no_error: bool) -> bool {
    if status != ConnectorStatus::Available || !no_error {
        return false;
    }
    match diagnosis {
        None => true,
        Some(d) => {
            let verified_by_available = d.verify.is_none_or(|v| v.status == ConnectorStatus::Available);
            verified_by_available && !d.safety_hazard && d.field_visit.is_none()
        }
    }
}

/// The follow-up of a remedy sent at `sent_at` (see the module documentation).
pub fn follow_up(
    sent_at: DateTime<Utc>,
    verify: Option<&VerifyBy>,
    remedies_left: usize,
    now: DateTime<Utc>,
) -> FollowUp {
    let minutes = verify.map_or(DEFAULT_VERIFY_MINUTES, |v| v.within_minutes.max(1));
    let deadline = sent_at + Duration::minutes(minutes.into());
    if now < deadline {
        FollowUp::Wait { until: deadline }
    } else if remedies_left > 0 {
        FollowUp::TryNext { deadline }
    } else {
        FollowUp::GiveUp { deadline }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn diagnosis(verify: ConnectorStatus, hazard: bool, visit: bool) -> Diagnosis {
        Diagnosis {
            entry_id: "e".into(),
            error_code: None,
            meaning: String::new(),
            likely_cause: String::new(),
            confidence: 50,
            remedies: Vec::new(),
            verify: Some(VerifyBy {
                status: verify,
                within_minutes: 2,
            }),
            field_visit: visit.then(|| super::super::fault::FieldVisitNeed {
                reason: "r".into(),
                parts: Vec::new(),
                skills: Vec::new(),
            }),
            safety_hazard: hazard,
            recurring: false,
            cleared_at: None,
            driver_message: super::super::fault::Localised {
                en: String::new(),
                nb: String::new(),
            },
            reasoning: Vec::new(),
        }
    }

    #[test]
    fn taking_a_damaged_charger_out_of_service_is_not_a_fix() {
        let damage = diagnosis(ConnectorStatus::Unavailable, true, true);
        assert!(!confirms_fix(Some(&damage), ConnectorStatus::Available, true));
        assert!(!confirms_fix(Some(&damage), ConnectorStatus::Unavailable, true));
        let reset = diagnosis(ConnectorStatus::Available, false, false);
        assert!(confirms_fix(Some(&reset), ConnectorStatus::Available, true));
        assert!(!confirms_fix(Some(&reset), ConnectorStatus::Available, false));
        assert!(!confirms_fix(Some(&reset), ConnectorStatus::Faulted, true));
        assert!(confirms_fix(None, ConnectorStatus::Available, true));
    }

    #[test]
    fn waits_then_tries_the_next_then_gives_up() {
        let sent = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
        let verify = VerifyBy {
            status: ConnectorStatus::Available,
            within_minutes: 10,
        };
        let at = |m| sent + Duration::minutes(m);
        assert_eq!(
            follow_up(sent, Some(&verify), 1, at(9)),
            FollowUp::Wait { until: at(10) }
        );
        assert_eq!(
            follow_up(sent, Some(&verify), 1, at(10)),
            FollowUp::TryNext { deadline: at(10) }
        );
        assert_eq!(
            follow_up(sent, Some(&verify), 0, at(11)),
            FollowUp::GiveUp { deadline: at(10) }
        );
        assert_eq!(follow_up(sent, None, 0, at(4)), FollowUp::Wait { until: at(5) });
    }
}
