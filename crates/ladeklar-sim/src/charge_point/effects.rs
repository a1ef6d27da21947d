//! Carrying out what a call made the charger do ([`Effect`]), once its answer has gone out:
//! each effect becomes a task over the live connection and the outbox.

use std::future::Future;
use std::pin::Pin;

use ladeklar_ocpp::link::Link;
use ladeklar_ocpp::security::{
    LogStatusNotificationRequest, SecurityEventNotificationRequest, SignCertificateRequest, SignedFirmwareStatus,
    SignedFirmwareStatusNotificationRequest,
};
use ladeklar_ocpp::v16::messages::{
    diagnostics_status_notification::DiagnosticsStatusNotificationRequest,
    firmware_status_notification::FirmwareStatusNotificationRequest,
};
use ladeklar_ocpp::v16::types::{DiagnosticsStatus, FirmwareStatus};
use ladeklar_ocpp::ChargePointCall;

use super::calls::security::{firmware_statuses, log_statuses};
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
            Effect::UploadLog {
                location,
                request_id,
                text,
            } => Box::pin(async move {
                let notify = |status| {
                    ChargePointCall::LogStatusNotification(LogStatusNotificationRequest {
                        status,
                        request_id: Some(request_id),
                    })
                };
                let [uploading, _] = log_statuses(true);
                if send(&link, notify(uploading)).await.is_err() {
                    return;
                }
                let uploaded = match http_client(&config) {
                    Ok(client) => match client.put(&location).body(text).send().await {
                        Ok(r) if r.status().is_success() => true,
                        Ok(r) => {
                            tracing::warn!(status = %r.status(), %location, "log upload refused");
                            false
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, %location, "log upload failed");
                            false
                        }
                    },
                    Err(e) => {
                        tracing::warn!(error = %e, "no HTTP client for the log upload");
                        false
                    }
                };
                let [_, last] = log_statuses(uploaded);
                let _ = send(&link, notify(last)).await;
            }),
            Effect::InstallSignedFirmware {
                location,
                request_id,
                signed,
            } => Box::pin(async move {
                let notify = |status| {
                    ChargePointCall::SignedFirmwareStatusNotification(SignedFirmwareStatusNotificationRequest {
                        status,
                        request_id: Some(request_id),
                    })
                };
                if send(&link, notify(SignedFirmwareStatus::Downloading)).await.is_err() {
                    return;
                }
                let downloaded = match http_client(&config) {
                    Ok(client) => match client.get(&location).send().await {
                        Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                        Ok(r) => {
                            tracing::warn!(status = %r.status(), %location, "firmware download refused");
                            false
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, %location, "firmware download failed");
                            false
                        }
                    },
                    Err(e) => {
                        tracing::warn!(error = %e, "no HTTP client for the firmware download");
                        false
                    }
                };
                let statuses = firmware_statuses(downloaded, signed);
                let installed = statuses.last() == Some(&SignedFirmwareStatus::Installed);
                for status in statuses.into_iter().skip(1) {
                    if send(&link, notify(status)).await.is_err() {
                        return;
                    }
                }
                if installed {
                    let event = ChargePointCall::SecurityEventNotification(SecurityEventNotificationRequest {
                        kind: "FirmwareUpdated".into(),
                        timestamp: chrono::Utc::now(),
                        tech_info: Some(format!("signed firmware {request_id} installed")),
                    });
                    let _ = send(&link, event).await;
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

/// An HTTP client for the central system's transfer URLs, trusting what the WebSocket trusts.
fn http_client(config: &super::SimConfig) -> reqwest::Result<reqwest::Client> {
    let builder = reqwest::Client::builder().timeout(std::time::Duration::from_secs(60));
    match &config.tls {
        Some(tls) => builder.use_preconfigured_tls((**tls).clone()).build(),
        None => builder.build(),
    }
}
