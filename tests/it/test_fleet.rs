//! The fleet of the fault tests (a killed server, a killed node, a restarted PostgreSQL):
//! `count` two-connector 22 kW AC chargers at the demo site Oslo Storo named `<PREFIX>-000`…,
//! an accepted id tag per connector, and the simulated chargers (ladeklar-sim) running a
//! session on every connector.

use std::time::Duration;

use chrono::{DateTime, Utc};
use ladeklar_api::{ConnectorStandard, PowerType};
use ladeklar_core::authorization::{TokenRecord, TokenStatus};
use ladeklar_server::provisioning::{add_charger, add_token, ChargerSpec, ConnectorSpec};
use ladeklar_server::{Registration, Store};
use ladeklar_sim::{SimCharger, SimConfig, SimConnector, SimHandle};
use rust_decimal_macros::dec;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::support::wait_until;

/// The connectors of every charger of the fleet.
pub const CONNECTORS: [u32; 2] = [1, 2];

pub struct TestFleet {
    pub prefix: &'static str,
    pub count: usize,
    pub password: &'static str,
}

impl TestFleet {
    pub fn charger_id(&self, n: usize) -> String {
        format!("{}-{n:03}", self.prefix)
    }

    /// The id tag that starts sessions on connector `connector` of charger `n`.
    pub fn tag(&self, n: usize, connector: u32) -> String {
        format!("{}-{n:03}-{connector}", self.prefix)
    }

    /// The demo data (for its sites' tariffs), then the fleet's chargers and tags.
    pub async fn provision(&self, store: &Store, now: DateTime<Utc>) {
        ladeklar_server::demo::seed_if_empty(store, now)
            .await
            .expect("demo data");
        for n in 0..self.count {
            let spec = ChargerSpec {
                id: self.charger_id(n),
                site_id: "oslo-storo".into(),
                connectors: CONNECTORS
                    .map(|connector_id| ConnectorSpec {
                        connector_id,
                        standard: ConnectorStandard::Type2,
                        power_type: PowerType::Ac,
                        max_power_kw: 22,
                    })
                    .to_vec(),
                password: self.password.into(),
                vendor: "Test".into(),
                model: self.prefix.into(),
                registration: Registration::Accepted,
            };
            add_charger(store, &spec, now).await.expect("charger registered");
            for connector in CONNECTORS {
                let token = TokenRecord {
                    id_tag: self.tag(n, connector),
                    status: TokenStatus::Accepted,
                    expiry: None,
                    parent_id_tag: None,
                };
                add_token(store, &token, now).await.expect("token added");
            }
        }
    }

    /// Starts the simulated chargers against `ws_base` (a reading every `meter_interval`),
    /// waits until every one is connected, then starts a session at the charger on every
    /// connector and waits until every StartTransaction is answered.
    pub async fn charging(&self, ws_base: &str, meter_interval: Duration) -> RunningFleet {
        let (stop, rx) = watch::channel(false);
        let mut handles: Vec<SimHandle> = Vec::new();
        let mut tasks = Vec::new();
        for n in 0..self.count {
            let sim = SimCharger::new(SimConfig {
                charge_point_id: self.charger_id(n),
                ws_base: ws_base.to_owned(),
                connectors: CONNECTORS
                    .map(|connector_id| SimConnector {
                        connector_id,
                        power_kw: dec!(22),
                        fault: None,
                    })
                    .to_vec(),
                meter_interval,
                vendor: "Test".into(),
                model: self.prefix.into(),
                password: Some(self.password.into()),
                tls: None,
            });
            handles.push(sim.handle());
            tasks.push(tokio::spawn(sim.run_until(rx.clone())));
        }
        wait_until("every charger connected", || {
            handles.iter().all(SimHandle::is_connected)
        })
        .await;
        for (n, h) in handles.iter().enumerate() {
            for connector in CONNECTORS {
                assert!(h.start_local(connector, &self.tag(n, connector)).await);
            }
        }
        wait_until("every Start answered", || {
            handles
                .iter()
                .all(|h| h.transactions().iter().all(|t| t.transaction_id.is_some()))
        })
        .await;
        RunningFleet { handles, stop, tasks }
    }
}

/// The simulated chargers, running until [`RunningFleet::shut_down`].
pub struct RunningFleet {
    pub handles: Vec<SimHandle>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningFleet {
    /// Every charger connected and every transaction message it made answered.
    pub fn all_delivered(&self) -> bool {
        self.handles.iter().all(|h| h.is_connected() && h.queued() == 0)
    }

    pub async fn shut_down(&mut self) {
        let _ = self.stop.send(true);
        for t in self.tasks.drain(..) {
            let _ = t.await;
        }
    }
}
