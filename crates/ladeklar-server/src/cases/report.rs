//! A driver reports a fault: the charger and connector checked, the priority from core's
//! `intake::assess_report`, the site's SLA level, the case registered and accepted by
//! triage (the system) at 1st line — one store call — then the remote-fix attempt starts.

use chrono::{DateTime, Utc};
use ladeklar_api::ReportFaultRequest;
use ladeklar_core::accounts::{Action, UserId};
use ladeklar_core::session::ConnectorStatus;
use ladeklar_core::support::case::{
    Actor, Case, CaseEvent, CaseId, Channel, Customer, CustomerKind, NewCase, RegisterError, SiteRef,
};
use ladeklar_core::support::fault::ReportCategory;
use ladeklar_core::support::intake::{assess_report, SiteConnector};
use ladeklar_core::support::sla::Country;
use ladeklar_store::{parse_enum, CaseRow, NewCaseRow, NewTimelineEntry};

use super::{notify, schedule, sla_catalog, transition_entry};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// A case to open, from the app or from support's "new case" form.
pub struct Intake {
    pub channel: Channel,
    pub customer: Customer,
    /// The account that follows the case in the app, if any.
    pub reporter: Option<UserId>,
    pub charger_id: String,
    /// `None`: the charger as a whole.
    pub connector_id: Option<u32>,
    pub session_id: Option<String>,
    pub category: String,
    pub description: String,
    /// Who opened it, for the timeline (`driver`, `first`…).
    pub opened_by: String,
}

/// A driver reports a fault from the app; answers the case's row.
pub async fn report_fault(
    state: &AppState,
    caller: &Caller,
    req: ReportFaultRequest,
    now: DateTime<Utc>,
) -> Result<CaseRow, ApiError> {
    let user = caller.user()?.clone();
    if let Some(session_id) = &req.session_id {
        let owner = state
            .store
            .session_object_owner(session_id)
            .await?
            .ok_or_else(|| ApiError::SessionNotFound(session_id.clone()))?;
        caller
            .allow(Action::ShowSession, &owner)
            .map_err(|_| ApiError::SessionNotFound(session_id.clone()))?;
    }
    open(
        state,
        Intake {
            channel: Channel::App,
            customer: Customer {
                kind: CustomerKind::Driver,
                name: user.email.clone(),
                contact: user.email.clone(),
            },
            reporter: Some(UserId(user.id.0)),
            charger_id: req.charger_id,
            connector_id: Some(req.connector_id),
            session_id: req.session_id,
            category: req.category,
            description: req.description,
            opened_by: "driver".into(),
        },
        now,
    )
    .await
}

/// Opens a case: checks, core's priority, registration and triage, one store call.
pub async fn open(state: &AppState, intake: Intake, now: DateTime<Utc>) -> Result<CaseRow, ApiError> {
    let Intake {
        channel,
        customer,
        reporter,
        charger_id,
        connector_id,
        session_id,
        category,
        description,
        opened_by,
    } = intake;
    let category: ReportCategory = category
        .parse()
        .map_err(|e: ladeklar_core::support::fault::UnknownCategory| ApiError::UnknownCategory(e.to_string()))?;
    if description.trim().is_empty() {
        return Err(ApiError::EmptyDescription);
    }
    let (site_id, owner_id, zone, country, sla_level) = state
        .store
        .case_site_of_charger(&charger_id)
        .await?
        .ok_or_else(|| ApiError::ChargerNotFound(charger_id.clone()))?;
    let connectors = state.store.site_connector_statuses(&site_id).await?;
    if let Some(connector_id) = connector_id {
        if !connectors
            .iter()
            .any(|(c, n, _)| *c == charger_id && *n == i64::from(connector_id))
        {
            return Err(ApiError::ConnectorNotFound {
                charger_id: charger_id.clone(),
                connector_id,
            });
        }
    }
    let site: Vec<SiteConnector> = connectors
        .iter()
        .map(|(charger, n, status)| SiteConnector {
            on_reported_charger: *charger == charger_id,
            connector_id: u32::try_from(*n).unwrap_or_default(),
            status: parse_enum::<ConnectorStatus>("connector status", status).unwrap_or(ConnectorStatus::Unknown),
        })
        .collect();
    let priority = assess_report(category, connector_id.unwrap_or(0), &site);
    let time_zone: chrono_tz::Tz = zone
        .parse()
        .map_err(|_| ApiError::Internal(anyhow::anyhow!("site {site_id} has an unknown time zone {zone:?}")))?;
    // Sites are stored with ISO country codes (NO, SE; three letters in older data).
    let country = match country.as_str() {
        "SE" | "SWE" => Country::Sweden,
        _ => Country::Norway,
    };
    let new = NewCase {
        id: CaseId(uuid::Uuid::new_v4()),
        channel,
        reporter: customer,
        site: SiteRef {
            site_id: site_id.clone(),
            owner_id,
            time_zone,
            country,
        },
        charger_id: Some(charger_id.clone()),
        connector_id,
        description: description.trim().to_owned(),
        priority: priority.priority,
        priority_reason: priority.reason.clone(),
        sla_level,
    };
    let mut case = Case::register(new, sla_catalog(), now).map_err(|e| match e {
        RegisterError::NoDescription => ApiError::EmptyDescription,
        RegisterError::NoContact => {
            ApiError::InvalidRequest("contact: the customer's phone or e-mail is needed".into())
        }
        RegisterError::SlaLevel(e) => ApiError::Internal(anyhow::anyhow!("site {site_id}: {e}")),
    })?;
    let words = super::words::reported(category);
    let opened = super::words::with_nb(
        NewTimelineEntry {
            at: now,
            kind: "transition",
            actor: opened_by,
            for_driver: true,
            text: words.en,
            data: None,
        },
        words.nb,
    );
    let assessed = NewTimelineEntry {
        at: now,
        kind: "note",
        actor: "system".into(),
        for_driver: false,
        text: format!("Priority {}: {}.", priority.priority, priority.reason),
        data: Some(serde_json::json!({"sla_level": case.sla_level})),
    };
    // Triage takes the case at once: it is 1st line's from its opening.
    let from = case.state;
    let event = CaseEvent::Accept;
    case.apply(Actor::System, event.clone(), now)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("triage could not accept the case: {e}")))?;
    let accepted = transition_entry(Actor::System, &event, from, case.state, now);
    let schedule = schedule(&case, None, now)?;
    state
        .store
        .open_case(
            &NewCaseRow {
                case: &case,
                reporter,
                session_id: session_id.as_deref(),
                category: category.as_str(),
                schedule,
                diagnosis_json: None,
            },
            &[opened, assessed, accepted],
        )
        .await?;
    let id = case.id.to_string();
    let row = state
        .store
        .case_row(&id)
        .await?
        .ok_or_else(|| ApiError::CaseNotFound(id.clone()))?;
    notify(state, &id);
    tracing::info!(case = %id, number = row.number, priority = %case.priority, channel = ?case.channel, "case opened");
    Ok(row)
}
