//! RFID tags on an account: linked by their UID (normalised by core), named, blocked when
//! lost; and whether one may charge (a blocked tag, a debt or no card refuse it).

use std::time::Duration;

use ladeklar_api::{LinkTagRequest, TagView};
use ladeklar_core::accounts::UserId;
use ladeklar_core::authorization::TokenStatus;
use ladeklar_core::payments::{tag_standing, AccountStanding, MinorUnits, TagUid};
use ladeklar_ocpp::v16::messages::send_local_list::SendLocalListRequest;
use ladeklar_ocpp::v16::types::{AuthorizationData, AuthorizationStatus as OcppStatus, IdTagInfo, UpdateType};
use ladeklar_ocpp::CentralSystemCall;
use ladeklar_store::{AccountTagRow, StoreError};

use crate::error::ApiError;
use crate::AppState;

/// The standing of the account `id_tag` is linked to, when it is and this server takes
/// payment (core refuses the tag of an account that owes or has no card).
pub async fn standing_of_tag(state: &AppState, id_tag: &str) -> Result<Option<AccountStanding>, StoreError> {
    if state.payments.is_none() {
        return Ok(None);
    }
    match owner_of_tag(state, id_tag).await? {
        Some(owner) => standing(state, &owner).await.map(Some),
        None => Ok(None),
    }
}

/// The account an id tag a charger sent is linked to, in either byte order a reader sends
/// a card's UID.
pub async fn owner_of_tag(state: &AppState, id_tag: &str) -> Result<Option<UserId>, StoreError> {
    if let Some(owner) = state.store.tag_owner(id_tag).await? {
        return Ok(Some(owner));
    }
    match TagUid::parse(id_tag) {
        Ok(uid) => state.store.tag_owner(uid.reversed().as_id_tag()).await,
        Err(_) => Ok(None),
    }
}

/// How the driver knows the tag that started a session: the name they gave it, else its UID
/// (matched in either byte order, like [`owner_of_tag`]).
pub async fn tag_words(state: &AppState, owner: &UserId, id_tag: &str) -> Result<String, StoreError> {
    let theirs = state.store.tags_of(owner).await?;
    let named = TagUid::parse(id_tag).ok().and_then(|uid| {
        theirs
            .into_iter()
            .find(|t| uid.matches_id_tag(&t.id_tag))
            .and_then(|t| t.name.filter(|n| !n.trim().is_empty()))
    });
    Ok(named.unwrap_or_else(|| id_tag.to_string()))
}

pub async fn standing(state: &AppState, user: &UserId) -> Result<AccountStanding, StoreError> {
    let owed = state.store.debt_of(user).await?;
    if owed > 0 {
        return Ok(AccountStanding::Owes { owed: MinorUnits(owed) });
    }
    let has_card = matches!(state.store.stripe_customer(user).await?, Some((_, Some(_))));
    Ok(AccountStanding::Good { has_card })
}

pub async fn list(state: &AppState, user: &UserId) -> Result<Vec<TagView>, ApiError> {
    let standing = standing(state, user).await?;
    let usable_account = state.payments.is_none() || tag_standing(standing).is_none();
    Ok(state
        .store
        .tags_of(user)
        .await?
        .into_iter()
        .map(|t| view(t, usable_account))
        .collect())
}

fn view(t: AccountTagRow, usable_account: bool) -> TagView {
    TagView {
        usable: usable_account && t.status == "accepted",
        uid: t.id_tag,
        name: t.name.unwrap_or_default(),
        status: t.status,
    }
}

pub async fn link(state: &AppState, user: &UserId, req: &LinkTagRequest) -> Result<Vec<TagView>, ApiError> {
    let uid = TagUid::parse(&req.uid).map_err(|e| ApiError::InvalidTagUid(e.to_string()))?;
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(ApiError::InvalidRequest(
            "name: give the tag a name of 1 to 40 characters".into(),
        ));
    }
    // The same card read in the other byte order is the same card.
    if let Some(other) = state.store.tag_owner(uid.reversed().as_id_tag()).await? {
        if other != *user && uid.reversed() != uid {
            return Err(ApiError::TagTaken(uid.to_string()));
        }
    }
    match state.store.link_tag(user, uid.as_id_tag(), name, state.now()).await {
        Err(StoreError::Conflict(_)) => return Err(ApiError::TagTaken(uid.to_string())),
        other => other?,
    }
    list(state, user).await
}

/// Blocks or unblocks one of the account's tags. A blocked tag is refused at the next
/// Authorize or StartTransaction, and every connected charger's local list is told.
pub async fn set_blocked(
    state: &AppState,
    user: &UserId,
    raw_uid: &str,
    blocked: bool,
) -> Result<Vec<TagView>, ApiError> {
    let uid = TagUid::parse(raw_uid).map_err(|e| ApiError::InvalidTagUid(e.to_string()))?;
    let owned = state
        .store
        .tags_of(user)
        .await?
        .into_iter()
        .any(|t| t.id_tag == uid.as_id_tag());
    if !owned {
        return Err(ApiError::TagNotFound(uid.to_string()));
    }
    let status = if blocked {
        TokenStatus::Blocked
    } else {
        TokenStatus::Accepted
    };
    state
        .store
        .set_token_status(uid.as_id_tag(), status, state.now())
        .await?;
    tell_chargers(state, &uid, blocked);
    list(state, user).await
}

/// Sends every connected charger — on any node: through the bus to those other nodes hold,
/// as the API's operations go — a differential SendLocalList with the tag's new status, in
/// the background (a charger that keeps a local list or cache must not let a lost card in
/// while offline). Answers are logged.
fn tell_chargers(state: &AppState, uid: &TagUid, blocked: bool) {
    let status = if blocked {
        OcppStatus::Blocked
    } else {
        OcppStatus::Accepted
    };
    let version = i32::try_from(state.now().timestamp() % i64::from(i32::MAX)).unwrap_or(1);
    let call = CentralSystemCall::SendLocalList(SendLocalListRequest {
        list_version: version,
        local_authorization_list: Some(vec![AuthorizationData {
            id_tag: uid.as_id_tag().to_owned(),
            id_tag_info: Some(IdTagInfo {
                expiry_date: None,
                parent_id_tag: None,
                status,
            }),
        }]),
        update_type: UpdateType::Differential,
    });
    let (action, payload) = call.to_action_payload();
    let timeout = Duration::from_secs(state.config.call_timeout_s);
    for (charger_id, link) in state.links.online_everywhere() {
        let payload = payload.clone();
        let uid = uid.to_string();
        tokio::spawn(async move {
            match link.call(action, payload, timeout).await {
                Ok(answer) => tracing::info!(%charger_id, tag = %uid, %answer, "SendLocalList answered"),
                Err(e) => tracing::info!(%charger_id, tag = %uid, error = %e, "SendLocalList not delivered"),
            }
        });
    }
}
