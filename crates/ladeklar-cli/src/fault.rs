//! `ladeklar fault …`: fault analysis for support staff.

use std::path::PathBuf;

use anyhow::Context;
use ladeklar_core::session::ConnectorStatus;
use ladeklar_core::support::fault::{
    analyse, ChargePointErrorCode, Diagnosis, FaultInput, FaultKnowledge, ReportCategory, StatusReport,
};

#[derive(clap::Subcommand)]
pub enum FaultCommand {
    /// Explain an OCPP 1.6 error code: likely cause, remote remedies, field visit, reasoning.
    Explain(ExplainArgs),
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// OCPP 1.6 ChargePointErrorCode, e.g. GroundFailure (case-insensitive).
    #[arg(long)]
    error_code: String,
    /// StatusNotification vendorId.
    #[arg(long, requires = "vendor_error_code")]
    vendor_id: Option<String>,
    /// StatusNotification vendorErrorCode.
    #[arg(long, requires = "vendor_id")]
    vendor_error_code: Option<String>,
    /// StatusNotification info.
    #[arg(long)]
    info: Option<String>,
    /// The driver's report category, e.g. cable_stuck.
    #[arg(long)]
    category: Option<String>,
    /// An operator knowledge file (same shape as data/fault-knowledge.json), looked up first.
    #[arg(long)]
    knowledge: Option<PathBuf>,
    /// Print the diagnosis as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(cmd: FaultCommand) -> anyhow::Result<()> {
    match cmd {
        FaultCommand::Explain(args) => explain(args),
    }
}

fn explain(args: ExplainArgs) -> anyhow::Result<()> {
    let code: ChargePointErrorCode = args.error_code.parse()?;
    let category: Option<ReportCategory> = args.category.as_deref().map(str::parse).transpose()?;
    let mut knowledge = FaultKnowledge::builtin();
    if let Some(path) = &args.knowledge {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let extra = FaultKnowledge::from_json(&text).with_context(|| format!("in {}", path.display()))?;
        knowledge = knowledge.extended_with(extra);
    }
    let now = chrono::Utc::now();
    let status = if code == ChargePointErrorCode::NoError {
        ConnectorStatus::Available
    } else {
        ConnectorStatus::Faulted
    };
    let history = [StatusReport {
        at: now,
        connector_id: 1,
        status,
        error_code: code,
        info: args.info,
        vendor_id: args.vendor_id,
        vendor_error_code: args.vendor_error_code,
    }];
    let diagnosis = analyse(
        &knowledge,
        FaultInput {
            history: &history,
            category,
            tried: &[],
            now,
        },
    )?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&diagnosis)?);
    } else {
        print!("{}", render(&diagnosis));
    }
    Ok(())
}

fn render(d: &Diagnosis) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let code = d.error_code.map_or("-", |c| c.as_str());
    let _ = writeln!(out, "{code}: {}", d.meaning);
    let _ = writeln!(out, "Knowledge entry: {}", d.entry_id);
    let _ = writeln!(out, "Likely cause:    {}", d.likely_cause);
    let _ = writeln!(out, "Confidence:      {}%", d.confidence);
    if d.safety_hazard {
        let _ = writeln!(out, "Safety hazard:   yes, keep drivers off this connector");
    }
    if d.remedies.is_empty() {
        let _ = writeln!(out, "Remote remedies: none can help");
    } else {
        let list: Vec<String> = d
            .remedies
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{}. {}", i + 1, r.as_str()))
            .collect();
        let _ = writeln!(out, "Remote remedies: {}", list.join(", "));
    }
    if let Some(v) = d.verify {
        let _ = writeln!(
            out,
            "Verify by:       StatusNotification {:?} within {} minutes",
            v.status, v.within_minutes
        );
    }
    match &d.field_visit {
        Some(v) => {
            let _ = writeln!(out, "Field visit:     needed ({})", v.reason);
            let parts = if v.parts.is_empty() {
                "none listed".to_string()
            } else {
                v.parts.join(", ")
            };
            let _ = writeln!(out, "  parts:         {parts}");
            let _ = writeln!(out, "  skills:        {}", v.skills.join(", "));
        }
        None => {
            let _ = writeln!(out, "Field visit:     not needed now");
        }
    }
    let _ = writeln!(out, "Driver sees (en): {}", d.driver_message.en);
    let _ = writeln!(out, "Driver sees (nb): {}", d.driver_message.nb);
    let _ = writeln!(out, "Reasoning:");
    for line in &d.reasoning {
        let _ = writeln!(out, "  - {line}");
    }
    out
}
