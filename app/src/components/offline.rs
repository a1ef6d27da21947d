//! A banner while the device is offline (the browser's `online`/`offline` events).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

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
