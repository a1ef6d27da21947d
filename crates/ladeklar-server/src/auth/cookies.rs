//! The two cookies of a web sign-in. `ladeklar_session` holds the sign-in token: HttpOnly
//! (no script reads it), SameSite=Strict (no other site's page sends it), Secure under TLS,
//! 30 days like the token. `ladeklar_csrf` holds [`csrf_token`] of it, readable by the page,
//! which echoes it in `X-CSRF-Token` on every state-changing request (see `csrf`).

use axum::http::{header, HeaderMap, HeaderValue};
use cookie::{Cookie, SameSite};
use ladeklar_api::{CSRF_COOKIE, SESSION_COOKIE};
use ladeklar_core::accounts::tokens::SIGN_IN_TOKEN_LIFETIME;
use sha2::{Digest, Sha256};

/// The CSRF token that goes with a sign-in token: derived from it (SHA-256 with a label), so
/// the server keeps nothing more, and a cookie planted by another (sub)domain without the
/// HttpOnly session secret cannot match it.
pub fn csrf_token(session_secret: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(b"ladeklar-csrf\0");
    hash.update(session_secret.as_bytes());
    hex::encode(hash.finalize())
}

/// A named cookie's value from the request's `Cookie` headers.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// `Set-Cookie` values that sign this browser in with `secret`.
pub fn sign_in(secret: &str, secure: bool) -> [HeaderValue; 2] {
    let max_age = cookie::time::Duration::seconds(SIGN_IN_TOKEN_LIFETIME.num_seconds());
    let session = Cookie::build((SESSION_COOKIE, secret.to_owned()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .max_age(max_age);
    let csrf = Cookie::build((CSRF_COOKIE, csrf_token(secret)))
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .max_age(max_age);
    [header_value(session.build()), header_value(csrf.build())]
}

/// `Set-Cookie` values that end the browser's sign-in.
pub fn sign_out(secure: bool) -> [HeaderValue; 2] {
    [SESSION_COOKIE, CSRF_COOKIE].map(|name| {
        let cookie = Cookie::build((name, ""))
            .http_only(name == SESSION_COOKIE)
            .same_site(SameSite::Strict)
            .secure(secure)
            .path("/")
            .max_age(cookie::time::Duration::ZERO);
        header_value(cookie.build())
    })
}

fn header_value(cookie: Cookie<'_>) -> HeaderValue {
    // A cookie built from hex secrets and fixed names is always a valid header value.
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_http_only_strict_and_secure_under_tls() {
        let [session, csrf] = sign_in("abc", true);
        let session = session.to_str().unwrap();
        assert!(session.starts_with("ladeklar_session=abc;"), "{session}");
        for part in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/", "Max-Age=2592000"] {
            assert!(session.contains(part), "{session} lacks {part}");
        }
        let csrf = csrf.to_str().unwrap();
        assert!(
            csrf.contains(&csrf_token("abc")) && !csrf.contains("HttpOnly"),
            "{csrf}"
        );
        let [plain, _] = sign_in("abc", false);
        assert!(!plain.to_str().unwrap().contains("Secure"));
    }

    #[test]
    fn signing_out_empties_both_cookies() {
        for v in sign_out(false) {
            let v = v.to_str().unwrap();
            assert!(v.contains("=;") && v.contains("Max-Age=0"), "{v}");
        }
    }

    #[test]
    fn cookies_are_read_from_any_cookie_header() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; ladeklar_csrf=xyz"));
        headers.append(header::COOKIE, HeaderValue::from_static("ladeklar_session=s3"));
        assert_eq!(read(&headers, "ladeklar_session").as_deref(), Some("s3"));
        assert_eq!(read(&headers, "ladeklar_csrf").as_deref(), Some("xyz"));
        assert_eq!(read(&headers, "nope"), None);
    }

    #[test]
    fn the_csrf_token_depends_on_the_session() {
        assert_ne!(csrf_token("a"), csrf_token("b"));
        assert_eq!(csrf_token("a").len(), 64);
    }
}
