//! `ladeklar sla …`: SLA deadlines for support staff.

use std::path::PathBuf;

use anyhow::Context;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_core::support::escalation::WARN_AT_PERCENT;
use ladeklar_core::support::priority::Priority;
use ladeklar_core::support::sla::{CalendarKind, Country, SlaCalendar, SlaCatalog, SlaClock, SlaClockKind};

#[derive(clap::Subcommand)]
pub enum SlaCommand {
    /// Print every deadline of a case opened at a given instant.
    Deadlines(DeadlinesArgs),
}

#[derive(clap::Args)]
pub struct DeadlinesArgs {
    /// SLA level name: Basic, Standard, Premium (or one from --levels).
    #[arg(long)]
    level: String,
    /// P1, P2, P3 or P4.
    #[arg(long)]
    priority: String,
    /// When the case was opened, RFC 3339 (e.g. 2026-11-20T19:30:00+01:00).
    #[arg(long)]
    opened: String,
    /// The site's IANA time zone, e.g. Europe/Oslo.
    #[arg(long)]
    tz: String,
    /// business or 24x7 (default: the level's calendar).
    #[arg(long)]
    calendar: Option<String>,
    /// Whose public holidays close business hours: NO or SE (default: SE for Europe/Stockholm, else NO).
    #[arg(long)]
    country: Option<String>,
    /// An SLA level file (same shape as data/sla-levels.json) instead of the built-in levels.
    #[arg(long)]
    levels: Option<PathBuf>,
    /// Print the deadlines as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(cmd: SlaCommand) -> anyhow::Result<()> {
    match cmd {
        SlaCommand::Deadlines(args) => deadlines(args),
    }
}

fn deadlines(args: DeadlinesArgs) -> anyhow::Result<()> {
    let catalog = match &args.levels {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            SlaCatalog::from_json(&text).with_context(|| format!("in {}", path.display()))?
        }
        None => SlaCatalog::builtin(),
    };
    let level = catalog.get(&args.level)?;
    let priority: Priority = args.priority.parse()?;
    let opened: DateTime<Utc> = DateTime::parse_from_rfc3339(&args.opened)
        .with_context(|| format!("--opened {:?} is not an RFC 3339 timestamp", args.opened))?
        .with_timezone(&Utc);
    let tz: Tz = args
        .tz
        .parse()
        .map_err(|e| anyhow::anyhow!("--tz {:?} is not an IANA time zone: {e}", args.tz))?;
    let kind: CalendarKind = match &args.calendar {
        Some(c) => c.parse()?,
        None => level.calendar,
    };
    let country: Country = match &args.country {
        Some(c) => c.parse()?,
        None if tz == chrono_tz::Europe::Stockholm => Country::Sweden,
        None => Country::Norway,
    };
    let calendar = SlaCalendar::new(kind, tz, country);
    let clock = SlaClock {
        level,
        priority,
        calendar: &calendar,
        opened_at: opened,
        pauses: &[],
    };
    let mut rows = Vec::new();
    for kind in SlaClockKind::ALL {
        let d = clock.deadline(kind, opened)?;
        let target = clock.target(kind)?;
        let warn_at = clock.deadline_after(target * WARN_AT_PERCENT / 100, opened)?;
        rows.push((d, warn_at));
    }
    if args.json {
        let json: Vec<_> = rows
            .iter()
            .map(|(d, warn_at)| {
                serde_json::json!({
                    "clock": d.kind,
                    "target_minutes": d.target_minutes,
                    "deadline": d.deadline,
                    "deadline_local": d.deadline.with_timezone(&tz).to_rfc3339(),
                    "warn_at": warn_at,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "level": level.name,
                "priority": priority,
                "calendar": kind,
                "time_zone": tz.name(),
                "opened": opened,
                "deadlines": json,
            }))?
        );
        return Ok(());
    }
    let cal_name = match kind {
        CalendarKind::TwentyFourSeven => "24x7".to_string(),
        CalendarKind::BusinessHours => format!(
            "business hours {}–{} Mon–Fri, {} public holidays closed",
            calendar.hours.opens.format("%H:%M"),
            calendar.hours.closes.format("%H:%M"),
            match country {
                Country::Norway => "Norwegian",
                Country::Sweden => "Swedish",
            }
        ),
    };
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%a %Y-%m-%d %H:%M %Z").to_string();
    println!("SLA level {}, {priority}, {cal_name}, in {}", level.name, tz.name());
    println!("Opened:  {}  ({})", local(opened), opened.to_rfc3339());
    for (d, warn_at) in rows {
        let warn = if d.kind.is_customer_target() {
            format!("  warn at {}", local(warn_at))
        } else {
            String::new()
        };
        println!(
            "{:<40} {:>6} min  due {}  ({}){warn}",
            d.kind.label(),
            d.target_minutes,
            local(d.deadline),
            d.deadline.to_rfc3339(),
        );
    }
    Ok(())
}
