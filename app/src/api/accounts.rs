//! One's own account: sign up, confirm the e-mail, sign in and out, passwords, one's data.

use super::fetch::Method;
use ladeklar_api::{
    AccountView, ChangePasswordRequest, DeleteAccountRequest, LinkToken, Notice, PasswordResetConfirm,
    PasswordResetRequest, SignInRequest, SignUpRequest, SignedIn,
};

use super::{read, read_empty, read_text, request, ApiError};

/// `POST /api/v1/account/sign-up`: the same notice whether the address is new or not.
pub async fn sign_up(email: &str, password: &str) -> Result<Notice, ApiError> {
    let body = SignUpRequest {
        email: email.to_string(),
        password: password.to_string(),
    };
    read(request(Method::POST, "/account/sign-up").json(&body).send().await).await
}

/// `POST /api/v1/account/verify-email`: confirms the address (does not sign in).
pub async fn verify_email(token: &str) -> Result<AccountView, ApiError> {
    let body = LinkToken {
        token: token.to_string(),
    };
    read(request(Method::POST, "/account/verify-email").json(&body).send().await).await
}

/// `POST /api/v1/account/sign-in`. `bearer`: answer the token in the body (the desktop
/// shell) instead of setting cookies (a web page).
pub async fn sign_in(email: &str, password: &str, bearer: bool) -> Result<SignedIn, ApiError> {
    let body = SignInRequest {
        email: email.to_string(),
        password: password.to_string(),
        bearer,
    };
    read(request(Method::POST, "/account/sign-in").json(&body).send().await).await
}

/// `POST /api/v1/account/sign-out`: ends this client's token.
pub async fn sign_out() -> Result<(), ApiError> {
    read_empty(request(Method::POST, "/account/sign-out").send().await).await
}

/// `POST /api/v1/account/sign-out-everywhere`: ends every token of the account.
pub async fn sign_out_everywhere() -> Result<(), ApiError> {
    read_empty(request(Method::POST, "/account/sign-out-everywhere").send().await).await
}

/// `GET /api/v1/account`: who is signed in (401 `sign_in_required`: nobody).
pub async fn account() -> Result<AccountView, ApiError> {
    read(request(Method::GET, "/account").send().await).await
}

/// `POST /api/v1/account/password`: every other token ends; the answer carries the new
/// token when this client signs in with one.
pub async fn change_password(current_password: &str, new_password: &str) -> Result<SignedIn, ApiError> {
    let body = ChangePasswordRequest {
        current_password: current_password.to_string(),
        new_password: new_password.to_string(),
    };
    read(request(Method::POST, "/account/password").json(&body).send().await).await
}

/// `POST /api/v1/account/password-reset`: mail a reset link (the same notice for any address).
pub async fn request_password_reset(email: &str) -> Result<Notice, ApiError> {
    let body = PasswordResetRequest {
        email: email.to_string(),
    };
    read(
        request(Method::POST, "/account/password-reset")
            .json(&body)
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/account/password-reset/confirm`: the mailed link's token and the new password.
pub async fn confirm_password_reset(token: &str, new_password: &str) -> Result<(), ApiError> {
    let body = PasswordResetConfirm {
        token: token.to_string(),
        new_password: new_password.to_string(),
    };
    read_empty(
        request(Method::POST, "/account/password-reset/confirm")
            .json(&body)
            .send()
            .await,
    )
    .await
}

/// `GET /api/v1/account/export`: everything kept about the caller, as the JSON text the
/// server sent (saved as a file as it is).
pub async fn export_account() -> Result<String, ApiError> {
    read_text(request(Method::GET, "/account/export").send().await).await
}

/// `DELETE /api/v1/account`: the password again, so a borrowed device cannot delete it.
pub async fn delete_account(password: &str) -> Result<(), ApiError> {
    let body = DeleteAccountRequest {
        password: password.to_string(),
    };
    read_empty(request(Method::DELETE, "/account").json(&body).send().await).await
}

/// `GET /api/v1/account/favourites`: the signed-in driver's starred chargers.
pub async fn favourites() -> Result<Vec<String>, ApiError> {
    let list: ladeklar_api::Favourites = read(request(Method::GET, "/account/favourites").send().await).await?;
    Ok(list.charger_ids)
}

/// `PUT` (star) or `DELETE` (unstar) `/api/v1/account/favourites/{charger_id}`.
pub async fn set_favourite(charger_id: &str, on: bool) -> Result<(), ApiError> {
    let method = if on { Method::PUT } else { Method::DELETE };
    let path = format!("/account/favourites/{}", super::encode(charger_id));
    read_empty(request(method, &path).send().await).await
}
