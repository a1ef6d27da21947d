//! `/sessions/:id/receipt`: a completed session's priced statement.

use ladeklar_api::{ErrorCode, Receipt};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::api;
use crate::components::notice::ErrorNotice;
use crate::format;
use crate::platform;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    platform::set_title("Receipt");
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

    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading the receipt…"</p> }>
            {move || Suspend::new(async move {
                match receipt.await {
                    Some(Ok(receipt)) => view! { <ReceiptView receipt=receipt /> }.into_any(),
                    Some(Err(error)) => {
                        let still_running = error.code() == Some(ErrorCode::SessionNotCompleted);
                        let live = session_id.get_untracked().map(|id| format!("/sessions/{id}"));
                        view! {
                            <section class="panel">
                                <h1>"Receipt"</h1>
                                <ErrorNotice error=error />
                                <p class="actions">
                                    {still_running
                                        .then(|| {
                                            view! {
                                                <a class="button button-primary" href=live.unwrap_or_default()>
                                                    "Back to the session"
                                                </a>
                                            }
                                        })}
                                    <button type="button" class="button" on:click=move |_| receipt.refetch()>
                                        "Try again"
                                    </button>
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <section class="panel" data-testid="bad-session-id">
                                <h1>"Not a receipt"</h1>
                                <p>"This address does not name a charging session."</p>
                                <p><a class="button" href="/">"Find a charger"</a></p>
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
    let currency = receipt.currency.clone();
    let money = move |amount| format::money(amount, &currency);
    let lines = receipt
        .lines
        .iter()
        .map(|line| {
            view! {
                <tr data-testid="receipt-line" data-dimension=format!("{:?}", line.dimension).to_lowercase()>
                    <th scope="row" title=line.description.clone()>
                        {format::dimension_words(line.dimension)}
                    </th>
                    <td class="num">{format::quantity(line.quantity, &line.unit)}</td>
                    <td class="num">{money(line.cost.excl_vat)}</td>
                    <td class="num">{money(line.cost.incl_vat)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="panel receipt" data-testid="receipt" data-session-id=receipt.session_id.to_string()>
            <header class="panel-head">
                <h1>"Receipt"</h1>
                <p class="receipt-site">{receipt.site_name.clone()}</p>
                <p class="address">{receipt.address.clone()}</p>
            </header>
            <p class="receipt-total-box">
                <span>"Total"</span>
                <strong data-testid="receipt-total">{money(receipt.total_incl_vat)}</strong>
            </p>
            <dl class="facts">
                <dt>"Energy"</dt>
                <dd data-testid="receipt-energy">{format::energy_kwh(receipt.energy_kwh)}</dd>
                <dt>"Duration"</dt>
                <dd data-testid="receipt-duration">{format::duration_words(receipt.duration_s)}</dd>
                <dt>"Started"</dt>
                <dd>{platform::local_date_time(receipt.started_at)}</dd>
                <dt>"Stopped"</dt>
                <dd>{platform::local_date_time(receipt.stopped_at)}</dd>
                <dt>"Charger"</dt>
                <dd>{format!("{} · connector {}", receipt.charger_id, receipt.connector_id)}</dd>
                <dt>"Price"</dt>
                <dd>{receipt.price_text.clone()}</dd>
            </dl>
            <div class="table-wrap">
                <table class="lines">
                    <caption>"What you paid for"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Item"</th>
                            <th scope="col" class="num">"Quantity"</th>
                            <th scope="col" class="num">"Excl. VAT"</th>
                            <th scope="col" class="num">"Incl. VAT"</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="2">"Subtotal excl. VAT"</th>
                            <td class="num" colspan="2" data-testid="receipt-excl-vat">{money(receipt.total_excl_vat)}</td>
                        </tr>
                        <tr>
                            <th scope="row" colspan="2">"VAT"</th>
                            <td class="num" colspan="2" data-testid="receipt-vat">{money(receipt.vat)}</td>
                        </tr>
                        <tr class="grand">
                            <th scope="row" colspan="2">"Total incl. VAT"</th>
                            <td class="num" colspan="2">{money(receipt.total_incl_vat)}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <p class="actions"><a class="button" href="/">"Find another charger"</a></p>
        </article>
    }
}
