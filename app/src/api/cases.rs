//! Support cases: a driver's fault report and its photos (uploaded with progress), the
//! driver's cases and the live case, and the support console's queue and actions.

use ladeklar_api::{CaseAnswer, CaseList, CasePhoto, CaseView, ReportFaultRequest};
#[cfg(feature = "staff")]
use ladeklar_api::{CaseNote, ChargerLog, RegisterCaseRequest};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::fetch::{Method, Response};
use super::{base_url, credentials, encode, read, request, url, ApiError};

/// `POST /api/v1/cases`.
pub async fn report_fault(body: &ReportFaultRequest) -> Result<CaseView, ApiError> {
    read(request(Method::POST, "/cases").json(body).send().await).await
}

/// `GET /api/v1/cases`: the signed-in driver's cases.
pub async fn my_cases() -> Result<CaseList, ApiError> {
    read(request(Method::GET, "/cases").send().await).await
}

/// `GET /api/v1/cases/{id}` (the reporter's view, or support's whole view).
pub async fn case(id: &str) -> Result<CaseView, ApiError> {
    read(request(Method::GET, &format!("/cases/{}", encode(id))).send().await).await
}

/// `POST /api/v1/cases/{id}/answer`: "Is it working now?".
pub async fn answer_case(id: &str, working: bool, comment: Option<String>) -> Result<CaseView, ApiError> {
    let body = CaseAnswer { working, comment };
    read(
        request(Method::POST, &format!("/cases/{}/answer", encode(id)))
            .json(&body)
            .send()
            .await,
    )
    .await
}

/// `GET /api/v1/support/cases` with the queue's filters (name, value).
#[cfg(feature = "staff")]
pub async fn support_queue(filters: Vec<(&'static str, String)>) -> Result<CaseList, ApiError> {
    read(request(Method::GET, "/support/cases").query(&filters).send().await).await
}

/// `POST /api/v1/support/cases`: a case from a phone call or an e-mail.
#[cfg(feature = "staff")]
pub async fn register_case(body: &RegisterCaseRequest) -> Result<CaseView, ApiError> {
    read(request(Method::POST, "/support/cases").json(body).send().await).await
}

/// `POST /api/v1/support/cases/{id}/events`: one of core's case events, tagged by `event`.
#[cfg(feature = "staff")]
pub async fn case_event(id: &str, event: &ladeklar_core::support::case::CaseEvent) -> Result<CaseView, ApiError> {
    read(
        request(Method::POST, &format!("/support/cases/{}/events", encode(id)))
            .json(event)
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/support/cases/{id}/notes`.
#[cfg(feature = "staff")]
pub async fn case_note(id: &str, text: String) -> Result<CaseView, ApiError> {
    let body = CaseNote { text };
    read(
        request(Method::POST, &format!("/support/cases/{}/notes", encode(id)))
            .json(&body)
            .send()
            .await,
    )
    .await
}

/// `GET /api/v1/chargers/{id}/log`: the charger's recent OCPP messages and statuses.
#[cfg(feature = "staff")]
pub async fn charger_log(id: &str, limit: u32) -> Result<ChargerLog, ApiError> {
    let response = request(Method::GET, &format!("/chargers/{}/log", encode(id)))
        .query(&[("limit", limit.to_string())])
        .send()
        .await;
    read(response).await
}

/// A photo's or thumbnail's address from the API (`/api/v1/cases/…`) for an `<img>`: on the
/// server's origin, with the bearer token in the query where the client has one (an image
/// request cannot send headers).
pub fn media_src(path: &str) -> String {
    let mut src = format!("{}{path}", base_url());
    if let Some(token) = credentials::bearer() {
        src.push_str(&format!("?access_token={}", encode(&token)));
    }
    src
}

fn js_problem(e: JsValue) -> ApiError {
    ApiError::Network(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the upload could not be sent".to_string()),
    )
}

/// `POST /api/v1/cases/{id}/photos` with the file's bytes as the body, through
/// `XMLHttpRequest` so the upload's progress can be shown: `on_progress` gets 0–100.
pub async fn upload_photo(
    case_id: &str,
    file: web_sys::File,
    on_progress: impl Fn(u32) + 'static,
) -> Result<CasePhoto, ApiError> {
    let xhr = web_sys::XmlHttpRequest::new().map_err(js_problem)?;
    xhr.open("POST", &url(&format!("/cases/{}/photos", encode(case_id))))
        .map_err(js_problem)?;
    if let Some((name, value)) = credentials::auth_header() {
        xhr.set_request_header(&name, &value).map_err(js_problem)?;
    }
    let content_type = file.type_();
    if !content_type.is_empty() {
        xhr.set_request_header("Content-Type", &content_type)
            .map_err(js_problem)?;
    }
    let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            let share = (event.loaded() / event.total() * 100.0).clamp(0.0, 100.0);
            on_progress(share as u32);
        }
    });
    xhr.upload()
        .map_err(js_problem)?
        .set_onprogress(Some(progress.as_ref().unchecked_ref()));
    // `loadend` comes once, after success, error or abort alike.
    let finished = js_sys::Promise::new(&mut |resolve, _reject| {
        xhr.set_onloadend(Some(&resolve));
    });
    xhr.send_with_opt_blob(Some(&file)).map_err(js_problem)?;
    let _ = JsFuture::from(finished).await;
    drop(progress);
    let status = xhr.status().map_err(js_problem)?;
    if status == 0 {
        return Err(ApiError::Network("the upload did not reach the server".to_string()));
    }
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    read(Ok(Response { status, body })).await
}

/// `GET /api/v1/cases/{id}/live`: `case` events, each a whole [`CaseView`]. Closes the stream
/// when dropped.
pub struct LiveCase {
    source: web_sys::EventSource,
    _on_case: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_open: Closure<dyn FnMut(web_sys::Event)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl LiveCase {
    /// Opens the stream: `on_case` gets each version of the case; `on_live` whether the
    /// stream is open now.
    pub fn open(
        id: &str,
        mut on_case: impl FnMut(Result<CaseView, ApiError>) + 'static,
        on_live: impl Fn(bool) + 'static,
    ) -> Result<Self, ApiError> {
        let mut address = url(&format!("/cases/{}/live", encode(id)));
        if let Some(token) = credentials::bearer() {
            address.push_str(&format!("?access_token={}", encode(&token)));
        }
        let source = web_sys::EventSource::new(&address).map_err(|e| ApiError::Network(format!("{e:?}")))?;
        let on_case_event = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let view = event
                .data()
                .as_string()
                .ok_or_else(|| ApiError::Decode("a live event without text".to_string()))
                .and_then(|data| serde_json::from_str::<CaseView>(&data).map_err(|e| ApiError::Decode(e.to_string())));
            on_case(view);
        });
        source
            .add_event_listener_with_callback("case", on_case_event.as_ref().unchecked_ref())
            .map_err(|e| ApiError::Network(format!("{e:?}")))?;
        let on_live = std::rc::Rc::new(on_live);
        let live = on_live.clone();
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| live(true));
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_live(false));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            source,
            _on_case: on_case_event,
            _on_open: on_open,
            _on_error: on_error,
        })
    }
}

impl Drop for LiveCase {
    fn drop(&mut self) {
        self.source.set_onopen(None);
        self.source.set_onerror(None);
        self.source.close();
    }
}
