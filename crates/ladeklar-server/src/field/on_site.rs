//! On site: a step on a work order (online), a whole visit report from a phone (also after
//! being offline), the photos before and after, verifying operation.
//!
//! A report is keyed by the phone's client id: the same id and the same body answer what
//! the first answered and change nothing; the same id with another body is 409. A report
//! for a case that moved on (closed, cancelled, given to another technician) is stored and
//! flagged for 3rd line, with a note on the case — never applied, never lost. Otherwise core
//! replays it on the work order, and the case engine's events for where the order stands
//! (the arrival; at check-out the verified work, the request and the customer's sign-off as
//! their confirmation) move the case — closed through the case engine's own rule. The work
//! order, the case, the report's row and the timeline lines are one transaction.

use std::collections::BTreeSet;

use axum::body::Body;
use chrono::{DateTime, Utc};
use ladeklar_api::{VerificationRun, VisitReportAnswer, WorkOrderPhoto};
use ladeklar_core::accounts::Principal;
use ladeklar_core::field::verification::{verify, TestCharge};
use ladeklar_core::field::visit_report::{check_sign_off, ReportFate, ReportProblem, SignOff, VisitReport};
use ladeklar_core::field::work_order::{StepContext, WorkOrder, WorkOrderEvent, WorkOrderRefused};
use ladeklar_core::session::ConnectorStatus;
use ladeklar_store::{CaseChange, NewTimelineEntry, NewVisitReport, OrderWriteOutcome, VisitReportRow, WorkOrderRow};
use sha2::{Digest, Sha256};

use crate::cases::{self, case_of, diagnosis_of, transition_entry};
use crate::error::ApiError;
use crate::AppState;

const ATTEMPTS: usize = 4;

/// What arrives on a work order.
pub enum Arrival {
    Step(WorkOrderEvent),
    Report {
        client_id: String,
        report: Box<VisitReport>,
        body_json: String,
        body_sha256: String,
    },
}

/// A phone's id for a report or a photo: 1–100 letters, digits, `-` or `_`.
pub fn check_client_id(raw: &str) -> Result<String, ApiError> {
    let id = raw.trim();
    let ok = !id.is_empty() && id.len() <= 100 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return Err(ApiError::InvalidRequest(
            "client_id: 1–100 letters, digits, '-' or '_' (a UUID made by the phone)".into(),
        ));
    }
    Ok(id.to_owned())
}

/// Reads a report's body: core's `VisitReport`, and its fingerprint (the report as read,
/// so key order and spacing of the JSON do not matter).
pub fn read_report(client_id: &str, body: serde_json::Value) -> Result<Arrival, ApiError> {
    let client_id = check_client_id(client_id)?;
    let report: VisitReport =
        serde_json::from_value(body).map_err(|e| ApiError::InvalidRequest(format!("report: {e}")))?;
    // A drawn signature core takes (a PNG data URL within its size) must also be a PNG.
    if let Some(sign_off @ SignOff::Signature { signature, .. }) = &report.sign_off {
        if check_sign_off(sign_off).is_ok() && super::documents::signature_picture(signature).is_none() {
            return Err(ApiError::WorkOrderRefused(WorkOrderRefused::Report(
                ReportProblem::SignatureUnreadable,
            )));
        }
    }
    let body_json = serde_json::to_string(&report).map_err(anyhow::Error::from)?;
    let body_sha256 = hex::encode(Sha256::digest(body_json.as_bytes()));
    Ok(Arrival::Report {
        client_id,
        report: Box::new(report),
        body_json,
        body_sha256,
    })
}

fn answer_of(prev: &VisitReportRow, order: &WorkOrderRow, case_state: &str) -> VisitReportAnswer {
    VisitReportAnswer {
        client_id: prev.client_id.clone(),
        outcome: prev.outcome.clone(),
        why: prev.why.clone(),
        work_order_state: order.state.clone(),
        case_state: case_state.to_owned(),
    }
}

/// A report received before: the same body answers as before, another is 409.
async fn repeat(
    state: &AppState,
    prev: &VisitReportRow,
    order_id: &str,
    sha: &str,
) -> Result<(bool, VisitReportAnswer), ApiError> {
    if prev.work_order_id != order_id || prev.body_sha256 != sha {
        return Err(ApiError::DuplicateReportDiffers(prev.client_id.clone()));
    }
    let order = super::load(state, order_id).await?;
    let case = cases::load(state, &order.case_id).await?;
    Ok((prev.outcome == "applied", answer_of(prev, &order, &case.state)))
}

/// Applies what arrived on the work order by `who`. Answers (applied, the answer).
pub async fn arrive(
    state: &AppState,
    who: &Principal,
    order_row: &WorkOrderRow,
    arrival: Arrival,
    now: DateTime<Utc>,
) -> Result<(bool, VisitReportAnswer), ApiError> {
    if let Arrival::Report {
        client_id, body_sha256, ..
    } = &arrival
    {
        if let Some(prev) = state.store.visit_report(client_id).await? {
            return repeat(state, &prev, &order_row.id, body_sha256).await;
        }
    }
    let mut order_row = order_row.clone();
    for _ in 0..ATTEMPTS {
        let order = super::order_of(&order_row)?;
        let case_row = cases::load(state, &order_row.case_id).await?;
        let case = case_of(&case_row)?;
        let photos: BTreeSet<String> = state
            .store
            .work_order_photos(&order.id)
            .await?
            .into_iter()
            .map(|(_, photo)| photo)
            .collect();
        let ctx = StepContext {
            parts: super::parts_list(),
            photos: &photos,
        };
        let received_by = who.user_id.to_string();
        let (next, report_row, kept_why) = match &arrival {
            Arrival::Step(event) => {
                if let ReportFate::KeepForThirdLine { why } = order.report_fate(&case) {
                    return Err(ApiError::WorkOrderRefused(
                        ladeklar_core::field::work_order::WorkOrderRefused::NotFromState {
                            state: order.state,
                            step: format!("{} ({why})", event.name()),
                        },
                    ));
                }
                let mut next = order.clone();
                next.apply(event.clone(), ctx, now.max(order.last_step()))
                    .map_err(ApiError::WorkOrderRefused)?;
                (Some(next), None, None)
            }
            Arrival::Report {
                client_id,
                report,
                body_json,
                body_sha256,
            } => match order.report_fate(&case) {
                ReportFate::Apply => {
                    let next = order.apply_report(report, ctx).map_err(ApiError::WorkOrderRefused)?;
                    let row = NewVisitReport {
                        client_id,
                        body_sha256,
                        body_json,
                        outcome: "applied",
                        why: None,
                        received_by: &received_by,
                    };
                    (Some(next), Some(row), None)
                }
                ReportFate::KeepForThirdLine { why } => {
                    let row = NewVisitReport {
                        client_id,
                        body_sha256,
                        body_json,
                        outcome: "kept_for_third_line",
                        why: None,
                        received_by: &received_by,
                    };
                    (None, Some(row), Some(why))
                }
            },
        };
        let mut entries: Vec<NewTimelineEntry> = Vec::new();
        let mut moved = case.clone();
        if let Some(next) = &next {
            for (actor, event, at) in next.case_events(&case) {
                let from = moved.state;
                let at = at.min(now).max(moved.last_change());
                moved.apply(actor, event.clone(), at).map_err(ApiError::CaseRefused)?;
                entries.push(transition_entry(actor, &event, from, moved.state, at));
            }
        }
        if let Some(why) = &kept_why {
            entries.push(NewTimelineEntry {
                at: now,
                kind: "note",
                actor: "technician".into(),
                for_driver: false,
                text: format!(
                    "A visit report arrived for work order {} and is kept for 3rd line: {why}",
                    order.id
                ),
                data: Some(serde_json::json!({"work_order": order.id})),
            });
        }
        let schedule = cases::schedule(&moved, diagnosis_of(&case_row).as_ref(), now)?;
        let change = (moved.state != case.state).then_some(CaseChange {
            case: &moved,
            version: case_row.version,
            schedule: &schedule,
        });
        let kept_row = report_row.map(|mut r| {
            r.why = kept_why.as_deref();
            r
        });
        let outcome = state
            .store
            .write_work_order(
                next.as_ref().map(|n| (n, order_row.version)),
                change.as_ref(),
                kept_row.as_ref().map(|r| (order.id.as_str(), r)),
                &case_row.id,
                &entries,
                now,
            )
            .await?;
        match outcome {
            OrderWriteOutcome::Written => {
                if !entries.is_empty() {
                    cases::notify(state, &case_row.id);
                }
                if moved.state != case.state {
                    let written = cases::load(state, &case_row.id).await?;
                    let (st, c) = (state.clone(), moved.clone());
                    tokio::spawn(async move { cases::mail_reporter(&st, &written, &c).await });
                }
                let order_now = super::load(state, &order.id).await?;
                let answer = VisitReportAnswer {
                    client_id: kept_row.as_ref().map(|r| r.client_id.to_owned()).unwrap_or_default(),
                    outcome: if kept_why.is_some() {
                        "kept_for_third_line"
                    } else {
                        "applied"
                    }
                    .into(),
                    why: kept_why.clone(),
                    work_order_state: order_now.state.clone(),
                    case_state: ladeklar_store::enum_str(&moved.state),
                };
                return Ok((kept_why.is_none(), answer));
            }
            OrderWriteOutcome::DuplicateReport => {
                if let Arrival::Report {
                    client_id, body_sha256, ..
                } = &arrival
                {
                    if let Some(prev) = state.store.visit_report(client_id).await? {
                        return repeat(state, &prev, &order.id, body_sha256).await;
                    }
                }
            }
            OrderWriteOutcome::Stale => {}
        }
        order_row = super::load(state, &order_row.id).await?;
    }
    Err(ApiError::CaseChanged(order_row.case_id.clone()))
}

/// A photo before or after: stored as the case's photo (the same limits and processing as a
/// fault photo); the phone's id makes a repeated upload the same photo.
pub async fn add_photo(
    state: &AppState,
    who: &Principal,
    order: &WorkOrderRow,
    client_id: &str,
    body: Body,
    declared: Option<u64>,
    now: DateTime<Utc>,
) -> Result<(bool, WorkOrderPhoto), ApiError> {
    let client_id = check_client_id(client_id)?;
    let view = |photo_id: String| WorkOrderPhoto {
        url: format!("/api/v1/cases/{}/photos/{photo_id}", order.case_id),
        client_id: client_id.clone(),
        photo_id,
    };
    if let Some(photo_id) = state.store.work_order_photo(&order.id, &client_id).await? {
        return Ok((false, view(photo_id)));
    }
    let case_row = cases::load(state, &order.case_id).await?;
    let photo = cases::photos::add_photo(
        state,
        &case_row,
        Some(who.user_id.to_string()),
        "technician".into(),
        body,
        declared,
        now,
    )
    .await?;
    let photo_id = state
        .store
        .link_work_order_photo(&order.id, &client_id, &photo.id)
        .await?;
    Ok((true, view(photo_id)))
}

/// How long a test charge runs between the charger's start and the remote stop.
const TEST_CHARGE_DWELL: std::time::Duration = std::time::Duration::from_secs(2);

/// Waits (polling the store) until `done` holds for the session, for at most `limit`.
async fn wait_for_session(
    state: &AppState,
    session_id: &str,
    limit: std::time::Duration,
    done: impl Fn(&ladeklar_store::SessionRow) -> bool,
) -> Result<Option<ladeklar_store::SessionRow>, ApiError> {
    let until = tokio::time::Instant::now() + limit;
    loop {
        let row = state.store.session(session_id).await?;
        if row.as_ref().is_some_and(&done) {
            return Ok(row);
        }
        if tokio::time::Instant::now() >= until {
            return Ok(None);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A test charge on the connector through the sessions' own path: a session of the
/// technician's (the server's APP tag), RemoteStartTransaction, the charger's
/// StartTransaction, a short charge, RemoteStopTransaction and the charger's
/// StopTransaction; what happened is the `TestCharge` core judges.
async fn test_charge(
    state: &AppState,
    technician: ladeklar_core::accounts::UserId,
    charger_id: &str,
    connector_id: u32,
) -> Result<TestCharge, ApiError> {
    use crate::charging::driver_actions::{check_start, insert_pending};
    use ladeklar_core::session::SessionStatus;
    let failed = |note: String| TestCharge {
        started: false,
        stopped: false,
        meter_start_wh: None,
        meter_stop_wh: None,
        note: Some(note),
    };
    // A test charge starts as a driver's session does: the same checks, the price in effect
    // now kept by the session, the server's own tag; a refusal is the run's result.
    let now = state.now();
    let pending = match check_start(state, charger_id, connector_id, now).await {
        Ok(price) => insert_pending(state, charger_id, connector_id, &price, Some(technician), now).await,
        Err(e) => Err(e),
    };
    let session_id = match pending {
        Ok(id) => id,
        Err(e @ (ApiError::CannotStart { .. } | ApiError::ConnectorNotFound { .. })) => {
            return Ok(failed(format!("not started: {e}")))
        }
        Err(e) => return Err(e),
    };
    if let Err(e) = crate::charging::driver_actions::remote_start(state, &session_id).await {
        return Ok(failed(format!("not started: {e}")));
    }
    let limit = std::time::Duration::from_secs(state.config.call_timeout_s.max(1) * 2);
    let started = wait_for_session(state, &session_id, limit, |r| r.transaction_id.is_some()).await?;
    let Some(started) = started else {
        return Ok(failed(
            "the charger accepted the start but never started the transaction".into(),
        ));
    };
    tokio::time::sleep(TEST_CHARGE_DWELL).await;
    let mut note = None;
    if let Err(e) = crate::charging::stop_session(state, &session_id).await {
        note = Some(format!("stop: {e}"));
    }
    let finished = wait_for_session(state, &session_id, limit, |r| {
        SessionStatus::parse(&r.status).is_some_and(|s| !s.is_active()) && r.meter_stop_wh.is_some()
    })
    .await?;
    Ok(TestCharge {
        started: true,
        stopped: finished.is_some(),
        meter_start_wh: started.meter_start_wh,
        meter_stop_wh: finished.as_ref().and_then(|r| r.meter_stop_wh),
        note,
    })
}

/// Verifies operation: the connector's live status (as the charger last reported it) and,
/// when asked, a test charge; core's verdict, recorded as a verification run of the order.
pub async fn verify_operation(
    state: &AppState,
    order: &WorkOrder,
    technician: ladeklar_core::accounts::UserId,
    connector_id: Option<u32>,
    run_test_charge: bool,
    now: DateTime<Utc>,
) -> Result<VerificationRun, ApiError> {
    let case_row = cases::load(state, &order.case_id.to_string()).await?;
    let charger_id = case_row
        .charger_id
        .clone()
        .ok_or_else(|| ApiError::InvalidRequest("connector_id: the case names no charger to verify".into()))?;
    let connector_id = connector_id
        .or(case_row.connector_id.and_then(|c| u32::try_from(c).ok()))
        .unwrap_or(1);
    let connector = state
        .store
        .connector(&charger_id, i64::from(connector_id))
        .await?
        .ok_or_else(|| ApiError::ConnectorNotFound {
            charger_id: charger_id.clone(),
            connector_id,
        })?;
    let charge = if run_test_charge {
        Some(test_charge(state, technician, &charger_id, connector_id).await?)
    } else {
        None
    };
    // The status as it is after the test charge (it ends Available when all went well).
    let status_now = state
        .store
        .connector(&charger_id, i64::from(connector_id))
        .await?
        .map_or(connector.status.clone(), |c| c.status);
    let status: ConnectorStatus =
        ladeklar_store::parse_enum("connector status", &status_now).unwrap_or(ConnectorStatus::Unknown);
    let verification = verify(connector_id, status, charge.as_ref());
    let id = uuid::Uuid::new_v4().to_string();
    let run = VerificationRun {
        id: id.clone(),
        at: now,
        connector_id,
        status: status_now,
        test_charge: charge
            .as_ref()
            .map(serde_json::to_value)
            .transpose()
            .map_err(anyhow::Error::from)?,
        verification: serde_json::to_value(&verification).map_err(anyhow::Error::from)?,
    };
    let json = serde_json::to_string(&run).map_err(anyhow::Error::from)?;
    state.store.add_verification_run(&id, &order.id, now, &json).await?;
    Ok(run)
}
