//! Id tags presented at a charger: loads the token store's records and the sessions the tag
//! is in, and asks `core` (`session_events::start::TagRecords::decide`).

use chrono::{DateTime, Utc};
use ladeklar_core::authorization::{AuthorizationDecision, AuthorizationPurpose, AuthorizationStatus, TokenRecord};
use ladeklar_core::session_events::start::TagRecords;
use ladeklar_ocpp::v16::types::{AuthorizationStatus as OcppStatus, IdTagInfo};

use crate::AppState;

/// What the token store holds about one id tag.
pub struct LoadedTag {
    token: Option<TokenRecord>,
    parent: Option<TokenRecord>,
    sessions_under_way: Vec<String>,
    account: Option<ladeklar_core::payments::AccountStanding>,
}

impl LoadedTag {
    /// Loads the tag's records; the sessions it is in only for a StartTransaction, the one
    /// purpose that can be answered ConcurrentTx.
    pub async fn load(state: &AppState, id_tag: &str, purpose: AuthorizationPurpose) -> anyhow::Result<Self> {
        let store = &state.store;
        let mut token = store.token(id_tag).await?;
        // An RFID card's UID as some readers send it: in the other byte order.
        if token.is_none() {
            if let Ok(uid) = ladeklar_core::payments::TagUid::parse(id_tag) {
                token = store.token(uid.reversed().as_id_tag()).await?;
            }
        }
        let parent = match token.as_ref().and_then(|t| t.parent_id_tag.as_deref()) {
            Some(parent) => store.token(parent).await?,
            None => None,
        };
        let account = crate::payments::tags::standing_of_tag(state, id_tag).await?;
        Ok(Self {
            account,
            token,
            parent,
            sessions_under_way: match purpose {
                AuthorizationPurpose::StartTransaction => store.sessions_with_tag_under_way(id_tag).await?,
                AuthorizationPurpose::Authorize | AuthorizationPurpose::StopTransaction => Vec::new(),
            },
        })
    }

    pub fn records(&self) -> TagRecords<'_> {
        TagRecords {
            token: self.token.as_ref(),
            parent: self.parent.as_ref(),
            sessions_under_way: &self.sessions_under_way,
            account: self.account,
        }
    }
}

/// Decides `id_tag`, presented for `purpose`, at `now`. `issued_for_app_session`: the tag belongs to a session the
/// driver started in the app. `session`: the session this message is about (its own tag is
/// not "in another transaction").
pub async fn decide(
    state: &AppState,
    id_tag: &str,
    purpose: AuthorizationPurpose,
    issued_for_app_session: bool,
    session: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<AuthorizationDecision> {
    let loaded = LoadedTag::load(state, id_tag, purpose).await?;
    let decision = loaded.records().decide(purpose, issued_for_app_session, session, now);
    log_refusal(id_tag, &decision);
    Ok(decision)
}

pub fn log_refusal(id_tag: &str, decision: &AuthorizationDecision) {
    if decision.status != AuthorizationStatus::Accepted {
        tracing::info!(%id_tag, status = ?decision.status, "id tag not accepted");
    }
}

/// The decision as OCPP `IdTagInfo`.
pub fn id_tag_info(decision: &AuthorizationDecision) -> IdTagInfo {
    IdTagInfo {
        expiry_date: decision.expiry,
        parent_id_tag: decision.parent_id_tag.clone(),
        status: match decision.status {
            AuthorizationStatus::Accepted => OcppStatus::Accepted,
            AuthorizationStatus::Blocked => OcppStatus::Blocked,
            AuthorizationStatus::Expired => OcppStatus::Expired,
            AuthorizationStatus::Invalid => OcppStatus::Invalid,
            AuthorizationStatus::ConcurrentTx => OcppStatus::ConcurrentTx,
        },
    }
}
