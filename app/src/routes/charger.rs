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
use crate::i18n::{use_i18n, Lang};
use crate::platform;

const REFRESH: Duration = Duration::from_secs(10);
/// The charge the estimate prices: a typical top-up (the list's estimate too).
const ESTIMATE_KWH: u32 = ladeklar_core::finder::price::DEFAULT_SESSION_KWH;

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
    let i18n = use_i18n();
    let starting = Starting {
        busy: RwSignal::new(None),
        error: RwSignal::new(None),
        detail,
    };

    view! {
        <p class="back"><a href="/">{move || i18n.t().all_chargers}</a></p>
        <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.t().loading_charger}</p> }>
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
    let i18n = use_i18n();
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
                <div class="title-row">
                    <h1>{summary.site_name.clone()}</h1>
                    <crate::favourites::FavouriteStar id=summary.id.clone() />
                </div>
                <p class="address">{format!("{}, {}", summary.address, summary.city)}</p>
                <p class="card-meta">
                    <OnlineBadge online=online last_heard_at=summary.last_heard_at now=now />
                </p>
            </header>
            <section aria-labelledby="price-title" class="price-box">
                <h2 id="price-title">{move || i18n.t().price}</h2>
                <p class="price" data-testid="price-text">
                    {
                        let (en, nb) = (summary.price_text.clone(), summary.price_text_nb.clone());
                        move || match i18n.lang() {
                            Lang::En => en.clone(),
                            Lang::Nb => nb.clone(),
                        }
                    }
                </p>
                <p class="fine">{move || i18n.t().prices_incl_vat}</p>
            </section>
            {move || starting.error.get().map(|error| view! { <ErrorNotice error=error /> })}
            <section aria-labelledby="connectors-title">
                <h2 id="connectors-title">{move || i18n.t().connectors}</h2>
                <ul class="connector-list">{connectors}</ul>
            </section>
            <p class="actions">
                <a class="button" href=format!("/report?charger={}", summary.id) data-testid="report-fault">
                    {move || i18n.c().report_from_here}
                </a>
            </p>
            <dl class="facts">
                <dt>{move || i18n.t().charger}</dt>
                <dd>{summary.id.clone()}</dd>
                <dt>{move || i18n.t().operator}</dt>
                <dd>{charger.owner_name.clone()}</dd>
                {maker.map(|m| view! { <dt>{move || i18n.t().model}</dt><dd>{m}</dd> })}
                <dt>{move || i18n.t().time_zone}</dt>
                <dd>{charger.time_zone.clone()}</dd>
            </dl>
        </article>
    }
}

/// "About 142 kr for 30 kWh if you start now (120 kr–160 kr, about 45 min)".
fn estimate_words(e: &ladeklar_core::pricing::Estimate, lang: Lang) -> String {
    let money = |p: &ladeklar_core::money::Price| format::approx_money(p.incl_vat, &e.currency, lang);
    let minutes = i64::try_from(e.assumptions.expected_minutes.round().mantissa()).unwrap_or(0);
    let range = (e.low != e.high).then(|| format!("{}–{}", money(&e.low), money(&e.high)));
    lang.estimate(
        &money(&e.expected),
        ESTIMATE_KWH,
        range.as_deref(),
        &format::duration_words(minutes * 60, lang),
    )
}

#[component]
fn ConnectorItem(
    charger_id: String,
    connector: ConnectorView,
    online: bool,
    starting: Starting,
    estimate: Option<ladeklar_core::pricing::Estimate>,
) -> impl IntoView {
    let i18n = use_i18n();
    let connector_id = connector.connector_id;
    let startable = can_start(online, connector.status, false).is_ok();
    let spec = {
        let connector = connector.clone();
        move || connector_spec(&connector, i18n.lang())
    };
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
                <span class="connector-name">{move || i18n.lang().connector_n(connector_id)}</span>
                <span class="connector-spec">{spec}</span>
            </div>
            <ConnectorStatusBadge connector=connector online=online />
            {estimate
                .filter(|_| startable)
                .map(|e| view! { <p class="estimate" data-testid="estimate">{move || estimate_words(&e, i18n.lang())}</p> })}
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
                                if starting.busy.get() == Some(connector_id) {
                                    i18n.t().starting
                                } else {
                                    i18n.t().start_charging
                                }
                            }}
                        </button>
                    }
                })}
        </li>
    }
}
