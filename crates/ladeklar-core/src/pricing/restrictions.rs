//! Whether a tariff element's restrictions hold at one moment of a session, and which
//! element prices a dimension there.
//!
//! Rules (OCPI 2.2.1 `TariffRestrictions`, with our decisions where the spec is silent):
//! - `start_time`/`end_time` are local times of day in the site's zone; `end < start` wraps
//!   past midnight; `start == end` means the whole day. Start inclusive, end exclusive.
//! - `start_date` inclusive, `end_date` exclusive, local dates.
//! - `day_of_week` is the local day of the moment itself: a Friday 22:00–06:00 window does
//!   not cover Saturday morning.
//! - `min_kwh` inclusive, `max_kwh` exclusive, on the energy delivered since session start.
//! - `min_duration` inclusive, `max_duration` exclusive, seconds since session start.
//! - `min_power`/`max_power` (kW) and `min_current`/`max_current` (A): min inclusive, max
//!   exclusive, on the period's power/current. Power falls back to the period's average
//!   (energy ÷ time). **When power or current is unknown, the restriction does not hold**
//!   (the element is skipped and a later element, usually the fallback, prices the period):
//!   a driver is never billed a power-dependent price without evidence of that power.
//! - `reservation`: elements with `RESERVATION` price only reservation periods; elements
//!   without it never price reservation periods. For an expired reservation,
//!   `RESERVATION_EXPIRES` elements are tried first, then `RESERVATION` elements.
//!
//! This module states the rules on chrono types and is the reference; the engine runs the
//! same tests on integers ([`super::compiled`]), checked against this one in its tests.

#[cfg(test)]
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
#[cfg(test)]
use rust_decimal::Decimal;

#[cfg(test)]
use super::periods::PeriodKind;
use crate::tariff::PriceComponent;
#[cfg(test)]
use crate::tariff::{DayOfWeek, ReservationRestrictionType, Tariff, TariffDimensionType, TariffRestrictions};

/// The facts about one instant of the session that restrictions look at.
#[cfg(test)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Moment {
    pub local_time: NaiveTime,
    pub local_date: NaiveDate,
    pub weekday: Weekday,
    /// Seconds since session start (may be negative inside a reservation).
    pub elapsed_secs: i64,
    /// kWh delivered since session start.
    pub energy_kwh: Decimal,
    pub power_kw: Option<Decimal>,
    pub current_a: Option<Decimal>,
    pub kind: PeriodKind,
}

/// An element that prices a dimension: (element index, component index, component).
pub(crate) type Found<'t> = (usize, usize, &'t PriceComponent);

#[cfg(test)]
/// The first element (index and component) that prices `dimension` at `m`.
pub(crate) fn find_component<'t>(tariff: &'t Tariff, dimension: TariffDimensionType, m: &Moment) -> Option<Found<'t>> {
    match m.kind {
        PeriodKind::Charging | PeriodKind::Parking => find_with(tariff, dimension, m, None),
        PeriodKind::Reservation => find_with(tariff, dimension, m, Some(ReservationRestrictionType::Reservation)),
        PeriodKind::ReservationExpired => find_with(
            tariff,
            dimension,
            m,
            Some(ReservationRestrictionType::ReservationExpires),
        )
        .or_else(|| find_with(tariff, dimension, m, Some(ReservationRestrictionType::Reservation))),
    }
}

#[cfg(test)]
fn find_with<'t>(
    tariff: &'t Tariff,
    dimension: TariffDimensionType,
    m: &Moment,
    reservation: Option<ReservationRestrictionType>,
) -> Option<Found<'t>> {
    tariff.elements.iter().enumerate().find_map(|(i, el)| {
        let (j, component) = el
            .price_components
            .iter()
            .enumerate()
            .find(|(_, c)| c.dimension == dimension)?;
        let el_reservation = el.restrictions.as_ref().and_then(|r| r.reservation);
        if el_reservation != reservation {
            return None;
        }
        let holds = el.restrictions.as_ref().is_none_or(|r| holds(r, m));
        holds.then_some((i, j, component))
    })
}

#[cfg(test)]
/// True when every restriction in `r` (other than `reservation`) holds at `m`.
pub(crate) fn holds(r: &TariffRestrictions, m: &Moment) -> bool {
    let t = m.local_time;
    let in_window = match (r.start_time, r.end_time) {
        (Some(s), Some(e)) if s == e => true,
        (Some(s), Some(e)) if e < s => t >= s || t < e,
        (Some(s), Some(e)) => t >= s && t < e,
        (Some(s), None) => t >= s,
        (None, Some(e)) => t < e,
        (None, None) => true,
    };
    in_window
        && r.start_date.is_none_or(|d| m.local_date >= d)
        && r.end_date.is_none_or(|d| m.local_date < d)
        && r.min_kwh.is_none_or(|v| m.energy_kwh >= v)
        && r.max_kwh.is_none_or(|v| m.energy_kwh < v)
        && r.min_duration.is_none_or(|v| m.elapsed_secs >= i64::from(v))
        && r.max_duration.is_none_or(|v| m.elapsed_secs < i64::from(v))
        && r.min_power.is_none_or(|v| m.power_kw.is_some_and(|p| p >= v))
        && r.max_power.is_none_or(|v| m.power_kw.is_some_and(|p| p < v))
        && r.min_current.is_none_or(|v| m.current_a.is_some_and(|c| c >= v))
        && r.max_current.is_none_or(|v| m.current_a.is_some_and(|c| c < v))
        && (r.day_of_week.is_empty() || r.day_of_week.contains(&day_of(m.weekday)))
}

#[cfg(test)]
pub(crate) fn day_of(w: Weekday) -> DayOfWeek {
    match w {
        Weekday::Mon => DayOfWeek::Monday,
        Weekday::Tue => DayOfWeek::Tuesday,
        Weekday::Wed => DayOfWeek::Wednesday,
        Weekday::Thu => DayOfWeek::Thursday,
        Weekday::Fri => DayOfWeek::Friday,
        Weekday::Sat => DayOfWeek::Saturday,
        Weekday::Sun => DayOfWeek::Sunday,
    }
}

#[cfg(test)]
/// The `Moment` of a local date-time.
pub(crate) fn moment_at(
    local: chrono::NaiveDateTime,
    elapsed_secs: i64,
    energy_kwh: Decimal,
    power_kw: Option<Decimal>,
    current_a: Option<Decimal>,
    kind: PeriodKind,
) -> Moment {
    Moment {
        local_time: local.time(),
        local_date: local.date(),
        weekday: local.date().weekday(),
        elapsed_secs,
        energy_kwh,
        power_kw,
        current_a,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn at(h: u32, m: u32) -> Moment {
        // 2026-01-09 is a Friday.
        let local = NaiveDate::from_ymd_opt(2026, 1, 9)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap();
        moment_at(local, 0, Decimal::ZERO, None, None, PeriodKind::Charging)
    }

    fn window(s: &str, e: &str) -> TariffRestrictions {
        TariffRestrictions {
            start_time: NaiveTime::parse_from_str(s, "%H:%M").ok(),
            end_time: NaiveTime::parse_from_str(e, "%H:%M").ok(),
            ..Default::default()
        }
    }

    #[test]
    fn windows_across_midnight_wrap() {
        let r = window("22:00", "06:00");
        assert!(holds(&r, &at(23, 0)));
        assert!(holds(&r, &at(5, 59)));
        assert!(!holds(&r, &at(6, 0)));
        assert!(holds(&r, &at(22, 0)));
        assert!(!holds(&r, &at(21, 59)));
    }

    #[test]
    fn an_overnight_friday_window_does_not_cover_saturday_morning() {
        let mut r = window("22:00", "06:00");
        r.day_of_week = vec![DayOfWeek::Friday];
        assert!(holds(&r, &at(23, 0)));
        let sat = NaiveDate::from_ymd_opt(2026, 1, 10)
            .unwrap()
            .and_hms_opt(2, 0, 0)
            .unwrap();
        assert!(!holds(
            &r,
            &moment_at(sat, 0, Decimal::ZERO, None, None, PeriodKind::Charging)
        ));
    }

    #[test]
    fn kwh_and_duration_are_min_inclusive_max_exclusive() {
        let r = TariffRestrictions {
            min_kwh: Some(dec!(1)),
            max_kwh: Some(dec!(2)),
            min_duration: Some(60),
            max_duration: Some(120),
            ..Default::default()
        };
        let mut m = at(12, 0);
        m.energy_kwh = dec!(1);
        m.elapsed_secs = 60;
        assert!(holds(&r, &m));
        m.energy_kwh = dec!(2);
        assert!(!holds(&r, &m));
        m.energy_kwh = dec!(1.5);
        m.elapsed_secs = 120;
        assert!(!holds(&r, &m));
    }

    #[test]
    fn unknown_power_does_not_satisfy_a_power_restriction() {
        let r = TariffRestrictions {
            min_power: Some(dec!(50)),
            ..Default::default()
        };
        assert!(!holds(&r, &at(12, 0)));
        let mut m = at(12, 0);
        m.power_kw = Some(dec!(50));
        assert!(holds(&r, &m));
    }
}
