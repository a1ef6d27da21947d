//! What the UI asks of the device: the clock, the position, local time formatting. Browser
//! APIs with a plain fallback where they are missing.

use chrono::{DateTime, Utc};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Lang;

/// The device clock, as a UTC instant (the UI reads the clock; the core never does).
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// An instant in the device's local time, e.g. "24 Nov 2025, 14:05" ("24. nov. 2025, 14:05").
pub fn local_date_time(at: DateTime<Utc>, lang: Lang) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    String::from(date.to_locale_string(lang.date_locale(), &options))
}

/// An instant in the site's time zone, e.g. "24 Nov 2025, 04:04"; labelled with the zone
/// ("24 Nov 2025, 04:04 CET") when the device's clock is at another offset at that instant,
/// so a session in Oslo reads as Oslo's time on a phone set to any zone. An unknown zone
/// falls back to the device's time, labelled.
pub fn site_date_time(at: DateTime<Utc>, time_zone: &str, lang: Lang) -> String {
    use chrono::Offset;
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let device_offset_min = -(date.get_timezone_offset() as i64);
    let site: Option<chrono_tz::Tz> = time_zone.parse().ok();
    let site_offset_min = site.map(|tz| i64::from(at.with_timezone(&tz).offset().fix().local_minus_utc()) / 60);
    let options = js_sys::Object::new();
    for (key, value) in [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    if site.is_some() {
        let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &time_zone.into());
    }
    if site_offset_min != Some(device_offset_min) {
        let _ = js_sys::Reflect::set(&options, &"timeZoneName".into(), &"short".into());
    }
    String::from(date.to_locale_string(lang.date_locale(), &options))
}

/// A time of day in the device's local time with its zone, e.g. "10:32 CET" ("10:32 CET").
pub fn local_time_with_zone(at: DateTime<Utc>, lang: Lang) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    for (key, value) in [("hour", "2-digit"), ("minute", "2-digit"), ("timeZoneName", "short")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    String::from(date.to_locale_time_string_with_options(lang.date_locale(), &options))
}

/// The window's title, so each page announces itself (tabs, history, screen readers).
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · Ladeklar"));
    }
}

/// Whether the browser offers geolocation at all.
pub fn has_geolocation() -> bool {
    web_sys::window()
        .map(|w| js_sys::Reflect::has(&w.navigator(), &"geolocation".into()).unwrap_or(false))
        .unwrap_or(false)
}

/// Why the device position could not be had; in words by [`crate::i18n::Lang::locate_error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocateError {
    /// The browser has no geolocation.
    Unsupported,
    /// The browser answered without coordinates.
    Unusable,
    Denied,
    Unavailable,
    Timeout,
    Other,
}

/// Asks the browser for the device position once. `done` gets `(lat, lon)` or why not.
pub fn locate(done: impl FnOnce(Result<(f64, f64), LocateError>) + 'static) {
    let Some(geolocation) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        done(Err(LocateError::Unsupported));
        return;
    };
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |result: Result<(f64, f64), LocateError>| {
            if let Some(done) = done.borrow_mut().take() {
                done(result);
            }
        }
    };
    let on_success = {
        let finish = finish.clone();
        Closure::once_into_js(move |position: JsValue| {
            // Read by name: browsers call the class `GeolocationPosition`, older ones `Position`.
            let number =
                |object: &JsValue, key: &str| js_sys::Reflect::get(object, &key.into()).ok().and_then(|v| v.as_f64());
            let coords = js_sys::Reflect::get(&position, &"coords".into()).unwrap_or(JsValue::UNDEFINED);
            match (number(&coords, "latitude"), number(&coords, "longitude")) {
                (Some(lat), Some(lon)) => finish(Ok((lat, lon))),
                _ => finish(Err(LocateError::Unusable)),
            }
        })
    };
    let on_error = {
        let finish = finish.clone();
        Closure::once_into_js(move |error: JsValue| {
            let code = js_sys::Reflect::get(&error, &"code".into())
                .ok()
                .and_then(|c| c.as_f64())
                .unwrap_or(0.0) as u32;
            let why = match code {
                1 => LocateError::Denied,
                2 => LocateError::Unavailable,
                3 => LocateError::Timeout,
                _ => LocateError::Other,
            };
            finish(Err(why));
        })
    };
    let options = web_sys::PositionOptions::new();
    options.set_timeout(15_000);
    options.set_maximum_age(60_000);
    let asked = geolocation.get_current_position_with_error_callback_and_options(
        on_success.unchecked_ref(),
        Some(on_error.unchecked_ref()),
        &options,
    );
    if asked.is_err() {
        finish(Err(LocateError::Unsupported));
    }
}

/// Offers `text` as a file download named `name` (a Blob and a link with `download`).
pub fn save_file(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |e: JsValue| format!("{e:?}");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "no document".to_string())?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let href = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let link = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "not a link".to_string())?;
    link.set_href(&href);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&href);
    Ok(())
}
