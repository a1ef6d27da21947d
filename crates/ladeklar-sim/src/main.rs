//! `ladeklar-sim`: run simulated charge points against a central system.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use ladeklar_sim::scenario::{check_chargers, ChargeSpec, FaultSpec, OfflineSpec, Script};
use ladeklar_sim::{SimCharger, SimConfig, SimConnector};
use rust_decimal::Decimal;

#[derive(Parser)]
#[command(name = "ladeklar-sim", about = "Simulated OCPP 1.6J charge points")]
struct Args {
    /// Central system base URL, e.g. ws://127.0.0.1:8080/ocpp or wss://cs.example.com/ocpp
    #[arg(long)]
    url: String,
    /// For wss:// URLs: also trust the certificates in this PEM file (a private CA or the
    /// server's self-signed certificate), besides the system's root certificates.
    #[arg(long, env = "LADEKLAR_SIM_CA_CERT")]
    ca_cert: Option<PathBuf>,
    /// Charge point ids to simulate (each must be registered).
    #[arg(long, required = true, num_args = 1..)]
    id: Vec<String>,
    /// Connectors per charge point.
    #[arg(long, default_value_t = 2)]
    connectors: u32,
    /// Power each car draws, kW.
    #[arg(long, default_value = "22")]
    power_kw: Decimal,
    /// Password for HTTP Basic auth; the same for every simulated charge point.
    #[arg(long, env = "LADEKLAR_SIM_PASSWORD")]
    password: Option<String>,
    /// Seconds between meter values.
    #[arg(long, default_value_t = 5)]
    meter_interval_s: u64,
    /// A connector that reports Faulted: CHARGER:CONNECTOR:ERROR_CODE (an OCPP 1.6
    /// ChargePointErrorCode, e.g. GroundFailure). Repeatable.
    #[arg(long, value_name = "CHARGER:CONNECTOR:ERROR_CODE")]
    fault: Vec<FaultSpec>,
    /// A driver starts a session at the charger with an RFID tag:
    /// CHARGER:CONNECTOR:ID_TAG[:AFTER_S[:FOR_S]] — AFTER_S seconds after start, stopped at
    /// the charger after FOR_S seconds (otherwise it runs until stopped remotely). Repeatable.
    #[arg(long, value_name = "CHARGER:CONNECTOR:ID_TAG[:AFTER_S[:FOR_S]]")]
    charge: Vec<ChargeSpec>,
    /// The charger loses its connection AFTER_S seconds after start for FOR_S seconds, keeps
    /// charging and queues its transaction messages, then reconnects and delivers them:
    /// CHARGER:AFTER_S:FOR_S. Repeatable.
    #[arg(long, value_name = "CHARGER:AFTER_S:FOR_S")]
    offline: Vec<OfflineSpec>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run(Args::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .init();
    check_chargers("--fault", &args.id, args.fault.iter().map(|f| f.charger.as_str()))?;
    check_chargers("--charge", &args.id, args.charge.iter().map(|c| c.charger.as_str()))?;
    check_chargers("--offline", &args.id, args.offline.iter().map(|o| o.charger.as_str()))?;
    if let Some(f) = args.fault.iter().find(|f| f.connector > args.connectors) {
        anyhow::bail!(
            "--fault {}:{}:{}: the simulated chargers have connectors 1 to {}",
            f.charger,
            f.connector,
            f.error_code,
            args.connectors
        );
    }
    let tls = ladeklar_sim::tls::client_config(args.ca_cert.as_deref())?;
    let (stop, rx) = tokio::sync::watch::channel(false);
    let mut tasks = Vec::new();
    for id in &args.id {
        let sim = SimCharger::new(SimConfig {
            charge_point_id: id.clone(),
            ws_base: args.url.clone(),
            connectors: (1..=args.connectors)
                .map(|connector_id| SimConnector {
                    connector_id,
                    power_kw: args.power_kw,
                    fault: args
                        .fault
                        .iter()
                        .find(|f| &f.charger == id && f.connector == connector_id)
                        .map(|f| f.error_code.clone()),
                })
                .collect(),
            meter_interval: Duration::from_secs(args.meter_interval_s),
            vendor: "Ladeklar".into(),
            model: "Simulator".into(),
            password: args.password.clone(),
            tls: Some(tls.clone()),
        });
        let script = Script::for_charger(id, &args.charge, &args.offline);
        if !script.is_empty() {
            tasks.push(tokio::spawn(script.run(sim.handle(), rx.clone())));
        }
        tasks.push(tokio::spawn(sim.run_until(rx.clone())));
    }
    let _ = tokio::signal::ctrl_c().await;
    let _ = stop.send(true);
    for t in tasks {
        let _ = t.await;
    }
    Ok(())
}
