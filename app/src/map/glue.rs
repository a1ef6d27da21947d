//! The map's JavaScript (`app/map.js`, `window.ladeklarMap`), loaded on the map's first open
//! by a `<script>` tag added here; Leaflet and the countries come after it, from beside it.

use std::cell::RefCell;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Where trunk copies the map's files (index.html's `copy-file` links), on the page's own
/// origin (also in the desktop shell, whose UI is embedded).
const GLUE: &str = "/map/map.js";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ladeklarMap, js_name = open)]
    fn open_js(
        element: &web_sys::Element,
        view: &str,
        on_move: &js_sys::Function,
        on_star: &js_sys::Function,
    ) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ladeklarMap, js_name = show)]
    fn show_js(data: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = ladeklarMap, js_name = goTo)]
    fn go_to_js(lat: f64, lon: f64) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = ladeklarMap, js_name = close)]
    fn close_js() -> Result<(), JsValue>;
}

/// The map's move handler, as JavaScript can call it.
type OnMove = Closure<dyn Fn(String)>;

thread_local! {
    /// The glue's loading, once per page.
    static LOADED: RefCell<Option<Promise>> = const { RefCell::new(None) };
    /// The open map's move handler, alive while the map is.
    static ON_MOVE: RefCell<Option<OnMove>> = const { RefCell::new(None) };
    /// The open map's star handler (a card's star: the charger's id), alive while the map is.
    static ON_STAR: RefCell<Option<OnMove>> = const { RefCell::new(None) };
}

fn load() -> Result<Promise, JsValue> {
    if let Some(promise) = LOADED.with(|l| l.borrow().clone()) {
        return Ok(promise);
    }
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let script = document.create_element("script")?;
    script.set_attribute("src", GLUE)?;
    let promise = Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    document
        .head()
        .ok_or_else(|| JsValue::from_str("no head"))?
        .append_child(&script)?;
    LOADED.with(|l| *l.borrow_mut() = Some(promise.clone()));
    Ok(promise)
}

/// Loads the map's code if needed and opens a map in `element`; `on_move` gets the box
/// (`w,s,e,n`) after each move, `on_star` a charger's id when its card's star is tapped.
pub async fn open(
    element: &web_sys::Element,
    view: &str,
    on_move: impl Fn(String) + 'static,
    on_star: impl Fn(String) + 'static,
) -> Result<(), JsValue> {
    if let Err(e) = JsFuture::from(load()?).await {
        // A failed load may succeed later (offline): try the tag again next time.
        LOADED.with(|l| *l.borrow_mut() = None);
        return Err(e);
    }
    let closure = Closure::<dyn Fn(String)>::new(on_move);
    let star = Closure::<dyn Fn(String)>::new(on_star);
    let opened = open_js(
        element,
        view,
        closure.as_ref().unchecked_ref(),
        star.as_ref().unchecked_ref(),
    )?;
    ON_MOVE.with(|m| *m.borrow_mut() = Some(closure));
    ON_STAR.with(|m| *m.borrow_mut() = Some(star));
    JsFuture::from(opened).await.map(|_| ())
}

/// The markers and the driver's position, as [`super::pins::MapData`] JSON.
pub fn show(data: &str) {
    let _ = show_js(data);
}

pub fn go_to(lat: f64, lon: f64) {
    let _ = go_to_js(lat, lon);
}

pub fn close() {
    let _ = close_js();
    ON_MOVE.with(|m| *m.borrow_mut() = None);
    ON_STAR.with(|m| *m.borrow_mut() = None);
}
