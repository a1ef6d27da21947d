//! Property tests of field visits: the work order's state machine under any sequence of
//! steps, and the SLA window of a slot (business hours, Norway's holidays, 24/7).

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Oslo;
use proptest::prelude::*;

use super::slot::{schedule, Slot, SlotRefused, VisitWindow};
use super::visit_report::{PartUsed, PartsList};
use super::work_order::tests::{order, photos, report, sign_off, verification, work};
use super::work_order::{StepContext, WorkOrderEvent, WorkOrderRefused, WorkOrderState};
use crate::support::sla::{easter_sunday, holidays, Country, SlaCalendar};

fn any_event() -> impl Strategy<Value = WorkOrderEvent> {
    prop_oneof![
        Just(WorkOrderEvent::CheckIn),
        Just(WorkOrderEvent::RecordWork { work: work() }),
        (-2i64..3).prop_map(|q| {
            let mut w = work();
            w.parts_used = vec![PartUsed {
                part: "Contactor".into(),
                quantity: q,
            }];
            WorkOrderEvent::RecordWork { work: w }
        }),
        any::<bool>().prop_map(|p| WorkOrderEvent::Verify {
            verification: verification(p)
        }),
        Just(WorkOrderEvent::SignOff { sign_off: sign_off() }),
        Just(WorkOrderEvent::CheckOut),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the steps: a refused step changes nothing; the state never goes back; the
    /// order is checked out only with a passed verification and a sign-off, signed off only
    /// after a passed verification; a report replayed on the result changes nothing.
    #[test]
    fn work_order_state_machine(steps in prop::collection::vec((any_event(), 0i64..120), 0..16)) {
        let parts = PartsList::builtin();
        let photos: BTreeSet<String> = photos();
        let ctx = StepContext { parts: &parts, photos: &photos };
        let mut o = order();
        let mut at = o.scheduled_at;
        for (event, gap) in steps {
            at += Duration::minutes(gap);
            let before = o.clone();
            match o.apply(event, ctx, at) {
                Ok(next) => {
                    prop_assert!(next >= before.state, "{:?} → {:?}", before.state, next);
                    prop_assert_eq!(o.state, next);
                }
                Err(_) => prop_assert_eq!(&o, &before),
            }
            if o.state >= WorkOrderState::SignedOff {
                prop_assert!(o.sign_off.is_some());
                prop_assert!(o.passed_verification().is_some());
            }
            if o.state == WorkOrderState::CheckedOut {
                prop_assert!(o.checked_out_at.is_some());
            }
            if o.state >= WorkOrderState::Verified {
                prop_assert!(o.passed_verification().is_some());
            }
        }
        let r = report(at);
        match o.apply_report(&r, ctx) {
            Ok(done) => {
                prop_assert_eq!(done.state, WorkOrderState::CheckedOut);
                prop_assert_eq!(done.apply_report(&r, ctx), Ok(done.clone()));
            }
            Err(e) => prop_assert!(matches!(e, WorkOrderRefused::NotFromState { .. }), "{}", e),
        }
    }

    /// Easter Sunday is a Sunday between 22 March and 25 April, and the holidays counted from
    /// it fall on their weekdays, for any year.
    #[test]
    fn easter_based_holidays_fall_on_their_weekdays(year in 1900i32..2300) {
        let easter = easter_sunday(year).unwrap();
        prop_assert_eq!(easter.weekday(), Weekday::Sun);
        prop_assert!(easter >= NaiveDate::from_ymd_opt(year, 3, 22).unwrap());
        prop_assert!(easter <= NaiveDate::from_ymd_opt(year, 4, 25).unwrap());
        let days: Vec<_> = holidays(Country::Norway, year).into_iter().map(|h| (h.name, h.date)).collect();
        let on = |name: &str| days.iter().find(|(n, _)| *n == name).map(|(_, d)| d.weekday());
        prop_assert_eq!(on("Skjærtorsdag"), Some(Weekday::Thu));
        prop_assert_eq!(on("Langfredag"), Some(Weekday::Fri));
        prop_assert_eq!(on("Andre påskedag"), Some(Weekday::Mon));
        prop_assert_eq!(on("Kristi himmelfartsdag"), Some(Weekday::Thu));
        prop_assert_eq!(on("Andre pinsedag"), Some(Weekday::Mon));
        prop_assert_eq!(days.len(), 12);
    }

    /// On a business-hours calendar a slot is accepted exactly when it lies on a Monday to
    /// Friday that is not one of Norway's holidays, between 08:00 and 16:00 local time, not
    /// in the past and ending by the deadline (checked here from the holiday list and the
    /// local clock, not through the calendar).
    #[test]
    fn business_hours_window(
        day in 0i64..(365 * 6),
        start_min in 0u32..(24 * 60),
        length in 15i64..(10 * 60),
        now_back in 0i64..(3 * 24 * 60),
        deadline_days in 1i64..30,
    ) {
        let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Duration::days(day);
        let local = date.and_time(NaiveTime::from_hms_opt(start_min / 60, start_min % 60, 0).unwrap());
        let Some(start) = Oslo.from_local_datetime(&local).earliest() else { return Ok(()); };
        let start = start.with_timezone(&Utc);
        let slot = Slot { starts_at: start, ends_at: start + Duration::minutes(length) };
        let now = start - Duration::minutes(now_back) + Duration::minutes(60);
        let deadline = start + Duration::days(deadline_days) - Duration::hours(1);
        let window = VisitWindow { calendar: SlaCalendar::business_hours(Oslo, Country::Norway), deadline };
        let outcome = schedule(&slot, &window, now);

        let end_local = slot.ends_at.with_timezone(&Oslo).naive_local();
        let holiday = holidays(Country::Norway, date.year()).iter().any(|h| h.date == date);
        let working_day = date.weekday().num_days_from_monday() < 5 && !holiday;
        let opens = date.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        let closes = date.and_time(NaiveTime::from_hms_opt(16, 0, 0).unwrap());
        let in_hours = local >= opens && end_local <= closes;
        let expected = start >= now && working_day && in_hours && (deadline <= now || slot.ends_at <= deadline);
        if deadline > now {
            prop_assert_eq!(outcome.is_ok(), expected, "{:?} {:?}", slot, outcome);
        } else {
            // A late case: only sooner slots; never outside working time.
            prop_assert!(outcome.is_err() || expected);
        }
        if let Err(e) = outcome {
            let named = match e {
                SlotRefused::InThePast { .. } => start < now,
                SlotRefused::PublicHoliday { .. } => holiday,
                SlotRefused::NotAWorkingDay { .. } => date.weekday().num_days_from_monday() >= 5,
                SlotRefused::OutsideBusinessHours { .. } => !in_hours,
                SlotRefused::AfterDeadline { .. } | SlotRefused::LateCaseNotSoonest { .. } => true,
                SlotRefused::EndsBeforeItStarts { .. } | SlotRefused::TooLong { .. } => false,
            };
            prop_assert!(named, "the refusal names a rule the slot breaks");
        }
    }

    /// Around the clock every future slot before the deadline is accepted, nights and
    /// holidays included.
    #[test]
    fn around_the_clock_window(start_min in 0i64..(365 * 24 * 60), length in 1i64..(12 * 60)) {
        let base: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let start = base + Duration::minutes(start_min);
        let slot = Slot { starts_at: start, ends_at: start + Duration::minutes(length) };
        let window = VisitWindow {
            calendar: SlaCalendar::around_the_clock(Oslo),
            deadline: start + Duration::hours(13),
        };
        prop_assert_eq!(schedule(&slot, &window, base), Ok(()));
    }
}
