//! `ladeklar charger|token` run as the real binary against a server's data folder; the
//! server then lets the new charger in with its password and authorizes the new tokens.

use std::path::Path;

use ladeklar_server::{Config, Server};
use serde_json::{json, Value};

use crate::ocpp_client::{call, connect};

const PASSWORD: &str = "k3y-For-NEW-CP-0001";

/// Runs `ladeklar ARGS --data-dir DIR --database-url URL` (the test server's database: the
/// SQLite file in DIR, or its PostgreSQL database); returns (success, stdout, stderr).
fn ladeklar(data: &Path, args: &[&str]) -> (bool, String, String) {
    let url = Config::for_tests(data.to_path_buf()).database_url();
    let data = data.to_str().expect("temp paths are UTF-8");
    let mut all = args.to_vec();
    all.extend(["--data-dir", data, "--database-url", &url]);
    crate::ladeklar(&all)
}

fn refused(data: &Path, args: &[&str], naming: &str) {
    let (ok, _, stderr) = ladeklar(data, args);
    assert!(!ok, "{args:?} must fail");
    assert!(stderr.contains(naming), "{args:?}: {stderr:?} does not name {naming:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn provisioned_chargers_connect_and_provisioned_tokens_authorize() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(Config::for_tests(data.path().to_path_buf()))
        .await
        .unwrap();
    let dir = data.path();

    // Bad input: each refused, naming the field, and nothing written.
    let add = |id: &'static str, site: &'static str, connector: &'static str, password: &'static str| {
        vec![
            "charger",
            "add",
            id,
            "--site",
            site,
            "--connector",
            connector,
            "--password",
            password,
        ]
    };
    refused(
        dir,
        &add("NEW-CP-1", "oslo-storo", "1:ccs2:dc:150", "short"),
        "password",
    );
    refused(
        dir,
        &add("NEW-CP-1", "oslo-storo", "1:ccs2:dc", PASSWORD),
        "--connector",
    );
    refused(
        dir,
        &add("NEW-CP-1", "oslo-storo", "1:tesla:dc:150", PASSWORD),
        "--connector",
    );
    refused(dir, &add("NEW-CP-1", "nowhere", "1:ccs2:dc:150", PASSWORD), "site");
    refused(dir, &add("NEW/CP", "oslo-storo", "1:ccs2:dc:150", PASSWORD), "identity");
    let (_, listed, _) = ladeklar(dir, &["charger", "list"]);
    assert!(!listed.contains("NEW-CP-1") && !listed.contains("NEW/CP"), "{listed}");

    // Two chargers registered.
    let (ok, _, stderr) = ladeklar(
        dir,
        &[
            "charger",
            "add",
            "NEW-CP-1",
            "--site",
            "oslo-storo",
            "--connector",
            "1:ccs2:dc:150",
            "--connector",
            "2:type2:ac:22",
            "--password",
            PASSWORD,
            "--vendor",
            "Acme",
        ],
    );
    assert!(ok, "{stderr}");
    assert!(ladeklar(dir, &add("NEW-CP-2", "oslo-storo", "1:type2:ac:22", PASSWORD)).0);
    refused(
        dir,
        &add("NEW-CP-2", "oslo-storo", "1:type2:ac:22", PASSWORD),
        "already registered",
    );
    let (_, listed, _) = ladeklar(dir, &["charger", "list"]);
    let line = listed.lines().find(|l| l.starts_with("NEW-CP-1\t")).expect(&listed);
    assert!(
        line.contains("oslo-storo") && line.contains("1:ccs2:dc:150 2:type2:ac:22"),
        "{line}"
    );
    assert!(line.contains("accepted") && line.contains("password set"), "{line}");

    // Tokens: a group and a member; bad ones refused.
    assert!(ladeklar(dir, &["token", "add", "CLI-FLEET"]).0);
    let (ok, _, stderr) = ladeklar(
        dir,
        &[
            "token",
            "add",
            "CLI-0001",
            "--parent",
            "CLI-FLEET",
            "--expiry",
            "2099-01-01T00:00:00Z",
        ],
    );
    assert!(ok, "{stderr}");
    refused(
        dir,
        &["token", "add", "CLI-0002", "--parent", "NO-SUCH-GROUP"],
        "parent",
    );
    refused(dir, &["token", "add", &"X".repeat(21)], "id tag");
    refused(
        dir,
        &["token", "add", "CLI-0003", "--expiry", "next tuesday"],
        "--expiry",
    );
    refused(dir, &["token", "add", "CLI-0003", "--status", "maybe"], "--status");
    refused(dir, &["token", "block", "NO-SUCH-TAG"], "NO-SUCH-TAG");
    let (_, tokens, _) = ladeklar(dir, &["token", "list", "--json"]);
    let member: Value = tokens
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|t| t["id_tag"] == "CLI-0001")
        .expect(&tokens);
    assert_eq!(member["parent_id_tag"], "CLI-FLEET");
    assert!(!tokens.contains("CLI-0002") && !tokens.contains("CLI-0003"), "{tokens}");

    // The running server lets the new charger in with its password only.
    assert_eq!(
        connect(&server, "NEW-CP-1", "wrong-password-000").await.err(),
        Some(401)
    );
    let mut cp = connect(&server, "NEW-CP-1", PASSWORD).await.expect("accepted");
    let boot = call(
        &mut cp,
        "b",
        "BootNotification",
        json!({"chargePointVendor": "Acme", "chargePointModel": "X"}),
    )
    .await;
    assert_eq!(boot["status"], "Accepted");
    let auth = call(&mut cp, "a1", "Authorize", json!({"idTag": "CLI-0001"})).await;
    assert_eq!(auth["idTagInfo"]["status"], "Accepted", "{auth}");
    assert_eq!(auth["idTagInfo"]["parentIdTag"], "CLI-FLEET", "{auth}");
    let start = call(
        &mut cp,
        "s",
        "StartTransaction",
        json!({"connectorId": 1, "idTag": "CLI-0001", "meterStart": 1000, "timestamp": "2026-11-24T10:00:00Z"}),
    )
    .await;
    assert_eq!(start["idTagInfo"]["status"], "Accepted", "{start}");

    assert!(ladeklar(dir, &["token", "block", "CLI-0001"]).0);
    let auth = call(&mut cp, "a2", "Authorize", json!({"idTag": "CLI-0001"})).await;
    assert_eq!(auth["idTagInfo"]["status"], "Blocked", "{auth}");

    // A charger with a session is kept; one without history is removed.
    refused(dir, &["charger", "remove", "NEW-CP-1"], "session");
    assert!(ladeklar(dir, &["charger", "remove", "NEW-CP-2"]).0);
    refused(dir, &["charger", "remove", "NEW-CP-2"], "not registered");
    let (_, listed, _) = ladeklar(dir, &["charger", "list"]);
    assert!(
        listed.contains("NEW-CP-1\t") && !listed.contains("NEW-CP-2"),
        "{listed}"
    );
    assert_eq!(connect(&server, "NEW-CP-2", PASSWORD).await.err(), Some(404));
    server.shutdown().await;
}
