//! Every tariff example of the OCPI 2.2.1 tariffs module, and the edge cases drivers hit.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::money::Price;
use crate::tariff::Tariff;

/// One period: minutes, kind, kWh, power kW, current A.
type P = (i64, PeriodKind, Decimal, Option<Decimal>, Option<Decimal>);

fn c(min: i64, kwh: Decimal) -> P {
    (min, PeriodKind::Charging, kwh, None, None)
}
fn pk(min: i64) -> P {
    (min, PeriodKind::Parking, Decimal::ZERO, None, None)
}
fn res(min: i64) -> P {
    (min, PeriodKind::Reservation, Decimal::ZERO, None, None)
}

fn session(start: DateTime<Utc>, periods: &[P]) -> Session {
    let mut at = start;
    let mut out = Vec::new();
    for (min, kind, kwh, power, current) in periods {
        let end = at + Duration::minutes(*min);
        out.push(Period {
            start: at,
            end,
            kind: *kind,
            energy_kwh: *kwh,
            power_kw: *power,
            current_a: *current,
        });
        at = end;
    }
    Session {
        start,
        end: at,
        periods: out,
    }
}

fn tariff(json: &str) -> Tariff {
    Tariff::from_json(json).unwrap()
}

fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 7, 12, 0, 0).unwrap()
}

/// Checks the session's total, one place for all tests.
fn check(t: &Tariff, tz: Tz, s: &Session, excl: Decimal, incl: Decimal) -> PricedSession {
    let p = price_periods(t, tz, s).unwrap();
    assert_eq!(p.total, Price::new(excl, incl), "{p:#?}");
    p
}

const UTC: Tz = chrono_tz::UTC;

const SIMPLE_025: &str = r#"{"id":"16","currency":"EUR","elements":[{"price_components":[{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}]}"#;
const START_025: &str = r#"{"id":"17","currency":"EUR","elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":20.0,"step_size":1},{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}]}"#;

#[test]
fn spec_simple_025_per_kwh() {
    check(
        &tariff(SIMPLE_025),
        UTC,
        &session(noon(), &[c(60, dec!(20))]),
        dec!(5.00),
        dec!(5.50),
    );
}

#[test]
fn spec_025_per_kwh_and_start_fee() {
    check(
        &tariff(START_025),
        UTC,
        &session(noon(), &[c(60, dec!(20))]),
        dec!(5.50),
        dec!(6.10),
    );
}

#[test]
fn spec_025_per_kwh_and_min_price() {
    let t = tariff(
        r#"{"id":"20","currency":"EUR","min_price":{"excl_vat":0.50,"incl_vat":0.55},"elements":[{"price_components":[{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}]}"#,
    );
    check(&t, UTC, &session(noon(), &[c(60, dec!(20))]), dec!(5.00), dec!(5.50));
    let p = check(&t, UTC, &session(noon(), &[c(10, dec!(1))]), dec!(0.50), dec!(0.55));
    assert!(p.notes.contains(&PricingNote::MinPriceApplied));
}

#[test]
fn spec_025_per_kwh_parking_and_start_fee() {
    let t = tariff(
        r#"{"id":"18","currency":"EUR","elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":20.0,"step_size":1},{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1},{"type":"PARKING_TIME","price":2.00,"vat":20.0,"step_size":900}]}]}"#,
    );
    let p = check(
        &t,
        UTC,
        &session(noon(), &[c(60, dec!(20)), pk(40)]),
        dec!(7.00),
        dec!(7.90),
    );
    assert_eq!(p.billed.parking_hours, dec!(0.75));
}

#[test]
fn spec_025_per_kwh_start_fee_and_max_price() {
    let t = tariff(
        r#"{"id":"16","currency":"EUR","max_price":{"excl_vat":10.00,"incl_vat":11.00},"elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":20.0,"step_size":1},{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}],"end_date_time":"2019-06-30T23:59:59Z"}"#,
    );
    let start = Utc.with_ymd_and_hms(2019, 6, 1, 12, 0, 0).unwrap();
    check(&t, UTC, &session(start, &[c(60, dec!(50))]), dec!(10.00), dec!(11.00));
    check(&t, UTC, &session(start, &[c(60, dec!(30))]), dec!(8.00), dec!(8.85));
}

#[test]
fn spec_simple_2_euro_per_hour() {
    let t = tariff(
        r#"{"id":"12","currency":"EUR","elements":[{"price_components":[{"type":"TIME","price":2.00,"vat":10.0,"step_size":60}]}]}"#,
    );
    check(&t, UTC, &session(noon(), &[c(150, dec!(30))]), dec!(5.00), dec!(5.50));
    // Only TIME: parking is not billed.
    check(
        &t,
        UTC,
        &session(noon(), &[c(150, dec!(30)), pk(30)]),
        dec!(5.00),
        dec!(5.50),
    );
}

#[test]
fn spec_3_euro_per_hour_5_euro_parking() {
    let t = tariff(
        r#"{"id":"21","currency":"EUR","elements":[{"price_components":[{"type":"TIME","price":3.00,"vat":10.0,"step_size":60},{"type":"PARKING_TIME","price":5.00,"vat":20.0,"step_size":300}]}]}"#,
    );
    check(
        &t,
        UTC,
        &session(noon(), &[c(150, dec!(30)), pk(42)]),
        dec!(11.25),
        dec!(12.75),
    );
}

#[test]
fn spec_ad_hoc_with_alt_text() {
    let t = tariff(
        r#"{"id":"12","currency":"EUR","type":"AD_HOC_PAYMENT","tariff_alt_text":[{"language":"en","text":"2.00 euro p/hour including VAT."}],"elements":[{"price_components":[{"type":"TIME","price":1.90,"vat":5.2,"step_size":300}]}]}"#,
    );
    // 4.75 excl, 4.997 incl -> 5.00.
    check(&t, UTC, &session(noon(), &[c(150, dec!(30))]), dec!(4.75), dec!(5.00));
}

#[test]
fn spec_not_possible_alt_text_tariff_prices_its_start_fee() {
    let t = tariff(
        r#"{"id":"12","currency":"EUR","type":"AD_HOC_PAYMENT","tariff_alt_text":[{"language":"en","text":"0.50 euro start fee, 0.25 with debit card"}],"elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":20.0,"step_size":1}]}]}"#,
    );
    check(&t, UTC, &session(noon(), &[c(30, dec!(5))]), dec!(0.50), dec!(0.60));
}

#[test]
fn spec_alt_url_energy_step_of_100_wh() {
    let t = tariff(
        r#"{"id":"13","currency":"EUR","type":"PROFILE_CHEAP","tariff_alt_url":"https://company.com/tariffs/13","elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":20.0,"step_size":1},{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":100}]}]}"#,
    );
    // 20.45 kWh is billed as 20.5 kWh. The spec's prose says 5.50/6.05 for the announced
    // prices, which matches neither 20.5 × 0.25 (5.125) nor that plus the 0.50 start fee;
    // its 0.22 €/kWh figures (4.51/4.96) do match 20.5 kWh without the start fee. We bill
    // energy 5.125 (5.13) plus the start fee.
    let p = check(&t, UTC, &session(noon(), &[c(60, dec!(20.45))]), dec!(5.63), dec!(6.24));
    assert_eq!(p.billed.energy_kwh, dec!(20.5));
    let cheap = tariff(&t.to_json().replace("0.25", "0.22"));
    let p = price_periods(&cheap, UTC, &session(noon(), &[c(60, dec!(20.45))])).unwrap();
    assert_eq!(
        p.cost_of(crate::tariff::TariffDimensionType::Energy),
        Price::new(dec!(4.51), dec!(4.96))
    );
}

const COMPLEX: &str = r#"{"id":"14","currency":"EUR","type":"REGULAR","elements":[
    {"price_components":[{"type":"FLAT","price":2.50,"vat":15.0,"step_size":1}]},
    {"price_components":[{"type":"TIME","price":1.00,"vat":20.0,"step_size":900}],"restrictions":{"max_current":32.00}},
    {"price_components":[{"type":"TIME","price":2.00,"vat":20.0,"step_size":600}],"restrictions":{"min_current":32.00,"day_of_week":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY"]}},
    {"price_components":[{"type":"TIME","price":1.25,"vat":20.0,"step_size":600}],"restrictions":{"min_current":32.00,"day_of_week":["SATURDAY","SUNDAY"]}},
    {"price_components":[{"type":"PARKING_TIME","price":5.00,"vat":10.0,"step_size":300}],"restrictions":{"start_time":"09:00","end_time":"18:00","day_of_week":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY"]}},
    {"price_components":[{"type":"PARKING_TIME","price":6.00,"vat":10.0,"step_size":300}],"restrictions":{"start_time":"10:00","end_time":"17:00","day_of_week":["SATURDAY"]}}]}"#;

#[test]
fn spec_complex_monday_morning() {
    let t = tariff(COMPLEX);
    let tz = chrono_tz::Europe::Berlin;
    let start = tz.with_ymd_and_hms(2026, 1, 5, 9, 30, 0).unwrap().with_timezone(&Utc);
    let s = session(
        start,
        &[(147, PeriodKind::Charging, dec!(10), None, Some(dec!(16))), pk(42)],
    );
    let p = check(&t, tz, &s, dec!(8.75), dec!(10.00));
    assert_eq!(p.billed.charging_hours, dec!(2.5));
    assert_eq!(p.billed.parking_hours, dec!(0.75));
}

#[test]
fn spec_complex_saturday_afternoon() {
    let t = tariff(COMPLEX);
    let tz = chrono_tz::Europe::Berlin;
    let start = tz.with_ymd_and_hms(2026, 1, 10, 13, 30, 0).unwrap().with_timezone(&Utc);
    let s = session(
        start,
        &[(114, PeriodKind::Charging, dec!(30), None, Some(dec!(43))), pk(71)],
    );
    check(&t, tz, &s, dec!(12.50), dec!(14.13));
}

#[test]
fn spec_free_of_charge() {
    let t = tariff(
        r#"{"id":"15","currency":"EUR","elements":[{"price_components":[{"type":"FLAT","price":0.00,"step_size":0}]}]}"#,
    );
    let p = check(&t, UTC, &session(noon(), &[c(60, dec!(20)), pk(60)]), dec!(0), dec!(0));
    assert_eq!(p.components.len(), 1);
}

#[test]
fn spec_first_hour_parking_and_first_kwh_free() {
    let t = tariff(
        r#"{"id":"52","currency":"EUR","elements":[
        {"price_components":[{"type":"PARKING_TIME","price":0.0,"step_size":60}],"restrictions":{"min_duration":0,"max_duration":3600}},
        {"price_components":[{"type":"PARKING_TIME","price":2.0,"step_size":60}],"restrictions":{"min_duration":3600,"max_duration":10800}},
        {"price_components":[{"type":"PARKING_TIME","price":3.0,"step_size":60}],"restrictions":{"min_duration":10800}},
        {"price_components":[{"type":"ENERGY","price":0.0,"step_size":1}],"restrictions":{"max_kwh":1.0}},
        {"price_components":[{"type":"ENERGY","price":0.2,"step_size":1}],"restrictions":{"min_kwh":1.0}}]}"#,
    );
    // The spec's 7.30 counts parking hours from the start of the session, as OCPI durations
    // do, so it assumes charging took no time: 19 kWh × 0.20 + 1.75 h × 2.00.
    let p = check(
        &t,
        UTC,
        &session(noon(), &[c(0, dec!(20)), pk(165)]),
        dec!(7.30),
        dec!(7.30),
    );
    // The 20 kWh period is split at the 1 kWh threshold.
    assert_eq!(p.periods[0].energy_kwh, dec!(1));
    assert_eq!(p.periods[0].lines[0].element, 3);
    // With an hour of charging first, parking starts in the second hour of the session:
    // 2 h at 2.00 and 0.75 h at 3.00, plus 3.80 energy.
    check(
        &t,
        UTC,
        &session(noon(), &[c(60, dec!(20)), pk(165)]),
        dec!(10.05),
        dec!(10.05),
    );
}

const RES_15: &str = r#"{"id":"20","currency":"EUR","elements":[{"price_components":[{"type":"TIME","price":5.00,"vat":20.0,"step_size":60}],"restrictions":{"reservation":"RESERVATION"}},{"price_components":[{"type":"FLAT","price":0.50,"vat":20.0,"step_size":1},{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}]}"#;

#[test]
fn spec_reservation_5_euro_per_hour() {
    let p = check(
        &tariff(RES_15),
        UTC,
        &session(noon(), &[res(15), c(60, dec!(20))]),
        dec!(6.75),
        dec!(7.60),
    );
    assert_eq!(p.reservation.unwrap().cost, Price::new(dec!(1.25), dec!(1.50)));
}

#[test]
fn spec_reservation_fee_and_5_euro_per_hour() {
    let t = tariff(
        r#"{"id":"20","currency":"EUR","elements":[{"price_components":[{"type":"FLAT","price":2.00,"vat":20.0,"step_size":1},{"type":"TIME","price":5.00,"vat":20.0,"step_size":300}],"restrictions":{"reservation":"RESERVATION"}},{"price_components":[{"type":"FLAT","price":0.50,"vat":20.0,"step_size":1},{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}]}"#,
    );
    check(
        &t,
        UTC,
        &session(noon(), &[res(13), c(60, dec!(20))]),
        dec!(8.75),
        dec!(10.00),
    );
}

#[test]
fn spec_reservation_with_expire_fee() {
    let t = tariff(
        r#"{"id":"20","currency":"EUR","elements":[{"price_components":[{"type":"FLAT","price":4.00,"vat":20.0,"step_size":1}],"restrictions":{"reservation":"RESERVATION_EXPIRES"}},{"price_components":[{"type":"TIME","price":2.00,"vat":20.0,"step_size":600}],"restrictions":{"reservation":"RESERVATION"}},{"price_components":[{"type":"FLAT","price":0.50,"vat":20.0,"step_size":1},{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}]}"#,
    );
    check(
        &t,
        UTC,
        &session(noon(), &[res(22), c(60, dec!(20))]),
        dec!(6.50),
        dec!(7.30),
    );
    let expired = session(
        noon(),
        &[(60, PeriodKind::ReservationExpired, Decimal::ZERO, None, None)],
    );
    check(&t, UTC, &expired, dec!(6.00), dec!(7.20));
}

#[test]
fn spec_reservation_with_expire_time() {
    let t = tariff(
        r#"{"id":"20","currency":"EUR","elements":[{"price_components":[{"type":"TIME","price":6.00,"vat":20.0,"step_size":600}],"restrictions":{"reservation":"RESERVATION_EXPIRES"}},{"price_components":[{"type":"TIME","price":3.00,"vat":20.0,"step_size":600}],"restrictions":{"reservation":"RESERVATION"}},{"price_components":[{"type":"FLAT","price":0.50,"vat":20.0,"step_size":1},{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}]}"#,
    );
    check(
        &t,
        UTC,
        &session(noon(), &[res(22), c(60, dec!(20))]),
        dec!(7.00),
        dec!(7.90),
    );
    let expired = session(
        noon(),
        &[(90, PeriodKind::ReservationExpired, Decimal::ZERO, None, None)],
    );
    check(&t, UTC, &expired, dec!(9.00), dec!(10.80));
}

const STEP_14: &str = r#"{"id":"22","currency":"EUR","elements":[
    {"price_components":[{"type":"TIME","price":1.20,"step_size":1800},{"type":"PARKING_TIME","price":1.00,"step_size":900}],"restrictions":{"start_time":"00:00","end_time":"17:00"}},
    {"price_components":[{"type":"TIME","price":2.40,"step_size":900},{"type":"PARKING_TIME","price":1.00,"step_size":900}],"restrictions":{"start_time":"17:00","end_time":"20:00"}},
    {"price_components":[{"type":"TIME","price":2.40,"step_size":900}],"restrictions":{"start_time":"20:00","end_time":"00:00"}}]}"#;

fn local(h: u32, m: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Amsterdam
        .with_ymd_and_hms(2026, 1, 13, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn spec_step_size_switching_element_1() {
    let s = session(local(16, 55), &[c(10, dec!(2)), pk(2)]);
    let p = check(
        &tariff(STEP_14),
        chrono_tz::Europe::Amsterdam,
        &s,
        dec!(0.50),
        dec!(0.50),
    );
    assert!(p.notes.contains(&PricingNote::ParkingCoveredByChargingStep));
    // The charging period is split at 17:00 and priced by two elements.
    let elements: Vec<usize> = p
        .periods
        .iter()
        .flat_map(|x| x.lines.iter().map(|l| l.element))
        .collect();
    assert_eq!(elements, vec![0, 1, 1]);
}

#[test]
fn spec_step_size_switching_element_2() {
    let s = session(local(16, 35), &[c(35, dec!(7))]);
    check(
        &tariff(STEP_14),
        chrono_tz::Europe::Amsterdam,
        &s,
        dec!(1.30),
        dec!(1.30),
    );
}

#[test]
fn spec_step_size_switching_to_free_parking() {
    let s = session(local(19, 55), &[c(10, dec!(2)), pk(2)]);
    check(
        &tariff(STEP_14),
        chrono_tz::Europe::Amsterdam,
        &s,
        dec!(0.60),
        dec!(0.60),
    );
}

/// One element with TIME and PARKING_TIME, both billed per 5 minutes.
const TIME_AND_PARKING_300: &str = r#"{"id":"tp","currency":"EUR","elements":[{"price_components":[{"type":"TIME","price":3.00,"vat":25,"step_size":300},{"type":"PARKING_TIME","price":6.00,"vat":25,"step_size":300}]}]}"#;

#[test]
fn charging_then_parking_in_one_element_steps_only_the_parking_time() {
    // 7 min charging, then 20 min parking. OCPI 2.2.1: with TIME and PARKING_TIME both used,
    // step_size counts for the total parking duration only. Charging is 7 min (0.35), not
    // 10 (0.50, what was billed before); parking is 20 min (2.00): 2.35, 2.9375 with VAT.
    let t = tariff(TIME_AND_PARKING_300);
    let p = check(
        &t,
        UTC,
        &session(noon(), &[c(7, dec!(5)), pk(20)]),
        dec!(2.35),
        dec!(2.94),
    );
    assert_eq!(p.billed.charging_hours, p.measured.charging_hours);
    assert_eq!(p.billed.parking_hours, dec!(20) / dec!(60));
    assert!(p.step_size_extras.is_empty(), "{:?}", p.step_size_extras);
    assert!(p.notes.contains(&PricingNote::ChargingStepWaivedForParking));
    // Parking that is not a whole number of steps is still rounded up: 21 min billed as 25.
    let p = check(
        &t,
        UTC,
        &session(noon(), &[c(7, dec!(5)), pk(21)]),
        dec!(2.85),
        dec!(3.56),
    );
    assert_eq!(p.billed.parking_hours, dec!(25) / dec!(60));
    assert_eq!(p.step_size_extras.len(), 1);
    assert_eq!(p.step_size_extras[0].dimension, TariffDimensionType::ParkingTime);
}

#[test]
fn time_only_sessions_keep_the_time_step() {
    // The same 7 min charging with no parking: rounded up to 10 min (0.50).
    let p = check(
        &tariff(TIME_AND_PARKING_300),
        UTC,
        &session(noon(), &[c(7, dec!(5))]),
        dec!(0.50),
        dec!(0.63),
    );
    assert_eq!(p.billed.charging_hours, dec!(10) / dec!(60));
    assert!(p.notes.is_empty());
    // And with a TIME-only tariff, parking after charging changes nothing.
    let time_only = tariff(
        r#"{"id":"t","currency":"EUR","elements":[{"price_components":[{"type":"TIME","price":3.00,"vat":25,"step_size":300}]}]}"#,
    );
    check(
        &time_only,
        UTC,
        &session(noon(), &[c(7, dec!(5)), pk(20)]),
        dec!(0.50),
        dec!(0.63),
    );
}

#[test]
fn spec_max_power_restriction() {
    let t = tariff(
        r#"{"id":"1","currency":"EUR","elements":[{"price_components":[{"type":"ENERGY","price":0.20,"vat":20.0,"step_size":1}],"restrictions":{"max_power":16.00}},{"price_components":[{"type":"ENERGY","price":0.35,"vat":20.0,"step_size":1}],"restrictions":{"max_power":32.00}},{"price_components":[{"type":"ENERGY","price":0.50,"vat":20.0,"step_size":1}]}]}"#,
    );
    let s = session(
        noon(),
        &[
            (10, PeriodKind::Charging, dec!(1), Some(dec!(6)), None),
            (50, PeriodKind::Charging, dec!(40), Some(dec!(48)), None),
            (8, PeriodKind::Charging, dec!(0.5), Some(dec!(4)), None),
        ],
    );
    check(&t, UTC, &s, dec!(20.30), dec!(24.36));
    // Without power readings the average power decides: 1 kWh in 10 min is 6 kW.
    let s = session(noon(), &[c(10, dec!(1)), c(50, dec!(40)), c(8, dec!(0.5))]);
    check(&t, UTC, &s, dec!(20.30), dec!(24.36));
}

#[test]
fn spec_max_duration_restriction() {
    let t = tariff(
        r#"{"id":"2","currency":"EUR","elements":[{"price_components":[{"type":"ENERGY","price":0.00,"vat":20.0,"step_size":1}],"restrictions":{"max_duration":1800}},{"price_components":[{"type":"ENERGY","price":0.25,"vat":20.0,"step_size":1}],"restrictions":{"max_duration":3600}},{"price_components":[{"type":"ENERGY","price":0.40,"vat":20.0,"step_size":1}]}]}"#,
    );
    check(
        &t,
        UTC,
        &session(noon(), &[c(30, dec!(5)), c(10, dec!(1.2))]),
        dec!(0.30),
        dec!(0.36),
    );
    // One 40-minute period is split at 30 minutes: 6.2 kWh evenly, 1.55 kWh after the split.
    check(&t, UTC, &session(noon(), &[c(40, dec!(6.2))]), dec!(0.39), dec!(0.47));
}

// ---- edge cases drivers hit ----

const NIGHT_NOK: &str = r#"{"id":"n","currency":"NOK","elements":[
    {"price_components":[{"type":"ENERGY","price":2.32,"vat":25,"step_size":1}],"restrictions":{"start_time":"22:00","end_time":"06:00"}},
    {"price_components":[{"type":"ENERGY","price":3.12,"vat":25,"step_size":1}]}]}"#;

#[test]
fn a_session_across_midnight_is_split_at_the_window() {
    let oslo = chrono_tz::Europe::Oslo;
    let start = oslo.with_ymd_and_hms(2026, 1, 7, 21, 0, 0).unwrap().with_timezone(&Utc);
    // 4 h at 10 kW: 1 h day (10 kWh × 3.12) + 3 h night (30 kWh × 2.32).
    let p = check(
        &tariff(NIGHT_NOK),
        oslo,
        &session(start, &[c(240, dec!(40))]),
        dec!(100.80),
        dec!(126.00),
    );
    assert_eq!(p.periods.len(), 3, "split at 22:00 and midnight");
}

#[test]
fn daylight_saving_spring_forward_in_oslo() {
    let oslo = chrono_tz::Europe::Oslo;
    // 2026-03-29: 02:00 CET -> 03:00 CEST. 01:00 to 07:00 local is 5 real hours; the night
    // window ends at 06:00 local, 4 real hours in: 40 kWh × 2.32 + 10 kWh × 3.12.
    let start = oslo.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap().with_timezone(&Utc);
    let p = check(
        &tariff(NIGHT_NOK),
        oslo,
        &session(start, &[c(300, dec!(50))]),
        dec!(124.00),
        dec!(155.00),
    );
    assert_eq!(p.measured.charging_hours, dec!(5));
}

#[test]
fn daylight_saving_fall_back_in_oslo() {
    let oslo = chrono_tz::Europe::Oslo;
    // 2026-10-25: 03:00 CEST -> 02:00 CET. 04:00 to 07:00 local: the first 2 hours before
    // 06:00 are at night, the last hour by day: 20 × 2.32 + 10 × 3.12.
    let start = oslo
        .with_ymd_and_hms(2026, 10, 25, 4, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    check(
        &tariff(NIGHT_NOK),
        oslo,
        &session(start, &[c(180, dec!(30))]),
        dec!(77.60),
        dec!(97.00),
    );
    // 01:00 to 04:00 local spans 4 real hours, all inside the night window.
    let start = oslo
        .with_ymd_and_hms(2026, 10, 25, 1, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    check(
        &tariff(NIGHT_NOK),
        oslo,
        &session(start, &[c(240, dec!(40))]),
        dec!(92.80),
        dec!(116.00),
    );
}

#[test]
fn a_window_inside_the_repeated_hour_is_split_at_the_jump() {
    let oslo = chrono_tz::Europe::Oslo;
    let t = tariff(
        r#"{"id":"w","currency":"NOK","elements":[
        {"price_components":[{"type":"TIME","price":60,"step_size":1}],"restrictions":{"start_time":"02:30","end_time":"05:00"}}]}"#,
    );
    // From 00:00 local to 06:00 local is 7 real hours: the window holds 02:30–03:00 CEST,
    // then 02:30–05:00 CET: 3 real hours at 60 NOK.
    let start = oslo
        .with_ymd_and_hms(2026, 10, 25, 0, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    check(
        &t,
        oslo,
        &session(start, &[c(420, dec!(0))]),
        dec!(180.00),
        dec!(180.00),
    );
}

#[test]
fn a_session_across_the_tariff_end_keeps_the_tariff_valid_at_start() {
    let t = tariff(
        r#"{"id":"old","currency":"SEK","end_date_time":"2026-01-07T13:00:00Z","elements":[{"price_components":[{"type":"ENERGY","price":4,"vat":25,"step_size":1}]}]}"#,
    );
    let p = check(
        &t,
        UTC,
        &session(noon(), &[c(120, dec!(20))]),
        dec!(80.00),
        dec!(100.00),
    );
    assert!(p.notes.is_empty());
    // Started after the end: priced (the caller chose it) with a note.
    let late = session(noon() + Duration::hours(2), &[c(60, dec!(1))]);
    let p = price_periods(&t, UTC, &late).unwrap();
    assert!(matches!(p.notes[0], PricingNote::TariffNotValidAtSessionStart { .. }));
}

#[test]
fn a_zero_energy_session_costs_only_its_fees() {
    let p = check(
        &tariff(START_025),
        UTC,
        &session(noon(), &[c(30, dec!(0))]),
        dec!(0.50),
        dec!(0.60),
    );
    assert_eq!(p.billed.energy_kwh, dec!(0));
    check(&tariff(SIMPLE_025), UTC, &session(noon(), &[]), dec!(0), dec!(0));
}

#[test]
fn a_session_longer_than_24_hours() {
    let t = tariff(
        r#"{"id":"d","currency":"EUR","elements":[
        {"price_components":[{"type":"TIME","price":1,"vat":24,"step_size":60}],"restrictions":{"start_time":"08:00","end_time":"20:00"}}]}"#,
    );
    // 30 h from 06:00: 08–20 on day 1 (12 h) + nothing after 20:00 until 12:00 next day 08–12 (4 h).
    let start = Utc.with_ymd_and_hms(2026, 1, 7, 6, 0, 0).unwrap();
    check(
        &t,
        UTC,
        &session(start, &[c(1800, dec!(100))]),
        dec!(16.00),
        dec!(19.84),
    );
}

#[test]
fn currencies_nok_sek_eur_round_to_two_decimals() {
    for cur in ["NOK", "SEK", "EUR"] {
        let t = tariff(&format!(
            r#"{{"id":"c","currency":"{cur}","elements":[{{"price_components":[{{"type":"ENERGY","price":3.333,"vat":25,"step_size":1}}]}}]}}"#
        ));
        let p = check(&t, UTC, &session(noon(), &[c(60, dec!(1.5))]), dec!(5.00), dec!(6.25));
        assert_eq!(p.currency, cur);
    }
}

#[test]
fn no_vat_means_incl_equals_excl() {
    let t = tariff(
        r#"{"id":"v","currency":"EUR","elements":[{"price_components":[{"type":"ENERGY","price":0.3,"step_size":1}]}]}"#,
    );
    check(&t, UTC, &session(noon(), &[c(60, dec!(10))]), dec!(3.00), dec!(3.00));
    let zero = tariff(
        r#"{"id":"v","currency":"EUR","elements":[{"price_components":[{"type":"ENERGY","price":0.3,"vat":0,"step_size":1}]}]}"#,
    );
    check(&zero, UTC, &session(noon(), &[c(60, dec!(10))]), dec!(3.00), dec!(3.00));
}

#[test]
fn thirteen_minutes_with_a_one_minute_step_bills_thirteen() {
    let t = tariff(
        r#"{"id":"m","currency":"EUR","elements":[{"price_components":[{"type":"TIME","price":6,"step_size":60}]}]}"#,
    );
    check(&t, UTC, &session(noon(), &[c(13, dec!(2))]), dec!(1.30), dec!(1.30));
}

#[test]
fn meter_samples_price_like_periods_and_running_cost_matches() {
    let t = tariff(
        r#"{"id":"t","currency":"NOK","elements":[
        {"price_components":[{"type":"ENERGY","price":3.20,"vat":25,"step_size":1}]},
        {"price_components":[{"type":"TIME","price":30,"vat":25,"step_size":60}],"restrictions":{"min_duration":3600}}]}"#,
    );
    let start = noon();
    let usage = SessionUsage {
        start,
        end: start + Duration::minutes(90),
        samples: vec![
            MeterSample {
                at: start + Duration::minutes(30),
                energy_wh: dec!(10000),
            },
            MeterSample {
                at: start + Duration::minutes(90),
                energy_wh: dec!(25000),
            },
        ],
    };
    let p = price_session(&t, chrono_tz::Europe::Oslo, &usage).unwrap();
    // 25 kWh × 3.20 = 80 + 30 min × 30/h = 15 -> 95 excl, 118.75 incl.
    assert_eq!(p.total, Price::new(dec!(95.00), dec!(118.75)));
    let running = SessionUsage {
        end: start + Duration::minutes(30),
        samples: usage.samples[..1].to_vec(),
        ..usage.clone()
    };
    let r = price_session(&t, chrono_tz::Europe::Oslo, &running).unwrap();
    assert_eq!(r.total, Price::new(dec!(32.00), dec!(40.00)));
}

#[test]
fn bad_sessions_are_errors_not_panics() {
    let t = tariff(SIMPLE_025);
    let mut s = session(noon(), &[c(10, dec!(1)), c(10, dec!(1))]);
    s.periods.swap(0, 1);
    assert_eq!(price_periods(&t, UTC, &s).unwrap_err().code(), "period_out_of_order");
    let s = session(noon(), &[c(10, dec!(-1))]);
    assert_eq!(price_periods(&t, UTC, &s).unwrap_err().code(), "invalid_energy");
    let s = session(noon(), &[c(60 * 24 * 500, dec!(1))]);
    assert_eq!(price_periods(&t, UTC, &s).unwrap_err().code(), "session_too_long");
    let neg = tariff(
        r#"{"id":"n","currency":"EUR","elements":[{"price_components":[{"type":"ENERGY","price":-1,"step_size":1}]}]}"#,
    );
    let err = price_periods(&neg, UTC, &session(noon(), &[c(10, dec!(1))])).unwrap_err();
    assert!(
        err.to_string().contains("elements[0].price_components[0].price"),
        "{err}"
    );
}
