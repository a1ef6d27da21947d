//! The tariff's elements prepared once per pricing call for the per-piece element search.
//!
//! [`super::restrictions::holds`] states the rules on chrono types; this is the same test on
//! plain integers, so that a piece costs a few integer comparisons instead of date and time
//! arithmetic. Every field maps its chrono value through an order-preserving function, so
//! each comparison gives the verdict the chrono comparison gives:
//! - a time of day becomes `seconds << 32 | nanoseconds`, the order of `NaiveTime` (seconds
//!   first, then the fraction, which may exceed 1e9 in a leap second);
//! - a date becomes its day number since 1970-01-01 (`NaiveDate` order);
//! - `day_of_week` becomes a bit set over Monday = bit 0 … Sunday = bit 6.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_decimal::Decimal;

use super::arith::{from_units, mul, vat_factor};
use super::periods::PeriodKind;
use super::restrictions::Found;
use crate::money::Price;
use crate::tariff::{
    DayOfWeek, PriceComponent, ReservationRestrictionType, Tariff, TariffDimensionType, TariffElement,
    TariffRestrictions,
};

const MS_PER_HOUR: Decimal = Decimal::from_parts(3_600_000, 0, 0, false, 0);

/// A component's price prepared for the hot loop: multiplications only.
#[derive(Clone, Copy)]
pub(crate) struct Rate {
    per_unit: Decimal,
    /// `1 + vat/100`, when VAT applies.
    vat_factor: Option<Decimal>,
}

impl Rate {
    #[inline]
    pub fn of(c: &PriceComponent) -> Rate {
        Rate {
            per_unit: c.price,
            vat_factor: c.vat.map(vat_factor),
        }
    }

    fn with_vat(&self, excl: Decimal) -> Price {
        Price::new(excl, self.vat_factor.map_or(excl, |f| mul(excl, f)))
    }

    /// The cost of `q` units (kWh, or 1 for FLAT).
    pub fn units(&self, q: Decimal) -> Price {
        self.with_vat(mul(self.per_unit, q))
    }

    /// The cost of `ms` milliseconds at the price per hour.
    pub fn ms(&self, ms: i64) -> Price {
        if ms % 36 == 0 {
            // Exact and cheap: a whole number of 1e-5 h.
            self.with_vat(mul(self.per_unit, from_units(ms / 36, 5)))
        } else {
            self.with_vat(self.per_unit * Decimal::from(ms) / MS_PER_HOUR)
        }
    }
}

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;
const NS_PER_SEC: i64 = 1_000_000_000;
const NS_PER_DAY: i64 = 86_400 * NS_PER_SEC;

/// The local-clock facts of one instant, as integers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalClock {
    /// [`time_key`] of the local time of day.
    pub time: u64,
    /// Local date as days since 1970-01-01.
    pub day: i32,
}

impl LocalClock {
    /// From local nanoseconds since 1970-01-01T00:00 (an instant without a leap second, plus
    /// its UTC offset): the same date and time as chrono's `naive_local()`.
    pub fn from_local_ns(local_ns: i64) -> Option<LocalClock> {
        let day = i32::try_from(local_ns.div_euclid(NS_PER_DAY)).ok()?;
        let ns = local_ns.rem_euclid(NS_PER_DAY);
        Some(LocalClock {
            time: ((ns / NS_PER_SEC) as u64) << 32 | (ns % NS_PER_SEC) as u64,
            day,
        })
    }

    /// From a chrono local date-time (any, leap seconds included).
    pub fn from_naive(local: NaiveDateTime) -> LocalClock {
        LocalClock {
            time: time_key(local.time()),
            day: day_number(local.date()),
        }
    }

    /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    fn weekday(&self) -> u32 {
        (self.day + 3).rem_euclid(7) as u32
    }
}

fn time_key(t: NaiveTime) -> u64 {
    u64::from(t.num_seconds_from_midnight()) << 32 | u64::from(t.nanosecond())
}

fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

/// The facts about one piece of a period that restrictions look at
/// (see [`super::restrictions::Moment`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PieceFacts {
    pub local: LocalClock,
    pub elapsed_secs: i64,
    pub energy_kwh: Decimal,
    pub power_kw: Option<Decimal>,
    pub current_a: Option<Decimal>,
    pub kind: PeriodKind,
}

/// One element: which component prices each dimension, and its restrictions as integers.
struct Element {
    /// Component index per dimension, in [`slot`] order.
    components: [Option<u32>; 4],
    /// That component's price, per dimension in [`slot`] order.
    rates: [Option<Rate>; 4],
    reservation: Option<ReservationRestrictionType>,
    /// `None` when the element has no restrictions (it always holds).
    /// Index of its restrictions in `Elements::restrictions`; `None` when it has none (it
    /// always holds). Kept apart so that an element stays small.
    restrictions: Option<usize>,
}

struct Restrictions {
    window: Window,
    start_day: Option<i32>,
    end_day: Option<i32>,
    min_kwh: Option<Decimal>,
    max_kwh: Option<Decimal>,
    min_duration: Option<i64>,
    max_duration: Option<i64>,
    min_power: Option<Decimal>,
    max_power: Option<Decimal>,
    min_current: Option<Decimal>,
    max_current: Option<Decimal>,
    /// Bit per weekday (Monday = bit 0); `None` when `day_of_week` is empty (every day).
    weekdays: Option<u8>,
}

/// `start_time`/`end_time` as in [`super::restrictions::holds`].
enum Window {
    Always,
    /// `start <= t < end`.
    Within(u64, u64),
    /// `t >= start || t < end` (across midnight).
    Wrapping(u64, u64),
    From(u64),
    Until(u64),
}

impl Window {
    fn of(start: Option<NaiveTime>, end: Option<NaiveTime>) -> Window {
        match (start.map(time_key), end.map(time_key)) {
            (Some(s), Some(e)) if s == e => Window::Always,
            (Some(s), Some(e)) if e < s => Window::Wrapping(s, e),
            (Some(s), Some(e)) => Window::Within(s, e),
            (Some(s), None) => Window::From(s),
            (None, Some(e)) => Window::Until(e),
            (None, None) => Window::Always,
        }
    }

    fn holds(&self, t: u64) -> bool {
        match *self {
            Window::Always => true,
            Window::Within(s, e) => t >= s && t < e,
            Window::Wrapping(s, e) => t >= s || t < e,
            Window::From(s) => t >= s,
            Window::Until(e) => t < e,
        }
    }
}

impl Restrictions {
    fn of(r: &TariffRestrictions) -> Restrictions {
        let weekdays = (!r.day_of_week.is_empty()).then(|| r.day_of_week.iter().fold(0u8, |m, d| m | 1 << day_bit(*d)));
        Restrictions {
            window: Window::of(r.start_time, r.end_time),
            start_day: r.start_date.map(day_number),
            end_day: r.end_date.map(day_number),
            min_kwh: r.min_kwh,
            max_kwh: r.max_kwh,
            min_duration: r.min_duration.map(i64::from),
            max_duration: r.max_duration.map(i64::from),
            min_power: r.min_power,
            max_power: r.max_power,
            min_current: r.min_current,
            max_current: r.max_current,
            weekdays,
        }
    }

    /// [`super::restrictions::holds`], on integers.
    fn holds(&self, m: &PieceFacts) -> bool {
        self.window.holds(m.local.time)
            && self.start_day.is_none_or(|d| m.local.day >= d)
            && self.end_day.is_none_or(|d| m.local.day < d)
            && self.min_kwh.is_none_or(|v| m.energy_kwh >= v)
            && self.max_kwh.is_none_or(|v| m.energy_kwh < v)
            && self.min_duration.is_none_or(|v| m.elapsed_secs >= v)
            && self.max_duration.is_none_or(|v| m.elapsed_secs < v)
            && self.min_power.is_none_or(|v| m.power_kw.is_some_and(|p| p >= v))
            && self.max_power.is_none_or(|v| m.power_kw.is_some_and(|p| p < v))
            && self.min_current.is_none_or(|v| m.current_a.is_some_and(|c| c >= v))
            && self.max_current.is_none_or(|v| m.current_a.is_some_and(|c| c < v))
            && self.weekdays.is_none_or(|w| w & 1 << m.local.weekday() != 0)
    }
}

fn day_bit(d: DayOfWeek) -> u32 {
    match d {
        DayOfWeek::Monday => 0,
        DayOfWeek::Tuesday => 1,
        DayOfWeek::Wednesday => 2,
        DayOfWeek::Thursday => 3,
        DayOfWeek::Friday => 4,
        DayOfWeek::Saturday => 5,
        DayOfWeek::Sunday => 6,
    }
}

fn slot(d: TariffDimensionType) -> usize {
    match d {
        TariffDimensionType::Energy => 0,
        TariffDimensionType::Flat => 1,
        TariffDimensionType::ParkingTime => 2,
        TariffDimensionType::Time => 3,
    }
}

/// A tariff's elements, ready for [`Elements::find`].
pub(crate) struct Elements<'t> {
    tariff: &'t Tariff,
    elements: ElementList,
    restrictions: Vec<Restrictions>,
    pub uses: Uses,
}

/// Inline on purpose: one element (most tariffs) costs no allocation.
#[allow(clippy::large_enum_variant)]
enum ElementList {
    One([Element; 1]),
    Many(Vec<Element>),
}

impl std::ops::Deref for ElementList {
    type Target = [Element];
    fn deref(&self) -> &[Element] {
        match self {
            ElementList::One(one) => one,
            ElementList::Many(all) => all,
        }
    }
}

/// What the tariff's elements price and restrict, over all elements.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Uses {
    /// Some element has a FLAT component.
    pub flat: bool,
    /// `min_power`/`max_power`.
    pub power: bool,
    /// `min_current`/`max_current`.
    pub current: bool,
    /// `min_kwh`/`max_kwh`.
    pub kwh: bool,
    /// `min_duration`/`max_duration`.
    pub duration: bool,
    /// `start_time`, `end_time`, `start_date`, `end_date` or `day_of_week`.
    pub local_clock: bool,
}

impl Uses {
    /// No element restricts energy, power or current: every verdict depends on the local
    /// clock and on the time since the session started only.
    fn clock_only(&self) -> bool {
        !(self.power || self.current || self.kwh)
    }
}

/// [`Elements::find`] for the pieces of one session in time order, remembering each answer
/// for as long as it cannot change.
///
/// When the tariff's restrictions read only the clock ([`Uses::clock_only`]), a verdict
/// can change only at a local time of day, a local midnight or a UTC-offset change named in
/// the tariff, or at `session start + min/max_duration` (when durations count from the
/// session start): the instants [`super::boundaries::time_boundaries`] returns, at which
/// every period is split. Between two consecutive boundaries (a *segment*) every piece of
/// the same kind is then priced by the same elements, so they are looked up once per
/// segment, kind and dimension. Otherwise every piece is looked up.
pub(crate) struct Finder<'e, 't> {
    elements: &'e Elements<'t>,
    by_segment: bool,
    key: Option<(usize, PeriodKind)>,
    found: [Option<Found<'t>>; 4],
    /// The piece's facts, when every piece is looked up.
    facts: Option<PieceFacts>,
}

impl<'e, 't> Finder<'e, 't> {
    /// `durations_from_session_start`: `min/max_duration` count from the instant the time
    /// boundaries were computed from.
    pub fn new(elements: &'e Elements<'t>, durations_from_session_start: bool) -> Finder<'e, 't> {
        Finder {
            elements,
            by_segment: elements.uses.clock_only() && (!elements.uses.duration || durations_from_session_start),
            key: None,
            found: [None; 4],
            facts: None,
        }
    }

    /// The component pricing `dimension` in a piece of `kind` in segment `segment` (the
    /// number of time boundaries at or before the piece's start); `facts` describes the
    /// piece, asked for only when the answer is not known yet.
    /// Prepares the lookups of one piece of `kind` in segment `segment` (the number of time
    /// boundaries at or before its start); `make_facts` describes the piece and is called
    /// only when the answers are not known yet.
    #[inline]
    pub fn piece(&mut self, segment: usize, kind: PeriodKind, make_facts: impl FnOnce() -> PieceFacts) {
        if !self.by_segment {
            self.facts = Some(make_facts());
            return;
        }
        // Charging and parking pieces are priced by the same elements (no reservation).
        let class = match kind {
            PeriodKind::Parking => PeriodKind::Charging,
            other => other,
        };
        if self.key != Some((segment, class)) {
            // Every dimension at once: the facts (a zone lookup) are computed once.
            let m = make_facts();
            self.key = Some((segment, class));
            self.found = self.elements.find_all(&m);
        }
    }

    /// The component pricing `dimension` in the piece last prepared with [`Finder::piece`].
    #[inline]
    pub fn find(&self, dimension: TariffDimensionType) -> Option<Found<'t>> {
        if self.by_segment {
            self.found[slot(dimension)]
        } else {
            self.facts.as_ref().and_then(|m| self.elements.find(dimension, m))
        }
    }
}

impl<'t> Elements<'t> {
    pub fn of(tariff: &'t Tariff) -> Elements<'t> {
        let mut restrictions = Vec::new();
        let mut element = |el: &TariffElement| {
            let mut components = [None; 4];
            let mut rates = [None; 4];
            for (j, c) in el.price_components.iter().enumerate().rev() {
                components[slot(c.dimension)] = u32::try_from(j).ok();
                rates[slot(c.dimension)] = Some(Rate::of(c));
            }
            Element {
                components,
                rates,
                reservation: el.restrictions.as_ref().and_then(|r| r.reservation),
                restrictions: el.restrictions.as_ref().map(|r| {
                    restrictions.push(Restrictions::of(r));
                    restrictions.len() - 1
                }),
            }
        };
        let elements = match &tariff.elements[..] {
            // The common single-element tariff without an allocation.
            [only] => ElementList::One([element(only)]),
            all => ElementList::Many(all.iter().map(&mut element).collect()),
        };
        let mut uses = Uses::default();
        for el in &tariff.elements {
            uses.flat |= el
                .price_components
                .iter()
                .any(|c| c.dimension == TariffDimensionType::Flat);
            if let Some(r) = &el.restrictions {
                uses.power |= r.min_power.is_some() || r.max_power.is_some();
                uses.current |= r.min_current.is_some() || r.max_current.is_some();
                uses.kwh |= r.min_kwh.is_some() || r.max_kwh.is_some();
                uses.duration |= r.min_duration.is_some() || r.max_duration.is_some();
                uses.local_clock |= r.start_time.is_some()
                    || r.end_time.is_some()
                    || r.start_date.is_some()
                    || r.end_date.is_some()
                    || !r.day_of_week.is_empty();
            }
        }
        Elements {
            tariff,
            elements,
            restrictions,
            uses,
        }
    }

    /// The price of `found`'s component.
    pub fn rate(&self, (element, _, c): Found) -> Rate {
        self.elements[element].rates[slot(c.dimension)].unwrap_or_else(|| Rate::of(c))
    }

    /// [`super::restrictions::find_component`]: the first element (and its first component
    /// of `dimension`) that prices `dimension` at `m`.
    pub fn find(&self, dimension: TariffDimensionType, m: &PieceFacts) -> Option<Found<'t>> {
        match m.kind {
            PeriodKind::Charging | PeriodKind::Parking => self.find_with(dimension, m, None),
            PeriodKind::Reservation => self.find_with(dimension, m, Some(ReservationRestrictionType::Reservation)),
            PeriodKind::ReservationExpired => self
                .find_with(dimension, m, Some(ReservationRestrictionType::ReservationExpires))
                .or_else(|| self.find_with(dimension, m, Some(ReservationRestrictionType::Reservation))),
        }
    }

    /// [`Elements::find`] for every dimension (in [`slot`] order), in one pass over the
    /// elements.
    pub fn find_all(&self, m: &PieceFacts) -> [Option<Found<'t>>; 4] {
        match m.kind {
            PeriodKind::Charging | PeriodKind::Parking => self.find_all_with(m, None),
            PeriodKind::Reservation => self.find_all_with(m, Some(ReservationRestrictionType::Reservation)),
            PeriodKind::ReservationExpired => {
                let mut found = self.find_all_with(m, Some(ReservationRestrictionType::ReservationExpires));
                if found.iter().any(Option::is_none) {
                    let fallback = self.find_all_with(m, Some(ReservationRestrictionType::Reservation));
                    for (f, fb) in found.iter_mut().zip(fallback) {
                        if f.is_none() {
                            *f = fb;
                        }
                    }
                }
                found
            }
        }
    }

    fn find_all_with(&self, m: &PieceFacts, reservation: Option<ReservationRestrictionType>) -> [Option<Found<'t>>; 4] {
        let mut found = [None; 4];
        for ((i, el), tariff_el) in self.elements.iter().enumerate().zip(&self.tariff.elements) {
            if el.reservation != reservation
                || !el
                    .restrictions
                    .is_none_or(|r| self.restrictions.get(r).is_none_or(|r| r.holds(m)))
            {
                continue;
            }
            for (f, j) in found.iter_mut().zip(el.components) {
                if let (None, Some(j)) = (&f, j) {
                    *f = tariff_el.price_components.get(j as usize).map(|c| (i, j as usize, c));
                }
            }
            if found.iter().all(Option::is_some) {
                break;
            }
        }
        found
    }

    fn find_with(
        &self,
        dimension: TariffDimensionType,
        m: &PieceFacts,
        reservation: Option<ReservationRestrictionType>,
    ) -> Option<Found<'t>> {
        let s = slot(dimension);
        self.elements.iter().enumerate().find_map(|(i, el)| {
            let j = el.components[s]? as usize;
            let holds = el
                .restrictions
                .is_none_or(|r| self.restrictions.get(r).is_none_or(|r| r.holds(m)));
            if el.reservation != reservation || !holds {
                return None;
            }
            Some((i, j, &self.tariff.elements[i].price_components[j]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::restrictions::{find_component, moment_at};
    use chrono::{Duration, Weekday};
    use rust_decimal_macros::dec;

    #[test]
    fn finds_the_element_the_reference_rules_find() {
        let tariff = Tariff::from_json(
            r#"{"id":"t","currency":"NOK","elements":[
            {"price_components":[{"type":"TIME","price":9,"step_size":1}],"restrictions":{"reservation":"RESERVATION_EXPIRES"}},
            {"price_components":[{"type":"TIME","price":8,"step_size":1}],"restrictions":{"reservation":"RESERVATION","max_duration":600}},
            {"price_components":[{"type":"ENERGY","price":1,"step_size":1},{"type":"ENERGY","price":7,"step_size":1}],
             "restrictions":{"start_time":"22:00","end_time":"06:00","day_of_week":["FRIDAY","SATURDAY"]}},
            {"price_components":[{"type":"ENERGY","price":2,"step_size":1}],"restrictions":{"start_time":"08:30","end_time":"17:00","min_kwh":5,"max_kwh":20}},
            {"price_components":[{"type":"ENERGY","price":3,"step_size":1},{"type":"TIME","price":3,"step_size":1}],
             "restrictions":{"start_date":"2026-01-10","end_date":"2026-01-12","min_power":11,"max_current":32}},
            {"price_components":[{"type":"TIME","price":4,"step_size":1}],"restrictions":{"start_time":"12:00","min_duration":3600}},
            {"price_components":[{"type":"TIME","price":5,"step_size":1},{"type":"PARKING_TIME","price":5,"step_size":1}],"restrictions":{"end_time":"07:00"}},
            {"price_components":[{"type":"ENERGY","price":6,"step_size":1},{"type":"TIME","price":6,"step_size":1},{"type":"FLAT","price":6,"step_size":1}]}]}"#,
        )
        .unwrap();
        let elements = Elements::of(&tariff);
        let start = NaiveDate::from_ymd_opt(2026, 1, 8)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let kinds = [
            PeriodKind::Charging,
            PeriodKind::Parking,
            PeriodKind::Reservation,
            PeriodKind::ReservationExpired,
        ];
        let dims = [
            TariffDimensionType::Energy,
            TariffDimensionType::Time,
            TariffDimensionType::ParkingTime,
            TariffDimensionType::Flat,
        ];
        for step in 0..600i64 {
            let local = start + Duration::minutes(step * 17);
            let elapsed = step * 97 - 300;
            let kwh = Decimal::from(step % 25);
            let power = (step % 3 != 0).then(|| Decimal::from(step % 23));
            let current = (step % 5 != 0).then_some(dec!(32));
            for kind in kinds {
                let reference = moment_at(local, elapsed, kwh, power, current, kind);
                let fast = PieceFacts {
                    local: LocalClock::from_naive(local),
                    elapsed_secs: elapsed,
                    energy_kwh: kwh,
                    power_kw: power,
                    current_a: current,
                    kind,
                };
                let all = elements.find_all(&fast);
                for dim in dims {
                    let want = find_component(&tariff, dim, &reference).map(|(e, c, _)| (e, c));
                    let got = elements.find(dim, &fast).map(|(e, c, _)| (e, c));
                    assert_eq!(got, want, "{local} {kind:?} {dim:?}");
                    assert_eq!(all[slot(dim)].map(|(e, c, _)| (e, c)), want, "{local} {kind:?} {dim:?}");
                }
            }
        }
    }

    #[test]
    fn local_clock_matches_chrono_dates_times_and_weekdays() {
        let base = NaiveDate::from_ymd_opt(1969, 12, 25)
            .unwrap()
            .and_hms_nano_opt(23, 59, 58, 999_999_000)
            .unwrap();
        for step in 0..2000i64 {
            let t = base + Duration::milliseconds(step * 7_777_777);
            let ns = t.and_utc().timestamp() * NS_PER_SEC + i64::from(t.and_utc().timestamp_subsec_nanos());
            let fast = LocalClock::from_local_ns(ns).unwrap();
            let slow = LocalClock::from_naive(t);
            assert_eq!((fast.time, fast.day), (slow.time, slow.day), "{t}");
            let wd: Weekday = t.date().weekday();
            assert_eq!(fast.weekday(), wd.num_days_from_monday(), "{t}");
        }
    }
}
