//! The security extension's transfers (issue 13): log uploads (GetLog) and signed firmware
//! updates (SignedUpdateFirmware) started by an operator, followed by the charger's status
//! notifications; a log's upload lands in the data folder through its token.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use crate::{instant_str, Result, Store};

/// A transfer as stored.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct TransferRow {
    pub charger_id: String,
    /// `log` or `firmware`.
    pub kind: String,
    pub request_id: i64,
    pub location: String,
    pub status: String,
    /// The charger's answer to the call that started it.
    pub answer: Option<String>,
    pub requested_at: String,
    pub updated_at: String,
    pub file_name: Option<String>,
    pub upload_token: Option<String>,
    pub stored_file: Option<String>,
    pub uploaded_bytes: Option<i64>,
}

/// A transfer about to be started (stored before the call goes out).
pub struct NewTransfer<'a> {
    pub charger_id: &'a str,
    pub kind: &'a str,
    pub request_id: i64,
    pub location: &'a str,
    pub upload_token: Option<&'a str>,
    pub now: DateTime<Utc>,
}

const COLUMNS: &str = "charger_id, kind, request_id, location, status, answer, requested_at, updated_at, file_name, \
                       upload_token, stored_file, uploaded_bytes";

impl Store {
    /// Stores a transfer as `Requested`.
    pub async fn start_transfer(&self, t: &NewTransfer<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO charger_transfers (charger_id, kind, request_id, location, status, requested_at, updated_at, \
             upload_token) VALUES ($1, $2, $3, $4, 'Requested', $5, $5, $6)",
        )
        .bind(t.charger_id)
        .bind(t.kind)
        .bind(t.request_id)
        .bind(t.location)
        .bind(instant_str(t.now))
        .bind(t.upload_token)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Sets a transfer's status (the charger's answer or a notification's), and the file name
    /// when given. `request_id` `None`: the charger's latest transfer of that kind (a
    /// notification may leave the id out). False when there is no such transfer.
    pub async fn set_transfer_status(
        &self,
        charger_id: &str,
        kind: &str,
        request_id: Option<i64>,
        status: &str,
        file_name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let request_id = match request_id {
            Some(id) => id,
            None => {
                let latest: Option<(i64,)> = sqlx::query_as(
                    "SELECT request_id FROM charger_transfers WHERE charger_id = $1 AND kind = $2 \
                     ORDER BY requested_at DESC LIMIT 1",
                )
                .bind(charger_id)
                .bind(kind)
                .fetch_optional(self.pool())
                .await?;
                match latest {
                    Some((id,)) => id,
                    None => return Ok(false),
                }
            }
        };
        let r = sqlx::query(
            "UPDATE charger_transfers SET status = $1, updated_at = $2, file_name = COALESCE($3, file_name) \
             WHERE charger_id = $4 AND kind = $5 AND request_id = $6",
        )
        .bind(status)
        .bind(instant_str(now))
        .bind(file_name)
        .bind(charger_id)
        .bind(kind)
        .bind(request_id)
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() > 0)
    }

    /// The charger's answer to the call that started the transfer: its status only while
    /// none came after it (a status notification may overtake the answer on its way to the
    /// store), its file name always.
    pub async fn set_transfer_answer(
        &self,
        charger_id: &str,
        kind: &str,
        request_id: i64,
        status: &str,
        file_name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE charger_transfers SET \
             status = CASE WHEN status = 'Requested' THEN $1 ELSE status END, \
             updated_at = CASE WHEN status = 'Requested' THEN $2 ELSE updated_at END, \
             file_name = COALESCE($3, file_name), answer = $1 \
             WHERE charger_id = $4 AND kind = $5 AND request_id = $6",
        )
        .bind(status)
        .bind(instant_str(now))
        .bind(file_name)
        .bind(charger_id)
        .bind(kind)
        .bind(request_id)
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() > 0)
    }

    /// The transfer whose upload URL carries `token`.
    pub async fn transfer_by_token(&self, token: &str) -> Result<Option<TransferRow>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM charger_transfers WHERE upload_token = $1"
        ))
        .bind(token)
        .fetch_optional(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Records where an upload landed and its size.
    pub async fn record_upload(&self, token: &str, stored_file: &str, bytes: i64, now: DateTime<Utc>) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE charger_transfers SET stored_file = $1, uploaded_bytes = $2, updated_at = $3 WHERE upload_token = $4",
        )
        .bind(stored_file)
        .bind(bytes)
        .bind(instant_str(now))
        .bind(token)
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() > 0)
    }

    /// A charger's transfers, newest first.
    pub async fn transfers_of(&self, charger_id: &str) -> Result<Vec<TransferRow>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM charger_transfers WHERE charger_id = $1 ORDER BY requested_at DESC, request_id DESC"
        ))
        .bind(charger_id)
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }
}
