//! One charger's WebSocket: upgrade checks, the read loop, and the write task.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use ladeklar_ocpp::{Frame, SUBPROTOCOL};
use tokio::sync::{mpsc, oneshot, Notify};

use super::links::ChargerLink;
use crate::credentials::{parse_basic_auth, verify_password};
use crate::AppState;
use ladeklar_core::charger_auth::{check_password, PasswordCheck};

/// Why an upgrade was refused.
enum Refusal {
    NoSubprotocol,
    NotRegistered,
    Unauthorized(&'static str),
}

/// `GET /ocpp/{chargePointId}`: refuses clients that do not offer `ocpp1.6` (400), unknown
/// chargers (404), and missing or wrong HTTP Basic credentials (401, Security Profile 1).
pub async fn ocpp_upgrade(
    State(state): State<AppState>,
    Path(charger_id): Path<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    match check_upgrade(&state, &charger_id, &headers).await {
        Ok(()) => {}
        Err(Ok(refusal)) => {
            if let Refusal::Unauthorized(why) = &refusal {
                // Registered chargers only: unknown ids would let anyone fill the log.
                state
                    .log_charger(&charger_id, "event", &format!("connection refused (401): {why}"))
                    .await;
            }
            return refuse(&charger_id, refusal);
        }
        Err(Err(e)) => {
            tracing::error!(error = %e, "charger lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    ws.protocols([SUBPROTOCOL])
        .read_buffer_size(4 * 1024)
        .max_message_size(64 * 1024)
        .on_upgrade(move |socket| serve_charger(state, charger_id, socket))
}

async fn check_upgrade(
    state: &AppState,
    charger_id: &str,
    headers: &HeaderMap,
) -> Result<(), Result<Refusal, ladeklar_store::StoreError>> {
    let offers_ocpp16 = headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == SUBPROTOCOL);
    if !offers_ocpp16 {
        return Err(Ok(Refusal::NoSubprotocol));
    }
    let credentials = state
        .store
        .charger_credentials(charger_id)
        .await
        .map_err(Err)?
        .ok_or(Ok(Refusal::NotRegistered))?;
    let Some(stored) = credentials.password_hash else {
        return Err(Ok(Refusal::Unauthorized("the charger has no password provisioned")));
    };
    let (user, password) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_basic_auth)
        .ok_or(Ok(Refusal::Unauthorized("no HTTP Basic credentials")))?;
    if user != charger_id {
        return Err(Ok(Refusal::Unauthorized("the user name is not the charge point id")));
    }
    let next = credentials.next_password_hash.as_deref();
    match check_password(
        verify_password(&password, &stored),
        next.map(|h| verify_password(&password, h)),
    ) {
        PasswordCheck::Current => Ok(()),
        PasswordCheck::Wrong => Err(Ok(Refusal::Unauthorized("wrong password"))),
        PasswordCheck::PromoteNext => {
            if let Some(next) = next {
                state
                    .store
                    .promote_next_charger_password(charger_id, next)
                    .await
                    .map_err(Err)?;
                tracing::info!(%charger_id, "the charger connected with its new AuthorizationKey: the old one no longer opens");
                state
                    .log_charger(
                        charger_id,
                        "event",
                        "connected with the new AuthorizationKey; the old password is retired",
                    )
                    .await;
            }
            Ok(())
        }
    }
}

fn refuse(charger_id: &str, refusal: Refusal) -> Response {
    match refusal {
        Refusal::NoSubprotocol => {
            tracing::warn!(%charger_id, "refused: no ocpp1.6 subprotocol offered");
            (StatusCode::BAD_REQUEST, "the WebSocket subprotocol ocpp1.6 is required").into_response()
        }
        Refusal::NotRegistered => {
            tracing::warn!(%charger_id, "refused: charge point is not registered");
            (
                StatusCode::NOT_FOUND,
                format!("charge point {charger_id:?} is not registered"),
            )
                .into_response()
        }
        Refusal::Unauthorized(why) => {
            tracing::warn!(%charger_id, why, "refused: authentication failed");
            (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, r#"Basic realm="OCPP", charset="UTF-8""#)],
                "HTTP Basic authentication with the charge point id and its password is required",
            )
                .into_response()
        }
    }
}

/// The charger's "available now" follows its link.
async fn refresh_finder(state: &AppState, charger_id: &str) {
    if let Err(e) = state
        .finder
        .refresh(&state.store, &state.links, charger_id, state.now())
        .await
    {
        tracing::warn!(%charger_id, error = %e, "the charger index was not updated");
    }
}

async fn serve_charger(state: AppState, charger_id: String, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (outbox, mut outgoing) = mpsc::channel::<String>(64);
    let connection_id = state.links.next_connection_id();
    let link = ChargerLink::new(connection_id, outbox, "cs-");
    let close = Arc::new(Notify::new());
    let replaced = state.links.connect(&charger_id, link.clone(), close.clone());
    refresh_finder(&state, &charger_id).await;
    if let Some(replaced) = replaced {
        state
            .log_charger(
                &charger_id,
                "event",
                &format!("connection {connection_id} replaced connection {replaced} (authenticated)"),
            )
            .await;
        tracing::warn!(
            %charger_id,
            connection_id,
            replaced_connection = replaced,
            "an authenticated new connection replaced the charger's earlier one"
        );
    }
    tracing::info!(%charger_id, connection_id, "charger connected");
    state
        .log_charger(&charger_id, "event", &format!("connection {connection_id} opened"))
        .await;

    let (stop_writer, mut writer_stopped) = oneshot::channel::<&'static str>();
    let (log_state, log_charger) = (state.clone(), charger_id.clone());
    let writer = tokio::spawn(async move {
        let reason = loop {
            tokio::select! {
                biased;
                reason = &mut writer_stopped => break reason.unwrap_or(""),
                next = outgoing.recv() => match next {
                    Some(text) => {
                        log_state.log_charger(&log_charger, "out", &text).await;
                        if sink.send(Message::Text(text.into())).await.is_err() {
                            return;
                        }
                    }
                    None => break "",
                },
            }
        };
        let frame = CloseFrame {
            code: axum::extract::ws::close_code::POLICY,
            reason: reason.into(),
        };
        let _ = sink.send(Message::Close((!reason.is_empty()).then_some(frame))).await;
        let _ = sink.close().await;
    });

    let mut replaced = false;
    loop {
        let msg = tokio::select! {
            msg = stream.next() => msg,
            () = close.notified() => {
                replaced = true;
                break;
            }
        };
        let text = match msg {
            Some(Ok(Message::Text(t))) => {
                state.log_charger(&charger_id, "in", t.as_str()).await;
                t.to_string()
            }
            Some(Ok(Message::Binary(_))) => {
                state.log_charger(&charger_id, "in", "(binary frame)").await;
                let _ = link
                    .send(Frame::call_error(
                        "-1",
                        ladeklar_ocpp::CallErrorCode::FormationViolation,
                        "OCPP-J frames are text",
                    ))
                    .await;
                continue;
            }
            Some(Ok(Message::Close(_)) | Err(_)) | None => break,
            Some(Ok(_)) => continue,
        };
        match handle_text(&state, &charger_id, &text).await {
            Reaction::Answer(frame) => {
                if link.send(frame).await.is_err() {
                    break;
                }
            }
            Reaction::Refuse(frame) => {
                let _ = link.send(frame).await;
            }
            Reaction::Reply(answer) => {
                if !link.answer_frame(answer) {
                    tracing::warn!(%charger_id, "answer to no pending call (late or unknown id)");
                }
            }
        }
    }
    state.links.disconnect(&charger_id, connection_id);
    refresh_finder(&state, &charger_id).await;
    // A call waiting on this connection can get no answer now: it fails at once (answered
    // 409 charger_offline), not at its timeout, and so does a call queued behind it.
    link.close();
    let _ = stop_writer.send(if replaced { "replaced by a newer connection" } else { "" });
    drop(link);
    let abort = writer.abort_handle();
    if tokio::time::timeout(Duration::from_secs(2), writer).await.is_err() {
        abort.abort();
    }
    if replaced {
        // Wait for the peer's Close reply so the socket is not reset under our Close frame.
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(Ok(msg)) = stream.next().await {
                if matches!(msg, Message::Close(_)) {
                    break;
                }
            }
        })
        .await;
    }
    let note = state.links.take_note(connection_id);
    let event = match (&note, replaced) {
        (Some(note), _) => format!("closed: {note}"),
        (None, true) => "closed: replaced by a newer connection".to_owned(),
        (None, false) => "closed".to_owned(),
    };
    state
        .log_charger(&charger_id, "event", &format!("connection {connection_id} {event}"))
        .await;
    if let Some(note) = note {
        tracing::info!(%charger_id, connection_id, "charger connection closed: {note}");
    } else if replaced {
        tracing::info!(%charger_id, connection_id, "charger connection closed: replaced");
    } else {
        tracing::info!(%charger_id, connection_id, "charger disconnected");
    }
}

/// What the central system does with one text frame from a charger.
#[derive(Debug, Clone, PartialEq)]
pub enum Reaction {
    /// The charger's CALL, answered with this CALLRESULT or CALLERROR (same message id).
    Answer(Frame),
    /// Not an OCPP-J frame: this CALLERROR goes back (the message id when readable, else "-1").
    Refuse(Frame),
    /// A CALLRESULT or CALLERROR to one of our calls, for the link to route to its caller.
    Reply(Frame),
}

/// Reads one text frame from `charger_id` and decides what goes back: a CALL is handled
/// (stored first where it must be) and answered. Needs no socket: the read loop sends what
/// this returns, and the handler fuzz target (`fuzz/`) drives it directly.
pub async fn handle_text(state: &AppState, charger_id: &str, text: &str) -> Reaction {
    let frame = match Frame::parse(text) {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(%charger_id, error = %e, "malformed OCPP frame");
            return Reaction::Refuse(Frame::call_error(
                e.id.unwrap_or_else(|| "-1".into()),
                e.code,
                e.description,
            ));
        }
    };
    match frame {
        Frame::Call { id, action, payload } => {
            let reply = super::handlers::handle_call(state, charger_id, &action, &payload).await;
            Reaction::Answer(match reply {
                Ok(result) => Frame::CallResult { id, payload: result },
                Err(e) => {
                    tracing::warn!(%charger_id, %action, code = %e.code, "answering CALLERROR: {}", e.description);
                    Frame::call_error(id, e.code, e.description)
                }
            })
        }
        answer => Reaction::Reply(answer),
    }
}
