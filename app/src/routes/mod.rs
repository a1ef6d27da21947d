//! One page per file.

pub mod account;
pub mod audit;
pub mod cases;
pub mod charger;
pub mod chargers;
pub mod forgot_password;
pub mod not_found;
pub mod operations;
pub mod payment;
pub mod receipt;
pub mod report;
pub mod reset_password;
pub mod session;
pub mod sign_in;
pub mod sign_up;
pub mod support;
pub mod users;
pub mod verify_email;
