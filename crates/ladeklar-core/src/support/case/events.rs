//! What can happen to a case ([`CaseEvent`], with its data) and its kind ([`EventKind`],
//! without).

use serde::{Deserialize, Serialize};

use super::aggregate::CaseId;
use super::work::{ActionProposal, Verification, Visit, WorkReport};

/// Something that happened to a case. Each names its own requirements (see
/// [`Case::check`](super::Case::check)).
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
    /// The customer did not answer within [`CONFIRMATION_TIMEOUT`](super::CONFIRMATION_TIMEOUT); `note`
    /// documents the attempts.
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
