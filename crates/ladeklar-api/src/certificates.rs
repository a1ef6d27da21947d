//! A charger's client certificates (OCPP Security Profile 3): those the platform's
//! charging-station CA issued it, its stored security profile, and revoking them.

use serde::{Deserialize, Serialize};

/// A certificate the platform issued to a charger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedCertificate {
    /// The serial number, lower-case hex.
    pub serial: String,
    /// RFC 3339 UTC.
    pub issued_at: String,
    pub not_after: String,
    /// When it was revoked (RFC 3339 UTC), if it was.
    pub revoked_at: Option<String>,
}

/// `GET /api/v1/chargers/{id}/certificates`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChargerCertificates {
    pub charger_id: String,
    /// The highest security profile (1–3) the charger has connected with; it may not connect
    /// with a lower one. None before its first connection.
    pub security_profile: Option<i64>,
    /// Newest first.
    pub certificates: Vec<IssuedCertificate>,
}

/// `POST /api/v1/chargers/{id}/certificates/revoke`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeCertificates {
    /// Only this certificate (serial, hex); none: every certificate of the charger.
    #[serde(default)]
    pub serial: Option<String>,
    /// Also forget the charger's stored security profile, so it may connect with its
    /// password again (Profile 2) to ask for a new certificate. Without it a charger whose
    /// every certificate is revoked cannot connect at all.
    #[serde(default)]
    pub reset_profile: bool,
}

/// The answer to a revocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokedCertificates {
    pub charger_id: String,
    /// The serials this request revoked (already revoked ones are not repeated).
    pub revoked: Vec<String>,
    /// Whether the stored profile was reset.
    pub profile_reset: bool,
    /// Whether the charger's open connection was closed.
    pub disconnected: bool,
}
