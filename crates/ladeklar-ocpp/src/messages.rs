//! Typed OCPP 1.6 messages in both directions, read from and written to CALL and CALLRESULT
//! payloads.
//!
//! A payload is first checked against the official OCPP 1.6 JSON schema of its action
//! ([`crate::schema`]), then read into the `rust-ocpp` type. A payload that does not fit is
//! answered with the CALLERROR code the OCPP-J 1.6 specification names for the kind of
//! mistake (§4.2.3): a missing required field is an `OccurenceConstraintViolation`, a wrong
//! JSON type a `TypeConstraintViolation`, a value out of its allowed set, length or format a
//! `PropertyConstraintViolation`, a field the message does not have and anything else a
//! `FormationViolation`; an unknown action is `NotImplemented`. The description names the
//! action and the field's JSON pointer (`SetChargingProfile: /csChargingProfiles/chargingSchedule/chargingRateUnit: …`).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use validator::Validate;

use crate::schema::{self, Pdu};
use crate::security::{
    CertificateSignedRequest, CertificateSignedResponse, DeleteCertificateRequest, DeleteCertificateResponse,
    ExtendedTriggerMessageRequest, ExtendedTriggerMessageResponse, GetInstalledCertificateIdsRequest,
    GetInstalledCertificateIdsResponse, GetLogRequest, GetLogResponse, InstallCertificateRequest,
    InstallCertificateResponse, LogStatusNotificationRequest, SecurityEventNotificationRequest, SignCertificateRequest,
    SignedFirmwareStatusNotificationRequest, SignedUpdateFirmwareRequest, SignedUpdateFirmwareResponse,
};
use crate::v16::messages::{
    authorize::AuthorizeRequest,
    boot_notification::BootNotificationRequest,
    cancel_reservation::{CancelReservationRequest, CancelReservationResponse},
    change_availability::{ChangeAvailabilityRequest, ChangeAvailabilityResponse},
    change_configuration::{ChangeConfigurationRequest, ChangeConfigurationResponse},
    clear_cache::{ClearCacheRequest, ClearCacheResponse},
    clear_charging_profile::{ClearChargingProfileRequest, ClearChargingProfileResponse},
    data_transfer::{DataTransferRequest, DataTransferResponse},
    diagnostics_status_notification::DiagnosticsStatusNotificationRequest,
    firmware_status_notification::FirmwareStatusNotificationRequest,
    get_composite_schedule::{GetCompositeScheduleRequest, GetCompositeScheduleResponse},
    get_configuration::{GetConfigurationRequest, GetConfigurationResponse},
    get_diagnostics::{GetDiagnosticsRequest, GetDiagnosticsResponse},
    get_local_list_version::{GetLocalListVersionRequest, GetLocalListVersionResponse},
    heart_beat::HeartbeatRequest,
    meter_values::MeterValuesRequest,
    remote_start_transaction::{RemoteStartTransactionRequest, RemoteStartTransactionResponse},
    remote_stop_transaction::{RemoteStopTransactionRequest, RemoteStopTransactionResponse},
    reserve_now::{ReserveNowRequest, ReserveNowResponse},
    reset::{ResetRequest, ResetResponse},
    send_local_list::{SendLocalListRequest, SendLocalListResponse},
    set_charging_profile::{SetChargingProfileRequest, SetChargingProfileResponse},
    start_transaction::StartTransactionRequest,
    status_notification::StatusNotificationRequest,
    stop_transaction::StopTransactionRequest,
    trigger_message::{TriggerMessageRequest, TriggerMessageResponse},
    unlock_connector::{UnlockConnectorRequest, UnlockConnectorResponse},
    update_firmware::{UpdateFirmwareRequest, UpdateFirmwareResponse},
};
use crate::CallErrorCode;

/// Why a payload was refused, with the CALLERROR code to answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}: {description}")]
pub struct PayloadError {
    pub code: CallErrorCode,
    pub description: String,
}

/// Checks `payload` against the OCPP 1.6 schema of `action`'s `pdu`, then reads it as `T`
/// and checks `T`'s declared constraints.
pub fn read_payload<T: DeserializeOwned>(
    action: &str,
    pdu: Pdu,
    payload: &Value,
    validate: impl Fn(&T) -> Result<(), String>,
) -> Result<T, PayloadError> {
    schema::check(action, pdu, payload)?;
    read_typed(action, payload, validate)
}

/// Reads `payload` as `T` (no schema) and checks `T`'s declared constraints. Behind
/// [`read_payload`]; on its own only for tests that compare it with the schema.
pub fn read_typed<T: DeserializeOwned>(
    action: &str,
    payload: &Value,
    validate: impl Fn(&T) -> Result<(), String>,
) -> Result<T, PayloadError> {
    let typed: T = serde_path_to_error::deserialize(payload).map_err(|e| {
        let path = json_pointer(e.path());
        let text = e.into_inner().to_string();
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
        let description = if path.is_empty() {
            format!("{action}: {text}")
        } else {
            format!("{action}: {path}: {text}")
        };
        PayloadError { code, description }
    })?;
    validate(&typed).map_err(|e| PayloadError {
        code: CallErrorCode::PropertyConstraintViolation,
        description: format!("{action}: {e}"),
    })?;
    Ok(typed)
}

/// MeterValues: checked against the schema as sent, then read with any sampled value in
/// `Hertz` left out of the typed message. MeterValues' schema allows that unit (a Frequency
/// sample; StopTransaction's does not), rust-ocpp's `UnitOfMeasure` lacks it, and a CALLERROR
/// would lose the readings; nothing here uses frequency, and the frame as received is in the
/// charger log.
fn read_meter_values<T: DeserializeOwned>(action: &str, payload: &Value) -> Result<T, PayloadError> {
    schema::check(action, Pdu::Request, payload)?;
    match without_samples_in_hertz(payload) {
        Some(readable) => read_typed(action, &readable, unchecked),
        None => read_typed(action, payload, unchecked),
    }
}

/// `payload` without its sampled values in Hertz, or `None` if it has none.
fn without_samples_in_hertz(payload: &Value) -> Option<Value> {
    let in_hertz = |sample: &Value| sample.get("unit").and_then(Value::as_str) == Some("Hertz");
    let any = payload
        .get("meterValue")?
        .as_array()?
        .iter()
        .filter_map(|v| v.get("sampledValue")?.as_array())
        .any(|samples| samples.iter().any(in_hertz));
    if !any {
        return None;
    }
    let mut readable = payload.clone();
    for value in readable.get_mut("meterValue")?.as_array_mut()? {
        if let Some(samples) = value.get_mut("sampledValue").and_then(Value::as_array_mut) {
            samples.retain(|s| !in_hertz(s));
        }
    }
    Some(readable)
}

/// A serde path (`chargingProfile.chargingSchedule[0]`) as a JSON pointer
/// (`/chargingProfile/chargingSchedule/0`), the form schema errors use; the root is empty.
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

fn validated<T: Validate>(t: &T) -> Result<(), String> {
    t.validate().map_err(|e| e.to_string().replace('\n', "; "))
}

fn unchecked<T>(_: &T) -> Result<(), String> {
    Ok(())
}

/// UnlockConnector: the OCPP 1.6 specification's field table asks for `connectorId > 0`
/// (connector 0, the charger as a whole, has no lock; the JSON schema says only "integer") and
/// sets no maximum. rust-ocpp's validator is not used: it allows 0 and refuses ids above 20.
fn unlock_connector_rules(request: &UnlockConnectorRequest) -> Result<(), String> {
    if request.connector_id == 0 {
        return Err(
            "/connectorId: must be greater than 0 (connector 0 is the whole charger, which has no lock to unlock)"
                .into(),
        );
    }
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
    LogStatusNotification(LogStatusNotificationRequest),
    MeterValues(MeterValuesRequest),
    SecurityEventNotification(SecurityEventNotificationRequest),
    SignCertificate(SignCertificateRequest),
    SignedFirmwareStatusNotification(SignedFirmwareStatusNotificationRequest),
    StartTransaction(StartTransactionRequest),
    StatusNotification(StatusNotificationRequest),
    StopTransaction(StopTransactionRequest),
}

impl ChargePointCall {
    /// Every charge point action of OCPP 1.6 and of its security extension, in alphabetical
    /// order.
    pub const ACTIONS: &'static [&'static str] = &[
        "Authorize",
        "BootNotification",
        "DataTransfer",
        "DiagnosticsStatusNotification",
        "FirmwareStatusNotification",
        "Heartbeat",
        "LogStatusNotification",
        "MeterValues",
        "SecurityEventNotification",
        "SignCertificate",
        "SignedFirmwareStatusNotification",
        "StartTransaction",
        "StatusNotification",
        "StopTransaction",
    ];

    /// Reads a CALL's action and payload: what the OCPP 1.6 schema accepts, in `rust-ocpp`'s
    /// types. rust-ocpp's own `validator` rules are not applied here: they refuse empty
    /// strings the schema allows (`"iccid": ""` in a BootNotification, `"idTag": ""` in a
    /// StopTransaction), and a charger must not be refused what the standard allows; an empty
    /// id tag is answered `Invalid` by authorization instead.
    pub fn parse(action: &str, payload: &Value) -> Result<Self, PayloadError> {
        Ok(match action {
            "Authorize" => Self::Authorize(read_payload(action, Pdu::Request, payload, unchecked)?),
            "BootNotification" => Self::BootNotification(read_payload(action, Pdu::Request, payload, unchecked)?),
            "DataTransfer" => Self::DataTransfer(read_payload(action, Pdu::Request, payload, unchecked)?),
            "DiagnosticsStatusNotification" => {
                Self::DiagnosticsStatusNotification(read_payload(action, Pdu::Request, payload, unchecked)?)
            }
            "FirmwareStatusNotification" => {
                Self::FirmwareStatusNotification(read_payload(action, Pdu::Request, payload, unchecked)?)
            }
            "Heartbeat" => Self::Heartbeat(read_payload(action, Pdu::Request, payload, unchecked)?),
            "LogStatusNotification" => {
                Self::LogStatusNotification(read_payload(action, Pdu::Request, payload, unchecked)?)
            }
            "MeterValues" => Self::MeterValues(read_meter_values(action, payload)?),
            "SecurityEventNotification" => {
                Self::SecurityEventNotification(read_payload(action, Pdu::Request, payload, unchecked)?)
            }
            "SignCertificate" => Self::SignCertificate(read_payload(action, Pdu::Request, payload, unchecked)?),
            "SignedFirmwareStatusNotification" => {
                Self::SignedFirmwareStatusNotification(read_payload(action, Pdu::Request, payload, unchecked)?)
            }
            "StartTransaction" => Self::StartTransaction(read_payload(action, Pdu::Request, payload, unchecked)?),
            "StatusNotification" => Self::StatusNotification(read_payload(action, Pdu::Request, payload, unchecked)?),
            "StopTransaction" => Self::StopTransaction(read_payload(action, Pdu::Request, payload, unchecked)?),
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
            Self::LogStatusNotification(m) => ("LogStatusNotification", v(m)),
            Self::MeterValues(m) => ("MeterValues", v(m)),
            Self::SecurityEventNotification(m) => ("SecurityEventNotification", v(m)),
            Self::SignCertificate(m) => ("SignCertificate", v(m)),
            Self::SignedFirmwareStatusNotification(m) => ("SignedFirmwareStatusNotification", v(m)),
            Self::StartTransaction(m) => ("StartTransaction", v(m)),
            Self::StatusNotification(m) => ("StatusNotification", v(m)),
            Self::StopTransaction(m) => ("StopTransaction", v(m)),
        }
    }
}

/// Declares a closed set of OCPP messages: an enum with one variant per action, `parse`
/// (action + payload → typed, with the CALLERROR code for a bad payload) and
/// `to_action_payload`.
macro_rules! ocpp_messages {
    ($(#[$meta:meta])* $name:ident, $pdu:expr, $unknown:literal, { $($variant:ident($ty:ty, $check:ident)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $($variant($ty),)+
        }

        impl $name {
            /// Every action of this set, in alphabetical order.
            pub const ACTIONS: &'static [&'static str] = &[$(stringify!($variant)),+];

            /// Reads `payload` as the message for `action`.
            pub fn parse(action: &str, payload: &Value) -> Result<Self, PayloadError> {
                Ok(match action {
                    $(stringify!($variant) => Self::$variant(read_payload(action, $pdu, payload, $check)?),)+
                    other => {
                        return Err(PayloadError {
                            code: CallErrorCode::NotImplemented,
                            description: format!($unknown, other),
                        })
                    }
                })
            }

            /// The action name and JSON payload, for sending.
            pub fn to_action_payload(&self) -> (&'static str, Value) {
                match self {
                    $(Self::$variant(m) => (stringify!($variant), serde_json::to_value(m).unwrap_or(Value::Null)),)+
                }
            }

            /// The action name.
            pub fn action(&self) -> &'static str {
                match self {
                    $(Self::$variant(_) => stringify!($variant),)+
                }
            }
        }
    };
}

ocpp_messages!(
    /// A CALL the central system sends to a charge point: every central-system-initiated
    /// message of OCPP 1.6 (Core, Firmware Management, Local Auth List Management,
    /// Reservation, Remote Trigger and Smart Charging) and of its security extension.
    CentralSystemCall,
    Pdu::Request,
    "action {:?} is not supported by this charge point",
    {
        CancelReservation(CancelReservationRequest, unchecked),
        CertificateSigned(CertificateSignedRequest, unchecked),
        ChangeAvailability(ChangeAvailabilityRequest, unchecked),
        // The schema's lengths only: an empty value is allowed (rust-ocpp's validator wants
        // 1 to 500 characters).
        ChangeConfiguration(ChangeConfigurationRequest, unchecked),
        ClearCache(ClearCacheRequest, unchecked),
        ClearChargingProfile(ClearChargingProfileRequest, unchecked),
        DataTransfer(DataTransferRequest, validated),
        DeleteCertificate(DeleteCertificateRequest, unchecked),
        ExtendedTriggerMessage(ExtendedTriggerMessageRequest, unchecked),
        GetCompositeSchedule(GetCompositeScheduleRequest, unchecked),
        // The schema's rules only: an empty key list is allowed, and so is any number of keys
        // (rust-ocpp's validator wants 1 to 50; a charger says how many it takes in
        // GetConfigurationMaxKeys).
        GetConfiguration(GetConfigurationRequest, unchecked),
        GetDiagnostics(GetDiagnosticsRequest, validated),
        GetInstalledCertificateIds(GetInstalledCertificateIdsRequest, unchecked),
        GetLocalListVersion(GetLocalListVersionRequest, unchecked),
        GetLog(GetLogRequest, unchecked),
        InstallCertificate(InstallCertificateRequest, unchecked),
        RemoteStartTransaction(RemoteStartTransactionRequest, validated),
        RemoteStopTransaction(RemoteStopTransactionRequest, unchecked),
        ReserveNow(ReserveNowRequest, validated),
        Reset(ResetRequest, unchecked),
        SendLocalList(SendLocalListRequest, unchecked),
        SetChargingProfile(SetChargingProfileRequest, unchecked),
        SignedUpdateFirmware(SignedUpdateFirmwareRequest, unchecked),
        TriggerMessage(TriggerMessageRequest, unchecked),
        UnlockConnector(UnlockConnectorRequest, unlock_connector_rules),
        UpdateFirmware(UpdateFirmwareRequest, validated),
    }
);

ocpp_messages!(
    /// A charge point's CALLRESULT to a [`CentralSystemCall`], read by the call's action.
    CentralSystemCallResult,
    Pdu::Response,
    "action {:?} is not a central system call",
    {
        CancelReservation(CancelReservationResponse, unchecked),
        CertificateSigned(CertificateSignedResponse, unchecked),
        ChangeAvailability(ChangeAvailabilityResponse, unchecked),
        ChangeConfiguration(ChangeConfigurationResponse, unchecked),
        ClearCache(ClearCacheResponse, unchecked),
        ClearChargingProfile(ClearChargingProfileResponse, unchecked),
        DataTransfer(DataTransferResponse, unchecked),
        DeleteCertificate(DeleteCertificateResponse, unchecked),
        ExtendedTriggerMessage(ExtendedTriggerMessageResponse, unchecked),
        GetCompositeSchedule(GetCompositeScheduleResponse, unchecked),
        GetConfiguration(GetConfigurationResponse, unchecked),
        GetDiagnostics(GetDiagnosticsResponse, unchecked),
        GetInstalledCertificateIds(GetInstalledCertificateIdsResponse, unchecked),
        GetLocalListVersion(GetLocalListVersionResponse, unchecked),
        GetLog(GetLogResponse, unchecked),
        InstallCertificate(InstallCertificateResponse, unchecked),
        RemoteStartTransaction(RemoteStartTransactionResponse, unchecked),
        RemoteStopTransaction(RemoteStopTransactionResponse, unchecked),
        ReserveNow(ReserveNowResponse, unchecked),
        Reset(ResetResponse, unchecked),
        SendLocalList(SendLocalListResponse, unchecked),
        SetChargingProfile(SetChargingProfileResponse, unchecked),
        SignedUpdateFirmware(SignedUpdateFirmwareResponse, unchecked),
        TriggerMessage(TriggerMessageResponse, unchecked),
        UnlockConnector(UnlockConnectorResponse, unchecked),
        UpdateFirmware(UpdateFirmwareResponse, unchecked),
    }
);

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
    fn a_charger_is_refused_nothing_the_schema_allows() {
        // rust-ocpp's validator rules want non-empty strings; the OCPP 1.6 schema does not, and
        // chargers without a SIM send empty iccid and imsi.
        let boot = ChargePointCall::parse(
            "BootNotification",
            &json!({"chargePointVendor": "Zaptec", "chargePointModel": "Go", "iccid": "", "imsi": ""}),
        );
        assert!(boot.is_ok(), "{boot:?}");
        let stop = ChargePointCall::parse(
            "StopTransaction",
            &json!({"idTag": "", "meterStop": 1000, "timestamp": "2026-11-24T11:00:00Z", "transactionId": 7}),
        );
        assert!(stop.is_ok(), "{stop:?}");
    }

    #[test]
    fn a_sample_in_hertz_is_left_out_instead_of_refusing_the_message() {
        let meter = json!({"connectorId": 1, "transactionId": 7, "meterValue": [{"timestamp": "2026-11-24T11:00:00Z",
            "sampledValue": [{"value": "50.01", "measurand": "Frequency", "unit": "Hertz"},
                             {"value": "1000", "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]});
        let read = ChargePointCall::parse("MeterValues", &meter);
        let Ok(ChargePointCall::MeterValues(read)) = read else {
            panic!("MeterValues with a sample in Hertz is read: {read:?}");
        };
        let samples = &read.meter_value[0].sampled_value;
        assert_eq!(samples.len(), 1);
        assert_eq!(samples[0].value, "1000");
        // Still checked against the schema first: an unknown unit is refused, and so is Hertz
        // where the schema does not list it (StopTransaction's transactionData).
        let mut bad = meter.clone();
        bad["meterValue"][0]["sampledValue"][0]["unit"] = json!("Hz");
        let e = ChargePointCall::parse("MeterValues", &bad).unwrap_err();
        assert_eq!(e.code, CallErrorCode::PropertyConstraintViolation, "{}", e.description);
        assert!(
            e.description
                .starts_with("MeterValues: /meterValue/0/sampledValue/0/unit: "),
            "{}",
            e.description
        );
        let stop = json!({"meterStop": 1000, "timestamp": "2026-11-24T11:00:00Z", "transactionId": 7,
            "transactionData": meter["meterValue"]});
        let e = ChargePointCall::parse("StopTransaction", &stop).unwrap_err();
        assert_eq!(e.code, CallErrorCode::PropertyConstraintViolation, "{}", e.description);
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

    #[test]
    fn unlock_connector_wants_a_connector_above_0_and_sets_no_maximum() {
        let e = CentralSystemCall::parse("UnlockConnector", &json!({"connectorId": 0})).unwrap_err();
        assert_eq!(e.code, CallErrorCode::PropertyConstraintViolation, "{}", e.description);
        assert!(
            e.description
                .starts_with("UnlockConnector: /connectorId: must be greater than 0"),
            "{}",
            e.description
        );
        for id in [1u32, 20, 21, 250, u32::MAX] {
            let call = CentralSystemCall::parse("UnlockConnector", &json!({"connectorId": id}));
            assert!(
                matches!(&call, Ok(CentralSystemCall::UnlockConnector(r)) if r.connector_id == id),
                "{id}: {call:?}"
            );
        }
    }

    #[test]
    fn configuration_calls_take_what_the_schema_allows() {
        // An empty value (e.g. to clear a string setting) and an empty key list are valid OCPP.
        let change = CentralSystemCall::parse("ChangeConfiguration", &json!({"key": "AuthorizationKey", "value": ""}));
        assert!(
            matches!(&change, Ok(CentralSystemCall::ChangeConfiguration(r)) if r.value.is_empty()),
            "{change:?}"
        );
        let get = CentralSystemCall::parse("GetConfiguration", &json!({"key": []}));
        assert!(
            matches!(&get, Ok(CentralSystemCall::GetConfiguration(r)) if r.key == Some(vec![])),
            "{get:?}"
        );
        let many: Vec<String> = (0..60).map(|i| format!("Key{i}")).collect();
        assert!(CentralSystemCall::parse("GetConfiguration", &json!({"key": many})).is_ok());
        // The schema's own limits still hold: keys of at most 50 characters, values of 500.
        let long_key = "K".repeat(51);
        for (action, payload, pointer) in [
            ("ChangeConfiguration", json!({"key": long_key, "value": "1"}), "/key"),
            (
                "ChangeConfiguration",
                json!({"key": "K", "value": "v".repeat(501)}),
                "/value",
            ),
            ("GetConfiguration", json!({"key": [long_key]}), "/key/0"),
        ] {
            let e = CentralSystemCall::parse(action, &payload).unwrap_err();
            assert_eq!(e.code, CallErrorCode::PropertyConstraintViolation, "{}", e.description);
            assert!(
                e.description.starts_with(&format!("{action}: {pointer}: ")),
                "{}",
                e.description
            );
        }
    }

    #[test]
    fn every_charge_point_action_listed_is_read() {
        assert_eq!(ChargePointCall::ACTIONS.len(), 14);
        for action in ChargePointCall::ACTIONS {
            let refused = ChargePointCall::parse(action, &json!({"unknownField": 1})).unwrap_err();
            assert_ne!(refused.code, CallErrorCode::NotImplemented, "{action}");
        }
    }

    #[test]
    fn every_central_system_call_has_a_result_and_bad_nested_fields_are_named() {
        assert_eq!(CentralSystemCall::ACTIONS, CentralSystemCallResult::ACTIONS);
        assert_eq!(CentralSystemCall::ACTIONS.len(), 26);
        let err = CentralSystemCall::parse(
            "SetChargingProfile",
            &json!({"connectorId": 1, "csChargingProfiles": {"chargingProfileId": 1, "stackLevel": 0,
                "chargingProfilePurpose": "TxProfile", "chargingProfileKind": "Absolute",
                "chargingSchedule": {"chargingRateUnit": "kW", "chargingSchedulePeriod": []}}}),
        )
        .unwrap_err();
        assert_eq!(err.code, CallErrorCode::PropertyConstraintViolation);
        assert!(
            err.description
                .contains("/csChargingProfiles/chargingSchedule/chargingRateUnit"),
            "{}",
            err.description
        );
        let reply = CentralSystemCallResult::parse("GetLocalListVersion", &json!({"listVersion": 3})).unwrap();
        assert_eq!(reply.action(), "GetLocalListVersion");
    }

    #[test]
    fn the_security_extensions_charger_messages_are_read_and_round_trip() {
        use crate::security::{SignedFirmwareStatus, UploadLogStatus};
        let cases = [
            (
                "SecurityEventNotification",
                json!({"type": "FirmwareUpdated", "timestamp": "2026-11-24T10:00:00Z", "techInfo": "2.4.0"}),
            ),
            (
                "SignCertificate",
                json!({"csr": "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n"}),
            ),
            ("LogStatusNotification", json!({"status": "Uploading", "requestId": 4})),
            (
                "SignedFirmwareStatusNotification",
                json!({"status": "InvalidSignature", "requestId": 5}),
            ),
        ];
        for (action, payload) in &cases {
            let call = ChargePointCall::parse(action, payload).unwrap_or_else(|e| panic!("{action}: {e}"));
            assert_eq!(call.to_action_payload(), (*action, payload.clone()), "{action}");
        }
        let ChargePointCall::SecurityEventNotification(event) =
            ChargePointCall::parse("SecurityEventNotification", &cases[0].1).unwrap()
        else {
            panic!("a SecurityEventNotification");
        };
        assert_eq!(
            (event.kind.as_str(), event.tech_info.as_deref()),
            ("FirmwareUpdated", Some("2.4.0"))
        );
        assert!(matches!(
            ChargePointCall::parse("LogStatusNotification", &cases[2].1),
            Ok(ChargePointCall::LogStatusNotification(l)) if l.status == UploadLogStatus::Uploading
        ));
        assert!(matches!(
            ChargePointCall::parse("SignedFirmwareStatusNotification", &cases[3].1),
            Ok(ChargePointCall::SignedFirmwareStatusNotification(f)) if f.status == SignedFirmwareStatus::InvalidSignature
        ));
    }

    #[test]
    fn the_security_extensions_schema_violations_get_their_callerror_code() {
        use CallErrorCode as C;
        let cases = [
            (
                "SecurityEventNotification",
                json!({"timestamp": "2026-11-24T10:00:00Z"}),
                C::OccurenceConstraintViolation,
                "/type",
            ),
            (
                "SecurityEventNotification",
                json!({"type": "X".repeat(51), "timestamp": "2026-11-24T10:00:00Z"}),
                C::PropertyConstraintViolation,
                "/type",
            ),
            (
                "SecurityEventNotification",
                json!({"type": "SettingSystemTime", "timestamp": "yesterday"}),
                C::PropertyConstraintViolation,
                "/timestamp",
            ),
            (
                "SecurityEventNotification",
                json!({"type": "SettingSystemTime", "timestamp": "2026-11-24T10:00:00Z", "severity": 1}),
                C::FormationViolation,
                "/severity",
            ),
            ("SignCertificate", json!({"csr": 7}), C::TypeConstraintViolation, "/csr"),
            (
                "SignCertificate",
                json!({"csr": "C".repeat(5501)}),
                C::PropertyConstraintViolation,
                "/csr",
            ),
            (
                "LogStatusNotification",
                json!({"status": "Done"}),
                C::PropertyConstraintViolation,
                "/status",
            ),
            (
                "SignedFirmwareStatusNotification",
                json!({"status": "Installed", "requestId": "5"}),
                C::TypeConstraintViolation,
                "/requestId",
            ),
        ];
        for (action, payload, code, pointer) in cases {
            let e = ChargePointCall::parse(action, &payload).unwrap_err();
            assert_eq!(e.code, code, "{action} {payload}: {}", e.description);
            assert!(
                e.description.starts_with(&format!("{action}: {pointer}: ")),
                "{}",
                e.description
            );
        }
        // The central system's calls are checked the same way before they go out.
        let e = CentralSystemCall::parse(
            "GetLog",
            &json!({"logType": "AuditLog", "requestId": 1, "log": {"remoteLocation": "https://x"}}),
        )
        .unwrap_err();
        assert_eq!(e.code, C::PropertyConstraintViolation, "{}", e.description);
        assert!(e.description.starts_with("GetLog: /logType: "), "{}", e.description);
        let e = CentralSystemCall::parse("GetLog", &json!({"logType": "SecurityLog", "requestId": 1, "log": {}}))
            .unwrap_err();
        assert_eq!(e.code, C::OccurenceConstraintViolation, "{}", e.description);
        assert!(
            e.description.starts_with("GetLog: /log/remoteLocation: "),
            "{}",
            e.description
        );
        let e = CentralSystemCall::parse(
            "ExtendedTriggerMessage",
            &json!({"requestedMessage": "DiagnosticsStatusNotification"}),
        )
        .unwrap_err();
        assert_eq!(e.code, C::PropertyConstraintViolation, "{}", e.description);
        let e = CentralSystemCallResult::parse("DeleteCertificate", &json!({"status": "Deleted"})).unwrap_err();
        assert_eq!(e.code, C::PropertyConstraintViolation, "{}", e.description);
    }

    #[test]
    fn the_security_extensions_central_system_calls_round_trip() {
        use crate::security::*;
        let hash = CertificateHashData {
            hash_algorithm: HashAlgorithm::Sha256,
            issuer_name_hash: "aa".into(),
            issuer_key_hash: "bb".into(),
            serial_number: "01".into(),
        };
        let calls = [
            CentralSystemCall::CertificateSigned(CertificateSignedRequest {
                certificate_chain: "-----BEGIN CERTIFICATE-----\n".into(),
            }),
            CentralSystemCall::DeleteCertificate(DeleteCertificateRequest {
                certificate_hash_data: hash,
            }),
            CentralSystemCall::ExtendedTriggerMessage(ExtendedTriggerMessageRequest {
                requested_message: ExtendedMessageTrigger::SignChargePointCertificate,
                connector_id: None,
            }),
            CentralSystemCall::GetInstalledCertificateIds(GetInstalledCertificateIdsRequest {
                certificate_type: CertificateUse::CentralSystemRootCertificate,
            }),
            CentralSystemCall::GetLog(GetLogRequest {
                log: LogParameters {
                    remote_location: "https://ocpp.ladeklar.no/uploads/".into(),
                    oldest_timestamp: None,
                    latest_timestamp: Some("2026-11-24T10:00:00Z".parse().unwrap()),
                },
                log_type: LogType::DiagnosticsLog,
                request_id: 9,
                retries: Some(1),
                retry_interval: None,
            }),
            CentralSystemCall::InstallCertificate(InstallCertificateRequest {
                certificate_type: CertificateUse::ManufacturerRootCertificate,
                certificate: "-----BEGIN CERTIFICATE-----\n".into(),
            }),
            CentralSystemCall::SignedUpdateFirmware(SignedUpdateFirmwareRequest {
                retries: None,
                retry_interval: None,
                request_id: 3,
                firmware: Firmware {
                    location: "https://ocpp.ladeklar.no/firmware/a.bin".into(),
                    retrieve_date_time: "2026-11-25T02:00:00Z".parse().unwrap(),
                    install_date_time: None,
                    signing_certificate: "-----BEGIN CERTIFICATE-----\n".into(),
                    signature: "c2ln".into(),
                },
            }),
        ];
        for call in calls {
            let (action, payload) = call.to_action_payload();
            assert_eq!(CentralSystemCall::parse(action, &payload).unwrap(), call, "{action}");
        }
        let reply =
            CentralSystemCallResult::parse("GetLog", &json!({"status": "Accepted", "filename": "a.log"})).unwrap();
        assert!(matches!(reply, CentralSystemCallResult::GetLog(r) if r.filename.as_deref() == Some("a.log")));
    }
}
