//! The security extension's calls the simulator takes part in: CertificateSigned installs
//! the certificate for the key of the charger's last signing request (Accepted, then the
//! charger reconnects with it), anything else is Rejected.

use ladeklar_ocpp::security::CertificateSignedRequest;

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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::TestCharger;

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
