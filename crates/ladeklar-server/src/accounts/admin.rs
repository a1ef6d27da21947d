//! What admins do to accounts: list, add (the new user is mailed a link to set a password),
//! change roles, disable or enable; and read the audit log. Every call asks the access
//! table first.

use ladeklar_api::{AuditLog, AuditQuery, NewUserRequest, UserView};
use ladeklar_core::accounts::tokens::LinkPurpose;
use ladeklar_core::accounts::{Action, ObjectOwner, Role, UserId};
use ladeklar_store::provisioning::users::check_owners_exist;
use ladeklar_store::provisioning::ProvisioningError;
use ladeklar_store::{NewUser, StoreError, UserRow};

use super::{account_view, audit_view, email, link, require_mail, send};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::mail::Mail;
use crate::AppState;

pub fn user_view(user: &UserRow) -> UserView {
    UserView {
        account: account_view(user),
        disabled: user.disabled_at.is_some(),
        deleted: user.deleted_at.is_some(),
    }
}

pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<UserView>, ApiError> {
    caller.allow(Action::ManageUsers, &ObjectOwner::Platform)?;
    Ok(state.store.users().await?.iter().map(user_view).collect())
}

async fn check_roles(state: &AppState, roles: &[Role]) -> Result<(), ApiError> {
    if roles.is_empty() {
        return Err(ApiError::InvalidRequest("roles: give at least one role".to_owned()));
    }
    check_owners_exist(&state.store, roles).await.map_err(|e| match e {
        ProvisioningError::Store(e) => ApiError::from(e),
        other => ApiError::InvalidRequest(other.to_string()),
    })
}

/// Adds a user (the address counts as confirmed: the admin typed it) and mails them a link
/// to choose a password. Nothing is created when a field is wrong or no mail can be sent.
pub async fn add(state: &AppState, caller: &Caller, req: &NewUserRequest) -> Result<UserView, ApiError> {
    caller.allow(Action::ManageUsers, &ObjectOwner::Platform)?;
    let admin = caller.user()?.id;
    let email = email(&req.email)?;
    check_roles(state, &req.roles).await?;
    require_mail(state)?;
    let now = state.now();
    let new = NewUser {
        email: &email,
        password_hash: None,
        roles: &req.roles,
        email_verified: true,
    };
    let user = match state.store.create_user(&new, Some(admin), now).await {
        Err(StoreError::Conflict(_)) => return Err(ApiError::EmailTaken(email.to_string())),
        other => other?,
    };
    let secret = state.store.issue_link(user.id, LinkPurpose::ResetPassword, now).await?;
    send(
        state,
        &email,
        &Mail::Invitation {
            link: link(state, "reset", &secret),
        },
    )
    .await?;
    Ok(user_view(&user))
}

async fn existing(state: &AppState, id: &str) -> Result<UserRow, ApiError> {
    let user_id = uuid::Uuid::parse_str(id)
        .map(UserId)
        .map_err(|_| ApiError::UserNotFound(id.to_owned()))?;
    state
        .store
        .user(user_id)
        .await?
        .ok_or_else(|| ApiError::UserNotFound(id.to_owned()))
}

pub async fn set_roles(state: &AppState, caller: &Caller, id: &str, roles: &[Role]) -> Result<UserView, ApiError> {
    caller.allow(Action::ChangeRoles, &ObjectOwner::Platform)?;
    let admin = caller.user()?.id;
    let user = existing(state, id).await?;
    check_roles(state, roles).await?;
    state.store.set_roles(user.id, roles, Some(admin), state.now()).await?;
    Ok(user_view(&existing(state, id).await?))
}

/// Disabling ends every sign-in of the account at once (the store revokes its tokens).
pub async fn set_disabled(state: &AppState, caller: &Caller, id: &str, disabled: bool) -> Result<UserView, ApiError> {
    caller.allow(Action::ManageUsers, &ObjectOwner::Platform)?;
    let admin = caller.user()?.id;
    let user = existing(state, id).await?;
    if user.id == admin && disabled {
        return Err(ApiError::InvalidRequest(
            "you cannot disable your own account; ask another admin".to_owned(),
        ));
    }
    state
        .store
        .set_disabled(user.id, disabled, Some(admin), state.now())
        .await?;
    Ok(user_view(&existing(state, id).await?))
}

pub async fn audit_log(state: &AppState, caller: &Caller, query: &AuditQuery) -> Result<AuditLog, ApiError> {
    caller.allow(Action::ReadAuditLog, &ObjectOwner::Platform)?;
    let user = match query.user.as_deref().filter(|u| !u.is_empty()) {
        Some(id) => Some(existing(state, id).await?.id),
        None => None,
    };
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::InvalidRequest(format!("limit: {limit} is not within 1–500")));
    }
    let entries = state.store.audit_log(user, query.before, limit).await?;
    let next_before = (entries.len() == limit as usize)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    Ok(AuditLog {
        entries: entries.into_iter().map(audit_view).collect(),
        next_before,
    })
}
