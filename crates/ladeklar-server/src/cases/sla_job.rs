//! The SLA job: every tick (and at once on start) it reads the open cases whose stored
//! `next_check_at` has come, asks core's `escalation::due_actions` what is due at the
//! server's `Clock` (which tests move), and takes each action once: escalating 1st → 2nd
//! line, closing after the confirmation timeout, or a timeline line for a warning, a breach,
//! a needed field action proposal or a visit after the on-site deadline. Each action is
//! written with its key (`DueAction::key`) in the same transaction as its change, so it is
//! taken once however often it is asked, after a restart, and with several server nodes
//! (the second writer of a key writes nothing).

use chrono::{DateTime, Utc};
use ladeklar_core::support::case::{Actor, CaseEvent};
use ladeklar_core::support::case_sla::calendar_for;
use ladeklar_core::support::escalation::{due_actions, DueAction};
use ladeklar_store::{CaseRow, CaseWriteOutcome, NewTimelineEntry};

use super::{case_of, diagnosis_of, level_of, mail_reporter, notify, schedule_after_job, transition_entry};
use crate::error::ApiError;
use crate::AppState;

/// How many due cases one tick takes on.
const BATCH: i64 = 500;

/// One pass over the due cases at `now`; answers how many actions were taken.
pub async fn run_once(state: &AppState, now: DateTime<Utc>) -> Result<usize, ApiError> {
    let rows = state.store.cases_to_check(now, BATCH).await?;
    let mut taken = 0;
    for row in rows {
        match check_case(state, &row, now).await {
            Ok(n) => taken += n,
            Err(e) => tracing::error!(case = %row.id, error = %e, "SLA check failed"),
        }
    }
    Ok(taken)
}

fn sla_entry(text: String, data: serde_json::Value, now: DateTime<Utc>) -> NewTimelineEntry {
    NewTimelineEntry {
        at: now,
        kind: "sla",
        actor: "system".into(),
        for_driver: false,
        text,
        data: Some(data),
    }
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Takes what is due on one case; answers how many actions it took.
async fn check_case(state: &AppState, row: &CaseRow, now: DateTime<Utc>) -> Result<usize, ApiError> {
    let remedy_due = row
        .remedy_check_at
        .as_deref()
        .and_then(|t| ladeklar_store::parse_instant("remedy_check_at", t).ok())
        .is_some_and(|t| t <= now);
    if remedy_due {
        super::remote_fix::follow_up_remedy(state, row, now).await?;
    }
    let sla_due = row
        .next_check_at
        .as_deref()
        .and_then(|t| ladeklar_store::parse_instant("next_check_at", t).ok())
        .is_some_and(|t| t <= now);
    if !sla_due {
        return Ok(0);
    }
    // The remedy's follow-up may have changed the case: decide on it as it is now.
    let fresh;
    let row = if remedy_due {
        fresh = state
            .store
            .case_row(&row.id)
            .await?
            .ok_or_else(|| ApiError::CaseNotFound(row.id.clone()))?;
        &fresh
    } else {
        row
    };
    let mut case = case_of(row)?;
    let diagnosis = diagnosis_of(row);
    let level = level_of(&case)?;
    let calendar = calendar_for(&case, level);
    let now = now.max(case.last_change());
    let plan = due_actions(&case, level, &calendar, diagnosis.as_ref(), now)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("case {}: {e}", case.id)))?;
    let mut version = row.version;
    let mut taken = 0;
    for action in plan.due {
        let key = action.key(&case);
        if state.store.sla_action_taken(&key).await? {
            continue;
        }
        let before = case.clone();
        let data = serde_json::to_value(&action).unwrap_or_default();
        let event = match &action {
            DueAction::EscalateToSecondLine { due_at } => Some(CaseEvent::EscalateToSecondLine {
                reason: format!("1st line's time ran out at {}", time(*due_at)),
            }),
            DueAction::CloseAfterConfirmationTimeout { due_at } => Some(CaseEvent::ConfirmationTimedOut {
                note: format!("no answer from the customer by {}", time(*due_at)),
            }),
            _ => None,
        };
        let mut entries = Vec::new();
        if let Some(event) = event {
            let from = case.state;
            if let Err(e) = case.apply(Actor::System, event.clone(), now) {
                tracing::warn!(case = %case.id, error = %e, "a due action no longer applies");
                continue;
            }
            entries.push(transition_entry(Actor::System, &event, from, case.state, now));
        }
        entries.push(match &action {
            DueAction::EscalateToSecondLine { .. } => {
                sla_entry("1st line's time is used up: escalated to 2nd line.".into(), data, now)
            }
            DueAction::CloseAfterConfirmationTimeout { .. } => {
                sla_entry("No confirmation within the timeout: closed.".into(), data, now)
            }
            DueAction::WarnBeforeBreach { target, deadline, .. } => sla_entry(
                format!(
                    "The {} target is close to its deadline ({}).",
                    target.label(),
                    time(*deadline)
                ),
                data,
                now,
            ),
            DueAction::Breached { target, deadline } => sla_entry(
                format!(
                    "The {} target was breached (deadline {}).",
                    target.label(),
                    time(*deadline)
                ),
                data,
                now,
            ),
            DueAction::ProposeFieldAction { reason, .. } => sla_entry(
                format!("The fault analysis says a visit is needed ({reason}): 2nd line, write the action proposal."),
                data,
                now,
            ),
            DueAction::VisitAfterOnSiteDeadline { deadline, .. } => sla_entry(
                format!(
                    "The scheduled visit starts after the on-site deadline ({}).",
                    time(*deadline)
                ),
                data,
                now,
            ),
        });
        let schedule = schedule_after_job(&case, diagnosis.as_ref(), now)?;
        match state
            .store
            .write_case(&case, version, &schedule, None, &entries, Some(&key), now)
            .await?
        {
            CaseWriteOutcome::Written => {
                version += 1;
                taken += 1;
                tracing::info!(case = %case.id, %key, "SLA action taken");
                if before.state != case.state {
                    if let Ok(Some(written)) = state.store.case_row(&row.id).await {
                        let (state, case) = (state.clone(), case.clone());
                        tokio::spawn(async move { mail_reporter(&state, &written, &case).await });
                    }
                }
            }
            // Another node (or an earlier pass) took it, or the case changed: read it again
            // on the next tick.
            CaseWriteOutcome::AlreadyTaken | CaseWriteOutcome::Stale => return Ok(taken),
        }
    }
    // Nothing more is due now: the next check is core's next instant.
    let schedule = schedule_after_job(&case, diagnosis.as_ref(), now)?;
    let stored_next = row.next_check_at.clone();
    if taken > 0 || schedule.next_check_at.map(ladeklar_store::instant_str) != stored_next {
        state
            .store
            .write_case(&case, version, &schedule, None, &[], None, now)
            .await?;
    }
    if taken > 0 {
        notify(state, &row.id);
    }
    Ok(taken)
}
