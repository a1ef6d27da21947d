//! What deserves a notification to the driver when a session moves from one step to the
//! next (issue 17): the car paused charging, charging finished, or the charger stopped it.
//! A stop the driver asked for on this device gets none: they are looking at it. And ahead
//! of a tariff's idle fee (PARKING_TIME): "Idle fee starts in 5 min" ([`idle_fee_ahead`]).

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::session_events::usage::FULL_AFTER;
use crate::session_step::SessionStep;
use crate::tariff::{Tariff, TariffDimensionType};

/// How far ahead the driver is told the idle fee is coming.
pub const IDLE_FEE_AHEAD: TimeDelta = TimeDelta::minutes(5);

/// A notification to the driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriverNotice {
    Finished,
    PausedByCar,
    StoppedByCharger,
}

/// OCPP 1.6 StopTransaction reasons that mean the charger ended it, not the car or a driver.
const CHARGER_REASONS: [&str; 8] = [
    "EmergencyStop",
    "PowerLoss",
    "Reboot",
    "HardReset",
    "SoftReset",
    "Other",
    "UnlockCommand",
    "DeAuthorized",
];

/// The notice for a change of step from `before` to `after`; `stop_reason` is the
/// StopTransaction's, `stopped_here` whether this device asked for the stop.
pub fn notice(
    before: SessionStep,
    after: SessionStep,
    stop_reason: Option<&str>,
    stopped_here: bool,
) -> Option<DriverNotice> {
    use SessionStep as S;
    if before == after {
        return None;
    }
    match after {
        S::CarPaused | S::CarFull if !matches!(before, S::CarPaused | S::CarFull) => Some(DriverNotice::PausedByCar),
        S::UnplugCable | S::Done if !matches!(before, S::UnplugCable | S::Done | S::Failed) => {
            if stopped_here {
                None
            } else if stop_reason.is_some_and(|r| CHARGER_REASONS.contains(&r)) {
                Some(DriverNotice::StoppedByCharger)
            } else {
                Some(DriverNotice::Finished)
            }
        }
        _ => None,
    }
}

/// When the idle fee will start for a car that stopped taking energy at `last_rise`, in a
/// session started at `started_at`: once the car counts as full (its meter still for
/// [`FULL_AFTER`], the pricing's rule) and not before the idle element's `min_duration` of
/// the session ("an idle fee after N minutes"); the earliest such element. `None` when the
/// tariff has no idle fee.
pub fn idle_fee_from(tariff: &Tariff, started_at: DateTime<Utc>, last_rise: DateTime<Utc>) -> Option<DateTime<Utc>> {
    tariff
        .elements
        .iter()
        .filter(|e| {
            e.price_components
                .iter()
                .any(|c| c.dimension == TariffDimensionType::ParkingTime)
        })
        .map(|e| {
            let after = e
                .restrictions
                .as_ref()
                .and_then(|r| r.min_duration)
                .map(|s| started_at + TimeDelta::seconds(i64::from(s)))
                .unwrap_or(started_at);
            after.max(last_rise + FULL_AFTER)
        })
        .min()
}

/// The whole minutes until the idle fee starts, when the driver should be told now: the car
/// has stopped taking energy (`step` CarPaused or CarFull) and the fee starts within
/// [`IDLE_FEE_AHEAD`] of `now` (rounded up: "in 5 min"). `None` otherwise — while charging,
/// once the fee runs, or without an idle fee.
pub fn idle_fee_ahead(
    tariff: &Tariff,
    step: SessionStep,
    started_at: DateTime<Utc>,
    last_rise: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<i64> {
    if !matches!(step, SessionStep::CarPaused | SessionStep::CarFull) {
        return None;
    }
    let from = idle_fee_from(tariff, started_at, last_rise)?;
    let left = from - now;
    (left > TimeDelta::zero() && left <= IDLE_FEE_AHEAD).then(|| (left.num_seconds() + 59) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_events::test_support::t;
    use crate::tariff::{PriceComponent, TariffElement, TariffRestrictions};
    use rust_decimal::Decimal;
    use SessionStep as S;

    fn tariff_with_idle_after(minutes: Option<u32>) -> Tariff {
        let mut tariff: Tariff = serde_json::from_value(serde_json::json!({
            "country_code": "NO", "party_id": "LKL", "id": "T1", "currency": "NOK",
            "elements": [{"price_components": [{"type": "ENERGY", "price": "3.5", "step_size": 1}]}],
            "last_updated": "2026-01-01T00:00:00Z"
        }))
        .expect("a tariff");
        tariff.elements.push(TariffElement {
            price_components: vec![PriceComponent {
                dimension: TariffDimensionType::ParkingTime,
                price: Decimal::from(120),
                vat: None,
                step_size: 60,
            }],
            restrictions: minutes.map(|m| TariffRestrictions {
                min_duration: Some(m * 60),
                ..Default::default()
            }),
        });
        tariff
    }

    #[test]
    fn the_idle_fee_is_announced_five_minutes_ahead() {
        // Idle fee from minute 60 of the session; the car stopped at minute 20.
        let tariff = tariff_with_idle_after(Some(60));
        let ahead = |now| idle_fee_ahead(&tariff, S::CarFull, t(0), t(20), t(now));
        assert_eq!(ahead(50), None, "too early");
        assert_eq!(ahead(55), Some(5));
        assert_eq!(ahead(58), Some(2));
        assert_eq!(ahead(60), None, "it runs");
        // Only while the car takes no energy.
        assert_eq!(idle_fee_ahead(&tariff, S::Charging, t(0), t(20), t(55)), None);
        assert_eq!(idle_fee_ahead(&tariff, S::CarPaused, t(0), t(20), t(56)), Some(4));
    }

    #[test]
    fn an_idle_fee_from_the_moment_the_car_is_full_starts_after_the_meter_stood_still() {
        let tariff = tariff_with_idle_after(None);
        assert_eq!(idle_fee_from(&tariff, t(0), t(30)), Some(t(30) + FULL_AFTER));
        assert_eq!(idle_fee_ahead(&tariff, S::CarPaused, t(0), t(30), t(31)), Some(1));
        let no_idle = {
            let mut t = tariff.clone();
            t.elements.pop();
            t
        };
        assert_eq!(idle_fee_from(&no_idle, t(0), t(30)), None);
        assert_eq!(idle_fee_ahead(&no_idle, S::CarFull, t(0), t(30), t(31)), None);
    }

    #[test]
    fn each_notice_once_and_none_for_the_drivers_own_stop() {
        assert_eq!(
            notice(S::Charging, S::CarPaused, None, false),
            Some(DriverNotice::PausedByCar)
        );
        assert_eq!(notice(S::CarPaused, S::CarPaused, None, false), None);
        assert_eq!(notice(S::CarPaused, S::CarFull, None, false), None, "already told");
        assert_eq!(
            notice(S::Charging, S::UnplugCable, Some("EVDisconnected"), false),
            Some(DriverNotice::Finished)
        );
        assert_eq!(
            notice(S::Stopping, S::Done, Some("Remote"), false),
            Some(DriverNotice::Finished)
        );
        assert_eq!(notice(S::Stopping, S::Done, Some("Remote"), true), None);
        assert_eq!(
            notice(S::Charging, S::UnplugCable, Some("PowerLoss"), false),
            Some(DriverNotice::StoppedByCharger)
        );
        assert_eq!(notice(S::UnplugCable, S::Done, None, false), None, "already told");
        assert_eq!(notice(S::PlugIn, S::Failed, None, false), None);
        assert_eq!(notice(S::Charging, S::ChargerPaused, None, false), None);
    }
}
