//! Any action with any JSON payload through the charge-point message parser (what the central
//! system's handler does first): `ChargePointCall::parse` never panics. The first byte picks a
//! known action (or the rest of the input is the action's name), the remainder is the payload.
#![no_main]

use ladeklar_ocpp::ChargePointCall;
use libfuzzer_sys::fuzz_target;

const ACTIONS: &[&str] = &[
    "Authorize",
    "BootNotification",
    "DataTransfer",
    "DiagnosticsStatusNotification",
    "FirmwareStatusNotification",
    "Heartbeat",
    "MeterValues",
    "StartTransaction",
    "StatusNotification",
    "StopTransaction",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(payload) = serde_json::from_slice::<serde_json::Value>(rest) else {
        // Not JSON: use the bytes as an unknown action name with an empty payload.
        let action = String::from_utf8_lossy(rest);
        let _ = ChargePointCall::parse(&action, &serde_json::json!({}));
        return;
    };
    let action = ACTIONS[usize::from(pick) % ACTIONS.len()];
    if let Ok(call) = ChargePointCall::parse(action, &payload) {
        let (name, value) = call.to_action_payload();
        assert_eq!(name, action);
        let _ = ChargePointCall::parse(name, &value);
    }
});
