//! SLA reporting: a pure aggregation over cases, for an owner, a site and/or a month.
//!
//! - Counts: every case in scope, by priority and by state group (open, closed,
//!   cancelled, duplicate).
//! - Response time: opening → first action by a support agent; resolution time: opening →
//!   the verified fix. Both in wall-clock minutes (what the customer lived through), as
//!   median and 90th percentile (nearest rank).
//! - Within SLA: a case counts once its outcome is known — closed, or any customer target
//!   breached — and is within SLA when no customer target was breached. Cancelled and
//!   duplicate cases have no SLA figures.
//! - Breaches: every breached customer target, with the deadline, how late, and where the
//!   case was at the deadline.
//!
//! A case's month is the month of its opening in the site's time zone.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

use super::case::{Case, CaseId, CaseState};
use super::case_sla::{calendar_for, case_sla_status};
use super::priority::Priority;
use super::sla::{ClockOutcome, SlaCatalog, SlaClockKind, SlaError, SlaLevelError};

/// Which cases a report covers (all given filters must match).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportScope {
    pub owner_id: Option<String>,
    pub site_id: Option<String>,
    /// (year, month 1–12).
    pub month: Option<(i32, u32)>,
}

impl ReportScope {
    pub fn covers(&self, case: &Case) -> bool {
        let local = case.opened_at.with_timezone(&case.site.time_zone);
        self.owner_id.as_ref().is_none_or(|o| *o == case.site.owner_id)
            && self.site_id.as_ref().is_none_or(|s| *s == case.site.site_id)
            && self.month.is_none_or(|(y, m)| local.year() == y && local.month() == m)
    }
}

/// Median and 90th percentile of a set of durations, in minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinuteStats {
    pub count: u32,
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

/// The nearest-rank percentile `p` (0–100) of sorted values.
fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

impl MinuteStats {
    pub fn of(mut values: Vec<i64>) -> MinuteStats {
        values.sort_unstable();
        MinuteStats {
            count: u32::try_from(values.len()).unwrap_or(u32::MAX),
            median: percentile(&values, 50),
            p90: percentile(&values, 90),
        }
    }
}

/// One breached target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachLine {
    pub case_id: CaseId,
    pub site_id: String,
    pub priority: Priority,
    pub target: SlaClockKind,
    pub deadline: DateTime<Utc>,
    pub late_minutes: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaReport {
    pub scope: ReportScope,
    pub generated_at: DateTime<Utc>,
    pub cases: u32,
    pub open: u32,
    pub closed: u32,
    pub cancelled: u32,
    pub duplicates: u32,
    pub by_priority: BTreeMap<Priority, u32>,
    pub response_minutes: MinuteStats,
    pub resolution_minutes: MinuteStats,
    /// Cases whose SLA outcome is known.
    pub evaluated: u32,
    pub within_sla: u32,
    /// `within_sla / evaluated` in percent, one decimal (none when nothing was evaluated).
    pub share_within_sla_percent: Option<f64>,
    pub breaches: Vec<BreachLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("case {case}: {source}")]
    Level {
        case: CaseId,
        #[source]
        source: SlaLevelError,
    },
    #[error("case {case}: {source}")]
    Sla {
        case: CaseId,
        #[source]
        source: SlaError,
    },
}

fn state_at(case: &Case, t: DateTime<Utc>) -> CaseState {
    case.history
        .iter()
        .take_while(|r| r.at <= t)
        .last()
        .map_or(CaseState::Registered, |r| r.to)
}

/// The SLA report for the cases in `scope`, at `now`.
pub fn sla_report(
    cases: &[Case],
    catalog: &SlaCatalog,
    scope: &ReportScope,
    now: DateTime<Utc>,
) -> Result<SlaReport, ReportError> {
    let mut report = SlaReport {
        scope: scope.clone(),
        generated_at: now,
        cases: 0,
        open: 0,
        closed: 0,
        cancelled: 0,
        duplicates: 0,
        by_priority: Priority::ALL.iter().map(|p| (*p, 0)).collect(),
        response_minutes: MinuteStats::default(),
        resolution_minutes: MinuteStats::default(),
        evaluated: 0,
        within_sla: 0,
        share_within_sla_percent: None,
        breaches: Vec::new(),
    };
    let mut response = Vec::new();
    let mut resolution = Vec::new();
    for case in cases.iter().filter(|c| scope.covers(c)) {
        report.cases += 1;
        *report.by_priority.entry(case.priority).or_default() += 1;
        match case.state {
            CaseState::Cancelled => {
                report.cancelled += 1;
                continue;
            }
            CaseState::Duplicate => {
                report.duplicates += 1;
                continue;
            }
            CaseState::Closed => report.closed += 1,
            _ => report.open += 1,
        }
        if let Some(t) = case.first_response_at {
            response.push((t - case.opened_at).num_minutes());
        }
        if let Some(t) = case.resolved_at {
            resolution.push((t - case.opened_at).num_minutes());
        }
        let level = catalog
            .get(&case.sla_level)
            .map_err(|source| ReportError::Level { case: case.id, source })?;
        let calendar = calendar_for(case, level);
        let status = case_sla_status(case, level, &calendar, now)
            .map_err(|source| ReportError::Sla { case: case.id, source })?;
        let mut breached = false;
        for s in status.iter().filter(|s| s.kind.is_customer_target()) {
            if let ClockOutcome::Breached { deadline, late_minutes } = s.outcome {
                breached = true;
                let at_deadline = state_at(case, deadline);
                let how = if s.achieved_at.is_some() { "met late" } else { "not met" };
                report.breaches.push(BreachLine {
                    case_id: case.id,
                    site_id: case.site.site_id.clone(),
                    priority: case.priority,
                    target: s.kind,
                    deadline,
                    late_minutes,
                    reason: format!(
                        "{} target {how}, {late_minutes} min late; the case was {at_deadline} at the deadline",
                        s.kind.label()
                    ),
                });
            }
        }
        if case.state == CaseState::Closed || breached {
            report.evaluated += 1;
            if !breached {
                report.within_sla += 1;
            }
        }
    }
    report.response_minutes = MinuteStats::of(response);
    report.resolution_minutes = MinuteStats::of(resolution);
    report.share_within_sla_percent = (report.evaluated > 0)
        .then(|| (f64::from(report.within_sla) * 1000.0 / f64::from(report.evaluated)).round() / 10.0);
    report.breaches.sort_by_key(|b| (b.deadline, b.case_id));
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::case::fixtures::{new_case, passed, t0};
    use crate::support::case::{Actor, CaseEvent, SupportLine};
    use chrono::Duration;
    use uuid::Uuid;

    fn closed_remote_case(n: u128, respond_after: i64, fix_after: i64) -> Case {
        let mut c = new_case();
        c.id = CaseId(Uuid::from_u128(n));
        let a1 = Actor::Agent(SupportLine::First);
        c.apply(a1, CaseEvent::Accept, t0() + Duration::minutes(respond_after))
            .unwrap();
        c.apply(
            a1,
            CaseEvent::ResolveRemotely { verification: passed() },
            t0() + Duration::minutes(fix_after),
        )
        .unwrap();
        c.apply(
            Actor::Driver,
            CaseEvent::ConfirmResolved,
            t0() + Duration::minutes(fix_after + 5),
        )
        .unwrap();
        c
    }

    #[test]
    fn percentiles_nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 90), Some(7));
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(MinuteStats::of(vec![30, 10, 20]).median, Some(20));
    }

    #[test]
    fn report_counts_times_and_breaches() {
        // Standard P2, 24/7: response 60, remote resolution 240.
        let cases = vec![
            closed_remote_case(1, 10, 100),
            closed_remote_case(2, 30, 200),
            closed_remote_case(3, 90, 300), // response and remote resolution breached
            {
                let mut c = new_case();
                c.id = CaseId(Uuid::from_u128(4));
                c.apply(Actor::Driver, CaseEvent::Cancel { reason: "oops".into() }, t0())
                    .unwrap();
                c
            },
            {
                let mut c = new_case();
                c.id = CaseId(Uuid::from_u128(5));
                c.site.site_id = "site-2".into();
                c
            },
        ];
        let now = t0() + Duration::days(1);
        let r = sla_report(&cases, &SlaCatalog::builtin(), &ReportScope::default(), now).unwrap();
        assert_eq!((r.cases, r.open, r.closed, r.cancelled), (5, 1, 3, 1));
        assert_eq!(r.by_priority[&Priority::P2], 5);
        assert_eq!(r.response_minutes.median, Some(30));
        assert_eq!(r.response_minutes.p90, Some(90));
        assert_eq!(r.resolution_minutes.median, Some(200));
        // Case 5 is open and never answered: breached; case 3 breached; 1 and 2 within.
        assert_eq!((r.evaluated, r.within_sla), (4, 2));
        assert_eq!(r.share_within_sla_percent, Some(50.0));
        let case3: Vec<_> = r
            .breaches
            .iter()
            .filter(|b| b.case_id == CaseId(Uuid::from_u128(3)))
            .collect();
        assert_eq!(case3.len(), 2);
        assert_eq!(
            case3[0].reason,
            "response target met late, 30 min late; the case was registered at the deadline"
        );
        assert_eq!(
            case3[1].reason,
            "remote resolution target met late, 60 min late; the case was at 1st line at the deadline"
        );

        let site2 = ReportScope {
            site_id: Some("site-2".into()),
            ..ReportScope::default()
        };
        let r = sla_report(&cases, &SlaCatalog::builtin(), &site2, now).unwrap();
        assert_eq!(r.cases, 1);
        let other_month = ReportScope {
            month: Some((2026, 12)),
            ..ReportScope::default()
        };
        assert_eq!(
            sla_report(&cases, &SlaCatalog::builtin(), &other_month, now)
                .unwrap()
                .cases,
            0
        );
        let this_month = ReportScope {
            month: Some((2026, 11)),
            owner_id: Some("owner-1".into()),
            ..ReportScope::default()
        };
        assert_eq!(
            sla_report(&cases, &SlaCatalog::builtin(), &this_month, now)
                .unwrap()
                .cases,
            5
        );
    }

    #[test]
    fn unknown_level_names_the_case() {
        let mut c = new_case();
        c.sla_level = "Gold".into();
        let err = sla_report(&[c], &SlaCatalog::builtin(), &ReportScope::default(), t0()).unwrap_err();
        assert!(err.to_string().contains("unknown SLA level \"Gold\""), "{err}");
    }
}
