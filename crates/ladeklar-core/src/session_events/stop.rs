//! StopTransaction: the session completed and priced once, a repeat, or a hold for review.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use super::readings::check_new_readings;
use super::usage::session_usage;
use super::{merge_anomalies, MeterReading, ReadingContext, SessionState, StoredSample};
use crate::meter_check::MeterAnomaly;
use crate::pricing::{MeterSample, PricedSession};
use crate::session::{SessionEvent, SessionStatus};
use crate::tariff::Tariff;

/// OCPP 1.6: a StopTransaction without a reason was stopped locally.
pub const DEFAULT_STOP_REASON: &str = "Local";

/// A StopTransaction in the domain's types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopTransaction {
    pub transaction_id: i64,
    pub meter_stop_wh: i64,
    pub timestamp: DateTime<Utc>,
    /// The OCPP Reason as sent (`EVDisconnected`, `Remote`, …), if any.
    pub reason: Option<String>,
    /// `transactionData`: readings over the transaction, in any order.
    pub readings: Vec<MeterReading>,
}

/// What the server loaded for a StopTransaction of a known session.
#[derive(Debug, Clone, Copy)]
pub struct StopInput<'a> {
    pub message: &'a StopTransaction,
    pub session: &'a SessionState,
    /// All of the session's stored samples, in time order.
    pub samples: &'a [StoredSample],
    /// The tariff fixed at the session's start, and the site's zone.
    pub tariff: &'a Tariff,
    pub tz: Tz,
    /// The connector's power limit for the meter checks (`connector_max_power_w`).
    pub max_power_w: Decimal,
}

/// The session after its stop, to be written in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedStop {
    pub status: SessionStatus,
    pub stopped_at: DateTime<Utc>,
    pub meter_stop_wh: i64,
    pub stop_reason: String,
    /// New samples from `transactionData` and the stop reading.
    pub samples: Vec<StoredSample>,
    /// The session's whole anomaly list, when the stop changed it.
    pub anomalies: Option<Vec<MeterAnomaly>>,
    /// Anomalies this stop found.
    pub found: Vec<MeterAnomaly>,
    pub priced: PricedSession,
    /// Priced for review but not billed: the session has meter anomalies.
    pub held_from_billing: bool,
    pub heard_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopOutcome {
    /// The session is already completed: a retried Stop changes nothing.
    AlreadyCompleted,
    /// Kept for review and answered; the session stays as it is for support.
    Quarantine {
        reason: String,
    },
    Complete(Box<CompletedStop>),
}

/// Decides a StopTransaction of a known session at `now`.
pub fn on_stop_transaction(input: StopInput<'_>, now: DateTime<Utc>) -> StopOutcome {
    let StopInput {
        message,
        session,
        samples,
        tariff,
        tz,
        max_power_w,
    } = input;
    if session.status == SessionStatus::Completed {
        return StopOutcome::AlreadyCompleted;
    }
    let status = match session.status.apply(SessionEvent::TransactionStopped) {
        Ok(status) => status,
        Err(e) => {
            return StopOutcome::Quarantine {
                reason: format!("session {}: {e}", session.id),
            }
        }
    };
    let Some(start) = session.start else {
        return StopOutcome::Quarantine {
            reason: format!("session {} has no start to stop", session.id),
        };
    };
    if message.timestamp < start.at {
        return StopOutcome::Quarantine {
            reason: format!(
                "session {}: the stop cannot be priced: it ends at {} before it starts at {}",
                session.id, message.timestamp, start.at
            ),
        };
    }
    // The stop's own reading first: of two readings at the stop's instant it is the one kept.
    let mut readings = Vec::with_capacity(message.readings.len() + 1);
    readings.push(MeterReading {
        at: message.timestamp,
        register_wh: Some(Decimal::from(message.meter_stop_wh)),
        power_w: Some(Decimal::ZERO),
        context: ReadingContext::TransactionEnd,
    });
    readings.extend_from_slice(&message.readings);
    let checked = check_new_readings(start, samples, &readings, max_power_w);
    let mut all: Vec<MeterSample> = samples
        .iter()
        .chain(&checked.samples)
        .map(|s| MeterSample {
            at: s.at,
            energy_wh: s.energy_wh,
        })
        .collect();
    all.sort_by_key(|s| s.at);
    let Some(usage) = session_usage(Some(start.at), Some(message.timestamp), &all) else {
        unreachable!("a session with a start has a usage");
    };
    let priced = match super::usage::price_usage(tariff, tz, &usage) {
        Ok(priced) => priced,
        // The charger's times cannot be priced (a clock far off: a session of years, or one
        // that ends before it starts). A CALLERROR would have the charger retry it forever.
        Err(why) => {
            return StopOutcome::Quarantine {
                reason: format!("session {}: the stop cannot be priced: {why}", session.id),
            }
        }
    };
    let anomalies = merge_anomalies(&session.anomalies, &checked.anomalies);
    let held_from_billing = !anomalies.as_deref().unwrap_or(&session.anomalies).is_empty();
    StopOutcome::Complete(Box::new(CompletedStop {
        status,
        stopped_at: message.timestamp,
        meter_stop_wh: message.meter_stop_wh,
        stop_reason: message.reason.clone().unwrap_or_else(|| DEFAULT_STOP_REASON.to_owned()),
        samples: checked.samples,
        anomalies,
        found: checked.anomalies,
        priced,
        held_from_billing,
        heard_at: now,
    }))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::session_events::test_support::{charging, reading, t};
    use crate::session_events::ReadingContext::*;

    pub(crate) fn tariff() -> Tariff {
        Tariff::from_json(
            r#"{"country_code":"NO","party_id":"LDK","id":"T1","currency":"NOK",
            "elements":[{"price_components":[{"type":"ENERGY","price":"4.00","vat":"25","step_size":1}]}],
            "last_updated":"2026-01-01T00:00:00Z"}"#,
        )
        .unwrap()
    }

    fn stop(meter_stop_wh: i64, at_min: i64, readings: Vec<MeterReading>) -> StopTransaction {
        StopTransaction {
            transaction_id: 7,
            meter_stop_wh,
            timestamp: t(at_min),
            reason: None,
            readings,
        }
    }

    fn decide(session: &SessionState, samples: &[StoredSample], m: &StopTransaction) -> StopOutcome {
        let tariff = tariff();
        on_stop_transaction(
            StopInput {
                message: m,
                session,
                samples,
                tariff: &tariff,
                tz: chrono_tz::Europe::Oslo,
                max_power_w: Decimal::from(22_000),
            },
            t(61),
        )
    }

    fn completed(out: StopOutcome) -> CompletedStop {
        match out {
            StopOutcome::Complete(c) => *c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_stop_completes_prices_and_defaults_the_reason_to_local() {
        let s = charging(10_000);
        let c = completed(decide(&s, &[], &stop(20_000, 60, vec![])));
        assert_eq!(c.status, SessionStatus::Completed);
        assert_eq!(c.stop_reason, "Local");
        assert_eq!(c.priced.total_energy_kwh, Decimal::from(10));
        assert_eq!(c.priced.total.excl_vat, Decimal::from(40));
        assert!(!c.held_from_billing);
        assert_eq!(c.samples.len(), 1);
        assert_eq!(c.samples[0].power_w, Some(Decimal::ZERO));
    }

    /// Most chargers send the Begin reading in transactionData (StopTxnSampledData): the
    /// session must be billed, not held as a register reset.
    #[test]
    fn transaction_data_with_the_begin_reading_is_billed() {
        let s = charging(10_000);
        let known = [StoredSample {
            at: t(30),
            energy_wh: Decimal::from(5_000),
            power_w: None,
        }];
        let m = stop(
            20_000,
            60,
            vec![
                reading(0, 10_000, TransactionBegin),
                reading(30, 15_000, Sample),
                reading(60, 20_000, TransactionEnd),
            ],
        );
        let c = completed(decide(&s, &known, &m));
        assert!(!c.held_from_billing, "{:?}", c.found);
        assert!(c.anomalies.is_none());
        assert_eq!(c.priced.total_energy_kwh, Decimal::from(10));
    }

    #[test]
    fn a_reset_at_the_stop_is_priced_for_review_and_held() {
        let s = charging(10_000);
        let c = completed(decide(&s, &[], &stop(3, 60, vec![])));
        assert!(c.held_from_billing);
        assert_eq!(c.anomalies.unwrap()[0].kind(), "register_reset");
        assert_eq!(c.priced.total_energy_kwh, Decimal::ZERO);
    }

    #[test]
    fn a_repeat_changes_nothing_and_an_unpriceable_stop_is_held() {
        let done = SessionState {
            status: SessionStatus::Completed,
            ..charging(0)
        };
        assert_eq!(decide(&done, &[], &stop(10, 60, vec![])), StopOutcome::AlreadyCompleted);
        let out = decide(&charging(0), &[], &stop(10, -120, vec![]));
        assert!(
            matches!(&out, StopOutcome::Quarantine { reason } if reason.contains("cannot be priced")),
            "{out:?}"
        );
    }
}
