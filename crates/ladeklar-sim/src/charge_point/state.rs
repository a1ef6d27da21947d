//! What the charger keeps apart from its connectors: configuration, local authorization
//! list, reservations, charging profiles, firmware and diagnostics status.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use ladeklar_ocpp::v16::types::{ChargingProfile, DiagnosticsStatus, FirmwareStatus};
use serde_json::Value;

use super::certificate::Certificates;
use super::config::SimConfig;
use super::configuration::Configuration;

/// What the charger keeps apart from its connectors: configuration, local list, reservations,
/// charging profiles, firmware and diagnostics status.
#[derive(Debug)]
pub(super) struct SimState {
    pub(super) configuration: Configuration,
    pub(super) local_list_version: i32,
    pub(super) local_list: BTreeMap<String, Value>,
    /// Reservation id → connector id.
    pub(super) reservations: HashMap<i32, u32>,
    /// (connector id, profile); connector 0 is the whole charger.
    pub(super) profiles: Vec<(u32, ChargingProfile)>,
    pub(super) firmware: FirmwareStatus,
    pub(super) diagnostics: DiagnosticsStatus,
    /// Security Profile 3: a pending CSR's key and the installed client certificate.
    pub(super) certificates: Certificates,
}

impl SimState {
    pub(super) fn new(config: &SimConfig) -> Self {
        Self {
            configuration: Configuration::new(config),
            local_list_version: 0,
            local_list: BTreeMap::new(),
            reservations: HashMap::new(),
            profiles: Vec::new(),
            firmware: FirmwareStatus::Idle,
            diagnostics: DiagnosticsStatus::Idle,
            certificates: Certificates::default(),
        }
    }
}

pub(super) fn lock_state(m: &Mutex<SimState>) -> MutexGuard<'_, SimState> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
