//! `/api/v1/owners/{owner}/…`: an owner's self-billing statements and credit notes (issue 19).
//! Each handler asks core's access table about the owner first (`ReadOwnerPortal`,
//! `IssueStatements`), then loads: another owner's statement id under one's own owner is 404.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ladeklar_api::{IssueStatementsRequest, IssuedStatements, StatementList, StatementView};
use ladeklar_core::accounts::{Action, ObjectOwner, OwnerId};
use ladeklar_core::payments::statement::{OrgNumber, StatementMonth};

use crate::auth::Caller;
use crate::error::{ApiError, JsonBody};
use crate::statements;
use crate::AppState;

fn owner_object(owner: &str) -> ObjectOwner {
    ObjectOwner::Owner {
        owner: OwnerId(owner.to_owned()),
    }
}

/// The owner's statements and credit notes, newest first.
#[utoipa::path(get, path = "/api/v1/owners/{owner}/statements", params(("owner" = String, Path)),
    responses((status = 200, body = StatementList), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(owner): Path<String>,
) -> Result<Json<StatementList>, ApiError> {
    caller.allow(Action::ReadOwnerPortal, &owner_object(&owner))?;
    let row = statements::load_owner(&state, &owner).await?;
    let documents = state.store.statements_of(&owner).await?;
    Ok(Json(StatementList {
        owner_id: row.id.clone(),
        owner_name: row.name.clone(),
        org_number: row.org_number.as_deref().map(|o| {
            OrgNumber::parse(o)
                .map(|n| n.to_string())
                .unwrap_or_else(|_| o.to_owned())
        }),
        last_month_over: StatementMonth::last_over(state.now(), statements::owner_zone(&row)).to_string(),
        statements: documents.iter().map(statements::summary).collect::<Result<_, _>>()?,
    }))
}

/// Issues the month's statement and credit note (each when it has a line), numbered in the
/// owner's one unbroken sequence, with a payout record each. Idempotent: a month issued before
/// answers 200 with its documents.
#[utoipa::path(post, path = "/api/v1/owners/{owner}/statements", params(("owner" = String, Path)),
    request_body = IssueStatementsRequest,
    responses((status = 201, body = IssuedStatements, description = "issued now"),
        (status = 200, body = IssuedStatements, description = "issued before, or nothing to state"),
        (status = 400, body = ladeklar_api::Problem, description = "invalid_month"),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem),
        (status = 404, body = ladeklar_api::Problem), (status = 409, body = ladeklar_api::Problem, description = "org_number_missing")))]
pub async fn issue(
    State(state): State<AppState>,
    caller: Caller,
    Path(owner): Path<String>,
    JsonBody(req): JsonBody<IssueStatementsRequest>,
) -> Result<(StatusCode, Json<IssuedStatements>), ApiError> {
    caller.allow(Action::IssueStatements, &owner_object(&owner))?;
    let issued = statements::issue(&state, &owner, &req.month, state.now()).await?;
    let status = if issued.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(IssuedStatements {
            month: req.month.trim().to_owned(),
            created: issued.created,
            statements: issued
                .documents
                .iter()
                .map(statements::summary)
                .collect::<Result<_, _>>()?,
        }),
    ))
}

async fn allowed(state: &AppState, caller: &Caller, owner: &str, id: &str) -> Result<StatementView, ApiError> {
    caller.allow(Action::ReadOwnerPortal, &owner_object(owner))?;
    statements::view(&statements::load(state, owner, id).await?)
}

#[utoipa::path(get, path = "/api/v1/owners/{owner}/statements/{id}", params(("owner" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = StatementView), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path((owner, id)): Path<(String, String)>,
) -> Result<Json<StatementView>, ApiError> {
    Ok(Json(allowed(&state, &caller, &owner, &id).await?))
}

/// The document as a PDF download.
#[utoipa::path(get, path = "/api/v1/owners/{owner}/statements/{id}/pdf", params(("owner" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "the statement"),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path((owner, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let view = allowed(&state, &caller, &owner, &id).await?;
    let zone = statements::owner_zone(&statements::load_owner(&state, &owner).await?);
    let bytes = statements::pdf::render(&view, zone)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"ladeklar-{owner}-{:06}.pdf\"",
                    view.summary.number
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The document's lines as a CSV download.
#[utoipa::path(get, path = "/api/v1/owners/{owner}/statements/{id}/csv", params(("owner" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "text/csv", description = "one row per session"),
        (status = 401, body = ladeklar_api::Problem), (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem)))]
pub async fn csv(
    State(state): State<AppState>,
    caller: Caller,
    Path((owner, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let view = allowed(&state, &caller, &owner, &id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"ladeklar-{owner}-{:06}.csv\"",
                    view.summary.number
                ),
            ),
        ],
        statements::csv::to_csv(&view),
    )
        .into_response())
}
