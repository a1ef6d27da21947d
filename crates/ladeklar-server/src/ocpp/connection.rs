//! One charger's WebSocket: upgrade checks, the read loop, and the write task.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use ladeklar_ocpp::{Frame, SUBPROTOCOL};
use tokio::sync::{mpsc, oneshot, Notify};

use rustls::pki_types::CertificateDer;

use super::handlers::FollowUp;
use super::links::ChargerLink;
use crate::auth::PeerAddr;
use crate::charging_station_ca::client_certificate_identity;
use crate::credentials::{parse_basic_auth, verify_password};
use crate::AppState;
use ladeklar_core::charger_auth::{check_password, PasswordCheck};
use ladeklar_core::charger_security::{
    admit, check_client_certificate, Admission, CertificateCheck, SecurityProfile, DOWNGRADE_ATTEMPT,
};

/// Why an upgrade was refused.
enum Refusal {
    NoSubprotocol,
    NotRegistered,
    Unauthorized(&'static str),
    /// A charger whose stored profile is higher than the one it connected with (core's
    /// `charger_security::admit`): a downgrade attempt.
    Downgrade {
        stored: SecurityProfile,
        presented: SecurityProfile,
    },
}

/// `GET /ocpp/{chargePointId}`: refuses clients that do not offer `ocpp1.6` (400), unknown
/// chargers (404), missing or wrong HTTP Basic credentials (401, Security Profiles 1–2), a
/// client certificate that is not this charger's, unknown or revoked (401, Profile 3), and a
/// connection below the charger's stored profile (401, a downgrade attempt). A valid client
/// certificate needs no password.
pub async fn ocpp_upgrade(
    State(state): State<AppState>,
    Path(charger_id): Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
    ws: WebSocketUpgrade,
) -> Response {
    let certificate = extensions.get::<ConnectInfo<PeerAddr>>().and_then(|c| c.0 .1.clone());
    match check_upgrade(&state, &charger_id, &headers, certificate.as_deref()).await {
        Ok(()) => {}
        Err(Ok(refusal)) => {
            // Registered chargers only: unknown ids would let anyone fill the log.
            match &refusal {
                Refusal::Unauthorized(why) => {
                    state
                        .log_charger(&charger_id, "event", &format!("connection refused (401): {why}"))
                        .await;
                }
                Refusal::Downgrade { stored, presented } => {
                    let text = format!(
                        "connection refused (401): downgrade attempt: Security Profile {} after Profile {}",
                        presented.number(),
                        stored.number()
                    );
                    super::security_events::record(&state, &charger_id, DOWNGRADE_ATTEMPT, &text, state.now()).await;
                }
                Refusal::NoSubprotocol | Refusal::NotRegistered => {}
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

type Checked<T> = Result<T, Result<Refusal, ladeklar_store::StoreError>>;

async fn check_upgrade(
    state: &AppState,
    charger_id: &str,
    headers: &HeaderMap,
    certificate: Option<&CertificateDer<'static>>,
) -> Checked<()> {
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
    let tls = state.config.tls_cert.is_some();
    let (presented, promote) = match certificate {
        Some(certificate) => {
            check_certificate(state, charger_id, certificate).await?;
            (SecurityProfile::presented(tls, true), None)
        }
        None => (
            SecurityProfile::presented(tls, false),
            check_basic_auth(charger_id, headers, &credentials)?,
        ),
    };
    let stored = credentials.security_profile.and_then(SecurityProfile::from_number);
    let raise_to = match admit(stored, presented) {
        Admission::Admit { raise_to } => raise_to,
        Admission::RefuseDowngrade { stored, presented } => return Err(Ok(Refusal::Downgrade { stored, presented })),
    };
    if let Some(next) = promote {
        state
            .store
            .promote_next_charger_password(charger_id, &next, state.now())
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
    if let Some(profile) = raise_to {
        let raised = state
            .store
            .raise_charger_security_profile(charger_id, profile.number())
            .await
            .map_err(Err)?;
        // A charger's first profile is no news unless it is a certificate; a change is.
        if raised && (stored.is_some() || profile == SecurityProfile::ClientCertificate) {
            let was = stored.map_or("none".to_owned(), |p| p.number().to_string());
            tracing::info!(%charger_id, profile = profile.number(), "security profile raised");
            state
                .log_charger(
                    charger_id,
                    "event",
                    &format!("security profile raised to {} (was {was})", profile.number()),
                )
                .await;
        }
    }
    Ok(())
}

/// Security Profiles 1–2: the charge point id and its current or next password. Returns the
/// next password's hash when it is the one used (to be promoted once the connection is
/// admitted).
fn check_basic_auth(
    charger_id: &str,
    headers: &HeaderMap,
    credentials: &ladeklar_store::ChargerCredentials,
) -> Checked<Option<String>> {
    let Some(stored) = &credentials.password_hash else {
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
        verify_password(&password, stored),
        next.map(|h| verify_password(&password, h)),
    ) {
        PasswordCheck::Current => Ok(None),
        PasswordCheck::Wrong => Err(Ok(Refusal::Unauthorized("wrong password"))),
        PasswordCheck::PromoteNext => Ok(next.map(str::to_owned)),
    }
}

/// Security Profile 3: the handshake verified the certificate's chain to the CA; here it must
/// be this charger's, in the register of issued certificates, and not revoked.
async fn check_certificate(state: &AppState, charger_id: &str, certificate: &CertificateDer<'static>) -> Checked<()> {
    let (common_name, serial) = client_certificate_identity(certificate)
        .map_err(|_| Ok(Refusal::Unauthorized("the client certificate cannot be read")))?;
    let issued = state.store.issued_certificate(&serial).await.map_err(Err)?;
    match check_client_certificate(
        common_name.as_deref(),
        charger_id,
        issued.as_ref().map(|c| c.charger_id.as_str()),
        issued.as_ref().is_some_and(|c| c.revoked_at.is_some()),
    ) {
        CertificateCheck::Valid => Ok(()),
        CertificateCheck::AnotherCharger => Err(Ok(Refusal::Unauthorized(
            "the client certificate is for another charge point",
        ))),
        CertificateCheck::Unknown => Err(Ok(Refusal::Unauthorized(
            "the client certificate is not one the platform issued to this charge point",
        ))),
        CertificateCheck::Revoked => Err(Ok(Refusal::Unauthorized("the client certificate is revoked"))),
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
                "HTTP Basic authentication with the charge point id and its password, or the charge point's client certificate, is required",
            )
                .into_response()
        }
        Refusal::Downgrade { stored, presented } => {
            tracing::warn!(
                %charger_id,
                stored = stored.number(),
                presented = presented.number(),
                "refused: security profile downgrade attempt"
            );
            (
                StatusCode::UNAUTHORIZED,
                format!(
                    "charge point {charger_id:?} uses Security Profile {}: connect with its client certificate",
                    stored.number()
                ),
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
        let (reaction, follow_up) = handle_text_following(&state, &charger_id, &text).await;
        match reaction {
            Reaction::Answer(frame) => {
                if link.send(frame).await.is_err() {
                    break;
                }
                if let Some(follow_up) = follow_up {
                    send_follow_up(&state, &charger_id, &link, follow_up);
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
    handle_text_following(state, charger_id, text).await.0
}

/// As [`handle_text`], with what to send the charger once the answer has gone (the read
/// loop sends it after the answer, so the charger never gets our CALL before its result).
async fn handle_text_following(state: &AppState, charger_id: &str, text: &str) -> (Reaction, Option<FollowUp>) {
    let frame = match Frame::parse(text) {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(%charger_id, error = %e, "malformed OCPP frame");
            let refusal = Frame::call_error(e.id.unwrap_or_else(|| "-1".into()), e.code, e.description);
            return (Reaction::Refuse(refusal), None);
        }
    };
    match frame {
        Frame::Call { id, action, payload } => {
            let handled = super::handlers::handle_call(state, charger_id, &action, &payload).await;
            let answer = match handled.result {
                Ok(result) => Frame::CallResult { id, payload: result },
                Err(e) => {
                    tracing::warn!(%charger_id, %action, code = %e.code, "answering CALLERROR: {}", e.description);
                    Frame::call_error(id, e.code, e.description)
                }
            };
            (Reaction::Answer(answer), handled.follow_up)
        }
        answer => (Reaction::Reply(answer), None),
    }
}

/// Sends what follows an answer, on this connection, in a task of its own (the read loop
/// must go on reading: the charger's answer comes through it).
fn send_follow_up(state: &AppState, charger_id: &str, link: &ChargerLink, follow_up: FollowUp) {
    let (state, charger_id, link) = (state.clone(), charger_id.to_owned(), link.clone());
    let timeout = Duration::from_secs(state.config.call_timeout_s);
    tokio::spawn(async move {
        match follow_up {
            FollowUp::CertificateSigned { chain_pem } => {
                let payload = serde_json::json!({ "certificateChain": chain_pem });
                let text = match link.call("CertificateSigned", payload, timeout).await {
                    Ok(answer) => match answer.get("status").and_then(|s| s.as_str()) {
                        Some("Accepted") => {
                            "CertificateSigned accepted: the charger installed its certificate".to_owned()
                        }
                        other => format!("CertificateSigned answered {}", other.unwrap_or("without a status")),
                    },
                    Err(failure) => format!("CertificateSigned not answered: {failure}"),
                };
                tracing::info!(%charger_id, "{text}");
                state.log_charger(&charger_id, "event", &text).await;
            }
        }
    });
}
