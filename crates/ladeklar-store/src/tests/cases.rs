//! Cases: opened with their timeline, written once per version, SLA actions taken once, the
//! queue's order, photos within the case's rule.

use chrono::{Duration, TimeZone, Utc};
use ladeklar_core::support::case::{Actor, Case, CaseEvent, CaseId, Channel, Customer, CustomerKind, NewCase, SiteRef};
use ladeklar_core::support::priority::Priority;
use ladeklar_core::support::sla::{Country, SlaCatalog};

use super::{charger_with, fresh_store};
use crate::{CaseSchedule, CaseWriteOutcome, NewCaseRow, NewTimelineEntry, PhotoRow, QueueFilter};

fn new_case(n: u128, priority: Priority) -> Case {
    let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
    Case::register(
        NewCase {
            id: CaseId(uuid::Uuid::from_u128(n)),
            channel: Channel::App,
            reporter: Customer {
                kind: CustomerKind::Driver,
                name: "Kari".into(),
                contact: "kari@example.no".into(),
            },
            site: SiteRef {
                site_id: "site".into(),
                owner_id: "owner".into(),
                time_zone: chrono_tz::Europe::Oslo,
                country: Country::Norway,
            },
            charger_id: Some("CP-1".into()),
            connector_id: Some(1),
            description: "will not start".into(),
            priority,
            priority_reason: "test".into(),
            sla_level: "Standard".into(),
        },
        &SlaCatalog::builtin(),
        t0,
    )
    .unwrap()
}

fn entry(text: &str) -> NewTimelineEntry {
    NewTimelineEntry {
        at: Utc::now(),
        kind: "transition",
        actor: "system".into(),
        for_driver: true,
        text: text.into(),
        data: None,
    }
}

#[tokio::test]
async fn a_case_is_written_once_per_version_and_an_sla_action_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    charger_with(&store, 2).await;
    let mut case = new_case(1, Priority::P2);
    let due = Utc::now() + Duration::hours(1);
    let schedule = CaseSchedule {
        due_at: Some(due),
        next_check_at: Some(due),
    };
    let number = store
        .open_case(
            &NewCaseRow {
                case: &case,
                reporter: None,
                session_id: None,
                category: "wont_start",
                schedule: schedule.clone(),
                diagnosis_json: None,
            },
            &[entry("opened")],
        )
        .await
        .unwrap();
    assert_eq!(number, 1);
    let row = store.case_row(&case.id.to_string()).await.unwrap().unwrap();
    assert_eq!(
        (row.state.as_str(), row.line.as_deref(), row.version),
        ("registered", Some("first"), 0)
    );
    assert_eq!(row.case().unwrap(), case);

    case.apply(Actor::System, CaseEvent::Accept, case.opened_at).unwrap();
    let write = |version, key: Option<&'static str>| {
        let (store, case, schedule) = (store.clone(), case.clone(), schedule.clone());
        async move {
            store
                .write_case(&case, version, &schedule, None, &[entry("accepted")], key, Utc::now())
                .await
                .unwrap()
        }
    };
    assert_eq!(write(0, Some("k1")).await, CaseWriteOutcome::Written);
    assert_eq!(write(0, None).await, CaseWriteOutcome::Stale, "read at an old version");
    assert_eq!(write(1, Some("k1")).await, CaseWriteOutcome::AlreadyTaken);
    assert!(store.sla_action_taken("k1").await.unwrap());
    let row = store.case_row(&case.id.to_string()).await.unwrap().unwrap();
    assert_eq!((row.state.as_str(), row.version), ("first_line", 1));
    let timeline = store.case_timeline(&row.id, true).await.unwrap();
    let texts: Vec<_> = timeline.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["opened", "accepted"]);
    store.close().await;
}

#[tokio::test]
async fn the_queue_is_by_due_time_and_photos_follow_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    charger_with(&store, 2).await;
    let now = Utc::now();
    for (n, due) in [(1, Some(3)), (2, None), (3, Some(1)), (4, Some(2))] {
        let case = new_case(n, Priority::P3);
        store
            .open_case(
                &NewCaseRow {
                    case: &case,
                    reporter: None,
                    session_id: None,
                    category: "other",
                    schedule: CaseSchedule {
                        due_at: due.map(|h| now + Duration::hours(h)),
                        next_check_at: None,
                    },
                    diagnosis_json: None,
                },
                &[],
            )
            .await
            .unwrap();
    }
    let queue = store
        .case_queue(&QueueFilter {
            open_only: true,
            limit: 50,
            ..QueueFilter::default()
        })
        .await
        .unwrap();
    let numbers: Vec<_> = queue.iter().map(|c| c.number).collect();
    assert_eq!(numbers, [3, 4, 1, 2]);
    let filtered = store
        .case_queue(&QueueFilter {
            priority: Some("P1".into()),
            limit: 50,
            ..QueueFilter::default()
        })
        .await
        .unwrap();
    assert!(filtered.is_empty());

    let case_id = uuid::Uuid::from_u128(1).to_string();
    let photo = |i: u32| PhotoRow {
        id: format!("p{i}"),
        case_id: case_id.clone(),
        content_type: "image/jpeg".into(),
        bytes: 10,
        width: 1,
        height: 1,
        object_key: format!("k{i}"),
        thumb_key: format!("t{i}"),
        uploaded_at: crate::instant_str(now),
        uploaded_by: None,
    };
    assert!(store
        .add_case_photo(&photo(1), &entry("photo"), |n| n < 1, now)
        .await
        .unwrap());
    assert!(!store
        .add_case_photo(&photo(2), &entry("photo"), |n| n < 1, now)
        .await
        .unwrap());
    assert_eq!(store.case_photos(&case_id).await.unwrap().len(), 1);
    assert_eq!(store.case_timeline(&case_id, false).await.unwrap().len(), 1);
    store.close().await;
}
