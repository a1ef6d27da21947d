//! `ladeklar price`: "why did I pay this". Prices a CDR with a tariff (or the tariffs
//! embedded in the CDR) and prints the CDR totals as OCPI 2.2.1 names them, plus the
//! per-period breakdown.

use anyhow::Context;
use ladeklar_core::pricing::cdr::{price_cdr, Cdr, CdrTotals};
use ladeklar_core::pricing::{PricedPeriod, PricingNote, Quantities, StepSizeExtra};
use ladeklar_core::tariff::Tariff;
use serde::Serialize;

#[derive(clap::Args)]
pub struct PriceArgs {
    /// OCPI 2.2.1 (or 2.1.1) tariff JSON file; without it, the CDR's own `tariffs` are used.
    #[arg(long)]
    pub tariff: Option<std::path::PathBuf>,
    /// OCPI 2.2.1 CDR JSON file.
    #[arg(long)]
    pub cdr: std::path::PathBuf,
    /// The site's IANA time zone.
    #[arg(long, default_value = "Europe/Oslo")]
    pub tz: String,
}

#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    totals: CdrTotals,
    billed: &'a Quantities,
    periods: &'a [PricedPeriod],
    step_size_extras: &'a [StepSizeExtra],
    notes: &'a [PricingNote],
    /// The total the CDR itself states, to compare.
    #[serde(skip_serializing_if = "Option::is_none")]
    cdr_total_cost: Option<&'a serde_json::Value>,
}

pub fn run(args: PriceArgs) -> anyhow::Result<()> {
    let tz: chrono_tz::Tz = args
        .tz
        .parse()
        .map_err(|_| anyhow::anyhow!("--tz: {:?} is not an IANA time zone such as Europe/Oslo", args.tz))?;
    let cdr_json =
        std::fs::read_to_string(&args.cdr).with_context(|| format!("--cdr: cannot read {}", args.cdr.display()))?;
    let cdr = Cdr::from_json(&cdr_json).with_context(|| format!("--cdr {}", args.cdr.display()))?;
    let tariffs = match &args.tariff {
        Some(path) => {
            let json =
                std::fs::read_to_string(path).with_context(|| format!("--tariff: cannot read {}", path.display()))?;
            vec![read_tariff(&json).with_context(|| format!("--tariff {}", path.display()))?]
        }
        None => Vec::new(),
    };
    let priced = price_cdr(&cdr, &tariffs, tz)?;
    let out = Output {
        totals: CdrTotals::from_priced(&priced, cdr.credit.unwrap_or(false)),
        billed: &priced.billed,
        periods: &priced.periods,
        step_size_extras: &priced.step_size_extras,
        notes: &priced.notes,
        cdr_total_cost: cdr.total_cost.as_ref(),
    };
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// OCPI 2.2.1 first; a tariff only 2.1.1 can read is accepted too. The 2.2.1 error is the
/// one reported.
fn read_tariff(json: &str) -> anyhow::Result<Tariff> {
    match Tariff::from_json(json) {
        Ok(t) => Ok(t),
        Err(e) => Tariff::from_json_v211(json).map_err(|_| anyhow::Error::new(e)),
    }
}
