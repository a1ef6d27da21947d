//! Data-driven pricing tests: each `tests/data/pricing/*.json` holds a tariff, an OCPI 2.2.1
//! CDR, the site's zone and the expected CDR totals. One `check` helper for all of them.

use ladeklar_core::pricing::cdr::{price_cdr, Cdr, CdrTotals};
use ladeklar_core::tariff::Tariff;

fn check(path: &std::path::Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let case: serde_json::Value = serde_json::from_str(&text).unwrap();
    let tariff = Tariff::from_json(&case["tariff"].to_string()).unwrap();
    let cdr = Cdr::from_json(&case["cdr"].to_string()).unwrap();
    let tz: chrono_tz::Tz = case["tz"].as_str().unwrap().parse().unwrap();
    let priced = price_cdr(&cdr, &[tariff], tz).unwrap();
    let totals = serde_json::to_value(CdrTotals::from_priced(&priced, false)).unwrap();
    for (field, expected) in case["expect"].as_object().unwrap() {
        assert_eq!(&totals[field], expected, "{}: {field}", path.display());
    }
}

#[test]
fn every_case_in_tests_data_pricing() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pricing");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            check(&path);
            n += 1;
        }
    }
    assert!(n >= 3, "only {n} cases");
}
