//! OCPI 2.2.1 CDRs (module `cdrs`): the charging periods read from JSON, converted into a
//! [`Session`], priced, and reported with the CDR's own total field names.
//!
//! Conversion rules:
//! - a period lasts from its `start_date_time` to the next period's, the last one to the
//!   CDR's `end_date_time`: durations come from timestamps, never from the 4-decimal hour
//!   volumes;
//! - a period with `PARKING_TIME` and no `TIME` is parking; with `RESERVATION_TIME` it is a
//!   reservation (an expired one when the CDR has no charging or parking at all); with both
//!   `TIME` and `PARKING_TIME` it is cut in that proportion, charging first; otherwise it is
//!   charging;
//! - energy is the `ENERGY` volume (else `ENERGY_IMPORT`), kWh; power is `MAX_POWER`, else
//!   `POWER`, else `MIN_POWER`; current likewise;
//! - a dimension type OCPI does not define (partners send their own, e.g. `CO2_SAVED`) is
//!   read as [`CdrDimensionType::Other`] and ignored: the CDR is priced on the dimensions
//!   OCPI defines, and the result carries a [`PricingNote::UnknownCdrDimensionsIgnored`]
//!   naming the ignored types;
//! - periods are taken in time order (real CDRs list them unordered); a first period starting
//!   before `start_date_time` (also seen in real CDRs) starts the session;
//! - of several tariffs, the one the first charging (or parking) period names in its
//!   `tariff_id` is used, else the first valid at the session start (a 2.2.1 CDR has no time
//!   zone: the caller passes the site's). One tariff prices the whole session: a CDR whose
//!   periods name different tariffs is priced with the first one named.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::periods::{Period, PeriodKind, Session};
use super::{PricedSession, PricingError, PricingNote};
use crate::money::Price;
use crate::tariff::{ocpi_datetime, parse_json_with_path, Tariff, TariffDimensionType};

/// The parts of an OCPI 2.2.1 `CDR` the pricer reads; other fields are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cdr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(with = "ocpi_datetime")]
    pub start_date_time: DateTime<Utc>,
    /// `stop_date_time` in OCPI 2.1.1.
    #[serde(with = "ocpi_datetime", alias = "stop_date_time")]
    pub end_date_time: DateTime<Utc>,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tariffs: Vec<Tariff>,
    pub charging_periods: Vec<CdrChargingPeriod>,
    /// A credit CDR negates `total_cost` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<bool>,
    /// The total the CDR states, kept to compare with ours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_cost: Option<serde_json::Value>,
}

/// OCPI `ChargingPeriod`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CdrChargingPeriod {
    #[serde(with = "ocpi_datetime")]
    pub start_date_time: DateTime<Utc>,
    pub dimensions: Vec<CdrDimension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff_id: Option<String>,
}

/// OCPI `CdrDimension`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CdrDimension {
    #[serde(rename = "type")]
    pub dimension: CdrDimensionType,
    pub volume: Decimal,
}

/// OCPI `CdrDimensionType` (2.2.1, plus 2.1.1's `FLAT`, which carries nothing to price), and
/// any other type a partner sends ([`CdrDimensionType::Other`], not priced). Written in JSON
/// as its name (`"MAX_POWER"`, or the other type's own name).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CdrDimensionType {
    Current,
    Energy,
    EnergyExport,
    EnergyImport,
    Flat,
    MaxCurrent,
    MinCurrent,
    MaxPower,
    MinPower,
    ParkingTime,
    Power,
    ReservationTime,
    StateOfCharge,
    Time,
    /// A type OCPI does not define (e.g. `CO2_SAVED`), with its name as sent. (A `Box<str>`
    /// rather than a `String`: the enum keeps a tag of its own, so reading the type of each
    /// dimension costs what it did before this variant.)
    Other(Box<str>),
}

impl CdrDimensionType {
    /// The types OCPI defines, with their JSON names.
    const KNOWN: [(&'static str, CdrDimensionType); 14] = [
        ("CURRENT", CdrDimensionType::Current),
        ("ENERGY", CdrDimensionType::Energy),
        ("ENERGY_EXPORT", CdrDimensionType::EnergyExport),
        ("ENERGY_IMPORT", CdrDimensionType::EnergyImport),
        ("FLAT", CdrDimensionType::Flat),
        ("MAX_CURRENT", CdrDimensionType::MaxCurrent),
        ("MIN_CURRENT", CdrDimensionType::MinCurrent),
        ("MAX_POWER", CdrDimensionType::MaxPower),
        ("MIN_POWER", CdrDimensionType::MinPower),
        ("PARKING_TIME", CdrDimensionType::ParkingTime),
        ("POWER", CdrDimensionType::Power),
        ("RESERVATION_TIME", CdrDimensionType::ReservationTime),
        ("STATE_OF_CHARGE", CdrDimensionType::StateOfCharge),
        ("TIME", CdrDimensionType::Time),
    ];

    /// The type named `name` (an OCPI type, else [`CdrDimensionType::Other`]).
    pub fn from_name(name: &str) -> CdrDimensionType {
        CdrDimensionType::KNOWN
            .iter()
            .find(|(n, _)| *n == name)
            .map_or_else(|| CdrDimensionType::Other(name.into()), |(_, t)| t.clone())
    }

    /// The JSON name: `"MAX_POWER"`, or an other type's own name.
    pub fn name(&self) -> &str {
        match self {
            CdrDimensionType::Other(name) => name,
            known => CdrDimensionType::KNOWN
                .iter()
                .find(|(_, t)| t == known)
                .map_or("", |(n, _)| n),
        }
    }

    /// True for a type OCPI does not define.
    pub fn is_other(&self) -> bool {
        matches!(self, CdrDimensionType::Other(_))
    }
}

impl Serialize for CdrDimensionType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for CdrDimensionType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CdrDimensionType, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = CdrDimensionType;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a CDR dimension type such as \"ENERGY\" (a non-empty string)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CdrDimensionType, E> {
                if v.trim().is_empty() {
                    return Err(E::invalid_value(serde::de::Unexpected::Str(v), &self));
                }
                Ok(CdrDimensionType::from_name(v))
            }
        }
        d.deserialize_str(Name)
    }
}

/// The volumes of one period that pricing reads, in one pass over its dimensions: the first
/// of each type, and of types that stand in for one another (ENERGY, else ENERGY_IMPORT;
/// MAX_POWER, else POWER, else MIN_POWER; currents likewise) the preferred one.
#[derive(Default)]
struct Volumes {
    energy: Preferred,
    power: Preferred,
    current: Preferred,
    time: Option<Decimal>,
    parking_time: Option<Decimal>,
    reservation_time: Option<Decimal>,
    /// A dimension of a type OCPI does not define was seen (and ignored).
    other: bool,
}

/// The volume of the most preferred type seen so far (rank 1 is preferred over 2 and 3).
#[derive(Default, Clone, Copy)]
struct Preferred {
    /// 0 when none was seen.
    rank: u8,
    volume: Decimal,
}

impl Preferred {
    fn offer(&mut self, rank: u8, volume: Decimal) {
        if self.rank == 0 || rank < self.rank {
            *self = Preferred { rank, volume };
        }
    }

    fn get(self) -> Option<Decimal> {
        (self.rank != 0).then_some(self.volume)
    }
}

impl Volumes {
    /// Reads `dimensions` into `self` (fresh); the error is the index of the first negative
    /// volume of a type OCPI defines (the others are not read at all).
    fn read(&mut self, dimensions: &[CdrDimension]) -> Result<(), usize> {
        for (j, d) in dimensions.iter().enumerate() {
            let volume = d.volume;
            if d.dimension.is_other() {
                self.other = true;
                continue;
            }
            if super::arith::is_negative(volume) {
                return Err(j);
            }
            match d.dimension {
                CdrDimensionType::Energy => self.energy.offer(1, volume),
                CdrDimensionType::EnergyImport => self.energy.offer(2, volume),
                CdrDimensionType::MaxPower => self.power.offer(1, volume),
                CdrDimensionType::Power => self.power.offer(2, volume),
                CdrDimensionType::MinPower => self.power.offer(3, volume),
                CdrDimensionType::MaxCurrent => self.current.offer(1, volume),
                CdrDimensionType::Current => self.current.offer(2, volume),
                CdrDimensionType::MinCurrent => self.current.offer(3, volume),
                CdrDimensionType::Time => {
                    self.time.get_or_insert(volume);
                }
                CdrDimensionType::ParkingTime => {
                    self.parking_time.get_or_insert(volume);
                }
                CdrDimensionType::ReservationTime => {
                    self.reservation_time.get_or_insert(volume);
                }
                CdrDimensionType::EnergyExport
                | CdrDimensionType::Flat
                | CdrDimensionType::StateOfCharge
                | CdrDimensionType::Other(_) => {}
            }
        }
        Ok(())
    }
}

impl Cdr {
    /// Reads an OCPI 2.2.1 CDR; the error names the JSON path of the bad field.
    pub fn from_json(json: &str) -> Result<Cdr, PricingError> {
        parse_json_with_path(json).map_err(|(path, e)| PricingError::InvalidCdr {
            path: if path.is_empty() { ".".into() } else { path },
            problem: e.to_string(),
        })
    }

    /// The CDR's periods as a [`Session`] (dimensions of types OCPI does not define are
    /// ignored; [`Cdr::other_dimension_types`] names them).
    pub fn to_session(&self) -> Result<Session, PricingError> {
        let mut periods = Vec::with_capacity(self.charging_periods.len() + 1);
        let (start, _) = self.periods_into(&mut |p| periods.push(p))?;
        Ok(Session {
            start,
            end: self.end_date_time,
            periods,
        })
    }

    /// The names of the dimension types in the CDR's periods that OCPI does not define, each
    /// once, in order of appearance.
    pub fn other_dimension_types(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for d in self.charging_periods.iter().flat_map(|p| &p.dimensions) {
            if let CdrDimensionType::Other(name) = &d.dimension {
                if !names.iter().any(|n| **n == **name) {
                    names.push(name.to_string());
                }
            }
        }
        names
    }

    /// The session's periods, each given to `push` in time order; the session's start, and
    /// whether some dimension was of a type OCPI does not define.
    fn periods_into(&self, push: &mut impl FnMut(Period)) -> Result<(DateTime<Utc>, bool), PricingError> {
        if self.end_date_time < self.start_date_time {
            return Err(PricingError::InvalidCdr {
                path: "end_date_time".into(),
                problem: "is before start_date_time".into(),
            });
        }
        // Real CDRs list periods out of order: take them in time order (stable), keeping each
        // one's index for error paths. Most are in order, and then no order is built.
        let periods = &self.charging_periods;
        if periods.is_sorted_by_key(|p| p.start_date_time) {
            self.session_of(periods.iter().enumerate(), push)
        } else {
            let mut order: Vec<usize> = (0..periods.len()).collect();
            order.sort_by_key(|&i| periods[i].start_date_time);
            self.session_of(order.iter().map(|&i| (i, &periods[i])), push)
        }
    }

    /// The periods of the CDR's charging periods, given in time order with their indices, to
    /// `push`; the session's start, and whether some dimension was of a type OCPI does not
    /// define.
    fn session_of<'c>(
        &self,
        ordered: impl ExactSizeIterator<Item = (usize, &'c CdrChargingPeriod)> + Clone,
        push: &mut impl FnMut(Period),
    ) -> Result<(DateTime<Utc>, bool), PricingError> {
        let bad = |path: String, problem: &str| PricingError::InvalidCdr {
            path,
            problem: problem.into(),
        };
        // Whether the CDR has any charging or parking (asked only for a reservation period).
        let any_use = || {
            self.charging_periods.iter().any(|p| {
                p.dimensions.iter().any(|d| {
                    matches!(
                        d.dimension,
                        CdrDimensionType::Time | CdrDimensionType::ParkingTime | CdrDimensionType::Energy
                    )
                })
            })
        };
        // Real CDRs sometimes start their first period before `start_date_time` (periods
        // aligned to the hour): the session then starts with its first period.
        let session_start = ordered.clone().next().map_or(self.start_date_time, |(_, p)| {
            p.start_date_time.min(self.start_date_time)
        });
        let mut other = false;
        let mut rest = ordered.peekable();
        while let Some((i, p)) = rest.next() {
            let start = p.start_date_time;
            let end = rest.peek().map_or(self.end_date_time, |(_, n)| n.start_date_time);
            if start < session_start || start > self.end_date_time || end < start {
                return Err(bad(
                    format!("charging_periods[{i}].start_date_time"),
                    "is after the session's end_date_time",
                ));
            }
            let mut v = Volumes::default();
            v.read(&p.dimensions)
                .map_err(|j| bad(format!("charging_periods[{i}].dimensions[{j}].volume"), "is negative"))?;
            other |= v.other;
            let energy_kwh = v.energy.get().unwrap_or_default();
            let power_kw = v.power.get();
            let current_a = v.current.get();
            let (time, parking, reserved) = (v.time, v.parking_time, v.reservation_time);
            let period = |kind, start, end, energy_kwh| Period {
                start,
                end,
                kind,
                energy_kwh,
                power_kw,
                current_a,
            };
            match (time, parking, reserved) {
                (None, None, Some(_)) if energy_kwh.is_zero() => {
                    let kind = if any_use() {
                        PeriodKind::Reservation
                    } else {
                        PeriodKind::ReservationExpired
                    };
                    push(period(kind, start, end, Decimal::ZERO));
                }
                (Some(t), Some(pk), _) if super::arith::is_positive(t) && super::arith::is_positive(pk) => {
                    let ms = (end - start).num_milliseconds();
                    let charging_ms = Decimal::from(ms) * t / (t + pk);
                    let cut_ms = charging_ms.round().try_into().unwrap_or(0i64);
                    let cut = start + chrono::Duration::milliseconds(cut_ms);
                    push(period(PeriodKind::Charging, start, cut, energy_kwh));
                    push(period(PeriodKind::Parking, cut, end, Decimal::ZERO));
                }
                (None, Some(_), _) => push(period(PeriodKind::Parking, start, end, energy_kwh)),
                _ => push(period(PeriodKind::Charging, start, end, energy_kwh)),
            }
        }
        Ok((session_start, other))
    }
}

/// The first tariff valid at `at` (OCPI: the driver accepts the tariff valid at start).
pub fn select_tariff(tariffs: &[Tariff], at: DateTime<Utc>) -> Option<&Tariff> {
    tariffs.iter().find(|t| t.is_valid_at(at))
}

/// Prices `cdr` with `tariffs` (or, when empty, the tariffs embedded in the CDR). Dimensions of
/// types OCPI does not define are ignored, and named in a
/// [`PricingNote::UnknownCdrDimensionsIgnored`].
pub fn price_cdr(cdr: &Cdr, tariffs: &[Tariff], tz: Tz) -> Result<PricedSession, PricingError> {
    // The periods of `cdr.to_session()`, without an allocation when they are few.
    let mut periods = PeriodBuf::new(cdr.start_date_time, cdr.charging_periods.len() + 1);
    let (start, other_dimensions) = cdr.periods_into(&mut |p| periods.push(p))?;
    let periods = periods.as_slice();
    let candidates = if tariffs.is_empty() { &cdr.tariffs[..] } else { tariffs };
    if candidates.is_empty() {
        return Err(PricingError::InvalidCdr {
            path: "tariffs".into(),
            problem: "the CDR has no tariffs and none was given".into(),
        });
    }
    let at = periods
        .iter()
        .find(|p| !p.kind.is_reservation())
        .map_or(start, |p| p.start);
    // The tariff the first charging or parking period says applied to it.
    let named = || {
        cdr.charging_periods
            .iter()
            .filter(|p| p.start_date_time == at)
            .find_map(|p| p.tariff_id.as_deref())
            .and_then(|id| candidates.iter().find(|t| t.id == id))
    };
    // A single tariff given explicitly is used even outside its validity (with a note).
    let tariff = match candidates {
        [only] => only,
        _ => match named() {
            Some(tariff) => tariff,
            None => select_tariff(candidates, at).ok_or(PricingError::NoValidTariff { at })?,
        },
    };
    let notes = if other_dimensions {
        vec![PricingNote::UnknownCdrDimensionsIgnored {
            types: cdr.other_dimension_types(),
        }]
    } else {
        Vec::new()
    };
    super::engine::price_in(tariff, tz, start, cdr.end_date_time, periods, notes)
}

/// Periods kept inline up to [`PeriodBuf::INLINE`], then in a `Vec`.
struct PeriodBuf {
    inline: [Period; PeriodBuf::INLINE],
    /// Periods inline; more than `INLINE` once they are on the heap.
    len: usize,
    heap: Vec<Period>,
}

impl PeriodBuf {
    const INLINE: usize = 8;

    /// `at`: any instant, for the unused inline slots; `capacity`: the most periods expected.
    fn new(at: DateTime<Utc>, capacity: usize) -> PeriodBuf {
        if capacity > PeriodBuf::INLINE {
            // Straight to the heap.
            let mut buf = PeriodBuf::new(at, 0);
            buf.heap.reserve(capacity);
            buf.len = PeriodBuf::INLINE + 1;
            return buf;
        }
        let unused = Period {
            start: at,
            end: at,
            kind: PeriodKind::Charging,
            energy_kwh: Decimal::ZERO,
            power_kw: None,
            current_a: None,
        };
        PeriodBuf {
            inline: std::array::from_fn(|_| unused.clone()),
            len: 0,
            heap: Vec::new(),
        }
    }

    fn push(&mut self, p: Period) {
        if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = p;
            self.len += 1;
            return;
        }
        if self.len == PeriodBuf::INLINE {
            // Full: move to the heap.
            self.heap.extend(self.inline.iter().cloned());
            self.len += 1;
        }
        self.heap.push(p);
    }

    fn as_slice(&self) -> &[Period] {
        match self.inline.get(..self.len) {
            Some(inline) => inline,
            None => &self.heap,
        }
    }
}

/// A priced session in the CDR's own total fields (OCPI 2.2.1 names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CdrTotals {
    pub currency: String,
    pub tariff_id: String,
    pub total_cost: Price,
    pub total_fixed_cost: Price,
    /// kWh.
    pub total_energy: Decimal,
    pub total_energy_cost: Price,
    /// Charging plus parking, hours (4 decimals).
    pub total_time: Decimal,
    pub total_time_cost: Price,
    /// Hours (4 decimals).
    pub total_parking_time: Decimal,
    pub total_parking_cost: Price,
    pub total_reservation_cost: Price,
}

impl CdrTotals {
    /// The CDR totals of `p`; a credit CDR negates `total_cost` only.
    pub fn from_priced(p: &PricedSession, credit: bool) -> CdrTotals {
        let digits = crate::money::minor_unit_digits(&p.currency);
        let total_cost = if credit {
            Price::new(-p.total.excl_vat, -p.total.incl_vat)
        } else {
            p.total
        };
        CdrTotals {
            currency: p.currency.clone(),
            tariff_id: p.tariff_id.clone(),
            total_cost,
            total_fixed_cost: p.cost_of(TariffDimensionType::Flat).rounded(digits),
            total_energy: p.total_energy_kwh.normalize(),
            total_energy_cost: p.cost_of(TariffDimensionType::Energy).rounded(digits),
            total_time: p.total_time_hours.round_dp(4).normalize(),
            total_time_cost: p.cost_of(TariffDimensionType::Time).rounded(digits),
            total_parking_time: p.measured.parking_hours.round_dp(4).normalize(),
            total_parking_cost: p.cost_of(TariffDimensionType::ParkingTime).rounded(digits),
            total_reservation_cost: p
                .reservation
                .as_ref()
                .map(|r| r.cost)
                .unwrap_or_default()
                .rounded(digits),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const CDR: &str = r#"{
        "start_date_time": "2022-01-13T16:00:00Z", "end_date_time": "2022-01-13T19:12:00Z", "currency": "EUR",
        "charging_periods": [
            {"start_date_time": "2022-01-13T16:00:00Z", "dimensions": [{"type": "TIME", "volume": 2.5}]},
            {"start_date_time": "2022-01-13T18:30:00Z", "dimensions": [{"type": "PARKING_TIME", "volume": 0.7}]}
        ]}"#;

    #[test]
    fn spec_3_euro_per_hour_5_euro_parking_from_a_cdr() {
        let tariff = Tariff::from_json(
            r#"{"id":"21","currency":"EUR","elements":[{"price_components":[
            {"type":"TIME","price":3.00,"vat":10.0,"step_size":60},
            {"type":"PARKING_TIME","price":5.00,"vat":20.0,"step_size":300}]}]}"#,
        )
        .unwrap();
        let cdr = Cdr::from_json(CDR).unwrap();
        let p = price_cdr(&cdr, &[tariff], chrono_tz::Europe::Amsterdam).unwrap();
        let t = CdrTotals::from_priced(&p, false);
        assert_eq!(t.total_cost, Price::new(dec!(11.25), dec!(12.75)));
        assert_eq!(t.total_time_cost, Price::new(dec!(7.50), dec!(8.25)));
        assert_eq!(t.total_parking_cost, Price::new(dec!(3.75), dec!(4.50)));
        assert_eq!(t.total_time, dec!(3.2));
        assert_eq!(t.total_parking_time, dec!(0.7));
        let credit = CdrTotals::from_priced(&p, true);
        assert_eq!(credit.total_cost, Price::new(dec!(-11.25), dec!(-12.75)));
        assert_eq!(credit.total_time_cost, t.total_time_cost);
    }

    #[test]
    fn a_bad_field_is_named() {
        let bad = CDR.replace(r#""volume": 0.7"#, r#""volume": "lots""#);
        let err = Cdr::from_json(&bad).unwrap_err().to_string();
        assert!(err.contains("charging_periods[1].dimensions[0].volume"), "{err}");
        // A type that is not a name at all (a type OCPI does not define is read: see
        // `a_dimension_ocpi_does_not_define_is_ignored_with_a_note`).
        for not_a_name in ["7", "\"\"", "null"] {
            let bad = CDR.replace("\"PARKING_TIME\"", not_a_name);
            let err = Cdr::from_json(&bad).unwrap_err().to_string();
            assert!(
                err.contains("charging_periods[1].dimensions[0].type"),
                "{not_a_name}: {err}"
            );
        }
    }

    #[test]
    fn a_dimension_ocpi_does_not_define_is_ignored_with_a_note() {
        let tariff = Tariff::from_json(
            r#"{"id":"21","currency":"EUR","elements":[{"price_components":[
            {"type":"TIME","price":3.00,"vat":10.0,"step_size":60},
            {"type":"PARKING_TIME","price":5.00,"vat":20.0,"step_size":300}]}]}"#,
        )
        .unwrap();
        let tz = chrono_tz::Europe::Amsterdam;
        let plain = price_cdr(&Cdr::from_json(CDR).unwrap(), std::slice::from_ref(&tariff), tz).unwrap();
        // The same CDR with partner dimensions, one of them negative, one repeated.
        let custom = CDR
            .replace(
                r#"[{"type": "TIME", "volume": 2.5}]"#,
                r#"[{"type": "CO2_SAVED", "volume": 12.5}, {"type": "TIME", "volume": 2.5}, {"type": "GRID_BALANCE", "volume": -3}]"#,
            )
            .replace(
                r#"[{"type": "PARKING_TIME", "volume": 0.7}]"#,
                r#"[{"type": "PARKING_TIME", "volume": 0.7}, {"type": "CO2_SAVED", "volume": 1}]"#,
            );
        assert_ne!(custom, CDR);
        let cdr = Cdr::from_json(&custom).unwrap();
        assert_eq!(
            cdr.charging_periods[0].dimensions[0].dimension,
            CdrDimensionType::Other("CO2_SAVED".into())
        );
        assert_eq!(cdr.other_dimension_types(), vec!["CO2_SAVED", "GRID_BALANCE"]);
        let p = price_cdr(&cdr, std::slice::from_ref(&tariff), tz).unwrap();
        // Priced exactly as without them (spec: 11.25 / 12.75), with one note naming them.
        assert_eq!(p.total, Price::new(dec!(11.25), dec!(12.75)));
        assert_eq!(p.components, plain.components);
        assert_eq!(p.periods, plain.periods);
        assert_eq!(
            p.notes,
            vec![PricingNote::UnknownCdrDimensionsIgnored {
                types: vec!["CO2_SAVED".into(), "GRID_BALANCE".into()]
            }]
        );
        assert!(plain.notes.is_empty());
        assert_eq!(
            serde_json::to_value(&p.notes).unwrap(),
            serde_json::json!([{"note": "unknown_cdr_dimensions_ignored", "types": ["CO2_SAVED", "GRID_BALANCE"]}])
        );
        // Written back with the partner's names.
        let again = Cdr::from_json(&serde_json::to_string(&cdr).unwrap()).unwrap();
        assert_eq!(again, cdr);
        assert_eq!(
            cdr.to_session().unwrap(),
            Cdr::from_json(CDR).unwrap().to_session().unwrap()
        );
    }

    #[test]
    fn pricing_a_cdr_equals_pricing_its_session_however_many_periods() {
        let tariff = Tariff::from_json(
            r#"{"id":"t","currency":"EUR","elements":[
            {"price_components":[{"type":"ENERGY","price":0.25,"vat":25,"step_size":1},{"type":"TIME","price":2,"step_size":60}],
             "restrictions":{"start_time":"18:00","end_time":"06:00"}},
            {"price_components":[{"type":"ENERGY","price":0.4,"vat":25,"step_size":1},{"type":"TIME","price":1,"step_size":60},
             {"type":"PARKING_TIME","price":6,"step_size":300}]}]}"#,
        )
        .unwrap();
        // Up to and past the inline capacity, with periods that split in two (TIME and PARKING_TIME).
        for n in [1usize, 4, 7, 8, 9, 20] {
            let periods: Vec<String> = (0..n)
                .map(|i| {
                    let dims = match i % 3 {
                        0 => r#"{"type":"TIME","volume":0.5},{"type":"ENERGY","volume":3.25}"#,
                        1 => r#"{"type":"TIME","volume":0.25},{"type":"PARKING_TIME","volume":0.25},{"type":"ENERGY","volume":1.5}"#,
                        _ => r#"{"type":"PARKING_TIME","volume":0.5}"#,
                    };
                    let at = chrono::DateTime::parse_from_rfc3339("2026-01-09T16:00:00Z").unwrap()
                        + chrono::Duration::minutes(30 * i as i64);
                    format!(r#"{{"start_date_time":"{}","dimensions":[{dims}]}}"#, at.to_rfc3339())
                })
                .collect();
            let end = chrono::DateTime::parse_from_rfc3339("2026-01-09T16:00:00Z").unwrap()
                + chrono::Duration::minutes(30 * n as i64);
            let cdr = Cdr::from_json(&format!(
                r#"{{"start_date_time":"2026-01-09T16:00:00Z","end_date_time":"{}","currency":"EUR","charging_periods":[{}]}}"#,
                end.to_rfc3339(),
                periods.join(",")
            ))
            .unwrap();
            let tz = chrono_tz::Europe::Oslo;
            let direct = price_cdr(&cdr, std::slice::from_ref(&tariff), tz).unwrap();
            let via_session = crate::pricing::price_periods(&tariff, tz, &cdr.to_session().unwrap()).unwrap();
            assert_eq!(direct, via_session, "{n} periods");
            assert!(direct.periods.len() >= n, "{n} periods");
        }
    }

    #[test]
    fn of_several_embedded_tariffs_the_one_the_periods_name_prices() {
        let cdr = |tariff_id: &str| {
            Cdr::from_json(&format!(
                r#"{{"start_date_time":"2026-01-09T16:00:00Z","end_date_time":"2026-01-09T17:00:00Z","currency":"EUR",
                "tariffs":[
                  {{"id":"day","currency":"EUR","elements":[{{"price_components":[{{"type":"ENERGY","price":0.30,"step_size":1}}]}}]}},
                  {{"id":"member","currency":"EUR","elements":[{{"price_components":[{{"type":"ENERGY","price":0.20,"step_size":1}}]}}]}}],
                "charging_periods":[{{"start_date_time":"2026-01-09T16:00:00Z","tariff_id":"{tariff_id}",
                  "dimensions":[{{"type":"TIME","volume":1}},{{"type":"ENERGY","volume":10}}]}}]}}"#
            ))
            .unwrap()
        };
        let tz = chrono_tz::Europe::Oslo;
        let member = price_cdr(&cdr("member"), &[], tz).unwrap();
        assert_eq!(member.tariff_id, "member");
        assert_eq!(member.total, Price::new(dec!(2.00), dec!(2.00)));
        let day = price_cdr(&cdr("day"), &[], tz).unwrap();
        assert_eq!(day.tariff_id, "day");
        assert_eq!(day.total, Price::new(dec!(3.00), dec!(3.00)));
        // A tariff_id the CDR does not embed: the first tariff valid at the start.
        assert_eq!(price_cdr(&cdr("gone"), &[], tz).unwrap().tariff_id, "day");
    }

    #[test]
    fn periods_after_the_end_are_refused() {
        let bad = CDR.replace("2022-01-13T18:30:00Z", "2022-01-13T19:30:00Z");
        let cdr = Cdr::from_json(&bad).unwrap();
        let err = cdr.to_session().unwrap_err();
        assert_eq!(err.code(), "invalid_cdr");
        assert!(err.to_string().contains("charging_periods[1].start_date_time"), "{err}");
    }
}
