//! What a charger's transaction messages do to a charging session, decided without I/O.
//!
//! The server loads what a message is about (the session, its stored readings, the id tag's
//! records), converts the OCPP message into the types here, calls one function with `now`,
//! writes the outcome in one database transaction and then answers the charger. Every rule
//! of a session — which pending session a StartTransaction belongs to, when a second Start is
//! held for review, which session readings without a transaction id belong to, which readings
//! are billed, what a missing stop reason means, what the session costs — lives here.
//!
//! - [`start`]: StartTransaction → link the driver's pending session, open one started at the
//!   charger, answer a replay, or hold a second Start for review.
//! - [`meter`]: MeterValues → the samples to store and the anomalies found; [`readings`] is
//!   the check both MeterValues and StopTransaction use (by timestamp and context, never by
//!   arrival order).
//! - [`stop`]: StopTransaction → the completed, priced session, a repeat, or a hold.
//! - [`status`]: StatusNotification → the connector's status (never a session's).
//! - [`usage`]: a session's stored samples → what is priced (server receipt, live view and
//!   the UI's running cost use this one builder).

pub mod meter;
pub mod readings;
pub mod start;
pub mod status;
pub mod stop;
pub mod usage;

#[cfg(test)]
mod proptests;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::meter_check::{MeterAnomaly, RegisterReading};
use crate::session::SessionStatus;

/// Who started a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionOrigin {
    /// The driver, in the app (RemoteStartTransaction).
    App,
    /// An id tag presented at the charger.
    Charger,
}

/// A stored session as the decisions here need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionState {
    pub id: String,
    pub status: SessionStatus,
    pub origin: SessionOrigin,
    pub id_tag: String,
    pub transaction_id: Option<i64>,
    /// StartTransaction's timestamp and meterStart, once the charger has started.
    pub start: Option<RegisterReading>,
    /// Meter anomalies found so far (one of each kind); any holds the session from billing.
    pub anomalies: Vec<MeterAnomaly>,
}

/// What a meter reading in a MeterValues or StopTransaction message says it measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingContext {
    /// `Transaction.Begin`: the register when the transaction started (StartTransaction's meterStart).
    TransactionBegin,
    /// `Transaction.End`: the register when it ended (StopTransaction's meterStop).
    TransactionEnd,
    /// Any other context (`Sample.Periodic`, `Sample.Clock`, `Trigger`, …).
    Sample,
}

/// One meter reading from a charger, in the domain's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeterReading {
    pub at: DateTime<Utc>,
    /// The energy register (Energy.Active.Import.Register), Wh, when the reading has one.
    pub register_wh: Option<Decimal>,
    /// Active power, W, when the reading has it.
    pub power_w: Option<Decimal>,
    pub context: ReadingContext,
}

/// A meter sample as stored: energy delivered since the session's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSample {
    pub at: DateTime<Utc>,
    /// Energy delivered since the session's start, Wh.
    pub energy_wh: Decimal,
    pub power_w: Option<Decimal>,
}

impl StoredSample {
    /// The sample as a register reading, given the session's start register.
    pub fn register(&self, start: RegisterReading) -> RegisterReading {
        RegisterReading {
            at: self.at,
            register_wh: start.register_wh + self.energy_wh,
        }
    }
}

/// The most any connector delivers today, W: the meter check's limit for a connector whose
/// power is not registered.
pub const UNREGISTERED_CONNECTOR_MAX_POWER_W: i64 = 400_000;

/// The power limit the meter checks use for a connector: its registered maximum, else
/// [`UNREGISTERED_CONNECTOR_MAX_POWER_W`].
pub fn connector_max_power_w(registered_kw: Option<Decimal>) -> Decimal {
    match registered_kw {
        Some(kw) => kw * Decimal::from(1000),
        None => Decimal::from(UNREGISTERED_CONNECTOR_MAX_POWER_W),
    }
}

/// Why a transaction id in a charger's message matches no session of that charger.
pub fn unknown_transaction_reason(transaction_id: i64, charger_id: &str, owner: Option<&str>) -> String {
    if transaction_id < 0 {
        return format!("transaction id {transaction_id}: started offline without an id from the central system");
    }
    match owner {
        Some(owner) if owner != charger_id => format!("transaction {transaction_id} belongs to charger {owner}"),
        _ => format!("transaction {transaction_id} is unknown"),
    }
}

/// Adds `found` to `existing` (one anomaly of each kind); `Some(all)` when the list changed.
pub fn merge_anomalies(existing: &[MeterAnomaly], found: &[MeterAnomaly]) -> Option<Vec<MeterAnomaly>> {
    let mut all = existing.to_vec();
    for a in found {
        if !all.iter().any(|b| b.kind() == a.kind()) {
            all.push(a.clone());
        }
    }
    (all.len() != existing.len()).then_some(all)
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use chrono::TimeZone;

    pub fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap() + chrono::Duration::minutes(min)
    }

    pub fn reading(min: i64, wh: i64, context: ReadingContext) -> MeterReading {
        MeterReading {
            at: t(min),
            register_wh: Some(Decimal::from(wh)),
            power_w: None,
            context,
        }
    }

    pub fn charging(start_wh: i64) -> SessionState {
        SessionState {
            id: "s1".into(),
            status: SessionStatus::Charging,
            origin: SessionOrigin::App,
            id_tag: "APP1".into(),
            transaction_id: Some(7),
            start: Some(RegisterReading {
                at: t(0),
                register_wh: Decimal::from(start_wh),
            }),
            anomalies: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_transactions_say_why() {
        assert!(unknown_transaction_reason(-1, "A", None).contains("started offline"));
        assert_eq!(
            unknown_transaction_reason(5, "A", Some("B")),
            "transaction 5 belongs to charger B"
        );
        assert_eq!(
            unknown_transaction_reason(5, "A", Some("A")),
            "transaction 5 is unknown"
        );
        assert_eq!(unknown_transaction_reason(5, "A", None), "transaction 5 is unknown");
    }

    #[test]
    fn an_unregistered_connector_is_limited_to_400_kw() {
        assert_eq!(connector_max_power_w(None), Decimal::from(400_000));
        assert_eq!(connector_max_power_w(Some(Decimal::from(22))), Decimal::from(22_000));
    }
}
