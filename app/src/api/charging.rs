//! Finding chargers and charging: the list, one charger, start, stop, the session, the receipt.

use super::fetch::Method;
use ladeklar_api::{
    ChargerDetail, ChargerList, MapConfig, PlaceMatches, Receipt, SessionView, StartPayment, StartSessionRequest,
};
use uuid::Uuid;

use super::{encode, read, request, ApiError};

/// `GET /api/v1/chargers?bbox=w,s,e,n&limit=..` (or `?lat&lon&limit`) with the filters
/// pairs: the chargers in a map's box, or nearest a point.
pub async fn chargers_where(
    place: (f64, f64),
    bbox: Option<String>,
    filters: Vec<(&'static str, String)>,
    limit: u32,
) -> Result<ChargerList, ApiError> {
    let mut query: Vec<(&str, String)> = match bbox {
        Some(bbox) => vec![("bbox", bbox)],
        None => vec![("lat", place.0.to_string()), ("lon", place.1.to_string())],
    };
    query.push(("limit", limit.to_string()));
    query.extend(filters);
    let response = request(Method::GET, "/chargers").query(&query).send().await;
    read(response).await
}

/// `GET /api/v1/places?q=..&limit=..`: places whose name starts so (GeoNames, CC BY 4.0).
pub async fn places(q: &str, limit: u32) -> Result<PlaceMatches, ApiError> {
    let response = request(Method::GET, "/places")
        .query(&[("q", q.to_string()), ("limit", limit.to_string())])
        .send()
        .await;
    read(response).await
}

/// `GET /api/v1/map-config`: the deployment's tile layer, if it has one.
pub async fn map_config() -> Result<MapConfig, ApiError> {
    read(request(Method::GET, "/map-config").send().await).await
}

/// `GET /api/v1/chargers/{id}`.
pub async fn charger(id: &str) -> Result<ChargerDetail, ApiError> {
    let response = request(Method::GET, &format!("/chargers/{}", encode(id))).send().await;
    read(response).await
}

/// `POST /api/v1/sessions`: ask the charger to start on one connector, paid as `payment`
/// says (required when the server takes payment).
pub async fn start_session(
    charger_id: &str,
    connector_id: u32,
    payment: Option<StartPayment>,
) -> Result<SessionView, ApiError> {
    let body = StartSessionRequest {
        charger_id: charger_id.to_string(),
        connector_id,
        payment,
    };
    let response = request(Method::POST, "/sessions").json(&body).send().await;
    read(response).await
}

/// `GET /api/v1/sessions/{id}`.
pub async fn session(id: Uuid) -> Result<SessionView, ApiError> {
    let response = request(Method::GET, &format!("/sessions/{id}")).send().await;
    read(response).await
}

/// `POST /api/v1/sessions/{id}/stop`.
pub async fn stop_session(id: Uuid) -> Result<SessionView, ApiError> {
    let response = request(Method::POST, &format!("/sessions/{id}/stop")).send().await;
    read(response).await
}

/// Where the receipt's PDF is downloaded (`GET /api/v1/sessions/{id}/receipt.pdf`): a plain
/// link, so a bearer token (the shells) goes in the query, as for the live view.
pub fn receipt_pdf_address(id: Uuid) -> String {
    let mut address = super::url(&format!("/sessions/{id}/receipt.pdf"));
    if let Some(token) = super::credentials::bearer() {
        address.push_str(&format!("?access_token={}", encode(&token)));
    }
    address
}

/// `GET /api/v1/sessions/{id}/receipt`.
pub async fn receipt(id: Uuid) -> Result<Receipt, ApiError> {
    let response = request(Method::GET, &format!("/sessions/{id}/receipt")).send().await;
    read(response).await
}

/// The filters of the history as a query string (`from=2026-11-01&to=…`), days as typed.
fn history_query(from: Option<&str>, to: Option<&str>) -> String {
    [("from", from), ("to", to)]
        .into_iter()
        .filter_map(|(key, day)| day.filter(|d| !d.is_empty()).map(|d| format!("{key}={}", encode(d))))
        .collect::<Vec<_>>()
        .join("&")
}

/// `GET /api/v1/account/sessions`: the signed-in driver's sessions, newest first.
pub async fn history(from: Option<&str>, to: Option<&str>) -> Result<ladeklar_api::SessionHistory, ApiError> {
    let query = history_query(from, to);
    let path = if query.is_empty() {
        "/account/sessions".to_string()
    } else {
        format!("/account/sessions?{query}")
    };
    let response = request(Method::GET, &path).send().await;
    read(response).await
}

/// Where the history downloads as CSV: a plain link, so a bearer token (the shells) goes in
/// the query.
pub fn history_csv_address(from: Option<&str>, to: Option<&str>) -> String {
    let mut query = history_query(from, to);
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str("format=csv");
    if let Some(token) = super::credentials::bearer() {
        query.push_str(&format!("&access_token={}", encode(&token)));
    }
    super::url(&format!("/account/sessions?{query}"))
}
