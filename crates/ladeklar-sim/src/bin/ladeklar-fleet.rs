//! `ladeklar-fleet`: a fleet load generator for an OCPP 1.6J central system (benches/fleet).
//!
//! N light simulated chargers (one task each, 4 KiB WebSocket buffers) connect over real
//! WebSockets, ramped at `--ramp-per-s`. Once all are connected, the measurement window starts:
//! every charger heartbeats every `--interval-s`, and `--charging-share` of them run one
//! transaction each (StartTransaction, MeterValues every interval, StopTransaction after
//! `--window-s`), every charger at its own phase so the load is spread evenly over the
//! interval. The latency of a transaction message is measured at the charger, from sending the
//! CALL to receiving its CALLRESULT. It prints p50/p90/p99/max and, given `--server-pid`, the
//! server's RSS before the connections and with all of them up.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use base64::Engine;
use clap::Parser;
use futures_util::{SinkExt, StreamExt};
use ladeklar_sim::rustls::ClientConfig;
use serde_json::{json, Value};
use tokio::net::TcpSocket;
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{Connector, MaybeTlsStream};

#[derive(Parser, Clone)]
#[command(name = "ladeklar-fleet", about = "OCPP 1.6J fleet load generator")]
struct Args {
    /// Central system host and port, e.g. 127.0.0.1:8080.
    #[arg(long, default_value = "127.0.0.1:8080")]
    server: SocketAddr,
    /// The OCPP path before the charge point id.
    #[arg(long, default_value = "/ocpp/")]
    path: String,
    /// Number of simulated chargers.
    #[arg(long)]
    chargers: usize,
    /// Charge point ids are `<prefix><index, 5 digits>`; ids are also the chargers' id tags.
    #[arg(long, default_value = "BENCH-")]
    id_prefix: String,
    /// The password of charger `id` is `<password-prefix><id>` (HTTP Basic auth); empty: none.
    #[arg(long, default_value = "bench-key-")]
    password_prefix: String,
    /// New connections per second.
    #[arg(long, default_value_t = 500)]
    ramp_per_s: u64,
    /// Heartbeat and MeterValues interval, seconds.
    #[arg(long, default_value_t = 60)]
    interval_s: u64,
    /// Share of the chargers that charge during the window.
    #[arg(long, default_value_t = 0.3)]
    charging_share: f64,
    /// Measurement window, seconds: Start at the charger's phase, Stop `window` later.
    #[arg(long, default_value_t = 120)]
    window_s: u64,
    /// Spread connections over this many source addresses 127.0.0.x (ephemeral ports).
    #[arg(long, default_value_t = 4)]
    source_ips: u8,
    /// The server's process id, to read its RSS from /proc.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Connect over wss:// (a server started with --tls-cert), trusting the certificates in
    /// this PEM file besides the system's roots; the certificate must name the --server IP.
    #[arg(long)]
    ca_cert: Option<PathBuf>,
}

/// Latencies of answered transaction messages, microseconds, and what went wrong.
#[derive(Default)]
struct Stats {
    tx_latency_us: Mutex<Vec<u64>>,
    heartbeat_latency_us: Mutex<Vec<u64>>,
    connected: AtomicUsize,
    failed_connects: AtomicUsize,
    errors: AtomicU64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let stats = Arc::new(Stats::default());
    let trust = match &args.ca_cert {
        Some(path) => Some(ladeklar_sim::tls::client_config(Some(path))?),
        None => None,
    };
    let rss_before = args.server_pid.and_then(rss_kib);
    // The window's start, once every charger is connected (None until then).
    let (t0_tx, t0_rx) = watch::channel::<Option<Instant>>(None);
    let (done_tx, done_rx) = watch::channel(false);
    let ramp_started = Instant::now();
    let mut tasks = Vec::with_capacity(args.chargers);
    let interval = Duration::from_secs(args.interval_s);
    for i in 0..args.chargers {
        let due = ramp_started + Duration::from_secs_f64(i as f64 / args.ramp_per_s as f64);
        tokio::time::sleep_until(due.into()).await;
        // Phases spread evenly over the interval (a stride that is not a divisor of N).
        let phase = interval.mul_f64((i as f64 * 0.618_034) % 1.0);
        let charger = Charger {
            index: i,
            id: format!("{}{i:05}", args.id_prefix),
            // Exactly round(N × share) chargers, spread over the index range.
            charges: ((i + 1) as f64 * args.charging_share).floor() > (i as f64 * args.charging_share).floor(),
            phase,
            trust: trust.clone(),
        };
        let (args, stats, t0, done) = (args.clone(), stats.clone(), t0_rx.clone(), done_rx.clone());
        tasks.push(tokio::spawn(async move {
            if let Err(e) = charger.run(&args, &stats, t0, done).await {
                stats.errors.fetch_add(1, Ordering::Relaxed);
                if stats.errors.load(Ordering::Relaxed) < 10 {
                    eprintln!("{}: {e:#}", charger.id);
                }
            }
        }));
    }
    // Wait for every connection (or give up after a minute more).
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let up = stats.connected.load(Ordering::Relaxed);
        let failed = stats.failed_connects.load(Ordering::Relaxed);
        if up + failed >= args.chargers || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let ramp = ramp_started.elapsed();
    let up = stats.connected.load(Ordering::Relaxed);
    eprintln!("connected {up}/{} in {:.1} s", args.chargers, ramp.as_secs_f64());
    // Let the boots and status notifications settle, then read RSS and start the window.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let rss_connected = args.server_pid.and_then(rss_kib);
    let t0 = Instant::now();
    let _ = t0_tx.send(Some(t0));
    let end = t0 + Duration::from_secs(args.window_s) + interval + Duration::from_secs(5);
    tokio::time::sleep_until(end.into()).await;
    let rss_end = args.server_pid.and_then(rss_kib);
    let _ = done_tx.send(true);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
    }

    let mut tx = std::mem::take(&mut *stats.tx_latency_us.lock().expect("stats"));
    let mut hb = std::mem::take(&mut *stats.heartbeat_latency_us.lock().expect("stats"));
    let report = json!({
        "chargers": args.chargers,
        "connected": up,
        "failed_connects": stats.failed_connects.load(Ordering::Relaxed),
        "errors": stats.errors.load(Ordering::Relaxed),
        "ramp_s": ramp.as_secs_f64(),
        "window_s": args.window_s + args.interval_s,
        "transaction_messages": summary(&mut tx),
        "heartbeats": summary(&mut hb),
        "server_rss_kib_before": rss_before,
        "server_rss_kib_connected": rss_connected,
        "server_rss_kib_end": rss_end,
        "server_kib_per_connection": match (rss_before, rss_connected) {
            (Some(b), Some(c)) if up > 0 => Some((c.saturating_sub(b)) as f64 / up as f64),
            _ => None,
        },
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

fn summary(v: &mut [u64]) -> Value {
    if v.is_empty() {
        return json!({"count": 0});
    }
    v.sort_unstable();
    let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1] as f64 / 1000.0;
    json!({
        "count": v.len(),
        "p50_ms": at(0.50),
        "p90_ms": at(0.90),
        "p99_ms": at(0.99),
        "max_ms": at(1.0),
    })
}

/// VmRSS of a process, KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

struct Charger {
    index: usize,
    id: String,
    charges: bool,
    phase: Duration,
    /// TLS trust for wss:// (`--ca-cert`); `None`: plain ws://.
    trust: Option<Arc<ClientConfig>>,
}

type Socket = tokio_tungstenite::WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

impl Charger {
    async fn run(
        &self,
        args: &Args,
        stats: &Stats,
        mut t0: watch::Receiver<Option<Instant>>,
        mut done: watch::Receiver<bool>,
    ) -> anyhow::Result<()> {
        let mut ws = match self.connect(args).await {
            Ok(ws) => ws,
            Err(e) => {
                stats.failed_connects.fetch_add(1, Ordering::Relaxed);
                return Err(e);
            }
        };
        let mut next_id = 0u64;
        call(
            &mut ws,
            &mut next_id,
            "BootNotification",
            json!({
                "chargePointVendor": "Ladeklar", "chargePointModel": "Fleet"
            }),
        )
        .await?;
        call(
            &mut ws,
            &mut next_id,
            "StatusNotification",
            json!({
                "connectorId": 1, "errorCode": "NoError", "status": "Available"
            }),
        )
        .await?;
        stats.connected.fetch_add(1, Ordering::Relaxed);

        let interval = Duration::from_secs(args.interval_s);
        let t0 = loop {
            if let Some(t) = *t0.borrow_and_update() {
                break t;
            }
            tokio::select! {
                _ = t0.changed() => {}
                _ = done.changed() => return Ok(()),
                r = ws.next() => if r.is_none() { bail!("closed before the window") },
            }
        };
        // Heartbeats at the phase; the transaction half an interval away from them.
        let mut heartbeat_at = t0 + self.phase;
        let tx_phase = (self.phase + interval / 2).as_secs_f64() % interval.as_secs_f64();
        let start_at = t0 + Duration::from_secs_f64(tx_phase);
        let stop_at = start_at + Duration::from_secs(args.window_s);
        let mut tx_at = self.charges.then_some(start_at);
        let mut transaction_id: Option<i64> = None;
        let mut register_wh: i64 = 0;
        loop {
            let next = tx_at.map_or(heartbeat_at, |t| t.min(heartbeat_at));
            tokio::select! {
                _ = tokio::time::sleep_until(next.into()) => {}
                _ = done.changed() => break,
                r = ws.next() => match r {
                    Some(Ok(_)) => continue,
                    _ => bail!("connection closed"),
                },
            }
            let now = Instant::now();
            if now >= heartbeat_at {
                heartbeat_at += interval;
                let took = call(&mut ws, &mut next_id, "Heartbeat", json!({})).await?;
                push(&stats.heartbeat_latency_us, took);
            }
            let Some(at) = tx_at.filter(|t| now >= *t) else {
                continue;
            };
            let timestamp = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let took = match transaction_id {
                None => {
                    let (took, answer) = call_answer(
                        &mut ws,
                        &mut next_id,
                        "StartTransaction",
                        json!({
                            "connectorId": 1, "idTag": self.id, "meterStart": 0, "timestamp": timestamp
                        }),
                    )
                    .await?;
                    transaction_id = Some(answer["transactionId"].as_i64().context("no transactionId")?);
                    tx_at = Some(at + interval);
                    took
                }
                Some(id) if at >= stop_at => {
                    tx_at = None;
                    register_wh += 11_000 * args.interval_s as i64 / 3600;
                    call(
                        &mut ws,
                        &mut next_id,
                        "StopTransaction",
                        json!({
                            "transactionId": id, "idTag": self.id, "meterStop": register_wh,
                            "timestamp": timestamp, "reason": "Local"
                        }),
                    )
                    .await?
                }
                Some(id) => {
                    register_wh += 11_000 * args.interval_s as i64 / 3600;
                    tx_at = Some(at + interval);
                    call(&mut ws, &mut next_id, "MeterValues", json!({
                        "connectorId": 1, "transactionId": id, "meterValue": [{
                            "timestamp": timestamp,
                            "sampledValue": [
                                {"value": register_wh.to_string(), "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
                                {"value": "11000", "measurand": "Power.Active.Import", "unit": "W"}
                            ]
                        }]
                    }))
                    .await?
                }
            };
            push(&stats.tx_latency_us, took);
        }
        let _ = ws.close(None).await;
        Ok(())
    }

    async fn connect(&self, args: &Args) -> anyhow::Result<Socket> {
        let ip = match args.server.ip() {
            IpAddr::V4(v4) if v4.is_loopback() && args.source_ips > 1 => Some(Ipv4Addr::new(
                127,
                0,
                0,
                1 + (self.index % args.source_ips as usize) as u8,
            )),
            _ => None,
        };
        let socket = if args.server.is_ipv4() {
            TcpSocket::new_v4()?
        } else {
            TcpSocket::new_v6()?
        };
        if let Some(ip) = ip {
            socket.bind(SocketAddr::new(IpAddr::V4(ip), 0))?;
        }
        let stream = socket.connect(args.server).await.context("TCP connect")?;
        stream.set_nodelay(true)?;
        let scheme = if self.trust.is_some() { "wss" } else { "ws" };
        let url = format!("{scheme}://{}{}{}", args.server, args.path, self.id);
        let mut request = url.into_client_request()?;
        request
            .headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_static("ocpp1.6"));
        if !args.password_prefix.is_empty() {
            let credentials = format!("{}:{}{}", self.id, args.password_prefix, self.id);
            let value = format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(credentials)
            );
            request
                .headers_mut()
                .insert("Authorization", HeaderValue::from_str(&value)?);
        }
        let config = WebSocketConfig::default()
            .read_buffer_size(4 * 1024)
            .write_buffer_size(0)
            .max_message_size(Some(64 * 1024));
        let connector = match &self.trust {
            Some(trust) => Connector::Rustls(trust.clone()),
            None => Connector::Plain,
        };
        let (ws, _) = tokio_tungstenite::client_async_tls_with_config(request, stream, Some(config), Some(connector))
            .await
            .context("WebSocket handshake")?;
        Ok(ws)
    }
}

fn push(into: &Mutex<Vec<u64>>, took: Duration) {
    into.lock().expect("stats").push(took.as_micros() as u64);
}

async fn call(ws: &mut Socket, next_id: &mut u64, action: &str, payload: Value) -> anyhow::Result<Duration> {
    Ok(call_answer(ws, next_id, action, payload).await?.0)
}

/// Sends a CALL and waits for its CALLRESULT; a CALLERROR or a closed connection is an error.
async fn call_answer(
    ws: &mut Socket,
    next_id: &mut u64,
    action: &str,
    payload: Value,
) -> anyhow::Result<(Duration, Value)> {
    *next_id += 1;
    let id = next_id.to_string();
    let text = serde_json::to_string(&json!([2, id, action, payload]))?;
    let sent = Instant::now();
    ws.send(Message::Text(text.into())).await?;
    let answer = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(msg) = ws.next().await {
            if let Message::Text(t) = msg? {
                let frame: Value = serde_json::from_str(t.as_str())?;
                if frame[1].as_str() == Some(id.as_str()) {
                    return Ok(frame);
                }
            }
        }
        bail!("connection closed awaiting the answer to {action}")
    })
    .await
    .with_context(|| format!("no answer to {action} in 30 s"))??;
    let took = sent.elapsed();
    match answer[0].as_u64() {
        Some(3) => Ok((took, answer[2].clone())),
        _ => bail!("{action} answered {answer}"),
    }
}
