//! Accounts (issue 11): users and their roles, sign-in tokens, e-mailed links, the security
//! audit log and sign-in failures. Every change is one transaction, its audit entry included:
//! a refused or failed change leaves nothing behind.
//!
//! Tokens and links are 256-bit random secrets handed to the user once; the store keeps only
//! their SHA-256 (hex), so a leaked database signs nobody in. Whether a token or link still
//! holds is core's rule (`ladeklar_core::accounts::tokens`); these calls load, ask, write.

use chrono::{DateTime, Utc};
use ladeklar_core::accounts::tokens::{
    check_account, check_link, check_token, AccountState, LinkProblem, LinkPurpose, LinkRecord, TokenProblem,
    TokenRecord,
};
use ladeklar_core::accounts::{Email, ObjectOwner, OwnerId, Principal, Role, UserId};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{Any, FromRow, Transaction};

use crate::{enum_str, instant_str, parse_enum, parse_instant, Result, SessionRow, Store, StoreError};

/// A stored user with their roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: UserId,
    /// As typed (domain lower-cased); empty once the account is deleted.
    pub email: String,
    /// The argon2id PHC string; `None` until a password is set.
    pub password_hash: Option<String>,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub roles: Vec<Role>,
}

impl UserRow {
    /// The user as a caller of the access table.
    pub fn principal(&self) -> Principal {
        Principal {
            user_id: self.id,
            roles: self.roles.clone(),
        }
    }

    /// What core's token and link rules need of the account.
    pub fn state(&self) -> AccountState {
        AccountState {
            disabled_at: self.disabled_at,
            deleted_at: self.deleted_at,
        }
    }
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a Email,
    /// An argon2id PHC string (`credentials::users::hash_password`), or `None` for staff
    /// who set theirs through a reset link.
    pub password_hash: Option<&'a str>,
    pub roles: &'a [Role],
    /// Whether the address counts as confirmed already (staff created by an admin).
    pub email_verified: bool,
}

/// What the audit log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditEvent {
    UserCreated,
    SignedIn,
    SignInFailed,
    LockedOut,
    SignedOutEverywhere,
    RolesChanged,
    PasswordChanged,
    PasswordResetRequested,
    PasswordReset,
    EmailVerified,
    UserDisabled,
    UserEnabled,
    AccountDeleted,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who did it; `None`: not signed in, the command line or the system.
    pub actor: Option<UserId>,
    /// Whose account it is about.
    pub user: Option<UserId>,
    pub event: AuditEvent,
    pub detail: String,
}

/// A new audit entry.
#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    pub actor: Option<UserId>,
    pub user: Option<UserId>,
    pub event: AuditEvent,
    pub detail: &'a str,
}

/// A random secret (256 bits, hex) and the hash the store keeps of it.
fn new_secret() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    let hash = secret_hash(&secret);
    (secret, hash)
}

fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn parse_user_id(column: &str, raw: &str) -> Result<UserId> {
    uuid::Uuid::parse_str(raw)
        .map(UserId)
        .map_err(|_| StoreError::corrupt(format!("stored {column} {raw:?} is not a UUID")))
}

fn opt_instant(column: &str, raw: Option<&str>) -> Result<Option<DateTime<Utc>>> {
    raw.map(|r| parse_instant(column, r)).transpose()
}

fn roles_text(roles: &[Role]) -> String {
    if roles.is_empty() {
        return "none".into();
    }
    roles.iter().map(Role::to_string).collect::<Vec<_>>().join(", ")
}

#[derive(FromRow)]
struct UserDbRow {
    id: String,
    email: String,
    password_hash: Option<String>,
    email_verified_at: Option<String>,
    disabled_at: Option<String>,
    deleted_at: Option<String>,
    created_at: String,
}

const USER_COLUMNS: &str = "id, email, password_hash, email_verified_at, disabled_at, deleted_at, created_at";

#[derive(FromRow)]
struct RoleDbRow {
    role: String,
    scope: String,
}

#[derive(FromRow)]
struct LinkDbRow {
    user_id: String,
    purpose: String,
    created_at: String,
    expires_at: String,
    used_at: Option<String>,
    revoked_at: Option<String>,
}

impl LinkDbRow {
    fn record(&self) -> Result<LinkRecord> {
        Ok(LinkRecord {
            purpose: LinkPurpose::parse(&self.purpose)
                .ok_or_else(|| StoreError::corrupt(format!("stored link purpose {:?} is unknown", self.purpose)))?,
            created_at: parse_instant("link created_at", &self.created_at)?,
            expires_at: parse_instant("link expires_at", &self.expires_at)?,
            used_at: opt_instant("link used_at", self.used_at.as_deref())?,
            revoked_at: opt_instant("link revoked_at", self.revoked_at.as_deref())?,
        })
    }
}

#[derive(FromRow)]
struct TokenDbRow {
    user_id: String,
    created_at: String,
    expires_at: String,
    revoked_at: Option<String>,
}

#[derive(FromRow)]
struct AuditDbRow {
    id: i64,
    at: String,
    actor_id: Option<String>,
    user_id: Option<String>,
    event: String,
    detail: String,
}

async fn insert_audit(tx: &mut Transaction<'static, Any>, entry: &NewAuditEntry<'_>, now: DateTime<Utc>) -> Result<()> {
    sqlx::query("INSERT INTO audit_log (at, actor_id, user_id, event, detail) VALUES ($1, $2, $3, $4, $5)")
        .bind(instant_str(now))
        .bind(entry.actor.map(|u| u.to_string()))
        .bind(entry.user.map(|u| u.to_string()))
        .bind(enum_str(&entry.event))
        .bind(entry.detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_roles(tx: &mut Transaction<'static, Any>, user: UserId, roles: &[Role]) -> Result<()> {
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role, scope) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(user.to_string())
            .bind(role.name())
            .bind(role.scope())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn revoke_tokens_in(tx: &mut Transaction<'static, Any>, user: UserId, now: DateTime<Utc>) -> Result<u64> {
    let r = sqlx::query("UPDATE auth_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(instant_str(now))
        .bind(user.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected())
}

async fn revoke_links_in(
    tx: &mut Transaction<'static, Any>,
    user: UserId,
    purpose: Option<LinkPurpose>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "UPDATE email_links SET revoked_at = $1 WHERE user_id = $2 AND used_at IS NULL AND revoked_at IS NULL \
         AND ($3 = '' OR purpose = $3)",
    )
    .bind(instant_str(now))
    .bind(user.to_string())
    .bind(purpose.map_or("", LinkPurpose::as_str))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    async fn user_where(&self, condition: &str, value: &str) -> Result<Option<UserRow>> {
        let row: Option<UserDbRow> =
            sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE {condition} = $1"))
                .bind(value)
                .fetch_optional(self.pool())
                .await?;
        match row {
            Some(row) => Ok(Some(self.with_roles(row).await?)),
            None => Ok(None),
        }
    }

    async fn with_roles(&self, row: UserDbRow) -> Result<UserRow> {
        let roles: Vec<RoleDbRow> =
            sqlx::query_as("SELECT role, scope FROM user_roles WHERE user_id = $1 ORDER BY role, scope")
                .bind(&row.id)
                .fetch_all(self.pool())
                .await?;
        let roles = roles
            .into_iter()
            .map(|r| {
                Role::from_parts(&r.role, &r.scope)
                    .map_err(|e| StoreError::corrupt(format!("stored role of user {}: {e}", row.id)))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(UserRow {
            id: parse_user_id("user id", &row.id)?,
            email: row.email,
            password_hash: row.password_hash,
            email_verified_at: opt_instant("email_verified_at", row.email_verified_at.as_deref())?,
            disabled_at: opt_instant("disabled_at", row.disabled_at.as_deref())?,
            deleted_at: opt_instant("deleted_at", row.deleted_at.as_deref())?,
            created_at: parse_instant("user created_at", &row.created_at)?,
            roles,
        })
    }

    /// Creates a user with their roles and the audit entry, in one transaction. An address
    /// already registered (ignoring case) is [`StoreError::Conflict`], and nothing is written.
    pub async fn create_user(&self, user: &NewUser<'_>, actor: Option<UserId>, now: DateTime<Utc>) -> Result<UserRow> {
        let id = UserId(uuid::Uuid::new_v4());
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO users (id, email, email_key, password_hash, email_verified_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.to_string())
        .bind(user.email.as_str())
        .bind(user.email.key())
        .bind(user.password_hash)
        .bind(user.email_verified.then(|| instant_str(now)))
        .bind(instant_str(now))
        .execute(&mut *tx)
        .await?;
        insert_roles(&mut tx, id, user.roles).await?;
        let detail = format!("{} with roles: {}", user.email, roles_text(user.roles));
        insert_audit(
            &mut tx,
            &NewAuditEntry {
                actor,
                user: Some(id),
                event: AuditEvent::UserCreated,
                detail: &detail,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        self.user(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {id}")))
    }

    pub async fn user(&self, id: UserId) -> Result<Option<UserRow>> {
        self.user_where("id", &id.to_string()).await
    }

    /// The user with this address, ignoring case (deleted accounts have none).
    pub async fn user_by_email(&self, email: &Email) -> Result<Option<UserRow>> {
        self.user_where("email_key", &email.key()).await
    }

    /// Every user, deleted ones included, oldest first.
    pub async fn users(&self) -> Result<Vec<UserRow>> {
        let rows: Vec<UserDbRow> = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY created_at, id"))
            .fetch_all(self.pool())
            .await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            users.push(self.with_roles(row).await?);
        }
        Ok(users)
    }

    /// Locks the user's row for the transaction (a no-op write as its first statement, so
    /// SQLite's write lock is taken before anything is read — a read-then-write transaction
    /// can fail "database is locked" at once instead of waiting — and PostgreSQL's row lock
    /// serializes changes to one user); `NotFound` when there is no such user or it was deleted.
    async fn existing_user(tx: &mut Transaction<'static, Any>, user: UserId) -> Result<()> {
        let r = sqlx::query("UPDATE users SET id = id WHERE id = $1 AND deleted_at IS NULL")
            .bind(user.to_string())
            .execute(&mut **tx)
            .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user {user}")));
        }
        Ok(())
    }

    /// Replaces a user's roles, with an audit entry naming the old and new roles.
    pub async fn set_roles(
        &self,
        user: UserId,
        roles: &[Role],
        actor: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let before = self
            .user(user)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {user}")))?
            .roles;
        let mut tx = self.pool().begin().await?;
        Self::existing_user(&mut tx, user).await?;
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
            .bind(user.to_string())
            .execute(&mut *tx)
            .await?;
        insert_roles(&mut tx, user, roles).await?;
        let detail = format!("{} → {}", roles_text(&before), roles_text(roles));
        insert_audit(
            &mut tx,
            &NewAuditEntry {
                actor,
                user: Some(user),
                event: AuditEvent::RolesChanged,
                detail: &detail,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables (ending every sign-in) or enables an account.
    pub async fn set_disabled(
        &self,
        user: UserId,
        disabled: bool,
        actor: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        Self::existing_user(&mut tx, user).await?;
        sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
            .bind(disabled.then(|| instant_str(now)))
            .bind(user.to_string())
            .execute(&mut *tx)
            .await?;
        if disabled {
            revoke_tokens_in(&mut tx, user, now).await?;
        }
        let event = if disabled {
            AuditEvent::UserDisabled
        } else {
            AuditEvent::UserEnabled
        };
        insert_audit(
            &mut tx,
            &NewAuditEntry {
                actor,
                user: Some(user),
                event,
                detail: "",
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a new password hash (the user changed it, signed in): every sign-in token and
    /// unused reset link of the user ends; the server issues the current device a new token.
    pub async fn change_password(&self, user: UserId, password_hash: &str, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        Self::existing_user(&mut tx, user).await?;
        Self::set_password_in(&mut tx, user, password_hash, now).await?;
        insert_audit(
            &mut tx,
            &NewAuditEntry {
                actor: Some(user),
                user: Some(user),
                event: AuditEvent::PasswordChanged,
                detail: "",
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_password_in(
        tx: &mut Transaction<'static, Any>,
        user: UserId,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user.to_string())
            .execute(&mut **tx)
            .await?;
        revoke_tokens_in(tx, user, now).await?;
        revoke_links_in(tx, user, Some(LinkPurpose::ResetPassword), now).await?;
        Ok(())
    }

    /// Deletes an account: the row stays, anonymised (no e-mail, no password, no roles), for
    /// the sessions that name it (kept for accounting); every token and link ends; the
    /// address is replaced in the audit log's entries about the user and its sign-in
    /// failures are forgotten. The entries themselves stay (the security record).
    pub async fn delete_user(&self, user: UserId, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        Self::existing_user(&mut tx, user).await?;
        let (email, email_key): (String, String) = sqlx::query_as("SELECT email, email_key FROM users WHERE id = $1")
            .bind(user.to_string())
            .fetch_one(&mut *tx)
            .await?;
        // The address goes from the audit log's details and the sign-in failures too.
        for address in [&email, &email_key] {
            sqlx::query("UPDATE audit_log SET detail = REPLACE(detail, $1, '(deleted account)') WHERE user_id = $2")
                .bind(address)
                .bind(user.to_string())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM sign_in_failures WHERE account_key = $1")
            .bind(&email_key)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE users SET email = '', email_key = $1, password_hash = NULL, deleted_at = $2 WHERE id = $3")
            .bind(format!("deleted:{user}"))
            .bind(instant_str(now))
            .bind(user.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
            .bind(user.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM favourites WHERE user_id = $1")
            .bind(user.to_string())
            .execute(&mut *tx)
            .await?;
        revoke_tokens_in(&mut tx, user, now).await?;
        revoke_links_in(&mut tx, user, None, now).await?;
        insert_audit(
            &mut tx,
            &NewAuditEntry {
                actor: Some(user),
                user: Some(user),
                event: AuditEvent::AccountDeleted,
                detail: "",
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Issues a sign-in token for the user; the secret is returned once and never stored.
    pub async fn issue_sign_in_token(&self, user: UserId, now: DateTime<Utc>) -> Result<String> {
        let (secret, hash) = new_secret();
        let record = TokenRecord::issue(now);
        sqlx::query("INSERT INTO auth_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(hash)
            .bind(user.to_string())
            .bind(instant_str(record.created_at))
            .bind(instant_str(record.expires_at))
            .execute(self.pool())
            .await?;
        Ok(secret)
    }

    /// Signs the user in: a new token and the `signed_in` audit entry (`detail`: how and
    /// from where), in one transaction. The secret is returned once and never stored.
    pub async fn sign_in(&self, user: UserId, detail: &str, now: DateTime<Utc>) -> Result<String> {
        let (secret, hash) = new_secret();
        let record = TokenRecord::issue(now);
        let mut tx = self.pool().begin().await?;
        sqlx::query("INSERT INTO auth_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(hash)
            .bind(user.to_string())
            .bind(instant_str(record.created_at))
            .bind(instant_str(record.expires_at))
            .execute(&mut *tx)
            .await?;
        insert_audit(
            &mut tx,
            &NewAuditEntry {
                actor: Some(user),
                user: Some(user),
                event: AuditEvent::SignedIn,
                detail,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// Who a sign-in token signs in at `now`, or why it does not (core's
    /// `check_token`; an unknown token is [`TokenProblem::Unknown`]).
    pub async fn authenticate(&self, secret: &str, now: DateTime<Utc>) -> Result<Result<UserRow, TokenProblem>> {
        let row: Option<TokenDbRow> =
            sqlx::query_as("SELECT user_id, created_at, expires_at, revoked_at FROM auth_tokens WHERE token_hash = $1")
                .bind(secret_hash(secret))
                .fetch_optional(self.pool())
                .await?;
        let Some(row) = row else {
            return Ok(Err(TokenProblem::Unknown));
        };
        let record = TokenRecord {
            created_at: parse_instant("token created_at", &row.created_at)?,
            expires_at: parse_instant("token expires_at", &row.expires_at)?,
            revoked_at: opt_instant("token revoked_at", row.revoked_at.as_deref())?,
        };
        let user = self
            .user(parse_user_id("token user_id", &row.user_id)?)
            .await?
            .ok_or_else(|| StoreError::corrupt(format!("token of missing user {}", row.user_id)))?;
        Ok(check_token(&record, &user.state(), now).map(|()| user))
    }

    /// Signs out one token. False when it was unknown or already ended.
    pub async fn revoke_sign_in_token(&self, secret: &str, now: DateTime<Utc>) -> Result<bool> {
        let r = sqlx::query("UPDATE auth_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
            .bind(instant_str(now))
            .bind(secret_hash(secret))
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Signs the user out everywhere: every token ends. Returns how many were still live.
    pub async fn revoke_all_sign_in_tokens(
        &self,
        user: UserId,
        actor: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let mut tx = self.pool().begin().await?;
        let n = revoke_tokens_in(&mut tx, user, now).await?;
        let detail = format!("{n} sign-ins ended");
        insert_audit(
            &mut tx,
            &NewAuditEntry {
                actor,
                user: Some(user),
                event: AuditEvent::SignedOutEverywhere,
                detail: &detail,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Issues an e-mailed link of `purpose` for the user (the user's older unused ones of
    /// that purpose are revoked); the secret is returned once and never stored. A reset
    /// request is audited.
    pub async fn issue_link(&self, user: UserId, purpose: LinkPurpose, now: DateTime<Utc>) -> Result<String> {
        let (secret, hash) = new_secret();
        let record = LinkRecord::issue(purpose, now);
        let mut tx = self.pool().begin().await?;
        Self::existing_user(&mut tx, user).await?;
        revoke_links_in(&mut tx, user, Some(purpose), now).await?;
        sqlx::query(
            "INSERT INTO email_links (link_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash)
        .bind(user.to_string())
        .bind(purpose.as_str())
        .bind(instant_str(record.created_at))
        .bind(instant_str(record.expires_at))
        .execute(&mut *tx)
        .await?;
        if purpose == LinkPurpose::ResetPassword {
            insert_audit(
                &mut tx,
                &NewAuditEntry {
                    actor: None,
                    user: Some(user),
                    event: AuditEvent::PasswordResetRequested,
                    detail: "",
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(secret)
    }

    /// Uses a link inside `tx` if it holds (core's `check_link`, then the account's state);
    /// on `Err` the caller drops `tx`, which rolls the claim back. The first statement claims
    /// the link (a conditional write), so the transaction holds the write lock (SQLite) or the
    /// row (PostgreSQL) before it reads: of racing uses exactly one succeeds, and the others
    /// wait for it and then read the link as used.
    async fn use_link_in(
        tx: &mut Transaction<'static, Any>,
        secret: &str,
        purpose: LinkPurpose,
        now: DateTime<Utc>,
    ) -> Result<Result<UserId, LinkProblem>> {
        let hash = secret_hash(secret);
        let claimed = sqlx::query(
            "UPDATE email_links SET used_at = $1 WHERE link_hash = $2 AND purpose = $3 AND used_at IS NULL",
        )
        .bind(instant_str(now))
        .bind(&hash)
        .bind(purpose.as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected()
            == 1;
        let row: Option<LinkDbRow> = sqlx::query_as(
            "SELECT user_id, purpose, created_at, expires_at, used_at, revoked_at FROM email_links \
             WHERE link_hash = $1 AND purpose = $2",
        )
        .bind(&hash)
        .bind(purpose.as_str())
        .fetch_optional(&mut **tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(LinkProblem::Unknown));
        };
        let mut record = row.record()?;
        if claimed {
            // As it was before this use.
            record.used_at = None;
        }
        if let Err(problem) = check_link(&record, now) {
            return Ok(Err(problem));
        }
        let (disabled_at, deleted_at): (Option<String>, Option<String>) =
            sqlx::query_as("SELECT disabled_at, deleted_at FROM users WHERE id = $1")
                .bind(&row.user_id)
                .fetch_one(&mut **tx)
                .await?;
        let account = AccountState {
            disabled_at: opt_instant("disabled_at", disabled_at.as_deref())?,
            deleted_at: opt_instant("deleted_at", deleted_at.as_deref())?,
        };
        if let Err(problem) = check_account(&account) {
            return Ok(Err(problem.into()));
        }
        Ok(Ok(parse_user_id("link user_id", &row.user_id)?))
    }

    /// The e-mail address of the account a link of `purpose` is for, whatever the link's
    /// state (a reset checks the new password against it before using the link).
    pub async fn link_email(&self, secret: &str, purpose: LinkPurpose) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT u.email FROM email_links l JOIN users u ON u.id = l.user_id \
             WHERE l.link_hash = $1 AND l.purpose = $2",
        )
        .bind(secret_hash(secret))
        .bind(purpose.as_str())
        .fetch_optional(self.pool())
        .await?)
    }

    /// Marks the user's address confirmed (kept if it already was), inside `tx`.
    async fn confirm_email_in(tx: &mut Transaction<'static, Any>, user: UserId, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2")
            .bind(instant_str(now))
            .bind(user.to_string())
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Confirms the user's e-mail address with a verification link, in one transaction.
    pub async fn verify_email(&self, secret: &str, now: DateTime<Utc>) -> Result<Result<UserId, LinkProblem>> {
        let mut tx = self.pool().begin().await?;
        let user = match Self::use_link_in(&mut tx, secret, LinkPurpose::VerifyEmail, now).await? {
            Ok(user) => user,
            Err(problem) => {
                // The claim goes now, not when the dropped transaction is next noticed.
                tx.rollback().await?;
                return Ok(Err(problem));
            }
        };
        Self::confirm_email_in(&mut tx, user, now).await?;
        insert_audit(
            &mut tx,
            &NewAuditEntry {
                actor: Some(user),
                user: Some(user),
                event: AuditEvent::EmailVerified,
                detail: "",
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(user))
    }

    /// Sets a new password with a reset link, in one transaction: the link is used, every
    /// sign-in token and other reset link of the user ends, the reset is audited. The
    /// address counts as confirmed (the link reached it).
    pub async fn reset_password(
        &self,
        secret: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<UserId, LinkProblem>> {
        let mut tx = self.pool().begin().await?;
        let user = match Self::use_link_in(&mut tx, secret, LinkPurpose::ResetPassword, now).await? {
            Ok(user) => user,
            Err(problem) => {
                // The claim goes now, not when the dropped transaction is next noticed.
                tx.rollback().await?;
                return Ok(Err(problem));
            }
        };
        Self::set_password_in(&mut tx, user, password_hash, now).await?;
        Self::confirm_email_in(&mut tx, user, now).await?;
        insert_audit(
            &mut tx,
            &NewAuditEntry {
                actor: Some(user),
                user: Some(user),
                event: AuditEvent::PasswordReset,
                detail: "",
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(user))
    }

    /// Writes one audit entry on its own (sign-ins, lock-outs).
    pub async fn audit(&self, entry: &NewAuditEntry<'_>, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        insert_audit(&mut tx, entry, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The audit log, newest first: at most `limit` entries, before entry `before` (paging)
    /// when given, only about `user` when given.
    pub async fn audit_log(&self, user: Option<UserId>, before: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditDbRow> = sqlx::query_as(
            "SELECT id, at, actor_id, user_id, event, detail FROM audit_log \
             WHERE ($1 = '' OR user_id = $1) AND id < $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(user.map(|u| u.to_string()).unwrap_or_default())
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.id,
                    at: parse_instant("audit at", &r.at)?,
                    actor: r
                        .actor_id
                        .as_deref()
                        .map(|a| parse_user_id("audit actor_id", a))
                        .transpose()?,
                    user: r
                        .user_id
                        .as_deref()
                        .map(|u| parse_user_id("audit user_id", u))
                        .transpose()?,
                    event: parse_enum("audit event", &r.event)?,
                    detail: r.detail,
                })
            })
            .collect()
    }

    /// Records a failed sign-in for the address tried (`account_key`: the lower-cased e-mail,
    /// known or not) from a client address, with its audit entry, in one transaction.
    /// Attempts refused by a lock are not failures (see core's `rate_limit`).
    pub async fn record_sign_in_failure(
        &self,
        account_key: &str,
        address: &str,
        user: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("INSERT INTO sign_in_failures (account_key, address, at) VALUES ($1, $2, $3)")
            .bind(account_key)
            .bind(address)
            .bind(instant_str(now))
            .execute(&mut *tx)
            .await?;
        let detail = format!("{account_key} from {address}");
        insert_audit(
            &mut tx,
            &NewAuditEntry {
                actor: None,
                user,
                event: AuditEvent::SignInFailed,
                detail: &detail,
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The failures since `since` for the account and from the address, oldest first: what
    /// core's `rate_limit::check_sign_in` takes (twice, per account and per address).
    pub async fn sign_in_failures(
        &self,
        account_key: &str,
        address: &str,
        since: DateTime<Utc>,
    ) -> Result<(Vec<DateTime<Utc>>, Vec<DateTime<Utc>>)> {
        let mut both = Vec::with_capacity(2);
        for column in ["account_key", "address"] {
            let value = if column == "account_key" { account_key } else { address };
            let rows: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT at FROM sign_in_failures WHERE {column} = $1 AND at >= $2 ORDER BY at"
            ))
            .bind(value)
            .bind(instant_str(since))
            .fetch_all(self.pool())
            .await?;
            both.push(
                rows.iter()
                    .map(|at| parse_instant("sign-in failure at", at))
                    .collect::<Result<Vec<_>>>()?,
            );
        }
        let address_failures = both.pop().unwrap_or_default();
        let account_failures = both.pop().unwrap_or_default();
        Ok((account_failures, address_failures))
    }

    /// Forgets failures older than `before` (they no longer count; see
    /// `rate_limit::check_sign_in`). Returns how many went.
    pub async fn prune_sign_in_failures(&self, before: DateTime<Utc>) -> Result<u64> {
        let r = sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(instant_str(before))
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected())
    }

    /// Whose session it is, for `access::authorize`: the account that started it (none when
    /// started without one) and the owner of its site. `None`: no such session.
    pub async fn session_object_owner(&self, session_id: &str) -> Result<Option<ObjectOwner>> {
        let row: Option<(Option<String>, String)> = sqlx::query_as(
            "SELECT s.user_id, si.owner_id FROM sessions s JOIN chargers c ON c.id = s.charger_id \
             JOIN sites si ON si.id = c.site_id WHERE s.id = $1",
        )
        .bind(session_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|(driver, owner)| {
            Ok(ObjectOwner::Session {
                driver: driver
                    .as_deref()
                    .map(|d| parse_user_id("session user_id", d))
                    .transpose()?,
                site_owner: OwnerId(owner),
            })
        })
        .transpose()
    }

    /// Whose charger it is, for `access::authorize`: the owner of its site. `None`: no such
    /// charger.
    pub async fn charger_object_owner(&self, charger_id: &str) -> Result<Option<ObjectOwner>> {
        let owner: Option<String> =
            sqlx::query_scalar("SELECT si.owner_id FROM chargers c JOIN sites si ON si.id = c.site_id WHERE c.id = $1")
                .bind(charger_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(owner.map(|o| ObjectOwner::Charger { site_owner: OwnerId(o) }))
    }

    /// Records the account that started a session, once: a session never changes driver.
    /// False when the session is unknown or already has one.
    pub async fn set_session_driver(&self, session_id: &str, user: UserId) -> Result<bool> {
        let r = sqlx::query("UPDATE sessions SET user_id = $1 WHERE id = $2 AND user_id IS NULL")
            .bind(user.to_string())
            .bind(session_id)
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// The sessions a user's account started, oldest first (their data export; kept after
    /// the account is deleted, naming the anonymised row).
    pub async fn sessions_of_user(&self, user: UserId) -> Result<Vec<SessionRow>> {
        Ok(
            sqlx::query_as("SELECT * FROM sessions WHERE user_id = $1 ORDER BY requested_at, id")
                .bind(user.to_string())
                .fetch_all(self.pool())
                .await?,
        )
    }
}
