//! Accounts end to end, with a real SMTP server (aiosmtpd) whose mails the tests read the
//! links from: sign up → confirm → sign in (cookies, CSRF) → sign out; bad input; the
//! sign-in limit reached and lifted; links single-use and expiring; sign out everywhere;
//! password change and reset; disabled and deleted accounts; admins' users and audit log.
//! Time moves by the server's clock (`Clock::advance`), never by waiting.

use chrono::TimeDelta;
use reqwest::header::{HeaderMap, COOKIE, SET_COOKIE};
use reqwest::{Client, Response};
use serde_json::{json, Value};

use crate::mailbox::{link_token, Mailbox};
use crate::support::{token_for, TestApp};

const PASSWORD: &str = "fjord lights at dusk";

async fn app_with_mail() -> (TestApp, Mailbox) {
    let mailbox = Mailbox::start().await;
    let url = mailbox.url();
    let app = TestApp::start_with(move |c| c.smtp_url = Some(url)).await;
    (app, mailbox)
}

async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    body: Option<Value>,
    headers: HeaderMap,
) -> (u16, Value, HeaderMap) {
    let client = Client::new();
    let url = app.url(path);
    let mut request = match method {
        "GET" => client.get(url),
        "POST" => client.post(url),
        "PUT" => client.put(url),
        "DELETE" => client.delete(url),
        other => panic!("{other}"),
    }
    .headers(headers);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response: Response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null), headers)
}

fn bearer(token: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("authorization", format!("Bearer {token}").parse().unwrap());
    h
}

async fn sign_up(app: &TestApp, email: &str, password: &str) -> (u16, Value) {
    let (s, v, _) = call(
        app,
        "POST",
        "/api/v1/account/sign-up",
        Some(json!({"email": email, "password": password})),
        HeaderMap::new(),
    )
    .await;
    (s, v)
}

async fn sign_in_bearer(app: &TestApp, email: &str, password: &str) -> (u16, Value) {
    let (s, v, _) = call(
        app,
        "POST",
        "/api/v1/account/sign-in",
        Some(json!({"email": email, "password": password, "bearer": true})),
        HeaderMap::new(),
    )
    .await;
    (s, v)
}

async fn verify(app: &TestApp, token: &str) -> (u16, Value) {
    let (s, v, _) = call(
        app,
        "POST",
        "/api/v1/account/verify-email",
        Some(json!({"token": token})),
        HeaderMap::new(),
    )
    .await;
    (s, v)
}

/// A confirmed driver with a bearer token.
async fn driver(app: &TestApp, mailbox: &Mailbox, email: &str) -> String {
    assert_eq!(sign_up(app, email, PASSWORD).await.0, 202);
    let mail = mailbox.wait_for_mail(email, 1).await;
    assert_eq!(verify(app, &link_token(&mail, "verify")).await.0, 200);
    let (status, body) = sign_in_bearer(app, email, PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().expect("token").to_owned()
}

fn cookies_of(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

#[tokio::test]
async fn sign_up_confirm_sign_in_with_cookies_and_csrf_then_sign_out() {
    let (app, mailbox) = app_with_mail().await;
    let email = "kari.nordmann@example.no";
    let (status, notice) = sign_up(&app, email, PASSWORD).await;
    assert_eq!(status, 202, "{notice}");
    let first = mailbox.wait_for_mail(email, 1).await;
    assert!(first.contains("Confirm your e-mail"), "{first}");

    // Signing up again answers the same; the mail tells the owner instead.
    let (again, notice2) = sign_up(&app, email, "another fine passphrase").await;
    assert_eq!((again, &notice2), (202, &notice));
    let second = mailbox.wait_for_mail(email, 2).await;
    assert!(
        second.contains("already has an account") && !second.contains("/account/verify"),
        "{second}"
    );

    // Not confirmed: sign-in refuses and mails a new link, which replaces the first.
    let (status, problem) = sign_in_bearer(&app, email, PASSWORD).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (403, Some("email_not_verified")),
        "{problem}"
    );
    let third = mailbox.wait_for_mail(email, 3).await;
    let (status, problem) = verify(&app, &link_token(&first, "verify")).await;
    assert_eq!((status, problem["code"].as_str()), (400, Some("link_invalid")));
    assert!(problem["detail"].as_str().unwrap().contains("replaced"), "{problem}");
    let newest = link_token(&third, "verify");
    let (status, account) = verify(&app, &newest).await;
    assert_eq!(
        (status, account["email_verified"].as_bool()),
        (200, Some(true)),
        "{account}"
    );
    let (status, problem) = verify(&app, &newest).await;
    assert!(
        status == 400 && problem["detail"].as_str().unwrap().contains("already used"),
        "{problem}"
    );

    // Sign in as a web page: HttpOnly session cookie and the CSRF cookie.
    let (status, body, headers) = call(
        &app,
        "POST",
        "/api/v1/account/sign-in",
        Some(json!({"email": "Kari.Nordmann@EXAMPLE.no", "password": PASSWORD})),
        HeaderMap::new(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.get("token").is_none(),
        "a web sign-in gets no token in the body: {body}"
    );
    let raw: Vec<String> = headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        raw.iter()
            .any(|c| c.starts_with("ladeklar_session=") && c.contains("HttpOnly") && c.contains("SameSite=Strict")),
        "{raw:?}"
    );
    let cookies = cookies_of(&headers);
    let session = cookies.iter().find(|(k, _)| k == "ladeklar_session").unwrap().1.clone();
    let csrf = cookies.iter().find(|(k, _)| k == "ladeklar_csrf").unwrap().1.clone();
    let mut with_cookie = HeaderMap::new();
    with_cookie.insert(
        COOKIE,
        format!("ladeklar_session={session}; ladeklar_csrf={csrf}")
            .parse()
            .unwrap(),
    );
    let (status, me, _) = call(&app, "GET", "/api/v1/account", None, with_cookie.clone()).await;
    assert_eq!((status, me["email"].as_str()), (200, Some(email)), "{me}");
    assert_eq!(me["roles"], json!([{"role": "driver"}]));

    // A state-changing request by cookie without, or with a wrong, CSRF token is refused.
    let (status, problem, _) = call(&app, "POST", "/api/v1/account/sign-out", None, with_cookie.clone()).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (403, Some("csrf_rejected")),
        "{problem}"
    );
    let mut wrong = with_cookie.clone();
    wrong.insert("x-csrf-token", "0".repeat(64).parse().unwrap());
    let (status, _, _) = call(&app, "POST", "/api/v1/account/sign-out", None, wrong).await;
    assert_eq!(status, 403);
    // The refused sign-out changed nothing.
    assert_eq!(
        call(&app, "GET", "/api/v1/account", None, with_cookie.clone()).await.0,
        200
    );
    let mut right = with_cookie.clone();
    right.insert("x-csrf-token", csrf.parse().unwrap());
    let (status, _, headers) = call(&app, "POST", "/api/v1/account/sign-out", None, right).await;
    assert_eq!(status, 204);
    assert!(
        cookies_of(&headers).iter().all(|(_, v)| v.is_empty()),
        "cookies cleared"
    );
    let (status, problem, _) = call(&app, "GET", "/api/v1/account", None, with_cookie).await;
    assert_eq!((status, problem["code"].as_str()), (401, Some("sign_in_required")));
    assert!(problem["detail"].as_str().unwrap().contains("signed out"), "{problem}");
}

#[tokio::test]
async fn bad_sign_ups_say_what_is_wrong_and_create_nothing() {
    let (app, mailbox) = app_with_mail().await;
    for (email, password, code, says) in [
        ("kari@", PASSWORD, "invalid_email", "e-mail"),
        ("kari@example.no", "short", "weak_password", "at least 8"),
        ("kari@example.no", "password1", "weak_password", "common"),
        ("kari@example.no", "kari@example.no", "weak_password", "e-mail"),
    ] {
        let (status, problem) = sign_up(&app, email, password).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (400, Some(code)),
            "{email} {password}: {problem}"
        );
        assert!(problem["detail"].as_str().unwrap().contains(says), "{problem}");
    }
    let (status, problem, _) = call(
        &app,
        "POST",
        "/api/v1/account/sign-up",
        Some(json!({"email": "a@b.no"})),
        HeaderMap::new(),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("invalid_request")),
        "{problem}"
    );
    assert!(problem["detail"].as_str().unwrap().contains("password"), "{problem}");
    // Nothing was created: the address is still free and no mail went out.
    assert!(mailbox.mails().is_empty());
    let (status, _) = sign_in_bearer(&app, "kari@example.no", "password1").await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn sign_up_without_a_mail_server_is_refused_before_anything_is_created() {
    let app = TestApp::start().await;
    let (status, problem) = sign_up(&app, "kari@example.no", PASSWORD).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (503, Some("mail_unavailable")),
        "{problem}"
    );
    let email = ladeklar_core::accounts::parse_email("kari@example.no").unwrap();
    assert!(app.server.store().user_by_email(&email).await.unwrap().is_none());
}

#[tokio::test]
async fn the_sign_in_limit_locks_after_five_failures_and_lifts_after_fifteen_minutes() {
    let (app, mailbox) = app_with_mail().await;
    let email = "ola@example.no";
    driver(&app, &mailbox, email).await;
    for _ in 0..5 {
        assert_eq!(sign_in_bearer(&app, email, "not my password").await.0, 401);
    }
    // Locked: even the right password is not tried, and an unknown address is answered alike.
    let (status, problem) = sign_in_bearer(&app, email, PASSWORD).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (429, Some("sign_in_locked")),
        "{problem}"
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("try again after"),
        "{problem}"
    );
    app.server.clock().advance(TimeDelta::minutes(14));
    assert_eq!(
        sign_in_bearer(&app, email, PASSWORD).await.0,
        429,
        "still locked at 14 minutes"
    );
    app.server.clock().advance(TimeDelta::minutes(2));
    assert_eq!(
        sign_in_bearer(&app, email, PASSWORD).await.0,
        200,
        "lifted after 15 minutes"
    );

    // Per address: 20 failures over many addresses lock this client out for any account.
    for i in 0..20 {
        assert_eq!(
            sign_in_bearer(&app, &format!("nobody{i}@example.no"), "guess").await.0,
            401
        );
    }
    assert_eq!(sign_in_bearer(&app, email, PASSWORD).await.0, 429);

    // The admin reads the failures and lock-outs in the audit log.
    let (status, log, _) = call(
        &app,
        "GET",
        "/api/v1/audit?limit=500",
        None,
        bearer(&token_for(&app.server, "admin@demo.ladeklar.no").await),
    )
    .await;
    assert_eq!(status, 200, "{log}");
    let events: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["event"].as_str())
        .collect();
    for event in [
        "user_created",
        "email_verified",
        "signed_in",
        "sign_in_failed",
        "locked_out",
    ] {
        assert!(events.contains(&event), "{event} not in {events:?}");
    }
    let (status, _, _) = call(
        &app,
        "GET",
        "/api/v1/audit",
        None,
        bearer(&token_for(&app.server, email).await),
    )
    .await;
    assert_eq!(status, 403, "drivers do not read the audit log");
}

#[tokio::test]
async fn reset_links_expire_after_an_hour_and_work_once() {
    let (app, mailbox) = app_with_mail().await;
    let email = "per@example.no";
    let old_token = driver(&app, &mailbox, email).await;
    let reset = |app: &TestApp| {
        let app_url = app.url("/api/v1/account/password-reset");
        async move {
            let r = Client::new()
                .post(app_url)
                .json(&json!({"email": email}))
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        }
    };
    assert_eq!(reset(&app).await, 202);
    // The same answer for an address without an account, and no mail for it.
    let (status, _, _) = call(
        &app,
        "POST",
        "/api/v1/account/password-reset",
        Some(json!({"email": "ghost@example.no"})),
        HeaderMap::new(),
    )
    .await;
    assert_eq!(status, 202);
    let expired = link_token(&mailbox.wait_for_mail(email, 2).await, "reset");
    app.server.clock().advance(TimeDelta::minutes(61));
    let confirm = |token: String, password: &'static str| {
        let url = app.url("/api/v1/account/password-reset/confirm");
        async move {
            let r = Client::new()
                .post(url)
                .json(&json!({"token": token, "new_password": password}))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, problem) = confirm(expired, "a brand new passphrase").await;
    assert!(
        status == 400 && problem["detail"].as_str().unwrap().contains("expired"),
        "{problem}"
    );

    assert_eq!(reset(&app).await, 202);
    let token = link_token(&mailbox.wait_for_mail(email, 3).await, "reset");
    let (status, problem) = confirm(token.clone(), "password").await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("weak_password")),
        "a refused password leaves the link usable"
    );
    assert_eq!(confirm(token.clone(), "a brand new passphrase").await.0, 204);
    let (status, problem) = confirm(token, "yet another passphrase").await;
    assert!(
        status == 400 && problem["detail"].as_str().unwrap().contains("already used"),
        "{problem}"
    );
    assert!(!mailbox.mails().iter().any(|m| m.contains("To: ghost@example.no")));

    // The reset ended the old sign-in; the old password no longer works, the new one does.
    assert_eq!(
        call(&app, "GET", "/api/v1/account", None, bearer(&old_token)).await.0,
        401
    );
    assert_eq!(sign_in_bearer(&app, email, PASSWORD).await.0, 401);
    assert_eq!(sign_in_bearer(&app, email, "a brand new passphrase").await.0, 200);
    // A verification link expires after 24 hours.
    assert_eq!(sign_up(&app, "late@example.no", PASSWORD).await.0, 202);
    let late = link_token(&mailbox.wait_for_mail("late@example.no", 1).await, "verify");
    app.server.clock().advance(TimeDelta::hours(24));
    let (status, problem) = verify(&app, &late).await;
    assert!(
        status == 400 && problem["detail"].as_str().unwrap().contains("expired"),
        "{problem}"
    );
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_token_and_a_password_change_every_other() {
    let (app, mailbox) = app_with_mail().await;
    let email = "liv@example.no";
    let phone = driver(&app, &mailbox, email).await;
    let laptop = sign_in_bearer(&app, email, PASSWORD).await.1["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _, _) = call(
        &app,
        "POST",
        "/api/v1/account/sign-out-everywhere",
        None,
        bearer(&phone),
    )
    .await;
    assert_eq!(status, 204);
    for token in [&phone, &laptop] {
        assert_eq!(call(&app, "GET", "/api/v1/account", None, bearer(token)).await.0, 401);
    }

    let a = sign_in_bearer(&app, email, PASSWORD).await.1["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = sign_in_bearer(&app, email, PASSWORD).await.1["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, problem, _) = call(
        &app,
        "POST",
        "/api/v1/account/password",
        Some(json!({"current_password": "not it", "new_password": "changed passphrase here"})),
        bearer(&a),
    )
    .await;
    assert_eq!((status, problem["code"].as_str()), (401, Some("invalid_credentials")));
    let (status, changed, _) = call(
        &app,
        "POST",
        "/api/v1/account/password",
        Some(json!({"current_password": PASSWORD, "new_password": "changed passphrase here"})),
        bearer(&a),
    )
    .await;
    assert_eq!(status, 200, "{changed}");
    let new = changed["token"].as_str().expect("a bearer client gets its new token");
    assert_eq!(call(&app, "GET", "/api/v1/account", None, bearer(&a)).await.0, 401);
    assert_eq!(call(&app, "GET", "/api/v1/account", None, bearer(&b)).await.0, 401);
    assert_eq!(call(&app, "GET", "/api/v1/account", None, bearer(new)).await.0, 200);
}

#[tokio::test]
async fn disabled_and_deleted_accounts_cannot_sign_in_and_their_tokens_say_why() {
    let (app, mailbox) = app_with_mail().await;
    let admin = bearer(&token_for(&app.server, "admin@demo.ladeklar.no").await);
    let email = "siri@example.no";
    let token = driver(&app, &mailbox, email).await;
    let (_, me, _) = call(&app, "GET", "/api/v1/account", None, bearer(&token)).await;
    let id = me["id"].as_str().unwrap().to_owned();
    let (status, user, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/users/{id}/disabled"),
        Some(json!({"disabled": true})),
        admin.clone(),
    )
    .await;
    assert_eq!((status, user["disabled"].as_bool()), (200, Some(true)), "{user}");
    let (status, problem, _) = call(&app, "GET", "/api/v1/account", None, bearer(&token)).await;
    assert!(
        status == 401 && problem["detail"].as_str().unwrap().contains("disabled"),
        "{problem}"
    );
    let (status, problem) = sign_in_bearer(&app, email, PASSWORD).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (403, Some("account_disabled")),
        "{problem}"
    );
    assert_eq!(
        sign_in_bearer(&app, email, "wrong password").await.0,
        401,
        "a wrong password says nothing more"
    );
    call(
        &app,
        "PUT",
        &format!("/api/v1/users/{id}/disabled"),
        Some(json!({"disabled": false})),
        admin.clone(),
    )
    .await;

    // Export, then delete: the sessions stay, anonymised; the token says the account is gone.
    let token = sign_in_bearer(&app, email, PASSWORD).await.1["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, export, headers) = call(&app, "GET", "/api/v1/account/export", None, bearer(&token)).await;
    assert_eq!(
        (status, export["account"]["email"].as_str()),
        (200, Some(email)),
        "{export}"
    );
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("ladeklar-data.json"));
    assert!(export["security_events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["event"] == "signed_in"));
    let (status, _, _) = call(
        &app,
        "DELETE",
        "/api/v1/account",
        Some(json!({"password": "wrong"})),
        bearer(&token),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _, _) = call(
        &app,
        "DELETE",
        "/api/v1/account",
        Some(json!({"password": PASSWORD})),
        bearer(&token),
    )
    .await;
    assert_eq!(status, 204);
    let (status, problem, _) = call(&app, "GET", "/api/v1/account", None, bearer(&token)).await;
    assert!(
        status == 401 && problem["detail"].as_str().unwrap().contains("deleted"),
        "{problem}"
    );
    assert_eq!(sign_in_bearer(&app, email, PASSWORD).await.0, 401);
    let (_, users, _) = call(&app, "GET", "/api/v1/users", None, admin).await;
    let gone = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == id.as_str())
        .unwrap();
    assert_eq!(
        (gone["deleted"].as_bool(), gone["email"].as_str()),
        (Some(true), Some("")),
        "{gone}"
    );
}

#[tokio::test]
async fn an_admin_adds_staff_who_set_their_password_from_the_mailed_link() {
    let (app, mailbox) = app_with_mail().await;
    let admin = bearer(&token_for(&app.server, "admin@demo.ladeklar.no").await);
    let new = json!({"email": "tekniker@example.no", "roles": [{"role": "technician"}, {"role": "owner", "owner_id": "owner-nordlys"}]});
    let (status, user, _) = call(&app, "POST", "/api/v1/users", Some(new.clone()), admin.clone()).await;
    assert_eq!(status, 201, "{user}");
    let (status, problem, _) = call(&app, "POST", "/api/v1/users", Some(new), admin.clone()).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("email_taken")));
    let (status, problem, _) = call(
        &app,
        "POST",
        "/api/v1/users",
        Some(json!({"email": "x@example.no", "roles": [{"role": "owner", "owner_id": "owner-nobody"}]})),
        admin.clone(),
    )
    .await;
    assert!(
        status == 400 && problem["detail"].as_str().unwrap().contains("owner-nobody"),
        "{problem}"
    );
    let mail = mailbox.wait_for_mail("tekniker@example.no", 1).await;
    let token = link_token(&mail, "reset");
    let (status, _, _) = call(
        &app,
        "POST",
        "/api/v1/account/password-reset/confirm",
        Some(json!({"token": token, "new_password": "workshop passphrase"})),
        HeaderMap::new(),
    )
    .await;
    assert_eq!(status, 204);
    let (status, signed_in) = sign_in_bearer(&app, "tekniker@example.no", "workshop passphrase").await;
    assert_eq!(status, 200, "{signed_in}");
    let id = user["id"].as_str().unwrap();
    let (status, changed, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/users/{id}/roles"),
        Some(json!({"roles": [{"role": "support", "line": "second"}]})),
        admin,
    )
    .await;
    assert_eq!(
        (status, &changed["roles"]),
        (200, &json!([{"role": "support", "line": "second"}])),
        "{changed}"
    );
}
