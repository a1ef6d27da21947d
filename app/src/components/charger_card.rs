//! One charger in the list: where, how far, what state, what price.

use chrono::{DateTime, Utc};
use ladeklar_api::ChargerSummary;
use leptos::prelude::*;

use crate::components::connector::{connector_spec, ConnectorStatusBadge};
use crate::components::online::OnlineBadge;
use crate::favourites::FavouriteStar;
use crate::format;
use crate::i18n::{use_i18n, Lang};

pub fn charger_href(id: &str) -> String {
    format!("/chargers/{}", String::from(js_sys::encode_uri_component(id)))
}

#[component]
pub fn ChargerCard(charger: ChargerSummary, now: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    let online = charger.online;
    let free = charger
        .connectors
        .iter()
        .filter(|c| online && format::connector_status_tone(c.status) == "free")
        .count();
    let total = charger.connectors.len();
    let connectors = charger
        .connectors
        .iter()
        .cloned()
        .map(|c| {
            let spec = {
                let c = c.clone();
                move || connector_spec(&c, i18n.lang())
            };
            view! {
                <li class="connector-line">
                    <span class="connector-spec">{spec}</span>
                    <ConnectorStatusBadge connector=c online=online />
                </li>
            }
        })
        .collect_view();
    let estimate = charger.estimate.clone().map(|e| {
        let currency = charger.currency.clone();
        view! {
            <p class="estimate" data-testid="card-estimate">{move || {
                let lang = i18n.lang();
                let amount = format::approx_money(e.incl_vat, &currency, lang);
                if e.for_car {
                    let duration = e.minutes.map(|m| format::duration_words(i64::from(m) * 60, lang));
                    lang.car_estimate_short(&amount, e.energy_kwh, duration.as_deref())
                } else {
                    lang.estimate_short(&amount, e.energy_kwh)
                }
            }}</p>
        }
    });
    view! {
        <li class="card charger-card" data-testid="charger-card" data-charger-id=charger.id.clone()>
            <FavouriteStar id=charger.id.clone() />
            <a class="card-link" href=charger_href(&charger.id)>
                <div class="card-head">
                    <h2 class="card-title">{charger.site_name.clone()}</h2>
                    {charger.distance_m.map(|d| view! { <span class="distance" data-testid="distance">{move || format::distance(d, i18n.lang())}</span> })}
                </div>
                <p class="address">{format!("{}, {}", charger.address, charger.city)}</p>
                <p class="charger-id">{
                    let id = charger.id.clone();
                    move || i18n.lang().charger_n(&id)
                }</p>
                <p class="card-meta">
                    <OnlineBadge online=online last_heard_at=charger.last_heard_at now=now />
                    <span class="free-count">{move || i18n.lang().free_of(free, total)}</span>
                </p>
                <ul class="connectors" aria-label=move || i18n.t().connectors>{connectors}</ul>
                <p class="price" data-testid="price-text">{move || match i18n.lang() {
                    Lang::En => charger.price_text.clone(),
                    Lang::Nb => charger.price_text_nb.clone(),
                }}</p>
                {estimate}
            </a>
        </li>
    }
}
