//! One or more realistic, valid payloads for each PDU of the 28 OCPP 1.6 actions and the 11 of
//! its security extension: what a
//! Norwegian charge point (or our central system) sends. Together the examples of a PDU use
//! every field its schema defines (checked by `tests::examples_use_every_field_of_their_schema`),
//! except the few listed in `UNUSED_FIELDS` with the reason.

use super::Pdu::{self, Request, Response};

pub(super) struct Example {
    pub action: &'static str,
    pub pdu: Pdu,
    pub json: &'static str,
}

const fn ex(action: &'static str, pdu: Pdu, json: &'static str) -> Example {
    Example { action, pdu, json }
}

/// Fields no example uses, and why.
pub(super) const UNUSED_FIELDS: &[(&str, Pdu, &str, &str)] = &[
    (
        "RemoteStartTransaction",
        Request,
        "/chargingProfile/transactionId",
        "a RemoteStart profile is for the transaction it starts, which has no id yet",
    ),
    (
        "RemoteStartTransaction",
        Request,
        "/chargingProfile/recurrencyKind",
        "a RemoteStart profile is a TxProfile, never Recurring",
    ),
];

pub(super) const EXAMPLES: &[Example] = &[
    ex("Authorize", Request, r#"{"idTag": "04A2F1B2C3D480"}"#),
    ex(
        "Authorize",
        Response,
        r#"{"idTagInfo": {"status": "Accepted", "expiryDate": "2027-01-31T23:59:59Z", "parentIdTag": "FLEET-NORGE-01"}}"#,
    ),
    ex(
        "BootNotification",
        Request,
        r#"{"chargePointVendor": "Zaptec", "chargePointModel": "Go", "chargePointSerialNumber": "ZAP047381",
            "chargeBoxSerialNumber": "ZAP047381-CB", "firmwareVersion": "2.3.1.2", "iccid": "8947080037110123456",
            "imsi": "242016000012345", "meterType": "Zaptec internal MID", "meterSerialNumber": "MID-20231104-0042"}"#,
    ),
    ex(
        "BootNotification",
        Response,
        r#"{"status": "Accepted", "currentTime": "2026-11-24T10:00:00Z", "interval": 300}"#,
    ),
    ex("CancelReservation", Request, r#"{"reservationId": 42}"#),
    ex("CancelReservation", Response, r#"{"status": "Accepted"}"#),
    ex(
        "ChangeAvailability",
        Request,
        r#"{"connectorId": 1, "type": "Inoperative"}"#,
    ),
    ex("ChangeAvailability", Response, r#"{"status": "Scheduled"}"#),
    ex(
        "ChangeConfiguration",
        Request,
        r#"{"key": "MeterValueSampleInterval", "value": "60"}"#,
    ),
    ex("ChangeConfiguration", Response, r#"{"status": "Accepted"}"#),
    ex("ClearCache", Request, r#"{}"#),
    ex("ClearCache", Response, r#"{"status": "Accepted"}"#),
    ex(
        "ClearChargingProfile",
        Request,
        r#"{"id": 7, "connectorId": 1, "chargingProfilePurpose": "TxDefaultProfile", "stackLevel": 0}"#,
    ),
    ex("ClearChargingProfile", Response, r#"{"status": "Unknown"}"#),
    ex(
        "DataTransfer",
        Request,
        r#"{"vendorId": "no.ladeklar", "messageId": "Echo", "data": "{\"ping\":1}"}"#,
    ),
    ex(
        "DataTransfer",
        Response,
        r#"{"status": "Accepted", "data": "{\"pong\":1}"}"#,
    ),
    ex("DiagnosticsStatusNotification", Request, r#"{"status": "Uploaded"}"#),
    ex("DiagnosticsStatusNotification", Response, r#"{}"#),
    ex("FirmwareStatusNotification", Request, r#"{"status": "Installed"}"#),
    ex("FirmwareStatusNotification", Response, r#"{}"#),
    ex(
        "GetCompositeSchedule",
        Request,
        r#"{"connectorId": 1, "duration": 3600, "chargingRateUnit": "A"}"#,
    ),
    ex(
        "GetCompositeSchedule",
        Response,
        r#"{"status": "Accepted", "connectorId": 1, "scheduleStart": "2026-11-24T10:00:00Z",
            "chargingSchedule": {"duration": 3600, "startSchedule": "2026-11-24T10:00:00Z", "chargingRateUnit": "A",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.0, "numberPhases": 3},
                                           {"startPeriod": 1800, "limit": 10.7, "numberPhases": 3}],
                "minChargingRate": 6.0}}"#,
    ),
    ex(
        "GetConfiguration",
        Request,
        r#"{"key": ["HeartbeatInterval", "MeterValueSampleInterval"]}"#,
    ),
    ex(
        "GetConfiguration",
        Response,
        r#"{"configurationKey": [{"key": "HeartbeatInterval", "readonly": false, "value": "300"},
                                 {"key": "NumberOfConnectors", "readonly": true, "value": "2"}],
            "unknownKey": ["MeterValueSampleInterva"]}"#,
    ),
    ex(
        "GetDiagnostics",
        Request,
        r#"{"location": "ftp://diag:secret@diagnostics.ladeklar.no/uploads/", "retries": 3, "retryInterval": 60,
            "startTime": "2026-11-23T00:00:00Z", "stopTime": "2026-11-24T00:00:00Z"}"#,
    ),
    ex(
        "GetDiagnostics",
        Response,
        r#"{"fileName": "diag-ZAP047381-20261124.zip"}"#,
    ),
    ex("GetLocalListVersion", Request, r#"{}"#),
    ex("GetLocalListVersion", Response, r#"{"listVersion": 12}"#),
    ex("Heartbeat", Request, r#"{}"#),
    ex("Heartbeat", Response, r#"{"currentTime": "2026-11-24T10:00:00.123Z"}"#),
    ex(
        "MeterValues",
        Request,
        r#"{"connectorId": 1, "transactionId": 1042, "meterValue": [{"timestamp": "2026-11-24T10:15:00Z", "sampledValue": [
            {"value": "12345.6", "context": "Sample.Periodic", "format": "Raw", "measurand": "Energy.Active.Import.Register",
             "location": "Outlet", "unit": "Wh"},
            {"value": "7200", "context": "Sample.Periodic", "measurand": "Power.Active.Import", "unit": "W"},
            {"value": "16.1", "measurand": "Current.Import", "phase": "L1", "unit": "A"},
            {"value": "231.2", "measurand": "Voltage", "phase": "L1-N", "unit": "V"},
            {"value": "54", "measurand": "SoC", "location": "EV", "unit": "Percent"},
            {"value": "38.5", "measurand": "Temperature", "location": "Body", "unit": "Celsius"}]}]}"#,
    ),
    ex("MeterValues", Response, r#"{}"#),
    ex(
        "RemoteStartTransaction",
        Request,
        r#"{"connectorId": 1, "idTag": "APP1f2e3d4c5b6a7980", "chargingProfile": {"chargingProfileId": 501,
            "stackLevel": 1, "chargingProfilePurpose": "TxProfile", "chargingProfileKind": "Absolute",
            "validFrom": "2026-11-24T10:00:00Z", "validTo": "2026-11-24T12:00:00Z",
            "chargingSchedule": {"duration": 7200, "startSchedule": "2026-11-24T10:00:00Z", "chargingRateUnit": "W",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 11000.0, "numberPhases": 3}],
                "minChargingRate": 1380.0}}}"#,
    ),
    ex("RemoteStartTransaction", Response, r#"{"status": "Accepted"}"#),
    ex("RemoteStopTransaction", Request, r#"{"transactionId": 1042}"#),
    ex("RemoteStopTransaction", Response, r#"{"status": "Rejected"}"#),
    ex(
        "ReserveNow",
        Request,
        r#"{"connectorId": 2, "expiryDate": "2026-11-24T10:30:00Z", "idTag": "04A2F1B2C3D480",
            "parentIdTag": "FLEET-NORGE-01", "reservationId": 42}"#,
    ),
    ex("ReserveNow", Response, r#"{"status": "Occupied"}"#),
    ex("Reset", Request, r#"{"type": "Soft"}"#),
    ex("Reset", Response, r#"{"status": "Accepted"}"#),
    ex(
        "SendLocalList",
        Request,
        r#"{"listVersion": 13, "updateType": "Differential", "localAuthorizationList": [
            {"idTag": "04A2F1B2C3D480", "idTagInfo": {"status": "Accepted", "expiryDate": "2027-01-31T23:59:59Z",
                                                     "parentIdTag": "FLEET-NORGE-01"}},
            {"idTag": "04B7C8D9E0F112"}]}"#,
    ),
    ex("SendLocalList", Response, r#"{"status": "VersionMismatch"}"#),
    ex(
        "SetChargingProfile",
        Request,
        r#"{"connectorId": 1, "csChargingProfiles": {"chargingProfileId": 502, "transactionId": 1042, "stackLevel": 2,
            "chargingProfilePurpose": "TxProfile", "chargingProfileKind": "Absolute",
            "validFrom": "2026-11-24T10:00:00Z", "validTo": "2026-11-24T14:00:00Z",
            "chargingSchedule": {"duration": 14400, "startSchedule": "2026-11-24T10:00:00Z", "chargingRateUnit": "A",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 21.4, "numberPhases": 3},
                                           {"startPeriod": 3600, "limit": 10.0, "numberPhases": 1}],
                "minChargingRate": 6.0}}}"#,
    ),
    ex(
        "SetChargingProfile",
        Request,
        r#"{"connectorId": 0, "csChargingProfiles": {"chargingProfileId": 10, "stackLevel": 0,
            "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Recurring", "recurrencyKind": "Daily",
            "chargingSchedule": {"duration": 86400, "startSchedule": "2026-11-24T00:00:00Z", "chargingRateUnit": "W",
                "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 11000.0}, {"startPeriod": 25200, "limit": 7400.0},
                                           {"startPeriod": 79200, "limit": 11000.0}]}}}"#,
    ),
    ex("SetChargingProfile", Response, r#"{"status": "Accepted"}"#),
    ex(
        "StartTransaction",
        Request,
        r#"{"connectorId": 1, "idTag": "04A2F1B2C3D480", "meterStart": 1234567, "reservationId": 42,
            "timestamp": "2026-11-24T10:00:00Z"}"#,
    ),
    ex(
        "StartTransaction",
        Response,
        r#"{"idTagInfo": {"status": "Accepted", "expiryDate": "2027-01-31T23:59:59Z", "parentIdTag": "FLEET-NORGE-01"},
            "transactionId": 1042}"#,
    ),
    ex(
        "StatusNotification",
        Request,
        r#"{"connectorId": 1, "errorCode": "GroundFailure", "info": "RCD tripped", "status": "Faulted",
            "timestamp": "2026-11-24T10:20:00Z", "vendorId": "com.zaptec", "vendorErrorCode": "E-RCD-30"}"#,
    ),
    ex("StatusNotification", Response, r#"{}"#),
    ex(
        "StopTransaction",
        Request,
        r#"{"idTag": "04A2F1B2C3D480", "meterStop": 1254567, "timestamp": "2026-11-24T11:00:00Z", "transactionId": 1042,
            "reason": "Local", "transactionData": [
            {"timestamp": "2026-11-24T10:00:00Z", "sampledValue": [
                {"value": "1234567", "context": "Transaction.Begin", "format": "Raw",
                 "measurand": "Energy.Active.Import.Register", "location": "Outlet", "unit": "Wh"}]},
            {"timestamp": "2026-11-24T11:00:00Z", "sampledValue": [
                {"value": "1254.567", "context": "Transaction.End", "measurand": "Energy.Active.Import.Register",
                 "unit": "kWh"},
                {"value": "0.2", "context": "Transaction.End", "measurand": "Current.Import", "phase": "L1",
                 "unit": "A"}]}]}"#,
    ),
    ex(
        "StopTransaction",
        Response,
        r#"{"idTagInfo": {"status": "Accepted", "expiryDate": "2027-01-31T23:59:59Z", "parentIdTag": "FLEET-NORGE-01"}}"#,
    ),
    ex(
        "TriggerMessage",
        Request,
        r#"{"requestedMessage": "StatusNotification", "connectorId": 1}"#,
    ),
    ex("TriggerMessage", Response, r#"{"status": "Accepted"}"#),
    ex("UnlockConnector", Request, r#"{"connectorId": 1}"#),
    ex("UnlockConnector", Response, r#"{"status": "Unlocked"}"#),
    ex(
        "UpdateFirmware",
        Request,
        r#"{"location": "https://firmware.ladeklar.no/zaptec/go/2.4.0.bin", "retries": 2,
            "retrieveDate": "2026-11-25T02:00:00Z", "retryInterval": 300}"#,
    ),
    ex("UpdateFirmware", Response, r#"{}"#),
    // The security extension ("Improved security for OCPP 1.6-J").
    ex(
        "SecurityEventNotification",
        Request,
        r#"{"type": "FailedToAuthenticateAtCentralSystem", "timestamp": "2026-11-24T10:05:00Z",
            "techInfo": "HTTP 401 on wss://ocpp.ladeklar.no/ocpp/ZAP047381"}"#,
    ),
    ex(
        "SecurityEventNotification",
        Request,
        r#"{"type": "SettingSystemTime", "timestamp": "2026-11-24T10:06:00Z"}"#,
    ),
    ex("SecurityEventNotification", Response, r#"{}"#),
    ex(
        "SignCertificate",
        Request,
        r#"{"csr": "-----BEGIN CERTIFICATE REQUEST-----\nMIIBDTCBtAIBADBSMQswCQYDVQQGEwJOTzESMBAGA1UECgwJTGFkZWtsYXIx\n-----END CERTIFICATE REQUEST-----\n"}"#,
    ),
    ex("SignCertificate", Response, r#"{"status": "Rejected"}"#),
    ex(
        "CertificateSigned",
        Request,
        r#"{"certificateChain": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2hhcmdlcg==\n-----END CERTIFICATE-----\n"}"#,
    ),
    ex("CertificateSigned", Response, r#"{"status": "Accepted"}"#),
    ex(
        "InstallCertificate",
        Request,
        r#"{"certificateType": "CentralSystemRootCertificate",
            "certificate": "-----BEGIN CERTIFICATE-----\nMIIBxTCCAWugAwIBAgIUUm9vdA==\n-----END CERTIFICATE-----\n"}"#,
    ),
    ex("InstallCertificate", Response, r#"{"status": "Accepted"}"#),
    ex(
        "GetInstalledCertificateIds",
        Request,
        r#"{"certificateType": "ManufacturerRootCertificate"}"#,
    ),
    ex(
        "GetInstalledCertificateIds",
        Response,
        r#"{"status": "Accepted", "certificateHashData": [{"hashAlgorithm": "SHA256",
            "issuerNameHash": "6f1d5c4b2a0e9f8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100f",
            "issuerKeyHash": "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0",
            "serialNumber": "4e2a9c"}]}"#,
    ),
    ex("GetInstalledCertificateIds", Response, r#"{"status": "NotFound"}"#),
    ex(
        "DeleteCertificate",
        Request,
        r#"{"certificateHashData": {"hashAlgorithm": "SHA384",
            "issuerNameHash": "6f1d5c4b2a0e9f8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100f",
            "issuerKeyHash": "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0",
            "serialNumber": "4e2a9c"}}"#,
    ),
    ex("DeleteCertificate", Response, r#"{"status": "NotFound"}"#),
    ex(
        "ExtendedTriggerMessage",
        Request,
        r#"{"requestedMessage": "StatusNotification", "connectorId": 1}"#,
    ),
    ex(
        "ExtendedTriggerMessage",
        Request,
        r#"{"requestedMessage": "SignChargePointCertificate"}"#,
    ),
    ex("ExtendedTriggerMessage", Response, r#"{"status": "Accepted"}"#),
    ex(
        "GetLog",
        Request,
        r#"{"logType": "SecurityLog", "requestId": 17, "retries": 2, "retryInterval": 60,
            "log": {"remoteLocation": "https://ocpp.ladeklar.no/uploads/logs/ZAP047381",
                    "oldestTimestamp": "2026-11-20T00:00:00Z", "latestTimestamp": "2026-11-24T10:00:00Z"}}"#,
    ),
    ex(
        "GetLog",
        Response,
        r#"{"status": "Accepted", "filename": "ZAP047381-security-20261124.log"}"#,
    ),
    ex(
        "LogStatusNotification",
        Request,
        r#"{"status": "Uploaded", "requestId": 17}"#,
    ),
    ex("LogStatusNotification", Response, r#"{}"#),
    ex(
        "SignedUpdateFirmware",
        Request,
        r#"{"requestId": 23, "retries": 3, "retryInterval": 300, "firmware": {
            "location": "https://ocpp.ladeklar.no/firmware/zaptec/go/2.4.0.bin",
            "retrieveDateTime": "2026-11-25T02:00:00Z", "installDateTime": "2026-11-25T03:00:00Z",
            "signingCertificate": "-----BEGIN CERTIFICATE-----\nMIIBuTCCAV+gAwIBAgIURmlybXdhcmU=\n-----END CERTIFICATE-----\n",
            "signature": "MEUCIQDx3nU4p0m1c2Zh7p8vY3ZxR2V0TG9nU2lnbmF0dXJl"}}"#,
    ),
    ex("SignedUpdateFirmware", Response, r#"{"status": "Accepted"}"#),
    ex(
        "SignedFirmwareStatusNotification",
        Request,
        r#"{"status": "SignatureVerified", "requestId": 23}"#,
    ),
    ex("SignedFirmwareStatusNotification", Response, r#"{}"#),
];
