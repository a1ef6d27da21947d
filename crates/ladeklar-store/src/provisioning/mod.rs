//! Provisioning the registry and the token store (used by `ladeklar charger|token`), and
//! staff accounts ([`users`], for `ladeklar user`): checks every field before anything is
//! written and writes each change in one transaction.

pub mod users;

use chrono::{DateTime, Utc};
use ladeklar_api::{ConnectorStandard, PowerType};
use ladeklar_core::authorization::{check_id_tag, TokenRecord, TokenStatus};

use crate::credentials::{check_new_password, hash_password};
use crate::{enum_str, instant_str, NewCharger, NewConnector, NewSite, Registration, Store, StoreError};

/// Why a provisioning change was refused. `InvalidField` names the field.
#[derive(Debug, thiserror::Error)]
pub enum ProvisioningError {
    #[error("{field}: {why}")]
    InvalidField { field: &'static str, why: String },
    #[error("charger {0:?} is already registered")]
    ChargerExists(String),
    #[error("charger {0:?} is not registered")]
    ChargerNotFound(String),
    #[error(
        "charger {id:?} has {sessions} session(s) and {quarantined} quarantined message(s); they are the \
         record of what was charged and billed, so it is kept (set its registration to rejected to refuse it)"
    )]
    ChargerHasHistory {
        id: String,
        sessions: i64,
        quarantined: i64,
    },
    #[error("token {0:?} is not in the token store")]
    TokenNotFound(String),
    #[error("a user with the e-mail address {0:?} already exists")]
    UserExists(String),
    #[error("no user has the e-mail address {0:?}")]
    UserNotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ProvisioningError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

pub(crate) fn invalid(field: &'static str, why: impl ToString) -> ProvisioningError {
    ProvisioningError::InvalidField {
        field,
        why: why.to_string(),
    }
}

/// One connector of a new charger.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectorSpec {
    pub connector_id: u32,
    pub standard: ConnectorStandard,
    pub power_type: PowerType,
    pub max_power_kw: u32,
}

/// A charger to register.
#[derive(Debug, Clone)]
pub struct ChargerSpec {
    pub id: String,
    pub site_id: String,
    pub connectors: Vec<ConnectorSpec>,
    pub password: String,
    pub vendor: String,
    pub model: String,
    pub registration: Registration,
}

/// A registered charger, for listing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChargerListing {
    pub id: String,
    pub site_id: String,
    pub registration: String,
    pub has_password: bool,
    pub connectors: Vec<String>,
}

/// Registers a charger with its connectors and password (charger and connectors in one
/// transaction).
pub async fn add_charger(store: &Store, spec: &ChargerSpec, now: DateTime<Utc>) -> Result<(), ProvisioningError> {
    // OCPP-J puts the charge point id in the URL path; keep it to a safe, bounded alphabet.
    let id_ok = (1..=48).contains(&spec.id.len())
        && spec
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !id_ok {
        return Err(invalid(
            "identity",
            "1 to 48 characters of A-Z, a-z, 0-9, '-', '_' and '.'",
        ));
    }
    check_new_password(&spec.password).map_err(|e| invalid("password", e))?;
    if spec.connectors.is_empty() {
        return Err(invalid("connector", "at least one connector is needed"));
    }
    let mut ids: Vec<u32> = spec.connectors.iter().map(|c| c.connector_id).collect();
    ids.sort_unstable();
    if ids.first() == Some(&0) {
        return Err(invalid(
            "connector",
            "connector ids start at 1 (0 is the charger itself)",
        ));
    }
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return Err(invalid("connector", "each connector id may appear once"));
    }
    if let Some(c) = spec.connectors.iter().find(|c| c.max_power_kw == 0) {
        return Err(invalid(
            "connector",
            format!("connector {} has no power", c.connector_id),
        ));
    }
    let sites: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sites WHERE id = $1")
        .bind(&spec.site_id)
        .fetch_one(store.pool())
        .await?;
    if sites == 0 {
        return Err(invalid("site", format!("no site {:?}", spec.site_id)));
    }
    if store.charger_exists(&spec.id).await? {
        return Err(ProvisioningError::ChargerExists(spec.id.clone()));
    }
    let connectors = spec
        .connectors
        .iter()
        .map(|c| NewConnector {
            connector_id: c.connector_id,
            standard: match c.standard {
                ConnectorStandard::Type2 => "type2",
                ConnectorStandard::Ccs2 => "ccs2",
                ConnectorStandard::Chademo => "chademo",
            },
            power_type: match c.power_type {
                PowerType::Ac => "ac",
                PowerType::Dc => "dc",
            },
            max_power_kw: c.max_power_kw,
        })
        .collect();
    let charger = NewCharger {
        id: &spec.id,
        site_id: &spec.site_id,
        vendor: &spec.vendor,
        model: &spec.model,
        connectors,
        password_hash: Some(hash_password(&spec.password)),
        registration: spec.registration,
    };
    store.insert_charger(&charger, now).await?;
    Ok(())
}

/// Every registered charger, by id.
pub async fn list_chargers(store: &Store) -> Result<Vec<ChargerListing>, ProvisioningError> {
    let rows: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, site_id, registration, password_hash FROM chargers ORDER BY id")
            .fetch_all(store.pool())
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, site_id, registration, password_hash) in rows {
        let connectors = store
            .connectors_of(&id)
            .await?
            .into_iter()
            .map(|c| format!("{}:{}:{}:{}", c.connector_id, c.standard, c.power_type, c.max_power_kw))
            .collect();
        out.push(ChargerListing {
            id,
            site_id,
            registration,
            has_password: password_hash.is_some(),
            connectors,
        });
    }
    Ok(out)
}

/// Removes a charger that has no history: no sessions and no quarantined messages (its
/// connectors and log go with it, in one transaction). A charger with history is kept.
pub async fn remove_charger(store: &Store, id: &str) -> Result<(), ProvisioningError> {
    let mut tx = store.pool().begin().await?;
    let chargers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM chargers WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if chargers == 0 {
        return Err(ProvisioningError::ChargerNotFound(id.into()));
    }
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE charger_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let quarantined: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM quarantine WHERE charger_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if sessions > 0 || quarantined > 0 {
        return Err(ProvisioningError::ChargerHasHistory {
            id: id.into(),
            sessions,
            quarantined,
        });
    }
    for sql in [
        "DELETE FROM connectors WHERE charger_id = $1",
        "DELETE FROM charger_log WHERE charger_id = $1",
        "DELETE FROM chargers WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Adds or replaces a token. The id tag and the parent must be valid OCPP IdTokens; a
/// parent must already be in the store.
pub async fn add_token(store: &Store, token: &TokenRecord, now: DateTime<Utc>) -> Result<(), ProvisioningError> {
    check_id_tag(&token.id_tag).map_err(|e| invalid("id tag", e))?;
    if let Some(parent) = &token.parent_id_tag {
        check_id_tag(parent).map_err(|e| invalid("parent", e))?;
        if parent == &token.id_tag {
            return Err(invalid("parent", "a token cannot be its own parent"));
        }
        if store.token(parent).await?.is_none() {
            return Err(invalid(
                "parent",
                format!("no token {parent:?} in the store; add it first"),
            ));
        }
    }
    store.upsert_token(token, now).await?;
    Ok(())
}

pub async fn list_tokens(store: &Store) -> Result<Vec<TokenRecord>, ProvisioningError> {
    Ok(store.tokens().await?)
}

/// Blocks a token: Authorize and StartTransaction answer Blocked from now on.
pub async fn block_token(store: &Store, id_tag: &str, now: DateTime<Utc>) -> Result<(), ProvisioningError> {
    if store.set_token_status(id_tag, TokenStatus::Blocked, now).await? {
        Ok(())
    } else {
        Err(ProvisioningError::TokenNotFound(id_tag.into()))
    }
}

/// How a token's fields are stored (for printing them the same way).
pub fn token_fields(token: &TokenRecord) -> (String, Option<String>) {
    (enum_str(&token.status), token.expiry.map(instant_str))
}

/// A site to register, with its owner and the tariff its chargers are priced with.
#[derive(Debug, Clone)]
pub struct SiteSpec {
    pub id: String,
    pub owner_id: String,
    pub owner_name: String,
    pub owner_email: String,
    pub name: String,
    pub address: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    /// IANA time zone, for the tariff's time restrictions.
    pub time_zone: String,
    /// OCPI 2.2.1 tariff JSON, checked by core.
    pub tariff_json: String,
}

/// Registers a site (and its owner, if new) after checking every field; the tariff must be
/// one core can price (every problem named with its JSON path).
pub async fn add_site(store: &Store, spec: &SiteSpec) -> Result<(), ProvisioningError> {
    let slug = |s: &str| {
        (1..=64).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if !slug(&spec.id) {
        return Err(invalid("site", "1 to 64 characters of a-z, 0-9 and '-'"));
    }
    if !slug(&spec.owner_id) {
        return Err(invalid("owner", "1 to 64 characters of a-z, 0-9 and '-'"));
    }
    for (field, value) in [("name", &spec.name), ("address", &spec.address), ("city", &spec.city)] {
        if value.trim().is_empty() {
            return Err(invalid(field, "must not be empty"));
        }
    }
    if spec.country.len() != 2 || !spec.country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(invalid("country", "an ISO 3166-1 alpha-2 code, e.g. NO"));
    }
    if !(-90.0..=90.0).contains(&spec.lat) || !(-180.0..=180.0).contains(&spec.lon) {
        return Err(invalid("position", "latitude -90..90 and longitude -180..180"));
    }
    spec.time_zone
        .parse::<chrono_tz::Tz>()
        .map_err(|_| invalid("time_zone", format!("{:?} is not an IANA time zone", spec.time_zone)))?;
    let problems = ladeklar_core::tariff::validate::validate_json(&spec.tariff_json);
    if !problems.is_empty() {
        let all: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.path, p.message)).collect();
        return Err(invalid("tariff", all.join("; ")));
    }
    store
        .insert_site(&NewSite {
            id: &spec.id,
            owner_id: &spec.owner_id,
            owner_name: &spec.owner_name,
            owner_email: &spec.owner_email,
            name: &spec.name,
            address: &spec.address,
            city: &spec.city,
            country: &spec.country,
            lat: spec.lat,
            lon: spec.lon,
            time_zone: &spec.time_zone,
            tariff_json: &spec.tariff_json,
        })
        .await?;
    Ok(())
}
