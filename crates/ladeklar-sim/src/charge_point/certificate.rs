//! The charger's side of Security Profile 3: a key pair and certificate signing request for
//! its charge point id (SignCertificate), the certificate the central system sends back
//! (CertificateSigned) checked against the key that asked for it, and the client
//! certificate it then connects with.

/// The charger's client certificate state.
#[derive(Debug, Default)]
pub(super) struct Certificates {
    /// The private key (PEM) of the last request sent, until its certificate comes.
    pub(super) pending_key_pem: Option<String>,
    /// The installed client certificate: (chain PEM, key PEM). Used from the next connection
    /// over `wss://`, instead of the password.
    pub(super) client: Option<(String, String)>,
}

/// A fresh key pair and a PEM CSR whose subject's CN is `common_name`: (CSR, key).
pub(super) fn signing_request(common_name: &str) -> anyhow::Result<(String, String)> {
    let key = rcgen::KeyPair::generate()?;
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name.push(rcgen::DnType::CommonName, common_name);
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "Ladeklar simulator");
    let csr = params.serialize_request(&key)?;
    Ok((csr.pem()?, key.serialize_pem()))
}

/// Installs `chain_pem` when its certificate is the pending request's key's; why not
/// otherwise (no request pending, not PEM, another key).
pub(super) fn install(certificates: &mut Certificates, chain_pem: &str) -> Result<(), String> {
    let key = certificates
        .pending_key_pem
        .as_deref()
        .ok_or("no certificate signing request is pending")?;
    crate::tls::certified_key(chain_pem, key).map_err(|e| e.to_string())?;
    certificates.client = Some((chain_pem.to_owned(), key.to_owned()));
    certificates.pending_key_pem = None;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A certificate for `key`, signed by a throwaway CA.
    fn certificate_for(key: &rcgen::KeyPair) -> String {
        let issuer = rcgen::Issuer::new(rcgen::CertificateParams::default(), rcgen::KeyPair::generate().unwrap());
        rcgen::CertificateParams::default()
            .signed_by(key, &issuer)
            .unwrap()
            .pem()
    }

    #[test]
    fn a_request_names_the_charge_point_and_only_its_keys_certificate_is_installed() {
        let (csr, key) = signing_request("CP-1").unwrap();
        assert!(csr.starts_with("-----BEGIN CERTIFICATE REQUEST-----"), "{csr}");
        let mut certificates = Certificates::default();
        assert!(install(&mut certificates, "anything").is_err(), "nothing was asked");
        certificates.pending_key_pem = Some(key.clone());
        // Another key's certificate is refused and the request stays pending.
        let other = certificate_for(&rcgen::KeyPair::generate().unwrap());
        assert!(install(&mut certificates, &other).is_err());
        assert!(certificates.client.is_none() && certificates.pending_key_pem.is_some());
        assert!(install(&mut certificates, "not PEM").is_err());

        // A certificate for the pending key is installed.
        let own = certificate_for(&rcgen::KeyPair::from_pem(&key).unwrap());
        install(&mut certificates, &own).unwrap();
        assert_eq!(certificates.client, Some((own, key)));
        assert!(certificates.pending_key_pem.is_none());
    }
}
