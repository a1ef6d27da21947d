//! Field visits for the staff screens: what 3rd line's booking form needs and the booking
//! itself, a site's service card, and the SLA report of a month (core's `SlaMonthReport`),
//! with their PDF and CSV downloads as plain links.

use ladeklar_api::{ScheduleVisitRequest, ServiceCard, VisitBookingFacts, WorkOrderView};
use ladeklar_core::field::sla_month::SlaMonthReport;

use super::fetch::Method;
use super::{encode, read, request, ApiError};

/// `GET /api/v1/support/cases/{id}/visit-booking`.
pub async fn visit_booking(case_id: String) -> Result<VisitBookingFacts, ApiError> {
    let path = format!("/support/cases/{}/visit-booking", encode(&case_id));
    read(request(Method::GET, &path).send().await).await
}

/// `POST /api/v1/support/cases/{id}/work-orders`.
pub async fn book_visit(case_id: String, body: ScheduleVisitRequest) -> Result<WorkOrderView, ApiError> {
    let path = format!("/support/cases/{}/work-orders", encode(&case_id));
    read(request(Method::POST, &path).json(&body).send().await).await
}

/// `GET /api/v1/sites/{id}/service-card`.
pub async fn service_card(site_id: String) -> Result<ServiceCard, ApiError> {
    let path = format!("/sites/{}/service-card", encode(&site_id));
    read(request(Method::GET, &path).send().await).await
}

/// The SLA report's query: `owner`, `site` (each when given) and `month`.
fn sla_query(owner: &str, site: &str, month: &str) -> String {
    let mut query = vec![format!("month={}", encode(month))];
    if !owner.trim().is_empty() {
        query.push(format!("owner={}", encode(owner.trim())));
    }
    if !site.trim().is_empty() {
        query.push(format!("site={}", encode(site.trim())));
    }
    query.join("&")
}

/// `GET /api/v1/sla-report?owner&site&month`.
pub async fn sla_report(owner: String, site: String, month: String) -> Result<SlaMonthReport, ApiError> {
    let path = format!("/sla-report?{}", sla_query(&owner, &site, &month));
    read(request(Method::GET, &path).send().await).await
}

/// `GET /api/v1/sla-report/scopes`: the owners (with their sites) the caller may report on.
pub async fn sla_report_scopes() -> Result<ladeklar_api::SlaReportScopes, ApiError> {
    read(request(Method::GET, "/sla-report/scopes").send().await).await
}

/// A download's address: a plain link, so a bearer token (the shells) goes in the query.
fn download(path_and_query: String) -> String {
    let mut address = super::url(&path_and_query);
    if let Some(token) = super::credentials::bearer() {
        let joiner = if address.contains('?') { '&' } else { '?' };
        address.push_str(&format!("{joiner}access_token={}", encode(&token)));
    }
    address
}

/// The SLA report as `csv` or `pdf`.
pub fn sla_report_download(owner: &str, site: &str, month: &str, format: &str) -> String {
    download(format!("/sla-report?{}&format={format}", sla_query(owner, site, month)))
}

/// The service card as PDF.
pub fn service_card_pdf(site_id: &str) -> String {
    download(format!("/sites/{}/service-card?format=pdf", encode(site_id)))
}
