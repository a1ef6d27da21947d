//! `/operations` (support and admins): sessions whose charger went silent, and transaction
//! messages held in quarantine. Read-only.

use ladeklar_core::accounts::face::Face;
use leptos::prelude::*;

use crate::api;
use crate::auth::use_auth;
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::use_i18n;
use crate::{format, platform};

#[component]
pub fn OperationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    Effect::new(move |_| platform::set_title(i18n.a().operations));
    // Admins may do what support does: either face opens the page.
    let face = move || {
        if auth.has_face(Face::Admin) {
            Face::Admin
        } else {
            Face::Support
        }
    };
    view! {
        {move || {
            let face = face();
            view! {
                <SignedInOnly face=face>
                    <div class="stack wide">
                        <StuckSessions />
                        <Quarantine />
                    </div>
                </SignedInOnly>
            }
        }}
    }
}

#[component]
fn StuckSessions() -> impl IntoView {
    let i18n = use_i18n();
    let stuck = LocalResource::new(api::stuck_sessions);
    let body = move || {
        Suspend::new(async move {
            match stuck.await {
                Ok(list) if list.sessions.is_empty() => view! {
                    <p class="empty" data-testid="stuck-empty">{move || {
                        let lang = i18n.lang();
                        let limit = i64::try_from(list.limit_s).unwrap_or(i64::MAX);
                        lang.no_stuck_sessions(&format::duration_words(limit, lang))
                    }}</p>
                }
                .into_any(),
                Ok(list) => {
                    let rows = list
                        .sessions
                        .into_iter()
                        .map(|s| {
                            let last = s.last_message_at;
                            let status = s.status;
                            view! {
                                <tr data-testid="stuck-session">
                                    <td class="wrap" data-label=move || i18n.a().session><a href=format!("/sessions/{}", s.session_id)>{s.session_id.chars().take(8).collect::<String>()}</a></td>
                                    <td class="wrap" data-label=move || i18n.a().charger_connector>{format!("{} · {}", s.charger_id, s.connector_id)}</td>
                                    <td data-label=move || i18n.a().status>{move || i18n.lang().session_status(status)}</td>
                                    <td class="nowrap" data-label=move || i18n.a().last_message>{move || platform::local_date_time(last, i18n.lang())}</td>
                                    <td class="num" data-label=move || i18n.a().silent_for>{move || format::duration_words(s.silent_s, i18n.lang())}</td>
                                    <td data-label=move || i18n.a().charger_link>{move || if s.charger_online { i18n.t().online } else { i18n.t().offline }}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="table-wrap">
                            <table class="lines data-table" data-testid="stuck-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{move || i18n.a().session}</th>
                                        <th scope="col">{move || i18n.a().charger_connector}</th>
                                        <th scope="col">{move || i18n.a().status}</th>
                                        <th scope="col">{move || i18n.a().last_message}</th>
                                        <th scope="col" class="num">{move || i18n.a().silent_for}</th>
                                        <th scope="col">{move || i18n.a().charger_link}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| stuck.refetch()) /> }.into_any()
                }
            }
        })
    };
    view! {
        <section class="panel panel-wide" aria-labelledby="stuck-title" data-testid="stuck-sessions">
            <h1 id="stuck-title">{move || i18n.a().stuck_sessions}</h1>
            <p class="fine">{move || i18n.a().stuck_sessions_words}</p>
            <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.a().loading}</p> }>{body}</Transition>
        </section>
    }
}

#[component]
fn Quarantine() -> impl IntoView {
    let i18n = use_i18n();
    let held = LocalResource::new(api::quarantine);
    let body = move || {
        Suspend::new(async move {
            match held.await {
                Ok(list) if list.entries.is_empty() => {
                    view! { <p class="empty" data-testid="quarantine-empty">{move || i18n.a().quarantine_empty}</p> }
                        .into_any()
                }
                Ok(list) => {
                    let rows = list
                        .entries
                        .into_iter()
                        .map(|e| {
                            let at = e.received_at;
                            view! {
                                <tr data-testid="quarantine-entry">
                                    <td class="nowrap" data-label=move || i18n.a().received>{move || platform::local_date_time(at, i18n.lang())}</td>
                                    <td class="wrap" data-label=move || i18n.t().charger>{e.charger_id.clone()}</td>
                                    <td data-label=move || i18n.a().message>{e.action.clone()}</td>
                                    <td class="num" data-label=move || i18n.a().transaction>{e.transaction_id.map(|t| t.to_string()).unwrap_or_default()}</td>
                                    <td class="wrap" data-label=move || i18n.a().reason>{e.reason.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="table-wrap">
                            <table class="lines data-table" data-testid="quarantine-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{move || i18n.a().received}</th>
                                        <th scope="col">{move || i18n.t().charger}</th>
                                        <th scope="col">{move || i18n.a().message}</th>
                                        <th scope="col" class="num">{move || i18n.a().transaction}</th>
                                        <th scope="col">{move || i18n.a().reason}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| held.refetch()) /> }.into_any()
                }
            }
        })
    };
    view! {
        <section class="panel panel-wide" aria-labelledby="quarantine-title" data-testid="quarantine">
            <h2 id="quarantine-title">{move || i18n.a().quarantine}</h2>
            <p class="fine">{move || i18n.a().quarantine_words}</p>
            <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.a().loading}</p> }>{body}</Transition>
        </section>
    }
}
