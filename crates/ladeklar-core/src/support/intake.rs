//! A driver's fault report, before it is a case: its priority from the category and the
//! site's connectors ([`assess_report`]), and who a signed-in caller acts as on a case
//! ([`actor_for`]).
//!
//! The report's rules, in order:
//! 1. A cable stuck in the car is a driver stuck on site; physical damage is a safety hazard
//!    (core's [`assess_priority`] makes both P1).
//! 2. A category that stops charging (won't start, stopped during charging, cable stuck,
//!    charger offline, physical damage) counts the reported connector as down, beside the
//!    site's connectors already reported Faulted or Unavailable: all of them down is the
//!    site down. Slow charging, a failed payment and an unread RFID card are degraded; a
//!    display fault and "other" are cosmetic unless connectors are already down.

use serde::{Deserialize, Serialize};

use super::case::{Actor, CaseState, SupportLine};
use super::fault::ReportCategory;
use super::priority::{assess_priority, Impact, PriorityAssessment, Urgency};
use crate::accounts::{Principal, Role};
use crate::session::ConnectorStatus;

/// One connector of the site, as last reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteConnector {
    pub on_reported_charger: bool,
    pub connector_id: u32,
    pub status: ConnectorStatus,
}

fn stops_charging(category: ReportCategory) -> bool {
    use ReportCategory as C;
    matches!(
        category,
        C::WontStart | C::StoppedDuringCharging | C::CableStuck | C::ChargerOffline | C::PhysicalDamage
    )
}

/// The priority of a report of `category` on connector `reported` of a site whose
/// connectors are `site` (see the module documentation).
pub fn assess_report(category: ReportCategory, reported: u32, site: &[SiteConnector]) -> PriorityAssessment {
    let is_reported = |c: &SiteConnector| c.on_reported_charger && c.connector_id == reported;
    let total = u32::try_from(site.len()).unwrap_or(u32::MAX).max(1);
    let down = site
        .iter()
        .filter(|c| {
            matches!(c.status, ConnectorStatus::Faulted | ConnectorStatus::Unavailable)
                || (is_reported(c) && stops_charging(category))
        })
        .count();
    let mut down = u32::try_from(down).unwrap_or(u32::MAX);
    if stops_charging(category) && !site.iter().any(is_reported) {
        down = down.saturating_add(1);
    }
    let degraded = matches!(
        category,
        ReportCategory::SlowCharging | ReportCategory::PaymentFailed | ReportCategory::RfidNotRead
    );
    let urgency = match category {
        ReportCategory::CableStuck => Urgency::DriverStuck,
        ReportCategory::PhysicalDamage => Urgency::SafetyHazard,
        _ => Urgency::Normal,
    };
    assess_priority(Impact::from_connectors(total, down.min(total), degraded), urgency)
}

/// Who `caller` acts as on a case in `state`: the reporter as the driver (or site owner),
/// a support agent as the line that owns the case when they work that line (else their
/// first line, which the case engine's table then refuses by name), an admin as the owning
/// line. `None`: no part in the case (access refuses such callers first).
pub fn actor_for(caller: &Principal, is_reporter: bool, state: CaseState) -> Option<Actor> {
    let lines: Vec<SupportLine> = caller
        .roles
        .iter()
        .filter_map(|r| match r {
            Role::Support { line } => Some(*line),
            _ => None,
        })
        .collect();
    let owning = match state {
        CaseState::WaitingForCustomer => None,
        s => s.line(),
    };
    if let Some(line) = owning.filter(|l| lines.contains(l) || caller.is_admin()) {
        return Some(Actor::Agent(line));
    }
    if is_reporter {
        return Some(
            if caller.roles.iter().any(|r| matches!(r, Role::Owner { .. })) && !caller.has(&Role::Driver) {
                Actor::SiteOwner
            } else {
                Actor::Driver
            },
        );
    }
    if let Some(line) = lines.iter().min() {
        return Some(Actor::Agent(*line));
    }
    caller.is_admin().then_some(Actor::Agent(SupportLine::First))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::UserId;
    use crate::support::priority::Priority;

    fn site(statuses: &[ConnectorStatus]) -> Vec<SiteConnector> {
        statuses
            .iter()
            .enumerate()
            .map(|(i, s)| SiteConnector {
                on_reported_charger: true,
                connector_id: u32::try_from(i + 1).unwrap(),
                status: *s,
            })
            .collect()
    }

    #[test]
    fn report_priorities() {
        use ConnectorStatus::{Available as A, Faulted as F};
        use ReportCategory as C;
        let table = [
            (C::WontStart, vec![A, A], Priority::P2),
            (C::WontStart, vec![A], Priority::P1),
            (C::WontStart, vec![A, F], Priority::P1),
            (C::CableStuck, vec![A, A], Priority::P1),
            (C::PhysicalDamage, vec![A, A], Priority::P1),
            (C::SlowCharging, vec![A, A], Priority::P3),
            (C::DisplayFault, vec![A, A], Priority::P4),
            (C::DisplayFault, vec![A, F], Priority::P2),
        ];
        for (category, statuses, want) in table {
            let got = assess_report(category, 1, &site(&statuses));
            assert_eq!(got.priority, want, "{category:?} {statuses:?}: {}", got.reason);
        }
    }

    #[test]
    fn a_connector_the_site_does_not_list_still_counts() {
        let got = assess_report(ReportCategory::WontStart, 9, &site(&[ConnectorStatus::Available; 3]));
        assert_eq!(got.priority, Priority::P2);
    }

    #[test]
    fn actors() {
        let who = |roles: Vec<Role>| Principal {
            user_id: UserId(uuid::Uuid::from_u128(1)),
            roles,
        };
        let first = who(vec![Role::Support {
            line: SupportLine::First,
        }]);
        let both = who(vec![
            Role::Support {
                line: SupportLine::First,
            },
            Role::Support {
                line: SupportLine::Second,
            },
        ]);
        assert_eq!(
            actor_for(&first, false, CaseState::FirstLine),
            Some(Actor::Agent(SupportLine::First))
        );
        assert_eq!(
            actor_for(&first, false, CaseState::SecondLine),
            Some(Actor::Agent(SupportLine::First)),
            "the table then refuses 1st line on a 2nd line case"
        );
        assert_eq!(
            actor_for(&both, false, CaseState::SecondLine),
            Some(Actor::Agent(SupportLine::Second))
        );
        assert_eq!(
            actor_for(&who(vec![Role::Driver]), true, CaseState::AwaitingConfirmation),
            Some(Actor::Driver)
        );
        assert_eq!(actor_for(&who(vec![Role::Driver]), false, CaseState::FirstLine), None);
        assert_eq!(
            actor_for(&who(vec![Role::Admin]), false, CaseState::ThirdLine),
            Some(Actor::Agent(SupportLine::Third))
        );
    }
}
