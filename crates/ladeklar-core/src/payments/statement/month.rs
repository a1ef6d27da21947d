//! The month a statement is for: read from `YYYY-MM`, bounded in the owner's time zone, and
//! stated only once it is over.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::StatementError;

/// How long after a month's end its statement may be issued: a capture being written at
/// midnight lands before the statement reads the month.
pub const SETTLE_MARGIN: TimeDelta = TimeDelta::minutes(10);

/// A calendar month (`2026-11`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StatementMonth {
    year: i32,
    month: u32,
}

impl StatementMonth {
    /// `2026-11` → November 2026. Anything else is [`StatementError::BadMonth`].
    pub fn parse(text: &str) -> Result<Self, StatementError> {
        let bad = || StatementError::BadMonth { given: text.to_owned() };
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || year < 2000 {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> u32 {
        self.month
    }

    /// The month `at` is in, in `tz`.
    pub fn of(at: DateTime<Utc>, tz: Tz) -> Self {
        let local = at.with_timezone(&tz);
        Self {
            year: local.year(),
            month: local.month(),
        }
    }

    /// The month before.
    pub fn previous(&self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The month after.
    pub fn next(&self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month as UTC instants `[start, end)`: local midnight of its first day to local
    /// midnight of the next month's, in `tz`.
    pub fn bounds(&self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (first_instant(*self, tz), first_instant(self.next(), tz))
    }

    /// Whether this month's statement may be issued at `now`: the month has ended in `tz` at
    /// least [`SETTLE_MARGIN`] ago. A month not over yet is [`StatementError::MonthNotOver`].
    pub fn check_over(&self, now: DateTime<Utc>, tz: Tz) -> Result<(), StatementError> {
        let (_, end) = self.bounds(tz);
        if now < end + SETTLE_MARGIN {
            return Err(StatementError::MonthNotOver {
                month: self.to_string(),
                over_at: end + SETTLE_MARGIN,
            });
        }
        Ok(())
    }

    /// The latest month whose statement may be issued at `now` (the job's month).
    pub fn last_over(now: DateTime<Utc>, tz: Tz) -> Self {
        let this = Self::of(now, tz);
        let prev = this.previous();
        if prev.check_over(now, tz).is_ok() {
            prev
        } else {
            prev.previous()
        }
    }
}

/// Local midnight on the first of `m` (midnight is never skipped by a Nordic DST change, but a
/// zone where it is gets the first instant after the gap).
fn first_instant(m: StatementMonth, tz: Tz) -> DateTime<Utc> {
    let date = NaiveDate::from_ymd_opt(m.year, m.month, 1).expect("a parsed month has a first day");
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    match tz.from_local_datetime(&midnight) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            let later = midnight + TimeDelta::hours(1);
            tz.from_local_datetime(&later)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
        }
    }
}

impl std::fmt::Display for StatementMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for StatementMonth {
    type Error = StatementError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<StatementMonth> for String {
    fn from(m: StatementMonth) -> String {
        m.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn reads_year_and_month_only() {
        assert_eq!(StatementMonth::parse("2026-11").unwrap().to_string(), "2026-11");
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-11",
            "2026/11",
            "",
            "november",
            "2026-11-01",
            "１２３４-11",
        ] {
            assert!(
                matches!(StatementMonth::parse(bad), Err(StatementError::BadMonth { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn bounds_are_local_midnights() {
        let oslo: Tz = "Europe/Oslo".parse().unwrap();
        let (start, end) = StatementMonth::parse("2026-03").unwrap().bounds(oslo);
        // 1 March 00:00 CET = 23:00 UTC the day before; 1 April 00:00 CEST = 22:00 UTC.
        assert_eq!(start, at("2026-02-28T23:00:00Z"));
        assert_eq!(end, at("2026-03-31T22:00:00Z"));
        let (_, dec_end) = StatementMonth::parse("2026-12").unwrap().bounds(oslo);
        assert_eq!(dec_end, at("2026-12-31T23:00:00Z"));
    }

    #[test]
    fn a_month_is_stated_once_over_and_settled() {
        let oslo: Tz = "Europe/Oslo".parse().unwrap();
        let nov = StatementMonth::parse("2026-11").unwrap();
        assert!(matches!(
            nov.check_over(at("2026-11-20T12:00:00Z"), oslo),
            Err(StatementError::MonthNotOver { .. })
        ));
        // Midnight in Oslo is 23:00 UTC; the margin is 10 minutes.
        assert!(nov.check_over(at("2026-11-30T23:05:00Z"), oslo).is_err());
        assert!(nov.check_over(at("2026-11-30T23:10:00Z"), oslo).is_ok());
        assert!(StatementMonth::parse("2027-01")
            .unwrap()
            .check_over(at("2026-12-06T12:00:00Z"), oslo)
            .is_err());
    }

    #[test]
    fn the_jobs_month_is_the_last_one_over() {
        let oslo: Tz = "Europe/Oslo".parse().unwrap();
        assert_eq!(
            StatementMonth::last_over(at("2026-12-06T12:00:00Z"), oslo).to_string(),
            "2026-11"
        );
        // Five minutes into January in Oslo: December is not settled yet.
        assert_eq!(
            StatementMonth::last_over(at("2026-12-31T23:05:00Z"), oslo).to_string(),
            "2026-11"
        );
        assert_eq!(
            StatementMonth::last_over(at("2027-01-01T00:00:00Z"), oslo).to_string(),
            "2026-12"
        );
    }
}
