//! Cases and work artefacts for the support engine's tests.

use chrono::{DateTime, Duration, TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::support::priority::Priority;
use crate::support::sla::{Country, Pause, SlaCatalog};

pub(crate) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
}

pub(crate) fn new_case() -> Case {
    Case::register(
        NewCase {
            id: CaseId(Uuid::from_u128(1)),
            channel: Channel::App,
            reporter: Customer {
                kind: CustomerKind::Driver,
                name: "Kari Nordmann".into(),
                contact: "+47 900 00 000".into(),
            },
            site: SiteRef {
                site_id: "site-1".into(),
                owner_id: "owner-1".into(),
                time_zone: chrono_tz::Europe::Oslo,
                country: Country::Norway,
            },
            charger_id: Some("CP-1".into()),
            connector_id: Some(1),
            description: "Charger shows a red light and will not start".into(),
            priority: Priority::P2,
            priority_reason: "some connectors at the site are down: P2".into(),
            sla_level: "Standard".into(),
        },
        &SlaCatalog::builtin(),
        t0(),
    )
    .unwrap()
}

pub(crate) fn passed() -> Verification {
    Verification {
        method: "StatusNotification Available within 5 minutes".into(),
        passed: true,
        evidence: "Available at 09:03".into(),
    }
}

pub(crate) fn proposal() -> ActionProposal {
    ActionProposal {
        summary: "Replace the RFID reader".into(),
        steps: vec!["Isolate the charger".into(), "Swap the reader".into()],
        parts: vec![PartLine {
            part: "RFID reader module".into(),
            quantity: 1,
        }],
        no_parts_needed: false,
        skills: vec![Skill("authorised electrician".into())],
        estimated_on_site_minutes: 90,
    }
}

pub(crate) fn visit() -> Visit {
    Visit {
        technician: "Ola".into(),
        starts_at: t0() + Duration::days(10),
        ends_at: t0() + Duration::days(10) + Duration::hours(2),
    }
}

pub(crate) fn report(passed_test: bool) -> WorkReport {
    WorkReport {
        summary: "Reader replaced".into(),
        parts_used: proposal().parts,
        photos: vec![],
        verification: Verification {
            passed: passed_test,
            ..passed()
        },
    }
}

/// A case in `state`, with what that state implies (a verified fix where one is due).
pub(crate) fn case_in(state: CaseState) -> Case {
    let mut c = new_case();
    c.state = state;
    if matches!(
        state,
        CaseState::WorkVerified | CaseState::AwaitingConfirmation | CaseState::Closed
    ) {
        c.resolution = Some(Resolution {
            kind: ResolutionKind::Remote,
            verification: passed(),
        });
        c.resolved_at = Some(t0());
        c.confirmation_requested_at = Some(t0());
    }
    if state == CaseState::Closed {
        c.closed_at = Some(t0());
    }
    if state == CaseState::WaitingForCustomer {
        c.resume_to = Some(CaseState::SecondLine);
        c.pauses.push(Pause {
            from: t0(),
            until: None,
        });
    }
    c
}
