//! Load on the charger finder (benches/finder): `--clients` concurrent clients, each on its
//! own keep-alive HTTP/1.1 connection, asking `GET /api/v1/chargers` near a random point or
//! for a random city-sized box (around the generated chargers' cities) back to back for
//! `--duration-s`; prints the latency percentiles and the rate as JSON.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Parser;
use rand::{Rng, SeedableRng};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

#[derive(Parser, Debug, Clone)]
struct Args {
    #[arg(long, default_value = "127.0.0.1:8080")]
    server: SocketAddr,
    #[arg(long, default_value_t = 200)]
    clients: usize,
    #[arg(long, default_value_t = 30)]
    duration_s: u64,
    /// `near` (20 nearest a point) or `bbox` (a city's box, `--limit` chargers).
    #[arg(long, default_value = "near")]
    mode: String,
    #[arg(long, default_value_t = 20)]
    limit: u32,
    /// Extra query parameters, e.g. `&connector=ccs2&available=true`.
    #[arg(long, default_value = "")]
    filters: String,
}

/// The generator's cities (benches/finder/make_db.py draws them with Python's random(42);
/// here any point in the same area will do: two thirds of the chargers are near a city).
fn query(args: &Args, rng: &mut rand::rngs::StdRng) -> String {
    let (lat, lon) = (rng.random_range(55.0..70.0), rng.random_range(5.0..30.0));
    match args.mode.as_str() {
        "bbox" => format!(
            "/api/v1/chargers?bbox={:.4},{:.4},{:.4},{:.4}&limit={}{}",
            lon - 0.15,
            lat - 0.06,
            lon + 0.15,
            lat + 0.06,
            args.limit,
            args.filters
        ),
        _ => format!(
            "/api/v1/chargers?lat={lat:.4}&lon={lon:.4}&limit={}{}",
            args.limit, args.filters
        ),
    }
}

/// One GET on a keep-alive connection: the status and the body's length.
async fn get<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin>(
    conn: &mut BufReader<S>,
    server: SocketAddr,
    path: &str,
) -> anyhow::Result<(u16, usize)> {
    conn.get_mut()
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: {server}\r\n\r\n").as_bytes())
        .await?;
    let mut line = String::new();
    conn.read_line(&mut line).await?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("status line")?;
    let mut length = None;
    loop {
        line.clear();
        if conn.read_line(&mut line).await? == 0 {
            bail!("connection closed");
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let length: usize = length.context("no Content-Length")?;
    let mut body = vec![0u8; length];
    conn.read_exact(&mut body).await?;
    Ok((status, length))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let latencies = Arc::new(Mutex::new(Vec::<u64>::new()));
    let errors = Arc::new(Mutex::new(0u64));
    let bytes = Arc::new(Mutex::new(0u64));
    let until = Instant::now() + Duration::from_secs(args.duration_s);
    let started = Instant::now();
    let mut clients = Vec::new();
    for i in 0..args.clients {
        let (args, latencies, errors, bytes) = (args.clone(), latencies.clone(), errors.clone(), bytes.clone());
        clients.push(tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(i as u64);
            let Ok(stream) = tokio::net::TcpStream::connect(args.server).await else {
                *errors.lock().unwrap_or_else(|e| e.into_inner()) += 1;
                return;
            };
            let _ = stream.set_nodelay(true);
            let mut conn = BufReader::new(stream);
            let mut mine = Vec::new();
            let mut my_bytes = 0u64;
            while Instant::now() < until {
                let path = query(&args, &mut rng);
                let t = Instant::now();
                match get(&mut conn, args.server, &path).await {
                    Ok((200, n)) => {
                        mine.push(t.elapsed().as_micros() as u64);
                        my_bytes += n as u64;
                    }
                    _ => {
                        *errors.lock().unwrap_or_else(|e| e.into_inner()) += 1;
                        break;
                    }
                }
            }
            latencies.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
            *bytes.lock().unwrap_or_else(|e| e.into_inner()) += my_bytes;
        }));
    }
    for c in clients {
        let _ = c.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut v = std::mem::take(&mut *latencies.lock().unwrap_or_else(|e| e.into_inner()));
    v.sort_unstable();
    let at = |q: f64| {
        if v.is_empty() {
            0.0
        } else {
            v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1] as f64 / 1000.0
        }
    };
    let answered = v.len();
    println!(
        "{}",
        serde_json::to_string_pretty(&json!({
            "mode": args.mode,
            "clients": args.clients,
            "limit": args.limit,
            "filters": args.filters,
            "answered": answered,
            "errors": *errors.lock().unwrap_or_else(|e| e.into_inner()),
            "per_s": answered as f64 / elapsed,
            "mean_body_bytes": *bytes.lock().unwrap_or_else(|e| e.into_inner()) as f64 / answered.max(1) as f64,
            "p50_ms": at(0.50),
            "p95_ms": at(0.95),
            "p99_ms": at(0.99),
            "max_ms": at(1.0),
        }))?
    );
    Ok(())
}
