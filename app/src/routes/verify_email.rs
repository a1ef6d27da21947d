//! `/account/verify?token=…`: the mailed link; confirms the address on load (it does not
//! sign in), then offers to sign in.

use ladeklar_api::AccountView;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::components::forms::SuccessNotice;
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::platform;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.a().confirm_email));
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").filter(|t| !t.trim().is_empty()));
    let confirmed = LocalResource::new(move || {
        let token = token.get();
        async move {
            match token {
                Some(token) => Some(api::verify_email(&token).await),
                None => None,
            }
        }
    });
    let outcome = move |result: Option<Result<AccountView, ApiError>>| {
        match result {
        None => view! { <p data-testid="link-incomplete">{move || i18n.a().link_incomplete}</p> }.into_any(),
        Some(Ok(account)) => view! {
            <SuccessNotice text=Signal::derive(move || i18n.a().email_confirmed.to_string()) testid="email-confirmed" />
            <p>{account.email}</p>
            <p><a class="button button-primary" href="/account/sign-in" data-testid="verified-sign-in">{move || i18n.a().sign_in}</a></p>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <ErrorNotice error=error retry=Callback::new(move |_| confirmed.refetch()) />
            <p>{move || i18n.a().confirm_link_failed}</p>
            <p><a class="button" href="/account/sign-in">{move || i18n.a().sign_in}</a></p>
        }
        .into_any(),
    }
    };
    view! {
        <section class="panel form-panel" data-testid="verify-page">
            <h1>{move || i18n.a().confirm_email}</h1>
            <Suspense fallback=move || view! { <p class="loading" role="status">{move || i18n.a().confirming}</p> }>
                {move || Suspend::new(async move { outcome(confirmed.await) })}
            </Suspense>
        </section>
    }
}
