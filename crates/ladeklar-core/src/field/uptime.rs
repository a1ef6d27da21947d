//! A charger's uptime over a period, from its status history ([`uptime`]).
//!
//! - Each connector (1, 2, …) has the status of its last change at or before an instant; a
//!   connector is **down** while Faulted or Unavailable, or while the charge point itself
//!   (connector 0) is; **unknown** before its first change (nothing heard); up otherwise.
//! - Uptime is connector time up over connector time known (up + down), in percent with one
//!   decimal: two connectors, one down half the month, is 75 %. Unknown time is reported,
//!   never counted as up.
//! - Changes before the period set the status the period starts with; later ones are ignored.
//! - Occupied time (a car plugged in: Preparing, Charging, SuspendedEV, SuspendedEVSE,
//!   Finishing) is counted too, as part of up time: the owner's utilisation
//!   (`owner_usage`) is occupied over known time.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::session::ConnectorStatus;

/// One status change of a connector (0: the charge point as a whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub connector_id: u32,
    pub at: DateTime<Utc>,
    pub status: ConnectorStatus,
}

/// A charger's uptime over a period, in connector-seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChargerUptime {
    pub charger_id: String,
    pub connectors: u32,
    pub up_seconds: i64,
    pub down_seconds: i64,
    pub unknown_seconds: i64,
    /// Connector time a car was plugged in (part of `up_seconds`).
    #[serde(default)]
    pub occupied_seconds: i64,
    /// `up / (up + down)` in percent, one decimal; none when nothing was known.
    pub uptime_percent: Option<f64>,
}

fn is_down(s: ConnectorStatus) -> bool {
    matches!(s, ConnectorStatus::Faulted | ConnectorStatus::Unavailable)
}

/// A car is plugged in: the connector is in use (booked time, `Reserved`, is not).
pub fn is_occupied(s: ConnectorStatus) -> bool {
    use ConnectorStatus::*;
    matches!(s, Preparing | Charging | SuspendedEvse | SuspendedEv | Finishing)
}

fn status_at(history: &[StatusChange], connector: u32, t: DateTime<Utc>) -> ConnectorStatus {
    history
        .iter()
        .filter(|c| c.connector_id == connector && c.at <= t)
        .max_by_key(|c| c.at)
        .map_or(ConnectorStatus::Unknown, |c| c.status)
}

/// The uptime of `charger_id` over `[from, to)` from its status `history` (any order), for
/// its `connectors` (the ids the charger has; ids only seen in the history are added).
pub fn uptime(
    charger_id: &str,
    connectors: &[u32],
    history: &[StatusChange],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> ChargerUptime {
    let ids: BTreeSet<u32> = connectors
        .iter()
        .copied()
        .chain(history.iter().map(|c| c.connector_id))
        .filter(|id| *id > 0)
        .collect();
    let mut cuts: Vec<DateTime<Utc>> = history.iter().map(|c| c.at).filter(|t| *t > from && *t < to).collect();
    cuts.push(from);
    cuts.push(to);
    cuts.sort_unstable();
    cuts.dedup();
    let (mut up, mut down, mut unknown, mut occupied) = (0i64, 0i64, 0i64, 0i64);
    for pair in cuts.windows(2) {
        let [start, end] = [pair[0], pair[1]];
        if end <= start {
            continue;
        }
        let seconds = (end - start).num_seconds();
        let point_down = is_down(status_at(history, 0, start));
        for id in &ids {
            let s = status_at(history, *id, start);
            if point_down || is_down(s) {
                down += seconds;
            } else if s == ConnectorStatus::Unknown {
                unknown += seconds;
            } else {
                up += seconds;
                if is_occupied(s) {
                    occupied += seconds;
                }
            }
        }
    }
    let known = up + down;
    ChargerUptime {
        charger_id: charger_id.to_owned(),
        connectors: u32::try_from(ids.len()).unwrap_or(u32::MAX),
        up_seconds: up,
        down_seconds: down,
        unknown_seconds: unknown,
        occupied_seconds: occupied,
        uptime_percent: (known > 0).then(|| (up as f64 * 1000.0 / known as f64).round() / 10.0),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn t(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    fn change(connector_id: u32, at: DateTime<Utc>, status: ConnectorStatus) -> StatusChange {
        StatusChange {
            connector_id,
            at,
            status,
        }
    }

    #[test]
    fn two_connectors_one_down_half_the_period() {
        use ConnectorStatus::*;
        let (from, to) = (t(1, 0), t(3, 0));
        let history = [
            change(1, t(1, 0) - Duration::days(3), Available),
            change(2, t(1, 0) - Duration::days(3), Available),
            change(2, t(2, 0), Faulted),
            change(2, t(5, 0), Available), // after the period: ignored
        ];
        let u = uptime("CP-1", &[1, 2], &history, from, to);
        assert_eq!(u.connectors, 2);
        assert_eq!(u.up_seconds, 3 * 86_400);
        assert_eq!(u.down_seconds, 86_400);
        assert_eq!(u.uptime_percent, Some(75.0));
    }

    #[test]
    fn the_charge_point_down_takes_every_connector_down_and_unknown_is_not_up() {
        use ConnectorStatus::*;
        let (from, to) = (t(1, 0), t(1, 10));
        let history = [
            change(1, t(1, 2), Available),
            change(0, t(1, 4), Unavailable),
            change(0, t(1, 6), Available),
        ];
        let u = uptime("CP-1", &[1], &history, from, to);
        assert_eq!(u.unknown_seconds, 2 * 3600);
        assert_eq!(u.down_seconds, 2 * 3600);
        assert_eq!(u.up_seconds, 6 * 3600);
        assert_eq!(u.uptime_percent, Some(75.0));
        let silent = uptime("CP-2", &[1, 2], &[], from, to);
        assert_eq!((silent.unknown_seconds, silent.uptime_percent), (20 * 3600, None));
    }
}
