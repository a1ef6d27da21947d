//! `/api/v1/account/favourites`: the chargers a signed-in driver starred (core's
//! `finder::favourites`, the store's `favourites`). Signed out, the app keeps them on the
//! device and moves them here at sign-in, one `PUT` each.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use ladeklar_api::Favourites;
use ladeklar_core::accounts::{Action, ObjectOwner};
use ladeklar_core::finder::favourites::{check_add, check_id};
use ladeklar_core::finder::MAX_FAVOURITES;
use ladeklar_store::FavouriteAdded;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// The caller's own account, checked against the access table.
fn own(caller: &Caller) -> Result<ladeklar_core::accounts::UserId, ApiError> {
    let user = caller.user()?.id;
    caller.allow(Action::ManageFavourites, &ObjectOwner::Account { user })?;
    Ok(user)
}

/// The signed-in driver's favourite chargers, oldest first.
#[utoipa::path(get, path = "/api/v1/account/favourites",
    responses((status = 200, body = Favourites), (status = 401, body = ladeklar_api::Problem)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Favourites>, ApiError> {
    let user = own(&caller)?;
    Ok(Json(Favourites {
        charger_ids: state.store.favourites(user).await?,
    }))
}

/// Stars a charger (204; again is the same). At most 100.
#[utoipa::path(put, path = "/api/v1/account/favourites/{charger_id}",
    params(("charger_id" = String, Path, description = "Charge point id")),
    responses((status = 204), (status = 400, body = ladeklar_api::Problem, description = "invalid_request: at most 100 favourites"),
        (status = 401, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem, description = "charger_not_found")))]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    Path(charger_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let user = own(&caller)?;
    check_id(&charger_id).map_err(|e| ApiError::InvalidRequest(e.to_string()))?;
    match state.store.add_favourite(user, &charger_id, state.now()).await? {
        FavouriteAdded::Added | FavouriteAdded::AlreadyThere => Ok(StatusCode::NO_CONTENT),
        FavouriteAdded::NoSuchCharger => Err(ApiError::ChargerNotFound(charger_id)),
        FavouriteAdded::Full => Err(ApiError::InvalidRequest(
            check_add(MAX_FAVOURITES)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default(),
        )),
    }
}

/// Takes a star away (204, also when it was not there).
#[utoipa::path(delete, path = "/api/v1/account/favourites/{charger_id}",
    params(("charger_id" = String, Path, description = "Charge point id")),
    responses((status = 204), (status = 401, body = ladeklar_api::Problem)))]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(charger_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let user = own(&caller)?;
    state.store.remove_favourite(user, &charger_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
