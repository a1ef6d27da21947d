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

use super::fault::VerifyBy;

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
    use crate::session::ConnectorStatus;
    use chrono::TimeZone;

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
