//! # Implementation of the OCPP 1.6 Specification
//!
//! # Supported Feature Profiles
//!
//!

/// message types
pub mod messages;

/// types
pub mod types;
