//! The SLA report of a month for an owner or a site ([`sla_month_report`]): the cases'
//! figures — counts, response and resolution times, within SLA, breaches — from
//! [`crate::support::report::sla_report`], and each charger's uptime over the month from its
//! status history ([`super::uptime`]). A pure function over the data the caller loaded.
//!
//! The month is the calendar month in the given time zone (the sites' zone; Norway's for the
//! platform): from its first midnight to the next month's, as UTC instants.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::uptime::{uptime, ChargerUptime, StatusChange};
use crate::support::case::Case;
use crate::support::report::{sla_report, ReportError, ReportScope, SlaReport};
use crate::support::sla::SlaCatalog;

/// One charger's status history, with whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargerHistory {
    pub charger_id: String,
    pub site_id: String,
    pub owner_id: String,
    pub connectors: Vec<u32>,
    pub history: Vec<StatusChange>,
}

/// Which month, for whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthScope {
    pub owner_id: Option<String>,
    pub site_id: Option<String>,
    pub year: i32,
    pub month: u32,
    pub time_zone: Tz,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaMonthReport {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub cases: SlaReport,
    /// One line per charger in scope, by charger id.
    pub uptime: Vec<ChargerUptime>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlaMonthError {
    #[error("month: {year}-{month:02} is not a month")]
    NotAMonth { year: i32, month: u32 },
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// The first instant of `year`-`month` in `tz` and the first of the next month.
pub fn month_bounds(tz: Tz, year: i32, month: u32) -> Result<(DateTime<Utc>, DateTime<Utc>), SlaMonthError> {
    let bad = || SlaMonthError::NotAMonth { year, month };
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .ok_or_else(bad)?;
    let at = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(bad)
    };
    Ok((at(first)?, at(next)?))
}

/// The month's report for the cases and chargers in `scope`, at `now`.
pub fn sla_month_report(
    cases: &[Case],
    chargers: &[ChargerHistory],
    catalog: &SlaCatalog,
    scope: &MonthScope,
    now: DateTime<Utc>,
) -> Result<SlaMonthReport, SlaMonthError> {
    let (from, to) = month_bounds(scope.time_zone, scope.year, scope.month)?;
    let case_scope = ReportScope {
        owner_id: scope.owner_id.clone(),
        site_id: scope.site_id.clone(),
        month: Some((scope.year, scope.month)),
    };
    let cases = sla_report(cases, catalog, &case_scope, now)?;
    let until = to.min(now.max(from));
    let mut lines: Vec<ChargerUptime> = chargers
        .iter()
        .filter(|c| scope.owner_id.as_ref().is_none_or(|o| *o == c.owner_id))
        .filter(|c| scope.site_id.as_ref().is_none_or(|s| *s == c.site_id))
        .map(|c| uptime(&c.charger_id, &c.connectors, &c.history, from, until))
        .collect();
    lines.sort_by(|a, b| a.charger_id.cmp(&b.charger_id));
    Ok(SlaMonthReport {
        from,
        to,
        cases,
        uptime: lines,
    })
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use chrono_tz::Europe::Oslo;

    use super::*;
    use crate::session::ConnectorStatus;
    use crate::support::case::fixtures::{new_case, t0};

    #[test]
    fn month_bounds_are_local_midnights() {
        let (from, to) = month_bounds(Oslo, 2026, 11).unwrap();
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 10, 31, 23, 0, 0).unwrap());
        assert_eq!(to, Utc.with_ymd_and_hms(2026, 11, 30, 23, 0, 0).unwrap());
        let (_, to) = month_bounds(Oslo, 2026, 12).unwrap();
        assert_eq!(to, Utc.with_ymd_and_hms(2026, 12, 31, 23, 0, 0).unwrap());
        assert_eq!(
            month_bounds(Oslo, 2026, 13).unwrap_err().to_string(),
            "month: 2026-13 is not a month"
        );
    }

    #[test]
    fn cases_and_uptime_of_the_owners_month() {
        let (from, to) = month_bounds(Oslo, 2026, 11).unwrap();
        let charger = |id: &str, owner: &str, down_hours: i64| ChargerHistory {
            charger_id: id.into(),
            site_id: "site-1".into(),
            owner_id: owner.into(),
            connectors: vec![1],
            history: vec![
                StatusChange {
                    connector_id: 1,
                    at: from - Duration::days(1),
                    status: ConnectorStatus::Available,
                },
                StatusChange {
                    connector_id: 1,
                    at: from + Duration::hours(10),
                    status: ConnectorStatus::Faulted,
                },
                StatusChange {
                    connector_id: 1,
                    at: from + Duration::hours(10 + down_hours),
                    status: ConnectorStatus::Available,
                },
            ],
        };
        let chargers = [
            charger("CP-2", "owner-1", 72),
            charger("CP-1", "owner-1", 36),
            charger("X", "owner-2", 1),
        ];
        let scope = MonthScope {
            owner_id: Some("owner-1".into()),
            site_id: None,
            year: 2026,
            month: 11,
            time_zone: Oslo,
        };
        let r = sla_month_report(
            &[new_case()],
            &chargers,
            &SlaCatalog::builtin(),
            &scope,
            to + Duration::days(1),
        )
        .unwrap();
        assert_eq!(r.cases.cases, 1);
        let ids: Vec<_> = r.uptime.iter().map(|u| u.charger_id.as_str()).collect();
        assert_eq!(ids, ["CP-1", "CP-2"]);
        // 30 days = 720 hours: 36 down → 95 %, 72 down → 90 %.
        assert_eq!(r.uptime[0].uptime_percent, Some(95.0));
        assert_eq!(r.uptime[1].uptime_percent, Some(90.0));
        // Read in the middle of the month, only the time so far counts.
        let mid = sla_month_report(&[], &chargers, &SlaCatalog::builtin(), &scope, t0()).unwrap();
        assert_eq!(
            mid.uptime[0].up_seconds + mid.uptime[0].down_seconds,
            (t0() - from).num_seconds()
        );
    }
}
