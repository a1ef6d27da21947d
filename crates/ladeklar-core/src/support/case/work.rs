//! The work artefacts of a case: 2nd line's action proposal (parts and skills), the
//! scheduled visit, the verification of a fix and the technician's work report.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
