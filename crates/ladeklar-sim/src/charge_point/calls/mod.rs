//! Answering the central system's calls, without a socket: a call and `now` in, the reply
//! (the CALLRESULT's payload) and what the call makes the charger do afterwards out.
//!
//! The answer changes the charger's state at once (a connector made Preparing or Reserved,
//! a configuration key, the local list, a charging profile); what the charger then sends —
//! transactions, status notifications, a reboot, triggered messages, firmware and
//! diagnostics progress — is an [`Effect`], carried out once the reply has gone out
//! ([`super::effects`]). One file per OCPP 1.6 feature profile.

mod car;
mod core_profile;
mod firmware;
mod local_list;
mod remote_trigger;
mod reservation;
pub(super) mod security;
mod smart_charging;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ladeklar_ocpp::v16::types::{ChargePointStatus, MessageTrigger, Reason};
use ladeklar_ocpp::CentralSystemCall;
use serde_json::{json, Value};

use super::connectors::ConnectorState;
use super::state::SimState;

/// The charger as one call sees it, locked for the call.
pub(super) struct Charger<'a> {
    pub(super) charge_point_id: &'a str,
    pub(super) connectors: &'a mut HashMap<u32, ConnectorState>,
    pub(super) state: &'a mut SimState,
}

/// What a call makes the charger do once its answer has gone out.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Effect {
    /// Start a transaction on the connector (made Preparing for it).
    StartTransaction { connector_id: u32, id_tag: String },
    /// End the connector's transaction.
    StopTransaction { connector_id: u32, reason: Reason },
    /// Stop every running transaction with `reason`, then boot again.
    Reboot { reason: Reason },
    /// A StatusNotification for each (connector, status), in order.
    ReportStatus(Vec<(u32, ChargePointStatus)>),
    /// Send the message a TriggerMessage asked for.
    Trigger {
        message: MessageTrigger,
        connector_id: Option<u32>,
    },
    /// Upload diagnostics: DiagnosticsStatusNotification Uploading, then Uploaded.
    UploadDiagnostics,
    /// Install firmware: FirmwareStatusNotification Downloading … Installed.
    InstallFirmware,
    /// Make a key pair and send SignCertificate with its CSR.
    SignCertificate,
    /// A client certificate was installed: say so (SecurityEventNotification), then
    /// reconnect with it.
    ReconnectWithCertificate,
    /// Upload `text` to `location` (HTTP PUT), with LogStatusNotifications for `request_id`.
    UploadLog {
        location: String,
        request_id: i32,
        text: String,
    },
    /// Fetch the firmware at `location`, check it is `signed`, install it; each step a
    /// SignedFirmwareStatusNotification for `request_id`.
    InstallSignedFirmware {
        location: String,
        request_id: i32,
        signed: bool,
    },
}

/// The reply to a call and what it makes the charger do afterwards.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Answer {
    pub(super) reply: Value,
    pub(super) effect: Option<Effect>,
}

impl Answer {
    fn reply(reply: Value) -> Self {
        Self { reply, effect: None }
    }

    fn then(reply: Value, effect: Effect) -> Self {
        Self {
            reply,
            effect: Some(effect),
        }
    }

    fn status(status: &str) -> Self {
        Self::reply(json!({ "status": status }))
    }
}

/// Answers a central-system call at `now`.
pub(super) fn answer(charger: &mut Charger<'_>, call: CentralSystemCall, now: DateTime<Utc>) -> Answer {
    use CentralSystemCall as C;
    match call {
        C::RemoteStartTransaction(req) => core_profile::remote_start_transaction(charger, req),
        C::RemoteStopTransaction(req) => core_profile::remote_stop_transaction(charger, req),
        C::Reset(req) => core_profile::reset(req),
        C::ChangeAvailability(req) => core_profile::change_availability(charger, req),
        C::UnlockConnector(req) => core_profile::unlock_connector(charger, req),
        C::GetConfiguration(req) => core_profile::get_configuration(charger, req),
        C::ChangeConfiguration(req) => core_profile::change_configuration(charger, req),
        C::ClearCache(_) => Answer::status("Accepted"),
        C::DataTransfer(req) => core_profile::data_transfer(charger, req),
        C::TriggerMessage(req) => remote_trigger::trigger_message(charger, req),
        C::GetDiagnostics(_) => firmware::get_diagnostics(charger),
        C::UpdateFirmware(_) => firmware::update_firmware(),
        C::ReserveNow(req) => reservation::reserve_now(charger, req),
        C::CancelReservation(req) => reservation::cancel_reservation(charger, req),
        C::SendLocalList(req) => local_list::send_local_list(charger, req),
        C::GetLocalListVersion(_) => local_list::get_local_list_version(charger),
        C::SetChargingProfile(req) => smart_charging::set_charging_profile(charger, req),
        C::ClearChargingProfile(req) => smart_charging::clear_charging_profile(charger, req),
        C::GetCompositeSchedule(req) => smart_charging::get_composite_schedule(charger, req, now),
        // The security extension: ExtendedTriggerMessage for what the simulator sends (its
        // own certificate's signing request included), CertificateSigned, GetLog and
        // SignedUpdateFirmware; no CA certificates are kept, so those calls are refused.
        C::ExtendedTriggerMessage(req) => remote_trigger::extended_trigger_message(charger, req),
        C::CertificateSigned(req) => security::certificate_signed(charger, req),
        C::GetInstalledCertificateIds(_) | C::DeleteCertificate(_) => Answer::status("NotFound"),
        C::GetLog(req) => security::get_log(charger, req),
        C::SignedUpdateFirmware(req) => security::signed_update_firmware(req),
        C::InstallCertificate(_) => Answer::status("Rejected"),
    }
}

fn to_json<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or_else(|_| json!({}))
}

/// A charger to put calls to in tests: two connectors, as the simulator starts them.
#[cfg(test)]
pub(super) mod testing {
    use std::collections::HashMap;
    use std::time::Duration;

    use chrono::{DateTime, TimeZone, Utc};
    use ladeklar_ocpp::CentralSystemCall;
    use rust_decimal::Decimal;
    use serde_json::Value;

    use super::{answer, Answer, Charger};
    use crate::charge_point::config::{SimConfig, SimConnector};
    use crate::charge_point::connectors::{self, ConnectorState};
    use crate::charge_point::state::SimState;
    use crate::charge_point::transactions::Transaction;

    pub(crate) fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap()
    }

    pub(crate) struct TestCharger {
        pub(crate) connectors: HashMap<u32, ConnectorState>,
        pub(crate) state: SimState,
    }

    impl TestCharger {
        pub(crate) fn new() -> Self {
            let connector = |connector_id| SimConnector {
                connector_id,
                power_kw: Decimal::from(11),
                fault: None,
            };
            let config = SimConfig {
                charge_point_id: "CP-1".into(),
                ws_base: "ws://localhost/ocpp".into(),
                connectors: vec![connector(1), connector(2)],
                meter_interval: Duration::from_secs(30),
                vendor: "Ladeklar".into(),
                model: "Sim".into(),
                password: None,
                tls: None,
            };
            Self {
                connectors: connectors::from_config(&config.connectors),
                state: SimState::new(&config),
            }
        }

        /// Puts a running transaction on the connector.
        pub(crate) fn charging(mut self, connector_id: u32, transaction_id: i32) -> Self {
            let c = self.connectors.get_mut(&connector_id).unwrap();
            c.status = ladeklar_ocpp::v16::types::ChargePointStatus::Charging;
            c.transaction = Some(Transaction {
                id: transaction_id,
                local_id: -1,
                id_tag: "TAG-1".into(),
            });
            self
        }

        /// Answers the CALL `action` with `payload` (which must be a valid OCPP 1.6 request).
        pub(crate) fn call(&mut self, action: &str, payload: Value) -> Answer {
            let call = CentralSystemCall::parse(action, &payload).unwrap();
            let mut charger = Charger {
                charge_point_id: "CP-1",
                connectors: &mut self.connectors,
                state: &mut self.state,
            };
            answer(&mut charger, call, now())
        }
    }
}
