//! `/chargers/:id`: one charger, its connectors, and a Start button on each free one.

use std::str::FromStr;
use std::time::Duration;

use ladeklar_api::{ChargerDetail, ConnectorView, PowerType};
use ladeklar_core::pricing::estimate;
use ladeklar_core::session::can_start;
use ladeklar_core::tariff::now::{applying, has_calendar, SessionMoment, DIMENSIONS};
use ladeklar_core::tariff::words::parts;
use ladeklar_core::vehicle::{estimate_for_car, CarEstimate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use rust_decimal::Decimal;

use crate::api::{self, ApiError};
use crate::components::connector::{connector_spec, ConnectorFaultNote, ConnectorStatusBadge};
use crate::components::notice::ErrorNotice;
use crate::components::online::OnlineBadge;
use crate::components::pay::{pay_and_start, PayError, PayErrorNotice, PayPanel, PayState};
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
    error: RwSignal<Option<PayError>>,
    /// The charger, re-read after a refusal so the statuses show why.
    detail: LocalResource<Result<ChargerDetail, ApiError>>,
}

#[component]
pub fn ChargerPage() -> impl IntoView {
    let params = use_params_map();
    let charger_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    view! { <ChargerScreen charger_id=charger_id focus=Signal::derive(|| None) /> }
}

/// `/c/:charger/:connector`: the stable address a connector's QR code carries. The
/// connector's page, ready to pay as a guest, with the complete price; no account needed.
#[component]
pub fn ConnectorQrPage() -> impl IntoView {
    let params = use_params_map();
    let charger_id = Memo::new(move |_| params.read().get("charger").unwrap_or_default());
    let focus = Signal::derive(move || params.read().get("connector").and_then(|c| c.parse::<u32>().ok()));
    view! { <ChargerScreen charger_id=charger_id focus=focus /> }
}

/// The charger's page. The frame is built once per charger: the ten-second refresh updates
/// the connectors in place, so the payment panel keeps the card being typed.
#[component]
fn ChargerScreen(charger_id: Memo<String>, focus: Signal<Option<u32>>) -> impl IntoView {
    let detail = LocalResource::new(move || {
        let id = charger_id.get();
        async move { api::charger(&id).await }
    });
    if let Ok(handle) = set_interval_with_handle(move || detail.refetch(), REFRESH) {
        on_cleanup(move || handle.clear());
    }
    let config = LocalResource::new(|| async { api::payment_config().await.ok() });
    let i18n = use_i18n();
    // The newest answer; a failed refresh keeps the charger shown.
    let latest = RwSignal::new(None::<Result<ChargerDetail, ApiError>>);
    Effect::new(move |_| {
        let Some(answer) = detail.get() else { return };
        let keep = answer.is_err()
            && latest
                .with_untracked(|l| matches!((l, charger_id.get_untracked()), (Some(Ok(c)), id) if c.summary.id == id));
        if !keep {
            latest.set(Some(answer));
        }
    });
    let starting = Starting {
        busy: RwSignal::new(None),
        error: RwSignal::new(None),
        detail,
    };
    // What is rebuilt: only a new charger, or the answer turning from error to charger.
    let frame = Memo::new(move |_| {
        latest.with(|l| match l {
            None => None,
            Some(Ok(c)) => Some(Ok(c.summary.id.clone())),
            Some(Err(_)) => Some(Err(())),
        })
    });
    let config_ready = Memo::new(move |_| config.get().map(|c| c.is_some_and(|c| c.enabled)));

    view! {
        <p class="back"><a href="/">{move || i18n.t().all_chargers}</a></p>
        {move || match (frame.get(), config_ready.get()) {
            (None, _) | (Some(Ok(_)), None) => {
                view! { <p class="loading" role="status">{move || i18n.t().loading_charger}</p> }.into_any()
            }
            (Some(Err(())), _) => match latest.get_untracked() {
                Some(Err(error)) => view! { <ErrorNotice error=error retry=Callback::new(move |_| detail.refetch()) /> }.into_any(),
                _ => ().into_any(),
            },
            (Some(Ok(_)), Some(paying)) => {
                let Some(Ok(charger)) = latest.get_untracked() else {
                    return ().into_any();
                };
                let pay = if paying {
                    config
                        .get_untracked()
                        .flatten()
                        .map(|c| PayState::new(c, &charger.tariff.currency))
                } else {
                    None
                };
                view! { <ChargerView charger=charger latest=latest starting=starting pay=pay focus=focus /> }
                    .into_any()
            }
        }}
    }
}

#[component]
fn ChargerView(
    charger: ChargerDetail,
    latest: RwSignal<Option<Result<ChargerDetail, ApiError>>>,
    starting: Starting,
    pay: Option<PayState>,
    focus: Signal<Option<u32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    platform::set_title(&charger.summary.site_name);
    let summary = charger.summary.clone();
    let tariff = StoredValue::new(charger.tariff.clone());
    let tz = chrono_tz::Tz::from_str(&charger.time_zone).ok();
    let charger_id = summary.id.clone();
    let my_car = crate::my_car::use_my_car();
    // The connectors as the newest answer has them; the focused one alone from a QR code.
    let connectors = move || {
        let now = platform::now();
        let car = my_car.get();
        latest.with(|l| {
            let Some(Ok(detail)) = l else {
                return Vec::new();
            };
            let online = detail.summary.online;
            detail
                .summary
                .connectors
                .iter()
                .filter(|c| focus.get().is_none_or(|f| f == c.connector_id))
                .cloned()
                .map(|connector| {
                    // The price before start, from core: the same engine that prices the receipt;
                    // for the driver's car when there is one.
                    let estimate = tz.and_then(|tz| match &car {
                        Some(car) => estimate_for_car(
                            &detail.tariff,
                            tz,
                            now,
                            car,
                            connector.max_power_kw,
                            connector.power_type == PowerType::Dc,
                        )
                        .ok()
                        .map(|e| Shown::Car(e, car.name())),
                        None => estimate(
                            &detail.tariff,
                            tz,
                            now,
                            Decimal::from(ESTIMATE_KWH),
                            connector.max_power_kw,
                        )
                        .ok()
                        .map(Shown::Default),
                    });
                    view! {
                        <ConnectorItem
                            charger_id=detail.summary.id.clone()
                            connector=connector
                            online=online
                            starting=starting
                            estimate=estimate
                            pay=pay
                            tariff=tariff
                        />
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let online_badge = move || {
        latest.with(|l| match l {
            Some(Ok(d)) => Some(view! {
                <OnlineBadge online=d.summary.online last_heard_at=d.summary.last_heard_at now=platform::now() />
            }),
            _ => None,
        })
    };
    let maker = match (charger.vendor, charger.model) {
        (Some(v), Some(m)) => Some(format!("{v} {m}")),
        (Some(v), None) => Some(v),
        (None, Some(m)) => Some(m),
        (None, None) => None,
    };
    let all_href = crate::components::charger_card::charger_href(&charger_id);
    view! {
        {move || focus.get().map(|_| view! {
            <section class="panel guest-intro" data-testid="guest-intro">
                <h1>{move || i18n.p().guest_title}</h1>
                <p>{move || i18n.p().guest_intro}</p>
            </section>
        })}
        <article class="panel charger-detail" data-testid="charger-detail" data-charger-id=summary.id.clone()>
            <header class="panel-head">
                <div class="title-row">
                    <h1>{summary.site_name.clone()}</h1>
                    <crate::favourites::FavouriteStar id=summary.id.clone() />
                </div>
                <p class="address">{format!("{}, {}", summary.address, summary.city)}</p>
                <p class="card-meta">{online_badge}</p>
            </header>
            <section aria-labelledby="price-title" class="price-box">
                <h2 id="price-title">{move || i18n.t().price}</h2>
                {match tz.filter(|_| has_calendar(&charger.tariff)) {
                    // A price that depends on the time of day: each price on its own line, the
                    // one that applies now marked (core's `tariff::now::applying`).
                    Some(tz) => {
                        let tariff = charger.tariff.clone();
                        view! { <ul class="price price-parts" data-testid="price-text">{move || price_parts(&tariff, tz, i18n.lang())}</ul> }.into_any()
                    }
                    None => {
                        let (en, nb) = (summary.price_text.clone(), summary.price_text_nb.clone());
                        view! {
                            <p class="price" data-testid="price-text">
                                {move || match i18n.lang() {
                                    Lang::En => en.clone(),
                                    Lang::Nb => nb.clone(),
                                }}
                            </p>
                        }
                            .into_any()
                    }
                }}
                <p class="fine">{move || i18n.t().prices_incl_vat}</p>
                <crate::routes::my_car::CarLine />
            </section>
            {pay.map(|pay| view! { <PayPanel pay=pay tariff=tariff.get_value() /> })}
            {move || starting.error.get().map(|error| view! { <PayErrorNotice error=error /> })}
            <section aria-labelledby="connectors-title">
                <h2 id="connectors-title">{move || i18n.t().connectors}</h2>
                <ul class="connector-list">{connectors}</ul>
                {move || focus.get().map(|_| view! {
                    <p class="fine"><a href=all_href.clone() data-testid="all-connectors">{move || i18n.p().other_connectors}</a></p>
                })}
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

/// The tariff's prices, one per line, the ones that apply to a session started now marked.
fn price_parts(tariff: &ladeklar_core::tariff::Tariff, tz: chrono_tz::Tz, lang: Lang) -> impl IntoView {
    let now = SessionMoment {
        at: platform::now(),
        elapsed_secs: 0,
        energy_kwh: Decimal::ZERO,
    };
    let applying = applying(tariff, tz, &now);
    parts(tariff, lang.core())
        .into_iter()
        .map(|p| {
            let on = DIMENSIONS
                .iter()
                .position(|d| *d == p.dimension)
                .and_then(|i| applying[i])
                == Some(p.element);
            view! {
                <li class:price-now=on data-testid="price-part" data-now=on.to_string()>
                    {p.text}
                    {on.then(|| view! { " " <span class="now-badge">{lang.price_now()}</span> })}
                </li>
            }
        })
        .collect_view()
}

/// The estimate a connector shows: the default session's, or the driver's car's (with the
/// car's catalogue name, if it has one).
#[derive(Debug, Clone)]
enum Shown {
    Default(ladeklar_core::pricing::Estimate),
    Car(CarEstimate, Option<String>),
}

/// "About 142 kr for 30 kWh if you start now (120 kr–160 kr, about 45 min)", or for the car
/// "About 160 kr to charge your car …"; and for the car, what was assumed.
fn estimate_words(shown: &Shown, lang: Lang) -> (String, Option<String>) {
    let e = match shown {
        Shown::Default(e) => e,
        Shown::Car(c, _) => &c.estimate,
    };
    let money = |p: &ladeklar_core::money::Price| format::approx_money(p.incl_vat, &e.currency, lang);
    let minutes = i64::try_from(e.assumptions.expected_minutes.round().mantissa()).unwrap_or(0);
    let range = (e.low != e.high).then(|| format!("{}–{}", money(&e.low), money(&e.high)));
    let duration = format::duration_words(minutes * 60, lang);
    match shown {
        Shown::Default(_) => (
            lang.estimate(&money(&e.expected), ESTIMATE_KWH, range.as_deref(), &duration),
            None,
        ),
        Shown::Car(c, name) => {
            let name = name.clone().unwrap_or_else(|| lang.car().my_car.to_string());
            let assumed = lang.car_assumed(
                &name,
                &c.plan,
                &format!("{} kWh", format::decimal(c.plan.energy_kwh.round_dp(1), lang)),
                &format!("{} kW", format::decimal(c.plan.power_kw.round_dp(1), lang)),
            );
            (
                lang.car_estimate(&money(&e.expected), range.as_deref(), &duration),
                Some(assumed),
            )
        }
    }
}

#[component]
fn ConnectorItem(
    charger_id: String,
    connector: ConnectorView,
    online: bool,
    starting: Starting,
    estimate: Option<Shown>,
    pay: Option<PayState>,
    tariff: StoredValue<ladeklar_core::tariff::Tariff>,
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
        // A sensible moment to ask: the driver is tapping Start and will want to know when it ends.
        crate::notify::ask_permission();
        let charger_id = charger_id.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match pay {
                Some(pay) => pay_and_start(pay, &tariff.get_value(), &charger_id, connector_id).await,
                None => api::start_session(&charger_id, connector_id, None)
                    .await
                    .map_err(PayError::from),
            };
            starting.busy.set(None);
            match result {
                Ok(session) => {
                    crate::charging_now::remember(session.id);
                    navigate(&format!("/sessions/{}", session.id), Default::default())
                }
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
            <ConnectorStatusBadge connector=connector.clone() online=online />
            <ConnectorFaultNote connector=connector online=online />
            {estimate
                .filter(|_| startable)
                .map(|e| {
                    let e2 = e.clone();
                    view! {
                        <p class="estimate" data-testid="estimate">{move || estimate_words(&e, i18n.lang()).0}</p>
                        {move || estimate_words(&e2, i18n.lang()).1.map(|a| view! {
                            <p class="fine estimate-assumed" data-testid="estimate-assumed">{a}</p>
                        })}
                    }
                })}
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
                                    if pay.is_some_and(|p| p.authenticating.get()) {
                                        i18n.p().authenticating
                                    } else {
                                        i18n.t().starting
                                    }
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
