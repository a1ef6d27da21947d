//! # rust-ocpp
//!
//! `rust-ocpp` is a collection of data types and enums specified by the Open Charge Point Protocol
//! by Open Charge Alliance
//!
//! More Info on Open Charge Alliance can be found here: [Open Charge Alliance](https://www.openchargealliance.org/)
//!
//! Ladeklar's copy keeps only the `ocpp 1.6` implementation (see README.md).
//!
//! # v1_6
//! The [v1_6](v1_6) module contains the `ocpp 1.6` implementation
#[cfg(feature = "v1_6")]
pub mod v1_6;
