//! The connection to the central system: connecting (subprotocol, Basic auth, TLS — with the
//! installed client certificate instead of the password over `wss://`, Security Profile 3),
//! reconnecting with randomized back-off, and serving one connection — queued transaction
//! messages first, then boot, heartbeats, and every central-system CALL answered through
//! [`calls::answer`] with its effects run after the answer.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use chrono::{DateTime, Utc};
use futures_util::{SinkExt, StreamExt};
use ladeklar_ocpp::link::Link;
use ladeklar_ocpp::v16::messages::heart_beat::HeartbeatRequest;
use ladeklar_ocpp::{CentralSystemCall, ChargePointCall, Frame, SUBPROTOCOL};
use rand::Rng;
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::Connector;

use super::calls::{self, Answer, Charger};
use super::config::SimConfig;
use super::connectors::{lock, Connectors};
use super::meters::run_meters;
use super::outbox::Outbox;
use super::reports::boot;
use super::sending::send;
use super::state::{lock_state, SimState};
use super::SimCharger;

/// Ends the connection's tasks and forgets its link however the connection ends.
struct ConnectionGuard {
    outbox: Outbox,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        self.outbox.set_link(None);
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl SimCharger {
    /// Connects, and reconnects with randomized back-off, until `shutdown` turns true.
    /// The meters run all along, connected or not.
    pub async fn run_until(self, mut shutdown: watch::Receiver<bool>) {
        let meters = tokio::spawn(run_meters(self.outbox.clone(), self.state.clone()));
        let _meters = ConnectionGuard {
            outbox: self.outbox.clone(),
            tasks: vec![meters],
        };
        let mut offline = self.offline.subscribe();
        let mut backoff = Duration::from_millis(250);
        loop {
            if *shutdown.borrow() {
                return;
            }
            let is_offline = *offline.borrow();
            if is_offline {
                tokio::select! {
                    _ = turns(&mut offline, false) => {}
                    _ = stopped(&mut shutdown) => return,
                }
            }
            let session = self.connect_and_serve(shutdown.clone());
            tokio::select! {
                r = session => match r {
                    Ok(()) => backoff = Duration::from_millis(250),
                    // Warn: a wrong URL, password or --ca-cert must not look like quiet retrying.
                    Err(e) => tracing::warn!(charger = %self.config.charge_point_id, error = %format!("{e:#}"),
                        retry_in_ms = backoff.as_millis() as u64, "simulator connection failed or ended"),
                },
                _ = stopped(&mut shutdown) => return,
            }
            let jitter = rand::rng().random_range(0..=backoff.as_millis() as u64 / 2);
            let wait = backoff + Duration::from_millis(jitter);
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = stopped(&mut shutdown) => return,
            }
            backoff = (backoff * 2).min(Duration::from_secs(30));
        }
    }

    async fn connect_and_serve(&self, mut shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
        let url = format!(
            "{}/{}",
            self.config.ws_base.trim_end_matches('/'),
            self.config.charge_point_id
        );
        let mut request = url.as_str().into_client_request().context("simulator URL")?;
        request
            .headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_static(SUBPROTOCOL));
        let (password, client_certificate) = {
            let state = lock_state(&self.state);
            (
                state.configuration.authorization_key.clone(),
                state.certificates.client.clone(),
            )
        };
        // Security Profile 3 over wss://: the client certificate, and no password.
        let client_certificate = client_certificate.filter(|_| url.starts_with("wss://"));
        if let (Some(password), None) = (&password, &client_certificate) {
            let credentials = format!("{}:{password}", self.config.charge_point_id);
            let value = format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(credentials)
            );
            request.headers_mut().insert(
                "Authorization",
                HeaderValue::from_str(&value).context("credentials header")?,
            );
        }
        let connector = match &client_certificate {
            Some((chain, key)) => Connector::Rustls(crate::tls::with_client_certificate(
                self.config.tls.as_ref(),
                chain,
                key,
            )?),
            None => crate::tls::connector_for(&url, self.config.tls.as_ref())?,
        };
        let mut offline = self.offline.subscribe();
        let (socket, _) = tokio_tungstenite::connect_async_tls_with_config(request, None, false, Some(connector))
            .await
            .with_context(|| format!("connecting {url}"))?;
        let (mut sink, mut stream) = socket.split();
        let (outbox, mut outgoing) = mpsc::channel::<String>(64);
        let link = Link::new(1, outbox, "cp-");
        let behaviour = run_charge_point(
            self.config.clone(),
            self.connectors.clone(),
            self.state.clone(),
            self.outbox.clone(),
            link.clone(),
        );
        let writer = tokio::spawn(async move {
            while let Some(text) = outgoing.recv().await {
                if sink.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
        });
        // A charge point that can no longer deliver (no answer in time) drops the connection.
        let (gave_up, mut given_up) = tokio::sync::oneshot::channel::<()>();
        let behaviour = tokio::spawn(async move {
            if let Err(e) = behaviour.await {
                tracing::debug!(error = %e, "simulated charge point stopped talking");
            }
            let _ = gave_up.send(());
        });
        let _connection = ConnectionGuard {
            outbox: self.outbox.clone(),
            tasks: vec![writer, behaviour],
        };
        let result = loop {
            tokio::select! {
                msg = stream.next() => {
                    let text = match msg {
                        Some(Ok(Message::Text(t))) => t.to_string(),
                        Some(Ok(Message::Close(_))) | None => break Ok(()),
                        Some(Err(e)) => break Err(e.into()),
                        Some(Ok(_)) => continue,
                    };
                    match Frame::parse(&text) {
                        Ok(Frame::Call { id, action, payload }) => {
                            let (reply, follow_up) = match CentralSystemCall::parse(&action, &payload) {
                                Ok(call) => {
                                    let Answer { reply, effect } = self.answer(call, Utc::now());
                                    let follow_up = effect.map(|effect| self.follow_up(&link, effect));
                                    (Frame::CallResult { id, payload: reply }, follow_up)
                                }
                                Err(e) => (Frame::call_error(id, e.code, e.description), None),
                            };
                            // The answer goes out before anything the call makes the charger send.
                            let _ = link.send(reply).await;
                            if let Some(follow_up) = follow_up {
                                tokio::spawn(follow_up);
                            }
                        }
                        Ok(answer) => { link.answer_frame(answer); }
                        Err(e) => tracing::warn!(error = %e, "simulator got a malformed frame"),
                    }
                }
                _ = stopped(&mut shutdown) => break Ok(()),
                _ = turns(&mut offline, true) => break Ok(()),
                _ = &mut given_up => break Ok(()),
                () = self.reconnect.notified() => break Ok(()),
            }
        };
        result
    }

    /// Answers a central-system call at `now`, with the connectors and the rest of the
    /// charger's state locked for the call.
    fn answer(&self, call: CentralSystemCall, now: DateTime<Utc>) -> Answer {
        let mut connectors = lock(&self.connectors);
        let mut state = lock_state(&self.state);
        let mut charger = Charger {
            charge_point_id: &self.config.charge_point_id,
            connectors: &mut connectors,
            state: &mut state,
        };
        calls::answer(&mut charger, call, now)
    }
}

/// Resolves once the flag is `value` (or its sender is gone).
async fn turns(flag: &mut watch::Receiver<bool>, value: bool) {
    let _ = flag.wait_for(|v| *v == value).await;
}

/// Resolves once `shutdown` turns true (or its sender is gone).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|s| *s).await;
}

/// On a new connection: deliver the queued transaction messages first, then boot, report
/// every connector, and heartbeat at the charger's HeartbeatInterval while delivering what
/// gets queued.
async fn run_charge_point(
    config: SimConfig,
    connectors: Connectors,
    state: Arc<Mutex<SimState>>,
    outbox: Outbox,
    link: Link,
) -> anyhow::Result<()> {
    outbox.set_link(Some(link.clone()));
    outbox.flush().await?;
    boot(&config, &connectors, &state, &link).await?;
    let mut last_heartbeat = tokio::time::Instant::now();
    loop {
        let heartbeat = lock_state(&state).configuration.heartbeat;
        tokio::select! {
            _ = tokio::time::sleep_until(last_heartbeat + heartbeat) => {
                send(&link, ChargePointCall::Heartbeat(HeartbeatRequest {})).await?;
                last_heartbeat = tokio::time::Instant::now();
            }
            _ = outbox.queued.notified() => outbox.flush().await?,
        }
    }
}
