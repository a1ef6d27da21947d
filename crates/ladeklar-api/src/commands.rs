//! Operations support staff send to a connected charger: one OCPP 1.6 central-system call
//! each, named by `command`, with the call's fields in snake_case.
//!
//! Nested OCPP structures (a charging profile, local authorization list entries) are taken
//! as the OCPP 1.6 JSON objects (camelCase), exactly as the charger will receive them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/chargers/{id}/commands` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "command", deny_unknown_fields)]
pub enum ChargerCommand {
    Reset {
        #[serde(rename = "type")]
        kind: ResetType,
    },
    UnlockConnector {
        connector_id: u32,
    },
    ChangeAvailability {
        /// 0 is the whole charger.
        connector_id: u32,
        #[serde(rename = "type")]
        kind: AvailabilityType,
    },
    RemoteStartTransaction {
        connector_id: Option<u32>,
        id_tag: String,
        /// An OCPP 1.6 `ChargingProfile` object (purpose TxProfile).
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
        charging_profile: Option<serde_json::Value>,
    },
    RemoteStopTransaction {
        transaction_id: i32,
    },
    TriggerMessage {
        requested_message: MessageTrigger,
        connector_id: Option<u32>,
    },
    GetConfiguration {
        /// The keys to read; all keys when absent.
        key: Option<Vec<String>>,
    },
    ChangeConfiguration {
        key: String,
        value: String,
    },
    ClearCache {},
    GetDiagnostics {
        /// Where the charger uploads the diagnostics file (URI).
        location: String,
        retries: Option<i32>,
        retry_interval: Option<i32>,
        start_time: Option<DateTime<Utc>>,
        stop_time: Option<DateTime<Utc>>,
    },
    UpdateFirmware {
        /// Where the charger downloads the firmware (URI).
        location: String,
        retrieve_date: DateTime<Utc>,
        retries: Option<i32>,
        retry_interval: Option<i32>,
    },
    ReserveNow {
        connector_id: u32,
        expiry_date: DateTime<Utc>,
        id_tag: String,
        parent_id_tag: Option<String>,
        reservation_id: i32,
    },
    CancelReservation {
        reservation_id: i32,
    },
    SendLocalList {
        list_version: i32,
        update_type: UpdateType,
        /// OCPP 1.6 `AuthorizationData` objects (`idTag`, optional `idTagInfo`).
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Object>>))]
        local_authorization_list: Option<Vec<serde_json::Value>>,
    },
    GetLocalListVersion {},
    DataTransfer {
        vendor_id: String,
        message_id: Option<String>,
        data: Option<String>,
    },
    SetChargingProfile {
        connector_id: u32,
        /// An OCPP 1.6 `ChargingProfile` object.
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        cs_charging_profiles: serde_json::Value,
    },
    ClearChargingProfile {
        id: Option<i32>,
        connector_id: Option<u32>,
        charging_profile_purpose: Option<ChargingProfilePurpose>,
        stack_level: Option<i32>,
    },
    GetCompositeSchedule {
        connector_id: u32,
        /// Seconds.
        duration: i32,
        charging_rate_unit: Option<ChargingRateUnit>,
    },
    // The OCA's "Improved security for OCPP 1.6-J" extension.
    ExtendedTriggerMessage {
        requested_message: ExtendedMessageTrigger,
        connector_id: Option<i32>,
    },
    GetLog {
        log_type: LogType,
        /// Echoed in the charger's LogStatusNotifications.
        request_id: i32,
        /// An OCPP `LogParametersType` object (`remoteLocation`, optional `oldestTimestamp`,
        /// `latestTimestamp`).
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        log: serde_json::Value,
        retries: Option<i32>,
        retry_interval: Option<i32>,
    },
    GetInstalledCertificateIds {
        certificate_type: CertificateUse,
    },
    DeleteCertificate {
        /// An OCPP `CertificateHashDataType` object (`hashAlgorithm`, `issuerNameHash`,
        /// `issuerKeyHash`, `serialNumber`).
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        certificate_hash_data: serde_json::Value,
    },
    InstallCertificate {
        certificate_type: CertificateUse,
        /// PEM.
        certificate: String,
    },
    CertificateSigned {
        /// PEM, the charger's certificate first.
        certificate_chain: String,
    },
    SignedUpdateFirmware {
        /// Echoed in the charger's SignedFirmwareStatusNotifications.
        request_id: i32,
        /// An OCPP `FirmwareType` object (`location`, `retrieveDateTime`, optional
        /// `installDateTime`, `signingCertificate`, `signature`).
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        firmware: serde_json::Value,
        retries: Option<i32>,
        retry_interval: Option<i32>,
    },
}

/// What ExtendedTriggerMessage may ask a charger to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ExtendedMessageTrigger {
    BootNotification,
    LogStatusNotification,
    FirmwareStatusNotification,
    Heartbeat,
    MeterValues,
    SignChargePointCertificate,
    StatusNotification,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LogType {
    DiagnosticsLog,
    SecurityLog,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CertificateUse {
    CentralSystemRootCertificate,
    ManufacturerRootCertificate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ResetType {
    Hard,
    Soft,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AvailabilityType {
    Inoperative,
    Operative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum), value(rename_all = "PascalCase"))]
pub enum MessageTrigger {
    BootNotification,
    DiagnosticsStatusNotification,
    FirmwareStatusNotification,
    Heartbeat,
    MeterValues,
    StatusNotification,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UpdateType {
    Differential,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ChargingProfilePurpose {
    ChargePointMaxProfile,
    TxDefaultProfile,
    TxProfile,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ChargingRateUnit {
    A,
    W,
}

/// The charger's answer to a command.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommandReply {
    pub charger_id: String,
    /// The OCPP action sent (the command's name).
    pub action: String,
    /// The charger's CALLRESULT payload as received (OCPP 1.6 JSON, camelCase).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub response: serde_json::Value,
}
