//! The Smart Charging profile: SetChargingProfile, ClearChargingProfile and
//! GetCompositeSchedule (the applicable profile with the highest stack level).

use chrono::{DateTime, Utc};
use ladeklar_ocpp::v16::messages::{
    clear_charging_profile::ClearChargingProfileRequest, get_composite_schedule::GetCompositeScheduleRequest,
    set_charging_profile::SetChargingProfileRequest,
};
use ladeklar_ocpp::v16::types::ChargingProfilePurposeType;
use serde_json::json;

use super::{to_json, Answer, Charger};

/// Accepted, replacing a profile with the same id; a TxProfile needs a running transaction on
/// its connector, a ChargePointMaxProfile connector 0.
pub(super) fn set_charging_profile(charger: &mut Charger<'_>, req: SetChargingProfileRequest) -> Answer {
    let Ok(connector_id) = u32::try_from(req.connector_id) else {
        return Answer::status("Rejected");
    };
    let profile = req.cs_charging_profiles;
    let has_transaction = charger.connectors.get(&connector_id).map(|c| c.transaction.is_some());
    let ok = match (&profile.charging_profile_purpose, has_transaction) {
        (_, None) if connector_id != 0 => false,
        (ChargingProfilePurposeType::TxProfile, Some(true)) => true,
        (ChargingProfilePurposeType::TxProfile, _) => false,
        (ChargingProfilePurposeType::ChargePointMaxProfile, _) => connector_id == 0,
        _ => true,
    };
    if !ok {
        return Answer::status("Rejected");
    }
    let st = &mut *charger.state;
    st.profiles
        .retain(|(_, p)| p.charging_profile_id != profile.charging_profile_id);
    st.profiles.push((connector_id, profile));
    Answer::status("Accepted")
}

/// Clears every profile matching all the criteria given: Accepted if any, else Unknown.
pub(super) fn clear_charging_profile(charger: &mut Charger<'_>, req: ClearChargingProfileRequest) -> Answer {
    let st = &mut *charger.state;
    let before = st.profiles.len();
    st.profiles.retain(|(connector, p)| {
        let matches = req.id.is_none_or(|id| id == p.charging_profile_id)
            && req.connector_id.is_none_or(|c| i64::from(c) == i64::from(*connector))
            && req
                .charging_profile_purpose
                .as_ref()
                .is_none_or(|purpose| *purpose == p.charging_profile_purpose)
            && req.stack_level.is_none_or(|l| i64::from(l) == i64::from(p.stack_level));
        !matches
    });
    let status = if st.profiles.len() < before {
        "Accepted"
    } else {
        "Unknown"
    };
    Answer::status(status)
}

/// The schedule of the applicable profile with the highest stack level, for the duration
/// asked, starting `now`; Rejected when there is none or the connector is unknown.
pub(super) fn get_composite_schedule(
    charger: &mut Charger<'_>,
    req: GetCompositeScheduleRequest,
    now: DateTime<Utc>,
) -> Answer {
    let connector_known =
        req.connector_id == 0 || u32::try_from(req.connector_id).is_ok_and(|id| charger.connectors.contains_key(&id));
    let applicable = charger
        .state
        .profiles
        .iter()
        .filter(|(c, _)| *c == 0 || i64::from(*c) == i64::from(req.connector_id))
        .max_by_key(|(_, p)| p.stack_level);
    match applicable {
        Some((_, profile)) if connector_known => {
            let mut schedule = profile.charging_schedule.clone();
            schedule.duration = Some(req.duration);
            schedule.start_schedule = None;
            Answer::reply(json!({
                "status": "Accepted",
                "connectorId": req.connector_id,
                "scheduleStart": now,
                "chargingSchedule": to_json(&schedule),
            }))
        }
        _ => Answer::status("Rejected"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::{now, TestCharger};

    #[test]
    fn the_composite_schedule_starts_now_with_the_highest_stack_level() {
        let mut charger = TestCharger::new();
        let ask = json!({"connectorId": 1, "duration": 3600});
        assert_eq!(
            charger.call("GetCompositeSchedule", ask.clone()).reply,
            json!({"status": "Rejected"}),
            "no profile yet"
        );
        for (id, level, limit) in [(1, 0, 32.0), (2, 1, 16.0)] {
            let profile = json!({
                "connectorId": 0,
                "csChargingProfiles": {
                    "chargingProfileId": id,
                    "stackLevel": level,
                    "chargingProfilePurpose": "TxDefaultProfile",
                    "chargingProfileKind": "Absolute",
                    "chargingSchedule": {
                        "chargingRateUnit": "A",
                        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": limit}],
                    },
                },
            });
            assert_eq!(
                charger.call("SetChargingProfile", profile).reply,
                json!({"status": "Accepted"})
            );
        }
        let answer = charger.call("GetCompositeSchedule", ask);
        assert_eq!(answer.reply["status"], json!("Accepted"));
        assert_eq!(answer.reply["scheduleStart"], json!(now()));
        assert_eq!(answer.reply["chargingSchedule"]["duration"], json!(3600));
        assert_eq!(
            answer.reply["chargingSchedule"]["chargingSchedulePeriod"][0]["limit"],
            json!(16.0)
        );
    }
}
