//! Whether an RFID id tag may charge: the answer to Authorize, StartTransaction and
//! StopTransaction (OCPP 1.6 `IdTagInfo`), decided from the token store's record, its
//! parent's, what the tag is presented for, and what is going on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A token's status as stored (an operator sets it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    Accepted,
    Blocked,
    Expired,
    Invalid,
}

/// A token store entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    pub id_tag: String,
    pub status: TokenStatus,
    /// After this instant the tag is expired.
    pub expiry: Option<DateTime<Utc>>,
    /// The group the tag belongs to; a blocked or expired parent refuses its children.
    pub parent_id_tag: Option<String>,
}

/// The OCPP 1.6 AuthorizationStatus we answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuthorizationStatus {
    Accepted,
    Blocked,
    Expired,
    Invalid,
    ConcurrentTx,
}

/// What an id tag is presented for: the OCPP 1.6 message whose `IdTagInfo` we answer.
///
/// Only a StartTransaction can be answered ConcurrentTx (OCPP 1.6 `AuthorizationStatus`:
/// "only relevant for a StartTransaction.req"). An Authorize answer is what the tag *is*:
/// chargers keep it in their Authorization Cache, and a cached ConcurrentTx would make the
/// charger refuse the tag locally after the transaction has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuthorizationPurpose {
    /// Authorize.req: may this tag charge?
    Authorize,
    /// StartTransaction.req: the tag starts a transaction.
    StartTransaction,
    /// StopTransaction.req's `idTag`: the tag that ended a transaction.
    StopTransaction,
}

/// What we know when a tag is presented.
#[derive(Debug, Clone, Copy)]
pub struct AuthorizationInput<'a> {
    /// What the tag is presented for.
    pub purpose: AuthorizationPurpose,
    /// The tag's token store record, if any.
    pub token: Option<&'a TokenRecord>,
    /// The record of the tag's parent, if it has one and the store knows it.
    pub parent: Option<&'a TokenRecord>,
    /// The tag was issued by us for a session a driver started in the app (`APP…`): the
    /// driver was authorised when the session was created.
    pub issued_for_app_session: bool,
    /// The tag is already in another transaction that is under way (read for a
    /// StartTransaction only).
    pub in_other_transaction: bool,
}

/// The answer: `IdTagInfo` in the domain's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizationDecision {
    pub status: AuthorizationStatus,
    /// Until when the charger may cache an Accepted answer (the earlier of tag and parent expiry).
    pub expiry: Option<DateTime<Utc>>,
    pub parent_id_tag: Option<String>,
}

/// Decides an id tag at `now`.
///
/// Rules, in order: a tag issued for an app session is Accepted; an unknown tag is Invalid;
/// the tag's own Blocked / Invalid / Expired status (or an expiry at or before `now`) is
/// answered; then the parent's, so a group blocked or expired as a whole refuses every
/// member (an unknown parent does not refuse); an otherwise accepted tag presented in a
/// StartTransaction while it is already in another transaction is ConcurrentTx. Authorize and
/// StopTransaction are never answered ConcurrentTx.
pub fn authorize(input: AuthorizationInput<'_>, now: DateTime<Utc>) -> AuthorizationDecision {
    if input.issued_for_app_session {
        return decision(AuthorizationStatus::Accepted, None, None);
    }
    let Some(token) = input.token else {
        return decision(AuthorizationStatus::Invalid, None, None);
    };
    let parent_id_tag = token.parent_id_tag.clone();
    if let Some(refusal) = refusal(token, now) {
        return decision(refusal, token.expiry, parent_id_tag);
    }
    // Only the parent the tag names counts.
    let parent = input
        .parent
        .filter(|p| token.parent_id_tag.as_deref() == Some(p.id_tag.as_str()));
    if let Some(refusal) = parent.and_then(|p| refusal(p, now)) {
        return decision(refusal, token.expiry, parent_id_tag);
    }
    let expiry = match (token.expiry, parent.and_then(|p| p.expiry)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if input.in_other_transaction && input.purpose == AuthorizationPurpose::StartTransaction {
        return decision(AuthorizationStatus::ConcurrentTx, expiry, parent_id_tag);
    }
    decision(AuthorizationStatus::Accepted, expiry, parent_id_tag)
}

fn refusal(token: &TokenRecord, now: DateTime<Utc>) -> Option<AuthorizationStatus> {
    match token.status {
        TokenStatus::Blocked => Some(AuthorizationStatus::Blocked),
        TokenStatus::Invalid => Some(AuthorizationStatus::Invalid),
        TokenStatus::Expired => Some(AuthorizationStatus::Expired),
        TokenStatus::Accepted if token.expiry.is_some_and(|e| e <= now) => Some(AuthorizationStatus::Expired),
        TokenStatus::Accepted => None,
    }
}

fn decision(
    status: AuthorizationStatus,
    expiry: Option<DateTime<Utc>>,
    parent_id_tag: Option<String>,
) -> AuthorizationDecision {
    AuthorizationDecision {
        status,
        expiry,
        parent_id_tag,
    }
}

/// Why a string cannot be an OCPP 1.6 IdToken (CiString20: 1 to 20 printable ASCII
/// characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdTagError {
    #[error("an id tag is 1 to 20 characters, got {0}")]
    Length(usize),
    #[error("an id tag is printable ASCII without spaces")]
    Characters,
}

/// Checks that `tag` can be sent as an OCPP 1.6 IdToken.
pub fn check_id_tag(tag: &str) -> Result<(), IdTagError> {
    let len = tag.chars().count();
    if !(1..=20).contains(&len) {
        return Err(IdTagError::Length(len));
    }
    if !tag.chars().all(|c| c.is_ascii_graphic()) {
        return Err(IdTagError::Characters);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, h, 0, 0).unwrap()
    }

    fn tag(id: &str, status: TokenStatus, expiry: Option<DateTime<Utc>>, parent: Option<&str>) -> TokenRecord {
        TokenRecord {
            id_tag: id.into(),
            status,
            expiry,
            parent_id_tag: parent.map(Into::into),
        }
    }

    fn check(input: AuthorizationInput<'_>, now: DateTime<Utc>, expected: AuthorizationStatus) {
        assert_eq!(authorize(input, now).status, expected, "{input:?}");
    }

    #[test]
    fn each_rule_in_order() {
        use AuthorizationStatus as A;
        use TokenStatus as S;
        let ok = tag("A", S::Accepted, None, None);
        let blocked = tag("B", S::Blocked, None, None);
        let invalid = tag("I", S::Invalid, None, None);
        let expired = tag("E", S::Expired, None, None);
        let runs_out = tag("R", S::Accepted, Some(t(12)), None);
        let child = tag("C", S::Accepted, None, Some("G"));
        let group_blocked = tag("G", S::Blocked, None, None);
        let group_expires = tag("G", S::Accepted, Some(t(12)), None);
        let other_group = tag("X", S::Blocked, None, None);
        let input = |token, parent, app, busy| AuthorizationInput {
            purpose: AuthorizationPurpose::StartTransaction,
            token,
            parent,
            issued_for_app_session: app,
            in_other_transaction: busy,
        };
        check(input(None, None, false, false), t(10), A::Invalid);
        check(input(None, None, true, false), t(10), A::Accepted);
        check(input(Some(&ok), None, false, false), t(10), A::Accepted);
        check(input(Some(&ok), None, false, true), t(10), A::ConcurrentTx);
        check(input(Some(&blocked), None, false, true), t(10), A::Blocked);
        check(input(Some(&invalid), None, false, false), t(10), A::Invalid);
        check(input(Some(&expired), None, false, false), t(10), A::Expired);
        check(input(Some(&runs_out), None, false, false), t(11), A::Accepted);
        check(input(Some(&runs_out), None, false, false), t(12), A::Expired);
        check(input(Some(&child), None, false, false), t(10), A::Accepted);
        check(
            input(Some(&child), Some(&group_blocked), false, false),
            t(10),
            A::Blocked,
        );
        check(
            input(Some(&child), Some(&group_expires), false, false),
            t(11),
            A::Accepted,
        );
        check(
            input(Some(&child), Some(&group_expires), false, false),
            t(13),
            A::Expired,
        );
        check(
            input(Some(&child), Some(&other_group), false, false),
            t(10),
            A::Accepted,
        );
        let d = authorize(input(Some(&child), Some(&group_expires), false, false), t(11));
        assert_eq!(d.expiry, Some(t(12)), "the group's expiry bounds the child's");
        assert_eq!(d.parent_id_tag.as_deref(), Some("G"));
    }

    fn any_status() -> impl Strategy<Value = TokenStatus> {
        prop_oneof![
            Just(TokenStatus::Accepted),
            Just(TokenStatus::Blocked),
            Just(TokenStatus::Expired),
            Just(TokenStatus::Invalid),
        ]
    }

    proptest! {
        #[test]
        fn only_a_valid_unexpired_tag_with_a_valid_group_and_no_other_transaction_is_accepted(
            own in any_status(), own_expiry in proptest::option::of(0u32..24),
            group in proptest::option::of((any_status(), proptest::option::of(0u32..24))),
            busy: bool, now in 0u32..24,
        ) {
            let token = tag("T", own, own_expiry.map(t), group.map(|_| "G"));
            let parent = group.map(|(s, e)| tag("G", s, e.map(t), None));
            let d = authorize(AuthorizationInput {
                purpose: AuthorizationPurpose::StartTransaction,
                token: Some(&token), parent: parent.as_ref(), issued_for_app_session: false, in_other_transaction: busy,
            }, t(now));
            let valid = |s: TokenStatus, e: Option<u32>| s == TokenStatus::Accepted && e.is_none_or(|e| e > now);
            let expected = valid(own, own_expiry) && group.is_none_or(|(s, e)| valid(s, e)) && !busy;
            prop_assert_eq!(d.status == AuthorizationStatus::Accepted, expected);
            if let Some(e) = d.expiry.filter(|_| d.status == AuthorizationStatus::Accepted) {
                prop_assert!(e > t(now), "an accepted answer never carries a past expiry");
            }
        }
    }

    #[test]
    fn only_a_start_transaction_is_concurrent_tx() {
        use AuthorizationPurpose as P;
        let ok = tag("A", TokenStatus::Accepted, Some(t(20)), Some("G"));
        let group = tag("G", TokenStatus::Accepted, Some(t(18)), None);
        let blocked = tag("B", TokenStatus::Blocked, None, None);
        let input = |purpose, token| AuthorizationInput {
            purpose,
            token: Some(token),
            parent: Some(&group),
            issued_for_app_session: false,
            in_other_transaction: true,
        };
        // The tag is in a transaction under way (also after the charger rebooted): a second
        // start is refused, but Authorize, which chargers cache, still says the tag is good.
        assert_eq!(
            authorize(input(P::StartTransaction, &ok), t(10)).status,
            AuthorizationStatus::ConcurrentTx
        );
        for purpose in [P::Authorize, P::StopTransaction] {
            let d = authorize(input(purpose, &ok), t(10));
            assert_eq!(d.status, AuthorizationStatus::Accepted, "{purpose:?}");
            assert_eq!(d.expiry, Some(t(18)), "{purpose:?}");
            assert_eq!(d.parent_id_tag.as_deref(), Some("G"), "{purpose:?}");
            // A refusal is still a refusal.
            assert_eq!(
                authorize(input(purpose, &blocked), t(10)).status,
                AuthorizationStatus::Blocked
            );
        }
        // Not in another transaction: the same answer for every purpose.
        for purpose in [P::Authorize, P::StartTransaction, P::StopTransaction] {
            let d = authorize(
                AuthorizationInput {
                    in_other_transaction: false,
                    ..input(purpose, &ok)
                },
                t(10),
            );
            assert_eq!(d.status, AuthorizationStatus::Accepted, "{purpose:?}");
        }
    }

    fn any_purpose() -> impl Strategy<Value = AuthorizationPurpose> {
        prop_oneof![
            Just(AuthorizationPurpose::Authorize),
            Just(AuthorizationPurpose::StartTransaction),
            Just(AuthorizationPurpose::StopTransaction),
        ]
    }

    proptest! {
        #[test]
        fn the_purpose_changes_nothing_but_concurrent_tx(
            own in any_status(), own_expiry in proptest::option::of(0u32..24),
            group in proptest::option::of((any_status(), proptest::option::of(0u32..24))),
            busy: bool, app: bool, known: bool, now in 0u32..24, purpose in any_purpose(),
        ) {
            let token = tag("T", own, own_expiry.map(t), group.map(|_| "G"));
            let parent = group.map(|(s, e)| tag("G", s, e.map(t), None));
            let input = |purpose| AuthorizationInput {
                purpose,
                token: known.then_some(&token),
                parent: parent.as_ref(),
                issued_for_app_session: app,
                in_other_transaction: busy,
            };
            let start = authorize(input(AuthorizationPurpose::StartTransaction), t(now));
            let d = authorize(input(purpose), t(now));
            if purpose == AuthorizationPurpose::StartTransaction {
                prop_assert_eq!(d, start);
            } else {
                prop_assert_ne!(d.status, AuthorizationStatus::ConcurrentTx);
                let expected = match start.status {
                    AuthorizationStatus::ConcurrentTx => AuthorizationStatus::Accepted,
                    other => other,
                };
                prop_assert_eq!(d.status, expected);
                prop_assert_eq!(d.expiry, start.expiry);
                prop_assert_eq!(d.parent_id_tag, start.parent_id_tag);
            }
        }
    }

    #[test]
    fn id_tags_are_ocpp_id_tokens() {
        assert_eq!(check_id_tag("DEMO-RFID-0001"), Ok(()));
        assert_eq!(check_id_tag(""), Err(IdTagError::Length(0)));
        assert_eq!(check_id_tag(&"X".repeat(21)), Err(IdTagError::Length(21)));
        assert_eq!(check_id_tag("A B"), Err(IdTagError::Characters));
        assert_eq!(check_id_tag("ÆØÅ"), Err(IdTagError::Characters));
    }
}
