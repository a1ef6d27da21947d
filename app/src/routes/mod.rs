//! One page per file.

pub mod charger;
pub mod chargers;
pub mod not_found;
pub mod receipt;
pub mod session;
