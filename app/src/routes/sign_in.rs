//! `/account/sign-in`: e-mail and password; back to the page that asked (`?next=`).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{self, ApiError};
use crate::auth::{safe_next, use_auth};
use crate::components::forms::{Field, SubmitButton};
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::{platform, shell};

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    Effect::new(move |_| platform::set_title(i18n.a().sign_in));
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let navigate = use_navigate();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let next = safe_next(query.read_untracked().get("next"));
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::sign_in(
                email.get_untracked().trim(),
                &password.get_untracked(),
                shell::is_shell(),
            )
            .await;
            match result {
                Ok(signed_in) => {
                    password.set(String::new());
                    auth.signed_in(signed_in).await;
                    navigate(
                        &next,
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel form-panel" data-testid="sign-in-page">
            <h1>{move || i18n.a().sign_in}</h1>
            <form on:submit=submit novalidate=false>
                <Field id="sign-in-email" label=Signal::derive(move || i18n.a().email) value=email kind="email" autocomplete="email" />
                <Field id="sign-in-password" label=Signal::derive(move || i18n.a().password) value=password kind="password" autocomplete="current-password" />
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                <SubmitButton
                    label=Signal::derive(move || i18n.a().sign_in)
                    busy_label=Signal::derive(move || i18n.a().signing_in)
                    busy=busy
                    testid="sign-in-submit"
                />
            </form>
            <p class="form-links">
                <a href="/account/forgot" data-testid="forgot-link">{move || i18n.a().forgot_password}</a>
                <a href="/account/sign-up" data-testid="sign-up-link">{move || i18n.a().create_account}</a>
            </p>
        </section>
    }
}
