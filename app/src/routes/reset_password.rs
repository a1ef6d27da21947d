//! `/account/reset?token=…`: the mailed link; a new password for the account.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::components::forms::{Field, SubmitButton, SuccessNotice};
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::platform;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.a().new_password_title));
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").filter(|t| !t.trim().is_empty()));
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(token) = token.get_untracked() else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::confirm_password_reset(&token, &password.get_untracked()).await {
                Ok(()) => {
                    password.set(String::new());
                    done.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel form-panel" data-testid="reset-page">
            <h1>{move || i18n.a().new_password_title}</h1>
            {move || {
                if done.get() {
                    return view! {
                        <SuccessNotice text=Signal::derive(move || i18n.a().password_set.to_string()) testid="reset-done" />
                        <p><a class="button button-primary" href="/account/sign-in" data-testid="reset-sign-in">{move || i18n.a().sign_in}</a></p>
                    }
                    .into_any();
                }
                if token.get().is_none() {
                    return view! {
                        <p data-testid="link-incomplete">{move || i18n.a().link_incomplete}</p>
                        <p><a class="button" href="/account/forgot">{move || i18n.a().send_reset_link}</a></p>
                    }
                    .into_any();
                }
                view! {
                    <form on:submit=submit>
                        <Field
                            id="reset-password"
                            label=Signal::derive(move || i18n.a().new_password)
                            value=password
                            kind="password"
                            autocomplete="new-password"
                            hint=Signal::derive(move || i18n.a().password_rules)
                        />
                        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                        <SubmitButton
                            label=Signal::derive(move || i18n.a().set_password)
                            busy_label=Signal::derive(move || i18n.a().saving)
                            busy=busy
                            testid="reset-submit"
                        />
                    </form>
                    <p class="form-links"><a href="/account/forgot">{move || i18n.a().send_new_link}</a></p>
                }
                .into_any()
            }}
        </section>
    }
}
