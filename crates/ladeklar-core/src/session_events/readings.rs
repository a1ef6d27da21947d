//! Which new meter readings of a session become samples, and which are anomalies.
//!
//! Readings are compared by their timestamps and contexts, never by arrival order: a
//! StopTransaction's `transactionData` usually repeats the `Transaction.Begin` reading (what
//! chargers configured with StopTxnSampledData send), and readings delivered late (after an
//! offline spell) fall between ones already stored. Each new reading is checked against the
//! good reading just before it in time and the one just after it.

use rust_decimal::Decimal;

use super::{MeterReading, ReadingContext, StoredSample};
use crate::meter_check::{check_step, MeterAnomaly, RegisterReading};

/// What the new readings add to a session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckedReadings {
    /// Readings that passed the checks, as samples to store, in time order.
    pub samples: Vec<StoredSample>,
    /// Readings that failed them (left out of the samples).
    pub anomalies: Vec<MeterAnomaly>,
}

/// Checks `new` readings of a session that started at `start`. `known` are the session's
/// stored samples in time order — all of them, or a tail that begins with the last stored
/// sample before the earliest new reading (what the server loads).
///
/// - A reading without an energy register is left out (nothing to bill).
/// - A `Transaction.Begin` reading is the start, already known from StartTransaction.
/// - A reading at an instant already known (the start or a stored sample) is a repeat.
/// - A reading before the start is outside the transaction.
/// - Any other reading must pass `meter_check::check_step` from the good reading before it
///   and to the good reading after it; if it does, it is a sample.
pub fn check_new_readings(
    start: RegisterReading,
    known: &[StoredSample],
    new: &[MeterReading],
    max_power_w: Decimal,
) -> CheckedReadings {
    let mut timeline: Vec<RegisterReading> = Vec::with_capacity(known.len() + new.len() + 1);
    timeline.push(start);
    timeline.extend(known.iter().filter(|s| s.at > start.at).map(|s| s.register(start)));
    let mut order: Vec<&MeterReading> = new.iter().collect();
    // Stable: of two readings at one instant, the one given first wins.
    order.sort_by_key(|r| r.at);
    let mut out = CheckedReadings::default();
    for r in order {
        let Some(register_wh) = r.register_wh else { continue };
        if r.context == ReadingContext::TransactionBegin || r.at <= start.at {
            continue;
        }
        let at = timeline.partition_point(|k| k.at < r.at);
        if timeline.get(at).is_some_and(|k| k.at == r.at) {
            continue;
        }
        let next = RegisterReading { at: r.at, register_wh };
        let anomaly = check_step(timeline[at - 1], next, max_power_w)
            .or_else(|| timeline.get(at).and_then(|after| check_step(next, *after, max_power_w)));
        match anomaly {
            Some(a) => out.anomalies.push(a),
            None => {
                timeline.insert(at, next);
                out.samples.push(StoredSample {
                    at: r.at,
                    energy_wh: register_wh - start.register_wh,
                    power_w: r.power_w,
                });
            }
        }
    }
    out.samples.sort_by_key(|s| s.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_events::test_support::{reading, t};
    use ReadingContext::*;

    const START_WH: i64 = 1_000_000;

    fn start() -> RegisterReading {
        RegisterReading {
            at: t(0),
            register_wh: Decimal::from(START_WH),
        }
    }

    fn max_w() -> Decimal {
        Decimal::from(50_000)
    }

    fn stored(min: i64, energy_wh: i64) -> StoredSample {
        StoredSample {
            at: t(min),
            energy_wh: Decimal::from(energy_wh),
            power_w: None,
        }
    }

    fn energies(c: &CheckedReadings) -> Vec<(i64, Decimal)> {
        c.samples
            .iter()
            .map(|s| ((s.at - t(0)).num_minutes(), s.energy_wh))
            .collect()
    }

    #[test]
    fn readings_in_order_become_samples() {
        let c = check_new_readings(
            start(),
            &[],
            &[
                reading(10, START_WH + 5_000, Sample),
                reading(20, START_WH + 10_000, Sample),
            ],
            max_w(),
        );
        assert_eq!(energies(&c), [(10, 5_000.into()), (20, 10_000.into())]);
        assert!(c.anomalies.is_empty());
    }

    /// What chargers with StopTxnSampledData send: the Begin reading first, then the samples,
    /// then the End reading. The Begin reading is the start, not a register reset.
    #[test]
    fn a_stop_carrying_the_begin_reading_is_not_a_reset() {
        let known = [stored(10, 5_000), stored(20, 10_000)];
        let c = check_new_readings(
            start(),
            &known,
            &[
                reading(0, START_WH, TransactionBegin),
                reading(10, START_WH + 5_000, Sample),
                reading(20, START_WH + 10_000, Sample),
                reading(30, START_WH + 15_000, TransactionEnd),
            ],
            max_w(),
        );
        assert!(c.anomalies.is_empty(), "{:?}", c.anomalies);
        assert_eq!(energies(&c), [(30, 15_000.into())]);
    }

    #[test]
    fn a_late_reading_is_checked_against_its_neighbours_in_time() {
        let known = [stored(10, 12_000), stored(30, 15_000)];
        let good = check_new_readings(start(), &known, &[reading(20, START_WH + 13_000, Sample)], max_w());
        assert_eq!(energies(&good), [(20, 13_000.into())]);
        // Above the later reading: the register would go backwards after it.
        let bad = check_new_readings(start(), &known, &[reading(20, START_WH + 16_000, Sample)], max_w());
        assert!(bad.samples.is_empty());
        assert_eq!(bad.anomalies[0].kind(), "went_backwards");
    }

    #[test]
    fn a_real_reset_is_still_found() {
        let known = [stored(10, 5_000)];
        let c = check_new_readings(start(), &known, &[reading(20, 12, Sample)], max_w());
        assert!(c.samples.is_empty());
        assert_eq!(c.anomalies[0].kind(), "register_reset");
    }

    #[test]
    fn repeats_registerless_and_pre_start_readings_are_left_out() {
        let known = [stored(10, 5_000)];
        let mut no_register = reading(15, 0, Sample);
        no_register.register_wh = None;
        let c = check_new_readings(
            start(),
            &known,
            &[
                reading(10, START_WH + 5_000, Sample),
                no_register,
                reading(-5, START_WH - 10, Sample),
            ],
            max_w(),
        );
        assert_eq!(c, CheckedReadings::default());
    }

    #[test]
    fn impossible_energy_is_an_anomaly_and_the_next_reading_compares_with_the_last_good_one() {
        let c = check_new_readings(
            start(),
            &[],
            &[
                reading(10, START_WH + 500_000, Sample),
                reading(20, START_WH + 10_000, Sample),
            ],
            max_w(),
        );
        assert_eq!(c.anomalies.len(), 1);
        assert_eq!(c.anomalies[0].kind(), "impossible_energy");
        assert_eq!(energies(&c), [(20, 10_000.into())]);
    }
}
