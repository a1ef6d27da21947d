//! The pricer: splits periods at restriction boundaries, prices each piece with the first
//! matching element per dimension, then applies step_size, min/max price and rounding.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::arith::{add, exceeds, from_units, is_negative, is_positive, round_money_fixed, Sum};
use super::boundaries::{kwh_thresholds, time_boundaries};
use super::compiled::{Elements, Finder, PieceFacts, Rate};
use super::instant::Instant;
use super::periods::{Period, PeriodKind, Session};
use super::restrictions::Found;
use super::{
    step_size, DimensionCost, PeriodLine, PeriodLines, PricedPeriod, PricedSession, PricingError, PricingNote,
    Quantities, ReservationCost, StepSizeExtra,
};
use crate::money::{ceil_money, floor_money, minor_unit_digits, Price};
use crate::tariff::{PriceComponent, Tariff, TariffDimensionType};

/// Longest session we price (guards arithmetic and the per-day boundary search).
pub(crate) const MAX_SESSION_DAYS: i64 = 400;
const MAX_ENERGY_KWH: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
const MAX_UNIT_PRICE: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
const MAX_VAT: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);
const MAX_MIN_MAX_PRICE: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
const MS_PER_HOUR: Decimal = Decimal::from_parts(3_600_000, 0, 0, false, 0);
const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Running totals of one dimension.
#[derive(Default)]
struct Acc<'t> {
    /// kWh for energy.
    quantity: Decimal,
    /// Milliseconds for time dimensions.
    ms: i64,
    cost: Price,
    last: Option<(usize, &'t PriceComponent)>,
    /// The component of the current run of pieces, whose quantity (`run_kwh`, `run_ms`) is
    /// not yet in `cost`: a run is costed once when the component changes (exact, like the
    /// sum of its pieces' costs).
    run: Option<(Found<'t>, Rate)>,
    run_kwh: Sum,
    run_ms: i64,
}

impl<'t> Acc<'t> {
    /// Starts a new run unless `found` is the component of the current one.
    fn switch_to(&mut self, found: Found<'t>, elements: &Elements<'t>) {
        if !matches!(self.run, Some((f, _)) if (f.0, f.1) == (found.0, found.1)) {
            self.settle_run();
            self.run = Some((found, elements.rate(found)));
            self.last = Some((found.0, found.2));
        }
    }

    fn add_kwh(&mut self, found: Found<'t>, kwh: Decimal, elements: &Elements<'t>) {
        self.switch_to(found, elements);
        self.run_kwh.add(kwh);
    }

    fn add_ms(&mut self, found: Found<'t>, ms: i64, elements: &Elements<'t>) {
        self.switch_to(found, elements);
        self.ms += ms;
        self.run_ms += ms;
    }

    /// Adds the current run's cost to `cost`.
    fn settle_run(&mut self) {
        if let Some((_, rate)) = self.run.take() {
            let run_kwh = self.run_kwh.value();
            if !run_kwh.is_zero() {
                self.quantity += run_kwh;
                self.cost = plus(self.cost, rate.units(run_kwh));
            }
            if self.run_ms != 0 {
                self.cost = plus(self.cost, rate.ms(self.run_ms));
            }
        }
        self.run_kwh = Sum::ZERO;
        self.run_ms = 0;
    }
}

/// `a + b` ([`add`] on both amounts), by value: a zero term is skipped (its scale too).
fn plus(a: Price, b: Price) -> Price {
    if b.excl_vat.is_zero() && b.incl_vat.is_zero() {
        return a;
    }
    if a.excl_vat.is_zero() && a.incl_vat.is_zero() {
        return b;
    }
    Price::new(add(a.excl_vat, b.excl_vat), add(a.incl_vat, b.incl_vat))
}

fn cost_of(c: &PriceComponent, quantity: Decimal) -> Price {
    let excl = c.price * quantity;
    let incl = match c.vat {
        Some(vat) => excl + excl * vat / HUNDRED,
        None => excl,
    };
    Price::new(excl, incl)
}

fn hours(ms: i64) -> Decimal {
    // 36 ms is 1e-5 h: most durations divide exactly without a long division.
    if ms % 36 == 0 {
        from_units(ms / 36, 5)
    } else {
        Decimal::from(ms) / MS_PER_HOUR
    }
}

pub(crate) fn price(tariff: &Tariff, tz: Tz, session: &Session) -> Result<PricedSession, PricingError> {
    price_in(tariff, tz, session.start, session.end, &session.periods, Vec::new())
}

/// [`price`] for the session `[start, end]` with `periods`; `notes`: the caller's notes about
/// the input, to which the engine adds its own (passed in rather than pushed onto the result,
/// which would move the whole `PricedSession` once more).
pub(crate) fn price_in(
    tariff: &Tariff,
    tz: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    periods: &[Period],
    notes: Vec<PricingNote>,
) -> Result<PricedSession, PricingError> {
    let session = SessionRef { start, end, periods };
    check_tariff(tariff)?;
    check_session(&session)?;
    let origin = session
        .periods
        .iter()
        .find(|p| !p.kind.is_reservation())
        .map_or(session.start, |p| p.start);
    let origin_at = Instant::new(origin);

    let elements = Elements::of(tariff);
    let uses_power = elements.uses.power;
    let uses_local = elements.uses.local_clock;
    let has_flat = elements.uses.flat;
    let uses_kwh = elements.uses.kwh;
    let local_tz = uses_local.then_some(tz);
    let bounds: Vec<Instant> = if uses_local || elements.uses.duration {
        time_boundaries(tariff, tz, session.start, session.end)
            .into_iter()
            .map(Instant::new)
            .collect()
    } else {
        Vec::new()
    };
    let thresholds = if uses_kwh { kwh_thresholds(tariff) } else { Vec::new() };
    // The time boundaries count durations from `session.start`.
    let mut finder = Finder::new(&elements, origin == session.start);

    let mut energy = Acc::default();
    let mut charging = Acc::default();
    let mut parking = Acc::default();
    let mut reservation = Acc::default();
    let mut flat: Option<Found> = None;
    let mut reservation_flat: Option<Found> = None;
    let mut measured_kwh = Sum::ZERO;
    // Milliseconds measured: charging, parking, reservation.
    let mut measured_ms = [0i64; 3];
    let mut priced_periods = Vec::with_capacity(session.periods.len() + bounds.len());
    let mut cum_kwh = Decimal::ZERO;
    let mut points: Vec<(Decimal, Instant)> = Vec::new();
    // The current piece's segment: the number of time boundaries at or before its start.
    let mut segment = 0;
    let mut prev_end: Option<Instant> = None;

    for p in session.periods {
        let p_start = match prev_end {
            Some(end) if end.at == p.start => end,
            _ => Instant::new(p.start),
        };
        let p_end = Instant::new(p.end);
        prev_end = Some(p_end);
        let dur_ms = p_end.ms_since(&p_start);
        let e = p.energy_kwh;
        let power = match p.power_kw {
            Some(kw) => Some(kw),
            None if uses_power && dur_ms > 0 => Some(e * MS_PER_HOUR / Decimal::from(dur_ms)),
            None => None,
        };
        // Boundaries at or before the period's start are behind it (periods are in order).
        while bounds.get(segment).is_some_and(|b| *b <= p_start) {
            segment += 1;
        }
        let maybe_split = bounds.get(segment).is_some_and(|b| *b < p_end) || !thresholds.is_empty();
        let split = maybe_split && split_points(p_start, p_end, e, dur_ms, cum_kwh, &bounds, &thresholds, &mut points);
        let piece_count = if split { points.len().saturating_sub(1) } else { 1 };
        for k in 0..piece_count {
            let (at0, at1, e0, sub_kwh) = match (split, points.get(k), points.get(k + 1)) {
                (true, Some(&(f0, at0)), Some(&(f1, at1))) => {
                    let (e0, sub_kwh) = piece_energy(e, f0, f1);
                    (at0, at1, e0, sub_kwh)
                }
                // The whole period: what `piece_energy(e, 0, 1)` gives.
                _ => (
                    p_start,
                    p_end,
                    Decimal::ZERO,
                    if e.is_zero() { Decimal::ZERO } else { e },
                ),
            };
            let ms = at1.ms_since(&at0).max(0);
            let piece_hours = hours(ms);
            while bounds.get(segment).is_some_and(|b| *b <= at0) {
                segment += 1;
            }
            let make_facts = || PieceFacts {
                local: at0.local(local_tz),
                elapsed_secs: at0.ms_since(&origin_at).div_euclid(1000),
                // Only min_kwh/max_kwh read it.
                energy_kwh: if uses_kwh { cum_kwh + e0 } else { Decimal::ZERO },
                power_kw: power,
                current_a: p.current_a,
                kind: p.kind,
            };
            finder.piece(segment, p.kind, make_facts);
            let find = |dim| finder.find(dim);
            priced_periods.push(PricedPeriod {
                start: at0.at,
                end: at1.at,
                kind: p.kind,
                energy_kwh: sub_kwh,
                hours: piece_hours,
                lines: PeriodLines::new(),
            });
            let Some(priced) = priced_periods.last_mut() else {
                continue;
            };
            let mut line = |dim: TariffDimensionType, found: Found, qty: Decimal, cost: Price| {
                priced.lines.push(PeriodLine {
                    dimension: dim,
                    element: found.0,
                    quantity: qty,
                    unit_price: found.2.price,
                    vat: found.2.vat,
                    cost,
                });
            };
            match p.kind {
                PeriodKind::Charging | PeriodKind::Parking => {
                    if !sub_kwh.is_zero() {
                        if let Some(found) = find(TariffDimensionType::Energy) {
                            energy.add_kwh(found, sub_kwh, &elements);
                            line(
                                TariffDimensionType::Energy,
                                found,
                                sub_kwh,
                                elements.rate(found).units(sub_kwh),
                            );
                        }
                    }
                    let (dim, acc) = if p.kind == PeriodKind::Charging {
                        (TariffDimensionType::Time, &mut charging)
                    } else {
                        (TariffDimensionType::ParkingTime, &mut parking)
                    };
                    if ms > 0 {
                        if let Some(found) = find(dim) {
                            acc.add_ms(found, ms, &elements);
                            line(dim, found, piece_hours, elements.rate(found).ms(ms));
                        }
                    }
                    if has_flat && flat.is_none() {
                        flat = find(TariffDimensionType::Flat);
                        if let Some(found) = flat {
                            line(
                                TariffDimensionType::Flat,
                                found,
                                Decimal::ONE,
                                elements.rate(found).units(Decimal::ONE),
                            );
                        }
                    }
                }
                PeriodKind::Reservation | PeriodKind::ReservationExpired => {
                    if ms > 0 {
                        if let Some(found) = find(TariffDimensionType::Time) {
                            reservation.add_ms(found, ms, &elements);
                            line(
                                TariffDimensionType::Time,
                                found,
                                piece_hours,
                                elements.rate(found).ms(ms),
                            );
                        }
                    }
                    if has_flat && reservation_flat.is_none() {
                        reservation_flat = find(TariffDimensionType::Flat);
                        if let Some(found) = reservation_flat {
                            line(
                                TariffDimensionType::Flat,
                                found,
                                Decimal::ONE,
                                elements.rate(found).units(Decimal::ONE),
                            );
                        }
                    }
                }
            }
        }
        if uses_kwh {
            cum_kwh += e;
        }
        measured_kwh.add(e);
        measured_ms[match p.kind {
            PeriodKind::Charging => 0,
            PeriodKind::Parking => 1,
            _ => 2,
        }] += dur_ms;
    }
    for acc in [&mut energy, &mut charging, &mut parking, &mut reservation] {
        acc.settle_run();
    }
    let measured = Quantities {
        energy_kwh: measured_kwh.value(),
        charging_hours: hours(measured_ms[0]),
        parking_hours: hours(measured_ms[1]),
        reservation_hours: hours(measured_ms[2]),
    };

    // step_size, once per session on the totals.
    let mut extras = Vec::new();
    let mut notes = notes;
    let mut billed = Quantities::default();
    // Energy split across boundaries by time carries division noise in the 26th decimal; settle
    // it before step_size so that noise never bills a step nor shows in the quantity.
    energy.quantity = settle_quantity(energy.quantity);
    if let Some((el, c)) = energy.last {
        let billed_kwh = step_size::energy_kwh(energy.quantity, c.step_size);
        let extra = (billed_kwh - energy.quantity).max(Decimal::ZERO);
        billed.energy_kwh = billed_kwh.max(energy.quantity);
        add_extra(
            &mut extras,
            &mut energy,
            TariffDimensionType::Energy,
            false,
            el,
            c,
            extra,
        );
    }
    let measured_of = |acc: &Acc| {
        acc.last.map(|(_, c)| step_size::Measured {
            ms: acc.ms,
            step_s: c.step_size,
        })
    };
    // TIME and PARKING_TIME both used in the element of the last charging time.
    let parking_in_charging_element = charging.last.is_some_and(|(el, _)| {
        tariff.elements.get(el).is_some_and(|e| {
            e.price_components
                .iter()
                .any(|c| c.dimension == TariffDimensionType::ParkingTime)
        })
    });
    let time = step_size::charging_and_parking(
        measured_of(&charging),
        measured_of(&parking),
        parking_in_charging_element,
    );
    if let Some((el, c)) = charging.last {
        billed.charging_hours = hours(time.charging_ms);
        let extra = hours(time.charging_ms - charging.ms);
        add_extra(
            &mut extras,
            &mut charging,
            TariffDimensionType::Time,
            false,
            el,
            c,
            extra,
        );
        charging.ms = time.charging_ms;
        if time.charging_step_waived {
            notes.push(PricingNote::ChargingStepWaivedForParking);
        }
    }
    if let Some((el, c)) = parking.last {
        if time.parking_covered {
            parking.cost = Price::ZERO;
            billed.parking_hours = Decimal::ZERO;
            notes.push(PricingNote::ParkingCoveredByChargingStep);
        } else {
            billed.parking_hours = hours(time.parking_ms);
            let extra = hours(time.parking_ms - parking.ms);
            add_extra(
                &mut extras,
                &mut parking,
                TariffDimensionType::ParkingTime,
                false,
                el,
                c,
                extra,
            );
        }
    }
    if let Some((el, c)) = reservation.last {
        let billed_ms = step_size::time_ms(reservation.ms, c.step_size);
        billed.reservation_hours = hours(billed_ms);
        let extra = hours(billed_ms - reservation.ms);
        add_extra(
            &mut extras,
            &mut reservation,
            TariffDimensionType::Time,
            true,
            el,
            c,
            extra,
        );
    }

    // Sums of per-piece costs carry noise in the 28th digit (hours are ms / 3 600 000);
    // settle it so that a cost exactly at a half minor unit rounds the same however the
    // session was cut into periods.
    for acc in [&mut energy, &mut charging, &mut parking, &mut reservation] {
        // An unused dimension's cost is a scale-0 zero, which settling leaves as it is.
        if acc.last.is_some() {
            acc.cost = settle(acc.cost);
        }
    }
    let digits = minor_unit_digits(&tariff.currency);
    let flat_cost = flat.map(|found| elements.rate(found).units(Decimal::ONE));
    let reservation_cost = reservation_flat
        .map(|found| elements.rate(found).units(Decimal::ONE))
        .unwrap_or_default()
        + reservation.cost;
    let exact_total = [
        charging.cost,
        parking.cost,
        flat_cost.unwrap_or_default(),
        reservation_cost,
    ]
    .into_iter()
    .fold(energy.cost, plus);
    let total = bound_total(tariff, exact_total, digits, &mut notes);

    let mut components = Vec::with_capacity(4);
    if energy.last.is_some() {
        components.push(DimensionCost {
            dimension: TariffDimensionType::Energy,
            quantity: billed.energy_kwh,
            cost: rounded(energy.cost, digits),
        });
    }
    if charging.last.is_some() {
        components.push(DimensionCost {
            dimension: TariffDimensionType::Time,
            quantity: billed.charging_hours,
            cost: rounded(charging.cost, digits),
        });
    }
    if let Some(cost) = flat_cost {
        components.push(DimensionCost {
            dimension: TariffDimensionType::Flat,
            quantity: Decimal::ONE,
            cost: rounded(cost, digits),
        });
    }
    if parking.last.is_some() {
        components.push(DimensionCost {
            dimension: TariffDimensionType::ParkingTime,
            quantity: billed.parking_hours,
            cost: rounded(parking.cost, digits),
        });
    }
    let reservation = (reservation.last.is_some() || reservation_flat.is_some()).then(|| ReservationCost {
        billed_hours: billed.reservation_hours,
        cost: rounded(reservation_cost, digits),
    });
    if !tariff.is_valid_at(origin) {
        notes.insert(
            0,
            PricingNote::TariffNotValidAtSessionStart {
                tariff_id: tariff.id.clone(),
            },
        );
    }
    Ok(PricedSession {
        currency: tariff.currency.clone(),
        total_energy_kwh: measured.energy_kwh,
        total_time_hours: measured.charging_hours + measured.parking_hours,
        components,
        total,
        tariff_id: tariff.id.clone(),
        measured,
        billed,
        reservation,
        periods: priced_periods,
        step_size_extras: extras,
        notes,
    })
}

/// `p` rounded to the currency's minor unit (`Price::rounded`).
fn rounded(p: Price, digits: u32) -> Price {
    Price::new(
        round_money_fixed(p.excl_vat, digits),
        round_money_fixed(p.incl_vat, digits),
    )
}

/// A quantity exact to 12 decimals (far below a Wh or a second, far above division noise); a
/// value with more decimals is rounded and written without trailing zeros.
fn settle_quantity(d: Decimal) -> Decimal {
    if d.scale() <= 12 {
        d
    } else {
        d.round_dp(12).normalize()
    }
}

/// Exact to 12 decimals: far below any minor unit, far above division noise.
fn settle(p: Price) -> Price {
    // round_dp leaves a value with at most 12 decimals as it is.
    let settle = |d: Decimal| if d.scale() <= 12 { d } else { d.round_dp(12) };
    Price::new(settle(p.excl_vat), settle(p.incl_vat))
}

fn add_extra<'t>(
    extras: &mut Vec<StepSizeExtra>,
    acc: &mut Acc<'t>,
    dimension: TariffDimensionType,
    reservation: bool,
    element: usize,
    c: &'t PriceComponent,
    extra: Decimal,
) {
    if extra <= Decimal::ZERO {
        return;
    }
    let cost = cost_of(c, extra);
    acc.cost = plus(acc.cost, cost);
    extras.push(StepSizeExtra {
        dimension,
        reservation,
        element,
        step_size: c.step_size,
        extra_quantity: extra,
        cost,
    });
}

/// min_price and max_price bound excl-VAT and incl-VAT separately; then one rounding, which
/// must not cross a bound.
fn bound_total(tariff: &Tariff, exact: Price, digits: u32, notes: &mut Vec<PricingNote>) -> Price {
    let mut t = exact;
    if let Some(min) = tariff.min_price {
        if t.excl_vat < min.excl_vat || t.incl_vat < min.incl_vat {
            notes.push(PricingNote::MinPriceApplied);
        }
        t.excl_vat = t.excl_vat.max(min.excl_vat);
        t.incl_vat = t.incl_vat.max(min.incl_vat);
    }
    if let Some(max) = tariff.max_price {
        if t.excl_vat > max.excl_vat || t.incl_vat > max.incl_vat {
            notes.push(PricingNote::MaxPriceApplied);
        }
        t.excl_vat = t.excl_vat.min(max.excl_vat);
        t.incl_vat = t.incl_vat.min(max.incl_vat);
    }
    let fix = |v: Decimal, min: Option<Decimal>, max: Option<Decimal>| {
        let mut r = round_money_fixed(v, digits);
        if let Some(max) = max {
            if r > max {
                r = floor_money(max, digits);
                r.rescale(digits);
            }
        }
        if let Some(min) = min {
            if r < min {
                r = ceil_money(min, digits);
                r.rescale(digits);
            }
        }
        r
    };
    Price::new(
        fix(
            t.excl_vat,
            tariff.min_price.map(|p| p.excl_vat),
            tariff.max_price.map(|p| p.excl_vat),
        ),
        fix(
            t.incl_vat,
            tariff.min_price.map(|p| p.incl_vat),
            tariff.max_price.map(|p| p.incl_vat),
        ),
    )
}

/// The energy before a piece and in it, for the piece from fraction `f0` to `f1` of a
/// period with energy `e`: `(e × f0, e × f1 − e × f0)`. An unsplit period (0 to 1) skips the
/// multiplications; the result is the same Decimal, scale included (rust_decimal returns a
/// scale-0 zero for a product with zero, `e` itself for `e × 1`, and `x − 0 = x`).
fn piece_energy(e: Decimal, f0: Decimal, f1: Decimal) -> (Decimal, Decimal) {
    if f0.is_zero() && f1.scale() == 0 && f1 == Decimal::ONE {
        (Decimal::ZERO, if e.is_zero() { Decimal::ZERO } else { e })
    } else {
        let e0 = e * f0;
        (e0, e * f1 - e0)
    }
}

/// The pieces of the period `[start, end]` with energy `e`, as (fraction of the period,
/// instant) from (0, start) to (1, end), in `points`. False, leaving `points` alone, when no
/// boundary or threshold lies inside: the period is one piece, `[(0, start), (1, end)]`.
#[allow(clippy::too_many_arguments)]
fn split_points(
    start: Instant,
    end: Instant,
    e: Decimal,
    dur_ms: i64,
    cum_kwh: Decimal,
    bounds: &[Instant],
    thresholds: &[Decimal],
    points: &mut Vec<(Decimal, Instant)>,
) -> bool {
    let (lo, hi) = if dur_ms > 0 {
        (
            bounds.partition_point(|b| *b <= start),
            bounds.partition_point(|b| *b < end),
        )
    } else {
        (0, 0)
    };
    let positive = is_positive(e);
    if lo >= hi && (!positive || thresholds.is_empty()) {
        return false;
    }
    let end_kwh = if positive { cum_kwh + e } else { cum_kwh };
    let splits_kwh = positive && thresholds.iter().any(|th| *th > cum_kwh && *th < end_kwh);
    if lo >= hi && !splits_kwh {
        // What the general path below would produce for nothing inside.
        return false;
    }
    points.clear();
    points.push((Decimal::ZERO, start));
    if dur_ms > 0 {
        let dur = Decimal::from(dur_ms);
        for b in bounds.get(lo..hi).unwrap_or_default() {
            points.push((Decimal::from(b.ms_since(&start)) / dur, *b));
        }
    }
    if positive {
        for th in thresholds.iter().filter(|th| **th > cum_kwh && **th < end_kwh) {
            let f = (*th - cum_kwh) / e;
            let ms = (Decimal::from(dur_ms) * f).round().to_i64().unwrap_or(0);
            points.push((f, Instant::new(start.at + Duration::milliseconds(ms))));
        }
    }
    points.push((Decimal::ONE, end));
    if points.len() > 3 {
        points.sort_by_key(|p| p.0);
    }
    points.dedup_by(|b, a| a.0 == b.0);
    // Keep instants monotone (a kWh boundary rounded to the millisecond may tie a time one).
    for i in 1..points.len() {
        if points[i].1 < points[i - 1].1 {
            points[i].1 = points[i - 1].1;
        }
    }
    true
}

/// A session's bounds and periods, borrowed.
struct SessionRef<'s> {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    periods: &'s [Period],
}

fn check_session(s: &SessionRef) -> Result<(), PricingError> {
    if s.end < s.start {
        return Err(PricingError::EndBeforeStart {
            start: s.start,
            end: s.end,
        });
    }
    // `(s.end - s.start).num_days()`, without chrono's duration arithmetic.
    let days = Instant::new(s.end).ms_since(&Instant::new(s.start)) / 86_400_000;
    if days > MAX_SESSION_DAYS {
        return Err(PricingError::SessionTooLong {
            days,
            max_days: MAX_SESSION_DAYS,
        });
    }
    let mut prev_end = s.start;
    for (index, p) in s.periods.iter().enumerate() {
        if p.start < prev_end || p.end < p.start || p.end > s.end {
            return Err(PricingError::PeriodOutOfOrder { index });
        }
        if is_negative(p.energy_kwh) || exceeds(p.energy_kwh, MAX_ENERGY_KWH) {
            return Err(PricingError::InvalidEnergy {
                index,
                energy_kwh: p.energy_kwh,
            });
        }
        prev_end = p.end;
    }
    Ok(())
}

/// Refuses numbers the engine cannot price sensibly (negative prices, VAT outside
/// 0–1000 %, amounts beyond 1e9). [`crate::tariff::validate`] reports everything else.
fn check_tariff(t: &Tariff) -> Result<(), PricingError> {
    let bad = |path: String, problem: &str| {
        Err(PricingError::InvalidTariff {
            path,
            problem: problem.to_string(),
        })
    };
    for (i, el) in t.elements.iter().enumerate() {
        for (j, c) in el.price_components.iter().enumerate() {
            if is_negative(c.price) || exceeds(c.price, MAX_UNIT_PRICE) {
                return bad(
                    format!("elements[{i}].price_components[{j}].price"),
                    "must be between 0 and 1000000000",
                );
            }
            if let Some(vat) = c.vat {
                if is_negative(vat) || exceeds(vat, MAX_VAT) {
                    return bad(
                        format!("elements[{i}].price_components[{j}].vat"),
                        "must be a percentage between 0 and 1000",
                    );
                }
            }
        }
    }
    for (name, p) in [("min_price", t.min_price), ("max_price", t.max_price)] {
        if let Some(p) = p {
            for (field, v) in [("excl_vat", p.excl_vat), ("incl_vat", p.incl_vat)] {
                if is_negative(v) || exceeds(v, MAX_MIN_MAX_PRICE) {
                    return bad(format!("{name}.{field}"), "must be between 0 and 1000000000");
                }
            }
        }
    }
    Ok(())
}
