//! A charger's client certificates (Security Profile 3) for support staff: the list with the
//! charger's stored profile, and revocation. A revoked certificate no longer opens a
//! connection (checked at every upgrade); the charger's open connection is closed.

use axum::extract::{Path, State};
use axum::Json;
use ladeklar_api::{ChargerCertificates, IssuedCertificate, RevokeCertificates, RevokedCertificates};
use ladeklar_core::accounts::Action;

use crate::auth::Caller;
use crate::error::{ApiError, LaterJson};
use crate::AppState;

/// The certificates the charging-station CA issued to a charger, newest first, and its
/// stored security profile.
#[utoipa::path(get, path = "/api/v1/chargers/{id}/certificates",
    params(("id" = String, Path, description = "Charge point id")),
    responses(
        (status = 200, body = ChargerCertificates),
        (status = 404, body = ladeklar_api::Problem, description = "charger_not_found"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ChargerCertificates>, ApiError> {
    super::allow_on_charger(&state, &caller, Action::ReadChargerLog, &id).await?;
    let certificates = state
        .store
        .issued_certificates_of(&id)
        .await?
        .into_iter()
        .map(|c| IssuedCertificate {
            serial: c.serial,
            issued_at: c.issued_at,
            not_after: c.not_after,
            revoked_at: c.revoked_at,
        })
        .collect();
    Ok(Json(ChargerCertificates {
        security_profile: state.store.charger_security_profile(&id).await?,
        charger_id: id,
        certificates,
    }))
}

/// Revokes one certificate of the charger (`serial`) or all of them; with `reset_profile`
/// the charger may connect with its password again. Its open connection is closed when
/// anything was revoked. Logged in the charger log.
#[utoipa::path(post, path = "/api/v1/chargers/{id}/certificates/revoke",
    params(("id" = String, Path, description = "Charge point id")),
    request_body = RevokeCertificates,
    responses(
        (status = 200, body = RevokedCertificates),
        (status = 404, body = ladeklar_api::Problem, description = "charger_not_found"),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<RevokeCertificates>,
) -> Result<Json<RevokedCertificates>, ApiError> {
    super::allow_on_charger(&state, &caller, Action::SendChargerCommand, &id).await?;
    let request = body.parse()?;
    let serial = request.serial.as_deref().map(str::to_ascii_lowercase);
    let revoked = state
        .store
        .revoke_charger_certificates(&id, serial.as_deref(), state.now())
        .await?;
    let profile_reset = request.reset_profile && state.store.reset_charger_security_profile(&id).await?;
    let disconnected = !revoked.is_empty()
        && state
            .links
            .close_local(&id, "its client certificate was revoked".to_owned())
            .is_some();
    let text = format!(
        "certificates revoked: {}{}",
        if revoked.is_empty() {
            "none".to_owned()
        } else {
            revoked.join(", ")
        },
        if profile_reset {
            "; security profile reset (the password opens again)"
        } else {
            ""
        }
    );
    tracing::warn!(charger_id = %id, "{text}");
    state.log_charger(&id, "event", &text).await;
    Ok(Json(RevokedCertificates {
        charger_id: id,
        revoked,
        profile_reset,
        disconnected,
    }))
}
