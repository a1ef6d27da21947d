//! The access table, exhaustively: every action × every kind of caller × every object it
//! applies to (the caller's own, at the caller's owner's site, another's, anonymous).

use proptest::prelude::*;

use super::*;
use crate::accounts::role::{Role, SupportLine};

fn me() -> UserId {
    UserId(uuid::Uuid::from_u128(1))
}

fn someone_else() -> UserId {
    UserId(uuid::Uuid::from_u128(2))
}

fn owner(id: &str) -> OwnerId {
    OwnerId(id.into())
}

/// The callers, in the table's column order. Every signed-in one is user `me()`; the owner
/// belongs to owner `o-1`.
fn callers() -> Vec<(&'static str, Option<Principal>)> {
    let with = |roles: Vec<Role>| Some(Principal { user_id: me(), roles });
    vec![
        ("anonymous", None),
        ("driver", with(vec![Role::Driver])),
        ("technician", with(vec![Role::Technician])),
        ("owner", with(vec![Role::Owner { owner_id: owner("o-1") }])),
        (
            "support 1",
            with(vec![Role::Support {
                line: SupportLine::First,
            }]),
        ),
        (
            "support 2",
            with(vec![Role::Support {
                line: SupportLine::Second,
            }]),
        ),
        (
            "support 3",
            with(vec![Role::Support {
                line: SupportLine::Third,
            }]),
        ),
        ("admin", with(vec![Role::Admin])),
    ]
}

fn object(name: &str) -> ObjectOwner {
    match name {
        "platform" => ObjectOwner::Platform,
        "my site's charger" => ObjectOwner::Charger {
            site_owner: owner("o-1"),
        },
        "other charger" => ObjectOwner::Charger {
            site_owner: owner("o-2"),
        },
        "my session" => ObjectOwner::Session {
            driver: Some(me()),
            site_owner: owner("o-2"),
        },
        "session at my site" => ObjectOwner::Session {
            driver: Some(someone_else()),
            site_owner: owner("o-1"),
        },
        "another's session" => ObjectOwner::Session {
            driver: Some(someone_else()),
            site_owner: owner("o-2"),
        },
        "anonymous session" => ObjectOwner::Session {
            driver: None,
            site_owner: owner("o-2"),
        },
        "my case" => ObjectOwner::Case {
            reporter: Some(me()),
            site_owner: owner("o-2"),
        },
        "case at my site" => ObjectOwner::Case {
            reporter: Some(someone_else()),
            site_owner: owner("o-1"),
        },
        "another's case" => ObjectOwner::Case {
            reporter: Some(someone_else()),
            site_owner: owner("o-2"),
        },
        "phoned-in case" => ObjectOwner::Case {
            reporter: None,
            site_owner: owner("o-2"),
        },
        "my site" => ObjectOwner::Site {
            site_owner: owner("o-1"),
        },
        "other site" => ObjectOwner::Site {
            site_owner: owner("o-2"),
        },
        "my owner" => ObjectOwner::Owner { owner: owner("o-1") },
        "other owner" => ObjectOwner::Owner { owner: owner("o-2") },
        "my work order" => ObjectOwner::WorkOrder {
            technician: me(),
            site_owner: owner("o-1"),
        },
        "another's work order" => ObjectOwner::WorkOrder {
            technician: someone_else(),
            site_owner: owner("o-1"),
        },
        "my account" => ObjectOwner::Account { user: me() },
        "another's account" => ObjectOwner::Account { user: someone_else() },
        other => panic!("no object {other}"),
    }
}

/// The objects each action is asked about.
fn objects_of(action: Action) -> &'static [&'static str] {
    use Action::*;
    match action {
        ListChargers | ListQuarantine | ListStuckSessions => &["platform"],
        ShowCharger | StartSession | SendChargerCommand | ReadChargerLog => &["my site's charger", "other charger"],
        ShowSession | FollowSession | StopSession | ReadReceipt => &[
            "my session",
            "session at my site",
            "another's session",
            "anonymous session",
        ],
        ManageUsers | ChangeRoles | ReadAuditLog => &["platform", "another's account"],
        ReadAccountData | DeleteAccount | ManagePaymentMethods | ManageFavourites => {
            &["my account", "another's account"]
        }
        ReportFault | ListOwnCases => &["platform"],
        ShowCase | AddCasePhoto | AnswerCase => &["my case", "case at my site", "another's case", "phoned-in case"],
        WorkCase => &["platform", "another's case"],
        ReadPrices => &[
            "platform",
            "my site",
            "other site",
            "my site's charger",
            "other charger",
        ],
        SetPrice => &["my site", "other site", "my site's charger", "other charger"],
        ReadOwnerPortal | IssueStatements | MarkPayoutPaid => &["my owner", "other owner"],
        RefundPayment => &["my session", "session at my site", "another's session"],
        ScheduleVisit => &["another's case", "case at my site"],
        ListWorkOrders => &["platform"],
        WorkOnSite => &["my work order", "another's work order"],
        ReadServiceCard => &["my site", "other site"],
        ReadSlaReport => &["platform", "my site", "other site"],
    }
}

/// Y allowed, S sign-in required, F forbidden; columns as in [`callers`]:
/// anonymous, driver, technician, owner (of o-1), support 1st, 2nd, 3rd line, admin.
#[rustfmt::skip]
const TABLE: &[(Action, &str, &str)] = &[
    (Action::ListChargers,       "platform",           "Y Y Y Y Y Y Y Y"),
    (Action::ShowCharger,        "my site's charger",  "Y Y Y Y Y Y Y Y"),
    (Action::ShowCharger,        "other charger",      "Y Y Y Y Y Y Y Y"),
    (Action::StartSession,       "my site's charger",  "Y Y Y Y Y Y Y Y"),
    (Action::StartSession,       "other charger",      "Y Y Y Y Y Y Y Y"),
    (Action::ShowSession,        "my session",         "S Y Y Y Y Y Y Y"),
    (Action::ShowSession,        "session at my site", "S F F Y Y Y Y Y"),
    (Action::ShowSession,        "another's session",  "S F F F Y Y Y Y"),
    (Action::ShowSession,        "anonymous session",  "Y Y Y Y Y Y Y Y"),
    (Action::FollowSession,      "my session",         "S Y Y Y Y Y Y Y"),
    (Action::FollowSession,      "session at my site", "S F F Y Y Y Y Y"),
    (Action::FollowSession,      "another's session",  "S F F F Y Y Y Y"),
    (Action::FollowSession,      "anonymous session",  "Y Y Y Y Y Y Y Y"),
    (Action::ReadReceipt,        "my session",         "S Y Y Y Y Y Y Y"),
    (Action::ReadReceipt,        "session at my site", "S F F Y Y Y Y Y"),
    (Action::ReadReceipt,        "another's session",  "S F F F Y Y Y Y"),
    (Action::ReadReceipt,        "anonymous session",  "Y Y Y Y Y Y Y Y"),
    (Action::StopSession,        "my session",         "S Y Y Y Y Y Y Y"),
    (Action::StopSession,        "session at my site", "S F F F Y Y Y Y"),
    (Action::StopSession,        "another's session",  "S F F F Y Y Y Y"),
    (Action::StopSession,        "anonymous session",  "Y Y Y Y Y Y Y Y"),
    (Action::SendChargerCommand, "my site's charger",  "S F F F Y Y Y Y"),
    (Action::SendChargerCommand, "other charger",      "S F F F Y Y Y Y"),
    (Action::ReadChargerLog,     "my site's charger",  "S F F F Y Y Y Y"),
    (Action::ReadChargerLog,     "other charger",      "S F F F Y Y Y Y"),
    (Action::ListQuarantine,     "platform",           "S F F F Y Y Y Y"),
    (Action::ListStuckSessions,  "platform",           "S F F F Y Y Y Y"),
    (Action::ManageUsers,        "platform",           "S F F F F F F Y"),
    (Action::ManageUsers,        "another's account",  "S F F F F F F Y"),
    (Action::ChangeRoles,        "platform",           "S F F F F F F Y"),
    (Action::ChangeRoles,        "another's account",  "S F F F F F F Y"),
    (Action::ReadAuditLog,       "platform",           "S F F F F F F Y"),
    (Action::ReadAuditLog,       "another's account",  "S F F F F F F Y"),
    (Action::ReadAccountData,    "my account",         "S Y Y Y Y Y Y Y"),
    (Action::ReadAccountData,    "another's account",  "S F F F F F F F"),
    (Action::DeleteAccount,      "my account",         "S Y Y Y Y Y Y Y"),
    (Action::DeleteAccount,      "another's account",  "S F F F F F F F"),
    (Action::ManagePaymentMethods, "my account",       "S Y Y Y Y Y Y Y"),
    (Action::ManagePaymentMethods, "another's account", "S F F F F F F F"),
    (Action::ReportFault,        "platform",           "S Y Y Y Y Y Y Y"),
    (Action::ListOwnCases,       "platform",           "S Y Y Y Y Y Y Y"),
    (Action::ShowCase,           "my case",            "S Y Y Y Y Y Y Y"),
    (Action::ShowCase,           "case at my site",    "S F F Y Y Y Y Y"),
    (Action::ShowCase,           "another's case",     "S F F F Y Y Y Y"),
    (Action::ShowCase,           "phoned-in case",     "S F F F Y Y Y Y"),
    (Action::AddCasePhoto,       "my case",            "S Y Y Y Y Y Y Y"),
    (Action::AddCasePhoto,       "case at my site",    "S F F F Y Y Y Y"),
    (Action::AddCasePhoto,       "another's case",     "S F F F Y Y Y Y"),
    (Action::AddCasePhoto,       "phoned-in case",     "S F F F Y Y Y Y"),
    (Action::AnswerCase,         "my case",            "S Y Y Y Y Y Y Y"),
    (Action::AnswerCase,         "case at my site",    "S F F F Y Y Y Y"),
    (Action::AnswerCase,         "another's case",     "S F F F Y Y Y Y"),
    (Action::AnswerCase,         "phoned-in case",     "S F F F Y Y Y Y"),
    (Action::WorkCase,           "platform",           "S F F F Y Y Y Y"),
    (Action::WorkCase,           "another's case",     "S F F F Y Y Y Y"),
    (Action::ManageFavourites,   "my account",         "S Y Y Y Y Y Y Y"),
    (Action::ManageFavourites,   "another's account",  "S F F F F F F F"),
    (Action::ReadPrices,         "platform",           "S F F Y F F F Y"),
    (Action::ReadPrices,         "my site",            "S F F Y F F F Y"),
    (Action::ReadPrices,         "other site",         "S F F F F F F Y"),
    (Action::ReadPrices,         "my site's charger",  "S F F Y F F F Y"),
    (Action::ReadPrices,         "other charger",      "S F F F F F F Y"),
    (Action::SetPrice,           "my site",            "S F F Y F F F Y"),
    (Action::SetPrice,           "other site",         "S F F F F F F Y"),
    (Action::SetPrice,           "my site's charger",  "S F F Y F F F Y"),
    (Action::SetPrice,           "other charger",      "S F F F F F F Y"),
    (Action::ReadOwnerPortal,    "my owner",           "S F F Y F F F Y"),
    (Action::ReadOwnerPortal,    "other owner",        "S F F F F F F Y"),
    (Action::IssueStatements,    "my owner",           "S F F Y F F F Y"),
    (Action::IssueStatements,    "other owner",        "S F F F F F F Y"),
    (Action::MarkPayoutPaid,     "my owner",           "S F F F F F F Y"),
    (Action::MarkPayoutPaid,     "other owner",        "S F F F F F F Y"),
    (Action::RefundPayment,      "my session",         "S F F F Y Y Y Y"),
    (Action::RefundPayment,      "session at my site", "S F F F Y Y Y Y"),
    (Action::RefundPayment,      "another's session",  "S F F F Y Y Y Y"),
    (Action::ScheduleVisit,      "another's case",     "S F F F Y Y Y Y"),
    (Action::ScheduleVisit,      "case at my site",    "S F F F Y Y Y Y"),
    (Action::ListWorkOrders,     "platform",           "S F Y F Y Y Y Y"),
    (Action::WorkOnSite,         "my work order",      "S F Y F F F F Y"),
    (Action::WorkOnSite,         "another's work order", "S F F F F F F Y"),
    (Action::ReadServiceCard,    "my site",            "S F Y Y Y Y Y Y"),
    (Action::ReadServiceCard,    "other site",         "S F Y F Y Y Y Y"),
    (Action::ReadSlaReport,      "platform",           "S F F F Y Y Y Y"),
    (Action::ReadSlaReport,      "my site",            "S F F Y Y Y Y Y"),
    (Action::ReadSlaReport,      "other site",         "S F F F Y Y Y Y"),
];

fn verdict(r: &Result<(), AccessDenied>) -> &'static str {
    match r {
        Ok(()) => "Y",
        Err(AccessDenied::SignInRequired) => "S",
        Err(AccessDenied::Forbidden { .. }) => "F",
    }
}

#[test]
fn the_table_covers_every_action_and_object() {
    let mut expected: Vec<(Action, &str)> = Action::ALL
        .iter()
        .flat_map(|&a| objects_of(a).iter().map(move |&o| (a, o)))
        .collect();
    let mut rows: Vec<(Action, &str)> = TABLE.iter().map(|&(a, o, _)| (a, o)).collect();
    let key = |&(a, o): &(Action, &str)| (format!("{a:?}"), o.to_owned());
    expected.sort_by_key(key);
    rows.sort_by_key(key);
    assert_eq!(rows, expected);
}

#[test]
fn every_caller_gets_what_the_table_says() {
    let callers = callers();
    let mut wrong = Vec::new();
    for &(action, object_name, row) in TABLE {
        let want: Vec<&str> = row.split(' ').collect();
        assert_eq!(want.len(), callers.len(), "{action:?} {object_name}");
        for ((who_name, who), want) in callers.iter().zip(want) {
            let got = authorize(who.as_ref(), action, &object(object_name));
            if verdict(&got) != want {
                wrong.push(format!(
                    "{action:?} on {object_name} by {who_name}: want {want}, got {got:?}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_object_of_the_wrong_kind_is_refused_even_to_admins() {
    let admin = Principal {
        user_id: me(),
        roles: vec![Role::Admin],
    };
    for action in [Action::ShowSession, Action::StopSession, Action::ReadAccountData] {
        assert!(matches!(
            authorize(Some(&admin), action, &ObjectOwner::Platform),
            Err(AccessDenied::Forbidden { .. })
        ));
        assert_eq!(
            authorize(None, action, &ObjectOwner::Platform),
            Err(AccessDenied::SignInRequired)
        );
    }
}

#[test]
fn refusals_say_why() {
    let driver = Principal {
        user_id: me(),
        roles: vec![Role::Driver],
    };
    let err = authorize(Some(&driver), Action::ReadChargerLog, &object("other charger")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not allowed: charger operations, logs, quarantine and stuck sessions are for support and admins"
    );
    assert_eq!(AccessDenied::SignInRequired.to_string(), "sign in to do this");
}

fn any_role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Driver),
        Just(Role::Technician),
        Just(Role::Owner { owner_id: owner("o-1") }),
        Just(Role::Owner { owner_id: owner("o-2") }),
        Just(Role::Support {
            line: SupportLine::First
        }),
        Just(Role::Support {
            line: SupportLine::Second
        }),
        Just(Role::Support {
            line: SupportLine::Third
        }),
        Just(Role::Admin),
    ]
}

fn any_object() -> impl Strategy<Value = ObjectOwner> {
    prop::sample::select(vec![
        "platform",
        "my site's charger",
        "other charger",
        "my session",
        "session at my site",
        "another's session",
        "anonymous session",
        "my case",
        "case at my site",
        "another's case",
        "phoned-in case",
        "my site",
        "other site",
        "my account",
        "another's account",
        "my owner",
        "other owner",
        "my site",
        "other site",
        "my work order",
        "another's work order",
    ])
    .prop_map(object)
}

proptest! {
    /// Roles add up: a user with several roles may do exactly what one of them (or being the
    /// object's own user, with no role at all) allows.
    #[test]
    fn several_roles_allow_the_union_of_each(
        roles in prop::collection::vec(any_role(), 0..4),
        action in prop::sample::select(Action::ALL.to_vec()),
        object in any_object(),
    ) {
        let single = |roles: Vec<Role>| authorize(Some(&Principal { user_id: me(), roles }), action, &object).is_ok();
        let combined = single(roles.clone());
        let any_one = single(vec![]) || roles.iter().any(|r| single(vec![r.clone()]));
        prop_assert_eq!(combined, any_one);
    }
}

#[test]
fn a_cases_photos_are_seen_by_whoever_sees_the_case_or_reads_its_sites_service_card() {
    let another_drivers_case = ObjectOwner::Case {
        reporter: Some(someone_else()),
        site_owner: owner("o-2"),
    };
    let callers: std::collections::HashMap<_, _> = callers().into_iter().collect();
    let seen = |who: &str| super::authorize_case_photo(callers[who].as_ref(), &another_drivers_case).is_ok();
    // The card's readers: technicians (every site), support, admins; not another driver.
    assert!(seen("technician"));
    assert!(seen("admin"));
    assert!(!seen("driver"));
    // The site's owner reads their own site's card; another owner's site is not theirs.
    assert!(!seen("owner"));
    let at_my_site = ObjectOwner::Case {
        reporter: Some(someone_else()),
        site_owner: owner("o-1"),
    };
    assert!(super::authorize_case_photo(callers["owner"].as_ref(), &at_my_site).is_ok());
    // Refused, the answer is the case's own.
    assert_eq!(
        super::authorize_case_photo(callers["driver"].as_ref(), &another_drivers_case),
        super::authorize(callers["driver"].as_ref(), Action::ShowCase, &another_drivers_case)
    );
    assert_eq!(
        super::authorize_case_photo(None, &another_drivers_case),
        Err(AccessDenied::SignInRequired)
    );
}
