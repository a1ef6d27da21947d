//! CSRF protection: a request that changes state (any method but GET, HEAD, OPTIONS) and is
//! signed in by the session cookie must carry `X-CSRF-Token` equal to the CSRF token of that
//! cookie (`cookies::csrf_token`), compared in constant time; otherwise 403 `csrf_rejected`
//! before any handler runs. A request with `Authorization: Bearer` is signed in by the header,
//! which no other site can make a browser send, and its cookies are ignored.

use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ladeklar_api::{CSRF_HEADER, SESSION_COOKIE};
use subtle::ConstantTimeEq;

use super::cookies;
use crate::error::ApiError;

pub async fn check(request: Request, next: Next) -> Response {
    if let Err(e) = verdict(&request) {
        return e.into_response();
    }
    next.run(request).await
}

fn verdict(request: &Request) -> Result<(), ApiError> {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let headers = request.headers();
    if headers.contains_key(header::AUTHORIZATION) {
        return Ok(());
    }
    let Some(session) = cookies::read(headers, SESSION_COOKIE) else {
        return Ok(());
    };
    let expected = cookies::csrf_token(&session);
    let given = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
    if bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(())
    } else if given.is_empty() {
        Err(ApiError::CsrfRejected("the X-CSRF-Token header is missing"))
    } else {
        Err(ApiError::CsrfRejected(
            "the X-CSRF-Token header does not match this sign-in's ladeklar_csrf cookie",
        ))
    }
}
