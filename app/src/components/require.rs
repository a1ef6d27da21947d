//! Pages that need an account: signed out, a prompt to sign in that comes back here; a
//! face the user does not have, a plain refusal.

use ladeklar_core::accounts::face::Face;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::ApiError;
use crate::auth::{sign_in_href, use_auth, SignInState};
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;

/// What a page that needs an account shows: changes only when the answer changes, so a
/// refreshed account (a new password, new roles) does not rebuild the page under the user.
#[derive(Debug, Clone, PartialEq)]
enum Gate {
    Checking,
    Unreachable(ApiError),
    SignedOut,
    NotAllowed,
    Allowed,
}

/// Shows `children` to a signed-in user (with `face`, when given); else why not.
#[component]
pub fn SignedInOnly(#[prop(optional)] face: Option<Face>, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = use_location();
    let here = move || format!("{}{}", location.pathname.get(), location.search.get());
    let children = StoredValue::new(children);
    let gate = Memo::new(move |_| match auth.state() {
        SignInState::Checking => Gate::Checking,
        SignInState::Unreachable(error) => Gate::Unreachable(error),
        SignInState::SignedOut => Gate::SignedOut,
        SignInState::SignedIn(_) if face.is_some_and(|f| !auth.has_face(f)) => Gate::NotAllowed,
        SignInState::SignedIn(_) => Gate::Allowed,
    });
    move || {
        match gate.get() {
        Gate::Checking => {
            view! { <p class="loading" role="status">{move || i18n.a().checking_sign_in}</p> }.into_any()
        }
        Gate::Unreachable(error) => view! {
            <section class="panel">
                <ErrorNotice error=error retry=Callback::new(move |_| auth.check()) />
            </section>
        }
        .into_any(),
        Gate::SignedOut => view! {
            <section class="panel" data-testid="sign-in-prompt">
                <h1>{move || i18n.a().sign_in_needed}</h1>
                <p>{move || i18n.a().sign_in_needed_words}</p>
                <p class="actions">
                    <a class="button button-primary" href=sign_in_href(&here()) data-testid="prompt-sign-in">{move || i18n.a().sign_in}</a>
                    <a class="button" href="/account/sign-up">{move || i18n.a().create_account}</a>
                </p>
            </section>
        }
        .into_any(),
        Gate::NotAllowed => view! {
            <section class="panel" data-testid="not-allowed">
                <h1>{move || i18n.a().not_for_you}</h1>
                <p>{move || i18n.a().not_for_you_words}</p>
                <p><a class="button" href="/">{move || i18n.t().find_a_charger}</a></p>
            </section>
        }
        .into_any(),
        Gate::Allowed => children.with_value(|children| children()).into_any(),
    }
    }
}
