//! Expected resolution time, in words, for the customer ("we expect this fixed by
//! Thursday 14:00"), in English and Norwegian (bokmål).
//!
//! The expectation follows the line the case is at:
//! - registered, 1st or 2nd line, reopened: the remote-resolution deadline; once that has
//!   passed, the on-site deadline plus the time on site;
//! - field action proposed or 3rd line: the on-site deadline plus the proposal's estimated
//!   time on site (two hours if none);
//! - visit scheduled: the visit's end; technician on site: the visit's end, at least
//!   30 minutes from now;
//! - fixed and awaiting confirmation: a request to confirm;
//! - waiting for the customer: the same, said after "we are waiting for your answer"
//!   (the clock is paused, so the time is the earliest it can be).
//!
//! The time shown is rounded up to the next full hour in the site's time zone and never
//! earlier than the deadline it comes from. A time already passed is said as "as soon as
//! possible" rather than a time in the past.

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::case::{Case, CaseState};
use super::case_sla::clock_for;
use super::sla::{SlaCalendar, SlaClockKind, SlaError, SlaLevel};

/// The time on site assumed when no proposal gives one.
pub const DEFAULT_ON_SITE: Duration = Duration::hours(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    En,
    Nb,
}

/// What we tell the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedResolution {
    /// The expected instant (rounded up to the hour), if one is given.
    pub by: Option<DateTime<Utc>>,
    pub words: String,
}

fn round_up_to_hour(t: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let local = t.with_timezone(&tz);
    if local.minute() == 0 && local.second() == 0 && local.nanosecond() == 0 {
        return t;
    }
    let hour_start = local
        .date_naive()
        .and_time(NaiveTime::from_hms_opt(local.hour(), 0, 0).unwrap_or(NaiveTime::MIN));
    let next = hour_start + Duration::hours(1);
    tz.from_local_datetime(&next)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .filter(|d| *d >= t)
        .unwrap_or(t)
}

fn weekday_name(d: Weekday, lang: Language) -> &'static str {
    let i = d.num_days_from_monday() as usize;
    match lang {
        Language::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][i],
        Language::Nb => ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"][i],
    }
}

fn month_name(m: u32, lang: Language) -> &'static str {
    let i = (m.clamp(1, 12) - 1) as usize;
    match lang {
        Language::En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ][i],
        Language::Nb => [
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ][i],
    }
}

/// "today 14:00", "tomorrow 14:00", "Thursday 14:00", "Thursday 3 December 14:00" (and nb).
pub fn when_in_words(t: DateTime<Utc>, now: DateTime<Utc>, tz: Tz, lang: Language) -> String {
    let local = t.with_timezone(&tz);
    let days = (local.date_naive() - now.with_timezone(&tz).date_naive()).num_days();
    let clock = local.format("%H:%M").to_string();
    let day = match (days, lang) {
        (0, Language::En) => "today".to_string(),
        (0, Language::Nb) => "i dag".to_string(),
        (1, Language::En) => "tomorrow".to_string(),
        (1, Language::Nb) => "i morgen".to_string(),
        (2..=6, _) => weekday_name(local.weekday(), lang).to_string(),
        (_, Language::En) => format!(
            "{} {} {}",
            weekday_name(local.weekday(), lang),
            local.day(),
            month_name(local.month(), lang)
        ),
        (_, Language::Nb) => format!(
            "{} {}. {}",
            weekday_name(local.weekday(), lang),
            local.day(),
            month_name(local.month(), lang)
        ),
    };
    match lang {
        Language::En => format!("{day} {clock}"),
        Language::Nb => format!("{day} kl. {clock}"),
    }
}

/// What to tell the customer about `case` at `now` (`None` for closed, cancelled and
/// duplicate cases).
pub fn expected_resolution(
    case: &Case,
    level: &SlaLevel,
    calendar: &SlaCalendar,
    now: DateTime<Utc>,
    lang: Language,
) -> Result<Option<ExpectedResolution>, SlaError> {
    use CaseState as S;
    let clock = clock_for(case, level, calendar);
    let tz = case.site.time_zone;
    let waiting = case.state == S::WaitingForCustomer;
    let state = if waiting {
        case.resume_to.unwrap_or(S::FirstLine)
    } else {
        case.state
    };
    let on_site_work = case.action_proposal.as_ref().map_or(DEFAULT_ON_SITE, |p| {
        Duration::minutes(p.estimated_on_site_minutes.into())
    });
    let after_visit = || -> Result<DateTime<Utc>, SlaError> {
        Ok(clock.deadline(SlaClockKind::OnSite, now)?.deadline + on_site_work)
    };
    let by = match state {
        S::Closed | S::Duplicate | S::Cancelled => return Ok(None),
        S::WorkVerified | S::AwaitingConfirmation => {
            let words = match lang {
                Language::En => "We believe this is fixed. Please confirm that charging works again.",
                Language::Nb => "Vi mener feilen er rettet. Bekreft gjerne at ladingen virker igjen.",
            };
            return Ok(Some(ExpectedResolution {
                by: None,
                words: words.to_string(),
            }));
        }
        S::Registered | S::FirstLine | S::SecondLine | S::Reopened | S::WaitingForCustomer => {
            let remote = clock.deadline(SlaClockKind::RemoteResolution, now)?.deadline;
            if remote > now {
                remote
            } else {
                after_visit()?
            }
        }
        S::FieldActionProposed | S::ThirdLine => after_visit()?,
        S::VisitScheduled => match &case.visit {
            Some(v) => v.ends_at,
            None => after_visit()?,
        },
        S::OnSite => case
            .visit
            .as_ref()
            .map_or(now + on_site_work, |v| v.ends_at)
            .max(now + Duration::minutes(30)),
    };
    let prefix = match (waiting, lang) {
        (false, _) => "",
        (true, Language::En) => "We are waiting for your answer. ",
        (true, Language::Nb) => "Vi venter på svar fra deg. ",
    };
    if by <= now {
        let words = match lang {
            Language::En => format!("{prefix}We are working on it and expect it fixed as soon as possible."),
            Language::Nb => format!("{prefix}Vi jobber med saken og regner med at den er løst så snart som mulig."),
        };
        return Ok(Some(ExpectedResolution { by: None, words }));
    }
    let by = round_up_to_hour(by, tz);
    let when = when_in_words(by, now, tz, lang);
    let words = match lang {
        Language::En => format!("{prefix}We expect this fixed by {when}."),
        Language::Nb => format!("{prefix}Vi regner med at dette er fikset innen {when}."),
    };
    Ok(Some(ExpectedResolution { by: Some(by), words }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::case::fixtures::{new_case, passed, proposal, visit};
    use crate::support::case::{Actor, CaseEvent, SupportLine};
    use crate::support::case_sla::calendar_for;
    use crate::support::sla::SlaCatalog;
    use chrono_tz::Europe::Oslo;

    fn oslo(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Oslo.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn words_for_days() {
        let now = oslo(2026, 11, 23, 9, 0); // Monday
        let table = [
            (oslo(2026, 11, 23, 14, 0), "today 14:00", "i dag kl. 14:00"),
            (oslo(2026, 11, 24, 8, 0), "tomorrow 08:00", "i morgen kl. 08:00"),
            (oslo(2026, 11, 26, 14, 0), "Thursday 14:00", "torsdag kl. 14:00"),
            (
                oslo(2026, 12, 3, 14, 0),
                "Thursday 3 December 14:00",
                "torsdag 3. desember kl. 14:00",
            ),
        ];
        for (t, en, nb) in table {
            assert_eq!(when_in_words(t, now, Oslo, Language::En), en);
            assert_eq!(when_in_words(t, now, Oslo, Language::Nb), nb);
        }
    }

    #[test]
    fn first_line_expects_the_remote_resolution_deadline() {
        let catalog = SlaCatalog::builtin();
        let level = catalog.get("Basic").unwrap(); // business hours; P2 remote resolution 480 min
        let mut c = new_case();
        c.opened_at = oslo(2026, 11, 24, 13, 30); // Tuesday
        let cal = calendar_for(&c, level);
        let now = c.opened_at;
        c.apply(Actor::Agent(SupportLine::First), CaseEvent::Accept, now)
            .unwrap();
        // 150 min on Tuesday (13:30–16:00), 330 min on Wednesday from 08:00 → 13:30 → rounded 14:00.
        let e = expected_resolution(&c, level, &cal, now, Language::En)
            .unwrap()
            .unwrap();
        assert_eq!(e.words, "We expect this fixed by tomorrow 14:00.");
        assert_eq!(e.by, Some(oslo(2026, 11, 25, 14, 0)));
        let e = expected_resolution(&c, level, &cal, now, Language::Nb)
            .unwrap()
            .unwrap();
        assert_eq!(e.words, "Vi regner med at dette er fikset innen i morgen kl. 14:00.");
    }

    #[test]
    fn field_cases_expect_the_visit() {
        let catalog = SlaCatalog::builtin();
        let level = catalog.get("Standard").unwrap();
        let mut c = new_case();
        let cal = calendar_for(&c, level);
        let t = c.opened_at;
        let a3 = Actor::Agent(SupportLine::Third);
        c.apply(Actor::Agent(SupportLine::First), CaseEvent::Accept, t).unwrap();
        c.apply(Actor::System, CaseEvent::EscalateToSecondLine { reason: "x".into() }, t)
            .unwrap();
        c.apply(
            Actor::Agent(SupportLine::Second),
            CaseEvent::ProposeFieldAction { proposal: proposal() },
            t,
        )
        .unwrap();
        // 3rd line: on-site deadline (2880 min, 24/7) + 90 min on site.
        c.apply(a3, CaseEvent::EscalateToThirdLine, t).unwrap();
        let e = expected_resolution(&c, level, &cal, t, Language::En).unwrap().unwrap();
        assert_eq!(e.by, Some(round_up_to_hour(t + Duration::minutes(2880 + 90), Oslo)));
        c.apply(a3, CaseEvent::ScheduleVisit { visit: visit() }, t).unwrap();
        let e = expected_resolution(&c, level, &cal, t, Language::En).unwrap().unwrap();
        assert_eq!(e.by, Some(round_up_to_hour(visit().ends_at, Oslo)));
    }

    #[test]
    fn fixed_waiting_and_late() {
        let catalog = SlaCatalog::builtin();
        let level = catalog.get("Standard").unwrap();
        let mut c = new_case();
        let cal = calendar_for(&c, level);
        let t = c.opened_at;
        let a1 = Actor::Agent(SupportLine::First);
        c.apply(a1, CaseEvent::Accept, t).unwrap();
        c.apply(
            a1,
            CaseEvent::WaitForCustomer {
                question: "Photo?".into(),
            },
            t,
        )
        .unwrap();
        let e = expected_resolution(&c, level, &cal, t + Duration::hours(1), Language::Nb)
            .unwrap()
            .unwrap();
        assert!(
            e.words.starts_with("Vi venter på svar fra deg. Vi regner med"),
            "{}",
            e.words
        );
        c.apply(Actor::Driver, CaseEvent::CustomerReplied, t + Duration::hours(1))
            .unwrap();
        // Far past every deadline and still at 1st line.
        let e = expected_resolution(&c, level, &cal, t + Duration::days(30), Language::En)
            .unwrap()
            .unwrap();
        assert_eq!(e.by, None);
        assert!(e.words.contains("as soon as possible"));
        c.apply(
            a1,
            CaseEvent::ResolveRemotely { verification: passed() },
            t + Duration::days(30),
        )
        .unwrap();
        let e = expected_resolution(&c, level, &cal, t + Duration::days(30), Language::En)
            .unwrap()
            .unwrap();
        assert!(e.words.starts_with("We believe this is fixed"));
    }
}
