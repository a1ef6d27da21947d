//! What the OCPP 1.6 schema check costs per message: `ChargePointCall::parse` (schema, then
//! the typed read) against the typed read alone, and the schema check alone, for
//! StartTransaction and MeterValues payloads already read from the frame into JSON.
//!
//!     cargo run --release -p ladeklar-ocpp --example parse_cost
//!
//! Prints ns per message: the best and the median of 7 rounds of 100,000 messages each.

use std::hint::black_box;
use std::time::Instant;

use ladeklar_ocpp::messages::read_typed;
use ladeklar_ocpp::schema::{self, Pdu};
use ladeklar_ocpp::v16::messages::meter_values::MeterValuesRequest;
use ladeklar_ocpp::v16::messages::start_transaction::StartTransactionRequest;
use ladeklar_ocpp::ChargePointCall;
use serde_json::Value;
use validator::Validate;

const ROUNDS: usize = 7;
const PER_ROUND: usize = 100_000;

fn measure(name: &str, mut f: impl FnMut()) {
    for _ in 0..PER_ROUND / 10 {
        f();
    }
    let mut ns: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..PER_ROUND {
                f();
            }
            start.elapsed().as_nanos() as f64 / PER_ROUND as f64
        })
        .collect();
    ns.sort_by(f64::total_cmp);
    println!("{name:<58} best {:>7.0} ns   median {:>7.0} ns", ns[0], ns[ROUNDS / 2]);
}

fn main() {
    let start: Value = serde_json::from_str(
        r#"{"connectorId": 1, "idTag": "04A2F1B2C3D480", "meterStart": 1234567, "timestamp": "2026-11-24T10:00:00Z"}"#,
    )
    .expect("JSON");
    // What the simulator sends every interval: the register and the power.
    let meter_small: Value = serde_json::from_str(
        r#"{"connectorId": 1, "transactionId": 1042, "meterValue": [{"timestamp": "2026-11-24T10:15:00Z",
            "sampledValue": [{"value": "12345", "context": "Sample.Periodic", "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
                             {"value": "7200", "context": "Sample.Periodic", "measurand": "Power.Active.Import", "unit": "W"}]}]}"#,
    )
    .expect("JSON");
    // A three-phase charger reporting register, power, and current and voltage per phase.
    let meter_large: Value = serde_json::from_str(
        r#"{"connectorId": 1, "transactionId": 1042, "meterValue": [{"timestamp": "2026-11-24T10:15:00Z", "sampledValue": [
            {"value": "12345", "context": "Sample.Periodic", "measurand": "Energy.Active.Import.Register", "location": "Outlet", "unit": "Wh"},
            {"value": "7200", "context": "Sample.Periodic", "measurand": "Power.Active.Import", "location": "Outlet", "unit": "W"},
            {"value": "10.4", "context": "Sample.Periodic", "measurand": "Current.Import", "phase": "L1", "unit": "A"},
            {"value": "10.5", "context": "Sample.Periodic", "measurand": "Current.Import", "phase": "L2", "unit": "A"},
            {"value": "10.3", "context": "Sample.Periodic", "measurand": "Current.Import", "phase": "L3", "unit": "A"},
            {"value": "231.2", "context": "Sample.Periodic", "measurand": "Voltage", "phase": "L1-N", "unit": "V"},
            {"value": "230.8", "context": "Sample.Periodic", "measurand": "Voltage", "phase": "L2-N", "unit": "V"},
            {"value": "232.0", "context": "Sample.Periodic", "measurand": "Voltage", "phase": "L3-N", "unit": "V"},
            {"value": "54", "context": "Sample.Periodic", "measurand": "SoC", "location": "EV", "unit": "Percent"}]}]}"#,
    )
    .expect("JSON");

    let text = start.to_string();
    measure("StartTransaction: JSON text -> Value (for scale)", || {
        black_box(serde_json::from_str::<Value>(black_box(&text)).ok());
    });
    measure("StartTransaction: typed read only (no schema)", || {
        black_box(
            read_typed("StartTransaction", black_box(&start), |t: &StartTransactionRequest| {
                t.validate().map_err(|e| e.to_string())
            })
            .ok(),
        );
    });
    measure("StartTransaction: schema check only", || {
        black_box(schema::check("StartTransaction", Pdu::Request, black_box(&start)).ok());
    });
    measure("StartTransaction: ChargePointCall::parse (schema + typed)", || {
        black_box(ChargePointCall::parse("StartTransaction", black_box(&start)).ok());
    });
    for (name, payload) in [
        ("MeterValues, 2 samples", &meter_small),
        ("MeterValues, 9 samples", &meter_large),
    ] {
        measure(&format!("{name}: typed read only (no schema)"), || {
            black_box(read_typed("MeterValues", black_box(payload), |_: &MeterValuesRequest| Ok(())).ok());
        });
        measure(&format!("{name}: schema check only"), || {
            black_box(schema::check("MeterValues", Pdu::Request, black_box(payload)).ok());
        });
        measure(&format!("{name}: ChargePointCall::parse (schema + typed)"), || {
            black_box(ChargePointCall::parse("MeterValues", black_box(payload)).ok());
        });
    }
    let mut bad = start.clone();
    bad["idTag"] = Value::String("X".repeat(21));
    measure("StartTransaction, idTag too long: parse -> CALLERROR", || {
        black_box(ChargePointCall::parse("StartTransaction", black_box(&bad)).err());
    });
}
