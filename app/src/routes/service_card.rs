//! `/field/sites/:id/service-card` (staff build): a site's service card as the API gives it
//! (`GET /api/v1/sites/{id}/service-card`) — every visit with its work, parts, verification,
//! sign-off and photos, the cases, the parts totalled and the documents. Read only; its own
//! module so the support side's service card screens and PDF can take it over.

use ladeklar_api::ServiceCard;
use ladeklar_core::field::work_order::WorkOrderState;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::notice::ErrorNotice;
use crate::i18n::{use_i18n, Lang};
use crate::platform;

#[component]
pub fn ServiceCardPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.fv().service_card));
    let params = use_params_map();
    let site = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let card = LocalResource::new(move || {
        let site = site.clone();
        async move { api::service_card(&site).await }
    });
    let body = move || match card.get() {
        None => view! { <p class="loading" role="status">{move || i18n.fv().loading}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error=error retry=Callback::new(move |_| card.refetch()) /> }.into_any()
        }
        Some(Ok(card)) => view! { <Card card=card /> }.into_any(),
    };
    view! { <section class="panel field-page" data-testid="service-card">{body}</section> }
}

/// A work order's state in words (the API's snake_case name, else as given).
fn state_words(state: &str, lang: Lang) -> String {
    serde_json::from_value::<WorkOrderState>(serde_json::Value::String(state.to_owned()))
        .map(|s| lang.order_state(s).to_owned())
        .unwrap_or_else(|_| state.to_owned())
}

#[component]
fn Card(card: ServiceCard) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.lang();
    let visits = card
        .visits
        .clone()
        .into_iter()
        .map(|v| {
            let parts = v
                .parts_used
                .iter()
                .map(|p| format!("{} × {}", p.quantity, p.part))
                .collect::<Vec<_>>()
                .join(", ");
            let (starts, out) = (v.starts_at, v.checked_out_at);
            // The photos themselves are the case's (support reads them); here their number.
            let photos = v.photos.len();
            let (number, state) = (v.case_number, v.state.clone());
            let kept = (v.kept_reports > 0).then(|| format!("{} {}", v.kept_reports, i18n.fv().kept_reports));
            view! {
                <li class="card" data-testid="service-visit" data-state=v.state.clone()>
                    <p><strong>{move || platform::local_date_time(starts, lang())}</strong>
                        {move || format!(" · {} #{number} · {}", i18n.fv().case, state_words(&state, lang()))}</p>
                    {v.work_summary.clone().map(|s| view! { <p data-testid="service-work">{s}</p> })}
                    {(!parts.is_empty()).then(|| view! { <p>{move || i18n.fv().parts_used}": "{parts.clone()}</p> })}
                    {v.verification.clone().map(|s| view! { <p>{move || i18n.fv().verify}": "{s.clone()}</p> })}
                    {v.signed_off_by.clone().map(|s| view! { <p data-testid="service-signed">{move || i18n.fv().signed_by}" "{s.clone()}</p> })}
                    {out.map(|t| view! { <p>{move || i18n.fv().checked_out}" "{platform::local_date_time(t, lang())}</p> })}
                    {(photos > 0).then(|| view! { <p data-testid="service-photos">{move || i18n.lang().photo_count(photos)}</p> })}
                    {kept.map(|k| view! { <p class="notice">{k}</p> })}
                </li>
            }
        })
        .collect_view();
    let cases = card
        .cases
        .clone()
        .into_iter()
        .map(|c| view! { <li>{format!("#{} · {} · {} · {}", c.number, c.category, c.state, c.charger_id.clone().unwrap_or_default())}</li> })
        .collect_view();
    let parts = card
        .parts
        .clone()
        .into_iter()
        .map(|p| view! { <li>{format!("{} × {}", p.quantity, p.part)}</li> })
        .collect_view();
    let documents = card
        .documents
        .clone()
        .into_iter()
        .map(|d| view! { <li>{d.title.clone()}</li> })
        .collect_view();
    let no_visits = card.visits.is_empty();
    view! {
        <h1>{move || i18n.fv().service_card}" · "{card.site.name.clone()}</h1>
        <p class="muted">{format!("{}, {}", card.site.address, card.site.city)}</p>
        <p class="muted">{move || i18n.fv().service_card_intro}</p>
        <h2>{move || i18n.fv().visits}</h2>
        {no_visits.then(|| view! { <p class="empty">{move || i18n.fv().no_visits}</p> })}
        <ul class="field-orders">{visits}</ul>
        <h2>{move || i18n.fv().cases}</h2>
        <ul class="plain-list">{cases}</ul>
        <h2>{move || i18n.fv().parts_total}</h2>
        <ul class="plain-list" data-testid="service-parts">{parts}</ul>
        <h2>{move || i18n.fv().documents}</h2>
        <ul class="plain-list">{documents}</ul>
    }
}
