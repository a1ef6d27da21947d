//! The signed-in user's bearer token in the operating system's secure store (the `keyring`
//! crate: the Secret Service on Linux, the Keychain on macOS, the Credential Manager on
//! Windows), one entry per server URL. The UI calls these commands through Tauri's IPC and
//! keeps the token in memory otherwise; never in localStorage.
//!
//! Phones have no store here yet: the commands answer that the store is unavailable, and the
//! UI keeps the token for the window's life only.

/// The service name the entries are filed under.
#[cfg(desktop)]
pub const SERVICE: &str = "no.ladeklar.app";

/// The entry's account name: the server URL without surrounding space or a trailing `/`.
#[cfg_attr(mobile, allow(dead_code))]
pub fn entry_name(server: &str) -> Result<String, String> {
    let name = server.trim().trim_end_matches('/');
    if name.is_empty() {
        return Err("no server URL to keep the sign-in for".to_owned());
    }
    Ok(name.to_owned())
}

#[cfg(not(mobile))]
mod store {
    use super::{entry_name, SERVICE};

    fn entry(server: &str) -> Result<keyring::Entry, String> {
        keyring::Entry::new(SERVICE, &entry_name(server)?).map_err(describe)
    }

    fn describe(e: keyring::Error) -> String {
        format!("the secure store is unavailable: {e}")
    }

    pub fn get(server: &str) -> Result<Option<String>, String> {
        match entry(server)?.get_password() {
            Ok(token) => Ok(Some(token)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(describe(e)),
        }
    }

    pub fn set(server: &str, token: &str) -> Result<(), String> {
        entry(server)?.set_password(token).map_err(describe)
    }

    pub fn delete(server: &str) -> Result<(), String> {
        match entry(server)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(describe(e)),
        }
    }
}

#[cfg(mobile)]
mod store {
    const UNAVAILABLE: &str = "the secure store is not available on this device yet";

    pub fn get(_server: &str) -> Result<Option<String>, String> {
        Err(UNAVAILABLE.to_owned())
    }

    pub fn set(_server: &str, _token: &str) -> Result<(), String> {
        Err(UNAVAILABLE.to_owned())
    }

    pub fn delete(_server: &str) -> Result<(), String> {
        Err(UNAVAILABLE.to_owned())
    }
}

/// Runs a store call off the main thread (D-Bus calls block).
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, String> + Send + 'static) -> Result<T, String> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| format!("the secure store did not answer: {e}"))?
}

/// The token kept for `server`, if any.
#[tauri::command]
pub async fn auth_token_get(server: String) -> Result<Option<String>, String> {
    blocking(move || store::get(&server)).await
}

/// Keeps `token` for `server`, replacing the one before.
#[tauri::command]
pub async fn auth_token_set(server: String, token: String) -> Result<(), String> {
    blocking(move || store::set(&server, &token)).await
}

/// Forgets the token kept for `server` (nothing kept is not an error).
#[tauri::command]
pub async fn auth_token_delete(server: String) -> Result<(), String> {
    blocking(move || store::delete(&server)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_named_by_the_server_url() {
        assert_eq!(
            entry_name(" http://127.0.0.1:8080/ ").as_deref(),
            Ok("http://127.0.0.1:8080")
        );
        assert_eq!(
            entry_name("https://ladeklar.example").as_deref(),
            Ok("https://ladeklar.example")
        );
        assert!(entry_name("  ").is_err());
    }
}
