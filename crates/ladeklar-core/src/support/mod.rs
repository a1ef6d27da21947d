//! The support case engine: cases and their lifecycle through 1st, 2nd and 3rd line,
//! priorities, SLA levels and clocks, escalation, fault analysis, expected resolution time
//! and SLA reporting. Pure rules: the server stores cases, runs the timer and calls these
//! with `now`.
//!
//! Entry points:
//! - [`case::Case::register`], [`case::Case::apply`] (and [`case::Case::check`] to ask
//!   first), [`case::allowed_actors`]: the case lifecycle;
//! - [`priority::assess_priority`]: P1–P4 from impact and urgency;
//! - [`sla::SlaCatalog`] (levels as data), [`sla::SlaCalendar`], [`sla::SlaClock`]:
//!   deadlines; [`case_sla::case_sla_status`]: a case's clocks, met or breached;
//! - [`escalation::due_actions`]: what is due on a case now (run on a timer);
//! - [`fault::analyse`] over [`fault::FaultKnowledge`] (knowledge as data);
//! - [`resolution::expected_resolution`]: what to tell the customer, in words;
//! - [`report::sla_report`]: SLA figures for an owner, a site or a month;
//! - [`intake::assess_report`]: a driver's report's priority; [`intake::actor_for`]: who a
//!   caller acts as on a case; [`photo`]: the limits of a case's photos;
//! - [`remote_fix::follow_up`]: after a remote remedy, wait, try the next, or give up.

pub mod case;
pub mod case_sla;
pub mod escalation;
pub mod fault;
pub mod intake;
pub mod photo;
pub mod priority;
pub mod remote_fix;
pub mod report;
pub mod resolution;
pub mod sla;

#[cfg(test)]
mod proptests;
