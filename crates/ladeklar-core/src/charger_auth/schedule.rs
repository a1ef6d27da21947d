//! Scheduled password rotation (OCPP 1.6 security extension, Security Profiles 1–2): the
//! platform gives a charger a new AuthorizationKey once its password has been in use for the
//! operator's rotation period. Never while a new key is already out (replacing a key the
//! charger may have stored would lock it out — it stays pending until the charger connects
//! with it), and never for a charger that authenticates with a client certificate.

use chrono::{DateTime, TimeDelta, Utc};

use crate::charger_security::SecurityProfile;

/// How often passwords are rotated (the operator's `--password-rotation-days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RotationPolicy {
    pub every: TimeDelta,
}

/// What the schedule needs to know about a charger's password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordState {
    /// Whether the charger has a password at all.
    pub has_password: bool,
    /// When the current password became current (provisioned, or the charger first connected
    /// with a rotated one); `None` when not known (the age is then unknown: rotate).
    pub set_at: Option<DateTime<Utc>>,
    /// When a next password was sent that the charger has not connected with yet.
    pub next_sent_at: Option<DateTime<Utc>>,
    /// The highest profile the charger has connected with.
    pub profile: Option<SecurityProfile>,
}

/// The schedule's verdict for one charger at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    /// Send a new key now.
    Due,
    /// The current password is younger than the period: due at `at`.
    NotDue { at: DateTime<Utc> },
    /// A new key is out since `since`; the charger has not connected with it yet.
    Pending { since: DateTime<Utc> },
    /// No password to rotate: none set, or the charger authenticates with a certificate.
    NotUsed,
}

/// Whether the charger's password is due for rotation at `now`.
pub fn rotation(policy: RotationPolicy, password: &PasswordState, now: DateTime<Utc>) -> Rotation {
    if !password.has_password || password.profile == Some(SecurityProfile::ClientCertificate) {
        return Rotation::NotUsed;
    }
    if let Some(since) = password.next_sent_at {
        return Rotation::Pending { since };
    }
    match password.set_at {
        Some(set_at) if now < set_at + policy.every => Rotation::NotDue {
            at: set_at + policy.every,
        },
        _ => Rotation::Due,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn at(day: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap() + TimeDelta::days(day)
    }

    const POLICY: RotationPolicy = RotationPolicy {
        every: TimeDelta::days(90),
    };

    fn password(set_at: Option<DateTime<Utc>>) -> PasswordState {
        PasswordState {
            has_password: true,
            set_at,
            next_sent_at: None,
            profile: Some(SecurityProfile::BasicAuthOverTls),
        }
    }

    #[test]
    fn a_password_is_due_once_it_has_served_its_period() {
        assert_eq!(
            rotation(POLICY, &password(Some(at(0))), at(89)),
            Rotation::NotDue { at: at(90) }
        );
        assert_eq!(rotation(POLICY, &password(Some(at(0))), at(90)), Rotation::Due);
        assert_eq!(rotation(POLICY, &password(None), at(0)), Rotation::Due, "age unknown");
    }

    #[test]
    fn a_key_already_out_is_never_replaced() {
        let pending = PasswordState {
            next_sent_at: Some(at(91)),
            ..password(Some(at(0)))
        };
        assert_eq!(rotation(POLICY, &pending, at(400)), Rotation::Pending { since: at(91) });
    }

    #[test]
    fn certificates_and_chargers_without_a_password_have_nothing_to_rotate() {
        let certificate = PasswordState {
            profile: Some(SecurityProfile::ClientCertificate),
            ..password(Some(at(0)))
        };
        assert_eq!(rotation(POLICY, &certificate, at(400)), Rotation::NotUsed);
        let none = PasswordState {
            has_password: false,
            ..password(None)
        };
        assert_eq!(rotation(POLICY, &none, at(400)), Rotation::NotUsed);
    }

    proptest! {
        /// Due exactly when nothing is pending and the password is at least a period old.
        #[test]
        fn due_iff_old_enough_and_nothing_pending(
            set_day in 0i64..1000, now_day in 0i64..1000, period in 1i64..400, pending in any::<bool>(),
        ) {
            let policy = RotationPolicy { every: TimeDelta::days(period) };
            let state = PasswordState {
                next_sent_at: pending.then(|| at(set_day)),
                ..password(Some(at(set_day)))
            };
            let due = rotation(policy, &state, at(now_day)) == Rotation::Due;
            prop_assert_eq!(due, !pending && now_day - set_day >= period);
        }
    }
}
