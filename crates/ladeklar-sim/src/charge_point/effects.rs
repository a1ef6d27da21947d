//! Carrying out what a call made the charger do ([`Effect`]), once its answer has gone out:
//! each effect becomes a task over the live connection and the outbox.

use std::future::Future;
use std::pin::Pin;

use ladeklar_ocpp::link::Link;
use ladeklar_ocpp::security::{SecurityEventNotificationRequest, SignCertificateRequest};
use ladeklar_ocpp::v16::messages::{
    diagnostics_status_notification::DiagnosticsStatusNotificationRequest,
    firmware_status_notification::FirmwareStatusNotificationRequest,
};
use ladeklar_ocpp::v16::types::{DiagnosticsStatus, FirmwareStatus};
use ladeklar_ocpp::ChargePointCall;

use super::calls::Effect;
use super::certificate::signing_request;
use super::connectors::lock;
use super::reports::{boot, triggered};
use super::sending::{notify_status, send};
use super::state::lock_state;
use super::transactions::{start_transaction, stop_transaction};
use super::SimCharger;

/// A task to run once a call's answer has been sent.
pub(super) type FollowUp = Pin<Box<dyn Future<Output = ()> + Send>>;

impl SimCharger {
    /// The task that carries out `effect` over `link`.
    pub(super) fn follow_up(&self, link: &Link, effect: Effect) -> FollowUp {
        let (link, connectors, state) = (link.clone(), self.connectors.clone(), self.state.clone());
        let outbox = self.outbox.clone();
        let config = self.config.clone();
        let reconnect = self.reconnect.clone();
        match effect {
            Effect::StartTransaction { connector_id, id_tag } => {
                Box::pin(start_transaction(outbox, connector_id, id_tag))
            }
            Effect::StopTransaction { connector_id, reason } => {
                Box::pin(stop_transaction(outbox, connector_id, reason))
            }
            Effect::Reboot { reason } => Box::pin(async move {
                let running: Vec<u32> = lock(&connectors)
                    .values()
                    .filter(|c| c.transaction.is_some())
                    .map(|c| c.config.connector_id)
                    .collect();
                for id in running {
                    stop_transaction(outbox.clone(), id, reason.clone()).await;
                }
                if let Err(e) = boot(&config, &connectors, &state, &link).await {
                    tracing::warn!(error = %e, "simulated reboot failed");
                }
            }),
            Effect::ReportStatus(statuses) => Box::pin(async move {
                for (id, status) in statuses {
                    let _ = notify_status(&link, id, status, None).await;
                }
            }),
            Effect::Trigger { message, connector_id } => Box::pin(async move {
                let sent = triggered(&config, &connectors, &state, &link, message, connector_id);
                if let Err(e) = sent.await {
                    tracing::warn!(error = %e, "triggered message failed");
                }
            }),
            Effect::UploadDiagnostics => Box::pin(async move {
                for status in [DiagnosticsStatus::Uploading, DiagnosticsStatus::Uploaded] {
                    lock_state(&state).diagnostics = status.clone();
                    let call =
                        ChargePointCall::DiagnosticsStatusNotification(DiagnosticsStatusNotificationRequest { status });
                    if send(&link, call).await.is_err() {
                        return;
                    }
                }
            }),
            Effect::InstallFirmware => Box::pin(async move {
                for status in [
                    FirmwareStatus::Downloading,
                    FirmwareStatus::Downloaded,
                    FirmwareStatus::Installing,
                    FirmwareStatus::Installed,
                ] {
                    lock_state(&state).firmware = status.clone();
                    let call =
                        ChargePointCall::FirmwareStatusNotification(FirmwareStatusNotificationRequest { status });
                    if send(&link, call).await.is_err() {
                        return;
                    }
                }
            }),
            Effect::SignCertificate => Box::pin(async move {
                let (csr, key) = match signing_request(&config.charge_point_id) {
                    Ok(request) => request,
                    Err(e) => {
                        tracing::warn!(error = %e, "no certificate signing request made");
                        return;
                    }
                };
                lock_state(&state).certificates.pending_key_pem = Some(key);
                let call = ChargePointCall::SignCertificate(SignCertificateRequest { csr });
                match send(&link, call).await {
                    Ok(answer) => {
                        tracing::info!(charger = %config.charge_point_id, %answer, "SignCertificate answered")
                    }
                    Err(e) => tracing::warn!(error = %e, "SignCertificate failed"),
                }
            }),
            Effect::ReconnectWithCertificate => Box::pin(async move {
                // A round trip after the CertificateSigned answer: once it is answered, that
                // answer has gone out too, and the connection may end.
                let event = ChargePointCall::SecurityEventNotification(SecurityEventNotificationRequest {
                    kind: "ReconfigurationOfSecurityParameters".into(),
                    timestamp: chrono::Utc::now(),
                    tech_info: Some("client certificate installed; reconnecting with Security Profile 3".into()),
                });
                if let Err(e) = send(&link, event).await {
                    tracing::warn!(error = %e, "security event not delivered");
                }
                reconnect.notify_one();
            }),
        }
    }
}
