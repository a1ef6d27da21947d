//! Roles and the signed-in caller.
//!
//! A user has one or more roles: a driver, a technician, the owner of one or more owners'
//! sites (one [`Role::Owner`] per owner they belong to), a support agent of a line, an admin.
//! What each may do is [`super::access`]'s table, never decided here.

use serde::{Deserialize, Serialize};

pub use crate::support::case::parties::SupportLine;

/// A user account's id (a UUID, as stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub uuid::Uuid);

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An owner's id (the `owners` table's id: the company or person owning sites).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OwnerId(pub String);

impl std::fmt::Display for OwnerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One role of a user. Serialized as `{"role":"driver"}`, `{"role":"owner","owner_id":"o-1"}`,
/// `{"role":"support","line":"second"}`…
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Role {
    /// Charges; reads their own sessions, receipts, tags and cases.
    Driver,
    /// Works the work orders assigned to them.
    Technician,
    /// Belongs to an owner: reads that owner's sites' data.
    Owner { owner_id: OwnerId },
    /// A support agent of a line: reads all cases, operates chargers.
    Support { line: SupportLine },
    /// Manages users and roles, reads the audit log, and may do what support does.
    Admin,
}

/// A stored role's name or scope that is not one we know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleProblem {
    #[error("unknown role {0:?} (driver, technician, owner, support, admin)")]
    UnknownRole(String),
    #[error("an owner role needs the owner's id")]
    OwnerWithoutId,
    #[error("unknown support line {0:?} (first, second, third)")]
    UnknownLine(String),
    #[error("the role {role} takes no scope, got {scope:?}")]
    UnexpectedScope { role: &'static str, scope: String },
}

impl Role {
    /// The role's name as stored and typed on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Role::Driver => "driver",
            Role::Technician => "technician",
            Role::Owner { .. } => "owner",
            Role::Support { .. } => "support",
            Role::Admin => "admin",
        }
    }

    /// The role's scope as stored: the owner's id, the support line (`first`…), else empty.
    pub fn scope(&self) -> String {
        match self {
            Role::Owner { owner_id } => owner_id.0.clone(),
            Role::Support { line } => line_name(*line).to_owned(),
            _ => String::new(),
        }
    }

    /// The role stored as `name` and `scope` (see [`Role::name`], [`Role::scope`]).
    pub fn from_parts(name: &str, scope: &str) -> Result<Role, RoleProblem> {
        let no_scope = |role: Role| {
            if scope.is_empty() {
                Ok(role)
            } else {
                Err(RoleProblem::UnexpectedScope {
                    role: role.name(),
                    scope: scope.to_owned(),
                })
            }
        };
        match name {
            "driver" => no_scope(Role::Driver),
            "technician" => no_scope(Role::Technician),
            "admin" => no_scope(Role::Admin),
            "owner" if scope.trim().is_empty() => Err(RoleProblem::OwnerWithoutId),
            "owner" => Ok(Role::Owner {
                owner_id: OwnerId(scope.to_owned()),
            }),
            "support" => match scope {
                "first" => Ok(Role::Support {
                    line: SupportLine::First,
                }),
                "second" => Ok(Role::Support {
                    line: SupportLine::Second,
                }),
                "third" => Ok(Role::Support {
                    line: SupportLine::Third,
                }),
                other => Err(RoleProblem::UnknownLine(other.to_owned())),
            },
            other => Err(RoleProblem::UnknownRole(other.to_owned())),
        }
    }

    /// Whether this is a staff role (anything but [`Role::Driver`]).
    pub fn is_staff(&self) -> bool {
        !matches!(self, Role::Driver)
    }
}

fn line_name(line: SupportLine) -> &'static str {
    match line {
        SupportLine::First => "first",
        SupportLine::Second => "second",
        SupportLine::Third => "third",
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Role::Owner { owner_id } => write!(f, "owner of {owner_id}"),
            Role::Support { line } => write!(f, "support ({} line)", line_name(*line)),
            other => f.write_str(other.name()),
        }
    }
}

/// A signed-in caller: the user and every role they hold (a user may have several; what
/// they may do is the union of what each role may do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: UserId,
    pub roles: Vec<Role>,
}

impl Principal {
    pub fn has(&self, role: &Role) -> bool {
        self.roles.contains(role)
    }

    pub fn is_admin(&self) -> bool {
        self.has(&Role::Admin)
    }

    /// Whether the caller is a support agent of any line.
    pub fn is_support(&self) -> bool {
        self.roles.iter().any(|r| matches!(r, Role::Support { .. }))
    }

    /// The owners the caller belongs to.
    pub fn owners(&self) -> impl Iterator<Item = &OwnerId> + '_ {
        self.roles.iter().filter_map(|r| match r {
            Role::Owner { owner_id } => Some(owner_id),
            _ => None,
        })
    }

    /// Whether the caller belongs to this owner.
    pub fn belongs_to_owner(&self, owner: &OwnerId) -> bool {
        self.roles
            .iter()
            .any(|r| matches!(r, Role::Owner { owner_id } if owner_id == owner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_kinds() -> Vec<Role> {
        vec![
            Role::Driver,
            Role::Technician,
            Role::Owner {
                owner_id: OwnerId("o-1".into()),
            },
            Role::Support {
                line: SupportLine::First,
            },
            Role::Support {
                line: SupportLine::Second,
            },
            Role::Support {
                line: SupportLine::Third,
            },
            Role::Admin,
        ]
    }

    #[test]
    fn roles_read_back_from_their_stored_parts() {
        for role in all_kinds() {
            assert_eq!(Role::from_parts(role.name(), &role.scope()), Ok(role.clone()));
        }
    }

    #[test]
    fn bad_stored_parts_say_what_is_wrong() {
        assert_eq!(
            Role::from_parts("root", ""),
            Err(RoleProblem::UnknownRole("root".into()))
        );
        assert_eq!(Role::from_parts("owner", " "), Err(RoleProblem::OwnerWithoutId));
        assert_eq!(
            Role::from_parts("support", "fourth"),
            Err(RoleProblem::UnknownLine("fourth".into()))
        );
        assert_eq!(
            Role::from_parts("admin", "x"),
            Err(RoleProblem::UnexpectedScope {
                role: "admin",
                scope: "x".into()
            })
        );
    }

    #[test]
    fn roles_serialize_tagged() {
        let json = serde_json::to_string(&Role::Support {
            line: SupportLine::Second,
        })
        .unwrap();
        assert_eq!(json, r#"{"role":"support","line":"second"}"#);
        let json = serde_json::to_string(&Role::Owner {
            owner_id: OwnerId("o-1".into()),
        })
        .unwrap();
        assert_eq!(json, r#"{"role":"owner","owner_id":"o-1"}"#);
        assert_eq!(serde_json::to_string(&Role::Driver).unwrap(), r#"{"role":"driver"}"#);
        for role in all_kinds() {
            let back: Role = serde_json::from_str(&serde_json::to_string(&role).unwrap()).unwrap();
            assert_eq!(back, role);
        }
    }
}
