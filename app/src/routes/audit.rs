//! `/admin/audit` (admins): security events, newest first, a page at a time ("Load more"
//! with the previous page's `next_before`); `?user=` narrows it to one user.

use ladeklar_api::{AuditEntryView, UserId};
use ladeklar_core::accounts::face::Face;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use std::collections::HashMap;

use crate::api::{self, ApiError};
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::use_i18n;
use crate::platform;

/// Entries per page.
const PAGE: u32 = 50;

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.a().audit_log));
    view! {
        <SignedInOnly face=Face::Admin>
            <AuditLog />
        </SignedInOnly>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let user_filter = Memo::new(move |_| {
        query
            .read()
            .get("user")
            .and_then(|u| uuid::Uuid::parse_str(&u).ok())
            .map(UserId)
    });
    let entries = RwSignal::new(Vec::<AuditEntryView>::new());
    let next_before = RwSignal::new(None::<i64>);
    let loading = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // Who is who: user ids in e-mail addresses (a failure only leaves the ids).
    let emails = LocalResource::new(|| async {
        api::users()
            .await
            .map(|list| {
                list.users
                    .into_iter()
                    .map(|u| (u.account.id, u.account.email))
                    .collect::<HashMap<_, _>>()
            })
            .unwrap_or_default()
    });
    let load = move |before: Option<i64>| {
        loading.set(true);
        error.set(None);
        let user = user_filter.get_untracked();
        spawn_local(async move {
            match api::audit_log(user, before, PAGE).await {
                Ok(page) => {
                    entries.update(|all| {
                        if before.is_none() {
                            all.clear();
                        }
                        all.extend(page.entries);
                    });
                    next_before.set(page.next_before);
                    loaded.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        user_filter.track();
        load(None);
    });
    let who = move |id: Option<UserId>| -> String {
        match id {
            None => i18n.a().nobody.to_string(),
            Some(id) => emails
                .get()
                .and_then(|map| map.get(&id).cloned())
                .unwrap_or_else(|| id.to_string()),
        }
    };
    let rows = move || {
        entries
            .get()
            .into_iter()
            .map(|entry| {
                let at = entry.at;
                let event = entry.event.clone();
                view! {
                    <tr data-testid="audit-entry" data-event=entry.event.clone()>
                        <td class="nowrap" data-label=move || i18n.a().when>{move || platform::local_date_time(at, i18n.lang())}</td>
                        <td data-label=move || i18n.a().event>{move || i18n.lang().audit_event(&event)}</td>
                        <td class="wrap" data-label=move || i18n.a().about_user>{move || who(entry.user)}</td>
                        <td class="wrap" data-label=move || i18n.a().by>{move || who(entry.actor)}</td>
                        <td class="wrap" data-label=move || i18n.a().detail>{entry.detail.clone()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel panel-wide" data-testid="audit-page">
            <h1>{move || i18n.a().audit_log}</h1>
            {move || user_filter.get().map(|id| view! {
                <p class="filter">
                    {move || i18n.lang().only_about(&who(Some(id)))}
                    " "
                    <a href="/admin/audit">{move || i18n.a().show_everyone}</a>
                </p>
            })}
            <Show when=move || loaded.get() && entries.with(|e| e.is_empty())>
                <p class="empty" data-testid="audit-empty">{move || i18n.a().no_audit_entries}</p>
            </Show>
            <Show when=move || entries.with(|e| !e.is_empty())>
                <div class="table-wrap">
                    <table class="lines data-table" data-testid="audit-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.a().when}</th>
                                <th scope="col">{move || i18n.a().event}</th>
                                <th scope="col">{move || i18n.a().about_user}</th>
                                <th scope="col">{move || i18n.a().by}</th>
                                <th scope="col">{move || i18n.a().detail}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </Show>
            {move || error.get().map(|e| {
                let before = next_before.get_untracked().filter(|_| loaded.get_untracked());
                view! { <ErrorNotice error=e retry=Callback::new(move |_| load(before)) /> }
            })}
            <Show when=move || loading.get()>
                <p class="loading" role="status">{move || i18n.a().loading_audit}</p>
            </Show>
            <Show when=move || next_before.get().is_some() && !loading.get()>
                <p class="actions">
                    <button type="button" class="button" data-testid="load-more" on:click=move |_| load(next_before.get_untracked())>
                        {move || i18n.a().load_more}
                    </button>
                </p>
            </Show>
        </section>
    }
}
