//! The live session: Server-Sent Events through `EventSource`, whose `update` deltas are
//! applied here to the session held, so the page always gets the whole session.

use ladeklar_api::{SessionUpdate, SessionView};
use uuid::Uuid;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::{credentials, url, ApiError};

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
    view.step = update.step.or(view.step);
    view.connector_status = update.connector_status.or(view.connector_status);
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
        // EventSource cannot send headers: a bearer token goes in the query; cookies go by themselves.
        let mut address = url(&format!("/sessions/{id}/live"));
        if let Some(token) = credentials::bearer() {
            address.push_str(&format!("?access_token={}", super::encode(&token)));
        }
        let source = web_sys::EventSource::new(&address).map_err(|e| ApiError::Network(format!("{e:?}")))?;
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
