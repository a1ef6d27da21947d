//! Field visits (staff build): the technician's work orders, a step, a visit report and its
//! photos (each keyed by an id this phone made, so a repeated send is answered as before),
//! verifying operation, and a site's service card.

use ladeklar_api::{
    VerificationRun, VerifyRequest, VisitReportAnswer, VisitReportRequest, WorkOrderList, WorkOrderPhoto,
};
use ladeklar_core::field::work_order::WorkOrderEvent;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::fetch::{Method, Response};
use super::{credentials, encode, read, request, url, ApiError};

/// `GET /api/v1/work-orders`: the signed-in technician's work orders from today on.
pub async fn work_orders() -> Result<WorkOrderList, ApiError> {
    read(request(Method::GET, "/work-orders").send().await).await
}

/// `POST /api/v1/work-orders/{id}/steps`: one of core's steps, tagged by `step`.
pub async fn work_order_step(id: &str, step: &WorkOrderEvent) -> Result<VisitReportAnswer, ApiError> {
    let path = format!("/work-orders/{}/steps", encode(id));
    read(request(Method::POST, &path).json(step).send().await).await
}

/// `POST /api/v1/work-orders/{id}/reports`: 200 applied, 202 kept for 3rd line (the
/// answer's `outcome` says which).
pub async fn visit_report(id: &str, body: &VisitReportRequest) -> Result<VisitReportAnswer, ApiError> {
    let path = format!("/work-orders/{}/reports", encode(id));
    read(request(Method::POST, &path).json(body).send().await).await
}

/// `POST /api/v1/work-orders/{id}/verify`.
pub async fn verify_operation(id: &str, body: &VerifyRequest) -> Result<VerificationRun, ApiError> {
    let path = format!("/work-orders/{}/verify", encode(id));
    read(request(Method::POST, &path).json(body).send().await).await
}

fn js_problem(e: JsValue) -> ApiError {
    ApiError::Network(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the photo could not be sent".to_string()),
    )
}

/// `POST /api/v1/work-orders/{id}/photos?client_id=…` with the photo's bytes (a Blob kept
/// on the phone) as the body.
pub async fn work_order_photo(id: &str, client_id: &str, photo: &web_sys::Blob) -> Result<WorkOrderPhoto, ApiError> {
    let address = format!(
        "{}?client_id={}",
        url(&format!("/work-orders/{}/photos", encode(id))),
        encode(client_id)
    );
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(js_problem)?;
    if let Some((name, value)) = credentials::auth_header() {
        headers.set(&name, &value).map_err(js_problem)?;
    }
    let content_type = photo.type_();
    if !content_type.is_empty() {
        headers.set("Content-Type", &content_type).map_err(js_problem)?;
    }
    init.set_headers(&headers);
    init.set_body(photo);
    let request = web_sys::Request::new_with_str_and_init(&address, &init).map_err(js_problem)?;
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let answer: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(js_problem)?
        .dyn_into()
        .map_err(js_problem)?;
    let body = JsFuture::from(answer.text().map_err(js_problem)?)
        .await
        .map_err(js_problem)?
        .as_string()
        .unwrap_or_default();
    read(Ok(Response {
        status: answer.status(),
        body,
    }))
    .await
}
