//! What the charger reports of itself: BootNotification (adopting the heartbeat interval it
//! answers) with the status of every connector, and what a TriggerMessage asks for.

use std::sync::Mutex;

use ladeklar_ocpp::link::Link;
use ladeklar_ocpp::v16::messages::{
    boot_notification::{BootNotificationRequest, BootNotificationResponse},
    diagnostics_status_notification::DiagnosticsStatusNotificationRequest,
    firmware_status_notification::FirmwareStatusNotificationRequest,
    heart_beat::HeartbeatRequest,
    meter_values::MeterValuesRequest,
};
use ladeklar_ocpp::v16::types::{ChargePointStatus, MessageTrigger};
use ladeklar_ocpp::ChargePointCall;
use rust_decimal::Decimal;

use super::config::SimConfig;
use super::connectors::{connector_snapshot, lock, Connectors};
use super::meters::meter_value;
use super::sending::{notify_status, send};
use super::state::{lock_state, SimState};

/// BootNotification (adopting the heartbeat interval it answers), then a StatusNotification
/// for the charger and each connector.
pub(super) async fn boot(
    config: &SimConfig,
    connectors: &Connectors,
    state: &Mutex<SimState>,
    link: &Link,
) -> anyhow::Result<()> {
    let boot = send(
        link,
        ChargePointCall::BootNotification(BootNotificationRequest {
            charge_point_model: config.model.clone(),
            charge_point_vendor: config.vendor.clone(),
            ..Default::default()
        }),
    )
    .await?;
    let boot: BootNotificationResponse = serde_json::from_value(boot)?;
    let interval = boot.interval.max(10);
    lock_state(state).configuration.adopt_heartbeat(interval);
    notify_status(link, 0, ChargePointStatus::Available, None).await?;
    for (id, status, fault) in connector_snapshot(connectors, None) {
        notify_status(link, id, status, fault.as_deref()).await?;
    }
    Ok(())
}

/// Sends what a TriggerMessage asked for.
pub(super) async fn triggered(
    config: &SimConfig,
    connectors: &Connectors,
    state: &Mutex<SimState>,
    link: &Link,
    message: MessageTrigger,
    connector_id: Option<u32>,
) -> anyhow::Result<()> {
    match message {
        MessageTrigger::BootNotification => boot(config, connectors, state, link).await?,
        MessageTrigger::Heartbeat => {
            send(link, ChargePointCall::Heartbeat(HeartbeatRequest {})).await?;
        }
        MessageTrigger::StatusNotification => {
            for (id, status, fault) in connector_snapshot(connectors, connector_id) {
                notify_status(link, id, status, fault.as_deref()).await?;
            }
        }
        MessageTrigger::MeterValues => {
            let readings: Vec<(u32, Option<i32>, Decimal)> = {
                let c = lock(connectors);
                let mut v: Vec<_> = c
                    .values()
                    .filter(|c| connector_id.is_none_or(|id| id == c.config.connector_id))
                    .map(|c| {
                        (
                            c.config.connector_id,
                            c.transaction.as_ref().map(|t| t.id),
                            c.register_wh,
                        )
                    })
                    .collect();
                v.sort_by_key(|(id, _, _)| *id);
                v
            };
            for (connector_id, transaction_id, register) in readings {
                let call = ChargePointCall::MeterValues(MeterValuesRequest {
                    connector_id,
                    transaction_id,
                    meter_value: vec![meter_value(register, None)],
                });
                send(link, call).await?;
            }
        }
        MessageTrigger::DiagnosticsStatusNotification => {
            let status = lock_state(state).diagnostics.clone();
            let call = ChargePointCall::DiagnosticsStatusNotification(DiagnosticsStatusNotificationRequest { status });
            send(link, call).await?;
        }
        MessageTrigger::FirmwareStatusNotification => {
            let status = lock_state(state).firmware.clone();
            let call = ChargePointCall::FirmwareStatusNotification(FirmwareStatusNotificationRequest { status });
            send(link, call).await?;
        }
    }
    Ok(())
}
