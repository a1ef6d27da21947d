//! `ladeklar-sim`: run simulated charge points against a central system.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .init();
    let tls = ladeklar_sim::tls::client_config(args.ca_cert.as_deref())?;
    let (stop, rx) = tokio::sync::watch::channel(false);
    let mut tasks = Vec::new();
    for id in args.id {
        let sim = SimCharger::new(SimConfig {
            charge_point_id: id,
            ws_base: args.url.clone(),
            connectors: (1..=args.connectors)
                .map(|connector_id| SimConnector {
                    connector_id,
                    power_kw: args.power_kw,
                    fault: None,
                })
                .collect(),
            meter_interval: Duration::from_secs(args.meter_interval_s),
            vendor: "Ladeklar".into(),
            model: "Simulator".into(),
            password: args.password.clone(),
            tls: Some(tls.clone()),
        });
        tasks.push(tokio::spawn(sim.run_until(rx.clone())));
    }
    let _ = tokio::signal::ctrl_c().await;
    let _ = stop.send(true);
    for t in tasks {
        let _ = t.await;
    }
    Ok(())
}
