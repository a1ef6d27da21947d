//! `ladeklar fault explain`, run as a process.

use crate::ladeklar;

#[test]
fn explains_every_standard_code() {
    for code in [
        "ConnectorLockFailure",
        "EVCommunicationError",
        "GroundFailure",
        "HighTemperature",
        "InternalError",
        "LocalListConflict",
        "NoError",
        "OtherError",
        "OverCurrentFailure",
        "OverVoltage",
        "PowerMeterFailure",
        "PowerSwitchFailure",
        "ReaderFailure",
        "ResetFailure",
        "UnderVoltage",
        "WeakSignal",
    ] {
        let (ok, out, err) = ladeklar(&["fault", "explain", "--error-code", code]);
        assert!(ok, "{code}: {err}");
        assert!(out.starts_with(&format!("{code}: ")), "{out}");
        assert!(out.contains(&format!("Knowledge entry: ocpp.{code}")), "{out}");
        assert!(out.contains("Driver sees (nb):"), "{out}");
    }
}

#[test]
fn ground_failure_needs_an_electrician() {
    let (ok, out, _) = ladeklar(&["fault", "explain", "--error-code", "GroundFailure"]);
    assert!(ok);
    assert!(out.contains("Remote remedies: none can help"), "{out}");
    assert!(out.contains("Field visit:     needed"), "{out}");
    assert!(out.contains("authorised electrician"), "{out}");
    assert!(out.contains("Safety hazard:   yes"), "{out}");
}

#[test]
fn vendor_code_and_category() {
    let (ok, out, err) = ladeklar(&[
        "fault",
        "explain",
        "--error-code",
        "OtherError",
        "--vendor-id",
        "Ladeklar",
        "--vendor-error-code",
        "LK-030",
        "--category",
        "payment_failed",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["entry_id"], "vendor.Ladeklar.LK-030");
    assert_eq!(v["remedies"][0], "soft_reset");
    assert_eq!(v["confidence"], 90);
}

#[test]
fn cable_stuck_unlocks_first() {
    let (ok, out, _) = ladeklar(&[
        "fault",
        "explain",
        "--error-code",
        "ConnectorLockFailure",
        "--category",
        "cable_stuck",
    ]);
    assert!(ok);
    assert!(
        out.contains("Remote remedies: 1. unlock connector, 2. soft reset, 3. hard reset"),
        "{out}"
    );
    assert!(
        out.contains("Verify by:       StatusNotification Available within 5 minutes"),
        "{out}"
    );
}

#[test]
fn bad_input_says_what_is_wrong() {
    let (ok, _, err) = ladeklar(&["fault", "explain", "--error-code", "Bogus"]);
    assert!(!ok);
    assert!(err.contains("unknown OCPP 1.6 error code \"Bogus\""), "{err}");
    let (ok, _, err) = ladeklar(&["fault", "explain", "--error-code", "NoError", "--category", "meh"]);
    assert!(!ok);
    assert!(err.contains("unknown report category \"meh\""), "{err}");
    let (ok, _, _) = ladeklar(&["fault", "explain", "--error-code", "OtherError", "--vendor-id", "X"]);
    assert!(!ok, "a vendor id needs a vendor error code");

    let dir = std::env::temp_dir().join(format!("ladeklar-fault-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(
        &file,
        r#"{"entries":[{"id":"acme.1","error_code":"OtherError","meaning":"m","likely_cause":"c","confidence":500,"remedies":[],"field_visit":{"when":"never"},"driver_message":{"en":"e","nb":"n"}}]}"#,
    )
    .unwrap();
    let (ok, _, err) = ladeklar(&[
        "fault",
        "explain",
        "--error-code",
        "OtherError",
        "--knowledge",
        file.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("acme.1"), "{err}");
    assert!(err.contains("confidence"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
