//! For owners: their overview (sites, chargers, revenue, open cases) and their self-billing
//! statements and credit notes, under `/api/v1/owners/{owner}/…`.

use chrono::NaiveDate;
use ladeklar_api::{IssueStatementsRequest, IssuedStatements, OwnerOverview, StatementList};

use super::fetch::Method;
use super::{encode, read, request, ApiError};

/// `GET /api/v1/owners/{owner}/overview?from&to`.
pub async fn owner_overview(owner: String, from: NaiveDate, to: NaiveDate) -> Result<OwnerOverview, ApiError> {
    let path = format!("/owners/{}/overview?from={from}&to={to}", encode(&owner));
    read(request(Method::GET, &path).send().await).await
}

/// `GET /api/v1/owners/{owner}/statements`.
pub async fn owner_statements(owner: String) -> Result<StatementList, ApiError> {
    let path = format!("/owners/{}/statements", encode(&owner));
    read(request(Method::GET, &path).send().await).await
}

/// `POST /api/v1/owners/{owner}/statements`: 400 `invalid_month`, 409 `org_number_missing`.
pub async fn issue_statements(owner: String, month: String) -> Result<IssuedStatements, ApiError> {
    let path = format!("/owners/{}/statements", encode(&owner));
    let body = IssueStatementsRequest { month };
    read(request(Method::POST, &path).json(&body).send().await).await
}

/// Where a statement downloads as `pdf` or `csv`: a plain link, so a bearer token (the
/// shells) goes in the query.
pub fn statement_download_address(owner: &str, id: &str, format: &str) -> String {
    let mut address = super::url(&format!("/owners/{}/statements/{}/{format}", encode(owner), encode(id)));
    if let Some(token) = super::credentials::bearer() {
        address.push_str(&format!("?access_token={}", encode(&token)));
    }
    address
}
