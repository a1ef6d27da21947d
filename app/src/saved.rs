//! The last viewed area's chargers, kept on the device (localStorage) with when they were
//! fetched, to show when the server cannot be reached — with an honest "as of".

use chrono::{DateTime, Utc};
use ladeklar_api::ChargerList;
use serde::{Deserialize, Serialize};

const KEY: &str = "ladeklar.last-chargers";

/// A list as it was at `at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedList {
    pub at: DateTime<Utc>,
    pub list: ChargerList,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Keeps this list as the last viewed one (a full storage is no reason to fail the page).
pub fn save(list: &ChargerList, at: DateTime<Utc>) {
    let Some(storage) = storage() else { return };
    let saved = SavedList { at, list: list.clone() };
    if let Ok(text) = serde_json::to_string(&saved) {
        if storage.set_item(KEY, &text).is_err() {
            let _ = storage.remove_item(KEY);
        }
    }
}

/// The last viewed list, if one was kept and still reads.
pub fn load() -> Option<SavedList> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}
