//! `ladeklar sla deadlines`, run as a process.

use crate::ladeklar;

#[test]
fn friday_evening_under_business_hours() {
    let (ok, out, err) = ladeklar(&[
        "sla",
        "deadlines",
        "--level",
        "basic",
        "--priority",
        "P1",
        "--opened",
        "2026-11-20T19:30:00+01:00",
        "--tz",
        "Europe/Oslo",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("SLA level Basic, P1, business hours 08:00–16:00"), "{out}");
    // Response 60 working minutes → Monday 09:00.
    assert!(out.contains("due Mon 2026-11-23 09:00 CET"), "{out}");
    // On site 960 working minutes = two working days → Tuesday 16:00.
    assert!(out.contains("due Tue 2026-11-24 16:00 CET"), "{out}");
}

#[test]
fn json_and_24x7() {
    let (ok, out, err) = ladeklar(&[
        "sla",
        "deadlines",
        "--level",
        "Premium",
        "--priority",
        "p2",
        "--opened",
        "2026-03-28T23:00:00+01:00",
        "--tz",
        "Europe/Oslo",
        "--calendar",
        "24x7",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["deadlines"].as_array().unwrap().len(), 4);
    assert_eq!(v["deadlines"][0]["clock"], "response");
    assert_eq!(v["deadlines"][0]["deadline"], "2026-03-28T22:30:00Z");
    assert_eq!(v["deadlines"][2]["deadline_local"], "2026-03-29T01:00:00+01:00");
    // Across the spring DST change: 24 real hours after 23:00 CET is 00:00 CEST, not 23:00.
    assert_eq!(v["deadlines"][3]["deadline_local"], "2026-03-30T00:00:00+02:00");
}

#[test]
fn bad_input_says_what_is_wrong() {
    let base = [
        "sla",
        "deadlines",
        "--priority",
        "P1",
        "--opened",
        "2026-11-20T19:30:00Z",
    ];
    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        ladeklar(&args)
    };
    let (ok, _, err) = run(&["--level", "Gold", "--tz", "Europe/Oslo"]);
    assert!(!ok);
    assert!(
        err.contains("unknown SLA level \"Gold\"; known levels: Basic, Standard, Premium"),
        "{err}"
    );
    let (ok, _, err) = run(&["--level", "Basic", "--tz", "Mars/Olympus"]);
    assert!(!ok);
    assert!(err.contains("not an IANA time zone"), "{err}");
    let (ok, _, err) = run(&["--level", "Basic", "--tz", "Europe/Oslo", "--calendar", "weekends"]);
    assert!(!ok);
    assert!(err.contains("unknown calendar"), "{err}");
    let (ok, _, err) = ladeklar(&[
        "sla",
        "deadlines",
        "--level",
        "Basic",
        "--priority",
        "P9",
        "--opened",
        "yesterday",
        "--tz",
        "Europe/Oslo",
    ]);
    assert!(!ok);
    assert!(err.contains("unknown priority"), "{err}");
}
