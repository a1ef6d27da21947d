//! A session's stored samples → the usage the pricer bills: the one builder the server's
//! receipt, its live view and the UI's running cost share.

use chrono::{DateTime, Utc};

use crate::pricing::{MeterSample, SessionUsage};

/// The usage of a session that started at `started_at`: up to its stop, or up to its last
/// sample while it runs (never before the start). Samples outside that window are left out.
/// `None` before the charger started the transaction.
pub fn session_usage(
    started_at: Option<DateTime<Utc>>,
    stopped_at: Option<DateTime<Utc>>,
    samples: &[MeterSample],
) -> Option<SessionUsage> {
    let start = started_at?;
    let end = stopped_at
        .or_else(|| samples.last().map(|s| s.at))
        .unwrap_or(start)
        .max(start);
    let samples = samples
        .iter()
        .filter(|s| s.at >= start && s.at <= end)
        .copied()
        .collect();
    Some(SessionUsage { start, end, samples })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_events::test_support::t;
    use rust_decimal::Decimal;

    fn sample(min: i64, wh: i64) -> MeterSample {
        MeterSample {
            at: t(min),
            energy_wh: Decimal::from(wh),
        }
    }

    #[test]
    fn a_running_session_is_priced_to_its_last_sample() {
        let u = session_usage(Some(t(0)), None, &[sample(10, 1), sample(20, 2)]).unwrap();
        assert_eq!((u.start, u.end, u.samples.len()), (t(0), t(20), 2));
    }

    #[test]
    fn a_stopped_session_is_priced_to_its_stop_and_samples_outside_are_left_out() {
        let u = session_usage(Some(t(5)), Some(t(15)), &[sample(0, 0), sample(10, 1), sample(20, 2)]).unwrap();
        assert_eq!((u.start, u.end), (t(5), t(15)));
        assert_eq!(u.samples, [sample(10, 1)]);
    }

    #[test]
    fn before_the_start_there_is_nothing_to_price_and_the_end_is_never_before_the_start() {
        assert!(session_usage(None, None, &[]).is_none());
        let u = session_usage(Some(t(5)), None, &[sample(1, 0)]).unwrap();
        assert_eq!((u.start, u.end), (t(5), t(5)));
        assert!(u.samples.is_empty());
    }
}
