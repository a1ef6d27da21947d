//! `ladeklar price` (issue 4 fills this in).

#[derive(clap::Args)]
pub struct PriceArgs {
    /// OCPI 2.2.1 tariff JSON file.
    #[arg(long)]
    pub tariff: Option<std::path::PathBuf>,
    /// OCPI 2.2.1 CDR JSON file.
    #[arg(long)]
    pub cdr: std::path::PathBuf,
    /// The site's IANA time zone.
    #[arg(long, default_value = "Europe/Oslo")]
    pub tz: String,
}

pub fn run(_args: PriceArgs) -> anyhow::Result<()> {
    anyhow::bail!("`ladeklar price` is not built yet (issue 4)")
}
