//! Escalation: given a case and `now`, what must happen next and when.
//!
//! The server runs [`due_actions`] on a timer and applies what is due. The answer depends
//! only on the case, the SLA level, the calendar, the diagnosis and `now`, so asking twice
//! gives the same actions (idempotent); each action carries a stable [`DueAction::key`] the
//! server can use to act on it once.
//!
//! Rules:
//! - a case at 1st line whose 1st line window is used up escalates to 2nd line;
//! - a case at 2nd line whose fault analysis says a field visit is needed is flagged for a
//!   field action proposal (the step to 3rd line);
//! - a scheduled visit that starts after the on-site deadline is flagged;
//! - a customer target not yet met warns once [`WARN_AT_PERCENT`] of its time is used, and
//!   reports a breach once its deadline has passed (no warnings while the clock is paused);
//! - a fix waiting for the customer's confirmation past the timeout may be closed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::case::{Case, CaseState, CONFIRMATION_TIMEOUT};
use super::case_sla::{achieved_at, clock_for};
use super::fault::Diagnosis;
use super::sla::{SlaCalendar, SlaClockKind, SlaError, SlaLevel};

/// Warn when this share of a target's working time is used.
pub const WARN_AT_PERCENT: i32 = 80;

/// Something that is due on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum DueAction {
    /// Apply `EscalateToSecondLine` (as the system).
    EscalateToSecondLine { due_at: DateTime<Utc> },
    /// 2nd line must write a field action proposal: the analysis says a visit is needed.
    ProposeFieldAction {
        due_at: DateTime<Utc>,
        reason: String,
        parts: Vec<String>,
        skills: Vec<String>,
    },
    /// The scheduled visit starts after the on-site deadline.
    VisitAfterOnSiteDeadline {
        visit_starts_at: DateTime<Utc>,
        deadline: DateTime<Utc>,
    },
    /// A target is close to its deadline.
    WarnBeforeBreach {
        target: SlaClockKind,
        warn_at: DateTime<Utc>,
        deadline: DateTime<Utc>,
    },
    /// A target's deadline has passed without it being met.
    Breached {
        target: SlaClockKind,
        deadline: DateTime<Utc>,
    },
    /// The customer has not confirmed within the timeout; the case may close (documented).
    CloseAfterConfirmationTimeout { due_at: DateTime<Utc> },
}

impl DueAction {
    /// A key that is the same every time the same action is due on the same case.
    pub fn key(&self, case: &Case) -> String {
        let what = match self {
            DueAction::EscalateToSecondLine { .. } => "escalate_to_second_line".to_string(),
            DueAction::ProposeFieldAction { .. } => "propose_field_action".to_string(),
            DueAction::VisitAfterOnSiteDeadline { visit_starts_at, .. } => {
                format!("visit_after_deadline:{}", visit_starts_at.timestamp())
            }
            DueAction::WarnBeforeBreach { target, .. } => format!("warn:{target:?}"),
            DueAction::Breached { target, .. } => format!("breached:{target:?}"),
            DueAction::CloseAfterConfirmationTimeout { .. } => "close_after_confirmation_timeout".to_string(),
        };
        format!("{}:{what}", case.id)
    }
}

/// What is due now, and when to ask again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationPlan {
    pub due: Vec<DueAction>,
    /// The next instant something may become due (for the server's timer).
    pub next_check_at: Option<DateTime<Utc>>,
}

/// What is due on `case` at `now`. See the module documentation for the rules.
pub fn due_actions(
    case: &Case,
    level: &SlaLevel,
    calendar: &SlaCalendar,
    diagnosis: Option<&Diagnosis>,
    now: DateTime<Utc>,
) -> Result<EscalationPlan, SlaError> {
    let mut due = Vec::new();
    let mut upcoming: Vec<DateTime<Utc>> = Vec::new();
    if !case.state.is_open() {
        return Ok(EscalationPlan {
            due,
            next_check_at: None,
        });
    }
    let clock = clock_for(case, level, calendar);
    let paused = case.state == CaseState::WaitingForCustomer;

    // 1st line → 2nd line.
    if case.state == CaseState::FirstLine {
        let d = clock.deadline(SlaClockKind::FirstLineWindow, now)?.deadline;
        if now >= d {
            due.push(DueAction::EscalateToSecondLine { due_at: d });
        } else {
            upcoming.push(d);
        }
    }

    // 2nd line → field action proposal → 3rd line.
    if case.state == CaseState::SecondLine {
        if let Some(visit) = diagnosis.and_then(|d| d.field_visit.as_ref()) {
            due.push(DueAction::ProposeFieldAction {
                due_at: case.escalated_to_second_line_at.unwrap_or(case.opened_at),
                reason: visit.reason.clone(),
                parts: visit.parts.clone(),
                skills: visit.skills.clone(),
            });
        }
    }

    // Warnings and breaches of customer targets.
    for kind in SlaClockKind::ALL.into_iter().filter(|k| k.is_customer_target()) {
        let Some(achieved) = achieved_at(case, kind) else {
            continue;
        };
        if achieved.is_some() {
            continue;
        }
        let target = clock.target(kind)?;
        let deadline = clock.deadline_after(target, now)?;
        if now > deadline {
            due.push(DueAction::Breached { target: kind, deadline });
            continue;
        }
        upcoming.push(deadline);
        if paused {
            continue;
        }
        let warn_at = clock.deadline_after(target * WARN_AT_PERCENT / 100, now)?;
        if now >= warn_at {
            due.push(DueAction::WarnBeforeBreach {
                target: kind,
                warn_at,
                deadline,
            });
        } else {
            upcoming.push(warn_at);
        }
    }

    // A visit outside the SLA window.
    if case.state == CaseState::VisitScheduled {
        if let Some(visit) = &case.visit {
            let deadline = clock.deadline(SlaClockKind::OnSite, now)?.deadline;
            if visit.starts_at > deadline {
                due.push(DueAction::VisitAfterOnSiteDeadline {
                    visit_starts_at: visit.starts_at,
                    deadline,
                });
            }
        }
    }

    // Confirmation timeout.
    if case.state == CaseState::AwaitingConfirmation {
        let requested = case.confirmation_requested_at.unwrap_or(case.last_change());
        let until = requested + CONFIRMATION_TIMEOUT;
        if now >= until {
            due.push(DueAction::CloseAfterConfirmationTimeout { due_at: until });
        } else {
            upcoming.push(until);
        }
    }

    Ok(EscalationPlan {
        due,
        next_check_at: upcoming.into_iter().filter(|t| *t > now).min(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::case::fixtures::{new_case, proposal, t0, visit};
    use crate::support::case::{Actor, CaseEvent, SupportLine};
    use crate::support::case_sla::calendar_for;
    use crate::support::fault::{analyse, ChargePointErrorCode, FaultInput, FaultKnowledge, StatusReport};
    use crate::support::sla::SlaCatalog;
    use chrono::Duration;

    fn standard() -> SlaLevel {
        SlaCatalog::builtin().get("Standard").unwrap().clone() // 24/7; P2: 60 / 120 (1st line) / 240 / 2880
    }

    #[test]
    fn first_line_escalates_when_its_window_is_used_up() {
        let level = standard();
        let mut c = new_case();
        let cal = calendar_for(&c, &level);
        c.apply(
            Actor::Agent(SupportLine::First),
            CaseEvent::Accept,
            t0() + Duration::minutes(5),
        )
        .unwrap();
        let plan = due_actions(&c, &level, &cal, None, t0() + Duration::minutes(119)).unwrap();
        assert!(plan.due.is_empty(), "{plan:?}");
        assert_eq!(plan.next_check_at, Some(t0() + Duration::minutes(120)));
        let plan = due_actions(&c, &level, &cal, None, t0() + Duration::minutes(120)).unwrap();
        assert_eq!(
            plan.due,
            vec![DueAction::EscalateToSecondLine {
                due_at: t0() + Duration::minutes(120)
            }]
        );
        assert_eq!(
            plan.next_check_at,
            Some(t0() + Duration::minutes(192)),
            "the 80% warning"
        );
    }

    #[test]
    fn second_line_is_flagged_when_analysis_needs_a_visit() {
        let level = standard();
        let mut c = new_case();
        let cal = calendar_for(&c, &level);
        c.apply(Actor::Agent(SupportLine::First), CaseEvent::Accept, t0())
            .unwrap();
        c.apply(
            Actor::System,
            CaseEvent::EscalateToSecondLine { reason: "x".into() },
            t0() + Duration::minutes(120),
        )
        .unwrap();
        let history = [StatusReport {
            at: t0(),
            connector_id: 1,
            status: crate::session::ConnectorStatus::Faulted,
            error_code: ChargePointErrorCode::GroundFailure,
            info: None,
            vendor_id: None,
            vendor_error_code: None,
        }];
        let now = t0() + Duration::minutes(130);
        let diagnosis = analyse(
            &FaultKnowledge::builtin(),
            FaultInput {
                history: &history,
                category: None,
                tried: &[],
                now,
            },
        )
        .unwrap();
        let plan = due_actions(&c, &level, &cal, Some(&diagnosis), now).unwrap();
        assert!(matches!(
            &plan.due[..],
            [DueAction::ProposeFieldAction { skills, .. }] if skills == &["authorised electrician"]
        ));
        assert_eq!(
            plan,
            due_actions(&c, &level, &cal, Some(&diagnosis), now).unwrap(),
            "idempotent"
        );
    }

    #[test]
    fn warnings_then_breaches() {
        let level = standard();
        let c = new_case(); // registered, nobody responded; response target 60 min
        let cal = calendar_for(&c, &level);
        let plan = due_actions(&c, &level, &cal, None, t0() + Duration::minutes(48)).unwrap();
        assert_eq!(
            plan.due,
            vec![DueAction::WarnBeforeBreach {
                target: SlaClockKind::Response,
                warn_at: t0() + Duration::minutes(48),
                deadline: t0() + Duration::minutes(60)
            }]
        );
        let plan = due_actions(&c, &level, &cal, None, t0() + Duration::minutes(61)).unwrap();
        assert_eq!(
            plan.due,
            vec![DueAction::Breached {
                target: SlaClockKind::Response,
                deadline: t0() + Duration::minutes(60)
            }]
        );
        assert_eq!(plan.due[0].key(&c), format!("{}:breached:Response", c.id));
    }

    #[test]
    fn late_visit_and_confirmation_timeout() {
        let level = standard();
        let mut c = new_case();
        let cal = calendar_for(&c, &level);
        let a2 = Actor::Agent(SupportLine::Second);
        let a3 = Actor::Agent(SupportLine::Third);
        c.apply(Actor::Agent(SupportLine::First), CaseEvent::Accept, t0())
            .unwrap();
        c.apply(
            Actor::System,
            CaseEvent::EscalateToSecondLine { reason: "x".into() },
            t0(),
        )
        .unwrap();
        c.apply(a2, CaseEvent::ProposeFieldAction { proposal: proposal() }, t0())
            .unwrap();
        c.apply(a3, CaseEvent::EscalateToThirdLine, t0()).unwrap();
        c.apply(a3, CaseEvent::ScheduleVisit { visit: visit() }, t0()).unwrap(); // in 10 days; deadline 2 days
        let plan = due_actions(&c, &level, &cal, None, t0() + Duration::minutes(1)).unwrap();
        assert!(plan
            .due
            .iter()
            .any(|a| matches!(a, DueAction::VisitAfterOnSiteDeadline { .. })));

        let mut c = new_case();
        c.apply(Actor::Agent(SupportLine::First), CaseEvent::Accept, t0())
            .unwrap();
        c.apply(
            Actor::Agent(SupportLine::First),
            CaseEvent::ResolveRemotely {
                verification: crate::support::case::fixtures::passed(),
            },
            t0(),
        )
        .unwrap();
        let plan = due_actions(&c, &level, &cal, None, t0() + Duration::days(1)).unwrap();
        assert!(plan.due.is_empty());
        assert_eq!(plan.next_check_at, Some(t0() + CONFIRMATION_TIMEOUT));
        let plan = due_actions(&c, &level, &cal, None, t0() + CONFIRMATION_TIMEOUT).unwrap();
        assert_eq!(
            plan.due,
            vec![DueAction::CloseAfterConfirmationTimeout {
                due_at: t0() + CONFIRMATION_TIMEOUT
            }]
        );
    }

    #[test]
    fn no_warnings_while_waiting_for_the_customer() {
        let level = standard();
        let mut c = new_case();
        let cal = calendar_for(&c, &level);
        c.apply(Actor::Agent(SupportLine::First), CaseEvent::Accept, t0())
            .unwrap();
        c.apply(
            Actor::Agent(SupportLine::First),
            CaseEvent::WaitForCustomer {
                question: "Photo?".into(),
            },
            t0() + Duration::minutes(10),
        )
        .unwrap();
        let plan = due_actions(&c, &level, &cal, None, t0() + Duration::days(3)).unwrap();
        assert!(plan.due.is_empty(), "{plan:?}");
    }
}
