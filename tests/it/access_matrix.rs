//! The access matrix: every endpoint of the OpenAPI document × every kind of caller × their
//! own object and someone else's → refused exactly when core's access table refuses
//! (401 `sign_in_required` or 403 `forbidden`), and never refused by access otherwise.
//! A new endpoint that is not in [`case`] fails the test, so none escapes it.

use std::collections::BTreeSet;

use ladeklar_core::accounts::{
    authorize, authorize_case_photo, AccessDenied, Action, ObjectOwner, OwnerId, Principal, Role,
};
use ladeklar_store::{NewPendingSession, NewUser};
use serde_json::{json, Value};

use crate::support::{token_for, TestApp};

const O1: &str = "owner-fjordlade";
const O2: &str = "owner-nordlys";
const CHARGER_O1: &str = "OSLO-AKER-BRYGGE-AC1";
const CHARGER_O2: &str = "OSLO-STORO-AC1";

/// Callers by e-mail (`None`: anonymous).
const CALLERS: [Option<&str>; 10] = [
    None,
    Some("driver@demo.ladeklar.no"),
    Some("other.driver@example.no"),
    Some("technician@demo.ladeklar.no"),
    Some("owner@demo.ladeklar.no"),
    Some("other.owner@example.no"),
    Some("support-first@demo.ladeklar.no"),
    Some("support-second@demo.ladeklar.no"),
    Some("support-third@demo.ladeklar.no"),
    Some("admin@demo.ladeklar.no"),
];

/// What the access table is asked for one request: the action (`None`: an account
/// endpoint for anyone signed in — their own account) and the object.
enum Access {
    Anyone,
    Table(Action, ObjectOwner),
    /// A case's photo: core's `authorize_case_photo` (the case's readers and its site's
    /// service card's).
    CasePhoto(ObjectOwner),
    OwnAccount,
    /// An action on the caller's own account (anonymous: no account to act on).
    Own(Action),
}

struct Case {
    method: &'static str,
    path: String,
    body: Option<Value>,
    access: Access,
}

struct World {
    sessions: Vec<(String, ObjectOwner)>,
    /// Cases with one photo each: (case id, photo id, whose).
    cases: Vec<(String, String, ObjectOwner)>,
    chargers: Vec<(&'static str, ObjectOwner)>,
    target_user: String,
    /// A booked field visit at O1, the technician's.
    work_orders: Vec<(String, ObjectOwner)>,
    /// A site of O1 and one of O2.
    sites: Vec<(&'static str, ObjectOwner)>,
}

/// The requests for one OpenAPI operation: one per object it can be about.
fn case(method: &str, path: &str, w: &World) -> Option<Vec<Case>> {
    let platform = ObjectOwner::Platform;
    let one = |m: &'static str, body: Option<Value>, access: Access| {
        vec![Case {
            method: m,
            path: path.to_owned(),
            body,
            access,
        }]
    };
    let per_session = |m: &'static str, action: Action, suffix: &str| {
        w.sessions
            .iter()
            .map(|(id, owner)| Case {
                method: m,
                path: format!("/api/v1/sessions/{id}{suffix}"),
                body: None,
                access: Access::Table(action, owner.clone()),
            })
            .collect::<Vec<_>>()
    };
    let per_charger = |m: &'static str, action: Action, suffix: &str, body: Option<Value>| {
        w.chargers
            .iter()
            .map(|(id, owner)| Case {
                method: m,
                path: format!("/api/v1/chargers/{id}{suffix}"),
                body: body.clone(),
                access: Access::Table(action, owner.clone()),
            })
            .collect::<Vec<_>>()
    };
    let per_case = |m: &'static str, action: Action, body: Option<Value>| {
        w.cases
            .iter()
            .map(|(id, photo, owner)| Case {
                method: m,
                path: path.replace("{id}", id).replace("{photo}", photo),
                body: body.clone(),
                access: Access::Table(action, owner.clone()),
            })
            .collect::<Vec<_>>()
    };
    let per_site = |m: &'static str, action: Action, body: Option<Value>| {
        w.sites
            .iter()
            .map(|(id, owner)| Case {
                method: m,
                path: format!("/api/v1/sites/{id}/price"),
                body: body.clone(),
                access: Access::Table(action, owner.clone()),
            })
            .collect::<Vec<_>>()
    };
    let per_order = |m: &'static str, action: Action, suffix: &str, body: Option<Value>| {
        w.work_orders
            .iter()
            .map(|(id, owner)| Case {
                method: m,
                path: format!("/api/v1/work-orders/{id}{suffix}"),
                body: body.clone(),
                access: Access::Table(action, owner.clone()),
            })
            .collect::<Vec<_>>()
    };
    // A price form core refuses: where allowed, 400 and nothing saved.
    let bad_price = json!({"form": {"vat_percent": "25", "energy_price": "-1"}});
    let per_owner = |m: &'static str, action: Action, suffix: &str, body: Option<Value>| {
        [O1, O2]
            .iter()
            .map(|owner| Case {
                method: m,
                path: format!("/api/v1/owners/{owner}/statements{suffix}"),
                body: body.clone(),
                access: Access::Table(
                    action,
                    ObjectOwner::Owner {
                        owner: OwnerId((*owner).into()),
                    },
                ),
            })
            .collect::<Vec<_>>()
    };
    let user = &w.target_user;
    Some(match (method, path) {
        // Field visits. Bodies refused after access: no such technician, checking out before
        // checking in, an empty report, a photo that is not an image.
        ("post", "/api/v1/support/cases/{id}/work-orders") => per_case(
            "post",
            Action::ScheduleVisit,
            Some(
                json!({"technician": "nobody@example.no", "starts_at": "2020-01-01T10:00:00Z",
                "ends_at": "2020-01-01T11:00:00Z", "customer_agreement": "matrix"}),
            ),
        ),
        ("get", "/api/v1/support/cases/{id}/visit-booking") => per_case("get", Action::ScheduleVisit, None),
        ("get", "/api/v1/work-orders") => one("get", None, Access::Table(Action::ListWorkOrders, platform)),
        ("post", "/api/v1/work-orders/{id}/steps") => {
            per_order("post", Action::WorkOnSite, "/steps", Some(json!({"step": "check_out"})))
        }
        ("post", "/api/v1/work-orders/{id}/reports") => per_order(
            "post",
            Action::WorkOnSite,
            "/reports",
            Some(json!({"client_id": "matrix", "report": {}})),
        ),
        ("post", "/api/v1/work-orders/{id}/photos") => per_order(
            "post",
            Action::WorkOnSite,
            "/photos?client_id=matrix",
            Some(json!({"not": "an image"})),
        ),
        ("post", "/api/v1/work-orders/{id}/verify") => {
            per_order("post", Action::WorkOnSite, "/verify", Some(json!({})))
        }
        ("get", "/api/v1/sites/{id}/service-card") => w
            .sites
            .iter()
            .map(|(id, owner)| Case {
                method: "get",
                path: format!("/api/v1/sites/{id}/service-card"),
                body: None,
                access: Access::Table(Action::ReadServiceCard, owner.clone()),
            })
            .collect(),
        ("get", "/api/v1/sla-report") => [
            ("/api/v1/sla-report?month=2026-11".to_owned(), platform),
            (
                format!("/api/v1/sla-report?owner={O1}&month=2026-11"),
                ObjectOwner::Site {
                    site_owner: OwnerId(O1.into()),
                },
            ),
            (
                format!("/api/v1/sla-report?owner={O2}&month=2026-11&format=csv"),
                ObjectOwner::Site {
                    site_owner: OwnerId(O2.into()),
                },
            ),
        ]
        .into_iter()
        .map(|(path, object)| Case {
            method: "get",
            path,
            body: None,
            access: Access::Table(Action::ReadSlaReport, object),
        })
        .collect(),
        // Cases. Bodies that change nothing where allowed: a photo that is not an image, a
        // transition the case engine refuses, an empty note, an answer to a case not fixed.
        ("post", "/api/v1/cases") => one(
            "post",
            Some(json!({"category": "other", "description": "matrix", "charger_id": CHARGER_O2, "connector_id": 1})),
            Access::Table(Action::ReportFault, platform),
        ),
        ("get", "/api/v1/cases") => one("get", None, Access::Table(Action::ListOwnCases, platform)),
        ("get", "/api/v1/cases/{id}") => per_case("get", Action::ShowCase, None),
        ("get", "/api/v1/cases/{id}/live") => per_case("get", Action::ShowCase, None),
        ("get", "/api/v1/cases/{id}/photos/{photo}" | "/api/v1/cases/{id}/photos/{photo}/thumbnail") => {
            per_case("get", Action::ShowCase, None)
                .into_iter()
                .map(|c| Case {
                    access: match c.access {
                        Access::Table(_, case) => Access::CasePhoto(case),
                        other => other,
                    },
                    ..c
                })
                .collect()
        }
        ("post", "/api/v1/cases/{id}/photos") => {
            per_case("post", Action::AddCasePhoto, Some(json!({"not": "an image"})))
        }
        ("post", "/api/v1/cases/{id}/answer") => per_case("post", Action::AnswerCase, Some(json!({"working": true}))),
        ("get", "/api/v1/support/cases") => one("get", None, Access::Table(Action::WorkCase, platform.clone())),
        ("post", "/api/v1/support/cases") => one(
            "post",
            Some(
                json!({"channel": "pigeon", "customer_kind": "driver", "customer_name": "x", "contact": "x",
                "charger_id": CHARGER_O1, "category": "other", "description": "x"}),
            ),
            Access::Table(Action::WorkCase, platform),
        ),
        ("post", "/api/v1/support/cases/{id}/events") => per_case(
            "post",
            Action::WorkCase,
            Some(json!({"event": "escalate_to_third_line"})),
        ),
        ("post", "/api/v1/support/cases/{id}/notes") => per_case("post", Action::WorkCase, Some(json!({"text": " "}))),
        ("get", "/api/v1/chargers") => vec![Case {
            method: "get",
            path: "/api/v1/chargers?lat=59.91&lon=10.75".into(),
            body: None,
            access: Access::Table(Action::ListChargers, platform),
        }],
        ("get", "/api/v1/chargers/{id}") => per_charger("get", Action::ShowCharger, "", None)
            .into_iter()
            .map(|c| Case {
                access: Access::Table(Action::ShowCharger, ObjectOwner::Platform),
                ..c
            })
            .collect(),
        ("get", "/api/v1/places") => vec![Case {
            method: "get",
            path: "/api/v1/places?q=osl".into(),
            body: None,
            access: Access::Table(Action::ListChargers, ObjectOwner::Platform),
        }],
        ("get", "/api/v1/map-config") => one("get", None, Access::Table(Action::ListChargers, platform)),
        ("get", "/api/v1/chargers/{id}/log") => per_charger("get", Action::ReadChargerLog, "/log", None),
        ("post", "/api/v1/chargers/{id}/commands") => per_charger(
            "post",
            Action::SendChargerCommand,
            "/commands",
            Some(json!({"command": "GetConfiguration"})),
        ),
        ("get", "/api/v1/chargers/{id}/certificates") => {
            per_charger("get", Action::ReadChargerLog, "/certificates", None)
        }
        // A serial no charger has: revokes nothing where allowed.
        ("post", "/api/v1/chargers/{id}/certificates/revoke") => per_charger(
            "post",
            Action::SendChargerCommand,
            "/certificates/revoke",
            Some(json!({"serial": "00"})),
        ),
        ("get", "/api/v1/chargers/{id}/transfers") => per_charger("get", Action::ReadChargerLog, "/transfers", None),
        // A file that is not there: refused (400) where allowed, nothing sent.
        ("post", "/api/v1/chargers/{id}/firmware") => per_charger(
            "post",
            Action::SendChargerCommand,
            "/firmware",
            Some(json!({"file": "absent.bin", "signing_certificate": "PEM", "signature": "c2ln"})),
        ),
        // The matrix's chargers are offline: 409 where allowed, nothing stored.
        ("post", "/api/v1/chargers/{id}/logs") => per_charger(
            "post",
            Action::SendChargerCommand,
            "/logs",
            Some(json!({"log_type": "SecurityLog"})),
        ),
        ("post", "/api/v1/sessions") => one(
            "post",
            Some(json!({"charger_id": CHARGER_O2, "connector_id": 1})),
            Access::Table(Action::StartSession, platform),
        ),
        ("get", "/api/v1/sessions/{id}") => per_session("get", Action::ShowSession, ""),
        ("get", "/api/v1/sessions/{id}/live") => per_session("get", Action::FollowSession, "/live"),
        ("post", "/api/v1/sessions/{id}/stop") => per_session("post", Action::StopSession, "/stop"),
        ("get", "/api/v1/sessions/{id}/receipt") => per_session("get", Action::ReadReceipt, "/receipt"),
        ("get", "/api/v1/sessions/{id}/receipt.pdf") => per_session("get", Action::ReadReceipt, "/receipt.pdf"),
        ("get", "/api/v1/sessions/stuck") => one("get", None, Access::Table(Action::ListStuckSessions, platform)),
        ("get", "/api/v1/quarantine") => one("get", None, Access::Table(Action::ListQuarantine, platform)),
        // Account endpoints: anyone (sign-up, sign-in, links), or one's own account. Bodies
        // that cannot change anything: a refused password, a wrong one, an unknown link.
        ("post", "/api/v1/account/sign-up") => one(
            "post",
            Some(json!({"email": "new@example.no", "password": "short"})),
            Access::Anyone,
        ),
        ("post", "/api/v1/account/verify-email") => one("post", Some(json!({"token": "00"})), Access::Anyone),
        ("post", "/api/v1/account/sign-in") => one(
            "post",
            Some(json!({"email": "nobody@example.no", "password": "wrong password"})),
            Access::Anyone,
        ),
        ("post", "/api/v1/account/sign-out") => one("post", None, Access::Anyone),
        ("post", "/api/v1/account/password-reset") => {
            one("post", Some(json!({"email": "not an address"})), Access::Anyone)
        }
        ("post", "/api/v1/account/password-reset/confirm") => one(
            "post",
            Some(json!({"token": "00", "new_password": "long enough passphrase"})),
            Access::Anyone,
        ),
        ("post", "/api/v1/account/sign-out-everywhere") => one("post", None, Access::OwnAccount),
        ("get", "/api/v1/account") => one("get", None, Access::OwnAccount),
        ("post", "/api/v1/account/password") => one(
            "post",
            Some(json!({"current_password": "wrong password", "new_password": "long enough passphrase"})),
            Access::OwnAccount,
        ),
        ("get", "/api/v1/account/export") => one("get", None, Access::OwnAccount),
        ("delete", "/api/v1/account") => one(
            "delete",
            Some(json!({"password": "wrong password"})),
            Access::OwnAccount,
        ),
        ("get", "/api/v1/account/favourites") => one("get", None, Access::Own(Action::ManageFavourites)),
        ("put", "/api/v1/account/favourites/{charger_id}") => vec![Case {
            method: "put",
            path: format!("/api/v1/account/favourites/{CHARGER_O1}"),
            body: None,
            access: Access::Own(Action::ManageFavourites),
        }],
        ("delete", "/api/v1/account/favourites/{charger_id}") => vec![Case {
            method: "delete",
            path: format!("/api/v1/account/favourites/{CHARGER_O1}"),
            body: None,
            access: Access::Own(Action::ManageFavourites),
        }],
        ("get", "/api/v1/users") => one("get", None, Access::Table(Action::ManageUsers, platform)),
        ("post", "/api/v1/users") => one(
            "post",
            Some(json!({"email": "not an address", "roles": [{"role": "driver"}]})),
            Access::Table(Action::ManageUsers, platform),
        ),
        ("put", "/api/v1/users/{id}/roles") => vec![Case {
            method: "put",
            path: format!("/api/v1/users/{user}/roles"),
            body: Some(json!({"roles": [{"role": "driver"}]})),
            access: Access::Table(Action::ChangeRoles, platform),
        }],
        ("put", "/api/v1/users/{id}/disabled") => vec![Case {
            method: "put",
            path: format!("/api/v1/users/{user}/disabled"),
            body: Some(json!({"disabled": false})),
            access: Access::Table(Action::ManageUsers, platform),
        }],
        ("get", "/api/v1/audit") => one("get", None, Access::Table(Action::ReadAuditLog, platform)),
        // Payments (this server takes none: past access, they answer 503 or a 4xx about the body).
        ("get", "/api/v1/payments/config") => one("get", None, Access::Anyone),
        ("post", "/api/v1/payments/card-setup") => one("post", None, Access::Table(Action::StartSession, platform)),
        ("post", "/api/v1/payments/stripe-webhook") => one("post", Some(json!({"id": "evt_unsigned"})), Access::Anyone),
        ("get", "/api/v1/account/cards") => one("get", None, Access::OwnAccount),
        ("get", "/api/v1/account/sessions") => one("get", None, Access::OwnAccount),
        ("post", "/api/v1/account/cards") => {
            one("post", Some(json!({"setup_intent_id": "seti_x"})), Access::OwnAccount)
        }
        ("delete", "/api/v1/account/cards/{id}") => vec![Case {
            method: "delete",
            path: "/api/v1/account/cards/pm_unknown".into(),
            body: None,
            access: Access::OwnAccount,
        }],
        ("put", "/api/v1/account/cards/{id}/default") => vec![Case {
            method: "put",
            path: "/api/v1/account/cards/pm_unknown/default".into(),
            body: None,
            access: Access::OwnAccount,
        }],
        ("post", "/api/v1/account/debt/pay") => one("post", None, Access::OwnAccount),
        ("get", "/api/v1/account/tags") => one("get", None, Access::OwnAccount),
        ("post", "/api/v1/account/tags") => one(
            "post",
            Some(json!({"uid": "not a card", "name": "x"})),
            Access::OwnAccount,
        ),
        ("put", "/api/v1/account/tags/{uid}/blocked") => vec![Case {
            method: "put",
            path: "/api/v1/account/tags/DEADBEEF/blocked".into(),
            body: Some(json!({"blocked": true})),
            access: Access::OwnAccount,
        }],
        // Owners' statements: each owner's, as theirs and as another's. An old month with
        // nothing paid issues nothing where allowed; an unknown statement id is 404.
        ("get", "/api/v1/owners/{owner}/statements") => per_owner("get", Action::ReadOwnerPortal, "", None),
        ("get", "/api/v1/owners/{owner}/overview") => [O1, O2]
            .iter()
            .map(|owner| Case {
                method: "get",
                path: format!("/api/v1/owners/{owner}/overview"),
                body: None,
                access: Access::Table(
                    Action::ReadOwnerPortal,
                    ObjectOwner::Owner {
                        owner: OwnerId((*owner).into()),
                    },
                ),
            })
            .collect(),
        ("get", "/api/v1/owners/{owner}/sessions") | ("get", "/api/v1/owners/{owner}/sessions/csv") => [O1, O2]
            .iter()
            .map(|owner| Case {
                method: "get",
                path: path.replace("{owner}", owner),
                body: None,
                access: Access::Table(
                    Action::ReadOwnerPortal,
                    ObjectOwner::Owner {
                        owner: OwnerId((*owner).into()),
                    },
                ),
            })
            .collect(),
        // Any account: the owners it may read (an admin: all; others: theirs, maybe none).
        ("get", "/api/v1/owners") => one("get", None, Access::Own(Action::ReadAccountData)),
        // Any account: the owners whose SLA report it may read (maybe none).
        ("get", "/api/v1/sla-report/scopes") => one("get", None, Access::Own(Action::ReadAccountData)),
        // A statement that does not exist: where allowed, 404.
        ("post", "/api/v1/owners/{owner}/statements/{id}/payout") => per_owner(
            "post",
            Action::MarkPayoutPaid,
            "/no-such-statement/payout",
            Some(json!({"paid_on": "2026-01-02", "reference": "NO-1"})),
        ),
        ("post", "/api/v1/owners/{owner}/statements") => {
            per_owner("post", Action::IssueStatements, "", Some(json!({"month": "2001-01"})))
        }
        ("get", "/api/v1/owners/{owner}/statements/{id}") => {
            per_owner("get", Action::ReadOwnerPortal, "/no-such-statement", None)
        }
        ("get", "/api/v1/owners/{owner}/statements/{id}/pdf") => {
            per_owner("get", Action::ReadOwnerPortal, "/no-such-statement/pdf", None)
        }
        ("get", "/api/v1/owners/{owner}/statements/{id}/csv") => {
            per_owner("get", Action::ReadOwnerPortal, "/no-such-statement/csv", None)
        }
        // This server takes no payment: 503 past access.
        ("post", "/api/v1/sessions/{id}/refund") => per_session("post", Action::RefundPayment, "/refund"),
        ("post", "/api/v1/sessions/{id}/payment/authenticated") => {
            per_session("post", Action::StopSession, "/payment/authenticated")
        }
        // Owners' prices.
        ("get", "/api/v1/owner/prices") => one("get", None, Access::Table(Action::ReadPrices, platform)),
        ("get", "/api/v1/sites/{id}/price") => per_site("get", Action::ReadPrices, None),
        ("post", "/api/v1/sites/{id}/price") => per_site("post", Action::SetPrice, Some(bad_price)),
        ("get", "/api/v1/chargers/{id}/price") => per_charger("get", Action::ReadPrices, "/price", None),
        ("post", "/api/v1/chargers/{id}/price") => per_charger("post", Action::SetPrice, "/price", Some(bad_price)),
        _ => return None,
    })
}

async fn principal(app: &TestApp, email: &str) -> Principal {
    let email = ladeklar_core::accounts::parse_email(email).unwrap();
    app.server
        .store()
        .user_by_email(&email)
        .await
        .unwrap()
        .expect("caller exists")
        .principal()
}

#[tokio::test]
async fn every_endpoint_refuses_exactly_whom_the_access_table_refuses() {
    let app = TestApp::start().await;
    let store = app.server.store();
    let now = app.server.clock().now();
    let mut extra = Vec::new();
    for (email, roles) in [
        ("other.driver@example.no", vec![Role::Driver]),
        (
            "other.owner@example.no",
            vec![Role::Owner {
                owner_id: OwnerId(O2.into()),
            }],
        ),
        ("target@example.no", vec![Role::Driver]),
    ] {
        let email = ladeklar_core::accounts::parse_email(email).unwrap();
        let user = store
            .create_user(
                &NewUser {
                    email: &email,
                    password_hash: None,
                    roles: &roles,
                    email_verified: true,
                },
                None,
                now,
            )
            .await
            .unwrap();
        extra.push(user);
    }
    let driver = principal(&app, "driver@demo.ladeklar.no").await.user_id;
    let other_driver = extra[0].id;
    // The driver's session at O1, the other driver's at O2, and one without an account at O1.
    let mut sessions = Vec::new();
    for (i, (driver, charger, owner)) in [
        (Some(driver), CHARGER_O1, O1),
        (Some(other_driver), CHARGER_O2, O2),
        (None, "OSLO-AKER-BRYGGE-AC2", O1),
    ]
    .into_iter()
    .enumerate()
    {
        let id = uuid::Uuid::new_v4().to_string();
        store
            .insert_pending_session(
                &NewPendingSession {
                    id: &id,
                    charger_id: charger,
                    connector_id: 1,
                    id_tag: &format!("APPTEST{i}"),
                    tariff_json: "{}",
                    tariff_version_id: None,
                    time_zone: "Europe/Oslo",
                    driver,
                },
                now,
            )
            .await
            .unwrap();
        sessions.push((
            id,
            ObjectOwner::Session {
                driver,
                site_owner: OwnerId(owner.into()),
            },
        ));
    }
    // The driver's case at O1 and the other driver's at O2, each with a photo.
    let mut cases = Vec::new();
    for (email, charger, owner, user) in [
        ("driver@demo.ladeklar.no", CHARGER_O1, O1, driver),
        ("other.driver@example.no", CHARGER_O2, O2, other_driver),
    ] {
        let client = crate::support::signed_in_client(&app.server, reqwest::Client::builder(), email).await;
        let case: Value = client
            .post(app.url("/api/v1/cases"))
            .json(&json!({"category": "wont_start", "description": "matrix", "charger_id": charger, "connector_id": 1}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = case["id"].as_str().expect("case opened").to_owned();
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(8, 8))
            .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        let photo: Value = client
            .post(app.url(&format!("/api/v1/cases/{id}/photos")))
            .body(jpeg)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let photo = photo["id"].as_str().expect("photo added").to_owned();
        cases.push((
            id,
            photo,
            ObjectOwner::Case {
                reporter: Some(user),
                site_owner: OwnerId(owner.into()),
            },
        ));
    }
    // A field visit booked on a third case at O1 for the technician.
    let as_user = |email: &'static str| {
        let server = &app.server;
        async move { crate::support::signed_in_client(server, reqwest::Client::builder(), email).await }
    };
    let (reporter, first, second, third) = (
        as_user("driver@demo.ladeklar.no").await,
        as_user("support-first@demo.ladeklar.no").await,
        as_user("support-second@demo.ladeklar.no").await,
        as_user("support-third@demo.ladeklar.no").await,
    );
    let visit_case: Value = reporter
        .post(app.url("/api/v1/cases"))
        .json(&json!({"category": "wont_start", "description": "matrix visit", "charger_id": CHARGER_O1, "connector_id": 2}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let visit_case = visit_case["id"].as_str().expect("case opened").to_owned();
    let events = app.url(&format!("/api/v1/support/cases/{visit_case}/events"));
    for (client, event) in [
        (&first, json!({"event": "escalate_to_second_line", "reason": "matrix"})),
        (
            &second,
            json!({"event": "propose_field_action", "proposal": {"summary": "matrix", "no_parts_needed": true,
                "skills": ["electrician"], "estimated_on_site_minutes": 30}}),
        ),
        (&second, json!({"event": "escalate_to_third_line"})),
    ] {
        let r = client.post(&events).json(&event).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{event}");
    }
    let order: Value = third
        .post(app.url(&format!("/api/v1/support/cases/{visit_case}/work-orders")))
        .json(
            &json!({"technician": "technician@demo.ladeklar.no", "starts_at": now + chrono::TimeDelta::hours(1),
            "ends_at": now + chrono::TimeDelta::hours(2), "customer_agreement": "matrix"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let technician = principal(&app, "technician@demo.ladeklar.no").await.user_id;
    let work_orders = vec![(
        order["id"].as_str().expect("visit booked").to_owned(),
        ObjectOwner::WorkOrder {
            technician,
            site_owner: OwnerId(O1.into()),
        },
    )];
    let world = World {
        work_orders,
        cases,
        sessions,
        chargers: vec![
            (
                CHARGER_O1,
                ObjectOwner::Charger {
                    site_owner: OwnerId(O1.into()),
                },
            ),
            (
                CHARGER_O2,
                ObjectOwner::Charger {
                    site_owner: OwnerId(O2.into()),
                },
            ),
        ],
        sites: vec![
            (
                "oslo-aker-brygge",
                ObjectOwner::Site {
                    site_owner: OwnerId(O1.into()),
                },
            ),
            (
                "oslo-storo",
                ObjectOwner::Site {
                    site_owner: OwnerId(O2.into()),
                },
            ),
        ],
        target_user: extra[2].id.to_string(),
    };

    let doc: Value = app
        .http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut operations = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().unwrap().keys() {
            operations.insert((method.clone(), path.clone()));
        }
    }
    assert!(operations.len() >= 28, "{operations:?}");
    let mut missing = Vec::new();
    let mut checked = 0;
    let mut failures = Vec::new();
    let anonymous = reqwest::Client::new();
    for (method, path) in &operations {
        let Some(cases) = case(method, path, &world) else {
            missing.push(format!("{} {path}", method.to_uppercase()));
            continue;
        };
        for caller in CALLERS {
            // Wrong passwords must not lock the callers out of the rest of the matrix.
            app.server.clock().advance(chrono::TimeDelta::minutes(16));
            let who = match caller {
                Some(email) => Some(principal(&app, email).await),
                None => None,
            };
            for c in &cases {
                let expected = match &c.access {
                    Access::Anyone => Ok(()),
                    Access::Table(action, object) => authorize(who.as_ref(), *action, object),
                    Access::CasePhoto(case) => authorize_case_photo(who.as_ref(), case),
                    Access::Own(action) => match &who {
                        Some(p) => authorize(Some(p), *action, &ObjectOwner::Account { user: p.user_id }),
                        None => authorize(None, *action, &ObjectOwner::Platform),
                    },
                    Access::OwnAccount => match &who {
                        Some(p) => authorize(
                            Some(p),
                            Action::ReadAccountData,
                            &ObjectOwner::Account { user: p.user_id },
                        ),
                        None => Err(AccessDenied::SignInRequired),
                    },
                };
                let url = app.url(&c.path);
                let mut request = match c.method {
                    "get" => anonymous.get(url),
                    "post" => anonymous.post(url),
                    "put" => anonymous.put(url),
                    "delete" => anonymous.delete(url),
                    other => panic!("method {other}"),
                };
                if let Some(email) = caller {
                    // A fresh token per request: sign-out and sign-out-everywhere end theirs.
                    request = request.bearer_auth(token_for(&app.server, email).await);
                }
                if let Some(body) = &c.body {
                    request = request.json(body);
                }
                let response = request.send().await.expect("request");
                let status = response.status().as_u16();
                let code = if status >= 400 {
                    response
                        .json::<Value>()
                        .await
                        .ok()
                        .and_then(|v| v["code"].as_str().map(str::to_owned))
                } else {
                    None
                };
                let refused = match code.as_deref() {
                    Some("sign_in_required") => Some(401),
                    Some("forbidden") => Some(403),
                    _ => None,
                };
                let want = match &expected {
                    Ok(()) => None,
                    Err(AccessDenied::SignInRequired) => Some(401),
                    Err(AccessDenied::Forbidden { .. }) => Some(403),
                };
                if refused != want || refused.is_some_and(|r| r != status) {
                    failures.push(format!(
                        "{} {} as {}: got {status} {code:?}, expected {}",
                        c.method.to_uppercase(),
                        c.path,
                        caller.unwrap_or("anonymous"),
                        match want {
                            None => "not refused".to_owned(),
                            Some(s) => format!("{s}"),
                        }
                    ));
                }
                checked += 1;
            }
        }
    }
    assert!(missing.is_empty(), "endpoints not in the access matrix: {missing:?}");
    assert!(
        failures.is_empty(),
        "{} of {checked} requests leaked or were wrongly refused:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 40 operations, 10 callers, sessions, chargers and cases with several objects each.
    assert!(checked >= 570, "only {checked} requests");
}
