//! Where a restriction can change its verdict during a session: the instants at which
//! periods are split so that each piece is priced by one element.
//!
//! - local times of day named by `start_time`/`end_time`, and local midnights (for dates and
//!   days of week), resolved in the site's zone on every local day the session touches. A
//!   time that occurs twice (autumn) yields both instants; a time skipped by a spring-forward
//!   gap yields the first instant after the gap;
//! - daylight-saving transitions themselves (local time jumps there);
//! - `session start + min_duration / max_duration`;
//! - `min_kwh`/`max_kwh` thresholds, found per period by linear interpolation of its energy
//!   (see [`kwh_thresholds`]).

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use crate::tariff::Tariff;

/// Sorted, deduplicated instants strictly inside `(start, end)` where a time-based
/// restriction of `tariff` may change.
pub(crate) fn time_boundaries(tariff: &Tariff, tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let mut out = Vec::new();
    let mut times: Vec<NaiveTime> = Vec::new();
    let mut needs_local = false;
    for r in tariff.elements.iter().filter_map(|e| e.restrictions.as_ref()) {
        times.extend(r.start_time);
        times.extend(r.end_time);
        needs_local |= r.start_time.is_some()
            || r.end_time.is_some()
            || r.start_date.is_some()
            || r.end_date.is_some()
            || !r.day_of_week.is_empty();
        for secs in [r.min_duration, r.max_duration].into_iter().flatten() {
            if let Some(b) = start.checked_add_signed(Duration::seconds(i64::from(secs))) {
                out.push(b);
            }
        }
    }
    if needs_local {
        times.push(NaiveTime::MIN);
        times.sort_unstable();
        times.dedup();
        local_boundaries(tz, start, end, &times, &mut out);
    }
    out.retain(|b| *b > start && *b < end);
    out.sort_unstable();
    out.dedup();
    out
}

/// The instants at which the local clock reads one of `times` on the local days around
/// `[start, end]`, and the UTC-offset changes between local midnights.
///
/// Like the splitting itself, this takes the offset to change at most once between two
/// local midnights (a change is found by comparing the offsets at consecutive midnights).
/// On a day whose midnights have the same offset, a time of day is therefore that midnight
/// plus the time, without asking the zone; only a day with a change resolves its times in
/// the zone ([`resolve`]).
fn local_boundaries(
    tz: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    times: &[NaiveTime],
    out: &mut Vec<DateTime<Utc>>,
) {
    let first = start.with_timezone(&tz).date_naive().pred_opt();
    let last = end.with_timezone(&tz).date_naive().succ_opt();
    let (Some(first), Some(last)) = (first, last) else {
        return;
    };
    let offset = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    // The earliest instant at which the local day begins, the offset there, and whether the
    // clock reads 00:00 then (not when a gap skips midnight).
    let midnight = |day: NaiveDate, offset_before: Option<FixedOffset>| {
        let local = day.and_time(NaiveTime::MIN);
        if let Some(before) = offset_before {
            // The offset of the midnight before, unless it changed since.
            let guess = local.and_utc() - Duration::seconds(i64::from(before.local_minus_utc()));
            if offset(guess) == before {
                return Some((guess, before, true));
            }
        }
        let mut found = Vec::with_capacity(2);
        resolve(tz, day, NaiveTime::MIN, &mut found);
        found.first().map(|&m| {
            let o = offset(m);
            (
                m,
                o,
                m.naive_utc() + Duration::seconds(i64::from(o.local_minus_utc())) == local,
            )
        })
    };
    let mut day = first;
    let mut this = midnight(day, None);
    let mut prev_midnight: Option<(DateTime<Utc>, FixedOffset)> = None;
    loop {
        let next_day = day.succ_opt();
        let next = next_day.and_then(|d| midnight(d, this.map(|(_, o, _)| o)));
        match (this, next) {
            (Some((m, o, true)), Some((_, next_o, _))) if o == next_o => {
                for t in times {
                    out.push(m + t.signed_duration_since(NaiveTime::MIN));
                }
            }
            _ => {
                for t in times {
                    resolve(tz, day, *t, out);
                }
            }
        }
        // Daylight-saving transitions between this local midnight and the previous one
        // (none when their offsets agree: `transition_between` would find none).
        if let (Some((a, a_offset)), Some((b, b_offset, _))) = (prev_midnight, this) {
            if a_offset != b_offset {
                if let Some(t) = transition_between(tz, a, b) {
                    out.push(t);
                }
            }
        }
        prev_midnight = this.map(|(m, o, _)| (m, o)).or(prev_midnight);
        match next_day {
            Some(d) if d <= last => {
                day = d;
                this = next;
            }
            _ => break,
        }
    }
}

/// [`local_boundaries`] as first written: every time of every day resolved in the zone.
#[cfg(test)]
fn local_boundaries_reference(
    tz: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    times: &[NaiveTime],
    out: &mut Vec<DateTime<Utc>>,
) {
    let first = start.with_timezone(&tz).date_naive().pred_opt();
    let last = end.with_timezone(&tz).date_naive().succ_opt();
    let (Some(mut day), Some(last)) = (first, last) else {
        return;
    };
    let mut prev_midnight: Option<DateTime<Utc>> = None;
    while day <= last {
        for t in times {
            resolve(tz, day, *t, out);
        }
        let mut midnight = Vec::with_capacity(2);
        resolve(tz, day, NaiveTime::MIN, &mut midnight);
        if let (Some(a), Some(b)) = (prev_midnight, midnight.first().copied()) {
            if let Some(t) = transition_between(tz, a, b) {
                out.push(t);
            }
        }
        prev_midnight = midnight.first().copied().or(prev_midnight);
        match day.succ_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
}

/// Every instant at which the local clock reads `day time` (or first reads past it, if a
/// gap skips it).
fn resolve(tz: Tz, day: NaiveDate, time: NaiveTime, out: &mut Vec<DateTime<Utc>>) {
    let local = day.and_time(time);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => out.push(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => {
            out.push(a.with_timezone(&Utc));
            out.push(b.with_timezone(&Utc));
        }
        LocalResult::None => {
            // Inside a spring-forward gap: the first existing minute after it.
            for minutes in 1..=1440 {
                let Some(later) = local.checked_add_signed(Duration::minutes(minutes)) else {
                    return;
                };
                if let Some(t) = tz.from_local_datetime(&later).earliest() {
                    // The gap ends at a transition, which lies at or before `t`.
                    let before = t.with_timezone(&Utc) - Duration::minutes(1);
                    out.push(transition_between(tz, before, t.with_timezone(&Utc)).unwrap_or(t.with_timezone(&Utc)));
                    return;
                }
            }
        }
    }
}

/// The first instant in `(a, b]` whose UTC offset differs from the offset at `a`, to the
/// second, if any.
fn transition_between(tz: Tz, a: DateTime<Utc>, b: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let offset = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    let at_a = offset(a);
    if offset(b) == at_a {
        return None;
    }
    // Real zone transitions fall on whole seconds: search whole seconds.
    let (mut lo, mut hi) = (a.timestamp(), b.timestamp());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        match DateTime::from_timestamp(mid, 0) {
            Some(t) if offset(t) == at_a => lo = mid,
            Some(_) => hi = mid,
            None => return None,
        }
    }
    DateTime::from_timestamp(hi, 0)
}

/// Sorted, deduplicated `min_kwh`/`max_kwh` values of `tariff`.
pub(crate) fn kwh_thresholds(tariff: &Tariff) -> Vec<Decimal> {
    let mut out: Vec<Decimal> = tariff
        .elements
        .iter()
        .filter_map(|e| e.restrictions.as_ref())
        .flat_map(|r| [r.min_kwh, r.max_kwh])
        .flatten()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn tariff(restrictions: &str) -> Tariff {
        Tariff::from_json(&format!(
            r#"{{"id":"t","currency":"NOK","elements":[{{"price_components":[{{"type":"ENERGY","price":1,"step_size":1}}],"restrictions":{restrictions}}}]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn an_overnight_window_splits_at_both_ends_and_midnight() {
        let t = tariff(r#"{"start_time":"22:00","end_time":"06:00"}"#);
        let start = Utc.with_ymd_and_hms(2026, 1, 9, 20, 0, 0).unwrap(); // 21:00 Oslo
        let end = start + Duration::hours(12);
        let b = time_boundaries(&t, chrono_tz::Europe::Oslo, start, end);
        let hours: Vec<_> = b
            .iter()
            .map(|t| t.with_timezone(&chrono_tz::Europe::Oslo).format("%d %H:%M").to_string())
            .collect();
        assert_eq!(hours, vec!["09 22:00", "10 00:00", "10 06:00"]);
    }

    #[test]
    fn autumn_transition_yields_both_occurrences_and_the_jump() {
        let t = tariff(r#"{"start_time":"02:30","end_time":"05:00"}"#);
        // Oslo falls back at 2026-10-25 01:00 UTC (03:00 CEST -> 02:00 CET).
        let start = Utc.with_ymd_and_hms(2026, 10, 24, 22, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2026, 10, 25, 5, 0, 0).unwrap();
        let b = time_boundaries(&t, chrono_tz::Europe::Oslo, start, end);
        let utc: Vec<_> = b.iter().map(|t| t.format("%H:%M").to_string()).collect();
        assert_eq!(utc, vec!["00:30", "01:00", "01:30", "04:00"]);
    }

    #[test]
    fn a_time_inside_the_spring_gap_resolves_to_the_end_of_the_gap() {
        let t = tariff(r#"{"start_time":"02:30","end_time":"05:00"}"#);
        // Oslo springs forward at 2026-03-29 01:00 UTC (02:00 CET -> 03:00 CEST).
        let start = Utc.with_ymd_and_hms(2026, 3, 28, 23, 30, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2026, 3, 29, 4, 0, 0).unwrap();
        let b = time_boundaries(&t, chrono_tz::Europe::Oslo, start, end);
        let utc: Vec<_> = b.iter().map(|t| t.format("%H:%M").to_string()).collect();
        assert_eq!(utc, vec!["01:00", "03:00"]);
    }

    #[test]
    fn local_boundaries_match_resolving_every_time_in_the_zone() {
        use chrono_tz::{America, Antarctica, Asia, Australia, Europe, Pacific};
        let zones = [
            Europe::Oslo,
            Europe::London,
            Europe::Moscow,
            America::New_York,
            America::Sao_Paulo,
            America::Havana,
            America::Santiago,
            Australia::Lord_Howe,
            Pacific::Apia,
            Pacific::Chatham,
            Asia::Tehran,
            Asia::Gaza,
            Antarctica::Troll,
            chrono_tz::UTC,
        ];
        let times: Vec<NaiveTime> = ["00:00", "00:30", "01:00", "02:00", "02:30", "03:00", "06:00", "23:30"]
            .iter()
            .map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap())
            .collect();
        // Sessions of 7 h to 3 days starting every 5 h 17 min from 2010 on, for each zone.
        for tz in zones {
            let mut start = Utc.with_ymd_and_hms(2010, 1, 1, 0, 0, 0).unwrap();
            for step in 0..3000i64 {
                let end = start + Duration::hours(7 + (step % 66));
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                local_boundaries(tz, start, end, &times, &mut fast);
                local_boundaries_reference(tz, start, end, &times, &mut slow);
                for v in [&mut fast, &mut slow] {
                    v.sort_unstable();
                    v.dedup();
                }
                assert_eq!(fast, slow, "{tz} {start} {end}");
                start += Duration::minutes(5 * 60 + 17) + Duration::days(step % 3);
            }
        }
    }
}
