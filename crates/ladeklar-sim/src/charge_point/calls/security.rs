//! The security extension's calls the simulator takes part in: CertificateSigned installs
//! the certificate for the key of the charger's last signing request (Accepted, then the
//! charger reconnects with it); GetLog (Accepted with a file name, then the upload and its
//! LogStatusNotifications) and SignedUpdateFirmware (Accepted, then the download, the
//! signature check and the installation, each a SignedFirmwareStatusNotification).

use ladeklar_ocpp::security::{
    CertificateSignedRequest, GetLogRequest, SignedFirmwareStatus, SignedUpdateFirmwareRequest, UploadLogStatus,
};
use serde_json::json;

use super::super::certificate::install;
use super::{Answer, Charger, Effect};

pub(super) fn certificate_signed(charger: &mut Charger<'_>, req: CertificateSignedRequest) -> Answer {
    match install(&mut charger.state.certificates, &req.certificate_chain) {
        Ok(()) => Answer::then(
            serde_json::json!({"status": "Accepted"}),
            Effect::ReconnectWithCertificate,
        ),
        Err(why) => {
            tracing::warn!(charger = charger.charge_point_id, %why, "CertificateSigned refused");
            Answer::status("Rejected")
        }
    }
}

pub(super) fn get_log(charger: &mut Charger<'_>, req: GetLogRequest) -> Answer {
    let kind = serde_json::to_value(req.log_type)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let filename = format!("{}-{kind}-{}.log", charger.charge_point_id, req.request_id);
    Answer::then(
        json!({"status": "Accepted", "filename": filename}),
        Effect::UploadLog {
            location: req.log.remote_location,
            request_id: req.request_id,
            text: format!(
                "{kind} of simulated charge point {}\nrequest {}\n",
                charger.charge_point_id, req.request_id
            ),
        },
    )
}

pub(super) fn signed_update_firmware(req: SignedUpdateFirmwareRequest) -> Answer {
    Answer::then(
        json!({"status": "Accepted"}),
        Effect::InstallSignedFirmware {
            location: req.firmware.location,
            request_id: req.request_id,
            signed: !req.firmware.signature.trim().is_empty() && !req.firmware.signing_certificate.trim().is_empty(),
        },
    )
}

/// The LogStatusNotifications after the upload: Uploading, then Uploaded or UploadFailure.
pub(in super::super) fn log_statuses(uploaded: bool) -> [UploadLogStatus; 2] {
    [
        UploadLogStatus::Uploading,
        if uploaded {
            UploadLogStatus::Uploaded
        } else {
            UploadLogStatus::UploadFailure
        },
    ]
}

/// The SignedFirmwareStatusNotifications of an update: after the download (failed: stop
/// there), the signature's verdict, then the installation.
pub(in super::super) fn firmware_statuses(downloaded: bool, signature_holds: bool) -> Vec<SignedFirmwareStatus> {
    use SignedFirmwareStatus as S;
    match (downloaded, signature_holds) {
        (false, _) => vec![S::Downloading, S::DownloadFailed],
        (true, false) => vec![S::Downloading, S::Downloaded, S::InvalidSignature],
        (true, true) => vec![
            S::Downloading,
            S::Downloaded,
            S::SignatureVerified,
            S::Installing,
            S::Installed,
        ],
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use ladeklar_ocpp::security::{SignedFirmwareStatus as S, UploadLogStatus as U};

    use super::super::testing::TestCharger;
    use super::super::Effect;
    use super::{firmware_statuses, log_statuses};

    #[test]
    fn a_log_is_uploaded_where_asked_and_firmware_followed_to_installed() {
        let mut charger = TestCharger::new();
        let answer = charger.call(
            "GetLog",
            json!({"logType": "SecurityLog", "requestId": 7, "log": {"remoteLocation": "https://cs/uploads/logs/t"}}),
        );
        assert_eq!(
            answer.reply,
            json!({"status": "Accepted", "filename": "CP-1-SecurityLog-7.log"})
        );
        assert!(matches!(
            answer.effect,
            Some(Effect::UploadLog { ref location, request_id: 7, .. }) if location == "https://cs/uploads/logs/t"
        ));
        let answer = charger.call(
            "SignedUpdateFirmware",
            json!({"requestId": 9, "firmware": {"location": "https://cs/firmware/f.bin",
                "retrieveDateTime": "2026-11-24T08:00:00Z", "signingCertificate": "PEM", "signature": "c2ln"}}),
        );
        assert_eq!(answer.reply, json!({"status": "Accepted"}));
        assert_eq!(
            answer.effect,
            Some(Effect::InstallSignedFirmware {
                location: "https://cs/firmware/f.bin".into(),
                request_id: 9,
                signed: true
            })
        );
        assert_eq!(log_statuses(true), [U::Uploading, U::Uploaded]);
        assert_eq!(log_statuses(false), [U::Uploading, U::UploadFailure]);
        assert_eq!(firmware_statuses(true, true).last(), Some(&S::Installed));
        assert_eq!(firmware_statuses(false, true), vec![S::Downloading, S::DownloadFailed]);
        assert_eq!(firmware_statuses(true, false).last(), Some(&S::InvalidSignature));
    }

    #[test]
    fn a_certificate_without_a_pending_request_is_rejected() {
        let mut charger = TestCharger::new();
        let answer = charger.call(
            "CertificateSigned",
            json!({"certificateChain": "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"}),
        );
        assert_eq!(answer.reply, json!({"status": "Rejected"}));
        assert_eq!(answer.effect, None);
        assert!(charger.state.certificates.client.is_none());
    }
}
