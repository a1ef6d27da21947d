//! The Ladeklar app shell: one window around the Leptos UI. Thin by design: no business
//! logic here; the UI talks to the platform server and `ladeklar-core` prices in the UI.
//!
//! The server's address comes from `LADEKLAR_SERVER_URL` (default `http://127.0.0.1:8080`)
//! and is handed to the UI as `window.__LADEKLAR_SERVER__` before any page script runs.
//!
//! The window's content security policy is `app.security.csp` in `tauri.conf.json` (only our
//! own scripts and the wasm they compile; Tauri adds the hashes of the page's inline scripts
//! at build time) with the server's origin added to `connect-src` here, at start: the server
//! is known only at run time, and Tauri builds the policy from its configuration on each page
//! load, so the window may talk to that one server and nowhere else.
//!
//! The signed-in user's bearer token lives in the OS secure store ([`token_store`]), reached
//! by the UI through the `auth_token_get`, `auth_token_set` and `auth_token_delete` commands.
//!
//! The technician's drafts and outbox live in the app's data folder ([`field_store`]), through
//! the `field_store_put`, `field_store_get`, `field_store_all` and `field_store_delete`
//! commands: what was made on site without a connection outlives a restart of the app.

mod field_store;
mod nfc;
mod token_store;

use std::collections::HashMap;

use tauri::utils::config::{Csp, CspDirectiveSources};
use tauri::{Manager, Url, WebviewUrl, WebviewWindowBuilder};

/// Where the platform server is, unless `LADEKLAR_SERVER_URL` says otherwise.
pub const DEFAULT_SERVER_URL: &str = "http://127.0.0.1:8080";

/// The script that tells the UI where the server is. The URL is JSON-encoded, so no value
/// of the environment variable can break out of the string.
pub fn server_url_script(url: &str) -> String {
    let quoted = serde_json::to_string(url).unwrap_or_else(|_| "\"\"".into());
    format!("window.__LADEKLAR_SERVER__ = {quoted};")
}

/// The server's origin (`scheme://host[:port]`) for the content security policy, from the
/// server URL; only an http:// or https:// URL is a server.
pub fn server_origin(url: &str) -> Result<String, String> {
    let parsed = Url::parse(url.trim()).map_err(|e| format!("LADEKLAR_SERVER_URL {url:?} is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!("LADEKLAR_SERVER_URL {url:?} is not an http:// or https:// URL"));
    }
    Ok(parsed.origin().ascii_serialization())
}

/// `csp` with `origin` added to `connect-src` (the UI's JSON requests and the live session's
/// event stream), keeping what is there (`'self'` for the wasm, Tauri's IPC); a policy
/// without `connect-src` gets `'self'` and `origin`.
pub fn csp_connecting_to(csp: Csp, origin: &str) -> Csp {
    csp_allowing(csp, "connect-src", origin)
}

/// `csp` with `origin` added to `directive` (created with `'self'` when missing), once.
pub fn csp_allowing(csp: Csp, directive: &str, origin: &str) -> Csp {
    let mut directives: HashMap<String, CspDirectiveSources> = csp.into();
    let sources = directives
        .entry(directive.to_owned())
        .or_insert_with(|| CspDirectiveSources::List(vec!["'self'".to_owned()]));
    if !sources.contains(origin) {
        sources.push(origin);
    }
    Csp::DirectiveMap(directives)
}

/// Stripe.js from somewhere else than Stripe (`LADEKLAR_STRIPE_JS_URL`, e.g. the local fake of
/// the demo): its origin may serve the script and answer its calls.
fn csp_with_stripe_js(csp: Csp, stripe_js_origin: Option<&str>) -> Csp {
    match stripe_js_origin {
        Some(origin) => csp_allowing(csp_allowing(csp, "script-src", origin), "connect-src", origin),
        None => csp,
    }
}

/// Leaflet's subdomains for `{s}` in a tile URL (the app's map gives it no others).
const TILE_SUBDOMAINS: [&str; 3] = ["a", "b", "c"];

/// The origins the map's tiles come from, for `img-src`, from the tile URL template the
/// server is given (`LADEKLAR_MAP_TILES_URL`, `{z}/{x}/{y}`, maybe `{s}` and `{r}`): its
/// host, or one host per subdomain for `{s}`; a path on the server (`/tiles/…`) is the
/// server's origin. Never a wildcard: the window loads images from these hosts only.
pub fn tile_origins(template: &str, server_origin: &str) -> Result<Vec<String>, String> {
    let template = template.trim();
    if template.starts_with('/') && !template.starts_with("//") {
        return Ok(vec![server_origin.to_owned()]);
    }
    let refused = |why: &str| format!("LADEKLAR_MAP_TILES_URL {template:?} {why}");
    let subdomains: &[&str] = if template.contains("{s}") {
        &TILE_SUBDOMAINS
    } else {
        &[""]
    };
    let mut origins = Vec::new();
    for subdomain in subdomains {
        let url =
            Url::parse(&template.replace("{s}", subdomain)).map_err(|e| refused(&format!("is not a URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(refused("is not an http:// or https:// URL"));
        }
        match url.host_str() {
            Some(host) if !host.contains(['{', '}', '%']) => {}
            _ => return Err(refused("has no plain host name")),
        }
        let origin = url.origin().ascii_serialization();
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(origins)
}

/// `csp` allowing images from `origins` (the map's tiles).
fn csp_with_tiles(csp: Csp, origins: &[String]) -> Csp {
    origins
        .iter()
        .fold(csp, |csp, origin| csp_allowing(csp, "img-src", origin))
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let server_url = std::env::var("LADEKLAR_SERVER_URL").unwrap_or_else(|_| DEFAULT_SERVER_URL.to_owned());
    let origin = match server_origin(&server_url) {
        Ok(origin) => origin,
        Err(e) => {
            eprintln!("Ladeklar could not start: {e}");
            std::process::exit(1);
        }
    };
    // The map's tile server, when the deployment has one: the same variable the server reads.
    let tiles = match std::env::var("LADEKLAR_MAP_TILES_URL") {
        Ok(template) if !template.trim().is_empty() => match tile_origins(&template, &origin) {
            Ok(origins) => origins,
            Err(e) => {
                eprintln!("Ladeklar could not start: {e}");
                std::process::exit(1);
            }
        },
        _ => Vec::new(),
    };
    let mut context = tauri::generate_context!();
    // Tauri reads the policy from this configuration for every page it serves.
    let security = &mut context.config_mut().app.security;
    let stripe_js = std::env::var("LADEKLAR_STRIPE_JS_URL")
        .ok()
        .and_then(|url| Url::parse(&url).ok())
        .map(|url| url.origin().ascii_serialization());
    let policy = |csp: Csp| {
        csp_with_tiles(
            csp_with_stripe_js(csp_connecting_to(csp, &origin), stripe_js.as_deref()),
            &tiles,
        )
    };
    security.csp = security.csp.take().map(policy);
    security.dev_csp = security.dev_csp.take().map(policy);
    // The notification plugin replaces the webview's `Notification` with the system's.
    let builder = tauri::Builder::default().plugin(tauri_plugin_notification::init());
    #[cfg(mobile)]
    let builder = builder.plugin(tauri_plugin_nfc::init());
    let result = builder
        .invoke_handler(tauri::generate_handler![
            token_store::auth_token_get,
            token_store::auth_token_set,
            token_store::auth_token_delete,
            field_store::field_store_put,
            field_store::field_store_get,
            field_store::field_store_all,
            field_store::field_store_delete,
            nfc::nfc_read_tag_uid
        ])
        .setup(move |app| {
            let data = app.path().app_data_dir()?;
            app.manage(field_store::Shared(field_store::FieldStore::new(data.join("field"))));
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Ladeklar")
                .inner_size(440.0, 860.0)
                .min_inner_size(360.0, 560.0)
                .initialization_script(server_url_script(&server_url))
                .build()?;
            Ok(())
        })
        .run(context);
    if let Err(e) = result {
        eprintln!("Ladeklar could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_url_is_passed_as_a_json_string() {
        assert_eq!(
            server_url_script("http://127.0.0.1:8080"),
            r#"window.__LADEKLAR_SERVER__ = "http://127.0.0.1:8080";"#
        );
        assert_eq!(
            server_url_script("\";alert(1);//"),
            r#"window.__LADEKLAR_SERVER__ = "\";alert(1);//";"#
        );
    }

    #[test]
    fn the_server_origin_is_the_urls_scheme_host_and_port() {
        for (url, origin) in [
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            ("https://ladeklar.example/app/", "https://ladeklar.example"),
            ("http://LOCALHOST:80", "http://localhost"),
            (" https://ladeklar.example:8443 ", "https://ladeklar.example:8443"),
        ] {
            assert_eq!(server_origin(url).as_deref(), Ok(origin), "{url}");
        }
        for bad in [
            "",
            "127.0.0.1:8080",
            "ftp://ladeklar.example",
            "file:///srv/ladeklar",
            "http//x",
        ] {
            let e = server_origin(bad).unwrap_err();
            assert!(e.starts_with(&format!("LADEKLAR_SERVER_URL {bad:?} ")), "{e}");
        }
    }

    /// The shipped policy, directive → sources, after the server's origin is added.
    fn shipped_policy_for(origin: &str) -> HashMap<String, Vec<String>> {
        let config: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let csp: Csp = serde_json::from_value(config["app"]["security"]["csp"].clone()).unwrap();
        let policy = csp_connecting_to(csp, origin).to_string();
        policy
            .split(';')
            .map(|directive| {
                let mut words = directive.split_whitespace().map(str::to_owned);
                (words.next().unwrap(), words.collect())
            })
            .collect()
    }

    #[test]
    fn the_window_may_connect_to_its_server_and_load_only_its_own_code() {
        let policy = shipped_policy_for("http://127.0.0.1:41234");
        let sources = |directive: &str| policy.get(directive).cloned().unwrap_or_default();
        assert_eq!(sources("default-src"), ["'self'"]);
        // wasm-bindgen's loader compiles the UI's wasm: 'wasm-unsafe-eval', not 'unsafe-eval';
        // Stripe.js collects cards (its script, its frames, its API).
        assert_eq!(
            sources("script-src"),
            ["'self'", "'wasm-unsafe-eval'", "https://js.stripe.com"]
        );
        assert_eq!(
            sources("frame-src"),
            ["https://js.stripe.com", "https://hooks.stripe.com"]
        );
        let connect = sources("connect-src");
        for needed in [
            "'self'",
            "http://127.0.0.1:41234",
            "ipc:",
            "http://ipc.localhost",
            "https://api.stripe.com",
        ] {
            assert!(
                connect.iter().any(|s| s == needed),
                "connect-src {connect:?} lacks {needed}"
            );
        }
        assert_eq!(connect.len(), 5, "nothing else: {connect:?}");
        let everything: Vec<&String> = policy.values().flatten().collect();
        for loose in ["'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"] {
            assert!(!everything.iter().any(|s| *s == loose), "{loose} in {policy:?}");
        }
    }

    #[test]
    fn a_stripe_js_elsewhere_may_serve_its_script_and_be_called() {
        let csp = csp_with_stripe_js(Csp::Policy("script-src 'self'".into()), Some("http://127.0.0.1:8420"));
        let text = csp.to_string();
        assert!(text.contains("script-src 'self' http://127.0.0.1:8420"), "{text}");
        assert!(text.contains("connect-src 'self' http://127.0.0.1:8420"), "{text}");
        let unchanged = csp_with_stripe_js(Csp::Policy("script-src 'self'".into()), None).to_string();
        assert_eq!(unchanged, "script-src 'self'");
    }

    #[test]
    fn map_tiles_are_allowed_from_their_hosts_only() {
        let server = "http://127.0.0.1:8080";
        for (template, origins) in [
            (
                "https://tiles.example.no/{z}/{x}/{y}.png",
                vec!["https://tiles.example.no"],
            ),
            (
                "https://tiles.example.no:8443/osm/{z}/{x}/{y}{r}.png",
                vec!["https://tiles.example.no:8443"],
            ),
            (
                "https://{s}.tile.example.org/{z}/{x}/{y}.png",
                vec![
                    "https://a.tile.example.org",
                    "https://b.tile.example.org",
                    "https://c.tile.example.org",
                ],
            ),
            ("/tiles/{z}/{x}/{y}.png", vec![server]),
        ] {
            assert_eq!(
                tile_origins(template, server),
                Ok(origins.iter().map(|o| o.to_string()).collect()),
                "{template}"
            );
        }
        for bad in [
            "ftp://tiles.example.no/{z}/{x}/{y}",
            "tiles.example.no/{z}/{x}/{y}",
            "https://{z}.example.no/{x}/{y}",
        ] {
            let e = tile_origins(bad, server).unwrap_err();
            assert!(e.starts_with("LADEKLAR_MAP_TILES_URL "), "{bad}: {e}");
        }
        // The shipped policy plus the tiles: images from self, data:, the page's own blob: URLs (photos
        // kept on the device) and those hosts, nothing else.
        let config: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let csp: Csp = serde_json::from_value(config["app"]["security"]["csp"].clone()).unwrap();
        let origins = tile_origins("https://{s}.tile.example.org/{z}/{x}/{y}.png", server).unwrap();
        let text = csp_with_tiles(csp, &origins).to_string();
        let img = text
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("img-src"))
            .unwrap();
        assert_eq!(
            img,
            "img-src 'self' data: blob: https://a.tile.example.org https://b.tile.example.org https://c.tile.example.org"
        );
    }

    #[test]
    fn a_policy_without_connect_src_gets_self_and_the_server() {
        let csp = csp_connecting_to(Csp::Policy("default-src 'self'".into()), "https://ladeklar.example");
        let text = csp.to_string();
        assert!(text.contains("connect-src 'self' https://ladeklar.example"), "{text}");
        assert!(text.contains("default-src 'self'"), "{text}");
        // Adding the same origin twice lists it once.
        let twice = csp_connecting_to(csp, "https://ladeklar.example").to_string();
        assert_eq!(twice.matches("https://ladeklar.example").count(), 1, "{twice}");
    }
}
