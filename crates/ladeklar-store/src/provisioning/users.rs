//! Staff accounts from the command line (`ladeklar user add|list|role|disable`): technicians,
//! owners' people, support agents and admins. Every field is checked first (core's e-mail and
//! password rules, role specs, that an owner exists); each change is one transaction with its
//! audit entry, made by "the command line" (no actor).

use chrono::{DateTime, Utc};
use ladeklar_core::accounts::role::RoleProblem;
use ladeklar_core::accounts::{check_new_password, parse_email, Email, Role};

use super::{invalid, ProvisioningError};
use crate::credentials::users::hash_password;
use crate::{NewUser, Store, StoreError, UserRow};

/// Reads a role as typed: `driver`, `technician`, `admin`, `owner:<owner id>`,
/// `support:first|second|third`.
pub fn parse_role(spec: &str) -> Result<Role, RoleProblem> {
    let (name, scope) = spec.trim().split_once(':').unwrap_or((spec.trim(), ""));
    Role::from_parts(name, scope)
}

/// A user to add.
#[derive(Debug, Clone)]
pub struct UserSpec {
    pub email: String,
    /// As typed, see [`parse_role`].
    pub roles: Vec<String>,
    /// `None`: the user sets one through a reset link.
    pub password: Option<String>,
}

/// A user, for listing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UserListing {
    pub id: String,
    pub email: String,
    pub roles: Vec<String>,
    pub email_verified: bool,
    pub has_password: bool,
    pub disabled: bool,
    pub deleted: bool,
}

fn roles_of(specs: &[String]) -> Result<Vec<Role>, ProvisioningError> {
    if specs.is_empty() {
        return Err(invalid("role", "give at least one role"));
    }
    specs
        .iter()
        .map(|s| parse_role(s).map_err(|e| invalid("role", e)))
        .collect()
}

fn email_of(raw: &str) -> Result<Email, ProvisioningError> {
    parse_email(raw).map_err(|e| invalid("email", e))
}

/// Every owner named by an owner role exists (else `InvalidField` "role").
pub async fn check_owners_exist(store: &Store, roles: &[Role]) -> Result<(), ProvisioningError> {
    for role in roles {
        if let Role::Owner { owner_id } = role {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM owners WHERE id = $1")
                .bind(&owner_id.0)
                .fetch_one(store.pool())
                .await?;
            if n == 0 {
                return Err(invalid("role", format!("there is no owner {:?}", owner_id.0)));
            }
        }
    }
    Ok(())
}

/// Adds a user with roles (the address counts as confirmed: an admin typed it). Nothing is
/// written when a field is wrong or the address is taken.
pub async fn add_user(store: &Store, spec: &UserSpec, now: DateTime<Utc>) -> Result<UserRow, ProvisioningError> {
    let email = email_of(&spec.email)?;
    let roles = roles_of(&spec.roles)?;
    check_owners_exist(store, &roles).await?;
    let hash = match &spec.password {
        Some(password) => {
            check_new_password(password, email.as_str()).map_err(|e| invalid("password", e))?;
            Some(hash_password(password).map_err(|e| invalid("password", e))?)
        }
        None => None,
    };
    let new = NewUser {
        email: &email,
        password_hash: hash.as_deref(),
        roles: &roles,
        email_verified: true,
    };
    match store.create_user(&new, None, now).await {
        Err(StoreError::Conflict(_)) => Err(ProvisioningError::UserExists(email.to_string())),
        other => Ok(other?),
    }
}

/// Every user, deleted ones included (anonymised).
pub async fn list_users(store: &Store) -> Result<Vec<UserListing>, ProvisioningError> {
    Ok(store
        .users()
        .await?
        .into_iter()
        .map(|u| UserListing {
            id: u.id.to_string(),
            roles: u
                .roles
                .iter()
                .map(|r| match r.scope().as_str() {
                    "" => r.name().to_owned(),
                    scope => format!("{}:{scope}", r.name()),
                })
                .collect(),
            email: u.email,
            email_verified: u.email_verified_at.is_some(),
            has_password: u.password_hash.is_some(),
            disabled: u.disabled_at.is_some(),
            deleted: u.deleted_at.is_some(),
        })
        .collect())
}

async fn user_by(store: &Store, email: &str) -> Result<UserRow, ProvisioningError> {
    let email = email_of(email)?;
    store
        .user_by_email(&email)
        .await?
        .ok_or_else(|| ProvisioningError::UserNotFound(email.to_string()))
}

/// Replaces a user's roles.
pub async fn set_user_roles(
    store: &Store,
    email: &str,
    roles: &[String],
    now: DateTime<Utc>,
) -> Result<(), ProvisioningError> {
    let roles = roles_of(roles)?;
    check_owners_exist(store, &roles).await?;
    let user = user_by(store, email).await?;
    Ok(store.set_roles(user.id, &roles, None, now).await?)
}

/// Disables (ending every sign-in) or enables a user.
pub async fn disable_user(
    store: &Store,
    email: &str,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<(), ProvisioningError> {
    let user = user_by(store, email).await?;
    Ok(store.set_disabled(user.id, disabled, None, now).await?)
}

#[cfg(test)]
mod tests {
    use ladeklar_core::accounts::{OwnerId, SupportLine};

    use super::*;

    #[test]
    fn roles_are_typed_as_name_and_scope() {
        assert_eq!(parse_role("admin"), Ok(Role::Admin));
        assert_eq!(
            parse_role(" owner:o-1 "),
            Ok(Role::Owner {
                owner_id: OwnerId("o-1".into())
            })
        );
        assert_eq!(
            parse_role("support:third"),
            Ok(Role::Support {
                line: SupportLine::Third
            })
        );
        assert_eq!(parse_role("owner"), Err(RoleProblem::OwnerWithoutId));
        assert_eq!(parse_role("support"), Err(RoleProblem::UnknownLine(String::new())));
        assert_eq!(parse_role("boss"), Err(RoleProblem::UnknownRole("boss".into())));
    }
}
