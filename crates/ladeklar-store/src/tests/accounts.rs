//! Accounts in the store, on SQLite or PostgreSQL (see the parent module).

use chrono::{DateTime, TimeDelta, Utc};
use ladeklar_core::accounts::rate_limit::{check_sign_in, SignInLimit, SignInVerdict};
use ladeklar_core::accounts::tokens::{AccountProblem, LinkProblem, LinkPurpose, TokenProblem};
use ladeklar_core::accounts::{authorize, parse_email, Action, ObjectOwner, OwnerId, Role, SupportLine};

use super::{charger_with, fresh_store};
use crate::credentials::users::{hash_password, verify_password, verify_password_or_dummy};
use crate::{AuditEvent, NewUser, Store, StoreError};

const FAKE_HASH: &str = "$argon2id$v=19$m=32768,t=3,p=1$c29tZXNhbHQ$aGFzaA";

fn t(minutes: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap() + TimeDelta::minutes(minutes)
}

async fn driver(store: &Store, email: &str) -> crate::UserRow {
    let email = parse_email(email).unwrap();
    store
        .create_user(
            &NewUser {
                email: &email,
                password_hash: Some(FAKE_HASH),
                roles: &[Role::Driver],
                email_verified: false,
            },
            None,
            t(0),
        )
        .await
        .unwrap()
}

async fn events(store: &Store) -> Vec<AuditEvent> {
    let mut log = store.audit_log(None, None, 100).await.unwrap();
    log.reverse();
    log.into_iter().map(|e| e.event).collect()
}

#[tokio::test]
async fn a_user_is_created_with_roles_and_read_back_by_email_ignoring_case() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    let email = parse_email("Kari.Tekniker@Example.no").unwrap();
    let roles = [
        Role::Technician,
        Role::Owner {
            owner_id: OwnerId("o-1".into()),
        },
        Role::Support {
            line: SupportLine::Second,
        },
    ];
    let created = store
        .create_user(
            &NewUser {
                email: &email,
                password_hash: None,
                roles: &roles,
                email_verified: true,
            },
            None,
            t(0),
        )
        .await
        .unwrap();
    assert_eq!(created.email, "Kari.Tekniker@example.no");
    assert_eq!(created.email_verified_at, Some(t(0)));
    assert_eq!(created.password_hash, None);
    let mut want = roles.to_vec();
    want.sort();
    let mut got = created.roles.clone();
    got.sort();
    assert_eq!(got, want);
    let found = store
        .user_by_email(&parse_email("kari.tekniker@EXAMPLE.NO").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, created);
    assert_eq!(store.users().await.unwrap(), vec![created.clone()]);
    let log = store.audit_log(None, None, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].event, AuditEvent::UserCreated);
    assert_eq!(log[0].user, Some(created.id));
    store.close().await;
}

#[tokio::test]
async fn a_registered_address_is_a_conflict_and_nothing_is_half_created() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    driver(&store, "ola@example.no").await;
    let again = parse_email("OLA@example.no").unwrap();
    let second = store
        .create_user(
            &NewUser {
                email: &again,
                password_hash: Some(FAKE_HASH),
                roles: &[Role::Driver, Role::Admin],
                email_verified: false,
            },
            None,
            t(1),
        )
        .await;
    assert!(matches!(second, Err(StoreError::Conflict(_))), "{second:?}");
    assert_eq!(store.users().await.unwrap().len(), 1);
    assert_eq!(events(&store).await, [AuditEvent::UserCreated]);
    let roles: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_roles")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(roles, 1);
    store.close().await;
}

#[tokio::test]
async fn sign_in_tokens_are_stored_hashed_and_end_by_sign_out_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    let ola = driver(&store, "ola@example.no").await;
    let phone = store.issue_sign_in_token(ola.id, t(0)).await.unwrap();
    let laptop = store.issue_sign_in_token(ola.id, t(1)).await.unwrap();
    assert_eq!(phone.len(), 64);
    assert_ne!(phone, laptop);
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM auth_tokens")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(
        !stored.contains(&phone) && !stored.contains(&laptop),
        "only hashes are stored"
    );

    let signed_in = store.authenticate(&phone, t(2)).await.unwrap().unwrap();
    assert_eq!(signed_in.id, ola.id);
    assert!(authorize(
        Some(&signed_in.principal()),
        Action::ShowSession,
        &ObjectOwner::Session {
            driver: Some(ola.id),
            site_owner: OwnerId("o".into())
        }
    )
    .is_ok());
    assert_eq!(
        store.authenticate("nonsense", t(2)).await.unwrap(),
        Err(TokenProblem::Unknown)
    );
    assert_eq!(
        store.authenticate(&phone, t(30 * 24 * 60)).await.unwrap(),
        Err(TokenProblem::Expired { at: t(30 * 24 * 60) })
    );

    assert!(store.revoke_sign_in_token(&phone, t(3)).await.unwrap());
    assert!(!store.revoke_sign_in_token(&phone, t(3)).await.unwrap());
    assert_eq!(
        store.authenticate(&phone, t(4)).await.unwrap(),
        Err(TokenProblem::Revoked)
    );
    assert!(store.authenticate(&laptop, t(4)).await.unwrap().is_ok());

    assert_eq!(
        store
            .revoke_all_sign_in_tokens(ola.id, Some(ola.id), t(5))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store.authenticate(&laptop, t(6)).await.unwrap(),
        Err(TokenProblem::Revoked)
    );
    assert_eq!(
        events(&store).await,
        [AuditEvent::UserCreated, AuditEvent::SignedOutEverywhere]
    );
    store.close().await;
}

#[tokio::test]
async fn links_are_single_use_expiring_and_replaced_by_newer_ones() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    let ola = driver(&store, "ola@example.no").await;

    let verify = store.issue_link(ola.id, LinkPurpose::VerifyEmail, t(0)).await.unwrap();
    assert_eq!(
        store.reset_password(&verify, FAKE_HASH, t(1)).await.unwrap(),
        Err(LinkProblem::Unknown),
        "a verification link does not reset passwords"
    );
    assert_eq!(store.verify_email(&verify, t(1)).await.unwrap(), Ok(ola.id));
    assert_eq!(
        store.verify_email(&verify, t(2)).await.unwrap(),
        Err(LinkProblem::AlreadyUsed { at: t(1) })
    );
    assert_eq!(store.user(ola.id).await.unwrap().unwrap().email_verified_at, Some(t(1)));

    let old = store
        .issue_link(ola.id, LinkPurpose::ResetPassword, t(10))
        .await
        .unwrap();
    let new = store
        .issue_link(ola.id, LinkPurpose::ResetPassword, t(11))
        .await
        .unwrap();
    assert_eq!(
        store.reset_password(&old, FAKE_HASH, t(12)).await.unwrap(),
        Err(LinkProblem::Revoked)
    );
    assert_eq!(
        store.reset_password(&new, FAKE_HASH, t(11 + 60)).await.unwrap(),
        Err(LinkProblem::Expired { at: t(71) })
    );
    let token = store.issue_sign_in_token(ola.id, t(12)).await.unwrap();
    let fresh = store
        .issue_link(ola.id, LinkPurpose::ResetPassword, t(20))
        .await
        .unwrap();
    let new_hash = "$argon2id$v=19$m=32768,t=3,p=1$bmV3c2FsdA$bmV3aGFzaA";
    assert_eq!(store.reset_password(&fresh, new_hash, t(21)).await.unwrap(), Ok(ola.id));
    assert_eq!(
        store.user(ola.id).await.unwrap().unwrap().password_hash.as_deref(),
        Some(new_hash)
    );
    assert_eq!(
        store.authenticate(&token, t(22)).await.unwrap(),
        Err(TokenProblem::Revoked),
        "a reset ends every sign-in"
    );
    assert_eq!(
        store.reset_password(&fresh, FAKE_HASH, t(22)).await.unwrap(),
        Err(LinkProblem::AlreadyUsed { at: t(21) })
    );
    assert_eq!(
        events(&store).await,
        [
            AuditEvent::UserCreated,
            AuditEvent::EmailVerified,
            AuditEvent::PasswordResetRequested,
            AuditEvent::PasswordResetRequested,
            AuditEvent::PasswordResetRequested,
            AuditEvent::PasswordReset,
        ]
    );
    store.close().await;
}

#[tokio::test]
async fn disabled_and_deleted_accounts_sign_nobody_in() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    let ola = driver(&store, "ola@example.no").await;
    let admin = driver(&store, "admin@example.no").await;
    store.set_roles(admin.id, &[Role::Admin], None, t(1)).await.unwrap();
    let token = store.issue_sign_in_token(ola.id, t(1)).await.unwrap();
    let link = store
        .issue_link(ola.id, LinkPurpose::ResetPassword, t(1))
        .await
        .unwrap();

    store.set_disabled(ola.id, true, Some(admin.id), t(2)).await.unwrap();
    assert_eq!(
        store.authenticate(&token, t(3)).await.unwrap(),
        Err(TokenProblem::Account(AccountProblem::Disabled))
    );
    assert_eq!(
        store.reset_password(&link, FAKE_HASH, t(3)).await.unwrap(),
        Err(LinkProblem::Account(AccountProblem::Disabled))
    );
    store.set_disabled(ola.id, false, Some(admin.id), t(4)).await.unwrap();
    assert_eq!(
        store.authenticate(&token, t(5)).await.unwrap(),
        Err(TokenProblem::Revoked),
        "disabling ended the token for good"
    );

    let token = store.issue_sign_in_token(ola.id, t(6)).await.unwrap();
    store
        .record_sign_in_failure("ola@example.no", "192.0.2.1", Some(ola.id), t(6))
        .await
        .unwrap();
    store.delete_user(ola.id, t(7)).await.unwrap();
    let (failures, _) = store
        .sign_in_failures("ola@example.no", "192.0.2.1", t(0))
        .await
        .unwrap();
    assert!(failures.is_empty(), "the deleted address's failures are forgotten");
    assert_eq!(
        store.authenticate(&token, t(8)).await.unwrap(),
        Err(TokenProblem::Account(AccountProblem::Deleted))
    );
    let deleted = store.user(ola.id).await.unwrap().unwrap();
    assert_eq!(deleted.email, "");
    assert_eq!(deleted.password_hash, None);
    assert!(deleted.roles.is_empty());
    assert_eq!(deleted.deleted_at, Some(t(7)));
    assert!(store
        .user_by_email(&parse_email("ola@example.no").unwrap())
        .await
        .unwrap()
        .is_none());
    assert!(matches!(
        store.delete_user(ola.id, t(9)).await,
        Err(StoreError::NotFound(_))
    ));
    // The address is free again.
    driver(&store, "ola@example.no").await;

    let log = store.audit_log(Some(ola.id), None, 100).await.unwrap();
    let mut seen: Vec<AuditEvent> = log.iter().map(|e| e.event).collect();
    seen.reverse();
    assert_eq!(
        seen,
        [
            AuditEvent::UserCreated,
            AuditEvent::PasswordResetRequested,
            AuditEvent::UserDisabled,
            AuditEvent::UserEnabled,
            AuditEvent::SignInFailed,
            AuditEvent::AccountDeleted,
        ]
    );
    assert_eq!(log[3].actor, Some(admin.id));
    assert!(
        log.iter().all(|e| !e.detail.to_lowercase().contains("ola@example.no")),
        "{log:?}"
    );
    assert_eq!(log[5].detail, "(deleted account) with roles: driver");
    let roles_changed = store.audit_log(Some(admin.id), None, 100).await.unwrap();
    assert_eq!(roles_changed[0].event, AuditEvent::RolesChanged);
    assert_eq!(roles_changed[0].detail, "driver → admin");
    // Paging: before the newest entry.
    let page = store.audit_log(None, Some(roles_changed[0].id), 1).await.unwrap();
    assert!(page[0].id < roles_changed[0].id);
    store.close().await;
}

#[tokio::test]
async fn sign_in_failures_feed_the_limiter_per_account_and_address() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    for minute in 0..5 {
        store
            .record_sign_in_failure("ola@example.no", "192.0.2.1", None, t(minute))
            .await
            .unwrap();
    }
    store
        .record_sign_in_failure("kari@example.no", "192.0.2.1", None, t(5))
        .await
        .unwrap();
    let since = t(5) - TimeDelta::minutes(30);
    let (account, address) = store
        .sign_in_failures("ola@example.no", "192.0.2.1", since)
        .await
        .unwrap();
    assert_eq!(account, (0..5).map(t).collect::<Vec<_>>());
    assert_eq!(address.len(), 6);
    let verdict = check_sign_in(SignInLimit::PER_ACCOUNT, &account, t(5)).stricter(check_sign_in(
        SignInLimit::PER_ADDRESS,
        &address,
        t(5),
    ));
    assert_eq!(verdict, SignInVerdict::Locked { until: t(19) });
    assert_eq!(store.prune_sign_in_failures(t(3)).await.unwrap(), 3);
    assert_eq!(events(&store).await, [AuditEvent::SignInFailed; 6]);
    store.close().await;
}

/// A real hash through the store: what sign-in will do.
#[tokio::test]
async fn a_stored_argon2_hash_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    let email = parse_email("ola@example.no").unwrap();
    let hash = hash_password("blåbærsyltetøy").unwrap();
    store
        .create_user(
            &NewUser {
                email: &email,
                password_hash: Some(&hash),
                roles: &[Role::Driver],
                email_verified: false,
            },
            None,
            t(0),
        )
        .await
        .unwrap();
    let stored = store.user_by_email(&email).await.unwrap().unwrap().password_hash;
    assert!(verify_password("blåbærsyltetøy", stored.as_deref().unwrap()));
    assert!(!verify_password_or_dummy("blåbærsyltetøy", None));
    store.close().await;
}

/// Many uses of one reset link at once: exactly one sets the password, the others are told
/// it was used (on PostgreSQL they truly run side by side).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_link_used_many_times_at_once_works_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    let ola = driver(&store, "ola@example.no").await;
    let link = store
        .issue_link(ola.id, LinkPurpose::ResetPassword, t(0))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for n in 0..8 {
        let (store, link) = (store.clone(), link.clone());
        tasks.push(tokio::spawn(async move {
            let hash = format!("$argon2id$v=19$m=32768,t=3,p=1$c2FsdHNhbHQ$aGFzaC0{n}");
            store.reset_password(&link, &hash, t(1)).await.unwrap()
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(user) => {
                assert_eq!(user, ola.id);
                ok += 1;
            }
            Err(problem) => assert_eq!(problem, LinkProblem::AlreadyUsed { at: t(1) }),
        }
    }
    assert_eq!(ok, 1);
    let resets = events(&store)
        .await
        .into_iter()
        .filter(|e| *e == AuditEvent::PasswordReset)
        .count();
    assert_eq!(resets, 1);
    store.close().await;
}

/// What `access::authorize` is asked about a session or charger comes from the store.
#[tokio::test]
async fn sessions_and_chargers_name_their_driver_and_owner() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    charger_with(&store, 2).await;
    let ola = driver(&store, "ola@example.no").await;
    let now = Utc::now();
    store
        .insert_pending_session(&pending("mine", 1, "APP1", None), now)
        .await
        .unwrap();
    store
        .insert_pending_session(&pending("ad-hoc", 2, "APP2", None), now)
        .await
        .unwrap();
    assert!(store.set_session_driver("mine", ola.id).await.unwrap());
    let kari = driver(&store, "kari@example.no").await;
    assert!(!store.set_session_driver("mine", kari.id).await.unwrap(), "set once");
    assert!(!store.set_session_driver("nope", ola.id).await.unwrap());

    let owner = OwnerId("owner".into());
    assert_eq!(
        store.session_object_owner("mine").await.unwrap(),
        Some(ObjectOwner::Session {
            driver: Some(ola.id),
            site_owner: owner.clone()
        })
    );
    assert_eq!(
        store.session_object_owner("ad-hoc").await.unwrap(),
        Some(ObjectOwner::Session {
            driver: None,
            site_owner: owner.clone()
        })
    );
    assert_eq!(store.session_object_owner("nope").await.unwrap(), None);
    assert_eq!(
        store.charger_object_owner("CP-1").await.unwrap(),
        Some(ObjectOwner::Charger { site_owner: owner })
    );
    assert_eq!(store.charger_object_owner("CP-9").await.unwrap(), None);

    let mine: Vec<String> = store
        .sessions_of_user(ola.id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(mine, ["mine"]);
    // Deleting the account keeps the session, naming the anonymised row.
    store.delete_user(ola.id, now).await.unwrap();
    assert_eq!(store.sessions_of_user(ola.id).await.unwrap().len(), 1);
    assert!(matches!(
        store.session_object_owner("mine").await.unwrap(),
        Some(ObjectOwner::Session { driver: Some(d), .. }) if d == ola.id
    ));
    store.close().await;
}

/// `ladeklar user add|list|role|disable` through provisioning: every field checked first,
/// a clear error naming it, nothing half created.
#[tokio::test]
async fn staff_are_provisioned_with_checked_fields() {
    use crate::provisioning::users::{add_user, disable_user, list_users, set_user_roles, UserSpec};
    use crate::provisioning::ProvisioningError;
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    charger_with(&store, 1).await; // owner "owner"
    let spec = |email: &str, roles: &[&str], password: Option<&str>| UserSpec {
        email: email.into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        password: password.map(str::to_owned),
    };
    let refused = |r: Result<crate::UserRow, ProvisioningError>| match r {
        Err(e) => e.to_string(),
        Ok(u) => panic!("added {u:?}"),
    };
    assert_eq!(
        refused(add_user(&store, &spec("kari", &["admin"], None), t(0)).await),
        "email: the e-mail address has no @"
    );
    assert_eq!(
        refused(add_user(&store, &spec("kari@example.no", &[], None), t(0)).await),
        "role: give at least one role"
    );
    assert_eq!(
        refused(add_user(&store, &spec("kari@example.no", &["support:fourth"], None), t(0)).await),
        "role: unknown support line \"fourth\" (first, second, third)"
    );
    assert_eq!(
        refused(add_user(&store, &spec("kari@example.no", &["owner:nobody"], None), t(0)).await),
        "role: there is no owner \"nobody\""
    );
    assert_eq!(
        refused(add_user(&store, &spec("kari@example.no", &["admin"], Some("password1")), t(0)).await),
        "password: the password is one of the most common passwords; choose another"
    );
    assert_eq!(
        refused(add_user(&store, &spec("kari@example.no", &["admin"], Some("short")), t(0)).await),
        "password: the password has 5 characters; it needs at least 8"
    );
    assert!(list_users(&store).await.unwrap().is_empty(), "nothing half created");

    let kari = add_user(
        &store,
        &spec(
            "kari@example.no",
            &["owner:owner", "support:first"],
            Some("blåbærsyltetøy"),
        ),
        t(1),
    )
    .await
    .unwrap();
    assert!(verify_password(
        "blåbærsyltetøy",
        kari.password_hash.as_deref().unwrap()
    ));
    assert_eq!(
        refused(add_user(&store, &spec("KARI@example.no", &["admin"], None), t(2)).await),
        "a user with the e-mail address \"KARI@example.no\" already exists"
    );
    set_user_roles(&store, "kari@example.no", &["admin".into()], t(3))
        .await
        .unwrap();
    disable_user(&store, "kari@example.no", true, t(4)).await.unwrap();
    assert!(matches!(
        disable_user(&store, "nobody@example.no", true, t(4)).await,
        Err(ProvisioningError::UserNotFound(_))
    ));
    let listed = list_users(&store).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].email, "kari@example.no");
    assert_eq!(listed[0].roles, ["admin"]);
    assert!(listed[0].email_verified && listed[0].has_password && listed[0].disabled);
    assert_eq!(
        events(&store).await,
        [
            AuditEvent::UserCreated,
            AuditEvent::RolesChanged,
            AuditEvent::UserDisabled
        ]
    );
    store.close().await;
}

fn pending<'a>(
    id: &'a str,
    connector_id: u32,
    id_tag: &'a str,
    driver: Option<ladeklar_core::accounts::UserId>,
) -> crate::NewPendingSession<'a> {
    crate::NewPendingSession {
        id,
        charger_id: "CP-1",
        connector_id,
        id_tag,
        tariff_json: "{}",
        tariff_version_id: None,
        time_zone: "Europe/Oslo",
        driver,
    }
}
