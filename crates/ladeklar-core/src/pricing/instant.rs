//! Instants with their nanoseconds since the epoch, so that the per-piece differences and
//! local clock readings are integer arithmetic instead of chrono's calendar arithmetic.
//!
//! Exactness: for instants without a leap second, chrono's `(b - a).num_milliseconds()` is
//! the nanosecond difference truncated toward zero, and `naive_local()` is the UTC
//! nanoseconds plus the zone's offset read as a calendar date and time. An instant in a leap
//! second (nanosecond field ≥ 1e9, which an RFC 3339 `:60` can produce) and an instant outside
//! 1827–2112 (where nanoseconds, their differences and local offsets fit an i64, so no slow
//! 128-bit division) keep chrono's own arithmetic.

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use super::compiled::LocalClock;

const NS_PER_SEC: i64 = 1_000_000_000;
const NS_PER_MS: i64 = 1_000_000;
/// ±4.5e9 s around the epoch (1827–2112): twice that in nanoseconds still fits an i64.
const PLAIN_SECS: std::ops::RangeInclusive<i64> = -4_500_000_000..=4_500_000_000;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Instant {
    pub at: DateTime<Utc>,
    /// Nanoseconds since the epoch; `None` for a leap second or a far year.
    ns: Option<i64>,
}

impl Instant {
    pub fn new(at: DateTime<Utc>) -> Instant {
        let sub = at.timestamp_subsec_nanos();
        let secs = at.timestamp();
        let plain = sub < 1_000_000_000 && PLAIN_SECS.contains(&secs);
        Instant {
            at,
            ns: plain.then(|| secs * NS_PER_SEC + i64::from(sub)),
        }
    }

    /// `(self - earlier).num_milliseconds()`.
    pub fn ms_since(&self, earlier: &Instant) -> i64 {
        match (self.ns, earlier.ns) {
            (Some(a), Some(b)) => (a - b) / NS_PER_MS,
            _ => (self.at - earlier.at).num_milliseconds(),
        }
    }

    /// The local date and time in `tz` (`Some`) or in UTC (`None`).
    pub fn local(&self, tz: Option<Tz>) -> LocalClock {
        let offset_secs = tz.map_or(0, |tz| {
            tz.offset_from_utc_datetime(&self.at.naive_utc())
                .fix()
                .local_minus_utc()
        });
        self.ns
            .and_then(|ns| LocalClock::from_local_ns(ns + i64::from(offset_secs) * NS_PER_SEC))
            .unwrap_or_else(|| {
                LocalClock::from_naive(match tz {
                    Some(tz) => self.at.with_timezone(&tz).naive_local(),
                    None => self.at.naive_utc(),
                })
            })
    }
}

impl PartialEq for Instant {
    fn eq(&self, other: &Instant) -> bool {
        match (self.ns, other.ns) {
            (Some(a), Some(b)) => a == b,
            _ => self.at == other.at,
        }
    }
}

impl PartialOrd for Instant {
    fn partial_cmp(&self, other: &Instant) -> Option<std::cmp::Ordering> {
        // Nanoseconds order plain instants as chrono does.
        match (self.ns, other.ns) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => self.at.partial_cmp(&other.at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn differences_and_local_clocks_match_chrono() {
        let tz = chrono_tz::Europe::Oslo;
        let a = DateTime::parse_from_rfc3339("2026-03-29T00:59:59.999999999Z")
            .unwrap()
            .with_timezone(&Utc);
        for step in -500i64..500 {
            let b = a + Duration::nanoseconds(step * 3_333_333_337);
            let (ia, ib) = (Instant::new(a), Instant::new(b));
            assert_eq!(ib.ms_since(&ia), (b - a).num_milliseconds(), "{b}");
            assert_eq!(ia.ms_since(&ib), (a - b).num_milliseconds(), "{b}");
            for zone in [Some(tz), None] {
                let fast = ib.local(zone);
                let slow = LocalClock::from_naive(zone.map_or(b.naive_utc(), |tz| b.with_timezone(&tz).naive_local()));
                assert_eq!((fast.time, fast.day), (slow.time, slow.day), "{b}");
            }
        }
        let leap = DateTime::parse_from_rfc3339("2016-12-31T23:59:60.5Z")
            .unwrap()
            .with_timezone(&Utc);
        let before = leap - Duration::seconds(3);
        assert_eq!(
            Instant::new(leap).ms_since(&Instant::new(before)),
            (leap - before).num_milliseconds()
        );
    }
}
