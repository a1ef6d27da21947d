//! `ladeklar`: the platform's command line. Each subcommand lives in its own module and
//! only parses arguments, calls `ladeklar-core` (or, for provisioning, the server's
//! `provisioning` module over the database) and prints; no rule is written here.

mod fault;
mod price;
mod provisioning;
mod sla;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "ladeklar", version, about = "Ladeklar platform command line")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Price a CDR against an OCPI 2.2.1 tariff ("why did I pay this").
    Price(price::PriceArgs),
    /// Fault analysis for OCPP error codes.
    #[command(subcommand)]
    Fault(fault::FaultCommand),
    /// SLA deadlines and reports.
    #[command(subcommand)]
    Sla(sla::SlaCommand),
    /// The charger registry: add, list, remove (writes the server's database).
    Charger(provisioning::ChargerArgs),
    /// The RFID token store: add, list, block (writes the server's database).
    Token(provisioning::TokenArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Price(args) => price::run(args),
        Command::Fault(cmd) => fault::run(cmd),
        Command::Sla(cmd) => sla::run(cmd),
        Command::Charger(args) => provisioning::run_charger(args),
        Command::Token(args) => provisioning::run_token(args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
