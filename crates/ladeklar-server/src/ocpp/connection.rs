//! One charger's WebSocket: upgrade checks, the read loop, and the write task.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use ladeklar_ocpp::{Frame, SUBPROTOCOL};
use tokio::sync::mpsc;

use super::links::ChargerLink;
use crate::AppState;

/// `GET /ocpp/{chargePointId}`: refuses unknown chargers and clients that do not offer `ocpp1.6`.
pub async fn ocpp_upgrade(
    State(state): State<AppState>,
    Path(charger_id): Path<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let offers_ocpp16 = headers
        .get_all(axum::http::header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == SUBPROTOCOL);
    if !offers_ocpp16 {
        tracing::warn!(%charger_id, "refused: no ocpp1.6 subprotocol offered");
        return (StatusCode::BAD_REQUEST, "the WebSocket subprotocol ocpp1.6 is required").into_response();
    }
    match state.store.charger_exists(&charger_id).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(%charger_id, "refused: charge point is not registered");
            return (
                StatusCode::NOT_FOUND,
                format!("charge point {charger_id:?} is not registered"),
            )
                .into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "charger lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    ws.protocols([SUBPROTOCOL])
        .read_buffer_size(4 * 1024)
        .max_message_size(64 * 1024)
        .on_upgrade(move |socket| serve_charger(state, charger_id, socket))
}

async fn serve_charger(state: AppState, charger_id: String, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (outbox, mut outgoing) = mpsc::channel::<String>(64);
    let connection_id = state.links.next_connection_id();
    let link = ChargerLink::new(connection_id, outbox, "cs-");
    if state.links.connect(&charger_id, link.clone()).is_some() {
        tracing::warn!(%charger_id, connection_id, "a new connection replaced the charger's earlier one");
    }
    tracing::info!(%charger_id, connection_id, "charger connected");

    let writer = tokio::spawn(async move {
        while let Some(text) = outgoing.recv().await {
            if sink.send(Message::Text(text.into())).await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    });

    while let Some(msg) = stream.next().await {
        let text = match msg {
            Ok(Message::Text(t)) => t.to_string(),
            Ok(Message::Binary(_)) => {
                let _ = link
                    .send(Frame::call_error(
                        "-1",
                        ladeklar_ocpp::CallErrorCode::FormationViolation,
                        "OCPP-J frames are text",
                    ))
                    .await;
                continue;
            }
            Ok(Message::Close(_)) | Err(_) => break,
            Ok(_) => continue,
        };
        let frame = match Frame::parse(&text) {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(%charger_id, error = %e, "malformed OCPP frame");
                let _ = link
                    .send(Frame::call_error(
                        e.id.unwrap_or_else(|| "-1".into()),
                        e.code,
                        e.description,
                    ))
                    .await;
                continue;
            }
        };
        match frame {
            Frame::Call { id, action, payload } => {
                let reply = super::handlers::handle_call(&state, &charger_id, &action, &payload).await;
                let frame = match reply {
                    Ok(result) => Frame::CallResult { id, payload: result },
                    Err(e) => {
                        tracing::warn!(%charger_id, %action, code = %e.code, "answering CALLERROR: {}", e.description);
                        Frame::call_error(id, e.code, e.description)
                    }
                };
                if link.send(frame).await.is_err() {
                    break;
                }
            }
            answer => {
                if !link.answer_frame(answer) {
                    tracing::warn!(%charger_id, "answer to no pending call (late or unknown id)");
                }
            }
        }
    }
    state.links.disconnect(&charger_id, connection_id);
    drop(link);
    writer.abort();
    tracing::info!(%charger_id, connection_id, "charger disconnected");
}
