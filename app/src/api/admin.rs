//! For admins: users and the audit log; for support and admins: the operations lists.

use super::fetch::Method;
use ladeklar_api::{
    AuditLog, DisabledRequest, NewUserRequest, QuarantineList, Role, RolesRequest, StuckSessionList, UserId, UserList,
    UserView,
};

use super::{read, request, ApiError};

/// `GET /api/v1/users`.
pub async fn users() -> Result<UserList, ApiError> {
    read(request(Method::GET, "/users").send().await).await
}

/// `POST /api/v1/users`: the new user is mailed a link to set their password.
pub async fn add_user(email: &str, roles: Vec<Role>) -> Result<UserView, ApiError> {
    let body = NewUserRequest {
        email: email.to_string(),
        roles,
    };
    read(request(Method::POST, "/users").json(&body).send().await).await
}

/// `PUT /api/v1/users/{id}/roles`: the user's roles from now on.
pub async fn set_roles(id: UserId, roles: Vec<Role>) -> Result<UserView, ApiError> {
    let body = RolesRequest { roles };
    read(
        request(Method::PUT, &format!("/users/{id}/roles"))
            .json(&body)
            .send()
            .await,
    )
    .await
}

/// `PUT /api/v1/users/{id}/disabled`: disable (every token ends) or enable.
pub async fn set_disabled(id: UserId, disabled: bool) -> Result<UserView, ApiError> {
    let body = DisabledRequest { disabled };
    read(
        request(Method::PUT, &format!("/users/{id}/disabled"))
            .json(&body)
            .send()
            .await,
    )
    .await
}

/// `GET /api/v1/audit`: newest first; `before` pages on (the previous page's `next_before`).
pub async fn audit_log(user: Option<UserId>, before: Option<i64>, limit: u32) -> Result<AuditLog, ApiError> {
    let mut query = vec![("limit", limit.to_string())];
    if let Some(user) = user {
        query.push(("user", user.to_string()));
    }
    if let Some(before) = before {
        query.push(("before", before.to_string()));
    }
    read(request(Method::GET, "/audit").query(&query).send().await).await
}

/// `GET /api/v1/quarantine`: transaction messages held for review, newest first.
pub async fn quarantine() -> Result<QuarantineList, ApiError> {
    read(request(Method::GET, "/quarantine").send().await).await
}

/// `GET /api/v1/sessions/stuck`: sessions whose charger went silent, longest first.
pub async fn stuck_sessions() -> Result<StuckSessionList, ApiError> {
    read(request(Method::GET, "/sessions/stuck").send().await).await
}
