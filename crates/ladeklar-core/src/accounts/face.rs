//! The app's faces: which set of screens a signed-in user sees, by their roles.
//!
//! Everyone may find chargers and charge, so every user (and a visitor) has the driver's
//! face. Each staff role adds its own: technicians their work orders, owners their sites,
//! support the operations screens, admins users and the audit log. A user with several
//! roles switches between their faces; the first one shown is the most specific
//! ([`faces`] lists them in that order: admin, support, owner, technician, driver).

use serde::{Deserialize, Serialize};

use super::role::Role;

/// One face of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Face {
    Admin,
    Support,
    Owner,
    Technician,
    Driver,
}

impl Face {
    /// The name kept in the URL or on the device.
    pub fn as_str(self) -> &'static str {
        match self {
            Face::Admin => "admin",
            Face::Support => "support",
            Face::Owner => "owner",
            Face::Technician => "technician",
            Face::Driver => "driver",
        }
    }

    pub fn parse(s: &str) -> Option<Face> {
        [Face::Admin, Face::Support, Face::Owner, Face::Technician, Face::Driver]
            .into_iter()
            .find(|f| f.as_str() == s)
    }
}

/// The faces of a user with these roles (none: a visitor), most specific first, each once.
pub fn faces(roles: &[Role]) -> Vec<Face> {
    let mut out: Vec<Face> = roles
        .iter()
        .map(|r| match r {
            Role::Admin => Face::Admin,
            Role::Support { .. } => Face::Support,
            Role::Owner { .. } => Face::Owner,
            Role::Technician => Face::Technician,
            Role::Driver => Face::Driver,
        })
        .collect();
    out.push(Face::Driver);
    out.sort();
    out.dedup();
    out
}

/// The face to show: the one chosen before if the user still has it, else their first.
pub fn current_face(roles: &[Role], chosen: Option<Face>) -> Face {
    let all = faces(roles);
    match chosen {
        Some(f) if all.contains(&f) => f,
        _ => all[0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::role::{OwnerId, SupportLine};

    #[test]
    fn a_visitor_and_a_driver_have_the_drivers_face_only() {
        assert_eq!(faces(&[]), vec![Face::Driver]);
        assert_eq!(faces(&[Role::Driver]), vec![Face::Driver]);
    }

    #[test]
    fn staff_see_their_own_face_first_and_can_switch_to_the_drivers() {
        let roles = [
            Role::Driver,
            Role::Owner {
                owner_id: OwnerId("o".into()),
            },
            Role::Owner {
                owner_id: OwnerId("p".into()),
            },
            Role::Support {
                line: SupportLine::Second,
            },
        ];
        assert_eq!(faces(&roles), vec![Face::Support, Face::Owner, Face::Driver]);
        assert_eq!(current_face(&roles, None), Face::Support);
        assert_eq!(current_face(&roles, Some(Face::Owner)), Face::Owner);
        // A face the user no longer has (a role taken away) falls back to the first.
        assert_eq!(current_face(&roles, Some(Face::Admin)), Face::Support);
    }

    #[test]
    fn names_round_trip() {
        for f in faces(&[
            Role::Admin,
            Role::Technician,
            Role::Support {
                line: SupportLine::First,
            },
            Role::Owner {
                owner_id: OwnerId("o".into()),
            },
        ]) {
            assert_eq!(Face::parse(f.as_str()), Some(f));
        }
        assert_eq!(Face::parse("boss"), None);
    }
}
