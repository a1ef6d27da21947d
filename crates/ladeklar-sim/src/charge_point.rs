//! One simulated charge point.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use chrono::Utc;
use futures_util::{SinkExt, StreamExt};
use ladeklar_ocpp::link::Link;
use ladeklar_ocpp::v16::messages::{
    boot_notification::{BootNotificationRequest, BootNotificationResponse},
    heart_beat::HeartbeatRequest,
    meter_values::MeterValuesRequest,
    remote_start_transaction::RemoteStartTransactionResponse,
    remote_stop_transaction::RemoteStopTransactionResponse,
    start_transaction::{StartTransactionRequest, StartTransactionResponse},
    status_notification::StatusNotificationRequest,
    stop_transaction::StopTransactionRequest,
};
use ladeklar_ocpp::v16::types::{
    ChargePointErrorCode, ChargePointStatus, Measurand, MeterValue, Reason, RemoteStartStopStatus, SampledValue,
    UnitOfMeasure,
};
use ladeklar_ocpp::{CallErrorCode, CentralSystemCall, ChargePointCall, Frame, SUBPROTOCOL};
use rand::Rng;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// How one simulated charge point behaves.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub charge_point_id: String,
    /// `ws://host:port/ocpp`; the charge point id is appended.
    pub ws_base: String,
    pub connectors: Vec<SimConnector>,
    pub meter_interval: Duration,
    pub vendor: String,
    pub model: String,
    /// The charger's password for HTTP Basic auth (Security Profile 1); `None` sends none.
    pub password: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SimConnector {
    pub connector_id: u32,
    /// The power the car draws while charging, kW.
    pub power_kw: Decimal,
    /// A ChargePointErrorCode to report as Faulted instead of Available.
    pub fault: Option<String>,
}

#[derive(Debug, Clone)]
struct Transaction {
    id: i32,
    id_tag: String,
}

#[derive(Debug)]
struct ConnectorState {
    config: SimConnector,
    status: ChargePointStatus,
    /// The energy register, Wh (lifetime).
    register_wh: Decimal,
    transaction: Option<Transaction>,
}

/// A simulated charge point; run it with [`SimCharger::run_until`].
pub struct SimCharger {
    config: SimConfig,
    connectors: Arc<Mutex<HashMap<u32, ConnectorState>>>,
}

impl SimCharger {
    pub fn new(config: SimConfig) -> Self {
        let connectors = config
            .connectors
            .iter()
            .map(|c| {
                let status = if c.fault.is_some() {
                    ChargePointStatus::Faulted
                } else {
                    ChargePointStatus::Available
                };
                // Registers start at a realistic lifetime value, never at zero.
                let register_wh = Decimal::from(1_000_000 + 137 * c.connector_id);
                (
                    c.connector_id,
                    ConnectorState {
                        config: c.clone(),
                        status,
                        register_wh,
                        transaction: None,
                    },
                )
            })
            .collect();
        Self {
            config,
            connectors: Arc::new(Mutex::new(connectors)),
        }
    }

    pub fn charge_point_id(&self) -> &str {
        &self.config.charge_point_id
    }

    /// Connects, and reconnects with randomized back-off, until `shutdown` turns true.
    pub async fn run_until(self, mut shutdown: watch::Receiver<bool>) {
        let mut backoff = Duration::from_millis(250);
        loop {
            if *shutdown.borrow() {
                return;
            }
            let session = self.connect_and_serve(shutdown.clone());
            tokio::select! {
                r = session => match r {
                    Ok(()) => backoff = Duration::from_millis(250),
                    Err(e) => tracing::debug!(charger = %self.config.charge_point_id, error = %e, "simulator connection ended"),
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
        if let Some(password) = &self.config.password {
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
        let (socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .with_context(|| format!("connecting {url}"))?;
        let (mut sink, mut stream) = socket.split();
        let (outbox, mut outgoing) = mpsc::channel::<String>(64);
        let link = Link::new(1, outbox, "cp-");
        let writer = tokio::spawn(async move {
            while let Some(text) = outgoing.recv().await {
                if sink.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
        });
        let behaviour = tokio::spawn(run_charge_point(
            self.config.clone(),
            self.connectors.clone(),
            link.clone(),
        ));
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
                            let reply = self.handle_call(&link, &action, &payload);
                            let _ = link.send(match reply {
                                Ok(v) => Frame::CallResult { id, payload: v },
                                Err((code, text)) => Frame::call_error(id, code, text),
                            }).await;
                        }
                        Ok(answer) => { link.answer_frame(answer); }
                        Err(e) => tracing::warn!(error = %e, "simulator got a malformed frame"),
                    }
                }
                _ = stopped(&mut shutdown) => break Ok(()),
            }
        };
        behaviour.abort();
        writer.abort();
        result
    }

    fn handle_call(&self, link: &Link, action: &str, payload: &Value) -> Result<Value, (CallErrorCode, String)> {
        let call = CentralSystemCall::parse(action, payload).map_err(|e| (e.code, e.description))?;
        match call {
            CentralSystemCall::RemoteStartTransaction(req) => {
                let mut connectors = lock(&self.connectors);
                let chosen = match req.connector_id {
                    Some(id) => connectors.get_mut(&id),
                    None => connectors
                        .values_mut()
                        .find(|c| c.status == ChargePointStatus::Available),
                };
                let accepted = match chosen {
                    Some(c)
                        if matches!(c.status, ChargePointStatus::Available | ChargePointStatus::Preparing)
                            && c.transaction.is_none() =>
                    {
                        c.status = ChargePointStatus::Preparing;
                        tokio::spawn(start_transaction(
                            link.clone(),
                            self.connectors.clone(),
                            c.config.connector_id,
                            req.id_tag.clone(),
                        ));
                        true
                    }
                    _ => false,
                };
                Ok(to_json(&RemoteStartTransactionResponse {
                    status: status(accepted),
                }))
            }
            CentralSystemCall::RemoteStopTransaction(req) => {
                let connectors = lock(&self.connectors);
                let found = connectors
                    .values()
                    .find(|c| c.transaction.as_ref().is_some_and(|t| t.id == req.transaction_id))
                    .map(|c| c.config.connector_id);
                if let Some(connector_id) = found {
                    tokio::spawn(stop_transaction(
                        link.clone(),
                        self.connectors.clone(),
                        connector_id,
                        Reason::Remote,
                    ));
                }
                Ok(to_json(&RemoteStopTransactionResponse {
                    status: status(found.is_some()),
                }))
            }
            CentralSystemCall::Reset(_) | CentralSystemCall::ChangeAvailability(_) => Ok(json!({"status": "Accepted"})),
            CentralSystemCall::UnlockConnector(_) => Ok(json!({"status": "Unlocked"})),
            CentralSystemCall::TriggerMessage(_) => Ok(json!({"status": "Accepted"})),
        }
    }
}

/// Resolves once `shutdown` turns true (or its sender is gone).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|s| *s).await;
}

fn status(accepted: bool) -> RemoteStartStopStatus {
    if accepted {
        RemoteStartStopStatus::Accepted
    } else {
        RemoteStartStopStatus::Rejected
    }
}

fn lock(m: &Mutex<HashMap<u32, ConnectorState>>) -> MutexGuard<'_, HashMap<u32, ConnectorState>> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn to_json<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or_else(|_| json!({}))
}

async fn send(link: &Link, call: ChargePointCall) -> anyhow::Result<Value> {
    let (action, payload) = call.to_action_payload();
    Ok(link.call(action, payload, CALL_TIMEOUT).await?)
}

async fn notify_status(
    link: &Link,
    connector_id: u32,
    status: ChargePointStatus,
    error: Option<&str>,
) -> anyhow::Result<()> {
    let error_code = match error {
        Some(code) => serde_json::from_value(json!(code)).unwrap_or(ChargePointErrorCode::OtherError),
        None => ChargePointErrorCode::NoError,
    };
    send(
        link,
        ChargePointCall::StatusNotification(StatusNotificationRequest {
            connector_id,
            error_code,
            info: None,
            status,
            timestamp: Some(Utc::now()),
            vendor_id: None,
            vendor_error_code: None,
        }),
    )
    .await?;
    Ok(())
}

/// Boot, report every connector, then heartbeat and send meter values while connected.
async fn run_charge_point(
    config: SimConfig,
    connectors: Arc<Mutex<HashMap<u32, ConnectorState>>>,
    link: Link,
) -> anyhow::Result<()> {
    let boot = send(
        &link,
        ChargePointCall::BootNotification(BootNotificationRequest {
            charge_point_model: config.model.clone(),
            charge_point_vendor: config.vendor.clone(),
            ..Default::default()
        }),
    )
    .await?;
    let boot: BootNotificationResponse = serde_json::from_value(boot)?;
    let heartbeat = Duration::from_secs(u64::from(boot.interval.max(10)));
    let snapshot: Vec<(u32, ChargePointStatus, Option<String>)> = {
        let c = lock(&connectors);
        let mut v: Vec<_> = c
            .values()
            .map(|c| (c.config.connector_id, c.status.clone(), c.config.fault.clone()))
            .collect();
        v.sort_by_key(|(id, _, _)| *id);
        v
    };
    notify_status(&link, 0, ChargePointStatus::Available, None).await?;
    for (id, status, fault) in snapshot {
        notify_status(&link, id, status, fault.as_deref()).await?;
    }
    let mut next_heartbeat = tokio::time::Instant::now() + heartbeat;
    let mut meter = tokio::time::interval(config.meter_interval);
    meter.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = tokio::time::sleep_until(next_heartbeat) => {
                send(&link, ChargePointCall::Heartbeat(HeartbeatRequest {})).await?;
                next_heartbeat = tokio::time::Instant::now() + heartbeat;
            }
            _ = meter.tick() => {
                let elapsed = last.elapsed();
                last = tokio::time::Instant::now();
                for (connector_id, transaction_id, register, power_w) in advance_meters(&connectors, elapsed) {
                    send(&link, ChargePointCall::MeterValues(MeterValuesRequest {
                        connector_id,
                        transaction_id: Some(transaction_id),
                        meter_value: vec![meter_value(register, Some(power_w))],
                    })).await?;
                }
            }
        }
    }
}

/// Adds the energy drawn during `elapsed` to every charging connector's register.
fn advance_meters(
    connectors: &Mutex<HashMap<u32, ConnectorState>>,
    elapsed: Duration,
) -> Vec<(u32, i32, Decimal, Decimal)> {
    let mut out = Vec::new();
    let millis = Decimal::from(elapsed.as_millis() as u64);
    for c in lock(connectors).values_mut() {
        if let (Some(t), ChargePointStatus::Charging) = (&c.transaction, &c.status) {
            let power_w = c.config.power_kw * Decimal::from(1000);
            // Wh = W × h; whole Wh, as real meters report.
            c.register_wh += (power_w * millis / Decimal::from(3_600_000)).round_dp(0);
            out.push((c.config.connector_id, t.id, c.register_wh, power_w));
        }
    }
    out
}

fn meter_value(register_wh: Decimal, power_w: Option<Decimal>) -> MeterValue {
    let mut sampled_value = vec![SampledValue {
        value: register_wh.round_dp(0).to_string(),
        measurand: Some(Measurand::EnergyActiveImportRegister),
        unit: Some(UnitOfMeasure::Wh),
        ..Default::default()
    }];
    if let Some(p) = power_w {
        sampled_value.push(SampledValue {
            value: p.round_dp(0).to_string(),
            measurand: Some(Measurand::PowerActiveImport),
            unit: Some(UnitOfMeasure::W),
            ..Default::default()
        });
    }
    MeterValue {
        timestamp: Utc::now(),
        sampled_value,
    }
}

async fn start_transaction(
    link: Link,
    connectors: Arc<Mutex<HashMap<u32, ConnectorState>>>,
    connector_id: u32,
    id_tag: String,
) {
    let result: anyhow::Result<()> = async {
        notify_status(&link, connector_id, ChargePointStatus::Preparing, None).await?;
        let meter_start = lock(&connectors)
            .get(&connector_id)
            .map(|c| c.register_wh)
            .unwrap_or_default();
        let answer = send(
            &link,
            ChargePointCall::StartTransaction(StartTransactionRequest {
                connector_id,
                id_tag: id_tag.clone(),
                meter_start: meter_start.to_i32().unwrap_or(0),
                reservation_id: None,
                timestamp: Utc::now(),
            }),
        )
        .await?;
        let answer: StartTransactionResponse = serde_json::from_value(answer)?;
        if let Some(c) = lock(&connectors).get_mut(&connector_id) {
            c.transaction = Some(Transaction {
                id: answer.transaction_id,
                id_tag,
            });
            c.status = ChargePointStatus::Charging;
        }
        notify_status(&link, connector_id, ChargePointStatus::Charging, None).await
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(connector_id, error = %e, "simulated start failed");
    }
}

async fn stop_transaction(
    link: Link,
    connectors: Arc<Mutex<HashMap<u32, ConnectorState>>>,
    connector_id: u32,
    reason: Reason,
) {
    let taken = {
        let mut c = lock(&connectors);
        c.get_mut(&connector_id).and_then(|c| {
            c.status = ChargePointStatus::Finishing;
            c.transaction.take().map(|t| (t, c.register_wh))
        })
    };
    let Some((transaction, register)) = taken else { return };
    let result: anyhow::Result<()> = async {
        send(
            &link,
            ChargePointCall::StopTransaction(StopTransactionRequest {
                id_tag: Some(transaction.id_tag.clone()),
                meter_stop: register.to_i32().unwrap_or(0),
                timestamp: Utc::now(),
                transaction_id: transaction.id,
                reason: Some(reason),
                transaction_data: None,
            }),
        )
        .await?;
        notify_status(&link, connector_id, ChargePointStatus::Finishing, None).await?;
        if let Some(c) = lock(&connectors).get_mut(&connector_id) {
            c.status = ChargePointStatus::Available;
        }
        notify_status(&link, connector_id, ChargePointStatus::Available, None).await
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(connector_id, error = %e, "simulated stop failed");
    }
}
