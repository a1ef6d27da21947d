//! The staff's screens by build. The driver's build has no staff screens (support console,
//! users, audit log, operations, the owner's prices, the service card, the SLA report): they are the staff build's (`--features staff`), which the
//! server serves at the same addresses. A link to one inside the driver's build loads it
//! with a full page load.
//!
//! The desktop shell carries the staff build too (`staff/index.html`): there a staff
//! screen's address opens it (`shell::staff_build_at`). Where a browser loaded the address
//! and still got the driver's build (a server without the staff build), loading again would
//! loop: the page says where the staff screens are instead.

#[cfg(not(feature = "staff"))]
use std::sync::OnceLock;

#[cfg(not(feature = "staff"))]
use leptos::prelude::*;

#[cfg(feature = "staff")]
pub use super::{
    audit::AuditPage,
    field::{FieldDayPage, WorkOrderPage},
    operations::OperationsPage,
    owner::{OwnerOverviewPage, OwnerStatementsPage},
    owner_prices::{ChargerPricePage, OwnerPricesPage, SitePricePage},
    owner_sessions::OwnerSessionsPage,
    service_card::ServiceCardPage,
    sla_report::SlaReportPage,
    support::{NewCasePage, QueuePage, SupportCasePage},
    users::UsersPage,
};
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as AuditPage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as OperationsPage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as ChargerPricePage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as FieldDayPage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as WorkOrderPage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as ServiceCardPage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as NewCasePage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as OwnerOverviewPage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as OwnerPricesPage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as OwnerStatementsPage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as OwnerSessionsPage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as SitePricePage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as SlaReportPage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as QueuePage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as SupportCasePage;
#[cfg(not(feature = "staff"))]
pub use StaffElsewherePage as UsersPage;

/// The address (path) this page was loaded at.
#[cfg(not(feature = "staff"))]
static FIRST_ADDRESS: OnceLock<String> = OnceLock::new();

/// Keeps the address the page was loaded at; called once at start.
#[cfg(not(feature = "staff"))]
pub fn note_first_address() {
    if let Some(path) = web_sys::window().and_then(|w| w.location().pathname().ok()) {
        let _ = FIRST_ADDRESS.set(path);
    }
}

/// A staff screen's address in the driver's build.
#[cfg(not(feature = "staff"))]
#[component]
pub fn StaffElsewherePage() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let loaded_here = FIRST_ADDRESS.get().is_some_and(|first| *first == path);
    let in_shell = crate::shell::is_shell();
    if !loaded_here || in_shell {
        // Once the router has put this address in the bar (it may do so after this view is
        // made), a real load of it replaces this page: the server's staff build in a
        // browser, the shell's own copy of it in the desktop app.
        let search = location.search.get_untracked();
        let search = search.trim_start_matches('?');
        let address = match search.is_empty() {
            true => path,
            false => format!("{path}?{search}"),
        };
        let address = match in_shell {
            true => crate::shell::staff_build_at(&address),
            false => address,
        };
        set_timeout(
            move || {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().replace(&address);
                }
            },
            std::time::Duration::ZERO,
        );
        return view! {
            <p class="panel" data-testid="staff-loading">{move || i18n.a().opening_staff_screen}</p>
        }
        .into_any();
    }
    Effect::new(move |_| crate::platform::set_title(i18n.a().staff_screen_elsewhere));
    view! {
        <section class="panel" data-testid="staff-elsewhere">
            <h1>{move || i18n.a().staff_screen_elsewhere}</h1>
            <p>{move || i18n.a().staff_screen_in_browser}</p>
            <p><a class="button" href="/">{move || i18n.t().find_a_charger}</a></p>
        </section>
    }
    .into_any()
}
