//! Favourites (issue 16, migration 0010): the chargers a signed-in driver starred, at most
//! core's `finder::MAX_FAVOURITES`. An addition is one statement (charger known, room left,
//! not there yet), so two racing additions never exceed the limit.

use chrono::{DateTime, Utc};
use ladeklar_core::accounts::UserId;
use ladeklar_core::finder::MAX_FAVOURITES;

use crate::{instant_str, Result, Store};

/// What an addition did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FavouriteAdded {
    Added,
    AlreadyThere,
    NoSuchCharger,
    /// The account has [`MAX_FAVOURITES`] already.
    Full,
}

impl Store {
    /// The user's favourite charger ids, oldest first.
    pub async fn favourites(&self, user: UserId) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT charger_id FROM favourites WHERE user_id = $1 ORDER BY created_at, charger_id")
                .bind(user.to_string())
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Stars a charger for the user.
    pub async fn add_favourite(&self, user: UserId, charger_id: &str, now: DateTime<Utc>) -> Result<FavouriteAdded> {
        let added = sqlx::query(
            "INSERT INTO favourites (user_id, charger_id, created_at) \
             SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM chargers WHERE id = $2) \
             AND (SELECT COUNT(*) FROM favourites WHERE user_id = $1) < $4 \
             ON CONFLICT DO NOTHING",
        )
        .bind(user.to_string())
        .bind(charger_id)
        .bind(instant_str(now))
        .bind(MAX_FAVOURITES as i64)
        .execute(self.pool())
        .await?;
        if added.rows_affected() > 0 {
            return Ok(FavouriteAdded::Added);
        }
        let there: Option<String> =
            sqlx::query_scalar("SELECT charger_id FROM favourites WHERE user_id = $1 AND charger_id = $2")
                .bind(user.to_string())
                .bind(charger_id)
                .fetch_optional(self.pool())
                .await?;
        if there.is_some() {
            return Ok(FavouriteAdded::AlreadyThere);
        }
        let known: Option<String> = sqlx::query_scalar("SELECT id FROM chargers WHERE id = $1")
            .bind(charger_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(if known.is_none() {
            FavouriteAdded::NoSuchCharger
        } else {
            FavouriteAdded::Full
        })
    }

    /// Takes a star away; false when it was not there.
    pub async fn remove_favourite(&self, user: UserId, charger_id: &str) -> Result<bool> {
        let r = sqlx::query("DELETE FROM favourites WHERE user_id = $1 AND charger_id = $2")
            .bind(user.to_string())
            .bind(charger_id)
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected() > 0)
    }
}
