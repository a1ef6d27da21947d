//! MeterValues: which session the readings belong to, and what they add to it.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::readings::check_new_readings;
use super::{merge_anomalies, MeterReading, SessionState, StoredSample};
use crate::meter_check::MeterAnomaly;
use crate::session::SessionStatus;

/// The session a MeterValues message is about. With a transaction id, the session the server
/// found by it (`by_transaction`); without one, the session under way on the connector
/// (`on_connector`), if it has started: a pending session has no transaction to measure yet.
pub fn meter_values_session<'a>(
    transaction_id: Option<i64>,
    by_transaction: Option<&'a SessionState>,
    on_connector: Option<&'a SessionState>,
) -> Option<&'a SessionState> {
    match transaction_id {
        Some(_) => by_transaction,
        None => on_connector.filter(|s| s.status != SessionStatus::Pending),
    }
}

/// What to do with a session's MeterValues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeterOutcome {
    /// Readings for a session that is no longer open: kept for review, the session unchanged.
    Quarantine { reason: String },
    /// Store `samples`, and `anomalies` (the session's whole new list) when it changed; the
    /// session was last heard from at `heard_at`.
    Record {
        samples: Vec<StoredSample>,
        anomalies: Option<Vec<MeterAnomaly>>,
        found: Vec<MeterAnomaly>,
        heard_at: DateTime<Utc>,
    },
}

/// Decides MeterValues for `session` at `now`. `known`: its stored samples from the one just
/// before the earliest new reading on (see `readings::check_new_readings`).
pub fn on_meter_values(
    session: &SessionState,
    known: &[StoredSample],
    readings: &[MeterReading],
    max_power_w: Decimal,
    now: DateTime<Utc>,
) -> MeterOutcome {
    let (true, Some(start)) = (session.status.has_open_transaction(), session.start) else {
        return MeterOutcome::Quarantine {
            reason: format!("session {} is already {}", session.id, session.status.as_str()),
        };
    };
    let checked = check_new_readings(start, known, readings, max_power_w);
    MeterOutcome::Record {
        anomalies: merge_anomalies(&session.anomalies, &checked.anomalies),
        found: checked.anomalies,
        samples: checked.samples,
        heard_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_events::test_support::{charging, reading, t};
    use crate::session_events::ReadingContext::Sample;

    #[test]
    fn readings_without_a_transaction_id_belong_to_the_started_session_on_the_connector() {
        let started = charging(0);
        let pending = SessionState {
            status: SessionStatus::Pending,
            ..charging(0)
        };
        assert_eq!(meter_values_session(None, None, Some(&started)), Some(&started));
        assert_eq!(meter_values_session(None, None, Some(&pending)), None);
        assert_eq!(meter_values_session(Some(7), None, Some(&started)), None);
        assert_eq!(meter_values_session(Some(7), Some(&started), None), Some(&started));
    }

    #[test]
    fn readings_after_the_stop_are_held() {
        let done = SessionState {
            status: SessionStatus::Completed,
            ..charging(0)
        };
        let out = on_meter_values(&done, &[], &[reading(5, 100, Sample)], 22_000.into(), t(6));
        assert_eq!(
            out,
            MeterOutcome::Quarantine {
                reason: "session s1 is already completed".into()
            }
        );
    }

    #[test]
    fn a_reset_is_recorded_once_and_the_sample_left_out() {
        let mut s = charging(50_000);
        let out = on_meter_values(&s, &[], &[reading(5, 10, Sample)], 22_000.into(), t(6));
        let MeterOutcome::Record {
            samples,
            anomalies: Some(all),
            heard_at,
            ..
        } = out
        else {
            panic!("{out:?}")
        };
        assert!(samples.is_empty());
        assert_eq!(heard_at, t(6));
        assert_eq!(all.len(), 1);
        s.anomalies = all;
        let again = on_meter_values(&s, &[], &[reading(7, 11, Sample)], 22_000.into(), t(8));
        assert!(
            matches!(again, MeterOutcome::Record { anomalies: None, .. }),
            "{again:?}"
        );
    }
}
