//! The owner's price form: what an owner fills in (a price per kWh, per minute after a grace
//! period, night or weekend prices with their hours, a session fee, an idle fee, the VAT rate)
//! becomes an OCPI 2.2.1 [`Tariff`] here, or every problem with the field it belongs to.
//!
//! The same function runs in the app (every keystroke, per-field errors) and on the server
//! (the check that counts), so what the owner saw is what is saved.
//!
//! **The tariff it builds** (elements in this order; OCPI prices each dimension with the first
//! element whose restrictions hold):
//! 1. one ENERGY element per price window (`start_time`/`end_time`/`day_of_week`): a window
//!    that ends the next day on chosen days is two elements — until midnight on those days,
//!    from midnight on the days after — because OCPI reads `day_of_week` as the day of the
//!    moment itself (a Friday 22:00–06:00 window would otherwise not cover Saturday morning);
//! 2. ENERGY at the base price per kWh, and FLAT for the session fee, without restrictions;
//! 3. TIME at the price per minute (× 60 per hour), from `min_duration` = the grace period;
//! 4. PARKING_TIME at the idle fee per minute (× 60 per hour) — billed while the car is
//!    connected but not charging ("full") — from `min_duration` when the fee starts only
//!    after the session has lasted N minutes.
//!
//! Prices are **excluding VAT** (OCPI's `price`), one VAT rate for all; ENERGY bills per Wh
//! (`step_size` 1), TIME and PARKING_TIME per started minute (`step_size` 60), as the demo
//! tariffs do. [`form_of`] reads a tariff of this shape back into the form.
//!
//! Window hours are local to the site (its IANA zone); "24:00" ends a window at midnight.

use chrono::{DateTime, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::validate::validate;
use super::{DayOfWeek, PriceComponent, Tariff, TariffDimensionType, TariffElement, TariffRestrictions, TariffType};

/// The owner's price form, as typed (numbers are text so that a bad one is named, not lost).
/// Empty optional fields mean "none".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PriceForm {
    /// VAT rate in percent, e.g. `25`.
    pub vat_percent: String,
    /// Price per kWh, excluding VAT (required; `0` charges nothing for energy).
    pub energy_price: String,
    /// Price per minute, excluding VAT.
    #[serde(default)]
    pub minute_price: String,
    /// Minutes of the session before the price per minute starts (empty: from the start).
    #[serde(default)]
    pub minute_grace_minutes: String,
    /// A fee per session (start fee), excluding VAT.
    #[serde(default)]
    pub session_fee: String,
    /// An idle (parking) fee per minute while the car is connected but not charging.
    #[serde(default)]
    pub idle_price: String,
    /// Empty: the idle fee starts as soon as the car is full; N: only once the session has
    /// lasted N minutes.
    #[serde(default)]
    pub idle_after_minutes: String,
    /// Night, weekend or other hours with their own price per kWh.
    #[serde(default)]
    pub windows: Vec<PriceWindow>,
}

/// Hours with their own price per kWh: on `days` (none: every day), from `start` to `end`
/// (`HH:MM` local time; both empty: the whole day; `24:00`: until midnight).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PriceWindow {
    #[serde(default)]
    pub days: Vec<DayOfWeek>,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    /// The window runs past midnight and ends the next day at `end` (a night price).
    #[serde(default)]
    pub ends_next_day: bool,
    /// Price per kWh in these hours, excluding VAT.
    pub energy_price: String,
}

/// One problem in the form, named by its field: `energy_price`, `windows[1].end`,
/// `effective_from`…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub code: FieldProblemCode,
    /// In English.
    pub message: String,
    /// In Norwegian bokmål.
    pub message_nb: String,
}

/// What is wrong with a field (stable: the UI may branch on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblemCode {
    Required,
    NotANumber,
    Negative,
    TooLarge,
    TooManyDecimals,
    NotWholeMinutes,
    VatOutOfRange,
    NotATime,
    OnlyOneTime,
    EndBeforeStart,
    LongerThanADay,
    WindowEverywhere,
    OverlappingWindows,
    InThePast,
    NotALocalTime,
    /// The built tariff failed core's tariff validation (never expected: a bug).
    InvalidTariff,
}

/// What the tariff is called and in which currency it prices (the site's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffMeta {
    pub id: String,
    pub currency: String,
    pub country_code: Option<String>,
    pub party_id: Option<String>,
    pub last_updated: Option<DateTime<Utc>>,
}

/// A checked price change: the tariff and the moment it takes effect.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedPrice {
    pub tariff: Tariff,
    pub effective_from: DateTime<Utc>,
}

/// The highest price per unit (kWh, minute, session) the form takes.
pub const MAX_PRICE: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);
/// The highest VAT rate the form takes, percent.
pub const MAX_VAT_PERCENT: Decimal = Decimal::from_parts(50, 0, 0, false, 0);
/// Decimals a price may have.
pub const PRICE_DECIMALS: u32 = 4;
/// The longest grace period or idle delay, minutes (a week).
pub const MAX_MINUTES: u32 = 7 * 24 * 60;
/// How far in the past a change "from now" may be dated (the time a form takes to send).
pub const PAST_TOLERANCE: TimeDelta = TimeDelta::minutes(1);

const MINUTES_PER_DAY: u32 = 24 * 60;
const MINUTES_PER_WEEK: usize = 7 * MINUTES_PER_DAY as usize;
const SIXTY: Decimal = Decimal::from_parts(60, 0, 0, false, 0);

/// The form and the moment it takes effect, checked together: the tariff, or every problem.
/// `effective_from` is the site's local time (`2026-12-01T06:00`, as a date-time input gives
/// it); empty or `None` means now. A moment before `now` (less [`PAST_TOLERANCE`]) is refused.
pub fn check_price_change(
    form: &PriceForm,
    effective_from: Option<&str>,
    meta: &TariffMeta,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<CheckedPrice, Vec<FieldProblem>> {
    let tariff = build_tariff(form, meta);
    let effective = check_effective_from(effective_from, tz, now);
    match (tariff, effective) {
        (Ok(tariff), Ok(effective_from)) => Ok(CheckedPrice { tariff, effective_from }),
        (tariff, effective) => {
            let mut problems = tariff.err().unwrap_or_default();
            problems.extend(effective.err());
            Err(problems)
        }
    }
}

/// The moment a change takes effect: `local` in the site's zone, or `now` when empty.
pub fn check_effective_from(local: Option<&str>, tz: Tz, now: DateTime<Utc>) -> Result<DateTime<Utc>, FieldProblem> {
    let field = "effective_from";
    let raw = local.map(str::trim).unwrap_or_default();
    if raw.is_empty() {
        return Ok(now);
    }
    let parsed = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .ok_or_else(|| {
            problem(
                field,
                FieldProblemCode::NotATime,
                format!("{raw:?} is not a date and time such as 2026-12-01T06:00."),
                format!("{raw:?} er ikke en dato og et klokkeslett som 2026-12-01T06:00."),
            )
        })?;
    let at = tz.from_local_datetime(&parsed).earliest().ok_or_else(|| {
        problem(
            field,
            FieldProblemCode::NotALocalTime,
            format!("{raw} does not exist in {tz}: the clocks skip that hour."),
            format!("{raw} finnes ikke i {tz}: klokken hopper over den timen."),
        )
    })?;
    let at = at.with_timezone(&Utc);
    if at < now - PAST_TOLERANCE {
        return Err(problem(
            field,
            FieldProblemCode::InThePast,
            "This moment has passed: a new price takes effect now or later, never in the past.".into(),
            "Dette tidspunktet er passert: en ny pris gjelder fra nå eller senere, aldri bakover i tid.".into(),
        ));
    }
    Ok(at.max(now))
}

/// The owner's form as an OCPI 2.2.1 tariff (see the module's layout), or every problem.
pub fn build_tariff(form: &PriceForm, meta: &TariffMeta) -> Result<Tariff, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let vat = vat_percent(&form.vat_percent, &mut problems);
    let energy = price(&form.energy_price, "energy_price", true, &mut problems);
    let minute = price(&form.minute_price, "minute_price", false, &mut problems);
    let grace = minutes(&form.minute_grace_minutes, "minute_grace_minutes", &mut problems);
    let fee = price(&form.session_fee, "session_fee", false, &mut problems);
    let idle = price(&form.idle_price, "idle_price", false, &mut problems);
    let idle_after = minutes(&form.idle_after_minutes, "idle_after_minutes", &mut problems);
    let windows: Vec<Option<Window>> = form
        .windows
        .iter()
        .enumerate()
        .map(|(i, w)| window(i, w, &mut problems))
        .collect();
    overlaps(&windows, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let vat = Some(vat.unwrap_or_default());
    let component = |dimension, price: Decimal| PriceComponent {
        dimension,
        price: price.normalize(),
        vat,
        step_size: match dimension {
            TariffDimensionType::Time | TariffDimensionType::ParkingTime => 60,
            _ => 1,
        },
    };
    let mut elements = Vec::new();
    for w in windows.into_iter().flatten() {
        for restrictions in w.restrictions() {
            elements.push(TariffElement {
                price_components: vec![component(TariffDimensionType::Energy, w.price)],
                restrictions: Some(restrictions),
            });
        }
    }
    let mut base = vec![component(TariffDimensionType::Energy, energy.unwrap_or_default())];
    if let Some(fee) = fee.filter(|f| !f.is_zero()) {
        base.push(component(TariffDimensionType::Flat, fee));
    }
    elements.push(TariffElement {
        price_components: base,
        restrictions: None,
    });
    for (dimension, per_minute, after) in [
        (TariffDimensionType::Time, minute, grace),
        (TariffDimensionType::ParkingTime, idle, idle_after),
    ] {
        if let Some(per_minute) = per_minute.filter(|p| !p.is_zero()) {
            let after = after.unwrap_or_default();
            elements.push(TariffElement {
                price_components: vec![component(dimension, per_minute * SIXTY)],
                restrictions: (after > 0).then(|| TariffRestrictions {
                    min_duration: Some(after * 60),
                    ..Default::default()
                }),
            });
        }
    }
    let tariff = Tariff {
        country_code: meta.country_code.clone(),
        party_id: meta.party_id.clone(),
        id: meta.id.clone(),
        currency: meta.currency.clone(),
        tariff_type: Some(TariffType::AdHocPayment),
        tariff_alt_text: Vec::new(),
        tariff_alt_url: None,
        min_price: None,
        max_price: None,
        elements,
        start_date_time: None,
        end_date_time: None,
        energy_mix: None,
        last_updated: meta.last_updated,
    };
    let invalid: Vec<FieldProblem> = validate(&tariff)
        .into_iter()
        .map(|p| {
            problem(
                "tariff",
                FieldProblemCode::InvalidTariff,
                format!("{}: {}", p.path, p.message),
                format!("{}: {}", p.path, p.message),
            )
        })
        .collect();
    if invalid.is_empty() {
        Ok(tariff)
    } else {
        Err(invalid)
    }
}

/// A tariff of the shape [`build_tariff`] makes, read back into the form (to start editing
/// from the current price); `None` when the tariff says more than the form can (kWh or power
/// thresholds, dates, min/max price, several VAT rates, other billing steps).
pub fn form_of(tariff: &Tariff) -> Option<PriceForm> {
    if tariff.min_price.is_some() || tariff.max_price.is_some() {
        return None;
    }
    let mut vat: Option<Decimal> = None;
    let mut form = PriceForm::default();
    let (mut energy, mut fee, mut minute, mut idle) = (None, None, None, None);
    for el in &tariff.elements {
        for c in &el.price_components {
            let v = c.vat?;
            if vat.is_some_and(|seen| seen != v) {
                return None;
            }
            vat = Some(v);
            let step = match c.dimension {
                TariffDimensionType::Time | TariffDimensionType::ParkingTime => 60,
                TariffDimensionType::Energy => 1,
                TariffDimensionType::Flat => c.step_size,
            };
            if c.step_size != step {
                return None;
            }
        }
        let r = el.restrictions.clone().unwrap_or_default();
        let only = |d: TariffDimensionType| el.price_components.len() == 1 && el.price_components[0].dimension == d;
        let calendar_only = TariffRestrictions {
            start_time: r.start_time,
            end_time: r.end_time,
            day_of_week: r.day_of_week.clone(),
            ..Default::default()
        } == r;
        let duration_only = TariffRestrictions {
            min_duration: r.min_duration,
            ..Default::default()
        } == r;
        if r.is_empty() {
            for c in &el.price_components {
                match c.dimension {
                    TariffDimensionType::Energy if energy.is_none() => energy = Some(c.price),
                    TariffDimensionType::Flat if fee.is_none() => fee = Some(c.price),
                    TariffDimensionType::Time if minute.is_none() => minute = Some((c.price, 0)),
                    TariffDimensionType::ParkingTime if idle.is_none() => idle = Some((c.price, 0)),
                    _ => return None,
                }
            }
        } else if duration_only && only(TariffDimensionType::Time) && minute.is_none() {
            minute = Some((el.price_components[0].price, r.min_duration.unwrap_or_default()));
        } else if duration_only && only(TariffDimensionType::ParkingTime) && idle.is_none() {
            idle = Some((el.price_components[0].price, r.min_duration.unwrap_or_default()));
        } else if calendar_only && only(TariffDimensionType::Energy) && energy.is_none() {
            form.windows.extend(windows_of(&r, el.price_components[0].price)?);
        } else {
            return None;
        }
    }
    let text = |d: Decimal| d.normalize().to_string();
    let whole_minutes = |secs: u32| secs.is_multiple_of(60).then_some(secs / 60);
    form.vat_percent = text(vat.unwrap_or_default());
    form.energy_price = text(energy.unwrap_or_default());
    form.session_fee = fee.map(text).unwrap_or_default();
    if let Some((per_hour, after)) = minute {
        form.minute_price = text(per_hour / SIXTY);
        form.minute_grace_minutes = if after == 0 {
            String::new()
        } else {
            whole_minutes(after)?.to_string()
        };
    }
    if let Some((per_hour, after)) = idle {
        form.idle_price = text(per_hour / SIXTY);
        form.idle_after_minutes = if after == 0 {
            String::new()
        } else {
            whole_minutes(after)?.to_string()
        };
    }
    Some(form)
}

/// A window element's restrictions as form windows (OCPI's own-day reading of an overnight
/// window on chosen days is two windows of the form).
fn windows_of(r: &TariffRestrictions, price: Decimal) -> Option<Vec<PriceWindow>> {
    let hm = |t: NaiveTime| t.format("%H:%M").to_string();
    let window = |start: String, end: String, ends_next_day: bool| PriceWindow {
        days: r.day_of_week.clone(),
        start,
        end,
        ends_next_day,
        energy_price: price.normalize().to_string(),
    };
    let midnight = NaiveTime::MIN;
    Some(match (r.start_time, r.end_time) {
        (None, None) => vec![window(String::new(), String::new(), false)],
        (Some(s), Some(e)) if s == e => return None,
        (Some(s), Some(e)) if e == midnight => vec![window(hm(s), "24:00".into(), false)],
        (Some(s), Some(e)) if e > s => vec![window(hm(s), hm(e), false)],
        (Some(s), Some(e)) if r.day_of_week.is_empty() => vec![window(hm(s), hm(e), true)],
        (Some(s), Some(e)) => vec![
            window(hm(s), "24:00".into(), false),
            window("00:00".into(), hm(e), false),
        ],
        (Some(s), None) => vec![window(hm(s), "24:00".into(), false)],
        (None, Some(e)) => vec![window("00:00".into(), hm(e), false)],
    })
}

/// A checked window: its days, minutes of the day and price.
#[derive(Debug, Clone)]
struct Window {
    days: Vec<DayOfWeek>,
    /// `None`: the whole day.
    hours: Option<(u32, u32, bool)>,
    price: Decimal,
    index: usize,
}

const WEEK: [DayOfWeek; 7] = [
    DayOfWeek::Monday,
    DayOfWeek::Tuesday,
    DayOfWeek::Wednesday,
    DayOfWeek::Thursday,
    DayOfWeek::Friday,
    DayOfWeek::Saturday,
    DayOfWeek::Sunday,
];

fn day_index(d: DayOfWeek) -> usize {
    WEEK.iter().position(|w| *w == d).unwrap_or_default()
}

fn time_of(minutes: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt((minutes / 60) % 24, minutes % 60, 0)
}

impl Window {
    fn days_or_all(&self) -> Vec<DayOfWeek> {
        if self.days.is_empty() {
            WEEK.to_vec()
        } else {
            self.days.clone()
        }
    }

    /// The OCPI restrictions of the window's element(s).
    fn restrictions(&self) -> Vec<TariffRestrictions> {
        let with = |days: Vec<DayOfWeek>, start: Option<u32>, end: Option<u32>| TariffRestrictions {
            start_time: start.and_then(time_of),
            end_time: end.and_then(time_of),
            day_of_week: days,
            ..Default::default()
        };
        match self.hours {
            None | Some((0, MINUTES_PER_DAY, false)) => vec![with(self.days.clone(), None, None)],
            Some((s, e, false)) => vec![with(self.days.clone(), Some(s), Some(e % MINUTES_PER_DAY))],
            // Every day: OCPI's wrap past midnight says it.
            Some((s, e, true)) if self.days.is_empty() => vec![with(Vec::new(), Some(s), Some(e))],
            Some((s, e, true)) => {
                let mut next: Vec<DayOfWeek> = self.days.iter().map(|d| WEEK[(day_index(*d) + 1) % 7]).collect();
                next.sort_by_key(|d| day_index(*d));
                let mut out = vec![with(self.days.clone(), Some(s), Some(0))];
                if e > 0 {
                    out.push(with(next, Some(0), Some(e)));
                }
                out
            }
        }
    }

    /// The minutes of the week (Monday 00:00 = 0) the window covers, as the owner meant it.
    fn minutes_of_week(&self) -> Vec<bool> {
        let mut covered = vec![false; MINUTES_PER_WEEK];
        let mut mark = |day: usize, from: u32, to: u32| {
            for m in from..to {
                covered[(day * MINUTES_PER_DAY as usize + m as usize) % MINUTES_PER_WEEK] = true;
            }
        };
        for d in self.days_or_all() {
            let d = day_index(d);
            match self.hours {
                None => mark(d, 0, MINUTES_PER_DAY),
                Some((s, e, false)) => mark(d, s, e),
                Some((s, e, true)) => {
                    mark(d, s, MINUTES_PER_DAY);
                    mark(d + 1, 0, e);
                }
            }
        }
        covered
    }
}

fn window(index: usize, w: &PriceWindow, problems: &mut Vec<FieldProblem>) -> Option<Window> {
    let base = format!("windows[{index}]");
    let price = price(&w.energy_price, &format!("{base}.energy_price"), true, problems);
    let mut days = w.days.clone();
    days.sort_by_key(|d| day_index(*d));
    days.dedup();
    let start = time(&w.start, &format!("{base}.start"), false, problems);
    let end = time(&w.end, &format!("{base}.end"), true, problems);
    let hours = match (w.start.trim().is_empty(), w.end.trim().is_empty()) {
        (true, true) => {
            if days.is_empty() || days.len() == 7 {
                problems.push(everywhere(&base));
                return None;
            }
            None
        }
        (true, false) | (false, true) => {
            let missing = if w.start.trim().is_empty() { "start" } else { "end" };
            problems.push(problem(
                &format!("{base}.{missing}"),
                FieldProblemCode::OnlyOneTime,
                "Give both the start and the end time, or neither for the whole day.".into(),
                "Oppgi både start- og sluttidspunkt, eller ingen av dem for hele døgnet.".into(),
            ));
            return None;
        }
        (false, false) => {
            let (s, e) = (start?, end?);
            if w.ends_next_day && e >= s {
                problems.push(problem(
                    &format!("{base}.end"),
                    FieldProblemCode::LongerThanADay,
                    "A window that ends the next day must end before its start time: it can last at most 24 hours."
                        .into(),
                    "Et tidsrom som slutter neste dag må slutte før starttidspunktet: det kan vare høyst 24 timer."
                        .into(),
                ));
                return None;
            }
            if !w.ends_next_day && e <= s {
                problems.push(problem(
                    &format!("{base}.end"),
                    FieldProblemCode::EndBeforeStart,
                    format!(
                        "The window ends ({}) before it starts ({}). For a night price, tick “ends the next day”.",
                        w.end.trim(),
                        w.start.trim()
                    ),
                    format!(
                        "Tidsrommet slutter ({}) før det starter ({}). For en nattpris, kryss av for «slutter neste dag».",
                        w.end.trim(),
                        w.start.trim()
                    ),
                ));
                return None;
            }
            if (s, e) == (0, MINUTES_PER_DAY) && (days.is_empty() || days.len() == 7) {
                problems.push(everywhere(&base));
                return None;
            }
            Some((s, e, w.ends_next_day))
        }
    };
    Some(Window {
        days: if days.len() == 7 { Vec::new() } else { days },
        hours,
        price: price?,
        index,
    })
}

fn everywhere(base: &str) -> FieldProblem {
    problem(
        &format!("{base}.days"),
        FieldProblemCode::WindowEverywhere,
        "Choose the days or the hours of this price: without either it is the price all the time.".into(),
        "Velg dagene eller timene for denne prisen: uten noen av dem gjelder den hele tiden.".into(),
    )
}

/// Overlapping windows must have the same price: otherwise which one holds is a guess.
fn overlaps(windows: &[Option<Window>], problems: &mut Vec<FieldProblem>) {
    let checked: Vec<(&Window, Vec<bool>)> = windows.iter().flatten().map(|w| (w, w.minutes_of_week())).collect();
    for (i, (w, covered)) in checked.iter().enumerate() {
        if let Some((other, _)) = checked[..i]
            .iter()
            .find(|(o, theirs)| o.price != w.price && covered.iter().zip(theirs).any(|(a, b)| *a && *b))
        {
            problems.push(problem(
                &format!("windows[{}]", w.index),
                FieldProblemCode::OverlappingWindows,
                format!(
                    "These hours overlap window {} with a different price. Make them not overlap, or give them the same price.",
                    other.index + 1
                ),
                format!(
                    "Disse timene overlapper tidsrom {} med en annen pris. Unngå overlapp, eller gi dem samme pris.",
                    other.index + 1
                ),
            ));
        }
    }
}

fn problem(field: &str, code: FieldProblemCode, message: String, message_nb: String) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        code,
        message,
        message_nb,
    }
}

/// A decimal as typed: `3.12`, `3,12`, ` 3 `.
fn decimal(raw: &str) -> Option<Decimal> {
    let s = raw.trim().replace(',', ".");
    if s.is_empty() || s.starts_with('+') || s.contains(['e', 'E']) {
        return None;
    }
    s.parse::<Decimal>().ok()
}

fn number(raw: &str, field: &str, required: bool, problems: &mut Vec<FieldProblem>) -> Option<Option<Decimal>> {
    if raw.trim().is_empty() {
        if required {
            problems.push(problem(
                field,
                FieldProblemCode::Required,
                "Fill this in (0 is allowed).".into(),
                "Fyll ut dette (0 er tillatt).".into(),
            ));
            return None;
        }
        return Some(None);
    }
    match decimal(raw) {
        Some(v) => Some(Some(v)),
        None => {
            problems.push(problem(
                field,
                FieldProblemCode::NotANumber,
                format!("{:?} is not a number.", raw.trim()),
                format!("{:?} er ikke et tall.", raw.trim()),
            ));
            None
        }
    }
}

/// A price: at least 0, at most [`MAX_PRICE`], at most [`PRICE_DECIMALS`] decimals. `None`
/// for an empty optional field, or with a problem pushed.
fn price(raw: &str, field: &str, required: bool, problems: &mut Vec<FieldProblem>) -> Option<Decimal> {
    let v = number(raw, field, required, problems)??;
    let fail = |code, en: String, nb: String, problems: &mut Vec<FieldProblem>| {
        problems.push(problem(field, code, en, nb));
        None
    };
    if v < Decimal::ZERO {
        return fail(
            FieldProblemCode::Negative,
            "A price cannot be negative.".into(),
            "En pris kan ikke være negativ.".into(),
            problems,
        );
    }
    if v > MAX_PRICE {
        return fail(
            FieldProblemCode::TooLarge,
            format!("At most {MAX_PRICE}."),
            format!("Høyst {MAX_PRICE}."),
            problems,
        );
    }
    if v.normalize().scale() > PRICE_DECIMALS {
        return fail(
            FieldProblemCode::TooManyDecimals,
            format!("At most {PRICE_DECIMALS} decimals."),
            format!("Høyst {PRICE_DECIMALS} desimaler."),
            problems,
        );
    }
    Some(v)
}

fn vat_percent(raw: &str, problems: &mut Vec<FieldProblem>) -> Option<Decimal> {
    let field = "vat_percent";
    let v = number(raw, field, true, problems)??;
    if v < Decimal::ZERO || v > MAX_VAT_PERCENT || v.normalize().scale() > 2 {
        problems.push(problem(
            field,
            FieldProblemCode::VatOutOfRange,
            format!("VAT must be between 0 and {MAX_VAT_PERCENT} % (25 % in Norway and Sweden)."),
            format!("Mva må være mellom 0 og {MAX_VAT_PERCENT} % (25 % i Norge og Sverige)."),
        ));
        return None;
    }
    Some(v)
}

/// Whole minutes, 0 to [`MAX_MINUTES`]; empty is 0.
fn minutes(raw: &str, field: &str, problems: &mut Vec<FieldProblem>) -> Option<u32> {
    let v = number(raw, field, false, problems)?.unwrap_or_default();
    if v < Decimal::ZERO {
        problems.push(problem(
            field,
            FieldProblemCode::Negative,
            "Minutes cannot be negative.".into(),
            "Minutter kan ikke være negative.".into(),
        ));
        return None;
    }
    if !v.fract().is_zero() || v > Decimal::from(MAX_MINUTES) {
        problems.push(problem(
            field,
            FieldProblemCode::NotWholeMinutes,
            format!("Whole minutes from 0 to {MAX_MINUTES}."),
            format!("Hele minutter fra 0 til {MAX_MINUTES}."),
        ));
        return None;
    }
    rust_decimal::prelude::ToPrimitive::to_u32(&v.trunc())
}

/// `HH:MM` as minutes of the day; `24:00` only as an end.
fn time(raw: &str, field: &str, end: bool, problems: &mut Vec<FieldProblem>) -> Option<u32> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if end && s == "24:00" {
        return Some(MINUTES_PER_DAY);
    }
    match NaiveTime::parse_from_str(s, "%H:%M") {
        Ok(t) => Some(chrono::Timelike::hour(&t) * 60 + chrono::Timelike::minute(&t)),
        Err(_) => {
            problems.push(problem(
                field,
                FieldProblemCode::NotATime,
                format!("{s:?} is not a time of day such as 22:00."),
                format!("{s:?} er ikke et klokkeslett som 22:00."),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests;
