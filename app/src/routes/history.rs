//! `/account/sessions`: the signed-in driver's charging sessions, newest first, between two
//! days (kept in the address), each leading to its receipt (or its live page while under
//! way), and the same list as CSV for a spreadsheet.

use ladeklar_api::HistoryEntry;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::notice::ErrorNotice;
use crate::components::pay::method_words;
use crate::components::require::SignedInOnly;
use crate::format;
use crate::i18n::use_i18n;
use crate::platform;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.a().my_sessions));
    view! {
        <SignedInOnly>
            <History />
        </SignedInOnly>
    }
}

#[component]
fn History() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let day = move |key: &str| query.with(|q| q.get(key)).filter(|d| !d.is_empty());
    // The form's fields; the list follows the address.
    let from = RwSignal::new(day("from").unwrap_or_default());
    let to = RwSignal::new(day("to").unwrap_or_default());
    let range_problem = RwSignal::new(false);
    let sessions = LocalResource::new(move || {
        let (from, to) = (day("from"), day("to"));
        async move { api::history(from.as_deref(), to.as_deref()).await }
    });
    let navigate = use_navigate();
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (f, t) = (from.get_untracked(), to.get_untracked());
        // Days typed as YYYY-MM-DD compare as text.
        let bad = !f.is_empty() && !t.is_empty() && f > t;
        range_problem.set(bad);
        if !bad {
            let pairs: Vec<String> = [("from", &f), ("to", &t)]
                .into_iter()
                .filter(|(_, d)| !d.is_empty())
                .map(|(k, d)| format!("{k}={d}"))
                .collect();
            navigate(&format!("/account/sessions?{}", pairs.join("&")), Default::default());
        }
    };
    let csv = move || api::history_csv_address(day("from").as_deref(), day("to").as_deref());
    view! {
        <section class="panel history" data-testid="history">
            <h1>{move || i18n.a().my_sessions}</h1>
            <p class="fine">{move || i18n.p().history_intro}</p>
            <form class="history-filters" on:submit=show>
                <label class="field">
                    <span>{move || i18n.p().history_from}</span>
                    <input type="date" data-testid="history-from" prop:value=move || from.get()
                        on:input=move |ev| from.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{move || i18n.p().history_to}</span>
                    <input type="date" data-testid="history-to" prop:value=move || to.get()
                        on:input=move |ev| to.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="button" data-testid="history-show">{move || i18n.p().history_show}</button>
            </form>
            {move || range_problem.get().then(|| view! {
                <p class="notice notice-error" role="alert" data-testid="history-bad-range">{move || i18n.p().history_bad_range}</p>
            })}
            <p><a class="button" href=csv download data-testid="history-csv">{move || i18n.p().history_csv}</a></p>
            <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.p().loading_history}</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) if list.sessions.is_empty() => view! {
                            <p class="empty" data-testid="history-empty">{move || i18n.p().history_empty}</p>
                        }
                        .into_any(),
                        Ok(list) => {
                            let rows = list.sessions.into_iter().map(|s| view! { <HistoryRow entry=s /> }).collect_view();
                            view! { <ul class="history-list">{rows}</ul> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error=error retry=Callback::new(move |_| sessions.refetch()) /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One session: where and when, energy, what it cost and how it was paid.
#[component]
fn HistoryRow(entry: HistoryEntry) -> impl IntoView {
    let i18n = use_i18n();
    let under_way = entry.status.is_active();
    let href = if under_way {
        format!("/sessions/{}", entry.id)
    } else {
        format!("/sessions/{}/receipt", entry.id)
    };
    let (status, at) = (entry.status, entry.started_at.unwrap_or(entry.requested_at));
    let energy = entry.energy_kwh;
    let total = entry.total_incl_vat.zip(entry.currency.clone());
    let method = entry.payment_method.clone();
    view! {
        <li>
            <a class="history-row" href=href data-testid="history-row" data-session-id=entry.id.to_string()
                data-total=entry.total_incl_vat.map(|t| t.to_string()).unwrap_or_default()>
                <span class="history-site">{entry.site_name.clone()}</span>
                <span class="fine" data-testid="history-time">{
                    // The site's time, labelled when this device's zone differs (as the receipt).
                    let zone = entry.time_zone.clone();
                    move || if zone.is_empty() {
                        platform::local_date_time(at, i18n.lang())
                    } else {
                        platform::site_date_time(at, &zone, i18n.lang())
                    }
                }</span>
                <span class="history-energy">{move || energy.map(|e| format::energy_kwh(e, i18n.lang())).unwrap_or_default()}</span>
                <span class="history-total">{move || match (&total, under_way) {
                    (_, true) => i18n.p().history_under_way.to_string(),
                    (Some((amount, currency)), false) => format::money(*amount, currency, i18n.lang()),
                    (None, false) => i18n.lang().session_status(status).to_string(),
                }}</span>
                <span class="fine">{move || method.as_deref().map(|m| method_words(m, i18n.lang())).unwrap_or_default()}</span>
            </a>
        </li>
    }
}
