//! An account's e-mail address: checked enough to catch typing mistakes, not an RFC 5322
//! parser (the confirmation link proves the address works).
//!
//! Rules: surrounding whitespace is trimmed; exactly one `@`; a local part of 1–64 bytes
//! without whitespace, control characters or any of `"(),:;<>[\]` (quoted local parts are
//! legal but only trouble in a mail header), not starting or ending with `.` and without
//! `..`; a domain of at most 253 bytes, of two or more dot-separated labels of 1–63 ASCII
//! letters, digits and `-` (not at a label's start or end), lower-cased — an international
//! domain is written in its `xn--` form; the whole address at most 254 bytes (RFC 5321's
//! path limit). The local part keeps its case; [`Email::key`] is the whole address
//! lower-cased, what makes two accounts the same (providers treat `Ola@` and `ola@` alike).

use serde::{Deserialize, Serialize};

/// A checked e-mail address (see the module's rules).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// What is wrong with an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailProblem {
    #[error("the e-mail address is empty")]
    Empty,
    #[error("the e-mail address has no @")]
    NoAt,
    #[error("the e-mail address has more than one @")]
    SeveralAts,
    #[error("the e-mail address has nothing before the @")]
    EmptyLocalPart,
    #[error("the part before the @ is longer than 64 characters")]
    LocalPartTooLong,
    #[error("the e-mail address contains a space or a control character")]
    Whitespace,
    #[error("the part before the @ may not start or end with a dot or have two dots in a row")]
    LocalPartDots,
    #[error("the part before the @ may not contain {0:?}")]
    Character(char),
    #[error("the e-mail address is longer than 254 characters")]
    TooLong,
    #[error("the domain {domain:?} is not valid: {why}")]
    BadDomain { domain: String, why: &'static str },
}

/// Checks and normalizes a typed e-mail address.
pub fn parse_email(raw: &str) -> Result<Email, EmailProblem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(EmailProblem::Empty);
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(EmailProblem::Whitespace);
    }
    let (local, domain) = match s.split_once('@') {
        None => return Err(EmailProblem::NoAt),
        Some((_, d)) if d.contains('@') => return Err(EmailProblem::SeveralAts),
        Some(parts) => parts,
    };
    if local.is_empty() {
        return Err(EmailProblem::EmptyLocalPart);
    }
    if local.len() > 64 {
        return Err(EmailProblem::LocalPartTooLong);
    }
    if let Some(c) = local.chars().find(|c| "\"(),:;<>[\\]".contains(*c)) {
        return Err(EmailProblem::Character(c));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(EmailProblem::LocalPartDots);
    }
    let domain = domain.to_ascii_lowercase();
    check_domain(&domain)?;
    let email = format!("{local}@{domain}");
    if email.len() > 254 {
        return Err(EmailProblem::TooLong);
    }
    Ok(Email(email))
}

fn check_domain(domain: &str) -> Result<(), EmailProblem> {
    let bad = |why| {
        Err(EmailProblem::BadDomain {
            domain: domain.to_owned(),
            why,
        })
    };
    if domain.is_empty() {
        return bad("there is nothing after the @");
    }
    if domain.len() > 253 {
        return bad("it is longer than 253 characters");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return bad("it needs a dot, as in example.com");
    }
    for label in labels {
        if label.is_empty() {
            return bad("it has an empty part between dots");
        }
        if label.len() > 63 {
            return bad("a part between dots is longer than 63 characters");
        }
        if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return bad("only letters a–z, digits, '-' and '.' (an international domain in its xn-- form)");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return bad("a part may not start or end with '-'");
        }
    }
    Ok(())
}

impl Email {
    /// The address as typed (trimmed, domain lower-cased).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(l, _)| l)
    }

    /// The domain, lower-cased.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }

    /// The whole address lower-cased: what identifies an account (unique in the store).
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailProblem;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        parse_email(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn good_addresses_are_trimmed_and_their_domain_lower_cased() {
        let e = parse_email("  Ola.Nordmann+lading@Example.NO \n").unwrap();
        assert_eq!(e.as_str(), "Ola.Nordmann+lading@example.no");
        assert_eq!(e.local_part(), "Ola.Nordmann+lading");
        assert_eq!(e.domain(), "example.no");
        assert_eq!(e.key(), "ola.nordmann+lading@example.no");
        assert!(parse_email("ø@xn--bcher-kva.example").is_ok());
        assert!(parse_email("a@b.co").is_ok());
    }

    #[test]
    fn bad_addresses_say_what_is_wrong() {
        use EmailProblem::*;
        let cases: &[(&str, EmailProblem)] = &[
            ("", Empty),
            ("   ", Empty),
            ("ola.example.no", NoAt),
            ("ola@@example.no", SeveralAts),
            ("a@b@example.no", SeveralAts),
            ("@example.no", EmptyLocalPart),
            ("ola nordmann@example.no", Whitespace),
            ("ola\u{7}@example.no", Whitespace),
            (".ola@example.no", LocalPartDots),
            ("ola.@example.no", LocalPartDots),
            ("o..la@example.no", LocalPartDots),
            ("\"ola\"@example.no", Character('"')),
            ("ola<evil>@example.no", Character('<')),
            ("ola,kari@example.no", Character(',')),
            ("o\\la@example.no", Character('\\')),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_email(raw).as_ref(), Err(want), "{raw:?}");
        }
        assert_eq!(
            parse_email(&format!("{}@example.no", "x".repeat(65))),
            Err(LocalPartTooLong)
        );
        for raw in [
            "ola@",
            "ola@localhost",
            "ola@example..no",
            "ola@.example.no",
            "ola@-example.no",
            "ola@exam_ple.no",
            "ola@bøker.no",
        ] {
            assert!(matches!(parse_email(raw), Err(BadDomain { .. })), "{raw:?}");
        }
        let long_domain = format!("{}.no", vec!["a".repeat(61); 4].join("."));
        assert_eq!(long_domain.len(), 250);
        assert_eq!(parse_email(&format!("{}@{long_domain}", "o".repeat(10))), Err(TooLong));
    }

    #[test]
    fn emails_deserialize_only_when_valid() {
        let e: Email = serde_json::from_str(r#""ola@Example.no""#).unwrap();
        assert_eq!(e.as_str(), "ola@example.no");
        assert!(serde_json::from_str::<Email>(r#""ola""#).is_err());
    }

    proptest! {
        /// Whatever is typed, an accepted address is at most 254 bytes, has one @, and
        /// parsing it again gives it back.
        #[test]
        fn accepted_addresses_are_stable(raw in "\\PC{0,80}") {
            if let Ok(e) = parse_email(&raw) {
                prop_assert!(e.as_str().len() <= 254);
                prop_assert_eq!(e.as_str().matches('@').count(), 1);
                prop_assert_eq!(parse_email(e.as_str()), Ok(e.clone()));
            }
        }

        #[test]
        fn plain_addresses_are_accepted(local in "[a-z0-9._%+-]{1,20}", domain in "[a-z0-9]{1,20}\\.[a-z]{2,6}") {
            prop_assume!(!local.starts_with('.') && !local.ends_with('.') && !local.contains(".."));
            let e = parse_email(&format!("{local}@{domain}")).unwrap();
            prop_assert_eq!(e.local_part(), local.as_str());
        }
    }
}
