//! Sessions that never close (ev-server#799): a session under way with no message from its
//! charger for longer than a limit is stuck and shown to support.

use chrono::{DateTime, Duration, Utc};

use crate::session::SessionStatus;

/// How long the session has been silent, if that makes it stuck: it is charging or
/// stopping, and its last message is `limit` or more before `now`.
pub fn stuck_for(
    status: SessionStatus,
    last_message_at: DateTime<Utc>,
    now: DateTime<Utc>,
    limit: Duration,
) -> Option<Duration> {
    let silent = now - last_message_at;
    (status.has_open_transaction() && silent >= limit).then_some(silent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn only_sessions_under_way_and_silent_past_the_limit_are_stuck() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
        let hour = Duration::hours(1);
        let now = t0 + Duration::minutes(61);
        assert_eq!(
            stuck_for(SessionStatus::Charging, t0, now, hour),
            Some(Duration::minutes(61))
        );
        assert_eq!(
            stuck_for(SessionStatus::Stopping, t0, now, hour),
            Some(Duration::minutes(61))
        );
        assert_eq!(
            stuck_for(SessionStatus::Charging, t0, t0 + Duration::minutes(59), hour),
            None
        );
        assert!(stuck_for(SessionStatus::Charging, t0, t0 + hour, hour).is_some());
        for done in [SessionStatus::Completed, SessionStatus::Pending, SessionStatus::Failed] {
            assert_eq!(stuck_for(done, t0, now, hour), None, "{done:?}");
        }
    }
}
