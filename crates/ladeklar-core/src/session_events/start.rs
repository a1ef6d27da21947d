//! StartTransaction: which session it starts, and the id tag's answer.

use chrono::{DateTime, Utc};

use super::{SessionOrigin, SessionState};
use crate::authorization::{
    authorize, AuthorizationDecision, AuthorizationInput, AuthorizationPurpose, AuthorizationStatus, TokenRecord,
};
use crate::session::{SessionEvent, SessionStatus, SessionTransitionError};

/// A StartTransaction in the domain's types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTransaction {
    pub connector_id: u32,
    pub id_tag: String,
    pub timestamp: DateTime<Utc>,
    pub meter_start_wh: i64,
}

/// The token store's records of an id tag and the sessions it is in.
#[derive(Debug, Clone, Copy, Default)]
pub struct TagRecords<'a> {
    pub token: Option<&'a TokenRecord>,
    pub parent: Option<&'a TokenRecord>,
    /// Ids of the sessions under way (charging or stopping) that carry this tag.
    pub sessions_under_way: &'a [String],
    /// The standing of the account the tag is linked to, if it is: an account that owes for
    /// a session, or has no card to bill, has its tags refused (`payments::tag_standing`).
    pub account: Option<crate::payments::AccountStanding>,
}

impl TagRecords<'_> {
    /// The tag's answer, presented for `purpose`, for a message about `session` (its own tag
    /// is not "in another transaction"). `issued_for_app_session`: the tag belongs to a session
    /// started in the app.
    pub fn decide(
        &self,
        purpose: AuthorizationPurpose,
        issued_for_app_session: bool,
        session: Option<&str>,
        now: DateTime<Utc>,
    ) -> AuthorizationDecision {
        let in_other_transaction = self.sessions_under_way.iter().any(|id| Some(id.as_str()) != session);
        let mut decision = authorize(
            AuthorizationInput {
                purpose,
                token: self.token,
                parent: self.parent,
                issued_for_app_session,
                in_other_transaction,
            },
            now,
        );
        // A stop is never refused for money: the session already happened and is billed.
        let may_refuse = purpose != AuthorizationPurpose::StopTransaction && !issued_for_app_session;
        if let (true, AuthorizationStatus::Accepted, Some(standing)) = (may_refuse, decision.status, self.account) {
            if let Some(refusal) = crate::payments::tag_standing(standing) {
                decision.status = refusal;
            }
        }
        decision
    }
}

/// What the server loaded for a StartTransaction.
#[derive(Debug, Clone, Copy)]
pub struct StartInput<'a> {
    pub message: &'a StartTransaction,
    /// The session already started with exactly this content (same connector, tag, time and
    /// meterStart), if any: the message is a replay.
    pub replayed: Option<&'a SessionState>,
    /// The session holding the connector (pending, charging or stopping), if any.
    pub on_connector: Option<&'a SessionState>,
    pub tag: TagRecords<'a>,
}

/// What to do with a StartTransaction. Every outcome is answered with a transaction id and
/// the tag's `authorization`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartOutcome {
    /// A replay: answer with the same transaction id and change nothing.
    Replayed {
        transaction_id: i64,
        authorization: AuthorizationDecision,
    },
    /// The driver's pending session on this connector with this tag starts: store `status`,
    /// the start and the next transaction id.
    StartPending {
        session_id: String,
        status: SessionStatus,
        authorization: AuthorizationDecision,
    },
    /// A session started at the charger (an RFID tag): open one with `status`, origin
    /// charger, the site's tariff and the next transaction id.
    OpenAtCharger {
        status: SessionStatus,
        authorization: AuthorizationDecision,
    },
    /// A second Start on a connector with a session under way (steve#1295): answered with a
    /// transaction id of its own so the charger can report its stop, and held for review
    /// instead of opening a second session on the connector.
    Quarantine {
        reason: String,
        authorization: AuthorizationDecision,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartError {
    #[error("session {0} was started but has no transaction id")]
    StartedWithoutTransactionId(String),
    #[error(transparent)]
    Transition(#[from] SessionTransitionError),
}

/// Decides a StartTransaction at `now`.
pub fn on_start_transaction(input: StartInput<'_>, now: DateTime<Utc>) -> Result<StartOutcome, StartError> {
    let StartInput {
        message,
        replayed,
        on_connector,
        tag,
    } = input;
    if let Some(existing) = replayed {
        let transaction_id = existing
            .transaction_id
            .ok_or_else(|| StartError::StartedWithoutTransactionId(existing.id.clone()))?;
        return Ok(StartOutcome::Replayed {
            transaction_id,
            authorization: tag.decide(
                AuthorizationPurpose::StartTransaction,
                existing.origin == SessionOrigin::App,
                Some(&existing.id),
                now,
            ),
        });
    }
    match on_connector {
        Some(pending) if pending.status == SessionStatus::Pending && pending.id_tag == message.id_tag => {
            Ok(StartOutcome::StartPending {
                session_id: pending.id.clone(),
                status: pending.status.apply(SessionEvent::TransactionStarted)?,
                authorization: tag.decide(AuthorizationPurpose::StartTransaction, true, Some(&pending.id), now),
            })
        }
        Some(holder) => Ok(StartOutcome::Quarantine {
            reason: format!(
                "connector {} already has session {} ({}) under way",
                message.connector_id,
                holder.id,
                holder.status.as_str()
            ),
            authorization: tag.decide(AuthorizationPurpose::StartTransaction, false, None, now),
        }),
        None => Ok(StartOutcome::OpenAtCharger {
            status: SessionStatus::Pending.apply(SessionEvent::TransactionStarted)?,
            authorization: tag.decide(AuthorizationPurpose::StartTransaction, false, None, now),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authorization::{AuthorizationStatus, TokenStatus};
    use crate::session_events::test_support::{charging, t};

    fn message(tag: &str) -> StartTransaction {
        StartTransaction {
            connector_id: 1,
            id_tag: tag.into(),
            timestamp: t(0),
            meter_start_wh: 1000,
        }
    }

    fn pending(tag: &str) -> SessionState {
        SessionState {
            status: SessionStatus::Pending,
            transaction_id: None,
            start: None,
            id_tag: tag.into(),
            ..charging(0)
        }
    }

    fn token(status: TokenStatus) -> TokenRecord {
        TokenRecord {
            id_tag: "RFID-1".into(),
            status,
            expiry: None,
            parent_id_tag: None,
        }
    }

    #[test]
    fn the_drivers_pending_session_starts() {
        let m = message("APP1");
        let p = pending("APP1");
        let out = on_start_transaction(
            StartInput {
                message: &m,
                replayed: None,
                on_connector: Some(&p),
                tag: TagRecords::default(),
            },
            t(0),
        )
        .unwrap();
        let StartOutcome::StartPending {
            session_id,
            status,
            authorization,
        } = out
        else {
            panic!("{out:?}")
        };
        assert_eq!((session_id.as_str(), status), ("s1", SessionStatus::Charging));
        assert_eq!(authorization.status, AuthorizationStatus::Accepted);
    }

    #[test]
    fn a_start_at_the_charger_opens_a_session_with_the_tags_answer() {
        let m = message("RFID-1");
        let blocked = token(TokenStatus::Blocked);
        let out = on_start_transaction(
            StartInput {
                message: &m,
                replayed: None,
                on_connector: None,
                tag: TagRecords {
                    account: None,
                    token: Some(&blocked),
                    ..TagRecords::default()
                },
            },
            t(0),
        )
        .unwrap();
        assert!(
            matches!(&out, StartOutcome::OpenAtCharger { status: SessionStatus::Charging, authorization }
                if authorization.status == AuthorizationStatus::Blocked),
            "{out:?}"
        );
    }

    #[test]
    fn a_second_start_on_a_busy_connector_is_held() {
        for holder in [charging(0), pending("SOMEONE-ELSE")] {
            let m = message("RFID-1");
            let out = on_start_transaction(
                StartInput {
                    message: &m,
                    replayed: None,
                    on_connector: Some(&holder),
                    tag: TagRecords::default(),
                },
                t(0),
            )
            .unwrap();
            let StartOutcome::Quarantine { reason, .. } = out else {
                panic!("{out:?}")
            };
            assert!(reason.contains("already has session s1"), "{reason}");
        }
    }

    #[test]
    fn a_replay_answers_the_same_transaction_and_is_not_in_another_transaction() {
        let m = message("APP1");
        let s = charging(0);
        let under_way = ["s1".to_string()];
        let out = on_start_transaction(
            StartInput {
                message: &m,
                replayed: Some(&s),
                on_connector: Some(&s),
                tag: TagRecords {
                    account: None,
                    sessions_under_way: &under_way,
                    ..TagRecords::default()
                },
            },
            t(0),
        )
        .unwrap();
        assert!(
            matches!(&out, StartOutcome::Replayed { transaction_id: 7, authorization }
                if authorization.status == AuthorizationStatus::Accepted),
            "{out:?}"
        );
    }

    #[test]
    fn a_tag_in_another_session_is_concurrent() {
        let m = message("RFID-1");
        let accepted = token(TokenStatus::Accepted);
        let under_way = ["other".to_string()];
        let out = on_start_transaction(
            StartInput {
                message: &m,
                replayed: None,
                on_connector: None,
                tag: TagRecords {
                    account: None,
                    token: Some(&accepted),
                    parent: None,
                    sessions_under_way: &under_way,
                },
            },
            t(0),
        )
        .unwrap();
        assert!(
            matches!(&out, StartOutcome::OpenAtCharger { authorization, .. }
                if authorization.status == AuthorizationStatus::ConcurrentTx),
            "{out:?}"
        );
    }
}

#[cfg(test)]
mod account_standing_tests {
    use super::*;
    use crate::authorization::TokenStatus;
    use crate::payments::{AccountStanding, MinorUnits};

    fn token() -> TokenRecord {
        TokenRecord {
            id_tag: "DEADBEEF".into(),
            status: TokenStatus::Accepted,
            expiry: None,
            parent_id_tag: None,
        }
    }

    #[test]
    fn a_debt_refuses_the_tag_but_never_its_stop() {
        let t = token();
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("an instant");
        let owes = TagRecords {
            token: Some(&t),
            account: Some(AccountStanding::Owes { owed: MinorUnits(100) }),
            ..Default::default()
        };
        for purpose in [AuthorizationPurpose::Authorize, AuthorizationPurpose::StartTransaction] {
            assert_eq!(
                owes.decide(purpose, false, None, now).status,
                AuthorizationStatus::Blocked
            );
        }
        assert_eq!(
            owes.decide(AuthorizationPurpose::StopTransaction, false, None, now)
                .status,
            AuthorizationStatus::Accepted
        );
        let good = TagRecords {
            token: Some(&t),
            account: Some(AccountStanding::Good { has_card: true }),
            ..Default::default()
        };
        assert_eq!(
            good.decide(AuthorizationPurpose::Authorize, false, None, now).status,
            AuthorizationStatus::Accepted
        );
    }
}
