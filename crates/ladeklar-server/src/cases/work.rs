//! Changes to a case by people: a transition (support's hand-over, action proposal, pause,
//! …, or the reporter's answer), a note. Core's `Case::apply` decides with the actor core's
//! `intake::actor_for` names; a refusal is answered as it is (409 `case_transition_refused`
//! with core's reason and code) and nothing is written.

use chrono::{DateTime, Utc};
use ladeklar_core::accounts::Principal;
use ladeklar_core::support::case::{Actor, Case, CaseEvent, CaseState};
use ladeklar_core::support::intake::actor_for;
use ladeklar_store::{CaseRow, CaseWriteOutcome, NewTimelineEntry};

use super::{actor_name, case_of, diagnosis_of, mail_reporter, notify, schedule, transition_entry};
use crate::error::ApiError;
use crate::AppState;

/// How often a decision is made again on a case that changed while it was being written
/// (the SLA job or the remote-fix attempt wrote in between).
const ATTEMPTS: usize = 4;

/// Applies `event` by `actor` to the case and writes it with `extra` timeline lines, at the
/// version read; when the case changed meanwhile, core decides again on the case as it is
/// now (a few times, then 409). Triage accepts a reopened case at once, as it does a new
/// one. Answers the row written.
pub async fn apply_event(
    state: &AppState,
    row: &CaseRow,
    actor: Actor,
    event: CaseEvent,
    extra: Vec<NewTimelineEntry>,
    now: DateTime<Utc>,
) -> Result<CaseRow, ApiError> {
    let mut row = row.clone();
    for _ in 0..ATTEMPTS {
        let mut case: Case = case_of(&row)?;
        let from = case.state;
        let now = now.max(case.last_change());
        case.apply(actor, event.clone(), now).map_err(ApiError::CaseRefused)?;
        let mut entries = vec![transition_entry(actor, &event, from, case.state, now)];
        entries.extend(extra.iter().cloned());
        if case.state == CaseState::Reopened {
            let accept = CaseEvent::Accept;
            let before = case.state;
            if case.apply(Actor::System, accept.clone(), now).is_ok() {
                entries.push(transition_entry(Actor::System, &accept, before, case.state, now));
            }
        }
        let diagnosis = diagnosis_of(&row);
        let schedule = schedule(&case, diagnosis.as_ref(), now)?;
        let outcome = state
            .store
            .write_case(&case, row.version, &schedule, None, &entries, None, now)
            .await?;
        if outcome != CaseWriteOutcome::Written {
            row = state
                .store
                .case_row(&row.id)
                .await?
                .ok_or_else(|| ApiError::CaseNotFound(row.id.clone()))?;
            continue;
        }
        notify(state, &row.id);
        let written = state
            .store
            .case_row(&row.id)
            .await?
            .ok_or_else(|| ApiError::CaseNotFound(row.id.clone()))?;
        if from != case.state {
            let (state, written, case) = (state.clone(), written.clone(), case.clone());
            tokio::spawn(async move { mail_reporter(&state, &written, &case).await });
        }
        return Ok(written);
    }
    Err(ApiError::CaseChanged(row.id.clone()))
}

/// Support (or an admin) makes `event` on a case.
pub async fn support_event(
    state: &AppState,
    who: &Principal,
    row: &CaseRow,
    event: CaseEvent,
    now: DateTime<Utc>,
) -> Result<CaseRow, ApiError> {
    let case = case_of(row)?;
    let is_reporter = row.reporter()?.is_some_and(|r| r == who.user_id);
    let actor =
        actor_for(who, is_reporter, case.state).ok_or(ApiError::Forbidden("the caller has no part in this case"))?;
    apply_event(state, row, actor, event, Vec::new(), now).await
}

/// The reporter's answer to "Is it working now?": yes confirms the fix (the case closes);
/// no reopens it with what they say.
pub async fn answer(
    state: &AppState,
    who: &Principal,
    row: &CaseRow,
    working: bool,
    comment: Option<String>,
    now: DateTime<Utc>,
) -> Result<CaseRow, ApiError> {
    let case = case_of(row)?;
    let is_reporter = row.reporter()?.is_some_and(|r| r == who.user_id);
    let actor = if is_reporter {
        Actor::Driver
    } else {
        actor_for(who, false, case.state).ok_or(ApiError::Forbidden("the caller has no part in this case"))?
    };
    let comment = comment.filter(|c| !c.trim().is_empty());
    let event = if working {
        CaseEvent::ConfirmResolved
    } else {
        CaseEvent::Reopen {
            reason: comment
                .clone()
                .unwrap_or_else(|| "the customer says it is still not working".into()),
        }
    };
    let extra = comment
        .map(|text| NewTimelineEntry {
            at: now,
            kind: "note",
            actor: actor_name(actor),
            for_driver: true,
            text,
            data: None,
        })
        .into_iter()
        .collect();
    apply_event(state, row, actor, event, extra, now).await
}

/// A note on the case, for support only.
pub async fn add_note(
    state: &AppState,
    who: &Principal,
    row: &CaseRow,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if text.trim().is_empty() {
        return Err(ApiError::InvalidRequest("text: a note needs text".into()));
    }
    let case = case_of(row)?;
    let actor = actor_for(who, false, case.state).unwrap_or(Actor::System);
    state
        .store
        .add_case_entries(
            &row.id,
            &[NewTimelineEntry {
                at: now,
                kind: "note",
                actor: actor_name(actor),
                for_driver: false,
                text: text.trim().to_owned(),
                data: None,
            }],
            now,
        )
        .await?;
    notify(state, &row.id);
    Ok(())
}
