//! `/account/sign-up`: a driver's account from an e-mail and a password; the server mails a
//! link to confirm the address (and answers the same whether the address is new or not).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::forms::{Field, SubmitButton, SuccessNotice};
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::platform;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.a().create_account));
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
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
            match api::sign_up(&address, &password.get_untracked()).await {
                Ok(_) => {
                    password.set(String::new());
                    sent_to.set(Some(address));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel form-panel" data-testid="sign-up-page">
            <h1>{move || i18n.a().create_account}</h1>
            {move || match sent_to.get() {
                Some(address) => view! {
                    <SuccessNotice text=Signal::derive(move || i18n.lang().check_inbox_for(&address)) testid="sign-up-sent" />
                    <p>{move || i18n.a().link_in_mail_confirms}</p>
                    <p><a class="button" href="/account/sign-in">{move || i18n.a().sign_in}</a></p>
                }
                .into_any(),
                None => view! {
                    <p>{move || i18n.a().sign_up_intro}</p>
                    <form on:submit=submit>
                        <Field id="sign-up-email" label=Signal::derive(move || i18n.a().email) value=email kind="email" autocomplete="email" />
                        <Field
                            id="sign-up-password"
                            label=Signal::derive(move || i18n.a().choose_password)
                            value=password
                            kind="password"
                            autocomplete="new-password"
                            hint=Signal::derive(move || i18n.a().password_rules)
                        />
                        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                        <SubmitButton
                            label=Signal::derive(move || i18n.a().create_account)
                            busy_label=Signal::derive(move || i18n.a().creating_account)
                            busy=busy
                            testid="sign-up-submit"
                        />
                    </form>
                    <p class="form-links">
                        <a href="/account/sign-in">{move || i18n.a().have_account_sign_in}</a>
                    </p>
                }
                .into_any(),
            }}
        </section>
    }
}
