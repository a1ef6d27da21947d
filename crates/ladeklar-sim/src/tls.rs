//! Trust for `wss://` central systems: the system's root certificates plus, optionally, the
//! certificates of one PEM file (a private CA, or a self-signed server certificate).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ClientConfig, RootCertStore};
use tokio_tungstenite::Connector;

/// Why the trusted certificates cannot be loaded. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("CA certificate {}: cannot read the file: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("CA certificate {}: not a PEM certificate: {source}", path.display())]
    Parse {
        path: PathBuf,
        source: rustls::pki_types::pem::Error,
    },
    #[error("CA certificate {}: no CERTIFICATE block in the file", path.display())]
    Empty { path: PathBuf },
    #[error("CA certificate {}: not usable as a trust anchor: {source}", path.display())]
    Unusable { path: PathBuf, source: rustls::Error },
    #[error("TLS client setup: {0}")]
    Setup(rustls::Error),
    #[error("client certificate: {0}")]
    ClientCertificate(String),
}

/// A TLS client configuration (ring provider) trusting the system's roots and every
/// certificate in `ca_cert`. A system without root certificates is not an error: with a
/// `ca_cert` that is all the trust a test or a private deployment needs.
pub fn client_config(ca_cert: Option<&Path>) -> Result<Arc<ClientConfig>, TrustError> {
    let mut roots = RootCertStore::empty();
    let system = rustls_native_certs::load_native_certs();
    let (added, ignored) = roots.add_parsable_certificates(system.certs);
    if !system.errors.is_empty() || ignored > 0 {
        tracing::debug!(added, ignored, errors = system.errors.len(), "system root certificates");
    }
    if let Some(path) = ca_cert {
        for cert in pem_certificates(path)? {
            roots.add(cert).map_err(|source| TrustError::Unusable {
                path: path.to_owned(),
                source,
            })?;
        }
    }
    let config = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(TrustError::Setup)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// `trust` (or the system's roots) presenting a client certificate (Security Profile 3):
/// `chain_pem` (the charger's certificate first) and its private key. A chain that is not PEM
/// or whose first certificate is not the key's is refused.
pub fn with_client_certificate(
    trust: Option<&Arc<ClientConfig>>,
    chain_pem: &str,
    key_pem: &str,
) -> Result<Arc<ClientConfig>, TrustError> {
    let mut config = match trust {
        Some(config) => (**config).clone(),
        None => (*client_config(None)?).clone(),
    };
    let certified = certified_key(chain_pem, key_pem)?;
    config.client_auth_cert_resolver = Arc::new(rustls::sign::SingleCertAndKey::from(certified));
    Ok(Arc::new(config))
}

/// A certificate chain (PEM) with its key (PEM), checked to belong together.
pub fn certified_key(chain_pem: &str, key_pem: &str) -> Result<rustls::sign::CertifiedKey, TrustError> {
    let chain = CertificateDer::pem_slice_iter(chain_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TrustError::ClientCertificate(format!("not a PEM certificate chain: {e}")))?;
    if chain.is_empty() {
        return Err(TrustError::ClientCertificate("no certificate in the chain".into()));
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
        .map_err(|e| TrustError::ClientCertificate(format!("not a PEM private key: {e}")))?;
    rustls::sign::CertifiedKey::from_der(chain, key, &rustls::crypto::ring::default_provider())
        .map_err(|e| TrustError::ClientCertificate(format!("the certificate is not the key's: {e}")))
}

/// The connector for a WebSocket URL: TLS with `trust` (or the system roots when none is
/// given) for `wss://`, plain otherwise.
pub(crate) fn connector_for(url: &str, trust: Option<&Arc<ClientConfig>>) -> Result<Connector, TrustError> {
    if !url.starts_with("wss://") {
        return Ok(Connector::Plain);
    }
    let config = match trust {
        Some(config) => config.clone(),
        None => client_config(None)?,
    };
    Ok(Connector::Rustls(config))
}

fn pem_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, TrustError> {
    let pem = std::fs::read(path).map_err(|source| TrustError::Read {
        path: path.to_owned(),
        source,
    })?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|source| TrustError::Parse {
            path: path.to_owned(),
            source,
        })?;
    if certs.is_empty() {
        return Err(TrustError::Empty { path: path.to_owned() });
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_empty_ca_file_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("absent-ca.pem");
        let err = client_config(Some(&missing)).unwrap_err();
        assert!(
            matches!(&err, TrustError::Read { path, .. } if *path == missing),
            "{err:?}"
        );
        assert!(err.to_string().contains("absent-ca.pem"), "{err}");
        let empty = dir.path().join("empty-ca.pem");
        std::fs::write(&empty, "no certificate here\n").expect("write");
        let err = client_config(Some(&empty)).unwrap_err();
        assert!(matches!(&err, TrustError::Empty { path } if *path == empty), "{err:?}");
    }

    #[test]
    fn plain_urls_get_no_tls_and_wss_urls_get_the_given_trust() {
        assert!(matches!(
            connector_for("ws://127.0.0.1:1/ocpp/X", None),
            Ok(Connector::Plain)
        ));
        let trust = client_config(None).expect("system roots");
        match connector_for("wss://127.0.0.1:1/ocpp/X", Some(&trust)) {
            Ok(Connector::Rustls(config)) => assert!(Arc::ptr_eq(&config, &trust)),
            _ => panic!("wss:// must use TLS with the given trust"),
        }
    }
}
