//! The owner's overview and statements (issue 19, staff build). `/owner`: the owner's sites
//! with their chargers as they report now, revenue per site and day over the last 30 days as
//! a bar chart (each day's bar stacked by site), the month's total and the open support
//! cases — all as the API gives them. `/owner/statements`: the self-billing statements and
//! credit notes with their PDF and CSV, and issuing a month (the server decides which months
//! can be issued; its answer shows next to the field).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, TimeDelta};
use ladeklar_api::{ErrorCode, OwnerOverview, OwnerSite, StatementList, StatementSummary};
use ladeklar_core::accounts::face::Face;
use ladeklar_core::accounts::role::Role;
use ladeklar_core::session::ConnectorStatus;
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::api::{self, ApiError};
use crate::auth::use_auth;
use crate::components::bar_chart::{self, ChartFrame, Segment, PALETTE};
use crate::components::forms::SuccessNotice;
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::{use_i18n, Lang};
use crate::{format, platform};

/// The revenue chart's days.
const DAYS: i64 = 30;

/// The owner the signed-in user belongs to (their first owner role).
fn owner_id() -> Option<String> {
    use_auth().account()?.roles.iter().find_map(|r| match r {
        Role::Owner { owner_id } => Some(owner_id.0.clone()),
        _ => None,
    })
}

/// Shows `children(owner)` to a signed-in owner.
#[component]
fn ForOwner(children: fn(String) -> AnyView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SignedInOnly face=Face::Owner>
            {move || match owner_id() {
                Some(owner) => children(owner),
                None => view! { <p class="empty" data-testid="no-owner">{move || i18n.ow().no_owner}</p> }.into_any(),
            }}
        </SignedInOnly>
    }
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

fn loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || i18n.ow().loading}</p> }
}

#[component]
fn Overview(owner: String) -> impl IntoView {
    let i18n = use_i18n();
    let today = platform::now().date_naive();
    let first = today.with_day(1).unwrap_or(today);
    let chart_from = today - TimeDelta::days(DAYS - 1);
    let from = chart_from.min(first);
    let data = LocalResource::new(move || api::owner_overview(owner.clone(), from, today));
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Ok(o) => view! { <OverviewBody o=o chart_from=chart_from first=first /> }.into_any(),
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| data.refetch()) /> }.into_any()
                }
            }
        })
    };
    view! {
        <div class="stack wide" data-testid="owner-overview">
            <section class="panel panel-wide">
                <h1>{move || i18n.ow().overview}</h1>
                <p class="fine">{move || i18n.ow().overview_intro}</p>
            </section>
            <Transition fallback=loading>{body}</Transition>
        </div>
    }
}

#[component]
fn OverviewBody(o: OwnerOverview, chart_from: NaiveDate, first: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let month_total: Decimal = o.revenue.iter().filter(|r| r.date >= first).map(|r| r.incl_vat).sum();
    let currency = o.currency.clone();
    let open_cases = o.open_cases;
    let total = move || match &currency {
        Some(c) => format::money(month_total, c, i18n.lang()),
        None => "–".to_string(),
    };
    let empty = o.sites.is_empty();
    let chart = Chart::new(&o, chart_from);
    let sites = o
        .sites
        .into_iter()
        .map(|site| view! { <SiteCard site=site /> })
        .collect_view();
    view! {
        <section class="panel panel-wide owner-figures">
            <div class="owner-figure">
                <p class="fine">{move || i18n.ow().month_total}</p>
                <p class="owner-figure-value" data-testid="month-total">{total}</p>
            </div>
            <div class="owner-figure">
                <p class="fine">{move || i18n.ow().open_cases}</p>
                <p class="owner-figure-value" data-testid="open-cases">{open_cases}</p>
            </div>
        </section>
        <section class="panel panel-wide" data-testid="revenue">
            <h2>{move || i18n.ow().revenue}</h2>
            <p class="fine">{move || i18n.ow().revenue_intro}</p>
            {chart.view()}
        </section>
        <section class="panel panel-wide">
            <h2>{move || i18n.ow().sites}</h2>
            {empty.then(|| view! { <p class="empty" data-testid="overview-empty">{move || i18n.ow().no_sites}</p> })}
        </section>
        {sites}
    }
}

/// The revenue per day (stacked by site) as drawn.
struct Chart {
    days: Vec<NaiveDate>,
    /// Per day, per site (the sites' order), incl. VAT.
    amounts: Vec<Vec<Decimal>>,
    sites: Vec<(String, String)>,
    currency: Option<String>,
}

impl Chart {
    fn new(o: &OwnerOverview, from: NaiveDate) -> Chart {
        let sites: Vec<(String, String)> = o.sites.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
        let mut by_day: BTreeMap<NaiveDate, Vec<Decimal>> = BTreeMap::new();
        let days: Vec<NaiveDate> = (0..DAYS).map(|i| from + TimeDelta::days(i)).collect();
        for d in &days {
            by_day.insert(*d, vec![Decimal::ZERO; sites.len()]);
        }
        for r in &o.revenue {
            if let (Some(row), Some(i)) = (
                by_day.get_mut(&r.date),
                sites.iter().position(|(id, _)| *id == r.site_id),
            ) {
                row[i] += r.incl_vat;
            }
        }
        Chart {
            amounts: days.iter().map(|d| by_day.remove(d).unwrap_or_default()).collect(),
            days,
            sites,
            currency: o.currency.clone(),
        }
    }

    fn view(self) -> AnyView {
        let i18n = use_i18n();
        let (first, last) = (self.days[0], self.days[self.days.len() - 1]);
        let frame = ChartFrame {
            class: "revenue-chart",
            testid: "revenue-chart",
            bar_testid: "revenue-bar",
            label: Signal::derive(move || format!("{} {first} – {last}", i18n.ow().revenue)),
        };
        let positive = self.amounts.iter().flatten().any(|a| *a > Decimal::ZERO);
        if !positive {
            return view! {
                <p class="empty" data-testid="revenue-empty">{move || i18n.ow().no_revenue}</p>
                {bar_chart::bars(frame, Vec::new(), None)}
            }
            .into_any();
        }
        let currency = self.currency.clone().unwrap_or_default();
        let stacks = self
            .amounts
            .iter()
            .enumerate()
            .map(|(d, row)| {
                row.iter()
                    .enumerate()
                    .map(|(s, amount)| {
                        let (day, site, amount, currency) =
                            (self.days[d], self.sites[s].1.clone(), *amount, currency.clone());
                        Segment {
                            value: amount.to_f64().unwrap_or(0.0),
                            colour: PALETTE[s % PALETTE.len()],
                            title: Signal::derive(move || {
                                format!("{day} · {site} · {}", format::money(amount, &currency, i18n.lang()))
                            }),
                        }
                    })
                    .collect()
            })
            .collect();
        let legend = self
            .sites
            .iter()
            .enumerate()
            .map(|(i, (_, name))| {
                let name = name.clone();
                (Signal::derive(move || name.clone()), PALETTE[i % PALETTE.len()])
            })
            .collect();
        view! {
            {bar_chart::bars(frame, stacks, None)}
            <p class="chart-axis-labels fine"><span>{first.to_string()}</span><span>{last.to_string()}</span></p>
            {bar_chart::legend(legend)}
        }
        .into_any()
    }
}

#[component]
fn SiteCard(site: OwnerSite) -> impl IntoView {
    let i18n = use_i18n();
    let chargers = site
        .chargers
        .into_iter()
        .map(|c| {
            let online = c.online;
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
                    <ul class="owner-connectors">{connectors}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="panel panel-wide price-site" data-testid="owner-site" data-site=site.id.clone()>
            <h2>{site.name.clone()} <span class="fine">{format!(" · {}", site.city)}</span></h2>
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
        .map(|s| view! { <StatementRow s=s owner=owner_for_rows.clone() /> })
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
fn StatementRow(s: StatementSummary, owner: String) -> impl IntoView {
    let i18n = use_i18n();
    let pdf = api::statement_download_address(&owner, &s.id, "pdf");
    let csv = api::statement_download_address(&owner, &s.id, "csv");
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
            <p class="actions">
                <a class="button button-small" href=pdf download data-testid="statement-pdf">{move || i18n.ow().download_pdf}</a>
                <a class="button button-small" href=csv download data-testid="statement-csv">{move || i18n.ow().download_csv}</a>
            </p>
        </li>
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
        let chart = Chart::new(&o, day(1));
        assert_eq!(chart.days.len(), 30);
        assert_eq!(chart.days[29], day(30));
        assert_eq!(chart.amounts[1], vec![Decimal::new(4, 0), Decimal::new(1050, 2)]);
        assert_eq!(chart.amounts[29], vec![Decimal::ONE, Decimal::ZERO]);
        // A site the overview does not list is not drawn.
        assert_eq!(chart.amounts[2], vec![Decimal::ZERO, Decimal::ZERO]);
    }
}
