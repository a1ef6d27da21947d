//! OCPP 1.6J on the wire, without I/O: frames (CALL, CALLRESULT, CALLERROR), the CALLERROR
//! codes, and typed messages in both directions (the `rust-ocpp` crate's 1.6 types, our copy in
//! `vendor/rust-ocpp/` without serde_json's `arbitrary_precision`), each payload checked against
//! the official OCPP 1.6 JSON schemas first ([`schema`]).
//!
//! Architecture invariant: no sockets, no clocks. The server and the simulator own the
//! WebSocket; they hand text frames to [`frame::Frame::parse`] and typed messages to
//! [`messages`], and get text back.

pub mod error_code;
pub mod frame;
#[cfg(feature = "tokio")]
pub mod link;
pub mod messages;
pub mod meter;
#[cfg(test)]
mod numbers;
pub mod schema;
pub mod security;

pub use error_code::CallErrorCode;
pub use frame::{Frame, FrameError};
pub use messages::{CentralSystemCall, CentralSystemCallResult, ChargePointCall, PayloadError};
pub use rust_ocpp::v1_6 as v16;

/// The WebSocket subprotocol for OCPP 1.6J.
pub const SUBPROTOCOL: &str = "ocpp1.6";
