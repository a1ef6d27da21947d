//! The Ladeklar domain, pure.
//!
//! Architecture invariant: this crate performs no I/O and never reads the clock; every
//! function that depends on time takes `now` (or the instants it needs) as a parameter.
//! It builds for `wasm32-unknown-unknown` so the UI prices with the same code as the server.

pub mod accounts;
pub mod authorization;
pub mod charger_auth;
pub mod charger_security;
pub mod connector_fault;
pub mod field;
pub mod finder;
pub mod geo;
pub mod meter_check;
pub mod money;
pub mod owner_revenue;
pub mod owner_usage;
pub mod payments;
pub mod pricing;
pub mod session;
pub mod session_events;
pub mod session_notice;
pub mod session_step;
pub mod session_watch;
pub mod support;
pub mod tariff;
pub mod vehicle;
