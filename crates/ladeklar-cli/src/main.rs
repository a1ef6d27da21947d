//! `ladeklar`: the platform's command line. Each subcommand lives in its own module and
//! only parses arguments, calls `ladeklar-core` (or, for provisioning, the server's
//! `provisioning` module over the database; for operations, a running server's API) and
//! prints; no rule is written here.

mod fault;
mod operations;
mod price;
mod provisioning;
mod sla;
mod users;

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
    /// Chargers: the registry (add, list, remove: the server's database) and operations on
    /// a connected charger (send, reset, unlock, trigger, log: through a running server).
    #[command(subcommand)]
    Charger(ChargerCommand),
    /// The RFID token store: add, list, block (writes the server's database).
    #[command(subcommand)]
    Token(provisioning::TokenCommand),
    /// Transaction messages held for review (through a running server).
    #[command(subcommand)]
    Quarantine(operations::QuarantineCommand),
    /// Charging sessions (through a running server).
    #[command(subcommand)]
    Sessions(operations::SessionsCommand),
    /// Sign in to a running server and print a bearer token for --token / LADEKLAR_TOKEN.
    SignIn(operations::SignInArgs),
    /// Staff accounts: add, list, role, disable (writes the server's database).
    #[command(subcommand)]
    User(users::UserCommand),
}

#[derive(Subcommand)]
enum ChargerCommand {
    #[command(flatten)]
    Registry(provisioning::RegistryCommand),
    #[command(flatten)]
    Operation(operations::ChargerOperation),
}

/// The async runtime for a command's database or HTTP work.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?)
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Price(args) => price::run(args),
        Command::Fault(cmd) => fault::run(cmd),
        Command::Sla(cmd) => sla::run(cmd),
        Command::Charger(ChargerCommand::Registry(cmd)) => provisioning::run_charger(cmd),
        Command::Charger(ChargerCommand::Operation(cmd)) => operations::run_charger(cmd),
        Command::Token(cmd) => provisioning::run_token(cmd),
        Command::Quarantine(cmd) => operations::run_quarantine(cmd),
        Command::Sessions(cmd) => operations::run_sessions(cmd),
        Command::User(cmd) => users::run(cmd),
        Command::SignIn(args) => operations::run_sign_in(args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
