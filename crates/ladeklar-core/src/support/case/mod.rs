//! The support case and its lifecycle.
//!
//! registered → 1st line → (resolved remotely | 2nd line) → (resolved remotely | field action
//! proposed → 3rd line) → visit scheduled → on site → work done and verified → awaiting
//! customer confirmation → closed; plus waiting for the customer (SLA clock paused),
//! reopened, duplicate and cancelled.
//!
//! Every change goes through [`Case::apply`] with the actor and `now`. The table in
//! [`allowed_actors`] says who may make each transition; [`Case::check`] says what it
//! requires. A refused transition changes nothing and returns a [`TransitionRefused`]
//! saying why.
//!
//! - [`parties`]: who is involved — the support lines, the actors, the customer, the site;
//! - [`state`]: where a case is in its life;
//! - [`events`]: what can happen to a case;
//! - [`work`]: what support produces along the way — action proposal, visit, verification,
//!   work report;
//! - [`permissions`]: who may make each transition (the table);
//! - [`transitions`]: what each transition requires, where it leads and what it records;
//! - [`refusal`]: why a transition was refused;
//! - [`outcome`]: how a case was fixed and how it ended;
//! - [`aggregate`]: the case itself, its history and its registration.

pub mod aggregate;
pub mod events;
pub mod outcome;
pub mod parties;
pub mod permissions;
pub mod refusal;
pub mod state;
pub mod transitions;
pub mod work;

#[cfg(test)]
pub(crate) mod fixtures;

pub use aggregate::{Case, CaseId, CaseRecord, NewCase, RegisterError};
pub use events::{CaseEvent, EventKind};
pub use outcome::{Closure, Resolution, ResolutionKind};
pub use parties::{Actor, Channel, Customer, CustomerKind, SiteRef, SupportLine};
pub use permissions::allowed_actors;
pub use refusal::{Requirement, TransitionRefused};
pub use state::CaseState;
pub use transitions::{CONFIRMATION_TIMEOUT, REOPEN_WINDOW};
pub use work::{ActionProposal, PartLine, Skill, Verification, Visit, WorkReport};
