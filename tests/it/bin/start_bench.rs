//! Tap "Start" → the session is Charging, with a card hold, measured at the API the app
//! calls: `POST /api/v1/sessions` (hold at the fake Stripe, then RemoteStartTransaction)
//! until the session's live stream says `charging` (the simulated charger's
//! StartTransaction stored). The simulator reacts at once (no configured delay: it answers
//! RemoteStartTransaction and sends StartTransaction right after).
//!
//! `ladeklar-start-bench [runs]` (default 40): starts the fake Stripe
//! (scripts/fake-stripe.py in the venv scripts/setup.sh makes), a server on a fresh SQLite
//! database with the demo's simulated fleet, signs in the demo driver, saves the test card,
//! then starts and stops sessions one after another on free demo connectors and prints p50,
//! p95 and max of Start → Charging, and of the hold alone (the POST's answer).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{json, Value};

type Error = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let runs: usize = std::env::args().nth(1).map(|a| a.parse()).transpose()?.unwrap_or(40);
    let stripe_port = free_port()?;
    let venv = std::env::var_os("LADEKLAR_FAKE_STRIPE_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/ladeklar/localstripe-venv")
        });
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/fake-stripe.py");
    let mut stripe = Command::new(venv.join("bin/python"))
        .arg(script)
        .args(["--port", &stripe_port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let result = bench(runs, stripe_port).await;
    let _ = stripe.kill();
    let _ = stripe.wait();
    result
}

fn free_port() -> Result<u16, Error> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

async fn bench(runs: usize, stripe_port: u16) -> Result<(), Error> {
    let stripe = format!("http://127.0.0.1:{stripe_port}");
    for _ in 0..400 {
        if tokio::net::TcpStream::connect(("127.0.0.1", stripe_port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let data = std::env::temp_dir().join(format!("ladeklar-start-bench-{}", std::process::id()));
    std::fs::create_dir_all(&data)?;
    let mut config = ladeklar_server::Config::for_tests(data.clone());
    config.database_url = None;
    config.simulate = true;
    config.sim_meter_interval_s = 5;
    config.stripe_secret_key = Some("sk_test_bench".into());
    config.stripe_publishable_key = Some("pk_test_bench".into());
    config.stripe_api_url = Some(stripe.clone());
    let server = ladeklar_server::Server::start(config).await?;
    let base = format!("http://{}", server.addr());
    let http = reqwest::Client::new();

    // The demo driver, signed in with a saved test card.
    let signed: Value = http
        .post(format!("{base}/api/v1/account/sign-in"))
        .json(&json!({"email": "driver@demo.ladeklar.no", "password": "demo-pass-driver", "bearer": true}))
        .send()
        .await?
        .json()
        .await?;
    let token = signed["token"].as_str().ok_or("no token")?.to_owned();
    let auth = format!("Bearer {token}");
    let setup: Value = http
        .post(format!("{base}/api/v1/payments/card-setup"))
        .header("Authorization", &auth)
        .send()
        .await?
        .json()
        .await?;
    let secret = setup["client_secret"].as_str().ok_or("no client secret")?;
    let seti = secret.split("_secret_").next().unwrap_or_default();
    http.post(format!("{stripe}/v1/setup_intents/{seti}/confirm"))
        .json(&json!({"key": "pk_test_bench", "client_secret": secret,
            "payment_method_data": {"type": "card", "card": {"number": "4242424242424242", "exp_month": "12", "exp_year": "2034", "cvc": "123"}}}))
        .send()
        .await?;
    let cards: Value = http
        .post(format!("{base}/api/v1/account/cards"))
        .header("Authorization", &auth)
        .json(&json!({"setup_intent_id": setup["setup_intent_id"]}))
        .send()
        .await?
        .json()
        .await?;
    let card = cards["cards"][0]["id"].as_str().ok_or("no saved card")?.to_owned();

    let mut to_charging = Vec::with_capacity(runs);
    let mut hold_answered = Vec::with_capacity(runs);
    let connectors = [
        ("OSLO-AKER-BRYGGE-AC1", 1),
        ("OSLO-AKER-BRYGGE-AC2", 1),
        ("OSLO-MAJORSTUEN-AC1", 1),
    ];
    // Let the simulated fleet connect and report its connectors.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for run in 0..runs + 3 {
        let (charger, connector) = connectors[run % connectors.len()];
        let started = Instant::now();
        let response = http
            .post(format!("{base}/api/v1/sessions"))
            .header("Authorization", &auth)
            .json(&json!({"charger_id": charger, "connector_id": connector,
                "payment": {"source": "saved_card", "card_id": card, "spending_cap": "100"}}))
            .send()
            .await?;
        let answered = started.elapsed();
        let status = response.status();
        let session: Value = response.json().await?;
        if !status.is_success() {
            return Err(format!("start on {charger}: {status} {session}").into());
        }
        let id = session["id"].as_str().ok_or("no session id")?.to_owned();
        // Follow the live stream until the session is charging.
        let mut live = http
            .get(format!("{base}/api/v1/sessions/{id}/live"))
            .header("Authorization", &auth)
            .send()
            .await?
            .bytes_stream();
        let mut seen = String::new();
        while !seen.contains("\"status\":\"charging\"") {
            match tokio::time::timeout(Duration::from_secs(30), live.next()).await {
                Ok(Some(chunk)) => seen.push_str(&String::from_utf8_lossy(&chunk?)),
                _ => return Err(format!("session {id} never charged").into()),
            }
        }
        let charging = started.elapsed();
        drop(live);
        // The first three are warm-up.
        if run >= 3 {
            to_charging.push(charging);
            hold_answered.push(answered);
        }
        http.post(format!("{base}/api/v1/sessions/{id}/stop"))
            .header("Authorization", &auth)
            .send()
            .await?;
        // Wait until the connector is free again.
        loop {
            let s: Value = http
                .get(format!("{base}/api/v1/sessions/{id}"))
                .header("Authorization", &auth)
                .send()
                .await?
                .json()
                .await?;
            if s["status"] == "completed" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    report(
        "POST /sessions answered (hold made, RemoteStart accepted)",
        &mut hold_answered,
    );
    report("Start → Charging (live stream)", &mut to_charging);
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}

fn report(what: &str, samples: &mut [Duration]) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{what}: n={} p50={:.1} ms p95={:.1} ms max={:.1} ms",
        samples.len(),
        at(0.5).as_secs_f64() * 1000.0,
        at(0.95).as_secs_f64() * 1000.0,
        samples[samples.len() - 1].as_secs_f64() * 1000.0
    );
}
