//! A price's versions over time: which one new sessions get at an instant. The store reads
//! the same rule in SQL (`ladeklar_store::tariff_versions`); this is its statement, for the
//! views that show a history.
//!
//! The version in effect at `now` is the one with the latest `effective_from` at or before
//! `now` (a later version number first when two take effect at the same moment); version 0,
//! the price as set up, has no `effective_from` and holds until the first change takes
//! effect. Later ones are scheduled; earlier ones replaced (sessions started under them keep
//! them).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a version stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Set to take effect later.
    Scheduled,
    /// The price new sessions get now.
    InEffect,
    /// Replaced by a later version.
    Replaced,
}

/// Each version's status at `now`, in the order given: (version number, effective from;
/// `None` for the price as set up).
pub fn statuses(versions: &[(i64, Option<DateTime<Utc>>)], now: DateTime<Utc>) -> Vec<VersionStatus> {
    let in_effect = versions
        .iter()
        .enumerate()
        .filter(|(_, (_, from))| from.is_none_or(|f| f <= now))
        .max_by_key(|(_, (version, from))| (*from, *version))
        .map(|(i, _)| i);
    versions
        .iter()
        .enumerate()
        .map(|(i, (_, from))| {
            if Some(i) == in_effect {
                VersionStatus::InEffect
            } else if from.is_some_and(|f| f > now) {
                VersionStatus::Scheduled
            } else {
                VersionStatus::Replaced
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_latest_in_effect_holds_later_ones_wait() {
        let t = |h| Some(Utc.with_ymd_and_hms(2026, 12, 6, h, 0, 0).unwrap());
        let now = t(12).unwrap();
        let versions = [(3, t(18)), (2, t(10)), (1, t(8)), (0, None)];
        use VersionStatus::*;
        assert_eq!(statuses(&versions, now), vec![Scheduled, InEffect, Replaced, Replaced]);
        assert_eq!(statuses(&[(0, None)], now), vec![InEffect]);
        assert_eq!(statuses(&[(1, t(13)), (0, None)], now), vec![Scheduled, InEffect]);
        // Two changes for the same moment: the later one counts.
        assert_eq!(statuses(&[(2, t(9)), (1, t(9))], now), vec![InEffect, Replaced]);
    }
}
