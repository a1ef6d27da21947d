//! The support case engine: cases and their lifecycle through 1st, 2nd and 3rd line,
//! priorities, SLA levels and clocks, escalation, fault analysis, expected resolution time
//! and SLA reporting. Pure rules: the server stores cases, runs the timer and calls these
//! with `now`.

pub mod case;
pub mod case_sla;
pub mod escalation;
pub mod fault;
pub mod priority;
pub mod report;
pub mod resolution;
pub mod sla;
