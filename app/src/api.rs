//! The only module that talks to the Ladeklar server: JSON over HTTP (reqwest on the
//! browser's fetch) and the live session stream (Server-Sent Events via `EventSource`).
//!
//! The base URL is the page's own origin, unless the desktop shell injected
//! `window.__LADEKLAR_SERVER__` (e.g. `http://127.0.0.1:8080`).

use ladeklar_api::{
    ChargerDetail, ChargerList, ErrorCode, Problem, Receipt, SessionUpdate, SessionView, StartSessionRequest,
};
use serde::de::DeserializeOwned;
use uuid::Uuid;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Why a request did not give us what we asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem body: branch on its `code`.
    Problem(Problem),
    /// The server answered with an error status but no problem body.
    Status(u16),
    /// The server could not be reached.
    Network(String),
    /// The answer was not what the API promises.
    Decode(String),
}

impl ApiError {
    /// The stable error code, when the server gave one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Problem(p) => Some(p.code),
            _ => None,
        }
    }
}

/// Where the API lives: the injected server, or the page's origin.
pub fn base_url() -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let injected = js_sys::Reflect::get(&window, &"__LADEKLAR_SERVER__".into())
        .ok()
        .and_then(|v| v.as_string())
        .filter(|s| !s.trim().is_empty());
    match injected {
        Some(base) => base.trim().trim_end_matches('/').to_string(),
        None => window.location().origin().unwrap_or_default(),
    }
}

fn url(path: &str) -> String {
    format!("{}/api/v1{path}", base_url())
}

fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}

async fn read<T: DeserializeOwned>(response: Result<reqwest::Response, reqwest::Error>) -> Result<T, ApiError> {
    let response = response.map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    let body = response.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
    if status.is_success() {
        serde_json::from_str(&body).map_err(|e| ApiError::Decode(e.to_string()))
    } else {
        match serde_json::from_str::<Problem>(&body) {
            Ok(problem) => Err(ApiError::Problem(problem)),
            Err(_) => Err(ApiError::Status(status.as_u16())),
        }
    }
}

/// `GET /api/v1/chargers?lat=..&lon=..&limit=..`: the chargers nearest a point.
pub async fn chargers_near(lat: f64, lon: f64, limit: u32) -> Result<ChargerList, ApiError> {
    let response = reqwest::Client::new()
        .get(url("/chargers"))
        .query(&[
            ("lat", lat.to_string()),
            ("lon", lon.to_string()),
            ("limit", limit.to_string()),
        ])
        .send()
        .await;
    read(response).await
}

/// `GET /api/v1/chargers/{id}`.
pub async fn charger(id: &str) -> Result<ChargerDetail, ApiError> {
    let response = reqwest::Client::new()
        .get(url(&format!("/chargers/{}", encode(id))))
        .send()
        .await;
    read(response).await
}

/// `POST /api/v1/sessions`: ask the charger to start on one connector.
pub async fn start_session(charger_id: &str, connector_id: u32) -> Result<SessionView, ApiError> {
    let request = StartSessionRequest {
        charger_id: charger_id.to_string(),
        connector_id,
    };
    let response = reqwest::Client::new()
        .post(url("/sessions"))
        .json(&request)
        .send()
        .await;
    read(response).await
}

/// `GET /api/v1/sessions/{id}`.
pub async fn session(id: Uuid) -> Result<SessionView, ApiError> {
    let response = reqwest::Client::new().get(url(&format!("/sessions/{id}"))).send().await;
    read(response).await
}

/// `POST /api/v1/sessions/{id}/stop`.
pub async fn stop_session(id: Uuid) -> Result<SessionView, ApiError> {
    let response = reqwest::Client::new()
        .post(url(&format!("/sessions/{id}/stop")))
        .send()
        .await;
    read(response).await
}

/// `GET /api/v1/sessions/{id}/receipt`.
pub async fn receipt(id: Uuid) -> Result<Receipt, ApiError> {
    let response = reqwest::Client::new()
        .get(url(&format!("/sessions/{id}/receipt")))
        .send()
        .await;
    read(response).await
}

/// What the live stream reports besides session updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Connecting,
    Open,
    /// The browser lost the stream and is reconnecting by itself.
    Reconnecting,
    Closed,
}

/// `GET /api/v1/sessions/{id}/live`: a `session` event with a whole [`SessionView`], then
/// `update` events with what changed ([`SessionUpdate`], applied here by [`apply_update`]), so
/// `on_update` always gets the whole session. Closes the stream when dropped.
pub struct LiveSession {
    source: web_sys::EventSource,
    _on_session: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_update: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_open: Closure<dyn FnMut(web_sys::Event)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// Applies a live `update` to the session it is about: the changed fields, the new samples
/// appended (a sample already held is not added twice).
pub fn apply_update(view: &mut SessionView, update: SessionUpdate) {
    view.status = update.status;
    view.started_at = update.started_at;
    view.stopped_at = update.stopped_at;
    view.transaction_id = update.transaction_id;
    view.failure_reason = update.failure_reason;
    view.stop_reason = update.stop_reason;
    for sample in update.new_samples {
        if view.meter_samples.last().is_none_or(|last| sample.at > last.at) {
            view.meter_samples.push(sample);
        }
    }
    if let Some(last) = view.meter_samples.last() {
        view.energy_kwh = last.energy_wh / rust_decimal::Decimal::from(1000);
    }
    view.last_meter_at = view.meter_samples.last().map(|s| s.at).or(view.started_at);
    if let Some(power) = update.power_kw {
        view.power_kw = power;
    }
    if let Some(cost) = update.cost {
        view.cost = cost;
    }
}

impl LiveSession {
    /// Opens the stream. `on_update` gets the whole session after each event (or why an
    /// event could not be read); `on_link` gets the connection's state.
    pub fn open(
        id: Uuid,
        on_update: impl FnMut(Result<SessionView, ApiError>) + 'static,
        on_link: impl Fn(LinkState) + 'static,
    ) -> Result<Self, ApiError> {
        let source = web_sys::EventSource::new(&url(&format!("/sessions/{id}/live")))
            .map_err(|e| ApiError::Network(format!("{e:?}")))?;
        let on_link = std::rc::Rc::new(on_link);
        on_link(LinkState::Connecting);
        let on_update = std::rc::Rc::new(std::cell::RefCell::new(on_update));
        let current: std::rc::Rc<std::cell::RefCell<Option<SessionView>>> = Default::default();

        let text = |event: &web_sys::MessageEvent| {
            event
                .data()
                .as_string()
                .ok_or_else(|| ApiError::Decode("a live event without text".to_string()))
        };
        let (held, deliver) = (current.clone(), on_update.clone());
        let on_session = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let view = text(&event).and_then(|data| {
                serde_json::from_str::<SessionView>(&data).map_err(|e| ApiError::Decode(e.to_string()))
            });
            if let Ok(view) = &view {
                *held.borrow_mut() = Some(view.clone());
            }
            (deliver.borrow_mut())(view);
        });
        source
            .add_event_listener_with_callback("session", on_session.as_ref().unchecked_ref())
            .map_err(|e| ApiError::Network(format!("{e:?}")))?;
        let (held, deliver) = (current, on_update);
        let on_update_event = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let update = text(&event).and_then(|data| {
                serde_json::from_str::<SessionUpdate>(&data).map_err(|e| ApiError::Decode(e.to_string()))
            });
            let view = update.and_then(|update| {
                let mut held = held.borrow_mut();
                let view = held
                    .as_mut()
                    .ok_or_else(|| ApiError::Decode("an update before the session".to_string()))?;
                apply_update(view, update);
                Ok(view.clone())
            });
            (deliver.borrow_mut())(view);
        });
        source
            .add_event_listener_with_callback("update", on_update_event.as_ref().unchecked_ref())
            .map_err(|e| ApiError::Network(format!("{e:?}")))?;

        let link = on_link.clone();
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| link(LinkState::Open));
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));

        let link = on_link.clone();
        let watched = source.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if watched.ready_state() == web_sys::EventSource::CLOSED {
                link(LinkState::Closed);
            } else {
                link(LinkState::Reconnecting);
            }
        });
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        Ok(Self {
            source,
            _on_session: on_session,
            _on_update: on_update_event,
            _on_open: on_open,
            _on_error: on_error,
        })
    }

    /// Stops listening.
    pub fn close(&self) {
        self.source.close();
    }
}

impl Drop for LiveSession {
    fn drop(&mut self) {
        self.source.set_onopen(None);
        self.source.set_onerror(None);
        self.source.close();
    }
}
