//! A connector's plug, power and live status.

use ladeklar_api::ConnectorView;
use leptos::prelude::*;

use ladeklar_core::connector_fault::{driver_fault, shown_code};

use crate::format;
use crate::i18n::{use_i18n, Lang};

/// "CCS · DC 150 kW", "Type 2 · AC 7,4 kW".
pub fn connector_spec(connector: &ConnectorView, lang: Lang) -> String {
    format!(
        "{} · {} {} kW",
        format::plug(connector.standard),
        format::current(connector.power_type),
        format::decimal(connector.max_power_kw, lang)
    )
}

/// The connector's status as its charger reported it; "Offline" when the charger is not
/// connected (the last report may be stale, so we do not pretend it holds).
#[component]
pub fn ConnectorStatusBadge(connector: ConnectorView, online: bool) -> impl IntoView {
    let i18n = use_i18n();
    let fault = driver_fault(connector.status, connector.error_code.as_deref());
    let status = connector.status;
    let (key, tone) = if online {
        (
            format::connector_status_key(status),
            format::connector_status_tone(status),
        )
    } else {
        ("offline", "unknown")
    };
    let texts = move || {
        let lang = i18n.lang();
        let reported = lang.connector_status(status);
        if online {
            // A fault in drivers' words (core's `connector_fault`), never the raw code.
            let words = match fault {
                Some(fault) => lang.driver_fault(fault).0.to_string(),
                None => reported.to_string(),
            };
            (words, lang.reported_by_charger(reported))
        } else {
            (lang.t().offline.to_string(), lang.offline_last_reported(reported))
        }
    };
    let title = move || texts().1;
    view! {
        <span class=format!("status status-{tone}") data-testid="connector-status" data-status=key title=title>
            {move || texts().0}
        </span>
    }
}

/// What to do at a faulted connector, with the charger's own code in small print (core's
/// `connector_fault`); nothing for a connector that is not faulted or a charger offline.
#[component]
pub fn ConnectorFaultNote(connector: ConnectorView, online: bool) -> impl IntoView {
    let i18n = use_i18n();
    let fault = driver_fault(connector.status, connector.error_code.as_deref()).filter(|_| online);
    let code = shown_code(connector.error_code.as_deref()).map(str::to_owned);
    fault.map(|fault| {
        view! {
            <div class="fault-note" data-testid="fault-note" data-fault=format!("{fault:?}")>
                <p>{move || i18n.lang().driver_fault(fault).1}</p>
                {code.map(|code| view! {
                    <p class="fine fault-code" data-testid="fault-code">{move || i18n.lang().fault_code(&code)}</p>
                })}
            </div>
        }
    })
}
