//! The benchmark's realistic CDRs, as OCPI 2.2.1 JSON so every engine reads the same input.
//! Shared by `benches/pricing.rs` and the out-of-workspace `vs-ocpi-tariffs` comparison.

/// One benchmark case: a tariff and a CDR.
pub struct Case {
    pub name: &'static str,
    pub tariff: String,
    pub cdr: String,
}

fn ts(minutes_from_midnight_utc: i64) -> String {
    let day = 13 + minutes_from_midnight_utc / 1440;
    let m = minutes_from_midnight_utc % 1440;
    format!("2022-01-{day:02}T{:02}:{:02}:00Z", m / 60, m % 60)
}

fn cdr(start_min: i64, periods: &[(i64, &str)], end_min: i64) -> String {
    let mut at = start_min;
    let ps: Vec<String> = periods
        .iter()
        .map(|(min, dims)| {
            let p = format!(r#"{{"start_date_time":"{}","dimensions":[{dims}]}}"#, ts(at));
            at += min;
            p
        })
        .collect();
    format!(
        r#"{{"country_code":"NL","party_id":"LDK","id":"bench","start_date_time":"{}","end_date_time":"{}","currency":"EUR",
        "cdr_location":{{"country":"NLD"}},"tariffs":[],"charging_periods":[{}],
        "total_cost":{{"excl_vat":0,"incl_vat":0}},"total_energy":0,"total_time":0,"last_updated":"2022-01-14T00:00:00Z"}}"#,
        ts(start_min),
        ts(end_min),
        ps.join(",")
    )
}

/// Energy only; 70 periods across three time-of-day elements; parking with step_size.
pub fn cases() -> Vec<Case> {
    let energy_only = Case {
        name: "energy_only",
        tariff: r#"{"country_code":"NL","party_id":"LDK","id":"e","currency":"EUR","elements":[
            {"price_components":[{"type":"ENERGY","price":0.30,"vat":21.0,"step_size":1}]}],
            "last_updated":"2022-01-01T00:00:00Z"}"#
            .into(),
        cdr: cdr(
            600,
            &[
                (15, r#"{"type":"TIME","volume":0.25},{"type":"ENERGY","volume":5.5}"#),
                (15, r#"{"type":"TIME","volume":0.25},{"type":"ENERGY","volume":5.25}"#),
                (15, r#"{"type":"TIME","volume":0.25},{"type":"ENERGY","volume":4.75}"#),
                (15, r#"{"type":"TIME","volume":0.25},{"type":"ENERGY","volume":2.5}"#),
            ],
            660,
        ),
    };
    let dims = r#"{"type":"TIME","volume":0.25},{"type":"ENERGY","volume":2.75}"#;
    let seventy: Vec<(i64, &str)> = (0..70).map(|_| (15, dims)).collect();
    let time_of_day = Case {
        name: "70_periods_3_time_of_day_elements",
        tariff: r#"{"country_code":"NL","party_id":"LDK","id":"tod","currency":"EUR","elements":[
            {"price_components":[{"type":"ENERGY","price":0.20,"vat":21.0,"step_size":1},{"type":"TIME","price":0.50,"vat":21.0,"step_size":60}],"restrictions":{"start_time":"00:00","end_time":"08:00"}},
            {"price_components":[{"type":"ENERGY","price":0.35,"vat":21.0,"step_size":1},{"type":"TIME","price":1.00,"vat":21.0,"step_size":60}],"restrictions":{"start_time":"08:00","end_time":"17:00"}},
            {"price_components":[{"type":"ENERGY","price":0.45,"vat":21.0,"step_size":1},{"type":"TIME","price":1.50,"vat":21.0,"step_size":60}],"restrictions":{"start_time":"17:00","end_time":"00:00"}}],
            "last_updated":"2022-01-01T00:00:00Z"}"#
            .into(),
        cdr: cdr(240, &seventy, 240 + 70 * 15),
    };
    let parking = Case {
        name: "parking_with_step_size",
        tariff: r#"{"country_code":"NL","party_id":"LDK","id":"park","currency":"EUR","elements":[
            {"price_components":[{"type":"FLAT","price":0.50,"vat":21.0,"step_size":1},{"type":"ENERGY","price":0.30,"vat":21.0,"step_size":100},
             {"type":"TIME","price":1.20,"vat":21.0,"step_size":300},{"type":"PARKING_TIME","price":6.00,"vat":21.0,"step_size":900}]}],
            "last_updated":"2022-01-01T00:00:00Z"}"#
            .into(),
        cdr: cdr(
            900,
            &[
                (30, r#"{"type":"TIME","volume":0.5},{"type":"ENERGY","volume":10.25}"#),
                (30, r#"{"type":"TIME","volume":0.5},{"type":"ENERGY","volume":9.5}"#),
                (30, r#"{"type":"TIME","volume":0.5},{"type":"ENERGY","volume":6.75}"#),
                (45, r#"{"type":"PARKING_TIME","volume":0.75}"#),
            ],
            1035,
        ),
    };
    vec![energy_only, time_of_day, parking]
}
