//! Log uploads and signed firmware updates (the security extension's GetLog and
//! SignedUpdateFirmware) for support staff: started with a URL this platform serves — a log
//! is uploaded to `/uploads/logs/<token>` and lands in the data folder, firmware is fetched
//! from `/firmware/<file>` — stored before the call goes out, then followed by the charger's
//! status notifications (`ocpp::handlers`).

use std::time::Duration;

use axum::extract::{Path, State};
use axum::Json;
use ladeklar_api::{StartFirmwareUpdate, StartLogUpload, TransferList, TransferView};
use ladeklar_core::accounts::Action;
use ladeklar_ocpp::messages::{CentralSystemCall, CentralSystemCallResult};
use ladeklar_store::{NewTransfer, TransferRow};
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::error::{ApiError, LaterJson};
use crate::AppState;

/// Where firmware files are served from, under the data folder.
pub const FIRMWARE_FOLDER: &str = "firmware";

/// Asks the charger to upload a log to the platform; answers the transfer with the
/// charger's answer.
#[utoipa::path(post, path = "/api/v1/chargers/{id}/logs",
    params(("id" = String, Path, description = "Charge point id")),
    request_body = StartLogUpload,
    responses(
        (status = 200, body = TransferView, description = "Sent; the charger's answer in `answer`"),
        (status = 400, body = ladeklar_api::Problem, description = "A field is invalid (named in detail)"),
        (status = 404, body = ladeklar_api::Problem, description = "charger_not_found"),
        (status = 409, body = ladeklar_api::Problem, description = "charger_offline"),
    ))]
pub async fn start_log_upload(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<StartLogUpload>,
) -> Result<Json<TransferView>, ApiError> {
    super::allow_on_charger(&state, &caller, Action::SendChargerCommand, &id).await?;
    let request = body.parse()?;
    let token = uuid::Uuid::new_v4().simple().to_string();
    let location = format!("{}/uploads/logs/{token}", state.public_url());
    let request_id = new_request_id();
    let mut log = json!({ "remoteLocation": location });
    for (field, value) in [
        ("oldestTimestamp", &request.oldest_timestamp),
        ("latestTimestamp", &request.latest_timestamp),
    ] {
        if let Some(value) = value {
            log[field] = Value::from(value.as_str());
        }
    }
    let payload = json!({ "logType": request.log_type, "requestId": request_id, "log": log });
    let transfer = NewTransfer {
        charger_id: &id,
        kind: "log",
        request_id: i64::from(request_id),
        location: &location,
        upload_token: Some(&token),
        now: state.now(),
    };
    start(&state, &id, "GetLog", payload, transfer).await
}

/// Asks the charger to install a signed firmware file the platform serves.
#[utoipa::path(post, path = "/api/v1/chargers/{id}/firmware",
    params(("id" = String, Path, description = "Charge point id")),
    request_body = StartFirmwareUpdate,
    responses(
        (status = 200, body = TransferView, description = "Sent; the charger's answer in `answer`"),
        (status = 400, body = ladeklar_api::Problem, description = "No such firmware file, or a field is invalid"),
        (status = 404, body = ladeklar_api::Problem, description = "charger_not_found"),
        (status = 409, body = ladeklar_api::Problem, description = "charger_offline"),
    ))]
pub async fn start_firmware_update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<StartFirmwareUpdate>,
) -> Result<Json<TransferView>, ApiError> {
    super::allow_on_charger(&state, &caller, Action::SendChargerCommand, &id).await?;
    let request = body.parse()?;
    let plain_name = !request.file.is_empty()
        && request
            .file
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && !request.file.starts_with('.');
    let path = state.config.data_dir.join(FIRMWARE_FOLDER).join(&request.file);
    if !plain_name || !path.is_file() {
        return Err(ApiError::InvalidRequest(format!(
            "file: no firmware file {:?} in the data folder's {FIRMWARE_FOLDER}/",
            request.file
        )));
    }
    let location = format!("{}/{FIRMWARE_FOLDER}/{}", state.public_url(), request.file);
    let request_id = new_request_id();
    let retrieve = request
        .retrieve_date_time
        .unwrap_or_else(|| state.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let payload = json!({
        "requestId": request_id,
        "firmware": {
            "location": location,
            "retrieveDateTime": retrieve,
            "signingCertificate": request.signing_certificate,
            "signature": request.signature,
        },
    });
    let transfer = NewTransfer {
        charger_id: &id,
        kind: "firmware",
        request_id: i64::from(request_id),
        location: &location,
        upload_token: None,
        now: state.now(),
    };
    start(&state, &id, "SignedUpdateFirmware", payload, transfer).await
}

/// A charger's log uploads and firmware updates, newest first.
#[utoipa::path(get, path = "/api/v1/chargers/{id}/transfers",
    params(("id" = String, Path, description = "Charge point id")),
    responses(
        (status = 200, body = TransferList),
        (status = 404, body = ladeklar_api::Problem, description = "charger_not_found"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<TransferList>, ApiError> {
    super::allow_on_charger(&state, &caller, Action::ReadChargerLog, &id).await?;
    let transfers = state.store.transfers_of(&id).await?.into_iter().map(view).collect();
    Ok(Json(TransferList { transfers }))
}

/// Checks the call against its schema, stores the transfer, sends the call, stores the
/// charger's answer as the status.
async fn start(
    state: &AppState,
    id: &str,
    action: &str,
    payload: Value,
    transfer: NewTransfer<'_>,
) -> Result<Json<TransferView>, ApiError> {
    CentralSystemCall::parse(action, &payload).map_err(|e| ApiError::InvalidRequest(e.description))?;
    let link = state
        .links
        .get(id)
        .ok_or_else(|| ApiError::ChargerOffline(id.to_owned()))?;
    state.store.start_transfer(&transfer).await?;
    let timeout = Duration::from_secs(state.config.call_timeout_s);
    let response = link
        .call(action, payload, timeout)
        .await
        .map_err(|failure| ApiError::from_link_failure(id, action, failure))?;
    CentralSystemCallResult::parse(action, &response).map_err(|e| ApiError::ChargerInvalidReply {
        action: action.into(),
        why: e.description,
    })?;
    let status = response.get("status").and_then(Value::as_str).unwrap_or("Unknown");
    let file_name = response.get("filename").and_then(Value::as_str);
    state
        .store
        .set_transfer_answer(id, transfer.kind, transfer.request_id, status, file_name, state.now())
        .await?;
    state
        .log_charger(
            id,
            "event",
            &format!("{action} {} answered {status}", transfer.request_id),
        )
        .await;
    let row = state
        .store
        .transfers_of(id)
        .await?
        .into_iter()
        .find(|t| t.kind == transfer.kind && t.request_id == transfer.request_id)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the transfer just stored is gone")))?;
    Ok(Json(view(row)))
}

/// A request id for the charger: positive, random (ids of one charger never repeat in
/// practice, and the store's key refuses a repeat).
fn new_request_id() -> i32 {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    i32::from_be_bytes([bytes[0] & 0x7f, bytes[1], bytes[2], bytes[3]]).max(1)
}

fn view(t: TransferRow) -> TransferView {
    TransferView {
        kind: t.kind,
        request_id: t.request_id,
        location: t.location,
        status: t.status,
        answer: t.answer,
        requested_at: t.requested_at,
        updated_at: t.updated_at,
        file_name: t.file_name,
        uploaded_bytes: t.uploaded_bytes,
    }
}
