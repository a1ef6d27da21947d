//! The only module that talks to the Ladeklar server: JSON over HTTP (the browser's
//! `fetch`, [`fetch`]) and the live session stream (Server-Sent Events via `EventSource`).
//!
//! The base URL is the page's own origin, unless the desktop shell injected
//! `window.__LADEKLAR_SERVER__` (e.g. `http://127.0.0.1:8080`).
//!
//! How a request is signed in ([`credentials`]): a web page by the session cookie, which the
//! browser sends by itself, plus the `X-CSRF-Token` header (the `ladeklar_csrf` cookie's
//! value) on every state-changing request; the desktop shell by `Authorization: Bearer`.

mod accounts;
#[cfg(feature = "staff")]
mod admin;
mod cases;
mod charging;
pub mod credentials;
mod fetch;
#[cfg(feature = "staff")]
mod field;
mod live;
#[cfg(feature = "staff")]
mod owners;
mod payments;
#[cfg(feature = "staff")]
mod prices;
#[cfg(feature = "staff")]
mod visits;

pub use accounts::*;
#[cfg(feature = "staff")]
pub use admin::*;
pub use cases::*;
pub use charging::*;
#[cfg(feature = "staff")]
pub use field::*;
pub use live::*;
#[cfg(feature = "staff")]
pub use owners::*;
pub use payments::*;
#[cfg(feature = "staff")]
pub use prices::*;
#[cfg(feature = "staff")]
pub use visits::*;

use fetch::{FetchError, Method, RequestBuilder, Response};
use ladeklar_api::{ErrorCode, Problem};
use serde::de::DeserializeOwned;

/// Why a request did not give us what we asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem body: branch on its `code`.
    Problem(Problem),
    /// The server answered with an error status but no problem body.
    Status(u16),
    /// The server could not be reached.
    Network(String),
    /// The answer was not what the API promises.
    Decode(String),
}

impl ApiError {
    /// The stable error code, when the server gave one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Problem(p) => Some(p.code),
            _ => None,
        }
    }
}

/// Where the API lives: the injected server, or the page's origin.
pub fn base_url() -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let injected = js_sys::Reflect::get(&window, &"__LADEKLAR_SERVER__".into())
        .ok()
        .and_then(|v| v.as_string())
        .filter(|s| !s.trim().is_empty());
    match injected {
        Some(base) => base.trim().trim_end_matches('/').to_string(),
        None => window.location().origin().unwrap_or_default(),
    }
}

fn url(path: &str) -> String {
    format!("{}/api/v1{path}", base_url())
}

fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}

/// A request to `/api/v1{path}`, signed in the way this client is ([`credentials`]).
fn request(method: Method, path: &str) -> RequestBuilder {
    let changes_state = method != Method::GET && method != Method::HEAD;
    let builder = RequestBuilder::new(method, url(path));
    credentials::sign(builder, changes_state)
}

/// The body of a successful answer, or the problem.
async fn read<T: DeserializeOwned>(response: Result<Response, FetchError>) -> Result<T, ApiError> {
    let body = read_text(response).await?;
    serde_json::from_str(&body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// A successful answer with no body we need (204), or the problem.
async fn read_empty(response: Result<Response, FetchError>) -> Result<(), ApiError> {
    read_text(response).await.map(|_| ())
}

/// The text of a successful answer, or the problem.
async fn read_text(response: Result<Response, FetchError>) -> Result<String, ApiError> {
    let response = response.map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status;
    let success = response.is_success();
    let body = response.body;
    if success {
        Ok(body)
    } else {
        match serde_json::from_str::<Problem>(&body) {
            Ok(problem) => {
                if problem.code == ErrorCode::SignInRequired {
                    credentials::sign_in_required();
                }
                Err(ApiError::Problem(problem))
            }
            Err(_) => Err(ApiError::Status(status)),
        }
    }
}
