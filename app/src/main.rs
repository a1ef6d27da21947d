//! Ladeklar's driver UI: find a charger, start, watch it charge, stop, read the receipt.
//! Leptos client-side rendering; [`api`] is the only module that talks to the server.

mod api;
mod components;
mod format;
mod i18n;
mod platform;
mod routes;
mod state;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    state::provide_search_place();
    let i18n = i18n::provide_i18n();
    view! {
        <Router>
            <a class="skip-link" href="#main">{move || i18n.t().skip_to_content}</a>
            <header class="topbar">
                <a class="brand" href="/" aria-label=move || i18n.t().brand_label>
                    <span class="brand-mark" aria-hidden="true">"⚡"</span>
                    "Ladeklar"
                </a>
                <i18n::LangToggle />
            </header>
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=routes::not_found::NotFoundPage>
                    <Route path=path!("/") view=routes::chargers::ChargersPage />
                    <Route path=path!("/chargers/:id") view=routes::charger::ChargerPage />
                    <Route path=path!("/sessions/:id") view=routes::session::SessionPage />
                    <Route path=path!("/sessions/:id/receipt") view=routes::receipt::ReceiptPage />
                </Routes>
            </main>
        </Router>
    }
}
