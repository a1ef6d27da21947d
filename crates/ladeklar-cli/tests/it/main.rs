//! `ladeklar`, run as the real binary: one test binary for the crate, one way to run it.

mod fault;
mod ocpp_client;
mod operations;
mod price;
mod provisioning;
mod sla;
mod users;

use std::process::{Command, Output};

/// Runs `ladeklar ARGS` with no database, server or password settings inherited from the caller.
pub fn output(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ladeklar"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("LADEKLAR_SERVER")
        .env_remove("LADEKLAR_CHARGER_PASSWORD")
        .env_remove("LADEKLAR_USER_PASSWORD")
        .output()
        .expect("ladeklar runs")
}

/// Runs `ladeklar ARGS`; returns (success, stdout, stderr).
pub fn ladeklar(args: &[&str]) -> (bool, String, String) {
    let out = output(args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
