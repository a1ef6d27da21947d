//! The meters: each charging connector's energy register, grown by what its car draws, and
//! the MeterValues readings the charger sends (register Wh, power W).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use ladeklar_ocpp::v16::messages::meter_values::MeterValuesRequest;
use ladeklar_ocpp::v16::types::{ChargePointStatus, Measurand, MeterValue, SampledValue, UnitOfMeasure};
use ladeklar_ocpp::ChargePointCall;
use rust_decimal::Decimal;

use super::connectors::{lock, ConnectorState};
use super::now_ms;
use super::outbox::Outbox;
use super::state::{lock_state, SimState};

/// The meters, connected or not: every MeterValueSampleInterval each charging connector's
/// register grows and a MeterValues is queued for delivery.
pub(super) async fn run_meters(outbox: Outbox, state: Arc<Mutex<SimState>>) {
    let mut last_meter = tokio::time::Instant::now();
    loop {
        let meter_interval = lock_state(&state).configuration.meter_interval;
        tokio::time::sleep_until(last_meter + meter_interval).await;
        let elapsed = last_meter.elapsed();
        last_meter = tokio::time::Instant::now();
        let at = now_ms();
        for (connector_id, transaction_id, register, power_w) in advance_meters(&outbox.connectors, elapsed) {
            let mut reading = meter_value(register, Some(power_w));
            reading.timestamp = at;
            let call = ChargePointCall::MeterValues(MeterValuesRequest {
                connector_id,
                transaction_id: Some(transaction_id),
                meter_value: vec![reading],
            });
            outbox.push(call, None);
        }
    }
}

/// Adds the energy drawn during `elapsed` to every charging connector's register.
fn advance_meters(
    connectors: &Mutex<HashMap<u32, ConnectorState>>,
    elapsed: Duration,
) -> Vec<(u32, i32, Decimal, Decimal)> {
    let mut out = Vec::new();
    let millis = Decimal::from(elapsed.as_millis() as u64);
    for c in lock(connectors).values_mut() {
        if let (Some(t), ChargePointStatus::Charging) = (&c.transaction, &c.status) {
            let power_w = c.config.power_kw * Decimal::from(1000);
            // Wh = W × h; whole Wh, as real meters report.
            c.register_wh += (power_w * millis / Decimal::from(3_600_000)).round_dp(0);
            out.push((c.config.connector_id, t.id, c.register_wh, power_w));
        }
    }
    out
}

pub(super) fn meter_value(register_wh: Decimal, power_w: Option<Decimal>) -> MeterValue {
    let mut sampled_value = vec![SampledValue {
        value: register_wh.round_dp(0).to_string(),
        measurand: Some(Measurand::EnergyActiveImportRegister),
        unit: Some(UnitOfMeasure::Wh),
        ..Default::default()
    }];
    if let Some(p) = power_w {
        sampled_value.push(SampledValue {
            value: p.round_dp(0).to_string(),
            measurand: Some(Measurand::PowerActiveImport),
            unit: Some(UnitOfMeasure::W),
            ..Default::default()
        });
    }
    MeterValue {
        timestamp: Utc::now(),
        sampled_value,
    }
}
