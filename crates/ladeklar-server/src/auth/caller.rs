//! The [`Caller`] extractor: every handler takes one, and asks it before it acts.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::connect_info::Connected;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum::serve::IncomingStream;
use ladeklar_api::SESSION_COOKIE;
use ladeklar_core::accounts::tokens::TokenProblem;
use ladeklar_core::accounts::{authorize, authorize_case_photo, AccessDenied, Action, ObjectOwner, Principal};
use ladeklar_store::UserRow;

use super::cookies;
use crate::error::ApiError;
use crate::AppState;

/// How the request carried its sign-in token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The `ladeklar_session` cookie (a web page).
    Cookie,
    /// `Authorization: Bearer` (the desktop and mobile shells).
    Bearer,
    /// `?access_token=` on a GET (the live view's `EventSource`, which cannot send headers).
    AccessToken,
}

/// Who is asking: a signed-in user, or nobody (no token, or one that no longer signs in —
/// kept to say why when the action needs an account).
#[derive(Debug, Clone, Default)]
pub struct Caller {
    user: Option<UserRow>,
    token: Option<(String, Via)>,
    problem: Option<TokenProblem>,
}

impl Caller {
    /// The signed-in user as the access table sees them.
    pub fn principal(&self) -> Option<Principal> {
        self.user.as_ref().map(UserRow::principal)
    }

    /// The signed-in user, or 401 `sign_in_required` saying why (signed out, expired,
    /// account disabled or deleted).
    pub fn user(&self) -> Result<&UserRow, ApiError> {
        self.user.as_ref().ok_or_else(|| self.sign_in_required())
    }

    /// The token this request was signed in by, and how it came.
    pub fn token(&self) -> Option<(&str, Via)> {
        self.token.as_ref().map(|(secret, via)| (secret.as_str(), *via))
    }

    /// Whether the caller may do `action` on `object` (core's access table), as the API's
    /// error: 401 `sign_in_required` or 403 `forbidden` naming why.
    pub fn allow(&self, action: Action, object: &ObjectOwner) -> Result<(), ApiError> {
        authorize(self.principal().as_ref(), action, object).map_err(|denied| self.refused(denied))
    }

    /// Whether the caller may see the photos of the case `object` (core's
    /// `authorize_case_photo`), as [`Caller::allow`] answers.
    pub fn allow_case_photo(&self, object: &ObjectOwner) -> Result<(), ApiError> {
        authorize_case_photo(self.principal().as_ref(), object).map_err(|denied| self.refused(denied))
    }

    fn refused(&self, denied: AccessDenied) -> ApiError {
        match denied {
            AccessDenied::SignInRequired => self.sign_in_required(),
            AccessDenied::Forbidden { why } => ApiError::Forbidden(why),
        }
    }

    fn sign_in_required(&self) -> ApiError {
        ApiError::SignInRequired(match &self.problem {
            Some(problem) => problem.to_string(),
            None => "sign in to do this".to_owned(),
        })
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some((secret, via)) = token_of(parts) else {
            return Ok(Caller::default());
        };
        Ok(match state.store.authenticate(&secret, state.now()).await? {
            Ok(user) => Caller {
                user: Some(user),
                token: Some((secret, via)),
                problem: None,
            },
            Err(problem) => Caller {
                user: None,
                token: Some((secret, via)),
                problem: Some(problem),
            },
        })
    }
}

/// The bearer header first (a shell that also holds cookies means the header), then the
/// cookie, then a GET's `access_token`.
fn token_of(parts: &Parts) -> Option<(String, Via)> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let value = value.to_str().ok()?;
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))?;
        return Some((token.trim().to_owned(), Via::Bearer));
    }
    if let Some(token) = cookies::read(&parts.headers, SESSION_COOKIE) {
        return Some((token, Via::Cookie));
    }
    if parts.method == Method::GET {
        let query = parts.uri.query()?;
        let token = query.split('&').find_map(|pair| pair.strip_prefix("access_token="))?;
        return Some((token.to_owned(), Via::AccessToken));
    }
    None
}

/// The client's IP address, for the per-address sign-in limit: the peer's, or behind a
/// trusted proxy (`--trusted-proxy`, e.g. HAProxy in front of several nodes) the last
/// address of its `X-Forwarded-For`.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl FromRequestParts<crate::AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &crate::AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(forwarded_client_address(
            parts,
            &state.config.trusted_proxies,
        )))
    }
}

/// As [`client_address`], but a request from one of `trusted` proxies is the client's that
/// the proxy appended last to `X-Forwarded-For` (a value that is no IP address is ignored).
fn forwarded_client_address(parts: &Parts, trusted: &[std::net::IpAddr]) -> String {
    let peer = parts.extensions.get::<ConnectInfo<PeerAddr>>().map(|c| c.0 .0.ip());
    if peer.is_some_and(|ip| trusted.contains(&ip)) {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .next_back()
            .and_then(|v| v.rsplit(',').next())
            .and_then(|last| last.trim().parse::<std::net::IpAddr>().ok());
        if let Some(client) = forwarded {
            return client.to_string();
        }
    }
    client_address(parts)
}

/// The peer's address, recorded per connection by `axum::serve` (over TCP or TLS alike), and
/// over TLS the client certificate it presented, if any (its chain verified by the handshake
/// against the charging-station CA: Security Profile 3).
#[derive(Debug, Clone)]
pub struct PeerAddr(pub SocketAddr, pub Option<ClientCertificate>);

/// A TLS client's certificate (DER), the first of the chain it presented.
pub type ClientCertificate = Arc<rustls::pki_types::CertificateDer<'static>>;

impl Connected<IncomingStream<'_, tokio::net::TcpListener>> for PeerAddr {
    fn connect_info(stream: IncomingStream<'_, tokio::net::TcpListener>) -> Self {
        PeerAddr(*stream.remote_addr(), None)
    }
}

impl Connected<IncomingStream<'_, crate::tls::TlsListener>> for PeerAddr {
    fn connect_info(stream: IncomingStream<'_, crate::tls::TlsListener>) -> Self {
        let certificate = stream
            .io()
            .get_ref()
            .1
            .peer_certificates()
            .and_then(<[_]>::first)
            .map(|c| Arc::new(c.clone().into_owned()));
        PeerAddr(*stream.remote_addr(), certificate)
    }
}

/// The client's IP address ("unknown" when the server was not served with connection
/// info, as in router unit tests).
fn client_address(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<PeerAddr>>()
        .map(|c| c.0 .0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    fn parts(req: Request<()>) -> Parts {
        req.into_parts().0
    }

    #[test]
    fn x_forwarded_for_names_the_client_only_behind_a_trusted_proxy() {
        let from = |peer: &str, xff: &[&str]| {
            let mut req = Request::get("/x");
            for v in xff {
                req = req.header("x-forwarded-for", *v);
            }
            let mut p = parts(req.body(()).unwrap());
            p.extensions
                .insert(ConnectInfo(PeerAddr(format!("{peer}:4000").parse().unwrap(), None)));
            p
        };
        let proxy: std::net::IpAddr = "10.0.0.2".parse().unwrap();
        let behind = from("10.0.0.2", &["1.1.1.1", "203.0.113.9, 198.51.100.7"]);
        assert_eq!(forwarded_client_address(&behind, &[proxy]), "198.51.100.7");
        assert_eq!(forwarded_client_address(&behind, &[]), "10.0.0.2", "no proxy trusted");
        let direct = from("192.0.2.1", &["198.51.100.7"]);
        assert_eq!(
            forwarded_client_address(&direct, &[proxy]),
            "192.0.2.1",
            "not from the proxy"
        );
        let garbage = from("10.0.0.2", &["not-an-ip"]);
        assert_eq!(forwarded_client_address(&garbage, &[proxy]), "10.0.0.2");
    }

    #[test]
    fn the_bearer_header_wins_then_the_cookie_then_a_gets_access_token() {
        let both = parts(
            Request::get("/x?access_token=q")
                .header("authorization", "Bearer b1")
                .header("cookie", "ladeklar_session=c1")
                .body(())
                .unwrap(),
        );
        assert_eq!(token_of(&both), Some(("b1".into(), Via::Bearer)));
        let cookie = parts(
            Request::get("/x?access_token=q")
                .header("cookie", "ladeklar_session=c1")
                .body(())
                .unwrap(),
        );
        assert_eq!(token_of(&cookie), Some(("c1".into(), Via::Cookie)));
        let query = parts(Request::get("/x?a=1&access_token=q").body(()).unwrap());
        assert_eq!(token_of(&query), Some(("q".into(), Via::AccessToken)));
        let post = parts(Request::post("/x?access_token=q").body(()).unwrap());
        assert_eq!(token_of(&post), None);
        let basic = parts(
            Request::get("/x")
                .header("authorization", "Basic abc")
                .body(())
                .unwrap(),
        );
        assert_eq!(token_of(&basic), None);
    }
}
