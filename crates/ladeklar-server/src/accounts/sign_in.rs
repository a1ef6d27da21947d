//! Sign in: the limiter first (core's `rate_limit`, per account and per address), then the
//! password (argon2id, the same work for an unknown address), then the account's state.

use chrono::{DateTime, Utc};
use ladeklar_api::SignInRequest;
use ladeklar_core::accounts::rate_limit::{check_sign_in, SignInLimit, SignInVerdict};
use ladeklar_core::accounts::tokens::{check_account, LinkPurpose};
use ladeklar_store::{AuditEvent, NewAuditEntry, UserRow};

use super::{email, link, send};
use crate::error::ApiError;
use crate::mail::Mail;
use crate::AppState;

/// A signed-in user and their new token's secret.
pub struct SignedIn {
    pub user: UserRow,
    pub secret: String,
}

/// `how`: how the token will be carried (`cookie` or `bearer`), for the audit entry.
pub async fn sign_in(state: &AppState, req: &SignInRequest, address: &str, how: &str) -> Result<SignedIn, ApiError> {
    let email = email(&req.email)?;
    let key = email.key();
    let now = state.now();
    let limiter = Limiter::load(state, &key, address, now).await?;
    limiter.check(now)?;
    let user = state
        .store
        .user_by_email(&email)
        .await?
        .filter(|u| u.deleted_at.is_none());
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = state.hasher.verify(&req.password, stored).await?;
    let user = match user {
        Some(user) if matches => user,
        other => {
            limiter.record_failure(state, other.map(|u| u.id), now).await?;
            return Err(ApiError::InvalidCredentials);
        }
    };
    // Only now, with the password right, does the answer say more about the account.
    check_account(&user.state()).map_err(|p| ApiError::AccountDisabled(p.to_string()))?;
    if user.email_verified_at.is_none() {
        let secret = state.store.issue_link(user.id, LinkPurpose::VerifyEmail, now).await?;
        send(
            state,
            &email,
            &Mail::VerifyEmail {
                link: link(state, "verify", &secret),
            },
        )
        .await?;
        return Err(ApiError::EmailNotVerified(email.to_string()));
    }
    let secret = state
        .store
        .sign_in(user.id, &format!("{how} from {address}"), now)
        .await?;
    Ok(SignedIn { user, secret })
}

/// Checks a signed-in user's password once more (a password change, an account deletion)
/// through the limiter: a wrong one counts as a failed sign-in, so a stolen session cannot
/// guess on. 401 `invalid_credentials` when wrong, 429 while locked.
pub async fn check_own_password(
    state: &AppState,
    user: &UserRow,
    password: &str,
    address: &str,
) -> Result<(), ApiError> {
    let now = state.now();
    let limiter = Limiter::load(state, &email(&user.email)?.key(), address, now).await?;
    limiter.check(now)?;
    if state.hasher.verify(password, user.password_hash.clone()).await? {
        Ok(())
    } else {
        limiter.record_failure(state, Some(user.id), now).await?;
        Err(ApiError::InvalidCredentials)
    }
}

/// The recent failures of an account key and of a client address.
pub struct Limiter {
    key: String,
    address: String,
    account: Vec<DateTime<Utc>>,
    from_address: Vec<DateTime<Utc>>,
}

impl Limiter {
    pub async fn load(state: &AppState, key: &str, address: &str, now: DateTime<Utc>) -> Result<Limiter, ApiError> {
        let window = SignInLimit::PER_ACCOUNT.window.max(SignInLimit::PER_ADDRESS.window);
        let (account, from_address) = state.store.sign_in_failures(key, address, now - window).await?;
        Ok(Limiter {
            key: key.to_owned(),
            address: address.to_owned(),
            account,
            from_address,
        })
    }

    fn verdict(&self, now: DateTime<Utc>) -> SignInVerdict {
        check_sign_in(SignInLimit::PER_ACCOUNT, &self.account, now).stricter(check_sign_in(
            SignInLimit::PER_ADDRESS,
            &self.from_address,
            now,
        ))
    }

    /// 429 `sign_in_locked` while locked; the attempt is then not tried, nor counted.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), ApiError> {
        match self.verdict(now) {
            SignInVerdict::Allowed => Ok(()),
            SignInVerdict::Locked { until } => Err(ApiError::SignInLocked { until }),
        }
    }

    /// Records a wrong password (audited); the one that locks is audited as a lock-out.
    pub async fn record_failure(
        mut self,
        state: &AppState,
        user: Option<ladeklar_core::accounts::UserId>,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        state
            .store
            .record_sign_in_failure(&self.key, &self.address, user, now)
            .await?;
        self.account.push(now);
        self.from_address.push(now);
        if let SignInVerdict::Locked { until } = self.verdict(now) {
            let detail = format!("{} from {} locked until {until}", self.key, self.address);
            state
                .store
                .audit(
                    &NewAuditEntry {
                        actor: None,
                        user,
                        event: AuditEvent::LockedOut,
                        detail: &detail,
                    },
                    now,
                )
                .await?;
        }
        Ok(())
    }
}
