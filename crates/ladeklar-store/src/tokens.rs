//! The token store: RFID id tags and their status.

use chrono::{DateTime, Utc};
use ladeklar_core::authorization::{TokenRecord, TokenStatus};
use ladeklar_core::session::SessionStatus;
use sqlx::FromRow;

use crate::{enum_str, instant_str, parse_enum, parse_instant, Result, Store};

#[derive(Debug, Clone, FromRow)]
struct TokenRow {
    id_tag: String,
    status: String,
    expiry: Option<String>,
    parent_id_tag: Option<String>,
}

impl TokenRow {
    fn record(self) -> Result<TokenRecord> {
        Ok(TokenRecord {
            status: parse_enum("token status", &self.status)?,
            expiry: self
                .expiry
                .as_deref()
                .map(|e| parse_instant("token expiry", e))
                .transpose()?,
            id_tag: self.id_tag,
            parent_id_tag: self.parent_id_tag,
        })
    }
}

impl Store {
    pub async fn token(&self, id_tag: &str) -> Result<Option<TokenRecord>> {
        let row: Option<TokenRow> =
            sqlx::query_as("SELECT id_tag, status, expiry, parent_id_tag FROM id_tags WHERE id_tag = $1")
                .bind(id_tag)
                .fetch_optional(self.pool())
                .await?;
        row.map(TokenRow::record).transpose()
    }

    pub async fn tokens(&self) -> Result<Vec<TokenRecord>> {
        let rows: Vec<TokenRow> =
            sqlx::query_as("SELECT id_tag, status, expiry, parent_id_tag FROM id_tags ORDER BY id_tag")
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(TokenRow::record).collect()
    }

    /// Adds a token or replaces the one with the same id tag.
    pub async fn upsert_token(&self, token: &TokenRecord, now: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "INSERT INTO id_tags (id_tag, status, expiry, parent_id_tag, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id_tag) DO UPDATE SET status = excluded.status, expiry = excluded.expiry, \
             parent_id_tag = excluded.parent_id_tag, updated_at = excluded.updated_at",
        )
        .bind(&token.id_tag)
        .bind(enum_str(&token.status))
        .bind(token.expiry.map(instant_str))
        .bind(&token.parent_id_tag)
        .bind(instant_str(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Sets a token's status. Returns false when the store has no such tag.
    pub async fn set_token_status(&self, id_tag: &str, status: TokenStatus, now: DateTime<Utc>) -> Result<bool> {
        let r = sqlx::query("UPDATE id_tags SET status = $1, updated_at = $2 WHERE id_tag = $3")
            .bind(enum_str(&status))
            .bind(instant_str(now))
            .bind(id_tag)
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Whether a session started in the app and not yet over carries this tag.
    pub async fn tag_of_active_app_session(&self, id_tag: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM sessions WHERE id_tag = $1 AND origin = 'app' AND status IN ({})",
            crate::sessions::status_list(SessionStatus::active())
        ))
        .bind(id_tag)
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }
}
