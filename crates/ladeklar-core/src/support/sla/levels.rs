//! SLA levels as data: each level has a calendar and, per priority, a response, a
//! remote-resolution and an on-site target. The built-in levels (Basic, Standard, Premium)
//! are in `data/sla-levels.json`; operators can load their own with [`SlaCatalog::from_json`].
//!
//! What the targets mean (all counted in the level's calendar, from the case's opening,
//! with the clock stopped while waiting for the customer):
//! - response: a support agent has acted on the case;
//! - remote resolution: the remote phase is over — the fault is fixed remotely, or 2nd line
//!   has written a field action proposal. 1st line owns the first `first_line_share_percent`
//!   of this window; when that is used up the case escalates to 2nd line by itself;
//! - on site: for cases that need a field visit, the technician is on site.

use std::collections::BTreeMap;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::calendar::CalendarKind;
use crate::support::priority::Priority;

const BUILTIN_LEVELS: &str = include_str!("../../../data/sla-levels.json");

/// The targets of one priority, in working minutes of the level's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTargets {
    pub response_minutes: u32,
    pub remote_resolution_minutes: u32,
    pub on_site_minutes: u32,
}

impl SlaTargets {
    pub fn response(&self) -> Duration {
        Duration::minutes(self.response_minutes.into())
    }
    pub fn remote_resolution(&self) -> Duration {
        Duration::minutes(self.remote_resolution_minutes.into())
    }
    pub fn on_site(&self) -> Duration {
        Duration::minutes(self.on_site_minutes.into())
    }
}

/// One SLA level, as signed with a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaLevel {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub calendar: CalendarKind,
    /// The share (1–100) of the remote-resolution window that belongs to 1st line.
    pub first_line_share_percent: u8,
    pub targets: BTreeMap<Priority, SlaTargets>,
    /// When waiting for the customer may stop the clocks.
    #[serde(default)]
    pub pause: super::pause::PausePolicy,
}

impl SlaLevel {
    /// The targets for `priority` (every level has all four; checked when loaded).
    pub fn targets_for(&self, priority: Priority) -> Result<SlaTargets, SlaLevelError> {
        self.targets
            .get(&priority)
            .copied()
            .ok_or_else(|| SlaLevelError::MissingPriority {
                level: self.name.clone(),
                priority,
            })
    }

    /// 1st line's window: its share of the remote-resolution window.
    pub fn first_line_window(&self, priority: Priority) -> Result<Duration, SlaLevelError> {
        let t = self.targets_for(priority)?;
        Ok(Duration::minutes(
            i64::from(t.remote_resolution_minutes) * i64::from(self.first_line_share_percent) / 100,
        ))
    }

    fn validate(&self) -> Result<(), SlaLevelError> {
        let bad = |field: &str, why: &str| SlaLevelError::Invalid {
            level: self.name.clone(),
            field: field.to_string(),
            why: why.to_string(),
        };
        if self.name.trim().is_empty() {
            return Err(bad("name", "is empty"));
        }
        if !(1..=100).contains(&self.first_line_share_percent) {
            return Err(bad("first_line_share_percent", "must be 1–100"));
        }
        for p in Priority::ALL {
            let t = self.targets_for(p)?;
            let field = |f: &str| format!("targets.{p}.{f}");
            if t.response_minutes == 0 {
                return Err(bad(&field("response_minutes"), "must be more than zero"));
            }
            if t.remote_resolution_minutes < t.response_minutes {
                return Err(bad(
                    &field("remote_resolution_minutes"),
                    "must not be shorter than the response target",
                ));
            }
            if t.on_site_minutes < t.remote_resolution_minutes {
                return Err(bad(
                    &field("on_site_minutes"),
                    "must not be shorter than the remote-resolution target",
                ));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlaLevelError {
    #[error("unknown SLA level {name:?}; known levels: {known}")]
    UnknownLevel { name: String, known: String },
    #[error("SLA level {level:?} has no targets for {priority}")]
    MissingPriority { level: String, priority: Priority },
    #[error("SLA level {level:?}: {field} {why}")]
    Invalid { level: String, field: String, why: String },
    #[error("SLA level {0:?} is defined twice")]
    Duplicate(String),
    #[error("the SLA level file is not valid JSON for SLA levels: {0}")]
    Malformed(String),
}

/// A set of SLA levels, looked up by name (case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaCatalog {
    pub levels: Vec<SlaLevel>,
}

impl SlaCatalog {
    /// The built-in Basic, Standard and Premium levels.
    pub fn builtin() -> SlaCatalog {
        // The built-in file is checked by a test; if someone breaks it, fail loudly here.
        SlaCatalog::from_json(BUILTIN_LEVELS).expect("data/sla-levels.json is valid (tested)")
    }

    /// Parses and validates a level file (same shape as `data/sla-levels.json`).
    pub fn from_json(text: &str) -> Result<SlaCatalog, SlaLevelError> {
        let catalog: SlaCatalog = serde_json::from_str(text).map_err(|e| SlaLevelError::Malformed(e.to_string()))?;
        let mut seen = std::collections::BTreeSet::new();
        for level in &catalog.levels {
            level.validate()?;
            if !seen.insert(level.name.to_ascii_lowercase()) {
                return Err(SlaLevelError::Duplicate(level.name.clone()));
            }
        }
        Ok(catalog)
    }

    pub fn get(&self, name: &str) -> Result<&SlaLevel, SlaLevelError> {
        self.levels
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| SlaLevelError::UnknownLevel {
                name: name.to_string(),
                known: self
                    .levels
                    .iter()
                    .map(|l| l.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_levels_load() {
        let c = SlaCatalog::builtin();
        let names: Vec<_> = c.levels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Basic", "Standard", "Premium"]);
        assert_eq!(
            c.get("premium")
                .unwrap()
                .targets_for(Priority::P1)
                .unwrap()
                .response_minutes,
            15
        );
        assert_eq!(c.get("Basic").unwrap().calendar, CalendarKind::BusinessHours);
        assert_eq!(
            c.get("Premium").unwrap().first_line_window(Priority::P1).unwrap(),
            Duration::minutes(30)
        );
    }

    #[test]
    fn unknown_level_names_the_known_ones() {
        let err = SlaCatalog::builtin().get("Gold").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown SLA level \"Gold\"; known levels: Basic, Standard, Premium"
        );
    }

    #[test]
    fn bad_level_files_say_what_is_wrong() {
        let ok = r#"{"response_minutes":10,"remote_resolution_minutes":20,"on_site_minutes":30}"#;
        let level = |name: &str, share: u8, p1: &str| {
            format!(
                r#"{{"name":"{name}","calendar":"24x7","first_line_share_percent":{share},"targets":{{"P1":{p1},"P2":{ok},"P3":{ok},"P4":{ok}}}}}"#
            )
        };
        let file = |levels: Vec<String>| format!(r#"{{"levels":[{}]}}"#, levels.join(","));
        assert!(SlaCatalog::from_json(&file(vec![level("X", 50, ok)])).is_ok());
        let cases = [
            (file(vec![level("X", 0, ok)]), "first_line_share_percent must be 1–100"),
            (
                file(vec![level(
                    "X",
                    50,
                    r#"{"response_minutes":0,"remote_resolution_minutes":20,"on_site_minutes":30}"#,
                )]),
                "targets.P1.response_minutes must be more than zero",
            ),
            (
                file(vec![level(
                    "X",
                    50,
                    r#"{"response_minutes":10,"remote_resolution_minutes":20,"on_site_minutes":5}"#,
                )]),
                "targets.P1.on_site_minutes",
            ),
            (file(vec![level("X", 50, ok), level("x", 50, ok)]), "defined twice"),
            ("{".to_string(), "not valid JSON"),
            (
                r#"{"levels":[{"name":"X","calendar":"24x7","first_line_share_percent":50,"targets":{}}]}"#.to_string(),
                "no targets for P1",
            ),
        ];
        for (text, want) in cases {
            let err = SlaCatalog::from_json(&text).unwrap_err().to_string();
            assert!(err.contains(want), "{err:?} should contain {want:?}");
        }
    }
}
