//! One simulated charge point.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use chrono::{DateTime, SubsecRound, Utc};
use futures_util::{SinkExt, StreamExt};
use ladeklar_ocpp::link::{CallFailure, Link};
use ladeklar_ocpp::v16::messages::{
    boot_notification::{BootNotificationRequest, BootNotificationResponse},
    diagnostics_status_notification::DiagnosticsStatusNotificationRequest,
    firmware_status_notification::FirmwareStatusNotificationRequest,
    heart_beat::HeartbeatRequest,
    meter_values::MeterValuesRequest,
    remote_start_transaction::RemoteStartTransactionResponse,
    remote_stop_transaction::RemoteStopTransactionResponse,
    start_transaction::StartTransactionRequest,
    status_notification::StatusNotificationRequest,
    stop_transaction::StopTransactionRequest,
};
use ladeklar_ocpp::v16::types::{
    AvailabilityType, ChargePointErrorCode, ChargePointStatus, ChargingProfile, ChargingProfilePurposeType,
    DiagnosticsStatus, FirmwareStatus, KeyValue, Measurand, MessageTrigger, MeterValue, Reason, RemoteStartStopStatus,
    SampledValue, UnitOfMeasure, UpdateType,
};
use ladeklar_ocpp::{CallErrorCode, CentralSystemCall, ChargePointCall, Frame, SUBPROTOCOL};
use rand::Rng;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use tokio::sync::{mpsc, watch, Notify};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// How one simulated charge point behaves.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub charge_point_id: String,
    /// `ws://host:port/ocpp` or `wss://host:port/ocpp`; the charge point id is appended.
    pub ws_base: String,
    pub connectors: Vec<SimConnector>,
    pub meter_interval: Duration,
    pub vendor: String,
    pub model: String,
    /// The charger's password for HTTP Basic auth (Security Profile 1, or 2 over `wss://`);
    /// `None` sends none.
    pub password: Option<String>,
    /// Whom to trust for a `wss://` `ws_base` ([`crate::tls::client_config`]); `None`: the
    /// system's root certificates.
    pub tls: Option<Arc<rustls::ClientConfig>>,
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
    /// The central system's transaction id once it answered the StartTransaction; until then
    /// the local id (negative).
    id: i32,
    /// The id the charger gave the transaction when it started (negative, never sent once
    /// the central system's id is known).
    local_id: i32,
    id_tag: String,
}

/// One transaction as the simulated charger saw it: what it measured and when, whatever
/// happened to the connection. Tests compare the central system's records with these.
#[derive(Debug, Clone, PartialEq)]
pub struct SimTransaction {
    pub connector_id: u32,
    pub id_tag: String,
    /// The central system's id, once it answered the StartTransaction.
    pub transaction_id: Option<i32>,
    pub started_at: DateTime<Utc>,
    pub meter_start_wh: i32,
    pub stopped_at: Option<DateTime<Utc>>,
    pub meter_stop_wh: Option<i32>,
    local_id: i32,
}

/// A transaction message (StartTransaction, MeterValues, StopTransaction) waiting to be
/// delivered, as it was made: with its original timestamps.
#[derive(Debug, Clone)]
struct QueuedMessage {
    action: &'static str,
    payload: Value,
    /// For a StartTransaction: the local id its transaction goes by until it is answered.
    start_of: Option<i32>,
}

#[derive(Debug, Default)]
struct TxQueue {
    messages: VecDeque<QueuedMessage>,
    /// Local transaction id → the id the central system gave in answer to the queued Start.
    assigned: HashMap<i32, i32>,
    last_local_id: i32,
    transactions: Vec<SimTransaction>,
}

/// The charger's transaction messages, delivered in order and only once each is answered:
/// queued while the charger is offline, or while earlier ones wait, and sent (with the
/// central system's transaction id in place of a local one) when a connection is up.
#[derive(Clone)]
struct Outbox {
    queue: Arc<Mutex<TxQueue>>,
    /// Held by whoever delivers, so messages go out one by one, in order.
    delivering: Arc<tokio::sync::Mutex<()>>,
    /// The live connection, if any.
    link: Arc<Mutex<Option<Link>>>,
    /// Wakes the connection's delivery loop when a message is queued.
    queued: Arc<Notify>,
    connectors: Connectors,
}

impl Outbox {
    fn new(connectors: Connectors) -> Self {
        Self {
            queue: Arc::default(),
            delivering: Arc::default(),
            link: Arc::default(),
            queued: Arc::default(),
            connectors,
        }
    }

    fn queue(&self) -> MutexGuard<'_, TxQueue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn link(&self) -> Option<Link> {
        self.link.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set_link(&self, link: Option<Link>) {
        let old = std::mem::replace(&mut *self.link.lock().unwrap_or_else(|e| e.into_inner()), link);
        if let Some(old) = old {
            old.close();
        }
    }

    fn push(&self, call: ChargePointCall, start_of: Option<i32>) {
        let (action, payload) = call.to_action_payload();
        self.queue().messages.push_back(QueuedMessage {
            action,
            payload,
            start_of,
        });
        self.queued.notify_one();
    }

    /// Delivers every queued message in order over the live connection (none: they wait).
    /// A message stays first in the queue until it is answered; a CALLERROR answer drops it
    /// (a charger gives up on a message the central system refuses).
    async fn flush(&self) -> Result<(), CallFailure> {
        let Some(link) = self.link() else { return Ok(()) };
        let _turn = self.delivering.lock().await;
        loop {
            let next = {
                let q = self.queue();
                q.messages.front().cloned().map(|mut m| {
                    // A Start queued offline had no id yet; later messages carry the one it got.
                    let local = m.payload.get("transactionId").and_then(Value::as_i64);
                    if let Some(id) = local
                        .and_then(|l| i32::try_from(l).ok())
                        .and_then(|l| q.assigned.get(&l))
                    {
                        m.payload["transactionId"] = json!(id);
                    }
                    m
                })
            };
            let Some(message) = next else { return Ok(()) };
            match link.call(message.action, message.payload.clone(), CALL_TIMEOUT).await {
                Ok(answer) => {
                    // An answer that breaks the schema still ends the message's turn: sending
                    // it again would get the same answer.
                    if let Err(e) = checked_reply(message.action, answer.clone()) {
                        tracing::warn!(action = message.action, error = %format!("{e:#}"), "transaction message answered out of schema");
                    }
                    if let Some(local_id) = message.start_of {
                        self.assign(local_id, &answer);
                    }
                }
                Err(CallFailure::CallError { code, description }) => {
                    tracing::warn!(action = message.action, %code, %description, "transaction message refused; dropped");
                }
                Err(e) => return Err(e),
            }
            self.queue().messages.pop_front();
        }
    }

    /// Records the central system's id for a transaction started under `local_id`.
    fn assign(&self, local_id: i32, answer: &Value) {
        let Some(id) = answer
            .get("transactionId")
            .and_then(Value::as_i64)
            .and_then(|id| i32::try_from(id).ok())
        else {
            tracing::warn!(%answer, "StartTransaction answered without a transaction id");
            return;
        };
        {
            let mut q = self.queue();
            q.assigned.insert(local_id, id);
            if let Some(t) = q.transactions.iter_mut().find(|t| t.local_id == local_id) {
                t.transaction_id = Some(id);
            }
        }
        for c in lock(&self.connectors).values_mut() {
            if let Some(t) = c.transaction.as_mut().filter(|t| t.local_id == local_id) {
                t.id = id;
            }
        }
    }
}

/// Now, to the millisecond (the precision timestamps are stored with).
fn now_ms() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

#[derive(Debug)]
struct ConnectorState {
    config: SimConnector,
    status: ChargePointStatus,
    /// The energy register, Wh (lifetime).
    register_wh: Decimal,
    transaction: Option<Transaction>,
}

type Connectors = Arc<Mutex<HashMap<u32, ConnectorState>>>;
type FollowUp = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A configuration key the central system can read (GetConfiguration) and change.
#[derive(Debug, Clone)]
struct ConfigKey {
    value: String,
    readonly: bool,
}

/// What the charger keeps apart from its connectors: configuration, local list, reservations,
/// charging profiles, firmware and diagnostics status.
#[derive(Debug)]
struct SimState {
    keys: BTreeMap<String, ConfigKey>,
    heartbeat: Duration,
    meter_interval: Duration,
    local_list_version: i32,
    local_list: BTreeMap<String, Value>,
    /// Reservation id → connector id.
    reservations: HashMap<i32, u32>,
    /// (connector id, profile); connector 0 is the whole charger.
    profiles: Vec<(u32, ChargingProfile)>,
    firmware: FirmwareStatus,
    diagnostics: DiagnosticsStatus,
}

impl SimState {
    fn new(config: &SimConfig) -> Self {
        let mut keys = BTreeMap::new();
        let mut key = |k: &str, v: String, readonly: bool| {
            keys.insert(k.to_owned(), ConfigKey { value: v, readonly });
        };
        key("HeartbeatInterval", "60".into(), false);
        key(
            "MeterValueSampleInterval",
            config.meter_interval.as_secs().max(1).to_string(),
            false,
        );
        key("NumberOfConnectors", config.connectors.len().to_string(), true);
        key(
            "SupportedFeatureProfiles",
            "Core,FirmwareManagement,LocalAuthListManagement,Reservation,RemoteTrigger,SmartCharging".into(),
            true,
        );
        key("AuthorizeRemoteTxRequests", "false".into(), false);
        key("ConnectionTimeOut", "60".into(), false);
        key("LocalAuthListEnabled", "true".into(), false);
        key("LocalAuthListMaxLength", "100".into(), true);
        key("SendLocalListMaxLength", "100".into(), true);
        key("ReserveConnectorZeroSupported", "false".into(), true);
        key("ChargeProfileMaxStackLevel", "8".into(), true);
        key("ChargingScheduleAllowedChargingRateUnit", "Current,Power".into(), true);
        key("ChargingScheduleMaxPeriods", "24".into(), true);
        key("MaxChargingProfilesInstalled", "10".into(), true);
        Self {
            keys,
            heartbeat: Duration::from_secs(60),
            meter_interval: config.meter_interval,
            local_list_version: 0,
            local_list: BTreeMap::new(),
            reservations: HashMap::new(),
            profiles: Vec::new(),
            firmware: FirmwareStatus::Idle,
            diagnostics: DiagnosticsStatus::Idle,
        }
    }

    /// ChangeConfiguration: `Accepted`, `Rejected` (read-only or a bad value) or `NotSupported`.
    fn change(&mut self, key: &str, value: &str) -> &'static str {
        let Some(entry) = self.keys.get_mut(key) else {
            return "NotSupported";
        };
        if entry.readonly {
            return "Rejected";
        }
        if matches!(key, "HeartbeatInterval" | "MeterValueSampleInterval") {
            let Some(seconds) = value.parse::<u64>().ok().filter(|s| *s > 0) else {
                return "Rejected";
            };
            if key == "HeartbeatInterval" {
                self.heartbeat = Duration::from_secs(seconds);
            } else {
                self.meter_interval = Duration::from_secs(seconds);
            }
        }
        entry.value = value.to_owned();
        "Accepted"
    }
}

/// A simulated charge point; run it with [`SimCharger::run_until`], act on it through a
/// [`SimHandle`].
pub struct SimCharger {
    config: SimConfig,
    connectors: Connectors,
    state: Arc<Mutex<SimState>>,
    outbox: Outbox,
    offline: Arc<watch::Sender<bool>>,
}

/// What happens at a simulated charger while it runs: a driver starting or stopping at the
/// charger, the charger losing and regaining its connection; and what it measured.
#[derive(Clone)]
pub struct SimHandle {
    connectors: Connectors,
    outbox: Outbox,
    offline: Arc<watch::Sender<bool>>,
}

impl SimHandle {
    /// Drops the connection and stays offline (charging goes on; transaction messages queue)
    /// until [`SimHandle::go_online`].
    pub fn go_offline(&self) {
        self.offline.send_replace(true);
    }

    /// Reconnects (with the usual randomized back-off) and delivers what was queued first.
    pub fn go_online(&self) {
        self.offline.send_replace(false);
    }

    /// A connection to the central system is up.
    pub fn is_connected(&self) -> bool {
        self.outbox.link().is_some()
    }

    /// Transaction messages not yet answered by the central system.
    pub fn queued(&self) -> usize {
        self.outbox.queue().messages.len()
    }

    /// Every transaction so far, in the order they started.
    pub fn transactions(&self) -> Vec<SimTransaction> {
        self.outbox.queue().transactions.clone()
    }

    /// The connector's energy register, Wh.
    pub fn register_wh(&self, connector_id: u32) -> Option<Decimal> {
        lock(&self.connectors).get(&connector_id).map(|c| c.register_wh)
    }

    /// A driver presents `id_tag` at the charger: the transaction starts at once, online or
    /// not (a charger that cannot ask starts on its own authority). False when the connector
    /// is busy, faulted or unknown.
    pub async fn start_local(&self, connector_id: u32, id_tag: &str) -> bool {
        {
            let mut c = lock(&self.connectors);
            match c.get_mut(&connector_id) {
                Some(c) if c.status == ChargePointStatus::Available && c.transaction.is_none() => {
                    c.status = ChargePointStatus::Preparing;
                }
                _ => return false,
            }
        }
        start_transaction(self.outbox.clone(), connector_id, id_tag.to_owned()).await;
        true
    }

    /// The driver ends the transaction at the charger (reason Local). False when none runs.
    pub async fn stop_local(&self, connector_id: u32) -> bool {
        let running = lock(&self.connectors)
            .get(&connector_id)
            .is_some_and(|c| c.transaction.is_some());
        if running {
            stop_transaction(self.outbox.clone(), connector_id, Reason::Local).await;
        }
        running
    }
}

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
        let connectors: Connectors = Arc::new(Mutex::new(connectors));
        Self {
            state: Arc::new(Mutex::new(SimState::new(&config))),
            config,
            outbox: Outbox::new(connectors.clone()),
            connectors,
            offline: Arc::new(watch::channel(false).0),
        }
    }

    /// A handle to act on the charger while it runs.
    pub fn handle(&self) -> SimHandle {
        SimHandle {
            connectors: self.connectors.clone(),
            outbox: self.outbox.clone(),
            offline: self.offline.clone(),
        }
    }

    pub fn charge_point_id(&self) -> &str {
        &self.config.charge_point_id
    }

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
        let connector = crate::tls::connector_for(&url, self.config.tls.as_ref())?;
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
                            let (reply, follow_up) = match self.handle_call(&link, &action, &payload) {
                                Ok((v, f)) => (Frame::CallResult { id, payload: v }, f),
                                Err((code, text)) => (Frame::call_error(id, code, text), None),
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
            }
        };
        result
    }

    /// Answers a central-system CALL; what the call makes the charger do afterwards
    /// (transactions, status notifications, a reboot) is returned as a follow-up to run once
    /// the answer is sent.
    fn handle_call(
        &self,
        link: &Link,
        action: &str,
        payload: &Value,
    ) -> Result<(Value, Option<FollowUp>), (CallErrorCode, String)> {
        let call = CentralSystemCall::parse(action, payload).map_err(|e| (e.code, e.description))?;
        let (link, connectors, state) = (link.clone(), self.connectors.clone(), self.state.clone());
        let outbox = self.outbox.clone();
        let config = self.config.clone();
        let answer = |v: Value| Ok((v, None));
        let then = |v: Value, f: FollowUp| Ok((v, Some(f)));
        match call {
            CentralSystemCall::RemoteStartTransaction(req) => {
                let mut c = lock(&connectors);
                let chosen = match req.connector_id {
                    Some(id) => c.get_mut(&id),
                    None => c.values_mut().find(|c| c.status == ChargePointStatus::Available),
                };
                let started = match chosen {
                    Some(c)
                        if matches!(c.status, ChargePointStatus::Available | ChargePointStatus::Preparing)
                            && c.transaction.is_none() =>
                    {
                        c.status = ChargePointStatus::Preparing;
                        Some(c.config.connector_id)
                    }
                    _ => None,
                };
                drop(c);
                let reply = to_json(&RemoteStartTransactionResponse {
                    status: status(started.is_some()),
                });
                match started {
                    Some(id) => then(reply, Box::pin(start_transaction(outbox, id, req.id_tag))),
                    None => answer(reply),
                }
            }
            CentralSystemCall::RemoteStopTransaction(req) => {
                let found = lock(&connectors)
                    .values()
                    .find(|c| c.transaction.as_ref().is_some_and(|t| t.id == req.transaction_id))
                    .map(|c| c.config.connector_id);
                let reply = to_json(&RemoteStopTransactionResponse {
                    status: status(found.is_some()),
                });
                match found {
                    Some(id) => then(reply, Box::pin(stop_transaction(outbox, id, Reason::Remote))),
                    None => answer(reply),
                }
            }
            CentralSystemCall::Reset(req) => {
                let hard = to_json(&req.kind) == json!("Hard");
                let reason = if hard { Reason::HardReset } else { Reason::SoftReset };
                then(
                    json!({"status": "Accepted"}),
                    Box::pin(async move {
                        let running: Vec<u32> = lock(&connectors)
                            .values()
                            .filter(|c| c.transaction.is_some())
                            .map(|c| c.config.connector_id)
                            .collect();
                        for id in running {
                            stop_transaction(outbox.clone(), id, reason.clone()).await;
                        }
                        if let Err(e) = boot(&config, &connectors, &state, &link).await {
                            tracing::warn!(error = %e, "simulated reboot failed");
                        }
                    }),
                )
            }
            CentralSystemCall::ChangeAvailability(req) => {
                let operative = req.kind == AvailabilityType::Operative;
                let mut c = lock(&connectors);
                let ids: Vec<u32> = if req.connector_id == 0 {
                    c.keys().copied().collect()
                } else if c.contains_key(&req.connector_id) {
                    vec![req.connector_id]
                } else {
                    return answer(json!({"status": "Rejected"}));
                };
                if ids.iter().any(|id| c.get(id).is_some_and(|c| c.transaction.is_some())) {
                    // Applied when the transaction ends on a real charger; the simulator keeps it simple.
                    return answer(json!({"status": "Scheduled"}));
                }
                let mut changed = Vec::new();
                for id in ids {
                    if let Some(c) = c.get_mut(&id) {
                        let new = match (operative, &c.status) {
                            (false, _) => ChargePointStatus::Unavailable,
                            (true, ChargePointStatus::Unavailable) => ChargePointStatus::Available,
                            (true, other) => other.clone(),
                        };
                        if new != c.status {
                            c.status = new.clone();
                            changed.push((id, new));
                        }
                    }
                }
                drop(c);
                then(
                    json!({"status": "Accepted"}),
                    Box::pin(async move {
                        for (id, status) in changed {
                            let _ = notify_status(&link, id, status, None).await;
                        }
                    }),
                )
            }
            CentralSystemCall::UnlockConnector(req) => {
                let running = match lock(&connectors).get(&req.connector_id) {
                    None => return answer(json!({"status": "NotSupported"})),
                    Some(c) => c.transaction.is_some(),
                };
                if running {
                    // Unlocking ends the transaction (OCPP 1.6 §5.18).
                    then(
                        json!({"status": "Unlocked"}),
                        Box::pin(stop_transaction(outbox, req.connector_id, Reason::UnlockCommand)),
                    )
                } else {
                    answer(json!({"status": "Unlocked"}))
                }
            }
            CentralSystemCall::TriggerMessage(req) => {
                if req.connector_id.is_some_and(|id| !lock(&connectors).contains_key(&id)) {
                    return answer(json!({"status": "Rejected"}));
                }
                then(
                    json!({"status": "Accepted"}),
                    Box::pin(async move {
                        let sent = triggered(
                            &config,
                            &connectors,
                            &state,
                            &link,
                            req.requested_message,
                            req.connector_id,
                        );
                        if let Err(e) = sent.await {
                            tracing::warn!(error = %e, "triggered message failed");
                        }
                    }),
                )
            }
            CentralSystemCall::GetConfiguration(req) => {
                let st = lock_state(&state);
                // No key list or an empty one: every key (OCPP 1.6, GetConfiguration).
                let wanted: Vec<String> = match req.key {
                    Some(keys) if !keys.is_empty() => keys,
                    _ => st.keys.keys().cloned().collect(),
                };
                let (known, unknown): (Vec<String>, Vec<String>) =
                    wanted.into_iter().partition(|k| st.keys.contains_key(k));
                let configuration_key: Vec<KeyValue> = known
                    .into_iter()
                    .filter_map(|k| {
                        st.keys.get(&k).map(|v| KeyValue {
                            key: k.clone(),
                            readonly: v.readonly,
                            value: Some(v.value.clone()),
                        })
                    })
                    .collect();
                let mut reply = json!({"configurationKey": to_json(&configuration_key)});
                if !unknown.is_empty() {
                    reply["unknownKey"] = json!(unknown);
                }
                answer(reply)
            }
            CentralSystemCall::ChangeConfiguration(req) => {
                answer(json!({"status": lock_state(&state).change(&req.key, &req.value)}))
            }
            CentralSystemCall::ClearCache(_) => answer(json!({"status": "Accepted"})),
            CentralSystemCall::GetDiagnostics(_) => {
                let file_name = format!("diagnostics-{}.log", config.charge_point_id);
                then(
                    json!({"fileName": file_name}),
                    Box::pin(async move {
                        for status in [DiagnosticsStatus::Uploading, DiagnosticsStatus::Uploaded] {
                            lock_state(&state).diagnostics = status.clone();
                            let call =
                                ChargePointCall::DiagnosticsStatusNotification(DiagnosticsStatusNotificationRequest {
                                    status,
                                });
                            if send(&link, call).await.is_err() {
                                return;
                            }
                        }
                    }),
                )
            }
            CentralSystemCall::UpdateFirmware(_) => then(
                json!({}),
                Box::pin(async move {
                    for status in [
                        FirmwareStatus::Downloading,
                        FirmwareStatus::Downloaded,
                        FirmwareStatus::Installing,
                        FirmwareStatus::Installed,
                    ] {
                        lock_state(&state).firmware = status.clone();
                        let call =
                            ChargePointCall::FirmwareStatusNotification(FirmwareStatusNotificationRequest { status });
                        if send(&link, call).await.is_err() {
                            return;
                        }
                    }
                }),
            ),
            CentralSystemCall::ReserveNow(req) => {
                let mut c = lock(&connectors);
                let Some(connector) = c.get_mut(&req.connector_id) else {
                    return answer(json!({"status": "Rejected"}));
                };
                let reply = match (&connector.status, &connector.transaction) {
                    (ChargePointStatus::Faulted, _) => "Faulted",
                    (ChargePointStatus::Unavailable, _) => "Unavailable",
                    (ChargePointStatus::Available, None) => "Accepted",
                    _ => "Occupied",
                };
                if reply != "Accepted" {
                    return answer(json!({"status": reply}));
                }
                connector.status = ChargePointStatus::Reserved;
                drop(c);
                lock_state(&state)
                    .reservations
                    .insert(req.reservation_id, req.connector_id);
                then(
                    json!({"status": "Accepted"}),
                    Box::pin(async move {
                        let _ = notify_status(&link, req.connector_id, ChargePointStatus::Reserved, None).await;
                    }),
                )
            }
            CentralSystemCall::CancelReservation(req) => {
                let Some(connector_id) = lock_state(&state).reservations.remove(&req.reservation_id) else {
                    return answer(json!({"status": "Rejected"}));
                };
                let freed = lock(&connectors).get_mut(&connector_id).is_some_and(|c| {
                    let reserved = c.status == ChargePointStatus::Reserved;
                    if reserved {
                        c.status = ChargePointStatus::Available;
                    }
                    reserved
                });
                if !freed {
                    return answer(json!({"status": "Accepted"}));
                }
                then(
                    json!({"status": "Accepted"}),
                    Box::pin(async move {
                        let _ = notify_status(&link, connector_id, ChargePointStatus::Available, None).await;
                    }),
                )
            }
            CentralSystemCall::SendLocalList(req) => {
                let mut st = lock_state(&state);
                if req.update_type == UpdateType::Full {
                    st.local_list.clear();
                }
                for entry in req.local_authorization_list.unwrap_or_default() {
                    match entry.id_tag_info {
                        Some(info) => {
                            st.local_list.insert(entry.id_tag, to_json(&info));
                        }
                        None => {
                            st.local_list.remove(&entry.id_tag);
                        }
                    }
                }
                st.local_list_version = req.list_version;
                answer(json!({"status": "Accepted"}))
            }
            CentralSystemCall::GetLocalListVersion(_) => {
                answer(json!({"listVersion": lock_state(&state).local_list_version}))
            }
            CentralSystemCall::DataTransfer(req) => {
                if req.vendor_string == "Ladeklar" {
                    answer(json!({"status": "Accepted", "data": req.data.unwrap_or_default()}))
                } else {
                    answer(json!({"status": "UnknownVendorId"}))
                }
            }
            CentralSystemCall::SetChargingProfile(req) => {
                let Ok(connector_id) = u32::try_from(req.connector_id) else {
                    return answer(json!({"status": "Rejected"}));
                };
                let profile = req.cs_charging_profiles;
                let has_transaction = lock(&connectors).get(&connector_id).map(|c| c.transaction.is_some());
                let ok = match (&profile.charging_profile_purpose, has_transaction) {
                    (_, None) if connector_id != 0 => false,
                    (ChargingProfilePurposeType::TxProfile, Some(true)) => true,
                    (ChargingProfilePurposeType::TxProfile, _) => false,
                    (ChargingProfilePurposeType::ChargePointMaxProfile, _) => connector_id == 0,
                    _ => true,
                };
                if !ok {
                    return answer(json!({"status": "Rejected"}));
                }
                let mut st = lock_state(&state);
                st.profiles
                    .retain(|(_, p)| p.charging_profile_id != profile.charging_profile_id);
                st.profiles.push((connector_id, profile));
                answer(json!({"status": "Accepted"}))
            }
            CentralSystemCall::ClearChargingProfile(req) => {
                let mut st = lock_state(&state);
                let before = st.profiles.len();
                st.profiles.retain(|(connector, p)| {
                    let matches = req.id.is_none_or(|id| id == p.charging_profile_id)
                        && req.connector_id.is_none_or(|c| i64::from(c) == i64::from(*connector))
                        && req
                            .charging_profile_purpose
                            .as_ref()
                            .is_none_or(|purpose| *purpose == p.charging_profile_purpose)
                        && req.stack_level.is_none_or(|l| i64::from(l) == i64::from(p.stack_level));
                    !matches
                });
                let status = if st.profiles.len() < before {
                    "Accepted"
                } else {
                    "Unknown"
                };
                answer(json!({"status": status}))
            }
            CentralSystemCall::GetCompositeSchedule(req) => {
                let st = lock_state(&state);
                let connector_known = req.connector_id == 0
                    || u32::try_from(req.connector_id).is_ok_and(|id| lock(&connectors).contains_key(&id));
                let applicable = st
                    .profiles
                    .iter()
                    .filter(|(c, _)| *c == 0 || i64::from(*c) == i64::from(req.connector_id))
                    .max_by_key(|(_, p)| p.stack_level);
                match applicable {
                    Some((_, profile)) if connector_known => {
                        let mut schedule = profile.charging_schedule.clone();
                        schedule.duration = Some(req.duration);
                        schedule.start_schedule = None;
                        answer(json!({
                            "status": "Accepted",
                            "connectorId": req.connector_id,
                            "scheduleStart": Utc::now(),
                            "chargingSchedule": to_json(&schedule),
                        }))
                    }
                    _ => answer(json!({"status": "Rejected"})),
                }
            }
        }
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

fn lock_state(m: &Mutex<SimState>) -> MutexGuard<'_, SimState> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn to_json<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or_else(|_| json!({}))
}

async fn send(link: &Link, call: ChargePointCall) -> anyhow::Result<Value> {
    let (action, payload) = call.to_action_payload();
    let answer = link.call(action, payload, CALL_TIMEOUT).await?;
    checked_reply(action, answer)
}

/// The central system's CALLRESULT for `action`, if it fits the official OCPP 1.6 response
/// schema; otherwise an error naming the field (the charger then treats the call as failed).
fn checked_reply(action: &str, answer: Value) -> anyhow::Result<Value> {
    ladeklar_ocpp::schema::check(action, ladeklar_ocpp::schema::Pdu::Response, &answer)
        .with_context(|| format!("the central system's answer to {action} breaks the OCPP 1.6 schema"))?;
    Ok(answer)
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

/// BootNotification (adopting the heartbeat interval it answers), then a StatusNotification
/// for the charger and each connector.
async fn boot(config: &SimConfig, connectors: &Connectors, state: &Mutex<SimState>, link: &Link) -> anyhow::Result<()> {
    let boot = send(
        link,
        ChargePointCall::BootNotification(BootNotificationRequest {
            charge_point_model: config.model.clone(),
            charge_point_vendor: config.vendor.clone(),
            ..Default::default()
        }),
    )
    .await?;
    let boot: BootNotificationResponse = serde_json::from_value(boot)?;
    let interval = boot.interval.max(10);
    {
        let mut st = lock_state(state);
        st.heartbeat = Duration::from_secs(u64::from(interval));
        if let Some(k) = st.keys.get_mut("HeartbeatInterval") {
            k.value = interval.to_string();
        }
    }
    notify_status(link, 0, ChargePointStatus::Available, None).await?;
    for (id, status, fault) in connector_snapshot(connectors, None) {
        notify_status(link, id, status, fault.as_deref()).await?;
    }
    Ok(())
}

/// (connector id, status, scripted fault) of one connector or all, by id.
fn connector_snapshot(connectors: &Connectors, only: Option<u32>) -> Vec<(u32, ChargePointStatus, Option<String>)> {
    let c = lock(connectors);
    let mut v: Vec<_> = c
        .values()
        .filter(|c| only.is_none_or(|id| id == c.config.connector_id))
        .map(|c| (c.config.connector_id, c.status.clone(), c.config.fault.clone()))
        .collect();
    v.sort_by_key(|(id, _, _)| *id);
    v
}

/// Sends what a TriggerMessage asked for.
async fn triggered(
    config: &SimConfig,
    connectors: &Connectors,
    state: &Mutex<SimState>,
    link: &Link,
    message: MessageTrigger,
    connector_id: Option<u32>,
) -> anyhow::Result<()> {
    match message {
        MessageTrigger::BootNotification => boot(config, connectors, state, link).await?,
        MessageTrigger::Heartbeat => {
            send(link, ChargePointCall::Heartbeat(HeartbeatRequest {})).await?;
        }
        MessageTrigger::StatusNotification => {
            for (id, status, fault) in connector_snapshot(connectors, connector_id) {
                notify_status(link, id, status, fault.as_deref()).await?;
            }
        }
        MessageTrigger::MeterValues => {
            let readings: Vec<(u32, Option<i32>, Decimal)> = {
                let c = lock(connectors);
                let mut v: Vec<_> = c
                    .values()
                    .filter(|c| connector_id.is_none_or(|id| id == c.config.connector_id))
                    .map(|c| {
                        (
                            c.config.connector_id,
                            c.transaction.as_ref().map(|t| t.id),
                            c.register_wh,
                        )
                    })
                    .collect();
                v.sort_by_key(|(id, _, _)| *id);
                v
            };
            for (connector_id, transaction_id, register) in readings {
                let call = ChargePointCall::MeterValues(MeterValuesRequest {
                    connector_id,
                    transaction_id,
                    meter_value: vec![meter_value(register, None)],
                });
                send(link, call).await?;
            }
        }
        MessageTrigger::DiagnosticsStatusNotification => {
            let status = lock_state(state).diagnostics.clone();
            let call = ChargePointCall::DiagnosticsStatusNotification(DiagnosticsStatusNotificationRequest { status });
            send(link, call).await?;
        }
        MessageTrigger::FirmwareStatusNotification => {
            let status = lock_state(state).firmware.clone();
            let call = ChargePointCall::FirmwareStatusNotification(FirmwareStatusNotificationRequest { status });
            send(link, call).await?;
        }
    }
    Ok(())
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
        let heartbeat = lock_state(&state).heartbeat;
        tokio::select! {
            _ = tokio::time::sleep_until(last_heartbeat + heartbeat) => {
                send(&link, ChargePointCall::Heartbeat(HeartbeatRequest {})).await?;
                last_heartbeat = tokio::time::Instant::now();
            }
            _ = outbox.queued.notified() => outbox.flush().await?,
        }
    }
}

/// The meters, connected or not: every MeterValueSampleInterval each charging connector's
/// register grows and a MeterValues is queued for delivery.
async fn run_meters(outbox: Outbox, state: Arc<Mutex<SimState>>) {
    let mut last_meter = tokio::time::Instant::now();
    loop {
        let meter_interval = lock_state(&state).meter_interval;
        tokio::time::sleep_until(last_meter + meter_interval).await;
        let elapsed = last_meter.elapsed();
        last_meter = tokio::time::Instant::now();
        let at = now_ms();
        for (connector_id, transaction_id, register, power_w) in advance_meters(&outbox.connectors, elapsed) {
            let mut reading = meter_value(register, Some(power_w));
            reading.timestamp = at;
            let call = ChargePointCall::MeterValues(MeterValuesRequest {
                connector_id,
                transaction_id: Some(transaction_id),
                meter_value: vec![reading],
            });
            outbox.push(call, None);
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

/// Sends a StatusNotification when connected; offline it is left out (the boot after the
/// reconnection reports every connector's status as it is then).
async fn notify_if_connected(outbox: &Outbox, connector_id: u32, status: ChargePointStatus) {
    if let Some(link) = outbox.link() {
        if let Err(e) = notify_status(&link, connector_id, status, None).await {
            tracing::debug!(connector_id, error = %e, "status notification not delivered");
        }
    }
}

/// Starts a transaction on a connector reserved for it (status Preparing): the transaction
/// runs at once under a local id, and its StartTransaction is queued (sent at once when
/// connected); the id the central system answers replaces the local one.
async fn start_transaction(outbox: Outbox, connector_id: u32, id_tag: String) {
    notify_if_connected(&outbox, connector_id, ChargePointStatus::Preparing).await;
    let timestamp = now_ms();
    let meter_start = {
        let mut c = lock(&outbox.connectors);
        let Some(c) = c.get_mut(&connector_id) else { return };
        let local_id = {
            let mut q = outbox.queue();
            q.last_local_id -= 1;
            q.last_local_id
        };
        c.transaction = Some(Transaction {
            id: local_id,
            local_id,
            id_tag: id_tag.clone(),
        });
        c.status = ChargePointStatus::Charging;
        (local_id, c.register_wh.to_i32().unwrap_or(0))
    };
    let (local_id, meter_start) = meter_start;
    {
        let mut q = outbox.queue();
        q.transactions.push(SimTransaction {
            connector_id,
            id_tag: id_tag.clone(),
            transaction_id: None,
            started_at: timestamp,
            meter_start_wh: meter_start,
            stopped_at: None,
            meter_stop_wh: None,
            local_id,
        });
    }
    outbox.push(
        ChargePointCall::StartTransaction(StartTransactionRequest {
            connector_id,
            id_tag,
            meter_start,
            reservation_id: None,
            timestamp,
        }),
        Some(local_id),
    );
    if let Err(e) = outbox.flush().await {
        tracing::debug!(connector_id, error = %e, "StartTransaction queued for the next connection");
    }
    notify_if_connected(&outbox, connector_id, ChargePointStatus::Charging).await;
}

/// Ends the connector's transaction: its StopTransaction is queued (sent at once when
/// connected) with the register and time of the stop.
async fn stop_transaction(outbox: Outbox, connector_id: u32, reason: Reason) {
    let timestamp = now_ms();
    let taken = {
        let mut c = lock(&outbox.connectors);
        c.get_mut(&connector_id).and_then(|c| {
            c.status = ChargePointStatus::Finishing;
            c.transaction.take().map(|t| (t, c.register_wh))
        })
    };
    let Some((transaction, register)) = taken else { return };
    let meter_stop = register.to_i32().unwrap_or(0);
    {
        let mut q = outbox.queue();
        if let Some(t) = q.transactions.iter_mut().find(|t| t.local_id == transaction.local_id) {
            t.stopped_at = Some(timestamp);
            t.meter_stop_wh = Some(meter_stop);
        }
    }
    outbox.push(
        ChargePointCall::StopTransaction(StopTransactionRequest {
            id_tag: Some(transaction.id_tag.clone()),
            meter_stop,
            timestamp,
            transaction_id: transaction.id,
            reason: Some(reason),
            transaction_data: None,
        }),
        None,
    );
    if let Err(e) = outbox.flush().await {
        tracing::debug!(connector_id, error = %e, "StopTransaction queued for the next connection");
    }
    notify_if_connected(&outbox, connector_id, ChargePointStatus::Finishing).await;
    if let Some(c) = lock(&outbox.connectors).get_mut(&connector_id) {
        c.status = ChargePointStatus::Available;
    }
    notify_if_connected(&outbox, connector_id, ChargePointStatus::Available).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_out_of_schema_are_refused_naming_the_field() {
        let good = json!({"currentTime": "2026-11-24T08:00:00Z", "interval": 60, "status": "Accepted"});
        assert_eq!(checked_reply("BootNotification", good.clone()).unwrap(), good);

        let no_interval = json!({"currentTime": "2026-11-24T08:00:00Z", "status": "Accepted"});
        let e = format!("{:#}", checked_reply("BootNotification", no_interval).unwrap_err());
        assert!(
            e.contains("answer to BootNotification breaks the OCPP 1.6 schema"),
            "{e}"
        );
        assert!(e.contains("interval"), "{e}");

        let bad_status = json!({"idTagInfo": {"status": "Maybe"}, "transactionId": 7});
        let e = format!("{:#}", checked_reply("StartTransaction", bad_status).unwrap_err());
        assert!(e.contains("/idTagInfo/status"), "{e}");
    }
}
