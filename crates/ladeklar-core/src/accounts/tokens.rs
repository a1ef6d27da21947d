//! Sign-in tokens and e-mailed links: how long each lives and whether one still holds.
//!
//! - A **verification link** (confirm the e-mail address) lives 24 hours, a **reset link**
//!   (forgotten password) 1 hour. Each is single-use: using it marks it used. Issuing a new
//!   link of a purpose revokes the user's older unused ones of that purpose, and a password
//!   change revokes every unused reset link.
//! - A **sign-in token** lives 30 days from sign-in, not extended by use (NIST SP 800-63B
//!   AAL1: reauthenticate at least every 30 days), and ends earlier when revoked: signing
//!   out ends that token; signing out everywhere, a password change or reset, disabling and
//!   deleting the account end all of the user's tokens.
//!
//! The secrets themselves (random, 256 bits) are drawn and hashed by the store, which keeps
//! only their SHA-256; these rules see the stored record and `now`.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// How long a sign-in token lives.
pub const SIGN_IN_TOKEN_LIFETIME: TimeDelta = TimeDelta::days(30);

/// What an e-mailed link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    /// Confirms the account's e-mail address.
    VerifyEmail,
    /// Sets a new password without the old one.
    ResetPassword,
}

impl LinkPurpose {
    /// How long a link of this purpose lives.
    pub fn lifetime(self) -> TimeDelta {
        match self {
            LinkPurpose::VerifyEmail => TimeDelta::hours(24),
            LinkPurpose::ResetPassword => TimeDelta::hours(1),
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::VerifyEmail => "verify_email",
            LinkPurpose::ResetPassword => "reset_password",
        }
    }

    pub fn parse(s: &str) -> Option<LinkPurpose> {
        match s {
            "verify_email" => Some(LinkPurpose::VerifyEmail),
            "reset_password" => Some(LinkPurpose::ResetPassword),
            _ => None,
        }
    }
}

/// A stored link, as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRecord {
    pub purpose: LinkPurpose,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl LinkRecord {
    /// A fresh link of `purpose` issued at `now`.
    pub fn issue(purpose: LinkPurpose, now: DateTime<Utc>) -> LinkRecord {
        LinkRecord {
            purpose,
            created_at: now,
            expires_at: now + purpose.lifetime(),
            used_at: None,
            revoked_at: None,
        }
    }
}

/// Why a link no longer works.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkProblem {
    /// No such link (mistyped, cut off, or for another purpose): the store's answer.
    #[error("this link is not valid; check that it was copied whole, or ask for a new one")]
    Unknown,
    /// The link's account can no longer use it.
    #[error(transparent)]
    Account(#[from] AccountProblem),
    #[error("this link was already used at {at}; ask for a new one")]
    AlreadyUsed { at: DateTime<Utc> },
    #[error("this link was replaced by a newer one or cancelled; use the newest link or ask for a new one")]
    Revoked,
    #[error("this link expired at {at}; ask for a new one")]
    Expired { at: DateTime<Utc> },
}

/// Whether a link still works at `now`. A used link says so before anything else (the most
/// useful thing to tell), then a revoked one, then an expired one.
pub fn check_link(record: &LinkRecord, now: DateTime<Utc>) -> Result<(), LinkProblem> {
    if let Some(at) = record.used_at {
        return Err(LinkProblem::AlreadyUsed { at });
    }
    if record.revoked_at.is_some_and(|r| r <= now) {
        return Err(LinkProblem::Revoked);
    }
    if now >= record.expires_at {
        return Err(LinkProblem::Expired { at: record.expires_at });
    }
    Ok(())
}

/// The account a token or link belongs to, as far as these rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccountState {
    pub disabled_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A stored sign-in token, as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl TokenRecord {
    /// A fresh sign-in token issued at `now`.
    pub fn issue(now: DateTime<Utc>) -> TokenRecord {
        TokenRecord {
            created_at: now,
            expires_at: now + SIGN_IN_TOKEN_LIFETIME,
            revoked_at: None,
        }
    }
}

/// Why an account may not sign in or use a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountProblem {
    #[error("the account was deleted")]
    Deleted,
    #[error("the account is disabled; contact support")]
    Disabled,
}

/// Why a sign-in token no longer signs anyone in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenProblem {
    /// No such token (never issued, or mangled): the store's answer.
    #[error("not signed in; sign in again")]
    Unknown,
    #[error(transparent)]
    Account(#[from] AccountProblem),
    #[error("signed out; sign in again")]
    Revoked,
    #[error("the sign-in expired at {at}; sign in again")]
    Expired { at: DateTime<Utc> },
}

/// Whether a sign-in token still signs its user in at `now`. The account's state is checked
/// first: a deleted or disabled account's tokens never work, even if revoking them failed.
pub fn check_token(token: &TokenRecord, account: &AccountState, now: DateTime<Utc>) -> Result<(), TokenProblem> {
    check_account(account)?;
    if token.revoked_at.is_some_and(|r| r <= now) {
        return Err(TokenProblem::Revoked);
    }
    if now >= token.expires_at {
        return Err(TokenProblem::Expired { at: token.expires_at });
    }
    Ok(())
}

/// Whether an account may sign in or use a link at all.
pub fn check_account(account: &AccountState) -> Result<(), AccountProblem> {
    if account.deleted_at.is_some() {
        return Err(AccountProblem::Deleted);
    }
    if account.disabled_at.is_some() {
        return Err(AccountProblem::Disabled);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn t(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + TimeDelta::minutes(minutes)
    }

    #[test]
    fn links_live_24_hours_and_1_hour() {
        let verify = LinkRecord::issue(LinkPurpose::VerifyEmail, t(0));
        assert_eq!(check_link(&verify, t(24 * 60 - 1)), Ok(()));
        assert_eq!(
            check_link(&verify, t(24 * 60)),
            Err(LinkProblem::Expired { at: t(24 * 60) })
        );
        let reset = LinkRecord::issue(LinkPurpose::ResetPassword, t(0));
        assert_eq!(check_link(&reset, t(59)), Ok(()));
        assert_eq!(check_link(&reset, t(60)), Err(LinkProblem::Expired { at: t(60) }));
    }

    #[test]
    fn a_used_link_says_so_first_then_a_revoked_one() {
        let mut link = LinkRecord::issue(LinkPurpose::ResetPassword, t(0));
        link.revoked_at = Some(t(2));
        assert_eq!(check_link(&link, t(1)), Ok(()), "revoked later");
        assert_eq!(check_link(&link, t(3)), Err(LinkProblem::Revoked));
        link.used_at = Some(t(1));
        assert_eq!(check_link(&link, t(500)), Err(LinkProblem::AlreadyUsed { at: t(1) }));
    }

    #[test]
    fn purposes_read_back() {
        for p in [LinkPurpose::VerifyEmail, LinkPurpose::ResetPassword] {
            assert_eq!(LinkPurpose::parse(p.as_str()), Some(p));
        }
        assert_eq!(LinkPurpose::parse("login"), None);
    }

    #[test]
    fn tokens_end_by_expiry_revocation_or_the_account() {
        let token = TokenRecord::issue(t(0));
        let fine = AccountState::default();
        assert_eq!(check_token(&token, &fine, t(30 * 24 * 60 - 1)), Ok(()));
        assert_eq!(
            check_token(&token, &fine, t(30 * 24 * 60)),
            Err(TokenProblem::Expired { at: t(30 * 24 * 60) })
        );
        let revoked = TokenRecord {
            revoked_at: Some(t(5)),
            ..token.clone()
        };
        assert_eq!(check_token(&revoked, &fine, t(6)), Err(TokenProblem::Revoked));
        let disabled = AccountState {
            disabled_at: Some(t(1)),
            deleted_at: None,
        };
        assert_eq!(
            check_token(&token, &disabled, t(2)),
            Err(TokenProblem::Account(AccountProblem::Disabled))
        );
        let deleted = AccountState {
            disabled_at: Some(t(1)),
            deleted_at: Some(t(1)),
        };
        assert_eq!(
            check_token(&token, &deleted, t(2)),
            Err(TokenProblem::Account(AccountProblem::Deleted))
        );
    }

    proptest! {
        /// An unused, unrevoked link works exactly until its lifetime is over.
        #[test]
        fn a_link_works_exactly_within_its_lifetime(minutes in -10i64..(26 * 60), reset in any::<bool>()) {
            let purpose = if reset { LinkPurpose::ResetPassword } else { LinkPurpose::VerifyEmail };
            let link = LinkRecord::issue(purpose, t(0));
            let now = t(minutes);
            prop_assert_eq!(check_link(&link, now).is_ok(), now < t(0) + purpose.lifetime());
        }
    }
}
