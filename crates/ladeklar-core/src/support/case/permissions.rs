//! Who may make each transition: the table of actors per event and state.

use super::events::EventKind;
use super::parties::{Actor, SupportLine};
use super::state::CaseState;

/// Who may make `event` on a case in `state` (empty: the event does not apply there).
/// Agents act only for the line that owns the case; customers are drivers and site owners.
/// The system resolves remotely too: when a remote remedy the fault analysis proposed is
/// verified by the charger's own status (Available, NoError), the fix needs no person.
pub fn allowed_actors(state: CaseState, event: EventKind) -> Vec<Actor> {
    use Actor::{Agent, Driver, SiteOwner, System, Technician};
    use CaseState as S;
    use EventKind as E;
    use SupportLine::{First, Second, Third};
    let customers_and_agents = vec![Driver, SiteOwner, Agent(First), Agent(Second), Agent(Third)];
    match (event, state) {
        (E::Accept, S::Registered | S::Reopened) => vec![Agent(First), System],
        (E::ResolveRemotely, S::FirstLine) => vec![Agent(First), System],
        (E::ResolveRemotely, S::SecondLine) => vec![Agent(Second), System],
        (E::EscalateToSecondLine, S::FirstLine) => vec![Agent(First), System],
        (E::ProposeFieldAction, S::SecondLine) => vec![Agent(Second)],
        (E::RejectFieldAction, S::FieldActionProposed) => vec![Agent(Third)],
        (E::EscalateToThirdLine, S::FieldActionProposed) => vec![Agent(Second), Agent(Third)],
        (E::ScheduleVisit, S::ThirdLine | S::VisitScheduled) => vec![Agent(Third)],
        (E::LeaveSiteUnfinished, S::OnSite) => vec![Technician],
        (E::ArriveOnSite, S::VisitScheduled) => vec![Technician],
        (E::RecordWorkDone, S::OnSite) => vec![Technician],
        (E::RequestConfirmation, S::WorkVerified) => vec![Agent(Third), System],
        (E::ConfirmResolved, S::AwaitingConfirmation) => customers_and_agents,
        (E::ConfirmationTimedOut, S::AwaitingConfirmation) => vec![System, Agent(First), Agent(Third)],
        (E::WaitForCustomer, S::FirstLine) => vec![Agent(First)],
        (E::WaitForCustomer, S::SecondLine) => vec![Agent(Second)],
        (E::WaitForCustomer, S::ThirdLine | S::VisitScheduled) => vec![Agent(Third)],
        (E::CustomerReplied, S::WaitingForCustomer) => {
            let mut v = customers_and_agents;
            v.push(System);
            v
        }
        (E::Reopen, S::AwaitingConfirmation | S::Closed) => customers_and_agents,
        (E::MarkDuplicate, S::Registered | S::FirstLine | S::SecondLine | S::Reopened) => {
            vec![Agent(First), Agent(Second), Agent(Third)]
        }
        (
            E::Cancel,
            S::Registered
            | S::FirstLine
            | S::SecondLine
            | S::FieldActionProposed
            | S::ThirdLine
            | S::VisitScheduled
            | S::WaitingForCustomer
            | S::Reopened,
        ) => customers_and_agents,
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{case_in, passed, proposal, t0, visit};
    use super::super::{Actor, CaseEvent, CaseState, SupportLine, TransitionRefused};

    #[test]
    fn wrong_actors_are_refused_by_name() {
        use Actor::*;
        use SupportLine::*;
        let table = [
            (
                CaseState::FirstLine,
                CaseEvent::EscalateToSecondLine { reason: "x".into() },
                Driver,
            ),
            (
                CaseState::FirstLine,
                CaseEvent::ResolveRemotely { verification: passed() },
                Agent(Second),
            ),
            (
                CaseState::SecondLine,
                CaseEvent::ProposeFieldAction { proposal: proposal() },
                Agent(First),
            ),
            (
                CaseState::FieldActionProposed,
                CaseEvent::EscalateToThirdLine,
                Technician,
            ),
            (
                CaseState::ThirdLine,
                CaseEvent::ScheduleVisit { visit: visit() },
                Agent(Second),
            ),
            (CaseState::VisitScheduled, CaseEvent::ArriveOnSite, Agent(Third)),
            (CaseState::AwaitingConfirmation, CaseEvent::ConfirmResolved, Technician),
            (CaseState::AwaitingConfirmation, CaseEvent::ConfirmResolved, System),
            (CaseState::Registered, CaseEvent::Accept, Driver),
        ];
        for (state, event, actor) in table {
            let mut c = case_in(state);
            let err = c.apply(actor, event.clone(), t0()).unwrap_err();
            assert!(
                matches!(err, TransitionRefused::ActorNotAllowed { .. }),
                "{state:?} {event:?}: {err}"
            );
            assert_eq!(err.code(), "case.actor_not_allowed");
        }
        let err = case_in(CaseState::Registered)
            .apply(Driver, CaseEvent::Accept, t0())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "a driver may not make `accept` on a case that is registered"
        );
    }

    #[test]
    fn the_system_resolves_a_remote_fix_the_charger_verified() {
        for state in [CaseState::FirstLine, CaseState::SecondLine] {
            let mut c = case_in(state);
            assert_eq!(
                c.apply(
                    Actor::System,
                    CaseEvent::ResolveRemotely { verification: passed() },
                    t0()
                ),
                Ok(CaseState::AwaitingConfirmation)
            );
            assert_eq!(c.first_response_at, None, "not a person's response");
        }
    }
}
