//! One page per file.

pub mod account;
#[cfg(feature = "staff")]
pub mod audit;
pub mod cases;
pub mod charger;
pub mod chargers;
pub mod forgot_password;
pub mod history;
pub mod my_car;
pub mod not_found;
#[cfg(feature = "staff")]
pub mod operations;
pub mod payment;
pub mod receipt;
pub mod report;
pub mod reset_password;
pub mod session;
pub mod sign_in;
pub mod sign_up;
pub mod staff;
#[cfg(feature = "staff")]
pub mod support;
#[cfg(feature = "staff")]
pub mod users;
pub mod verify_email;
