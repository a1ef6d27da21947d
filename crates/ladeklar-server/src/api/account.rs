//! `/api/v1/account…`: sign up, confirm, sign in and out, passwords, one's own data. The
//! flows are `crate::accounts`; this moves bytes and cookies.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Response};
use axum::Json;
use ladeklar_api::{
    AccountExport, AccountView, ChangePasswordRequest, DeleteAccountRequest, LinkToken, Notice, PasswordResetConfirm,
    PasswordResetRequest, SignInRequest, SignUpRequest, SignedIn,
};

use crate::accounts::{self, account_view};
use crate::auth::{cookies, Caller, ClientAddress, Via};
use crate::error::{ApiError, JsonBody};
use crate::AppState;

/// The answer to a sign-in: the token in the body for a shell, cookies for a web page.
fn signed_in(state: &AppState, done: accounts::sign_in::SignedIn, bearer: bool) -> Response {
    let account = account_view(&done.user);
    if bearer {
        return Json(SignedIn {
            account,
            token: Some(done.secret),
        })
        .into_response();
    }
    let [session, csrf] = cookies::sign_in(&done.secret, state.secure_cookies());
    (
        AppendHeaders([(header::SET_COOKIE, session), (header::SET_COOKIE, csrf)]),
        Json(SignedIn { account, token: None }),
    )
        .into_response()
}

fn signed_out(state: &AppState, status: StatusCode) -> Response {
    let [session, csrf] = cookies::sign_out(state.secure_cookies());
    (
        status,
        AppendHeaders([(header::SET_COOKIE, session), (header::SET_COOKIE, csrf)]),
    )
        .into_response()
}

/// Creates a driver's account and mails a confirmation link. The same answer whether the
/// address already had an account (its owner is told by mail instead).
#[utoipa::path(post, path = "/api/v1/account/sign-up", request_body = SignUpRequest,
    responses((status = 202, body = Notice), (status = 400, body = ladeklar_api::Problem, description = "invalid_email, weak_password"),
        (status = 503, body = ladeklar_api::Problem, description = "mail_unavailable")))]
pub async fn sign_up(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<SignUpRequest>,
) -> Result<(StatusCode, Json<Notice>), ApiError> {
    Ok((
        StatusCode::ACCEPTED,
        Json(accounts::sign_up::sign_up(&state, &req).await?),
    ))
}

/// Confirms the e-mail address with the mailed link's token. Does not sign in.
#[utoipa::path(post, path = "/api/v1/account/verify-email", request_body = LinkToken,
    responses((status = 200, body = AccountView), (status = 400, body = ladeklar_api::Problem, description = "link_invalid")))]
pub async fn verify_email(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<LinkToken>,
) -> Result<Json<AccountView>, ApiError> {
    Ok(Json(accounts::sign_up::verify_email(&state, &req.token).await?))
}

/// Signs in: cookies for a web page, or the token in the body with `"bearer": true`.
#[utoipa::path(post, path = "/api/v1/account/sign-in", request_body = SignInRequest,
    responses((status = 200, body = SignedIn), (status = 400, body = ladeklar_api::Problem, description = "invalid_email"),
        (status = 401, body = ladeklar_api::Problem, description = "invalid_credentials"),
        (status = 403, body = ladeklar_api::Problem, description = "email_not_verified (a new link was mailed), account_disabled"),
        (status = 429, body = ladeklar_api::Problem, description = "sign_in_locked")))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    JsonBody(req): JsonBody<SignInRequest>,
) -> Result<Response, ApiError> {
    let how = if req.bearer { "bearer" } else { "cookie" };
    let done = accounts::sign_in::sign_in(&state, &req, &address, how).await?;
    Ok(signed_in(&state, done, req.bearer))
}

/// Ends this sign-in (its token) and clears the cookies. Always 204.
#[utoipa::path(post, path = "/api/v1/account/sign-out", responses((status = 204)))]
pub async fn sign_out(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    if let Some((secret, _)) = caller.token() {
        state.store.revoke_sign_in_token(secret, state.now()).await?;
    }
    Ok(signed_out(&state, StatusCode::NO_CONTENT))
}

/// Ends every sign-in of the account, on every device.
#[utoipa::path(post, path = "/api/v1/account/sign-out-everywhere",
    responses((status = 204), (status = 401, body = ladeklar_api::Problem)))]
pub async fn sign_out_everywhere(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    let user = caller.user()?;
    state
        .store
        .revoke_all_sign_in_tokens(user.id, Some(user.id), state.now())
        .await?;
    Ok(signed_out(&state, StatusCode::NO_CONTENT))
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/v1/account",
    responses((status = 200, body = AccountView), (status = 401, body = ladeklar_api::Problem)))]
pub async fn me(caller: Caller) -> Result<Json<AccountView>, ApiError> {
    Ok(Json(account_view(caller.user()?)))
}

/// Changes the password (the current one first). Every other sign-in ends; this client is
/// signed in again (new cookies, or the new token in the body for a bearer client).
#[utoipa::path(post, path = "/api/v1/account/password", request_body = ChangePasswordRequest,
    responses((status = 200, body = SignedIn), (status = 400, body = ladeklar_api::Problem, description = "weak_password"),
        (status = 401, body = ladeklar_api::Problem, description = "sign_in_required, invalid_credentials (the current password)"),
        (status = 429, body = ladeklar_api::Problem)))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddress(address): ClientAddress,
    JsonBody(req): JsonBody<ChangePasswordRequest>,
) -> Result<Response, ApiError> {
    let bearer = matches!(caller.token(), Some((_, Via::Bearer)));
    let done = accounts::passwords::change_password(&state, &caller, &req, &address).await?;
    Ok(signed_in(&state, done, bearer))
}

/// Mails a reset link if the address has an account; the same answer if not.
#[utoipa::path(post, path = "/api/v1/account/password-reset", request_body = PasswordResetRequest,
    responses((status = 202, body = Notice), (status = 400, body = ladeklar_api::Problem), (status = 503, body = ladeklar_api::Problem)))]
pub async fn request_reset(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<PasswordResetRequest>,
) -> Result<(StatusCode, Json<Notice>), ApiError> {
    Ok((
        StatusCode::ACCEPTED,
        Json(accounts::passwords::request_reset(&state, &req.email).await?),
    ))
}

/// Sets a new password with the mailed reset link's token; every sign-in of the account ends.
#[utoipa::path(post, path = "/api/v1/account/password-reset/confirm", request_body = PasswordResetConfirm,
    responses((status = 204), (status = 400, body = ladeklar_api::Problem, description = "link_invalid, weak_password")))]
pub async fn confirm_reset(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<PasswordResetConfirm>,
) -> Result<StatusCode, ApiError> {
    accounts::passwords::confirm_reset(&state, &req).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Everything kept about the caller, as a JSON download.
#[utoipa::path(get, path = "/api/v1/account/export",
    responses((status = 200, body = AccountExport), (status = 401, body = ladeklar_api::Problem)))]
pub async fn export(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    let data = accounts::own_data::export(&state, &caller).await?;
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"ladeklar-data.json\""),
        )],
        Json(data),
    )
        .into_response())
}

/// Deletes the caller's account (the password once more). Sessions stay, anonymised.
#[utoipa::path(delete, path = "/api/v1/account", request_body = DeleteAccountRequest,
    responses((status = 204), (status = 401, body = ladeklar_api::Problem, description = "sign_in_required, invalid_credentials"),
        (status = 429, body = ladeklar_api::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddress(address): ClientAddress,
    JsonBody(req): JsonBody<DeleteAccountRequest>,
) -> Result<Response, ApiError> {
    accounts::own_data::delete(&state, &caller, &req.password, &address).await?;
    Ok(signed_out(&state, StatusCode::NO_CONTENT))
}
