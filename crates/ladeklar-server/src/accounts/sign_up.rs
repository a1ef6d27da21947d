//! Sign up (a driver's account, unconfirmed until the mailed link is opened) and confirm.

use ladeklar_api::{AccountView, Notice, SignUpRequest};
use ladeklar_core::accounts::tokens::LinkPurpose;
use ladeklar_core::accounts::{check_new_password, Role};
use ladeklar_store::{NewUser, StoreError};

use super::{account_view, email, link, require_mail, send};
use crate::error::ApiError;
use crate::mail::Mail;
use crate::AppState;

/// The answer is the same whether the address was free or already had an account (that
/// account's owner gets a mail saying so instead), so sign-up tells no outsider who has an
/// account. Nothing is written when the e-mail or the password is refused.
pub async fn sign_up(state: &AppState, req: &SignUpRequest) -> Result<Notice, ApiError> {
    let email = email(&req.email)?;
    check_new_password(&req.password, email.as_str()).map_err(|p| ApiError::WeakPassword(p.to_string()))?;
    require_mail(state)?;
    let now = state.now();
    let hash = state.hasher.hash(&req.password).await?;
    let new = NewUser {
        email: &email,
        password_hash: Some(&hash),
        roles: &[Role::Driver],
        email_verified: false,
    };
    let mail = match state.store.create_user(&new, None, now).await {
        Ok(user) => {
            let secret = state.store.issue_link(user.id, LinkPurpose::VerifyEmail, now).await?;
            Mail::VerifyEmail {
                link: link(state, "verify", &secret),
            }
        }
        Err(StoreError::Conflict(_)) => Mail::AlreadyRegistered {
            sign_in: format!("{}/account/sign-in", state.public_url()),
            reset: format!("{}/account/forgot", state.public_url()),
        },
        Err(e) => return Err(e.into()),
    };
    send(state, &email, &mail).await.map_err(|e| match e {
        // The account is there: signing in later mails a new link.
        ApiError::MailUnavailable(why) => ApiError::MailUnavailable(format!(
            "{why}; if the account was created, signing in sends a new confirmation link"
        )),
        other => other,
    })?;
    Ok(Notice {
        message: format!("We sent a mail to {email}. Open the link in it to confirm the address, then sign in."),
    })
}

/// Confirms the address with the mailed link (single use, 24 hours). Does not sign in.
pub async fn verify_email(state: &AppState, secret: &str) -> Result<AccountView, ApiError> {
    let now = state.now();
    let user = state
        .store
        .verify_email(secret.trim(), now)
        .await?
        .map_err(|problem| ApiError::LinkInvalid(problem.to_string()))?;
    let user = state
        .store
        .user(user)
        .await?
        .ok_or_else(|| ApiError::UserNotFound(user.to_string()))?;
    Ok(account_view(&user))
}
