//! Which price applies when: the element that prices each dimension for a session at one
//! instant (`applying`), and the next instant within a horizon at which that changes
//! (`next_change`) — a time-of-day price starting, a per-minute fee starting at a minute of
//! the session. Pure: the instant, the session's start and energy and the site's zone are
//! passed in.
//!
//! **Rules** (as the pricing engine's `restrictions`): times of day, days and dates are read
//! in the site's zone (start inclusive, end exclusive, `end < start` wraps past midnight);
//! `min_duration`/`max_duration` count from the session's start, `min_kwh`/`max_kwh` on its
//! energy; a power or current restriction does not hold when the power is not known (it is
//! not, before or between readings); reservation elements never price charging.

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{DayOfWeek, Tariff, TariffDimensionType, TariffRestrictions};

/// The dimensions in AFIR order.
pub const DIMENSIONS: [TariffDimensionType; 4] = [
    TariffDimensionType::Energy,
    TariffDimensionType::Time,
    TariffDimensionType::Flat,
    TariffDimensionType::ParkingTime,
];

/// A moment of a session: when, how long since it started, how much energy so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionMoment {
    pub at: DateTime<Utc>,
    pub elapsed_secs: i64,
    pub energy_kwh: Decimal,
}

fn day_of(w: Weekday) -> DayOfWeek {
    match w {
        Weekday::Mon => DayOfWeek::Monday,
        Weekday::Tue => DayOfWeek::Tuesday,
        Weekday::Wed => DayOfWeek::Wednesday,
        Weekday::Thu => DayOfWeek::Thursday,
        Weekday::Fri => DayOfWeek::Friday,
        Weekday::Sat => DayOfWeek::Saturday,
        Weekday::Sun => DayOfWeek::Sunday,
    }
}

fn holds(r: &TariffRestrictions, tz: Tz, m: &SessionMoment) -> bool {
    let local = m.at.with_timezone(&tz).naive_local();
    let t = local.time();
    let in_window = match (r.start_time, r.end_time) {
        (Some(s), Some(e)) if s == e => true,
        (Some(s), Some(e)) if e < s => t >= s || t < e,
        (Some(s), Some(e)) => t >= s && t < e,
        (Some(s), None) => t >= s,
        (None, Some(e)) => t < e,
        (None, None) => true,
    };
    in_window
        && r.reservation.is_none()
        && r.start_date.is_none_or(|d| local.date() >= d)
        && r.end_date.is_none_or(|d| local.date() < d)
        && r.min_kwh.is_none_or(|v| m.energy_kwh >= v)
        && r.max_kwh.is_none_or(|v| m.energy_kwh < v)
        && r.min_duration.is_none_or(|v| m.elapsed_secs >= i64::from(v))
        && r.max_duration.is_none_or(|v| m.elapsed_secs < i64::from(v))
        && r.min_power.is_none()
        && r.max_power.is_none()
        && r.min_current.is_none()
        && r.max_current.is_none()
        && (r.day_of_week.is_empty() || r.day_of_week.contains(&day_of(local.weekday())))
}

/// For each dimension (AFIR order), the index of the element that prices it at `m`, or
/// `None` when nothing does (that dimension is free then).
pub fn applying(tariff: &Tariff, tz: Tz, m: &SessionMoment) -> [Option<usize>; 4] {
    DIMENSIONS.map(|dimension| {
        tariff.elements.iter().position(|el| {
            el.price_components.iter().any(|c| c.dimension == dimension)
                && el.restrictions.as_ref().is_none_or(|r| holds(r, tz, m))
        })
    })
}

/// Whether some of the tariff's prices depend on the time of day, the day or the date.
pub fn has_calendar(tariff: &Tariff) -> bool {
    tariff.elements.iter().filter_map(|e| e.restrictions.as_ref()).any(|r| {
        r.start_time.is_some()
            || r.end_time.is_some()
            || !r.day_of_week.is_empty()
            || r.start_date.is_some()
            || r.end_date.is_some()
    })
}

/// A price about to change in a running session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceChange {
    /// When it changes.
    pub at: DateTime<Utc>,
    pub dimension: TariffDimensionType,
    /// The element pricing the dimension before and from `at` (`None`: free).
    pub before: Option<usize>,
    pub after: Option<usize>,
}

/// The first change of a price (in AFIR order at the same instant) after `now` and at most
/// `horizon` later, for a session that started at `session_start` and has `energy_kwh` so far
/// (held: energy thresholds are not foreseen).
pub fn next_change(
    tariff: &Tariff,
    tz: Tz,
    session_start: DateTime<Utc>,
    now: DateTime<Utc>,
    energy_kwh: Decimal,
    horizon: Duration,
) -> Option<PriceChange> {
    let end = now.checked_add_signed(horizon)?;
    let moment = |at: DateTime<Utc>| SessionMoment {
        at,
        elapsed_secs: (at - session_start).num_seconds(),
        energy_kwh,
    };
    let mut candidates = crate::pricing::boundaries::time_boundaries(tariff, tz, now, end);
    for r in tariff.elements.iter().filter_map(|e| e.restrictions.as_ref()) {
        for secs in [r.min_duration, r.max_duration].into_iter().flatten() {
            if let Some(b) = session_start.checked_add_signed(Duration::seconds(i64::from(secs))) {
                candidates.push(b);
            }
        }
    }
    candidates.push(end);
    candidates.retain(|b| *b > now && *b <= end);
    candidates.sort_unstable();
    candidates.dedup();
    let before = applying(tariff, tz, &moment(now));
    candidates.into_iter().find_map(|at| {
        let after = applying(tariff, tz, &moment(at));
        DIMENSIONS
            .iter()
            .zip(before.iter().zip(after.iter()))
            .find(|(_, (b, a))| b != a)
            .map(|(dimension, (b, a))| PriceChange {
                at,
                dimension: *dimension,
                before: *b,
                after: *a,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Oslo;

    fn night_and_fee() -> Tariff {
        Tariff::from_json(
            r#"{"id":"t","currency":"NOK","elements":[
            {"price_components":[{"type":"ENERGY","price":2.32,"vat":25,"step_size":1}],"restrictions":{"start_time":"22:00","end_time":"06:00"}},
            {"price_components":[{"type":"TIME","price":24,"vat":25,"step_size":60}],"restrictions":{"min_duration":3600}},
            {"price_components":[{"type":"ENERGY","price":3.12,"vat":25,"step_size":1}]}]}"#,
        )
        .unwrap()
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        // A winter day: Oslo is UTC+1.
        Oslo.with_ymd_and_hms(2026, 1, 15, h, m, 0).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_element_that_applies_now_follows_the_sites_clock() {
        let t = night_and_fee();
        let m = |at| SessionMoment {
            at,
            elapsed_secs: 0,
            energy_kwh: Decimal::ZERO,
        };
        assert_eq!(applying(&t, Oslo, &m(at(21, 59))), [Some(2), None, None, None]);
        assert_eq!(applying(&t, Oslo, &m(at(22, 0))), [Some(0), None, None, None]);
        assert_eq!(applying(&t, Oslo, &m(at(5, 59))), [Some(0), None, None, None]);
        let late = SessionMoment {
            at: at(12, 0),
            elapsed_secs: 3600,
            energy_kwh: Decimal::ZERO,
        };
        assert_eq!(applying(&t, Oslo, &late), [Some(2), Some(1), None, None]);
        assert!(has_calendar(&t));
    }

    #[test]
    fn a_fee_starting_at_a_minute_of_the_session_and_a_night_price_are_foreseen() {
        let t = night_and_fee();
        // Started 21:10: the night price at 22:00 comes before the fee at 22:10.
        let change = next_change(&t, Oslo, at(21, 10), at(21, 40), Decimal::ONE, Duration::minutes(30)).unwrap();
        assert_eq!(
            change,
            PriceChange {
                at: at(22, 0),
                dimension: TariffDimensionType::Energy,
                before: Some(2),
                after: Some(0)
            }
        );
        // Started 12:00: at 12:56 the per-minute fee is 4 min away.
        let change = next_change(&t, Oslo, at(12, 0), at(12, 56), Decimal::ONE, Duration::minutes(10)).unwrap();
        assert_eq!(change.at, at(13, 0));
        assert_eq!(
            (change.dimension, change.before, change.after),
            (TariffDimensionType::Time, None, Some(1))
        );
        // Nothing within the horizon.
        assert_eq!(
            next_change(&t, Oslo, at(12, 0), at(12, 10), Decimal::ONE, Duration::minutes(10)),
            None
        );
    }
}
