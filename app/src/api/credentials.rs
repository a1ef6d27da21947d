//! How this client proves who is asking: a bearer token held in memory (the desktop shell,
//! which keeps it in the OS secure store between runs), else the browser's cookies with the
//! CSRF header on state-changing requests.

use std::cell::RefCell;

use ladeklar_api::{CSRF_COOKIE, CSRF_HEADER};

thread_local! {
    static BEARER: RefCell<Option<String>> = const { RefCell::new(None) };
    static ON_SIGN_IN_REQUIRED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// What to do when the server answers `sign_in_required` (the sign-in ended elsewhere: signed
/// out on every device, a password change, an expired token).
pub fn on_sign_in_required(f: impl Fn() + 'static) {
    ON_SIGN_IN_REQUIRED.with(|h| *h.borrow_mut() = Some(Box::new(f)));
}

pub(super) fn sign_in_required() {
    ON_SIGN_IN_REQUIRED.with(|h| {
        if let Some(f) = h.borrow().as_ref() {
            f();
        }
    });
}

/// The bearer token this window signs its requests with (none: cookies, or signed out).
pub fn bearer() -> Option<String> {
    BEARER.with(|b| b.borrow().clone())
}

/// From now on, sign requests with this token (or with cookies, when none).
pub fn set_bearer(token: Option<String>) {
    BEARER.with(|b| *b.borrow_mut() = token);
}

/// A cookie the page may read, by name.
fn cookie(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let all = js_sys::Reflect::get(&document, &"cookie".into()).ok()?.as_string()?;
    cookie_value(&all, name)
}

/// `name`'s value in a `document.cookie` string ("a=1; b=2").
pub fn cookie_value(cookies: &str, name: &str) -> Option<String> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

pub(super) fn sign(builder: super::fetch::RequestBuilder, changes_state: bool) -> super::fetch::RequestBuilder {
    if let Some(token) = bearer() {
        return builder.header("Authorization", format!("Bearer {token}"));
    }
    match cookie(CSRF_COOKIE) {
        Some(csrf) if changes_state => builder.header(CSRF_HEADER, csrf),
        _ => builder,
    }
}

/// The header a request made outside [`sign`] (an upload with progress) carries: the bearer
/// token, else the CSRF cookie's value.
pub(super) fn auth_header() -> Option<(String, String)> {
    if let Some(token) = bearer() {
        return Some(("Authorization".to_string(), format!("Bearer {token}")));
    }
    cookie(CSRF_COOKIE).map(|csrf| (CSRF_HEADER.to_string(), csrf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csrf_cookie_is_read_by_its_exact_name() {
        let jar = "ladeklar.lang=nb; ladeklar_csrf=abc123; other_ladeklar_csrf=no";
        assert_eq!(cookie_value(jar, "ladeklar_csrf").as_deref(), Some("abc123"));
        assert_eq!(cookie_value("", "ladeklar_csrf"), None);
        assert_eq!(cookie_value("ladeklar_csrf=", "ladeklar_csrf"), None);
        assert_eq!(
            cookie_value("x=1;ladeklar_csrf=q=w", "ladeklar_csrf").as_deref(),
            Some("q=w")
        );
    }
}
