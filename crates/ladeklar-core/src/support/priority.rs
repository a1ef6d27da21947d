//! Case priority, P1–P4, from impact and urgency. The rule is written once, in
//! [`assess_priority`], and explains itself in words.
//!
//! The rule, in order:
//! 1. A safety hazard (exposed live parts, smoke, a damaged cable) is P1.
//! 2. A driver stuck on site (the cable is locked in the car) is P1: a person is waiting.
//! 3. Otherwise the impact sets the priority: a whole site down is P1, one or more (but not
//!    all) connectors down is P2, a charger that still charges but is degraded is P3, a
//!    cosmetic fault is P4.
//! 4. A driver waiting on site to charge raises the priority one step, but not above P2.

use serde::{Deserialize, Serialize};

/// How urgent a case is: P1 is the most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    P1,
    P2,
    P3,
    P4,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::P1, Priority::P2, Priority::P3, Priority::P4];

    /// One step more urgent (P1 stays P1).
    pub fn raised(self) -> Priority {
        match self {
            Priority::P1 | Priority::P2 => Priority::P1,
            Priority::P3 => Priority::P2,
            Priority::P4 => Priority::P3,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
            Priority::P4 => "P4",
        }
    }
}

impl std::fmt::Display for Priority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The priority was not one of P1–P4.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown priority {0:?}: expected P1, P2, P3 or P4")]
pub struct UnknownPriority(pub String);

impl std::str::FromStr for Priority {
    type Err = UnknownPriority;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "P1" | "1" => Ok(Priority::P1),
            "P2" | "2" => Ok(Priority::P2),
            "P3" | "3" => Ok(Priority::P3),
            "P4" | "4" => Ok(Priority::P4),
            _ => Err(UnknownPriority(s.to_string())),
        }
    }
}

/// What the fault does to charging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// No connector at the site can charge.
    SiteDown,
    /// Some, but not all, connectors at the site cannot charge.
    ConnectorsDown,
    /// The charger charges, but badly (slow, intermittent, a payment method or reader fails).
    Degraded,
    /// Charging works; the fault is cosmetic (display, label, housing).
    Cosmetic,
}

impl Impact {
    /// The impact from the site's connector counts. A site whose only connector is down is down.
    pub fn from_connectors(total: u32, down: u32, degraded: bool) -> Impact {
        if total > 0 && down >= total {
            Impact::SiteDown
        } else if down > 0 {
            Impact::ConnectorsDown
        } else if degraded {
            Impact::Degraded
        } else {
            Impact::Cosmetic
        }
    }
}

/// Who is waiting, and how badly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Nobody is waiting on site.
    Normal,
    /// A driver is on site and wants to charge.
    DriverWaiting,
    /// A driver cannot leave: the cable is locked in the car.
    DriverStuck,
    /// Someone could get hurt.
    SafetyHazard,
}

/// The priority and the rule that gave it, in words (for support and the case history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityAssessment {
    pub priority: Priority,
    pub reason: String,
}

/// The one priority rule (see the module documentation).
pub fn assess_priority(impact: Impact, urgency: Urgency) -> PriorityAssessment {
    let (priority, reason) = match urgency {
        Urgency::SafetyHazard => (Priority::P1, "a safety hazard is always P1".to_string()),
        Urgency::DriverStuck => (
            Priority::P1,
            "a driver is stuck on site (cable locked in the car): P1".to_string(),
        ),
        Urgency::Normal | Urgency::DriverWaiting => {
            let (base, why) = match impact {
                Impact::SiteDown => (Priority::P1, "the whole site is down: P1"),
                Impact::ConnectorsDown => (Priority::P2, "some connectors at the site are down: P2"),
                Impact::Degraded => (Priority::P3, "the charger charges but is degraded: P3"),
                Impact::Cosmetic => (Priority::P4, "the fault is cosmetic: P4"),
            };
            if urgency == Urgency::DriverWaiting && base > Priority::P2 {
                let raised = base.raised().max(Priority::P2);
                (
                    raised,
                    format!("{why}, raised to {raised} because a driver is waiting on site"),
                )
            } else {
                (base, why.to_string())
            }
        }
    };
    PriorityAssessment { priority, reason }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Impact as I;
    use Priority as P;
    use Urgency as U;

    #[test]
    fn every_priority_rule() {
        #[rustfmt::skip]
        let table = [
            (I::SiteDown, U::Normal, P::P1),
            (I::ConnectorsDown, U::Normal, P::P2),
            (I::Degraded, U::Normal, P::P3),
            (I::Cosmetic, U::Normal, P::P4),
            (I::SiteDown, U::DriverWaiting, P::P1),
            (I::ConnectorsDown, U::DriverWaiting, P::P2),
            (I::Degraded, U::DriverWaiting, P::P2),
            (I::Cosmetic, U::DriverWaiting, P::P3),
            (I::SiteDown, U::DriverStuck, P::P1),
            (I::ConnectorsDown, U::DriverStuck, P::P1),
            (I::Degraded, U::DriverStuck, P::P1),
            (I::Cosmetic, U::DriverStuck, P::P1),
            (I::SiteDown, U::SafetyHazard, P::P1),
            (I::ConnectorsDown, U::SafetyHazard, P::P1),
            (I::Degraded, U::SafetyHazard, P::P1),
            (I::Cosmetic, U::SafetyHazard, P::P1),
        ];
        for (impact, urgency, want) in table {
            let got = assess_priority(impact, urgency);
            assert_eq!(got.priority, want, "{impact:?} {urgency:?}: {}", got.reason);
            assert!(
                got.reason.contains(want.as_str()),
                "reason names the priority: {}",
                got.reason
            );
        }
    }

    #[test]
    fn impact_from_connector_counts() {
        assert_eq!(Impact::from_connectors(1, 1, false), I::SiteDown);
        assert_eq!(Impact::from_connectors(4, 4, true), I::SiteDown);
        assert_eq!(Impact::from_connectors(4, 1, false), I::ConnectorsDown);
        assert_eq!(Impact::from_connectors(4, 0, true), I::Degraded);
        assert_eq!(Impact::from_connectors(4, 0, false), I::Cosmetic);
        assert_eq!(Impact::from_connectors(0, 0, false), I::Cosmetic);
    }

    #[test]
    fn parses_priorities() {
        assert_eq!("p2".parse::<Priority>(), Ok(P::P2));
        assert_eq!("1".parse::<Priority>(), Ok(P::P1));
        assert!("P5".parse::<Priority>().is_err());
    }
}
