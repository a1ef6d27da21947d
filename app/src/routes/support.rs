//! The support console (the support face): `/support`, the queue by SLA due time with breach
//! risk in colour and words, its filters kept in the URL; `/support/cases/:id`, one case with
//! the customer, the charger (live connector status, its log beside the fault analysis),
//! photos, timeline, notes, remote commands, and the lines' actions; `/support/new`, a case
//! from a phone call or an e-mail.

use ladeklar_api::{CaseSummary, CaseView, RegisterCaseRequest};
use ladeklar_core::accounts::face::Face;
use ladeklar_core::support::case::{ActionProposal, CaseEvent, PartLine, Skill};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::{self, ApiError};
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::{use_i18n, Lang, DRIVER_CATEGORIES};
use crate::platform;

/// The queue's filters, as URL parameters, in this order.
pub const FILTERS: [&str; 5] = ["line", "priority", "site", "owner", "status"];

/// The queue's address for these filters (empty values left out).
pub fn queue_href(filters: &[(&str, String)]) -> String {
    let query: Vec<String> = filters
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", v.trim().replace(['&', '=', '#', '?', ' '], "")))
        .collect();
    if query.is_empty() {
        "/support".to_string()
    } else {
        format!("/support?{}", query.join("&"))
    }
}

/// An action proposal from the form's fields: one part per line ("2 x contactor" for two),
/// one skill per line, the minutes on site. No parts listed means none needed. Core checks
/// the rest (skills listed, an estimate) and the server says what is missing.
pub fn proposal_from_form(summary: &str, parts: &str, skills: &str, minutes: &str) -> Option<ActionProposal> {
    let parts: Vec<PartLine> = parts
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match line.split_once(" x ") {
            Some((n, part)) if n.trim().parse::<u32>().is_ok() => PartLine {
                part: part.trim().to_string(),
                quantity: n.trim().parse().unwrap_or(1),
            },
            _ => PartLine {
                part: line.to_string(),
                quantity: 1,
            },
        })
        .collect();
    let skills = skills
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|s| Skill(s.to_string()))
        .collect();
    Some(ActionProposal {
        summary: summary.trim().to_string(),
        steps: Vec::new(),
        no_parts_needed: parts.is_empty(),
        parts,
        skills,
        estimated_on_site_minutes: minutes.trim().parse().ok()?,
    })
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.c().support_queue));
    view! {
        <SignedInOnly face=Face::Support>
            <Queue />
        </SignedInOnly>
    }
}

fn risk_badge(risk: String, overdue: bool) -> impl IntoView {
    let i18n = use_i18n();
    let risk = if overdue && risk == "none" {
        "breached".to_string()
    } else {
        risk
    };
    let class = format!("risk risk-{risk}");
    let icon = match risk.as_str() {
        "breached" => "⛔",
        "warning" => "⚠",
        _ => "●",
    };
    let code = risk.clone();
    view! {
        <span class=class data-testid="breach-risk" data-risk=code>
            <span aria-hidden="true">{icon}" "</span>
            {move || i18n.lang().breach_risk(&risk)}
        </span>
    }
}

#[component]
fn Queue() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let current = move |name: &str| query.with(|q| q.get(name)).unwrap_or_default();
    let queue = LocalResource::new(move || {
        let filters: Vec<(&'static str, String)> = FILTERS
            .iter()
            .map(|&f| (f, query.with(|q| q.get(f)).unwrap_or_default()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        api::support_queue(filters)
    });
    let fields = FILTERS.map(|f| (f, RwSignal::new(String::new())));
    Effect::new(move |_| {
        for (name, field) in fields {
            field.set(current(name));
        }
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs: Vec<(&str, String)> = fields.iter().map(|(n, f)| (*n, f.get_untracked())).collect();
        navigate(&queue_href(&pairs), Default::default());
    };
    let select = move |name: &'static str, label: fn(Lang) -> &'static str, options: Vec<(&'static str, String)>| {
        let field = fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
            .unwrap_or(fields[0].1);
        let options = options
            .into_iter()
            .map(|(value, words)| view! { <option value=value selected=move || field.get() == value>{words}</option> })
            .collect_view();
        view! {
            <label class="field field-inline">
                <span>{move || label(i18n.lang())}</span>
                <select data-testid=format!("filter-{name}") on:change=move |ev| field.set(event_target_value(&ev))>
                    {options}
                </select>
            </label>
        }
    };
    let text = move |name: &'static str, label: fn(Lang) -> &'static str| {
        let field = fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
            .unwrap_or(fields[0].1);
        view! {
            <label class="field field-inline">
                <span>{move || label(i18n.lang())}</span>
                <input type="text" data-testid=format!("filter-{name}") prop:value=move || field.get() on:input=move |ev| field.set(event_target_value(&ev)) />
            </label>
        }
    };
    let filters_form = move || {
        let lang = i18n.lang();
        let any = lang.c().any.to_string();
        view! {
            <form class="filters" on:submit=apply.clone() data-testid="queue-filters">
                {select("line", |l| l.c().line, vec![
                    ("", any.clone()),
                    ("first", lang.line_name(Some("first")).to_string()),
                    ("second", lang.line_name(Some("second")).to_string()),
                    ("third", lang.line_name(Some("third")).to_string()),
                ])}
                {select("priority", |l| l.c().priority, vec![
                    ("", any.clone()), ("P1", "P1".into()), ("P2", "P2".into()), ("P3", "P3".into()), ("P4", "P4".into()),
                ])}
                {text("site", |l| l.c().site)}
                {text("owner", |l| l.c().owner)}
                {select("status", |l| l.c().status, vec![
                    ("", lang.c().open_cases.to_string()),
                    ("all", lang.c().all_cases.to_string()),
                    ("first_line", lang.case_state("first_line")),
                    ("second_line", lang.case_state("second_line")),
                    ("field_action_proposed", lang.case_state("field_action_proposed")),
                    ("third_line", lang.case_state("third_line")),
                    ("waiting_for_customer", lang.case_state("waiting_for_customer")),
                    ("awaiting_confirmation", lang.case_state("awaiting_confirmation")),
                    ("closed", lang.case_state("closed")),
                ])}
                <p class="actions">
                    <button type="submit" class="button button-primary" data-testid="apply-filters">{lang.c().apply_filters}</button>
                    <a class="button" href="/support">{lang.c().clear_filters}</a>
                </p>
            </form>
        }
    };
    view! {
        <section class="panel panel-wide support-queue" data-testid="support-queue">
            <header class="panel-head title-row">
                <h1>{move || i18n.c().support_queue}</h1>
                <a class="button" href="/support/new" data-testid="new-case">{move || i18n.c().new_case}</a>
            </header>
            <details class="filters-box" open=true>
                <summary>{move || i18n.c().filters}</summary>
                {filters_form}
            </details>
            <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.c().loading_queue}</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(list) if list.cases.is_empty() => {
                            view! { <p class="empty" data-testid="queue-empty">{move || i18n.c().empty_queue}</p> }.into_any()
                        }
                        Ok(list) => view! { <QueueTable cases=list.cases /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error=error retry=Callback::new(move |_| queue.refetch()) /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn QueueTable(cases: Vec<CaseSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = cases
        .into_iter()
        .map(|case| {
            let (state, category, line) = (case.state.clone(), case.category.clone(), case.line.clone());
            let due = case.due_at;
            let href = format!("/support/cases/{}", case.id);
            view! {
                <tr data-testid="queue-row" data-case-id=case.id.clone() data-number=case.number.to_string()
                    data-due=due.map(|d| d.to_rfc3339()).unwrap_or_default()>
                    <td>{risk_badge(case.breach_risk.clone(), case.overdue)}</td>
                    <td>{move || match due {
                        Some(at) => platform::local_date_time(at, i18n.lang()),
                        None => i18n.c().no_due.to_string(),
                    }}</td>
                    <td><a class="case-link" href=href>{format!("#{}", case.number)}</a></td>
                    <td>{case.priority.clone()}</td>
                    <td>{move || i18n.lang().line_name(line.as_deref())}</td>
                    <td>{move || i18n.lang().case_state(&state)}</td>
                    <td>{move || i18n.lang().category_name(&category)}</td>
                    <td class="fine">{case.charger_id.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="queue" data-testid="queue-table">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.c().risk}</th>
                        <th scope="col">{move || i18n.c().due}</th>
                        <th scope="col">{move || i18n.c().case_col}</th>
                        <th scope="col">{move || i18n.c().priority}</th>
                        <th scope="col">{move || i18n.c().line}</th>
                        <th scope="col">{move || i18n.c().status}</th>
                        <th scope="col">{move || i18n.c().category}</th>
                        <th scope="col">{move || i18n.c().charger}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn SupportCasePage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.c().support_case));
    view! {
        <SignedInOnly face=Face::Support>
            <SupportCase />
        </SignedInOnly>
    }
}

#[component]
fn SupportCase() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let (case, live) = super::cases::live_case(id);
    let on_change = Callback::new(move |v: CaseView| case.set(Some(Ok(v))));
    // The forms' fields live on the page: a live event that replaces the view keeps what is typed.
    let fields = ActionFields::new();
    move || match case.get() {
        None => view! { <p class="loading" role="status">{move || i18n.c().loading_case}</p> }.into_any(),
        Some(Err(error)) => view! { <section class="panel"><ErrorNotice error=error /></section> }.into_any(),
        Some(Ok(view)) => {
            view! { <SupportCaseView case=view live=live on_change=on_change fields=fields /> }.into_any()
        }
    }
}

/// What the actions' forms hold, and whether one is under way or was refused.
#[derive(Clone, Copy)]
struct ActionFields {
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    reason: RwSignal<String>,
    summary: RwSignal<String>,
    parts: RwSignal<String>,
    skills: RwSignal<String>,
    minutes: RwSignal<String>,
    pause: RwSignal<String>,
    note: RwSignal<String>,
}

impl ActionFields {
    fn new() -> Self {
        Self {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            reason: RwSignal::new(String::new()),
            summary: RwSignal::new(String::new()),
            parts: RwSignal::new(String::new()),
            skills: RwSignal::new(String::new()),
            minutes: RwSignal::new(String::new()),
            pause: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
        }
    }
}

#[component]
fn SupportCaseView(
    case: CaseView,
    live: RwSignal<bool>,
    on_change: Callback<CaseView>,
    fields: ActionFields,
) -> impl IntoView {
    let i18n = use_i18n();
    let (state, category, line) = (case.state.clone(), case.category.clone(), case.line.clone());
    let customer = case.customer.clone().map(|c| {
        view! {
            <section class="case-box" aria-labelledby="customer-title">
                <h2 id="customer-title">{move || i18n.c().customer}</h2>
                <dl class="facts">
                    <dt>{move || i18n.c().name}</dt><dd data-testid="customer-name">{c.name.clone()}</dd>
                    <dt>{move || i18n.c().contact}</dt><dd>{c.contact.clone()}</dd>
                    <dt>{move || i18n.c().channel}</dt><dd>{c.channel.clone()}</dd>
                    <dt>{move || i18n.c().has_account}</dt><dd>{if c.has_account { "✓" } else { "—" }}</dd>
                </dl>
            </section>
        }
    });
    let sla = (!case.sla.is_empty()).then(|| {
        let rows = case
            .sla
            .iter()
            .map(|c| {
                let deadline = c.deadline;
                let (kind, label, outcome) = (c.kind.clone(), c.label.clone(), c.outcome.clone());
                let (shown, title) = (outcome.clone(), label.clone());
                let class = format!("risk risk-{}", if outcome == "breached" { "breached" } else { "none" });
                view! {
                    <tr data-outcome=outcome>
                        <th scope="row" title=title>{move || i18n.lang().sla_kind(&kind, &label)}</th>
                        <td>{move || platform::local_date_time(deadline, i18n.lang())}</td>
                        <td><span class=class>{move || i18n.lang().sla_outcome(&shown)}</span></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="case-box">
                <h2>{move || i18n.c().sla_clocks}</h2>
                <table class="compact"><tbody>{rows}</tbody></table>
            </section>
        }
    });
    let diagnosis = case.diagnosis.clone();
    let analysis = move || match &diagnosis {
        Some(d) => {
            let meaning = d["meaning"].as_str().unwrap_or_default().to_string();
            let cause = d["likely_cause"].as_str().unwrap_or_default().to_string();
            let confidence = d["confidence"].as_u64().unwrap_or_default();
            let reasoning = d["reasoning"].as_array().map(|r| {
                r.iter()
                    .filter_map(|l| l.as_str())
                    .map(|l| view! { <li>{l.to_string()}</li> })
                    .collect_view()
            });
            view! {
                <p data-testid="analysis-meaning"><strong>{meaning}</strong></p>
                <p>{move || i18n.c().likely_cause}": "{cause.clone()}</p>
                <p>{move || i18n.c().confidence}": "{format!("{confidence} %")}</p>
                <ul class="fine">{reasoning}</ul>
            }
            .into_any()
        }
        None => view! { <p class="empty">{move || i18n.c().no_analysis}</p> }.into_any(),
    };
    let log = {
        let charger = case.charger_id.clone();
        LocalResource::new(move || {
            let charger = charger.clone();
            async move {
                match charger {
                    Some(id) => Some(api::charger_log(&id, 20).await),
                    None => None,
                }
            }
        })
    };
    let log_view = move || match log.get().flatten() {
        None => view! { <p class="empty">{move || i18n.c().no_log}</p> }.into_any(),
        Some(Err(error)) => view! { <ErrorNotice error=error /> }.into_any(),
        Some(Ok(log)) if log.entries.is_empty() => view! { <p class="empty">{move || i18n.c().no_log}</p> }.into_any(),
        Some(Ok(log)) => {
            let rows = log
                .entries
                .into_iter()
                .map(|e| {
                    let at = e.at;
                    view! {
                        <li>
                            <span class="fine">{move || platform::local_date_time(at, i18n.lang())}" · "{e.direction.clone()}</span>
                            <code>{e.text.clone()}</code>
                        </li>
                    }
                })
                .collect_view();
            view! { <ol class="charger-log">{rows}</ol> }.into_any()
        }
    };
    let remote: Vec<_> = case
        .timeline
        .iter()
        .filter(|e| e.kind == "remote_step")
        .cloned()
        .collect();
    let remote_view = if remote.is_empty() {
        view! { <p class="empty">{move || i18n.c().no_remote_commands}</p> }.into_any()
    } else {
        let items = remote
            .into_iter()
            .map(|e| {
                let at = e.at;
                view! { <li><span class="fine">{move || platform::local_date_time(at, i18n.lang())}</span>" "{e.text.clone()}</li> }
            })
            .collect_view();
        view! { <ol class="timeline">{items}</ol> }.into_any()
    };
    // The connector's status in words (core's status names), else as the server gave it.
    let raw_status = case.connector_status.clone().unwrap_or_else(|| "—".to_string());
    let known = serde_json::from_value::<ladeklar_core::session::ConnectorStatus>(serde_json::Value::String(
        raw_status.clone(),
    ))
    .ok();
    let connector_status = move || {
        known
            .map(|k| i18n.lang().connector_status(k).to_string())
            .unwrap_or_else(|| raw_status.clone())
    };
    let online = case.charger_online;
    view! {
        <article class="panel panel-wide case support-case" data-testid="support-case" data-state=case.state.clone() data-line=case.line.clone().unwrap_or_default()>
            <header class="panel-head">
                <p><a href="/support">{move || format!("← {}", i18n.c().back_to_queue)}</a></p>
                <h1>
                    {move || i18n.c().support_case}" "
                    <span data-testid="case-number">{format!("#{}", case.number)}</span>
                    " · "{case.priority.clone()}
                </h1>
                <p class="fine" role="status">{move || if live.get() { i18n.c().live_updates } else { i18n.c().live_lost }}</p>
            </header>
            <dl class="facts">
                <dt>{move || i18n.c().status}</dt>
                <dd data-testid="case-state">{move || i18n.lang().case_state(&state)}</dd>
                <dt>{move || i18n.c().line}</dt>
                <dd data-testid="case-line">{move || i18n.lang().line_name(line.as_deref())}</dd>
                <dt>{move || i18n.c().category}</dt>
                <dd>{move || i18n.lang().category_name(&category)}</dd>
                <dt>{move || i18n.c().priority}</dt>
                <dd>{format!("{} — {}", case.priority, case.priority_reason)}</dd>
                {case.due_at.map(|at| view! {
                    <dt>{move || i18n.c().due}</dt>
                    <dd>{move || platform::local_date_time(at, i18n.lang())}</dd>
                })}
            </dl>
            <p class="case-description">{case.description.clone()}</p>
            <div class="case-grid">
                {customer}
                <section class="case-box" aria-labelledby="charger-title">
                    <h2 id="charger-title">{move || i18n.c().charger}</h2>
                    <dl class="facts">
                        <dt>{move || i18n.c().charger_id}</dt>
                        <dd><a href=format!("/chargers/{}", case.charger_id.clone().unwrap_or_default())>{case.charger_id.clone().unwrap_or_default()}</a></dd>
                        <dt>{move || i18n.c().connector_now}</dt>
                        <dd data-testid="connector-status">{case.connector_id.map(|c| c.to_string()).unwrap_or_default()}" · "{connector_status}</dd>
                        <dd>{move || if online { i18n.c().charger_online } else { i18n.c().charger_offline }}</dd>
                    </dl>
                    <p class="actions">
                        <a class="button" data-testid="service-card-link" href=format!("/sites/{}/service-card", case.site_id)>{move || i18n.v().open_service_card}</a>
                        <a class="button" data-testid="sla-report-link" href=format!("/sla-report?owner={}&site={}", case.owner_id, case.site_id)>{move || i18n.v().sla_report}</a>
                    </p>
                </section>
                {sla}
            </div>
            <div class="case-grid">
                <section class="case-box" aria-labelledby="log-title">
                    <h2 id="log-title">{move || i18n.c().charger_log}</h2>
                    {log_view}
                </section>
                <section class="case-box" aria-labelledby="analysis-title" data-testid="analysis">
                    <h2 id="analysis-title">{move || i18n.c().fault_analysis}</h2>
                    {analysis}
                    <h3>{move || i18n.c().remote_commands}</h3>
                    {remote_view}
                </section>
            </div>
            <CaseActions case=case.clone() on_change=on_change fields=fields />
            {(super::visit_booking::books_in(&case.state) && super::visit_booking::may_book()).then(|| {
                let id = case.id.clone();
                let on_booked = Callback::new(move |_| {
                    let id = id.clone();
                    leptos::task::spawn_local(async move {
                        if let Ok(view) = api::case(&id).await {
                            on_change.try_run(view);
                        }
                    });
                });
                view! { <super::visit_booking::VisitBooking case_id=case.id.clone() on_booked=on_booked /> }
            })}
            <super::cases::CasePhotos photos=case.photos.clone() />
            <super::cases::Timeline entries=case.timeline.clone() staff=true />
        </article>
    }
}

/// What a line can do: hand over 1st → 2nd, the action proposal, 3rd line, pause, a note.
#[component]
fn CaseActions(case: CaseView, on_change: Callback<CaseView>, fields: ActionFields) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(case.id.clone());
    let ActionFields {
        busy,
        error,
        reason,
        summary,
        parts,
        skills,
        minutes,
        pause,
        note,
    } = fields;
    let has_proposal = case.action_proposal.is_some();
    let (pause_refused, priority) = (case.pause_refused.clone(), case.priority.clone());
    let run = move |event: Option<CaseEvent>, note_text: Option<String>| {
        busy.set(true);
        error.set(None);
        let id = id.get_value();
        leptos::task::spawn_local(async move {
            let answer = match (event, note_text) {
                (Some(event), _) => api::case_event(&id, &event).await,
                (None, Some(text)) => api::case_note(&id, text).await,
                (None, None) => return,
            };
            // The fields are the page's; the new case replaces this view.
            match answer {
                Ok(view) => {
                    busy.try_set(false);
                    on_change.run(view);
                }
                // The view may have been replaced by a live event meanwhile.
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    let field = move |label: fn(Lang) -> &'static str, signal: RwSignal<String>, testid: &'static str| {
        view! {
            <label class="field">
                <span>{move || label(i18n.lang())}</span>
                <input type="text" data-testid=testid prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev)) />
            </label>
        }
    };
    let area = move |label: fn(Lang) -> &'static str,
                     hint: fn(Lang) -> &'static str,
                     signal: RwSignal<String>,
                     testid: &'static str| {
        view! {
            <label class="field">
                <span>{move || label(i18n.lang())}</span>
                <textarea rows="2" data-testid=testid placeholder=move || hint(i18n.lang()) prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev))></textarea>
            </label>
        }
    };
    let proposal_view = case.action_proposal.clone().map(|p| {
        view! {
            <p class="notice notice-ok" data-testid="proposal-shown">
                {move || i18n.c().action_proposal}": "{p["summary"].as_str().unwrap_or_default().to_string()}
                {format!(" · {} min", p["estimated_on_site_minutes"].as_u64().unwrap_or_default())}
            </p>
        }
    });
    let refusal_hint = move || {
        error
            .with(|e| {
                e.as_ref()
                    .and_then(|e| e.code())
                    .filter(|c| *c == ladeklar_api::ErrorCode::CaseTransitionRefused)
                    .map(|_| ())
            })
            .filter(|_| !has_proposal)
            .map(|_| view! { <p class="fine" data-testid="needs-proposal">{move || i18n.c().escalate_third_hint}</p> })
    };
    view! {
        <section class="case-box case-actions" aria-labelledby="actions-title" data-testid="case-actions">
            <h2 id="actions-title">{move || i18n.c().actions}</h2>
            {move || error.get().map(|error| view! { <ErrorNotice error=error /> })}
            {refusal_hint}
            <div class="case-grid">
                <form class="form" on:submit=move |ev| {
                    ev.prevent_default();
                    run(Some(CaseEvent::EscalateToSecondLine { reason: reason.get_untracked() }), None);
                }>
                    {field(|l| l.c().hand_over_reason, reason, "handover-reason")}
                    <button type="submit" class="button" data-testid="hand-over" disabled=move || busy.get()>{move || i18n.c().hand_over}</button>
                </form>
                <form class="form" on:submit=move |ev| {
                    ev.prevent_default();
                    match proposal_from_form(&summary.get_untracked(), &parts.get_untracked(), &skills.get_untracked(), &minutes.get_untracked()) {
                        Some(proposal) => run(Some(CaseEvent::ProposeFieldAction { proposal }), None),
                        None => error.set(Some(ApiError::Problem(ladeklar_api::Problem {
                            code: ladeklar_api::ErrorCode::InvalidRequest,
                            title: String::new(),
                            status: 400,
                            detail: i18n.c().proposal_minutes.to_string(),
                            ocpp_error_code: None,
                            field_problems: Vec::new(),
                        }))),
                    }
                }>
                    <h3>{move || i18n.c().action_proposal}</h3>
                    {proposal_view}
                    {field(|l| l.c().proposal_summary, summary, "proposal-summary")}
                    {area(|l| l.c().proposal_parts, |l| l.c().proposal_parts_hint, parts, "proposal-parts")}
                    {area(|l| l.c().proposal_skills, |l| l.c().proposal_skills_hint, skills, "proposal-skills")}
                    <label class="field">
                        <span>{move || i18n.c().proposal_minutes}</span>
                        <input type="number" min="1" inputmode="numeric" data-testid="proposal-minutes" prop:value=move || minutes.get() on:input=move |ev| minutes.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" class="button" data-testid="save-proposal" disabled=move || busy.get()>{move || i18n.c().save_proposal}</button>
                </form>
                <div class="form">
                    <button type="button" class="button" data-testid="escalate-third" disabled=move || busy.get()
                        on:click=move |_| run(Some(CaseEvent::EscalateToThirdLine), None)>
                        {move || i18n.c().escalate_third}
                    </button>
                    {match pause_refused {
                        // Core says the SLA does not let this case's clocks stop: say why.
                        Some(why) => {
                            let words = why.clone();
                            view! {
                                <p class="fine" data-testid="pause-refused" data-why=why>
                                    {move || i18n.lang().pause_refused(&words, &priority)}
                                </p>
                            }
                            .into_any()
                        }
                        None => view! {
                            <form class="form" on:submit=move |ev| {
                                ev.prevent_default();
                                run(Some(CaseEvent::WaitForCustomer { question: pause.get_untracked() }), None);
                            }>
                                {field(|l| l.c().pause_reason, pause, "pause-reason")}
                                <button type="submit" class="button" data-testid="pause" disabled=move || busy.get()>{move || i18n.c().pause_clock}</button>
                            </form>
                        }
                        .into_any(),
                    }}
                    <form class="form" on:submit=move |ev| {
                        ev.prevent_default();
                        let text = note.get_untracked();
                        note.set(String::new());
                        run(None, Some(text));
                    }>
                        {area(|l| l.c().notes, |_| "", note, "note-text")}
                        <button type="submit" class="button" data-testid="add-note" disabled=move || busy.get()>{move || i18n.c().add_note}</button>
                    </form>
                </div>
            </div>
        </section>
    }
}

#[component]
pub fn NewCasePage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.c().new_case));
    view! {
        <SignedInOnly face=Face::Support>
            <NewCase />
        </SignedInOnly>
    }
}

#[component]
fn NewCase() -> impl IntoView {
    let i18n = use_i18n();
    let channel = RwSignal::new("phone".to_string());
    let kind = RwSignal::new("driver".to_string());
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let charger = RwSignal::new(String::new());
    let connector = RwSignal::new(String::new());
    let category = RwSignal::new(DRIVER_CATEGORIES[0].as_str().to_string());
    let description = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let created: RwSignal<Option<CaseView>> = RwSignal::new(None);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = RegisterCaseRequest {
            channel: channel.get_untracked(),
            customer_kind: kind.get_untracked(),
            customer_name: name.get_untracked().trim().to_string(),
            contact: contact.get_untracked().trim().to_string(),
            charger_id: charger.get_untracked().trim().to_string(),
            connector_id: connector.get_untracked().trim().parse().ok(),
            category: category.get_untracked(),
            description: description.get_untracked().trim().to_string(),
        };
        if [&body.customer_name, &body.contact, &body.charger_id, &body.description]
            .iter()
            .any(|s| s.is_empty())
        {
            problem.set(true);
            return;
        }
        problem.set(false);
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::register_case(&body).await {
                Ok(case) => created.set(Some(case)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let text = move |label: fn(Lang) -> &'static str,
                     signal: RwSignal<String>,
                     testid: &'static str,
                     kind: &'static str| {
        view! {
            <label class="field">
                <span>{move || label(i18n.lang())}</span>
                <input type=kind data-testid=testid prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev)) />
            </label>
        }
    };
    let radio = move |group: &'static str,
                      signal: RwSignal<String>,
                      value: &'static str,
                      label: fn(Lang) -> &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name=group value=value prop:checked=move || signal.get() == value on:change=move |_| signal.set(value.to_string()) />
                <span>{move || label(i18n.lang())}</span>
            </label>
        }
    };
    let categories = move || {
        DRIVER_CATEGORIES
            .iter()
            .map(|c| {
                let code = c.as_str();
                view! { <option value=code selected=move || category.get() == code>{move || i18n.lang().category_name(code)}</option> }
            })
            .collect_view()
    };
    view! {
        <section class="panel" data-testid="new-case-page">
            <p><a href="/support">{move || format!("← {}", i18n.c().back_to_queue)}</a></p>
            <h1>{move || i18n.c().register_case}</h1>
            <p>{move || i18n.c().register_intro}</p>
            {move || created.get().map(|case| {
                let found = case.customer.as_ref().is_some_and(|c| c.has_account);
                view! {
                    <div class="notice notice-ok" role="status" data-testid="registered">
                        <p>{move || i18n.c().case_number}": "<a href=format!("/support/cases/{}", case.id)>{format!("#{}", case.number)}</a></p>
                        <p data-testid="customer-lookup">{move || if found { i18n.c().customer_found } else { i18n.c().customer_not_found }}</p>
                    </div>
                }
            })}
            <form class="form" on:submit=send novalidate=true>
                <fieldset class="choices">
                    <legend>{move || i18n.c().channel}</legend>
                    {radio("channel", channel, "phone", |l| l.c().phone)}
                    {radio("channel", channel, "email", |l| l.c().email)}
                </fieldset>
                <fieldset class="choices">
                    <legend>{move || i18n.c().customer_kind}</legend>
                    {radio("kind", kind, "driver", |l| l.c().driver)}
                    {radio("kind", kind, "site_owner", |l| l.c().site_owner)}
                </fieldset>
                {text(|l| l.c().name, name, "customer-name", "text")}
                {text(|l| l.c().contact, contact, "customer-contact", "text")}
                {text(|l| l.c().charger_id, charger, "case-charger", "text")}
                {text(|l| l.c().connector, connector, "case-connector", "number")}
                <label class="field">
                    <span>{move || i18n.c().category}</span>
                    <select on:change=move |ev| category.set(event_target_value(&ev))>{categories}</select>
                </label>
                <label class="field">
                    <span>{move || i18n.c().describe}</span>
                    <textarea rows="4" data-testid="case-description" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </label>
                {move || problem.get().then(|| view! { <p class="notice notice-error" role="alert">{move || i18n.c().fill_everything}</p> })}
                {move || error.get().map(|error| view! { <ErrorNotice error=error /> })}
                <p class="actions">
                    <button type="submit" class="button button-primary" data-testid="register-case" disabled=move || busy.get()>
                        {move || if busy.get() { i18n.c().sending } else { i18n.c().register_case }}
                    </button>
                </p>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_go_in_the_address() {
        assert_eq!(queue_href(&[("line", String::new())]), "/support");
        assert_eq!(
            queue_href(&[
                ("line", "second".into()),
                ("priority", "P2".into()),
                ("site", " ".into())
            ]),
            "/support?line=second&priority=P2"
        );
    }

    #[test]
    fn a_proposal_from_the_form() {
        let p = proposal_from_form(
            "Replace the contactor",
            "2 x contactor\nfuse",
            "authorised electrician\n",
            "90",
        )
        .expect("minutes given");
        assert_eq!(p.parts.len(), 2);
        assert_eq!(p.parts[0].quantity, 2);
        assert_eq!(p.parts[1].part, "fuse");
        assert!(!p.no_parts_needed);
        assert_eq!(p.estimated_on_site_minutes, 90);
        let none = proposal_from_form("Reset", "", "", "30").expect("minutes given");
        assert!(none.no_parts_needed && none.skills.is_empty());
        assert!(proposal_from_form("x", "", "", "soon").is_none());
    }
}
