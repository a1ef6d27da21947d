//! How one simulated charge point behaves: where it connects, with which password and
//! trust, its connectors (power, a scripted fault), its meter interval, vendor and model.

use std::sync::Arc;
use std::time::Duration;

use rust_decimal::Decimal;

/// How one simulated charge point behaves.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub charge_point_id: String,
    /// `ws://host:port/ocpp` or `wss://host:port/ocpp`; the charge point id is appended.
    pub ws_base: String,
    pub connectors: Vec<SimConnector>,
    pub meter_interval: Duration,
    pub vendor: String,
    pub model: String,
    /// The charger's password for HTTP Basic auth (Security Profile 1, or 2 over `wss://`);
    /// `None` sends none.
    pub password: Option<String>,
    /// Whom to trust for a `wss://` `ws_base` ([`crate::tls::client_config`]); `None`: the
    /// system's root certificates.
    pub tls: Option<Arc<rustls::ClientConfig>>,
}

#[derive(Debug, Clone)]
pub struct SimConnector {
    pub connector_id: u32,
    /// The power the car draws while charging, kW.
    pub power_kw: Decimal,
    /// A ChargePointErrorCode to report as Faulted instead of Available.
    pub fault: Option<String>,
}
