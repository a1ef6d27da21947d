//! A charger's new AuthorizationKey (Security Profiles 1–2), sent by an operator through the
//! operations API's ChangeConfiguration or by the schedule (core's
//! `charger_auth::schedule`; [`rotate_due`] runs on every node over the chargers connected to
//! it, so no charger is rotated by two nodes). Either way the key is kept as the charger's
//! next password *before* it is sent and forgotten only when the charger refuses it: neither a
//! lost answer nor a charger that applies the key after a reboot is locked out (core's
//! `charger_auth::check_password` opens with both until the new one is used).

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use futures_util::future::join_all;
use ladeklar_core::charger_auth::schedule::{rotation, PasswordState, Rotation, RotationPolicy};
use ladeklar_core::charger_security::SecurityProfile;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::AppState;

/// At most this many keys are sent per round, so enabling the schedule on a fleet whose
/// passwords are all due does not send every charger a key in the same second.
const KEYS_PER_ROUND: usize = 50;

/// Keeps `key` as the charger's next password, sent at `now`. The key is checked against the
/// password rules first (a refused key is never sent).
pub async fn keep_as_next(state: &AppState, charger_id: &str, key: &str, now: DateTime<Utc>) -> Result<(), ApiError> {
    crate::credentials::check_new_password(key).map_err(|e| ApiError::InvalidRequest(format!("value: {e}")))?;
    let hash = crate::credentials::hash_password(key);
    state
        .store
        .set_next_charger_password(charger_id, Some(&hash), now)
        .await?;
    Ok(())
}

/// The charger answered the ChangeConfiguration: unless it Accepted, it keeps its password
/// and the next one is forgotten. Returns whether it accepted.
pub async fn settle(
    state: &AppState,
    charger_id: &str,
    response: &Value,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let accepted = response.get("status").and_then(Value::as_str) == Some("Accepted");
    if !accepted {
        state.store.set_next_charger_password(charger_id, None, now).await?;
    }
    Ok(accepted)
}

/// What one round of the schedule did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// Keys the chargers accepted (each now pending until the charger connects with it).
    pub accepted: usize,
    /// Keys refused (forgotten: the old password stays).
    pub refused: usize,
    /// Keys sent without an answer (kept pending beside the old password).
    pub unanswered: usize,
}

/// One round of the schedule at `now`: a new key for each charger connected to this node whose
/// password is due (at most [`KEYS_PER_ROUND`]). Off (an empty round) without a policy.
pub async fn rotate_due(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<Round> {
    let Some(days) = state.config.password_rotation_days else {
        return Ok(Round::default());
    };
    let policy = RotationPolicy {
        every: TimeDelta::days(i64::from(days)),
    };
    let mut due = Vec::new();
    for (charger_id, _) in state.links.connected() {
        let Some(credentials) = state.store.charger_credentials(&charger_id).await? else {
            continue;
        };
        let instant = |raw: &Option<String>, column: &str| {
            raw.as_deref()
                .map(|raw| ladeklar_store::parse_instant(column, raw))
                .transpose()
        };
        let password = PasswordState {
            has_password: credentials.password_hash.is_some(),
            set_at: instant(&credentials.password_set_at, "password_set_at")?,
            next_sent_at: instant(&credentials.next_password_sent_at, "next_password_sent_at")?,
            profile: credentials.security_profile.and_then(SecurityProfile::from_number),
        };
        if rotation(policy, &password, now) == Rotation::Due {
            due.push(charger_id);
            if due.len() == KEYS_PER_ROUND {
                break;
            }
        }
    }
    let outcomes = join_all(due.iter().map(|charger_id| send_new_key(state, charger_id, now))).await;
    let mut round = Round::default();
    for (charger_id, outcome) in due.iter().zip(outcomes) {
        match outcome {
            Ok(Some(true)) => round.accepted += 1,
            Ok(Some(false)) => round.refused += 1,
            Ok(None) => round.unanswered += 1,
            Err(e) => tracing::warn!(%charger_id, error = %e, "scheduled password rotation failed"),
        }
    }
    Ok(round)
}

/// Sends one charger a new random key: `Some(accepted)`, or `None` when it did not answer.
async fn send_new_key(state: &AppState, charger_id: &str, now: DateTime<Utc>) -> Result<Option<bool>, ApiError> {
    let key = crate::credentials::new_charger_password();
    let Some(link) = state.links.get(charger_id) else {
        return Ok(None);
    };
    keep_as_next(state, charger_id, &key, now).await?;
    let timeout = Duration::from_secs(state.config.call_timeout_s);
    let payload = json!({"key": "AuthorizationKey", "value": key});
    let (text, outcome) = match link.call("ChangeConfiguration", payload, timeout).await {
        Ok(response) => {
            let accepted = settle(state, charger_id, &response, now).await?;
            let text = if accepted {
                "scheduled password rotation: the charger accepted its new AuthorizationKey; the old one opens until it connects with the new"
            } else {
                "scheduled password rotation: the charger refused the new AuthorizationKey; it keeps its password"
            };
            (text, Some(accepted))
        }
        Err(_) => (
            "scheduled password rotation: no answer to the new AuthorizationKey; both keys open until the charger uses the new one",
            None,
        ),
    };
    tracing::info!(%charger_id, "{text}");
    state.log_charger(charger_id, "event", text).await;
    Ok(outcome)
}
