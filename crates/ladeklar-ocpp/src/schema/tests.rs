use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::examples::{EXAMPLES, UNUSED_FIELDS};
use super::*;
use crate::messages::{read_typed, CentralSystemCall, CentralSystemCallResult, ChargePointCall};
use crate::security::{
    LogStatusNotificationResponse, SecurityEventNotificationResponse, SignCertificateResponse,
    SignedFirmwareStatusNotificationResponse,
};
use crate::v16::messages::{
    authorize::AuthorizeResponse, boot_notification::BootNotificationResponse,
    diagnostics_status_notification::DiagnosticsStatusNotificationResponse,
    firmware_status_notification::FirmwareStatusNotificationResponse, heart_beat::HeartbeatResponse,
    meter_values::MeterValuesResponse, start_transaction::StartTransactionResponse,
    status_notification::StatusNotificationResponse, stop_transaction::StopTransactionResponse,
};

const CHARGE_POINT_ACTIONS: &[&str] = ChargePointCall::ACTIONS;

fn example_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("example is not JSON ({e}): {text}"))
}

/// The typed read our code does for this PDU, written back to JSON: `Ok` means the
/// `rust-ocpp` type took it.
fn typed_round_trip(action: &str, pdu: Pdu, payload: &Value) -> Result<Value, PayloadError> {
    fn typed<T: serde::de::DeserializeOwned + serde::Serialize>(
        action: &str,
        payload: &Value,
    ) -> Result<Value, PayloadError> {
        let t: T = read_typed(action, payload, |_: &T| Ok(()))?;
        Ok(serde_json::to_value(t).expect("typed values serialize"))
    }
    match pdu {
        Pdu::Request if CHARGE_POINT_ACTIONS.contains(&action) => {
            let call = ChargePointCall::parse(action, payload)?;
            Ok(call.to_action_payload().1)
        }
        Pdu::Request => Ok(CentralSystemCall::parse(action, payload)?.to_action_payload().1),
        Pdu::Response => match action {
            "Authorize" => typed::<AuthorizeResponse>(action, payload),
            "BootNotification" => typed::<BootNotificationResponse>(action, payload),
            "DiagnosticsStatusNotification" => typed::<DiagnosticsStatusNotificationResponse>(action, payload),
            "FirmwareStatusNotification" => typed::<FirmwareStatusNotificationResponse>(action, payload),
            "Heartbeat" => typed::<HeartbeatResponse>(action, payload),
            "MeterValues" => typed::<MeterValuesResponse>(action, payload),
            "StartTransaction" => typed::<StartTransactionResponse>(action, payload),
            "StatusNotification" => typed::<StatusNotificationResponse>(action, payload),
            "StopTransaction" => typed::<StopTransactionResponse>(action, payload),
            "LogStatusNotification" => typed::<LogStatusNotificationResponse>(action, payload),
            "SecurityEventNotification" => typed::<SecurityEventNotificationResponse>(action, payload),
            "SignCertificate" => typed::<SignCertificateResponse>(action, payload),
            "SignedFirmwareStatusNotification" => typed::<SignedFirmwareStatusNotificationResponse>(action, payload),
            _ => Ok(CentralSystemCallResult::parse(action, payload)?.to_action_payload().1),
        },
    }
}

#[test]
fn every_schema_compiles_and_the_actions_are_the_28_of_ocpp_1_6_and_the_11_of_its_security_extension() {
    assert_eq!(ACTIONS.len(), 28 + 11);
    assert!(ACTIONS.windows(2).all(|w| w[0] < w[1]), "sorted for binary search");
    let ours: BTreeSet<&str> = CHARGE_POINT_ACTIONS
        .iter()
        .chain(CentralSystemCall::ACTIONS)
        .copied()
        .collect();
    assert_eq!(ours, ACTIONS.iter().copied().collect::<BTreeSet<_>>());
    for action in ACTIONS {
        for pdu in [Pdu::Request, Pdu::Response] {
            let schema = schema(action, pdu).unwrap();
            if let Err(e) = schema.validator() {
                panic!("{action} {pdu:?}: {e}");
            }
            // OCPP 1.6's files have a title, the security extension's an $id.
            let text = example_json(schema.text);
            let (name, expected) = match text["title"].as_str() {
                Some(title) => (
                    title.to_owned(),
                    format!("{action}{}", if pdu == Pdu::Request { "Request" } else { "Response" }),
                ),
                None => (
                    text["$id"].as_str().unwrap().to_owned(),
                    format!(
                        "urn:OCPP:Cp:1.6:2020:3:{action}.{}",
                        if pdu == Pdu::Request { "req" } else { "conf" }
                    ),
                ),
            };
            assert_eq!(name, expected, "the file embedded for {action} {pdu:?}");
        }
    }
}

#[test]
fn every_example_passes_the_schema_and_the_typed_read_and_round_trips() {
    for pdu_of in ACTIONS.iter().flat_map(|a| [(*a, Pdu::Request), (*a, Pdu::Response)]) {
        assert!(
            EXAMPLES.iter().any(|e| (e.action, e.pdu) == pdu_of),
            "no example for {pdu_of:?}"
        );
    }
    for example in EXAMPLES {
        let (action, pdu) = (example.action, example.pdu);
        let payload = example_json(example.json);
        if let Err(e) = check(action, pdu, &payload) {
            panic!("{action} {pdu:?} example refused by the schema: {e}");
        }
        let written = typed_round_trip(action, pdu, &payload)
            .unwrap_or_else(|e| panic!("{action} {pdu:?} example refused by the typed read: {e}"));
        // Nothing the charger said is lost or changed by the typed read, and what we write
        // back is valid again.
        assert_eq!(written, payload, "{action} {pdu:?} round trip");
        check(action, pdu, &written).unwrap();
    }
}

/// Every field path a schema defines (`/a/b`, array items as `/a/*/b`).
fn schema_fields(schema: &Value, at: &str, out: &mut BTreeSet<String>) {
    if let Some(properties) = schema["properties"].as_object() {
        for (name, sub) in properties {
            let path = format!("{at}/{name}");
            out.insert(path.clone());
            schema_fields(sub, &path, out);
        }
    }
    if schema["items"].is_object() {
        schema_fields(&schema["items"], &format!("{at}/*"), out);
    }
}

fn example_fields(value: &Value, at: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (name, sub) in map {
                let path = format!("{at}/{name}");
                out.insert(path.clone());
                example_fields(sub, &path, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| example_fields(i, &format!("{at}/*"), out)),
        _ => {}
    }
}

#[test]
fn examples_use_every_field_of_their_schema() {
    for action in ACTIONS {
        for pdu in [Pdu::Request, Pdu::Response] {
            let mut defined = BTreeSet::new();
            let schema = super::generate::inline_refs(&example_json(schema_text(action, pdu).unwrap()));
            schema_fields(&schema, "", &mut defined);
            let mut used = BTreeSet::new();
            for e in EXAMPLES.iter().filter(|e| e.action == *action && e.pdu == pdu) {
                example_fields(&example_json(e.json), "", &mut used);
            }
            for (a, p, field, _why) in UNUSED_FIELDS {
                if a == action && *p == pdu {
                    assert!(defined.contains(*field), "{field} is not in {action}'s schema");
                    used.insert((*field).to_owned());
                }
            }
            let missing: Vec<_> = defined.difference(&used).collect();
            assert!(missing.is_empty(), "{action} {pdu:?}: no example uses {missing:?}");
        }
    }
}

fn refused(action: &str, pdu: Pdu, payload: Value) -> PayloadError {
    check(action, pdu, &payload).expect_err(&format!("{action} {payload} should be refused"))
}

#[test]
fn each_kind_of_violation_gets_its_callerror_code_and_names_the_field() {
    use CallErrorCode as C;
    let start = |f: &dyn Fn(&mut Value)| {
        let mut v = json!({"connectorId": 1, "idTag": "04A2F1B2C3D480", "meterStart": 0,
            "timestamp": "2026-11-24T10:00:00Z"});
        f(&mut v);
        v
    };
    let profile = |limit: Value| {
        json!({"connectorId": 1, "csChargingProfiles": {"chargingProfileId": 1, "stackLevel": 0,
            "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Absolute",
            "chargingSchedule": {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": limit}]}}})
    };
    let cases: Vec<(&str, Pdu, Value, C, &str, &str)> = vec![
        // required
        (
            "StartTransaction",
            Pdu::Request,
            start(&|v| {
                v.as_object_mut().unwrap().remove("idTag");
            }),
            C::OccurenceConstraintViolation,
            "StartTransaction: /idTag: ",
            "required field is missing",
        ),
        (
            "SetChargingProfile",
            Pdu::Request,
            json!({"connectorId": 1, "csChargingProfiles": {"chargingProfileId": 1, "stackLevel": 0,
                "chargingProfilePurpose": "TxProfile", "chargingProfileKind": "Absolute"}}),
            C::OccurenceConstraintViolation,
            "SetChargingProfile: /csChargingProfiles/chargingSchedule: ",
            "required field is missing",
        ),
        // minItems: MeterValues needs at least one meterValue (cardinality 1..*)
        (
            "MeterValues",
            Pdu::Request,
            json!({"connectorId": 1, "meterValue": []}),
            C::OccurenceConstraintViolation,
            "MeterValues: /meterValue: ",
            "fewer than 1 item",
        ),
        // type
        (
            "StatusNotification",
            Pdu::Request,
            json!({"connectorId": "one", "errorCode": "NoError", "status": "Available"}),
            C::TypeConstraintViolation,
            "StatusNotification: /connectorId: ",
            "\"one\" is not of type integer",
        ),
        (
            "StartTransaction",
            Pdu::Request,
            start(&|v| v["meterStart"] = json!(12.5)),
            C::TypeConstraintViolation,
            "StartTransaction: /meterStart: ",
            "12.5 is not of type integer",
        ),
        (
            "Heartbeat",
            Pdu::Request,
            json!([]),
            C::TypeConstraintViolation,
            "Heartbeat: ",
            "an array of 0 items is not of type object",
        ),
        // enum
        (
            "StatusNotification",
            Pdu::Request,
            json!({"connectorId": 1, "errorCode": "NoError", "status": "Exploded"}),
            C::PropertyConstraintViolation,
            "StatusNotification: /status: ",
            "\"Exploded\" is not one of [\"Available\"",
        ),
        (
            "MeterValues",
            Pdu::Request,
            json!({"connectorId": 1, "meterValue": [{"timestamp": "2026-11-24T10:00:00Z",
                "sampledValue": [{"value": "1", "measurand": "Energy"}]}]}),
            C::PropertyConstraintViolation,
            "MeterValues: /meterValue/0/sampledValue/0/measurand: ",
            "\"Energy\" is not one of the 22 allowed values",
        ),
        // maxLength
        (
            "StartTransaction",
            Pdu::Request,
            start(&|v| v["idTag"] = json!("X".repeat(21))),
            C::PropertyConstraintViolation,
            "StartTransaction: /idTag: ",
            "\"XXXXXXXXXXXXXXXXXXXXX\" is longer than 20 characters",
        ),
        (
            "DataTransfer",
            Pdu::Request,
            json!({"vendorId": "v".repeat(60_000)}),
            C::PropertyConstraintViolation,
            "DataTransfer: /vendorId: ",
            "(60000 characters) is longer than 255 characters",
        ),
        // format: date-time needs a time zone; uri
        (
            "StartTransaction",
            Pdu::Request,
            start(&|v| v["timestamp"] = json!("2026-11-24T10:00:00")),
            C::PropertyConstraintViolation,
            "StartTransaction: /timestamp: ",
            "is not an RFC 3339 date-time",
        ),
        (
            "StartTransaction",
            Pdu::Request,
            start(&|v| v["timestamp"] = json!("24.11.2026 10:00")),
            C::PropertyConstraintViolation,
            "StartTransaction: /timestamp: ",
            "is not an RFC 3339 date-time",
        ),
        (
            "UpdateFirmware",
            Pdu::Request,
            json!({"location": "firmware.bin", "retrieveDate": "2026-11-25T02:00:00Z"}),
            C::PropertyConstraintViolation,
            "UpdateFirmware: /location: ",
            "\"firmware.bin\" is not a valid uri",
        ),
        // multipleOf 0.1, exactly
        (
            "SetChargingProfile",
            Pdu::Request,
            profile(json!(21.45)),
            C::PropertyConstraintViolation,
            "SetChargingProfile: /csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit: ",
            "21.45 is not a multiple of 0.1",
        ),
        // additionalProperties
        (
            "Heartbeat",
            Pdu::Request,
            json!({"uptime": 12}),
            C::FormationViolation,
            "Heartbeat: /uptime: ",
            "is not a field of this message",
        ),
        (
            "StartTransaction",
            Pdu::Request,
            start(&|v| v["meterValue"] = json!(0)),
            C::FormationViolation,
            "StartTransaction: /meterValue: ",
            "is not a field of this message",
        ),
        // responses (a charger's CALLRESULT), and several violations at once: the missing field
        // is reported, the others counted
        (
            "GetLocalListVersion",
            Pdu::Response,
            json!({"version": "three"}),
            C::OccurenceConstraintViolation,
            "GetLocalListVersion: /listVersion: ",
            "required field is missing (and 1 more violation)",
        ),
        (
            "Reset",
            Pdu::Response,
            json!({"status": "Done"}),
            C::PropertyConstraintViolation,
            "Reset: /status: ",
            "\"Done\" is not one of [\"Accepted\",\"Rejected\"]",
        ),
    ];
    for (action, pdu, payload, code, prefix, says) in cases {
        let e = refused(action, pdu, payload.clone());
        assert_eq!(e.code, code, "{action} {payload}: {}", e.description);
        assert!(e.description.starts_with(prefix), "{} (want {prefix})", e.description);
        assert!(e.description.contains(says), "{} (want {says})", e.description);
        assert!(
            e.description.len() < 400,
            "short enough for a CALLERROR: {}",
            e.description
        );
    }
}

#[test]
fn keywords_the_1_6_schemas_do_not_use_still_map_to_their_code() {
    // minimum and pattern appear in no OCPP 1.6 schema; a schema of our own shows the mapping.
    let validator = compile(
        r#"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
            "properties": {"n": {"type": "integer", "minimum": 0}, "s": {"type": "string", "pattern": "^[A-Z]+$"},
                           "a": {"type": "array", "maxItems": 1}, "o": {"not": {"type": "null"}}}}"#,
    )
    .unwrap();
    let cases = [
        (
            json!({"n": -1}),
            CallErrorCode::PropertyConstraintViolation,
            "Test: /n: -1 is below the minimum 0",
        ),
        (
            json!({"s": "abc"}),
            CallErrorCode::PropertyConstraintViolation,
            "Test: /s: \"abc\" does not match",
        ),
        (
            json!({"a": [1, 2]}),
            CallErrorCode::OccurenceConstraintViolation,
            "Test: /a: has more than 1 item",
        ),
        (json!({"o": null}), CallErrorCode::FormationViolation, "Test: /o: "),
    ];
    for (payload, code, prefix) in cases {
        let e = report("Test", &validator, &payload).unwrap_err();
        assert_eq!(e.code, code, "{payload}: {}", e.description);
        assert!(e.description.starts_with(prefix), "{}", e.description);
    }
    assert_eq!(
        check("Foo", Pdu::Request, &json!({})).unwrap_err().code,
        CallErrorCode::NotImplemented
    );
}

#[test]
fn multiple_of_a_tenth_is_checked_in_exact_decimals() {
    let with_limit = |text: &str| {
        let limit: Value = serde_json::from_str(text).unwrap();
        json!({"connectorId": 1, "csChargingProfiles": {"chargingProfileId": 1, "stackLevel": 0,
            "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Absolute",
            "chargingSchedule": {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": limit}]}}})
    };
    // Each of these fails a binary floating point check (21.4 / 0.1 = 213.99999999999997).
    for ok in [
        "21.4", "0.3", "7.3", "16", "16.0", "11000.0", "2.14e1", "0", "-6.2", "1e30",
    ] {
        assert!(
            check("SetChargingProfile", Pdu::Request, &with_limit(ok)).is_ok(),
            "{ok}"
        );
    }
    for bad in ["21.45", "0.05", "7.000001", "1e-2", "0.30000000000000004"] {
        let e = check("SetChargingProfile", Pdu::Request, &with_limit(bad)).unwrap_err();
        assert_eq!(
            e.code,
            CallErrorCode::PropertyConstraintViolation,
            "{bad}: {}",
            e.description
        );
    }
}

#[test]
fn numbers_read_the_same_way_by_the_schema_and_the_types() {
    // An integer field written as 1.0 or 1e0 is read by serde_json as an f64 (see `numbers`):
    // not an integer to draft-04 nor to the i32 it is read into.
    for text in ["1.0", "1e0", "4294967296", "-1"] {
        let payload: Value = serde_json::from_str(&format!(r#"{{"connectorId": {text}}}"#)).unwrap();
        let schema = check("UnlockConnector", Pdu::Request, &payload);
        let parsed = CentralSystemCall::parse("UnlockConnector", &payload);
        assert!(parsed.is_err(), "{text} refused");
        if text == "1.0" || text == "1e0" {
            assert_eq!(
                schema.unwrap_err().code,
                CallErrorCode::TypeConstraintViolation,
                "{text}"
            );
        }
    }
}

/// What rust-ocpp's types cannot hold although the schema allows it, found by
/// `schema_valid_payloads_are_read_by_the_types`: the unit `Hertz` (a Frequency sample in
/// MeterValues). `ChargePointCall::parse` leaves such samples out of the typed MeterValues (see
/// `messages::read_meter_values`); the typed value written back may then have an empty
/// `sampledValue`, so it is not checked against the schema again.
const HERTZ: &str = "\"Hertz\"";

fn runner(cases: u32) -> proptest::test_runner::TestRunner {
    proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })
}

#[test]
fn schema_valid_payloads_are_read_by_the_types() {
    // Everything a peer may send that the schema allows is read into rust-ocpp's types and
    // written back valid (see HERTZ). Some calls we send (CentralSystemCall) also pass
    // rust-ocpp's own validator rules, stricter than the schema (no empty id tags), and
    // UnlockConnector our rule connectorId > 0, which the generated values may break.
    for action in ACTIONS {
        for pdu in [Pdu::Request, Pdu::Response] {
            let strategy = super::generate::valid(&example_json(schema_text(action, pdu).unwrap()));
            let ours = pdu == Pdu::Request && !CHARGE_POINT_ACTIONS.contains(action);
            runner(48)
                .run(&strategy, |payload| {
                    if let Err(e) = check(action, pdu, &payload) {
                        panic!("the generator wrote an invalid {action} {pdu:?}: {e}");
                    }
                    match typed_round_trip(action, pdu, &payload) {
                        Ok(_) if payload.to_string().contains(HERTZ) => {}
                        Ok(written) => {
                            if let Err(e) = check(action, pdu, &written) {
                                panic!("{action} {pdu:?} {payload} written back as {written}: {e}");
                            }
                        }
                        Err(e) if ours && e.description.contains("Validation error") => {}
                        Err(_) if *action == "UnlockConnector" && payload["connectorId"] == 0 => {}
                        Err(e) => panic!("{action} {pdu:?} {payload}: schema-valid but refused: {e}"),
                    }
                    Ok(())
                })
                .unwrap();
        }
    }
}

/// A valid example with one thing changed: a field removed, a field's value replaced with
/// something of another kind, or a field added.
fn mutated(example: Value) -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let junk = prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        Just(json!(-1)),
        Just(json!(1.5)),
        Just(json!(2147483648u64)),
        Just(json!("")),
        Just(json!("X".repeat(26))),
        Just(json!("2026-13-45T99:00:00Z")),
        Just(json!("2026-11-24 10:00:00")),
        Just(json!([])),
        Just(json!({})),
        Just(json!([{}])),
    ];
    (any::<prop::sample::Index>(), 0..3u8, junk).prop_map(move |(at, how, junk)| {
        let mut payload = example.clone();
        let mut objects = Vec::new();
        collect_object_paths(&payload, String::new(), &mut objects);
        let path = at.get(&objects).clone();
        let Some(Value::Object(object)) = payload.pointer_mut(&path) else {
            return payload;
        };
        let keys: Vec<String> = object.keys().cloned().collect();
        match (how, keys.is_empty()) {
            (0, false) => {
                object.remove(at.get(&keys));
            }
            (1, false) => {
                object.insert(at.get(&keys).clone(), junk);
            }
            _ => {
                object.insert("vendorExtension".into(), junk);
            }
        }
        payload
    })
}

fn collect_object_paths(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(at.clone());
            for (k, v) in map {
                collect_object_paths(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_object_paths(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn parse_never_accepts_what_the_schema_refuses_and_answers_the_schema_violation() {
    // For the transaction messages and the status a charger sends, and a charger's replies.
    let cases = [
        ("StartTransaction", Pdu::Request),
        ("StopTransaction", Pdu::Request),
        ("MeterValues", Pdu::Request),
        ("StatusNotification", Pdu::Request),
        ("BootNotification", Pdu::Request),
        ("GetConfiguration", Pdu::Response),
        ("GetCompositeSchedule", Pdu::Response),
    ];
    let typed_alone_took = std::cell::Cell::new(0u32);
    let refused = std::cell::Cell::new(0u32);
    for (action, pdu) in cases {
        let example = EXAMPLES.iter().find(|e| e.action == action && e.pdu == pdu).unwrap();
        runner(200)
            .run(&mutated(example_json(example.json)), |payload| {
                let schema = check(action, pdu, &payload);
                let parsed = typed_round_trip(action, pdu, &payload);
                match (&schema, &parsed) {
                    (Err(s), Err(p)) => {
                        assert_eq!(s, p, "the schema's violation is the answer");
                        refused.set(refused.get() + 1);
                        // Would rust-ocpp's types alone have let it through?
                        let alone = match (action, pdu) {
                            ("StartTransaction", Pdu::Request) => read_typed::<
                                crate::v16::messages::start_transaction::StartTransactionRequest,
                            >(
                                action, &payload, |_| Ok(())
                            )
                            .is_ok(),
                            ("StatusNotification", Pdu::Request) => read_typed::<
                                crate::v16::messages::status_notification::StatusNotificationRequest,
                            >(
                                action, &payload, |_| Ok(())
                            )
                            .is_ok(),
                            _ => false,
                        };
                        typed_alone_took.set(typed_alone_took.get() + u32::from(alone));
                    }
                    (Err(s), Ok(_)) => panic!("{action} {payload}: parsed although the schema refuses: {s}"),
                    (Ok(()), _) => {}
                }
                Ok(())
            })
            .unwrap();
    }
    let (refused, typed_alone_took) = (refused.get(), typed_alone_took.get());
    assert!(
        refused > 500,
        "the mutations mostly break the schema ({refused} of 1400)"
    );
    // Unknown fields, bad date-times and the like: what the schema adds over the types.
    assert!(
        typed_alone_took > 0,
        "rust-ocpp's types alone take some of what the schema refuses"
    );
}
