//! The remote-fix attempt: core's fault analysis over the charger's recent
//! StatusNotifications (read from the charger log), the driver's report category and the
//! remedies already tried; where it proposes a remote remedy the server sends it over OCPP
//! (the commands path: the charger's `Link`) and writes each step on the timeline. When the
//! connector then reports Available with NoError, the system resolves the case remotely
//! (core's `ResolveRemotely`, verified by that status): "fixed, awaiting confirmation".

use std::time::Duration;

use chrono::{DateTime, Utc};
use ladeklar_api::{AvailabilityType, ChargerCommand, ResetType};
use ladeklar_core::session::ConnectorStatus;
use ladeklar_core::support::case::{Actor, CaseEvent, CaseState, Verification};
use ladeklar_core::support::fault::{
    analyse, ChargePointErrorCode, FaultInput, Localised, RemedyAttempt, RemoteRemedy, ReportCategory, StatusReport,
};
use ladeklar_store::{parse_enum, parse_instant, CaseRow, NewTimelineEntry};
use serde_json::{json, Value};

use ladeklar_core::support::remote_fix::{follow_up, FollowUp};

use super::{case_of, diagnosis_of, fault_knowledge, notify, schedule, work};
use crate::error::ApiError;
use crate::AppState;

/// How much of the charger log the analysis reads.
const LOG_ENTRIES: i64 = 500;

fn status_of(ocpp: &str) -> Option<ConnectorStatus> {
    Some(match ocpp {
        "Available" => ConnectorStatus::Available,
        "Preparing" => ConnectorStatus::Preparing,
        "Charging" => ConnectorStatus::Charging,
        "SuspendedEVSE" => ConnectorStatus::SuspendedEvse,
        "SuspendedEV" => ConnectorStatus::SuspendedEv,
        "Finishing" => ConnectorStatus::Finishing,
        "Reserved" => ConnectorStatus::Reserved,
        "Unavailable" => ConnectorStatus::Unavailable,
        "Faulted" => ConnectorStatus::Faulted,
        _ => return None,
    })
}

/// A StatusNotification CALL in the log as core's `StatusReport` (the charger's timestamp,
/// else when it was logged), if the text is one.
pub fn status_report(text: &str, logged_at: DateTime<Utc>) -> Option<StatusReport> {
    let frame: Value = serde_json::from_str(text).ok()?;
    let frame = frame.as_array()?;
    if frame.first()?.as_i64()? != 2 || frame.get(2)?.as_str()? != "StatusNotification" {
        return None;
    }
    let p = frame.get(3)?;
    let at = p["timestamp"]
        .as_str()
        .and_then(|t| parse_instant("timestamp", t).ok())
        .unwrap_or(logged_at)
        .min(logged_at);
    Some(StatusReport {
        at,
        connector_id: u32::try_from(p["connectorId"].as_u64()?).ok()?,
        status: status_of(p["status"].as_str()?)?,
        error_code: p["errorCode"].as_str()?.parse::<ChargePointErrorCode>().ok()?,
        info: p["info"].as_str().map(str::to_owned),
        vendor_id: p["vendorId"].as_str().map(str::to_owned),
        vendor_error_code: p["vendorErrorCode"].as_str().map(str::to_owned),
    })
}

/// The reports about the case's connector (and the charger as a whole) in the log.
async fn history(state: &AppState, charger_id: &str, connector_id: u32) -> Result<Vec<StatusReport>, ApiError> {
    let log = state.store.charger_log(charger_id, LOG_ENTRIES).await?;
    Ok(log
        .iter()
        .filter(|e| e.direction == "in")
        .filter_map(|e| {
            let at = parse_instant("log at", &e.at).ok()?;
            status_report(&e.text, at)
        })
        .filter(|r| r.connector_id == connector_id || r.connector_id == 0)
        .collect())
}

/// The remedies tried on the case so far, from its timeline.
async fn tried(state: &AppState, case_id: &str) -> Result<Vec<RemedyAttempt>, ApiError> {
    Ok(state
        .store
        .case_timeline(case_id, false)
        .await?
        .into_iter()
        .filter(|t| t.kind == "remote_step")
        .filter_map(|t| {
            let data: Value = serde_json::from_str(t.data_json.as_deref()?).ok()?;
            let remedy: RemoteRemedy = serde_json::from_value(data["remedy"].clone()).ok()?;
            let at = parse_instant("case event at", &t.at).ok()?;
            let succeeded = data["phase"] == "verified";
            let tried = ["sent", "failed", "refused", "verified"]
                .iter()
                .any(|p| data["phase"] == *p);
            tried.then_some(RemedyAttempt { remedy, at, succeeded })
        })
        .collect())
}

fn command_for(remedy: RemoteRemedy, connector_id: u32) -> Option<ChargerCommand> {
    Some(match remedy {
        RemoteRemedy::SoftReset => ChargerCommand::Reset { kind: ResetType::Soft },
        RemoteRemedy::HardReset => ChargerCommand::Reset { kind: ResetType::Hard },
        RemoteRemedy::UnlockConnector => ChargerCommand::UnlockConnector { connector_id },
        RemoteRemedy::ChangeAvailability => ChargerCommand::ChangeAvailability {
            connector_id,
            kind: AvailabilityType::Operative,
        },
        RemoteRemedy::SendLocalList => return None,
    })
}

fn step(words: Localised, for_driver: bool, data: Value, now: DateTime<Utc>) -> NewTimelineEntry {
    super::words::with_nb(
        NewTimelineEntry {
            at: now,
            kind: "remote_step",
            actor: "system".into(),
            for_driver,
            text: words.en,
            data: Some(data),
        },
        words.nb,
    )
}

/// Analyses the case's fault and tries the first remote remedy the analysis proposes.
pub async fn attempt(state: &AppState, case_id: &str) -> Result<(), ApiError> {
    let now = state.now();
    let Some(row) = state.store.case_row(case_id).await? else {
        return Ok(());
    };
    let case = case_of(&row)?;
    let (Some(charger_id), Some(connector_id)) = (case.charger_id.clone(), case.connector_id) else {
        return Ok(());
    };
    let history = history(state, &charger_id, connector_id).await?;
    let tried = tried(state, case_id).await?;
    let category = parse_enum::<ReportCategory>("case category", &row.category).ok();
    let now = now.max(case.last_change());
    let diagnosis = analyse(
        fault_knowledge(),
        FaultInput {
            history: &history,
            category,
            tried: &tried,
            now,
        },
    )
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("case {case_id}: fault analysis: {e}")))?;
    let mut entries = vec![NewTimelineEntry {
        at: now,
        kind: "analysis",
        actor: "system".into(),
        for_driver: false,
        text: format!(
            "{} ({}% confidence). Likely cause: {} Remote remedies: {}.",
            diagnosis.meaning,
            diagnosis.confidence,
            diagnosis.likely_cause,
            if diagnosis.remedies.is_empty() {
                "none".to_owned()
            } else {
                diagnosis
                    .remedies
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ),
        data: Some(json!({"reasoning": diagnosis.reasoning})),
    }];
    // What the driver is told: with a remedy, once it was sent (the message says so).
    let driver_message = super::words::with_nb(
        NewTimelineEntry {
            at: now,
            kind: "analysis",
            actor: "system".into(),
            for_driver: true,
            text: diagnosis.driver_message.en.clone(),
            data: None,
        },
        diagnosis.driver_message.nb.clone(),
    );
    if diagnosis.remedies.is_empty() {
        entries.push(driver_message.clone());
    }
    let remedy = diagnosis
        .remedies
        .iter()
        .copied()
        .find_map(|r| command_for(r, connector_id).map(|c| (r, c)));
    let link = state.links.get(&charger_id);
    let remedy = match (remedy, link) {
        (Some(r), Some(link)) if case.state == CaseState::FirstLine => Some((r, link)),
        (Some((r, _)), None) => {
            entries.push(step(
                Localised {
                    en: format!("The charger is offline: the {} could not be sent.", r.as_str()),
                    nb: format!(
                        "Laderen er frakoblet: {} kunne ikke sendes.",
                        super::words::remedy_nb(r)
                    ),
                },
                false,
                json!({"remedy": r, "phase": "not_sent"}),
                now,
            ));
            None
        }
        _ => None,
    };
    let diagnosis_json = serde_json::to_string(&diagnosis).map_err(anyhow::Error::from)?;
    // Written beside whatever else changed the case meanwhile (the analysis does not change
    // the case itself): read again and retry a few times.
    let mut row = row;
    for _ in 0..4 {
        let current = case_of(&row)?;
        let s = schedule(&current, Some(&diagnosis), now.max(current.last_change()))?;
        let outcome = state
            .store
            .write_case(&current, row.version, &s, Some(&diagnosis_json), &entries, None, now)
            .await?;
        if outcome == ladeklar_store::CaseWriteOutcome::Written {
            break;
        }
        match state.store.case_row(case_id).await? {
            Some(r) => row = r,
            None => return Ok(()),
        }
    }
    notify(state, case_id);
    let Some(((remedy, command), link)) = remedy else {
        return Ok(());
    };
    let call = crate::api::to_ocpp_call(&command)?;
    let (action, payload) = call.to_action_payload();
    let timeout = Duration::from_secs(state.config.call_timeout_s);
    let answer = link.call(action, payload, timeout).await;
    let now = state.now().max(now);
    let sent = matches!(&answer, Ok(r) if r["status"] == "Accepted" || r["status"] == "Unlocked" || r["status"] == "Scheduled");
    let (text, data) = match &answer {
        Ok(response) => {
            let status = response["status"].as_str().unwrap_or("no status").to_owned();
            let phase = if status == "Accepted" || status == "Unlocked" || status == "Scheduled" {
                "sent"
            } else {
                "refused"
            };
            (
                super::words::remedy_answered(remedy, &status),
                json!({"remedy": remedy, "phase": phase, "action": action, "response": response}),
            )
        }
        Err(failure) => (
            super::words::remedy_unanswered(remedy),
            json!({"remedy": remedy, "phase": "failed", "action": action, "error": format!("{failure:?}")}),
        ),
    };
    let mut steps = vec![step(text, true, data, now)];
    if sent {
        steps.push(NewTimelineEntry {
            at: now,
            ..driver_message
        });
    }
    state.store.add_case_entries(case_id, &steps, now).await?;
    if sent {
        // When the charger must have shown it worked (core's follow-up rule).
        let check = match follow_up(now, diagnosis.verify.as_ref(), 0, now) {
            FollowUp::Wait { until } => until,
            FollowUp::TryNext { deadline } | FollowUp::GiveUp { deadline } => deadline,
        };
        state.store.set_case_remedy_check(case_id, Some(check)).await?;
    }
    notify(state, case_id);
    Ok(())
}

/// A connector reported `status` with `error_code`: an open case on it whose remote remedy
/// was sent is resolved by the system when the connector is Available with NoError.
pub async fn on_status(
    state: &AppState,
    charger_id: &str,
    connector_id: u32,
    status: ConnectorStatus,
    error_code: Option<&str>,
) -> Result<(), ApiError> {
    let no_error = error_code.is_none_or(|e| e.eq_ignore_ascii_case("NoError"));
    if status != ConnectorStatus::Available || !no_error {
        return Ok(());
    }
    for row in state.store.open_cases_of_charger(charger_id).await? {
        if row.connector_id != Some(i64::from(connector_id)) {
            continue;
        }
        // A remedy that made a damaged charger safe is not a fix (core's rule).
        if !ladeklar_core::support::remote_fix::confirms_fix(diagnosis_of(&row).as_ref(), status, no_error) {
            continue;
        }
        let case = case_of(&row)?;
        if !matches!(case.state, CaseState::FirstLine | CaseState::SecondLine) {
            continue;
        }
        let Some((sent, _)) = pending_remedy(state, &row).await? else {
            continue;
        };
        let now = state.now().max(case.last_change());
        let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let verification = Verification {
            method: format!("StatusNotification Available with NoError after the {}", sent.as_str()),
            passed: true,
            evidence: format!("connector {connector_id} reported Available at {at}"),
        };
        let verified = step(
            super::words::remedy_worked(sent, connector_id),
            true,
            json!({"remedy": sent, "phase": "verified"}),
            now,
        );
        work::apply_event(
            state,
            &row,
            Actor::System,
            CaseEvent::ResolveRemotely { verification },
            vec![verified],
            now,
        )
        .await?;
        state.store.set_case_remedy_check(&row.id, None).await?;
        tracing::info!(case = %row.id, %charger_id, connector_id, "remote fix verified by the charger");
    }
    Ok(())
}

/// The remedy sent on the case and not yet verified, if any, and when it was sent.
async fn pending_remedy(state: &AppState, row: &CaseRow) -> Result<Option<(RemoteRemedy, DateTime<Utc>)>, ApiError> {
    let steps = state.store.case_timeline(&row.id, false).await?;
    let last = steps.iter().rev().find(|t| t.kind == "remote_step");
    Ok(last.and_then(|t| {
        let data: Value = serde_json::from_str(t.data_json.as_deref()?).ok()?;
        if data["phase"] != "sent" {
            return None;
        }
        let remedy = serde_json::from_value(data["remedy"].clone()).ok()?;
        Some((remedy, parse_instant("case event at", &t.at).ok()?))
    }))
}

/// The SLA job's call when a case's remedy check is due: core's follow-up says wait, try
/// the next remedy the analysis proposes, or give up (1st line takes it from there).
pub async fn follow_up_remedy(state: &AppState, row: &CaseRow, now: DateTime<Utc>) -> Result<(), ApiError> {
    let case = case_of(row)?;
    let pending = pending_remedy(state, row).await?;
    let Some((remedy, sent_at)) =
        pending.filter(|_| matches!(case.state, CaseState::FirstLine | CaseState::SecondLine))
    else {
        return state
            .store
            .set_case_remedy_check(&row.id, None)
            .await
            .map_err(Into::into);
    };
    let diagnosis = diagnosis_of(row);
    let tried = tried(state, &row.id).await?;
    let left = diagnosis.as_ref().map_or(0, |d| {
        d.remedies
            .iter()
            .filter(|r| !tried.iter().any(|t| t.remedy == **r) && command_for(**r, 1).is_some())
            .count()
    });
    let verify = diagnosis.as_ref().and_then(|d| d.verify);
    let (text, next) = match follow_up(sent_at, verify.as_ref(), left, now) {
        FollowUp::Wait { until } => {
            return state
                .store
                .set_case_remedy_check(&row.id, Some(until))
                .await
                .map_err(Into::into);
        }
        FollowUp::TryNext { .. } => (super::words::remedy_failed(remedy, true), true),
        FollowUp::GiveUp { .. } => (super::words::remedy_failed(remedy, false), false),
    };
    state
        .store
        .add_case_entries(
            &row.id,
            &[step(text, true, json!({"remedy": remedy, "phase": "failed"}), now)],
            now,
        )
        .await?;
    state.store.set_case_remedy_check(&row.id, None).await?;
    notify(state, &row.id);
    if next {
        attempt(state, &row.id).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn status_notifications_in_the_log_become_status_reports() {
        let logged = Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap();
        let text = r#"[2,"7","StatusNotification",{"connectorId":1,"errorCode":"GroundFailure","status":"Faulted","timestamp":"2026-12-06T09:59:00Z","vendorId":"Ladeklar","vendorErrorCode":"LK-002"}]"#;
        let r = status_report(text, logged).expect("a report");
        assert_eq!(r.connector_id, 1);
        assert_eq!(r.status, ConnectorStatus::Faulted);
        assert_eq!(r.error_code, ChargePointErrorCode::GroundFailure);
        assert_eq!(r.at, Utc.with_ymd_and_hms(2026, 12, 6, 9, 59, 0).unwrap());
        assert_eq!(r.vendor_error_code.as_deref(), Some("LK-002"));
        // A charger clock ahead of ours is read as when we logged it.
        let ahead = text.replace("09:59:00", "11:00:00");
        assert_eq!(status_report(&ahead, logged).unwrap().at, logged);
        for other in [
            r#"[3,"7",{}]"#,
            r#"[2,"8","Heartbeat",{}]"#,
            r#"[2,"9","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}]"#,
            "(binary frame)",
        ] {
            assert!(status_report(other, logged).is_none(), "{other}");
        }
    }
}
