//! `/sessions/:id/receipt`: a completed session's priced statement.

use ladeklar_api::{ErrorCode, Receipt};
use ladeklar_core::tariff::words::describe;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::api;
use crate::components::notice::ErrorNotice;
use crate::components::pay::{method_words, settling};
use crate::format;
use crate::i18n::{use_i18n, Lang};
use crate::platform;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.t().receipt));
    let params = use_params_map();
    let session_id = Memo::new(move |_| params.read().get("id").and_then(|s| Uuid::parse_str(&s).ok()));
    let receipt = LocalResource::new(move || {
        let id = session_id.get();
        async move {
            match id {
                Some(id) => Some(api::receipt(id).await),
                None => None,
            }
        }
    });

    // The capture follows the stop: while the payment is still being taken, read again.
    let tries = StoredValue::new(0_u32);
    Effect::new(move |_| {
        let still = receipt
            .get()
            .flatten()
            .and_then(|r| r.ok())
            .and_then(|r| r.payment)
            .is_some_and(|p| settling(&p));
        if still && tries.get_value() < 60 {
            tries.update_value(|t| *t += 1);
            set_timeout(move || receipt.refetch(), std::time::Duration::from_secs(1));
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.t().loading_receipt}</p> }>
            {move || Suspend::new(async move {
                match receipt.await {
                    Some(Ok(receipt)) => view! { <ReceiptView receipt=receipt /> }.into_any(),
                    Some(Err(error)) => {
                        let still_running = error.code() == Some(ErrorCode::SessionNotCompleted);
                        let live = session_id.get_untracked().map(|id| format!("/sessions/{id}"));
                        view! {
                            <section class="panel">
                                <h1>{move || i18n.t().receipt}</h1>
                                <ErrorNotice error=error />
                                <p class="actions">
                                    {still_running
                                        .then(|| {
                                            view! {
                                                <a class="button button-primary" href=live.unwrap_or_default()>
                                                    {move || i18n.t().back_to_session}
                                                </a>
                                            }
                                        })}
                                    <button type="button" class="button" on:click=move |_| receipt.refetch()>
                                        {move || i18n.t().try_again}
                                    </button>
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <section class="panel" data-testid="bad-session-id">
                                <h1>{move || i18n.t().not_a_receipt}</h1>
                                <p>{move || i18n.t().not_a_session_address}</p>
                                <p><a class="button" href="/">{move || i18n.t().find_a_charger}</a></p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn ReceiptView(receipt: Receipt) -> impl IntoView {
    let i18n = use_i18n();
    let currency = receipt.currency.clone();
    let money = move |amount| {
        let currency = currency.clone();
        move || format::money(amount, &currency, i18n.lang())
    };
    let lines = receipt
        .lines
        .iter()
        .map(|line| {
            let (dimension, quantity) = (line.dimension, line.quantity);
            let unit_prices = line
                .unit_prices
                .iter()
                .map(|u| {
                    let (amount, rate, unit, currency) =
                        (u.incl_vat, u.vat_percent, line.unit.clone(), receipt.currency.clone());
                    view! {
                        <span class="unit-price" data-testid="receipt-unit-price">{move || {
                            let lang = i18n.lang();
                            let price = format::unit_price(amount, &currency, &unit, lang);
                            let rate = rate.map(|r| format::decimal(r, lang));
                            lang.unit_price_words(&price, rate.as_deref())
                        }}</span>
                    }
                })
                .collect_view();
            view! {
                <tr data-testid="receipt-line" data-dimension=format!("{:?}", line.dimension).to_lowercase()>
                    <th scope="row" title=line.description.clone()>
                        {move || i18n.lang().dimension(dimension)}
                        {unit_prices}
                    </th>
                    <td class="num">{
                        let unit = line.unit.clone();
                        move || format::quantity(quantity, &unit, i18n.lang())
                    }</td>
                    <td class="num">{money(line.cost.excl_vat)}</td>
                    <td class="num">{money(line.cost.incl_vat)}</td>
                </tr>
            }
        })
        .collect_view();
    // VAT per rate; one row of the whole VAT when the receipt names no rate (nothing billed).
    let vat_rows = if receipt.vat_lines.is_empty() {
        view! {
            <tr>
                <th scope="row" colspan="2">{move || i18n.t().vat}</th>
                <td class="num" colspan="2" data-testid="receipt-vat">{money(receipt.vat)}</td>
            </tr>
        }
        .into_any()
    } else {
        receipt
            .vat_lines
            .iter()
            .map(|v| {
                let (rate, base, currency) = (v.rate_percent, v.excl_vat, receipt.currency.clone());
                view! {
                    <tr data-testid="receipt-vat-line" data-rate=rate.to_string()>
                        <th scope="row" colspan="2">{move || {
                            let lang = i18n.lang();
                            lang.vat_at_rate(&format::decimal(rate, lang), &format::money(base, &currency, lang))
                        }}</th>
                        <td class="num" colspan="2" data-testid="receipt-vat">{money(v.vat)}</td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    // The receipt's price words are English; other languages describe the session's
    // tariff with core's words.
    let session_id = receipt.session_id;
    let session = LocalResource::new(move || async move { api::session(session_id).await.ok() });
    let tariff = move || session.get().flatten().map(|s| s.tariff);
    // Times in the site's zone (the session's), labelled when the device's differs.
    let site_zone = move || session.get().flatten().map(|s| s.time_zone);
    let at = move |instant| match site_zone() {
        Some(zone) => platform::site_date_time(instant, &zone, i18n.lang()),
        None => platform::local_date_time(instant, i18n.lang()),
    };
    let price_text = {
        let english = receipt.price_text.clone();
        move || match (i18n.lang(), tariff()) {
            (Lang::En, _) | (_, None) => english.clone(),
            (lang, Some(tariff)) => describe(&tariff, lang.core()),
        }
    };
    let (energy, duration_s, started_at, stopped_at, connector_id) = (
        receipt.energy_kwh,
        receipt.duration_s,
        receipt.started_at,
        receipt.stopped_at,
        receipt.connector_id,
    );
    view! {
        <article class="panel receipt" data-testid="receipt" data-session-id=receipt.session_id.to_string()>
            <header class="panel-head">
                <h1>{move || i18n.t().receipt}</h1>
                <p class="receipt-site">{receipt.site_name.clone()}</p>
                <p class="address">{receipt.address.clone()}</p>
                <p class="receipt-seller" data-testid="receipt-seller">{
                    let seller = receipt.seller.clone();
                    move || i18n.lang().issued_on_behalf(&seller)
                }</p>
            </header>
            <p class="receipt-total-box">
                <span>{move || i18n.t().total}</span>
                <strong data-testid="receipt-total" data-amount=receipt.total_incl_vat.to_string()>{money(receipt.total_incl_vat)}</strong>
            </p>
            <p class="receipt-actions">
                <a class="button" data-testid="receipt-pdf" download
                    href=api::receipt_pdf_address(receipt.session_id)>
                    {move || i18n.p().download_pdf}
                </a>
            </p>
            {receipt.payment.as_ref().filter(|p| p.cap_reached).map(|_| view! {
                <div class="notice notice-warn" role="status" data-testid="cap-reached">
                    <p class="notice-words">{move || i18n.p().stopped_at_cap}</p>
                </div>
            })}
            <dl class="facts">
                <dt>{move || i18n.p().receipt_number}</dt>
                <dd data-testid="receipt-number">{receipt.receipt_number.clone()}</dd>
                {receipt.payment.clone().map(|p| {
                    let currency = p.currency.clone();
                    let paid = p.paid;
                    view! {
                        <dt>{move || i18n.p().paid_with}</dt>
                        <dd data-testid="receipt-method">{
                            let (method, tag) = (p.method.clone(), p.tag.clone());
                            move || {
                                let lang = i18n.lang();
                                let card = method_words(&method, lang);
                                match &tag {
                                    Some(tag) => lang.billed_for_tag(&card, tag),
                                    None => card,
                                }
                            }
                        }</dd>
                        {(paid.is_none() && settling(&p)).then(|| view! {
                            <dt>{move || i18n.p().paid}</dt>
                            <dd data-testid="receipt-settling">{move || i18n.p().settling}</dd>
                        })}
                        {(paid.is_none() && p.state == "released").then(|| view! {
                            <dt>{move || i18n.p().paid}</dt>
                            <dd data-testid="receipt-not-charged">{move || i18n.p().not_charged}</dd>
                        })}
                        {paid.map(|paid| view! {
                            <dt>{move || i18n.p().paid}</dt>
                            <dd data-testid="receipt-paid" data-amount=paid.to_string()>{
                                let currency = currency.clone();
                                move || format::money(paid, &currency, i18n.lang())
                            }</dd>
                        })}
                    }
                })}
                <dt>{move || i18n.t().energy}</dt>
                <dd data-testid="receipt-energy">{move || format::energy_kwh(energy, i18n.lang())}</dd>
                <dt>{move || i18n.t().duration}</dt>
                <dd data-testid="receipt-duration">{move || format::duration_words(duration_s, i18n.lang())}</dd>
                <dt>{move || i18n.t().started}</dt>
                <dd data-testid="receipt-started">{move || at(started_at)}</dd>
                <dt>{move || i18n.t().stopped}</dt>
                <dd data-testid="receipt-stopped">{move || at(stopped_at)}</dd>
                <dt>{move || i18n.t().charger}</dt>
                <dd>{
                    let charger_id = receipt.charger_id.clone();
                    move || i18n.lang().charger_connector(&charger_id, connector_id)
                }</dd>
                <dt>{move || i18n.t().price}</dt>
                <dd data-testid="receipt-price-text">{price_text}</dd>
            </dl>
            // Scrolls sideways on a narrow phone: focusable, so a keyboard can scroll it too.
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t().what_you_paid_for>
                <table class="lines">
                    <caption>{move || i18n.t().what_you_paid_for}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t().item}</th>
                            <th scope="col" class="num">{move || i18n.t().quantity}</th>
                            <th scope="col" class="num">{move || i18n.t().excl_vat}</th>
                            <th scope="col" class="num">{move || i18n.t().incl_vat}</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="2">{move || i18n.t().subtotal_excl_vat}</th>
                            <td class="num" colspan="2" data-testid="receipt-excl-vat">{money(receipt.total_excl_vat)}</td>
                        </tr>
                        {vat_rows}
                        <tr class="grand">
                            <th scope="row" colspan="2">{move || i18n.t().total_incl_vat}</th>
                            <td class="num" colspan="2">{money(receipt.total_incl_vat)}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <p class="actions">
                <a class="button" href="/">{move || i18n.t().find_another_charger}</a>
                <a
                    class="button"
                    href=format!("/report?charger={}&connector={}&session={}", receipt.charger_id, receipt.connector_id, receipt.session_id)
                    data-testid="report-fault"
                >
                    {move || i18n.c().report_from_here}
                </a>
                <a
                    class="button"
                    href=format!("/report?charger={}&connector={}&session={}&category=payment_failed", receipt.charger_id, receipt.connector_id, receipt.session_id)
                    data-testid="dispute"
                >
                    {move || i18n.p().dispute}
                </a>
            </p>
        </article>
    }
}
