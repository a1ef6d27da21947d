//! A car at a connector, driven by the central system for tests and the demo (issue 17):
//! DataTransfer vendor `Ladeklar`, message `SimCar`, data `{"connectorId": 1, "car": ACTION}`.
//! Sent by an operator's command (`POST /api/v1/chargers/{id}/commands`, `data_transfer`),
//! it makes the charger report what a real one reports for that car:
//!
//! - `away` — the car is driven from now on, its cable out: a remote start waits (Preparing)
//!   until it is plugged in.
//! - `plug` — cable in: a waiting start becomes the transaction, SuspendedEV until it draws.
//! - `charge` — the car draws (Charging; the meter runs). `pause` — the car stops drawing
//!   (SuspendedEV). `limit` — the charger holds back (SuspendedEVSE). `finish` — the charger
//!   is ending the transaction (Finishing).
//! - `stop` — the transaction ends at the charger (reason Local), the cable still in:
//!   Finishing until `unplug`.
//! - `unplug` — cable out: a running transaction ends (EVDisconnected), then Available.
//!
//! Anything else is Rejected with the reason in `data`.

use ladeklar_ocpp::v16::types::{ChargePointStatus, Reason};
use serde::Deserialize;
use serde_json::json;

use super::{Answer, Charger, Effect};
use crate::charge_point::connectors::SimCar;

/// The DataTransfer `messageId` that drives a car.
pub(crate) const MESSAGE_ID: &str = "SimCar";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Drive {
    connector_id: u32,
    car: String,
}

fn rejected(why: String) -> Answer {
    Answer::reply(json!({"status": "Rejected", "data": why}))
}

/// Carries out one action on a connector's car.
pub(super) fn drive(charger: &mut Charger<'_>, data: &str) -> Answer {
    let drive: Drive = match serde_json::from_str(data) {
        Ok(d) => d,
        Err(e) => return rejected(format!("data: {e}")),
    };
    let Some(c) = charger.connectors.get_mut(&drive.connector_id) else {
        return rejected(format!("connectorId: no connector {}", drive.connector_id));
    };
    let id = drive.connector_id;
    let accepted = || json!({"status": "Accepted"});
    let report = |c: &mut crate::charge_point::connectors::ConnectorState, status: ChargePointStatus| {
        c.status = status.clone();
        Answer::then(accepted(), Effect::ReportStatus(vec![(id, status)]))
    };
    let running = c.transaction.is_some();
    match drive.car.as_str() {
        "away" => {
            c.car = Some(SimCar::default());
            Answer::reply(accepted())
        }
        "plug" => {
            let car = c.car.get_or_insert_with(SimCar::default);
            car.plugged = true;
            match car.waiting_tag.take() {
                Some(id_tag) => Answer::then(
                    accepted(),
                    Effect::StartTransaction {
                        connector_id: id,
                        id_tag,
                    },
                ),
                None if !running => report(c, ChargePointStatus::Preparing),
                None => Answer::reply(accepted()),
            }
        }
        "charge" | "pause" | "limit" | "finish" if !running => {
            rejected(format!("car: {} needs a running transaction", drive.car))
        }
        "charge" => report(c, ChargePointStatus::Charging),
        "pause" => report(c, ChargePointStatus::SuspendedEV),
        "limit" => report(c, ChargePointStatus::SuspendedEVSE),
        "finish" => report(c, ChargePointStatus::Finishing),
        "stop" if running => Answer::then(
            accepted(),
            Effect::StopTransaction {
                connector_id: id,
                reason: Reason::Local,
            },
        ),
        "stop" => rejected("car: stop needs a running transaction".into()),
        "unplug" => {
            let car = c.car.get_or_insert_with(SimCar::default);
            car.plugged = false;
            car.waiting_tag = None;
            if running {
                Answer::then(
                    accepted(),
                    Effect::StopTransaction {
                        connector_id: id,
                        reason: Reason::EVDisconnected,
                    },
                )
            } else {
                report(c, ChargePointStatus::Available)
            }
        }
        other => rejected(format!(
            "car: {other:?} is not one of away, plug, charge, pause, limit, finish, stop, unplug"
        )),
    }
}

#[cfg(test)]
mod tests {
    use ladeklar_ocpp::v16::types::{ChargePointStatus, Reason};
    use serde_json::json;

    use super::super::testing::TestCharger;
    use super::super::{Answer, Effect};

    fn car(charger: &mut TestCharger, action: &str) -> Answer {
        charger.call(
            "DataTransfer",
            json!({"vendorId": "Ladeklar", "messageId": "SimCar",
                   "data": json!({"connectorId": 1, "car": action}).to_string()}),
        )
    }

    #[test]
    fn a_remote_start_waits_for_the_cable_of_a_driven_car() {
        let mut charger = TestCharger::new();
        assert_eq!(car(&mut charger, "away").reply, json!({"status": "Accepted"}));
        let start = charger.call("RemoteStartTransaction", json!({"connectorId": 1, "idTag": "TAG-1"}));
        assert_eq!(start.reply, json!({"status": "Accepted"}));
        assert_eq!(
            start.effect,
            Some(Effect::ReportStatus(vec![(1, ChargePointStatus::Preparing)]))
        );
        let plugged = car(&mut charger, "plug");
        assert_eq!(
            plugged.effect,
            Some(Effect::StartTransaction {
                connector_id: 1,
                id_tag: "TAG-1".into()
            })
        );
    }

    #[test]
    fn the_car_moves_the_connector_through_the_chargers_statuses() {
        let mut charger = TestCharger::new().charging(1, 7);
        car(&mut charger, "away");
        for (action, status) in [
            ("pause", ChargePointStatus::SuspendedEV),
            ("limit", ChargePointStatus::SuspendedEVSE),
            ("charge", ChargePointStatus::Charging),
            ("finish", ChargePointStatus::Finishing),
        ] {
            let answer = car(&mut charger, action);
            assert_eq!(
                answer.effect,
                Some(Effect::ReportStatus(vec![(1, status.clone())])),
                "{action}"
            );
            assert_eq!(charger.connectors[&1].status, status);
        }
        assert_eq!(
            car(&mut charger, "stop").effect,
            Some(Effect::StopTransaction {
                connector_id: 1,
                reason: Reason::Local
            })
        );
    }

    #[test]
    fn unplugging_ends_a_running_transaction_and_bad_data_is_named() {
        let mut charger = TestCharger::new().charging(1, 7);
        assert_eq!(
            car(&mut charger, "unplug").effect,
            Some(Effect::StopTransaction {
                connector_id: 1,
                reason: Reason::EVDisconnected
            })
        );
        let bad = car(&mut charger, "fly");
        assert_eq!(bad.reply["status"], "Rejected");
        assert!(bad.reply["data"].as_str().unwrap().contains("\"fly\""));
        let idle = TestCharger::new();
        let mut idle = idle;
        assert_eq!(car(&mut idle, "pause").reply["status"], "Rejected");
        let answer = idle.call(
            "DataTransfer",
            json!({"vendorId": "Ladeklar", "messageId": "SimCar", "data": "{\"connectorId\": 9, \"car\": \"plug\"}"}),
        );
        assert!(answer.reply["data"].as_str().unwrap().contains("connectorId"));
    }
}
