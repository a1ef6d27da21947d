//! The Remote Trigger profile: TriggerMessage, answered Accepted and sent after the answer
//! (Rejected for an unknown connector).

use ladeklar_ocpp::v16::messages::trigger_message::TriggerMessageRequest;
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
