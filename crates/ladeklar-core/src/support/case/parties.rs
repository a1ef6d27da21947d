//! Who is involved in a case: the support lines, the actors who change it, the customer
//! who reported it (and through which channel), and the site it is about.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::support::sla::Country;

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
