//! Field visits (issue 18): a support case's visit by a technician, as pure rules.
//!
//! - [`slot`]: [`slot::schedule`] — is a visit's slot inside the case's SLA window (working
//!   time of the contract's calendar with the site's country's public holidays, not in the
//!   past, done by the on-site deadline)?
//! - [`work_order`]: the work order's state machine — scheduled → checked in → work recorded
//!   → verified → signed off → checked out — with refusals in words;
//! - [`visit_report`]: the technician's report (work done, parts from the expected parts
//!   list with quantities above zero, photos before and after by id, the verification, the
//!   customer's sign-off) checked as a whole, as it arrives from a phone that was offline;
//!   what happens to a report whose case moved on meanwhile ([`visit_report::report_fate`]);
//! - [`verification`]: whether a charger's live status and a test charge verify the fix;
//! - [`uptime`]: each charger's uptime over a period from its status history;
//! - [`sla_month`]: the SLA report of an owner, a site and a month — cases, response and
//!   resolution times against the SLA, breaches ([`crate::support::report`]) and uptime.

pub mod sla_month;
pub mod slot;
pub mod uptime;
pub mod verification;
pub mod visit_report;
pub mod work_order;

#[cfg(test)]
mod proptests;
