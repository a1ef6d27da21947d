//! Operations for support staff: one OCPP 1.6 central-system call to a connected charger,
//! answered with the charger's reply.

use std::time::Duration;

use axum::extract::{Path, State};
use axum::Json;
use ladeklar_api::{ChargerCommand, CommandReply};
use ladeklar_ocpp::messages::{CentralSystemCall, CentralSystemCallResult};
use serde_json::{Map, Value};

use ladeklar_core::accounts::Action;
use ladeklar_core::charger_auth::sets_password;

use crate::auth::Caller;
use crate::error::{ApiError, LaterJson};
use crate::password_rotation;
use crate::AppState;

/// Sends a command to a connected charger and answers with its CALLRESULT payload. Calls to
/// one charger go out one at a time (the rest wait their turn); each has the configured
/// timeout (`--call-timeout-s`).
#[utoipa::path(post, path = "/api/v1/chargers/{id}/commands",
    params(("id" = String, Path, description = "Charge point id")),
    request_body = ChargerCommand,
    responses(
        (status = 200, body = CommandReply, description = "The charger's answer"),
        (status = 400, body = ladeklar_api::Problem, description = "A field is missing or invalid (named in detail)"),
        (status = 404, body = ladeklar_api::Problem, description = "charger_not_found"),
        (status = 409, body = ladeklar_api::Problem, description = "charger_offline: not connected"),
        (status = 502, body = ladeklar_api::Problem,
            description = "charger_rejected: the charger answered with a CALLERROR (ocpp_error_code) or an invalid reply"),
        (status = 504, body = ladeklar_api::Problem, description = "charger_timeout"),
    ))]
pub async fn send_command(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<ChargerCommand>,
) -> Result<Json<CommandReply>, ApiError> {
    super::allow_on_charger(&state, &caller, Action::SendChargerCommand, &id).await?;
    let command = body.parse()?;
    let call = to_ocpp_call(&command)?;
    let link = state
        .links
        .get(&id)
        .ok_or_else(|| ApiError::ChargerOffline(id.clone()))?;
    // A new AuthorizationKey is kept as the charger's next password before it is sent, so
    // neither a lost answer nor a later reboot locks the charger out (core's charger_auth).
    let rotation = match &command {
        ChargerCommand::ChangeConfiguration { key, value } if sets_password(key) => {
            password_rotation::keep_as_next(&state, &id, value, state.now()).await?;
            true
        }
        _ => false,
    };
    let (action, payload) = call.to_action_payload();
    let timeout = Duration::from_secs(state.config.call_timeout_s);
    let response = link
        .call(action, payload, timeout)
        .await
        .map_err(|failure| ApiError::from_link_failure(&id, action, failure))?;
    if rotation {
        password_rotation::settle(&state, &id, &response, state.now()).await?;
    }
    CentralSystemCallResult::parse(action, &response).map_err(|e| ApiError::ChargerInvalidReply {
        action: action.into(),
        why: e.description,
    })?;
    tracing::info!(charger_id = %id, %action, "command answered");
    Ok(Json(CommandReply {
        charger_id: id,
        action: action.into(),
        response,
    }))
}

/// The OCPP call for a command: its fields with camelCase names, read and checked as the
/// OCPP 1.6 request (lengths, nested profiles), so a bad field is named before anything is
/// sent.
pub fn to_ocpp_call(command: &ChargerCommand) -> Result<CentralSystemCall, ApiError> {
    let Value::Object(fields) = serde_json::to_value(command).map_err(anyhow::Error::from)? else {
        return Err(ApiError::Internal(anyhow::anyhow!("a command serializes to an object")));
    };
    let mut action = String::new();
    let mut payload = Map::new();
    for (name, value) in fields {
        if name == "command" {
            action = value.as_str().unwrap_or_default().to_owned();
        } else if !value.is_null() {
            payload.insert(camel_case(&name), value);
        }
    }
    CentralSystemCall::parse(&action, &Value::Object(payload))
        .map_err(|e| ApiError::InvalidRequest(snake_case_fields(&e.description)))
}

fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Error texts name the field by its JSON pointer in the OCPP payload (`/idTag`,
/// `/csChargingProfiles/chargingSchedule`); the API's top-level fields are the same names in
/// snake_case (`/id_tag`, `/cs_charging_profiles/chargingSchedule`), nested OCPP JSON keeps
/// its own.
fn snake_case_fields(text: &str) -> String {
    let Some(at) = text.find(": /") else {
        return text.to_owned();
    };
    let (head, rest) = text.split_at(at + 3);
    let end = rest.find(['/', ':', ' ']).unwrap_or(rest.len());
    let mut out = String::with_capacity(text.len() + 4);
    out.push_str(head);
    for c in rest[..end].chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out.push_str(&rest[end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn command(body: Value) -> ChargerCommand {
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn commands_become_ocpp_calls_with_camel_case_fields() {
        let call = to_ocpp_call(&command(json!({"command": "ReserveNow", "connector_id": 1,
            "expiry_date": "2030-01-01T00:00:00Z", "id_tag": "TAG1", "reservation_id": 7})))
        .unwrap();
        let (action, payload) = call.to_action_payload();
        assert_eq!(action, "ReserveNow");
        assert_eq!(payload["connectorId"], 1);
        assert_eq!(payload["reservationId"], 7);
        let (action, payload) = to_ocpp_call(&command(json!({"command": "Reset", "type": "Soft"})))
            .unwrap()
            .to_action_payload();
        assert_eq!((action, payload), ("Reset", json!({"type": "Soft"})));
        let (action, _) = to_ocpp_call(&command(json!({"command": "ClearCache"})))
            .unwrap()
            .to_action_payload();
        assert_eq!(action, "ClearCache");
    }

    #[test]
    fn unlock_connector_takes_any_connector_above_0() {
        let err = to_ocpp_call(&command(json!({"command": "UnlockConnector", "connector_id": 0}))).unwrap_err();
        assert!(matches!(err, ApiError::InvalidRequest(_)), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("UnlockConnector: /connector_id: must be greater than 0"),
            "{err}"
        );
        for id in [1, 20, 21, 4096] {
            let (action, payload) = to_ocpp_call(&command(json!({"command": "UnlockConnector", "connector_id": id})))
                .unwrap()
                .to_action_payload();
            assert_eq!((action, payload), ("UnlockConnector", json!({"connectorId": id})));
        }
    }

    #[test]
    fn configuration_commands_take_an_empty_value_and_an_empty_key_list() {
        let (action, payload) = to_ocpp_call(&command(
            json!({"command": "ChangeConfiguration", "key": "AuthorizationKey", "value": ""}),
        ))
        .unwrap()
        .to_action_payload();
        assert_eq!(
            (action, payload),
            ("ChangeConfiguration", json!({"key": "AuthorizationKey", "value": ""}))
        );
        let (action, payload) = to_ocpp_call(&command(json!({"command": "GetConfiguration", "key": []})))
            .unwrap()
            .to_action_payload();
        assert_eq!((action, payload), ("GetConfiguration", json!({"key": []})));
    }

    #[test]
    fn the_security_extensions_calls_are_commands() {
        let (action, payload) = to_ocpp_call(&command(json!({"command": "GetLog", "log_type": "SecurityLog",
            "request_id": 7, "retry_interval": 60, "log": {"remoteLocation": "https://ocpp.ladeklar.no/uploads/"}})))
        .unwrap()
        .to_action_payload();
        assert_eq!(
            (action, payload),
            (
                "GetLog",
                json!({"logType": "SecurityLog", "requestId": 7, "retryInterval": 60,
                    "log": {"remoteLocation": "https://ocpp.ladeklar.no/uploads/"}})
            )
        );
        let (action, payload) = to_ocpp_call(&command(
            json!({"command": "ExtendedTriggerMessage", "requested_message": "SignChargePointCertificate"}),
        ))
        .unwrap()
        .to_action_payload();
        assert_eq!(
            (action, payload),
            (
                "ExtendedTriggerMessage",
                json!({"requestedMessage": "SignChargePointCertificate"})
            )
        );
        let err = to_ocpp_call(&command(json!({"command": "SignedUpdateFirmware", "request_id": 1,
            "firmware": {"location": "https://x/fw.bin", "retrieveDateTime": "2026-11-25T02:00:00Z",
                "signingCertificate": "PEM"}})))
        .unwrap_err();
        assert!(err.to_string().contains("/firmware/signature"), "{err}");
    }

    #[test]
    fn a_bad_field_is_named() {
        let err = to_ocpp_call(&command(json!({"command": "RemoteStartTransaction",
            "id_tag": "X".repeat(21)})))
        .unwrap_err();
        assert!(err.to_string().contains("/id_tag: "), "{err}");
        let err = to_ocpp_call(&command(json!({"command": "SetChargingProfile", "connector_id": 1,
            "cs_charging_profiles": {"chargingProfileId": 1, "stackLevel": 0,
                "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Absolute",
                "chargingSchedule": {"chargingRateUnit": "Watts", "chargingSchedulePeriod": []}}})))
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("/cs_charging_profiles/chargingSchedule/chargingRateUnit"),
            "{err}"
        );
    }
}
