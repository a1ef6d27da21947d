//! Payments, the Stripe customer of each account, Stripe events handled, and the RFID tags
//! linked to accounts. A payment's state changes by compare-and-set on what was read, so a
//! webhook, the reconciliation job and a request never apply two transitions over each other.

use chrono::{DateTime, Utc};
use ladeklar_core::accounts::UserId;
use ladeklar_core::payments::state::Payment;
use ladeklar_core::payments::{MinorUnits, PaymentKind, PaymentState};
use sqlx::FromRow;

use crate::{enum_str, instant_str, parse_enum, parse_instant, Result, Store, StoreError};

/// A stored payment.
#[derive(Debug, Clone, FromRow)]
pub struct PaymentRow {
    pub id: String,
    pub session_id: String,
    pub user_id: Option<String>,
    pub kind: String,
    pub state: String,
    pub currency: String,
    pub held: i64,
    pub amount: Option<i64>,
    pub capture_failures: i64,
    pub charges: i64,
    pub payment_method: String,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub stripe_intent: Option<String>,
    pub pending_key: Option<String>,
    pub failure: Option<String>,
    pub receipt_email: Option<String>,
    pub created_at: String,
    pub held_at: Option<String>,
    pub updated_at: String,
}

const COLUMNS: &str = "id, session_id, user_id, kind, state, currency, held, amount, capture_failures, charges, \
    payment_method, card_brand, card_last4, stripe_intent, pending_key, failure, receipt_email, created_at, held_at, updated_at";

impl PaymentRow {
    /// The payment as the rules see it.
    pub fn rules(&self) -> Result<Payment> {
        let kind: PaymentKind = parse_enum("payment kind", &self.kind)?;
        let state = PaymentState::parse(&self.state)
            .ok_or_else(|| StoreError::corrupt(format!("payment state {:?}", self.state)))?;
        let count =
            |what: &str, n: i64| u32::try_from(n).map_err(|_| StoreError::corrupt(format!("payment {what} {n}")));
        Ok(Payment {
            kind,
            state,
            held: MinorUnits(self.held),
            amount: self.amount.map(MinorUnits),
            capture_failures: count("capture failures", self.capture_failures)?,
            charges: count("charges", self.charges)?,
        })
    }

    pub fn held_at(&self) -> Result<Option<DateTime<Utc>>> {
        self.held_at.as_deref().map(|t| parse_instant("held_at", t)).transpose()
    }

    pub fn created_at(&self) -> Result<DateTime<Utc>> {
        parse_instant("created_at", &self.created_at)
    }
}

/// A payment about to be asked for.
#[derive(Debug, Clone)]
pub struct NewPayment<'a> {
    pub id: &'a str,
    pub session_id: &'a str,
    pub user_id: Option<&'a UserId>,
    pub payment: &'a Payment,
    pub currency: &'a str,
    pub payment_method: &'a str,
    pub card_brand: Option<&'a str>,
    pub card_last4: Option<&'a str>,
    pub receipt_email: Option<&'a str>,
    /// The idempotency key of the first Stripe call, written before it is made.
    pub pending_key: Option<&'a str>,
}

/// What a transition changes on a stored payment.
#[derive(Debug, Clone, Default)]
pub struct PaymentChange<'a> {
    /// The idempotency key of the Stripe call about to be made (`None` clears it).
    pub pending_key: Option<&'a str>,
    pub stripe_intent: Option<&'a str>,
    pub failure: Option<&'a str>,
    pub held_at: Option<DateTime<Utc>>,
}

/// A session in a driver's history.
#[derive(Debug, Clone, FromRow)]
pub struct HistoryRow {
    pub id: String,
    pub charger_id: String,
    pub site_name: String,
    /// The site's IANA zone (the session's).
    pub time_zone: String,
    pub status: String,
    pub requested_at: String,
    pub started_at: Option<String>,
    pub stopped_at: Option<String>,
    pub priced_json: Option<String>,
    pub payment_state: Option<String>,
    pub amount: Option<i64>,
    pub payment_currency: Option<String>,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
}

/// A linked RFID tag.
#[derive(Debug, Clone, FromRow)]
pub struct AccountTagRow {
    pub id_tag: String,
    pub status: String,
    pub name: Option<String>,
    pub user_id: Option<String>,
}

impl Store {
    pub async fn insert_payment(&self, p: &NewPayment<'_>, now: DateTime<Utc>) -> Result<()> {
        let rules = p.payment;
        sqlx::query(
            "INSERT INTO payments (id, session_id, user_id, kind, state, currency, held, amount, capture_failures, charges, \
             payment_method, card_brand, card_last4, pending_key, receipt_email, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)",
        )
        .bind(p.id)
        .bind(p.session_id)
        .bind(p.user_id.map(|u| u.to_string()))
        .bind(enum_str(&rules.kind))
        .bind(rules.state.as_str())
        .bind(p.currency)
        .bind(rules.held.0)
        .bind(rules.amount.map(|a| a.0))
        .bind(i64::from(rules.capture_failures))
        .bind(i64::from(rules.charges))
        .bind(p.payment_method)
        .bind(p.card_brand)
        .bind(p.card_last4)
        .bind(p.pending_key)
        .bind(p.receipt_email)
        .bind(instant_str(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn payment(&self, id: &str) -> Result<Option<PaymentRow>> {
        self.payment_where("id", id).await
    }

    pub async fn payment_of_session(&self, session_id: &str) -> Result<Option<PaymentRow>> {
        self.payment_where("session_id", session_id).await
    }

    pub async fn payment_by_intent(&self, intent: &str) -> Result<Option<PaymentRow>> {
        self.payment_where("stripe_intent", intent).await
    }

    async fn payment_where(&self, column: &str, value: &str) -> Result<Option<PaymentRow>> {
        Ok(
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM payments WHERE {column} = $1"))
                .bind(value)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Writes `next` over the payment `from` (as read): only when nobody changed it since,
    /// so each transition is applied once. Returns whether this call wrote it.
    pub async fn save_payment(
        &self,
        from: &PaymentRow,
        next: &Payment,
        change: &PaymentChange<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let written = sqlx::query(
            "UPDATE payments SET state = $1, amount = $2, capture_failures = $3, charges = $4, pending_key = $5, \
             stripe_intent = COALESCE($6, stripe_intent), failure = COALESCE($7, failure), \
             held_at = COALESCE($8, held_at), updated_at = $9, held = $14, \
             paid_at = CASE WHEN $1 = 'captured' THEN COALESCE(paid_at, $9) ELSE paid_at END, \
             refunded_at = CASE WHEN $1 = 'refunded' THEN COALESCE(refunded_at, $9) ELSE refunded_at END \
             WHERE id = $10 AND state = $11 AND capture_failures = $12 AND charges = $13",
        )
        .bind(next.state.as_str())
        .bind(next.amount.map(|a| a.0))
        .bind(i64::from(next.capture_failures))
        .bind(i64::from(next.charges))
        .bind(change.pending_key)
        .bind(change.stripe_intent)
        .bind(change.failure)
        .bind(change.held_at.map(instant_str))
        .bind(instant_str(now))
        .bind(&from.id)
        .bind(&from.state)
        .bind(from.capture_failures)
        .bind(from.charges)
        .bind(next.held.0)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(written == 1)
    }

    /// Records the PaymentIntent a Stripe call created (before anything else is done with it).
    pub async fn set_payment_intent(&self, id: &str, intent: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE payments SET stripe_intent = $1, updated_at = $2 WHERE id = $3 AND stripe_intent IS NULL")
            .bind(intent)
            .bind(instant_str(now))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Pays a payment with another card from now on (a debt paid with a new default card).
    pub async fn set_payment_method(&self, id: &str, payment_method: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE payments SET payment_method = $1, updated_at = $2 WHERE id = $3")
            .bind(payment_method)
            .bind(instant_str(now))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Payments in `states` last changed before `before` (the reconciliation job's work).
    pub async fn payments_in(&self, states: &[PaymentState], before: DateTime<Utc>) -> Result<Vec<PaymentRow>> {
        let list = states
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM payments WHERE state IN ({list}) AND updated_at < $1 ORDER BY updated_at"
        ))
        .bind(instant_str(before))
        .fetch_all(self.pool())
        .await?)
    }

    /// A driver's payments, newest first.
    pub async fn payments_of(&self, user: &UserId) -> Result<Vec<PaymentRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM payments WHERE user_id = $1 ORDER BY created_at DESC"
        ))
        .bind(user.to_string())
        .fetch_all(self.pool())
        .await?)
    }

    /// What an account owes (payments in debt), in minor units.
    pub async fn debt_of(&self, user: &UserId) -> Result<i64> {
        let owed: Option<i64> = sqlx::query_scalar(
            "SELECT CAST(SUM(amount) AS BIGINT) FROM payments WHERE user_id = $1 AND state = 'debt'",
        )
        .bind(user.to_string())
        .fetch_one(self.pool())
        .await?;
        Ok(owed.unwrap_or(0))
    }

    /// The Stripe customer of an account and its default card.
    pub async fn stripe_customer(&self, user: &UserId) -> Result<Option<(String, Option<String>)>> {
        Ok(
            sqlx::query_as("SELECT customer_id, default_card FROM stripe_customers WHERE user_id = $1")
                .bind(user.to_string())
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Keeps the first customer made for an account (two requests racing keep one).
    pub async fn insert_stripe_customer(&self, user: &UserId, customer: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "INSERT INTO stripe_customers (user_id, customer_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(user.to_string())
        .bind(customer)
        .bind(instant_str(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn set_default_card(&self, user: &UserId, card: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE stripe_customers SET default_card = $1 WHERE user_id = $2")
            .bind(card)
            .bind(user.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Marks a Stripe event as handled; false when it already was (a replay).
    pub async fn first_stripe_event(&self, id: &str, kind: &str, now: DateTime<Utc>) -> Result<bool> {
        let r = sqlx::query(
            "INSERT INTO stripe_events (id, kind, received_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(kind)
        .bind(instant_str(now))
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Links an RFID tag to an account (a new tag, or one of the token store's without an
    /// owner). Conflict when another account has it.
    pub async fn link_tag(&self, user: &UserId, id_tag: &str, name: &str, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let owner: Option<Option<String>> = sqlx::query_scalar("SELECT user_id FROM id_tags WHERE id_tag = $1")
            .bind(id_tag)
            .fetch_optional(&mut *tx)
            .await?;
        match owner {
            Some(Some(other)) if other != user.to_string() => {
                return Err(StoreError::Conflict(
                    format!("tag {id_tag} belongs to another account").into(),
                ))
            }
            Some(_) => {
                sqlx::query("UPDATE id_tags SET user_id = $1, name = $2, updated_at = $3 WHERE id_tag = $4")
                    .bind(user.to_string())
                    .bind(name)
                    .bind(instant_str(now))
                    .bind(id_tag)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO id_tags (id_tag, status, user_id, name, updated_at) VALUES ($1, 'accepted', $2, $3, $4)",
                )
                .bind(id_tag)
                .bind(user.to_string())
                .bind(name)
                .bind(instant_str(now))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn tags_of(&self, user: &UserId) -> Result<Vec<AccountTagRow>> {
        Ok(
            sqlx::query_as("SELECT id_tag, status, name, user_id FROM id_tags WHERE user_id = $1 ORDER BY id_tag")
                .bind(user.to_string())
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// An RFID session billed to an account becomes that driver's session (their history,
    /// their receipt). A session that already has a driver keeps it.
    pub async fn claim_session(&self, session_id: &str, user: &UserId) -> Result<()> {
        sqlx::query("UPDATE sessions SET user_id = $1 WHERE id = $2 AND user_id IS NULL")
            .bind(user.to_string())
            .bind(session_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A driver's sessions asked for in `[from, to)`, newest first, with their payments (at
    /// most `limit`).
    pub async fn session_history(
        &self,
        user: &UserId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<HistoryRow>> {
        Ok(sqlx::query_as(
            "SELECT s.id, s.charger_id, si.name AS site_name, s.time_zone, s.status, s.requested_at, s.started_at, s.stopped_at, \
             s.priced_json, p.state AS payment_state, p.amount, p.currency AS payment_currency, p.card_brand, p.card_last4 \
             FROM sessions s JOIN chargers c ON c.id = s.charger_id JOIN sites si ON si.id = c.site_id \
             LEFT JOIN payments p ON p.session_id = s.id \
             WHERE s.user_id = $1 AND s.requested_at >= $2 AND s.requested_at < $3 \
             ORDER BY s.requested_at DESC LIMIT $4",
        )
        .bind(user.to_string())
        .bind(instant_str(from))
        .bind(instant_str(to))
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// The account a tag is linked to, if any.
    pub async fn tag_owner(&self, id_tag: &str) -> Result<Option<UserId>> {
        let owner: Option<Option<String>> = sqlx::query_scalar("SELECT user_id FROM id_tags WHERE id_tag = $1")
            .bind(id_tag)
            .fetch_optional(self.pool())
            .await?;
        owner
            .flatten()
            .map(|u| {
                u.parse::<uuid::Uuid>()
                    .map(UserId)
                    .map_err(|_| StoreError::corrupt(format!("tag owner {u:?}")))
            })
            .transpose()
    }
}
