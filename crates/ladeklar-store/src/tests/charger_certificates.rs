//! A charger's security profile is only raised; issued certificates are revoked once.

use chrono::{TimeZone, Utc};

use super::{charger_with, fresh_store};
use crate::NewIssuedCertificate;

#[tokio::test]
async fn the_security_profile_is_raised_never_lowered_by_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    charger_with(&store, 1).await;
    assert_eq!(store.charger_security_profile("CP-1").await.unwrap(), None);
    assert!(store.raise_charger_security_profile("CP-1", 2).await.unwrap());
    assert!(store.raise_charger_security_profile("CP-1", 3).await.unwrap());
    assert!(!store.raise_charger_security_profile("CP-1", 2).await.unwrap());
    assert_eq!(store.charger_security_profile("CP-1").await.unwrap(), Some(3));
    assert_eq!(store.charger_security_profile("NO-SUCH").await.unwrap(), None);
}

#[tokio::test]
async fn issued_certificates_are_found_by_serial_and_revoked_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    charger_with(&store, 1).await;
    let t = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
    for serial in ["0a1b", "0c2d"] {
        store
            .record_issued_certificate(&NewIssuedCertificate {
                serial,
                charger_id: "CP-1",
                issued_at: t,
                not_after: t + chrono::Duration::days(730),
                certificate_pem: "-----BEGIN CERTIFICATE-----",
            })
            .await
            .unwrap();
    }
    let found = store.issued_certificate("0a1b").await.unwrap().unwrap();
    assert_eq!((found.charger_id.as_str(), found.revoked_at), ("CP-1", None));
    assert!(store.issued_certificate("ffff").await.unwrap().is_none());

    let one = store
        .revoke_charger_certificates("CP-1", Some("0a1b"), t)
        .await
        .unwrap();
    assert_eq!(one, vec!["0a1b".to_owned()]);
    let rest = store.revoke_charger_certificates("CP-1", None, t).await.unwrap();
    assert_eq!(rest, vec!["0c2d".to_owned()]);
    assert!(store
        .revoke_charger_certificates("CP-1", None, t)
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .issued_certificate("0a1b")
        .await
        .unwrap()
        .unwrap()
        .revoked_at
        .is_some());
    assert_eq!(store.issued_certificates_of("CP-1").await.unwrap().len(), 2);
}
