//! A simulated OCPP 1.6J charge point that talks to a central system over a real WebSocket:
//! it boots, reports each connector's status (or a scripted fault), sends heartbeats,
//! accepts remote start and stop, and sends meter values at its connector's power.
//! When the connection drops it reconnects with randomized exponential back-off.
//! [`scenario`] scripts faults, sessions started at the charger and offline spells.
//! `wss://` URLs are served over TLS (rustls, ring), trusting [`tls::client_config`].

mod charge_point;
pub mod scenario;
pub mod tls;

/// The TLS library of [`SimConfig::tls`], for callers building their own configuration.
pub use rustls;

pub use charge_point::{SimCharger, SimConfig, SimConnector, SimHandle, SimTransaction};
