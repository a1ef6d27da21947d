//! The header's account piece ("Sign in", or the signed-in e-mail) and the navigation of the
//! current face: its screens, and a switch between the faces a user's roles give.
//!
//! Which faces a user has, and which one shows first, is core's decision
//! (`accounts::face`); this only lists each face's screens. Owners have their prices first;
//! technicians have their day first.

use ladeklar_core::accounts::face::Face;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::ApiError;
use crate::auth::{use_auth, SignInState};
use crate::i18n::{use_i18n, AccountTexts};

/// A screen in the navigation: its address and its name.
type Screen = (&'static str, fn(&'static AccountTexts) -> &'static str);

/// The screens of a face, in the order shown.
fn screens(face: Face) -> Vec<Screen> {
    match face {
        Face::Admin => vec![
            ("/admin/users", |a| a.users),
            ("/admin/audit", |a| a.audit_log),
            ("/operations", |a| a.operations),
            ("/owner", |a| a.owner_overview),
            ("/owner/sessions", |a| a.owner_sessions),
            ("/owner/prices", |a| a.prices),
            ("/owner/statements", |a| a.statements),
            ("/account", |a| a.account),
        ],
        Face::Support => vec![
            ("/support", |a| a.support_queue),
            ("/sla-report", |a| a.sla_report),
            ("/operations", |a| a.operations),
            ("/account", |a| a.account),
        ],
        // The owner's screens (issue 19), in the staff build.
        Face::Owner => vec![
            ("/owner", |a| a.owner_overview),
            ("/owner/sessions", |a| a.owner_sessions),
            ("/owner/prices", |a| a.prices),
            ("/owner/statements", |a| a.statements),
            ("/sla-report", |a| a.sla_report),
            ("/", |a| a.find_chargers),
            ("/account/sessions", |a| a.my_sessions),
            ("/cases", |a| a.my_cases),
            ("/account", |a| a.account),
        ],
        // The technician's day first (issue 18, in the staff build), then the driver's screens.
        Face::Technician => vec![
            ("/field", |a| a.my_day),
            ("/", |a| a.find_chargers),
            ("/cases", |a| a.my_cases),
            ("/account", |a| a.account),
        ],
        Face::Driver => {
            vec![
                ("/", |a| a.find_chargers),
                ("/account/sessions", |a| a.my_sessions),
                ("/account/payment", |a| a.payment),
                ("/cases", |a| a.my_cases),
                ("/account", |a| a.account),
            ]
        }
    }
}

/// "nav-chargers" for `/`, "nav-admin-users" for `/admin/users`.
fn nav_testid(href: &str) -> String {
    match href {
        "/" => "nav-chargers".to_string(),
        _ => format!("nav{}", href.replace('/', "-")),
    }
}

/// The header's right-hand account piece.
#[component]
pub fn AccountChip() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    move || {
        match auth.state() {
        SignInState::SignedIn(account) => {
            let (email, title, shown) = (account.email.clone(), account.email.clone(), account.email);
            view! {
                <a class="account-chip" href="/account" data-testid="signed-in-as" data-email=email title=title>
                    <span class="account-email">{shown}</span>
                </a>
            }
            .into_any()
        }
        SignInState::Checking => {
            view! { <span class="account-chip account-checking" aria-hidden="true"></span> }.into_any()
        }
        // The server out of reach: whoever is signed in stays so on this device (a stored
        // token); "Sign in" could not work now either.
        SignInState::Unreachable(ApiError::Network(_)) => view! {
            <span class="account-chip account-unreachable" data-testid="account-unreachable">{move || i18n.t().offline}</span>
        }
        .into_any(),
        _ => view! {
            <a class="account-chip" href="/account/sign-in" data-testid="header-sign-in">{move || i18n.a().sign_in}</a>
        }
        .into_any(),
    }
    }
}

/// The current face's screens, and the face switch for a user with several.
#[component]
pub fn FaceNav() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = use_location();
    let signed_in = move || auth.account().is_some();
    let links = move || {
        let path = location.pathname.get();
        let screens = screens(auth.face());
        // The one screen the address is under: the longest link it starts with.
        let under = |href: &str| match href {
            "/" => path == "/" || path.starts_with("/chargers") || path.starts_with("/c/"),
            "/account/sessions" => path.starts_with(href) || path.starts_with("/sessions"),
            _ => path.starts_with(href),
        };
        let current_href = screens
            .iter()
            .map(|(href, _)| *href)
            .filter(|href| under(href))
            .max_by_key(|href| href.len());
        screens
            .into_iter()
            .map(|(href, name)| {
                let current = current_href == Some(href);
                view! {
                    <a
                        class="nav-link"
                        href=href
                        aria-current=current.then_some("page")
                        data-testid=nav_testid(href)
                    >
                        {move || name(i18n.a())}
                    </a>
                }
            })
            .collect_view()
    };
    let switch = move || {
        let faces = auth.faces();
        (faces.len() > 1).then(|| {
            let current = auth.face();
            let options = faces
                .into_iter()
                .map(|face| {
                    view! {
                        <option value=face.as_str() selected=face == current>
                            {move || i18n.lang().face_name(face)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <label class="face-switch">
                    <span>{move || i18n.a().view_as}</span>
                    <select
                        data-testid="face-switch"
                        on:change=move |ev| {
                            if let Some(face) = Face::parse(&event_target_value(&ev)) {
                                auth.choose_face(face);
                            }
                        }
                    >
                        {options}
                    </select>
                </label>
            }
        })
    };
    view! {
        <Show when=signed_in>
            <nav class="facenav" aria-label=move || i18n.a().main_navigation data-testid="face-nav" data-face=move || auth.face().as_str()>
                <div class="facenav-links">{links}</div>
                {switch}
            </nav>
        </Show>
    }
}
