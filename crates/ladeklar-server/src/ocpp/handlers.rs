//! What the central system does with each charge point action. Every transaction message is
//! stored before its CALLRESULT goes back; a transaction message we cannot match is still
//! answered with a CALLRESULT (a CALLERROR would make the charger drop or retry it forever).

use chrono::Utc;
use ladeklar_core::authorization::AuthorizationPurpose;
use ladeklar_ocpp::messages::PayloadError;
use ladeklar_ocpp::security::{
    GenericStatus, LogStatusNotificationResponse, SecurityEventNotificationRequest, SecurityEventNotificationResponse,
    SignCertificateResponse, SignedFirmwareStatusNotificationResponse,
};
use ladeklar_ocpp::v16::messages::{
    authorize::AuthorizeResponse, boot_notification::BootNotificationResponse, data_transfer::DataTransferResponse,
    heart_beat::HeartbeatResponse, start_transaction::StartTransactionResponse,
    stop_transaction::StopTransactionResponse,
};
use ladeklar_ocpp::v16::types::{DataTransferStatus, RegistrationStatus};
use ladeklar_ocpp::{CallErrorCode, ChargePointCall};
use serde::Serialize;
use serde_json::{json, Value};

use crate::{charging, AppState};
use ladeklar_store::{parse_enum, Registration};

pub async fn handle_call(
    state: &AppState,
    charger_id: &str,
    action: &str,
    payload: &Value,
) -> Result<Value, PayloadError> {
    let call = ChargePointCall::parse(action, payload)?;
    let now = Utc::now();
    // "Last heard" is kept by the charger log's writer from the frame logged on the way in.
    let result = match call {
        ChargePointCall::BootNotification(req) => {
            state
                .store
                .record_boot(charger_id, &req.charge_point_vendor, &req.charge_point_model, now)
                .await
                .map_err(|e| internal(e.into()))?;
            let registration = state
                .store
                .charger_credentials(charger_id)
                .await
                .map_err(|e| internal(e.into()))?
                .map(|c| parse_enum::<Registration>("registration", &c.registration))
                .transpose()
                .map_err(|e| internal(e.into()))?
                .unwrap_or(Registration::Rejected);
            let (status, interval) = match registration {
                Registration::Accepted => (RegistrationStatus::Accepted, state.config.heartbeat_interval_s),
                Registration::Pending => (RegistrationStatus::Pending, state.config.boot_retry_interval_s),
                Registration::Rejected => (RegistrationStatus::Rejected, state.config.boot_retry_interval_s),
            };
            if registration != Registration::Accepted {
                tracing::info!(%charger_id, ?registration, "BootNotification not accepted by the registry");
            }
            to_value(&BootNotificationResponse {
                current_time: now,
                interval,
                status,
            })
        }
        ChargePointCall::Heartbeat(_) => to_value(&HeartbeatResponse { current_time: now }),
        ChargePointCall::Authorize(req) => {
            let app = state
                .store
                .tag_of_active_app_session(&req.id_tag)
                .await
                .map_err(|e| internal(e.into()))?;
            let decision = charging::decide_id_tag(state, &req.id_tag, AuthorizationPurpose::Authorize, app, None, now)
                .await
                .map_err(internal)?;
            to_value(&AuthorizeResponse {
                id_tag_info: charging::id_tag_info(&decision),
            })
        }
        ChargePointCall::StatusNotification(req) => {
            charging::on_status_notification(state, charger_id, &req)
                .await
                .map_err(internal)?;
            // The support console's case views of this charger show its connectors live.
            state
                .live
                .send(&crate::cases::charger_live_key(charger_id), crate::LiveChange::Session);
            json!({})
        }
        ChargePointCall::StartTransaction(req) => {
            let (transaction_id, decision) = charging::on_start_transaction(state, charger_id, &req)
                .await
                .map_err(internal)?;
            to_value(&StartTransactionResponse {
                id_tag_info: charging::id_tag_info(&decision),
                transaction_id,
            })
        }
        ChargePointCall::MeterValues(req) => {
            charging::on_meter_values(state, charger_id, &req)
                .await
                .map_err(internal)?;
            json!({})
        }
        ChargePointCall::StopTransaction(req) => {
            charging::on_stop_transaction(state, charger_id, &req)
                .await
                .map_err(internal)?;
            let id_tag_info = match &req.id_tag {
                Some(tag) => {
                    let session = state
                        .store
                        .session_by_transaction(charger_id, i64::from(req.transaction_id))
                        .await
                        .map_err(|e| internal(e.into()))?;
                    // The driver who started the session may always end it.
                    let own = session.as_ref().is_some_and(|s| &s.id_tag == tag);
                    let session_id = session.as_ref().map(|s| s.id.as_str());
                    let decision = charging::decide_id_tag(
                        state,
                        tag,
                        AuthorizationPurpose::StopTransaction,
                        own,
                        session_id,
                        now,
                    )
                    .await
                    .map_err(internal)?;
                    Some(charging::id_tag_info(&decision))
                }
                None => None,
            };
            to_value(&StopTransactionResponse { id_tag_info })
        }
        ChargePointCall::DataTransfer(_) => to_value(&DataTransferResponse {
            status: DataTransferStatus::UnknownVendorId,
            data: None,
        }),
        ChargePointCall::DiagnosticsStatusNotification(_) | ChargePointCall::FirmwareStatusNotification(_) => json!({}),
        // The security extension. A security event goes into the charger log as an event of
        // its own (the frame is there too), so support reads it without decoding OCPP.
        ChargePointCall::SecurityEventNotification(event) => {
            tracing::info!(%charger_id, kind = %event.kind, at = %event.timestamp, "security event");
            let text = security_event_text(&event);
            state.log_charger(charger_id, "event", &text).await;
            to_value(&SecurityEventNotificationResponse {})
        }
        ChargePointCall::LogStatusNotification(n) => {
            tracing::info!(%charger_id, status = ?n.status, request_id = ?n.request_id, "log upload status");
            to_value(&LogStatusNotificationResponse {})
        }
        ChargePointCall::SignedFirmwareStatusNotification(n) => {
            tracing::info!(%charger_id, status = ?n.status, request_id = ?n.request_id, "signed firmware status");
            to_value(&SignedFirmwareStatusNotificationResponse {})
        }
        ChargePointCall::SignCertificate(_) => {
            // Security Profile 3 (our own charging-station CA) is not built yet: nothing can
            // sign the CSR, so it is refused rather than left unanswered.
            tracing::warn!(%charger_id, "SignCertificate rejected: the platform has no charging-station CA configured yet");
            state
                .log_charger(
                    charger_id,
                    "event",
                    "SignCertificate rejected: the platform has no charging-station CA configured yet",
                )
                .await;
            to_value(&SignCertificateResponse {
                status: GenericStatus::Rejected,
            })
        }
    };
    Ok(result)
}

/// `security event FirmwareUpdated at 2026-11-24T10:00:00Z: 2.4.0` (the tech info when given).
fn security_event_text(event: &SecurityEventNotificationRequest) -> String {
    let at = event.timestamp.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    match &event.tech_info {
        Some(info) => format!("security event {} at {at}: {info}", event.kind),
        None => format!("security event {} at {at}", event.kind),
    }
}

fn to_value<T: Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or_else(|_| json!({}))
}

fn internal(e: anyhow::Error) -> PayloadError {
    tracing::error!(error = ?e, "handling a charger message failed");
    PayloadError {
        code: CallErrorCode::InternalError,
        description: "the central system could not store this message".into(),
    }
}
