//! Reading an RFID charging card's UID with the phone's NFC reader (tauri-plugin-nfc,
//! phones only), normalised by core's `TagUid` — the same rules the server links tags by.
//! On a desktop the command says to type the number instead.

/// `nfc_read_tag_uid`: waits for a card at the phone and answers its UID (hex, upper case).
#[tauri::command]
pub async fn nfc_read_tag_uid<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Result<String, String> {
    read::uid(&app)
}

#[cfg(mobile)]
mod read {
    use tauri_plugin_nfc::{NfcExt, ScanKind, ScanRequest};

    pub fn uid<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> Result<String, String> {
        let nfc = app.nfc();
        if !nfc.is_available().map_err(|e| e.to_string())? {
            return Err("this phone has no NFC reader, or it is turned off".to_owned());
        }
        let scanned = nfc
            .scan(ScanRequest {
                kind: ScanKind::Tag {
                    mime_type: None,
                    uri: None,
                },
                keep_session_alive: false,
            })
            .map_err(|e| e.to_string())?;
        super::normalised(&scanned.tag.id)
    }
}

#[cfg(desktop)]
mod read {
    pub fn uid<R: tauri::Runtime>(_app: &tauri::AppHandle<R>) -> Result<String, String> {
        Err("reading a card needs a phone with NFC: type the number printed on the card".to_owned())
    }
}

/// The UID as the server stores it, or what is wrong with what the reader gave (used on
/// phones; tested everywhere).
#[cfg_attr(desktop, allow(dead_code))]
fn normalised(raw: &str) -> Result<String, String> {
    ladeklar_core::payments::TagUid::parse(raw)
        .map(|uid| uid.to_string())
        .map_err(|e| format!("the card could not be read: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_uid_is_normalised_or_refused() {
        assert_eq!(normalised("04:a2:2b:1c:9e:5d:80").as_deref(), Ok("04A22B1C9E5D80"));
        assert!(normalised("12").unwrap_err().contains("hexadecimal digits"));
    }
}
