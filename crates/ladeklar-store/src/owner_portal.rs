//! What an owner's overview reads (issue 19): their sites' chargers, the payments taken or
//! refunded at them in a period, and their sites' open support cases.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use crate::{instant_str, Result, Store};

/// A charger at one of the owner's sites.
#[derive(Debug, Clone, FromRow)]
pub struct OwnerChargerRow {
    pub charger_id: String,
    pub site_id: String,
    pub site_name: String,
    pub city: String,
}

/// A payment at one of the owner's sites.
#[derive(Debug, Clone, FromRow)]
pub struct OwnerPaymentRow {
    pub site_id: String,
    pub currency: String,
    pub amount: Option<i64>,
    pub paid_at: Option<String>,
    pub refunded_at: Option<String>,
}

impl Store {
    /// The owner's chargers by site name, then id.
    pub async fn owner_chargers(&self, owner_id: &str) -> Result<Vec<OwnerChargerRow>> {
        Ok(sqlx::query_as(
            "SELECT c.id AS charger_id, s.id AS site_id, s.name AS site_name, s.city FROM chargers c \
             JOIN sites s ON s.id = c.site_id WHERE s.owner_id = $1 ORDER BY s.name, c.id",
        )
        .bind(owner_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Payments taken or refunded at the owner's sites in `[from, to)`.
    pub async fn owner_payments(
        &self,
        owner_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<OwnerPaymentRow>> {
        Ok(sqlx::query_as(
            "SELECT si.id AS site_id, p.currency, p.amount, p.paid_at, p.refunded_at FROM payments p \
             JOIN sessions se ON se.id = p.session_id JOIN chargers c ON c.id = se.charger_id \
             JOIN sites si ON si.id = c.site_id \
             WHERE si.owner_id = $1 AND p.state IN ('captured', 'refunded') \
             AND ((p.paid_at >= $2 AND p.paid_at < $3) OR (p.refunded_at >= $2 AND p.refunded_at < $3)) \
             ORDER BY p.paid_at",
        )
        .bind(owner_id)
        .bind(instant_str(from))
        .bind(instant_str(to))
        .fetch_all(self.pool())
        .await?)
    }

    /// How many support cases about the owner's sites are not closed.
    pub async fn open_cases_of_owner(&self, owner_id: &str) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE owner_id = $1 AND state <> 'closed'")
                .bind(owner_id)
                .fetch_one(self.pool())
                .await?,
        )
    }
}
