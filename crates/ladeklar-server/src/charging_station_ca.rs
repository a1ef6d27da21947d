//! The platform's own charging-station CA (OCPP 1.6 Security Profile 3): created once in the
//! data folder (`charging-station-ca/ca.pem` and `ca-key.pem`, the key readable by the
//! server's user only) and loaded at every start. It signs the certificate signing requests
//! chargers send with SignCertificate — for the charge point id they authenticated as only
//! (core's `charger_security::check_csr_subject`) — and the server's TLS trusts the client
//! certificates it issued.
//!
//! What a signed certificate says is ours, not the request's: the CN is the charge point id,
//! the key is the request's, it is for TLS client authentication only, never a CA, valid for
//! [`VALIDITY_DAYS`]. The request's own extensions and other names are ignored.

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Utc};
use ladeklar_core::charger_security::{check_csr_subject, CsrRefusal};
use rcgen::{
    BasicConstraints, CertificateParams, CertificateSigningRequestParams, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, PublicKeyData, SerialNumber,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateSigningRequestDer};

/// How long a charger's certificate is valid.
pub const VALIDITY_DAYS: i64 = 730;
/// How long the CA's own certificate is valid.
const CA_VALIDITY_YEARS: i32 = 20;
const CA_FOLDER: &str = "charging-station-ca";

/// Why the CA cannot be loaded or created. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum CaError {
    #[error("charging-station CA {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("charging-station CA {}: {why}", path.display())]
    Unusable { path: PathBuf, why: String },
}

/// A certificate just signed for a charger.
#[derive(Debug, Clone)]
pub struct IssuedCertificate {
    /// Lower-case hex of the serial number's bytes (as [`serial_hex`] reads it back).
    pub serial: String,
    /// The charger's certificate then the CA's, PEM: what CertificateSigned carries.
    pub chain_pem: String,
    pub not_after: DateTime<Utc>,
}

pub struct ChargingStationCa {
    issuer: Issuer<'static, KeyPair>,
    certificate_pem: String,
    certificate_der: CertificateDer<'static>,
}

impl ChargingStationCa {
    /// Loads the CA from `<data_dir>/charging-station-ca/`, creating it there first when the
    /// folder has neither file (`now` dates a new CA). One file without the other is an error:
    /// a new CA would silently disown every certificate issued.
    pub fn load_or_create(data_dir: &Path, now: DateTime<Utc>) -> Result<Self, CaError> {
        let folder = data_dir.join(CA_FOLDER);
        let (cert_path, key_path) = (folder.join("ca.pem"), folder.join("ca-key.pem"));
        match (cert_path.exists(), key_path.exists()) {
            (false, false) => Self::create(&folder, &cert_path, &key_path, now),
            (true, true) => Self::load(&cert_path, &key_path),
            (true, false) => Err(CaError::Unusable {
                path: key_path,
                why: "missing, but the CA certificate is there".into(),
            }),
            (false, true) => Err(CaError::Unusable {
                path: cert_path,
                why: "missing, but the CA key is there".into(),
            }),
        }
    }

    fn create(folder: &Path, cert_path: &Path, key_path: &Path, now: DateTime<Utc>) -> Result<Self, CaError> {
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| CaError::Io { path, source }
        };
        std::fs::create_dir_all(folder).map_err(io(folder))?;
        let unusable = |why: rcgen::Error| CaError::Unusable {
            path: cert_path.to_owned(),
            why: why.to_string(),
        };
        let key = KeyPair::generate().map_err(unusable)?;
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, "Ladeklar charging-station CA");
        name.push(DnType::OrganizationName, "Ladeklar");
        params.distinguished_name = name;
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let yesterday = now - chrono::Duration::days(1);
        params.not_before = rcgen::date_time_ymd(yesterday.year(), month(&yesterday), day(&yesterday));
        params.not_after = rcgen::date_time_ymd(now.year() + CA_VALIDITY_YEARS, month(&now), day(&now));
        let certificate = params.self_signed(&key).map_err(unusable)?;
        write_private(key_path, key.serialize_pem().as_bytes()).map_err(io(key_path))?;
        std::fs::write(cert_path, certificate.pem()).map_err(io(cert_path))?;
        tracing::info!(folder = %folder.display(), "created the charging-station CA");
        Ok(Self {
            certificate_pem: certificate.pem(),
            certificate_der: certificate.der().clone(),
            issuer: Issuer::new(params, key),
        })
    }

    fn load(cert_path: &Path, key_path: &Path) -> Result<Self, CaError> {
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|source| CaError::Io {
                path: path.to_owned(),
                source,
            })
        };
        let (certificate_pem, key_pem) = (read(cert_path)?, read(key_path)?);
        let key = KeyPair::from_pem(&key_pem).map_err(|e| CaError::Unusable {
            path: key_path.to_owned(),
            why: e.to_string(),
        })?;
        let unusable_cert = |why: String| CaError::Unusable {
            path: cert_path.to_owned(),
            why,
        };
        let certificate_der =
            CertificateDer::from_pem_slice(certificate_pem.as_bytes()).map_err(|e| unusable_cert(e.to_string()))?;
        let (_, parsed) =
            x509_parser::parse_x509_certificate(&certificate_der).map_err(|e| unusable_cert(e.to_string()))?;
        if parsed.public_key().raw != key.subject_public_key_info().as_slice() {
            return Err(CaError::Unusable {
                path: key_path.to_owned(),
                why: format!("not the key of the CA certificate {}", cert_path.display()),
            });
        }
        let issuer = Issuer::from_ca_cert_der(&certificate_der, key).map_err(|e| unusable_cert(e.to_string()))?;
        Ok(Self {
            issuer,
            certificate_pem,
            certificate_der,
        })
    }

    /// The CA's certificate (PEM), for chargers to trust and for the TLS client verifier.
    pub fn certificate_pem(&self) -> &str {
        &self.certificate_pem
    }

    pub fn certificate_der(&self) -> &CertificateDer<'static> {
        &self.certificate_der
    }

    /// Signs `csr_pem` for the charger that authenticated as `charger_id`, at `now`: a
    /// request that is not a PEM CSR with a valid signature is `Malformed`, one for another
    /// id (its subject's CN) is refused (core's rule).
    pub fn sign(&self, csr_pem: &str, charger_id: &str, now: DateTime<Utc>) -> Result<IssuedCertificate, CsrRefusal> {
        let der = CertificateSigningRequestDer::from_pem_slice(csr_pem.as_bytes())
            .map_err(|e| CsrRefusal::Malformed(format!("not a PEM certificate request: {e}")))?;
        let common_names = csr_common_names(&der)?;
        let names: Vec<&str> = common_names.iter().map(String::as_str).collect();
        check_csr_subject(&names, charger_id)?;
        // Verifies the request's signature (proof the charger holds the key).
        let request =
            CertificateSigningRequestParams::from_der(&der).map_err(|e| CsrRefusal::Malformed(e.to_string()))?;

        let serial_bytes = new_serial();
        let not_after = now + chrono::Duration::days(VALIDITY_DAYS);
        let yesterday = now - chrono::Duration::days(1);
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, charger_id);
        name.push(DnType::OrganizationName, "Ladeklar");
        params.distinguished_name = name;
        params.serial_number = Some(SerialNumber::from_slice(&serial_bytes));
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        params.use_authority_key_identifier_extension = true;
        params.not_before = rcgen::date_time_ymd(yesterday.year(), month(&yesterday), day(&yesterday));
        params.not_after = rcgen::date_time_ymd(not_after.year(), month(&not_after), day(&not_after));
        let certificate = CertificateSigningRequestParams {
            params,
            public_key: request.public_key,
        }
        .signed_by(&self.issuer)
        .map_err(|e| CsrRefusal::Malformed(format!("cannot be signed: {e}")))?;
        Ok(IssuedCertificate {
            serial: hex::encode(serial_bytes),
            chain_pem: format!("{}{}", certificate.pem(), self.certificate_pem),
            not_after,
        })
    }
}

/// The CNs of a CSR's subject (undecodable ones as a malformed request).
fn csr_common_names(der: &CertificateSigningRequestDer<'_>) -> Result<Vec<String>, CsrRefusal> {
    use x509_parser::prelude::FromDer;
    let (_, request) = x509_parser::certification_request::X509CertificationRequest::from_der(der)
        .map_err(|e| CsrRefusal::Malformed(e.to_string()))?;
    request
        .certification_request_info
        .subject
        .iter_common_name()
        .map(|cn| {
            cn.as_str()
                .map(str::to_owned)
                .map_err(|e| CsrRefusal::Malformed(format!("a common name is not text: {e}")))
        })
        .collect()
}

/// A presented client certificate: its CN and serial ([`serial_hex`]), or why it cannot be
/// read (rustls has verified its chain already, so this is rare).
pub fn client_certificate_identity(der: &[u8]) -> Result<(Option<String>, String), String> {
    let (_, certificate) = x509_parser::parse_x509_certificate(der).map_err(|e| e.to_string())?;
    let common_name = certificate
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(str::to_owned);
    Ok((common_name, serial_hex(certificate.raw_serial())))
}

/// A serial number's bytes as lower-case hex, the register's key.
pub fn serial_hex(raw: &[u8]) -> String {
    hex::encode(raw)
}

/// 16 random bytes, positive and without a leading zero byte, so the DER integer is these
/// bytes exactly and reads back to the same hex.
fn new_serial() -> [u8; 16] {
    let mut bytes = uuid::Uuid::new_v4().into_bytes();
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    bytes
}

fn month(t: &DateTime<Utc>) -> u8 {
    // chrono's month is 1–12.
    u8::try_from(t.month()).unwrap_or(1)
}

fn day(t: &DateTime<Utc>) -> u8 {
    // chrono's day is 1–31.
    u8::try_from(t.day()).unwrap_or(1)
}

/// Writes a private key readable by the owner only (on Unix).
fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csr_for(cn: &str) -> (String, KeyPair) {
        let key = KeyPair::generate().expect("key");
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, cn);
        let csr = params.serialize_request(&key).expect("CSR");
        (csr.pem().expect("PEM"), key)
    }

    #[test]
    fn a_ca_is_created_once_and_loaded_after() {
        let dir = tempfile::tempdir().expect("temp dir");
        let now = Utc::now();
        let created = ChargingStationCa::load_or_create(dir.path(), now).expect("created");
        let loaded = ChargingStationCa::load_or_create(dir.path(), now).expect("loaded");
        assert_eq!(created.certificate_pem(), loaded.certificate_pem());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let key = dir.path().join(CA_FOLDER).join("ca-key.pem");
            let mode = std::fs::metadata(key).expect("key file").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // The loaded CA signs certificates the created one's certificate verifies.
        let (csr, _) = csr_for("CP-1");
        let issued = loaded.sign(&csr, "CP-1", now).expect("signed");
        let leaf = CertificateDer::from_pem_slice(issued.chain_pem.as_bytes()).expect("leaf");
        let (_, parsed) = x509_parser::parse_x509_certificate(&leaf).expect("parsed");
        let (_, ca) = x509_parser::parse_x509_certificate(created.certificate_der()).expect("CA");
        parsed
            .verify_signature(Some(ca.public_key()))
            .expect("signed by the CA");
        assert_eq!(
            client_certificate_identity(&leaf).expect("identity"),
            (Some("CP-1".to_owned()), issued.serial.clone())
        );
        assert!(!parsed.is_ca());
    }

    #[test]
    fn one_file_without_the_other_is_refused_naming_the_missing_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        ChargingStationCa::load_or_create(dir.path(), Utc::now()).expect("created");
        std::fs::remove_file(dir.path().join(CA_FOLDER).join("ca-key.pem")).expect("removed");
        let err = ChargingStationCa::load_or_create(dir.path(), Utc::now())
            .err()
            .expect("refused");
        assert!(err.to_string().contains("ca-key.pem"), "{err}");
    }

    #[test]
    fn a_csr_for_another_charger_or_not_a_csr_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ca = ChargingStationCa::load_or_create(dir.path(), Utc::now()).expect("created");
        let (csr, _) = csr_for("CP-2");
        assert!(matches!(
            ca.sign(&csr, "CP-1", Utc::now()),
            Err(CsrRefusal::AnotherCharger { .. })
        ));
        assert!(matches!(
            ca.sign("hello", "CP-1", Utc::now()),
            Err(CsrRefusal::Malformed(_))
        ));
        // A PEM block whose contents are no CSR.
        let garbage = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";
        assert!(matches!(
            ca.sign(garbage, "CP-1", Utc::now()),
            Err(CsrRefusal::Malformed(_))
        ));
    }
}
