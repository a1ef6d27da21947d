//! The month's SLA report for an owner, a site or the platform: the cases and the chargers'
//! status history loaded, core's `sla_month_report` computes, and the answer is its JSON or a
//! CSV (one section of figures, one line per breach, one line per charger's uptime).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_core::field::sla_month::{sla_month_report, ChargerHistory, MonthScope, SlaMonthReport};
use ladeklar_core::field::uptime::StatusChange;
use ladeklar_core::session::ConnectorStatus;
use ladeklar_core::support::case::Case;

use crate::cases::sla_catalog;
use crate::error::ApiError;
use crate::AppState;

/// `YYYY-MM` → (year, month).
pub fn parse_month(raw: &str) -> Result<(i32, u32), ApiError> {
    let bad = || ApiError::InvalidRequest(format!("month: {raw:?} is not a month (YYYY-MM)"));
    let (y, m) = raw.trim().split_once('-').ok_or_else(bad)?;
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) || !(2000..=2200).contains(&year) {
        return Err(bad());
    }
    Ok((year, month))
}

pub async fn report(
    state: &AppState,
    owner: Option<&str>,
    site: Option<&str>,
    (year, month): (i32, u32),
    time_zone: Tz,
    now: DateTime<Utc>,
) -> Result<SlaMonthReport, ApiError> {
    let cases: Vec<Case> = state
        .store
        .cases_for_report(owner, site)
        .await?
        .iter()
        .map(|r| r.case().map_err(ApiError::from))
        .collect::<Result<_, _>>()?;
    let mut chargers: BTreeMap<String, ChargerHistory> = BTreeMap::new();
    for (charger_id, site_id, owner_id, connector_id) in state.store.chargers_for_report(owner, site).await? {
        let entry = chargers.entry(charger_id.clone()).or_insert_with(|| ChargerHistory {
            charger_id,
            site_id,
            owner_id,
            connectors: Vec::new(),
            history: Vec::new(),
        });
        if let Ok(id) = u32::try_from(connector_id) {
            entry.connectors.push(id);
        }
    }
    let (_, to) = ladeklar_core::field::sla_month::month_bounds(time_zone, year, month)
        .map_err(|e| ApiError::InvalidRequest(e.to_string()))?;
    for charger in chargers.values_mut() {
        for row in state.store.status_history(&charger.charger_id, to).await? {
            let Ok(connector_id) = u32::try_from(row.connector_id) else {
                continue;
            };
            charger.history.push(StatusChange {
                connector_id,
                at: ladeklar_store::parse_instant("status history at", &row.at)?,
                status: ladeklar_store::parse_enum::<ConnectorStatus>("status history status", &row.status)?,
            });
        }
    }
    let scope = MonthScope {
        owner_id: owner.map(str::to_owned),
        site_id: site.map(str::to_owned),
        year,
        month,
        time_zone,
    };
    let chargers: Vec<ChargerHistory> = chargers.into_values().collect();
    sla_month_report(&cases, &chargers, sla_catalog(), &scope, now)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("SLA report: {e}")))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The report as CSV: `section,name,value` lines for the figures, then the breaches and the
/// uptime lines, each with a header of its own.
pub fn to_csv(r: &SlaMonthReport) -> String {
    let c = &r.cases;
    let mut out = String::from("section,name,value\n");
    let mut figure = |name: &str, value: String| out.push_str(&format!("figures,{name},{value}\n"));
    figure("from", r.from.to_rfc3339());
    figure("to", r.to.to_rfc3339());
    figure("cases", c.cases.to_string());
    figure("open", c.open.to_string());
    figure("closed", c.closed.to_string());
    figure("cancelled", c.cancelled.to_string());
    figure("duplicates", c.duplicates.to_string());
    figure("response_median_minutes", opt(c.response_minutes.median));
    figure("response_p90_minutes", opt(c.response_minutes.p90));
    figure("resolution_median_minutes", opt(c.resolution_minutes.median));
    figure("resolution_p90_minutes", opt(c.resolution_minutes.p90));
    figure("evaluated", c.evaluated.to_string());
    figure("within_sla", c.within_sla.to_string());
    figure("share_within_sla_percent", opt(c.share_within_sla_percent));
    figure("breaches", c.breaches.len().to_string());
    out.push_str("\nbreach_case,site,priority,target,deadline,late_minutes,reason\n");
    for b in &c.breaches {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            b.case_id,
            csv_field(&b.site_id),
            b.priority,
            b.target.label(),
            b.deadline.to_rfc3339(),
            b.late_minutes,
            csv_field(&b.reason)
        ));
    }
    out.push_str("\ncharger,connectors,up_seconds,down_seconds,unknown_seconds,uptime_percent\n");
    for u in &r.uptime {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            csv_field(&u.charger_id),
            u.connectors,
            u.up_seconds,
            u.down_seconds,
            u.unknown_seconds,
            opt(u.uptime_percent)
        ));
    }
    out
}
