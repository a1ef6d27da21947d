//! An owner's chargers' uptime and utilisation over a period (issue 19's overview).
//!
//! - The period is this month so far (from the local midnight of the 1st in the owner's
//!   zone), or the last 7 or 30 days (back from `now`); it always ends at `now`.
//! - Uptime and the time a car was plugged in come from `field::uptime` (the one walk over
//!   the status history): connector time up over connector time known.
//! - **Utilisation** is connector time **occupied** — a car plugged in: Preparing, Charging,
//!   SuspendedEV, SuspendedEVSE, Finishing — over connector time known (up + down). Occupied
//!   rather than charging: a car that is full but still plugged in blocks the connector as much
//!   as one that charges, and that is what an owner plans capacity by.
//! - Both are shares between 0 and 1; none when nothing is known. Unknown time (nothing heard
//!   from the connector) counts neither as up nor as occupied.
//! - A site's figures add its chargers' connector seconds, so a site with one busy
//!   four-connector charger and one idle single one weighs the connectors, not the chargers.

use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::field::uptime::ChargerUptime;

/// The overview's period for uptime and utilisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsagePeriod {
    /// From the 1st of this month (owner's zone) until now.
    #[default]
    ThisMonth,
    /// The last 7 × 24 hours.
    Last7Days,
    /// The last 30 × 24 hours.
    Last30Days,
}

/// A period's name that is none of `this_month`, `last_7_days`, `last_30_days`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a period (this_month, last_7_days or last_30_days)")]
pub struct UnknownPeriod(pub String);

impl FromStr for UsagePeriod {
    type Err = UnknownPeriod;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "this_month" => Ok(UsagePeriod::ThisMonth),
            "last_7_days" => Ok(UsagePeriod::Last7Days),
            "last_30_days" => Ok(UsagePeriod::Last30Days),
            other => Err(UnknownPeriod(other.to_owned())),
        }
    }
}

impl UsagePeriod {
    /// `[start, now)` of the period in the owner's zone `tz`.
    pub fn bounds(self, tz: Tz, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = match self {
            UsagePeriod::Last7Days => now - TimeDelta::days(7),
            UsagePeriod::Last30Days => now - TimeDelta::days(30),
            UsagePeriod::ThisMonth => {
                let local = now.with_timezone(&tz).date_naive();
                let first = local.with_day(1).unwrap_or(local).and_time(NaiveTime::MIN);
                // Midnight exists in every zone we serve; where a zone skips it, the earliest
                // instant after the gap is the start.
                tz.from_local_datetime(&first)
                    .earliest()
                    .map(|t| t.with_timezone(&Utc))
                    .unwrap_or_else(|| Utc.from_utc_datetime(&first))
            }
        };
        (start.min(now), now)
    }
}

/// Uptime and utilisation over a period, with the connector seconds they come from.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Usage {
    pub up_seconds: i64,
    pub down_seconds: i64,
    pub unknown_seconds: i64,
    pub occupied_seconds: i64,
    /// Up over known (up + down), 0–1; none when nothing was known.
    pub uptime: Option<f64>,
    /// Occupied over known, 0–1; none when nothing was known.
    pub utilisation: Option<f64>,
}

fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part.clamp(0, whole) as f64 / whole as f64 * 10_000.0).round() / 10_000.0)
}

impl Usage {
    fn add(mut self, u: &ChargerUptime) -> Usage {
        self.up_seconds += u.up_seconds;
        self.down_seconds += u.down_seconds;
        self.unknown_seconds += u.unknown_seconds;
        self.occupied_seconds += u.occupied_seconds;
        self
    }

    fn with_shares(mut self) -> Usage {
        let known = self.up_seconds + self.down_seconds;
        self.uptime = share(self.up_seconds, known);
        self.utilisation = share(self.occupied_seconds, known);
        self
    }
}

/// One charger's usage from its uptime (`field::uptime::uptime` over the period).
pub fn charger_usage(u: &ChargerUptime) -> Usage {
    Usage::default().add(u).with_shares()
}

/// A site's (or any group's) usage: its chargers' connector seconds added up.
pub fn site_usage<'a>(chargers: impl IntoIterator<Item = &'a ChargerUptime>) -> Usage {
    chargers.into_iter().fold(Usage::default(), Usage::add).with_shares()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::field::uptime::{uptime, StatusChange};
    use crate::session::ConnectorStatus;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn change(connector_id: u32, t: &str, status: ConnectorStatus) -> StatusChange {
        StatusChange {
            connector_id,
            at: at(t),
            status,
        }
    }

    #[test]
    fn periods_end_now_and_this_month_starts_at_the_owners_midnight() {
        let oslo: Tz = "Europe/Oslo".parse().unwrap();
        let now = at("2026-12-06T18:00:00Z");
        assert_eq!(
            UsagePeriod::ThisMonth.bounds(oslo, now),
            (at("2026-11-30T23:00:00Z"), now)
        );
        assert_eq!(UsagePeriod::Last7Days.bounds(oslo, now).0, at("2026-11-29T18:00:00Z"));
        assert_eq!(UsagePeriod::Last30Days.bounds(oslo, now).0, at("2026-11-06T18:00:00Z"));
        // 23:30 UTC on the 30th is already December in Oslo: the month has just begun.
        let just = at("2026-11-30T23:30:00Z");
        assert_eq!(UsagePeriod::ThisMonth.bounds(oslo, just).0, at("2026-11-30T23:00:00Z"));
        assert_eq!("last_7_days".parse(), Ok(UsagePeriod::Last7Days));
        assert_eq!("week".parse::<UsagePeriod>(), Err(UnknownPeriod("week".into())));
    }

    #[test]
    fn utilisation_is_plugged_in_time_over_known_time_and_sites_weigh_connectors() {
        use ConnectorStatus::*;
        let (from, to) = (at("2026-12-01T00:00:00Z"), at("2026-12-01T10:00:00Z"));
        // Connector 1: available 2 h, charging 3 h, suspended (car full) 1 h, available 4 h.
        // Connector 2: unknown 5 h, then faulted 5 h.
        let history = [
            change(1, "2026-11-30T00:00:00Z", Available),
            change(1, "2026-12-01T02:00:00Z", Charging),
            change(1, "2026-12-01T05:00:00Z", SuspendedEv),
            change(1, "2026-12-01T06:00:00Z", Available),
            change(2, "2026-12-01T05:00:00Z", Faulted),
        ];
        let busy = uptime("CP-1", &[1, 2], &history, from, to);
        let u = charger_usage(&busy);
        assert_eq!(
            (u.up_seconds, u.down_seconds, u.unknown_seconds),
            (36_000, 18_000, 18_000)
        );
        assert_eq!(u.occupied_seconds, 4 * 3600);
        assert_eq!(u.uptime, Some(0.6667));
        assert_eq!(u.utilisation, Some(0.2667));
        let silent = uptime("CP-2", &[1], &[], from, to);
        assert_eq!(charger_usage(&silent).uptime, None);
        assert_eq!(charger_usage(&silent).utilisation, None);
        let site = site_usage([&busy, &silent]);
        assert_eq!(site.unknown_seconds, 18_000 + 36_000);
        assert_eq!(site.utilisation, Some(0.2667));
    }

    fn any_status() -> impl Strategy<Value = ConnectorStatus> {
        prop::sample::select(ConnectorStatus::ALL.to_vec())
    }

    proptest! {
        /// Any history: uptime and utilisation lie between 0 and 1, occupied ≤ up, the seconds
        /// cover every connector for the whole period, and a connector nothing was heard from
        /// adds unknown time only — never up time.
        #[test]
        fn shares_stay_between_zero_and_one_and_unknown_is_never_up(
            changes in prop::collection::vec((0u32..3, -20_000i64..40_000, any_status()), 0..30),
            length in 1i64..36_000,
        ) {
            let from = at("2026-12-01T00:00:00Z");
            let to = from + TimeDelta::seconds(length);
            let history: Vec<StatusChange> = changes.into_iter().map(|(c, s, status)| StatusChange {
                connector_id: c,
                at: from + TimeDelta::seconds(s),
                status,
            }).collect();
            let u = uptime("CP", &[1, 2], &history, from, to);
            let usage = charger_usage(&u);
            for s in [usage.uptime, usage.utilisation].into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&s));
            }
            prop_assert!(usage.occupied_seconds <= usage.up_seconds);
            let connectors = i64::from(u.connectors);
            prop_assert_eq!(usage.up_seconds + usage.down_seconds + usage.unknown_seconds, connectors * length);
            // A connector with no history at all.
            let with_silent = uptime("CP", &[1, 2, 9], &history, from, to);
            prop_assert_eq!(with_silent.up_seconds, u.up_seconds);
            prop_assert_eq!(with_silent.occupied_seconds, u.occupied_seconds);
            // It is down while the charge point is, and unknown otherwise.
            prop_assert_eq!(
                with_silent.unknown_seconds + with_silent.down_seconds,
                u.unknown_seconds + u.down_seconds + length
            );
            let site = site_usage([&u, &with_silent]);
            for s in [site.uptime, site.utilisation].into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&s));
            }
        }
    }
}
