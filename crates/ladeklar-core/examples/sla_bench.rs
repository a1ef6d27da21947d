//! The SLA job's rule cost at scale (issue 15): core's `due_actions` (what the server's SLA
//! job asks per due case) and `case_sla_status` (the queue's due time and the support view's
//! clocks) over N open cases (default 10,000) spread over the lines, priorities, the three
//! built-in levels (24/7 and business hours with holidays) and a week of opening times.
//!
//! `cargo run --profile bench-server -p ladeklar-core --example sla_bench [N]`

// A benchmark reads the clock; the library never does (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use ladeklar_core::support::case::{
    Actor, Case, CaseEvent, CaseId, Channel, Customer, CustomerKind, NewCase, SiteRef, SupportLine,
};
use ladeklar_core::support::case_sla::{calendar_for, case_sla_status};
use ladeklar_core::support::escalation::due_actions;
use ladeklar_core::support::priority::Priority;
use ladeklar_core::support::sla::{Country, SlaCatalog};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let catalog = SlaCatalog::builtin();
    let levels = ["Basic", "Standard", "Premium"];
    let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 7, 0, 0).unwrap();
    let now = t0 + Duration::days(7);
    let mut cases = Vec::with_capacity(n);
    for i in 0..n {
        let opened = t0 + Duration::minutes((i * 53 % (7 * 24 * 60)) as i64);
        let mut case = Case::register(
            NewCase {
                id: CaseId(uuid::Uuid::from_u128(i as u128 + 1)),
                channel: Channel::App,
                reporter: Customer {
                    kind: CustomerKind::Driver,
                    name: "Driver".into(),
                    contact: "driver@example.no".into(),
                },
                site: SiteRef {
                    site_id: format!("site-{}", i % 97),
                    owner_id: format!("owner-{}", i % 7),
                    time_zone: if i % 3 == 0 {
                        chrono_tz::Europe::Stockholm
                    } else {
                        chrono_tz::Europe::Oslo
                    },
                    country: if i % 3 == 0 { Country::Sweden } else { Country::Norway },
                },
                charger_id: Some(format!("CP-{i}")),
                connector_id: Some(1),
                description: "will not start".into(),
                priority: Priority::ALL[i % 4],
                priority_reason: "bench".into(),
                sla_level: levels[i % 3].into(),
            },
            &catalog,
            opened,
        )
        .expect("registered");
        case.apply(Actor::System, CaseEvent::Accept, opened).expect("accepted");
        if i % 2 == 1 {
            case.apply(
                Actor::Agent(SupportLine::First),
                CaseEvent::EscalateToSecondLine { reason: "bench".into() },
                opened + Duration::minutes(30),
            )
            .expect("escalated");
        }
        cases.push(case);
    }
    let mut due = 0;
    let start = Instant::now();
    for case in &cases {
        let level = catalog.get(&case.sla_level).expect("level");
        let calendar = calendar_for(case, level);
        due += due_actions(case, level, &calendar, None, now).expect("plan").due.len();
    }
    let plans = start.elapsed();
    let start = Instant::now();
    let mut clocks = 0;
    for case in &cases {
        let level = catalog.get(&case.sla_level).expect("level");
        let calendar = calendar_for(case, level);
        clocks += case_sla_status(case, level, &calendar, now).expect("clocks").len();
    }
    let statuses = start.elapsed();
    println!("{n} open cases, {due} due actions, {clocks} clocks");
    println!(
        "due_actions over all: {:.1} ms ({:.1} µs a case)",
        plans.as_secs_f64() * 1e3,
        plans.as_secs_f64() * 1e6 / n as f64
    );
    println!(
        "case_sla_status over all: {:.1} ms ({:.1} µs a case)",
        statuses.as_secs_f64() * 1e3,
        statuses.as_secs_f64() * 1e6 / n as f64
    );
}
