//! `/chargers/:id`: one charger, its connectors, and a Start button on each free one.

use std::str::FromStr;
use std::time::Duration;

use ladeklar_api::{ChargerDetail, ConnectorView};
use ladeklar_core::pricing::estimate;
use ladeklar_core::session::can_start;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use rust_decimal::Decimal;

use crate::api::{self, ApiError};
use crate::components::connector::{connector_spec, ConnectorStatusBadge};
use crate::components::notice::ErrorNotice;
use crate::components::online::OnlineBadge;
use crate::format;
use crate::platform;

const REFRESH: Duration = Duration::from_secs(10);
/// The charge the estimate prices: a typical top-up.
const ESTIMATE_KWH: u32 = 30;

/// A start in progress or refused, shared by the page's Start buttons.
#[derive(Clone, Copy)]
struct Starting {
    /// The connector whose start is in flight.
    busy: RwSignal<Option<u32>>,
    /// Why the last start was refused.
    error: RwSignal<Option<ApiError>>,
    /// The charger, re-read after a refusal so the statuses show why.
    detail: LocalResource<Result<ChargerDetail, ApiError>>,
}

#[component]
pub fn ChargerPage() -> impl IntoView {
    let params = use_params_map();
    let charger_id = move || params.read().get("id").unwrap_or_default();
    let detail = LocalResource::new(move || {
        let id = charger_id();
        async move { api::charger(&id).await }
    });
    if let Ok(handle) = set_interval_with_handle(move || detail.refetch(), REFRESH) {
        on_cleanup(move || handle.clear());
    }
    let starting = Starting {
        busy: RwSignal::new(None),
        error: RwSignal::new(None),
        detail,
    };

    view! {
        <p class="back"><a href="/">"← All chargers"</a></p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading the charger…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(charger) => view! { <ChargerView charger=charger starting=starting /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ChargerView(charger: ChargerDetail, starting: Starting) -> impl IntoView {
    let now = platform::now();
    platform::set_title(&charger.summary.site_name);
    let summary = charger.summary;
    let online = summary.online;
    let tz = chrono_tz::Tz::from_str(&charger.time_zone).ok();
    let connectors = summary
        .connectors
        .iter()
        .cloned()
        .map(|connector| {
            // The price before start, from core: the same engine that prices the receipt.
            let estimate = tz.and_then(|tz| {
                estimate(
                    &charger.tariff,
                    tz,
                    now,
                    Decimal::from(ESTIMATE_KWH),
                    connector.max_power_kw,
                )
                .ok()
            });
            let estimate = estimate.map(|e| {
                let money = |p: ladeklar_core::money::Price| format::approx_money(p.incl_vat, &e.currency);
                let minutes = i64::try_from(e.assumptions.expected_minutes.round().mantissa()).unwrap_or(0);
                let range = if e.low == e.high {
                    String::new()
                } else {
                    format!("{}–{}, ", money(e.low), money(e.high))
                };
                format!(
                    "About {} for {ESTIMATE_KWH} kWh if you start now ({range}about {})",
                    money(e.expected),
                    format::duration_words(minutes * 60)
                )
            });
            view! {
                <ConnectorItem
                    charger_id=summary.id.clone()
                    connector=connector
                    online=online
                    starting=starting
                    estimate=estimate
                />
            }
        })
        .collect_view();
    let maker = match (charger.vendor, charger.model) {
        (Some(v), Some(m)) => Some(format!("{v} {m}")),
        (Some(v), None) => Some(v),
        (None, Some(m)) => Some(m),
        (None, None) => None,
    };
    view! {
        <article class="panel charger-detail" data-testid="charger-detail" data-charger-id=summary.id.clone()>
            <header class="panel-head">
                <h1>{summary.site_name.clone()}</h1>
                <p class="address">{format!("{}, {}", summary.address, summary.city)}</p>
                <p class="card-meta">
                    <OnlineBadge online=online last_heard_at=summary.last_heard_at now=now />
                </p>
            </header>
            <section aria-labelledby="price-title" class="price-box">
                <h2 id="price-title">"Price"</h2>
                <p class="price" data-testid="price-text">{summary.price_text.clone()}</p>
                <p class="fine">"Prices include VAT. You pay for what the charger measures."</p>
            </section>
            {move || starting.error.get().map(|error| view! { <ErrorNotice error=error /> })}
            <section aria-labelledby="connectors-title">
                <h2 id="connectors-title">"Connectors"</h2>
                <ul class="connector-list">{connectors}</ul>
            </section>
            <dl class="facts">
                <dt>"Charger"</dt>
                <dd>{summary.id.clone()}</dd>
                <dt>"Operator"</dt>
                <dd>{charger.owner_name.clone()}</dd>
                {maker.map(|m| view! { <dt>"Model"</dt><dd>{m}</dd> })}
                <dt>"Time zone"</dt>
                <dd>{charger.time_zone.clone()}</dd>
            </dl>
        </article>
    }
}

#[component]
fn ConnectorItem(
    charger_id: String,
    connector: ConnectorView,
    online: bool,
    starting: Starting,
    estimate: Option<String>,
) -> impl IntoView {
    let connector_id = connector.connector_id;
    let startable = can_start(online, connector.status, false).is_ok();
    let spec = connector_spec(&connector);
    let navigate = use_navigate();
    let start = move |_| {
        if starting.busy.get_untracked().is_some() {
            return;
        }
        starting.busy.set(Some(connector_id));
        starting.error.set(None);
        let charger_id = charger_id.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::start_session(&charger_id, connector_id).await;
            starting.busy.set(None);
            match result {
                Ok(session) => navigate(&format!("/sessions/{}", session.id), Default::default()),
                Err(error) => {
                    starting.error.set(Some(error));
                    starting.detail.refetch();
                }
            }
        });
    };
    view! {
        <li class="connector-item" data-testid="connector" data-connector-id=connector_id.to_string()>
            <div class="connector-info">
                <span class="connector-name">{format!("Connector {connector_id}")}</span>
                <span class="connector-spec">{spec}</span>
            </div>
            <ConnectorStatusBadge connector=connector online=online />
            {estimate.filter(|_| startable).map(|words| view! { <p class="estimate" data-testid="estimate">{words}</p> })}
            {startable
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button button-primary"
                            data-testid="start-button"
                            on:click=start
                            disabled=move || starting.busy.get().is_some()
                        >
                            {move || {
                                if starting.busy.get() == Some(connector_id) { "Starting…" } else { "Start charging" }
                            }}
                        </button>
                    }
                })}
        </li>
    }
}
