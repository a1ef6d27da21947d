//! A visit's time slot, proven inside the case's SLA window ([`schedule`]).
//!
//! The window is the SLA contract's: its calendar (24/7, or business hours on working days
//! in the site's time zone, closed on the site's country's public holidays — computed by
//! [`crate::support::sla::holidays`], Easter-based ones included), from `now` until the
//! case's on-site deadline ([`visit_window`]).
//!
//! The rules, in the order they are checked (the first that fails is the answer):
//! 1. the slot ends after it starts, and lasts at most [`MAX_SLOT`];
//! 2. it does not start in the past;
//! 3. on a business-hours calendar: it lies on a working day — not a weekend, not a public
//!    holiday — and between opening and closing of that one day;
//! 4. it ends by the on-site deadline. **Decision:** when that deadline has already passed
//!    (the case is late), the window is "as soon as possible": the slot must end by the close
//!    of the first working day that has working time left after `now` (24/7: within
//!    [`LATE_WINDOW_24X7`]).

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::support::case::Case;
use crate::support::case_sla::{calendar_for, clock_for};
use crate::support::sla::{holiday_on, CalendarKind, SlaCalendar, SlaClockKind, SlaError, SlaLevel};

/// The longest slot a visit may book.
pub const MAX_SLOT: Duration = Duration::hours(12);
/// A late case on a 24/7 calendar: the visit must be over within this time from `now`.
pub const LATE_WINDOW_24X7: Duration = Duration::hours(24);

/// When the technician is booked to be on site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// The SLA window a visit must fit in: the contract's calendar and the on-site deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitWindow {
    pub calendar: SlaCalendar,
    /// The case's on-site deadline (the SLA's resolution deadline for a field case).
    pub deadline: DateTime<Utc>,
}

/// Why a slot was refused. Each message names what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum SlotRefused {
    #[error("slot: it ends ({ends_at}) at or before it starts ({starts_at})")]
    EndsBeforeItStarts {
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    },
    #[error("slot: it lasts {hours} hours; a visit may book at most 12")]
    TooLong { hours: i64 },
    #[error("slot: it starts in the past ({starts_at}, now is {now})")]
    InThePast {
        starts_at: DateTime<Utc>,
        now: DateTime<Utc>,
    },
    #[error("slot: {date} is a {weekday}, not a working day of the SLA's business hours")]
    NotAWorkingDay { date: NaiveDate, weekday: Weekday },
    #[error("slot: {date} is a public holiday ({name}) in the site's country")]
    PublicHoliday { date: NaiveDate, name: String },
    #[error("slot: it is outside the SLA's business hours ({opens}–{closes} local time on {date})")]
    OutsideBusinessHours {
        date: NaiveDate,
        opens: chrono::NaiveTime,
        closes: chrono::NaiveTime,
    },
    #[error("slot: it ends after the SLA's on-site deadline ({deadline})")]
    AfterDeadline { deadline: DateTime<Utc> },
    #[error("slot: the case is past its on-site deadline; book a visit that ends by {latest} (as soon as possible)")]
    LateCaseNotSoonest { latest: DateTime<Utc> },
}

impl SlotRefused {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            SlotRefused::EndsBeforeItStarts { .. } | SlotRefused::TooLong { .. } => "slot_invalid",
            SlotRefused::InThePast { .. } => "slot_in_the_past",
            SlotRefused::NotAWorkingDay { .. }
            | SlotRefused::PublicHoliday { .. }
            | SlotRefused::OutsideBusinessHours { .. } => "slot_outside_working_time",
            SlotRefused::AfterDeadline { .. } | SlotRefused::LateCaseNotSoonest { .. } => "slot_after_deadline",
        }
    }
}

/// The window a visit for `case` must fit in under `level`: the level's calendar (24/7 or
/// business hours, per the contract) in the site's zone and country, and the case's on-site
/// deadline (its clock, pauses counted, read at `now`).
pub fn visit_window(case: &Case, level: &SlaLevel, now: DateTime<Utc>) -> Result<VisitWindow, SlaError> {
    let calendar = calendar_for(case, level);
    let deadline = clock_for(case, level, &calendar)
        .deadline(SlaClockKind::OnSite, now.max(case.opened_at))?
        .deadline;
    Ok(VisitWindow { calendar, deadline })
}

/// The latest end of a visit for a case already past its deadline at `now`.
fn soonest_end(calendar: &SlaCalendar, now: DateTime<Utc>) -> DateTime<Utc> {
    if calendar.kind == CalendarKind::TwentyFourSeven {
        return now + LATE_WINDOW_24X7;
    }
    let mut date = now.with_timezone(&calendar.time_zone).date_naive();
    for _ in 0..60 {
        if let Some((_, close)) = calendar.window(date) {
            if close > now {
                return close;
            }
        }
        match date.succ_opt() {
            Some(d) => date = d,
            None => break,
        }
    }
    now
}

/// Whether `slot` is inside `window` at `now` (see the module's rules).
pub fn schedule(slot: &Slot, window: &VisitWindow, now: DateTime<Utc>) -> Result<(), SlotRefused> {
    let Slot { starts_at, ends_at } = *slot;
    if ends_at <= starts_at {
        return Err(SlotRefused::EndsBeforeItStarts { starts_at, ends_at });
    }
    if ends_at - starts_at > MAX_SLOT {
        return Err(SlotRefused::TooLong {
            hours: (ends_at - starts_at).num_hours(),
        });
    }
    if starts_at < now {
        return Err(SlotRefused::InThePast { starts_at, now });
    }
    let cal = &window.calendar;
    if cal.kind == CalendarKind::BusinessHours {
        let date = starts_at.with_timezone(&cal.time_zone).date_naive();
        if !cal.hours.weekdays.contains(&date.weekday()) {
            return Err(SlotRefused::NotAWorkingDay {
                date,
                weekday: date.weekday(),
            });
        }
        if let Some(h) = cal.holidays.and_then(|c| holiday_on(c, date)) {
            return Err(SlotRefused::PublicHoliday {
                date,
                name: h.name.to_owned(),
            });
        }
        let inside = cal
            .window(date)
            .is_some_and(|(open, close)| open <= starts_at && ends_at <= close);
        if !inside {
            return Err(SlotRefused::OutsideBusinessHours {
                date,
                opens: cal.hours.opens,
                closes: cal.hours.closes,
            });
        }
    }
    if window.deadline > now {
        if ends_at > window.deadline {
            return Err(SlotRefused::AfterDeadline {
                deadline: window.deadline,
            });
        }
    } else {
        let latest = soonest_end(cal, now);
        if ends_at > latest {
            return Err(SlotRefused::LateCaseNotSoonest { latest });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;
    use chrono_tz::Europe::Oslo;

    use super::*;
    use crate::support::case::fixtures::{new_case, t0};
    use crate::support::sla::{Country, SlaCatalog};

    fn oslo(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Oslo.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
    }

    fn business(deadline: DateTime<Utc>) -> VisitWindow {
        VisitWindow {
            calendar: SlaCalendar::business_hours(Oslo, Country::Norway),
            deadline,
        }
    }

    fn slot(starts_at: DateTime<Utc>, hours: i64) -> Slot {
        Slot {
            starts_at,
            ends_at: starts_at + Duration::hours(hours),
        }
    }

    #[test]
    fn a_slot_in_business_hours_before_the_deadline_is_accepted() {
        let now = oslo(2026, 11, 23, 9, 0);
        let w = business(oslo(2026, 11, 26, 16, 0));
        assert_eq!(schedule(&slot(oslo(2026, 11, 24, 10, 0), 2), &w, now), Ok(()));
        // The whole business day, to the minute.
        assert_eq!(schedule(&slot(oslo(2026, 11, 25, 8, 0), 8), &w, now), Ok(()));
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        let now = oslo(2026, 3, 30, 9, 0);
        let w = business(oslo(2026, 4, 10, 16, 0));
        let cases = [
            (slot(oslo(2026, 3, 30, 8, 0), 2), "starts in the past"),
            (
                slot(oslo(2026, 3, 31, 15, 0), 2),
                "outside the SLA's business hours (08:00:00–16:00:00",
            ),
            (slot(oslo(2026, 3, 31, 7, 0), 2), "outside the SLA's business hours"),
            (slot(oslo(2026, 4, 4, 10, 0), 1), "is a Sat, not a working day"),
            // Maundy Thursday, Good Friday and Easter Monday 2026, computed from Easter.
            (slot(oslo(2026, 4, 2, 10, 0), 1), "public holiday (Skjærtorsdag)"),
            (slot(oslo(2026, 4, 3, 10, 0), 1), "public holiday (Langfredag)"),
            (slot(oslo(2026, 4, 6, 10, 0), 1), "public holiday (Andre påskedag)"),
            (slot(oslo(2026, 4, 13, 10, 0), 1), "after the SLA's on-site deadline"),
            (
                Slot {
                    starts_at: oslo(2026, 3, 31, 10, 0),
                    ends_at: oslo(2026, 3, 31, 10, 0),
                },
                "at or before it starts",
            ),
            (slot(oslo(2026, 3, 31, 10, 0), 13), "at most 12"),
        ];
        for (s, want) in cases {
            let err = schedule(&s, &w, now).unwrap_err().to_string();
            assert!(err.starts_with("slot: "), "{err}");
            assert!(err.contains(want), "{err:?} should say {want:?}");
        }
    }

    #[test]
    fn fixed_norwegian_holidays_are_closed_in_any_year() {
        let now = oslo(2030, 1, 1, 0, 0);
        let w = business(oslo(2031, 1, 1, 0, 0));
        // 17 May 2030 is a Friday, 1 May 2030 a Wednesday, 25 Dec 2030 a Wednesday.
        for (m, d) in [(5, 17), (5, 1), (12, 25), (12, 26)] {
            let err = schedule(&slot(oslo(2030, m, d, 10, 0), 1), &w, now).unwrap_err();
            assert!(matches!(err, SlotRefused::PublicHoliday { .. }), "{m}-{d}: {err}");
        }
        // Ascension Day 2030 (Easter 21 April + 39 days = 30 May).
        let err = schedule(&slot(oslo(2030, 5, 30, 10, 0), 1), &w, now).unwrap_err();
        assert!(err.to_string().contains("Kristi himmelfartsdag"), "{err}");
        assert_eq!(schedule(&slot(oslo(2030, 5, 29, 10, 0), 1), &w, now), Ok(()));
    }

    #[test]
    fn around_the_clock_accepts_nights_and_holidays() {
        let w = VisitWindow {
            calendar: SlaCalendar::around_the_clock(Oslo),
            deadline: oslo(2026, 12, 27, 0, 0),
        };
        let now = oslo(2026, 12, 24, 12, 0);
        assert_eq!(schedule(&slot(oslo(2026, 12, 25, 2, 0), 3), &w, now), Ok(()));
        assert!(schedule(&slot(oslo(2026, 12, 26, 23, 0), 2), &w, now).is_err());
    }

    #[test]
    fn a_late_case_books_the_soonest_working_day() {
        // Deadline passed on Friday; now Friday 17:00 after closing: Monday's close is the latest.
        let w = business(oslo(2026, 11, 20, 12, 0));
        let now = oslo(2026, 11, 20, 17, 0);
        assert_eq!(schedule(&slot(oslo(2026, 11, 23, 13, 0), 2), &w, now), Ok(()));
        let err = schedule(&slot(oslo(2026, 11, 24, 9, 0), 2), &w, now).unwrap_err();
        assert_eq!(
            err,
            SlotRefused::LateCaseNotSoonest {
                latest: oslo(2026, 11, 23, 16, 0)
            }
        );
    }

    #[test]
    fn the_window_comes_from_the_cases_level_and_clock() {
        // Standard is 24/7; P2 on site within 2880 minutes of the opening.
        let case = new_case();
        let catalog = SlaCatalog::builtin();
        let w = visit_window(&case, catalog.get("Standard").unwrap(), t0()).unwrap();
        assert_eq!(w.calendar.kind, CalendarKind::TwentyFourSeven);
        assert_eq!(w.deadline, t0() + Duration::minutes(2880));
        // Basic is business hours: 1440 working minutes from Monday 09:00 Oslo = 7 h on
        // Monday, 8 on Tuesday, 8 on Wednesday, 1 on Thursday → Thursday 09:00 Oslo.
        let w = visit_window(&case, catalog.get("Basic").unwrap(), t0()).unwrap();
        assert_eq!(w.calendar.kind, CalendarKind::BusinessHours);
        assert_eq!(w.deadline, oslo(2026, 11, 26, 9, 0));
    }
}
