//! `/api/v1/users` and `/api/v1/audit`: admins' users, roles and the security audit log.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use ladeklar_api::{AuditLog, AuditQuery, DisabledRequest, NewUserRequest, RolesRequest, UserList, UserView};

use crate::accounts::admin;
use crate::auth::Caller;
use crate::error::{ApiError, JsonBody, QueryParams};
use crate::AppState;

#[utoipa::path(get, path = "/api/v1/users",
    responses((status = 200, body = UserList), (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<UserList>, ApiError> {
    Ok(Json(UserList {
        users: admin::list(&state, &caller).await?,
    }))
}

/// Adds a user; they are mailed a link to choose their password.
#[utoipa::path(post, path = "/api/v1/users", request_body = NewUserRequest,
    responses((status = 201, body = UserView), (status = 400, body = ladeklar_api::Problem), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 409, body = ladeklar_api::Problem, description = "email_taken"),
        (status = 503, body = ladeklar_api::Problem)))]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<NewUserRequest>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    Ok((StatusCode::CREATED, Json(admin::add(&state, &caller, &req).await?)))
}

#[utoipa::path(put, path = "/api/v1/users/{id}/roles", params(("id" = String, Path)), request_body = RolesRequest,
    responses((status = 200, body = UserView), (status = 400, body = ladeklar_api::Problem), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn set_roles(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<RolesRequest>,
) -> Result<Json<UserView>, ApiError> {
    Ok(Json(admin::set_roles(&state, &caller, &id, &req.roles).await?))
}

/// Disables (every sign-in ends at once) or enables an account.
#[utoipa::path(put, path = "/api/v1/users/{id}/disabled", params(("id" = String, Path)), request_body = DisabledRequest,
    responses((status = 200, body = UserView), (status = 400, body = ladeklar_api::Problem), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn set_disabled(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<DisabledRequest>,
) -> Result<Json<UserView>, ApiError> {
    Ok(Json(admin::set_disabled(&state, &caller, &id, req.disabled).await?))
}

#[utoipa::path(get, path = "/api/v1/audit", params(AuditQuery),
    responses((status = 200, body = AuditLog), (status = 400, body = ladeklar_api::Problem), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem)))]
pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<AuditQuery>,
) -> Result<Json<AuditLog>, ApiError> {
    Ok(Json(admin::audit_log(&state, &caller, &query).await?))
}
