//! The Ladeklar app shell: one window around the Leptos UI. Thin by design: no business
//! logic here; the UI talks to the platform server and `ladeklar-core` prices in the UI.
//!
//! The server's address comes from `LADEKLAR_SERVER_URL` (default `http://127.0.0.1:8080`)
//! and is handed to the UI as `window.__LADEKLAR_SERVER__` before any page script runs.

use tauri::{WebviewUrl, WebviewWindowBuilder};

/// Where the platform server is, unless `LADEKLAR_SERVER_URL` says otherwise.
pub const DEFAULT_SERVER_URL: &str = "http://127.0.0.1:8080";

/// The script that tells the UI where the server is. The URL is JSON-encoded, so no value
/// of the environment variable can break out of the string.
pub fn server_url_script(url: &str) -> String {
    let quoted = serde_json::to_string(url).unwrap_or_else(|_| "\"\"".into());
    format!("window.__LADEKLAR_SERVER__ = {quoted};")
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let server_url = std::env::var("LADEKLAR_SERVER_URL").unwrap_or_else(|_| DEFAULT_SERVER_URL.to_owned());
    let builder = tauri::Builder::default();
    #[cfg(mobile)]
    let builder = builder.plugin(tauri_plugin_nfc::init());
    let result = builder
        .setup(move |app| {
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                .title("Ladeklar")
                .inner_size(440.0, 860.0)
                .min_inner_size(360.0, 560.0)
                .initialization_script(server_url_script(&server_url))
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!());
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
}
