//! The rules for a new password (NIST SP 800-63B §5.1.1.2, memorized secrets): at least 8
//! characters, at most 128, not one of the common passwords of `data/common-passwords.txt`
//! (19,640 from breaches; source and license in `data/README.md`), and not the account's
//! e-mail address or the part before its `@`. No composition rules (NIST: none), every
//! Unicode character counts as one, spaces included. Comparisons ignore case.
//! Hashing is the store's (`ladeklar_store::credentials::users`, argon2id).

use std::collections::HashSet;
use std::sync::OnceLock;

/// The fewest characters a password may have.
pub const MIN_CHARS: usize = 8;
/// The most characters a password may have (long passphrases welcome; the bound keeps the
/// hash's input reasonable).
pub const MAX_CHARS: usize = 128;

const COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

/// What is wrong with a new password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("the password has {chars} characters; it needs at least {MIN_CHARS}")]
    TooShort { chars: usize },
    #[error("the password has {chars} characters; at most {MAX_CHARS} are allowed")]
    TooLong { chars: usize },
    #[error("the password is one of the most common passwords; choose another")]
    Common,
    #[error("the password may not be your e-mail address or the part before its @")]
    SameAsEmail,
}

fn common_passwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Whether `password` is in the common-password list (ignoring case).
pub fn is_common(password: &str) -> bool {
    common_passwords().contains(password.to_lowercase().as_str())
}

/// Checks a new password for the account with this e-mail address (as typed; compared
/// ignoring case).
pub fn check_new_password(password: &str, email: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort { chars });
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong { chars });
    }
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email.rsplit_once('@').map_or(email.as_str(), |(l, _)| l);
    if !email.is_empty() && (lower == email || lower == local) {
        return Err(PasswordProblem::SameAsEmail);
    }
    if common_passwords().contains(lower.as_str()) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_list_is_embedded_whole() {
        assert_eq!(common_passwords().len(), 19_640);
        assert!(is_common("123456"));
        assert!(is_common("PassWord"));
    }

    #[test]
    fn good_passwords_pass() {
        for pw in [
            "correct horse battery staple",
            "Ladeklar-2026!",
            "blåbærsyltetøy",
            "        x",
            &"ø".repeat(MAX_CHARS),
        ] {
            assert_eq!(check_new_password(pw, "ola@example.no"), Ok(()), "{pw:?}");
        }
    }

    #[test]
    fn bad_passwords_say_what_is_wrong() {
        use PasswordProblem::*;
        let email = "Ola.Nordmann@Example.no";
        assert_eq!(check_new_password("", email), Err(TooShort { chars: 0 }));
        assert_eq!(check_new_password("abc1234", email), Err(TooShort { chars: 7 }));
        // Characters, not bytes: seven two-byte letters are seven.
        assert_eq!(check_new_password("æøåæøåæ", email), Err(TooShort { chars: 7 }));
        assert_eq!(check_new_password(&"x".repeat(129), email), Err(TooLong { chars: 129 }));
        for common in ["password", "PASSWORD1", "12345678", "qwertyuiop", "iloveyou"] {
            assert_eq!(check_new_password(common, email), Err(Common), "{common}");
        }
        assert_eq!(check_new_password("ola.nordmann", email), Err(SameAsEmail));
        assert_eq!(check_new_password("OLA.NORDMANN@example.no", email), Err(SameAsEmail));
    }

    #[test]
    fn problems_read_as_sentences() {
        assert_eq!(
            PasswordProblem::TooShort { chars: 5 }.to_string(),
            "the password has 5 characters; it needs at least 8"
        );
    }

    proptest! {
        #[test]
        fn short_passwords_are_always_refused(pw in "\\PC{0,7}") {
            let short = matches!(check_new_password(&pw, "a@b.no"), Err(PasswordProblem::TooShort { .. }));
            prop_assert!(short);
        }

        /// Anything of 8 to 128 characters that is neither common nor the e-mail passes.
        #[test]
        fn other_lengths_pass_unless_common(pw in "\\PC{8,128}") {
            let r = check_new_password(&pw, "a@b.no");
            prop_assert_eq!(r.is_err(), is_common(&pw) || pw.to_lowercase() == "a@b.no");
        }
    }
}
