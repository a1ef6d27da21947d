//! `ladeklar user add|list|role|disable` run as the real binary against a fresh data folder:
//! staff accounts with roles, the password from stdin or the environment (never printed),
//! and every bad input refused with one line naming the field, writing nothing.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

const PASSWORD: &str = "lyn-Over-Storo-2026";

/// Runs `ladeklar ARGS --data-dir DIR` with `stdin` piped in and `env` set; returns
/// (success, stdout, stderr).
fn run(data: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ladeklar"));
    cmd.args(args)
        .args(["--data-dir", data.to_str().expect("temp paths are UTF-8")])
        .env_remove("DATABASE_URL")
        .env_remove("LADEKLAR_USER_PASSWORD")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("ladeklar runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    pipe.write_all(stdin.unwrap_or("").as_bytes())
        .expect("stdin takes the password");
    drop(pipe);
    let out = child.wait_with_output().expect("ladeklar finishes");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(data: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> String {
    let (ok, stdout, stderr) = run(data, args, stdin, env);
    assert!(ok, "{args:?} failed: {stderr}");
    assert!(
        !stdout.contains(PASSWORD) && !stderr.contains(PASSWORD),
        "{args:?} printed the password"
    );
    assert!(!stdout.contains("$argon2"), "{args:?} printed a hash");
    stdout
}

fn refused(data: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)], naming: &str) {
    let (ok, stdout, stderr) = run(data, args, stdin, env);
    assert!(!ok, "{args:?} must fail");
    assert_eq!(stdout, "", "{args:?} printed {stdout:?}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr:?} is not one line");
    assert!(stderr.contains(naming), "{args:?}: {stderr:?} does not name {naming:?}");
}

fn listing(data: &Path) -> Vec<Value> {
    ok(data, &["user", "list", "--json"], None, &[])
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect()
}

#[test]
fn staff_accounts_are_added_listed_changed_and_disabled() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let stdin = format!("{PASSWORD}\n");

    let out = ok(
        dir,
        &[
            "user",
            "add",
            "kari@ladeklar.no",
            "--role",
            "technician",
            "--role",
            "support:second",
            "--password-stdin",
        ],
        Some(&stdin),
        &[],
    );
    assert!(out.contains("kari@ladeklar.no"), "{out}");
    // The password may come from the environment instead; with neither, none is set.
    ok(
        dir,
        &["user", "add", "ola@ladeklar.no", "--role", "admin"],
        None,
        &[("LADEKLAR_USER_PASSWORD", PASSWORD)],
    );
    ok(dir, &["user", "add", "per@ladeklar.no", "--role", "driver"], None, &[]);

    let text = ok(dir, &["user", "list"], None, &[]);
    let kari = text.lines().find(|l| l.contains("kari@ladeklar.no")).expect(&text);
    assert!(
        kari.contains("support:second,technician") && kari.contains("active"),
        "{kari}"
    );
    assert!(kari.contains("password set"), "{kari}");
    let per = text.lines().find(|l| l.contains("per@ladeklar.no")).expect(&text);
    assert!(per.contains("no password"), "{per}");

    let users = listing(dir);
    assert_eq!(users.len(), 3);
    let kari = users.iter().find(|u| u["email"] == "kari@ladeklar.no").unwrap();
    assert_eq!(kari["roles"], serde_json::json!(["support:second", "technician"]));
    assert_eq!(kari["has_password"], true);
    assert_eq!(kari["disabled"], false);
    let ola = users.iter().find(|u| u["email"] == "ola@ladeklar.no").unwrap();
    assert_eq!(ola["roles"], serde_json::json!(["admin"]));
    assert_eq!(ola["has_password"], true);

    ok(
        dir,
        &["user", "role", "kari@ladeklar.no", "--role", "support:third"],
        None,
        &[],
    );
    ok(dir, &["user", "disable", "kari@ladeklar.no"], None, &[]);
    let users = listing(dir);
    let kari = users.iter().find(|u| u["email"] == "kari@ladeklar.no").unwrap();
    assert_eq!(kari["roles"], serde_json::json!(["support:third"]));
    assert_eq!(kari["disabled"], true);
    let text = ok(dir, &["user", "list"], None, &[]);
    let line = text.lines().find(|l| l.contains("kari@ladeklar.no")).expect(&text);
    assert!(line.contains("support:third") && line.contains("disabled"), "{line}");

    // Bad input: each refused with one line naming the field, and nothing written.
    let before = listing(dir);
    let add = |email: &'static str, role: &'static str| vec!["user", "add", email, "--role", role, "--password-stdin"];
    refused(dir, &add("not-an-address", "technician"), Some(&stdin), &[], "email");
    refused(
        dir,
        &add("new@ladeklar.no", "technician"),
        Some("short\n"),
        &[],
        "password",
    );
    refused(
        dir,
        &add("new@ladeklar.no", "technician"),
        Some("password\n"),
        &[],
        "password",
    );
    refused(
        dir,
        &["user", "add", "new@ladeklar.no", "--role", "technician"],
        None,
        &[("LADEKLAR_USER_PASSWORD", "12345678")],
        "password",
    );
    refused(dir, &add("new@ladeklar.no", "boss"), Some(&stdin), &[], "role");
    refused(
        dir,
        &add("new@ladeklar.no", "support:fourth"),
        Some(&stdin),
        &[],
        "role",
    );
    refused(
        dir,
        &add("new@ladeklar.no", "owner:no-such-owner"),
        Some(&stdin),
        &[],
        "owner",
    );
    refused(dir, &add("ola@ladeklar.no", "technician"), Some(&stdin), &[], "e-mail");
    refused(
        dir,
        &["user", "role", "nobody@ladeklar.no", "--role", "admin"],
        None,
        &[],
        "e-mail",
    );
    refused(
        dir,
        &["user", "role", "per@ladeklar.no", "--role", "owner:nope"],
        None,
        &[],
        "owner",
    );
    refused(dir, &["user", "disable", "nobody@ladeklar.no"], None, &[], "e-mail");
    assert_eq!(listing(dir), before, "a refused command wrote something");
}
