//! What typical sessions would cost under a new price, next to the current one: the owner's
//! preview before a price change is saved. The sessions are priced by the engine itself
//! ([`price_periods`]), as receipts are, never by a second calculator.
//!
//! The typical sessions, on the first Tuesday after the day the price takes effect (a
//! working day, away from clock changes), in the site's local time:
//! - a DC fast charge: 40 kWh in 30 minutes from 12:00 (80 kW);
//! - an overnight AC charge: 30 kWh over 9 hours from 22:00;
//! - an idle car: 11 kWh in one hour from 13:00 (11 kW), then 2 hours connected, full.

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::periods::{Period, PeriodKind, Session};
use super::{price_periods, PricedSession, PricingError};
use crate::money::Price;
use crate::tariff::Tariff;

/// One of the typical sessions of the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypicalSession {
    /// 40 kWh in 30 minutes at a DC fast charger.
    DcFast,
    /// 30 kWh over 9 hours overnight at an AC charger.
    OvernightAc,
    /// 11 kWh in an hour, then 2 hours connected after the car is full.
    IdleAfterCharging,
}

impl TypicalSession {
    pub const ALL: [TypicalSession; 3] = [
        TypicalSession::DcFast,
        TypicalSession::OvernightAc,
        TypicalSession::IdleAfterCharging,
    ];

    /// (local start, charging minutes, kWh, idle minutes after charging).
    fn shape(self) -> (NaiveTime, i64, Decimal, i64) {
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
        match self {
            TypicalSession::DcFast => (at(12), 30, Decimal::from(40), 0),
            TypicalSession::OvernightAc => (at(22), 9 * 60, Decimal::from(30), 0),
            TypicalSession::IdleAfterCharging => (at(13), 60, Decimal::from(11), 120),
        }
    }

    /// The session, starting on the first Tuesday after `from`'s local day in `tz`.
    pub fn session(self, tz: Tz, from: DateTime<Utc>) -> Session {
        let (time, charging_min, kwh, idle_min) = self.shape();
        let mut day = from.with_timezone(&tz).date_naive() + Duration::days(1);
        while day.weekday() != Weekday::Tue {
            day += Duration::days(1);
        }
        let local = day.and_time(time);
        let start = tz
            .from_local_datetime(&local)
            .earliest()
            .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc));
        let charged = start + Duration::minutes(charging_min);
        let end = charged + Duration::minutes(idle_min);
        let mut periods = vec![Period {
            start,
            end: charged,
            kind: PeriodKind::Charging,
            energy_kwh: kwh,
            power_kw: None,
            current_a: None,
        }];
        if idle_min > 0 {
            periods.push(Period {
                start: charged,
                end,
                kind: PeriodKind::Parking,
                energy_kwh: Decimal::ZERO,
                power_kw: None,
                current_a: None,
            });
        }
        Session { start, end, periods }
    }
}

/// One line of the preview: a typical session's total under the current and the new price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewLine {
    pub session: TypicalSession,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `None` when there is no current price or it cannot price the session.
    pub current: Option<Price>,
    pub new: Price,
}

/// The typical sessions priced with `new` and, when given, `current`, as of `from` (the
/// moment the new price takes effect).
pub fn preview(
    current: Option<&Tariff>,
    new: &Tariff,
    tz: Tz,
    from: DateTime<Utc>,
) -> Result<Vec<PreviewLine>, PricingError> {
    TypicalSession::ALL
        .iter()
        .map(|&kind| {
            let session = kind.session(tz, from);
            let priced: PricedSession = price_periods(new, tz, &session)?;
            Ok(PreviewLine {
                session: kind,
                start: session.start,
                end: session.end,
                current: current.and_then(|t| price_periods(t, tz, &session).ok().map(|p| p.total)),
                new: priced.total,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::{price_session_with_parking, MeterSample, SessionUsage};
    use crate::tariff::price_form::{build_tariff, PriceForm, PriceWindow, TariffMeta};
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    const OSLO: Tz = chrono_tz::Europe::Oslo;

    fn meta() -> TariffMeta {
        TariffMeta {
            id: "t".into(),
            currency: "NOK".into(),
            country_code: None,
            party_id: None,
            last_updated: None,
        }
    }

    fn sunday() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0).unwrap()
    }

    #[test]
    fn the_sessions_fall_on_the_next_tuesday_in_local_time() {
        let s = TypicalSession::OvernightAc.session(OSLO, sunday());
        // Tuesday 1 December 2026, 22:00 CET = 21:00 UTC; 9 hours.
        assert_eq!(s.start, Utc.with_ymd_and_hms(2026, 12, 1, 21, 0, 0).unwrap());
        assert_eq!(s.end, Utc.with_ymd_and_hms(2026, 12, 2, 6, 0, 0).unwrap());
        let idle = TypicalSession::IdleAfterCharging.session(OSLO, sunday());
        assert_eq!(idle.periods.len(), 2);
        assert_eq!(idle.periods[1].kind, PeriodKind::Parking);
        assert_eq!(idle.end - idle.start, Duration::hours(3));
        // From a Tuesday, the next one.
        let tuesday = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        let dc = TypicalSession::DcFast.session(OSLO, tuesday);
        assert_eq!(dc.start, Utc.with_ymd_and_hms(2026, 12, 8, 11, 0, 0).unwrap());
    }

    #[test]
    fn a_night_price_an_idle_fee_and_a_session_fee_in_the_preview() {
        let form = PriceForm {
            vat_percent: "25".into(),
            energy_price: "4".into(),
            session_fee: "8".into(),
            idle_price: "1".into(),
            windows: vec![PriceWindow {
                start: "22:00".into(),
                end: "06:00".into(),
                ends_next_day: true,
                energy_price: "2".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let new = build_tariff(&form, &meta()).unwrap();
        let current = build_tariff(
            &PriceForm {
                vat_percent: "25".into(),
                energy_price: "3".into(),
                ..Default::default()
            },
            &meta(),
        )
        .unwrap();
        let lines = preview(Some(&current), &new, OSLO, sunday()).unwrap();
        let by = |k| lines.iter().find(|l| l.session == k).unwrap();
        // 40 kWh × 4 + 8 = 168 excl. VAT; 210 incl.
        assert_eq!(by(TypicalSession::DcFast).new, Price::new(dec!(168.00), dec!(210.00)));
        assert_eq!(
            by(TypicalSession::DcFast).current,
            Some(Price::new(dec!(120.00), dec!(150.00)))
        );
        // 22:00–07:00: 8 h at night (26.667 kWh × 2), 1 h by day (3.333 kWh × 4) + 8.
        assert_eq!(by(TypicalSession::OvernightAc).new.excl_vat, dec!(74.67));
        // 11 kWh × 4 + 8 + 120 idle minutes × 1.
        assert_eq!(by(TypicalSession::IdleAfterCharging).new.excl_vat, dec!(172.00));
        assert_eq!(
            by(TypicalSession::IdleAfterCharging).current.unwrap().excl_vat,
            dec!(33.00)
        );
    }

    fn form() -> impl Strategy<Value = PriceForm> {
        let money = (0i64..100_000).prop_map(|c| (Decimal::new(c, 4)).normalize().to_string());
        let optional = prop_oneof![Just(String::new()), money.clone()];
        let minutes = prop_oneof![Just(String::new()), (0u32..600).prop_map(|m| m.to_string())];
        let window = (
            0u32..24,
            0u32..24,
            any::<bool>(),
            money.clone(),
            proptest::collection::vec(0usize..7, 0..3),
        );
        (
            (0u32..=50).prop_map(|v| v.to_string()),
            money,
            optional.clone(),
            minutes.clone(),
            optional.clone(),
            optional,
            minutes,
            proptest::collection::vec(window, 0..3),
        )
            .prop_map(|(vat, energy, minute, grace, fee, idle, idle_after, windows)| {
                let all = [
                    crate::tariff::DayOfWeek::Monday,
                    crate::tariff::DayOfWeek::Tuesday,
                    crate::tariff::DayOfWeek::Wednesday,
                    crate::tariff::DayOfWeek::Thursday,
                    crate::tariff::DayOfWeek::Friday,
                    crate::tariff::DayOfWeek::Saturday,
                    crate::tariff::DayOfWeek::Sunday,
                ];
                PriceForm {
                    vat_percent: vat,
                    energy_price: energy,
                    minute_price: minute,
                    minute_grace_minutes: grace,
                    session_fee: fee,
                    idle_price: idle,
                    idle_after_minutes: idle_after,
                    windows: windows
                        .into_iter()
                        .map(|(s, e, next, price, days)| PriceWindow {
                            days: days.into_iter().map(|d| all[d]).collect(),
                            start: format!("{s:02}:00"),
                            end: format!("{e:02}:30"),
                            ends_next_day: next,
                            energy_price: price,
                        })
                        .collect(),
                }
            })
    }

    /// The receipt's way to the same session: meter readings at the start and when charging
    /// ends, the parking from then on.
    fn as_receipt(tariff: &Tariff, session: &Session) -> Price {
        let charging = &session.periods[0];
        let usage = SessionUsage {
            start: session.start,
            end: session.end,
            samples: vec![
                MeterSample {
                    at: charging.start,
                    energy_wh: Decimal::ZERO,
                },
                MeterSample {
                    at: charging.end,
                    energy_wh: charging.energy_kwh * Decimal::ONE_THOUSAND,
                },
            ],
        };
        let parking_from = (session.periods.len() > 1).then_some(charging.end);
        price_session_with_parking(tariff, OSLO, &usage, parking_from)
            .unwrap()
            .total
    }

    proptest! {
        /// Whatever the owner types that the form accepts, the tariff validates, reads back
        /// into the same form's tariff, and the preview is what the engine bills the same
        /// sessions on a receipt.
        #[test]
        fn the_built_tariff_validates_and_the_preview_is_the_receipt(form in form(), days in 0i64..400) {
            let Ok(tariff) = build_tariff(&form, &meta()) else {
                // Refused forms are the bad-input tests' business (overlaps, ends before start).
                return Ok(());
            };
            prop_assert!(crate::tariff::validate::validate(&tariff).is_empty());
            let again = crate::tariff::price_form::form_of(&tariff).expect("a built tariff reads back");
            prop_assert_eq!(build_tariff(&again, &meta()).unwrap(), tariff.clone());
            let from = sunday() + Duration::days(days);
            let current = build_tariff(&PriceForm { vat_percent: "25".into(), energy_price: "3".into(), ..Default::default() }, &meta()).unwrap();
            let lines = preview(Some(&current), &tariff, OSLO, from).unwrap();
            prop_assert_eq!(lines.len(), 3);
            for line in lines {
                let session = line.session.session(OSLO, from);
                prop_assert_eq!(line.new, as_receipt(&tariff, &session));
                prop_assert_eq!(line.current, Some(as_receipt(&current, &session)));
            }
        }
    }
}
