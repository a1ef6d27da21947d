//! The desktop shell, when the UI runs inside it (`window.__TAURI_INTERNALS__`): the bearer
//! token in the operating system's secure store, through the shell's `auth_token_get`,
//! `auth_token_set` and `auth_token_delete` commands, keyed by the server's URL. Never
//! localStorage.
//!
//! The shell carries both builds of the UI: the driver's (`index.html`, where it opens) and
//! the staff's (`staff/index.html`). A staff screen's address in the driver's build opens the
//! staff build at [`staff_build_at`], which puts the address back in the bar before its
//! router starts ([`take_staff_address`]). A technician's field screen is where the app
//! reopens after a restart ([`remember_address`], [`reopen_address`]): their work of the day
//! is there, with or without a connection.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn internals() -> Option<JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &"__TAURI_INTERNALS__".into())
        .ok()
        .filter(|v| v.is_object())
}

/// Whether the UI runs inside the desktop (or mobile) shell.
pub fn is_shell() -> bool {
    internals().is_some()
}

/// Calls a shell command with named arguments; the error is the shell's message.
async fn invoke(command: &str, args: &[(&str, &str)]) -> Result<JsValue, String> {
    let internals = internals().ok_or_else(|| "not inside the desktop app".to_string())?;
    let invoke = js_sys::Reflect::get(&internals, &"invoke".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| "the desktop app offers no commands".to_string())?;
    let object = js_sys::Object::new();
    for (key, value) in args {
        js_sys::Reflect::set(&object, &(*key).into(), &(*value).into()).map_err(|e| format!("{e:?}"))?;
    }
    let promise = invoke
        .call2(&internals, &command.into(), &object)
        .map_err(describe)?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| "the desktop app did not answer".to_string())?;
    JsFuture::from(promise).await.map_err(describe)
}

fn describe(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// The token kept for this server, if any.
pub async fn stored_token(server: &str) -> Result<Option<String>, String> {
    let value = invoke("auth_token_get", &[("server", server)]).await?;
    Ok(value.as_string().filter(|t| !t.is_empty()))
}

/// Keeps the token for this server (replacing the one before).
pub async fn store_token(server: &str, token: &str) -> Result<(), String> {
    invoke("auth_token_set", &[("server", server), ("token", token)])
        .await
        .map(|_| ())
}

/// Forgets the token kept for this server.
pub async fn forget_token(server: &str) -> Result<(), String> {
    invoke("auth_token_delete", &[("server", server)]).await.map(|_| ())
}

/// Where a staff build page opens in the shell for a staff screen's address (`/field?x=1`).
#[cfg(not(feature = "staff"))]
pub fn staff_build_at(address: &str) -> String {
    format!(
        "/staff/index.html?to={}",
        String::from(js_sys::encode_uri_component(address))
    )
}

/// The address a staff build page was opened for, from its `?to=` (decoded): an address in
/// this app (one leading `/`), not the staff build's own files.
pub fn opened_for(to: &str) -> Option<String> {
    let plain = to.starts_with('/') && !to.starts_with("//") && !to.starts_with("/staff/") && !to.contains('\\');
    plain.then(|| to.to_owned())
}

/// In the staff build inside the shell, loaded as `/staff/index.html?to=…`: the address it
/// was opened for goes in the bar (the router reads it), else the start page.
#[cfg(feature = "staff")]
pub fn take_staff_address() {
    let Some(window) = web_sys::window().filter(|_| is_shell()) else {
        return;
    };
    let location = window.location();
    if !location.pathname().unwrap_or_default().starts_with("/staff/") {
        return;
    }
    let search = location.search().unwrap_or_default();
    let to = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|params| params.get("to"))
        .and_then(|to| opened_for(&to))
        .unwrap_or_else(|| "/".to_owned());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&to));
    }
}

/// Where the shell keeps the address to reopen at.
const REOPEN_KEY: &str = "ladeklar.shell.reopen";

/// Whether the app reopens at this address: the technician's field screens.
pub fn reopens_at(path: &str) -> bool {
    path == "/field" || path.starts_with("/field/")
}

/// Keeps (a field screen) or forgets (any other) the address the app reopens at; only in
/// the shell.
pub fn remember_address(path: &str) {
    let Some(storage) = storage() else {
        return;
    };
    let _ = match reopens_at(path) {
        true => storage.set_item(REOPEN_KEY, path),
        false => storage.remove_item(REOPEN_KEY),
    };
}

/// Forgets where to reopen (signing out).
pub fn forget_address() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(REOPEN_KEY);
    }
}

/// The field screen to reopen at, when the shell starts at its start page.
#[cfg(not(feature = "staff"))]
pub fn reopen_address() -> Option<String> {
    let kept = storage()?.get_item(REOPEN_KEY).ok().flatten()?;
    opened_for(&kept).filter(|path| reopens_at(path))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()
        .filter(|_| is_shell())
        .and_then(|w| w.local_storage().ok().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staff_page_opens_only_for_an_address_in_this_app() {
        assert_eq!(opened_for("/field/orders/WO-1").as_deref(), Some("/field/orders/WO-1"));
        assert_eq!(
            opened_for("/sla-report?owner=o1").as_deref(),
            Some("/sla-report?owner=o1")
        );
        for bad in [
            "",
            "field",
            "//evil.example/x",
            "https://evil.example",
            "/staff/index.html",
            "/\\evil",
        ] {
            assert_eq!(opened_for(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_app_reopens_at_the_technicians_field_screens_only() {
        for path in ["/field", "/field/orders/WO-1"] {
            assert!(reopens_at(path), "{path}");
        }
        for path in ["/", "/fieldwork", "/support", "/account"] {
            assert!(!reopens_at(path), "{path}");
        }
    }
}
