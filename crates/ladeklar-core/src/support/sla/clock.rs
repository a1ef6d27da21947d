//! SLA clocks: deadlines, time left, the next deadline to act on, met or breached.
//!
//! A clock starts when the case is opened, runs only in the calendar's working time and
//! stops while the case waits for the customer ([`Pause`]). A pause still open at `now`
//! is taken to end at `now`: the deadline shown is the earliest it can be once the
//! customer answers.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::calendar::{CalendarError, SlaCalendar};
use super::levels::{SlaLevel, SlaLevelError};
use crate::support::priority::Priority;

/// A stretch of time in which the SLA clock stood still (waiting for the customer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    /// `None` while still waiting.
    pub until: Option<DateTime<Utc>>,
}

/// The SLA deadlines of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaClockKind {
    /// A support agent has acted on the case.
    Response,
    /// 1st line's share of the remote-resolution window; when used up, escalate to 2nd line.
    FirstLineWindow,
    /// The remote phase is over: fixed remotely, or a field action proposed.
    RemoteResolution,
    /// The technician is on site (field cases only).
    OnSite,
}

impl SlaClockKind {
    pub const ALL: [SlaClockKind; 4] = [
        SlaClockKind::Response,
        SlaClockKind::FirstLineWindow,
        SlaClockKind::RemoteResolution,
        SlaClockKind::OnSite,
    ];

    /// Whether this is a target signed with the customer (the 1st line window is internal).
    pub fn is_customer_target(self) -> bool {
        self != SlaClockKind::FirstLineWindow
    }

    pub fn label(self) -> &'static str {
        match self {
            SlaClockKind::Response => "response",
            SlaClockKind::FirstLineWindow => "1st line window (escalate to 2nd line)",
            SlaClockKind::RemoteResolution => "remote resolution",
            SlaClockKind::OnSite => "on site",
        }
    }
}

/// A timeline that cannot have happened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimelineError {
    #[error("a pause starts at {pause_from}, before the case was opened at {opened_at}")]
    PauseBeforeOpening {
        pause_from: DateTime<Utc>,
        opened_at: DateTime<Utc>,
    },
    #[error("a pause ends at {until}, before it starts at {from}")]
    PauseEndsBeforeItStarts { from: DateTime<Utc>, until: DateTime<Utc> },
    #[error("the pause from {second} starts before the previous pause has ended")]
    PausesOverlap { second: DateTime<Utc> },
    #[error("`now` ({now}) is before the case was opened ({opened_at})")]
    NowBeforeOpening {
        now: DateTime<Utc>,
        opened_at: DateTime<Utc>,
    },
}

/// Why a deadline could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlaError {
    #[error(transparent)]
    Level(#[from] SlaLevelError),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Timeline(#[from] TimelineError),
}

impl SlaError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            SlaError::Level(SlaLevelError::UnknownLevel { .. }) => "sla.unknown_level",
            SlaError::Level(_) => "sla.invalid_level",
            SlaError::Calendar(_) => "sla.invalid_calendar",
            SlaError::Timeline(_) => "sla.impossible_timeline",
        }
    }
}

/// One computed deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaDeadline {
    pub kind: SlaClockKind,
    /// The target, in working minutes of the calendar.
    pub target_minutes: i64,
    pub deadline: DateTime<Utc>,
}

/// Whether a deadline was met, is running, or was breached, at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ClockOutcome {
    /// Achieved at `at`, `margin_minutes` before the deadline.
    Met { at: DateTime<Utc>, margin_minutes: i64 },
    /// Achieved late, or not achieved and the deadline has passed.
    Breached { deadline: DateTime<Utc>, late_minutes: i64 },
    /// Not achieved yet; `left_minutes` of wall-clock time until the deadline.
    Running { left_minutes: i64 },
}

/// Met, breached or running: `achieved_at` is when the target was reached, if it was.
pub fn evaluate(deadline: DateTime<Utc>, achieved_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> ClockOutcome {
    match achieved_at {
        Some(at) if at <= deadline => ClockOutcome::Met {
            at,
            margin_minutes: (deadline - at).num_minutes(),
        },
        Some(at) => ClockOutcome::Breached {
            deadline,
            late_minutes: (at - deadline).num_minutes(),
        },
        None if now > deadline => ClockOutcome::Breached {
            deadline,
            late_minutes: (now - deadline).num_minutes(),
        },
        None => ClockOutcome::Running {
            left_minutes: (deadline - now).num_minutes(),
        },
    }
}

/// The SLA clock of one case.
#[derive(Debug, Clone, Copy)]
pub struct SlaClock<'a> {
    pub level: &'a SlaLevel,
    pub priority: Priority,
    pub calendar: &'a SlaCalendar,
    pub opened_at: DateTime<Utc>,
    pub pauses: &'a [Pause],
}

impl SlaClock<'_> {
    /// Checks the pauses and `now` against the opening.
    pub fn check_timeline(&self, now: DateTime<Utc>) -> Result<(), TimelineError> {
        if now < self.opened_at {
            return Err(TimelineError::NowBeforeOpening {
                now,
                opened_at: self.opened_at,
            });
        }
        let mut previous_end: Option<DateTime<Utc>> = None;
        let mut previous_open = false;
        for p in self.sorted_pauses() {
            if p.from < self.opened_at {
                return Err(TimelineError::PauseBeforeOpening {
                    pause_from: p.from,
                    opened_at: self.opened_at,
                });
            }
            if let Some(until) = p.until {
                if until < p.from {
                    return Err(TimelineError::PauseEndsBeforeItStarts { from: p.from, until });
                }
            }
            if previous_open || previous_end.is_some_and(|e| p.from < e) {
                return Err(TimelineError::PausesOverlap { second: p.from });
            }
            previous_open = p.until.is_none();
            previous_end = p.until;
        }
        Ok(())
    }

    fn sorted_pauses(&self) -> Vec<Pause> {
        let mut pauses = self.pauses.to_vec();
        pauses.sort_by_key(|p| p.from);
        pauses
    }

    /// Whether the clock stands still at `now`.
    pub fn is_paused(&self, now: DateTime<Utc>) -> bool {
        self.pauses
            .iter()
            .any(|p| p.from <= now && p.until.is_none_or(|u| now < u))
    }

    /// The instant when `working` working time (calendar time outside pauses) has passed
    /// since the opening.
    pub fn deadline_after(&self, working: Duration, now: DateTime<Utc>) -> Result<DateTime<Utc>, SlaError> {
        self.check_timeline(now)?;
        let cal = self.calendar;
        let mut remaining = working;
        let mut cursor = self.opened_at;
        for p in self.sorted_pauses() {
            let pause_end = p.until.unwrap_or(now.max(p.from));
            let candidate = cal.add_working_time(cursor, remaining)?;
            if candidate <= p.from {
                return Ok(candidate);
            }
            remaining -= cal.working_time_between(cursor, p.from);
            cursor = cursor.max(pause_end);
        }
        Ok(cal.add_working_time(cursor, remaining)?)
    }

    /// The target duration of one clock.
    pub fn target(&self, kind: SlaClockKind) -> Result<Duration, SlaError> {
        let t = self.level.targets_for(self.priority)?;
        Ok(match kind {
            SlaClockKind::Response => t.response(),
            SlaClockKind::FirstLineWindow => self.level.first_line_window(self.priority)?,
            SlaClockKind::RemoteResolution => t.remote_resolution(),
            SlaClockKind::OnSite => t.on_site(),
        })
    }

    pub fn deadline(&self, kind: SlaClockKind, now: DateTime<Utc>) -> Result<SlaDeadline, SlaError> {
        let target = self.target(kind)?;
        Ok(SlaDeadline {
            kind,
            target_minutes: target.num_minutes(),
            deadline: self.deadline_after(target, now)?,
        })
    }

    /// Every deadline, in the order of [`SlaClockKind::ALL`].
    pub fn deadlines(&self, now: DateTime<Utc>) -> Result<Vec<SlaDeadline>, SlaError> {
        SlaClockKind::ALL.iter().map(|k| self.deadline(*k, now)).collect()
    }

    /// The working time the clock has used by `now` (pauses and closed hours excluded).
    pub fn used(&self, now: DateTime<Utc>) -> Result<Duration, SlaError> {
        self.check_timeline(now)?;
        let mut used = self.calendar.working_time_between(self.opened_at, now);
        for p in self.pauses {
            let end = p.until.unwrap_or(now).min(now);
            used -= self.calendar.working_time_between(p.from.min(now), end);
        }
        Ok(used.max(Duration::zero()))
    }
}

/// The earliest deadline not yet achieved: the one to act on next.
pub fn next_deadline(deadlines: &[SlaDeadline], achieved: impl Fn(SlaClockKind) -> bool) -> Option<&SlaDeadline> {
    deadlines
        .iter()
        .filter(|d| !achieved(d.kind))
        .min_by_key(|d| d.deadline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::sla::holidays::Country;
    use crate::support::sla::levels::SlaCatalog;
    use chrono::TimeZone;
    use chrono_tz::Europe::Oslo;

    fn oslo(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Oslo.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn premium_p1_deadlines_around_the_clock() {
        let catalog = SlaCatalog::builtin();
        let cal = SlaCalendar::around_the_clock(Oslo);
        let opened = oslo(2026, 11, 20, 19, 30);
        let clock = SlaClock {
            level: catalog.get("Premium").unwrap(),
            priority: Priority::P1,
            calendar: &cal,
            opened_at: opened,
            pauses: &[],
        };
        let got: Vec<_> = clock.deadlines(opened).unwrap().iter().map(|d| d.deadline).collect();
        assert_eq!(
            got,
            vec![
                opened + Duration::minutes(15),
                opened + Duration::minutes(30),
                opened + Duration::minutes(60),
                opened + Duration::minutes(480)
            ]
        );
    }

    #[test]
    fn pauses_push_deadlines_out() {
        let catalog = SlaCatalog::builtin();
        let cal = SlaCalendar::business_hours(Oslo, Country::Norway);
        let opened = oslo(2026, 11, 23, 9, 0); // Monday
        let pauses = [Pause {
            from: oslo(2026, 11, 23, 10, 0),
            until: Some(oslo(2026, 11, 23, 15, 0)),
        }];
        let clock = SlaClock {
            level: catalog.get("Basic").unwrap(),
            priority: Priority::P1,
            calendar: &cal,
            opened_at: opened,
            pauses: &pauses,
        };
        // Response 60 min: met before the pause → 10:00.
        let now = oslo(2026, 11, 24, 9, 0);
        assert_eq!(
            clock.deadline(SlaClockKind::Response, now).unwrap().deadline,
            oslo(2026, 11, 23, 10, 0)
        );
        // Remote resolution 240 min: 60 before the pause, 60 after (15–16), 120 on Tuesday → 10:00.
        assert_eq!(
            clock.deadline(SlaClockKind::RemoteResolution, now).unwrap().deadline,
            oslo(2026, 11, 24, 10, 0)
        );
        assert_eq!(clock.used(oslo(2026, 11, 23, 15, 30)).unwrap(), Duration::minutes(90));
    }

    #[test]
    fn open_pause_counts_until_now() {
        let catalog = SlaCatalog::builtin();
        let cal = SlaCalendar::around_the_clock(Oslo);
        let opened = oslo(2026, 11, 23, 9, 0);
        let pauses = [Pause {
            from: oslo(2026, 11, 23, 9, 10),
            until: None,
        }];
        let clock = SlaClock {
            level: catalog.get("Premium").unwrap(),
            priority: Priority::P1,
            calendar: &cal,
            opened_at: opened,
            pauses: &pauses,
        };
        let now = oslo(2026, 11, 23, 12, 0);
        assert!(clock.is_paused(now));
        assert_eq!(
            clock.deadline(SlaClockKind::Response, now).unwrap().deadline,
            now + Duration::minutes(5)
        );
    }

    #[test]
    fn impossible_timelines_are_errors() {
        let catalog = SlaCatalog::builtin();
        let cal = SlaCalendar::around_the_clock(Oslo);
        let opened = oslo(2026, 11, 23, 9, 0);
        let level = catalog.get("Premium").unwrap();
        let check = |pauses: &[Pause], now| {
            SlaClock {
                level,
                priority: Priority::P2,
                calendar: &cal,
                opened_at: opened,
                pauses,
            }
            .deadlines(now)
            .unwrap_err()
        };
        let h = |hour| oslo(2026, 11, 23, hour, 0);
        assert_eq!(check(&[], h(8)).code(), "sla.impossible_timeline");
        assert!(matches!(
            check(&[], h(8)),
            SlaError::Timeline(TimelineError::NowBeforeOpening { .. })
        ));
        assert!(matches!(
            check(
                &[Pause {
                    from: h(8),
                    until: None
                }],
                h(12)
            ),
            SlaError::Timeline(TimelineError::PauseBeforeOpening { .. })
        ));
        assert!(matches!(
            check(
                &[Pause {
                    from: h(11),
                    until: Some(h(10))
                }],
                h(12)
            ),
            SlaError::Timeline(TimelineError::PauseEndsBeforeItStarts { .. })
        ));
        assert!(matches!(
            check(
                &[
                    Pause {
                        from: h(10),
                        until: Some(h(12))
                    },
                    Pause {
                        from: h(11),
                        until: Some(h(13))
                    }
                ],
                h(14)
            ),
            SlaError::Timeline(TimelineError::PausesOverlap { .. })
        ));
    }

    #[test]
    fn evaluate_met_breached_running() {
        let d = oslo(2026, 11, 23, 10, 0);
        assert_eq!(
            evaluate(d, Some(d - Duration::minutes(5)), d),
            ClockOutcome::Met {
                at: d - Duration::minutes(5),
                margin_minutes: 5
            }
        );
        assert_eq!(
            evaluate(d, Some(d + Duration::minutes(7)), d),
            ClockOutcome::Breached {
                deadline: d,
                late_minutes: 7
            }
        );
        assert_eq!(
            evaluate(d, None, d + Duration::minutes(1)),
            ClockOutcome::Breached {
                deadline: d,
                late_minutes: 1
            }
        );
        assert_eq!(
            evaluate(d, None, d - Duration::minutes(30)),
            ClockOutcome::Running { left_minutes: 30 }
        );
        // Exactly at the deadline counts as met.
        assert!(matches!(evaluate(d, Some(d), d), ClockOutcome::Met { .. }));
    }

    #[test]
    fn next_deadline_skips_achieved() {
        let d = |m| SlaDeadline {
            kind: SlaClockKind::ALL[m as usize],
            target_minutes: m,
            deadline: oslo(2026, 11, 23, 10, m as u32),
        };
        let list = [d(0), d(1), d(2), d(3)];
        assert_eq!(next_deadline(&list, |_| false).unwrap().kind, SlaClockKind::Response);
        assert_eq!(
            next_deadline(&list, |k| k == SlaClockKind::Response).unwrap().kind,
            SlaClockKind::FirstLineWindow
        );
        assert!(next_deadline(&list, |_| true).is_none());
    }
}
