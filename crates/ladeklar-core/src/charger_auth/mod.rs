//! A charger's password (OCPP Security Profiles 1–2, HTTP Basic auth) while a new one is
//! being rotated in: the central system sends the new AuthorizationKey with
//! ChangeConfiguration and keeps it as the *next* password beside the current one. Until the
//! charger connects with the next one, both open the door — so a lost answer, or a charger
//! that applies the key only after a reboot, is never locked out. The first connection with
//! the next password makes it the current one and ends the old.
//!
//! [`schedule`] decides when a password is old enough to be rotated by the platform itself.

pub mod schedule;

/// What a connection's password does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    /// The current password: accepted (a next one, if any, stays pending).
    Current,
    /// The next password: accepted, and it becomes the current one.
    PromoteNext,
    /// Neither.
    Wrong,
}

/// `matches_current`, `matches_next`: whether the presented password matches the stored
/// current and next hashes (`None`: no next password pending).
pub fn check_password(matches_current: bool, matches_next: Option<bool>) -> PasswordCheck {
    match (matches_next, matches_current) {
        (Some(true), _) => PasswordCheck::PromoteNext,
        (_, true) => PasswordCheck::Current,
        _ => PasswordCheck::Wrong,
    }
}

/// Whether a ChangeConfiguration sets the charger's password (the key's name is matched
/// without case, as chargers do).
pub fn sets_password(key: &str) -> bool {
    key.eq_ignore_ascii_case("AuthorizationKey")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_passwords_open_until_the_next_one_is_used() {
        assert_eq!(check_password(true, None), PasswordCheck::Current);
        assert_eq!(check_password(true, Some(false)), PasswordCheck::Current);
        assert_eq!(check_password(false, Some(true)), PasswordCheck::PromoteNext);
        assert_eq!(check_password(false, Some(false)), PasswordCheck::Wrong);
        assert_eq!(check_password(false, None), PasswordCheck::Wrong);
        assert!(sets_password("authorizationkey") && !sets_password("HeartbeatInterval"));
    }
}
