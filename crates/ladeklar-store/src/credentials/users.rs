//! Users' passwords: argon2id (RFC 9106) through the `argon2` crate, stored as PHC strings
//! (`$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`), so a stored hash carries its own
//! parameters and old hashes still verify after [`PARAMS`] change ([`needs_rehash`] tells
//! the server to re-hash at the next sign-in). The rules for a new password are core's
//! (`ladeklar_core::accounts::password`).
//!
//! Verification compares in constant time (the crate's `Output` comparison). A sign-in for
//! an e-mail without an account must take as long as a wrong password:
//! [`verify_password_or_dummy`] verifies against a dummy hash of the same cost then.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;

/// Memory in KiB, passes, lanes. One hash costs ≥ 50 ms on the reference machine: measured
/// by the test `argon2_cost_on_this_machine` (prints the time; `cargo test -p ladeklar-store
/// argon2_cost -- --nocapture`) on the 2-core build machine, 2026-12-06, argon2 optimized
/// (the workspace's profile overrides): m = 32 MiB, t = 4, p = 1 took 66–74 ms wall per hash
/// or verification (means of 5, four runs) and 73–76 ms of CPU (user + sys over the test's 16
/// hashes, `/usr/bin/time`). t = 3 had measured 52–54 ms when the machine was quiet — too
/// close to 50. OWASP's minimum for argon2id is m = 19 MiB, t = 2, p = 1. Memory: 32 MiB per
/// sign-in in progress.
pub const PARAMS: (u32, u32, u32) = (32 * 1024, 4, 1);

fn argon2() -> Argon2<'static> {
    let (m, t, p) = PARAMS;
    // The constants are within argon2's bounds (checked by a test).
    let params = Params::new(m, t, p, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Why a password could not be hashed (only a password beyond argon2's input bound, 4 GiB).
#[derive(Debug, thiserror::Error)]
#[error("the password could not be hashed: {0}")]
pub struct HashError(argon2::password_hash::Error);

/// A fresh argon2id hash of `password` with a random 16-byte salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, HashError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(HashError)?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(HashError)
}

/// Whether `password` matches the stored PHC string. A malformed stored value, or another
/// algorithm's, matches nothing.
pub fn verify_password(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    if parsed.algorithm != argon2::ARGON2ID_IDENT {
        return false;
    }
    argon2().verify_password(password.as_bytes(), &parsed).is_ok()
}

/// [`verify_password`] when the account has a password; otherwise (no such account, or no
/// password set yet) the same work against a dummy hash, answering false. The caller
/// answers both the same way.
pub fn verify_password_or_dummy(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(stored) => verify_password(password, stored),
        None => {
            static DUMMY: OnceLock<String> = OnceLock::new();
            let dummy = DUMMY.get_or_init(|| hash_password("dummy password, never a user's").unwrap_or_default());
            let _ = verify_password(password, dummy);
            false
        }
    }
}

/// Whether a stored hash was made with other parameters than [`PARAMS`] (or is not ours):
/// re-hash the password at the next successful sign-in.
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return true;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return true;
    };
    let (m, t, p) = PARAMS;
    parsed.algorithm != argon2::ARGON2ID_IDENT
        || parsed.version != Some(Version::V0x13.into())
        || (params.m_cost(), params.t_cost(), params.p_cost()) != (m, t, p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_within_argon2s_bounds() {
        let (m, t, p) = PARAMS;
        assert!(Params::new(m, t, p, None).is_ok());
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash_password("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=32768,t=4,p=1$"), "{stored}");
        assert!(verify_password("correct horse battery", &stored));
        assert!(!verify_password("correct horse batterY", &stored));
        assert!(!verify_password("", &stored));
        assert!(!needs_rehash(&stored));
        assert_ne!(stored, hash_password("correct horse battery").unwrap(), "salted");
    }

    #[test]
    fn malformed_or_foreign_hashes_match_nothing() {
        for stored in [
            "",
            "sha256$00$00",
            "$argon2id$v=19$m=19456,t=2,p=1$bm90YXNhbHQ$bm90YWhhc2g",
            "$argon2i$v=19$m=32768,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$mtRtVyLUbeFaBEwGFfuE8BfNTfBXT5UIMAOVXWCOFcQ",
        ] {
            assert!(!verify_password("anything", stored), "{stored}");
            assert!(needs_rehash(stored), "{stored}");
        }
        assert!(!verify_password_or_dummy("anything", None));
    }

    /// Prints what one hash and one verification cost here (no assert on time: machines
    /// differ). The figure is in [`PARAMS`]' comment.
    #[test]
    fn argon2_cost_on_this_machine() {
        let n = 5;
        let start = std::time::Instant::now();
        let mut stored = String::new();
        for _ in 0..n {
            stored = hash_password("Ladeklar cost probe").unwrap();
        }
        let hash = start.elapsed() / n;
        let start = std::time::Instant::now();
        for _ in 0..n {
            assert!(verify_password("Ladeklar cost probe", &stored));
        }
        let verify = start.elapsed() / n;
        let _ = verify_password_or_dummy("warm up the dummy hash", None);
        let start = std::time::Instant::now();
        for _ in 0..n {
            assert!(!verify_password_or_dummy("Ladeklar cost probe", None));
        }
        let dummy = start.elapsed() / n;
        println!("argon2id {PARAMS:?}: hash {hash:?}, verify {verify:?}, unknown account {dummy:?} (mean of {n})");
    }
}
