//! Id tags presented at a charger: loads the token store's records and asks
//! `core::authorization::authorize`.

use chrono::{DateTime, Utc};
use ladeklar_core::authorization::{
    authorize, AuthorizationDecision, AuthorizationInput, AuthorizationPurpose, AuthorizationStatus,
};
use ladeklar_ocpp::v16::types::{AuthorizationStatus as OcppStatus, IdTagInfo};

use crate::AppState;

/// Decides `id_tag`, presented for `purpose`, at `now`. `issued_for_app_session`: the tag
/// belongs to a session the driver started in the app. `session`: the session this message is
/// about (its own tag is not "in another transaction").
pub async fn decide(
    state: &AppState,
    id_tag: &str,
    purpose: AuthorizationPurpose,
    issued_for_app_session: bool,
    session: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<AuthorizationDecision> {
    let store = &state.store;
    let token = store.token(id_tag).await?;
    let parent = match token.as_ref().and_then(|t| t.parent_id_tag.as_deref()) {
        Some(parent) => store.token(parent).await?,
        None => None,
    };
    // Only a StartTransaction can be ConcurrentTx (core asks for it only then).
    let in_other_transaction =
        purpose == AuthorizationPurpose::StartTransaction && store.tag_in_transaction(id_tag, session).await?;
    let decision = authorize(
        AuthorizationInput {
            purpose,
            token: token.as_ref(),
            parent: parent.as_ref(),
            issued_for_app_session,
            in_other_transaction,
        },
        now,
    );
    if decision.status != AuthorizationStatus::Accepted {
        tracing::info!(%id_tag, status = ?decision.status, "id tag not accepted");
    }
    Ok(decision)
}

/// The decision as OCPP `IdTagInfo`.
pub fn id_tag_info(decision: &AuthorizationDecision) -> IdTagInfo {
    IdTagInfo {
        expiry_date: decision.expiry,
        parent_id_tag: decision.parent_id_tag.clone(),
        status: match decision.status {
            AuthorizationStatus::Accepted => OcppStatus::Accepted,
            AuthorizationStatus::Blocked => OcppStatus::Blocked,
            AuthorizationStatus::Expired => OcppStatus::Expired,
            AuthorizationStatus::Invalid => OcppStatus::Invalid,
            AuthorizationStatus::ConcurrentTx => OcppStatus::ConcurrentTx,
        },
    }
}
