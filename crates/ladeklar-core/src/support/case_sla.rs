//! A case's SLA clocks: which targets apply to it, their deadlines, and whether each was
//! met, is running or was breached.
//!
//! - response: achieved at the first action by a support agent;
//! - 1st line window (internal): achieved when the case left 1st line (escalated, fixed
//!   remotely or a field action proposed);
//! - remote resolution: achieved when fixed remotely or when a field action was proposed;
//! - on site: applies once a field action was proposed; achieved when the technician arrived.
//!
//! Cancelled and duplicate cases have no SLA. A closed case's clocks are read at its closing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::case::{Case, CaseState, ResolutionKind};
use super::sla::{evaluate, ClockOutcome, SlaCalendar, SlaClock, SlaClockKind, SlaError, SlaLevel};

/// One applicable SLA clock of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetStatus {
    pub kind: SlaClockKind,
    pub target_minutes: i64,
    pub deadline: DateTime<Utc>,
    pub achieved_at: Option<DateTime<Utc>>,
    pub outcome: ClockOutcome,
}

/// The calendar a case's clocks run on: the level's kind, in the site's zone and country.
pub fn calendar_for(case: &Case, level: &SlaLevel) -> SlaCalendar {
    SlaCalendar::new(level.calendar, case.site.time_zone, case.site.country)
}

/// The SLA clock of `case` under `level` on `calendar`.
pub fn clock_for<'a>(case: &'a Case, level: &'a SlaLevel, calendar: &'a SlaCalendar) -> SlaClock<'a> {
    SlaClock {
        level,
        priority: case.priority,
        calendar,
        opened_at: case.opened_at,
        pauses: &case.pauses,
    }
}

/// When a clock's target was achieved, if it was; `None` from the outer option: not applicable.
pub fn achieved_at(case: &Case, kind: SlaClockKind) -> Option<Option<DateTime<Utc>>> {
    let remote_fix = match &case.resolution {
        Some(r) if r.kind == ResolutionKind::Remote => case.resolved_at,
        _ => None,
    };
    let earliest = |xs: &[Option<DateTime<Utc>>]| xs.iter().flatten().min().copied();
    match kind {
        SlaClockKind::Response => Some(case.first_response_at),
        SlaClockKind::FirstLineWindow => Some(earliest(&[
            case.escalated_to_second_line_at,
            case.field_action_proposed_at,
            remote_fix,
        ])),
        SlaClockKind::RemoteResolution => Some(earliest(&[case.field_action_proposed_at, remote_fix])),
        SlaClockKind::OnSite => case.field_action_proposed_at.map(|_| case.on_site_at),
    }
}

/// Every applicable clock of `case` at `now` (empty for cancelled and duplicate cases).
pub fn case_sla_status(
    case: &Case,
    level: &SlaLevel,
    calendar: &SlaCalendar,
    now: DateTime<Utc>,
) -> Result<Vec<TargetStatus>, SlaError> {
    if matches!(case.state, CaseState::Cancelled | CaseState::Duplicate) {
        return Ok(Vec::new());
    }
    let read_at = case.closed_at.map_or(now, |c| c.min(now).max(case.opened_at));
    let clock = clock_for(case, level, calendar);
    let mut out = Vec::new();
    for kind in SlaClockKind::ALL {
        let Some(achieved) = achieved_at(case, kind) else {
            continue;
        };
        let d = clock.deadline(kind, read_at)?;
        out.push(TargetStatus {
            kind,
            target_minutes: d.target_minutes,
            deadline: d.deadline,
            achieved_at: achieved,
            outcome: evaluate(d.deadline, achieved, read_at),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::case::fixtures::{new_case, passed, proposal, t0};
    use crate::support::case::{Actor, CaseEvent, SupportLine};
    use crate::support::sla::SlaCatalog;
    use chrono::Duration;

    #[test]
    fn remote_fix_meets_response_and_remote_targets() {
        let catalog = SlaCatalog::builtin();
        let level = catalog.get("Standard").unwrap(); // 24/7, P2: 60 / 240 / 2880
        let mut c = new_case();
        let cal = calendar_for(&c, level);
        c.apply(
            Actor::Agent(SupportLine::First),
            CaseEvent::Accept,
            t0() + Duration::minutes(10),
        )
        .unwrap();
        c.apply(
            Actor::Agent(SupportLine::First),
            CaseEvent::ResolveRemotely { verification: passed() },
            t0() + Duration::minutes(100),
        )
        .unwrap();
        let s = case_sla_status(&c, level, &cal, t0() + Duration::days(1)).unwrap();
        let kinds: Vec<_> = s.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                SlaClockKind::Response,
                SlaClockKind::FirstLineWindow,
                SlaClockKind::RemoteResolution
            ]
        );
        assert!(s.iter().all(|t| matches!(t.outcome, ClockOutcome::Met { .. })), "{s:?}");
    }

    #[test]
    fn field_case_has_an_on_site_clock() {
        let catalog = SlaCatalog::builtin();
        let level = catalog.get("Standard").unwrap();
        let mut c = new_case();
        let cal = calendar_for(&c, level);
        c.apply(Actor::Agent(SupportLine::First), CaseEvent::Accept, t0())
            .unwrap();
        c.apply(
            Actor::System,
            CaseEvent::EscalateToSecondLine { reason: "x".into() },
            t0() + Duration::minutes(120),
        )
        .unwrap();
        c.apply(
            Actor::Agent(SupportLine::Second),
            CaseEvent::ProposeFieldAction { proposal: proposal() },
            t0() + Duration::minutes(300),
        )
        .unwrap();
        let s = case_sla_status(&c, level, &cal, t0() + Duration::minutes(301)).unwrap();
        let by_kind = |k| s.iter().find(|t| t.kind == k).unwrap().outcome;
        assert!(matches!(by_kind(SlaClockKind::Response), ClockOutcome::Met { .. }));
        assert!(matches!(
            by_kind(SlaClockKind::FirstLineWindow),
            ClockOutcome::Met { .. }
        ));
        assert_eq!(
            by_kind(SlaClockKind::RemoteResolution),
            ClockOutcome::Breached {
                deadline: t0() + Duration::minutes(240),
                late_minutes: 60
            }
        );
        assert!(matches!(by_kind(SlaClockKind::OnSite), ClockOutcome::Running { .. }));
    }
}
