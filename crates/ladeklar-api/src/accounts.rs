//! Accounts: sign up, confirm the e-mail, sign in and out, passwords, one's own data; and
//! the admin's users and audit log.
//!
//! **How a client is signed in.** A web page gets two cookies from `POST
//! /api/v1/account/sign-in`: `ladeklar_session` (HttpOnly, SameSite=Strict, Secure under TLS:
//! the sign-in token) and `ladeklar_csrf` (readable by the page). Every state-changing
//! request a cookie signs in must carry the `ladeklar_csrf` cookie's value in the
//! `X-CSRF-Token` header, else 403 `csrf_rejected`. A client that is not a web page (the
//! desktop and mobile shells) asks for the token in the body (`"bearer": true`), keeps it in
//! the platform's secure store and sends `Authorization: Bearer <token>`; no CSRF token then.
//! The live view (`EventSource`, which cannot send headers) also takes `?access_token=`.

use chrono::{DateTime, Utc};
pub use ladeklar_core::accounts::role::{OwnerId, Role, SupportLine, UserId};
use serde::{Deserialize, Serialize};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "ladeklar_session";
/// The CSRF cookie's name; its value goes in [`CSRF_HEADER`].
pub const CSRF_COOKIE: &str = "ladeklar_csrf";
/// The header that carries the CSRF cookie's value.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// `POST /api/v1/account/sign-up`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignUpRequest {
    pub email: String,
    pub password: String,
}

/// `POST /api/v1/account/sign-in`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
    /// Answer the token in the body (desktop and mobile shells) instead of setting cookies.
    #[serde(default)]
    pub bearer: bool,
}

/// The answer to a sign-in (and to a password change, which ends every other token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedIn {
    pub account: AccountView,
    /// The bearer token, only when asked for with `"bearer": true` (or when the request was
    /// signed in by one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// `GET /api/v1/account`: who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: UserId,
    pub email: String,
    pub email_verified: bool,
    /// Every role the user holds (`{"role":"driver"}`, `{"role":"owner","owner_id":"…"}`,
    /// `{"role":"support","line":"first"}`…); what they may do is the union.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub roles: Vec<Role>,
    pub created_at: DateTime<Utc>,
}

/// A link's secret, from an e-mailed link: `POST /api/v1/account/verify-email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkToken {
    pub token: String,
}

/// `POST /api/v1/account/password-reset`: mail a reset link to this address (the answer is
/// the same whether an account has it or not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

/// `POST /api/v1/account/password-reset/confirm`: the reset link's secret and the new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    pub token: String,
    pub new_password: String,
}

/// `POST /api/v1/account/password`: change it, knowing the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// `DELETE /api/v1/account`: the password again, so a borrowed device cannot delete it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    pub password: String,
}

/// What the server did, in words for the user (sign-up and reset requests, whose answers
/// must not tell whether an address has an account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub message: String,
}

/// `GET /api/v1/account/export`: everything the platform keeps about the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountExport {
    pub exported_at: DateTime<Utc>,
    pub account: AccountView,
    pub sessions: Vec<ExportedSession>,
    /// Security events about the account (sign-ins, password changes…).
    pub security_events: Vec<AuditEntryView>,
    /// The chargers the driver starred.
    #[serde(default)]
    pub favourites: Vec<String>,
}

/// One of the caller's charging sessions, in the data export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedSession {
    pub id: String,
    pub charger_id: String,
    pub connector_id: u32,
    pub status: String,
    pub requested_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// Energy delivered, Wh.
    pub energy_wh: Option<i64>,
    /// The total incl. VAT, a decimal string, once priced.
    pub total_incl_vat: Option<String>,
    pub currency: Option<String>,
}

/// One user, as an admin sees them: `GET /api/v1/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    #[serde(flatten)]
    pub account: AccountView,
    pub disabled: bool,
    pub deleted: bool,
}

/// `GET /api/v1/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    pub users: Vec<UserView>,
}

/// `POST /api/v1/users`: an admin adds a staff member (or a driver); they get an e-mail
/// with a link to set their password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub roles: Vec<Role>,
}

/// `PUT /api/v1/users/{id}/roles`: the user's roles from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RolesRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub roles: Vec<Role>,
}

/// `PUT /api/v1/users/{id}/disabled`: disable (every token ends) or enable an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisabledRequest {
    pub disabled: bool,
}

/// One security event: `GET /api/v1/audit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntryView {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who did it (none: not signed in, the command line, or the platform).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub actor: Option<UserId>,
    /// Whose account it is about.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub user: Option<UserId>,
    /// `user_created`, `signed_in`, `sign_in_failed`, `locked_out`, `signed_out_everywhere`,
    /// `roles_changed`, `password_changed`, `password_reset_requested`, `password_reset`,
    /// `email_verified`, `user_disabled`, `user_enabled`, `account_deleted`.
    pub event: String,
    pub detail: String,
}

/// `GET /api/v1/audit`: newest first; `next_before` pages on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditLog {
    pub entries: Vec<AuditEntryView>,
    pub next_before: Option<i64>,
}

/// `GET /api/v1/audit` query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AuditQuery {
    /// Only entries about this user.
    pub user: Option<String>,
    /// Entries older than this id (paging).
    pub before: Option<i64>,
    /// At most this many (1–500, default 100).
    pub limit: Option<u32>,
}

/// `GET /api/v1/account/favourites`: the chargers the driver starred (at most 100), oldest
/// first. `PUT` / `DELETE /api/v1/account/favourites/{charger_id}` star and unstar one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Favourites {
    pub charger_ids: Vec<String>,
}
