//! The SLA report in the portal (issue 18, staff build): `/sla-report?owner&site&month` — a
//! month's cases against the SLA (counts, response and resolution times, within the SLA,
//! breaches) and each charger's uptime from its status history, as core's
//! `SlaMonthReport` the server computed; two bar charts (`components::bar_chart`, as the
//! owner's revenue), and the same report as CSV and PDF. An owner sees their own (their
//! owner id filled in); support and admins pick an owner and a site by name from the ones the
//! server lets them see (`GET /sla-report/scopes`). The server's access
//! table decides.

use chrono::Datelike;
use ladeklar_api::SlaReportSite;
use ladeklar_core::accounts::role::Role;
use ladeklar_core::field::sla_month::SlaMonthReport;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::auth::use_auth;
use crate::components::bar_chart::{self, ChartFrame, Segment, PALETTE};
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::use_i18n;
use crate::platform;

/// The report's address for these choices (empty ones left out).
pub fn report_href(owner: &str, site: &str, month: &str) -> String {
    let parts: Vec<String> = [("owner", owner), ("site", site), ("month", month)]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", v.trim().replace(['&', '=', '#', '?', ' '], "")))
        .collect();
    if parts.is_empty() {
        "/sla-report".into()
    } else {
        format!("/sla-report?{}", parts.join("&"))
    }
}

#[component]
pub fn SlaReportPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.v().sla_report));
    view! {
        <SignedInOnly>
            <Report />
        </SignedInOnly>
    }
}

/// The signed-in account's first owner role.
fn own_owner() -> Option<String> {
    use_auth().account()?.roles.iter().find_map(|r| match r {
        Role::Owner { owner_id } => Some(owner_id.0.clone()),
        _ => None,
    })
}

#[component]
fn Report() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let this_month = platform::now().date_naive();
    let this_month = format!("{}-{:02}", this_month.year(), this_month.month());
    let current = move |name: &str| query.with(|q| q.get(name)).unwrap_or_default();
    let chosen = Memo::new(move |_| {
        let owner = Some(current("owner"))
            .filter(|o| !o.is_empty())
            .or_else(own_owner)
            .unwrap_or_default();
        let month = Some(current("month"))
            .filter(|m| !m.is_empty())
            .unwrap_or(this_month.clone());
        (owner, current("site"), month)
    });
    let (owner, site, month) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    Effect::new(move |_| {
        let (o, s, m) = chosen.get();
        owner.set(o);
        site.set(s);
        month.set(m);
    });
    let data = LocalResource::new(move || {
        let (o, s, m) = chosen.get();
        api::sla_report(o, s, m)
    });
    // What may be picked: the owners (with their sites) the server lets this account see.
    let loaded_scopes = LocalResource::new(api::sla_report_scopes);
    let scopes = Memo::new(move |_| {
        loaded_scopes
            .get()
            .and_then(Result::ok)
            .map(|s| s.owners)
            .unwrap_or_default()
    });
    let body = move || {
        Suspend::new(async move {
            let (o, s, m) = chosen.get_untracked();
            match data.await {
                Ok(report) => view! { <ReportBody report=report owner=o site=s month=m /> }.into_any(),
                Err(error) => view! {
                    <section class="panel panel-wide"><ErrorNotice error=error retry=Callback::new(move |_| data.refetch()) /></section>
                }
                .into_any(),
            }
        })
    };
    view! {
        <div class="stack wide" data-testid="sla-report">
            <section class="panel panel-wide">
                <h1>{move || i18n.v().sla_report}</h1>
                <p class="fine">{move || i18n.v().sla_report_intro}</p>
                <form class="form filters report-filters" on:submit=move |ev| {
                    ev.prevent_default();
                    navigate(&report_href(&owner.get_untracked(), &site.get_untracked(), &month.get_untracked()), Default::default());
                }>
                    <label class="field">
                        <span>{move || i18n.v().owner}</span>
                        <select
                            data-testid="report-owner"
                            prop:value=move || owner.get()
                            on:change=move |ev| {
                                owner.set(event_target_value(&ev));
                                site.set(String::new());
                            }
                        >
                            <option value="">{move || i18n.v().every_owner}</option>
                            {move || choices(scopes.get(), owner.get(), |o| (o.id.clone(), o.name.clone()))}
                        </select>
                    </label>
                    <label class="field">
                        <span>{move || i18n.v().site}</span>
                        <select data-testid="report-site" prop:value=move || site.get() on:change=move |ev| site.set(event_target_value(&ev))>
                            <option value="">{move || i18n.v().every_site}</option>
                            {move || {
                                let chosen = owner.get();
                                let sites: Vec<SlaReportSite> = scopes
                                    .get()
                                    .into_iter()
                                    .filter(|o| o.id == chosen)
                                    .flat_map(|o| o.sites)
                                    .collect();
                                choices(sites, site.get(), |s| (s.id.clone(), format!("{} ({})", s.name, s.city)))
                            }}
                        </select>
                    </label>
                    <label class="field">
                        <span>{move || i18n.v().month}</span>
                        <input type="month" data-testid="report-month" prop:value=move || month.get() on:input=move |ev| month.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" class="button" data-testid="report-show">{move || i18n.v().show}</button>
                </form>
                <p class="fine">{move || i18n.v().choose_owner}</p>
            </section>
            <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.v().loading}</p> }>
                {body}
            </Transition>
        </div>
    }
}

/// The options of a picker: one per item, and the current value kept as an option of its own
/// when the list does not have it (an address typed by hand, or the list not read yet).
fn choices<T>(items: Vec<T>, current: String, label: impl Fn(&T) -> (String, String)) -> impl IntoView {
    let mut options: Vec<(String, String)> = items.iter().map(label).collect();
    if !current.is_empty() && !options.iter().any(|(id, _)| *id == current) {
        options.push((current.clone(), current));
    }
    options
        .into_iter()
        .map(|(id, name)| view! { <option value=id>{name}</option> })
        .collect_view()
}

/// A figure's label in a language.
type Label = fn(crate::i18n::Lang) -> String;

fn minutes(m: Option<i64>) -> String {
    m.map_or_else(|| "–".to_string(), |m| format!("{m} min"))
}

#[component]
fn ReportBody(report: SlaMonthReport, owner: String, site: String, month: String) -> impl IntoView {
    let i18n = use_i18n();
    let c = report.cases.clone();
    let (csv, pdf) = (
        api::sla_report_download(&owner, &site, &month, "csv"),
        api::sla_report_download(&owner, &site, &month, "pdf"),
    );
    let share = c
        .share_within_sla_percent
        .map_or_else(|| "–".to_string(), |s| format!("{s:.1} %"));
    let figures: Vec<(Label, String)> = vec![
        (|l| l.v().cases_count.to_string(), c.cases.to_string()),
        (|l| l.v().open.to_string(), c.open.to_string()),
        (|l| l.v().closed.to_string(), c.closed.to_string()),
        (|l| l.v().cancelled.to_string(), c.cancelled.to_string()),
        (
            |l| format!("{}, {}", l.v().response, l.v().median),
            minutes(c.response_minutes.median),
        ),
        (
            |l| format!("{}, {}", l.v().resolution, l.v().median),
            minutes(c.resolution_minutes.median),
        ),
        (
            |l| l.v().within_sla.to_string(),
            format!("{} / {}", c.within_sla, c.evaluated),
        ),
        (|l| l.v().share_within_sla.to_string(), share),
        (|l| l.v().breaches.to_string(), c.breaches.len().to_string()),
    ];
    let figures = figures
        .into_iter()
        .map(|(label, value)| {
            view! {
                <div class="owner-figure" data-testid="report-figure">
                    <p class="fine">{move || label(i18n.lang())}</p>
                    <p class="owner-figure-value">{value}</p>
                </div>
            }
        })
        .collect_view();
    let empty = c.cases == 0;
    // Response and resolution: median and 90th percentile side by side.
    let times = [
        (c.response_minutes.median, 0usize, false),
        (c.response_minutes.p90, 0, true),
        (c.resolution_minutes.median, 1, false),
        (c.resolution_minutes.p90, 1, true),
    ]
    .into_iter()
    .map(|(value, series, p90)| match value {
        Some(m) => vec![Segment {
            value: m as f64,
            colour: PALETTE[series * 2 + usize::from(p90)],
            title: Signal::derive(move || {
                let v = i18n.v();
                let name = if series == 0 { v.response } else { v.resolution };
                let which = if p90 { v.p90 } else { v.median };
                format!("{name}, {which}: {m} min")
            }),
        }],
        None => Vec::new(),
    })
    .collect();
    let no_times = [
        c.response_minutes.median,
        c.response_minutes.p90,
        c.resolution_minutes.median,
        c.resolution_minutes.p90,
    ]
    .iter()
    .all(|m| m.unwrap_or(0) <= 0);
    let times_chart = bar_chart::bars(
        ChartFrame {
            class: "revenue-chart",
            testid: "times-chart",
            bar_testid: "times-bar",
            label: Signal::derive(move || i18n.v().times_chart.to_string()),
        },
        times,
        None,
    );
    let legend = bar_chart::legend(
        (0..4)
            .map(|i| {
                (
                    Signal::derive(move || {
                        let v = i18n.v();
                        let name = if i < 2 { v.response } else { v.resolution };
                        let which = if i % 2 == 1 { v.p90 } else { v.median };
                        format!("{name}, {which}")
                    }),
                    PALETTE[i],
                )
            })
            .collect(),
    );
    let uptime_stacks = report
        .uptime
        .iter()
        .map(|u| {
            let (id, percent) = (u.charger_id.clone(), u.uptime_percent);
            vec![Segment {
                value: percent.unwrap_or(0.0),
                colour: PALETTE[0],
                title: Signal::derive(move || match percent {
                    Some(p) => format!("{id}: {p:.1} %"),
                    None => format!("{id}: {}", i18n.v().unknown),
                }),
            }]
        })
        .collect();
    let uptime_chart = bar_chart::bars(
        ChartFrame {
            class: "revenue-chart",
            testid: "uptime-chart",
            bar_testid: "uptime-bar",
            label: Signal::derive(move || i18n.v().uptime_chart.to_string()),
        },
        uptime_stacks,
        Some(100.0),
    );
    let breaches = if c.breaches.is_empty() {
        view! { <p class="empty" data-testid="no-breaches">{move || i18n.v().no_breaches}</p> }.into_any()
    } else {
        let rows = c
            .breaches
            .iter()
            .map(|b| {
                let (late, deadline) = (b.late_minutes, b.deadline);
                view! {
                    <tr data-testid="breach">
                        <td><a href=format!("/support/cases/{}", b.case_id)>{b.case_id.to_string().chars().take(8).collect::<String>()}</a></td>
                        <td>{b.priority.to_string()}</td>
                        <td>{b.target.label()}</td>
                        <td>{move || platform::local_date_time(deadline, i18n.lang())}</td>
                        <td class="num">{move || i18n.lang().minutes_late(late)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="compact">
                    <thead><tr>
                        <th>{move || i18n.v().case}</th><th>{move || i18n.v().priority}</th>
                        <th>{move || i18n.v().target}</th><th>{move || i18n.v().deadline}</th><th>{move || i18n.v().late}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let uptime_rows = if report.uptime.is_empty() {
        view! { <p class="empty" data-testid="no-chargers">{move || i18n.v().no_chargers}</p> }.into_any()
    } else {
        let rows = report
            .uptime
            .iter()
            .map(|u| {
                let percent = u.uptime_percent;
                let down = u.down_seconds / 60;
                view! {
                    <tr data-testid="uptime-row">
                        <td>{u.charger_id.clone()}</td>
                        <td class="num">{move || percent.map_or_else(|| i18n.v().unknown.to_string(), |p| format!("{p:.1} %"))}</td>
                        <td class="num">{format!("{down} min")}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="compact">
                    <thead><tr>
                        <th>{move || i18n.v().charger}</th><th>{move || i18n.v().uptime}</th><th>{move || i18n.v().down}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="panel panel-wide">
            <p class="actions">
                <a class="button" data-testid="report-csv" href=csv download>{move || i18n.v().download_csv}</a>
                <a class="button" data-testid="report-pdf" href=pdf download>{move || i18n.v().download_pdf}</a>
            </p>
            {empty.then(|| view! { <p class="empty" data-testid="report-empty">{move || i18n.v().no_cases_month}</p> })}
            <div class="owner-figures">{figures}</div>
        </section>
        <section class="panel panel-wide">
            <h2>{move || i18n.v().times_chart}</h2>
            {no_times.then(|| view! { <p class="empty" data-testid="no-times">{move || i18n.v().no_times}</p> })}
            {times_chart}
            {legend}
        </section>
        <section class="panel panel-wide">
            <h2>{move || i18n.v().breaches}</h2>
            {breaches}
        </section>
        <section class="panel panel-wide">
            <h2>{move || i18n.v().uptime_chart}</h2>
            {uptime_chart}
            {uptime_rows}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::report_href;

    #[test]
    fn the_choices_go_in_the_address() {
        assert_eq!(
            report_href("owner-fjordlade", "", "2026-12"),
            "/sla-report?owner=owner-fjordlade&month=2026-12"
        );
        assert_eq!(report_href(" ", "", ""), "/sla-report");
        assert_eq!(
            report_href("a&b", "s", "2026-1 2"),
            "/sla-report?owner=ab&site=s&month=2026-12"
        );
    }
}
