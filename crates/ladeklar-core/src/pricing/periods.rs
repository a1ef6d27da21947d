//! The session as the pricer sees it: consecutive periods of charging, parking or
//! reservation, each with the energy delivered in it. OCPI CDRs ([`super::cdr`]) and our own
//! meter samples ([`SessionUsage`]) are both converted into a [`Session`] before pricing.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{PricingError, SessionUsage};

/// What the EV was doing during a period; decides which dimensions price it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// Charging: ENERGY and TIME apply.
    Charging,
    /// Connected but not charging: PARKING_TIME applies (and ENERGY, should any flow).
    Parking,
    /// Reserved, before charging started: TIME and FLAT of `RESERVATION` elements apply.
    Reservation,
    /// A reservation that expired without a charging session: `RESERVATION_EXPIRES`
    /// elements apply, falling back to `RESERVATION` elements.
    ReservationExpired,
}

impl PeriodKind {
    pub fn is_reservation(self) -> bool {
        matches!(self, PeriodKind::Reservation | PeriodKind::ReservationExpired)
    }
}

/// One period of a session, `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub kind: PeriodKind,
    /// Energy delivered during the period, kWh. Assumed to flow evenly over the period when
    /// the period is split at a restriction boundary.
    pub energy_kwh: Decimal,
    /// Charging power in kW for `min_power`/`max_power` restrictions; `None` means the
    /// average power (energy ÷ duration) is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_kw: Option<Decimal>,
    /// Charging current in A (sum over phases) for `min_current`/`max_current`; `None`
    /// means unknown, and a current restriction then does not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_a: Option<Decimal>,
}

/// A whole session as consecutive periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Start of the charging session (reservation periods may lie before it); durations in
    /// `min_duration`/`max_duration` count from here.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// In time order, not overlapping.
    pub periods: Vec<Period>,
}

impl Session {
    /// The sessions's periods converted from meter samples; every interval between two
    /// readings is a charging period, except from `parking_from` on, where the EV is
    /// connected but not charging (the status timeline says so).
    pub fn from_samples(usage: &SessionUsage, parking_from: Option<DateTime<Utc>>) -> Result<Session, PricingError> {
        if usage.end < usage.start {
            return Err(PricingError::EndBeforeStart {
                start: usage.start,
                end: usage.end,
            });
        }
        let mut periods = Vec::with_capacity(usage.samples.len() + 2);
        let mut prev_at = usage.start;
        let mut prev_wh = Decimal::ZERO;
        let push = |periods: &mut Vec<Period>, from: DateTime<Utc>, to: DateTime<Utc>, wh: Decimal| {
            if to <= from && wh.is_zero() {
                return;
            }
            // A period that straddles the parking start is cut there; energy goes to charging.
            match parking_from {
                Some(p) if p > from && p < to => {
                    periods.push(charging(from, p, wh));
                    periods.push(parking(p, to));
                }
                Some(p) if p <= from && wh.is_zero() => periods.push(parking(from, to)),
                _ => periods.push(charging(from, to, wh)),
            }
        };
        for (index, s) in usage.samples.iter().enumerate() {
            if s.at < prev_at || s.at > usage.end {
                return Err(PricingError::SampleOutOfOrder { index, at: s.at });
            }
            if s.energy_wh < prev_wh {
                return Err(PricingError::MeterWentBackwards {
                    index,
                    energy_wh: s.energy_wh,
                });
            }
            push(
                &mut periods,
                prev_at,
                s.at,
                (s.energy_wh - prev_wh) / Decimal::ONE_THOUSAND,
            );
            prev_at = s.at;
            prev_wh = s.energy_wh;
        }
        push(&mut periods, prev_at, usage.end, Decimal::ZERO);
        Ok(Session {
            start: usage.start,
            end: usage.end,
            periods,
        })
    }
}

fn charging(start: DateTime<Utc>, end: DateTime<Utc>, energy_kwh: Decimal) -> Period {
    Period {
        start,
        end,
        kind: PeriodKind::Charging,
        energy_kwh,
        power_kw: None,
        current_a: None,
    }
}

fn parking(start: DateTime<Utc>, end: DateTime<Utc>) -> Period {
    Period {
        start,
        end,
        kind: PeriodKind::Parking,
        energy_kwh: Decimal::ZERO,
        power_kw: None,
        current_a: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::MeterSample;
    use chrono::TimeZone;
    use rust_decimal_macros::dec;

    #[test]
    fn samples_become_charging_then_parking_periods() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 10, 0, 0).unwrap();
        let m = |min| t0 + chrono::Duration::minutes(min);
        let usage = SessionUsage {
            start: t0,
            end: m(90),
            samples: vec![
                MeterSample {
                    at: m(30),
                    energy_wh: dec!(5000),
                },
                MeterSample {
                    at: m(60),
                    energy_wh: dec!(8000),
                },
            ],
        };
        let s = Session::from_samples(&usage, Some(m(45))).unwrap();
        let kinds: Vec<_> = s.periods.iter().map(|p| (p.kind, p.energy_kwh)).collect();
        assert_eq!(
            kinds,
            vec![
                (PeriodKind::Charging, dec!(5)),
                (PeriodKind::Charging, dec!(3)),
                (PeriodKind::Parking, dec!(0)),
                (PeriodKind::Parking, dec!(0)),
            ]
        );
    }

    #[test]
    fn a_meter_going_backwards_is_an_error() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 10, 0, 0).unwrap();
        let usage = SessionUsage {
            start: t0,
            end: t0 + chrono::Duration::minutes(10),
            samples: vec![
                MeterSample {
                    at: t0 + chrono::Duration::minutes(1),
                    energy_wh: dec!(500),
                },
                MeterSample {
                    at: t0 + chrono::Duration::minutes(2),
                    energy_wh: dec!(400),
                },
            ],
        };
        assert!(matches!(
            Session::from_samples(&usage, None),
            Err(PricingError::MeterWentBackwards { index: 1, .. })
        ));
    }
}
