//! Accounts and roles (issue 11): who a caller is and what they may do, as pure rules.
//!
//! - [`role`]: the roles ([`Role`]) and the signed-in caller ([`Principal`]).
//! - [`access`]: the one table of who may do what ([`access::authorize`]).
//! - [`face`]: which faces of the app (sets of screens) a user's roles give ([`faces`]).
//! - [`email`]: an account's e-mail address ([`Email`], [`parse_email`]).
//! - [`password`]: the rules for a new password (NIST SP 800-63B), [`check_new_password`].
//! - [`rate_limit`]: sign-in failures → allowed or locked until when.
//! - [`tokens`]: the lifetimes of sign-in tokens and e-mailed links, and whether one still holds.
//!
//! Hashing passwords (argon2id) and drawing random tokens are the store's
//! (`ladeklar_store::credentials::users`): this crate has no randomness and builds for wasm.

pub mod access;
pub mod email;
pub mod face;
pub mod password;
pub mod rate_limit;
pub mod role;
pub mod tokens;

pub use access::{authorize, authorize_case_photo, AccessDenied, Action, ObjectOwner};
pub use email::{parse_email, Email, EmailProblem};
pub use face::{current_face, faces, Face};
pub use password::{check_new_password, PasswordProblem};
pub use role::{OwnerId, Principal, Role, SupportLine, UserId};
