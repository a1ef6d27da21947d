//! The caller's own data: the export (JSON) and deleting the account. Sessions stay,
//! anonymised, as the accounting record (the store's `delete_user`).

use ladeklar_api::{AccountExport, ExportedSession};
use ladeklar_core::accounts::{Action, ObjectOwner};
use ladeklar_core::pricing::PricedSession;
use ladeklar_store::SessionRow;

use super::sign_in::check_own_password;
use super::{account_view, audit_view};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

pub async fn export(state: &AppState, caller: &Caller) -> Result<AccountExport, ApiError> {
    let user = caller.user()?;
    caller.allow(Action::ReadAccountData, &ObjectOwner::Account { user: user.id })?;
    let sessions = state.store.sessions_of_user(user.id).await?;
    let events = state.store.audit_log(Some(user.id), None, 10_000).await?;
    Ok(AccountExport {
        exported_at: state.now(),
        account: account_view(user),
        sessions: sessions.iter().map(exported).collect::<Result<_, _>>()?,
        security_events: events.into_iter().map(audit_view).collect(),
        favourites: state.store.favourites(user.id).await?,
    })
}

fn exported(row: &SessionRow) -> Result<ExportedSession, ApiError> {
    let instant = |what: &str, s: &str| ladeklar_store::parse_instant(what, s).map_err(ApiError::from);
    let priced = row
        .priced_json
        .as_deref()
        .map(serde_json::from_str::<PricedSession>)
        .transpose()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored priced session {}: {e}", row.id)))?;
    Ok(ExportedSession {
        id: row.id.clone(),
        charger_id: row.charger_id.clone(),
        connector_id: u32::try_from(row.connector_id).unwrap_or_default(),
        status: row.status.clone(),
        requested_at: instant("requested_at", &row.requested_at)?,
        started_at: row
            .started_at
            .as_deref()
            .map(|s| instant("started_at", s))
            .transpose()?,
        stopped_at: row
            .stopped_at
            .as_deref()
            .map(|s| instant("stopped_at", s))
            .transpose()?,
        energy_wh: row.meter_start_wh.zip(row.meter_stop_wh).map(|(a, b)| b - a),
        total_incl_vat: priced.as_ref().map(|p| p.total.incl_vat.to_string()),
        currency: priced.map(|p| p.currency),
    })
}

/// Deletes the caller's account after checking the password once more (a wrong one counts
/// as a failed sign-in).
pub async fn delete(state: &AppState, caller: &Caller, password: &str, address: &str) -> Result<(), ApiError> {
    let user = caller.user()?;
    caller.allow(Action::DeleteAccount, &ObjectOwner::Account { user: user.id })?;
    check_own_password(state, user, password, address).await?;
    state.store.delete_user(user.id, state.now()).await?;
    Ok(())
}
