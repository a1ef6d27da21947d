//! What the central system does with each charge point action. Every transaction message is
//! stored before its CALLRESULT goes back; a transaction message we cannot match is still
//! answered with a CALLRESULT (a CALLERROR would make the charger drop or retry it forever).

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
use ladeklar_store::{parse_enum, NewIssuedCertificate, Registration};

/// What the central system sends a charger once its CALL has been answered.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowUp {
    /// CertificateSigned with the certificate signed for its SignCertificate (a chain, PEM).
    CertificateSigned { chain_pem: String },
}

/// A charger's CALL handled: the answer, and what to send after it, if anything.
pub struct Handled {
    pub result: Result<Value, PayloadError>,
    pub follow_up: Option<FollowUp>,
}

pub async fn handle_call(state: &AppState, charger_id: &str, action: &str, payload: &Value) -> Handled {
    let mut follow_up = None;
    let result = answer_call(state, charger_id, action, payload, &mut follow_up).await;
    Handled {
        follow_up: follow_up.filter(|_| result.is_ok()),
        result,
    }
}

async fn answer_call(
    state: &AppState,
    charger_id: &str,
    action: &str,
    payload: &Value,
    follow_up: &mut Option<FollowUp>,
) -> Result<Value, PayloadError> {
    let call = ChargePointCall::parse(action, payload)?;
    let now = state.now();
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
            super::security_events::record(state, charger_id, &event.kind, &text, state.now()).await;
            to_value(&SecurityEventNotificationResponse {})
        }
        ChargePointCall::LogStatusNotification(n) => {
            let status = enum_text(&n.status);
            record_transfer_status(state, charger_id, "log", n.request_id, &status).await?;
            to_value(&LogStatusNotificationResponse {})
        }
        ChargePointCall::SignedFirmwareStatusNotification(n) => {
            let status = enum_text(&n.status);
            record_transfer_status(state, charger_id, "firmware", n.request_id, &status).await?;
            to_value(&SignedFirmwareStatusNotificationResponse {})
        }
        ChargePointCall::SignCertificate(request) => {
            let status = match sign_certificate(state, charger_id, &request.csr).await? {
                Some(chain_pem) => {
                    *follow_up = Some(FollowUp::CertificateSigned { chain_pem });
                    GenericStatus::Accepted
                }
                None => GenericStatus::Rejected,
            };
            to_value(&SignCertificateResponse { status })
        }
    };
    Ok(result)
}

/// A log upload's or firmware update's status notification: the transfer's status (the
/// request id named, else the charger's latest of that kind) and a charger log line.
async fn record_transfer_status(
    state: &AppState,
    charger_id: &str,
    kind: &str,
    request_id: Option<i32>,
    status: &str,
) -> Result<(), PayloadError> {
    let known = state
        .store
        .set_transfer_status(charger_id, kind, request_id.map(i64::from), status, None, state.now())
        .await
        .map_err(|e| internal(e.into()))?;
    let what = if kind == "log" {
        "log upload"
    } else {
        "signed firmware update"
    };
    let id = request_id.map_or_else(|| "(no request id)".to_owned(), |id| id.to_string());
    let text = if known {
        format!("{what} {id}: {status}")
    } else {
        format!("{what} {id}: {status} (not a request of ours)")
    };
    tracing::info!(%charger_id, "{text}");
    state.log_charger(charger_id, "event", &text).await;
    Ok(())
}

/// An OCPP enum's wire name.
fn enum_text<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Signs a charger's CSR with the charging-station CA and registers the certificate (before
/// the answer goes back): the chain to send with CertificateSigned, or `None` when the
/// request is refused — malformed, or for another charge point id — which is logged.
async fn sign_certificate(state: &AppState, charger_id: &str, csr: &str) -> Result<Option<String>, PayloadError> {
    let now = state.now();
    let issued = match state.ca.sign(csr, charger_id, now) {
        Ok(issued) => issued,
        Err(refusal) => {
            tracing::warn!(%charger_id, %refusal, "SignCertificate rejected");
            state
                .log_charger(charger_id, "event", &format!("SignCertificate rejected: {refusal}"))
                .await;
            return Ok(None);
        }
    };
    state
        .store
        .record_issued_certificate(&NewIssuedCertificate {
            serial: &issued.serial,
            charger_id,
            issued_at: now,
            not_after: issued.not_after,
            certificate_pem: &issued.chain_pem,
        })
        .await
        .map_err(|e| internal(e.into()))?;
    tracing::info!(%charger_id, serial = %issued.serial, "signed the charger's certificate");
    state
        .log_charger(
            charger_id,
            "event",
            &format!(
                "SignCertificate accepted: certificate {} signed, valid until {}",
                issued.serial,
                issued.not_after.format("%Y-%m-%d")
            ),
        )
        .await;
    Ok(Some(issued.chain_pem))
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
