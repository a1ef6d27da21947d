//! JSON numbers read the same in this build as in a plain serde_json build (the wasm UI's):
//! nothing in the graph turns on serde_json's `arbitrary_precision` any more (rust-ocpp did, for
//! two Decimal fields; our copy in `vendor/rust-ocpp/` reads them as floats, see its README).
//!
//! A `serde_json::Number` is therefore an `f64`, `i64` or `u64`, written back in its shortest
//! round-trip form. Decimals that matter still read exactly: meter values are strings, and a
//! number such as a charging-schedule limit becomes a `Decimal` through that shortest form,
//! which gives back the digits written for anything up to 15 significant digits.
//!
//! Run by `cargo test` over the workspace's default members (CI), these tests see the same
//! feature set as the server's build.

use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Number, Value};

use crate::meter::read_meter_value;
use crate::schema::{check, Pdu};
use crate::v16::types::{ChargingSchedule, ChargingSchedulePeriod};
use crate::{CentralSystemCall, CentralSystemCallResult, ChargePointCall};

fn number(text: &str) -> Number {
    match serde_json::from_str::<Value>(text).unwrap() {
        Value::Number(n) => n,
        other => panic!("{text} read as {other}"),
    }
}

#[test]
fn a_number_reads_as_in_a_plain_serde_json_build() {
    // With `arbitrary_precision` a Number keeps the text it was read from: "0.10" and "1e2"
    // would be written back as they came, 2^64 with all its digits, and "0.10" != "0.1".
    for (text, written_back, kind) in [
        ("0.1", "0.1", "f64"),
        ("0.10", "0.1", "f64"),
        ("1234.5", "1234.5", "f64"),
        ("21.4", "21.4", "f64"),
        ("16.0", "16.0", "f64"),
        ("1e2", "100.0", "f64"),
        ("2.14e1", "21.4", "f64"),
        ("0.30000000000000004", "0.30000000000000004", "f64"),
        ("42", "42", "u64"),
        ("-1", "-1", "i64"),
        ("18446744073709551615", "18446744073709551615", "u64"),
        ("-9223372036854775808", "-9223372036854775808", "i64"),
        ("18446744073709551616", "1.8446744073709552e+19", "f64"),
        ("123456789012345678901234567890", "1.2345678901234568e+29", "f64"),
    ] {
        let n = number(text);
        assert_eq!(n.to_string(), written_back, "{text}");
        let is = if n.is_u64() {
            "u64"
        } else if n.is_i64() {
            "i64"
        } else {
            "f64"
        };
        assert_eq!(is, kind, "{text}");
    }
    assert_eq!(number("0.10"), number("0.1"));
    assert_eq!(number("1e2"), number("100.0"));
    assert_eq!(serde_json::from_str::<Value>("0.1").unwrap(), json!(0.1));
    assert_eq!(
        serde_json::to_string(&json!({"value": 0.1, "big": 18446744073709551616.0})).unwrap(),
        r#"{"big":1.8446744073709552e+19,"value":0.1}"#
    );
}

#[test]
fn a_decimal_reads_exactly_from_a_json_number() {
    for (text, exact) in [
        ("1234.5", "1234.5"),
        ("0.1", "0.1"),
        ("21.4", "21.4"),
        ("7.3", "7.3"),
        ("-6.2", "-6.2"),
        ("16", "16"),
        ("11000.0", "11000"),
        ("2.14e1", "21.4"),
        ("9007199254740993", "9007199254740993"),
        ("12345678901234.5", "12345678901234.5"),
    ] {
        let read: Decimal = serde_json::from_str(text).unwrap();
        assert_eq!(read, Decimal::from_str(exact).unwrap(), "{text}");
        let via_value: Decimal = serde_json::from_value(serde_json::from_str(text).unwrap()).unwrap();
        assert_eq!(via_value, read, "{text}");
    }
}

fn set_charging_profile(limit: &str, min_charging_rate: Option<&str>) -> Value {
    let mut schedule = json!({"chargingRateUnit": "A", "chargingSchedulePeriod": [
        {"startPeriod": 0, "limit": serde_json::from_str::<Value>(limit).unwrap()},
        {"startPeriod": 900, "limit": 6, "numberPhases": 1}]});
    if let Some(rate) = min_charging_rate {
        schedule["minChargingRate"] = serde_json::from_str(rate).unwrap();
    }
    json!({"connectorId": 1, "csChargingProfiles": {"chargingProfileId": 7, "stackLevel": 0,
        "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Absolute",
        "chargingSchedule": schedule}})
}

fn schedule_of(call: &CentralSystemCall) -> &ChargingSchedule {
    match call {
        CentralSystemCall::SetChargingProfile(m) => &m.cs_charging_profiles.charging_schedule,
        other => panic!("not a SetChargingProfile: {other:?}"),
    }
}

#[test]
fn charging_schedule_limits_read_and_write_in_exact_tenths() {
    for (limit, exact, written) in [
        ("21.4", "21.4", "21.4"),
        ("0.3", "0.3", "0.3"),
        ("7.3", "7.3", "7.3"),
        ("16", "16", "16.0"),
        ("16.0", "16", "16.0"),
        ("11000.0", "11000", "11000.0"),
        ("2.14e1", "21.4", "21.4"),
        ("32000.1", "32000.1", "32000.1"),
    ] {
        let payload = set_charging_profile(limit, Some("8.1"));
        let call = CentralSystemCall::parse("SetChargingProfile", &payload).unwrap();
        let schedule = schedule_of(&call);
        assert_eq!(
            schedule.charging_schedule_period[0].limit,
            Decimal::from_str(exact).unwrap(),
            "{limit}"
        );
        assert_eq!(schedule.charging_schedule_period[1].limit, Decimal::from(6));
        assert_eq!(schedule.min_charging_rate, Some(Decimal::new(81, 1)));

        let (action, sent) = call.to_action_payload();
        let sent_schedule = &sent["csChargingProfiles"]["chargingSchedule"];
        assert_eq!(
            sent_schedule["chargingSchedulePeriod"][0]["limit"].to_string(),
            written,
            "{limit}"
        );
        assert_eq!(sent_schedule["minChargingRate"].to_string(), "8.1");
        // What we send passes the schema's `multipleOf: 0.1` and reads back the same.
        check(action, Pdu::Request, &sent).unwrap();
        assert_eq!(CentralSystemCall::parse(action, &sent).unwrap(), call);
        let text = serde_json::to_string(&sent).unwrap();
        assert_eq!(
            CentralSystemCall::parse(action, &serde_json::from_str(&text).unwrap()).unwrap(),
            call
        );
    }
    let without = CentralSystemCall::parse("SetChargingProfile", &set_charging_profile("10", None)).unwrap();
    assert_eq!(schedule_of(&without).min_charging_rate, None);
    assert!(without.to_action_payload().1["csChargingProfiles"]["chargingSchedule"]
        .get("minChargingRate")
        .is_none());
    // Not a tenth: the schema refuses it before the type is read.
    assert!(CentralSystemCall::parse("SetChargingProfile", &set_charging_profile("21.45", None)).is_err());
}

#[test]
fn a_composite_schedule_from_a_charger_reads_its_limits_exactly() {
    let answer = json!({"status": "Accepted", "connectorId": 1, "scheduleStart": "2026-11-24T10:00:00Z",
        "chargingSchedule": {"chargingRateUnit": "W", "minChargingRate": 1380.0,
            "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 11040.5}, {"startPeriod": 60, "limit": 7360}]}});
    let CentralSystemCallResult::GetCompositeSchedule(reply) =
        CentralSystemCallResult::parse("GetCompositeSchedule", &answer).unwrap()
    else {
        panic!("not a GetCompositeSchedule answer");
    };
    let schedule = reply.charging_schedule.unwrap();
    let limits: Vec<Decimal> = schedule.charging_schedule_period.iter().map(|p| p.limit).collect();
    assert_eq!(limits, [Decimal::new(110405, 1), Decimal::from(7360)]);
    assert_eq!(schedule.min_charging_rate, Some(Decimal::from(1380)));
}

#[test]
fn meter_values_read_exactly() {
    let call = ChargePointCall::parse(
        "MeterValues",
        &json!({"connectorId": 1, "transactionId": 7, "meterValue": [{"timestamp": "2026-11-24T10:00:00Z",
            "sampledValue": [{"value": "1234.5"}, {"value": "7.36", "measurand": "Power.Active.Import", "unit": "kW"}]}]}),
    )
    .unwrap();
    let ChargePointCall::MeterValues(m) = call else {
        panic!("not MeterValues");
    };
    let reading = read_meter_value(&m.meter_value[0]);
    assert_eq!(reading.register_wh, Some(Decimal::new(12345, 1)));
    assert_eq!(reading.power_w, Some(Decimal::from(7360)));
}

proptest! {
    /// Every limit in tenths up to ±10 MW (or A) is written as the JSON number with its own
    /// digits, passes `multipleOf: 0.1`, and reads back as the same Decimal.
    #[test]
    fn any_limit_in_tenths_round_trips(tenths in -100_000_000i64..=100_000_000, scale in 0u32..=1) {
        let limit = Decimal::new(tenths, scale);
        let period = ChargingSchedulePeriod { start_period: 0, limit, number_phases: None };
        let written = serde_json::to_string(&period).unwrap();
        let value: Value = serde_json::from_str(&written).unwrap();
        let Value::Number(n) = &value["limit"] else { panic!("{written}") };
        prop_assert_eq!(Decimal::from_str(&n.to_string()).unwrap(), limit, "{}", written);
        let read: ChargingSchedulePeriod = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(read.limit, limit);
        let payload = set_charging_profile(&n.to_string(), None);
        prop_assert!(check("SetChargingProfile", Pdu::Request, &payload).is_ok(), "{}", written);
    }
}
