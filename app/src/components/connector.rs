//! A connector's plug, power and live status.

use ladeklar_api::ConnectorView;
use leptos::prelude::*;

use crate::format;

/// "CCS · DC 150 kW".
pub fn connector_spec(connector: &ConnectorView) -> String {
    format!(
        "{} · {} {} kW",
        format::plug(connector.standard),
        format::current(connector.power_type),
        connector.max_power_kw.normalize()
    )
}

/// The connector's status as its charger reported it; "Offline" when the charger is not
/// connected (the last report may be stale, so we do not pretend it holds).
#[component]
pub fn ConnectorStatusBadge(connector: ConnectorView, online: bool) -> impl IntoView {
    let reported = format::connector_status_words(connector.status);
    let (key, tone, words, title) = if online {
        let fault = connector.error_code.clone().filter(|c| !c.is_empty() && c != "NoError");
        let words = match fault {
            Some(code) if connector.status == ladeklar_core::session::ConnectorStatus::Faulted => {
                format!("{reported} ({code})")
            }
            _ => reported.to_string(),
        };
        (
            format::connector_status_key(connector.status),
            format::connector_status_tone(connector.status),
            words,
            format!("Reported by the charger: {reported}"),
        )
    } else {
        (
            "offline",
            "unknown",
            "Offline".to_string(),
            format!("Charger offline; last reported: {reported}"),
        )
    };
    view! {
        <span class=format!("status status-{tone}") data-testid="connector-status" data-status=key title=title>
            {words}
        </span>
    }
}
