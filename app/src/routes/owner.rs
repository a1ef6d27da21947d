//! The owner's overview and statements (issue 19, staff build). `/owner`: the owner's sites
//! with their chargers as they report now and their uptime and utilisation over a chosen period
//! (this month, the last 7 or 30 days), revenue per site per day (last 30 days) or per month
//! (last 12) as a stacked bar chart with a table beside it, the month's total, the open support
//! cases and this month's SLA figures with a link to the SLA report — all as the API gives
//! them. `/owner/statements`: the self-billing statements and credit notes with their PDF and
//! CSV, issuing a month (the server decides which months can be issued; its answer shows next
//! to the field), and for admins marking a payout paid. An admin picks the owner
//! ([`ForOwner`]); an owner sees their own.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, TimeDelta};
use ladeklar_api::{ErrorCode, OwnerOverview, OwnerSite, StatementList, StatementSummary};
use ladeklar_core::accounts::role::Role;
use ladeklar_core::session::ConnectorStatus;
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::api::{self, ApiError};
use crate::auth::use_auth;
use crate::components::bar_chart::PALETTE;
use crate::components::forms::SuccessNotice;
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::{use_i18n, Lang};
use crate::{format, platform};

/// The revenue chart's days, and months.
const DAYS: i64 = 30;
const MONTHS: u32 = 12;
/// The usage periods the overview offers, as the API names them.
const PERIODS: [&str; 3] = ["this_month", "last_7_days", "last_30_days"];

thread_local! {
    /// The owner an admin chose (kept while the app runs, so each owner screen opens on it).
    /// Reference counted, so no screen's disposal takes it along.
    static CHOSEN_OWNER: ArcRwSignal<Option<String>> = ArcRwSignal::new(None);
}

/// The owner the signed-in user belongs to (their first owner role).
fn owner_id() -> Option<String> {
    use_auth().account()?.roles.iter().find_map(|r| match r {
        Role::Owner { owner_id } => Some(owner_id.0.clone()),
        _ => None,
    })
}

/// Whether the signed-in user is an admin (who may open any owner's portal).
pub(crate) fn is_admin() -> bool {
    use_auth()
        .account()
        .is_some_and(|a| a.roles.iter().any(|r| matches!(r, Role::Admin)))
}

/// Shows `children(owner)` to a signed-in owner, and to an admin with a picker of every owner
/// (`?owner=` opens on one).
#[component]
pub(crate) fn ForOwner(children: fn(String) -> AnyView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SignedInOnly>
            {move || match owner_id() {
                Some(owner) => children(owner),
                None if is_admin() => view! { <OwnerPicker children=children /> }.into_any(),
                None => view! { <p class="empty" data-testid="no-owner">{move || i18n.ow().no_owner}</p> }.into_any(),
            }}
        </SignedInOnly>
    }
}

#[component]
fn OwnerPicker(children: fn(String) -> AnyView) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::from(CHOSEN_OWNER.with(|c| c.clone()));
    if let Some(o) = leptos_router::hooks::use_query_map().get_untracked().get("owner") {
        chosen.set(Some(o));
    }
    let list = LocalResource::new(api::owners);
    let body = move || {
        Suspend::new(async move {
            match list.await {
                Ok(l) if l.owners.is_empty() => {
                    view! { <p class="empty" data-testid="no-owners">{move || i18n.op().no_owners}</p> }.into_any()
                }
                Ok(l) => {
                    if chosen
                        .get_untracked()
                        .is_none_or(|c| !l.owners.iter().any(|o| o.id == c))
                    {
                        chosen.set(Some(l.owners[0].id.clone()));
                    }
                    let options = l
                        .owners
                        .into_iter()
                        .map(|o| {
                            let id = o.id.clone();
                            view! { <option value=o.id selected=move || chosen.get().as_deref() == Some(id.as_str())>{o.name}</option> }
                        })
                        .collect_view();
                    view! {
                        <section class="panel panel-wide owner-picker">
                            <div class="field">
                                <label for="owner-picker">{move || i18n.op().owner}</label>
                                <select
                                    id="owner-picker"
                                    data-testid="owner-picker"
                                    aria-describedby="owner-picker-hint"
                                    on:change=move |ev| chosen.set(Some(event_target_value(&ev)))
                                >
                                    {options}
                                </select>
                                <p class="field-hint" id="owner-picker-hint">{move || i18n.op().pick_owner_hint}</p>
                            </div>
                        </section>
                        {move || chosen.get().map(children)}
                    }
                    .into_any()
                }
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| list.refetch()) /> }.into_any()
                }
            }
        })
    };
    view! { <Transition fallback=loading>{body}</Transition> }
}

#[component]
pub fn OwnerOverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.ow().overview));
    view! { <ForOwner children=|owner| view! { <Overview owner=owner /> }.into_any() /> }
}

#[component]
pub fn OwnerStatementsPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.ow().statements));
    view! { <ForOwner children=|owner| view! { <Statements owner=owner /> }.into_any() /> }
}

pub(crate) fn loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || i18n.ow().loading}</p> }
}

/// The first day of the month `back` months before `d`'s.
fn months_before(d: NaiveDate, back: u32) -> NaiveDate {
    let index = d.year() * 12 + d.month0() as i32 - back as i32;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

/// A share 0–1 as a percentage with one decimal in the language's way ("99.2 %", "99,2 %").
pub(crate) fn percent(share: Option<f64>, lang: Lang) -> String {
    match share {
        None => "–".to_string(),
        Some(s) => {
            let text = format!("{:.1} %", s * 100.0);
            match lang {
                Lang::Nb => text.replace('.', ","),
                Lang::En => text,
            }
        }
    }
}

fn period_words(period: &str, lang: Lang) -> &'static str {
    match period {
        "last_7_days" => lang.op().last_7_days,
        "last_30_days" => lang.op().last_30_days,
        _ => lang.op().this_month,
    }
}

#[component]
fn Overview(owner: String) -> impl IntoView {
    let i18n = use_i18n();
    let today = platform::now().date_naive();
    let first = today.with_day(1).unwrap_or(today);
    let chart_from = today - TimeDelta::days(DAYS - 1);
    let months_from = months_before(today, MONTHS - 1);
    let from = chart_from.min(months_from);
    let period = RwSignal::new(PERIODS[0]);
    let data = LocalResource::new(move || api::owner_overview(owner.clone(), from, today, period.get()));
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Ok(o) => {
                    view! { <OverviewBody o=o chart_from=chart_from months_from=months_from first=first /> }.into_any()
                }
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| data.refetch()) /> }.into_any()
                }
            }
        })
    };
    let periods = PERIODS
        .iter()
        .map(|p| {
            view! {
                <button
                    type="button"
                    aria-pressed=move || (period.get() == *p).to_string()
                    data-testid=format!("period-{p}")
                    on:click=move |_| period.set(p)
                >
                    {move || period_words(p, i18n.lang())}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="stack wide" data-testid="owner-overview">
            <section class="panel panel-wide">
                <h1>{move || i18n.ow().overview}</h1>
                <p class="fine">{move || i18n.ow().overview_intro}</p>
                <div class="owner-period">
                    <span class="fine" id="usage-period-label">{move || i18n.op().period}</span>
                    <div class="view-toggle owner-toggle" role="group" aria-labelledby="usage-period-label">{periods}</div>
                </div>
            </section>
            <Transition fallback=loading>{body}</Transition>
        </div>
    }
}

#[component]
fn OverviewBody(o: OwnerOverview, chart_from: NaiveDate, months_from: NaiveDate, first: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let month_total: Decimal = o.revenue.iter().filter(|r| r.date >= first).map(|r| r.incl_vat).sum();
    let currency = o.currency.clone();
    let open_cases = o.open_cases;
    let total = move || match &currency {
        Some(c) => format::money(month_total, c, i18n.lang()),
        None => "–".to_string(),
    };
    let empty = o.sites.is_empty();
    let days = Chart::days(&o, chart_from);
    let months = Chart::months(&o, months_from);
    let by_month = RwSignal::new(false);
    let usage = o.usage;
    let sla = o.sla.clone();
    let sla_link = format!("/sla-report?owner={}", o.owner_id);
    let within = sla.share_within_sla_percent.map(|p| p / 100.0);
    let period = o.usage_period.clone();
    let period_data = period.clone();
    let sites = o
        .sites
        .into_iter()
        .map(|site| view! { <SiteCard site=site /> })
        .collect_view();
    view! {
        <section class="panel panel-wide owner-figures" data-testid="owner-usage" data-period=period_data>
            <div class="owner-figure">
                <p class="fine">{move || i18n.ow().month_total}</p>
                <p class="owner-figure-value" data-testid="month-total">{total}</p>
            </div>
            <div class="owner-figure">
                <p class="fine">{move || i18n.ow().open_cases}</p>
                <p class="owner-figure-value" data-testid="open-cases">{open_cases}</p>
            </div>
            <div class="owner-figure">
                <p class="fine">{move || format!("{} · {}", i18n.op().uptime, period_words(&period, i18n.lang()))}</p>
                <p class="owner-figure-value" data-testid="uptime">{move || percent(usage.uptime, i18n.lang())}</p>
            </div>
            <div class="owner-figure">
                <p class="fine">{move || i18n.op().utilisation}</p>
                <p class="owner-figure-value" data-testid="utilisation">{move || percent(usage.utilisation, i18n.lang())}</p>
            </div>
            <p class="fine owner-usage-intro">{move || i18n.op().usage_intro}</p>
        </section>
        <section class="panel panel-wide" data-testid="owner-sla" data-month=sla.month.clone()>
            <h2>{move || i18n.op().sla_title}</h2>
            <dl class="statement-figures">
                <div><dt>{move || i18n.op().sla_cases}</dt><dd data-testid="sla-cases">{sla.cases}</dd></div>
                <div><dt>{move || i18n.ow().open_cases}</dt><dd>{sla.open}</dd></div>
                <div><dt>{move || i18n.op().sla_breaches}</dt><dd data-testid="sla-breaches">{sla.breaches}</dd></div>
                <div><dt>{move || i18n.op().sla_within}</dt><dd>{move || percent(within, i18n.lang())}</dd></div>
            </dl>
            <p class="actions"><a class="button button-small" href=sla_link data-testid="sla-report-link" rel="external">{move || i18n.op().sla_report}</a></p>
        </section>
        <section class="panel panel-wide" data-testid="revenue" data-mode=move || if by_month.get() { "months" } else { "days" }>
            <h2>{move || if by_month.get() { format!("{} · {}", i18n.ow().revenue.split(' ').next().unwrap_or_default(), i18n.op().per_month) } else { i18n.ow().revenue.to_string() }}</h2>
            <div class="view-toggle owner-toggle" role="group" aria-label=move || i18n.ow().revenue>
                <button type="button" aria-pressed=move || (!by_month.get()).to_string() data-testid="chart-days" on:click=move |_| by_month.set(false)>
                    {move || i18n.op().per_day}
                </button>
                <button type="button" aria-pressed=move || by_month.get().to_string() data-testid="chart-months" on:click=move |_| by_month.set(true)>
                    {move || i18n.op().per_month}
                </button>
            </div>
            <p class="fine">{move || if by_month.get() { i18n.op().months_intro } else { i18n.op().days_intro }}</p>
            {move || if by_month.get() { months.view() } else { days.view() }}
        </section>
        <section class="panel panel-wide">
            <h2>{move || i18n.ow().sites}</h2>
            {empty.then(|| view! { <p class="empty" data-testid="overview-empty">{move || i18n.ow().no_sites}</p> })}
        </section>
        {sites}
    }
}

/// Revenue per day or month (stacked by site) as drawn.
#[derive(Clone)]
struct Chart {
    /// `2026-11-03` or `2026-11`.
    labels: Vec<String>,
    /// Per label, per site (the sites' order), incl. VAT.
    amounts: Vec<Vec<Decimal>>,
    sites: Vec<(String, String)>,
    currency: Option<String>,
    months: bool,
}

impl Chart {
    fn build(o: &OwnerOverview, labels: Vec<String>, rows: Vec<(String, &str, Decimal)>, months: bool) -> Chart {
        let sites: Vec<(String, String)> = o.sites.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
        let mut by_label: BTreeMap<String, Vec<Decimal>> = labels
            .iter()
            .map(|l| (l.clone(), vec![Decimal::ZERO; sites.len()]))
            .collect();
        for (label, site, amount) in rows {
            if let (Some(row), Some(i)) = (by_label.get_mut(&label), sites.iter().position(|(id, _)| id == site)) {
                row[i] += amount;
            }
        }
        Chart {
            amounts: labels.iter().map(|l| by_label.remove(l).unwrap_or_default()).collect(),
            labels,
            sites,
            currency: o.currency.clone(),
            months,
        }
    }

    /// The 30 days from `from`.
    fn days(o: &OwnerOverview, from: NaiveDate) -> Chart {
        let labels = (0..DAYS).map(|i| (from + TimeDelta::days(i)).to_string()).collect();
        let rows = o
            .revenue
            .iter()
            .map(|r| (r.date.to_string(), r.site_id.as_str(), r.incl_vat))
            .collect();
        Chart::build(o, labels, rows, false)
    }

    /// The 12 months from `from`'s.
    fn months(o: &OwnerOverview, from: NaiveDate) -> Chart {
        let labels = (0..MONTHS)
            .map(|i| {
                let d = months_before(from, 0) + chrono::Months::new(i);
                format!("{:04}-{:02}", d.year(), d.month())
            })
            .collect();
        let rows = o
            .revenue_months
            .iter()
            .map(|r| (r.month.clone(), r.site_id.as_str(), r.incl_vat))
            .collect();
        Chart::build(o, labels, rows, true)
    }

    fn view(&self) -> AnyView {
        let i18n = use_i18n();
        let max = self
            .amounts
            .iter()
            .map(|row| row.iter().filter(|a| **a > Decimal::ZERO).copied().sum::<Decimal>())
            .max()
            .unwrap_or_default();
        let testid = if self.months {
            "revenue-chart-months"
        } else {
            "revenue-chart-days"
        };
        if max <= Decimal::ZERO {
            let months = self.months;
            return view! {
                <p class="empty" data-testid="revenue-empty">{move || if months { i18n.op().no_revenue_months } else { i18n.ow().no_revenue }}</p>
                <svg class="revenue-chart" data-testid="revenue-chart" data-chart=testid viewBox="0 0 300 100" role="img" aria-hidden="true">
                    <line x1="0" y1="99" x2="300" y2="99" class="chart-axis" />
                </svg>
            }
            .into_any();
        }
        let max = max.to_f64().unwrap_or(1.0);
        let (width, height) = (300.0_f64, 100.0_f64);
        let bar = width / self.labels.len().max(1) as f64;
        let gap = if self.months { 6.0 } else { 2.0 };
        let currency = self.currency.clone().unwrap_or_default();
        let mut rects = Vec::new();
        for (d, row) in self.amounts.iter().enumerate() {
            let mut y = height;
            for (s, amount) in row.iter().enumerate() {
                if *amount <= Decimal::ZERO {
                    continue;
                }
                let h = amount.to_f64().unwrap_or(0.0) / max * (height - 4.0);
                y -= h;
                let (label, site, amount, currency) = (
                    self.labels[d].clone(),
                    self.sites[s].1.clone(),
                    *amount,
                    currency.clone(),
                );
                let title = move || format!("{label} · {site} · {}", format::money(amount, &currency, i18n.lang()));
                rects.push(view! {
                    <rect
                        x=format!("{:.2}", d as f64 * bar + gap / 2.0)
                        y=format!("{y:.2}")
                        width=format!("{:.2}", bar - gap)
                        height=format!("{h:.2}")
                        fill=PALETTE[s % PALETTE.len()]
                        data-testid="revenue-bar"
                    >
                        <title>{title}</title>
                    </rect>
                });
            }
        }
        let legend = self
            .sites
            .iter()
            .enumerate()
            .map(|(i, (_, name))| {
                let name = name.clone();
                (Signal::derive(move || name.clone()), PALETTE[i % PALETTE.len()])
            })
            .collect_view();
        let (first, last) = (self.labels[0].clone(), self.labels[self.labels.len() - 1].clone());
        let label = format!("{first} – {last}");
        view! {
            <svg class="revenue-chart" data-testid="revenue-chart" data-chart=testid viewBox="0 0 300 100" preserveAspectRatio="none" role="img"
                aria-label=move || format!("{} {label}", i18n.ow().revenue)>
                {rects}
                <line x1="0" y1="99.5" x2="300" y2="99.5" class="chart-axis" />
            </svg>
            <p class="chart-axis-labels fine"><span>{first}</span><span>{last}</span></p>
            <ul class="chart-legend">{legend}</ul>
            {self.table()}
        }
        .into_any()
    }

    /// The chart's figures as a table, for reading and for screen readers: the days or months
    /// with revenue, one column per site.
    fn table(&self) -> impl IntoView {
        let i18n = use_i18n();
        let currency = self.currency.clone().unwrap_or_default();
        let months = self.months;
        let heads = self
            .sites
            .iter()
            .map(|(_, name)| view! { <th scope="col">{name.clone()}</th> })
            .collect_view();
        let rows = self
            .labels
            .iter()
            .zip(&self.amounts)
            .filter(|(_, row)| row.iter().any(|a| !a.is_zero()))
            .map(|(label, row)| {
                let cells = row
                    .iter()
                    .map(|a| {
                        let (a, c) = (*a, currency.clone());
                        view! { <td class="num">{move || format::money(a, &c, i18n.lang())}</td> }
                    })
                    .collect_view();
                view! { <tr data-testid="revenue-row"><th scope="row">{label.clone()}</th>{cells}</tr> }
            })
            .collect_view();
        view! {
            <details class="chart-table" data-testid="revenue-table">
                <summary>{move || i18n.op().as_table}</summary>
                <div class="table-scroll">
                    <table>
                        <thead><tr><th scope="col">{move || if months { i18n.ow().month } else { i18n.op().day }}</th>{heads}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        }
    }
}

#[component]
fn SiteCard(site: OwnerSite) -> impl IntoView {
    let i18n = use_i18n();
    let site_usage = site.usage;
    let chargers = site
        .chargers
        .into_iter()
        .map(|c| {
            let online = c.online;
            let usage = c.usage;
            let connectors = c
                .connectors
                .into_iter()
                .map(|k| {
                    let status: Option<ConnectorStatus> = serde_json::from_value(serde_json::Value::String(k.status.clone())).ok();
                    let tone = match (online, status) {
                        (true, Some(s)) => format::connector_status_tone(s),
                        _ => "unknown",
                    };
                    let raw = k.status.clone();
                    let words = move || match status {
                        Some(s) => i18n.lang().connector_status(s).to_string(),
                        None => raw.clone(),
                    };
                    let id = k.connector_id;
                    view! {
                        <li class="owner-connector" data-testid="owner-connector" data-status=k.status.clone()>
                            <span>{move || format!("{} {id}", i18n.ow().connector)}</span>
                            <span class=format!("status status-{tone}")>{words}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="owner-charger" data-testid="owner-charger" data-charger=c.id.clone() data-online=online.to_string()>
                    <p class="owner-charger-head">
                        <span class="price-charger-id">{c.id.clone()}</span>
                        <span class=if online { "status status-free" } else { "status status-unknown" }>
                            {move || if online { i18n.ow().connected } else { i18n.ow().not_connected }}
                        </span>
                    </p>
                    <p class="owner-usage fine">
                        <span data-testid="charger-uptime">{move || format!("{} {}", i18n.op().uptime, percent(usage.uptime, i18n.lang()))}</span>
                        <span data-testid="charger-utilisation">{move || format!("{} {}", i18n.op().utilisation, percent(usage.utilisation, i18n.lang()))}</span>
                    </p>
                    <ul class="owner-connectors">{connectors}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="panel panel-wide price-site" data-testid="owner-site" data-site=site.id.clone()>
            <h2>{site.name.clone()} <span class="fine">{format!(" · {}", site.city)}</span></h2>
            <p class="owner-usage">
                <span data-testid="site-uptime">{move || format!("{} {}", i18n.op().uptime, percent(site_usage.uptime, i18n.lang()))}</span>
                <span data-testid="site-utilisation">{move || format!("{} {}", i18n.op().utilisation, percent(site_usage.utilisation, i18n.lang()))}</span>
            </p>
            <ul class="price-chargers">{chargers}</ul>
        </article>
    }
}

fn kind_words(kind: &str, lang: Lang) -> String {
    match kind {
        "statement" => lang.ow().statement.to_string(),
        "credit_note" => lang.ow().credit_note.to_string(),
        other => other.to_string(),
    }
}

fn payout_words(status: &str, lang: Lang) -> String {
    match status {
        "due" => lang.ow().due.to_string(),
        "paid" => lang.ow().paid.to_string(),
        other => other.to_string(),
    }
}

#[component]
fn Statements(owner: String) -> impl IntoView {
    let i18n = use_i18n();
    let owner = StoredValue::new(owner);
    // Outside the list's view: they outlive its reloads after issuing.
    let form = IssueState {
        month: RwSignal::new(String::new()),
        outcome: RwSignal::new(None),
    };
    let list = LocalResource::new(move || api::owner_statements(owner.get_value()));
    let body = move || {
        Suspend::new(async move {
            match list.await {
                Ok(l) => view! { <StatementsBody list=l owner=owner.get_value() form=form on_issued=Callback::new(move |_| list.refetch()) /> }.into_any(),
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| list.refetch()) /> }.into_any()
                }
            }
        })
    };
    view! {
        <div class="stack wide" data-testid="owner-statements">
            <section class="panel panel-wide">
                <h1>{move || i18n.ow().statements}</h1>
                <p class="fine">{move || i18n.ow().statements_intro}</p>
            </section>
            <Transition fallback=loading>{body}</Transition>
        </div>
    }
}

#[component]
fn StatementsBody(list: StatementList, owner: String, form: IssueState, on_issued: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    if form.month.get_untracked().is_empty() {
        form.month.set(list.last_month_over.clone());
    }
    let rows = list.statements.clone();
    let empty = rows.is_empty();
    let org = list.org_number.clone();
    let owner_for_rows = owner.clone();
    let rows = rows
        .into_iter()
        .map(|s| view! { <StatementRow s=s owner=owner_for_rows.clone() on_paid=on_issued /> })
        .collect_view();
    view! {
        <IssueForm owner=owner form=form on_issued=on_issued />
        <section class="panel panel-wide" data-testid="statement-list">
            {org.map(|org| view! { <p class="fine statement-org">{move || i18n.ow().org_number}": "{org.clone()}</p> })}
            {if empty {
                view! { <p class="empty" data-testid="statements-empty">{move || i18n.ow().no_statements}</p> }.into_any()
            } else {
                view! { <ul class="statement-rows">{rows}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn StatementRow(s: StatementSummary, owner: String, on_paid: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let pdf = api::statement_download_address(&owner, &s.id, "pdf");
    let csv = api::statement_download_address(&owner, &s.id, "csv");
    let markable = s.payout_status == "due" && is_admin();
    let mark = markable.then(|| view! { <MarkPaid owner=owner.clone() id=s.id.clone() on_paid=on_paid /> });
    let paid_line = match (&s.payout_paid_on, &s.payout_reference) {
        (Some(on), Some(reference)) => Some((on.to_string(), reference.clone())),
        _ => None,
    };
    let StatementSummary {
        number,
        kind,
        month,
        currency,
        total_incl_vat,
        platform_fee,
        payout,
        payout_status,
        sessions,
        ..
    } = s;
    let money = move |amount: Decimal| {
        let currency = currency.clone();
        move || format::money(amount, &currency, i18n.lang())
    };
    let kind_for_data = kind.clone();
    let status_for_data = payout_status.clone();
    view! {
        <li class="statement-row" data-testid="statement" data-number=number data-kind=kind_for_data data-status=status_for_data>
            <p class="statement-head">
                <strong>{move || format!("{} {number}", i18n.ow().number)}</strong>
                <span>{move || kind_words(&kind, i18n.lang())}</span>
                <span>{month.clone()}</span>
                <span class="fine">{move || i18n.lang().sessions_count(sessions)}</span>
            </p>
            <dl class="statement-figures">
                <div><dt>{move || i18n.ow().total_incl_vat}</dt><dd data-testid="statement-total">{money(total_incl_vat)}</dd></div>
                <div><dt>{move || i18n.ow().fee}</dt><dd>{money(platform_fee)}</dd></div>
                <div><dt>{move || i18n.ow().payout}</dt><dd>{money(payout)}</dd></div>
                <div><dt>{move || i18n.ow().status}</dt><dd>{move || payout_words(&payout_status, i18n.lang())}</dd></div>
            </dl>
            {paid_line.map(|(on, reference)| view! {
                <p class="fine" data-testid="payout-paid">{move || format!("{} {on} · {} {reference}", i18n.op().paid_on, i18n.op().reference)}</p>
            })}
            <p class="actions">
                <a class="button button-small" href=pdf download data-testid="statement-pdf">{move || i18n.ow().download_pdf}</a>
                <a class="button button-small" href=csv download data-testid="statement-csv">{move || i18n.ow().download_csv}</a>
            </p>
            {mark}
        </li>
    }
}

/// An admin records the payout paid: the day and the bank's reference (core's rules decide on
/// the server; its refusal shows here).
#[component]
fn MarkPaid(owner: String, id: String, on_paid: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let paid_on = RwSignal::new(platform::now().date_naive().to_string());
    let reference = RwSignal::new(String::new());
    let outcome: RwSignal<Option<Result<(), ApiError>>> = RwSignal::new(None);
    let (owner, id) = (StoredValue::new(owner), StoredValue::new(id));
    let submit = Action::new_local(move |(on, reference): &(String, String)| {
        let (on, reference) = (on.clone(), reference.clone());
        async move {
            let result = api::mark_payout_paid(owner.get_value(), id.get_value(), on, reference)
                .await
                .map(|_| ());
            let ok = result.is_ok();
            outcome.set(Some(result));
            if ok {
                on_paid.run(());
            }
        }
    });
    let pending = submit.pending();
    let field = move |name: &str| format!("payout-{}-{name}", id.get_value());
    view! {
        <form
            class="payout-form"
            novalidate
            data-testid="payout-form"
            on:submit=move |ev| {
                ev.prevent_default();
                outcome.set(None);
                submit.dispatch((paid_on.get_untracked(), reference.get_untracked()));
            }
        >
            <div class="field">
                <label for=field("on")>{move || i18n.op().paid_on}</label>
                <input id=field("on") type="date" data-testid="payout-on" bind:value=paid_on />
            </div>
            <div class="field">
                <label for=field("ref")>{move || i18n.op().reference}</label>
                <input id=field("ref") type="text" autocomplete="off" maxlength="80" data-testid="payout-reference" bind:value=reference />
            </div>
            <p class="actions">
                <button type="submit" class="button button-small" data-testid="payout-submit" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.op().marking } else { i18n.op().mark_paid }}
                </button>
            </p>
            {move || match outcome.get() {
                Some(Err(error)) => Some(view! { <ErrorNotice error=error /> }.into_any()),
                _ => None,
            }}
        </form>
    }
}

/// Why the month was not issued, next to the field: the server's decision, by its code.
fn field_error(error: &ApiError, lang: Lang) -> Option<&'static str> {
    match error.code() {
        Some(ErrorCode::InvalidMonth) => Some(lang.ow().invalid_month),
        Some(ErrorCode::OrgNumberMissing) => Some(lang.ow().org_number_missing),
        _ => None,
    }
}

/// What issuing did: the month, whether documents were created, how many there are.
type Issued = (String, bool, usize);

/// The issue form's month and the last answer.
#[derive(Clone, Copy)]
struct IssueState {
    month: RwSignal<String>,
    outcome: RwSignal<Option<Result<Issued, ApiError>>>,
}

#[component]
fn IssueForm(owner: String, form: IssueState, on_issued: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let IssueState { month, outcome } = form;
    let owner = StoredValue::new(owner);
    let issue = Action::new_local(move |m: &String| {
        let m = m.clone();
        async move {
            let result = api::issue_statements(owner.get_value(), m.clone()).await;
            outcome.set(Some(result.map(|r| (r.month, r.created, r.statements.len()))));
            on_issued.run(());
        }
    });
    let pending = issue.pending();
    let field_problem = move || match outcome.get() {
        Some(Err(e)) => field_error(&e, i18n.lang()),
        _ => None,
    };
    let other_error = move || match outcome.get() {
        Some(Err(e)) if field_error(&e, Lang::En).is_none() => Some(e),
        _ => None,
    };
    view! {
        <section class="panel panel-wide">
            <h2>{move || i18n.ow().issue_title}</h2>
            <form
                class="issue-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    outcome.set(None);
                    issue.dispatch(month.get_untracked().trim().to_string());
                }
            >
                <div class="field" class:field-invalid=move || field_problem().is_some()>
                    <label for="issue-month">{move || i18n.ow().month}</label>
                    <input
                        id="issue-month"
                        name="month"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        placeholder="YYYY-MM"
                        aria-invalid=move || field_problem().is_some().to_string()
                        aria-describedby="issue-month-error issue-month-hint"
                        data-testid="issue-month"
                        bind:value=month
                    />
                    <p class="field-hint" id="issue-month-hint">{move || i18n.ow().issue_hint}</p>
                    <p class="field-error" id="issue-month-error" role="alert" data-testid="error-month" hidden=move || field_problem().is_none()>
                        {move || field_problem().unwrap_or_default()}
                    </p>
                </div>
                <p class="actions">
                    <button type="submit" class="button button-primary" data-testid="issue-submit" disabled=move || pending.get()>
                        {move || if pending.get() { i18n.ow().issuing } else { i18n.ow().issue }}
                    </button>
                </p>
            </form>
            {move || other_error().map(|error| view! { <ErrorNotice error=error /> })}
            {move || match outcome.get() {
                Some(Ok((m, created, n))) => Some(view! {
                    <SuccessNotice text=Signal::derive(move || i18n.lang().statements_issued(&m, created, n)) testid="issued" />
                }),
                _ => None,
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use ladeklar_api::{OwnerOverview, OwnerSite, RevenueDayView};

    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    #[test]
    fn twelve_months_back_cross_the_year() {
        assert_eq!(
            months_before(day(15), 11),
            NaiveDate::from_ymd_opt(2025, 12, 1).unwrap_or_default()
        );
        assert_eq!(percent(Some(0.99249), Lang::Nb), "99,2 %");
        assert_eq!(percent(None, Lang::En), "–");
    }

    #[test]
    fn the_chart_has_thirty_days_each_stacked_by_site_in_the_sites_order() {
        let site = |id: &str| OwnerSite {
            id: id.into(),
            name: id.into(),
            city: "Oslo".into(),
            chargers: vec![],
            usage: Default::default(),
        };
        let revenue = |d: u32, site: &str, amount: &str| RevenueDayView {
            date: day(d),
            site_id: site.into(),
            incl_vat: amount.parse().unwrap_or_default(),
            sessions: 1,
        };
        let o = OwnerOverview {
            owner_id: "o".into(),
            owner_name: "O".into(),
            from: day(1),
            to: day(30),
            sites: vec![site("a"), site("b")],
            revenue: vec![
                revenue(2, "b", "10.50"),
                revenue(2, "a", "4"),
                revenue(30, "a", "1"),
                revenue(3, "x", "9"),
            ],
            currency: Some("NOK".into()),
            open_cases: 0,
            revenue_months: vec![],
            usage_period: "this_month".into(),
            usage_from: Default::default(),
            usage_to: Default::default(),
            usage: Default::default(),
            sla: ladeklar_api::OwnerSlaFigures {
                month: "2026-11".into(),
                cases: 0,
                open: 0,
                evaluated: 0,
                within_sla: 0,
                share_within_sla_percent: None,
                breaches: 0,
            },
        };
        let chart = Chart::days(&o, day(1));
        assert_eq!(chart.labels.len(), 30);
        assert_eq!(chart.labels[29], "2026-11-30");
        assert_eq!(chart.amounts[1], vec![Decimal::new(4, 0), Decimal::new(1050, 2)]);
        assert_eq!(chart.amounts[29], vec![Decimal::ONE, Decimal::ZERO]);
        // A site the overview does not list is not drawn.
        assert_eq!(chart.amounts[2], vec![Decimal::ZERO, Decimal::ZERO]);
    }
}
