//! Typed OCPP 1.6 messages in both directions, read from and written to CALL payloads.
//!
//! A payload that does not fit its action's PDU is answered with the CALLERROR code the
//! OCPP-J 1.6 specification names for the kind of mistake (§4.2.3): a missing required
//! field is an `OccurenceConstraintViolation`, a wrong JSON type a `TypeConstraintViolation`,
//! a value out of its allowed set or length a `PropertyConstraintViolation`, anything else
//! a `FormationViolation`; an unknown action is `NotImplemented`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use validator::Validate;

use crate::v16::messages::{
    authorize::AuthorizeRequest, boot_notification::BootNotificationRequest,
    change_availability::ChangeAvailabilityRequest, data_transfer::DataTransferRequest,
    diagnostics_status_notification::DiagnosticsStatusNotificationRequest,
    firmware_status_notification::FirmwareStatusNotificationRequest, heart_beat::HeartbeatRequest,
    meter_values::MeterValuesRequest, remote_start_transaction::RemoteStartTransactionRequest,
    remote_stop_transaction::RemoteStopTransactionRequest, reset::ResetRequest,
    start_transaction::StartTransactionRequest, status_notification::StatusNotificationRequest,
    stop_transaction::StopTransactionRequest, trigger_message::TriggerMessageRequest,
    unlock_connector::UnlockConnectorRequest,
};
use crate::CallErrorCode;

/// Why a payload was refused, with the CALLERROR code to answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}: {description}")]
pub struct PayloadError {
    pub code: CallErrorCode,
    pub description: String,
}

/// Reads `payload` as `T` and checks its declared constraints.
pub fn read_payload<T: DeserializeOwned>(
    action: &str,
    payload: &Value,
    validate: impl Fn(&T) -> Result<(), String>,
) -> Result<T, PayloadError> {
    let typed: T = serde_json::from_value(payload.clone()).map_err(|e| {
        let text = e.to_string();
        let code = if text.starts_with("missing field") {
            CallErrorCode::OccurenceConstraintViolation
        } else if text.starts_with("invalid type") {
            CallErrorCode::TypeConstraintViolation
        } else if text.starts_with("unknown variant")
            || text.starts_with("invalid value")
            || text.contains("premature end")
            || text.contains("input contains invalid characters")
        {
            CallErrorCode::PropertyConstraintViolation
        } else {
            CallErrorCode::FormationViolation
        };
        PayloadError {
            code,
            description: format!("{action}: {text}"),
        }
    })?;
    validate(&typed).map_err(|e| PayloadError {
        code: CallErrorCode::PropertyConstraintViolation,
        description: format!("{action}: {e}"),
    })?;
    Ok(typed)
}

fn validated<T: Validate>(t: &T) -> Result<(), String> {
    t.validate().map_err(|e| e.to_string().replace('\n', "; "))
}

fn unchecked<T>(_: &T) -> Result<(), String> {
    Ok(())
}

/// A CALL a charge point sends to the central system.
#[derive(Debug, Clone, PartialEq)]
pub enum ChargePointCall {
    Authorize(AuthorizeRequest),
    BootNotification(BootNotificationRequest),
    DataTransfer(DataTransferRequest),
    DiagnosticsStatusNotification(DiagnosticsStatusNotificationRequest),
    FirmwareStatusNotification(FirmwareStatusNotificationRequest),
    Heartbeat(HeartbeatRequest),
    MeterValues(MeterValuesRequest),
    StartTransaction(StartTransactionRequest),
    StatusNotification(StatusNotificationRequest),
    StopTransaction(StopTransactionRequest),
}

impl ChargePointCall {
    /// Reads a CALL's action and payload.
    pub fn parse(action: &str, payload: &Value) -> Result<Self, PayloadError> {
        Ok(match action {
            "Authorize" => Self::Authorize(read_payload(action, payload, validated)?),
            "BootNotification" => Self::BootNotification(read_payload(action, payload, validated)?),
            "DataTransfer" => Self::DataTransfer(read_payload(action, payload, validated)?),
            "DiagnosticsStatusNotification" => {
                Self::DiagnosticsStatusNotification(read_payload(action, payload, unchecked)?)
            }
            "FirmwareStatusNotification" => Self::FirmwareStatusNotification(read_payload(action, payload, unchecked)?),
            "Heartbeat" => Self::Heartbeat(read_payload(action, payload, unchecked)?),
            "MeterValues" => Self::MeterValues(read_payload(action, payload, unchecked)?),
            "StartTransaction" => Self::StartTransaction(read_payload(action, payload, validated)?),
            "StatusNotification" => Self::StatusNotification(read_payload(action, payload, validated)?),
            "StopTransaction" => Self::StopTransaction(read_payload(action, payload, validated)?),
            other => {
                return Err(PayloadError {
                    code: CallErrorCode::NotImplemented,
                    description: format!(
                        "action {other:?} is not an OCPP 1.6 charge point action this central system knows"
                    ),
                })
            }
        })
    }

    /// The action name and JSON payload, for sending (used by the simulator).
    pub fn to_action_payload(&self) -> (&'static str, Value) {
        fn v<T: Serialize>(t: &T) -> Value {
            serde_json::to_value(t).unwrap_or(Value::Null)
        }
        match self {
            Self::Authorize(m) => ("Authorize", v(m)),
            Self::BootNotification(m) => ("BootNotification", v(m)),
            Self::DataTransfer(m) => ("DataTransfer", v(m)),
            Self::DiagnosticsStatusNotification(m) => ("DiagnosticsStatusNotification", v(m)),
            Self::FirmwareStatusNotification(m) => ("FirmwareStatusNotification", v(m)),
            Self::Heartbeat(m) => ("Heartbeat", v(m)),
            Self::MeterValues(m) => ("MeterValues", v(m)),
            Self::StartTransaction(m) => ("StartTransaction", v(m)),
            Self::StatusNotification(m) => ("StatusNotification", v(m)),
            Self::StopTransaction(m) => ("StopTransaction", v(m)),
        }
    }
}

/// A CALL the central system sends to a charge point.
#[derive(Debug, Clone, PartialEq)]
pub enum CentralSystemCall {
    ChangeAvailability(ChangeAvailabilityRequest),
    RemoteStartTransaction(RemoteStartTransactionRequest),
    RemoteStopTransaction(RemoteStopTransactionRequest),
    Reset(ResetRequest),
    TriggerMessage(TriggerMessageRequest),
    UnlockConnector(UnlockConnectorRequest),
}

impl CentralSystemCall {
    pub fn parse(action: &str, payload: &Value) -> Result<Self, PayloadError> {
        Ok(match action {
            "ChangeAvailability" => Self::ChangeAvailability(read_payload(action, payload, unchecked)?),
            "RemoteStartTransaction" => Self::RemoteStartTransaction(read_payload(action, payload, validated)?),
            "RemoteStopTransaction" => Self::RemoteStopTransaction(read_payload(action, payload, unchecked)?),
            "Reset" => Self::Reset(read_payload(action, payload, unchecked)?),
            "TriggerMessage" => Self::TriggerMessage(read_payload(action, payload, unchecked)?),
            "UnlockConnector" => Self::UnlockConnector(read_payload(action, payload, unchecked)?),
            other => {
                return Err(PayloadError {
                    code: CallErrorCode::NotImplemented,
                    description: format!("action {other:?} is not supported by this charge point"),
                })
            }
        })
    }

    pub fn to_action_payload(&self) -> (&'static str, Value) {
        fn v<T: Serialize>(t: &T) -> Value {
            serde_json::to_value(t).unwrap_or(Value::Null)
        }
        match self {
            Self::ChangeAvailability(m) => ("ChangeAvailability", v(m)),
            Self::RemoteStartTransaction(m) => ("RemoteStartTransaction", v(m)),
            Self::RemoteStopTransaction(m) => ("RemoteStopTransaction", v(m)),
            Self::Reset(m) => ("Reset", v(m)),
            Self::TriggerMessage(m) => ("TriggerMessage", v(m)),
            Self::UnlockConnector(m) => ("UnlockConnector", v(m)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_start_transaction() {
        let call = ChargePointCall::parse(
            "StartTransaction",
            &json!({"connectorId":1,"idTag":"ABC","meterStart":0,"timestamp":"2026-11-24T10:00:00Z"}),
        )
        .unwrap();
        assert!(matches!(call, ChargePointCall::StartTransaction(s) if s.id_tag == "ABC"));
    }

    #[test]
    fn each_kind_of_bad_payload_gets_its_callerror_code() {
        let cases = [
            ("Foo", json!({}), CallErrorCode::NotImplemented),
            (
                "StartTransaction",
                json!({"connectorId":1,"meterStart":0,"timestamp":"2026-11-24T10:00:00Z"}),
                CallErrorCode::OccurenceConstraintViolation,
            ),
            (
                "StartTransaction",
                json!({"connectorId":"one","idTag":"A","meterStart":0,"timestamp":"2026-11-24T10:00:00Z"}),
                CallErrorCode::TypeConstraintViolation,
            ),
            (
                "StatusNotification",
                json!({"connectorId":1,"errorCode":"NoError","status":"Exploded"}),
                CallErrorCode::PropertyConstraintViolation,
            ),
            (
                "StartTransaction",
                json!({"connectorId":1,"idTag":"X".repeat(21),"meterStart":0,"timestamp":"2026-11-24T10:00:00Z"}),
                CallErrorCode::PropertyConstraintViolation,
            ),
        ];
        for (action, payload, code) in cases {
            let err = ChargePointCall::parse(action, &payload).unwrap_err();
            assert_eq!(err.code, code, "{action} {payload}: {}", err.description);
        }
    }

    #[test]
    fn central_system_calls_round_trip() {
        let call = CentralSystemCall::RemoteStartTransaction(RemoteStartTransactionRequest {
            connector_id: Some(1),
            id_tag: "APP-123".into(),
            charging_profile: None,
        });
        let (action, payload) = call.to_action_payload();
        assert_eq!(CentralSystemCall::parse(action, &payload).unwrap(), call);
    }
}
