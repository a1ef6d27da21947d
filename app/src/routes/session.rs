//! `/sessions/:id`: the live session. Status, energy, power, elapsed time and running cost,
//! pushed by the server (Server-Sent Events) and re-rendered without reloading.
//!
//! The running cost is priced here, on the device, by `ladeklar_core::pricing` from the
//! tariff and meter samples the server pushes: the same engine the server bills with.

use std::cell::RefCell;
use std::rc::Rc;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_api::SessionView;
use ladeklar_core::pricing::PricedSession;
use ladeklar_core::session::SessionStatus;
use ladeklar_core::session_events::usage::{price_usage, session_usage};
use ladeklar_core::session_notice::{idle_fee_ahead, notice};
use ladeklar_core::session_step::{step_at, SessionFacts, SessionStep};
use ladeklar_core::tariff::now::next_change;
use ladeklar_core::tariff::words::change_words;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use send_wrapper::SendWrapper;
use uuid::Uuid;

use crate::api::{self, ApiError, LinkState, LiveSession};
use crate::components::notice::ErrorNotice;
use crate::components::pay::LivePayment;
use crate::format;
use crate::i18n::use_i18n;
use crate::platform;

/// How often to read the session when the live stream is down.
const POLL: Duration = Duration::from_secs(5);
/// How far ahead the live page warns of a price change (a per-minute fee, a night price).
const WARN_AHEAD_MIN: i64 = 15;

/// The price change ahead of a running session, in words, when one comes within
/// [`WARN_AHEAD_MIN`]: core's `tariff::now::next_change` at `now`, its time in the site's zone.
pub fn price_warning(session: &SessionView, now: DateTime<Utc>, lang: crate::i18n::Lang) -> Option<String> {
    if !session.status.is_active() {
        return None;
    }
    let start = session.started_at?;
    let tz = Tz::from_str(&session.time_zone).ok()?;
    let change = next_change(
        &session.tariff,
        tz,
        start,
        now,
        session.energy_kwh,
        chrono::Duration::minutes(WARN_AHEAD_MIN),
    )?;
    let minutes = ((change.at - now).num_seconds() + 59) / 60;
    let local = change.at.with_timezone(&tz).format("%H:%M").to_string();
    Some(change_words(&session.tariff, &change, &local, minutes, lang.core()))
}

/// The running cost of a session, priced by core up to the last meter value (or the stop):
/// the usage built by `core::session_events::usage`, as the server's receipt builds it.
pub fn running_cost(session: &SessionView) -> Option<Result<PricedSession, String>> {
    let usage = session_usage(session.started_at, session.stopped_at, &session.meter_samples)?;
    let tz = match Tz::from_str(&session.time_zone) {
        Ok(tz) => tz,
        Err(_) => return Some(Err(format!("unknown time zone {}", session.time_zone))),
    };
    Some(price_usage(&session.tariff, tz, &usage).map_err(|e| e.to_string()))
}

/// The energy shown beside the running cost: the energy of the very usage that cost was
/// priced on, so the two are always from the same sample; the server's figure only when the
/// server's cost is shown (this device could not price).
pub fn shown_energy(session: &SessionView, cost: Option<&Result<PricedSession, String>>) -> rust_decimal::Decimal {
    match cost {
        Some(Ok(priced)) => priced.total_energy_kwh,
        _ => session.energy_kwh,
    }
}

/// Where the driver is at `now` (this device's clock): core's `step_at` on the session, its
/// meter and its connector's last status, so "car full" and a start that never came show
/// as time passes, between the server's events.
pub fn shown_step(session: &SessionView, now: DateTime<Utc>) -> SessionStep {
    let facts = SessionFacts {
        status: session.status,
        requested_at: session.requested_at,
        samples: &session.meter_samples,
        failure_reason: session.failure_reason.as_deref(),
    };
    match (session.connector_status, session.step) {
        // A server that sends no connector status: its own step.
        (None, Some(step)) if session.status.is_active() => step,
        (connector, _) => step_at(&facts, connector, now),
    }
}

/// Minutes until the idle fee starts, when the driver should be told (core's
/// `session_notice::idle_fee_ahead`).
pub fn idle_fee_minutes(session: &SessionView, step: SessionStep, now: DateTime<Utc>) -> Option<i64> {
    let started = session.started_at?;
    let mut top = rust_decimal::Decimal::ZERO;
    let mut rise = None;
    for s in &session.meter_samples {
        if s.energy_wh > top {
            top = s.energy_wh;
            rise = Some(s.at);
        }
    }
    idle_fee_ahead(&session.tariff, step, started, rise?, now)
}

/// Seconds charged: from the start to the stop, or to `now` while it runs.
fn elapsed_seconds(session: &SessionView, now: DateTime<Utc>) -> i64 {
    match session.started_at {
        Some(start) => (session.stopped_at.unwrap_or(now) - start).num_seconds().max(0),
        None => 0,
    }
}

#[component]
pub fn SessionPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.t().charging_session));
    let params = use_params_map();
    let session_id = Memo::new(move |_| params.read().get("id").and_then(|s| Uuid::parse_str(&s).ok()));
    let session = RwSignal::new(None::<SessionView>);
    let load_error = RwSignal::new(None::<ApiError>);
    let stream_error = RwSignal::new(None::<ApiError>);
    let link = RwSignal::new(LinkState::Connecting);
    let now = RwSignal::new(platform::now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(platform::now()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }

    // The live stream: opened once the session is known to be running, closed when it ends
    // or the page goes away.
    let reload = RwSignal::new(0u32);
    let live: SendWrapper<Rc<RefCell<Option<LiveSession>>>> = SendWrapper::new(Rc::new(RefCell::new(None)));
    {
        let live = live.clone();
        Effect::new(move |_| {
            let id = session_id.get();
            // Try again after a failed load.
            reload.track();
            live.borrow_mut().take();
            session.set(None);
            load_error.set(None);
            stream_error.set(None);
            let Some(id) = id else { return };
            let live = live.clone();
            spawn_local(async move {
                match api::session(id).await {
                    // The driver may have left (or moved to another session) meanwhile.
                    _ if session_id.try_get_untracked() != Some(Some(id)) => {}
                    Ok(first) => {
                        let active = first.status.is_active();
                        session.set(Some(first));
                        if !active {
                            return;
                        }
                        let opened = LiveSession::open(
                            id,
                            move |update| match update {
                                Ok(view) if view.id == id => {
                                    stream_error.set(None);
                                    session.set(Some(view));
                                }
                                Ok(_) => {}
                                Err(error) => stream_error.set(Some(error)),
                            },
                            move |state| link.set(state),
                        );
                        match opened {
                            Ok(stream) => *live.borrow_mut() = Some(stream),
                            Err(error) => stream_error.set(Some(error)),
                        }
                    }
                    Err(error) => load_error.set(Some(error)),
                }
            });
        });
    }
    {
        let live = live.clone();
        on_cleanup(move || {
            live.borrow_mut().take();
        });
    }

    // Without the stream (a proxy that buffers, a dropped link), read the session every few
    // seconds instead, so the numbers never freeze.
    let poll = move || {
        let at = now.get_untracked();
        let unplug = session.with_untracked(|s| {
            s.as_ref()
                .is_some_and(|s| shown_step(s, at) == SessionStep::UnplugCable)
        });
        let active = session.with_untracked(|s| s.as_ref().is_some_and(|s| s.status.is_active()));
        if !unplug && (!active || link.get_untracked() == LinkState::Open) {
            return;
        }
        let Some(id) = session_id.get_untracked() else {
            return;
        };
        spawn_local(async move {
            if let Ok(view) = api::session(id).await {
                session.update(|current| {
                    let ended = current.as_ref().is_some_and(|c| !c.status.is_active());
                    if !ended || unplug {
                        *current = Some(view);
                    }
                });
            }
        });
    };
    if let Ok(handle) = set_interval_with_handle(poll, POLL) {
        on_cleanup(move || handle.clear());
    }

    // When the session ends: stop listening, and show the receipt once it is priced.
    let navigate = use_navigate();
    Effect::new(move |_| {
        let at = now.get_untracked();
        let Some((status, step)) = session.with(|s| s.as_ref().map(|s| (s.status, shown_step(s, at)))) else {
            return;
        };
        if !status.is_active() {
            if let Some(stream) = live.borrow().as_ref() {
                stream.close();
            }
            link.set(LinkState::Closed);
        }
        // The cable still in: the page says "Unplug the cable" until the charger reports it out.
        if status == SessionStatus::Completed && step != SessionStep::UnplugCable {
            if let Some(id) = session_id.get_untracked() {
                navigate(
                    &format!("/sessions/{id}/receipt"),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        }
    });

    // The page's frame changes only when the session first arrives, not on every update:
    // the live view inside re-renders just the figures that changed.
    let loaded = Memo::new(move |_| session.with(|s| s.is_some()));
    view! {
        {move || {
            if session_id.get().is_none() {
                return view! {
                    <section class="panel" data-testid="bad-session-id">
                        <h1>{move || i18n.t().not_a_session}</h1>
                        <p>{move || i18n.t().not_a_session_address}</p>
                        <p><a class="button" href="/">{move || i18n.t().find_a_charger}</a></p>
                    </section>
                }
                    .into_any();
            }
            if let Some(error) = load_error.get() {
                return view! {
                    <section class="panel">
                        <h1>{move || i18n.t().charging_session}</h1>
                        <ErrorNotice error=error retry=Callback::new(move |_| reload.update(|n| *n += 1)) />
                        <p><a class="button" href="/">{move || i18n.t().find_a_charger}</a></p>
                    </section>
                }
                    .into_any();
            }
            if !loaded.get() {
                return view! { <p class="loading" role="status">{move || i18n.t().loading_session}</p> }
                    .into_any();
            }
            view! { <LiveView session=session now=now link=link stream_error=stream_error /> }.into_any()
        }}
    }
}

/// "12.345 kWh" with the unit set smaller, so the figure fits a narrow tile.
fn reading(text: String) -> AnyView {
    match text.rsplit_once(' ') {
        Some((value, unit)) => view! {
            {value.to_string()}
            <span class="unit">{format!(" {unit}")}</span>
        }
        .into_any(),
        None => text.into_any(),
    }
}

#[component]
fn LiveView(
    session: RwSignal<Option<SessionView>>,
    now: RwSignal<DateTime<Utc>>,
    link: RwSignal<LinkState>,
    stream_error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| s.status)));
    let step = Memo::new(move |_| {
        let at = now.get();
        session.with(|s| s.as_ref().map(|s| shown_step(s, at)))
    });
    // The idle fee ahead: told once per session, as a notification (or the toast) and here.
    let idle_fee = Memo::new(move |_| {
        let at = now.get();
        let step = step.get()?;
        session.with(|s| s.as_ref().and_then(|s| idle_fee_minutes(s, step, at)))
    });
    let idle_told = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(minutes) = idle_fee.get() {
            if !idle_told.get_untracked() {
                idle_told.set(true);
                let charger = session.with_untracked(|s| s.as_ref().map(|s| s.charger_id.clone()).unwrap_or_default());
                crate::notify::show(i18n.lang(), move |lang| lang.idle_fee_ahead(minutes, &charger));
            }
        }
    });
    let cost = Memo::new(move |_| session.with(|s| s.as_ref().and_then(running_cost)));
    // Where the driver is charging, in words: the charger's site.
    let charger_id = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| s.charger_id.clone())));
    let site = LocalResource::new(move || {
        let id = charger_id.get();
        async move {
            match id {
                Some(id) => api::charger(&id).await.ok(),
                None => None,
            }
        }
    });
    // The payment (hold, card, cap reached): the live stream carries no payment, so it is
    // read again whenever the status changes (a stop at the cap is a status change).
    let payment = RwSignal::new(session.with_untracked(|s| s.as_ref().and_then(|s| s.payment.clone())));
    Effect::new(move |previous: Option<Option<SessionStatus>>| {
        let now_status = status.get();
        if previous.is_some() && previous != Some(now_status) {
            if let Some(id) = session.with_untracked(|s| s.as_ref().map(|s| s.id)) {
                spawn_local(async move {
                    if let Ok(view) = api::session(id).await {
                        let _ = payment.try_set(view.payment);
                    }
                });
            }
        }
        now_status
    });
    let stop_busy = RwSignal::new(false);
    let stop_error = RwSignal::new(None::<ApiError>);
    // Whether this page asked for the stop: no notification for what the driver just did.
    let stopped_here = RwSignal::new(false);
    Effect::new(move |previous: Option<Option<SessionStep>>| {
        let now_step = step.get();
        if let (Some(Some(before)), Some(after)) = (previous, now_step) {
            let (reason, charger) = session.with_untracked(|s| {
                s.as_ref()
                    .map(|s| (s.stop_reason.clone(), s.charger_id.clone()))
                    .unwrap_or_default()
            });
            if let Some(n) = notice(before, after, reason.as_deref(), stopped_here.get_untracked()) {
                crate::notify::show(i18n.lang(), move |lang| lang.driver_notice(n, &charger));
            }
        }
        now_step
    });

    let stop = move |_| {
        let Some(id) = session.with_untracked(|s| s.as_ref().map(|s| s.id)) else {
            return;
        };
        stop_busy.set(true);
        stop_error.set(None);
        stopped_here.set(true);
        spawn_local(async move {
            match api::stop_session(id).await {
                Ok(view) => {
                    // The stream may already have pushed something newer.
                    session.update(|current| {
                        let newer = current.as_ref().is_some_and(|c| !c.status.is_active());
                        if !newer {
                            *current = Some(view);
                        }
                    });
                }
                Err(error) => stop_error.set(Some(error)),
            }
            stop_busy.set(false);
        });
    };

    // The figure shown is core's, priced on this device; the server's own running cost is
    // the fallback when this device cannot price (e.g. a time zone it does not know).
    let priced_by = move || match cost.get() {
        Some(Ok(_)) => "core",
        _ => "server",
    };
    let cost_text = move || match cost.get() {
        Some(Ok(priced)) => format::money(priced.total.incl_vat, &priced.currency, i18n.lang()),
        _ => session
            .with(|s| {
                s.as_ref()
                    .map(|s| format::money(s.cost.incl_vat, &s.currency, i18n.lang()))
            })
            .unwrap_or_default(),
    };
    let cost_breakdown = move || match cost.get() {
        Some(Ok(priced)) if !priced.components.is_empty() => priced
            .components
            .iter()
            .map(|c| {
                let lang = i18n.lang();
                format!(
                    "{} {}",
                    lang.dimension(c.dimension),
                    format::money(c.cost.incl_vat, &priced.currency, lang)
                )
            })
            .collect::<Vec<_>>()
            .join(" · "),
        Some(Err(_)) => i18n.t().cost_by_server.to_string(),
        _ => i18n.t().incl_vat.to_string(),
    };
    let link_words = move || {
        let t = i18n.t();
        match (status.get(), link.get()) {
            (Some(s), _) if !s.is_active() => ("ended", t.link_ended),
            (_, LinkState::Open) => ("live", t.link_live),
            (_, LinkState::Connecting) => ("connecting", t.link_connecting),
            (_, LinkState::Reconnecting) => ("reconnecting", t.link_reconnecting),
            (_, LinkState::Closed) => ("closed", t.link_closed),
        }
    };

    view! {
        <p class="back">
            {move || {
                session
                    .with(|s| s.as_ref().map(|s| crate::components::charger_card::charger_href(&s.charger_id)))
                    .map(|href| view! { <a href=href>{move || i18n.t().back_to_charger}</a> })
            }}
        </p>
        <article
            class="panel live"
            data-testid="live-session"
            data-charger=move || session.with(|s| s.as_ref().map(|s| s.charger_id.clone()))
            data-status=move || status.get().map(format::session_status_key).unwrap_or_default()
        >
            <header class="panel-head live-head">
                <h1>{move || i18n.t().charging_session}</h1>
                <p class=move || format!("link link-{}", link_words().0) data-testid="live-link" aria-live="polite">
                    <span class="dot" aria-hidden="true"></span>
                    {move || link_words().1}
                </p>
            </header>
            <p
                class=move || format!("session-status session-{}", status.get().map(format::session_status_key).unwrap_or_default())
                data-testid="live-status"
                role="status"
            >
                {move || match (step.get(), status.get()) {
                    (Some(step), _) => i18n.lang().session_step(step).0,
                    (None, Some(s)) => i18n.lang().session_status(s),
                    (None, None) => "",
                }}
            </p>
            // What to do now, from the charger's own status (plug in, wait for the car, unplug).
            {move || step.get().map(|st| view! {
                <p class="fine live-step" data-testid="live-step" data-step=format!("{st:?}")>
                    {move || i18n.lang().session_step(st).1}
                </p>
            })}
            {move || {
                let now = now.get();
                session
                    .with(|s| s.as_ref().and_then(|s| price_warning(s, now, i18n.lang())))
                    .map(|words| view! {
                        <p class="notice notice-warn price-warning" role="status" data-testid="price-warning">{words}</p>
                    })
            }}
            {move || {
                let lang = i18n.lang();
                idle_fee.get().map(|minutes| {
                    let charger = session.with_untracked(|s| s.as_ref().map(|s| s.charger_id.clone()).unwrap_or_default());
                    let (title, body) = lang.idle_fee_ahead(minutes, &charger);
                    view! {
                        <p class="notice notice-warn" role="status" data-testid="idle-fee-warning">
                            <strong>{title}</strong>" "{body}
                        </p>
                    }
                })
            }}
            <p class="where" data-testid="live-where">
                {move || {
                    site.get()
                        .flatten()
                        .map(|c| format!("{}, {} · ", c.summary.site_name, c.summary.address))
                        .unwrap_or_default()
                }}
                {move || {
                    let lang = i18n.lang();
                    session
                        .with(|s| s.as_ref().map(|s| lang.charger_connector(&s.charger_id, s.connector_id)))
                        .unwrap_or_default()
                }}
            </p>
            {move || {
                let lang = i18n.lang();
                session
                    .with(|s| {
                        s.as_ref().and_then(|s| {
                            s.started_at.map(|at| platform::site_date_time(at, &s.time_zone, lang))
                        })
                    })
                    .map(|when| view! {
                        <p class="fine" data-testid="live-started">{lang.started_label()}": "{when}</p>
                    })
            }}
            <dl class="meters">
                <div class="meter meter-cost">
                    <dt>{move || i18n.t().cost_so_far}</dt>
                    <dd data-testid="live-cost" data-priced-by=priced_by>
                        {cost_text}
                    </dd>
                    <dd class="meter-note">{cost_breakdown}</dd>
                </div>
                <div class="meter">
                    <dt>{move || i18n.t().energy}</dt>
                    <dd data-testid="live-energy">
                        {move || {
                            let lang = i18n.lang();
                            let cost = cost.get();
                            reading(
                                session
                                    .with(|s| s.as_ref().map(|s| format::energy_kwh(shown_energy(s, cost.as_ref()), lang)))
                                    .unwrap_or_default(),
                            )
                        }}
                    </dd>
                </div>
                <div class="meter">
                    <dt>{move || i18n.t().power}</dt>
                    <dd data-testid="live-power">
                        {move || {
                            let lang = i18n.lang();
                            let power = session
                                .with(|s| {
                                    s.as_ref().map(|s| {
                                        if s.status == SessionStatus::Charging {
                                            format::power_kw(s.power_kw, lang)
                                        } else {
                                            format::power_kw(rust_decimal::Decimal::ZERO, lang)
                                        }
                                    })
                                })
                                .unwrap_or_default();
                            reading(power)
                        }}
                    </dd>
                </div>
                <div class="meter">
                    <dt>{move || i18n.t().elapsed}</dt>
                    <dd data-testid="live-elapsed">
                        {move || {
                            let now = now.get();
                            session
                                .with(|s| s.as_ref().map(|s| format::clock_duration(elapsed_seconds(s, now))))
                                .unwrap_or_default()
                        }}
                    </dd>
                </div>
            </dl>
            <LivePayment payment=payment.into() />
            {move || stream_error.get().map(|error| view! { <ErrorNotice error=error /> })}
            {move || stop_error.get().map(|error| view! { <ErrorNotice error=error /> })}
            {move || {
                let timed_out = step.get() == Some(SessionStep::StartTimedOut);
                session
                    .with(|s| s.as_ref().and_then(|s| s.failure_reason.clone()))
                    .filter(|_| !timed_out)
                    .map(|reason| {
                        view! {
                            <div class="notice notice-error" role="alert" data-testid="failure">
                                <p class="notice-words">{move || i18n.t().did_not_start}</p>
                                <p class="notice-detail">{reason}</p>
                            </div>
                        }
                    })
            }}
            <div class="actions">
                {move || match status.get() {
                    Some(SessionStatus::Charging) | Some(SessionStatus::Pending) => {
                        let pending = status.get() == Some(SessionStatus::Pending);
                        view! {
                            <button
                                type="button"
                                class="button button-stop"
                                data-testid="stop-button"
                                on:click=stop
                                disabled=move || stop_busy.get() || pending
                            >
                                {move || if stop_busy.get() { i18n.t().stopping } else { i18n.t().stop_charging }}
                            </button>
                        }
                            .into_any()
                    }
                    Some(SessionStatus::Stopping) => {
                        view! {
                            <button type="button" class="button button-stop" data-testid="stop-button" disabled=true>
                                {move || i18n.t().stopping}
                            </button>
                        }
                            .into_any()
                    }
                    Some(SessionStatus::Completed) => {
                        let href = session
                            .with_untracked(|s| s.as_ref().map(|s| format!("/sessions/{}/receipt", s.id)))
                            .unwrap_or_default();
                        view! {
                            <a class="button button-primary" href=href data-testid="receipt-link">
                                {move || i18n.t().see_receipt}
                            </a>
                        }
                            .into_any()
                    }
                    Some(SessionStatus::Failed) | None => {
                        view! { <a class="button" href="/">{move || i18n.t().find_another_charger}</a> }.into_any()
                    }
                }}
            </div>
            {move || {
                session.with(|s| {
                    s.as_ref().map(|s| {
                        let href = format!("/report?charger={}&connector={}&session={}", s.charger_id, s.connector_id, s.id);
                        view! {
                            <p class="actions">
                                <a class="button" href=href data-testid="report-fault">{move || i18n.c().report_from_here}</a>
                            </p>
                        }
                    })
                })
            }}
            <p class="fine">{move || i18n.t().cost_explained}</p>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ladeklar_core::money::Price;
    use ladeklar_core::pricing::MeterSample;
    use ladeklar_core::tariff::Tariff;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 11, 24, 10, 0, 0)
            .single()
            .expect("a valid instant")
            + chrono::Duration::minutes(min)
    }

    fn session(time_zone: &str) -> SessionView {
        let tariff: Tariff = serde_json::from_value(serde_json::json!({
            "id": "t1",
            "currency": "NOK",
            "elements": [{ "price_components": [
                { "type": "ENERGY", "price": "3.12", "vat": "25", "step_size": 1 }
            ]}]
        }))
        .expect("a valid tariff");
        SessionView {
            id: Uuid::nil(),
            charger_id: "C1".into(),
            connector_id: 1,
            status: SessionStatus::Charging,
            requested_at: at(0),
            started_at: Some(at(0)),
            stopped_at: None,
            transaction_id: Some(1),
            energy_kwh: "10".parse().expect("decimal"),
            power_kw: "20".parse().expect("decimal"),
            last_meter_at: Some(at(30)),
            cost: Price::ZERO,
            currency: "NOK".into(),
            meter_samples: vec![
                MeterSample {
                    at: at(15),
                    energy_wh: "5000".parse().expect("decimal"),
                },
                MeterSample {
                    at: at(30),
                    energy_wh: "10000".parse().expect("decimal"),
                },
            ],
            tariff,
            time_zone: time_zone.into(),
            failure_reason: None,
            stop_reason: None,
            step: None,
            connector_status: None,
            payment: None,
        }
    }

    #[test]
    fn running_cost_is_cores_price_up_to_the_last_meter_value() {
        let priced = running_cost(&session("Europe/Oslo"))
            .expect("a started session has a cost")
            .expect("it prices");
        // 10 kWh × 3.12 kr = 31.20 excl. VAT; + 25 % = 39.00 incl.
        assert_eq!(priced.total.excl_vat, "31.20".parse().expect("decimal"));
        assert_eq!(priced.total.incl_vat, "39.00".parse().expect("decimal"));
    }

    #[test]
    fn not_started_has_no_running_cost_and_unknown_zone_is_an_error() {
        let mut pending = session("Europe/Oslo");
        pending.started_at = None;
        assert!(running_cost(&pending).is_none());
        assert!(matches!(running_cost(&session("Mars/Olympus")), Some(Err(_))));
    }

    /// The live stream sends only what changed; applied to the session the page holds, the
    /// running cost is priced from every sample as if the whole session had been sent.
    #[test]
    fn live_updates_append_new_samples_and_the_running_cost_follows() {
        let mut view = session("Europe/Oslo");
        let update = |status, samples: Vec<(i64, &str)>, power: Option<&str>| ladeklar_api::SessionUpdate {
            id: Uuid::nil(),
            status,
            started_at: Some(at(0)),
            stopped_at: (status == SessionStatus::Completed).then(|| at(60)),
            transaction_id: Some(1),
            new_samples: samples
                .into_iter()
                .map(|(min, wh)| MeterSample {
                    at: at(min),
                    energy_wh: wh.parse().expect("decimal"),
                })
                .collect(),
            power_kw: power.map(|p| p.parse().expect("decimal")),
            cost: None,
            failure_reason: None,
            stop_reason: None,
            step: None,
            connector_status: None,
        };
        // A repeat of a held sample and a new one.
        crate::api::apply_update(
            &mut view,
            update(
                SessionStatus::Charging,
                vec![(30, "10000"), (45, "15000")],
                Some("19.5"),
            ),
        );
        assert_eq!(view.meter_samples.len(), 3);
        assert_eq!(view.energy_kwh, "15".parse().expect("decimal"));
        assert_eq!(view.power_kw, "19.5".parse().expect("decimal"));
        assert_eq!(view.last_meter_at, Some(at(45)));
        let priced = running_cost(&view).expect("started").expect("prices");
        // 15 kWh × 3.12 = 46.80 excl. VAT.
        assert_eq!(priced.total.excl_vat, "46.80".parse().expect("decimal"));
        // Power unchanged when the update does not say; the stop brings the final sample.
        crate::api::apply_update(
            &mut view,
            update(SessionStatus::Completed, vec![(60, "20000")], Some("0")),
        );
        assert_eq!((view.status, view.stopped_at), (SessionStatus::Completed, Some(at(60))));
        assert_eq!(view.power_kw, rust_decimal::Decimal::ZERO);
        assert_eq!(view.energy_kwh, "20".parse().expect("decimal"));
    }

    /// A per-minute fee from minute 61: the live page warns 15 min ahead, in the site's time.
    #[test]
    fn the_live_page_warns_ahead_of_a_fee() {
        let mut s = session("Europe/Oslo");
        s.tariff = serde_json::from_value(serde_json::json!({
            "id": "t2",
            "currency": "NOK",
            "elements": [
                { "price_components": [{ "type": "ENERGY", "price": "3.12", "vat": "25", "step_size": 1 }] },
                { "price_components": [{ "type": "TIME", "price": "24", "vat": "25", "step_size": 60 }],
                  "restrictions": { "min_duration": 3600 } }
            ]
        }))
        .expect("a valid tariff");
        // Started 10:00 UTC, 11:00 in Oslo: the fee starts at 12:00 Oslo time.
        assert_eq!(
            price_warning(&s, at(40), crate::i18n::Lang::En),
            None,
            "20 min ahead: not yet"
        );
        assert_eq!(
            price_warning(&s, at(55), crate::i18n::Lang::En).as_deref(),
            Some("0.50 kr/min starts in 5 min (at 12:00)")
        );
        assert_eq!(
            price_warning(&s, at(55), crate::i18n::Lang::Nb).as_deref(),
            Some("0,50 kr/min starter om 5 min (kl. 12:00)")
        );
        s.status = SessionStatus::Completed;
        assert_eq!(
            price_warning(&s, at(55), crate::i18n::Lang::En),
            None,
            "not once it has ended"
        );
    }

    /// The live page never shows an energy and a cost from different samples: whatever the
    /// server's own energy figure says (here one sample behind, as a view read between two
    /// writes would be), the energy shown is the one the cost was priced on.
    #[test]
    fn energy_and_cost_shown_are_from_one_sample() {
        let mut view = session("Europe/Oslo");
        view.meter_samples = vec![MeterSample {
            at: at(0),
            energy_wh: rust_decimal::Decimal::ZERO,
        }];
        for (i, wh) in ["34", "120", "999", "12345"].into_iter().enumerate() {
            view.meter_samples.push(MeterSample {
                at: at(1 + i64::try_from(i).expect("small")),
                energy_wh: wh.parse().expect("decimal"),
            });
            let cost = running_cost(&view);
            let energy = shown_energy(&view, cost.as_ref());
            let priced = cost.expect("started").expect("prices");
            assert_eq!(energy, priced.total_energy_kwh);
            // Energy-only at 3.12 + 25 %: the cost is exactly this energy's.
            let want = (energy * rust_decimal::Decimal::new(390, 2))
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(priced.total.incl_vat, want, "{energy} kWh");
            // The server's figure, one sample behind, is not what is shown.
            view.energy_kwh = rust_decimal::Decimal::new(34, 3);
        }
        // When the device cannot price, the server's energy and cost go together.
        let mut unknown = session("Mars/Olympus");
        unknown.energy_kwh = rust_decimal::Decimal::new(34, 3);
        assert_eq!(
            shown_energy(&unknown, running_cost(&unknown).as_ref()),
            unknown.energy_kwh
        );
    }
}
