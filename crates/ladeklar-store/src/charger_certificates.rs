//! OCPP Security Profile 3 (issue 13): a charger's stored security profile and the client
//! certificates the platform's charging-station CA issued to chargers, with their
//! revocation. Whether a profile may change or a certificate opens a connection is core's
//! `charger_security`; this stores what it decided.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use crate::{instant_str, Result, Store};

/// A certificate the platform issued to a charger.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct IssuedCertificateRow {
    /// Lower-case hex, as the CA wrote it.
    pub serial: String,
    pub charger_id: String,
    /// RFC 3339 UTC.
    pub issued_at: String,
    pub not_after: String,
    pub revoked_at: Option<String>,
    pub certificate_pem: String,
}

/// A certificate just signed, to register before it is sent to the charger.
pub struct NewIssuedCertificate<'a> {
    pub serial: &'a str,
    pub charger_id: &'a str,
    pub issued_at: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub certificate_pem: &'a str,
}

impl Store {
    /// The charger's stored security profile (1–3), `None` before its first connection or
    /// for an unknown charger.
    pub async fn charger_security_profile(&self, charger_id: &str) -> Result<Option<i64>> {
        let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT security_profile FROM chargers WHERE id = $1")
            .bind(charger_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.and_then(|(p,)| p))
    }

    /// Raises the charger's stored profile to `profile`; a stored profile that is already as
    /// high is left alone (two connections racing cannot lower it). True when it changed.
    pub async fn raise_charger_security_profile(&self, charger_id: &str, profile: i64) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE chargers SET security_profile = $1 \
             WHERE id = $2 AND (security_profile IS NULL OR security_profile < $1)",
        )
        .bind(profile)
        .bind(charger_id)
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Forgets the charger's stored profile (an operator's decision, never the charger's:
    /// after its certificates are revoked, so it may connect with its password again).
    pub async fn reset_charger_security_profile(&self, charger_id: &str) -> Result<bool> {
        let r = sqlx::query("UPDATE chargers SET security_profile = NULL WHERE id = $1")
            .bind(charger_id)
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Registers a certificate the CA signed for a charger.
    pub async fn record_issued_certificate(&self, cert: &NewIssuedCertificate<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO charger_certificates (serial, charger_id, issued_at, not_after, certificate_pem) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(cert.serial)
        .bind(cert.charger_id)
        .bind(instant_str(cert.issued_at))
        .bind(instant_str(cert.not_after))
        .bind(cert.certificate_pem)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The issued certificate with this serial (lower-case hex), if the CA issued one.
    pub async fn issued_certificate(&self, serial: &str) -> Result<Option<IssuedCertificateRow>> {
        sqlx::query_as(
            "SELECT serial, charger_id, issued_at, not_after, revoked_at, certificate_pem \
             FROM charger_certificates WHERE serial = $1",
        )
        .bind(serial)
        .fetch_optional(self.pool())
        .await
        .map_err(Into::into)
    }

    /// The certificates issued to a charger, newest first.
    pub async fn issued_certificates_of(&self, charger_id: &str) -> Result<Vec<IssuedCertificateRow>> {
        sqlx::query_as(
            "SELECT serial, charger_id, issued_at, not_after, revoked_at, certificate_pem \
             FROM charger_certificates WHERE charger_id = $1 ORDER BY issued_at DESC, serial",
        )
        .bind(charger_id)
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Revokes every certificate of the charger not yet revoked (`serial`: only that one) at
    /// `now`; returns the serials revoked by this call.
    pub async fn revoke_charger_certificates(
        &self,
        charger_id: &str,
        serial: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        let revoked: Vec<(String,)> = sqlx::query_as(
            "UPDATE charger_certificates SET revoked_at = $1 \
             WHERE charger_id = $2 AND revoked_at IS NULL AND ($3 IS NULL OR serial = $3) \
             RETURNING serial",
        )
        .bind(instant_str(now))
        .bind(charger_id)
        .bind(serial)
        .fetch_all(self.pool())
        .await?;
        Ok(revoked.into_iter().map(|(s,)| s).collect())
    }
}
