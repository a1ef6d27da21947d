//! For owners: their overview (sites, chargers, revenue, open cases) and their self-billing
//! statements and credit notes, under `/api/v1/owners/{owner}/…`.

use chrono::NaiveDate;
use ladeklar_api::{
    IssueStatementsRequest, IssuedStatements, OwnerList, OwnerOverview, OwnerSessionPage, OwnerSessionsQuery,
    StatementList, StatementSummary,
};

use super::fetch::Method;
use super::{encode, read, request, ApiError};

/// `GET /api/v1/owners/{owner}/overview?from&to&period`.
pub async fn owner_overview(
    owner: String,
    from: NaiveDate,
    to: NaiveDate,
    period: &str,
) -> Result<OwnerOverview, ApiError> {
    let path = format!(
        "/owners/{}/overview?from={from}&to={to}&period={}",
        encode(&owner),
        encode(period)
    );
    read(request(Method::GET, &path).send().await).await
}

/// `GET /api/v1/owners`: the owners the caller may read (an admin: every one).
pub async fn owners() -> Result<OwnerList, ApiError> {
    read(request(Method::GET, "/owners").send().await).await
}

/// The sessions filter as a query string (without `?`), page included when given.
pub fn sessions_query(q: &OwnerSessionsQuery) -> String {
    let mut parts = Vec::new();
    let mut add = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", encode(&v)));
        }
    };
    add("site", q.site.clone());
    add("charger", q.charger.clone());
    add("from", q.from.map(|d| d.to_string()));
    add("to", q.to.map(|d| d.to_string()));
    add("status", q.status.clone());
    add("q", q.q.clone());
    add("page", q.page.map(|p| p.to_string()));
    add("per_page", q.per_page.map(|p| p.to_string()));
    parts.join("&")
}

/// `GET /api/v1/owners/{owner}/sessions?…`.
pub async fn owner_sessions(owner: String, q: OwnerSessionsQuery) -> Result<OwnerSessionPage, ApiError> {
    let path = format!("/owners/{}/sessions?{}", encode(&owner), sessions_query(&q));
    read(request(Method::GET, &path).send().await).await
}

/// Where the filter's sessions download as CSV: a plain link (a bearer token in the query).
pub fn owner_sessions_csv_address(owner: &str, q: &OwnerSessionsQuery) -> String {
    let q = OwnerSessionsQuery {
        page: None,
        per_page: None,
        ..q.clone()
    };
    let mut query = sessions_query(&q);
    if let Some(token) = super::credentials::bearer() {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&format!("access_token={}", encode(&token)));
    }
    super::url(&format!("/owners/{}/sessions/csv?{query}", encode(owner)))
}

/// `POST /api/v1/owners/{owner}/statements/{id}/payout`: 400 `invalid_payout`, 409
/// `payout_already_paid`.
pub async fn mark_payout_paid(
    owner: String,
    id: String,
    paid_on: String,
    reference: String,
) -> Result<StatementSummary, ApiError> {
    let path = format!("/owners/{}/statements/{}/payout", encode(&owner), encode(&id));
    // The day as typed: a day that is none is the server's 400 naming `paid_on`.
    let body = serde_json::json!({ "paid_on": paid_on.trim(), "reference": reference });
    read(request(Method::POST, &path).json(&body).send().await).await
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
