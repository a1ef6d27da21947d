//! 3rd line books a visit: core proves the slot is inside the case's SLA window and the
//! expected parts are on the parts list, the case engine moves the case to "visit
//! scheduled" (only 3rd line may), and the case and the new work order are written in one
//! transaction. The customer and the technician are mailed.

use chrono::{DateTime, Utc};
use ladeklar_api::ScheduleVisitRequest;
use ladeklar_core::accounts::{parse_email, Principal, Role, UserId};
use ladeklar_core::field::slot::{schedule, visit_window, Slot};
use ladeklar_core::field::visit_report::{check_parts, PartUsed};
use ladeklar_core::field::work_order::{replaced_by_booking, WorkOrder, WorkOrderRefused};
use ladeklar_core::support::case::{CaseEvent, Visit};
use ladeklar_core::support::intake::actor_for;
use ladeklar_store::{CaseChange, CaseRow, NewTimelineEntry, OrderWriteOutcome, WorkOrderRow};

use crate::cases::{self, case_of, diagnosis_of, level_of, transition_entry};
use crate::error::ApiError;
use crate::AppState;

const ATTEMPTS: usize = 4;

/// Books the visit `req` on the case in `row` by `who`; answers the new work order's row.
pub async fn book(
    state: &AppState,
    who: &Principal,
    row: &CaseRow,
    req: ScheduleVisitRequest,
    now: DateTime<Utc>,
) -> Result<WorkOrderRow, ApiError> {
    let email = parse_email(req.technician.trim()).map_err(|e| ApiError::NotATechnician(e.to_string()))?;
    let technician = state
        .store
        .user_by_email(&email)
        .await?
        .filter(|u| u.deleted_at.is_none() && u.disabled_at.is_none())
        .ok_or_else(|| ApiError::NotATechnician(format!("no account {}", req.technician.trim())))?;
    if !technician.principal().has(&Role::Technician) {
        return Err(ApiError::NotATechnician(format!(
            "{} is not a technician",
            req.technician.trim()
        )));
    }
    if req.customer_agreed == Some(false) {
        return Err(ApiError::InvalidRequest(
            "customer_agreed: the customer has not agreed to the visit; agree it with them first".into(),
        ));
    }
    if req.customer_agreement.trim().is_empty() {
        return Err(ApiError::InvalidRequest(
            "customer_agreement: say what the customer agreed to (time, access, who meets the technician)".into(),
        ));
    }
    let lines: Vec<PartUsed> = req
        .expected_parts
        .iter()
        .map(|p| PartUsed {
            part: p.part.clone(),
            quantity: p.quantity,
        })
        .collect();
    let expected = check_parts("expected_parts", &lines, super::parts_list())
        .map_err(|e| ApiError::WorkOrderRefused(WorkOrderRefused::Report(e)))?;
    let slot = Slot {
        starts_at: req.starts_at,
        ends_at: req.ends_at,
    };
    let order_id = uuid::Uuid::new_v4().to_string();
    let mut row = row.clone();
    for _ in 0..ATTEMPTS {
        let mut case = case_of(&row)?;
        let level = level_of(&case)?;
        let window = visit_window(&case, level, now).map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
        schedule(&slot, &window, now).map_err(ApiError::SlotRefused)?;
        let actor =
            actor_for(who, false, case.state).ok_or(ApiError::Forbidden("the caller has no part in this case"))?;
        let event = CaseEvent::ScheduleVisit {
            visit: Visit {
                technician: technician.id.to_string(),
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
            },
        };
        let from = case.state;
        case.apply(actor, event.clone(), now.max(case.last_change()))
            .map_err(ApiError::CaseRefused)?;
        let order = WorkOrder::new(
            order_id.clone(),
            case.id,
            technician.id.to_string(),
            slot,
            req.customer_agreement.trim().to_owned(),
            expected.clone(),
            now,
        );
        let when = slot
            .starts_at
            .with_timezone(&case.site.time_zone)
            .format("%Y-%m-%d %H:%M");
        let until = slot.ends_at.with_timezone(&case.site.time_zone).format("%H:%M");
        let entries = vec![
            transition_entry(actor, &event, from, case.state, now),
            crate::cases::words::with_nb(
                NewTimelineEntry {
                    at: now,
                    kind: "note",
                    actor: cases::actor_name(actor),
                    for_driver: true,
                    text: format!("A technician visits the site on {when}–{until} (local time)."),
                    data: Some(serde_json::json!({"work_order": order_id})),
                },
                format!("En tekniker kommer til stedet {when}–{until} (lokal tid)."),
            ),
        ];
        // The rebooking rule: the case's open orders are cancelled with this booking.
        let earlier = state.store.work_orders_of_case(&row.id).await?;
        let mut versions = std::collections::BTreeMap::new();
        let mut open = Vec::with_capacity(earlier.len());
        for r in &earlier {
            versions.insert(r.id.clone(), r.version);
            open.push(super::order_of(r)?);
        }
        let replaced: Vec<(WorkOrder, i64)> = replaced_by_booking(&open, now)
            .into_iter()
            .filter_map(|o| versions.get(&o.id).map(|v| (o, *v)))
            .collect();
        let mut entries = entries;
        for (old, _) in &replaced {
            entries.push(crate::cases::words::with_nb(
                NewTimelineEntry {
                    at: now,
                    kind: "note",
                    actor: cases::actor_name(actor),
                    for_driver: false,
                    text: format!("Work order {} is cancelled: the visit was booked again.", old.id),
                    data: Some(serde_json::json!({"work_order": old.id, "cancelled": true})),
                },
                format!("Arbeidsordre {} er kansellert: besøket ble booket på nytt.", old.id),
            ));
        }
        let schedule = cases::schedule(&case, diagnosis_of(&row).as_ref(), now)?;
        let change = CaseChange {
            case: &case,
            version: row.version,
            schedule: &schedule,
        };
        match state
            .store
            .schedule_visit(&change, &replaced, &order, &entries, now)
            .await?
        {
            OrderWriteOutcome::Written => {
                cases::notify(state, &row.id);
                let written = cases::load(state, &row.id).await?;
                let (st, c) = (state.clone(), case.clone());
                let booked = (technician.email.clone(), slot);
                let cancelled: Vec<(String, Slot)> =
                    replaced.iter().map(|(o, _)| (o.technician.clone(), o.slot)).collect();
                tokio::spawn(async move {
                    cases::mail_reporter(&st, &written, &c).await;
                    mail_technician(&st, &booked.0, &written, &c, booked.1, false).await;
                    for (technician, slot) in cancelled {
                        let Ok(id) = technician.parse::<uuid::Uuid>() else {
                            continue;
                        };
                        if let Ok(Some(user)) = st.store.user(UserId(id)).await {
                            mail_technician(&st, &user.email, &written, &c, slot, true).await;
                        }
                    }
                });
                return super::load(state, &order_id).await;
            }
            _ => row = cases::load(state, &row.id).await?,
        }
    }
    Err(ApiError::CaseChanged(row.id.clone()))
}

/// Mails a technician that a visit was booked for them, or that theirs was cancelled by a
/// new booking (when mail is configured): the case, the site, the slot in the site's time,
/// and a link to their day.
async fn mail_technician(
    state: &AppState,
    email: &str,
    row: &CaseRow,
    case: &ladeklar_core::support::case::Case,
    slot: Slot,
    cancelled: bool,
) {
    if !state.mailer.is_configured() {
        return;
    }
    let Ok(email) = parse_email(email) else {
        return;
    };
    let site = match state.store.site(&case.site.site_id).await {
        Ok(Some(site)) => format!("{}, {}", site.name, site.city),
        _ => case.site.site_id.clone(),
    };
    let tz = case.site.time_zone;
    let mail = crate::mail::Mail::Visit {
        cancelled,
        number: row.number,
        site,
        slot: format!(
            "{}–{}",
            slot.starts_at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
            slot.ends_at.with_timezone(&tz).format("%H:%M")
        ),
        link: format!("{}/field", state.public_url()),
    };
    if let Err(e) = state.mailer.send(&email, &mail).await {
        tracing::warn!(case = %row.id, error = %e, "could not mail the technician");
    }
}
