//! A simulated OCPP 1.6J charge point that talks to a central system over a real WebSocket:
//! it boots, reports each connector's status (or a scripted fault), sends heartbeats,
//! accepts remote start and stop, and sends meter values at its connector's power.
//! When the connection drops it reconnects with randomized exponential back-off.

mod charge_point;

pub use charge_point::{SimCharger, SimConfig, SimConnector, SimHandle, SimTransaction};
