//! Security events, the charger's (SecurityEventNotification) and our own (a downgrade
//! attempt): each stored in the charger log as an `event` entry; a critical one (core's
//! `charger_security::event_severity`) opens a support case through the same intake as a
//! reported fault — one per charger while it is open (`opens_case`).

use chrono::{DateTime, Utc};
use ladeklar_core::charger_security::{event_severity, opens_case};
use ladeklar_core::support::case::{Channel, Customer, CustomerKind};

use crate::cases::report::{open, Intake};
use crate::AppState;

/// How a case opened by a security event starts its description (how it is recognised).
const CASE_PREFIX: &str = "Security event";

/// Stores a security event of `kind` (its log line `text`) and raises a critical one to
/// support. A failure to open the case is logged, never the charger's problem.
pub async fn record(state: &AppState, charger_id: &str, kind: &str, text: &str, now: DateTime<Utc>) {
    state.log_charger(charger_id, "event", text).await;
    let severity = event_severity(kind);
    let open_already = match security_case_open(state, charger_id).await {
        Ok(open) => open,
        Err(e) => {
            tracing::error!(%charger_id, error = %e, "could not read the charger's open cases");
            return;
        }
    };
    if !opens_case(severity, open_already) {
        return;
    }
    let intake = Intake {
        channel: Channel::Portal,
        customer: Customer {
            kind: CustomerKind::SiteOwner,
            name: "Ladeklar central system".into(),
            contact: state.config.mail_from.clone(),
        },
        reporter: None,
        charger_id: charger_id.to_owned(),
        connector_id: None,
        session_id: None,
        category: "other".into(),
        description: format!("{CASE_PREFIX} {kind} (critical): {text}"),
        opened_by: "system".into(),
    };
    match open(state, intake, now).await {
        Ok(row) => {
            tracing::warn!(%charger_id, %kind, case = row.number, "critical security event: support case opened");
            state
                .log_charger(
                    charger_id,
                    "event",
                    &format!("critical security event {kind}: support case {} opened", row.number),
                )
                .await;
        }
        Err(e) => tracing::error!(%charger_id, %kind, error = ?e, "critical security event: no support case opened"),
    }
}

async fn security_case_open(state: &AppState, charger_id: &str) -> anyhow::Result<bool> {
    for row in state.store.open_cases_of_charger(charger_id).await? {
        if row.case()?.description.starts_with(CASE_PREFIX) {
            return Ok(true);
        }
    }
    Ok(false)
}
