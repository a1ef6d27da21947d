//! A connector's plug, power and live status.

use ladeklar_api::ConnectorView;
use leptos::prelude::*;

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
    let fault = connector.error_code.clone().filter(|c| !c.is_empty() && c != "NoError");
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
            let words = match &fault {
                Some(code) if status == ladeklar_core::session::ConnectorStatus::Faulted => {
                    format!("{reported} ({code})")
                }
                _ => reported.to_string(),
            };
            (words, lang.reported_by_charger(reported))
        } else {
            (lang.t().offline.to_string(), lang.offline_last_reported(reported))
        }
    };
    let title = {
        let texts = texts.clone();
        move || texts().1
    };
    view! {
        <span class=format!("status status-{tone}") data-testid="connector-status" data-status=key title=title>
            {move || texts().0}
        </span>
    }
}
