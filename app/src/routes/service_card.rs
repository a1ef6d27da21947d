//! A site's service card (issue 18, staff build): `/sites/:id/service-card` — every visit
//! with its work, parts, verification, sign-off (the drawn signature shown) and photos, the
//! reports kept for 3rd line, every case, the parts totalled, the documents, and the card as
//! a PDF. Support, the site's owner and technicians may read it; the server's access table
//! decides and a refusal shows as such.

use chrono::{DateTime, Utc};
use ladeklar_api::{ServiceCard, ServiceCardVisit};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::use_i18n;
use crate::platform;

#[component]
pub fn ServiceCardPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.v().service_card));
    view! {
        <SignedInOnly>
            <Card />
        </SignedInOnly>
    }
}

#[component]
fn Card() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let site = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let id = StoredValue::new(site);
    let data = LocalResource::new(move || api::service_card(id.get_value()));
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Ok(card) => view! { <CardBody card=card /> }.into_any(),
                Err(error) => view! {
                    <section class="panel panel-wide"><ErrorNotice error=error retry=Callback::new(move |_| data.refetch()) /></section>
                }
                .into_any(),
            }
        })
    };
    view! {
        <div class="stack wide" data-testid="service-card">
            <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.v().loading}</p> }>
                {body}
            </Transition>
        </div>
    }
}

/// An instant in the device's local time, in the page's language.
fn at(t: DateTime<Utc>) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || platform::local_date_time(t, i18n.lang())
}

#[component]
fn CardBody(card: ServiceCard) -> impl IntoView {
    let i18n = use_i18n();
    let pdf = api::service_card_pdf(&card.site.id);
    let site = card.site.clone();
    let visits = if card.visits.is_empty() {
        view! { <p class="empty" data-testid="no-visits">{move || i18n.v().no_visits}</p> }.into_any()
    } else {
        card.visits
            .into_iter()
            .map(|v| view! { <VisitItem v=v /> })
            .collect_view()
            .into_any()
    };
    let cases = if card.cases.is_empty() {
        view! { <p class="empty">{move || i18n.v().no_cases}</p> }.into_any()
    } else {
        let rows = card
            .cases
            .into_iter()
            .map(|c| {
                let (state, category) = (c.state.clone(), c.category.clone());
                view! {
                    <tr data-testid="card-case">
                        <td><a href=format!("/support/cases/{}", c.id)>{format!("#{}", c.number)}</a></td>
                        <td>{at(c.opened_at)}</td>
                        <td>{move || i18n.lang().category_name(&category)}</td>
                        <td>{c.charger_id.clone().unwrap_or_default()}</td>
                        <td>{move || i18n.lang().case_state(&state)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! { <div class="table-scroll"><table class="compact"><tbody>{rows}</tbody></table></div> }.into_any()
    };
    let parts = if card.parts.is_empty() {
        view! { <p class="empty">{move || i18n.v().no_parts_used}</p> }.into_any()
    } else {
        let rows = card
            .parts
            .into_iter()
            .map(|p| view! { <tr data-testid="card-part"><td>{p.part}</td><td class="num">{p.quantity}</td></tr> })
            .collect_view();
        view! { <table class="compact"><tbody>{rows}</tbody></table> }.into_any()
    };
    let documents = if card.documents.is_empty() {
        view! { <p class="empty">{move || i18n.v().no_documents}</p> }.into_any()
    } else {
        let items = card
            .documents
            .into_iter()
            .map(|d| {
                let link = d.url.clone().map(|u| api::media_src(&u));
                view! {
                    <li>
                        {match link {
                            Some(href) => view! { <a href=href target="_blank" rel="noopener">{d.title.clone()}</a> }.into_any(),
                            None => view! { <span>{d.title.clone()}</span> }.into_any(),
                        }}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="plain-list">{items}</ul> }.into_any()
    };
    view! {
        <section class="panel panel-wide">
            <h1>{move || i18n.v().service_card}": "{site.name.clone()}</h1>
            <p class="fine">{format!("{}, {}", site.address, site.city)}</p>
            <p class="fine">{move || i18n.v().service_card_intro}</p>
            <p class="actions">
                <a class="button" data-testid="service-card-pdf" href=pdf download>{move || i18n.v().download_pdf}</a>
            </p>
        </section>
        <section class="panel panel-wide" aria-labelledby="visits-title">
            <h2 id="visits-title">{move || i18n.v().visits}</h2>
            {visits}
        </section>
        <section class="panel panel-wide">
            <h2>{move || i18n.v().cases}</h2>
            {cases}
        </section>
        <section class="panel panel-wide">
            <h2>{move || i18n.v().parts_total}</h2>
            {parts}
        </section>
        <section class="panel panel-wide">
            <h2>{move || i18n.v().documents}</h2>
            {documents}
        </section>
    }
}

#[component]
fn VisitItem(v: ServiceCardVisit) -> impl IntoView {
    let i18n = use_i18n();
    let state = v.state.clone();
    let technician = v.technician_email.clone().unwrap_or_else(|| v.technician_id.clone());
    let work = v.work_summary.clone().map(|w| {
        view! { <dt>{move || i18n.v().work}</dt><dd>{w}</dd> }
    });
    let parts = (!v.parts_used.is_empty()).then(|| {
        let text = v
            .parts_used
            .iter()
            .map(|p| format!("{} × {}", p.quantity, p.part))
            .collect::<Vec<_>>()
            .join(", ");
        view! { <dt>{move || i18n.v().parts_used}</dt><dd>{text}</dd> }
    });
    let verification = v.verification.clone().map(|e| {
        view! { <dt>{move || i18n.v().verification}</dt><dd>{e}</dd> }
    });
    let in_app = v.sign_off_method.as_deref() == Some("customer_app");
    let sign_off = v.signed_off_by.clone().map(|name| {
        view! {
            <dt>{move || i18n.v().signed_off_by}</dt>
            <dd>{name}{in_app.then(|| view! { " (" {move || i18n.v().confirmed_in_app} ")" })}</dd>
        }
    });
    let signature = v
        .signature
        .clone()
        .filter(|s| s.starts_with("data:image/png;base64,"))
        .map(|src| {
            view! {
                <figure class="signature">
                    <img src=src alt=move || i18n.v().signature data-testid="signature-image" />
                    <figcaption class="fine">{move || i18n.v().signature}</figcaption>
                </figure>
            }
        });
    let photos = (!v.photos.is_empty()).then(|| {
        let items = v
            .photos
            .iter()
            .map(|p| {
                let (href, src) = (api::media_src(p), api::media_src(p));
                view! { <li><a href=href target="_blank" rel="noopener"><img src=src alt="" loading="lazy" /></a></li> }
            })
            .collect_view();
        view! {
            <h4>{move || i18n.v().photos}</h4>
            <ul class="photo-strip">{items}</ul>
        }
    });
    let kept = v.kept_reports;
    view! {
        <article class="card-visit" data-testid="card-visit" data-state=v.state.clone()>
            <h3>
                <a href=format!("/support/cases/{}", v.case_id)>{move || format!("{} #{}", i18n.v().case, v.case_number)}</a>
                " · "{move || i18n.lang().work_order_state(&state)}
            </h3>
            <dl class="facts">
                <dt>{move || i18n.v().booked_for}</dt>
                <dd>{at(v.starts_at)}{format!(" · {technician}")}</dd>
                {v.checked_out_at.map(|t| view! { <dt>{move || i18n.v().checked_out}</dt><dd>{at(t)}</dd> })}
                {work}
                {parts}
                {verification}
                {sign_off}
                {(kept > 0).then(|| view! { <dt>{move || i18n.v().kept_reports}</dt><dd>{kept}</dd> })}
            </dl>
            {signature}
            {photos}
        </article>
    }
}
