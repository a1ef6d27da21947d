//! Transfers: a status notification that overtakes the charger's answer is not undone by it;
//! an upload is found by its token.

use chrono::{TimeZone, Utc};

use super::{charger_with, fresh_store};
use crate::NewTransfer;

#[tokio::test]
async fn a_late_answer_does_not_undo_a_notification_and_uploads_are_found_by_token() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    charger_with(&store, 1).await;
    let t = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
    store
        .start_transfer(&NewTransfer {
            charger_id: "CP-1",
            kind: "log",
            request_id: 17,
            location: "https://cs/uploads/logs/tok",
            upload_token: Some("tok"),
            now: t,
        })
        .await
        .unwrap();
    // The notification (no request id: the latest log) comes before the answer is stored.
    assert!(store
        .set_transfer_status("CP-1", "log", None, "Uploading", None, t)
        .await
        .unwrap());
    assert!(store
        .set_transfer_answer("CP-1", "log", 17, "Accepted", Some("cp.log"), t)
        .await
        .unwrap());
    let row = store.transfer_by_token("tok").await.unwrap().unwrap();
    assert_eq!(
        (row.status.as_str(), row.file_name.as_deref()),
        ("Uploading", Some("cp.log"))
    );
    assert!(store
        .record_upload("tok", "uploads/logs/CP-1/17.log", 42, t)
        .await
        .unwrap());
    assert!(!store.record_upload("other", "x", 1, t).await.unwrap());
    let rows = store.transfers_of("CP-1").await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].uploaded_bytes, Some(42));
    assert!(!store
        .set_transfer_status("CP-1", "firmware", None, "Installed", None, t)
        .await
        .unwrap());
}
