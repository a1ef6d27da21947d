//! Any interleaving of duplicated, late and out-of-order transaction messages gives one
//! session, one stop, and the price of the de-duplicated sequence.
//!
//! A model of the server's store applies each outcome the way the server writes it; the
//! charger's messages (Start, MeterValues…, Stop with its transactionData) are delivered with
//! Start first (it brings the transaction id), then in any order, each possibly repeated.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::meter::{meter_values_session, on_meter_values, MeterOutcome};
use super::start::{on_start_transaction, StartInput, StartOutcome, StartTransaction, TagRecords};
use super::stop::{on_stop_transaction, StopInput, StopOutcome, StopTransaction};
use super::test_support::t;
use super::usage::session_usage;
use super::{MeterReading, ReadingContext, SessionOrigin, SessionState, StoredSample};
use crate::meter_check::RegisterReading;
use crate::pricing::{price_session, MeterSample, PricedSession};
use crate::session::SessionStatus;
use crate::tariff::Tariff;

#[derive(Debug, Clone)]
enum Message {
    Start(StartTransaction),
    Meter(MeterReading),
    Stop(StopTransaction),
}

#[derive(Default)]
struct Model {
    session: Option<SessionState>,
    samples: Vec<StoredSample>,
    priced: Option<PricedSession>,
    completions: usize,
}

const TX: i64 = 1;

impl Model {
    fn deliver(&mut self, m: &Message, tariff: &Tariff, now: DateTime<Utc>) {
        let max_w = Decimal::from(22_000);
        match m {
            Message::Start(start) => {
                let replayed = self.session.as_ref().filter(|s| {
                    s.start
                        .is_some_and(|r| r.at == start.timestamp && r.register_wh == start.meter_start_wh.into())
                });
                let on_connector = self.session.as_ref().filter(|s| s.status.is_active());
                let out = on_start_transaction(
                    StartInput {
                        message: start,
                        replayed,
                        on_connector,
                        tag: TagRecords::default(),
                    },
                    now,
                )
                .unwrap();
                match out {
                    StartOutcome::Replayed { transaction_id, .. } => assert_eq!(transaction_id, TX),
                    StartOutcome::OpenAtCharger { status, .. } => {
                        assert!(self.session.is_none(), "a second session opened");
                        self.session = Some(SessionState {
                            id: "s".into(),
                            status,
                            origin: SessionOrigin::Charger,
                            id_tag: start.id_tag.clone(),
                            transaction_id: Some(TX),
                            start: Some(RegisterReading {
                                at: start.timestamp,
                                register_wh: start.meter_start_wh.into(),
                            }),
                            anomalies: Vec::new(),
                        });
                    }
                    other => panic!("unexpected {other:?}"),
                }
            }
            Message::Meter(reading) => {
                let by_tx = self.session.as_ref();
                let Some(session) = meter_values_session(Some(TX), by_tx, None) else {
                    panic!("Start is delivered first")
                };
                match on_meter_values(session, &self.samples, std::slice::from_ref(reading), max_w, now) {
                    MeterOutcome::Quarantine { .. } => {}
                    MeterOutcome::Record { samples, anomalies, .. } => {
                        assert!(anomalies.is_none(), "no anomaly in a good sequence");
                        self.add(samples);
                    }
                }
            }
            Message::Stop(stop) => {
                let session = self.session.clone().expect("Start is delivered first");
                let out = on_stop_transaction(
                    StopInput {
                        message: stop,
                        session: &session,
                        samples: &self.samples,
                        tariff,
                        tz: chrono_tz::Europe::Oslo,
                        max_power_w: max_w,
                    },
                    now,
                );
                match out {
                    StopOutcome::AlreadyCompleted => {}
                    StopOutcome::Quarantine { reason } => panic!("{reason}"),
                    StopOutcome::Complete(c) => {
                        assert!(!c.held_from_billing, "{:?}", c.found);
                        self.add(c.samples);
                        if let Some(s) = self.session.as_mut() {
                            s.status = c.status;
                        }
                        self.priced = Some(c.priced);
                        self.completions += 1;
                    }
                }
            }
        }
    }

    /// Stores samples the way the store does: one per instant.
    fn add(&mut self, samples: Vec<StoredSample>) {
        for s in samples {
            if !self.samples.iter().any(|k| k.at == s.at) {
                self.samples.push(s);
            }
        }
        self.samples.sort_by_key(|s| s.at);
    }
}

/// Minutes between readings and Wh in each step (within 22 kW).
fn steps() -> impl Strategy<Value = Vec<(i64, i64)>> {
    prop::collection::vec((1i64..=30, 0i64..=300), 0..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_delivery_order_gives_one_session_one_stop_and_the_same_price(
        steps in steps(),
        with_transaction_data in any::<bool>(),
        order in prop::collection::vec(any::<prop::sample::Index>(), 0..40),
        repeats in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..8),
    ) {
        let tariff = crate::session_events::stop::tests::tariff();
        let start_wh = 1_000_000i64;
        let mut at = t(0);
        let mut register = start_wh;
        let mut readings = Vec::new();
        for (minutes, wh) in &steps {
            at += Duration::minutes(minutes * 2);
            register += wh * 2 / 3;
            readings.push(MeterReading { at, register_wh: Some(register.into()), power_w: None, context: ReadingContext::Sample });
        }
        let stop_at = at + Duration::minutes(1);
        let start = StartTransaction { connector_id: 1, id_tag: "RFID-1".into(), timestamp: t(0), meter_start_wh: start_wh };
        let mut transaction_data = vec![MeterReading { at: t(0), register_wh: Some(start_wh.into()), power_w: None, context: ReadingContext::TransactionBegin }];
        transaction_data.extend(readings.iter().copied());
        let stop = StopTransaction {
            transaction_id: TX,
            meter_stop_wh: register,
            timestamp: stop_at,
            reason: None,
            readings: if with_transaction_data { transaction_data } else { Vec::new() },
        };

        // After Start: the meter values and the stop in a shuffled order, some repeated.
        let mut rest: Vec<Message> = readings.iter().copied().map(Message::Meter).collect();
        rest.push(Message::Stop(stop.clone()));
        for (i, idx) in order.iter().enumerate() {
            let len = rest.len();
            rest.swap(i % len, idx.index(len));
        }
        let mut deliveries = vec![Message::Start(start.clone())];
        deliveries.extend(rest);
        for (what, at) in &repeats {
            let m = deliveries[what.index(deliveries.len())].clone();
            let pos = 1 + at.index(deliveries.len());
            deliveries.insert(pos.min(deliveries.len()), m);
        }

        let mut model = Model::default();
        for m in &deliveries {
            model.deliver(m, &tariff, stop_at + Duration::minutes(5));
        }
        prop_assert_eq!(model.completions, 1);
        prop_assert_eq!(model.session.as_ref().map(|s| s.status), Some(SessionStatus::Completed));

        // The readings that reached the server before its stop (all of them, with transactionData).
        let stop_pos = deliveries.iter().position(|m| matches!(m, Message::Stop(_))).unwrap();
        let billed: Vec<MeterSample> = readings
            .iter()
            .filter(|r| with_transaction_data || deliveries[..stop_pos].iter().any(|m| matches!(m, Message::Meter(x) if x == *r)))
            .map(|r| MeterSample { at: r.at, energy_wh: r.register_wh.unwrap() - Decimal::from(start_wh) })
            .chain(std::iter::once(MeterSample { at: stop_at, energy_wh: Decimal::from(register - start_wh) }))
            .collect();
        let usage = session_usage(Some(t(0)), Some(stop_at), &billed).unwrap();
        let expected = price_session(&tariff, chrono_tz::Europe::Oslo, &usage).unwrap();
        prop_assert_eq!(model.priced.as_ref(), Some(&expected));
    }
}
