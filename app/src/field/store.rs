//! The phone's IndexedDB (`js/field-store.js`): records of JSON text, a photo's Blob beside
//! its record. Two stores: `drafts` (work orders as worked on this phone) and `outbox`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/field-store.js")]
extern "C" {
    #[wasm_bindgen(js_name = storePut)]
    fn store_put(store: &str, id: &str, json: &str, blob: Option<web_sys::Blob>) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeGet)]
    fn store_get(store: &str, id: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeAll)]
    fn store_all(store: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = storeDelete)]
    fn store_delete(store: &str, id: &str) -> js_sys::Promise;
}

pub const DRAFTS: &str = "drafts";
pub const OUTBOX: &str = "outbox";

/// Why the phone's store could not be used (private browsing, storage full, …).
#[derive(Debug, Clone, PartialEq)]
pub struct StoreError(pub String);

fn problem(e: JsValue) -> StoreError {
    StoreError(
        js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the phone's storage could not be used".into()),
    )
}

/// A record: its value and, for a photo, the Blob.
pub struct Record<T> {
    pub value: T,
    pub blob: Option<web_sys::Blob>,
}

fn record<T: DeserializeOwned>(raw: &JsValue) -> Option<Record<T>> {
    let json = js_sys::Reflect::get(raw, &"json".into()).ok()?.as_string()?;
    let value = serde_json::from_str(&json).ok()?;
    let blob = js_sys::Reflect::get(raw, &"blob".into())
        .ok()
        .and_then(|b| b.dyn_into::<web_sys::Blob>().ok());
    Some(Record { value, blob })
}

pub async fn put<T: Serialize>(
    store: &str,
    id: &str,
    value: &T,
    blob: Option<&web_sys::Blob>,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(value).map_err(|e| StoreError(e.to_string()))?;
    JsFuture::from(store_put(store, id, &json, blob.cloned()))
        .await
        .map(|_| ())
        .map_err(problem)
}

pub async fn get<T: DeserializeOwned>(store: &str, id: &str) -> Result<Option<Record<T>>, StoreError> {
    let raw = JsFuture::from(store_get(store, id)).await.map_err(problem)?;
    Ok(if raw.is_null() { None } else { record(&raw) })
}

/// Every record of the store that reads as `T` (one written by an older app is skipped).
pub async fn all<T: DeserializeOwned>(store: &str) -> Result<Vec<Record<T>>, StoreError> {
    let raw = JsFuture::from(store_all(store)).await.map_err(problem)?;
    Ok(js_sys::Array::from(&raw).iter().filter_map(|r| record(&r)).collect())
}

pub async fn delete(store: &str, id: &str) -> Result<(), StoreError> {
    JsFuture::from(store_delete(store, id))
        .await
        .map(|_| ())
        .map_err(problem)
}
