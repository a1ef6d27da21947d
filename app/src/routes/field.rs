//! The technician's screens (issue 18, staff build): `/field` — the day's work orders and the
//! coming days', each with the site's address and directions, the case, 2nd line's
//! proposal, the charger now and its errors, and the site's service card;
//! `/field/orders/:id` — one order on site: check in, the work with parts and photos,
//! verifying operation (online: the charger answers through the server), the customer's
//! sign-off drawn on the screen, check out. Each step is core's (`WorkOrder::apply`) made
//! on the phone and kept in IndexedDB, so all of it works without a connection; what the
//! server must get goes through the outbox, shown on both screens.
//!
//! **Directions:** a `https://www.google.com/maps/dir/?api=1&destination=lat,lon` link —
//! it opens the maps app on Android and iOS and the web map on a desktop, where `geo:` opens
//! nothing on iOS Safari or a desktop browser.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use ladeklar_api::{VerificationRun, VerifyRequest, WorkOrderView};
use ladeklar_core::accounts::face::Face;
use ladeklar_core::field::visit_report::{PartUsed, ReportProblem, SignOff, WorkDone};
use ladeklar_core::field::work_order::{WorkOrderEvent, WorkOrderRefused, WorkOrderState};
use ladeklar_core::session::ConnectorStatus;
use ladeklar_core::support::case::Verification;
use ladeklar_core::support::photo;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::auth::{use_auth, SignInState};
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::components::signature::SignaturePad;
use crate::field::outbox::{use_outbox, Item, ItemState, Kind};
use crate::field::visit::{parts_list, LocalPhoto, Visit};
use crate::i18n::{use_i18n, Lang};
use crate::platform;

/// The technician's screens: signed in with the technician's face, or — the server out of
/// reach — what this phone keeps (the server checks the sign-in when the outbox sends).
#[component]
fn ForTechnician(children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let children = StoredValue::new(children);
    let offline = Memo::new(move |_| matches!(auth.state(), SignInState::Unreachable(ApiError::Network(_))));
    move || match offline.get() {
        true => children.with_value(|c| c()).into_any(),
        false => view! { <SignedInOnly face=Face::Technician>{children.with_value(|c| c())}</SignedInOnly> }.into_any(),
    }
}

/// Directions to a point, for the phone's maps app or the web map.
pub fn directions_href(lat: f64, lon: f64) -> String {
    format!("https://www.google.com/maps/dir/?api=1&destination={lat:.6},{lon:.6}")
}

fn time_of_day(at: DateTime<Utc>, lang: Lang) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    for (key, value) in [("hour", "2-digit"), ("minute", "2-digit")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    String::from(date.to_locale_time_string_with_options(lang.date_locale(), &options))
}

/// The device's local date as a sortable key and its words ("Monday 7 December").
fn local_day(at: DateTime<Utc>, lang: Lang) -> (String, String) {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64));
    let key = format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    );
    let options = js_sys::Object::new();
    for (k, v) in [("weekday", "long"), ("day", "numeric"), ("month", "long")] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    (
        key,
        String::from(date.to_locale_date_string(lang.date_locale(), &options)),
    )
}

fn connector_words(status: &str, lang: Lang) -> String {
    serde_json::from_value::<ConnectorStatus>(serde_json::Value::String(status.to_owned()))
        .map(|s| lang.connector_status(s).to_owned())
        .unwrap_or_else(|_| status.to_owned())
}

/// Reads the work orders: from the server (each kept on the phone as it is seen), or, out
/// of reach, as this phone keeps them.
async fn read_orders() -> (Result<Vec<Visit>, ApiError>, bool) {
    match api::work_orders().await {
        Ok(list) => {
            let mut visits = Vec::new();
            for view in list.work_orders {
                let visit = match Visit::load(&view.id).await.ok().flatten() {
                    Some(kept) => Some(kept.seen(view)),
                    None => Visit::from_view(view),
                };
                if let Some(visit) = visit {
                    let _ = visit.save().await;
                    visits.push(visit);
                }
            }
            (Ok(visits), false)
        }
        Err(ApiError::Network(e)) => match Visit::all().await {
            Ok(mut kept) => {
                let today = local_day(platform::now(), Lang::En).0;
                kept.retain(|v| local_day(v.view.ends_at, Lang::En).0 >= today);
                kept.sort_by_key(|v| v.view.starts_at);
                (Ok(kept), true)
            }
            Err(_) => (Err(ApiError::Network(e)), false),
        },
        Err(e) => (Err(e), false),
    }
}

#[component]
pub fn FieldDayPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.fv().my_day));
    view! { <ForTechnician><DayList /></ForTechnician> }
}

#[component]
fn DayList() -> impl IntoView {
    let i18n = use_i18n();
    let data = LocalResource::new(read_orders);
    let body = move || {
        let lang = i18n.lang();
        let Some((orders, from_phone)) = data.get() else {
            return view! { <p class="loading" role="status">{move || i18n.fv().loading}</p> }.into_any();
        };
        let visits = match orders {
            Ok(v) => v,
            Err(error) => {
                return view! { <ErrorNotice error=error retry=Callback::new(move |_| data.refetch()) /> }.into_any()
            }
        };
        let note = from_phone.then(|| view! { <p class="notice" role="status" data-testid="from-phone">{move || i18n.fv().shown_from_phone}</p> });
        if visits.is_empty() {
            return view! { {note}<p class="empty" data-testid="no-orders">{move || i18n.fv().no_orders}</p> }
                .into_any();
        }
        let today = local_day(platform::now(), lang).0;
        let mut days: BTreeMap<String, (String, Vec<Visit>)> = BTreeMap::new();
        for visit in visits {
            let (key, words) = local_day(visit.view.starts_at, lang);
            days.entry(key).or_insert_with(|| (words, Vec::new())).1.push(visit);
        }
        let days = days
            .into_iter()
            .map(|(key, (words, visits))| {
                let heading = if key == today {
                    format!("{} · {words}", i18n.fv().today)
                } else {
                    words
                };
                let cards = visits
                    .into_iter()
                    .map(|v| view! { <OrderCard visit=v /> })
                    .collect_view();
                view! {
                    <section class="field-day" data-testid="field-day" data-day=key>
                        <h2>{heading}</h2>
                        <ul class="field-orders">{cards}</ul>
                    </section>
                }
            })
            .collect_view();
        view! { {note}{days} }.into_any()
    };
    view! {
        <section class="panel field-page" data-testid="field-day-page">
            <h1>{move || i18n.fv().my_day}</h1>
            <p class="muted">{move || i18n.fv().my_day_intro}</p>
            {body}
        </section>
        <OutboxPanel />
    }
}

/// What every order shows: the site and the way there, the case, the proposal, the charger.
#[component]
fn OrderFacts(view: WorkOrderView, #[prop(optional)] heading: bool) -> impl IntoView {
    let i18n = use_i18n();
    let v = view;
    let lang = move || i18n.lang();
    let slot = {
        let (a, b) = (v.starts_at, v.ends_at);
        move || format!("{}–{}", time_of_day(a, lang()), time_of_day(b, lang()))
    };
    let directions = directions_href(v.site.lat, v.site.lon);
    let card = format!("/sites/{}/service-card", v.site.id);
    let proposal = v.action_proposal.as_ref().map(|p| {
        let summary = p["summary"].as_str().unwrap_or_default().to_owned();
        let parts = p["parts"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| format!("{} × {}", p["quantity"], p["part"].as_str().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let minutes = p["estimated_on_site_minutes"].as_i64();
        view! {
            <p data-testid="order-proposal"><strong>{move || i18n.fv().proposal}": "</strong>{summary}
                {(!parts.is_empty()).then(|| format!(" ({parts})"))}
                {minutes.map(|m| format!(" · {m} min"))}
            </p>
        }
    });
    let connectors = v
        .connectors
        .iter()
        .map(|c| {
            let (status, error) = (c.status.clone(), c.error_code.clone().filter(|e| e != "NoError"));
            let id = c.connector_id;
            let has_error = error.is_some();
            view! {
                <li data-testid="order-connector" class:connector-error=has_error>
                    {move || format!("{id}: {}", connector_words(&status, lang()))}
                    {error.map(|e| view! { <span class="field-error-inline">{move || format!(" · {} {e}", i18n.fv().errors_now)}</span> })}
                </li>
            }
        })
        .collect_view();
    let faults = v
        .recent_faults
        .iter()
        .map(|f| {
            let (id, at, status) = (f.connector_id, f.at, f.status.clone());
            view! {
                <li data-testid="order-fault" class="connector-error">
                    {move || format!("{} · {id}: {}", platform::local_date_time(at, lang()), connector_words(&status, lang()))}
                </li>
            }
        })
        .collect_view();
    let no_errors = v.recent_faults.is_empty()
        && v.connectors
            .iter()
            .all(|c| c.error_code.as_deref().is_none_or(|e| e == "NoError"));
    let has_faults = !v.recent_faults.is_empty();
    let expected = (!v.expected_parts.is_empty()).then(|| {
        let parts = v
            .expected_parts
            .iter()
            .map(|p| format!("{} × {}", p.quantity, p.part))
            .collect::<Vec<_>>()
            .join(", ");
        view! { <p><strong>{move || i18n.fv().expected_parts}": "</strong>{parts}</p> }
    });
    let title = format!("{} · {}", v.site.name, v.charger_id.clone().unwrap_or_default());
    view! {
        <div class="order-facts">
            {heading.then(|| view! { <h1 data-testid="order-title">{title.clone()}</h1> })}
            <p class="order-slot"><strong>{slot}</strong></p>
            <p class="order-address" data-testid="order-address">{format!("{}, {}", v.site.address, v.site.city)}</p>
            <p class="actions">
                <a class="button" href=directions target="_blank" rel="noopener" data-testid="order-directions">{move || i18n.fv().directions}</a>
                <a class="button" href=card data-testid="order-service-card">{move || i18n.fv().service_card}</a>
            </p>
            <p data-testid="order-case"><strong>{move || format!("{} #{}: ", i18n.fv().case, v.case_number)}</strong>{v.case_description.clone()}</p>
            {proposal}
            <div class="order-charger">
                <strong>{move || format!("{} ({})", i18n.fv().charger_now, v.charger_id.clone().unwrap_or_default())}</strong>
                <ul class="plain-list">{connectors}</ul>
                {has_faults.then(|| view! { <p class="field-label">{move || i18n.fv().recent_errors}</p> })}
                <ul class="plain-list">{faults}</ul>
                {no_errors.then(|| view! { <p class="muted">{move || i18n.fv().no_errors}</p> })}
            </div>
            {expected}
            <p><strong>{move || i18n.fv().agreement}": "</strong>{v.customer_agreement.clone()}</p>
        </div>
    }
}

#[component]
fn OrderCard(visit: Visit) -> impl IntoView {
    let i18n = use_i18n();
    let state = visit.state();
    let href = format!("/field/orders/{}", visit.id());
    let site = visit.view.site.name.clone();
    view! {
        <li class="card field-order" data-testid="order-card" data-order=visit.id().to_owned() data-state=format!("{state:?}")>
            <div class="card-head">
                <h3 class="card-title">{site}</h3>
                <span class="chip-state">{move || i18n.lang().order_state(state)}</span>
            </div>
            <OrderFacts view=visit.view.clone() />
            <p class="actions"><a class="button button-primary" href=href data-testid="order-open">{move || i18n.fv().open_order}</a></p>
        </li>
    }
}

/// Where a refusal is shown: next to what caused it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Spot {
    CheckIn,
    Summary,
    Part(usize),
    Photos,
    RecordWork,
    Verify,
    Name,
    Signature,
    SignOff,
    CheckOut,
}

/// Where core's refusal of the step made at `step` belongs.
fn spot_of(refused: &WorkOrderRefused, step: Spot) -> Spot {
    match refused {
        WorkOrderRefused::Report(p) => match p {
            ReportProblem::NoSummary => Spot::Summary,
            ReportProblem::UnknownPart { index, .. }
            | ReportProblem::Quantity { index, .. }
            | ReportProblem::PartTwice { index, .. } => Spot::Part(*index),
            ReportProblem::UnknownPhoto { .. } => Spot::Photos,
            ReportProblem::NoVerificationMethod => Spot::Verify,
            ReportProblem::SignerNameMissing | ReportProblem::ConfirmationWithoutAccount => Spot::Name,
            ReportProblem::SignatureMissing
            | ReportProblem::SignatureNotPng
            | ReportProblem::SignatureUnreadable
            | ReportProblem::SignatureTooLarge { .. } => Spot::Signature,
        },
        _ => step,
    }
}

/// What went wrong, in words, at a spot.
#[derive(Debug, Clone)]
enum Trouble {
    Refused(WorkOrderRefused),
    Api(ApiError),
    Words(fn(Lang) -> &'static str),
}

#[component]
pub fn WorkOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.fv().my_day));
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    view! { <ForTechnician><OnSite id=id.clone() /></ForTechnician> }
}

/// The order as this phone keeps it, else as the server lists it.
async fn open_visit(id: String) -> Option<Visit> {
    let kept = Visit::load(&id).await.ok().flatten();
    if let Ok(list) = api::work_orders().await {
        if let Some(view) = list.work_orders.into_iter().find(|v| v.id == id) {
            let visit = match kept {
                Some(k) => k.seen(view),
                None => Visit::from_view(view)?,
            };
            let _ = visit.save().await;
            return Some(visit);
        }
    }
    kept
}

#[component]
fn OnSite(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = LocalResource::new(move || open_visit(id.clone()));
    move || match loaded.get() {
        None => view! { <p class="loading" role="status">{move || i18n.fv().loading}</p> }.into_any(),
        Some(None) => view! {
            <section class="panel" data-testid="order-missing">
                <p>{move || i18n.fv().order_not_here}</p>
                <p><a class="button" href="/field">{move || i18n.fv().back_to_day}</a></p>
            </section>
        }
        .into_any(),
        Some(Some(visit)) => view! { <OnSiteForm visit=visit /> }.into_any(),
    }
}

#[component]
fn OnSiteForm(visit: Visit) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let facts = visit.view.clone();
    let visit = RwSignal::new(visit);
    let trouble: RwSignal<Option<(Spot, Trouble)>> = RwSignal::new(None);
    let signature = RwSignal::new(String::new());
    let test_charge = RwSignal::new(true);
    let verifying = RwSignal::new(false);
    let new_part = RwSignal::new(parts_list().parts.first().map(|p| p.part.clone()).unwrap_or_default());
    let state = Memo::new(move |_| visit.with(|v| v.state()));
    let site_name = StoredValue::new(facts.site.name.clone());

    let at = move |spot: Spot| {
        move || {
            trouble.with(|t| match t {
                Some((s, why)) if *s == spot => Some(match why {
                    Trouble::Refused(r) => i18n.lang().order_refused(r),
                    Trouble::Api(e) => i18n.lang().error(e).to_owned(),
                    Trouble::Words(w) => w(i18n.lang()).to_owned(),
                }),
                _ => None,
            })
        }
    };
    let error_at = move |spot: Spot, testid: &'static str| {
        let words = at(spot);
        view! { <p class="field-error" role="alert" data-testid=testid hidden=move || words().is_none()>{move || at_words(words())}</p> }
    };

    // Makes a step by core's rules and keeps the visit; Ok once kept.
    let step = move |event: WorkOrderEvent, spot: Spot| -> bool {
        let mut next = visit.get_untracked();
        match next.step(event) {
            Ok(_) => {
                trouble.set(None);
                visit.set(next.clone());
                spawn_local(async move {
                    let _ = next.save().await;
                });
                true
            }
            Err(refused) => {
                let where_ = spot_of(&refused, spot);
                trouble.set(Some((where_, Trouble::Refused(refused))));
                false
            }
        }
    };

    let check_in = move |_| {
        if step(WorkOrderEvent::CheckIn, Spot::CheckIn) {
            let item = Item::new(&visit.get_untracked().view.id, &site_name.get_value(), Kind::CheckIn);
            spawn_local(async move {
                let _ = outbox.add(item, None).await;
            });
        }
    };

    let record_work = move |_| {
        let v = visit.get_untracked();
        let work = WorkDone {
            summary: v.summary.clone(),
            parts_used: v.parts.clone(),
            photos_before: v.photos.iter().filter(|p| !p.after).map(|p| p.id.clone()).collect(),
            photos_after: v.photos.iter().filter(|p| p.after).map(|p| p.id.clone()).collect(),
        };
        step(WorkOrderEvent::RecordWork { work }, Spot::RecordWork);
    };

    let keep_form = move |change: Box<dyn FnOnce(&mut Visit)>| {
        visit.update(|v| change(v));
        let v = visit.get_untracked();
        spawn_local(async move {
            let _ = v.save().await;
        });
    };

    let add_photos = move |after: bool, ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        let site = site_name.get_value();
        for file in files {
            let count = visit.with_untracked(|v| v.photos.len());
            if photo::check_count(count).is_err() {
                trouble.set(Some((Spot::Photos, Trouble::Words(|l| l.fv().too_many_photos))));
                return;
            }
            let kind = file.type_();
            if !matches!(kind.as_str(), "image/jpeg" | "image/png" | "image/webp") {
                trouble.set(Some((Spot::Photos, Trouble::Words(|l| l.fv().photo_not_image))));
                continue;
            }
            if photo::check_size(file.size() as u64).is_err() {
                trouble.set(Some((Spot::Photos, Trouble::Words(|l| l.fv().photo_too_large))));
                continue;
            }
            trouble.set(None);
            let order_id = visit.with_untracked(|v| v.view.id.clone());
            let item = Item::new(
                &order_id,
                &site,
                Kind::Photo {
                    after,
                    name: file.name(),
                    bytes: file.size() as u64,
                    photo_id: None,
                    url: None,
                },
            );
            let local = LocalPhoto {
                id: item.id.clone(),
                after,
                name: file.name(),
            };
            spawn_local(async move {
                let blob: &web_sys::Blob = file.as_ref();
                match outbox.add(item, Some(blob)).await {
                    Ok(()) => keep_form(Box::new(move |v: &mut Visit| v.photos.push(local))),
                    Err(_) => trouble.set(Some((Spot::Photos, Trouble::Words(|l| l.fv().store_failed)))),
                }
            });
        }
    };

    let remove_photo = move |id: String| {
        spawn_local(async move {
            outbox.withdraw(&id).await;
            keep_form(Box::new(move |v: &mut Visit| v.photos.retain(|p| p.id != id)));
        });
    };

    let verify = move |_| {
        if !outbox.online() {
            trouble.set(Some((Spot::Verify, Trouble::Words(|l| l.fv().verify_needs_network))));
            return;
        }
        let v = visit.get_untracked();
        let body = VerifyRequest {
            connector_id: v.view.connector_id,
            test_charge: test_charge.get_untracked(),
        };
        verifying.set(true);
        trouble.set(None);
        spawn_local(async move {
            match api::verify_operation(&v.view.id, &body).await {
                Ok(run) => {
                    keep_form(Box::new({
                        let run = run.clone();
                        move |v: &mut Visit| v.last_run = Some(run)
                    }));
                    if let Ok(verification) = serde_json::from_value::<Verification>(run.verification.clone()) {
                        step(WorkOrderEvent::Verify { verification }, Spot::Verify);
                    }
                }
                Err(ApiError::Network(_)) => {
                    trouble.set(Some((Spot::Verify, Trouble::Words(|l| l.fv().verify_needs_network))))
                }
                Err(e) => trouble.set(Some((Spot::Verify, Trouble::Api(e)))),
            }
            verifying.set(false);
        });
    };

    let sign_off = move |_| {
        let name = visit.with_untracked(|v| v.signer.clone());
        let sign_off = SignOff::Signature {
            name,
            signature: signature.get_untracked(),
        };
        step(WorkOrderEvent::SignOff { sign_off }, Spot::SignOff);
    };

    let check_out = move |_| {
        if !step(WorkOrderEvent::CheckOut, Spot::CheckOut) {
            return;
        }
        let v = visit.get_untracked();
        let Some(report) = v.report() else { return };
        let item = Item::new(&v.view.id, &site_name.get_value(), Kind::Report { report });
        let report_id = item.id.clone();
        spawn_local(async move {
            match outbox.add(item, None).await {
                Ok(()) => keep_form(Box::new(move |v: &mut Visit| v.report_id = Some(report_id))),
                Err(_) => trouble.set(Some((Spot::CheckOut, Trouble::Words(|l| l.fv().store_failed)))),
            }
        });
    };

    let lang = move || i18n.lang();
    let when = move |at: Option<DateTime<Utc>>| at.map(|t| time_of_day(t, lang()));
    let done = move |s: WorkOrderState| state.get() >= s;

    // The work form.
    let part_lines = move || {
        visit
            .with(|v| v.parts.clone())
            .into_iter()
            .enumerate()
            .map(|(index, line)| {
                let remove = move |_| {
                    keep_form(Box::new(move |v: &mut Visit| {
                        v.parts.remove(index);
                    }))
                };
                let set_quantity = move |ev: leptos::ev::Event| {
                    let q = event_target_value(&ev).trim().parse::<i64>().unwrap_or(0);
                    keep_form(Box::new(move |v: &mut Visit| {
                        if let Some(l) = v.parts.get_mut(index) {
                            l.quantity = q;
                        }
                    }));
                };
                view! {
                    <li class="part-line" data-testid="part-line">
                        <span class="part-name">{line.part.clone()}</span>
                        <label class="part-quantity">
                            <span class="visually-hidden">{move || i18n.fv().quantity}</span>
                            <input type="number" inputmode="numeric" step="1" value=line.quantity.to_string()
                                data-testid=format!("part-quantity-{index}") on:change=set_quantity
                                disabled=move || done(WorkOrderState::Verified) />
                        </label>
                        <button type="button" class="button button-small" on:click=remove
                            disabled=move || done(WorkOrderState::Verified)>{move || i18n.fv().remove}</button>
                        {error_at(Spot::Part(index), "error-part")}
                    </li>
                }
            })
            .collect_view()
    };
    let part_options = parts_list()
        .parts
        .iter()
        .map(|p| view! { <option value=p.part.clone()>{format!("{} ({})", p.part, p.unit)}</option> })
        .collect_view();
    let add_part = move |_| {
        let part = new_part.get_untracked();
        keep_form(Box::new(move |v: &mut Visit| {
            v.parts.push(PartUsed { part, quantity: 1 })
        }));
    };

    let photo_tiles =
        move |after: bool| {
            move || {
                visit
                .with(|v| v.photos.iter().filter(|p| p.after == after).cloned().collect::<Vec<_>>())
                .into_iter()
                .map(|p| {
                    let id = p.id.clone();
                    view! {
                        <li class="photo-tile" data-testid="work-photo">
                            <PhotoPreview id=p.id.clone() name=p.name.clone() />
                            <button type="button" class="button button-small" on:click=move |_| remove_photo(id.clone())
                                disabled=move || done(WorkOrderState::WorkRecorded)>{move || i18n.fv().remove}</button>
                        </li>
                    }
                })
                .collect_view()
            }
        };
    let photo_input = move |after: bool| {
        let (label, testid) = if after {
            (
                (|l: Lang| l.fv().photos_after) as fn(Lang) -> &'static str,
                "photo-after",
            )
        } else {
            (
                (|l: Lang| l.fv().photos_before) as fn(Lang) -> &'static str,
                "photo-before",
            )
        };
        view! {
            <div class="field">
                <span class="field-label">{move || label(i18n.lang())}</span>
                <ul class="photo-tiles">{photo_tiles(after)}</ul>
                <label class="button photo-pick">
                    {move || i18n.fv().add_photo}
                    <input type="file" accept="image/*" capture="environment" class="visually-hidden" data-testid=testid
                        disabled=move || done(WorkOrderState::Verified)
                        on:change=move |ev| add_photos(after, ev) />
                </label>
            </div>
        }
    };

    let run_view = move || {
        visit.with(|v| v.last_run.clone()).map(|run: VerificationRun| {
            let passed = run.verification["passed"].as_bool().unwrap_or(false);
            let evidence = run.verification["evidence"].as_str().unwrap_or_default().to_owned();
            let charge = run.test_charge.as_ref().map(|t| {
                let (a, b) = (t["meter_start_wh"].as_i64(), t["meter_stop_wh"].as_i64());
                let words = match (a, b) {
                    (Some(a), Some(b)) => format!("{} Wh", b - a),
                    _ => t["note"].as_str().unwrap_or_default().to_owned(),
                };
                view! { <p>{move || i18n.fv().test_charge_result}": "{words.clone()}</p> }
            });
            let at = run.at;
            view! {
                <div class=if passed { "notice notice-ok" } else { "notice notice-error" } data-testid="verify-result" data-passed=passed.to_string()>
                    <p class="notice-words"><strong>{move || if passed { i18n.fv().passed } else { i18n.fv().failed }}</strong>
                        {move || format!(" · {} · {}: {}", time_of_day(at, lang()), run.connector_id, connector_words(&run.status, lang()))}</p>
                    <p>{evidence}</p>
                    {charge}
                </div>
            }
        })
    };

    view! {
        <section class="panel field-page" data-testid="on-site" data-state=move || format!("{:?}", state.get())>
            <p><a href="/field" data-testid="back-to-day">{move || i18n.fv().back_to_day}</a></p>
            <OrderFacts view=facts heading=true />
            <p class="chip-state" data-testid="order-state">{move || i18n.lang().order_state(state.get())}</p>
        </section>

        <section class="panel field-step" data-testid="step-check-in">
            <h2>{move || i18n.fv().check_in}</h2>
            {move || match when(visit.with(|v| v.order.checked_in_at)) {
                Some(t) => view! { <p data-testid="checked-in">{move || i18n.fv().checked_in_at}" "{t.clone()}</p> }.into_any(),
                None => view! { <button type="button" class="button button-primary" data-testid="check-in" on:click=check_in>{move || i18n.fv().check_in}</button> }.into_any(),
            }}
            {error_at(Spot::CheckIn, "error-check-in")}
        </section>

        <section class="panel field-step" data-testid="step-work">
            <h2>{move || i18n.fv().work}</h2>
            <div class="field">
                <label for="work-summary">{move || i18n.fv().summary}</label>
                <textarea id="work-summary" rows="3" data-testid="work-summary"
                    prop:value=move || visit.with(|v| v.summary.clone())
                    disabled=move || done(WorkOrderState::Verified)
                    on:change=move |ev| { let s = event_target_value(&ev); keep_form(Box::new(move |v: &mut Visit| v.summary = s)); }></textarea>
                {error_at(Spot::Summary, "error-summary")}
            </div>
            <div class="field">
                <span class="field-label">{move || i18n.fv().parts_used}</span>
                <ul class="part-lines">{part_lines}</ul>
                <Show when=move || visit.with(|v| v.parts.is_empty())>
                    <p class="muted">{move || i18n.fv().no_parts}</p>
                </Show>
                <div class="part-add">
                    <label class="visually-hidden" for="part-pick">{move || i18n.fv().part}</label>
                    <select id="part-pick" data-testid="part-pick" on:change=move |ev| new_part.set(event_target_value(&ev))
                        disabled=move || done(WorkOrderState::Verified)>{part_options}</select>
                    <button type="button" class="button" data-testid="part-add" on:click=add_part
                        disabled=move || done(WorkOrderState::Verified)>{move || i18n.fv().add_part}</button>
                </div>
            </div>
            {photo_input(false)}
            {photo_input(true)}
            <p class="field-hint">{move || i18n.fv().photo_limits}</p>
            {error_at(Spot::Photos, "error-photos")}
            <p class="actions">
                <button type="button" class="button button-primary" data-testid="record-work" on:click=record_work
                    disabled=move || done(WorkOrderState::Verified)>{move || i18n.fv().record_work}</button>
                {move || when(visit.with(|v| v.order.work_recorded_at)).map(|t| view! { <span data-testid="work-recorded">{move || i18n.fv().work_recorded}" "{t.clone()}</span> })}
            </p>
            {error_at(Spot::RecordWork, "error-record-work")}
        </section>

        <section class="panel field-step" data-testid="step-verify">
            <h2>{move || i18n.fv().verify}</h2>
            <p class="muted">{move || i18n.fv().verify_intro}</p>
            <label class="check">
                <input type="checkbox" data-testid="verify-test-charge" prop:checked=move || test_charge.get()
                    on:change=move |ev| test_charge.set(event_target_checked(&ev)) />
                {move || i18n.fv().test_charge}
            </label>
            <p class="actions">
                <button type="button" class="button button-primary" data-testid="verify" on:click=verify
                    disabled=move || verifying.get() || done(WorkOrderState::Verified)>
                    {move || if verifying.get() { i18n.fv().verifying } else { i18n.fv().run_verify }}
                </button>
            </p>
            {error_at(Spot::Verify, "error-verify")}
            {run_view}
        </section>

        <section class="panel field-step" data-testid="step-sign-off">
            <h2>{move || i18n.fv().sign_off}</h2>
            <p class="muted">{move || i18n.fv().sign_off_intro}</p>
            {move || visit.with(|v| v.order.sign_off.clone()).map(|s| view! {
                <p data-testid="signed-off">{move || i18n.fv().signed_by}" "{s.name().to_owned()}</p>
            })}
            <div class="field">
                <label for="signer">{move || i18n.fv().customer_name}</label>
                <input id="signer" type="text" autocomplete="off" data-testid="signer"
                    prop:value=move || visit.with(|v| v.signer.clone())
                    disabled=move || done(WorkOrderState::SignedOff)
                    on:change=move |ev| { let s = event_target_value(&ev); keep_form(Box::new(move |v: &mut Visit| v.signer = s)); } />
                {error_at(Spot::Name, "error-signer")}
            </div>
            <div class="field">
                <span class="field-label">{move || i18n.fv().signature}</span>
                <SignaturePad data=signature disabled=Signal::derive(move || done(WorkOrderState::SignedOff)) />
                <p class="field-hint">{move || i18n.fv().signature_hint}</p>
                {error_at(Spot::Signature, "error-signature")}
            </div>
            <p class="actions">
                <button type="button" class="button button-primary" data-testid="sign-off" on:click=sign_off
                    disabled=move || done(WorkOrderState::SignedOff)>{move || i18n.fv().customer_signs}</button>
            </p>
            {error_at(Spot::SignOff, "error-sign-off")}
        </section>

        <section class="panel field-step" data-testid="step-check-out">
            <h2>{move || i18n.fv().check_out}</h2>
            {move || match when(visit.with(|v| v.order.checked_out_at)) {
                Some(t) => view! { <p data-testid="checked-out">{move || i18n.fv().checked_out}" "{t.clone()}</p> }.into_any(),
                None => view! { <button type="button" class="button button-primary" data-testid="check-out" on:click=check_out>{move || i18n.fv().check_out}</button> }.into_any(),
            }}
            {error_at(Spot::CheckOut, "error-check-out")}
        </section>
        <OutboxPanel />
    }
}

fn at_words(words: Option<String>) -> String {
    words.unwrap_or_default()
}

/// A photo taken here: its bytes while the phone keeps them, else its name.
#[component]
fn PhotoPreview(id: String, name: String) -> impl IntoView {
    let src = LocalResource::new({
        let id = id.clone();
        move || {
            let id = id.clone();
            async move {
                if let Some(blob) = crate::field::outbox::Outbox::photo_blob(&id).await {
                    return web_sys::Url::create_object_url_with_blob(&blob).ok();
                }
                None
            }
        }
    });
    let shown = name.clone();
    view! {
        {move || match src.get().flatten() {
            Some(s) => view! { <img class="photo-thumb" src=s alt=name.clone() /> }.into_any(),
            None => view! { <span class="photo-name">{shown.clone()}</span> }.into_any(),
        }}
    }
}

/// The outbox: what waits on this phone, what was sent, what the server kept or refused.
#[component]
pub fn OutboxPanel() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let lang = move || i18n.lang();
    let items = move || {
        let mut items = outbox.items();
        items.reverse();
        items
            .into_iter()
            .take(30)
            .map(|item| {
                let kind = match item.kind {
                    Kind::CheckIn => "check_in",
                    Kind::Photo { .. } => "photo",
                    Kind::Report { .. } => "report",
                };
                let what = |l: Lang| match &item.kind {
                    Kind::CheckIn => l.fv().item_check_in.to_owned(),
                    Kind::Photo { after, name, .. } => format!(
                        "{}: {name}",
                        if *after { l.fv().item_photo_after } else { l.fv().item_photo_before }
                    ),
                    Kind::Report { .. } => l.fv().item_report.to_owned(),
                };
                let what = what(lang());
                let (state_key, words, detail, discard) = match &item.state {
                    ItemState::Waiting => ("waiting", i18n.fv().waiting.to_owned(), None, false),
                    ItemState::Sent { at, .. } => ("sent", format!("{} {}", i18n.fv().sent, time_of_day(*at, lang())), None, false),
                    ItemState::Kept { at, why } => (
                        "kept",
                        format!("{} {}", i18n.fv().kept, time_of_day(*at, lang())),
                        Some(lang().field_kept_why(why)),
                        false,
                    ),
                    ItemState::Refused { code, detail, .. } => {
                        let words = match code {
                            Some(c) => lang().error_code(*c).to_owned(),
                            None => detail.clone(),
                        };
                        ("refused", format!("{}: {words}", i18n.fv().refused), Some(detail.clone()), true)
                    }
                };
                let id = item.id.clone();
                view! {
                    <li class=format!("outbox-item outbox-{state_key}") data-testid="outbox-item" data-state=state_key data-kind=kind>
                        <span class="outbox-what">{what}" · "{item.site.clone()}</span>
                        <span class="outbox-state">{words}</span>
                        {detail.map(|d| view! { <span class="outbox-detail">{d}</span> })}
                        {discard.then(|| view! {
                            <button type="button" class="button button-small" data-testid="outbox-discard"
                                on:click=move |_| { let id = id.clone(); spawn_local(async move { outbox.discard(&id).await }); }>
                                {move || i18n.fv().discard}
                            </button>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    let empty = move || outbox.items().is_empty();
    view! {
        <section class="panel outbox" data-testid="outbox" aria-live="polite">
            <h2>{move || i18n.fv().outbox}</h2>
            {move || outbox.store_problem().map(|_| view! { <p class="notice notice-error" role="alert">{move || i18n.fv().store_failed}</p> })}
            <Show when=move || outbox.held_offline()>
                <p class="notice notice-warning" role="status" data-testid="saved-offline">{move || i18n.fv().saved_offline}</p>
            </Show>
            <Show when=empty>
                <p class="muted" data-testid="outbox-empty">{move || i18n.fv().outbox_empty}</p>
            </Show>
            <ul class="outbox-items">{items}</ul>
            <Show when=move || outbox.items().iter().any(Item::waiting) && outbox.online()>
                <p><button type="button" class="button" data-testid="outbox-send" disabled=move || outbox.sending()
                    on:click=move |_| outbox.send()>{move || if outbox.sending() { i18n.fv().sending } else { i18n.fv().send_now }}</button></p>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_go_to_the_site_in_the_phones_maps() {
        assert_eq!(
            directions_href(60.3951, 5.3221),
            "https://www.google.com/maps/dir/?api=1&destination=60.395100,5.322100"
        );
    }

    #[test]
    fn a_refusal_is_shown_next_to_what_caused_it() {
        let part = WorkOrderRefused::Report(ReportProblem::Quantity {
            list: "work.parts_used".into(),
            index: 2,
            part: "Contactor".into(),
            quantity: 0,
        });
        assert_eq!(spot_of(&part, Spot::RecordWork), Spot::Part(2));
        let name = WorkOrderRefused::Report(ReportProblem::SignerNameMissing);
        assert_eq!(spot_of(&name, Spot::SignOff), Spot::Name);
        let drawn = WorkOrderRefused::Report(ReportProblem::SignatureMissing);
        assert_eq!(spot_of(&drawn, Spot::SignOff), Spot::Signature);
        assert_eq!(
            spot_of(&WorkOrderRefused::CloseWithoutSignOff, Spot::CheckOut),
            Spot::CheckOut
        );
        assert_eq!(
            spot_of(&WorkOrderRefused::SignOffBeforeVerification, Spot::SignOff),
            Spot::SignOff
        );
    }

    #[test]
    fn every_refusal_has_words_in_both_languages() {
        let refusals = [
            WorkOrderRefused::NotCheckedIn,
            WorkOrderRefused::SignOffBeforeVerification,
            WorkOrderRefused::CloseWithoutVerification,
            WorkOrderRefused::CloseWithoutSignOff,
            WorkOrderRefused::Report(ReportProblem::NoSummary),
            WorkOrderRefused::NotFromState {
                state: WorkOrderState::Verified,
                step: "record the work".into(),
            },
        ];
        for r in &refusals {
            let (en, nb) = (Lang::En.order_refused(r), Lang::Nb.order_refused(r));
            assert!(!en.is_empty() && !nb.is_empty() && en != nb, "{r:?}");
        }
        assert_eq!(
            Lang::En.order_refused(&refusals[5]),
            "Not now: the work order is verified."
        );
    }
}
