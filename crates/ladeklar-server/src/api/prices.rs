//! Owners' prices (issue 19): `GET /api/v1/owner/prices`, `GET|POST /api/v1/sites/{id}/price`
//! and `GET|POST /api/v1/chargers/{id}/price`. A new price is core's
//! `tariff::price_form::check_price_change` of the owner's form (the tariff, or every problem
//! by field), saved as one new version from its moment on; sessions that start after it get
//! it, running ones keep theirs (`charging::driver_actions` pins the version at the start).

use std::str::FromStr;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_api::{ChargerPrice, OwnerPrices, PriceBook, PriceVersionView, SetPriceRequest, SitePrices};
use ladeklar_core::accounts::{Action, ObjectOwner, OwnerId};
use ladeklar_core::tariff::price_form::{check_price_change, form_of, TariffMeta};
use ladeklar_core::tariff::versions::{statuses, VersionStatus};
use ladeklar_core::tariff::words::{describe, Lang};
use ladeklar_core::tariff::Tariff;
use ladeklar_store::{parse_instant, NewTariffVersion, SiteRow, StoreError, TariffVersionRow};

use crate::auth::Caller;
use crate::error::{ApiError, LaterJson};
use crate::AppState;

/// Whose price: a site's, or one charger's own.
struct Scope {
    site: SiteRow,
    charger_id: Option<String>,
}

impl Scope {
    fn object(&self) -> ObjectOwner {
        let site_owner = OwnerId(self.site.owner_id.clone());
        match self.charger_id {
            Some(_) => ObjectOwner::Charger { site_owner },
            None => ObjectOwner::Site { site_owner },
        }
    }

    fn tz(&self) -> Result<Tz, ApiError> {
        Tz::from_str(&self.site.time_zone)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("site time zone {:?}: {e}", self.site.time_zone)))
    }
}

async fn site_scope(state: &AppState, site_id: &str) -> Result<Scope, ApiError> {
    let site = state
        .store
        .site(site_id)
        .await?
        .ok_or_else(|| ApiError::SiteNotFound(site_id.to_owned()))?;
    Ok(Scope { site, charger_id: None })
}

async fn charger_scope(state: &AppState, charger_id: &str) -> Result<Scope, ApiError> {
    let charger = state
        .store
        .charger(charger_id, state.now())
        .await?
        .ok_or_else(|| ApiError::ChargerNotFound(charger_id.to_owned()))?;
    let site = state
        .store
        .site(&charger.site_id)
        .await?
        .ok_or_else(|| ApiError::SiteNotFound(charger.site_id.clone()))?;
    Ok(Scope {
        site,
        charger_id: Some(charger.id),
    })
}

fn tariff(json: &str) -> Result<Tariff, ApiError> {
    Tariff::from_json(json).map_err(|e| ApiError::Internal(anyhow::anyhow!("stored tariff: {e}")))
}

/// A version as the API shows it. `tariff` `None`: the site's price (a charger that follows
/// its site again).
fn view(
    version: i64,
    effective_from: Option<DateTime<Utc>>,
    set_by: Option<String>,
    set_at: Option<DateTime<Utc>>,
    status: VersionStatus,
    tariff: Tariff,
) -> PriceVersionView {
    PriceVersionView {
        version,
        effective_from,
        set_by,
        set_at,
        status,
        text: describe(&tariff, Lang::En),
        text_nb: describe(&tariff, Lang::Nb),
        tariff,
    }
}

/// Every version of the scope's price, newest first, with its status at `now`; a charger's
/// own history ends in the site's price in effect (as its version 0).
async fn history(state: &AppState, scope: &Scope, now: DateTime<Utc>) -> Result<Vec<PriceVersionView>, ApiError> {
    let rows: Vec<TariffVersionRow> = state
        .store
        .tariff_versions(&scope.site.id, scope.charger_id.as_deref())
        .await?;
    let base = match &scope.charger_id {
        None => tariff(&scope.site.tariff_json)?,
        Some(_) => {
            let site_now = state.store.site_tariffs(now).await?;
            let json = site_now
                .iter()
                .find(|(id, _, _)| *id == scope.site.id)
                .map_or(scope.site.tariff_json.as_str(), |(_, json, _)| json.as_str());
            tariff(json)?
        }
    };
    let mut facts = Vec::with_capacity(rows.len() + 1);
    for row in &rows {
        facts.push((row.version, Some(parse_instant("effective_from", &row.effective_from)?)));
    }
    facts.push((0, None));
    let status = statuses(&facts, now);
    let mut out = Vec::with_capacity(facts.len());
    for (i, row) in rows.iter().enumerate() {
        let t = match &row.tariff_json {
            Some(json) => tariff(json)?,
            None => base.clone(),
        };
        out.push(view(
            row.version,
            facts[i].1,
            row.set_by_email.clone().filter(|e| !e.is_empty()),
            Some(parse_instant("set_at", &row.set_at)?),
            status[i],
            t,
        ));
    }
    out.push(view(0, None, None, None, status[rows.len()], base));
    Ok(out)
}

async fn book(state: &AppState, scope: &Scope) -> Result<PriceBook, ApiError> {
    let now = state.now();
    let history = history(state, scope, now).await?;
    let current = history
        .iter()
        .find(|v| v.status == VersionStatus::InEffect)
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no price in effect")))?;
    Ok(PriceBook {
        site_id: scope.site.id.clone(),
        site_name: scope.site.name.clone(),
        charger_id: scope.charger_id.clone(),
        currency: current.tariff.currency.clone(),
        time_zone: scope.site.time_zone.clone(),
        current_form: form_of(&current.tariff),
        current,
        history,
    })
}

/// Checks the form with core and saves it as the scope's next version.
async fn set(
    state: &AppState,
    caller: &Caller,
    scope: &Scope,
    body: LaterJson<SetPriceRequest>,
) -> Result<PriceVersionView, ApiError> {
    caller.allow(Action::SetPrice, &scope.object())?;
    let request = body.parse()?;
    let now = state.now();
    let versions = state
        .store
        .tariff_versions(&scope.site.id, scope.charger_id.as_deref())
        .await?;
    let version = versions.first().map_or(1, |v| v.version + 1);
    let set_up = tariff(&scope.site.tariff_json)?;
    let meta = TariffMeta {
        id: format!(
            "tariff-{}-v{version}",
            scope.charger_id.as_deref().unwrap_or(&scope.site.id).to_lowercase()
        ),
        currency: set_up.currency.clone(),
        country_code: set_up.country_code.clone(),
        party_id: set_up.party_id.clone(),
        last_updated: Some(now),
    };
    let checked = check_price_change(
        &request.form,
        request.effective_from.as_deref(),
        &meta,
        scope.tz()?,
        now,
    )
    .map_err(ApiError::InvalidPrice)?;
    let user = caller.user()?.id;
    let id = uuid::Uuid::new_v4().to_string();
    let json = checked.tariff.to_json();
    let saved = state
        .store
        .insert_tariff_version(&NewTariffVersion {
            id: &id,
            site_id: &scope.site.id,
            charger_id: scope.charger_id.as_deref(),
            version,
            tariff_json: Some(&json),
            effective_from: checked.effective_from,
            set_by: Some(user),
            set_at: now,
        })
        .await;
    match saved {
        Err(StoreError::Conflict(_)) => return Err(ApiError::PriceChanged),
        other => other?,
    }
    tracing::info!(site = %scope.site.id, charger = ?scope.charger_id, version, effective_from = %checked.effective_from, "price set");
    // The finder's estimates use the price in effect: read them again now (a later moment is
    // picked up by the minute's rebuild).
    let (finder, store, links) = (state.finder.clone(), state.store.clone(), state.links.clone());
    let at = state.now();
    tokio::spawn(async move {
        if let Err(e) = finder.rebuild(&store, &links, at).await {
            tracing::warn!(error = %e, "the finder could not be rebuilt after a price change");
        }
    });
    let status = if checked.effective_from <= now {
        VersionStatus::InEffect
    } else {
        VersionStatus::Scheduled
    };
    Ok(view(
        version,
        Some(checked.effective_from),
        Some(caller.user()?.email.clone()),
        Some(now),
        status,
        checked.tariff,
    ))
}

/// The caller's sites (an admin's: every site), each with its price in effect now, the next
/// scheduled change, and the chargers' own prices.
#[utoipa::path(get, path = "/api/v1/owner/prices",
    responses((status = 200, body = OwnerPrices), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<OwnerPrices>, ApiError> {
    caller.allow(Action::ReadPrices, &ObjectOwner::Platform)?;
    let principal = caller.principal();
    let owners: Option<Vec<String>> = match &principal {
        Some(p) if p.is_admin() => None,
        Some(p) => Some(p.owners().map(|o| o.0.clone()).collect()),
        None => Some(Vec::new()),
    };
    let now = state.now();
    let mut sites = Vec::new();
    for site in state.store.sites_of_owners(owners.as_deref()).await? {
        let scope = Scope { site, charger_id: None };
        let history = history(&state, &scope, now).await?;
        let price = history
            .iter()
            .find(|v| v.status == VersionStatus::InEffect)
            .cloned()
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no price in effect")))?;
        let next = history
            .iter()
            .filter(|v| v.status == VersionStatus::Scheduled)
            .min_by_key(|v| v.effective_from)
            .cloned();
        let own = state.store.chargers_with_own_prices(&scope.site.id).await?;
        let mut chargers = Vec::new();
        for charger in state.store.chargers_of_site(&scope.site.id).await? {
            let own_price = if own.contains(&charger) {
                let charger_scope = Scope {
                    site: scope.site.clone(),
                    charger_id: Some(charger.clone()),
                };
                history_in_effect(&state, &charger_scope, now).await?
            } else {
                None
            };
            chargers.push(ChargerPrice {
                charger_id: charger,
                own_price,
            });
        }
        sites.push(SitePrices {
            site_id: scope.site.id.clone(),
            site_name: scope.site.name.clone(),
            city: scope.site.city.clone(),
            owner_name: scope.site.owner_name.clone(),
            currency: price.tariff.currency.clone(),
            time_zone: scope.site.time_zone.clone(),
            price,
            next,
            chargers,
        });
    }
    Ok(Json(OwnerPrices { sites }))
}

/// A charger's own price in effect now (`None`: it has the site's).
async fn history_in_effect(
    state: &AppState,
    scope: &Scope,
    now: DateTime<Utc>,
) -> Result<Option<PriceVersionView>, ApiError> {
    Ok(history(state, scope, now)
        .await?
        .into_iter()
        .find(|v| v.status == VersionStatus::InEffect && v.version > 0))
}

/// A site's price: the one in effect, as the form, its history (scheduled changes
/// included) and what typical sessions cost under it.
#[utoipa::path(get, path = "/api/v1/sites/{id}/price", params(("id" = String, Path, description = "Site id")),
    responses((status = 200, body = PriceBook), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn site_price(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<PriceBook>, ApiError> {
    let scope = site_scope(&state, &id).await?;
    caller.allow(Action::ReadPrices, &scope.object())?;
    Ok(Json(book(&state, &scope).await?))
}

/// A new price for the site from `effective_from` (its local time; empty: now) for sessions
/// that start from then on. 400 `invalid_price` names every problem by field; nothing is
/// saved then.
#[utoipa::path(post, path = "/api/v1/sites/{id}/price", params(("id" = String, Path, description = "Site id")),
    request_body = SetPriceRequest,
    responses((status = 201, body = PriceVersionView), (status = 400, body = ladeklar_api::Problem, description = "invalid_price"),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem), (status = 409, body = ladeklar_api::Problem, description = "price_changed")))]
pub async fn set_site_price(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<SetPriceRequest>,
) -> Result<(StatusCode, Json<PriceVersionView>), ApiError> {
    let scope = site_scope(&state, &id).await?;
    Ok((StatusCode::CREATED, Json(set(&state, &caller, &scope, body).await?)))
}

/// A charger's own price (or its site's, while it has none), with its history.
#[utoipa::path(get, path = "/api/v1/chargers/{id}/price", params(("id" = String, Path, description = "Charge point id")),
    responses((status = 200, body = PriceBook), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn charger_price(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<PriceBook>, ApiError> {
    let scope = charger_scope(&state, &id).await?;
    caller.allow(Action::ReadPrices, &scope.object())?;
    Ok(Json(book(&state, &scope).await?))
}

/// A charger's own price, above its site's, from `effective_from` on.
#[utoipa::path(post, path = "/api/v1/chargers/{id}/price", params(("id" = String, Path, description = "Charge point id")),
    request_body = SetPriceRequest,
    responses((status = 201, body = PriceVersionView), (status = 400, body = ladeklar_api::Problem, description = "invalid_price"),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem), (status = 409, body = ladeklar_api::Problem, description = "price_changed")))]
pub async fn set_charger_price(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: LaterJson<SetPriceRequest>,
) -> Result<(StatusCode, Json<PriceVersionView>), ApiError> {
    let scope = charger_scope(&state, &id).await?;
    Ok((StatusCode::CREATED, Json(set(&state, &caller, &scope, body).await?)))
}
