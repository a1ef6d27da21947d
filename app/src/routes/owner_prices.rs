//! The owner's prices (issue 19, staff build): `/owner/prices` lists the owner's sites and
//! chargers with the price in effect in words; `/owner/prices/sites/:id` and
//! `/owner/prices/chargers/:id` are the form. Every keystroke runs core's
//! `check_price_change` (the same function the server runs when saving) for the errors next
//! to each field, the new price in words and the preview of typical sessions (core's
//! `pricing::preview`, the receipts' engine) beside the current price; then the history.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_api::{ErrorCode, PriceBook, PriceVersionView, SetPriceRequest, SitePrices};
use ladeklar_core::accounts::face::Face;
use ladeklar_core::money::{currency_symbol, Price};
use ladeklar_core::pricing::preview::{preview, PreviewLine};
use ladeklar_core::tariff::price_form::{
    check_price_change, CheckedPrice, FieldProblem, PriceForm, PriceWindow, TariffMeta,
};
use ladeklar_core::tariff::words::{describe, Lang as WordsLang};
use ladeklar_core::tariff::DayOfWeek;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError, PriceScope};
use crate::auth::use_auth;
use crate::components::forms::SuccessNotice;
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::{use_i18n, Lang};
use crate::{format, platform};

const WEEK: [DayOfWeek; 7] = [
    DayOfWeek::Monday,
    DayOfWeek::Tuesday,
    DayOfWeek::Wednesday,
    DayOfWeek::Thursday,
    DayOfWeek::Friday,
    DayOfWeek::Saturday,
    DayOfWeek::Sunday,
];

/// Owners see it with their face; admins with theirs.
fn face() -> Face {
    if use_auth().has_face(Face::Owner) {
        Face::Owner
    } else {
        Face::Admin
    }
}

fn words_lang(lang: Lang) -> WordsLang {
    match lang {
        Lang::En => WordsLang::En,
        Lang::Nb => WordsLang::Nb,
    }
}

fn version_words(v: &PriceVersionView, lang: Lang) -> String {
    match lang {
        Lang::En => v.text.clone(),
        Lang::Nb => v.text_nb.clone(),
    }
}

/// An instant in the site's zone: `2026-12-01 06:00`.
fn site_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

fn zone(name: &str) -> Tz {
    Tz::from_str(name).unwrap_or(Tz::UTC)
}

/// `windows[0].end` → `windows-0-end`: an id and test id.
fn field_id(field: &str) -> String {
    field.replace("].", "-").replace(['[', ']', '.'], "-")
}

#[component]
pub fn OwnerPricesPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.pr().prices));
    view! {
        {move || {
            let face = face();
            view! {
                <SignedInOnly face=face>
                    <PriceList />
                </SignedInOnly>
            }
        }}
    }
}

#[component]
fn PriceList() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::owner_prices);
    let body = move || {
        Suspend::new(async move {
            match list.await {
                Ok(prices) if prices.sites.is_empty() => {
                    view! { <p class="empty" data-testid="prices-empty">{move || i18n.pr().no_sites}</p> }.into_any()
                }
                Ok(prices) => prices
                    .sites
                    .into_iter()
                    .map(|site| view! { <SiteCard site=site /> })
                    .collect_view()
                    .into_any(),
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| list.refetch()) /> }.into_any()
                }
            }
        })
    };
    view! {
        <div class="stack wide" data-testid="owner-prices">
            <section class="panel panel-wide">
                <h1>{move || i18n.pr().prices}</h1>
                <p class="fine">{move || i18n.pr().prices_intro}</p>
            </section>
            <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.pr().loading}</p> }>{body}</Transition>
        </div>
    }
}

#[component]
fn SiteCard(site: SitePrices) -> impl IntoView {
    let i18n = use_i18n();
    let site = StoredValue::new(site);
    let s = site.get_value();
    let chargers = s
        .chargers
        .iter()
        .map(|c| {
            let id = c.charger_id.clone();
            let own = c.own_price.clone();
            let has_own = own.is_some();
            view! {
                <li class="price-charger" data-testid="price-charger" data-charger=id.clone()>
                    <span class="price-charger-id">{id.clone()}</span>
                    <span class="fine">{move || match &own {
                        Some(v) => format!("{}: {}", i18n.pr().own_price, version_words(v, i18n.lang())),
                        None => i18n.pr().follows_site.to_string(),
                    }}</span>
                    <a class="button button-small" href=format!("/owner/prices/chargers/{id}")>
                        {move || if has_own { i18n.pr().change_price } else { i18n.pr().set_own_price }}
                    </a>
                </li>
            }
        })
        .collect_view();
    let next = s.next.clone();
    let n = s.chargers.len();
    view! {
        <article class="panel panel-wide price-site" data-testid="price-site" data-site=s.site_id.clone()>
            <h2>{s.site_name.clone()} <span class="fine">{format!(" · {}", s.city)}</span></h2>
            <p class="price-words" data-testid="site-price-text">
                {move || site.with_value(|s| version_words(&s.price, i18n.lang()))}
            </p>
            {next.map(|next| {
                let tz = zone(&s.time_zone);
                let from = next.effective_from.map(|at| site_time(at, tz)).unwrap_or_default();
                view! {
                    <p class="fine" data-testid="site-price-next">
                        {move || format!("{} {from}: {}", i18n.pr().scheduled, version_words(&next, i18n.lang()))}
                    </p>
                }
            })}
            <p class="actions">
                <a class="button button-primary" href=format!("/owner/prices/sites/{}", s.site_id) data-testid="change-site-price">
                    {move || i18n.pr().change_price}
                </a>
            </p>
            <details>
                <summary>{move || format!("{} ({n})", i18n.pr().chargers)}</summary>
                <ul class="price-chargers">{chargers}</ul>
            </details>
        </article>
    }
}

#[component]
pub fn SitePricePage() -> impl IntoView {
    let params = use_params_map();
    let scope = move || PriceScope::Site(params.with(|p| p.get("id").unwrap_or_default()));
    view! { {move || { let scope = scope(); view! { <PricePage scope=scope /> } }} }
}

#[component]
pub fn ChargerPricePage() -> impl IntoView {
    let params = use_params_map();
    let scope = move || PriceScope::Charger(params.with(|p| p.get("id").unwrap_or_default()));
    view! { {move || { let scope = scope(); view! { <PricePage scope=scope /> } }} }
}

#[component]
fn PricePage(scope: PriceScope) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.pr().change_price));
    let scope = StoredValue::new(scope);
    view! {
        {move || {
            let face = face();
            view! {
                <SignedInOnly face=face>
                    <PriceEditor scope=scope.get_value() />
                </SignedInOnly>
            }
        }}
    }
}

#[component]
fn PriceEditor(scope: PriceScope) -> impl IntoView {
    let i18n = use_i18n();
    let fetch_scope = scope.clone();
    let book = LocalResource::new(move || api::price_book(fetch_scope.clone()));
    let saved: RwSignal<Option<String>> = RwSignal::new(None);
    let stale = RwSignal::new(false);
    let scope = StoredValue::new(scope);
    let body = move || {
        Suspend::new(async move {
            match book.await {
                Ok(book_now) => {
                    let reload = Callback::new(move |_| book.refetch());
                    view! { <PriceEditForm book=book_now scope=scope.get_value() saved=saved stale=stale reload=reload /> }.into_any()
                }
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| book.refetch()) /> }.into_any()
                }
            }
        })
    };
    view! {
        <div class="stack wide" data-testid="price-editor">
            <p><a href="/owner/prices" data-testid="back-to-prices">{move || format!("← {}", i18n.pr().back_to_prices)}</a></p>
            {move || saved.get().map(|text| view! { <SuccessNotice text=text testid="price-saved" /> })}
            {move || stale.get().then(|| view! { <p class="notice notice-warn" role="status">{move || i18n.pr().changed_meanwhile}</p> })}
            <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.pr().loading}</p> }>{body}</Transition>
        </div>
    }
}

/// The starting form when the current price does not fit it.
fn blank_form() -> PriceForm {
    PriceForm {
        vat_percent: "25".into(),
        ..Default::default()
    }
}

#[component]
fn PriceEditForm(
    book: PriceBook,
    scope: PriceScope,
    saved: RwSignal<Option<String>>,
    stale: RwSignal<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let tz = zone(&book.time_zone);
    let fits = book.current_form.is_some();
    let form = RwSignal::new(book.current_form.clone().unwrap_or_else(blank_form));
    let later = RwSignal::new(false);
    let effective_local = RwSignal::new(String::new());
    let server_problems: RwSignal<Vec<FieldProblem>> = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    let failed: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let tried = RwSignal::new(false);
    let meta = TariffMeta {
        id: "preview".into(),
        currency: book.currency.clone(),
        country_code: book.current.tariff.country_code.clone(),
        party_id: book.current.tariff.party_id.clone(),
        last_updated: None,
    };
    // Core's check of the whole form (and the moment), on every change.
    let checked: Memo<Result<CheckedPrice, Vec<FieldProblem>>> = Memo::new(move |_| {
        let local = later.get().then(|| effective_local.get());
        form.with(|f| check_price_change(f, local.as_deref(), &meta, tz, platform::now()))
    });
    let current = StoredValue::new(book.current.clone());
    let currency = StoredValue::new(book.currency.clone());
    let preview_lines: Memo<Option<Vec<PreviewLine>>> = Memo::new(move |_| {
        checked.with(|c| {
            c.as_ref().ok().and_then(|c| {
                current.with_value(|cur| preview(Some(&cur.tariff), &c.tariff, tz, c.effective_from).ok())
            })
        })
    });
    // The problem of one field: core's now, else what the server said of the last try.
    let problem = move |field: String| {
        Signal::derive(move || {
            let lang = i18n.lang();
            let pick = |p: &FieldProblem| match lang {
                Lang::En => p.message.clone(),
                Lang::Nb => p.message_nb.clone(),
            };
            checked
                .with(|c| {
                    c.as_ref()
                        .err()
                        .and_then(|ps| ps.iter().find(|p| p.field == field).map(pick))
                })
                .or_else(|| server_problems.with(|ps| ps.iter().find(|p| p.field == field).map(pick)))
        })
    };
    let edit = move |change: Box<dyn FnOnce(&mut PriceForm)>| {
        server_problems.set(Vec::new());
        saved.set(None);
        form.update(|f| change(f));
    };
    let scope = StoredValue::new(scope);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if checked.with(|c| c.is_err()) || busy.get_untracked() {
            return;
        }
        busy.set(true);
        failed.set(None);
        let body = SetPriceRequest {
            form: form.get_untracked(),
            effective_from: later.get_untracked().then(|| effective_local.get_untracked()),
        };
        let scope = scope.get_value();
        leptos::task::spawn_local(async move {
            match api::set_price(scope, body).await {
                Ok(version) => {
                    let from = version.effective_from.map(|at| site_time(at, tz)).unwrap_or_default();
                    saved.set(Some(i18n.lang().price_saved(&from)));
                    stale.set(false);
                    reload.run(());
                }
                Err(ApiError::Problem(p)) if p.code == ErrorCode::InvalidPrice => {
                    let _ = server_problems.try_set(p.field_problems);
                }
                Err(ApiError::Problem(p)) if p.code == ErrorCode::PriceChanged => {
                    stale.set(true);
                    reload.run(());
                }
                Err(error) => {
                    let _ = failed.try_set(Some(error));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let text = |get: fn(&PriceForm) -> &String| move || form.with(|f| get(f).clone());
    let money_field = move |field: &'static str,
                            label: fn(Lang) -> &'static str,
                            unit: fn(Lang) -> &'static str,
                            get: fn(&PriceForm) -> &String,
                            set: fn(&mut PriceForm, String)| {
        view! {
            <FormField
                field=field.to_string()
                label=Signal::derive(move || label(i18n.lang()))
                unit=Signal::derive(move || format!("{} {}", currency_symbol(&currency.get_value()), unit(i18n.lang())).trim().to_string())
                value=Signal::derive(text(get))
                on_input=Callback::new(move |v: String| edit(Box::new(move |f| set(f, v))))
                error=problem(field.to_string())
            />
        }
    };
    let plain_field = move |field: &'static str,
                            label: fn(Lang) -> &'static str,
                            hint: fn(Lang) -> &'static str,
                            get: fn(&PriceForm) -> &String,
                            set: fn(&mut PriceForm, String)| {
        view! {
            <FormField
                field=field.to_string()
                label=Signal::derive(move || label(i18n.lang()))
                hint=Signal::derive(move || hint(i18n.lang()))
                value=Signal::derive(text(get))
                on_input=Callback::new(move |v: String| edit(Box::new(move |f| set(f, v))))
                error=problem(field.to_string())
                inputmode="numeric"
            />
        }
    };
    let window_count = Memo::new(move |_| form.with(|f| f.windows.len()));
    let windows = move || {
        (0..window_count.get())
            .map(|i| view! { <WindowFields index=i form=form edit=Callback::new(move |change: WindowEdit| edit(Box::new(move |f| change.apply(f)))) problem=problem currency=currency.get_value() /> })
            .collect_view()
    };
    let words = move || {
        checked.with(|c| match c {
            Ok(c) => Some(describe(&c.tariff, words_lang(i18n.lang()))),
            Err(_) => None,
        })
    };
    let money = move |p: Price| format::money(p.incl_vat, &currency.get_value(), i18n.lang());
    let preview_table = move || match preview_lines.get() {
        Some(lines) => {
            let rows = lines
                .into_iter()
                .map(|line| {
                    let change = line.current.map(|c| line.new.incl_vat - c.incl_vat);
                    let session = line.session;
                    let cur = line.current;
                    view! {
                        <tr data-testid="preview-line" data-session=serde_json::to_value(session).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()>
                            <td class="wrap" data-label=move || i18n.pr().typical_session>{move || i18n.lang().typical_session(session)}</td>
                            <td class="num" data-label=move || i18n.pr().with_current data-testid="preview-current">{move || cur.map(money).unwrap_or_default()}</td>
                            <td class="num" data-label=move || i18n.pr().with_new data-testid="preview-new"><strong>{move || money(line.new)}</strong></td>
                            <td class="num" data-label=move || i18n.pr().difference>{move || change.map(|d| {
                                let s = format::money(d.abs(), &currency.get_value(), i18n.lang());
                                if d.is_sign_negative() && !d.is_zero() { format!("−{s}") } else if d.is_zero() { s } else { format!("+{s}") }
                            }).unwrap_or_default()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap">
                    <table class="lines data-table" data-testid="price-preview">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.pr().typical_session}</th>
                                <th scope="col" class="num">{move || i18n.pr().with_current}</th>
                                <th scope="col" class="num">{move || i18n.pr().with_new}</th>
                                <th scope="col" class="num">{move || i18n.pr().difference}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
        None => view! { <p class="fine" data-testid="preview-waiting">{move || i18n.pr().fix_problems}</p> }.into_any(),
    };
    let history = book
        .history
        .iter()
        .map(|v| {
            let v = v.clone();
            let from = v.effective_from.map(|at| site_time(at, tz));
            let by = v.set_by.clone();
            let status = v.status;
            let version = v.version;
            view! {
                <tr data-testid="history-version" data-version=version.to_string() data-status=serde_json::to_value(status).ok().and_then(|s| s.as_str().map(str::to_owned)).unwrap_or_default()>
                    <td class="num" data-label=move || i18n.pr().version>{version}</td>
                    <td class="nowrap" data-label=move || i18n.pr().from>{move || from.clone().unwrap_or_else(|| i18n.pr().as_set_up.to_string())}</td>
                    <td class="wrap" data-label=move || i18n.pr().set_by>{move || by.clone().unwrap_or_else(|| i18n.pr().operator.to_string())}</td>
                    <td data-label=move || i18n.pr().status>{move || i18n.lang().version_status(status)}</td>
                    <td class="wrap" data-label=move || i18n.pr().price>{move || version_words(&v, i18n.lang())}</td>
                </tr>
            }
        })
        .collect_view();
    let title = match &book.charger_id {
        Some(charger) => format!("{} · {charger}", book.site_name),
        None => book.site_name.clone(),
    };
    let current_words = StoredValue::new(book.current.clone());
    view! {
        <section class="panel panel-wide" aria-labelledby="price-title">
            <h1 id="price-title" data-testid="price-title">{title}</h1>
            <p class="fine">{move || i18n.pr().current_price}</p>
            <p class="price-words" data-testid="current-price-text">{move || current_words.with_value(|v| version_words(v, i18n.lang()))}</p>
            {(!fits).then(|| view! { <p class="notice notice-warn">{move || i18n.pr().cannot_show_form}</p> })}
        </section>
        <form class="panel panel-wide price-form" on:submit=on_submit novalidate data-testid="price-form">
            <h2>{move || i18n.pr().new_price}</h2>
            <p class="fine">{move || i18n.pr().excl_vat_note}</p>
            <div class="price-grid">
                {plain_field("vat_percent", |l| l.pr().vat_percent, |_| "", |f| &f.vat_percent, |f, v| f.vat_percent = v)}
                {money_field("energy_price", |l| l.pr().energy_price, |l| l.pr().per_kwh, |f| &f.energy_price, |f, v| f.energy_price = v)}
                {money_field("minute_price", |l| l.pr().minute_price, |l| l.pr().per_minute, |f| &f.minute_price, |f, v| f.minute_price = v)}
                {plain_field("minute_grace_minutes", |l| l.pr().grace_minutes, |l| l.pr().grace_hint, |f| &f.minute_grace_minutes, |f, v| f.minute_grace_minutes = v)}
                {money_field("session_fee", |l| l.pr().session_fee, |_| "", |f| &f.session_fee, |f, v| f.session_fee = v)}
                {money_field("idle_price", |l| l.pr().idle_price, |l| l.pr().per_minute, |f| &f.idle_price, |f, v| f.idle_price = v)}
                {plain_field("idle_after_minutes", |l| l.pr().idle_after, |l| l.pr().idle_hint, |f| &f.idle_after_minutes, |f, v| f.idle_after_minutes = v)}
            </div>
            <fieldset class="price-windows">
                <legend>{move || i18n.pr().windows}</legend>
                <p class="fine">{move || i18n.pr().windows_intro}</p>
                {windows}
                <button type="button" class="button" data-testid="add-window"
                    on:click=move |_| edit(Box::new(|f| f.windows.push(PriceWindow::default())))>
                    {move || format!("+ {}", i18n.pr().add_window)}
                </button>
            </fieldset>
            <fieldset class="price-effective">
                <legend>{move || i18n.pr().effective}</legend>
                <div class="chip-group" role="radiogroup">
                    <label class="chip-toggle chip"><input type="radio" name="effective" data-testid="effective-now"
                        prop:checked=move || !later.get() on:change=move |_| later.set(false) />{move || i18n.pr().effective_now}</label>
                    <label class="chip-toggle chip"><input type="radio" name="effective" data-testid="effective-later"
                        prop:checked=move || later.get() on:change=move |_| later.set(true) />{move || i18n.pr().effective_later}</label>
                </div>
                {move || later.get().then(|| view! {
                    <FormField
                        field="effective_from".to_string()
                        label=Signal::derive(move || i18n.pr().effective)
                        hint=Signal::derive(move || i18n.pr().effective_hint)
                        value=Signal::derive(move || effective_local.get())
                        on_input=Callback::new(move |v: String| { server_problems.set(Vec::new()); effective_local.set(v) })
                        error=problem("effective_from".to_string())
                        kind="datetime-local"
                    />
                })}
                {move || (!later.get()).then(|| problem("effective_from".to_string()).get().map(|e| view! {
                    <p class="field-error" data-testid="error-effective_from">{e}</p>
                }))}
            </fieldset>
            <section class="price-outcome" aria-live="polite">
                <h3>{move || i18n.pr().in_words}</h3>
                <p class="price-words" data-testid="new-price-text">{words}</p>
                <h3>{move || i18n.pr().preview}</h3>
                <p class="fine">{move || i18n.pr().preview_intro}</p>
                {preview_table}
            </section>
            {move || (tried.get() && checked.with(|c| c.is_err())).then(|| view! {
                <p class="field-error" role="alert" data-testid="fix-problems">{move || i18n.pr().not_saved}</p>
            })}
            {move || failed.get().map(|error| view! { <ErrorNotice error=error /> })}
            <button type="submit" class="button button-primary" data-testid="save-price" disabled=move || busy.get()>
                {move || if busy.get() { i18n.pr().saving } else { i18n.pr().save }}
            </button>
        </form>
        <section class="panel panel-wide" aria-labelledby="history-title">
            <h2 id="history-title">{move || i18n.pr().history}</h2>
            <div class="table-wrap">
                <table class="lines data-table" data-testid="price-history">
                    <thead>
                        <tr>
                            <th scope="col" class="num">{move || i18n.pr().version}</th>
                            <th scope="col">{move || i18n.pr().from}</th>
                            <th scope="col">{move || i18n.pr().set_by}</th>
                            <th scope="col">{move || i18n.pr().status}</th>
                            <th scope="col">{move || i18n.pr().price}</th>
                        </tr>
                    </thead>
                    <tbody>{history}</tbody>
                </table>
            </div>
        </section>
    }
}

/// One input of the form, its label, unit, hint and core's problem beside it.
#[component]
fn FormField(
    field: String,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(optional, into)] unit: Option<Signal<String>>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
    #[prop(default = "decimal")] inputmode: &'static str,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let id = format!("price-{}", field_id(&field));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = format!("{error_id} {hint_id}");
    let testid = field_id(&field);
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{move || label.get()}</label>
            <div class="field-with-unit">
                <input
                    id=id.clone()
                    name=field
                    type=kind
                    inputmode=inputmode
                    autocomplete="off"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=described
                    data-testid=format!("field-{testid}")
                    prop:value=move || value.get()
                    on:input=move |ev| on_input.run(event_target_value(&ev))
                />
                {unit.map(|unit| view! { <span class="field-unit">{move || unit.get()}</span> })}
            </div>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            <p class="field-error" id=error_id data-testid=format!("error-{testid}") hidden=move || error.with(Option::is_none)>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// A change to one window of the form.
#[derive(Clone)]
struct WindowEdit {
    index: usize,
    change: WindowChange,
}

#[derive(Clone)]
enum WindowChange {
    Day(DayOfWeek, bool),
    Start(String),
    End(String),
    NextDay(bool),
    Price(String),
    Remove,
}

impl WindowEdit {
    fn apply(self, form: &mut PriceForm) {
        if let WindowChange::Remove = self.change {
            if self.index < form.windows.len() {
                form.windows.remove(self.index);
            }
            return;
        }
        let Some(w) = form.windows.get_mut(self.index) else {
            return;
        };
        match self.change {
            WindowChange::Day(day, on) => {
                w.days.retain(|d| *d != day);
                if on {
                    w.days.push(day);
                    w.days.sort_by_key(|d| WEEK.iter().position(|x| x == d));
                }
            }
            WindowChange::Start(v) => w.start = v,
            WindowChange::End(v) => w.end = v,
            WindowChange::NextDay(v) => w.ends_next_day = v,
            WindowChange::Price(v) => w.energy_price = v,
            WindowChange::Remove => {}
        }
    }
}

#[component]
fn WindowFields(
    index: usize,
    form: RwSignal<PriceForm>,
    edit: Callback<WindowEdit>,
    problem: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
    currency: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let get = move |f: fn(&PriceWindow) -> String| {
        Signal::derive(move || form.with(|form| form.windows.get(index).map(f).unwrap_or_default()))
    };
    let send = move |change: WindowChange| edit.run(WindowEdit { index, change });
    let base = format!("windows[{index}]");
    let days = WEEK
        .iter()
        .map(|&day| {
            let on = Signal::derive(move || form.with(|f| f.windows.get(index).is_some_and(|w| w.days.contains(&day))));
            view! {
                <label class="chip-toggle chip day-chip">
                    <input type="checkbox" data-testid=format!("window-{index}-day-{}", i18n.lang().day_short(day))
                        prop:checked=move || on.get()
                        on:change=move |ev| send(WindowChange::Day(day, event_target_checked(&ev))) />
                    {move || i18n.lang().day_short(day)}
                </label>
            }
        })
        .collect_view();
    let window_error = problem(base.clone());
    let days_error = problem(format!("{base}.days"));
    let next_day = Signal::derive(move || form.with(|f| f.windows.get(index).is_some_and(|w| w.ends_next_day)));
    view! {
        <div class="price-window" data-testid=format!("window-{index}") class:field-invalid=move || window_error.with(Option::is_some)>
            <p class="field-error" data-testid=format!("error-windows-{index}") hidden=move || window_error.with(Option::is_none)>
                {move || window_error.get().unwrap_or_default()}
            </p>
            <div class="field">
                <span class="field-label">{move || i18n.pr().days}</span>
                <div class="chip-group day-chips">{days}</div>
                <p class="field-hint">{move || i18n.pr().every_day_hint}</p>
                <p class="field-error" data-testid=format!("error-windows-{index}-days") hidden=move || days_error.with(Option::is_none)>
                    {move || days_error.get().unwrap_or_default()}
                </p>
            </div>
            <div class="price-hours">
                <FormField field=format!("{base}.start") label=Signal::derive(move || i18n.pr().from_time)
                    value=get(|w| w.start.clone()) on_input=Callback::new(move |v| send(WindowChange::Start(v)))
                    error=problem(format!("{base}.start")) inputmode="numeric" />
                <FormField field=format!("{base}.end") label=Signal::derive(move || i18n.pr().to_time)
                    value=get(|w| w.end.clone()) on_input=Callback::new(move |v| send(WindowChange::End(v)))
                    error=problem(format!("{base}.end")) inputmode="numeric" />
            </div>
            <p class="field-hint">{move || i18n.pr().hours_hint}</p>
            <label class="check">
                <input type="checkbox" data-testid=format!("window-{index}-next-day")
                    prop:checked=move || next_day.get()
                    on:change=move |ev| send(WindowChange::NextDay(event_target_checked(&ev))) />
                {move || i18n.pr().ends_next_day}
            </label>
            <FormField field=format!("{base}.energy_price") label=Signal::derive(move || i18n.pr().window_price)
                unit=Signal::derive(move || format!("{} {}", currency_symbol(&currency), i18n.pr().per_kwh))
                value=get(|w| w.energy_price.clone()) on_input=Callback::new(move |v| send(WindowChange::Price(v)))
                error=problem(format!("{base}.energy_price")) />
            <button type="button" class="button button-small" data-testid=format!("remove-window-{index}")
                on:click=move |_| send(WindowChange::Remove)>{move || i18n.pr().remove_window}</button>
        </div>
    }
}
