//! HTTPS and WSS: the certificate and key from `--tls-cert` / `--tls-key` (PEM), checked at
//! start, and a listener that hands axum only connections whose TLS handshake succeeded.
//!
//! With a certificate configured the TLS listener is the server's only listener, so chargers
//! connect over `wss://` with HTTP Basic auth on the upgrade (OCPP 1.6J Security Profile 2)
//! and nothing (API, UI, OCPP) is reachable in plain text. A client may present a certificate
//! issued by the platform's charging-station CA (Security Profile 3): the handshake verifies
//! its chain (one that does not verify ends the handshake), and the upgrade reads who it is
//! (`PeerAddr::client_certificate`). Clients without one (browsers, the API, chargers on
//! Profile 2) are served as before.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ServerConfig, WebPkiClientVerifier};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// A client that has not finished its TLS handshake by then is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the configured certificate and key cannot be served. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("--tls-cert and --tls-key go together: {given} is set, {missing} is not")]
    Incomplete { given: &'static str, missing: &'static str },
    #[error("TLS certificate {}: cannot read the file: {source}", path.display())]
    ReadCertificate { path: PathBuf, source: io::Error },
    #[error("TLS certificate {}: not a PEM certificate chain: {source}", path.display())]
    ParseCertificate {
        path: PathBuf,
        source: rustls::pki_types::pem::Error,
    },
    #[error("TLS certificate {}: no CERTIFICATE block in the file", path.display())]
    NoCertificate { path: PathBuf },
    #[error("TLS private key {}: cannot read the file: {source}", path.display())]
    ReadKey { path: PathBuf, source: io::Error },
    #[error("TLS private key {}: no PEM private key (PKCS#8, PKCS#1 or SEC1) in the file: {source}", path.display())]
    ParseKey {
        path: PathBuf,
        source: rustls::pki_types::pem::Error,
    },
    #[error("TLS private key {}: not a usable RSA, ECDSA or Ed25519 key: {source}", path.display())]
    UnusableKey { path: PathBuf, source: rustls::Error },
    #[error("TLS private key {} does not belong to the certificate {}", key.display(), cert.display())]
    KeyMismatch { cert: PathBuf, key: PathBuf },
    #[error("the charging-station CA certificate cannot verify client certificates: {0}")]
    ClientCa(String),
    #[error("TLS certificate {} with key {}: {source}", cert.display(), key.display())]
    Rejected {
        cert: PathBuf,
        key: PathBuf,
        source: rustls::Error,
    },
}

/// The certificate chain and key files, both given or neither.
pub fn configured_files<'a>(
    cert: Option<&'a Path>,
    key: Option<&'a Path>,
) -> Result<Option<(&'a Path, &'a Path)>, TlsError> {
    match (cert, key) {
        (Some(cert), Some(key)) => Ok(Some((cert, key))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(TlsError::Incomplete {
            given: "--tls-cert",
            missing: "--tls-key",
        }),
        (None, Some(_)) => Err(TlsError::Incomplete {
            given: "--tls-key",
            missing: "--tls-cert",
        }),
    }
}

/// Reads and checks the PEM certificate chain and private key: each file readable and
/// parseable, the key usable and the key of the chain's first certificate. With `client_ca`,
/// client certificates it issued are asked for and verified (none is required).
pub fn server_config(
    cert: &Path,
    key: &Path,
    client_ca: Option<&CertificateDer<'static>>,
) -> Result<Arc<ServerConfig>, TlsError> {
    let cert_pem = std::fs::read(cert).map_err(|source| TlsError::ReadCertificate {
        path: cert.to_owned(),
        source,
    })?;
    let chain = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|source| TlsError::ParseCertificate {
            path: cert.to_owned(),
            source,
        })?;
    if chain.is_empty() {
        return Err(TlsError::NoCertificate { path: cert.to_owned() });
    }
    let key_pem = std::fs::read(key).map_err(|source| TlsError::ReadKey {
        path: key.to_owned(),
        source,
    })?;
    let private_key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|source| TlsError::ParseKey {
        path: key.to_owned(),
        source,
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    provider
        .key_provider
        .load_private_key(private_key.clone_key())
        .map_err(|source| TlsError::UnusableKey {
            path: key.to_owned(),
            source,
        })?;
    let rejected = |source| TlsError::Rejected {
        cert: cert.to_owned(),
        key: key.to_owned(),
        source,
    };
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(rejected)?;
    let builder = match client_ca {
        Some(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            roots.add(ca.clone()).map_err(|e| TlsError::ClientCa(e.to_string()))?;
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .allow_unauthenticated()
                .build()
                .map_err(|e| TlsError::ClientCa(e.to_string()))?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let mut config = builder.with_single_cert(chain, private_key).map_err(|e| match e {
        rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch) => TlsError::KeyMismatch {
            cert: cert.to_owned(),
            key: key.to_owned(),
        },
        other => rejected(other),
    })?;
    // The server speaks HTTP/1.1 only (WebSocket upgrades included).
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A listener for `axum::serve` that yields connections after their TLS handshake.
/// Handshakes run in tasks of their own (with a timeout), so a slow or non-TLS client never
/// holds up the others; a failed handshake is logged and the connection dropped.
pub struct TlsListener {
    local_addr: SocketAddr,
    handshaken: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    accepting: JoinHandle<()>,
}

impl TlsListener {
    pub fn new(tcp: TcpListener, config: Arc<ServerConfig>) -> io::Result<Self> {
        let local_addr = tcp.local_addr()?;
        let (ready, handshaken) = mpsc::channel(64);
        let accepting = tokio::spawn(accept_loop(tcp, TlsAcceptor::from(config), ready));
        Ok(Self {
            local_addr,
            handshaken,
            accepting,
        })
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.handshaken.recv().await {
            Some(connection) => connection,
            // The accept loop only ends when this listener is dropped.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.local_addr)
    }
}

async fn accept_loop(tcp: TcpListener, acceptor: TlsAcceptor, ready: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>) {
    loop {
        let (stream, peer) = match tcp.accept().await {
            Ok(accepted) => accepted,
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                // Out of file descriptors and the like: wait instead of spinning.
                tracing::error!(error = %e, "accepting a TCP connection failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        // Small OCPP frames each way: do not let Nagle hold TLS records back.
        let _ = stream.set_nodelay(true);
        let (acceptor, ready) = (acceptor.clone(), ready.clone());
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => {
                    let _ = ready.send((tls, peer)).await;
                }
                Ok(Err(e)) => tracing::warn!(%peer, error = %e, "TLS handshake failed"),
                Err(_) => tracing::warn!(%peer, "TLS handshake timed out"),
            }
        });
    }
}

fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Files {
        dir: tempfile::TempDir,
    }

    impl Files {
        fn new() -> Self {
            Self {
                dir: tempfile::tempdir().expect("temp dir"),
            }
        }

        fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
            let path = self.dir.path().join(name);
            std::fs::write(&path, contents).expect("write");
            path
        }

        /// A fresh self-signed certificate for localhost: (cert.pem, key.pem).
        fn certificate(&self, name: &str) -> (PathBuf, PathBuf) {
            let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("rcgen");
            (
                self.write(&format!("{name}.pem"), certified.cert.pem()),
                self.write(&format!("{name}-key.pem"), certified.signing_key.serialize_pem()),
            )
        }
    }

    #[test]
    fn a_matching_certificate_and_key_are_served_over_http_1_1() {
        let files = Files::new();
        let (cert, key) = files.certificate("server");
        let config = server_config(&cert, &key, None).expect("valid pair");
        assert_eq!(config.alpn_protocols, vec![b"http/1.1".to_vec()]);
    }

    #[test]
    fn a_missing_certificate_file_is_named() {
        let files = Files::new();
        let (_, key) = files.certificate("server");
        let cert = files.dir.path().join("absent.pem");
        let err = server_config(&cert, &key, None).unwrap_err();
        assert!(
            matches!(&err, TlsError::ReadCertificate { path, .. } if *path == cert),
            "{err:?}"
        );
        assert!(err.to_string().contains("absent.pem"), "{err}");
    }

    #[test]
    fn a_certificate_file_without_a_certificate_is_refused() {
        let files = Files::new();
        let (_, key) = files.certificate("server");
        // A key where the certificate should be: PEM, but no CERTIFICATE block.
        let err = server_config(&key, &key, None).unwrap_err();
        assert!(
            matches!(&err, TlsError::NoCertificate { path } if *path == key),
            "{err:?}"
        );
        let garbage = files.write("garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n");
        let err = server_config(&garbage, &key, None).unwrap_err();
        assert!(
            matches!(&err, TlsError::ParseCertificate { path, .. } if *path == garbage),
            "{err:?}"
        );
    }

    #[test]
    fn a_key_file_without_a_key_is_refused_and_named() {
        let files = Files::new();
        let (cert, _) = files.certificate("server");
        let empty = files.write("empty-key.pem", "");
        let err = server_config(&cert, &empty, None).unwrap_err();
        assert!(
            matches!(&err, TlsError::ParseKey { path, .. } if *path == empty),
            "{err:?}"
        );
        assert!(err.to_string().contains("empty-key.pem"), "{err}");
        let missing = files.dir.path().join("no-such-key.pem");
        let err = server_config(&cert, &missing, None).unwrap_err();
        assert!(
            matches!(&err, TlsError::ReadKey { path, .. } if *path == missing),
            "{err:?}"
        );
    }

    #[test]
    fn a_key_block_that_is_not_a_key_is_unusable() {
        let files = Files::new();
        let (cert, _) = files.certificate("server");
        let bogus = files.write(
            "bogus-key.pem",
            "-----BEGIN PRIVATE KEY-----\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n",
        );
        let err = server_config(&cert, &bogus, None).unwrap_err();
        assert!(
            matches!(&err, TlsError::UnusableKey { path, .. } if *path == bogus),
            "{err:?}"
        );
    }

    #[test]
    fn another_certificates_key_is_a_mismatch_naming_both_files() {
        let files = Files::new();
        let (cert, _) = files.certificate("server");
        let (_, other_key) = files.certificate("other");
        let err = server_config(&cert, &other_key, None).unwrap_err();
        assert!(
            matches!(&err, TlsError::KeyMismatch { cert: c, key: k } if *c == cert && *k == other_key),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(text.contains("other-key.pem") && text.contains("server.pem"), "{text}");
    }

    #[test]
    fn certificate_and_key_are_given_together_or_not_at_all() {
        let (cert, key) = (Path::new("c.pem"), Path::new("k.pem"));
        assert!(configured_files(None, None).unwrap().is_none());
        assert_eq!(configured_files(Some(cert), Some(key)).unwrap(), Some((cert, key)));
        assert!(matches!(
            configured_files(Some(cert), None),
            Err(TlsError::Incomplete {
                missing: "--tls-key",
                ..
            })
        ));
        assert!(matches!(
            configured_files(None, Some(key)),
            Err(TlsError::Incomplete {
                missing: "--tls-cert",
                ..
            })
        ));
    }
}
