//! Any action with any JSON payload through the message parsers, the OCPP 1.6 schema check
//! first (what the central system's handler, the simulator and the command API do):
//! `ChargePointCall::parse`, `CentralSystemCall::parse` and `CentralSystemCallResult::parse`
//! never panic; what they accept is valid against the action's schema, and what they write
//! back is accepted again (but for MeterValues with samples in Hertz, which the typed message
//! leaves out). The first byte picks the parser and a known action (or, when the
//! rest is not JSON, the rest is the action's name); the remainder is the payload.
#![no_main]

use ladeklar_ocpp::schema::{self, Pdu};
use ladeklar_ocpp::{CentralSystemCall, CentralSystemCallResult, ChargePointCall};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const CHARGE_POINT_ACTIONS: &[&str] = ChargePointCall::ACTIONS;

fn charge_point(action: &str, payload: &Value) {
    if let Ok(call) = ChargePointCall::parse(action, payload) {
        assert!(
            schema::check(action, Pdu::Request, payload).is_ok(),
            "accepted against the schema"
        );
        let (name, value) = call.to_action_payload();
        assert_eq!(name, action);
        // MeterValues samples in Hertz are left out of the typed message (rust-ocpp has no
        // such unit), which can leave an empty sampledValue: not valid to send again.
        if payload.to_string().contains("\"Hertz\"") {
            return;
        }
        if let Err(e) = ChargePointCall::parse(name, &value) {
            panic!("written back {value} is refused: {e}");
        }
    }
}

fn central_system(action: &str, payload: &Value) {
    if let Ok(call) = CentralSystemCall::parse(action, payload) {
        assert!(
            schema::check(action, Pdu::Request, payload).is_ok(),
            "accepted against the schema"
        );
        let (name, value) = call.to_action_payload();
        if let Err(e) = CentralSystemCall::parse(name, &value) {
            panic!("written back {value} is refused: {e}");
        }
    }
}

fn central_system_result(action: &str, payload: &Value) {
    if let Ok(reply) = CentralSystemCallResult::parse(action, payload) {
        assert!(
            schema::check(action, Pdu::Response, payload).is_ok(),
            "accepted against the schema"
        );
        let (name, value) = reply.to_action_payload();
        if let Err(e) = CentralSystemCallResult::parse(name, &value) {
            panic!("written back {value} is refused: {e}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(payload) = serde_json::from_slice::<Value>(rest) else {
        // Not JSON: use the bytes as an unknown action name with an empty payload.
        let action = String::from_utf8_lossy(rest);
        let _ = ChargePointCall::parse(&action, &serde_json::json!({}));
        let _ = CentralSystemCallResult::parse(&action, &serde_json::json!({}));
        return;
    };
    let pick = usize::from(pick);
    match pick % 3 {
        0 => charge_point(CHARGE_POINT_ACTIONS[pick / 3 % CHARGE_POINT_ACTIONS.len()], &payload),
        1 => {
            let actions = CentralSystemCall::ACTIONS;
            central_system(actions[pick / 3 % actions.len()], &payload);
        }
        _ => {
            let actions = CentralSystemCallResult::ACTIONS;
            central_system_result(actions[pick / 3 % actions.len()], &payload);
        }
    }
});
