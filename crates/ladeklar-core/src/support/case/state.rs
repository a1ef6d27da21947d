//! Where a case is in its life ([`CaseState`]): open or not, and which support line owns it.

use serde::{Deserialize, Serialize};

use super::parties::SupportLine;

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
