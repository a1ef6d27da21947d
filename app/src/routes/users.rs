//! `/admin/users` (admins): every user with their roles and state; add a user (they are
//! mailed a link to set their password), change roles, disable or enable.

use ladeklar_api::UserView;
use ladeklar_core::accounts::face::Face;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::auth::use_auth;
use crate::components::forms::{Field, SubmitButton, SuccessNotice};
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::components::role_editor::{RoleChoice, RoleChoiceProblem, RoleEditor};
use crate::i18n::use_i18n;
use crate::platform;

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.a().users));
    view! {
        <SignedInOnly face=Face::Admin>
            <Users />
        </SignedInOnly>
    }
}

#[component]
fn Users() -> impl IntoView {
    let i18n = use_i18n();
    let users = LocalResource::new(api::users);
    let list = move || {
        Suspend::new(async move {
            match users.await {
                Ok(list) if list.users.is_empty() => {
                    view! { <p class="empty" data-testid="users-empty">{move || i18n.a().no_users}</p> }.into_any()
                }
                Ok(list) => view! {
                    <ul class="user-list" data-testid="user-list">
                        {list.users.into_iter().map(|user| view! { <UserItem user=user /> }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| users.refetch()) /> }.into_any()
                }
            }
        })
    };
    view! {
        <div class="stack wide users-layout">
            <section class="panel">
                <h1>{move || i18n.a().users}</h1>
                <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.a().loading_users}</p> }>
                    {list}
                </Transition>
            </section>
            <AddUser on_added=Callback::new(move |_| users.refetch()) />
        </div>
    }
}

/// One user: e-mail, roles, state, and the admin's actions.
#[component]
fn UserItem(user: UserView) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let user = RwSignal::new(user);
    let editing = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let choice_problem = RwSignal::new(None::<RoleChoiceProblem>);
    let id = user.with_untracked(|u| u.account.id);
    let choice = StoredValue::new(RoleChoice::new(&user.with_untracked(|u| u.account.roles.clone())));
    // A change to one's own account shows in the header at once.
    let apply = move |updated: UserView| {
        if auth.account().is_some_and(|a| a.id == updated.account.id) {
            auth.update_account(updated.account.clone());
        }
        user.set(updated);
    };
    let toggle_disabled = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let disable = !user.with_untracked(|u| u.disabled);
        spawn_local(async move {
            match api::set_disabled(id, disable).await {
                Ok(updated) => apply(updated),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let save_roles = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let roles = match choice.get_value().roles() {
            Ok(roles) => roles,
            Err(problem) => {
                choice_problem.set(Some(problem));
                return;
            }
        };
        choice_problem.set(None);
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::set_roles(id, roles).await {
                Ok(updated) => {
                    apply(updated);
                    editing.set(false);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let email = user.with_untracked(|u| u.account.email.clone());
    let email_attr = email.clone();
    let audit_href = format!("/admin/audit?user={id}");
    view! {
        <li class="user-item" data-testid="user" data-email=email_attr data-disabled=move || user.with(|u| u.disabled).to_string()>
            <div class="user-head">
                <span class="user-email">{email}</span>
                <span class="user-state" data-testid="user-state">{move || user.with(|u| i18n.lang().user_state(u))}</span>
            </div>
            <p class="user-roles" data-testid="user-roles">{move || user.with(|u| i18n.lang().roles_words(&u.account.roles))}</p>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <Show when=move || editing.get()>
                <form class="role-form" on:submit=save_roles>
                    <RoleEditor choice=choice.get_value() prefix=format!("user-{id}") />
                    {move || choice_problem.get().map(|_| view! { <p class="field-error" role="alert">{move || i18n.a().owner_needs_id}</p> })}
                    <p class="actions">
                        <SubmitButton
                            label=Signal::derive(move || i18n.a().save_roles)
                            busy_label=Signal::derive(move || i18n.a().saving)
                            busy=busy
                            testid="save-roles"
                        />
                        <button type="button" class="button" on:click=move |_| editing.set(false)>{move || i18n.a().cancel}</button>
                    </p>
                </form>
            </Show>
            <Show when=move || !editing.get() && !user.with(|u| u.deleted)>
                <p class="actions">
                    <button type="button" class="button" data-testid="edit-roles" on:click=move |_| editing.set(true)>
                        {move || i18n.a().change_roles}
                    </button>
                    <button type="button" class="button" data-testid="toggle-disabled" disabled=move || busy.get() on:click=toggle_disabled>
                        {move || if user.with(|u| u.disabled) { i18n.a().enable } else { i18n.a().disable }}
                    </button>
                    <a class="button" href=audit_href.clone()>{move || i18n.a().audit_log}</a>
                </p>
            </Show>
        </li>
    }
}

#[component]
fn AddUser(on_added: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let choice = RoleChoice::new(&[]);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let choice_problem = RwSignal::new(None::<RoleChoiceProblem>);
    let added = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let roles = match choice.roles() {
            Ok(roles) => roles,
            Err(problem) => {
                choice_problem.set(Some(problem));
                return;
            }
        };
        choice_problem.set(None);
        busy.set(true);
        error.set(None);
        added.set(None);
        spawn_local(async move {
            match api::add_user(email.get_untracked().trim(), roles).await {
                Ok(user) => {
                    added.set(Some(user.account.email));
                    email.set(String::new());
                    on_added.run(());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="add-user-title">
            <h2 id="add-user-title">{move || i18n.a().add_user}</h2>
            <p>{move || i18n.a().add_user_words}</p>
            <form on:submit=submit>
                <Field id="new-user-email" label=Signal::derive(move || i18n.a().email) value=email kind="email" autocomplete="off" />
                <RoleEditor choice=choice prefix="new-user".to_string() />
                {move || choice_problem.get().map(|_| view! { <p class="field-error" role="alert">{move || i18n.a().owner_needs_id}</p> })}
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
                {move || added.get().map(|address| view! {
                    <SuccessNotice text=Signal::derive(move || i18n.lang().user_added(&address)) testid="user-added" />
                })}
                <SubmitButton
                    label=Signal::derive(move || i18n.a().add_user)
                    busy_label=Signal::derive(move || i18n.a().saving)
                    busy=busy
                    testid="add-user-submit"
                />
            </form>
        </section>
    }
}
