//! Arbitrary bytes as tariff and CDR JSON: parsing, validation, pricing, the tariff in words
//! and the estimate must never panic. The input is split at the first 0xFF byte into a
//! tariff and a CDR; the byte after it picks the time zone.

#![no_main]

use ladeklar_core::pricing::cdr::{price_cdr, Cdr, CdrTotals};
use ladeklar_core::tariff::{validate, words, Tariff};
use libfuzzer_sys::fuzz_target;

const ZONES: [chrono_tz::Tz; 4] = [
    chrono_tz::Europe::Oslo,
    chrono_tz::UTC,
    chrono_tz::Pacific::Apia,
    chrono_tz::America::St_Johns,
];

fuzz_target!(|data: &[u8]| {
    let (tariff_bytes, rest) = match data.iter().position(|b| *b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let tz = ZONES[usize::from(rest.first().copied().unwrap_or(0)) % ZONES.len()];
    let cdr_bytes = rest.get(1..).unwrap_or_default();
    let (Ok(tariff_json), Ok(cdr_json)) = (std::str::from_utf8(tariff_bytes), std::str::from_utf8(cdr_bytes)) else {
        return;
    };
    let _ = validate::validate_json(tariff_json);
    let tariff = Tariff::from_json(tariff_json)
        .ok()
        .or_else(|| Tariff::from_json_v211(tariff_json).ok());
    if let Some(t) = &tariff {
        let _ = validate::validate(t);
        let _ = words::describe(t, words::Lang::Nb);
        let _ = Tariff::from_json(&t.to_json());
    }
    if let Ok(cdr) = Cdr::from_json(cdr_json) {
        let tariffs: Vec<Tariff> = tariff.clone().into_iter().collect();
        if let Ok(p) = price_cdr(&cdr, &tariffs, tz) {
            let _ = CdrTotals::from_priced(&p, true);
        }
        if let Some(t) = &tariff {
            let _ = ladeklar_core::pricing::estimate(
                t,
                tz,
                cdr.start_date_time,
                rust_decimal::Decimal::from(cdr.charging_periods.len()),
                rust_decimal::Decimal::from(11),
            );
        }
    }
});
