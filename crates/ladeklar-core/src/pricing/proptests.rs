//! Properties of the engine over generated tariffs and sessions.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::tariff::{DayOfWeek, PriceComponent, TariffElement, TariffRestrictions};

const TZ: Tz = chrono_tz::Europe::Oslo;

fn money() -> impl Strategy<Value = Decimal> {
    (0i64..2000).prop_map(|c| Decimal::new(c, 2))
}

fn component() -> impl Strategy<Value = PriceComponent> {
    (
        prop_oneof![
            Just(TariffDimensionType::Energy),
            Just(TariffDimensionType::Time),
            Just(TariffDimensionType::ParkingTime),
            Just(TariffDimensionType::Flat)
        ],
        money(),
        prop_oneof![Just(None), (0i64..30).prop_map(|v| Some(Decimal::from(v)))],
        prop_oneof![Just(1u32), Just(60), Just(100), Just(300), Just(900), Just(1000)],
    )
        .prop_map(|(dimension, price, vat, step_size)| PriceComponent {
            dimension,
            price,
            vat,
            step_size,
        })
}

/// Restrictions; `with_progress` adds kWh and duration restrictions.
fn restrictions(with_progress: bool) -> impl Strategy<Value = Option<TariffRestrictions>> {
    let time = prop_oneof![Just(None), (0u32..24, 0u32..24).prop_map(Some)];
    let days = proptest::collection::vec(0usize..7, 0..3);
    let progress = (proptest::option::of(0i64..40), proptest::option::of(0u32..7200));
    let power = proptest::option::of(0i64..60);
    (any::<bool>(), time, days, progress, power).prop_map(move |(none, time, days, (kwh, secs), power)| {
        if none {
            return None;
        }
        let all = [
            DayOfWeek::Monday,
            DayOfWeek::Tuesday,
            DayOfWeek::Wednesday,
            DayOfWeek::Thursday,
            DayOfWeek::Friday,
            DayOfWeek::Saturday,
            DayOfWeek::Sunday,
        ];
        let mut r = TariffRestrictions {
            start_time: time.and_then(|(s, _)| NaiveTime::from_hms_opt(s, 0, 0)),
            end_time: time.and_then(|(_, e)| NaiveTime::from_hms_opt(e, 30, 0)),
            day_of_week: days.into_iter().map(|d| all[d]).collect(),
            max_power: power.map(Decimal::from),
            ..Default::default()
        };
        if with_progress {
            r.min_kwh = kwh.map(Decimal::from);
            r.max_duration = secs;
        }
        Some(r)
    })
}

fn tariff(with_progress: bool) -> impl Strategy<Value = Tariff> {
    let element = (
        proptest::collection::vec(component(), 1..4),
        restrictions(with_progress),
    )
        .prop_map(|(price_components, restrictions)| TariffElement {
            price_components,
            restrictions,
        });
    let bounds = (
        proptest::option::of((money(), 0i64..500)),
        proptest::option::of((money(), 0i64..5000)),
    );
    (proptest::collection::vec(element, 1..5), bounds).prop_map(|(elements, (min, max))| {
        let min_price = min.map(|(m, extra)| crate::money::Price::new(m, m + Decimal::new(extra, 2)));
        // max_price at or above min_price.
        let max_price = max.map(|(m, extra)| {
            let base = min_price.unwrap_or_default();
            crate::money::Price::new(base.excl_vat + m, base.incl_vat + m + Decimal::new(extra, 2))
        });
        Tariff {
            country_code: None,
            party_id: None,
            id: "p".into(),
            currency: "NOK".into(),
            tariff_type: None,
            tariff_alt_text: vec![],
            tariff_alt_url: None,
            min_price,
            max_price,
            elements,
            start_date_time: None,
            end_date_time: None,
            energy_mix: None,
            last_updated: None,
        }
    })
}

/// Periods as (seconds, watts, parking): energy = power × time, so cutting keeps power.
fn shape() -> impl Strategy<Value = (i64, Vec<(i64, i64, bool)>)> {
    (
        0i64..(365 * 86_400),
        proptest::collection::vec((0i64..20_000, 0i64..150_000, any::<bool>()), 0..8),
    )
}

fn build(start_offset: i64, parts: &[(i64, i64, bool)]) -> Session {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(start_offset);
    let mut at = start;
    let periods = parts
        .iter()
        .map(|(secs, watts, parking)| {
            let end = at + Duration::seconds(*secs);
            let p = Period {
                start: at,
                end,
                kind: if *parking {
                    PeriodKind::Parking
                } else {
                    PeriodKind::Charging
                },
                energy_kwh: if *parking {
                    Decimal::ZERO
                } else {
                    Decimal::from(*watts * *secs) / Decimal::from(3_600_000)
                },
                power_kw: None,
                current_a: None,
            };
            at = end;
            p
        })
        .collect();
    Session {
        start,
        end: at,
        periods,
    }
}

fn exact_priced(p: &PricedSession, dim: TariffDimensionType) -> Decimal {
    p.periods
        .iter()
        .flat_map(|x| x.lines.iter())
        .filter(|l| l.dimension == dim)
        .map(|l| l.quantity)
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn totals_are_never_negative_and_min_max_hold(t in tariff(true), (off, parts) in shape()) {
        let p = price_periods(&t, TZ, &build(off, &parts)).unwrap();
        prop_assert!(p.total.excl_vat >= Decimal::ZERO && p.total.incl_vat >= Decimal::ZERO);
        for c in &p.components {
            prop_assert!(c.cost.excl_vat >= Decimal::ZERO && c.cost.incl_vat >= Decimal::ZERO);
        }
        if let Some(min) = t.min_price {
            prop_assert!(p.total.excl_vat >= min.excl_vat, "{:?} < {:?}", p.total, min);
            prop_assert!(p.total.incl_vat >= min.incl_vat, "{:?} < {:?}", p.total, min);
        }
        if let Some(max) = t.max_price {
            prop_assert!(p.total.excl_vat <= max.excl_vat, "{:?} > {:?}", p.total, max);
            prop_assert!(p.total.incl_vat <= max.incl_vat, "{:?} > {:?}", p.total, max);
        }
    }

    #[test]
    fn step_size_never_bills_less_than_used(t in tariff(true), (off, parts) in shape()) {
        let p = price_periods(&t, TZ, &build(off, &parts)).unwrap();
        // Hours are ms / 3 600 000, so sums of pieces may differ in the 28th digit.
        let noise = Decimal::new(1, 20);
        prop_assert!(p.billed.energy_kwh + noise >= exact_priced(&p, TariffDimensionType::Energy));
        let time = exact_priced(&p, TariffDimensionType::Time) + exact_priced(&p, TariffDimensionType::ParkingTime);
        prop_assert!(p.billed.charging_hours + p.billed.parking_hours + noise >= time);
    }

    #[test]
    fn cutting_a_period_does_not_change_the_price(
        t in tariff(false),
        (off, parts) in shape(),
        which in any::<prop::sample::Index>(),
        at in 0.0f64..1.0,
    ) {
        let whole = price_periods(&t, TZ, &build(off, &parts)).unwrap();
        let mut cut = parts.clone();
        if !cut.is_empty() {
            let i = which.index(cut.len());
            let (secs, watts, parking) = cut[i];
            let first = (secs as f64 * at) as i64;
            cut[i] = (first, watts, parking);
            cut.insert(i + 1, (secs - first, watts, parking));
        }
        let split = price_periods(&t, TZ, &build(off, &cut)).unwrap();
        prop_assert_eq!(whole.total, split.total);
        prop_assert_eq!(whole.components, split.components);
    }

    #[test]
    fn running_cost_at_the_last_sample_equals_the_final_price(
        t in tariff(true),
        steps in proptest::collection::vec((1i64..3600, 0i64..50_000), 1..10),
    ) {
        let start: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 3, 28, 22, 0, 0).unwrap();
        let mut at = start;
        let mut wh = Decimal::ZERO;
        let mut samples = Vec::new();
        for (secs, add) in steps {
            at += Duration::seconds(secs);
            wh += Decimal::from(add);
            samples.push(MeterSample { at, energy_wh: wh });
        }
        // The session stops at the last sample; the app computed its running cost then.
        let final_usage = SessionUsage { start, end: at, samples: samples.clone() };
        let final_price = price_session(&t, TZ, &final_usage).unwrap();
        let running = price_session(&t, TZ, &SessionUsage { start, end: at, samples }).unwrap();
        prop_assert_eq!(running.total, final_price.total);
        // And a stop between samples bills exactly what a session ending there bills.
        let half = SessionUsage { start, end: at, samples: final_usage.samples[..final_usage.samples.len() - 1].to_vec() };
        let a = price_session(&t, TZ, &half).unwrap();
        let b = price_periods(&t, TZ, &Session::from_samples(&half, None).unwrap()).unwrap();
        prop_assert_eq!(a.total, b.total);
    }
}
