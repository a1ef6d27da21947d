//! Property tests of the support engine (issue 6). Case counts are modest (256) so
//! `cargo test` stays fast.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use super::case::fixtures::{new_case, passed, proposal};
use super::case::{allowed_actors, Case, CaseEvent, CaseId, Verification, Visit, WorkReport};
use super::case_sla::calendar_for;
use super::escalation::due_actions;
use super::priority::Priority;
use super::report::{sla_report, ReportScope};
use super::sla::{CalendarKind, Country, Pause, SlaCalendar, SlaCatalog, SlaClock, SlaClockKind};

fn instant(minutes_since_2024: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(minutes_since_2024)
}

fn calendar(kind: CalendarKind, sweden: bool) -> SlaCalendar {
    if sweden {
        SlaCalendar::new(kind, chrono_tz::Europe::Stockholm, Country::Sweden)
    } else {
        SlaCalendar::new(kind, chrono_tz::Europe::Oslo, Country::Norway)
    }
}

fn any_kind() -> impl Strategy<Value = CalendarKind> {
    prop_oneof![Just(CalendarKind::TwentyFourSeven), Just(CalendarKind::BusinessHours)]
}

fn any_priority() -> impl Strategy<Value = Priority> {
    prop::sample::select(Priority::ALL.to_vec())
}

fn any_level() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["Basic", "Standard", "Premium"])
}

fn any_clock() -> impl Strategy<Value = SlaClockKind> {
    prop::sample::select(SlaClockKind::ALL.to_vec())
}

/// Non-overlapping pauses after `opened` from (gap, length) pairs, in minutes.
fn pauses_from(opened: DateTime<Utc>, spans: &[(i64, i64)]) -> Vec<Pause> {
    let mut t = opened;
    spans
        .iter()
        .map(|(gap, len)| {
            let from = t + Duration::minutes(*gap);
            t = from + Duration::minutes(*len);
            Pause { from, until: Some(t) }
        })
        .collect()
}

/// One sample event per kind, picked by index; times relative to `now`.
fn event(i: usize, now: DateTime<Utc>) -> CaseEvent {
    let visit = Visit {
        technician: "Ola".into(),
        starts_at: now + Duration::hours(3),
        ends_at: now + Duration::hours(5),
    };
    let events = [
        CaseEvent::Accept,
        CaseEvent::ResolveRemotely { verification: passed() },
        CaseEvent::EscalateToSecondLine { reason: "timer".into() },
        CaseEvent::ProposeFieldAction { proposal: proposal() },
        CaseEvent::RejectFieldAction {
            reason: "unclear".into(),
        },
        CaseEvent::EscalateToThirdLine,
        CaseEvent::ScheduleVisit { visit },
        CaseEvent::ArriveOnSite,
        CaseEvent::LeaveSiteUnfinished { reason: "part".into() },
        CaseEvent::RecordWorkDone {
            report: WorkReport {
                summary: "fixed".into(),
                parts_used: vec![],
                photos: vec![],
                verification: Verification { ..passed() },
            },
        },
        CaseEvent::RequestConfirmation,
        CaseEvent::ConfirmResolved,
        CaseEvent::ConfirmationTimedOut {
            note: "no answer".into(),
        },
        CaseEvent::WaitForCustomer { question: "?".into() },
        CaseEvent::CustomerReplied,
        CaseEvent::Reopen { reason: "again".into() },
        CaseEvent::MarkDuplicate {
            of: CaseId(uuid::Uuid::from_u128(99)),
        },
        CaseEvent::Cancel { reason: "gone".into() },
    ];
    events[i % events.len()].clone()
}

/// A case driven by a script of (event index, minutes later) steps; refused steps are skipped.
fn scripted_case(id: u128, priority: Priority, level: &str, script: &[(usize, i64)]) -> Case {
    let mut c = new_case();
    c.id = CaseId(uuid::Uuid::from_u128(id));
    c.priority = priority;
    c.sla_level = level.to_string();
    let mut now = c.opened_at;
    for (i, gap) in script {
        now += Duration::minutes(*gap);
        let e = event(*i, now);
        if let Some(actor) = allowed_actors(c.state, e.kind()).first().copied() {
            let _ = c.apply(actor, e, now);
        }
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_deadline_is_never_before_the_case_was_opened(
        opened in 0i64..(6 * 365 * 24 * 60),
        kind in any_kind(), sweden in any::<bool>(), level in any_level(),
        priority in any_priority(), clock_kind in any_clock(),
    ) {
        let catalog = SlaCatalog::builtin();
        let cal = calendar(kind, sweden);
        let opened = instant(opened);
        let clock = SlaClock { level: catalog.get(level).unwrap(), priority, calendar: &cal, opened_at: opened, pauses: &[] };
        let d = clock.deadline(clock_kind, opened).unwrap();
        prop_assert!(d.deadline >= opened);
        // And exactly the target's working time lies between them.
        prop_assert_eq!(cal.working_time_between(opened, d.deadline), Duration::minutes(d.target_minutes));
    }

    #[test]
    fn pausing_never_shortens_a_deadline(
        opened in 0i64..(6 * 365 * 24 * 60),
        kind in any_kind(), sweden in any::<bool>(), level in any_level(),
        priority in any_priority(), clock_kind in any_clock(),
        spans in prop::collection::vec((0i64..3000, 0i64..3000), 0..4),
    ) {
        let catalog = SlaCatalog::builtin();
        let cal = calendar(kind, sweden);
        let opened = instant(opened);
        let pauses = pauses_from(opened, &spans);
        let now = pauses.last().and_then(|p| p.until).unwrap_or(opened);
        let level = catalog.get(level).unwrap();
        let without = SlaClock { level, priority, calendar: &cal, opened_at: opened, pauses: &[] };
        let with = SlaClock { pauses: &pauses, ..without };
        prop_assert!(with.deadline(clock_kind, now).unwrap().deadline >= without.deadline(clock_kind, now).unwrap().deadline);
    }

    #[test]
    fn business_hours_deadlines_fall_inside_business_hours(
        opened in 0i64..(6 * 365 * 24 * 60), sweden in any::<bool>(),
        working in 1i64..(10 * 8 * 60),
        spans in prop::collection::vec((0i64..3000, 0i64..3000), 0..3),
    ) {
        let cal = calendar(CalendarKind::BusinessHours, sweden);
        let opened = instant(opened);
        let d = cal.add_working_time(opened, Duration::minutes(working)).unwrap();
        prop_assert!(cal.is_working_time(d), "{} is outside business hours", d);
        // With pauses too.
        let catalog = SlaCatalog::builtin();
        let pauses = pauses_from(opened, &spans);
        let now = pauses.last().and_then(|p| p.until).unwrap_or(opened);
        let clock = SlaClock { level: catalog.get("Basic").unwrap(), priority: Priority::P3, calendar: &cal, opened_at: opened, pauses: &pauses };
        let d = clock.deadline_after(Duration::minutes(working), now).unwrap();
        prop_assert!(cal.is_working_time(d), "{} is outside business hours", d);
    }

    #[test]
    fn asking_for_due_actions_twice_gives_the_same_actions(
        priority in any_priority(), level in any_level(),
        script in prop::collection::vec((0usize..18, 0i64..600), 0..14),
        later in 0i64..(20 * 24 * 60),
    ) {
        let catalog = SlaCatalog::builtin();
        let case = scripted_case(1, priority, level, &script);
        let level = catalog.get(level).unwrap();
        let cal = calendar_for(&case, level);
        let now = case.last_change() + Duration::minutes(later);
        let first = due_actions(&case, level, &cal, None, now).unwrap();
        let second = due_actions(&case, level, &cal, None, now).unwrap();
        prop_assert_eq!(&first, &second);
        if let Some(next) = first.next_check_at {
            prop_assert!(next > now);
        }
        // History never goes back in time, and closing always records how.
        prop_assert!(case.history.windows(2).all(|w| w[0].at <= w[1].at));
        prop_assert_eq!(case.closed_at.is_some(), case.closure.is_some());
    }

    #[test]
    fn sla_report_figures_agree_with_the_cases(
        cases in prop::collection::vec(
            (any_priority(), any_level(), prop::collection::vec((0usize..18, 0i64..600), 0..14)),
            0..12,
        ),
        later in 0i64..(20 * 24 * 60),
    ) {
        let catalog = SlaCatalog::builtin();
        let cases: Vec<Case> = cases
            .iter()
            .enumerate()
            .map(|(i, (p, l, s))| scripted_case(i as u128 + 1, *p, l, s))
            .collect();
        let now = cases.iter().map(|c| c.last_change()).max().unwrap_or_else(|| instant(0)) + Duration::minutes(later);
        let r = sla_report(&cases, &catalog, &ReportScope::default(), now).unwrap();
        prop_assert_eq!(r.cases as usize, cases.len());
        prop_assert_eq!(r.by_priority.values().sum::<u32>(), r.cases);
        for p in Priority::ALL {
            prop_assert_eq!(r.by_priority[&p] as usize, cases.iter().filter(|c| c.priority == p).count());
        }
        prop_assert_eq!(r.open + r.closed + r.cancelled + r.duplicates, r.cases);
        prop_assert!(r.within_sla <= r.evaluated);
        let with_sla = |c: &&Case| !matches!(c.state, super::case::CaseState::Cancelled | super::case::CaseState::Duplicate);
        let responded = cases.iter().filter(with_sla).filter(|c| c.first_response_at.is_some()).count();
        prop_assert_eq!(r.response_minutes.count as usize, responded);
        let resolved = cases.iter().filter(with_sla).filter(|c| c.resolved_at.is_some()).count();
        prop_assert_eq!(r.resolution_minutes.count as usize, resolved);
        let breached_cases: std::collections::BTreeSet<_> = r.breaches.iter().map(|b| b.case_id).collect();
        prop_assert_eq!(r.evaluated - r.within_sla, breached_cases.len() as u32);
        if let (Some(m), Some(p90)) = (r.response_minutes.median, r.response_minutes.p90) {
            prop_assert!(m <= p90);
        }
    }
}
