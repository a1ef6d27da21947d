//! Passwords: change (knowing the current one), forgotten (a mailed link, 1 hour, single
//! use). Both end every sign-in of the account (the store does, in the same transaction);
//! a change signs the asking client in again.

use ladeklar_api::{ChangePasswordRequest, Notice, PasswordResetConfirm};
use ladeklar_core::accounts::check_new_password;
use ladeklar_core::accounts::tokens::{check_account, LinkProblem, LinkPurpose};

use super::sign_in::{check_own_password, SignedIn};
use super::{email, link, require_mail, send};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::mail::Mail;
use crate::AppState;

/// A wrong current password counts as a failed sign-in (a stolen session cannot guess on).
pub async fn change_password(
    state: &AppState,
    caller: &Caller,
    req: &ChangePasswordRequest,
    address: &str,
) -> Result<SignedIn, ApiError> {
    let user = caller.user()?.clone();
    check_own_password(state, &user, &req.current_password, address).await?;
    let now = state.now();
    check_new_password(&req.new_password, &user.email).map_err(|p| ApiError::WeakPassword(p.to_string()))?;
    let hash = state.hasher.hash(&req.new_password).await?;
    state.store.change_password(user.id, &hash, now).await?;
    let secret = state
        .store
        .sign_in(user.id, &format!("after a password change from {address}"), now)
        .await?;
    Ok(SignedIn { user, secret })
}

/// Mails a reset link when the address has a usable account; the answer is the same either
/// way.
pub async fn request_reset(state: &AppState, raw_email: &str) -> Result<Notice, ApiError> {
    let email = email(raw_email)?;
    require_mail(state)?;
    let now = state.now();
    let user = state.store.user_by_email(&email).await?;
    if let Some(user) = user.filter(|u| check_account(&u.state()).is_ok()) {
        let secret = state.store.issue_link(user.id, LinkPurpose::ResetPassword, now).await?;
        send(
            state,
            &email,
            &Mail::ResetPassword {
                link: link(state, "reset", &secret),
            },
        )
        .await?;
    }
    Ok(Notice {
        message: format!(
            "If {email} has an account, we sent it a link to choose a new password. It works once, for 1 hour."
        ),
    })
}

/// Sets the new password with the mailed link: the password is checked before the link is
/// used, so a refused password leaves the link usable.
pub async fn confirm_reset(state: &AppState, req: &PasswordResetConfirm) -> Result<(), ApiError> {
    let secret = req.token.trim();
    let email = state
        .store
        .link_email(secret, LinkPurpose::ResetPassword)
        .await?
        .ok_or_else(|| ApiError::LinkInvalid(LinkProblem::Unknown.to_string()))?;
    check_new_password(&req.new_password, &email).map_err(|p| ApiError::WeakPassword(p.to_string()))?;
    let hash = state.hasher.hash(&req.new_password).await?;
    state
        .store
        .reset_password(secret, &hash, state.now())
        .await?
        .map_err(|problem| ApiError::LinkInvalid(problem.to_string()))?;
    Ok(())
}
