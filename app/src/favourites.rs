//! The driver's favourite chargers ([`Favourites`] in context): on the account when signed
//! in (`/api/v1/account/favourites`), on the device (localStorage) when not. At sign-in the
//! device's move to the account (core's `finder::favourites::to_move`) and leave the device.

use ladeklar_core::finder::favourites::to_move;
use ladeklar_core::finder::MAX_FAVOURITES;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::auth::{use_auth, SignInState};

/// Where a signed-out driver's favourites are kept: a JSON array of charger ids.
const KEY: &str = "ladeklar.favourites";

/// The favourites, shared by the list, the map and the charger page.
#[derive(Debug, Clone, Copy)]
pub struct Favourites {
    ids: RwSignal<Vec<String>>,
    /// Whether they live on the account (signed in) or on the device.
    on_account: RwSignal<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn device() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| serde_json::from_str::<Vec<String>>(&text).ok())
        .unwrap_or_default()
}

fn keep_on_device(ids: &[String]) {
    if let Some(s) = storage() {
        let _ = if ids.is_empty() {
            s.remove_item(KEY)
        } else {
            s.set_item(KEY, &serde_json::to_string(ids).unwrap_or_default())
        };
    }
}

impl Favourites {
    /// The ids (tracked).
    pub fn ids(self) -> Vec<String> {
        self.ids.get()
    }

    /// Whether this charger is a favourite (tracked).
    pub fn has(self, id: &str) -> bool {
        self.ids.with(|ids| ids.iter().any(|i| i == id))
    }

    /// Stars or unstars a charger: at once on screen, then on the account or the device; a
    /// refused change on the account is undone.
    pub fn toggle(self, id: String) {
        let on = !self.ids.with_untracked(|ids| ids.contains(&id));
        if on && self.ids.with_untracked(Vec::len) >= MAX_FAVOURITES {
            return;
        }
        let before = self.ids.get_untracked();
        self.ids.update(|ids| {
            if on {
                ids.push(id.clone());
            } else {
                ids.retain(|i| *i != id);
            }
        });
        if !self.on_account.get_untracked() {
            keep_on_device(&self.ids.get_untracked());
            return;
        }
        spawn_local(async move {
            if let Err(e) = api::set_favourite(&id, on).await {
                leptos::logging::warn!("favourite {id}: {e:?}");
                self.ids.set(before);
            }
        });
    }
}

/// Provides the favourites and follows the sign-in state.
pub fn provide_favourites() -> Favourites {
    let favourites = Favourites {
        ids: RwSignal::new(device()),
        on_account: RwSignal::new(false),
    };
    provide_context(favourites);
    let auth = use_auth();
    Effect::new(move |_| match auth.state() {
        SignInState::SignedIn(_) => {
            favourites.on_account.set(true);
            spawn_local(async move {
                let Ok(account) = api::favourites().await else {
                    return;
                };
                let moving = to_move(&device(), &account);
                let mut ids = account;
                for id in moving {
                    // An unknown charger (removed since) stays behind, as does a refusal.
                    if api::set_favourite(&id, true).await.is_ok() {
                        ids.push(id);
                    }
                }
                keep_on_device(&[]);
                favourites.ids.set(ids);
            });
        }
        SignInState::SignedOut => {
            favourites.on_account.set(false);
            favourites.ids.set(device());
        }
        SignInState::Checking | SignInState::Unreachable(_) => {}
    });
    favourites
}

pub fn use_favourites() -> Favourites {
    expect_context::<Favourites>()
}

/// The star button: on a card, the charger page (the map's popup has its own in `map.js`).
#[component]
pub fn FavouriteStar(id: String) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let favourites = use_favourites();
    let on = {
        let id = id.clone();
        Memo::new(move |_| favourites.has(&id))
    };
    let label = move || if on.get() { i18n.f().unstar } else { i18n.f().star };
    view! {
        <button
            type="button"
            class="star"
            data-testid="favourite"
            aria-pressed=move || on.get().to_string()
            aria-label=label
            title=label
            on:click=move |ev| {
                ev.prevent_default();
                ev.stop_propagation();
                favourites.toggle(id.clone());
            }
        >
            {move || if on.get() { "★" } else { "☆" }}
        </button>
    }
}
