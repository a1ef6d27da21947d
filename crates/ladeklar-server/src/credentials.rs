//! HTTP Basic auth for chargers (OCPP 1.6 Security Profile 1). The password rules and the
//! stored hash live with the store (`ladeklar_store::credentials`), re-exported here.

use base64::Engine;

pub use ladeklar_store::credentials::{
    check_new_password, hash_password, new_charger_password, verify_password, PasswordError, MAX_PASSWORD_LEN,
    MIN_PASSWORD_LEN,
};

/// The user name and password of an `Authorization: Basic …` header value.
pub fn parse_basic_auth(header: &str) -> Option<(String, String)> {
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// The header value a charger sends: `Basic base64(id:password)`.
pub fn basic_auth_header(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_round_trips_and_rejects_garbage() {
        let h = basic_auth_header("CP-1", "pass:with:colons");
        assert_eq!(parse_basic_auth(&h), Some(("CP-1".into(), "pass:with:colons".into())));
        for bad in ["", "Basic", "Bearer abc", "Basic !!!", "Basic Q1AtMQ=="] {
            assert_eq!(parse_basic_auth(bad), None, "{bad}");
        }
    }
}
