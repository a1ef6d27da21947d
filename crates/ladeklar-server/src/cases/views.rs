//! What the API answers about cases: the reporter's view (their timeline lines only) or
//! support's (everything), and list summaries.

use chrono::{DateTime, Utc};
use ladeklar_api::{CasePhoto, CaseSummary, CaseView, SlaClockView, TimelineEntry};
use ladeklar_core::support::case::CaseState;
use ladeklar_core::support::case_sla::{calendar_for, case_sla_status};
use ladeklar_core::support::escalation::{due_actions, DueAction};
use ladeklar_core::support::resolution::{expected_resolution, Language};
use ladeklar_core::support::sla::{ClockOutcome, PauseRefused};
use ladeklar_store::{parse_instant, CaseRow};

use super::{case_of, diagnosis_of, level_of};
use crate::error::ApiError;
use crate::AppState;

fn connector(row: &CaseRow) -> Option<u32> {
    row.connector_id.and_then(|c| u32::try_from(c).ok())
}

fn instant(column: &str, raw: &str) -> Result<DateTime<Utc>, ApiError> {
    parse_instant(column, raw).map_err(ApiError::from)
}

pub fn summary(row: &CaseRow, now: DateTime<Utc>) -> Result<CaseSummary, ApiError> {
    let due_at = row.due_at()?;
    let case = case_of(row)?;
    let level = level_of(&case)?;
    let calendar = calendar_for(&case, level);
    let plan = due_actions(&case, level, &calendar, None, now.max(case.last_change()))
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("case {}: {e}", case.id)))?;
    let breach_risk = if plan.due.iter().any(|a| matches!(a, DueAction::Breached { .. })) {
        "breached"
    } else if plan.due.iter().any(|a| matches!(a, DueAction::WarnBeforeBreach { .. })) {
        "warning"
    } else {
        "none"
    };
    Ok(CaseSummary {
        id: row.id.clone(),
        number: row.number,
        state: row.state.clone(),
        line: row.line.clone(),
        priority: row.priority.clone(),
        category: row.category.clone(),
        site_id: row.site_id.clone(),
        owner_id: row.owner_id.clone(),
        charger_id: row.charger_id.clone(),
        connector_id: connector(row),
        opened_at: instant("case opened_at", &row.opened_at)?,
        due_at,
        overdue: due_at.is_some_and(|d| d < now),
        breach_risk: breach_risk.to_owned(),
    })
}

/// The case for its reporter (`full` false) or for support (`full` true).
pub async fn case_view(state: &AppState, row: &CaseRow, full: bool, now: DateTime<Utc>) -> Result<CaseView, ApiError> {
    let case = case_of(row)?;
    let level = level_of(&case)?;
    let calendar = calendar_for(&case, level);
    let expected_in = |lang| {
        expected_resolution(&case, level, &calendar, now.max(case.last_change()), lang)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("case {}: {e}", case.id)))
            .map(|e| e.map(|e| e.words))
    };
    let (expected, expected_nb) = (expected_in(Language::En)?, expected_in(Language::Nb)?);
    let timeline = state
        .store
        .case_timeline(&row.id, !full)
        .await?
        .into_iter()
        .map(|t| {
            let data: Option<serde_json::Value> = t.data_json.as_deref().and_then(|d| serde_json::from_str(d).ok());
            Ok(TimelineEntry {
                seq: t.seq,
                at: instant("case event at", &t.at)?,
                kind: t.kind,
                actor: t.actor,
                text: t.text,
                text_nb: super::words::nb_of(data.as_ref()),
                data: if full { data } else { None },
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let photos = state
        .store
        .case_photos(&row.id)
        .await?
        .into_iter()
        .map(|p| {
            Ok(CasePhoto {
                url: format!("/api/v1/cases/{}/photos/{}", row.id, p.id),
                thumbnail_url: format!("/api/v1/cases/{}/photos/{}/thumbnail", row.id, p.id),
                uploaded_at: instant("photo uploaded_at", &p.uploaded_at)?,
                id: p.id,
                content_type: p.content_type,
                bytes: u64::try_from(p.bytes).unwrap_or_default(),
                width: u32::try_from(p.width).unwrap_or_default(),
                height: u32::try_from(p.height).unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let connector_status = match (&row.charger_id, connector(row)) {
        (Some(charger), Some(n)) => state.store.connector(charger, i64::from(n)).await?.map(|c| c.status),
        _ => None,
    };
    let charger_online = row.charger_id.as_deref().is_some_and(|c| state.links.is_online(c));
    let customer = full.then(|| ladeklar_api::CaseCustomer {
        kind: ladeklar_store::enum_str(&case.reporter.kind),
        name: case.reporter.name.clone(),
        contact: case.reporter.contact.clone(),
        channel: ladeklar_store::enum_str(&case.channel),
        has_account: row.reporter_id.is_some(),
    });
    let sla = if full {
        case_sla_status(&case, level, &calendar, now.max(case.opened_at))
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("case {}: {e}", case.id)))?
            .into_iter()
            .map(|t| {
                let (outcome, minutes) = match t.outcome {
                    ClockOutcome::Met { margin_minutes, .. } => ("met", margin_minutes),
                    ClockOutcome::Running { left_minutes } => ("running", left_minutes),
                    ClockOutcome::Breached { late_minutes, .. } => ("breached", -late_minutes),
                };
                SlaClockView {
                    kind: ladeklar_store::enum_str(&t.kind),
                    label: t.kind.label().to_owned(),
                    target_minutes: t.target_minutes,
                    deadline: t.deadline,
                    achieved_at: t.achieved_at,
                    outcome: outcome.to_owned(),
                    minutes,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(CaseView {
        sla,
        connector_status,
        charger_online,
        customer,
        id: row.id.clone(),
        number: row.number,
        state: row.state.clone(),
        state_text: case.state.to_string(),
        line: row.line.clone(),
        priority: row.priority.clone(),
        priority_reason: case.priority_reason.clone(),
        category: row.category.clone(),
        description: case.description.clone(),
        site_id: row.site_id.clone(),
        owner_id: row.owner_id.clone(),
        charger_id: row.charger_id.clone(),
        connector_id: connector(row),
        session_id: row.session_id.clone(),
        sla_level: row.sla_level.clone(),
        opened_at: case.opened_at,
        due_at: row.due_at()?,
        expected_resolution: expected,
        expected_resolution_nb: expected_nb,
        awaiting_confirmation: case.state == CaseState::AwaitingConfirmation,
        timeline,
        photos,
        pause_refused: if full {
            case.pause_refused(now.max(case.last_change())).map(|why| match why {
                PauseRefused::Priority { .. } => "priority".to_owned(),
                PauseRefused::Used { .. } => "used".to_owned(),
            })
        } else {
            None
        },
        action_proposal: if full {
            case.action_proposal.as_ref().and_then(|p| serde_json::to_value(p).ok())
        } else {
            None
        },
        diagnosis: if full {
            diagnosis_of(row).and_then(|d| serde_json::to_value(d).ok())
        } else {
            None
        },
    })
}
