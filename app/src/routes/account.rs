//! `/account`: who one is (e-mail, confirmed or not, roles), change the password, sign out
//! here or everywhere, download one's data, delete the account.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::auth::use_auth;
use crate::components::forms::{Field, SubmitButton, SuccessNotice};
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::use_i18n;
use crate::platform;

/// The file the data export is saved as.
const EXPORT_FILE: &str = "ladeklar-data.json";

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.a().account));
    let auth = use_auth();
    // The page is built once per account; its figures follow the account as it changes.
    let account_id = Memo::new(move |_| auth.account().map(|a| a.id));
    view! {
        <SignedInOnly>
            {move || account_id.get().map(|_| view! { <AccountView /> })}
        </SignedInOnly>
    }
}

#[component]
fn AccountView() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let account = move || auth.account();
    let email = move || account().map(|a| a.email).unwrap_or_default();
    let verified = move || account().is_some_and(|a| a.email_verified);
    let roles = move || account().map(|a| i18n.lang().roles_words(&a.roles)).unwrap_or_default();
    let created = move || {
        account()
            .map(|a| platform::local_date_time(a.created_at, i18n.lang()))
            .unwrap_or_default()
    };
    view! {
        <article class="panel" data-testid="account-page">
            <h1>{move || i18n.a().account}</h1>
            <dl class="facts">
                <dt>{move || i18n.a().email}</dt>
                <dd data-testid="account-email">{email}</dd>
                <dt>{move || i18n.a().email_status}</dt>
                <dd data-testid="account-verified" data-verified=move || verified().to_string()>
                    {move || if verified() { i18n.a().confirmed } else { i18n.a().not_confirmed }}
                </dd>
                <dt>{move || i18n.a().roles}</dt>
                <dd data-testid="account-roles">{roles}</dd>
                <dt>{move || i18n.a().member_since}</dt>
                <dd>{created}</dd>
            </dl>
            <SignOutButtons />
        </article>
        <ChangePassword />
        <DownloadData />
        <DeleteAccount />
    }
}

#[component]
fn SignOutButtons() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let navigate = use_navigate();
    let sign_out = move |everywhere: bool| {
        let navigate = navigate.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            error.set(None);
            let navigate = navigate.clone();
            spawn_local(async move {
                let result = if everywhere {
                    api::sign_out_everywhere().await
                } else {
                    api::sign_out().await
                };
                busy.set(false);
                match result {
                    Ok(()) => {
                        auth.forget().await;
                        navigate("/account/sign-in", Default::default());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    view! {
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        <p class="actions">
            <button type="button" class="button" data-testid="sign-out" disabled=move || busy.get() on:click=sign_out(false)>
                {move || i18n.a().sign_out}
            </button>
            <button type="button" class="button" data-testid="sign-out-everywhere" disabled=move || busy.get() on:click=sign_out(true)>
                {move || i18n.a().sign_out_everywhere}
            </button>
        </p>
    }
}

#[component]
fn ChangePassword() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        done.set(false);
        spawn_local(async move {
            match api::change_password(&current.get_untracked(), &new.get_untracked()).await {
                Ok(signed_in) => {
                    current.set(String::new());
                    new.set(String::new());
                    auth.signed_in(signed_in).await;
                    done.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="change-password-title">
            <h2 id="change-password-title">{move || i18n.a().change_password}</h2>
            <form on:submit=submit>
                // For password managers: whose password this is.
                <input type="email" name="username" autocomplete="username" hidden readonly prop:value=move || auth.account().map(|a| a.email).unwrap_or_default() />
                <Field id="current-password" label=Signal::derive(move || i18n.a().current_password) value=current kind="password" autocomplete="current-password" />
                <Field
                    id="new-password"
                    label=Signal::derive(move || i18n.a().new_password)
                    value=new
                    kind="password"
                    autocomplete="new-password"
                    hint=Signal::derive(move || i18n.a().password_rules)
                />
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                {move || done.get().then(|| view! {
                    <SuccessNotice text=Signal::derive(move || i18n.a().password_changed.to_string()) testid="password-changed" />
                })}
                <SubmitButton
                    label=Signal::derive(move || i18n.a().change_password)
                    busy_label=Signal::derive(move || i18n.a().saving)
                    busy=busy
                    testid="change-password-submit"
                />
            </form>
        </section>
    }
}

#[component]
fn DownloadData() -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let download = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::export_account().await {
                Ok(json) => {
                    if let Err(problem) = platform::save_file(EXPORT_FILE, &json, "application/json") {
                        error.set(Some(ApiError::Decode(problem)));
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="your-data-title">
            <h2 id="your-data-title">{move || i18n.a().your_data}</h2>
            <p>{move || i18n.a().your_data_words}</p>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <button type="button" class="button" data-testid="download-data" disabled=move || busy.get() on:click=download>
                {move || if busy.get() { i18n.a().preparing } else { i18n.a().download_data }}
            </button>
        </section>
    }
}

#[component]
fn DeleteAccount() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
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
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::delete_account(&password.get_untracked()).await {
                Ok(()) => {
                    auth.forget().await;
                    navigate("/account/deleted", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel panel-danger" aria-labelledby="delete-title">
            <h2 id="delete-title">{move || i18n.a().delete_account}</h2>
            <p>{move || i18n.a().delete_warning}</p>
            <form on:submit=submit>
                <Field id="delete-password" label=Signal::derive(move || i18n.a().password_to_confirm) value=password kind="password" autocomplete="current-password" />
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                <SubmitButton
                    label=Signal::derive(move || i18n.a().delete_my_account)
                    busy_label=Signal::derive(move || i18n.a().deleting)
                    busy=busy
                    testid="delete-account-submit"
                    class="button button-danger"
                />
            </form>
        </section>
    }
}

/// `/account/deleted`: the account is gone.
#[component]
pub fn AccountDeletedPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.a().account_deleted));
    view! {
        <section class="panel" data-testid="account-deleted">
            <h1>{move || i18n.a().account_deleted}</h1>
            <p>{move || i18n.a().account_deleted_words}</p>
            <p><a class="button" href="/">{move || i18n.t().find_a_charger}</a></p>
        </section>
    }
}
