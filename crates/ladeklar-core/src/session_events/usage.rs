//! A session's stored samples → the usage the pricer bills: the one builder the server's
//! receipt, its live view and the UI's running cost share, and [`price_usage`], the one way
//! they price it.
//!
//! **Idle time (issue 19).** The car counts as full once its meter has not risen for
//! [`FULL_AFTER`]: from its last rise on the session is parking (OCPI PARKING_TIME: an idle
//! fee; TIME no longer runs). The rule is applied only to tariffs that bill parking, so a
//! tariff without an idle fee prices every session exactly as before. Without a status
//! timeline this reads the meter, not the charger's SuspendedEV.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use crate::pricing::{price_session_with_parking, MeterSample, PricedSession, PricingError, SessionUsage};
use crate::tariff::{Tariff, TariffDimensionType};

/// How long the meter must stand still before the car counts as full.
pub const FULL_AFTER: TimeDelta = TimeDelta::minutes(2);

/// When the car was full: its meter's last rise, when no energy came for at least
/// [`FULL_AFTER`] after it (up to the last reading or the end); `None` while it still
/// charges, or when it never took energy.
pub fn full_from(usage: &SessionUsage) -> Option<DateTime<Utc>> {
    let mut last = Decimal::ZERO;
    let mut last_rise = None;
    for s in &usage.samples {
        if s.energy_wh > last {
            last = s.energy_wh;
            last_rise = Some(s.at);
        }
    }
    let rise = last_rise?;
    (usage.end - rise >= FULL_AFTER).then_some(rise)
}

/// Prices a session's usage: as charging throughout, or — when the tariff bills parking —
/// with the time after the car was full ([`full_from`]) as parking.
pub fn price_usage(tariff: &Tariff, tz: Tz, usage: &SessionUsage) -> Result<PricedSession, PricingError> {
    let bills_parking = tariff.elements.iter().any(|e| {
        e.price_components
            .iter()
            .any(|c| c.dimension == TariffDimensionType::ParkingTime)
    });
    let parking_from = if bills_parking { full_from(usage) } else { None };
    price_session_with_parking(tariff, tz, usage, parking_from)
}

/// The usage of a session that started at `started_at`: up to its stop, or up to its last
/// sample while it runs (never before the start). Samples outside that window are left out.
/// `None` before the charger started the transaction.
pub fn session_usage(
    started_at: Option<DateTime<Utc>>,
    stopped_at: Option<DateTime<Utc>>,
    samples: &[MeterSample],
) -> Option<SessionUsage> {
    let start = started_at?;
    let end = stopped_at
        .or_else(|| samples.last().map(|s| s.at))
        .unwrap_or(start)
        .max(start);
    let samples = samples
        .iter()
        .filter(|s| s.at >= start && s.at <= end)
        .copied()
        .collect();
    Some(SessionUsage { start, end, samples })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_events::test_support::t;
    use rust_decimal::Decimal;

    fn sample(min: i64, wh: i64) -> MeterSample {
        MeterSample {
            at: t(min),
            energy_wh: Decimal::from(wh),
        }
    }

    #[test]
    fn the_car_is_full_after_two_minutes_without_energy_and_an_idle_fee_bills_from_then() {
        let usage = |end: i64, samples: &[MeterSample]| SessionUsage {
            start: t(0),
            end: t(end),
            samples: samples.to_vec(),
        };
        let charged = [sample(10, 5000), sample(20, 10000), sample(30, 10000)];
        assert_eq!(full_from(&usage(90, &charged)), Some(t(20)));
        // One minute of a still meter is not full yet; nor is a session that never charged.
        assert_eq!(full_from(&usage(21, &charged[..2])), None);
        assert_eq!(full_from(&usage(90, &[sample(10, 0)])), None);
        let tariff = Tariff::from_json(
            r#"{"id":"t","currency":"NOK","elements":[
            {"price_components":[{"type":"ENERGY","price":4,"vat":25,"step_size":1}]},
            {"price_components":[{"type":"PARKING_TIME","price":60,"vat":25,"step_size":60}]}]}"#,
        )
        .unwrap();
        let oslo = chrono_tz::Europe::Oslo;
        // 10 kWh × 4 + 70 idle minutes × 1 (after 20 minutes of charging).
        let priced = price_usage(&tariff, oslo, &usage(90, &charged)).unwrap();
        assert_eq!(priced.total.excl_vat, Decimal::from(110));
        // Without an idle fee, nothing changes: the whole session is charging time.
        let energy_only = Tariff::from_json(
            r#"{"id":"t","currency":"NOK","elements":[{"price_components":[{"type":"ENERGY","price":4,"vat":25,"step_size":1}]}]}"#,
        )
        .unwrap();
        assert_eq!(
            price_usage(&energy_only, oslo, &usage(90, &charged)).unwrap(),
            crate::pricing::price_session(&energy_only, oslo, &usage(90, &charged)).unwrap()
        );
    }

    #[test]
    fn a_running_session_is_priced_to_its_last_sample() {
        let u = session_usage(Some(t(0)), None, &[sample(10, 1), sample(20, 2)]).unwrap();
        assert_eq!((u.start, u.end, u.samples.len()), (t(0), t(20), 2));
    }

    #[test]
    fn a_stopped_session_is_priced_to_its_stop_and_samples_outside_are_left_out() {
        let u = session_usage(Some(t(5)), Some(t(15)), &[sample(0, 0), sample(10, 1), sample(20, 2)]).unwrap();
        assert_eq!((u.start, u.end), (t(5), t(15)));
        assert_eq!(u.samples, [sample(10, 1)]);
    }

    #[test]
    fn before_the_start_there_is_nothing_to_price_and_the_end_is_never_before_the_start() {
        assert!(session_usage(None, None, &[]).is_none());
        let u = session_usage(Some(t(5)), None, &[sample(1, 0)]).unwrap();
        assert_eq!((u.start, u.end), (t(5), t(5)));
        assert!(u.samples.is_empty());
    }
}
