//! The Remote Trigger profile: TriggerMessage, answered Accepted and sent after the answer
//! (Rejected for an unknown connector). The security extension's ExtendedTriggerMessage the
//! same way for the messages the simulator sends, SignChargePointCertificate included (a new
//! key pair and its SignCertificate); LogStatusNotification (no logs simulated yet) is
//! NotImplemented.

use ladeklar_ocpp::security::{ExtendedMessageTrigger, ExtendedTriggerMessageRequest};
use ladeklar_ocpp::v16::messages::trigger_message::TriggerMessageRequest;
use ladeklar_ocpp::v16::types::MessageTrigger;
use serde_json::json;

use super::{Answer, Charger, Effect};

pub(super) fn trigger_message(charger: &mut Charger<'_>, req: TriggerMessageRequest) -> Answer {
    if req.connector_id.is_some_and(|id| !charger.connectors.contains_key(&id)) {
        return Answer::status("Rejected");
    }
    Answer::then(
        json!({"status": "Accepted"}),
        Effect::Trigger {
            message: req.requested_message,
            connector_id: req.connector_id,
        },
    )
}

pub(super) fn extended_trigger_message(charger: &mut Charger<'_>, req: ExtendedTriggerMessageRequest) -> Answer {
    let requested_message = match req.requested_message {
        ExtendedMessageTrigger::BootNotification => MessageTrigger::BootNotification,
        ExtendedMessageTrigger::FirmwareStatusNotification => MessageTrigger::FirmwareStatusNotification,
        ExtendedMessageTrigger::Heartbeat => MessageTrigger::Heartbeat,
        ExtendedMessageTrigger::MeterValues => MessageTrigger::MeterValues,
        ExtendedMessageTrigger::StatusNotification => MessageTrigger::StatusNotification,
        ExtendedMessageTrigger::SignChargePointCertificate => {
            return Answer::then(json!({"status": "Accepted"}), Effect::SignCertificate)
        }
        ExtendedMessageTrigger::LogStatusNotification => return Answer::status("NotImplemented"),
    };
    let Ok(connector_id) = req.connector_id.map(u32::try_from).transpose() else {
        return Answer::status("Rejected");
    };
    trigger_message(
        charger,
        TriggerMessageRequest {
            requested_message,
            connector_id,
        },
    )
}

#[cfg(test)]
mod tests {
    use ladeklar_ocpp::v16::types::MessageTrigger;
    use serde_json::json;

    use super::super::testing::TestCharger;
    use super::super::Effect;

    #[test]
    fn an_extended_trigger_is_a_trigger_for_what_the_simulator_sends() {
        let mut charger = TestCharger::new();
        let answer = charger.call(
            "ExtendedTriggerMessage",
            json!({"requestedMessage": "StatusNotification", "connectorId": 2}),
        );
        assert_eq!(answer.reply, json!({"status": "Accepted"}));
        assert_eq!(
            answer.effect,
            Some(Effect::Trigger {
                message: MessageTrigger::StatusNotification,
                connector_id: Some(2),
            })
        );
        for (payload, status) in [
            (json!({"requestedMessage": "Heartbeat", "connectorId": 9}), "Rejected"),
            (json!({"requestedMessage": "Heartbeat", "connectorId": -1}), "Rejected"),
            (json!({"requestedMessage": "LogStatusNotification"}), "NotImplemented"),
        ] {
            let answer = charger.call("ExtendedTriggerMessage", payload.clone());
            assert_eq!(answer.reply, json!({ "status": status }), "{payload}");
            assert_eq!(answer.effect, None, "{payload}");
        }
        let answer = charger.call(
            "ExtendedTriggerMessage",
            json!({"requestedMessage": "SignChargePointCertificate"}),
        );
        assert_eq!(answer.reply, json!({"status": "Accepted"}));
        assert_eq!(answer.effect, Some(Effect::SignCertificate));
    }
}
