//! `/account/forgot`: mail a link to set a new password (the same answer for any address).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::forms::{Field, SubmitButton, SuccessNotice};
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::platform;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.a().forgot_password));
    let email = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let sent_to = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let address = email.get_untracked().trim().to_string();
            match api::request_password_reset(&address).await {
                Ok(_) => sent_to.set(Some(address)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel form-panel" data-testid="forgot-page">
            <h1>{move || i18n.a().forgot_password}</h1>
            {move || match sent_to.get() {
                Some(address) => view! {
                    <SuccessNotice text=Signal::derive(move || i18n.lang().reset_link_sent_to(&address)) testid="reset-sent" />
                    <p><a class="button" href="/account/sign-in">{move || i18n.a().back_to_sign_in}</a></p>
                }
                .into_any(),
                None => view! {
                    <p>{move || i18n.a().forgot_intro}</p>
                    <form on:submit=submit>
                        <Field id="forgot-email" label=Signal::derive(move || i18n.a().email) value=email kind="email" autocomplete="email" />
                        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                        <SubmitButton
                            label=Signal::derive(move || i18n.a().send_reset_link)
                            busy_label=Signal::derive(move || i18n.a().sending)
                            busy=busy
                            testid="forgot-submit"
                        />
                    </form>
                    <p class="form-links"><a href="/account/sign-in">{move || i18n.a().back_to_sign_in}</a></p>
                }
                .into_any(),
            }}
        </section>
    }
}
