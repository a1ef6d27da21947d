//! Issue 15's speed section, measured (benches/support/README.md):
//!
//! - the support queue with N open cases (default 10,000): `GET /api/v1/support/cases`, its
//!   first page (100), p50 / p95 / max at the API; and with `--ui DIR` (the built web UI) in
//!   Chromium: navigation to `/support` until the first queue row is visible
//!   (benches/support/queue_browser.mjs, playwright-core);
//! - one 4 MB photo: decode, turn upright, re-encode without metadata and thumbnail
//!   (`cases::photos::process`, what an upload runs), and a whole upload through the API;
//! - the SLA job with N open clocks: an idle tick (nothing due: one indexed query), and the
//!   ticks that take a first-line escalation on every case at once.
//!
//! The N cases are reported through the API as drivers report them (`POST /api/v1/cases`:
//! intake, priority, SLA level, the fault analysis, a remote remedy tried on chargers that
//! are not connected), spread over the demo's chargers and categories, on a fresh SQLite
//! database (or `LADEKLAR_TEST_POSTGRES_URL`'s server, as the tests).
//!
//! `ladeklar-support-bench [--cases N] [--queue-runs N] [--ui DIR] [--browser-runs N]`

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

type Error = Box<dyn std::error::Error + Send + Sync>;

const CATEGORIES: [&str; 8] = [
    "wont_start",
    "stopped_during_charging",
    "cable_stuck",
    "physical_damage",
    "payment_failed",
    "display_fault",
    "slow_charging",
    "other",
];

struct Args {
    cases: usize,
    queue_runs: usize,
    ui: Option<PathBuf>,
    browser_runs: usize,
}

fn args() -> Result<Args, Error> {
    let mut a = Args {
        cases: 10_000,
        queue_runs: 200,
        ui: None,
        browser_runs: 20,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--cases" => a.cases = value.parse()?,
            "--queue-runs" => a.queue_runs = value.parse()?,
            "--ui" => a.ui = Some(PathBuf::from(value)),
            "--browser-runs" => a.browser_runs = value.parse()?,
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    Ok(a)
}

fn percentiles(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    format!(
        "p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (n = {})",
        at(0.5),
        at(0.95),
        ms[ms.len() - 1],
        ms.len()
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The demo's chargers and their connectors.
fn demo_connectors() -> Result<Vec<(String, u32)>, Error> {
    let sites: Value = serde_json::from_str(include_str!("../../../crates/ladeklar-server/demo/sites.json"))?;
    let mut out = Vec::new();
    for site in sites["sites"].as_array().ok_or("sites")? {
        for charger in site["chargers"].as_array().ok_or("chargers")? {
            let id = charger["id"].as_str().ok_or("charger id")?;
            for c in charger["connectors"].as_array().ok_or("connectors")? {
                let n = c["connector_id"].as_u64().ok_or("connector id")?;
                out.push((id.to_owned(), u32::try_from(n)?));
            }
        }
    }
    Ok(out)
}

async fn sign_in(http: &reqwest::Client, base: &str, email: &str) -> Result<String, Error> {
    let local = email.split('@').next().unwrap_or_default();
    let r: Value = http
        .post(format!("{base}/api/v1/account/sign-in"))
        .json(&json!({"email": email, "password": format!("demo-pass-{local}"), "bearer": true}))
        .send()
        .await?
        .json()
        .await?;
    Ok(format!("Bearer {}", r["token"].as_str().ok_or("no token")?))
}

/// A JPEG of a gradient with sensor-like noise (4:3), made larger until it is at least 4 MB.
fn four_mb_jpeg() -> Result<Vec<u8>, Error> {
    let mut side = 2000u32;
    loop {
        let mut seed: u32 = 0x2545_f491;
        let img = image::RgbImage::from_fn(side * 4 / 3, side, |x, y| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let n = (seed & 0x0f) as u8;
            image::Rgb([(x / 8) as u8 ^ n, (y / 8) as u8 ^ n, n.wrapping_mul(3)])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92).encode_image(&img)?;
        if out.len() >= 4_000_000 {
            return Ok(out);
        }
        side += 250;
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args = args()?;
    let data = std::env::temp_dir().join(format!("ladeklar-support-bench-{}", std::process::id()));
    std::fs::create_dir_all(&data)?;
    let mut config = ladeklar_server::Config::for_tests(data.clone());
    config.ui_dir = args.ui.clone();
    let server = ladeklar_server::Server::start(config).await?;
    let base = server.url();
    let http = reqwest::Client::new();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("server {base}, database {}", server.store_url());
    println!("load average at start: {}", load.trim());

    // N open cases, reported as drivers do, four at a time.
    let driver = sign_in(&http, &base, "driver@demo.ladeklar.no").await?;
    let connectors = demo_connectors()?;
    let started = Instant::now();
    let mut report_ms = Vec::with_capacity(args.cases);
    let mut first_case = None;
    for chunk in (0..args.cases).collect::<Vec<_>>().chunks(4) {
        let mut calls = Vec::new();
        for &i in chunk {
            let (charger, connector) = &connectors[i % connectors.len()];
            let body = json!({
                "category": CATEGORIES[i % CATEGORIES.len()],
                "description": format!("Bench report {i}"),
                "charger_id": charger,
                "connector_id": connector,
            });
            let (http, base, driver) = (http.clone(), base.clone(), driver.clone());
            calls.push(tokio::spawn(async move {
                let t = Instant::now();
                let r = http
                    .post(format!("{base}/api/v1/cases"))
                    .header("authorization", driver)
                    .json(&body)
                    .send()
                    .await?;
                let status = r.status();
                let case: Value = r.json().await?;
                if status.as_u16() != 201 {
                    return Err(format!("report refused: {status} {case}").into());
                }
                Ok::<_, Error>((t.elapsed(), case["id"].as_str().unwrap_or_default().to_owned()))
            }));
        }
        for call in calls {
            let (took, id) = call.await??;
            report_ms.push(ms(took));
            first_case.get_or_insert(id);
        }
    }
    println!(
        "seeded {} open cases through POST /api/v1/cases in {:.1} s; a report (4 at once): {}",
        args.cases,
        started.elapsed().as_secs_f64(),
        percentiles(report_ms)
    );

    // The queue's first page, as the support console asks for it.
    let support = sign_in(&http, &base, "support-first@demo.ladeklar.no").await?;
    for (label, query) in [("", ""), (" (line=first)", "?line=first")] {
        let url = format!("{base}/api/v1/support/cases{query}");
        let mut times = Vec::new();
        for run in 0..args.queue_runs + 10 {
            let t = Instant::now();
            let r = http.get(&url).header("authorization", &support).send().await?;
            let status = r.status();
            let body = r.bytes().await?;
            let took = t.elapsed();
            if !status.is_success() {
                return Err(format!("queue: {status}").into());
            }
            if run == 0 {
                let list: Value = serde_json::from_slice(&body)?;
                println!(
                    "queue first page{label}: {} rows, {} bytes",
                    list["cases"].as_array().map_or(0, Vec::len),
                    body.len()
                );
            }
            if run >= 10 {
                times.push(ms(took));
            }
        }
        println!(
            "GET /api/v1/support/cases{query} (first page, {} open): {}",
            args.cases,
            percentiles(times)
        );
    }

    // In the browser.
    if args.ui.is_some() {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../benches/support/queue_browser.mjs");
        let mut node = std::process::Command::new("node");
        node.arg(script)
            .env("LADEKLAR_URL", &base)
            .env("RUNS", args.browser_runs.to_string())
            .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."));
        let out = tokio::task::spawn_blocking(move || node.output()).await??;
        print!("{}", String::from_utf8_lossy(&out.stdout));
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
    }

    // One 4 MB photo.
    let photo = four_mb_jpeg()?;
    let path = data.join("bench-photo.jpg");
    std::fs::write(&path, &photo)?;
    let mut times = Vec::new();
    for _ in 0..10 {
        let p = path.clone();
        let t = Instant::now();
        tokio::task::spawn_blocking(move || ladeklar_server::process_case_photo(&p)).await??;
        times.push(ms(t.elapsed()));
    }
    println!(
        "a {:.2} MB photo ({}): decode, upright, re-encode, thumbnail: {}",
        photo.len() as f64 / 1e6,
        image::load_from_memory(&photo).map(|i| format!("{} x {}", i.width(), i.height()))?,
        percentiles(times)
    );
    let case = first_case.ok_or("no case")?;
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let r = http
            .post(format!("{base}/api/v1/cases/{case}/photos"))
            .header("authorization", &driver)
            .header("content-type", "image/jpeg")
            .body(photo.clone())
            .send()
            .await?;
        if r.status().as_u16() != 201 {
            return Err(format!("upload: {}", r.status()).into());
        }
        times.push(ms(t.elapsed()));
    }
    println!(
        "the same photo uploaded through POST /api/v1/cases/{{id}}/photos (stream to disk, process, store, record): {}",
        percentiles(times)
    );

    // The SLA job with N open clocks.
    let now = server.clock().now();
    let mut times = Vec::new();
    for _ in 0..100 {
        let t = Instant::now();
        server.run_sla_job(now).await?;
        times.push(ms(t.elapsed()));
    }
    println!(
        "SLA job, an idle tick ({} open clocks, none due): {}",
        args.cases,
        percentiles(times)
    );
    // Far enough ahead that every case's first-line time is spent (business-hours levels too).
    let later = now + chrono::TimeDelta::days(7);
    let t = Instant::now();
    let mut ticks = 0;
    let mut actions = 0;
    let mut tick_ms = Vec::new();
    loop {
        let tick = Instant::now();
        let taken = server.run_sla_job(later).await?;
        tick_ms.push(ms(tick.elapsed()));
        ticks += 1;
        actions += taken;
        if taken == 0 {
            break;
        }
    }
    let total = t.elapsed();
    println!(
        "SLA job, every clock due at once: {actions} actions in {ticks} ticks (500 cases a tick), {:.1} s, {:.2} ms a case; a tick: {}",
        total.as_secs_f64(),
        ms(total) / args.cases as f64,
        percentiles(tick_ms)
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average at the end: {}", load.trim());
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}
