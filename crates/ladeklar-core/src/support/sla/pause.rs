//! When an SLA lets a case's clock stand still. Waiting for the customer pauses the clock
//! only where the signed level allows it: never for the priorities it names (a safety
//! hazard's clock keeps running whatever support waits for), and never beyond the level's
//! most paused time in all for one case.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::support::priority::Priority;

/// A level's rule for pausing its clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PausePolicy {
    /// Priorities whose clocks never pause.
    #[serde(default = "only_p1")]
    pub never_for: Vec<Priority>,
    /// The most a case's clocks may stand still in all, minutes of wall time; absent: no
    /// limit.
    #[serde(default)]
    pub max_total_minutes: Option<u32>,
}

fn only_p1() -> Vec<Priority> {
    vec![Priority::P1]
}

impl Default for PausePolicy {
    /// A level that says nothing: P1's clock never pauses, others without a limit.
    fn default() -> Self {
        PausePolicy {
            never_for: only_p1(),
            max_total_minutes: None,
        }
    }
}

/// Why a pause is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum PauseRefused {
    #[error("a priority whose SLA clock may pause ({priority:?} cases' clocks never stop under this SLA)")]
    Priority { priority: Priority },
    #[error("paused time left under the SLA (this case has used its {max_minutes} minutes)")]
    Used { max_minutes: u32 },
}

impl PausePolicy {
    /// Whether a case of `priority` whose clocks have stood still for `paused` in all may
    /// pause again.
    pub fn allows(&self, priority: Priority, paused: Duration) -> Result<(), PauseRefused> {
        if self.never_for.contains(&priority) {
            return Err(PauseRefused::Priority { priority });
        }
        match self.max_total_minutes {
            Some(max) if paused >= Duration::minutes(max.into()) => Err(PauseRefused::Used { max_minutes: max }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_priority_never_pauses() {
        let p = PausePolicy::default();
        assert_eq!(
            p.allows(Priority::P1, Duration::zero()),
            Err(PauseRefused::Priority { priority: Priority::P1 })
        );
        assert_eq!(p.allows(Priority::P2, Duration::days(30)), Ok(()));
    }

    #[test]
    fn the_most_paused_time_is_a_budget() {
        let p = PausePolicy {
            never_for: vec![],
            max_total_minutes: Some(60),
        };
        assert_eq!(p.allows(Priority::P1, Duration::minutes(59)), Ok(()));
        assert_eq!(
            p.allows(Priority::P3, Duration::minutes(60)),
            Err(PauseRefused::Used { max_minutes: 60 })
        );
    }

    #[test]
    fn a_level_file_without_a_rule_gets_the_default() {
        let p: PausePolicy = serde_json::from_str("{}").unwrap();
        assert_eq!(p, PausePolicy::default());
    }
}
