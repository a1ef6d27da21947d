//! The connectors' live state: status, energy register and the transaction running on each,
//! shared by the connection, the meters and the [`SimHandle`](super::SimHandle).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use ladeklar_ocpp::v16::types::ChargePointStatus;
use rust_decimal::Decimal;

use super::config::SimConnector;
use super::transactions::Transaction;

#[derive(Debug)]
pub(super) struct ConnectorState {
    pub(super) config: SimConnector,
    pub(super) status: ChargePointStatus,
    /// The energy register, Wh (lifetime).
    pub(super) register_wh: Decimal,
    pub(super) transaction: Option<Transaction>,
    /// A car a test drives through DataTransfer `SimCar` (`calls::car`); `None`: the
    /// simulator's own car, plugged in whenever a start comes and drawing at once.
    pub(super) car: Option<SimCar>,
}

/// A car driven step by step: whether its cable is in, and a remote start waiting for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct SimCar {
    pub(super) plugged: bool,
    pub(super) waiting_tag: Option<String>,
}

pub(super) type Connectors = Arc<Mutex<HashMap<u32, ConnectorState>>>;

/// The connectors as the charger starts: Available, or Faulted with a scripted fault.
pub(super) fn from_config(connectors: &[SimConnector]) -> HashMap<u32, ConnectorState> {
    connectors
        .iter()
        .map(|c| {
            let status = if c.fault.is_some() {
                ChargePointStatus::Faulted
            } else {
                ChargePointStatus::Available
            };
            // Registers start at a realistic lifetime value, never at zero.
            let register_wh = Decimal::from(1_000_000 + 137 * c.connector_id);
            (
                c.connector_id,
                ConnectorState {
                    config: c.clone(),
                    status,
                    register_wh,
                    transaction: None,
                    car: None,
                },
            )
        })
        .collect()
}

pub(super) fn lock(m: &Mutex<HashMap<u32, ConnectorState>>) -> MutexGuard<'_, HashMap<u32, ConnectorState>> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// (connector id, status, scripted fault) of one connector or all, by id.
pub(super) fn connector_snapshot(
    connectors: &Connectors,
    only: Option<u32>,
) -> Vec<(u32, ChargePointStatus, Option<String>)> {
    let c = lock(connectors);
    let mut v: Vec<_> = c
        .values()
        .filter(|c| only.is_none_or(|id| id == c.config.connector_id))
        .map(|c| (c.config.connector_id, c.status.clone(), c.config.fault.clone()))
        .collect();
    v.sort_by_key(|(id, _, _)| *id);
    v
}
