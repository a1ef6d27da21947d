//! The SLA calendar: the hours in which SLA clocks run. Either around the clock (24/7) or
//! business hours on working days in the site's time zone, closed on public holidays.
//!
//! Business hours are local wall-clock times converted to instants day by day with
//! chrono-tz, so a daylight-saving change moves the UTC instants and never the local
//! opening hours. A day's opening or closing time that falls in a DST gap moves to the
//! first valid instant after it; an ambiguous one takes the earlier instant.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::holidays::{holiday_on, Country};

/// How far ahead a business-hours calendar looks for working time before giving up (ten years).
const MAX_DAYS_SEARCHED: i64 = 3660;

/// Which hours count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarKind {
    /// Every minute counts: 24 hours a day, 7 days a week, 365 days a year.
    #[serde(rename = "24x7", alias = "twenty_four_seven")]
    TwentyFourSeven,
    /// Only business hours on working days count.
    #[serde(rename = "business")]
    BusinessHours,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown calendar {0:?}: expected \"business\" or \"24x7\"")]
pub struct UnknownCalendar(pub String);

impl std::str::FromStr for CalendarKind {
    type Err = UnknownCalendar;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "24x7" | "24/7" | "always" => Ok(CalendarKind::TwentyFourSeven),
            "business" | "business_hours" | "business-hours" => Ok(CalendarKind::BusinessHours),
            _ => Err(UnknownCalendar(s.to_string())),
        }
    }
}

/// Local opening hours on working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    /// The working weekdays (public holidays excepted).
    pub weekdays: Vec<Weekday>,
}

impl Default for BusinessHours {
    /// 08:00–16:00, Monday to Friday.
    fn default() -> Self {
        BusinessHours {
            opens: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
            closes: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or(NaiveTime::MIN),
            weekdays: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
        }
    }
}

/// A calendar that cannot produce working time (e.g. no weekdays, or closing before opening).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("business hours close ({closes}) at or before they open ({opens})")]
    ClosesBeforeOpening { opens: NaiveTime, closes: NaiveTime },
    #[error("business hours have no working weekdays")]
    NoWorkingDays,
    #[error("no working time found within ten years of {from}")]
    NoWorkingTime { from: DateTime<Utc> },
}

/// The calendar SLA clocks run on, for one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaCalendar {
    pub kind: CalendarKind,
    pub time_zone: Tz,
    /// Whose public holidays close the business-hours calendar (none: weekends only).
    pub holidays: Option<Country>,
    pub hours: BusinessHours,
}

impl SlaCalendar {
    pub fn around_the_clock(time_zone: Tz) -> SlaCalendar {
        SlaCalendar {
            kind: CalendarKind::TwentyFourSeven,
            time_zone,
            holidays: None,
            hours: BusinessHours::default(),
        }
    }

    /// Business hours 08:00–16:00 Monday–Friday, closed on `country`'s holidays.
    pub fn business_hours(time_zone: Tz, country: Country) -> SlaCalendar {
        SlaCalendar {
            kind: CalendarKind::BusinessHours,
            time_zone,
            holidays: Some(country),
            hours: BusinessHours::default(),
        }
    }

    pub fn new(kind: CalendarKind, time_zone: Tz, country: Country) -> SlaCalendar {
        match kind {
            CalendarKind::TwentyFourSeven => SlaCalendar::around_the_clock(time_zone),
            CalendarKind::BusinessHours => SlaCalendar::business_hours(time_zone, country),
        }
    }

    /// Checks the business hours make sense.
    pub fn validate(&self) -> Result<(), CalendarError> {
        if self.kind == CalendarKind::TwentyFourSeven {
            return Ok(());
        }
        if self.hours.closes <= self.hours.opens {
            return Err(CalendarError::ClosesBeforeOpening {
                opens: self.hours.opens,
                closes: self.hours.closes,
            });
        }
        if self.hours.weekdays.is_empty() {
            return Err(CalendarError::NoWorkingDays);
        }
        Ok(())
    }

    /// Whether `date` (local) is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.kind {
            CalendarKind::TwentyFourSeven => true,
            CalendarKind::BusinessHours => {
                self.hours.weekdays.contains(&date.weekday())
                    && self.holidays.is_none_or(|c| holiday_on(c, date).is_none())
            }
        }
    }

    fn local_instant(&self, naive: NaiveDateTime) -> DateTime<Utc> {
        // Ambiguous (clocks go back): the earlier instant. Gap (clocks go forward): the first
        // valid minute after it (gaps are at most a few hours).
        let mut probe = naive;
        for _ in 0..(4 * 60) {
            if let Some(t) = self.time_zone.from_local_datetime(&probe).earliest() {
                return t.with_timezone(&Utc);
            }
            probe += Duration::minutes(1);
        }
        // No zone has a gap this long; fall back to reading the wall clock as UTC.
        Utc.from_utc_datetime(&naive)
    }

    /// The working window of a local date, as instants, if it is a working day.
    pub fn window(&self, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.is_working_day(date) {
            return None;
        }
        match self.kind {
            CalendarKind::TwentyFourSeven => {
                let next = date.succ_opt()?;
                Some((
                    self.local_instant(date.and_time(NaiveTime::MIN)),
                    self.local_instant(next.and_time(NaiveTime::MIN)),
                ))
            }
            CalendarKind::BusinessHours => Some((
                self.local_instant(date.and_time(self.hours.opens)),
                self.local_instant(date.and_time(self.hours.closes)),
            )),
        }
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.time_zone).date_naive()
    }

    /// Whether `t` is inside working time (a window's close counts as inside, so a deadline
    /// that uses up the day's last minute is "by close of business").
    pub fn is_working_time(&self, t: DateTime<Utc>) -> bool {
        match self.kind {
            CalendarKind::TwentyFourSeven => true,
            CalendarKind::BusinessHours => self
                .window(self.local_date(t))
                .is_some_and(|(open, close)| open <= t && t <= close),
        }
    }

    /// The instant when `working` working time has passed after `start`.
    pub fn add_working_time(&self, start: DateTime<Utc>, working: Duration) -> Result<DateTime<Utc>, CalendarError> {
        if self.kind == CalendarKind::TwentyFourSeven || working <= Duration::zero() {
            return start
                .checked_add_signed(working.max(Duration::zero()))
                .ok_or(CalendarError::NoWorkingTime { from: start });
        }
        self.validate()?;
        let mut remaining = working;
        // Start the day before: a window of the previous local date never reaches into
        // today, but this keeps the loop simple and correct at midnight edges.
        let mut date = self.local_date(start).pred_opt().unwrap_or(NaiveDate::MIN);
        for _ in 0..MAX_DAYS_SEARCHED {
            if let Some((open, close)) = self.window(date) {
                if close > start {
                    let from = open.max(start);
                    let available = close - from;
                    if remaining <= available {
                        return Ok(from + remaining);
                    }
                    remaining -= available;
                }
            }
            date = match date.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
        Err(CalendarError::NoWorkingTime { from: start })
    }

    /// The working time between `from` and `to` (zero if `to` is not after `from`).
    pub fn working_time_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        if to <= from {
            return Duration::zero();
        }
        if self.kind == CalendarKind::TwentyFourSeven {
            return to - from;
        }
        let mut total = Duration::zero();
        let mut date = self.local_date(from).pred_opt().unwrap_or(NaiveDate::MIN);
        let last = self.local_date(to);
        while date <= last {
            if let Some((open, close)) = self.window(date) {
                let s = open.max(from);
                let e = close.min(to);
                if e > s {
                    total += e - s;
                }
            }
            date = match date.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Oslo;

    fn oslo(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Oslo.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
    }

    fn business() -> SlaCalendar {
        SlaCalendar::business_hours(Oslo, Country::Norway)
    }

    #[test]
    fn friday_evening_case_runs_from_monday_morning() {
        // Friday 20 Nov 2026 19:30; 2 working hours → Monday 23 Nov 10:00.
        let due = business()
            .add_working_time(oslo(2026, 11, 20, 19, 30), Duration::hours(2))
            .unwrap();
        assert_eq!(due, oslo(2026, 11, 23, 10, 0));
    }

    #[test]
    fn across_easter_in_norway() {
        // Wednesday 1 April 2026 15:00, 4 working hours: 1 h on Wednesday, then Maundy
        // Thursday, Good Friday, the weekend and Easter Monday are closed → Tuesday 7 April 11:00.
        let due = business()
            .add_working_time(oslo(2026, 4, 1, 15, 0), Duration::hours(4))
            .unwrap();
        assert_eq!(due, oslo(2026, 4, 7, 11, 0));
    }

    #[test]
    fn across_christmas_in_norway() {
        // Wednesday 23 Dec 2026 15:00, 2 working hours: 24 Dec is a working Thursday (not a
        // public holiday in Norway), 25 and 26 Dec are closed.
        let due = business()
            .add_working_time(oslo(2026, 12, 23, 15, 0), Duration::hours(2))
            .unwrap();
        assert_eq!(due, oslo(2026, 12, 24, 9, 0));
        // From Thursday 24 Dec 15:30, 1 h → Monday 28 Dec 08:30.
        let due = business()
            .add_working_time(oslo(2026, 12, 24, 15, 30), Duration::hours(1))
            .unwrap();
        assert_eq!(due, oslo(2026, 12, 28, 8, 30));
    }

    #[test]
    fn across_daylight_saving_changes() {
        // 24/7: Saturday 28 March 2026 23:00 Oslo + 4 h = Sunday 04:00 local (clocks went
        // forward at 02:00), i.e. 4 real hours.
        let cal = SlaCalendar::around_the_clock(Oslo);
        let start = oslo(2026, 3, 28, 23, 0);
        let due = cal.add_working_time(start, Duration::hours(4)).unwrap();
        assert_eq!(due - start, Duration::hours(4));
        assert_eq!(due, oslo(2026, 3, 29, 4, 0));
        // Business hours: Friday 27 March 15:00 + 2 h → Monday 30 March 09:00 local (CEST).
        let due = business()
            .add_working_time(oslo(2026, 3, 27, 15, 0), Duration::hours(2))
            .unwrap();
        assert_eq!(due, oslo(2026, 3, 30, 9, 0));
        // Autumn: Friday 23 Oct 15:00 + 2 h → Monday 26 Oct 09:00 CET.
        let due = business()
            .add_working_time(oslo(2026, 10, 23, 15, 0), Duration::hours(2))
            .unwrap();
        assert_eq!(due, oslo(2026, 10, 26, 9, 0));
    }

    #[test]
    fn working_time_between_matches_add() {
        let cal = business();
        let start = oslo(2026, 3, 31, 10, 0);
        let due = cal.add_working_time(start, Duration::hours(9)).unwrap();
        assert_eq!(cal.working_time_between(start, due), Duration::hours(9));
        assert!(cal.is_working_time(due));
    }

    #[test]
    fn swedish_midsummer_eve_is_closed() {
        let cal = SlaCalendar::business_hours(chrono_tz::Europe::Stockholm, Country::Sweden);
        assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2026, 6, 19).unwrap()));
        assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2026, 6, 18).unwrap()));
    }

    #[test]
    fn impossible_hours_are_errors() {
        let mut cal = business();
        cal.hours.weekdays.clear();
        assert_eq!(
            cal.add_working_time(oslo(2026, 1, 5, 9, 0), Duration::hours(1)),
            Err(CalendarError::NoWorkingDays)
        );
        let mut cal = business();
        cal.hours.closes = cal.hours.opens;
        assert!(matches!(
            cal.add_working_time(oslo(2026, 1, 5, 9, 0), Duration::hours(1)),
            Err(CalendarError::ClosesBeforeOpening { .. })
        ));
    }
}
