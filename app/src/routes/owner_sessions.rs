//! `/owner/sessions` (issue 19, staff build): the sessions at the owner's sites — filtered by
//! site, charger, days and status, searched by a session id, a charger id or a card's or tag's
//! last four digits — a page at a time, and the same filter as a CSV download. The filter is
//! the server's to check (another owner's site is refused there); the sites and chargers offered
//! are the overview's.

use chrono::NaiveDate;
use ladeklar_api::{OwnerSessionView, OwnerSessionsQuery, OwnerSite};
use leptos::prelude::*;

use super::owner::{loading, ForOwner};
use crate::api;
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::{format, platform};

const PER_PAGE: u32 = 20;
const STATUSES: [&str; 5] = ["completed", "charging", "pending", "stopping", "failed"];

#[component]
pub fn OwnerSessionsPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.op().sessions));
    view! { <ForOwner children=|owner| view! { <Sessions owner=owner /> }.into_any() /> }
}

/// The filter's fields as typed.
#[derive(Clone, Copy)]
struct Form {
    site: RwSignal<String>,
    charger: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    status: RwSignal<String>,
    q: RwSignal<String>,
}

impl Form {
    fn query(&self, page: u32) -> OwnerSessionsQuery {
        let text = |s: RwSignal<String>| Some(s.get_untracked().trim().to_string()).filter(|v| !v.is_empty());
        let day = |s: RwSignal<String>| s.get_untracked().trim().parse::<NaiveDate>().ok();
        OwnerSessionsQuery {
            site: text(self.site),
            charger: text(self.charger),
            from: day(self.from),
            to: day(self.to),
            status: text(self.status),
            q: text(self.q),
            page: Some(page),
            per_page: Some(PER_PAGE),
        }
    }
}

#[component]
fn Sessions(owner: String) -> impl IntoView {
    let i18n = use_i18n();
    let owner = StoredValue::new(owner);
    let form = Form {
        site: RwSignal::new(String::new()),
        charger: RwSignal::new(String::new()),
        from: RwSignal::new(String::new()),
        to: RwSignal::new(String::new()),
        status: RwSignal::new(String::new()),
        q: RwSignal::new(String::new()),
    };
    let applied = RwSignal::new(form.query(1));
    let today = platform::now().date_naive();
    let sites = LocalResource::new(move || api::owner_overview(owner.get_value(), today, today, "last_7_days"));
    let page = LocalResource::new(move || api::owner_sessions(owner.get_value(), applied.get()));
    let csv = move || api::owner_sessions_csv_address(&owner.get_value(), &applied.get());
    let site_options = move || {
        Suspend::new(async move {
            let sites: Vec<OwnerSite> = sites.await.map(|o| o.sites).unwrap_or_default();
            let chosen = form.site.get();
            let chargers: Vec<String> = sites
                .iter()
                .filter(|s| chosen.is_empty() || s.id == chosen)
                .flat_map(|s| s.chargers.iter().map(|c| c.id.clone()))
                .collect();
            let site_opts = sites
                .into_iter()
                .map(|s| view! { <option value=s.id.clone()>{s.name}</option> })
                .collect_view();
            let charger_opts = chargers
                .into_iter()
                .map(|c| view! { <option value=c.clone()>{c.clone()}</option> })
                .collect_view();
            view! {
                <div class="field">
                    <label for="sessions-site">{move || i18n.op().site}</label>
                    <select id="sessions-site" data-testid="sessions-site" prop:value=move || form.site.get()
                        on:change=move |ev| { form.site.set(event_target_value(&ev)); form.charger.set(String::new()); }>
                        <option value="">{move || i18n.op().all_sites}</option>
                        {site_opts}
                    </select>
                </div>
                <div class="field">
                    <label for="sessions-charger">{move || i18n.op().charger}</label>
                    <select id="sessions-charger" data-testid="sessions-charger" prop:value=move || form.charger.get()
                        on:change=move |ev| form.charger.set(event_target_value(&ev))>
                        <option value="">{move || i18n.op().all_chargers}</option>
                        {charger_opts}
                    </select>
                </div>
            }
        })
    };
    let statuses = STATUSES
        .iter()
        .map(|s| view! { <option value=*s>{move || i18n.lang().owner_session_status(s)}</option> })
        .collect_view();
    let body = move || {
        Suspend::new(async move {
            match page.await {
                Ok(p) => {
                    let n = p.sessions.len() as i64;
                    let first = i64::from(p.page - 1) * i64::from(p.per_page);
                    let (has_prev, has_next) = (p.page > 1, first + n < p.total);
                    let total = p.total;
                    let current = p.page;
                    let rows = p
                        .sessions
                        .into_iter()
                        .map(|s| view! { <SessionRow s=s /> })
                        .collect_view();
                    let go = move |to: u32| {
                        let mut q = applied.get_untracked();
                        q.page = Some(to);
                        applied.set(q);
                    };
                    if n == 0 {
                        return view! { <p class="empty" data-testid="sessions-empty">{move || i18n.op().no_sessions}</p> }.into_any();
                    }
                    view! {
                        <p class="fine" data-testid="sessions-range" data-total=total>{move || i18n.lang().page_range(first + 1, first + n, total)}</p>
                        <ul class="session-rows" data-testid="owner-sessions">{rows}</ul>
                        <p class="actions pager">
                            <button type="button" class="button button-small" data-testid="sessions-prev" disabled=!has_prev on:click=move |_| go(current - 1)>
                                {move || i18n.op().previous}
                            </button>
                            <button type="button" class="button button-small" data-testid="sessions-next" disabled=!has_next on:click=move |_| go(current + 1)>
                                {move || i18n.op().next}
                            </button>
                        </p>
                    }
                    .into_any()
                }
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| page.refetch()) /> }.into_any()
                }
            }
        })
    };
    view! {
        <div class="stack wide" data-testid="owner-sessions-page">
            <section class="panel panel-wide">
                <h1>{move || i18n.op().sessions}</h1>
                <p class="fine">{move || i18n.op().sessions_intro}</p>
                <form
                    class="filters"
                    data-testid="sessions-filter"
                    novalidate
                    on:submit=move |ev| {
                        ev.prevent_default();
                        applied.set(form.query(1));
                    }
                >
                    <Transition fallback=|| ()>{site_options}</Transition>
                    <div class="field">
                        <label for="sessions-from">{move || i18n.op().from}</label>
                        <input id="sessions-from" type="date" data-testid="sessions-from" bind:value=form.from />
                    </div>
                    <div class="field">
                        <label for="sessions-to">{move || i18n.op().to}</label>
                        <input id="sessions-to" type="date" data-testid="sessions-to" bind:value=form.to />
                    </div>
                    <div class="field">
                        <label for="sessions-status">{move || i18n.op().status}</label>
                        <select id="sessions-status" data-testid="sessions-status" prop:value=move || form.status.get()
                            on:change=move |ev| form.status.set(event_target_value(&ev))>
                            <option value="">{move || i18n.op().any_status}</option>
                            {statuses}
                        </select>
                    </div>
                    <div class="field">
                        <label for="sessions-q">{move || i18n.op().search}</label>
                        <input id="sessions-q" type="search" autocomplete="off" maxlength="64" data-testid="sessions-q"
                            aria-describedby="sessions-q-hint" bind:value=form.q />
                        <p class="field-hint" id="sessions-q-hint">{move || i18n.op().search_hint}</p>
                    </div>
                    <p class="actions">
                        <button type="submit" class="button button-primary" data-testid="sessions-apply">{move || i18n.op().apply}</button>
                        <a class="button" href=csv download data-testid="sessions-csv">{move || i18n.op().csv}</a>
                    </p>
                </form>
            </section>
            <section class="panel panel-wide">
                <Transition fallback=loading>{body}</Transition>
            </section>
        </div>
    }
}

#[component]
fn SessionRow(s: OwnerSessionView) -> impl IntoView {
    let i18n = use_i18n();
    let OwnerSessionView {
        id,
        site_name,
        charger_id,
        connector_id,
        status,
        requested_at,
        energy_kwh,
        amount,
        currency,
        paid_with,
        ..
    } = s;
    let short = id.chars().take(8).collect::<String>();
    let status_for_data = status.clone();
    let paid = move || match (amount, &currency) {
        (Some(a), Some(c)) => format::money(a, c, i18n.lang()),
        _ => "–".to_string(),
    };
    let energy = move || energy_kwh.map_or("–".to_string(), |k| format::energy_kwh(k, i18n.lang()));
    view! {
        <li class="statement-row" data-testid="owner-session" data-session=id.clone() data-status=status_for_data>
            <p class="statement-head">
                <strong title=id.clone()>{short}</strong>
                <span>{format!("{site_name} · {charger_id} · {connector_id}")}</span>
                <span class="fine">{move || i18n.lang().owner_session_status(&status)}</span>
            </p>
            <dl class="statement-figures">
                <div><dt>{move || i18n.op().started}</dt><dd>{move || platform::local_date_time(requested_at, i18n.lang())}</dd></div>
                <div><dt>{move || i18n.op().energy}</dt><dd>{energy}</dd></div>
                <div><dt>{move || i18n.op().amount}</dt><dd data-testid="session-amount">{paid}</dd></div>
                <div><dt>{move || i18n.op().paid_with}</dt><dd>{paid_with.unwrap_or_else(|| "–".to_string())}</dd></div>
            </dl>
        </li>
    }
}
