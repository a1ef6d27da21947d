//! Where chargers upload the logs GetLog asked for: `PUT` or `POST /uploads/logs/<token>`, the
//! URL the request gave them (an unguessable token per request, the only credential — as a
//! charger's HTTP client sends no OCPP credentials). The body lands in the data folder as
//! `uploads/logs/<charger>/<request id>.log`, at most [`MAX_LOG_BYTES`]; an unknown token is
//! 404, a second upload of one request replaces the first.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// The largest log accepted.
pub const MAX_LOG_BYTES: usize = 20 * 1024 * 1024;

pub async fn receive_log(State(state): State<AppState>, Path(token): Path<String>, body: Bytes) -> Response {
    match store_log(&state, &token, &body).await {
        Ok(Some(())) => StatusCode::CREATED.into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no log upload was asked for at this address").into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "a log upload could not be stored");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn store_log(state: &AppState, token: &str, body: &[u8]) -> anyhow::Result<Option<()>> {
    let Some(transfer) = state.store.transfer_by_token(token).await? else {
        return Ok(None);
    };
    // Charge point ids are URL path segments we registered; keep the folder name plain anyway.
    let folder_name: String = transfer
        .charger_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let relative = format!("uploads/logs/{folder_name}/{}.log", transfer.request_id);
    let path = state.config.data_dir.join(&relative);
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await?;
    }
    tokio::fs::write(&path, body).await?;
    let bytes = i64::try_from(body.len()).unwrap_or(i64::MAX);
    state.store.record_upload(token, &relative, bytes, state.now()).await?;
    tracing::info!(charger_id = %transfer.charger_id, request_id = transfer.request_id, bytes, "log upload received");
    state
        .log_charger(
            &transfer.charger_id,
            "event",
            &format!(
                "log upload {} received: {bytes} bytes in {relative}",
                transfer.request_id
            ),
        )
        .await;
    Ok(Some(()))
}
