//! The technician's drafts and outbox in the app's data folder (issue 18). In a browser the
//! UI keeps them in IndexedDB; inside the shell it keeps them here, through the
//! `field_store_*` commands, so what was made on site outlives the window, a restart of the
//! app and the webview's own storage (which the OS or the user may clear as a cache).
//!
//! Layout: `<app data>/field/<store>/<id>.json` holds `{"json": <the UI's JSON text>,
//! "blob_type": <a photo's MIME type or null>}`, and a photo's bytes lie beside it as
//! `<id>.blob`. Every file is written to a temporary name, synced and renamed into place, the
//! photo before its record: a record is whole or absent, and never names a missing photo.
//! Reading skips what is not a record (a temporary file left by a crash, a stray file).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The stores the UI keeps (the same names as its IndexedDB stores).
pub const STORES: [&str; 2] = ["drafts", "outbox"];

/// The longest record id taken (the UI's are UUIDs and the server's work order ids).
pub const MAX_ID_LEN: usize = 128;

#[derive(Debug, thiserror::Error)]
pub enum FieldStoreError {
    #[error("there is no store {0:?} (only drafts and outbox)")]
    UnknownStore(String),
    #[error("{0:?} is not a record id (1–128 letters, digits, '-', '_' or '.', not starting with '.')")]
    BadId(String),
    #[error("the photo of record {id} is not base64: {reason}")]
    BadPhoto { id: String, reason: String },
    #[error("record {id} is damaged: {reason}")]
    Damaged { id: String, reason: String },
    #[error("the app's data folder could not be used ({path}): {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A record as the UI reads it: its JSON text and, for a photo, the bytes in base64.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub id: String,
    pub json: String,
    pub blob: Option<String>,
    pub blob_type: Option<String>,
}

/// What a record's file holds.
#[derive(Serialize, Deserialize)]
struct Stored {
    json: String,
    blob_type: Option<String>,
}

/// The stores under one folder.
#[derive(Debug, Clone)]
pub struct FieldStore {
    root: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> FieldStoreError + '_ {
    move |source| FieldStoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Whether `id` may name a file: a plain name, no separators, no `..`.
fn check_id(id: &str) -> Result<(), FieldStoreError> {
    let plain = !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    match plain {
        true => Ok(()),
        false => Err(FieldStoreError::BadId(id.chars().take(MAX_ID_LEN + 1).collect())),
    }
}

/// Writes `bytes` to `path` whole: a temporary file beside it, synced, renamed.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), FieldStoreError> {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".tmp");
    let temporary = path.with_file_name(name);
    let mut file = fs::File::create(&temporary).map_err(io(&temporary))?;
    file.write_all(bytes).map_err(io(&temporary))?;
    file.sync_all().map_err(io(&temporary))?;
    fs::rename(&temporary, path).map_err(io(path))
}

fn remove_if_there(path: &Path) -> Result<(), FieldStoreError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(path)(e)),
        _ => Ok(()),
    }
}

impl FieldStore {
    pub fn new(root: PathBuf) -> FieldStore {
        FieldStore { root }
    }

    /// The folder of a store (made when first written).
    fn folder(&self, store: &str) -> Result<PathBuf, FieldStoreError> {
        match STORES.contains(&store) {
            true => Ok(self.root.join(store)),
            false => Err(FieldStoreError::UnknownStore(store.chars().take(40).collect())),
        }
    }

    fn paths(&self, store: &str, id: &str) -> Result<(PathBuf, PathBuf), FieldStoreError> {
        check_id(id)?;
        let folder = self.folder(store)?;
        Ok((folder.join(format!("{id}.json")), folder.join(format!("{id}.blob"))))
    }

    /// Keeps a record (replacing one with the same id), with its photo if it has one.
    pub fn put(
        &self,
        store: &str,
        id: &str,
        json: &str,
        blob: Option<&str>,
        blob_type: Option<&str>,
    ) -> Result<(), FieldStoreError> {
        let (record, photo) = self.paths(store, id)?;
        let bytes = blob
            .map(|b| BASE64.decode(b))
            .transpose()
            .map_err(|e| FieldStoreError::BadPhoto {
                id: id.to_owned(),
                reason: e.to_string(),
            })?;
        let folder = self.folder(store)?;
        fs::create_dir_all(&folder).map_err(io(&folder))?;
        let stored = Stored {
            json: json.to_owned(),
            blob_type: bytes.as_ref().and(blob_type.map(str::to_owned)),
        };
        let text = serde_json::to_vec(&stored).map_err(|e| FieldStoreError::Damaged {
            id: id.to_owned(),
            reason: e.to_string(),
        })?;
        match bytes {
            Some(bytes) => write_whole(&photo, &bytes)?,
            None => remove_if_there(&photo)?,
        }
        write_whole(&record, &text)
    }

    /// The record with this id, if kept.
    pub fn get(&self, store: &str, id: &str) -> Result<Option<Record>, FieldStoreError> {
        let (record, photo) = self.paths(store, id)?;
        let text = match fs::read(&record) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(&record)(e)),
        };
        let stored: Stored = serde_json::from_slice(&text).map_err(|e| FieldStoreError::Damaged {
            id: id.to_owned(),
            reason: e.to_string(),
        })?;
        let blob = match fs::read(&photo) {
            Ok(bytes) => Some(BASE64.encode(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(&photo)(e)),
        };
        Ok(Some(Record {
            id: id.to_owned(),
            json: stored.json,
            blob_type: blob.as_ref().and(stored.blob_type),
            blob,
        }))
    }

    /// Every record of the store, by id (as IndexedDB lists them).
    pub fn all(&self, store: &str) -> Result<Vec<Record>, FieldStoreError> {
        let folder = self.folder(store)?;
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(&folder)(e)),
        };
        let mut ids = Vec::new();
        for entry in entries {
            let name = entry.map_err(io(&folder))?.file_name();
            let id = name.to_str().and_then(|n| n.strip_suffix(".json"));
            if let Some(id) = id.filter(|id| check_id(id).is_ok()) {
                ids.push(id.to_owned());
            }
        }
        ids.sort();
        let mut records = Vec::new();
        for id in ids {
            // One damaged record does not hide the others.
            if let Ok(Some(record)) = self.get(store, &id) {
                records.push(record);
            }
        }
        Ok(records)
    }

    /// Forgets a record and its photo (nothing to forget is not an error).
    pub fn delete(&self, store: &str, id: &str) -> Result<(), FieldStoreError> {
        let (record, photo) = self.paths(store, id)?;
        remove_if_there(&record)?;
        remove_if_there(&photo)
    }
}

/// The store the shell's commands use: `<app data>/field`.
pub struct Shared(pub FieldStore);

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, FieldStoreError> + Send + 'static,
) -> Result<T, String> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| format!("the app's data folder could not be used: {e}"))?
        .map_err(|e| e.to_string())
}

#[tauri::command]
pub async fn field_store_put(
    state: tauri::State<'_, Shared>,
    store: String,
    id: String,
    json: String,
    blob: Option<String>,
    blob_type: Option<String>,
) -> Result<(), String> {
    let kept = state.0.clone();
    blocking(move || kept.put(&store, &id, &json, blob.as_deref(), blob_type.as_deref())).await
}

#[tauri::command]
pub async fn field_store_get(
    state: tauri::State<'_, Shared>,
    store: String,
    id: String,
) -> Result<Option<Record>, String> {
    let kept = state.0.clone();
    blocking(move || kept.get(&store, &id)).await
}

#[tauri::command]
pub async fn field_store_all(state: tauri::State<'_, Shared>, store: String) -> Result<Vec<Record>, String> {
    let kept = state.0.clone();
    blocking(move || kept.all(&store)).await
}

#[tauri::command]
pub async fn field_store_delete(state: tauri::State<'_, Shared>, store: String, id: String) -> Result<(), String> {
    let kept = state.0.clone();
    blocking(move || kept.delete(&store, &id)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store in a fresh folder under the system's temporary folder.
    fn fresh(name: &str) -> FieldStore {
        let root = std::env::temp_dir().join(format!("ladeklar-field-store-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        FieldStore::new(root)
    }

    #[test]
    fn records_read_back_as_written_with_their_photos() {
        let store = fresh("roundtrip");
        assert_eq!(store.all("outbox").unwrap(), []);
        let photo = BASE64.encode([0xFF, 0xD8, 0xFF, 0x00, 0x10]);
        store
            .put(
                "outbox",
                "b-photo",
                r#"{"kind":"photo"}"#,
                Some(&photo),
                Some("image/jpeg"),
            )
            .unwrap();
        store
            .put("outbox", "a-check-in", r#"{"kind":"check_in"}"#, None, None)
            .unwrap();
        store.put("drafts", "a-check-in", r#"{"draft":1}"#, None, None).unwrap();
        let got = store.get("outbox", "b-photo").unwrap().unwrap();
        assert_eq!(got.json, r#"{"kind":"photo"}"#);
        assert_eq!(got.blob.as_deref(), Some(photo.as_str()));
        assert_eq!(got.blob_type.as_deref(), Some("image/jpeg"));
        let ids: Vec<String> = store.all("outbox").unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["a-check-in", "b-photo"], "by id, drafts apart");
        assert_eq!(store.all("drafts").unwrap().len(), 1);
        assert_eq!(store.get("outbox", "missing").unwrap(), None);
    }

    #[test]
    fn a_record_put_again_replaces_the_first_and_its_photo() {
        let store = fresh("replace");
        let photo = BASE64.encode(b"jpeg");
        store
            .put("outbox", "p1", "1", Some(&photo), Some("image/jpeg"))
            .unwrap();
        store.put("outbox", "p1", "2", None, None).unwrap();
        let got = store.get("outbox", "p1").unwrap().unwrap();
        assert_eq!((got.json.as_str(), got.blob, got.blob_type), ("2", None, None));
        assert!(!store.root.join("outbox/p1.blob").exists());
    }

    #[test]
    fn delete_forgets_the_record_and_its_photo_and_twice_is_fine() {
        let store = fresh("delete");
        store
            .put("outbox", "p1", "1", Some(&BASE64.encode(b"x")), Some("image/png"))
            .unwrap();
        store.delete("outbox", "p1").unwrap();
        store.delete("outbox", "p1").unwrap();
        assert_eq!(store.get("outbox", "p1").unwrap(), None);
        assert_eq!(fs::read_dir(store.root.join("outbox")).unwrap().count(), 0);
    }

    #[test]
    fn ids_that_are_not_plain_names_are_refused_before_any_file_is_touched() {
        let store = fresh("ids");
        for bad in [
            "",
            "../escape",
            "a/b",
            "a\\b",
            ".hidden",
            "..",
            "a b",
            "ø",
            &"x".repeat(129),
        ] {
            let e = store.put("outbox", bad, "{}", None, None).unwrap_err();
            assert!(matches!(e, FieldStoreError::BadId(_)), "{bad:?}: {e}");
            assert!(e.to_string().contains("is not a record id"), "{e}");
            assert!(matches!(store.get("outbox", bad), Err(FieldStoreError::BadId(_))));
            assert!(matches!(store.delete("outbox", bad), Err(FieldStoreError::BadId(_))));
        }
        assert!(!store.root.exists(), "nothing written");
        for good in ["0b8e5a1c-7d2f-4c1e-9a51-3f1d2a6b7c8d", "WO-1", "a.b_c"] {
            store.put("drafts", good, "{}", None, None).unwrap();
        }
    }

    #[test]
    fn only_the_two_stores_exist_and_a_bad_photo_is_refused() {
        let store = fresh("stores");
        let e = store.put("../keys", "a", "{}", None, None).unwrap_err();
        assert_eq!(e.to_string(), r#"there is no store "../keys" (only drafts and outbox)"#);
        assert!(matches!(store.all("cache"), Err(FieldStoreError::UnknownStore(_))));
        let e = store
            .put("outbox", "p1", "{}", Some("not base64!"), Some("image/jpeg"))
            .unwrap_err();
        assert!(e.to_string().starts_with("the photo of record p1 is not base64"), "{e}");
        assert_eq!(store.get("outbox", "p1").unwrap(), None, "nothing kept");
    }

    #[test]
    fn leftovers_of_a_crash_are_not_records_and_a_damaged_one_hides_no_other() {
        let store = fresh("leftovers");
        store.put("outbox", "good", "{}", None, None).unwrap();
        let folder = store.root.join("outbox");
        fs::write(folder.join("half.tmp"), "{\"json\":").unwrap();
        fs::write(folder.join("notes.txt"), "hello").unwrap();
        fs::write(folder.join("broken.json"), "{\"json\":").unwrap();
        let ids: Vec<String> = store.all("outbox").unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["good"]);
        assert!(matches!(
            store.get("outbox", "broken"),
            Err(FieldStoreError::Damaged { .. })
        ));
    }
}
