//! `ladeklar fault …` (issue 6 fills this in).

#[derive(clap::Subcommand)]
pub enum FaultCommand {
    /// Explain an OCPP 1.6 error code.
    Explain,
}

pub fn run(_cmd: FaultCommand) -> anyhow::Result<()> {
    anyhow::bail!("`ladeklar fault` is not built yet (issue 6)")
}
