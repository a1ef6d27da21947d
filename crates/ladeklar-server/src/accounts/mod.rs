//! Accounts on the server: each flow loads what it needs, asks core (`accounts::*`: e-mail,
//! password rules, the sign-in limiter, links and tokens, the access table), hashes through
//! `auth::Hasher`, writes with one store call (each one transaction with its audit entry),
//! mails, then answers. No HTTP here: `api/account` and `api/users` move the bytes.
//!
//! - `sign_up`: sign up and confirm the e-mail.
//! - `sign_in`: sign in through the limiter, and the limiter's bookkeeping.
//! - `passwords`: change, forgotten (reset by link).
//! - `own_data`: the caller's data export and account deletion.
//! - `admin`: users, roles, disabling, the audit log.

pub mod admin;
pub mod own_data;
pub mod passwords;
pub mod sign_in;
pub mod sign_up;

use ladeklar_api::{AccountView, AuditEntryView};
use ladeklar_core::accounts::{parse_email, Email};
use ladeklar_store::{AuditEntry, UserRow};

use crate::error::ApiError;
use crate::mail::{Mail, MailError};
use crate::AppState;

pub fn account_view(user: &UserRow) -> AccountView {
    AccountView {
        id: user.id,
        email: user.email.clone(),
        email_verified: user.email_verified_at.is_some(),
        roles: user.roles.clone(),
        created_at: user.created_at,
    }
}

pub fn audit_view(entry: AuditEntry) -> AuditEntryView {
    AuditEntryView {
        id: entry.id,
        at: entry.at,
        actor: entry.actor,
        user: entry.user,
        event: serde_json::to_value(entry.event)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        detail: entry.detail,
    }
}

/// An e-mail address typed by a user, or 400 `invalid_email` saying what is wrong.
pub fn email(raw: &str) -> Result<Email, ApiError> {
    parse_email(raw).map_err(|e| ApiError::InvalidEmail(e.to_string()))
}

/// The UI's page for an e-mailed link: `/account/verify?token=…` or `/account/reset?token=…`.
pub fn link(state: &AppState, page: &str, secret: &str) -> String {
    format!("{}/account/{page}?token={secret}", state.public_url())
}

/// Sends a mail; a failure is 503 `mail_unavailable` and logged.
pub async fn send(state: &AppState, to: &Email, mail: &Mail) -> Result<(), ApiError> {
    state.mailer.send(to, mail).await.map_err(|e| {
        tracing::error!(error = %e, "mail not sent");
        ApiError::MailUnavailable(match e {
            MailError::NotConfigured => "no mail server is configured".to_owned(),
            other => other.to_string(),
        })
    })
}

/// Stops a flow that must mail before it writes anything, when no mail server is configured.
pub fn require_mail(state: &AppState) -> Result<(), ApiError> {
    if state.mailer.is_configured() {
        Ok(())
    } else {
        Err(ApiError::MailUnavailable(
            "no mail server is configured (--smtp-url)".to_owned(),
        ))
    }
}
