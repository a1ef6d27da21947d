//! Support cases on the server (issue 15): load, call core's case engine, write the outcome
//! in one store call, notify (live views, e-mail), answer. No rule lives here: priorities,
//! transitions, SLA deadlines, due actions, photo limits and the fault analysis are
//! `ladeklar_core::support`'s.
//!
//! - [`report`]: a driver reports a fault (the case opens, triage accepts it at 1st line);
//! - [`work`]: a transition or a note by support, the reporter's answer;
//! - [`photos`]: an upload streamed to disk within the limit, decoded, re-encoded without
//!   metadata, thumbnailed, stored and then recorded;
//! - [`photo_store`]: where photos are kept (a folder, or S3-compatible object storage);
//! - [`sla_job`]: the background job acting on core's due actions;
//! - [`remote_fix`]: the fault analysis from the charger log and the remote remedy it proposes;
//! - [`views`]: what the API answers.

pub mod photo_store;
pub mod photos;
pub mod remote_fix;
pub mod report;
pub mod sla_job;
pub mod views;
pub mod words;
pub mod work;

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use ladeklar_core::support::case::{Actor, Case, CaseEvent, CaseState, SupportLine};
use ladeklar_core::support::case_sla::{calendar_for, case_sla_status};
use ladeklar_core::support::escalation::due_actions;
use ladeklar_core::support::fault::{Diagnosis, FaultKnowledge};
use ladeklar_core::support::sla::{ClockOutcome, SlaCatalog, SlaLevel};
use ladeklar_store::{CaseRow, CaseSchedule, NewTimelineEntry};

use crate::error::ApiError;
use crate::AppState;

/// The SLA levels (core's built-in catalog).
pub fn sla_catalog() -> &'static SlaCatalog {
    static CATALOG: OnceLock<SlaCatalog> = OnceLock::new();
    CATALOG.get_or_init(SlaCatalog::builtin)
}

/// The fault knowledge (core's built-in set).
pub fn fault_knowledge() -> &'static FaultKnowledge {
    static KNOWLEDGE: OnceLock<FaultKnowledge> = OnceLock::new();
    KNOWLEDGE.get_or_init(FaultKnowledge::builtin)
}

pub fn level_of(case: &Case) -> Result<&'static SlaLevel, ApiError> {
    sla_catalog()
        .get(&case.sla_level)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("case {}: {e}", case.id)))
}

/// The case's SLA columns at `now`: the next deadline not met yet, and when the SLA job must
/// look again (now, when something is due; else core's next instant).
pub fn schedule(case: &Case, diagnosis: Option<&Diagnosis>, now: DateTime<Utc>) -> Result<CaseSchedule, ApiError> {
    let level = level_of(case)?;
    let calendar = calendar_for(case, level);
    let internal =
        |e: ladeklar_core::support::sla::SlaError| ApiError::Internal(anyhow::anyhow!("case {}: {e}", case.id));
    let due_at = if case.state.is_open() {
        case_sla_status(case, level, &calendar, now)
            .map_err(internal)?
            .iter()
            .filter(|t| t.achieved_at.is_none())
            .filter(|t| matches!(t.outcome, ClockOutcome::Running { .. } | ClockOutcome::Breached { .. }))
            .map(|t| t.deadline)
            .min()
    } else {
        None
    };
    let plan = due_actions(case, level, &calendar, diagnosis, now).map_err(internal)?;
    let next_check_at = if plan.due.is_empty() {
        plan.next_check_at
    } else {
        Some(now)
    };
    Ok(CaseSchedule { due_at, next_check_at })
}

/// The schedule after the SLA job has acted on what is due: only the next future instant.
pub fn schedule_after_job(
    case: &Case,
    diagnosis: Option<&Diagnosis>,
    now: DateTime<Utc>,
) -> Result<CaseSchedule, ApiError> {
    let mut s = schedule(case, diagnosis, now)?;
    let level = level_of(case)?;
    let calendar = calendar_for(case, level);
    s.next_check_at = due_actions(case, level, &calendar, diagnosis, now)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("case {}: {e}", case.id)))?
        .next_check_at;
    Ok(s)
}

/// An actor as the timeline names it: a line, never a person.
pub fn actor_name(actor: Actor) -> String {
    match actor {
        Actor::Driver => "driver".into(),
        Actor::SiteOwner => "site_owner".into(),
        Actor::Agent(SupportLine::First) => "first".into(),
        Actor::Agent(SupportLine::Second) => "second".into(),
        Actor::Agent(SupportLine::Third) => "third".into(),
        Actor::Technician => "technician".into(),
        Actor::System => "system".into(),
    }
}

/// The timeline line of a transition: the reporter's words, with the event for support.
pub fn transition_entry(
    actor: Actor,
    event: &CaseEvent,
    from: CaseState,
    to: CaseState,
    now: DateTime<Utc>,
) -> NewTimelineEntry {
    let words = words::state(to);
    let (en, nb) = if from == to {
        (
            format!("{} ({})", words.en, event.kind()),
            format!("{} ({})", words.nb, event.kind()),
        )
    } else {
        (words.en, words.nb)
    };
    words::with_nb(
        NewTimelineEntry {
            at: now,
            kind: "transition",
            actor: actor_name(actor),
            for_driver: true,
            text: en,
            data: Some(serde_json::json!({
                "event": event.kind(),
                "from": from,
                "to": to,
            })),
        },
        nb,
    )
}

/// The live views' key of a case (the live hub is keyed by text).
pub fn live_key(case_id: &str) -> String {
    format!("case:{case_id}")
}

/// The live views' key of a charger's connector statuses (a case's view shows them live).
pub fn charger_live_key(charger_id: &str) -> String {
    format!("charger:{charger_id}")
}

/// A case changed: its live views read it again.
pub fn notify(state: &AppState, case_id: &str) {
    state.live.send(&live_key(case_id), crate::LiveChange::Session);
}

/// A case's row, or 404.
pub async fn load(state: &AppState, raw_id: &str) -> Result<CaseRow, ApiError> {
    let id = uuid::Uuid::parse_str(raw_id)
        .map(|u| u.to_string())
        .map_err(|_| ApiError::CaseNotFound(raw_id.to_owned()))?;
    state
        .store
        .case_row(&id)
        .await?
        .ok_or_else(|| ApiError::CaseNotFound(id))
}

pub fn diagnosis_of(row: &CaseRow) -> Option<Diagnosis> {
    row.diagnosis_json.as_deref().and_then(|d| serde_json::from_str(d).ok())
}

pub fn case_of(row: &CaseRow) -> Result<Case, ApiError> {
    row.case().map_err(ApiError::from)
}

/// Mails the reporter that their case moved (when mail is configured and the case has a
/// reporter with an address); a failure is logged, never the caller's.
pub async fn mail_reporter(state: &AppState, row: &CaseRow, case: &Case) {
    if !state.mailer.is_configured() {
        return;
    }
    let Ok(Some(reporter)) = row.reporter() else {
        return;
    };
    let Ok(Some(user)) = state.store.user(reporter).await else {
        return;
    };
    let Ok(email) = ladeklar_core::accounts::parse_email(&user.email) else {
        return;
    };
    let mail = crate::mail::Mail::CaseUpdate {
        number: row.number,
        status: words::state(case.state),
        link: format!("{}/cases/{}", state.public_url(), row.id),
    };
    if let Err(e) = state.mailer.send(&email, &mail).await {
        tracing::warn!(case = %row.id, error = %e, "could not mail the case's reporter");
    }
}
