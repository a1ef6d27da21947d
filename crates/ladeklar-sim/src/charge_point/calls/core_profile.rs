//! The Core profile's calls: remote start and stop, Reset, ChangeAvailability,
//! UnlockConnector, Get/ChangeConfiguration and DataTransfer (vendor `Ladeklar` echoes).

use ladeklar_ocpp::v16::messages::{
    change_availability::ChangeAvailabilityRequest,
    change_configuration::ChangeConfigurationRequest,
    data_transfer::DataTransferRequest,
    get_configuration::GetConfigurationRequest,
    remote_start_transaction::{RemoteStartTransactionRequest, RemoteStartTransactionResponse},
    remote_stop_transaction::{RemoteStopTransactionRequest, RemoteStopTransactionResponse},
    reset::ResetRequest,
    unlock_connector::UnlockConnectorRequest,
};
use ladeklar_ocpp::v16::types::{AvailabilityType, ChargePointStatus, Reason, RemoteStartStopStatus};
use serde_json::json;

use super::{to_json, Answer, Charger, Effect};

/// Starts on the connector asked for, or the first Available one: Accepted when it is
/// Available (or Preparing) with no transaction; the connector is Preparing from then on.
/// A driven car ([`super::car`]) whose cable is out keeps the start waiting for the cable.
pub(super) fn remote_start_transaction(charger: &mut Charger<'_>, req: RemoteStartTransactionRequest) -> Answer {
    let chosen = match req.connector_id {
        Some(id) => charger.connectors.get_mut(&id),
        None => charger
            .connectors
            .values_mut()
            .find(|c| c.status == ChargePointStatus::Available),
    };
    let started = match chosen {
        Some(c)
            if matches!(c.status, ChargePointStatus::Available | ChargePointStatus::Preparing)
                && c.transaction.is_none() =>
        {
            c.status = ChargePointStatus::Preparing;
            if let Some(car) = c.car.as_mut().filter(|car| !car.plugged) {
                car.waiting_tag = Some(req.id_tag.clone());
                let reply = to_json(&RemoteStartTransactionResponse { status: status(true) });
                let id = c.config.connector_id;
                return Answer::then(reply, Effect::ReportStatus(vec![(id, ChargePointStatus::Preparing)]));
            }
            Some(c.config.connector_id)
        }
        _ => None,
    };
    let reply = to_json(&RemoteStartTransactionResponse {
        status: status(started.is_some()),
    });
    match started {
        Some(connector_id) => Answer::then(
            reply,
            Effect::StartTransaction {
                connector_id,
                id_tag: req.id_tag,
            },
        ),
        None => Answer::reply(reply),
    }
}

/// Stops the transaction with that id, if one runs (reason Remote).
pub(super) fn remote_stop_transaction(charger: &mut Charger<'_>, req: RemoteStopTransactionRequest) -> Answer {
    let found = charger
        .connectors
        .values()
        .find(|c| c.transaction.as_ref().is_some_and(|t| t.id == req.transaction_id))
        .map(|c| c.config.connector_id);
    let reply = to_json(&RemoteStopTransactionResponse {
        status: status(found.is_some()),
    });
    match found {
        Some(connector_id) => Answer::then(
            reply,
            Effect::StopTransaction {
                connector_id,
                reason: Reason::Remote,
            },
        ),
        None => Answer::reply(reply),
    }
}

/// Accepted; running transactions stop with reason SoftReset or HardReset, then the charger
/// boots again.
pub(super) fn reset(req: ResetRequest) -> Answer {
    let hard = to_json(&req.kind) == json!("Hard");
    let reason = if hard { Reason::HardReset } else { Reason::SoftReset };
    Answer::then(json!({"status": "Accepted"}), Effect::Reboot { reason })
}

/// Makes the connector (0: all) Unavailable or Available at once, and reports the changes;
/// Scheduled when a transaction runs on one of them, Rejected for an unknown connector.
pub(super) fn change_availability(charger: &mut Charger<'_>, req: ChangeAvailabilityRequest) -> Answer {
    let operative = req.kind == AvailabilityType::Operative;
    let c = &mut *charger.connectors;
    let ids: Vec<u32> = if req.connector_id == 0 {
        c.keys().copied().collect()
    } else if c.contains_key(&req.connector_id) {
        vec![req.connector_id]
    } else {
        return Answer::status("Rejected");
    };
    if ids.iter().any(|id| c.get(id).is_some_and(|c| c.transaction.is_some())) {
        // Applied when the transaction ends on a real charger; the simulator keeps it simple.
        return Answer::status("Scheduled");
    }
    let mut changed = Vec::new();
    for id in ids {
        if let Some(c) = c.get_mut(&id) {
            let new = match (operative, &c.status) {
                (false, _) => ChargePointStatus::Unavailable,
                (true, ChargePointStatus::Unavailable) => ChargePointStatus::Available,
                (true, other) => other.clone(),
            };
            if new != c.status {
                c.status = new.clone();
                changed.push((id, new));
            }
        }
    }
    Answer::then(json!({"status": "Accepted"}), Effect::ReportStatus(changed))
}

/// Unlocked (a running transaction ends, OCPP 1.6 §5.18); NotSupported for an unknown
/// connector.
pub(super) fn unlock_connector(charger: &mut Charger<'_>, req: UnlockConnectorRequest) -> Answer {
    let running = match charger.connectors.get(&req.connector_id) {
        None => return Answer::status("NotSupported"),
        Some(c) => c.transaction.is_some(),
    };
    if running {
        // Unlocking ends the transaction (OCPP 1.6 §5.18).
        Answer::then(
            json!({"status": "Unlocked"}),
            Effect::StopTransaction {
                connector_id: req.connector_id,
                reason: Reason::UnlockCommand,
            },
        )
    } else {
        Answer::status("Unlocked")
    }
}

/// The keys asked for (all when none are named) and, if any, the unknown ones.
pub(super) fn get_configuration(charger: &mut Charger<'_>, req: GetConfigurationRequest) -> Answer {
    let (configuration_key, unknown) = charger.state.configuration.get(req.key);
    let mut reply = json!({"configurationKey": to_json(&configuration_key)});
    if !unknown.is_empty() {
        reply["unknownKey"] = json!(unknown);
    }
    Answer::reply(reply)
}

pub(super) fn change_configuration(charger: &mut Charger<'_>, req: ChangeConfigurationRequest) -> Answer {
    Answer::status(charger.state.configuration.change(&req.key, &req.value))
}

/// Vendor `Ladeklar`: message `SimCar` drives a connector's car ([`super::car`]), any other
/// message is echoed; any other vendor is UnknownVendorId.
pub(super) fn data_transfer(charger: &mut Charger<'_>, req: DataTransferRequest) -> Answer {
    if req.vendor_string == "Ladeklar" && req.message_id.as_deref() == Some(super::car::MESSAGE_ID) {
        super::car::drive(charger, req.data.as_deref().unwrap_or_default())
    } else if req.vendor_string == "Ladeklar" {
        Answer::reply(json!({"status": "Accepted", "data": req.data.unwrap_or_default()}))
    } else {
        Answer::status("UnknownVendorId")
    }
}

fn status(accepted: bool) -> RemoteStartStopStatus {
    if accepted {
        RemoteStartStopStatus::Accepted
    } else {
        RemoteStartStopStatus::Rejected
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use ladeklar_ocpp::v16::types::{ChargePointStatus, Reason};
    use serde_json::json;

    use super::super::testing::TestCharger;
    use super::super::Effect;

    #[test]
    fn change_configuration_of_the_heartbeat_interval_applies_it() {
        let mut charger = TestCharger::new();
        let answer = charger.call(
            "ChangeConfiguration",
            json!({"key": "HeartbeatInterval", "value": "120"}),
        );
        assert_eq!(answer.reply, json!({"status": "Accepted"}));
        assert_eq!(answer.effect, None);
        assert_eq!(charger.state.configuration.heartbeat, Duration::from_secs(120));
        let read = charger.call("GetConfiguration", json!({"key": ["HeartbeatInterval"]}));
        assert_eq!(
            read.reply,
            json!({"configurationKey": [{"key": "HeartbeatInterval", "readonly": false, "value": "120"}]})
        );

        for bad in ["0", "soon", "-5"] {
            let answer = charger.call("ChangeConfiguration", json!({"key": "HeartbeatInterval", "value": bad}));
            assert_eq!(answer.reply, json!({"status": "Rejected"}), "{bad}");
        }
        assert_eq!(charger.state.configuration.heartbeat, Duration::from_secs(120));
        let read_only = charger.call(
            "ChangeConfiguration",
            json!({"key": "NumberOfConnectors", "value": "4"}),
        );
        assert_eq!(read_only.reply, json!({"status": "Rejected"}));
    }

    #[test]
    fn a_new_authorization_key_is_taken_write_only_and_checked() {
        let mut charger = TestCharger::new();
        for bad in ["short", "has:colon-0123456789", "with space 0123456789"] {
            let answer = charger.call("ChangeConfiguration", json!({"key": "AuthorizationKey", "value": bad}));
            assert_eq!(answer.reply, json!({"status": "Rejected"}), "{bad}");
        }
        let answer = charger.call(
            "ChangeConfiguration",
            json!({"key": "AuthorizationKey", "value": "rotated-key-0123456789"}),
        );
        assert_eq!(answer.reply, json!({"status": "Accepted"}));
        assert_eq!(
            charger.state.configuration.authorization_key.as_deref(),
            Some("rotated-key-0123456789")
        );
        let read = charger.call("GetConfiguration", json!({"key": ["AuthorizationKey"]}));
        assert_eq!(
            read.reply["unknownKey"],
            json!(["AuthorizationKey"]),
            "write-only: {}",
            read.reply
        );
    }

    #[test]
    fn an_unknown_configuration_key_is_not_supported_and_reported_unknown() {
        let mut charger = TestCharger::new();
        let answer = charger.call("ChangeConfiguration", json!({"key": "FreeCharging", "value": "true"}));
        assert_eq!(answer.reply, json!({"status": "NotSupported"}));
        let read = charger.call(
            "GetConfiguration",
            json!({"key": ["FreeCharging", "MeterValueSampleInterval"]}),
        );
        assert_eq!(
            read.reply,
            json!({
                "configurationKey": [{"key": "MeterValueSampleInterval", "readonly": false, "value": "30"}],
                "unknownKey": ["FreeCharging"],
            })
        );
    }

    #[test]
    fn unlock_connector_ends_a_running_transaction_only() {
        let mut charger = TestCharger::new().charging(2, 7);
        let idle = charger.call("UnlockConnector", json!({"connectorId": 1}));
        assert_eq!(idle.reply, json!({"status": "Unlocked"}));
        assert_eq!(idle.effect, None, "no transaction, nothing to stop");

        let busy = charger.call("UnlockConnector", json!({"connectorId": 2}));
        assert_eq!(busy.reply, json!({"status": "Unlocked"}));
        assert_eq!(
            busy.effect,
            Some(Effect::StopTransaction {
                connector_id: 2,
                reason: Reason::UnlockCommand
            })
        );

        let unknown = charger.call("UnlockConnector", json!({"connectorId": 9}));
        assert_eq!(unknown.reply, json!({"status": "NotSupported"}));
        assert_eq!(unknown.effect, None);
    }

    #[test]
    fn remote_start_takes_an_available_connector_and_starts_after_the_answer() {
        let mut charger = TestCharger::new().charging(1, 7);
        let busy = charger.call("RemoteStartTransaction", json!({"connectorId": 1, "idTag": "TAG-2"}));
        assert_eq!(busy.reply, json!({"status": "Rejected"}));
        assert_eq!(busy.effect, None);

        let answer = charger.call("RemoteStartTransaction", json!({"idTag": "TAG-2"}));
        assert_eq!(answer.reply, json!({"status": "Accepted"}));
        assert_eq!(
            answer.effect,
            Some(Effect::StartTransaction {
                connector_id: 2,
                id_tag: "TAG-2".into()
            })
        );
        assert_eq!(charger.connectors[&2].status, ChargePointStatus::Preparing);
    }
}
