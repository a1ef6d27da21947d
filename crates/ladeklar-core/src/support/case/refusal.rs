//! Why a transition was refused ([`TransitionRefused`]) and which requirement it did not
//! meet ([`Requirement`]), each with a message that says why and a stable code.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::events::EventKind;
use super::parties::Actor;
use super::state::CaseState;

/// What a transition requires and did not get.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "requirement", rename_all = "snake_case")]
pub enum Requirement {
    #[error("a written {field}")]
    Text { field: String },
    #[error("an action proposal that lists the skills needed")]
    ProposalSkills,
    #[error("an action proposal that lists the parts needed, or says no parts are needed")]
    ProposalParts,
    #[error("an action proposal with an estimated time on site")]
    ProposalEstimate,
    #[error("a passed verification of the fix")]
    PassedVerification,
    #[error("a visit that starts in the future and ends after it starts")]
    VisitTimes,
    #[error("a visit with a named technician")]
    VisitTechnician,
    #[error("the confirmation timeout to have run out (at {until})")]
    ConfirmationTimeout { until: DateTime<Utc> },
    #[error("the case to have been closed less than 30 days ago (closed {closed_at})")]
    ReopenWindow { closed_at: DateTime<Utc> },
    #[error("another case to be the original (a case cannot duplicate itself)")]
    OtherCase,
    #[error("{0}")]
    PauseAllowed(crate::support::sla::PauseRefused),
}

/// Why a transition was refused. The case is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum TransitionRefused {
    #[error("a case that is {state} cannot take `{event}`")]
    NotFromState { state: CaseState, event: EventKind },
    #[error("{actor} may not make `{event}` on a case that is {state}")]
    ActorNotAllowed {
        actor: Actor,
        event: EventKind,
        state: CaseState,
    },
    #[error("`{event}` requires {requirement}")]
    Unmet { event: EventKind, requirement: Requirement },
    #[error("`now` ({now}) is before the case's last change ({last})")]
    TimeWentBackwards { now: DateTime<Utc>, last: DateTime<Utc> },
}

impl TransitionRefused {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            TransitionRefused::NotFromState { .. } => "case.not_from_state",
            TransitionRefused::ActorNotAllowed { .. } => "case.actor_not_allowed",
            TransitionRefused::Unmet { .. } => "case.requirement_unmet",
            TransitionRefused::TimeWentBackwards { .. } => "case.time_went_backwards",
        }
    }
}
