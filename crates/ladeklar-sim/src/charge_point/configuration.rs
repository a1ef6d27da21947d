//! The charger's configuration keys, as GetConfiguration reads them and ChangeConfiguration
//! changes them; HeartbeatInterval and MeterValueSampleInterval are applied live.

use std::collections::BTreeMap;
use std::time::Duration;

use ladeklar_ocpp::v16::types::KeyValue;

use super::config::SimConfig;

/// A configuration key the central system can read (GetConfiguration) and change.
#[derive(Debug, Clone)]
struct ConfigKey {
    value: String,
    readonly: bool,
}

/// The configuration keys and the intervals the charger runs at.
#[derive(Debug)]
pub(super) struct Configuration {
    keys: BTreeMap<String, ConfigKey>,
    /// HeartbeatInterval, as applied.
    pub(super) heartbeat: Duration,
    /// MeterValueSampleInterval, as applied.
    pub(super) meter_interval: Duration,
    /// The password for HTTP Basic auth (OCPP security extension's `AuthorizationKey`):
    /// write-only — GetConfiguration never shows it — and used from the next connection on.
    pub(super) authorization_key: Option<String>,
}

impl Configuration {
    pub(super) fn new(config: &SimConfig) -> Self {
        let mut keys = BTreeMap::new();
        let mut key = |k: &str, v: String, readonly: bool| {
            keys.insert(k.to_owned(), ConfigKey { value: v, readonly });
        };
        key("HeartbeatInterval", "60".into(), false);
        key(
            "MeterValueSampleInterval",
            config.meter_interval.as_secs().max(1).to_string(),
            false,
        );
        key("NumberOfConnectors", config.connectors.len().to_string(), true);
        key(
            "SupportedFeatureProfiles",
            "Core,FirmwareManagement,LocalAuthListManagement,Reservation,RemoteTrigger,SmartCharging".into(),
            true,
        );
        key("AuthorizeRemoteTxRequests", "false".into(), false);
        key("ConnectionTimeOut", "60".into(), false);
        key(
            "TransactionMessageAttempts",
            super::outbox::TRANSACTION_MESSAGE_ATTEMPTS.to_string(),
            true,
        );
        key(
            "TransactionMessageRetryInterval",
            super::outbox::TRANSACTION_MESSAGE_RETRY_INTERVAL.as_secs().to_string(),
            true,
        );
        key("LocalAuthListEnabled", "true".into(), false);
        key("LocalAuthListMaxLength", "100".into(), true);
        key("SendLocalListMaxLength", "100".into(), true);
        key("ReserveConnectorZeroSupported", "false".into(), true);
        key("ChargeProfileMaxStackLevel", "8".into(), true);
        key("ChargingScheduleAllowedChargingRateUnit", "Current,Power".into(), true);
        key("ChargingScheduleMaxPeriods", "24".into(), true);
        key("MaxChargingProfilesInstalled", "10".into(), true);
        Self {
            keys,
            heartbeat: Duration::from_secs(60),
            meter_interval: config.meter_interval,
            authorization_key: config.password.clone(),
        }
    }

    /// GetConfiguration: the known keys of `wanted` (every key when `None`) with their
    /// values, and the unknown ones.
    pub(super) fn get(&self, wanted: Option<Vec<String>>) -> (Vec<KeyValue>, Vec<String>) {
        // No key list or an empty one: every key (OCPP 1.6, GetConfiguration).
        let wanted: Vec<String> = match wanted {
            Some(keys) if !keys.is_empty() => keys,
            _ => self.keys.keys().cloned().collect(),
        };
        let (known, unknown): (Vec<String>, Vec<String>) = wanted.into_iter().partition(|k| self.keys.contains_key(k));
        let configuration_key: Vec<KeyValue> = known
            .into_iter()
            .filter_map(|k| {
                self.keys.get(&k).map(|v| KeyValue {
                    key: k.clone(),
                    readonly: v.readonly,
                    value: Some(v.value.clone()),
                })
            })
            .collect();
        (configuration_key, unknown)
    }

    /// ChangeConfiguration: `Accepted`, `Rejected` (read-only or a bad value) or `NotSupported`.
    pub(super) fn change(&mut self, key: &str, value: &str) -> &'static str {
        if key.eq_ignore_ascii_case("AuthorizationKey") {
            // 16–40 printable characters (the charger password rules), none a ':'.
            let len = value.chars().count();
            if !(16..=40).contains(&len) || !value.chars().all(|c| c.is_ascii_graphic() && c != ':') {
                return "Rejected";
            }
            self.authorization_key = Some(value.to_owned());
            return "Accepted";
        }
        let Some(entry) = self.keys.get_mut(key) else {
            return "NotSupported";
        };
        if entry.readonly {
            return "Rejected";
        }
        if matches!(key, "HeartbeatInterval" | "MeterValueSampleInterval") {
            let Some(seconds) = value.parse::<u64>().ok().filter(|s| *s > 0) else {
                return "Rejected";
            };
            if key == "HeartbeatInterval" {
                self.heartbeat = Duration::from_secs(seconds);
            } else {
                self.meter_interval = Duration::from_secs(seconds);
            }
        }
        entry.value = value.to_owned();
        "Accepted"
    }

    /// Adopts the heartbeat interval a BootNotification's answer gives, in seconds.
    pub(super) fn adopt_heartbeat(&mut self, interval: u32) {
        self.heartbeat = Duration::from_secs(u64::from(interval));
        if let Some(k) = self.keys.get_mut("HeartbeatInterval") {
            k.value = interval.to_string();
        }
    }
}
