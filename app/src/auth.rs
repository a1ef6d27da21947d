//! Who is signed in, for the whole app ([`Auth`] in context): the account from `GET
//! /account` (read once at start), the faces its roles give (decided by core:
//! `accounts::face`) and the one shown, kept on the device.
//!
//! In the desktop shell the bearer token lives in the OS secure store ([`crate::shell`]) and
//! in memory ([`crate::api::credentials`]); a web page is signed in by its cookies.

use ladeklar_api::{AccountView, ErrorCode, SignedIn};
use ladeklar_core::accounts::face::{current_face, faces, Face};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, credentials, ApiError};
use crate::shell;

/// Where the chosen face is kept between visits (`Face::as_str`).
const FACE_KEY: &str = "ladeklar.face";

/// What we know about who is signed in.
#[derive(Debug, Clone, PartialEq)]
pub enum SignInState {
    /// Asking the server.
    Checking,
    SignedOut,
    SignedIn(AccountView),
    /// The server could not be reached to ask.
    Unreachable(ApiError),
}

/// The OS secure store could not be used: signed in for this window's life only.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreProblem(pub String);

/// The signed-in state, shared by every component.
#[derive(Debug, Clone, Copy)]
pub struct Auth {
    state: RwSignal<SignInState>,
    chosen_face: RwSignal<Option<Face>>,
    store_problem: RwSignal<Option<StoreProblem>>,
}

impl Auth {
    /// The state (tracked).
    pub fn state(self) -> SignInState {
        self.state.get()
    }

    /// The signed-in account (tracked).
    pub fn account(self) -> Option<AccountView> {
        self.state.with(|s| match s {
            SignInState::SignedIn(account) => Some(account.clone()),
            _ => None,
        })
    }

    /// The faces the user's roles give (a visitor: the driver's), most specific first.
    pub fn faces(self) -> Vec<Face> {
        self.state.with(|s| match s {
            SignInState::SignedIn(account) => faces(&account.roles),
            _ => faces(&[]),
        })
    }

    /// The face shown: the one chosen before if the user still has it, else their first.
    pub fn face(self) -> Face {
        let chosen = self.chosen_face.get();
        self.state.with(|s| match s {
            SignInState::SignedIn(account) => current_face(&account.roles, chosen),
            _ => current_face(&[], None),
        })
    }

    /// Whether the signed-in user has this face (tracked).
    pub fn has_face(self, face: Face) -> bool {
        self.account().is_some_and(|a| faces(&a.roles).contains(&face))
    }

    pub fn choose_face(self, face: Face) {
        self.chosen_face.set(Some(face));
        if let Some(storage) = storage() {
            let _ = storage.set_item(FACE_KEY, face.as_str());
        }
    }

    /// Why the token could not be kept on this device, if it could not (tracked).
    pub fn store_problem(self) -> Option<StoreProblem> {
        self.store_problem.get()
    }

    /// Asks the server who is signed in.
    pub fn check(self) {
        self.state.set(SignInState::Checking);
        spawn_local(async move {
            let state = match api::account().await {
                Ok(account) => SignInState::SignedIn(account),
                Err(error) if error.code() == Some(ErrorCode::SignInRequired) => {
                    // A stored token the server no longer takes (signed out elsewhere).
                    if credentials::bearer().is_some() {
                        credentials::set_bearer(None);
                        let _ = shell::forget_token(&api::base_url()).await;
                    }
                    SignInState::SignedOut
                }
                Err(error) => SignInState::Unreachable(error),
            };
            self.state.set(state);
        });
    }

    /// After a sign-in or a password change: keep the token (the shell), show the account.
    pub async fn signed_in(self, signed_in: SignedIn) {
        if let Some(token) = signed_in.token {
            credentials::set_bearer(Some(token.clone()));
            if shell::is_shell() {
                let kept = shell::store_token(&api::base_url(), &token).await;
                self.store_problem.set(kept.err().map(StoreProblem));
            }
        }
        self.state.set(SignInState::SignedIn(signed_in.account));
    }

    /// The account changed (e.g. an admin changed one's own roles).
    #[cfg(feature = "staff")]
    pub fn update_account(self, account: AccountView) {
        self.state.set(SignInState::SignedIn(account));
    }

    /// Forgets the sign-in on this device (after signing out, or the account's deletion).
    pub async fn forget(self) {
        shell::forget_address();
        if credentials::bearer().is_some() {
            credentials::set_bearer(None);
            if shell::is_shell() {
                let _ = shell::forget_token(&api::base_url()).await;
            }
        }
        self.store_problem.set(None);
        self.state.set(SignInState::SignedOut);
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn saved_face() -> Option<Face> {
    storage()?
        .get_item(FACE_KEY)
        .ok()
        .flatten()
        .and_then(|s| Face::parse(&s))
}

/// Provides the signed-in state and asks the server once (in the shell, with the token
/// from the OS secure store).
pub fn provide_auth() -> Auth {
    let auth = Auth {
        state: RwSignal::new(SignInState::Checking),
        chosen_face: RwSignal::new(saved_face()),
        store_problem: RwSignal::new(None),
    };
    provide_context(auth);
    // A request refused for want of a sign-in: this device is signed out now.
    credentials::on_sign_in_required(move || {
        if matches!(auth.state.get_untracked(), SignInState::SignedIn(_)) {
            auth.state.set(SignInState::SignedOut);
        }
    });
    if shell::is_shell() {
        spawn_local(async move {
            match shell::stored_token(&api::base_url()).await {
                Ok(token) => credentials::set_bearer(token),
                Err(problem) => auth.store_problem.set(Some(StoreProblem(problem))),
            }
            auth.check();
        });
    } else {
        auth.check();
    }
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// A return address from a `?next=` parameter: a path on this site only.
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path,
        _ => "/account".to_string(),
    }
}

/// The sign-in page's address that comes back to `path` after signing in.
pub fn sign_in_href(path: &str) -> String {
    format!(
        "/account/sign-in?next={}",
        String::from(js_sys::encode_uri_component(path))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_returned_to() {
        assert_eq!(safe_next(Some("/admin/users".into())), "/admin/users");
        assert_eq!(safe_next(Some("//evil.example/x".into())), "/account");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/account");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/account");
        assert_eq!(safe_next(None), "/account");
    }
}
