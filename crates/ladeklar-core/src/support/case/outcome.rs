//! How a case was fixed ([`Resolution`]: remotely or in the field, and verified how) and
//! how it ended ([`Closure`]).

use serde::{Deserialize, Serialize};

use super::aggregate::CaseId;
use super::work::Verification;

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
