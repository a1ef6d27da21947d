//! Charger passwords (the OCPP 1.6 Security Profile 1 AuthorizationKey): the rules for a new
//! one and the stored hash.
//!
//! Stored as `sha256$<salt hex>$<SHA-256(salt ‖ password) hex>` with a 16-byte random salt.
//! Charger passwords are machine-generated keys of 16–40 characters (high entropy), so a
//! salted SHA-256 resists offline guessing as well as a slow hash would, and it keeps a
//! reconnect storm of thousands of chargers cheap (one hash per upgrade, microseconds).
//! Human-chosen passwords need a slow hash: users' passwords are [`users`]' (argon2id).

pub mod users;

use rand::RngCore;
use sha2::{Digest, Sha256};

/// The shortest and longest password `ladeklar charger add` accepts (OCPP 1.6 security
/// whitepaper: AuthorizationKey is 16 to 40 characters).
pub const MIN_PASSWORD_LEN: usize = 16;
pub const MAX_PASSWORD_LEN: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a charger password must be {MIN_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters, got {0}")]
    Length(usize),
    #[error("a charger password must be printable ASCII without ':'")]
    Characters,
}

/// Checks a new password against the rules for charger AuthorizationKeys.
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let len = password.chars().count();
    if !(MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&len) {
        return Err(PasswordError::Length(len));
    }
    if !password.chars().all(|c| c.is_ascii_graphic() && c != ':') {
        return Err(PasswordError::Characters);
    }
    Ok(())
}

/// A new random AuthorizationKey for a charger (the schedule's rotation): the longest the
/// rules allow, from the 62 letters and digits every charger accepts in a configuration value.
pub fn new_charger_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..MAX_PASSWORD_LEN)
        .map(|_| char::from(ALPHABET[rand::Rng::random_range(&mut rng, 0..ALPHABET.len())]))
        .collect()
}

/// A fresh salted hash of `password`, ready to store.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    hash_with_salt(password, &salt)
}

fn hash_with_salt(password: &str, salt: &[u8]) -> String {
    let digest = Sha256::new()
        .chain_update(salt)
        .chain_update(password.as_bytes())
        .finalize();
    format!("sha256${}${}", hex::encode(salt), hex::encode(digest))
}

/// Whether `password` matches the stored hash. A malformed stored value matches nothing.
pub fn verify_password(password: &str, stored: &str) -> bool {
    let mut parts = stored.split('$');
    let (Some("sha256"), Some(salt), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let Ok(salt) = hex::decode(salt) else { return false };
    constant_time_eq(hash_with_salt(password, &salt).as_bytes(), stored.as_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash_password("correct horse battery");
        assert!(stored.starts_with("sha256$"));
        assert!(verify_password("correct horse battery", &stored));
        assert!(!verify_password("correct horse batterY", &stored));
        assert!(!verify_password("", &stored));
        assert_ne!(stored, hash_password("correct horse battery"), "salted");
    }

    #[test]
    fn malformed_stored_hashes_match_nothing() {
        for stored in ["", "sha256$zz$00", "md5$00$00", "sha256$00", "sha256$00$00$00"] {
            assert!(!verify_password("anything", stored), "{stored}");
        }
    }

    #[test]
    fn new_passwords_follow_the_authorization_key_rules() {
        assert!(check_new_password("0123456789abcdef").is_ok());
        assert_eq!(check_new_password("short"), Err(PasswordError::Length(5)));
        assert_eq!(check_new_password(&"x".repeat(41)), Err(PasswordError::Length(41)));
        assert_eq!(check_new_password("0123456789abcde f"), Err(PasswordError::Characters));
        assert_eq!(check_new_password("0123456789abcde:f"), Err(PasswordError::Characters));
    }
}
