//! Scripted behaviour for simulated chargers, as written on the command line: a connector
//! that reports a fault, a driver who starts (and later stops) a session at the charger with
//! an RFID tag, and a charger that loses its connection for a while and then delivers what
//! it queued.
//!
//! Specs are `CHARGER:…` strings split at `:` (a charger id with a `:` cannot be scripted).

use std::str::FromStr;
use std::time::Duration;

use ladeklar_ocpp::v16::types::ChargePointErrorCode;
use tokio::sync::watch;

use crate::SimHandle;

/// Why a scenario spec was refused, naming the spec and the part that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    #[error("{spec:?}: expected {expected}")]
    Shape { spec: String, expected: &'static str },
    #[error("{spec:?}: the charger id is empty")]
    EmptyCharger { spec: String },
    #[error("{spec:?}: connector {value:?} is not a connector number (1 or more)")]
    Connector { spec: String, value: String },
    #[error("{spec:?}: {field} {value:?} is not a number of seconds")]
    Seconds {
        spec: String,
        field: &'static str,
        value: String,
    },
    #[error("{spec:?}: {value:?} is not an OCPP 1.6 ChargePointErrorCode (e.g. GroundFailure, OverCurrentFailure)")]
    ErrorCode { spec: String, value: String },
    #[error("{spec:?}: the id tag is empty or longer than 20 characters")]
    IdTag { spec: String },
    #[error("{spec:?}: {field} must be more than 0 seconds")]
    ZeroDuration { spec: String, field: &'static str },
    #[error("{option}: charger {charger:?} is not one of the simulated chargers ({known})")]
    UnknownCharger {
        option: &'static str,
        charger: String,
        known: String,
    },
}

/// `CHARGER:CONNECTOR:ERROR_CODE`: the connector reports Faulted with this error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSpec {
    pub charger: String,
    pub connector: u32,
    /// The ChargePointErrorCode as OCPP spells it (`GroundFailure`).
    pub error_code: String,
}

/// `CHARGER:CONNECTOR:ID_TAG[:AFTER_S[:FOR_S]]`: AFTER_S seconds after the simulator starts
/// (default 0) a driver presents ID_TAG at the connector; with FOR_S they stop it at the
/// charger that many seconds later, otherwise it charges until stopped remotely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeSpec {
    pub charger: String,
    pub connector: u32,
    pub id_tag: String,
    pub after: Duration,
    pub stop_after: Option<Duration>,
}

/// `CHARGER:AFTER_S:FOR_S`: AFTER_S seconds after the simulator starts the charger loses its
/// connection for FOR_S seconds (charging goes on, transaction messages queue), then
/// reconnects and delivers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineSpec {
    pub charger: String,
    pub after: Duration,
    pub duration: Duration,
}

/// Splits `spec` into the charger id and between `min` and `max` fields after it.
fn split<'a>(
    spec: &'a str,
    (min, max): (usize, usize),
    expected: &'static str,
) -> Result<(&'a str, Vec<&'a str>), ScenarioError> {
    let mut parts = spec.split(':');
    let charger = parts.next().unwrap_or_default();
    let fields: Vec<&str> = parts.collect();
    if !(min..=max).contains(&fields.len()) {
        return Err(ScenarioError::Shape {
            spec: spec.into(),
            expected,
        });
    }
    if charger.is_empty() {
        return Err(ScenarioError::EmptyCharger { spec: spec.into() });
    }
    Ok((charger, fields))
}

fn connector(spec: &str, value: &str) -> Result<u32, ScenarioError> {
    match value.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(ScenarioError::Connector {
            spec: spec.into(),
            value: value.into(),
        }),
    }
}

fn seconds(spec: &str, field: &'static str, value: &str) -> Result<Duration, ScenarioError> {
    value
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| ScenarioError::Seconds {
            spec: spec.into(),
            field,
            value: value.into(),
        })
}

fn positive(spec: &str, field: &'static str, value: &str) -> Result<Duration, ScenarioError> {
    let d = seconds(spec, field, value)?;
    if d.is_zero() {
        return Err(ScenarioError::ZeroDuration {
            spec: spec.into(),
            field,
        });
    }
    Ok(d)
}

impl FromStr for FaultSpec {
    type Err = ScenarioError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let (charger, f) = split(spec, (2, 2), "CHARGER:CONNECTOR:ERROR_CODE")?;
        let error_code = f[1];
        let known: Result<ChargePointErrorCode, _> =
            serde_json::from_value(serde_json::Value::String(error_code.to_owned()));
        if known.is_err() || error_code == "NoError" {
            return Err(ScenarioError::ErrorCode {
                spec: spec.into(),
                value: error_code.into(),
            });
        }
        Ok(Self {
            charger: charger.into(),
            connector: connector(spec, f[0])?,
            error_code: error_code.into(),
        })
    }
}

impl FromStr for ChargeSpec {
    type Err = ScenarioError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let (charger, f) = split(spec, (2, 4), "CHARGER:CONNECTOR:ID_TAG[:AFTER_S[:FOR_S]]")?;
        let connector = connector(spec, f[0])?;
        let id_tag = f[1];
        if id_tag.is_empty() || id_tag.chars().count() > 20 {
            return Err(ScenarioError::IdTag { spec: spec.into() });
        }
        let after = match f.get(2) {
            Some(v) => seconds(spec, "AFTER_S", v)?,
            None => Duration::ZERO,
        };
        let stop_after = f.get(3).map(|v| positive(spec, "FOR_S", v)).transpose()?;
        Ok(Self {
            charger: charger.into(),
            connector,
            id_tag: id_tag.into(),
            after,
            stop_after,
        })
    }
}

impl FromStr for OfflineSpec {
    type Err = ScenarioError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let (charger, f) = split(spec, (2, 2), "CHARGER:AFTER_S:FOR_S")?;
        Ok(Self {
            charger: charger.into(),
            after: seconds(spec, "AFTER_S", f[0])?,
            duration: positive(spec, "FOR_S", f[1])?,
        })
    }
}

/// What one simulated charger is scripted to do after it starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    pub charges: Vec<ChargeSpec>,
    pub offline: Vec<OfflineSpec>,
}

impl Script {
    /// The parts of `charges` and `offline` that are for `charger`.
    pub fn for_charger(charger: &str, charges: &[ChargeSpec], offline: &[OfflineSpec]) -> Self {
        Self {
            charges: charges.iter().filter(|c| c.charger == charger).cloned().collect(),
            offline: offline.iter().filter(|o| o.charger == charger).cloned().collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.charges.is_empty() && self.offline.is_empty()
    }

    /// Plays the script against a running charger until it is done or `shutdown` turns true.
    pub async fn run(self, handle: SimHandle, shutdown: watch::Receiver<bool>) {
        let mut steps = Vec::new();
        for charge in self.charges {
            let (handle, mut shutdown) = (handle.clone(), shutdown.clone());
            steps.push(tokio::spawn(async move {
                if !sleep_unless_stopped(charge.after, &mut shutdown).await {
                    return;
                }
                if !handle.start_local(charge.connector, &charge.id_tag).await {
                    tracing::warn!(
                        charger = %charge.charger,
                        connector = charge.connector,
                        "scripted charge not started: the connector is busy, faulted or unknown"
                    );
                    return;
                }
                tracing::info!(charger = %charge.charger, connector = charge.connector, id_tag = %charge.id_tag,
                    "scripted charge started at the charger");
                if let Some(after) = charge.stop_after {
                    if sleep_unless_stopped(after, &mut shutdown).await && handle.stop_local(charge.connector).await {
                        tracing::info!(charger = %charge.charger, connector = charge.connector,
                            "scripted charge stopped at the charger");
                    }
                }
            }));
        }
        for spell in self.offline {
            let (handle, mut shutdown) = (handle.clone(), shutdown.clone());
            steps.push(tokio::spawn(async move {
                if !sleep_unless_stopped(spell.after, &mut shutdown).await {
                    return;
                }
                tracing::info!(charger = %spell.charger, seconds = spell.duration.as_secs_f64(), "scripted: going offline");
                handle.go_offline();
                sleep_unless_stopped(spell.duration, &mut shutdown).await;
                handle.go_online();
                tracing::info!(charger = %spell.charger, queued = handle.queued(), "scripted: back online");
            }));
        }
        for step in steps {
            let _ = step.await;
        }
    }
}

/// Sleeps for `d`; false when `shutdown` turned true first.
async fn sleep_unless_stopped(d: Duration, shutdown: &mut watch::Receiver<bool>) -> bool {
    if *shutdown.borrow() {
        return false;
    }
    tokio::select! {
        () = tokio::time::sleep(d) => true,
        _ = shutdown.wait_for(|stop| *stop) => false,
    }
}

/// Checks that every charger a spec of `option` names is one of `chargers`.
pub fn check_chargers<'a>(
    option: &'static str,
    chargers: &[String],
    named: impl IntoIterator<Item = &'a str>,
) -> Result<(), ScenarioError> {
    for charger in named {
        if !chargers.iter().any(|c| c == charger) {
            return Err(ScenarioError::UnknownCharger {
                option,
                charger: charger.into(),
                known: chargers.join(", "),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn a_fault_names_connector_and_error_code() {
        let f: FaultSpec = "OSLO-STORO-DC1:2:GroundFailure".parse().unwrap();
        assert_eq!(
            f,
            FaultSpec {
                charger: "OSLO-STORO-DC1".into(),
                connector: 2,
                error_code: "GroundFailure".into()
            }
        );
        assert!(matches!(
            "site:a:1:OverVoltage".parse::<FaultSpec>(),
            Err(ScenarioError::Shape { .. })
        ));
    }

    #[test]
    fn a_bad_fault_names_what_is_wrong() {
        let e = "X:1:GroundFailur".parse::<FaultSpec>().unwrap_err();
        assert_eq!(
            e,
            ScenarioError::ErrorCode {
                spec: "X:1:GroundFailur".into(),
                value: "GroundFailur".into()
            }
        );
        assert!(e.to_string().contains("not an OCPP 1.6 ChargePointErrorCode"), "{e}");
        assert!(matches!(
            "X:1:NoError".parse::<FaultSpec>(),
            Err(ScenarioError::ErrorCode { .. })
        ));
        assert!(matches!(
            "X:0:GroundFailure".parse::<FaultSpec>(),
            Err(ScenarioError::Connector { value, .. }) if value == "0"
        ));
        assert!(matches!(
            "X:GroundFailure".parse::<FaultSpec>(),
            Err(ScenarioError::Shape { .. })
        ));
        assert!(matches!(
            ":1:GroundFailure".parse::<FaultSpec>(),
            Err(ScenarioError::EmptyCharger { .. })
        ));
    }

    #[test]
    fn a_charge_has_optional_start_delay_and_duration() {
        let c: ChargeSpec = "CP1:1:DEMO-RFID-0001".parse().unwrap();
        assert_eq!(
            (c.connector, c.id_tag.as_str(), c.after, c.stop_after),
            (1, "DEMO-RFID-0001", Duration::ZERO, None)
        );
        let c: ChargeSpec = "CP1:2:TAG:5".parse().unwrap();
        assert_eq!((c.charger.as_str(), c.after, c.stop_after), ("CP1", secs(5), None));
        let c: ChargeSpec = "CP1:2:TAG:5:120".parse().unwrap();
        assert_eq!((c.after, c.stop_after), (secs(5), Some(secs(120))));
        let c: ChargeSpec = "CP1:2:TAG:0.5:1.5".parse().unwrap();
        assert_eq!(
            (c.after, c.stop_after),
            (Duration::from_millis(500), Some(Duration::from_millis(1500)))
        );
    }

    #[test]
    fn a_bad_charge_names_what_is_wrong() {
        assert!(matches!(
            "CP1:x:TAG".parse::<ChargeSpec>(),
            Err(ScenarioError::Connector { value, .. }) if value == "x"
        ));
        assert!(matches!(
            "CP1:1:TAG-LONGER-THAN-TWENTY-CHARS".parse::<ChargeSpec>(),
            Err(ScenarioError::IdTag { .. })
        ));
        assert!(matches!(
            "CP1:1:TAG:5:0".parse::<ChargeSpec>(),
            Err(ScenarioError::ZeroDuration { field: "FOR_S", .. })
        ));
        assert!(matches!("CP1".parse::<ChargeSpec>(), Err(ScenarioError::Shape { .. })));
    }

    #[test]
    fn an_offline_spell_has_a_start_and_a_length() {
        let o: OfflineSpec = "CP1:10:30".parse().unwrap();
        assert_eq!((o.charger.as_str(), o.after, o.duration), ("CP1", secs(10), secs(30)));
        assert!(matches!(
            "CP1:ten:30".parse::<OfflineSpec>(),
            Err(ScenarioError::Seconds { field: "AFTER_S", .. })
        ));
        assert!(matches!(
            "CP1:10:-1".parse::<OfflineSpec>(),
            Err(ScenarioError::Seconds { field: "FOR_S", .. })
        ));
        assert!(matches!(
            "CP1:10:0".parse::<OfflineSpec>(),
            Err(ScenarioError::ZeroDuration { .. })
        ));
        assert!(matches!(
            "CP1:10:inf".parse::<OfflineSpec>(),
            Err(ScenarioError::Seconds { .. })
        ));
    }

    #[test]
    fn scripts_are_split_per_charger_and_unknown_chargers_refused() {
        let charges: Vec<ChargeSpec> = vec!["A:1:T".parse().unwrap(), "B:1:T".parse().unwrap()];
        let offline: Vec<OfflineSpec> = vec!["B:1:1".parse().unwrap()];
        let a = Script::for_charger("A", &charges, &offline);
        assert_eq!((a.charges.len(), a.offline.len()), (1, 0));
        let b = Script::for_charger("B", &charges, &offline);
        assert_eq!((b.charges.len(), b.offline.len()), (1, 1));
        assert!(Script::for_charger("C", &charges, &offline).is_empty());

        let known = vec!["A".to_string(), "B".to_string()];
        assert_eq!(check_chargers("--charge", &known, ["A", "B"]), Ok(()));
        let e = check_chargers("--charge", &known, ["A", "C"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--charge: charger \"C\" is not one of the simulated chargers (A, B)"
        );
    }
}
