//! Ladeklar's UI: find a charger, start, watch it charge, stop, read the receipt; an account
//! to sign in to; and the staff's screens, by the faces their roles give.
//! Leptos client-side rendering; [`api`] is the only module that talks to the server.

mod api;
mod auth;
mod charging_now;
mod components;
mod favourites;
#[cfg(feature = "staff")]
mod field;
mod format;
mod i18n;
mod map;
mod my_car;
mod notify;
mod platform;
mod routes;
mod saved;
mod search;
mod shell;
mod state;
mod stripe;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::navigation::{AccountChip, FaceNav};
use components::offline::{OfflineBanner, StoreProblemBanner};

fn main() {
    console_error_panic_hook::set_once();
    #[cfg(not(feature = "staff"))]
    routes::staff::note_first_address();
    #[cfg(feature = "staff")]
    shell::take_staff_address();
    // The desktop app started at its start page reopens the technician's field screen.
    #[cfg(not(feature = "staff"))]
    if let Some(address) = shell::reopen_address().filter(|_| at_start_page()) {
        if let Some(window) = web_sys::window() {
            let _ = window.location().replace(&shell::staff_build_at(&address));
            return;
        }
    }
    leptos::mount::mount_to_body(App);
}

/// Whether the page was loaded at the start page (the shell opens `index.html`).
#[cfg(not(feature = "staff"))]
fn at_start_page() -> bool {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok());
    matches!(path.as_deref(), Some("/" | "/index.html"))
}

/// Inside the shell, keeps the technician's field screen to reopen at (any other screen
/// forgets it).
#[component]
fn ShellPlace() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let path = location.pathname.get();
        if shell::is_shell() {
            shell::remember_address(&path);
        }
    });
}

#[component]
fn App() -> impl IntoView {
    state::provide_last_search();
    let i18n = i18n::provide_i18n();
    auth::provide_auth();
    favourites::provide_favourites();
    my_car::provide_my_car();
    notify::provide_toasts();
    #[cfg(feature = "staff")]
    field::outbox::provide_outbox();
    view! {
        <Router>
            <ShellPlace />
            <a class="skip-link" href="#main">{move || i18n.t().skip_to_content}</a>
            <header class="topbar">
                <a class="brand" href="/" aria-label=move || i18n.t().brand_label>
                    <span class="brand-mark" aria-hidden="true">"⚡"</span>
                    "Ladeklar"
                </a>
                <div class="topbar-end">
                    <AccountChip />
                    <i18n::LangToggle />
                </div>
            </header>
            <FaceNav />
            <OfflineBanner />
            <charging_now::ChargingBanner />
            <StoreProblemBanner />
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=routes::not_found::NotFoundPage>
                    <Route path=path!("/") view=routes::chargers::ChargersPage />
                    <Route path=path!("/chargers/:id") view=routes::charger::ChargerPage />
                    // A connector's QR code: guest charging, no account needed.
                    <Route path=path!("/c/:charger/:connector") view=routes::charger::ConnectorQrPage />
                    <Route path=path!("/car") view=routes::my_car::MyCarPage />
                    <Route path=path!("/sessions/:id") view=routes::session::SessionPage />
                    <Route path=path!("/sessions/:id/receipt") view=routes::receipt::ReceiptPage />
                    <Route path=path!("/account") view=routes::account::AccountPage />
                    <Route path=path!("/account/payment") view=routes::payment::PaymentPage />
                    <Route path=path!("/account/sessions") view=routes::history::HistoryPage />
                    <Route path=path!("/account/sign-in") view=routes::sign_in::SignInPage />
                    // The address the server's start banner gives.
                    <Route path=path!("/sign-in") view=routes::sign_in::SignInPage />
                    <Route path=path!("/account/sign-up") view=routes::sign_up::SignUpPage />
                    <Route path=path!("/account/forgot") view=routes::forgot_password::ForgotPasswordPage />
                    <Route path=path!("/account/reset") view=routes::reset_password::ResetPasswordPage />
                    <Route path=path!("/account/verify") view=routes::verify_email::VerifyEmailPage />
                    <Route path=path!("/account/deleted") view=routes::account::AccountDeletedPage />
                    // The staff's screens: theirs in the staff build, a way there in the driver's.
                    <Route path=path!("/admin/users") view=routes::staff::UsersPage />
                    <Route path=path!("/admin/audit") view=routes::staff::AuditPage />
                    <Route path=path!("/operations") view=routes::staff::OperationsPage />
                    // The owner's overview, prices and statements (issue 19).
                    <Route path=path!("/owner") view=routes::staff::OwnerOverviewPage />
                    <Route path=path!("/owner/statements") view=routes::staff::OwnerStatementsPage />
                    <Route path=path!("/owner/sessions") view=routes::staff::OwnerSessionsPage />
                    <Route path=path!("/owner/prices") view=routes::staff::OwnerPricesPage />
                    <Route path=path!("/owner/prices/sites/:id") view=routes::staff::SitePricePage />
                    <Route path=path!("/owner/prices/chargers/:id") view=routes::staff::ChargerPricePage />
                    // Field visits' service card and the SLA report (issue 18).
                    <Route path=path!("/sites/:id/service-card") view=routes::staff::ServiceCardPage />
                    <Route path=path!("/sla-report") view=routes::staff::SlaReportPage />
                    // The technician's day and a work order on site (issue 18).
                    <Route path=path!("/field") view=routes::staff::FieldDayPage />
                    <Route path=path!("/field/orders/:id") view=routes::staff::WorkOrderPage />
                    // Support cases (issue 15).
                    <Route path=path!("/report") view=routes::report::ReportPage />
                    <Route path=path!("/cases") view=routes::cases::MyCasesPage />
                    <Route path=path!("/cases/:id") view=routes::cases::CasePage />
                    <Route path=path!("/support") view=routes::staff::QueuePage />
                    <Route path=path!("/support/new") view=routes::staff::NewCasePage />
                    <Route path=path!("/support/cases/:id") view=routes::staff::SupportCasePage />
                </Routes>
            </main>
            <notify::Toast />
        </Router>
    }
}
