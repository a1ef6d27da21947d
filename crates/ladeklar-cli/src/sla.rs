//! `ladeklar sla …` (issue 6 fills this in).

#[derive(clap::Subcommand)]
pub enum SlaCommand {
    /// Print every deadline of a case.
    Deadlines,
}

pub fn run(_cmd: SlaCommand) -> anyhow::Result<()> {
    anyhow::bail!("`ladeklar sla` is not built yet (issue 6)")
}
