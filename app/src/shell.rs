//! The desktop shell, when the UI runs inside it (`window.__TAURI_INTERNALS__`): the bearer
//! token in the operating system's secure store, through the shell's `auth_token_get`,
//! `auth_token_set` and `auth_token_delete` commands, keyed by the server's URL. Never
//! localStorage.

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
