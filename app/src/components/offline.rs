//! Banners about the device: offline (the browser's `online`/`offline` events), and a
//! desktop whose secure store cannot keep the sign-in.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::auth::use_auth;
use crate::i18n::use_i18n;

fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

#[component]
pub fn OfflineBanner() -> impl IntoView {
    let i18n = use_i18n();
    let online = RwSignal::new(is_online());
    if let Some(window) = web_sys::window() {
        // Lives as long as the page: the app's frame never unmounts.
        for event in ["online", "offline"] {
            let listener = Closure::<dyn Fn()>::new(move || online.set(is_online()));
            let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            listener.forget();
        }
    }
    view! {
        <Show when=move || !online.get()>
            <p class="offline-banner" role="status" data-testid="offline">{move || i18n.a().offline_banner}</p>
        </Show>
    }
}

/// Signed in, but the OS secure store could not keep the token: this window's life only.
#[component]
pub fn StoreProblemBanner() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    move || {
        let problem = auth.store_problem().filter(|_| auth.account().is_some())?;
        Some(view! {
            <div class="store-banner" role="status" data-testid="store-problem">
                <p class="notice-words">{move || i18n.a().store_unavailable}</p>
                <p class="notice-detail">{problem.0}</p>
            </div>
        })
    }
}
