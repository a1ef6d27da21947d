//! The case aggregate: its identity, what it holds, its history, and how it is registered.
//! Changes after registration go through [`Case::apply`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::events::CaseEvent;
use super::outcome::{Closure, Resolution, ResolutionKind};
use super::parties::{Actor, Channel, Customer, SiteRef, SupportLine};
use super::state::CaseState;
use super::work::{ActionProposal, Visit, WorkReport};
use crate::support::priority::Priority;
use crate::support::sla::{Pause, PausePolicy, SlaCatalog, SlaLevelError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseId(pub Uuid);

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Why a case could not be registered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    #[error("a case needs a fault description")]
    NoDescription,
    #[error("a case needs the customer's contact (phone or e-mail)")]
    NoContact,
    #[error(transparent)]
    SlaLevel(#[from] SlaLevelError),
}

impl RegisterError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            RegisterError::NoDescription => "case.no_description",
            RegisterError::NoContact => "case.no_contact",
            RegisterError::SlaLevel(_) => "sla.unknown_level",
        }
    }
}

/// One line of the case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub from: CaseState,
    pub to: CaseState,
    pub event: CaseEvent,
}

/// What is needed to register a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCase {
    pub id: CaseId,
    pub channel: Channel,
    pub reporter: Customer,
    pub site: SiteRef,
    pub charger_id: Option<String>,
    pub connector_id: Option<u32>,
    pub description: String,
    pub priority: Priority,
    /// Why this priority (see [`crate::support::priority::assess_priority`]).
    pub priority_reason: String,
    pub sla_level: String,
}

/// A support case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: CaseId,
    pub opened_at: DateTime<Utc>,
    pub channel: Channel,
    pub reporter: Customer,
    pub site: SiteRef,
    pub charger_id: Option<String>,
    pub connector_id: Option<u32>,
    pub description: String,
    pub priority: Priority,
    pub priority_reason: String,
    pub sla_level: String,
    pub state: CaseState,
    /// Where the case returns when the customer answers (set while waiting).
    pub resume_to: Option<CaseState>,
    /// The SLA clock's pauses (waiting for the customer).
    pub pauses: Vec<Pause>,
    /// The level's pause rule as it stood when the case opened (the terms it is worked under).
    #[serde(default)]
    pub pause_policy: PausePolicy,
    pub first_response_at: Option<DateTime<Utc>>,
    pub escalated_to_second_line_at: Option<DateTime<Utc>>,
    pub field_action_proposed_at: Option<DateTime<Utc>>,
    pub on_site_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution: Option<Resolution>,
    pub confirmation_requested_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closure: Option<Closure>,
    pub action_proposal: Option<ActionProposal>,
    pub visit: Option<Visit>,
    pub work_report: Option<WorkReport>,
    pub history: Vec<CaseRecord>,
}

impl Case {
    /// Registers a case at `now`. The SLA level must exist in `catalog`.
    pub fn register(new: NewCase, catalog: &SlaCatalog, now: DateTime<Utc>) -> Result<Case, RegisterError> {
        if new.description.trim().is_empty() {
            return Err(RegisterError::NoDescription);
        }
        if new.reporter.contact.trim().is_empty() {
            return Err(RegisterError::NoContact);
        }
        let level = catalog.get(&new.sla_level)?;
        Ok(Case {
            id: new.id,
            opened_at: now,
            channel: new.channel,
            reporter: new.reporter,
            site: new.site,
            charger_id: new.charger_id,
            connector_id: new.connector_id,
            description: new.description,
            priority: new.priority,
            priority_reason: new.priority_reason,
            sla_level: level.name.clone(),
            state: CaseState::Registered,
            resume_to: None,
            pauses: Vec::new(),
            pause_policy: level.pause.clone(),
            first_response_at: None,
            escalated_to_second_line_at: None,
            field_action_proposed_at: None,
            on_site_at: None,
            resolved_at: None,
            resolution: None,
            confirmation_requested_at: None,
            closed_at: None,
            closure: None,
            action_proposal: None,
            visit: None,
            work_report: None,
            history: Vec::new(),
        })
    }

    /// The instant of the last change (or the opening).
    pub fn last_change(&self) -> DateTime<Utc> {
        self.history.last().map_or(self.opened_at, |r| r.at)
    }

    /// The support line that owns the case now: its state's line, except while the customer
    /// is asked to confirm a remote fix — that stays with the line it was fixed from (1st
    /// line when the platform's own remedy worked), not the 3rd line a field visit's fix
    /// waits with.
    pub fn line(&self) -> Option<SupportLine> {
        let remote = self
            .resolution
            .as_ref()
            .is_some_and(|r| r.kind == ResolutionKind::Remote);
        if self.state == CaseState::AwaitingConfirmation && remote {
            let fixed_from = self
                .history
                .iter()
                .rev()
                .find(|r| matches!(r.event, CaseEvent::ResolveRemotely { .. }))
                .and_then(|r| r.from.line());
            return fixed_from.or(Some(SupportLine::First));
        }
        self.state.line()
    }

    /// Why the clocks may not pause at `now` under the case's SLA, if they may not.
    pub fn pause_refused(&self, now: DateTime<Utc>) -> Option<crate::support::sla::PauseRefused> {
        self.pause_policy.allows(self.priority, self.paused_total(now)).err()
    }

    /// How long the clocks have stood still in all by `now` (a pause still open counts up
    /// to `now`).
    pub fn paused_total(&self, now: DateTime<Utc>) -> chrono::Duration {
        self.pauses
            .iter()
            .map(|p| p.until.unwrap_or(now).max(p.from) - p.from)
            .fold(chrono::Duration::zero(), |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{new_case, t0};
    use super::*;

    #[test]
    fn unknown_level_and_empty_description_refuse_registration() {
        let mut new = NewCase {
            sla_level: "Gold".into(),
            ..serde_json::from_value(serde_json::to_value(new_case_input()).unwrap()).unwrap()
        };
        assert!(matches!(
            Case::register(new.clone(), &SlaCatalog::builtin(), t0()),
            Err(RegisterError::SlaLevel(_))
        ));
        new.sla_level = "Basic".into();
        new.description = " ".into();
        assert_eq!(
            Case::register(new, &SlaCatalog::builtin(), t0()),
            Err(RegisterError::NoDescription)
        );
    }

    #[test]
    fn a_remote_fix_awaiting_confirmation_stays_with_the_line_that_fixed_it() {
        use super::super::fixtures::{case_in, passed};
        let at = |m: i64| t0() + chrono::Duration::minutes(m);
        let mut c = new_case();
        c.apply(Actor::System, CaseEvent::Accept, at(1)).unwrap();
        c.apply(
            Actor::System,
            CaseEvent::ResolveRemotely { verification: passed() },
            at(3),
        )
        .unwrap();
        assert_eq!(c.state, CaseState::AwaitingConfirmation);
        assert_eq!(c.line(), Some(SupportLine::First), "not 3rd line");
        // A field visit's fix waits with 3rd line.
        let mut field = case_in(CaseState::AwaitingConfirmation);
        if let Some(r) = field.resolution.as_mut() {
            r.kind = ResolutionKind::Field;
        }
        assert_eq!(field.line(), Some(SupportLine::Third));
    }

    fn new_case_input() -> NewCase {
        let c = new_case();
        NewCase {
            id: c.id,
            channel: c.channel,
            reporter: c.reporter,
            site: c.site,
            charger_id: c.charger_id,
            connector_id: c.connector_id,
            description: c.description,
            priority: c.priority,
            priority_reason: c.priority_reason,
            sla_level: c.sla_level,
        }
    }
}
