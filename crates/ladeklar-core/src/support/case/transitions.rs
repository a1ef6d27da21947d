//! The case lifecycle's transitions: [`Case::check`] says whether an event may happen now,
//! what it requires and which state it leads to; [`Case::apply`] makes it and records it.
//! Who may make it is the table in [`allowed_actors`].

use chrono::{DateTime, Duration, Utc};

use super::aggregate::{Case, CaseRecord};
use super::events::{CaseEvent, EventKind};
use super::outcome::{Closure, Resolution, ResolutionKind};
use super::parties::Actor;
use super::permissions::allowed_actors;
use super::refusal::{Requirement, TransitionRefused};
use super::state::CaseState;
use crate::support::sla::Pause;

/// How long the customer has to confirm a fix before the case may close without it.
pub const CONFIRMATION_TIMEOUT: Duration = Duration::days(5);
/// How long after closing a case may be reopened (later: open a new case).
pub const REOPEN_WINDOW: Duration = Duration::days(30);

fn text(event: EventKind, field: &str, value: &str) -> Result<(), TransitionRefused> {
    if value.trim().is_empty() {
        return Err(TransitionRefused::Unmet {
            event,
            requirement: Requirement::Text {
                field: field.to_string(),
            },
        });
    }
    Ok(())
}

fn unmet(event: EventKind, requirement: Requirement) -> TransitionRefused {
    TransitionRefused::Unmet { event, requirement }
}

impl Case {
    /// Whether `actor` may make `event` at `now`, and the state it would lead to.
    pub fn check(&self, actor: Actor, event: &CaseEvent, now: DateTime<Utc>) -> Result<CaseState, TransitionRefused> {
        use CaseEvent as E;
        use CaseState as S;
        let kind = event.kind();
        let last = self.last_change();
        if now < last {
            return Err(TransitionRefused::TimeWentBackwards { now, last });
        }
        let allowed = allowed_actors(self.state, kind);
        if allowed.is_empty() {
            return Err(TransitionRefused::NotFromState {
                state: self.state,
                event: kind,
            });
        }
        if !allowed.contains(&actor) {
            return Err(TransitionRefused::ActorNotAllowed {
                actor,
                event: kind,
                state: self.state,
            });
        }
        let next = match event {
            E::Accept => S::FirstLine,
            E::ResolveRemotely { verification } => {
                text(kind, "verification method", &verification.method)?;
                if !verification.passed {
                    return Err(unmet(kind, Requirement::PassedVerification));
                }
                S::AwaitingConfirmation
            }
            E::EscalateToSecondLine { reason } => {
                text(kind, "reason", reason)?;
                S::SecondLine
            }
            E::ProposeFieldAction { proposal } => {
                text(kind, "action proposal summary", &proposal.summary)?;
                if proposal.skills.is_empty() || proposal.skills.iter().any(|s| s.0.trim().is_empty()) {
                    return Err(unmet(kind, Requirement::ProposalSkills));
                }
                let parts_ok = proposal
                    .parts
                    .iter()
                    .all(|p| !p.part.trim().is_empty() && p.quantity > 0);
                if !parts_ok || proposal.parts.is_empty() != proposal.no_parts_needed {
                    return Err(unmet(kind, Requirement::ProposalParts));
                }
                if proposal.estimated_on_site_minutes == 0 {
                    return Err(unmet(kind, Requirement::ProposalEstimate));
                }
                S::FieldActionProposed
            }
            E::RejectFieldAction { reason } => {
                text(kind, "reason", reason)?;
                S::SecondLine
            }
            E::EscalateToThirdLine => S::ThirdLine,
            E::ScheduleVisit { visit } => {
                text(kind, "technician", &visit.technician).map_err(|_| unmet(kind, Requirement::VisitTechnician))?;
                if visit.starts_at < now || visit.ends_at <= visit.starts_at {
                    return Err(unmet(kind, Requirement::VisitTimes));
                }
                S::VisitScheduled
            }
            E::ArriveOnSite => S::OnSite,
            E::LeaveSiteUnfinished { reason } => {
                text(kind, "reason", reason)?;
                S::ThirdLine
            }
            E::RecordWorkDone { report } => {
                text(kind, "work summary", &report.summary)?;
                text(kind, "verification method", &report.verification.method)?;
                if !report.verification.passed {
                    return Err(unmet(kind, Requirement::PassedVerification));
                }
                S::WorkVerified
            }
            E::RequestConfirmation => S::AwaitingConfirmation,
            E::ConfirmResolved => {
                if !self.resolution.as_ref().is_some_and(|r| r.verification.passed) {
                    return Err(unmet(kind, Requirement::PassedVerification));
                }
                S::Closed
            }
            E::ConfirmationTimedOut { note } => {
                text(kind, "note of the confirmation attempts", note)?;
                if !self.resolution.as_ref().is_some_and(|r| r.verification.passed) {
                    return Err(unmet(kind, Requirement::PassedVerification));
                }
                let until = self.confirmation_requested_at.unwrap_or(self.last_change()) + CONFIRMATION_TIMEOUT;
                if now < until {
                    return Err(unmet(kind, Requirement::ConfirmationTimeout { until }));
                }
                S::Closed
            }
            E::WaitForCustomer { question } => {
                text(kind, "question to the customer", question)?;
                if let Some(why) = self.pause_refused(now) {
                    return Err(unmet(kind, Requirement::PauseAllowed(why)));
                }
                S::WaitingForCustomer
            }
            E::CustomerReplied => self.resume_to.unwrap_or(S::FirstLine),
            E::Reopen { reason } => {
                text(kind, "reason", reason)?;
                if let (S::Closed, Some(closed_at)) = (self.state, self.closed_at) {
                    if now > closed_at + REOPEN_WINDOW {
                        return Err(unmet(kind, Requirement::ReopenWindow { closed_at }));
                    }
                }
                S::Reopened
            }
            E::MarkDuplicate { of } => {
                if *of == self.id {
                    return Err(unmet(kind, Requirement::OtherCase));
                }
                S::Duplicate
            }
            E::Cancel { reason } => {
                text(kind, "reason", reason)?;
                S::Cancelled
            }
        };
        Ok(next)
    }

    /// Applies `event` by `actor` at `now`, or refuses it and leaves the case unchanged.
    pub fn apply(
        &mut self,
        actor: Actor,
        event: CaseEvent,
        now: DateTime<Utc>,
    ) -> Result<CaseState, TransitionRefused> {
        use CaseEvent as E;
        let next = self.check(actor, &event, now)?;
        let from = self.state;
        if matches!(actor, Actor::Agent(_)) && self.first_response_at.is_none() {
            self.first_response_at = Some(now);
        }
        match &event {
            E::ResolveRemotely { verification } => {
                self.resolved_at = Some(now);
                self.resolution = Some(Resolution {
                    kind: ResolutionKind::Remote,
                    verification: verification.clone(),
                });
                self.confirmation_requested_at = Some(now);
            }
            E::EscalateToSecondLine { .. } => self.escalated_to_second_line_at = Some(now),
            E::ProposeFieldAction { proposal } => {
                self.action_proposal = Some(proposal.clone());
                self.field_action_proposed_at.get_or_insert(now);
            }
            E::ScheduleVisit { visit } => self.visit = Some(visit.clone()),
            E::ArriveOnSite => {
                self.on_site_at.get_or_insert(now);
            }
            E::RecordWorkDone { report } => {
                self.resolved_at = Some(now);
                self.resolution = Some(Resolution {
                    kind: ResolutionKind::Field,
                    verification: report.verification.clone(),
                });
                self.work_report = Some(report.clone());
            }
            E::RequestConfirmation => self.confirmation_requested_at = Some(now),
            E::ConfirmResolved => {
                self.closed_at = Some(now);
                self.closure = Some(Closure::ConfirmedByCustomer);
            }
            E::ConfirmationTimedOut { note } => {
                self.closed_at = Some(now);
                self.closure = Some(Closure::ConfirmationTimedOut { note: note.clone() });
            }
            E::WaitForCustomer { .. } => {
                self.resume_to = Some(from);
                self.pauses.push(Pause { from: now, until: None });
            }
            E::CustomerReplied => {
                self.resume_to = None;
                if let Some(p) = self.pauses.iter_mut().rev().find(|p| p.until.is_none()) {
                    p.until = Some(now);
                }
            }
            E::Reopen { .. } => {
                self.resolved_at = None;
                self.resolution = None;
                self.confirmation_requested_at = None;
                self.closed_at = None;
                self.closure = None;
            }
            E::MarkDuplicate { of } => {
                self.closed_at = Some(now);
                self.closure = Some(Closure::Duplicate { of: *of });
            }
            E::Cancel { reason } => {
                self.closed_at = Some(now);
                self.closure = Some(Closure::Cancelled { reason: reason.clone() });
                if let Some(p) = self.pauses.iter_mut().rev().find(|p| p.until.is_none()) {
                    p.until = Some(now);
                }
                self.resume_to = None;
            }
            E::Accept | E::RejectFieldAction { .. } | E::EscalateToThirdLine | E::LeaveSiteUnfinished { .. } => {}
        }
        self.state = next;
        self.history.push(CaseRecord {
            at: now,
            actor,
            from,
            to: next,
            event,
        });
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use uuid::Uuid;

    use super::super::fixtures::{case_in, new_case, passed, proposal, report, t0, visit};
    use super::super::*;
    use crate::support::sla::Pause;

    /// One sample of every event, valid where its state allows it.
    fn sample_events() -> Vec<CaseEvent> {
        vec![
            CaseEvent::Accept,
            CaseEvent::ResolveRemotely { verification: passed() },
            CaseEvent::EscalateToSecondLine {
                reason: "1st line window used up".into(),
            },
            CaseEvent::ProposeFieldAction { proposal: proposal() },
            CaseEvent::RejectFieldAction {
                reason: "needs the serial number".into(),
            },
            CaseEvent::EscalateToThirdLine,
            CaseEvent::ScheduleVisit { visit: visit() },
            CaseEvent::ArriveOnSite,
            CaseEvent::LeaveSiteUnfinished {
                reason: "wrong part".into(),
            },
            CaseEvent::RecordWorkDone { report: report(true) },
            CaseEvent::RequestConfirmation,
            CaseEvent::ConfirmResolved,
            CaseEvent::ConfirmationTimedOut {
                note: "called twice, e-mailed".into(),
            },
            CaseEvent::WaitForCustomer {
                question: "Which connector?".into(),
            },
            CaseEvent::CustomerReplied,
            CaseEvent::Reopen {
                reason: "still broken".into(),
            },
            CaseEvent::MarkDuplicate {
                of: CaseId(Uuid::from_u128(2)),
            },
            CaseEvent::Cancel {
                reason: "reported by mistake".into(),
            },
        ]
    }

    #[test]
    fn every_transition_allowed_and_refused() {
        use Actor::*;
        use CaseState as S;
        use EventKind as E;
        use SupportLine::*;
        let a1 = Agent(First);
        let a2 = Agent(Second);
        let a3 = Agent(Third);
        // (from, event, an allowed actor, to). Every other (state, event) pair is refused.
        #[rustfmt::skip]
        let allowed = [
            (S::Registered, E::Accept, a1, S::FirstLine),
            (S::Reopened, E::Accept, System, S::FirstLine),
            (S::FirstLine, E::ResolveRemotely, a1, S::AwaitingConfirmation),
            (S::SecondLine, E::ResolveRemotely, a2, S::AwaitingConfirmation),
            (S::FirstLine, E::EscalateToSecondLine, System, S::SecondLine),
            (S::SecondLine, E::ProposeFieldAction, a2, S::FieldActionProposed),
            (S::FieldActionProposed, E::RejectFieldAction, a3, S::SecondLine),
            (S::FieldActionProposed, E::EscalateToThirdLine, a2, S::ThirdLine),
            (S::ThirdLine, E::ScheduleVisit, a3, S::VisitScheduled),
            (S::VisitScheduled, E::ScheduleVisit, a3, S::VisitScheduled),
            (S::VisitScheduled, E::ArriveOnSite, Technician, S::OnSite),
            (S::OnSite, E::LeaveSiteUnfinished, Technician, S::ThirdLine),
            (S::OnSite, E::RecordWorkDone, Technician, S::WorkVerified),
            (S::WorkVerified, E::RequestConfirmation, System, S::AwaitingConfirmation),
            (S::AwaitingConfirmation, E::ConfirmResolved, Driver, S::Closed),
            (S::AwaitingConfirmation, E::ConfirmationTimedOut, System, S::Closed),
            (S::FirstLine, E::WaitForCustomer, a1, S::WaitingForCustomer),
            (S::SecondLine, E::WaitForCustomer, a2, S::WaitingForCustomer),
            (S::ThirdLine, E::WaitForCustomer, a3, S::WaitingForCustomer),
            (S::VisitScheduled, E::WaitForCustomer, a3, S::WaitingForCustomer),
            (S::WaitingForCustomer, E::CustomerReplied, Driver, S::SecondLine),
            (S::AwaitingConfirmation, E::Reopen, Driver, S::Reopened),
            (S::Closed, E::Reopen, SiteOwner, S::Reopened),
            (S::Registered, E::MarkDuplicate, a1, S::Duplicate),
            (S::FirstLine, E::MarkDuplicate, a1, S::Duplicate),
            (S::SecondLine, E::MarkDuplicate, a2, S::Duplicate),
            (S::Reopened, E::MarkDuplicate, a1, S::Duplicate),
            (S::Registered, E::Cancel, Driver, S::Cancelled),
            (S::FirstLine, E::Cancel, a1, S::Cancelled),
            (S::SecondLine, E::Cancel, a2, S::Cancelled),
            (S::FieldActionProposed, E::Cancel, a3, S::Cancelled),
            (S::ThirdLine, E::Cancel, SiteOwner, S::Cancelled),
            (S::VisitScheduled, E::Cancel, Driver, S::Cancelled),
            (S::WaitingForCustomer, E::Cancel, Driver, S::Cancelled),
            (S::Reopened, E::Cancel, a1, S::Cancelled),
        ];
        let now = t0() + Duration::days(6);
        for state in CaseState::ALL {
            for event in sample_events() {
                let kind = event.kind();
                let case = case_in(state);
                match allowed.iter().find(|(f, e, _, _)| *f == state && *e == kind) {
                    Some((_, _, actor, to)) => {
                        let mut c = case.clone();
                        assert_eq!(c.apply(*actor, event.clone(), now), Ok(*to), "{state:?} + {kind:?}");
                        assert_eq!(c.history.len(), 1);
                        assert_eq!(c.state, *to);
                    }
                    None => {
                        for actor in [Driver, SiteOwner, a1, a2, a3, Technician, System] {
                            let mut c = case.clone();
                            assert_eq!(
                                c.apply(actor, event.clone(), now),
                                Err(TransitionRefused::NotFromState { state, event: kind }),
                                "{state:?} + {kind:?} by {actor:?}"
                            );
                            assert_eq!(c, case, "a refused transition changes nothing");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn requirements_are_checked_and_named() {
        use Actor::*;
        use SupportLine::*;
        let no_skills = ActionProposal {
            skills: vec![],
            ..proposal()
        };
        let no_parts = ActionProposal {
            parts: vec![],
            ..proposal()
        };
        let parts_and_none = ActionProposal {
            no_parts_needed: true,
            ..proposal()
        };
        let failed = Verification {
            passed: false,
            ..passed()
        };
        let past_visit = Visit {
            starts_at: t0() - Duration::hours(1),
            ..visit()
        };
        let s = CaseState::SecondLine;
        let table: Vec<(CaseState, CaseEvent, Actor, Requirement)> = vec![
            (
                s,
                CaseEvent::ProposeFieldAction { proposal: no_skills },
                Agent(Second),
                Requirement::ProposalSkills,
            ),
            (
                s,
                CaseEvent::ProposeFieldAction { proposal: no_parts },
                Agent(Second),
                Requirement::ProposalParts,
            ),
            (
                s,
                CaseEvent::ProposeFieldAction {
                    proposal: parts_and_none,
                },
                Agent(Second),
                Requirement::ProposalParts,
            ),
            (
                s,
                CaseEvent::ProposeFieldAction {
                    proposal: ActionProposal {
                        summary: " ".into(),
                        ..proposal()
                    },
                },
                Agent(Second),
                Requirement::Text {
                    field: "action proposal summary".into(),
                },
            ),
            (
                s,
                CaseEvent::ResolveRemotely {
                    verification: failed.clone(),
                },
                Agent(Second),
                Requirement::PassedVerification,
            ),
            (
                CaseState::OnSite,
                CaseEvent::RecordWorkDone { report: report(false) },
                Technician,
                Requirement::PassedVerification,
            ),
            (
                CaseState::ThirdLine,
                CaseEvent::ScheduleVisit { visit: past_visit },
                Agent(Third),
                Requirement::VisitTimes,
            ),
            (
                CaseState::AwaitingConfirmation,
                CaseEvent::ConfirmationTimedOut { note: "called".into() },
                System,
                Requirement::ConfirmationTimeout {
                    until: t0() + CONFIRMATION_TIMEOUT,
                },
            ),
            (
                CaseState::FirstLine,
                CaseEvent::MarkDuplicate {
                    of: CaseId(Uuid::from_u128(1)),
                },
                Agent(First),
                Requirement::OtherCase,
            ),
            (
                CaseState::FirstLine,
                CaseEvent::EscalateToSecondLine { reason: "".into() },
                System,
                Requirement::Text { field: "reason".into() },
            ),
        ];
        for (state, event, actor, requirement) in table {
            let mut c = case_in(state);
            let kind = event.kind();
            assert_eq!(
                c.apply(actor, event, t0() + Duration::hours(1)),
                Err(TransitionRefused::Unmet {
                    event: kind,
                    requirement
                }),
                "{state:?} {kind:?}"
            );
        }
        // Reopening long after closing.
        let mut c = case_in(CaseState::Closed);
        let err = c
            .apply(
                Driver,
                CaseEvent::Reopen { reason: "again".into() },
                t0() + Duration::days(31),
            )
            .unwrap_err();
        assert!(err.to_string().contains("closed less than 30 days ago"), "{err}");
    }

    #[test]
    fn time_cannot_go_backwards() {
        let mut c = new_case();
        c.apply(Actor::System, CaseEvent::Accept, t0() + Duration::hours(1))
            .unwrap();
        let err = c
            .apply(
                Actor::Agent(SupportLine::First),
                CaseEvent::EscalateToSecondLine { reason: "x".into() },
                t0(),
            )
            .unwrap_err();
        assert_eq!(err.code(), "case.time_went_backwards");
    }

    #[test]
    fn the_whole_chain_through_a_field_visit() {
        use Actor::*;
        use SupportLine::*;
        let mut c = new_case();
        let at = |m: i64| t0() + Duration::minutes(m);
        c.apply(System, CaseEvent::Accept, at(1)).unwrap();
        assert_eq!(
            c.first_response_at, None,
            "the system accepting is not a human response"
        );
        c.apply(
            Agent(First),
            CaseEvent::WaitForCustomer {
                question: "Which connector?".into(),
            },
            at(5),
        )
        .unwrap();
        c.apply(Driver, CaseEvent::CustomerReplied, at(20)).unwrap();
        assert_eq!(c.state, CaseState::FirstLine);
        assert_eq!(
            c.pauses,
            vec![Pause {
                from: at(5),
                until: Some(at(20))
            }]
        );
        c.apply(
            System,
            CaseEvent::EscalateToSecondLine {
                reason: "window used up".into(),
            },
            at(80),
        )
        .unwrap();
        c.apply(
            Agent(Second),
            CaseEvent::ProposeFieldAction { proposal: proposal() },
            at(100),
        )
        .unwrap();
        c.apply(Agent(Third), CaseEvent::EscalateToThirdLine, at(110)).unwrap();
        c.apply(Agent(Third), CaseEvent::ScheduleVisit { visit: visit() }, at(120))
            .unwrap();
        let day = |d: i64, h: i64| t0() + Duration::days(d) + Duration::hours(h);
        c.apply(Technician, CaseEvent::ArriveOnSite, day(10, 0)).unwrap();
        c.apply(
            Technician,
            CaseEvent::RecordWorkDone { report: report(true) },
            day(10, 1),
        )
        .unwrap();
        c.apply(System, CaseEvent::RequestConfirmation, day(10, 1)).unwrap();
        c.apply(Driver, CaseEvent::ConfirmResolved, day(11, 0)).unwrap();
        assert_eq!(c.state, CaseState::Closed);
        assert_eq!(c.closure, Some(Closure::ConfirmedByCustomer));
        assert_eq!(c.first_response_at, Some(at(5)));
        assert_eq!(c.history.len(), 11);
        // It serializes for the API.
        let json = serde_json::to_string(&c).unwrap();
        let back: Case = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn the_clock_pauses_only_where_the_sla_allows() {
        use crate::support::priority::Priority;
        use crate::support::sla::PauseRefused;
        use Actor::*;
        use SupportLine::*;
        let at = |m: i64| t0() + Duration::minutes(m);
        let ask = || CaseEvent::WaitForCustomer {
            question: "Which connector?".into(),
        };
        // Standard: P1 (a safety hazard) never pauses.
        let mut urgent = new_case();
        urgent.priority = Priority::P1;
        urgent.apply(System, CaseEvent::Accept, at(1)).unwrap();
        let refused = urgent.apply(Agent(First), ask(), at(5)).unwrap_err();
        assert_eq!(
            refused,
            TransitionRefused::Unmet {
                event: EventKind::WaitForCustomer,
                requirement: Requirement::PauseAllowed(PauseRefused::Priority { priority: Priority::P1 }),
            }
        );
        assert!(refused.to_string().contains("never stop"), "{refused}");
        assert_eq!(urgent.state, CaseState::FirstLine, "unchanged");
        // Standard allows 7 days of pauses in all: a P2 may pause until they are used.
        let mut c = new_case();
        assert_eq!(c.pause_policy.max_total_minutes, Some(7 * 24 * 60));
        c.apply(System, CaseEvent::Accept, at(1)).unwrap();
        c.apply(Agent(First), ask(), at(5)).unwrap();
        let week = 7 * 24 * 60;
        c.apply(Driver, CaseEvent::CustomerReplied, at(5 + week)).unwrap();
        assert_eq!(c.paused_total(at(6 + week)), Duration::minutes(week));
        let used = c.apply(Agent(First), ask(), at(6 + week)).unwrap_err();
        assert!(
            matches!(
                used,
                TransitionRefused::Unmet {
                    requirement: Requirement::PauseAllowed(PauseRefused::Used { max_minutes: 10080 }),
                    ..
                }
            ),
            "{used:?}"
        );
    }
}
