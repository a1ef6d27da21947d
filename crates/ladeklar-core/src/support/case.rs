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

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::priority::Priority;
use super::sla::{Country, Pause, SlaCatalog, SlaLevelError};

/// How long the customer has to confirm a fix before the case may close without it.
pub const CONFIRMATION_TIMEOUT: Duration = Duration::days(5);
/// How long after closing a case may be reopened (later: open a new case).
pub const REOPEN_WINDOW: Duration = Duration::days(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseId(pub Uuid);

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The support lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportLine {
    First,
    Second,
    Third,
}

/// Who makes a change to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "role", content = "line", rename_all = "snake_case")]
pub enum Actor {
    Driver,
    SiteOwner,
    /// A support agent of a line.
    Agent(SupportLine),
    /// A field technician.
    Technician,
    /// The platform itself (timers, automatic triage).
    System,
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Actor::Driver => "a driver",
            Actor::SiteOwner => "a site owner",
            Actor::Agent(SupportLine::First) => "a 1st line agent",
            Actor::Agent(SupportLine::Second) => "a 2nd line agent",
            Actor::Agent(SupportLine::Third) => "a 3rd line agent",
            Actor::Technician => "a technician",
            Actor::System => "the system",
        })
    }
}

/// How the case reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Email,
    Portal,
    App,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    Driver,
    SiteOwner,
}

/// The customer who reported the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub kind: CustomerKind,
    pub name: String,
    /// Phone number or e-mail address.
    pub contact: String,
}

/// The site the case is about: whose it is and which calendar it lives in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteRef {
    pub site_id: String,
    pub owner_id: String,
    pub time_zone: Tz,
    pub country: Country,
}

/// Where a case is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    Registered,
    FirstLine,
    SecondLine,
    FieldActionProposed,
    ThirdLine,
    VisitScheduled,
    OnSite,
    WorkVerified,
    AwaitingConfirmation,
    /// Waiting for the customer to answer; the SLA clock is paused.
    WaitingForCustomer,
    Reopened,
    Closed,
    Duplicate,
    Cancelled,
}

impl CaseState {
    pub const ALL: [CaseState; 14] = [
        CaseState::Registered,
        CaseState::FirstLine,
        CaseState::SecondLine,
        CaseState::FieldActionProposed,
        CaseState::ThirdLine,
        CaseState::VisitScheduled,
        CaseState::OnSite,
        CaseState::WorkVerified,
        CaseState::AwaitingConfirmation,
        CaseState::WaitingForCustomer,
        CaseState::Reopened,
        CaseState::Closed,
        CaseState::Duplicate,
        CaseState::Cancelled,
    ];

    pub fn is_open(self) -> bool {
        !matches!(self, CaseState::Closed | CaseState::Duplicate | CaseState::Cancelled)
    }

    /// The support line that owns the case in this state, if any.
    pub fn line(self) -> Option<SupportLine> {
        match self {
            CaseState::Registered | CaseState::FirstLine | CaseState::Reopened => Some(SupportLine::First),
            CaseState::SecondLine | CaseState::FieldActionProposed => Some(SupportLine::Second),
            CaseState::ThirdLine
            | CaseState::VisitScheduled
            | CaseState::OnSite
            | CaseState::WorkVerified
            | CaseState::AwaitingConfirmation => Some(SupportLine::Third),
            CaseState::WaitingForCustomer | CaseState::Closed | CaseState::Duplicate | CaseState::Cancelled => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Registered => "registered",
            CaseState::FirstLine => "at 1st line",
            CaseState::SecondLine => "at 2nd line",
            CaseState::FieldActionProposed => "field action proposed",
            CaseState::ThirdLine => "at 3rd line",
            CaseState::VisitScheduled => "visit scheduled",
            CaseState::OnSite => "technician on site",
            CaseState::WorkVerified => "work done and verified",
            CaseState::AwaitingConfirmation => "awaiting customer confirmation",
            CaseState::WaitingForCustomer => "waiting for the customer",
            CaseState::Reopened => "reopened",
            CaseState::Closed => "closed",
            CaseState::Duplicate => "a duplicate",
            CaseState::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for CaseState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A part a field action needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartLine {
    pub part: String,
    pub quantity: u32,
}

/// A skill or certification a field action needs (e.g. "authorised electrician").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Skill(pub String);

/// 2nd line's written proposal for a field action: what to do, with which parts and skills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionProposal {
    pub summary: String,
    #[serde(default)]
    pub steps: Vec<String>,
    #[serde(default)]
    pub parts: Vec<PartLine>,
    /// Set when the visit needs no parts (an empty part list alone is not accepted).
    #[serde(default)]
    pub no_parts_needed: bool,
    pub skills: Vec<Skill>,
    pub estimated_on_site_minutes: u32,
}

/// A scheduled service visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub technician: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// How a fix was verified (e.g. "StatusNotification Available within 5 minutes", a test charge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub method: String,
    pub passed: bool,
    pub evidence: String,
}

/// The technician's documentation of the work, for the site's service card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkReport {
    pub summary: String,
    #[serde(default)]
    pub parts_used: Vec<PartLine>,
    #[serde(default)]
    pub photos: Vec<String>,
    pub verification: Verification,
}

/// Something that happened to a case. Each names its own requirements (see [`Case::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CaseEvent {
    /// A 1st line agent (or triage) takes the case.
    Accept,
    ResolveRemotely {
        verification: Verification,
    },
    EscalateToSecondLine {
        reason: String,
    },
    ProposeFieldAction {
        proposal: ActionProposal,
    },
    /// 3rd line sends the proposal back to 2nd line.
    RejectFieldAction {
        reason: String,
    },
    EscalateToThirdLine,
    /// Schedule (or reschedule) the visit.
    ScheduleVisit {
        visit: Visit,
    },
    ArriveOnSite,
    /// The technician leaves without a fix (e.g. a part is missing): back to 3rd line.
    LeaveSiteUnfinished {
        reason: String,
    },
    RecordWorkDone {
        report: WorkReport,
    },
    RequestConfirmation,
    ConfirmResolved,
    /// The customer did not answer within [`CONFIRMATION_TIMEOUT`]; `note` documents the attempts.
    ConfirmationTimedOut {
        note: String,
    },
    WaitForCustomer {
        question: String,
    },
    CustomerReplied,
    Reopen {
        reason: String,
    },
    MarkDuplicate {
        of: CaseId,
    },
    Cancel {
        reason: String,
    },
}

/// The kind of a [`CaseEvent`], without its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Accept,
    ResolveRemotely,
    EscalateToSecondLine,
    ProposeFieldAction,
    RejectFieldAction,
    EscalateToThirdLine,
    ScheduleVisit,
    ArriveOnSite,
    LeaveSiteUnfinished,
    RecordWorkDone,
    RequestConfirmation,
    ConfirmResolved,
    ConfirmationTimedOut,
    WaitForCustomer,
    CustomerReplied,
    Reopen,
    MarkDuplicate,
    Cancel,
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned));
        f.write_str(s.as_deref().unwrap_or("event"))
    }
}

impl CaseEvent {
    pub fn kind(&self) -> EventKind {
        match self {
            CaseEvent::Accept => EventKind::Accept,
            CaseEvent::ResolveRemotely { .. } => EventKind::ResolveRemotely,
            CaseEvent::EscalateToSecondLine { .. } => EventKind::EscalateToSecondLine,
            CaseEvent::ProposeFieldAction { .. } => EventKind::ProposeFieldAction,
            CaseEvent::RejectFieldAction { .. } => EventKind::RejectFieldAction,
            CaseEvent::EscalateToThirdLine => EventKind::EscalateToThirdLine,
            CaseEvent::ScheduleVisit { .. } => EventKind::ScheduleVisit,
            CaseEvent::ArriveOnSite => EventKind::ArriveOnSite,
            CaseEvent::LeaveSiteUnfinished { .. } => EventKind::LeaveSiteUnfinished,
            CaseEvent::RecordWorkDone { .. } => EventKind::RecordWorkDone,
            CaseEvent::RequestConfirmation => EventKind::RequestConfirmation,
            CaseEvent::ConfirmResolved => EventKind::ConfirmResolved,
            CaseEvent::ConfirmationTimedOut { .. } => EventKind::ConfirmationTimedOut,
            CaseEvent::WaitForCustomer { .. } => EventKind::WaitForCustomer,
            CaseEvent::CustomerReplied => EventKind::CustomerReplied,
            CaseEvent::Reopen { .. } => EventKind::Reopen,
            CaseEvent::MarkDuplicate { .. } => EventKind::MarkDuplicate,
            CaseEvent::Cancel { .. } => EventKind::Cancel,
        }
    }
}

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

/// How a fix was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolutionKind {
    Remote,
    Field,
}

/// The fix: how it was reached and how it was verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub kind: ResolutionKind,
    pub verification: Verification,
}

/// How a case ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "closure", rename_all = "snake_case")]
pub enum Closure {
    ConfirmedByCustomer,
    ConfirmationTimedOut { note: String },
    Duplicate { of: CaseId },
    Cancelled { reason: String },
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
    /// Why this priority (see [`super::priority::assess_priority`]).
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

/// Who may make `event` on a case in `state` (empty: the event does not apply there).
/// Agents act only for the line that owns the case; customers are drivers and site owners.
pub fn allowed_actors(state: CaseState, event: EventKind) -> Vec<Actor> {
    use Actor::{Agent, Driver, SiteOwner, System, Technician};
    use CaseState as S;
    use EventKind as E;
    use SupportLine::{First, Second, Third};
    let customers_and_agents = vec![Driver, SiteOwner, Agent(First), Agent(Second), Agent(Third)];
    match (event, state) {
        (E::Accept, S::Registered | S::Reopened) => vec![Agent(First), System],
        (E::ResolveRemotely, S::FirstLine) => vec![Agent(First)],
        (E::ResolveRemotely, S::SecondLine) => vec![Agent(Second)],
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
pub(crate) mod tests {
    use super::*;
    use chrono::TimeZone;

    pub(crate) fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
    }

    pub(crate) fn new_case() -> Case {
        Case::register(
            NewCase {
                id: CaseId(Uuid::from_u128(1)),
                channel: Channel::App,
                reporter: Customer {
                    kind: CustomerKind::Driver,
                    name: "Kari Nordmann".into(),
                    contact: "+47 900 00 000".into(),
                },
                site: SiteRef {
                    site_id: "site-1".into(),
                    owner_id: "owner-1".into(),
                    time_zone: chrono_tz::Europe::Oslo,
                    country: Country::Norway,
                },
                charger_id: Some("CP-1".into()),
                connector_id: Some(1),
                description: "Charger shows a red light and will not start".into(),
                priority: Priority::P2,
                priority_reason: "some connectors at the site are down: P2".into(),
                sla_level: "Standard".into(),
            },
            &SlaCatalog::builtin(),
            t0(),
        )
        .unwrap()
    }

    pub(crate) fn passed() -> Verification {
        Verification {
            method: "StatusNotification Available within 5 minutes".into(),
            passed: true,
            evidence: "Available at 09:03".into(),
        }
    }

    pub(crate) fn proposal() -> ActionProposal {
        ActionProposal {
            summary: "Replace the RFID reader".into(),
            steps: vec!["Isolate the charger".into(), "Swap the reader".into()],
            parts: vec![PartLine {
                part: "RFID reader module".into(),
                quantity: 1,
            }],
            no_parts_needed: false,
            skills: vec![Skill("authorised electrician".into())],
            estimated_on_site_minutes: 90,
        }
    }

    pub(crate) fn visit() -> Visit {
        Visit {
            technician: "Ola".into(),
            starts_at: t0() + Duration::days(10),
            ends_at: t0() + Duration::days(10) + Duration::hours(2),
        }
    }

    fn report(passed_test: bool) -> WorkReport {
        WorkReport {
            summary: "Reader replaced".into(),
            parts_used: proposal().parts,
            photos: vec![],
            verification: Verification {
                passed: passed_test,
                ..passed()
            },
        }
    }

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

    /// A case in `state`, with what that state implies (a verified fix where one is due).
    pub(crate) fn case_in(state: CaseState) -> Case {
        let mut c = new_case();
        c.state = state;
        if matches!(
            state,
            CaseState::WorkVerified | CaseState::AwaitingConfirmation | CaseState::Closed
        ) {
            c.resolution = Some(Resolution {
                kind: ResolutionKind::Remote,
                verification: passed(),
            });
            c.resolved_at = Some(t0());
            c.confirmation_requested_at = Some(t0());
        }
        if state == CaseState::Closed {
            c.closed_at = Some(t0());
        }
        if state == CaseState::WaitingForCustomer {
            c.resume_to = Some(CaseState::SecondLine);
            c.pauses.push(Pause {
                from: t0(),
                until: None,
            });
        }
        c
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
