//! The OCPP 1.6J central system: the WebSocket endpoint at `/ocpp/{chargePointId}`, the
//! registry of connected chargers, and the handlers for each charge point action.

mod connection;
mod handlers;
mod links;
pub(crate) mod security_events;
pub(crate) mod uploads;

pub use connection::{handle_text, ocpp_upgrade, Reaction};
pub use links::{CallFailure, ChargerHandle, ChargerLinks, LinkFailure};
