//! Which web pages of other origins may call the API from a browser (CORS).
//!
//! None by default: the web UI is served by this server, same origin, and needs no CORS.
//! The desktop shell (Tauri 2) loads the same UI from its own origin and calls the server
//! given at run time, so its origins are always allowed: only a Tauri webview has them (a web
//! page cannot), and a program on the user's machine can call the API without any browser
//! anyway. Other origins (a portal on another host) are configured with `--cors-origin`.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use axum::http::{header, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The desktop shell's origins, always allowed: Tauri 2 serves the UI from
/// `tauri://localhost` on Linux, macOS and iOS, and from `http://tauri.localhost` on Windows
/// and Android (`https://tauri.localhost` with its `useHttpsScheme` option).
pub const DESKTOP_ORIGINS: [&str; 3] = ["tauri://localhost", "http://tauri.localhost", "https://tauri.localhost"];

/// A configured web origin, `http(s)://host[:port]`, in the form browsers send in `Origin`
/// (lowercase, no default port), so it compares equal to the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsOrigin(String);

/// Why a configured origin was refused; names it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("CORS origin {origin:?}: {why} (an origin is http(s)://host[:port], e.g. https://portal.example.com)")]
pub struct CorsOriginError {
    pub origin: String,
    pub why: &'static str,
}

impl FromStr for CorsOrigin {
    type Err = CorsOriginError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refuse = |why| CorsOriginError {
            origin: text.to_owned(),
            why,
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(refuse("empty"));
        }
        if trimmed == "*" || trimmed == "null" {
            return Err(refuse("not one origin: list each origin allowed"));
        }
        let lower = trimmed.to_ascii_lowercase();
        let (scheme, authority) = lower
            .split_once("://")
            .ok_or_else(|| refuse("no scheme (http:// or https://)"))?;
        let default_port = match scheme {
            "http" => "80",
            "https" => "443",
            _ => {
                return Err(refuse(
                    "only http:// and https:// origins can be configured (the desktop shell's are always allowed)",
                ))
            }
        };
        if authority.contains(['/', '?', '#']) {
            return Err(refuse(
                "an origin has no path, query or fragment, not even a trailing /",
            ));
        }
        if authority.contains('@') {
            return Err(refuse("an origin has no user name or password"));
        }
        let (host, port) = split_port(authority).ok_or_else(|| refuse("the port is not a number from 1 to 65535"))?;
        if !valid_host(host) {
            return Err(refuse("no host, or a host with characters a host name cannot have"));
        }
        let origin = match port {
            Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
            _ => format!("{scheme}://{host}"),
        };
        Ok(Self(origin))
    }
}

/// `host[:port]` → (host, port); `None` for a port that is not 1–65535.
fn split_port(authority: &str) -> Option<(&str, Option<&str>)> {
    // An IPv6 address is bracketed: [::1]:8080.
    let port_at = match authority.rfind(':') {
        Some(at) if !authority[at..].contains(']') => at,
        _ => return Some((authority, None)),
    };
    let (host, port) = (&authority[..port_at], &authority[port_at + 1..]);
    let valid =
        !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok_and(|p| p > 0);
    valid.then_some((host, Some(port)))
}

fn valid_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return inner.parse::<std::net::Ipv6Addr>().is_ok();
    }
    !host.is_empty()
        && !host.starts_with(['.', '-'])
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

impl CorsOrigin {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CorsOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The CORS layer: the desktop shell's origins and `configured` may call the API (GET and
/// POST with a JSON body); any other origin gets no `Access-Control-Allow-Origin`, so a
/// browser does not let its page read the answer or send the preflighted request.
pub fn layer(configured: &[CorsOrigin]) -> CorsLayer {
    let origins: Vec<HeaderValue> = DESKTOP_ORIGINS
        .iter()
        .copied()
        .chain(configured.iter().map(CorsOrigin::as_str))
        // Every configured origin is visible ASCII (checked by `from_str`).
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        // The shells sign in with a bearer token; no credentials (cookies) cross origins.
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .max_age(Duration::from_secs(600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_read_in_the_form_browsers_send() {
        for (text, origin) in [
            ("https://portal.example.com", "https://portal.example.com"),
            ("http://localhost:3000", "http://localhost:3000"),
            ("  HTTPS://Portal.Example.COM ", "https://portal.example.com"),
            ("https://portal.example.com:443", "https://portal.example.com"),
            ("http://127.0.0.1:80", "http://127.0.0.1"),
            ("http://127.0.0.1:8443", "http://127.0.0.1:8443"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ] {
            assert_eq!(
                text.parse::<CorsOrigin>().map(|o| o.to_string()),
                Ok(origin.into()),
                "{text}"
            );
        }
    }

    #[test]
    fn a_bad_origin_is_named_with_what_is_wrong() {
        for (text, why) in [
            ("", "empty"),
            ("*", "list each origin"),
            ("portal.example.com", "no scheme"),
            ("ftp://portal.example.com", "only http:// and https://"),
            ("tauri://localhost", "always allowed"),
            ("https://portal.example.com/", "not even a trailing /"),
            ("https://portal.example.com/app", "no path"),
            ("https://user:pw@portal.example.com", "no user name"),
            ("https://portal.example.com:0", "port"),
            ("https://portal.example.com:99999", "port"),
            ("https://portal.example.com:", "port"),
            ("https://", "no host"),
            ("https://portal example.com", "cannot have"),
            ("http://[nope]:80", "cannot have"),
        ] {
            let e = text.parse::<CorsOrigin>().unwrap_err();
            let message = e.to_string();
            assert!(
                message.starts_with(&format!("CORS origin {text:?}: ")) && message.contains(why),
                "{text}: {message}"
            );
        }
    }
}
