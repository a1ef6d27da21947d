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

/// The owner's sessions list's filter (issue 19); every part optional but the owner.
#[derive(Debug, Clone, Default)]
pub struct OwnerSessionFilter {
    pub site_id: Option<String>,
    pub charger_id: Option<String>,
    /// Requested at or after.
    pub from: Option<DateTime<Utc>>,
    /// Requested before.
    pub to: Option<DateTime<Utc>>,
    /// A session status as stored (`completed`, `charging`, …).
    pub status: Option<String>,
    /// Matches a session id's start, a charger id's part, or a card's or tag's last digits.
    pub search: Option<String>,
}

/// A session at one of the owner's sites, with what its receipt shows of the payment.
#[derive(Debug, Clone, FromRow)]
pub struct OwnerSessionRow {
    pub id: String,
    pub site_id: String,
    pub site_name: String,
    pub charger_id: String,
    pub connector_id: i64,
    pub status: String,
    pub requested_at: String,
    pub started_at: Option<String>,
    pub stopped_at: Option<String>,
    pub meter_start_wh: Option<i64>,
    pub meter_stop_wh: Option<i64>,
    pub payment_state: Option<String>,
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    /// The RFID tag's last four characters (the receipt's), when the session was opened by one.
    pub tag_last4: Option<String>,
}

const SESSION_FROM: &str = "FROM sessions s JOIN chargers c ON c.id = s.charger_id JOIN sites si ON si.id = c.site_id \
    LEFT JOIN payments p ON p.session_id = s.id";

impl Store {
    fn owner_session_where(owner_id: &str, f: &OwnerSessionFilter) -> (String, Vec<String>) {
        let mut sql = String::from(" WHERE si.owner_id = $1");
        let mut binds = vec![owner_id.to_owned()];
        let mut add = |clause: &str, values: Vec<String>, sql: &mut String| {
            let mut clause = clause.to_owned();
            for v in values {
                binds.push(v);
                clause = clause.replacen('?', &format!("${}", binds.len()), 1);
            }
            sql.push_str(&clause);
        };
        if let Some(v) = &f.site_id {
            add(" AND si.id = ?", vec![v.clone()], &mut sql);
        }
        if let Some(v) = &f.charger_id {
            add(" AND s.charger_id = ?", vec![v.clone()], &mut sql);
        }
        if let Some(v) = f.from {
            add(" AND s.requested_at >= ?", vec![instant_str(v)], &mut sql);
        }
        if let Some(v) = f.to {
            add(" AND s.requested_at < ?", vec![instant_str(v)], &mut sql);
        }
        if let Some(v) = &f.status {
            add(" AND s.status = ?", vec![v.clone()], &mut sql);
        }
        if let Some(q) = &f.search {
            // The caller keeps `q` to letters, digits, '-' and '_': no LIKE wildcards inside.
            let lower = q.to_lowercase();
            let upper = q.to_uppercase();
            add(
                " AND (s.id LIKE ? OR LOWER(s.charger_id) LIKE ? OR p.card_last4 = ? OR UPPER(s.id_tag) LIKE ?)",
                vec![
                    format!("{lower}%"),
                    format!("%{lower}%"),
                    q.clone(),
                    format!("%{upper}"),
                ],
                &mut sql,
            );
        }
        (sql, binds)
    }

    /// A page of the owner's sessions matching `filter`, newest first, and how many match in all.
    pub async fn owner_sessions(
        &self,
        owner_id: &str,
        filter: &OwnerSessionFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<OwnerSessionRow>, i64)> {
        let (clause, binds) = Self::owner_session_where(owner_id, filter);
        let count_sql = format!("SELECT COUNT(*) {SESSION_FROM}{clause}");
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
        for b in &binds {
            count = count.bind(b.clone());
        }
        let total = count.fetch_one(self.pool()).await?;
        let n = binds.len();
        let sql = format!(
            "SELECT s.id, si.id AS site_id, si.name AS site_name, s.charger_id, s.connector_id, s.status, \
             s.requested_at, s.started_at, s.stopped_at, s.meter_start_wh, s.meter_stop_wh, \
             p.state AS payment_state, p.amount, p.currency, p.card_brand, p.card_last4, \
             CASE WHEN LENGTH(s.id_tag) >= 4 THEN SUBSTR(s.id_tag, LENGTH(s.id_tag) - 3, 4) END AS tag_last4 \
             {SESSION_FROM}{clause} ORDER BY s.requested_at DESC, s.id LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut q = sqlx::query_as(&sql);
        for b in binds {
            q = q.bind(b);
        }
        let rows = q.bind(limit).bind(offset).fetch_all(self.pool()).await?;
        Ok((rows, total))
    }
}
