//! `ladeklar price`, run as the real binary.

use std::path::PathBuf;

use crate::output as ladeklar;

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ladeklar-price-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

const TARIFF: &str = r#"{"country_code":"DE","party_id":"ALL","id":"21","currency":"EUR","elements":[{"price_components":[
    {"type":"TIME","price":3.00,"vat":10.0,"step_size":60},{"type":"PARKING_TIME","price":5.00,"vat":20.0,"step_size":300}]}],
    "last_updated":"2018-12-17T17:00:43Z"}"#;

const CDR: &str = r#"{"start_date_time":"2022-01-13T16:00:00Z","end_date_time":"2022-01-13T19:12:00Z","currency":"EUR",
    "charging_periods":[
      {"start_date_time":"2022-01-13T16:00:00Z","dimensions":[{"type":"TIME","volume":2.5}]},
      {"start_date_time":"2022-01-13T18:30:00Z","dimensions":[{"type":"PARKING_TIME","volume":0.7}]}],
    "total_cost":{"excl_vat":11.25,"incl_vat":12.75}}"#;

#[test]
fn prints_the_cdr_totals_with_ocpi_names() {
    let d = tmp("ok");
    let t = write(&d, "tariff.json", TARIFF);
    let c = write(&d, "cdr.json", CDR);
    let out = ladeklar(&[
        "price",
        "--tariff",
        t.to_str().unwrap(),
        "--cdr",
        c.to_str().unwrap(),
        "--tz",
        "Europe/Amsterdam",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["total_cost"],
        serde_json::json!({"excl_vat": "11.25", "incl_vat": "12.75"})
    );
    assert_eq!(v["total_time_cost"]["excl_vat"], "7.50");
    assert_eq!(v["total_parking_cost"]["incl_vat"], "4.50");
    assert_eq!(v["total_fixed_cost"]["excl_vat"], "0.00");
    for field in [
        "total_energy",
        "total_energy_cost",
        "total_time",
        "total_parking_time",
        "periods",
    ] {
        assert!(v.get(field).is_some(), "{field} missing: {v}");
    }
    assert_eq!(v["periods"].as_array().unwrap().len(), 2);
}

#[test]
fn uses_the_tariffs_embedded_in_the_cdr() {
    let d = tmp("embedded");
    let cdr = CDR.replacen(
        r#""currency":"EUR","#,
        &format!(r#""currency":"EUR","tariffs":[{TARIFF}],"#),
        1,
    );
    let c = write(&d, "cdr.json", &cdr);
    let out = ladeklar(&["price", "--cdr", c.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total_cost"]["excl_vat"], "11.25");
}

#[test]
fn prices_a_cdr_with_a_partner_dimension_and_prints_the_note() {
    let d = tmp("custom-dimension");
    let t = write(&d, "tariff.json", TARIFF);
    let cdr = CDR.replace(
        r#"[{"type":"TIME","volume":2.5}]"#,
        r#"[{"type":"TIME","volume":2.5},{"type":"CO2_SAVED","volume":4.2}]"#,
    );
    assert_ne!(cdr, CDR);
    let c = write(&d, "cdr.json", &cdr);
    let out = ladeklar(&["price", "--tariff", t.to_str().unwrap(), "--cdr", c.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total_cost"]["excl_vat"], "11.25");
    assert_eq!(
        v["notes"],
        serde_json::json!([{"note": "unknown_cdr_dimensions_ignored", "types": ["CO2_SAVED"]}])
    );
}

#[test]
fn names_the_bad_field_and_fails() {
    let d = tmp("bad");
    let t = write(&d, "tariff.json", &TARIFF.replace("PARKING_TIME", "PARKING"));
    let c = write(&d, "cdr.json", CDR);
    let out = ladeklar(&["price", "--tariff", t.to_str().unwrap(), "--cdr", c.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("elements[0].price_components[1].type"), "{err}");

    let t = write(&d, "tariff.json", TARIFF);
    let c = write(&d, "cdr.json", &CDR.replace(r#""volume":0.7"#, r#""volume":"x""#));
    let out = ladeklar(&["price", "--tariff", t.to_str().unwrap(), "--cdr", c.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("charging_periods[1].dimensions[0].volume"), "{err}");

    let out = ladeklar(&["price", "--cdr", c.to_str().unwrap(), "--tz", "Mars/Olympus"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--tz"));
}
