use chrono::TimeZone;
use rust_decimal_macros::dec;

use super::*;
use crate::tariff::words::{describe, Lang};

const OSLO: Tz = chrono_tz::Europe::Oslo;

fn meta() -> TariffMeta {
    TariffMeta {
        id: "tariff-oslo-aker-brygge-2".into(),
        currency: "NOK".into(),
        country_code: Some("NO".into()),
        party_id: Some("LDK".into()),
        last_updated: None,
    }
}

fn simple() -> PriceForm {
    PriceForm {
        vat_percent: "25".into(),
        energy_price: "3,12".into(),
        ..Default::default()
    }
}

fn night(start: &str, end: &str, next: bool, price: &str) -> PriceWindow {
    PriceWindow {
        days: Vec::new(),
        start: start.into(),
        end: end.into(),
        ends_next_day: next,
        energy_price: price.into(),
    }
}

fn fields(problems: &[FieldProblem]) -> Vec<(&str, FieldProblemCode)> {
    problems.iter().map(|p| (p.field.as_str(), p.code)).collect()
}

#[test]
fn every_price_of_the_form_in_words_in_afir_order() {
    let form = PriceForm {
        vat_percent: "25".into(),
        energy_price: "3.12".into(),
        minute_price: "0.4".into(),
        minute_grace_minutes: "60".into(),
        session_fee: "8".into(),
        idle_price: "1.6".into(),
        idle_after_minutes: String::new(),
        windows: vec![night("22:00", "06:00", true, "2.32")],
    };
    let t = build_tariff(&form, &meta()).unwrap();
    assert!(crate::tariff::validate::validate(&t).is_empty());
    assert_eq!(
        describe(&t, Lang::En),
        "3.90 kr/kWh · 0.50 kr/min from minute 61 of the session · 10.00 kr per session · 2.00 kr/min parking · 22:00–06:00 2.90 kr/kWh"
    );
    assert_eq!(
        describe(&t, Lang::Nb),
        "3,90 kr/kWh · 0,50 kr/min fra minutt 61 av økten · 10,00 kr per økt · 2,00 kr/min parkering · 22:00–06:00 2,90 kr/kWh"
    );
    // The night element first, so that it takes precedence over the base price.
    assert!(t.elements[0].restrictions.is_some());
    let time = &t.elements[2].price_components[0];
    assert_eq!(
        (time.dimension, time.price, time.step_size),
        (TariffDimensionType::Time, dec!(24), 60)
    );
    assert_eq!(t.elements[2].restrictions.as_ref().unwrap().min_duration, Some(3600));
    assert_eq!(
        t.elements[3].price_components[0].dimension,
        TariffDimensionType::ParkingTime
    );
    assert_eq!(t.elements[3].restrictions, None);
    assert_eq!(t.currency, "NOK");
    assert_eq!(t.id, "tariff-oslo-aker-brygge-2");
}

#[test]
fn an_idle_fee_after_n_minutes_starts_at_that_duration() {
    let form = PriceForm {
        idle_price: "2".into(),
        idle_after_minutes: "240".into(),
        ..simple()
    };
    let t = build_tariff(&form, &meta()).unwrap();
    let idle = t.elements.last().unwrap();
    assert_eq!(idle.price_components[0].price, dec!(120));
    assert_eq!(idle.restrictions.as_ref().unwrap().min_duration, Some(4 * 3600));
}

#[test]
fn an_overnight_window_on_chosen_days_covers_the_next_morning() {
    // Friday 22:00 to Saturday 06:00: OCPI reads day_of_week as the moment's own day, so the
    // window is Friday until midnight and Saturday from midnight.
    let form = PriceForm {
        windows: vec![PriceWindow {
            days: vec![DayOfWeek::Friday],
            ..night("22:00", "06:00", true, "2")
        }],
        ..simple()
    };
    let t = build_tariff(&form, &meta()).unwrap();
    let r0 = t.elements[0].restrictions.clone().unwrap();
    let r1 = t.elements[1].restrictions.clone().unwrap();
    assert_eq!(r0.day_of_week, vec![DayOfWeek::Friday]);
    assert_eq!((r0.start_time, r0.end_time), (time_of(22 * 60), time_of(0)));
    assert_eq!(r1.day_of_week, vec![DayOfWeek::Saturday]);
    assert_eq!((r1.start_time, r1.end_time), (time_of(0), time_of(6 * 60)));
    // Priced: Saturday 05:00–05:30 local is at the night price.
    let start = OSLO.with_ymd_and_hms(2026, 12, 5, 5, 0, 0).unwrap().with_timezone(&Utc);
    let usage = crate::pricing::SessionUsage {
        start,
        end: start + TimeDelta::minutes(30),
        samples: vec![crate::pricing::MeterSample {
            at: start + TimeDelta::minutes(30),
            energy_wh: dec!(10000),
        }],
    };
    let priced = crate::pricing::price_session(&t, OSLO, &usage).unwrap();
    assert_eq!(priced.total.excl_vat, dec!(20.00));
}

#[test]
fn a_weekend_price_for_the_whole_day_and_until_midnight() {
    let form = PriceForm {
        windows: vec![
            PriceWindow {
                days: vec![DayOfWeek::Sunday, DayOfWeek::Saturday],
                ..night("", "", false, "2.5")
            },
            PriceWindow {
                days: vec![DayOfWeek::Friday],
                ..night("18:00", "24:00", false, "2.5")
            },
        ],
        ..simple()
    };
    let t = build_tariff(&form, &meta()).unwrap();
    let r0 = t.elements[0].restrictions.clone().unwrap();
    assert_eq!(r0.day_of_week, vec![DayOfWeek::Saturday, DayOfWeek::Sunday]);
    assert_eq!((r0.start_time, r0.end_time), (None, None));
    let r1 = t.elements[1].restrictions.clone().unwrap();
    assert_eq!((r1.start_time, r1.end_time), (time_of(18 * 60), time_of(0)));
    assert_eq!(
        describe(&t, Lang::En),
        "3.90 kr/kWh · Sat,Sun 3.13 kr/kWh · Fri 18:00–00:00 3.13 kr/kWh"
    );
}

#[test]
fn bad_input_is_named_per_field_all_at_once() {
    let form = PriceForm {
        vat_percent: "125".into(),
        energy_price: "-1".into(),
        minute_price: "abc".into(),
        minute_grace_minutes: "2.5".into(),
        session_fee: "1.23456".into(),
        idle_price: "20000".into(),
        idle_after_minutes: "-3".into(),
        windows: vec![
            night("22:00", "06:00", false, "2"),
            night("25:00", "06:00", true, "2"),
            night("10:00", "", false, "2"),
            night("08:00", "07:00", true, "x"),
        ],
    };
    let problems = build_tariff(&form, &meta()).unwrap_err();
    assert_eq!(
        fields(&problems),
        vec![
            ("vat_percent", FieldProblemCode::VatOutOfRange),
            ("energy_price", FieldProblemCode::Negative),
            ("minute_price", FieldProblemCode::NotANumber),
            ("minute_grace_minutes", FieldProblemCode::NotWholeMinutes),
            ("session_fee", FieldProblemCode::TooManyDecimals),
            ("idle_price", FieldProblemCode::TooLarge),
            ("idle_after_minutes", FieldProblemCode::Negative),
            ("windows[0].end", FieldProblemCode::EndBeforeStart),
            ("windows[1].start", FieldProblemCode::NotATime),
            ("windows[2].end", FieldProblemCode::OnlyOneTime),
            ("windows[3].energy_price", FieldProblemCode::NotANumber),
        ]
    );
    let end = problems.iter().find(|p| p.field == "windows[0].end").unwrap();
    assert!(
        end.message.contains("ends (06:00) before it starts (22:00)"),
        "{}",
        end.message
    );
    assert!(end.message_nb.contains("slutter neste dag"), "{}", end.message_nb);
}

#[test]
fn required_fields_and_windows_without_days_or_hours() {
    let problems = build_tariff(
        &PriceForm {
            windows: vec![night("", "", false, "1"), night("00:00", "24:00", false, "1")],
            ..Default::default()
        },
        &meta(),
    )
    .unwrap_err();
    assert_eq!(
        fields(&problems),
        vec![
            ("vat_percent", FieldProblemCode::Required),
            ("energy_price", FieldProblemCode::Required),
            ("windows[0].days", FieldProblemCode::WindowEverywhere),
            ("windows[1].days", FieldProblemCode::WindowEverywhere),
        ]
    );
    let problems = build_tariff(
        &PriceForm {
            windows: vec![night("22:00", "23:00", true, "1")],
            ..simple()
        },
        &meta(),
    )
    .unwrap_err();
    assert_eq!(
        fields(&problems),
        vec![("windows[0].end", FieldProblemCode::LongerThanADay)]
    );
}

#[test]
fn overlapping_windows_need_the_same_price() {
    let weekend = |price: &str| PriceWindow {
        days: vec![DayOfWeek::Saturday, DayOfWeek::Sunday],
        ..night("", "", false, price)
    };
    // Every night 22–06 overlaps Saturday 00–06 and 22–24.
    let form = PriceForm {
        windows: vec![night("22:00", "06:00", true, "2"), weekend("2.5")],
        ..simple()
    };
    let problems = build_tariff(&form, &meta()).unwrap_err();
    assert_eq!(
        fields(&problems),
        vec![("windows[1]", FieldProblemCode::OverlappingWindows)]
    );
    assert!(problems[0].message.contains("window 1"), "{}", problems[0].message);
    // The same price may overlap.
    let form = PriceForm {
        windows: vec![night("22:00", "06:00", true, "2"), weekend("2")],
        ..simple()
    };
    assert!(build_tariff(&form, &meta()).is_ok());
    // Friday night into Saturday morning overlaps a Saturday-morning window; Thursday's does not.
    let friday_night = PriceWindow {
        days: vec![DayOfWeek::Friday],
        ..night("22:00", "06:00", true, "2")
    };
    let saturday_morning = |days| PriceWindow {
        days,
        ..night("05:00", "09:00", false, "3")
    };
    let form = PriceForm {
        windows: vec![friday_night.clone(), saturday_morning(vec![DayOfWeek::Saturday])],
        ..simple()
    };
    assert_eq!(
        fields(&build_tariff(&form, &meta()).unwrap_err()),
        vec![("windows[1]", FieldProblemCode::OverlappingWindows)]
    );
    let form = PriceForm {
        windows: vec![friday_night, saturday_morning(vec![DayOfWeek::Thursday])],
        ..simple()
    };
    assert!(build_tariff(&form, &meta()).is_ok());
    // Back to back is not an overlap.
    let form = PriceForm {
        windows: vec![night("06:00", "10:00", false, "4"), night("10:00", "14:00", false, "5")],
        ..simple()
    };
    assert!(build_tariff(&form, &meta()).is_ok());
}

#[test]
fn the_change_takes_effect_now_or_later_never_in_the_past() {
    let now = Utc.with_ymd_and_hms(2026, 12, 6, 15, 0, 0).unwrap();
    let check = |local: Option<&str>| check_effective_from(local, OSLO, now);
    assert_eq!(check(None).unwrap(), now);
    assert_eq!(check(Some(" ")).unwrap(), now);
    // 16:00 in Oslo is 15:00 UTC: now (the minute being typed counts as now).
    assert_eq!(check(Some("2026-12-06T16:00")).unwrap(), now);
    assert_eq!(
        check(Some("2026-12-07T06:00")).unwrap(),
        Utc.with_ymd_and_hms(2026, 12, 7, 5, 0, 0).unwrap()
    );
    let past = check(Some("2026-12-06T15:30")).unwrap_err();
    assert_eq!(
        (past.field.as_str(), past.code),
        ("effective_from", FieldProblemCode::InThePast)
    );
    assert_eq!(check(Some("tomorrow")).unwrap_err().code, FieldProblemCode::NotATime);
    // 02:30 on the last Sunday of March does not exist in Oslo.
    assert_eq!(
        check(Some("2027-03-28T02:30")).unwrap_err().code,
        FieldProblemCode::NotALocalTime
    );
    // Form and date problems come together.
    let problems = check_price_change(
        &PriceForm {
            energy_price: "-2".into(),
            ..simple()
        },
        Some("2026-01-01T00:00"),
        &meta(),
        OSLO,
        now,
    )
    .unwrap_err();
    assert_eq!(
        fields(&problems),
        vec![
            ("energy_price", FieldProblemCode::Negative),
            ("effective_from", FieldProblemCode::InThePast)
        ]
    );
    let checked = check_price_change(&simple(), None, &meta(), OSLO, now).unwrap();
    assert_eq!(checked.effective_from, now);
}

#[test]
fn the_demo_tariffs_read_back_into_the_form() {
    let aker = Tariff::from_json(
        r#"{"id":"t","currency":"NOK","elements":[
        {"price_components":[{"type":"ENERGY","price":3.12,"vat":25.0,"step_size":1}]},
        {"price_components":[{"type":"TIME","price":24,"vat":25.0,"step_size":60}],"restrictions":{"min_duration":3600}}]}"#,
    )
    .unwrap();
    let form = form_of(&aker).unwrap();
    assert_eq!(
        (
            form.energy_price.as_str(),
            form.minute_price.as_str(),
            form.minute_grace_minutes.as_str()
        ),
        ("3.12", "0.4", "60")
    );
    assert_eq!(
        describe(&build_tariff(&form, &meta()).unwrap(), Lang::En),
        describe(&aker, Lang::En)
    );
    let majorstuen = Tariff::from_json(
        r#"{"id":"t","currency":"NOK","elements":[
        {"price_components":[{"type":"ENERGY","price":2.32,"vat":25.0,"step_size":1}],"restrictions":{"start_time":"22:00","end_time":"06:00"}},
        {"price_components":[{"type":"ENERGY","price":3.2,"vat":25.0,"step_size":1}]}]}"#,
    )
    .unwrap();
    let form = form_of(&majorstuen).unwrap();
    assert_eq!(form.windows, vec![night("22:00", "06:00", true, "2.32")]);
    assert_eq!(build_tariff(&form, &meta()).unwrap().elements, majorstuen.elements);
    let bergen = Tariff::from_json(
        r#"{"id":"t","currency":"NOK","elements":[{"price_components":[
        {"type":"FLAT","price":4,"vat":25.0,"step_size":1},{"type":"ENERGY","price":3.04,"vat":25.0,"step_size":1}]}]}"#,
    )
    .unwrap();
    let form = form_of(&bergen).unwrap();
    assert_eq!((form.session_fee.as_str(), form.energy_price.as_str()), ("4", "3.04"));
    // What the form cannot say is not guessed.
    let thresholds = Tariff::from_json(
        r#"{"id":"t","currency":"NOK","elements":[
        {"price_components":[{"type":"ENERGY","price":2,"vat":25,"step_size":1}],"restrictions":{"max_kwh":20}},
        {"price_components":[{"type":"ENERGY","price":3,"vat":25,"step_size":1}]}]}"#,
    )
    .unwrap();
    assert_eq!(form_of(&thresholds), None);
    let no_vat = Tariff::from_json(
        r#"{"id":"t","currency":"NOK","elements":[{"price_components":[{"type":"ENERGY","price":2,"step_size":1}]}]}"#,
    )
    .unwrap();
    assert_eq!(form_of(&no_vat), None);
}

#[test]
fn the_form_travels_as_json() {
    let form = PriceForm {
        windows: vec![PriceWindow {
            days: vec![DayOfWeek::Saturday],
            ..night("", "", false, "2")
        }],
        ..simple()
    };
    let json = serde_json::to_value(&form).unwrap();
    assert_eq!(json["windows"][0]["days"][0], "SATURDAY");
    let back: PriceForm =
        serde_json::from_value(serde_json::json!({"vat_percent": "25", "energy_price": "3"})).unwrap();
    assert_eq!(back.windows, vec![]);
}
