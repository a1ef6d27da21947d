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
//!
//! With `--sse-subscribers S`, once every transaction has started (one interval into the
//! window) it opens S live views (`GET /api/v1/sessions/{id}/live`, Server-Sent Events) spread
//! over the sessions under way, and reports the events and bytes they received and the
//! server's CPU time and RSS while they listen, until the first stop (benches/live).

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
    /// The first charger's index: this process simulates indexes `first-index` up to
    /// `first-index + chargers` (several processes share a fleet larger than one process's
    /// file descriptors allow, benches/fleet/cluster.sh).
    #[arg(long, default_value_t = 0)]
    first_index: usize,
    /// Writes every transaction message's latency (microseconds, one a line) to this file,
    /// for percentiles over several processes.
    #[arg(long)]
    latencies_out: Option<PathBuf>,
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
    /// Live views to open on the sessions under way (plain HTTP only).
    #[arg(long, default_value_t = 0)]
    sse_subscribers: usize,
    /// Clients signing in over and over during the window (benches/sign-in): each posts
    /// `/api/v1/account/sign-in` as soon as the previous answer came.
    #[arg(long, default_value_t = 0)]
    sign_in_clients: usize,
    /// The account the sign-in clients (and the live views' session list) sign in as.
    #[arg(long, default_value = "admin@demo.ladeklar.no")]
    sign_in_email: String,
    #[arg(long, default_value = "demo-pass-admin")]
    sign_in_password: String,
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
            id: format!("{}{:05}", args.id_prefix, args.first_index + i),
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
    let live = (args.sse_subscribers > 0).then(|| {
        let args = args.clone();
        let done = done_rx.clone();
        tokio::spawn(async move { live_views(&args, t0, done).await })
    });
    let sign_ins = (args.sign_in_clients > 0).then(|| {
        let args = args.clone();
        tokio::spawn(async move { sign_ins(&args, t0).await })
    });
    let end = t0 + Duration::from_secs(args.window_s) + interval + Duration::from_secs(5);
    tokio::time::sleep_until(end.into()).await;
    let rss_end = args.server_pid.and_then(rss_kib);
    let _ = done_tx.send(true);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
    }
    let live = match live {
        Some(task) => match task.await {
            Ok(Ok(report)) => report,
            Ok(Err(e)) => json!({"error": format!("{e:#}")}),
            Err(e) => json!({"error": e.to_string()}),
        },
        None => Value::Null,
    };
    let sign_ins = match sign_ins {
        Some(task) => match task.await {
            Ok(Ok(report)) => report,
            Ok(Err(e)) => json!({"error": format!("{e:#}")}),
            Err(e) => json!({"error": e.to_string()}),
        },
        None => Value::Null,
    };

    let mut tx = std::mem::take(&mut *stats.tx_latency_us.lock().expect("stats"));
    let mut hb = std::mem::take(&mut *stats.heartbeat_latency_us.lock().expect("stats"));
    if let Some(path) = &args.latencies_out {
        let lines: String = tx.iter().map(|us| format!("{us}\n")).collect();
        std::fs::write(path, lines).with_context(|| format!("writing {}", path.display()))?;
    }
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
        "live_views": live,
        "sign_ins": sign_ins,
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

/// `--sign-in-clients` clients signing in back to back from the window's start until the
/// first stop is due: how many sign-ins per second the server answered, and how fast.
async fn sign_ins(args: &Args, t0: Instant) -> anyhow::Result<Value> {
    let body = json!({"email": args.sign_in_email, "password": args.sign_in_password, "bearer": true}).to_string();
    let until = t0 + Duration::from_secs(args.window_s);
    let mut clients = Vec::new();
    for _ in 0..args.sign_in_clients {
        let (server, body) = (args.server, body.clone());
        clients.push(tokio::spawn(async move {
            let (mut ok, mut refused, mut latency_us) = (0u64, 0u64, Vec::new());
            while Instant::now() < until {
                let started = Instant::now();
                match http_post(server, "/api/v1/account/sign-in", &body, None).await {
                    Ok((200, _)) => {
                        ok += 1;
                        latency_us.push(started.elapsed().as_micros() as u64);
                    }
                    _ => refused += 1,
                }
            }
            (ok, refused, latency_us)
        }));
    }
    let started = Instant::now();
    let (mut ok, mut refused, mut latency) = (0, 0, Vec::new());
    for c in clients {
        let (o, r, l) = c.await?;
        ok += o;
        refused += r;
        latency.extend(l);
    }
    let measured = started.elapsed().as_secs_f64();
    Ok(json!({
        "clients": args.sign_in_clients,
        "measured_s": measured,
        "signed_in": ok,
        "refused_or_failed": refused,
        "sign_ins_per_s": ok as f64 / measured,
        "latency": summary(&mut latency),
    }))
}

/// A sign-in token for `--sign-in-email` (the stuck-session list is for support and admins).
async fn token(args: &Args) -> anyhow::Result<String> {
    let body = json!({"email": args.sign_in_email, "password": args.sign_in_password, "bearer": true}).to_string();
    let (status, answer) = http_post(args.server, "/api/v1/account/sign-in", &body, None).await?;
    if status != 200 {
        bail!("sign-in as {}: {status} {answer}", args.sign_in_email);
    }
    let answer: Value = serde_json::from_str(&answer)?;
    answer["token"]
        .as_str()
        .map(str::to_owned)
        .context("no token in the sign-in answer")
}

/// A plain-HTTP POST of JSON: the status and the body.
async fn http_post(server: SocketAddr, path: &str, body: &str, bearer: Option<&str>) -> anyhow::Result<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(server).await?;
    let auth = bearer
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let text = String::from_utf8(response)?;
    let (head, body) = text.split_once("\r\n\r\n").context("no HTTP body")?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no HTTP status")?;
    Ok((status, body.to_owned()))
}

/// Opens `--sse-subscribers` live views once every transaction has started, and measures
/// what they receive and what the server spends from then until the first stop is due.
async fn live_views(args: &Args, t0: Instant, done: watch::Receiver<bool>) -> anyhow::Result<Value> {
    let interval = Duration::from_secs(args.interval_s);
    tokio::time::sleep_until((t0 + interval + Duration::from_secs(2)).into()).await;
    let token = token(args).await?;
    let list: Value =
        serde_json::from_str(&http_get(args.server, "/api/v1/sessions/stuck?silent_for_s=0", &token).await?)?;
    let sessions: Vec<String> = list["sessions"]
        .as_array()
        .context("no session list")?
        .iter()
        .filter_map(|s| s["session_id"].as_str().map(str::to_owned))
        .collect();
    if sessions.is_empty() {
        bail!("no session under way to watch");
    }
    let events = Arc::new(AtomicU64::new(0));
    let bytes = Arc::new(AtomicU64::new(0));
    let opened = Arc::new(AtomicUsize::new(0));
    let mut views = Vec::with_capacity(args.sse_subscribers);
    for i in 0..args.sse_subscribers {
        let path = format!("/api/v1/sessions/{}/live", sessions[i % sessions.len()]);
        let (events, bytes, opened, mut done) = (events.clone(), bytes.clone(), opened.clone(), done.clone());
        let server = args.server;
        views.push(tokio::spawn(async move {
            let Ok(mut stream) = open_stream(server, &path).await else {
                return;
            };
            opened.fetch_add(1, Ordering::Relaxed);
            let mut buf = vec![0u8; 4096];
            let mut tail = [0u8; 1];
            loop {
                tokio::select! {
                    _ = done.changed() => return,
                    n = tokio::io::AsyncReadExt::read(&mut stream, &mut buf) => match n {
                        Ok(0) | Err(_) => return,
                        Ok(n) => {
                            bytes.fetch_add(n as u64, Ordering::Relaxed);
                            // An event ends with a blank line ("\n\n"), possibly split over reads.
                            let mut prev = tail[0];
                            let mut ends = 0;
                            for &b in &buf[..n] {
                                if b == b'\n' && prev == b'\n' {
                                    ends += 1;
                                }
                                prev = b;
                            }
                            tail[0] = prev;
                            events.fetch_add(ends, Ordering::Relaxed);
                        }
                    },
                }
            }
        }));
    }
    // Measure from when every view is open (and has had its first event) until the first stop.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pid = args.server_pid;
    let (cpu0, rss0, ev0, by0, m0) = (
        pid.and_then(cpu_ticks),
        pid.and_then(rss_kib),
        events.load(Ordering::Relaxed),
        bytes.load(Ordering::Relaxed),
        Instant::now(),
    );
    let first_stop = t0 + Duration::from_secs(args.window_s);
    tokio::time::sleep_until(first_stop.into()).await;
    let measured = m0.elapsed().as_secs_f64();
    let (cpu1, rss1) = (pid.and_then(cpu_ticks), pid.and_then(rss_kib));
    let (ev1, by1) = (events.load(Ordering::Relaxed), bytes.load(Ordering::Relaxed));
    for v in views {
        v.abort();
    }
    // Clock ticks are 1/100 s on Linux.
    let cpu_s = match (cpu0, cpu1) {
        (Some(a), Some(b)) => Some((b - a) as f64 / 100.0),
        _ => None,
    };
    Ok(json!({
        "subscribers": args.sse_subscribers,
        "opened": opened.load(Ordering::Relaxed),
        "sessions_watched": sessions.len().min(args.sse_subscribers),
        "measured_s": measured,
        "events": ev1 - ev0,
        "bytes": by1 - by0,
        "bytes_per_event": if ev1 > ev0 { Some((by1 - by0) as f64 / (ev1 - ev0) as f64) } else { None },
        "server_cpu_s": cpu_s,
        "server_cpu_share_of_one_core": cpu_s.map(|c| c / measured),
        "server_rss_kib_with_views": rss1,
        "server_rss_kib_views_opened": rss0,
    }))
}

/// A plain-HTTP GET's body (the server answers with Content-Length; the connection closes).
async fn http_get(server: SocketAddr, path: &str, bearer: &str) -> anyhow::Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(server).await?;
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {server}\r\nConnection: close\r\nAuthorization: Bearer {bearer}\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let text = String::from_utf8(response)?;
    let (head, body) = text.split_once("\r\n\r\n").context("no HTTP body")?;
    if !head.starts_with("HTTP/1.1 200") {
        bail!("GET {path}: {}", head.lines().next().unwrap_or_default());
    }
    Ok(body.to_owned())
}

/// Opens a Server-Sent Events stream; the response's bytes are then read as they come.
async fn open_stream(server: SocketAddr, path: &str) -> anyhow::Result<tokio::net::TcpStream> {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(server).await?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    Ok(stream)
}

/// utime + stime of a process, clock ticks.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) end with ')'.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state); utime is field 14, stime 15.
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
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
