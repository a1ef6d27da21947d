//! CORS: only the configured origins (`--cors-origin`) and the desktop shell's own origins
//! may call the API from a browser; any other page's origin gets no
//! `Access-Control-Allow-Origin`, for simple requests and preflights alike.

use reqwest::header::{
    HeaderMap, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, VARY,
};
use reqwest::Method;

use crate::support::TestApp;

const PORTAL: &str = "https://portal.example.com";
const FOREIGN: &str = "https://elsewhere.example.com";
const CHARGERS: &str = "/api/v1/chargers?lat=59.91&lon=10.75&limit=3";

/// `GET path` from a page of `origin`: the status and the answer's headers.
async fn get_from(app: &TestApp, origin: &str, path: &str) -> (u16, HeaderMap) {
    let r = app
        .http
        .get(app.url(path))
        .header("origin", origin)
        .send()
        .await
        .expect("GET");
    (r.status().as_u16(), r.headers().clone())
}

/// The browser's preflight for `POST path` with a JSON body from a page of `origin`.
async fn preflight_from(app: &TestApp, origin: &str, path: &str) -> (u16, HeaderMap) {
    let r = app
        .http
        .request(Method::OPTIONS, app.url(path))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .expect("OPTIONS");
    (r.status().as_u16(), r.headers().clone())
}

fn allowed_origin(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(ACCESS_CONTROL_ALLOW_ORIGIN)
        .map(|v| v.to_str().expect("ASCII header"))
}

#[tokio::test]
async fn only_configured_origins_and_the_desktop_shell_get_cors_headers() {
    let app = TestApp::start_with(|config| {
        config.cors_origins = vec![PORTAL.parse().expect("a valid origin")];
    })
    .await;

    // A configured origin: allowed, for a plain GET and for the preflight of a JSON POST.
    let (status, headers) = get_from(&app, PORTAL, CHARGERS).await;
    assert_eq!(status, 200);
    assert_eq!(allowed_origin(&headers), Some(PORTAL));
    // Every Vary field (gzip adds its own `accept-encoding`; HTTP joins repeated fields).
    let vary = Some(
        headers
            .get_all(VARY)
            .iter()
            .map(|v| v.to_str().unwrap().to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(", "),
    );
    assert!(
        vary.as_deref().is_some_and(|v| v.contains("origin")),
        "answers differ by Origin, so caches must know: {vary:?}"
    );
    let (status, headers) = preflight_from(&app, PORTAL, "/api/v1/sessions").await;
    assert!((200..300).contains(&status), "preflight answered {status}");
    assert_eq!(allowed_origin(&headers), Some(PORTAL));
    let methods = headers[ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap();
    assert!(methods.contains("POST"), "{methods}");
    let allowed_headers = headers[ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed_headers.contains("content-type"), "{allowed_headers}");

    // A foreign origin: no Access-Control-Allow-Origin, so its page cannot read the answer
    // nor send the JSON POST.
    let (status, headers) = get_from(&app, FOREIGN, CHARGERS).await;
    assert_eq!(status, 200, "the request itself is served; the browser withholds it");
    assert_eq!(allowed_origin(&headers), None);
    let (_, headers) = preflight_from(&app, FOREIGN, "/api/v1/sessions").await;
    assert_eq!(allowed_origin(&headers), None);
    // Nor a look-alike of the configured one.
    for near_miss in [
        "http://portal.example.com",
        "https://portal.example.com:8443",
        "https://evil-portal.example.com",
    ] {
        let (_, headers) = get_from(&app, near_miss, CHARGERS).await;
        assert_eq!(allowed_origin(&headers), None, "{near_miss}");
    }

    // The desktop shell's origins are always allowed.
    for desktop in ["tauri://localhost", "http://tauri.localhost"] {
        let (_, headers) = get_from(&app, desktop, CHARGERS).await;
        assert_eq!(allowed_origin(&headers), Some(desktop));
        let (_, headers) = preflight_from(&app, desktop, "/api/v1/sessions").await;
        assert_eq!(allowed_origin(&headers), Some(desktop));
    }
}

#[tokio::test]
async fn without_configuration_only_the_desktop_shell_is_allowed() {
    let app = TestApp::start().await;
    for foreign in [PORTAL, "http://localhost:3000", "null"] {
        let (_, headers) = get_from(&app, foreign, CHARGERS).await;
        assert_eq!(allowed_origin(&headers), None, "{foreign}");
        let (_, headers) = preflight_from(&app, foreign, "/api/v1/sessions").await;
        assert_eq!(allowed_origin(&headers), None, "{foreign}");
    }
    let (_, headers) = preflight_from(&app, "tauri://localhost", "/api/v1/sessions").await;
    assert_eq!(allowed_origin(&headers), Some("tauri://localhost"));
    // The web UI's own origin sends no CORS request to begin with; a request without
    // Origin (curl, the command line) is served as before.
    let (status, body) = app.get(CHARGERS).await;
    assert_eq!(status, 200, "{body}");
}
