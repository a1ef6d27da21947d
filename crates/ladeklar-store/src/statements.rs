//! Self-billing statements (migration `0017_owner_statements`): owners' organisation numbers
//! and zones, the payments of a month, and the documents issued with their payouts.
//!
//! [`Store::issue_statements`] is one transaction per owner and month. Its first statement
//! writes the owner's `statement_counters` row, which is the owner's lock (PostgreSQL: the row
//! lock; SQLite: the database's write lock, taken before anything is read): a second issue for
//! the same owner waits, then finds the documents the first wrote and returns them. A document's
//! number is the counter raised by one in the same transaction that writes it, and the unique
//! `(owner_id, number)` backs it up: the numbers have no gap and no repeat, whatever races.

use chrono::{DateTime, Utc};
use sqlx::{Any, FromRow, Transaction};

use crate::{instant_str, BoxError, Result, Store, StoreError};

/// An owner of sites.
#[derive(Debug, Clone, FromRow)]
pub struct OwnerRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub org_number: Option<String>,
    pub time_zone: String,
}

/// A payment taken (or refunded) at one of an owner's sites, with what its line needs.
#[derive(Debug, Clone, FromRow)]
pub struct StatedPaymentRow {
    pub payment_id: String,
    pub session_id: String,
    pub currency: String,
    pub amount: Option<i64>,
    pub paid_at: Option<String>,
    pub refunded_at: Option<String>,
    pub stopped_at: Option<String>,
    pub priced_json: Option<String>,
    pub charger_id: String,
    pub site_id: String,
    pub site_name: String,
    /// The number of the statement the payment is on, if any.
    pub stated_on: Option<i64>,
}

/// What a month's documents are made from, read inside the issuing transaction.
#[derive(Debug, Clone)]
pub struct StatementInputs {
    pub owner: OwnerRow,
    /// Payments taken in the month.
    pub paid: Vec<StatedPaymentRow>,
    /// Payments refunded in the month.
    pub refunded: Vec<StatedPaymentRow>,
    /// The number the first document written now will get (the owner's sequence, read under
    /// the owner's lock): documents are numbered in the order the closure returns them.
    pub next_number: i64,
}

/// A document to write (its number is the store's to give).
#[derive(Debug, Clone)]
pub struct NewStatement {
    pub id: String,
    /// [`StatementInputs::next_number`] for the first, one more for each next.
    pub number: i64,
    pub kind: String,
    pub currency: String,
    pub total_excl_vat: i64,
    pub total_vat: i64,
    pub total_incl_vat: i64,
    pub platform_fee: i64,
    pub payout: i64,
    pub figures_json: String,
    pub payment_ids: Vec<String>,
}

/// A document as issued.
#[derive(Debug, Clone, FromRow)]
pub struct StatementRow {
    pub id: String,
    pub owner_id: String,
    pub number: i64,
    pub kind: String,
    pub month: String,
    pub currency: String,
    pub issued_at: String,
    pub owner_name: String,
    pub org_number: String,
    pub total_excl_vat: i64,
    pub total_vat: i64,
    pub total_incl_vat: i64,
    pub platform_fee: i64,
    pub payout: i64,
    pub figures_json: String,
    pub payout_status: String,
    /// Set when an admin marked the payout paid: the day the money went and the bank's reference.
    pub payout_paid_on: Option<String>,
    pub payout_reference: Option<String>,
}

/// What an issue did: the month's documents, and whether this call wrote them.
#[derive(Debug, Clone)]
pub struct Issued {
    pub documents: Vec<StatementRow>,
    pub created: bool,
}

const OWNER_COLUMNS: &str = "id, name, email, org_number, time_zone";
const STATEMENT_COLUMNS: &str = "s.id, s.owner_id, s.number, s.kind, s.month, s.currency, s.issued_at, s.owner_name, \
    s.org_number, s.total_excl_vat, s.total_vat, s.total_incl_vat, s.platform_fee, s.payout, s.figures_json, \
    p.status AS payout_status, p.paid_on AS payout_paid_on, p.reference AS payout_reference";
const PAYMENT_COLUMNS: &str = "p.id AS payment_id, p.session_id, p.currency, p.amount, p.paid_at, p.refunded_at, \
    se.stopped_at, se.priced_json, c.id AS charger_id, si.id AS site_id, si.name AS site_name, \
    (SELECT st.number FROM statement_lines l JOIN statements st ON st.id = l.statement_id \
     WHERE l.payment_id = p.id AND l.kind = 'statement') AS stated_on";
const PAYMENT_FROM: &str = "FROM payments p JOIN sessions se ON se.id = p.session_id \
    JOIN chargers c ON c.id = se.charger_id JOIN sites si ON si.id = c.site_id";

impl Store {
    pub async fn owner(&self, id: &str) -> Result<Option<OwnerRow>> {
        Ok(
            sqlx::query_as(&format!("SELECT {OWNER_COLUMNS} FROM owners WHERE id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn owners(&self) -> Result<Vec<OwnerRow>> {
        Ok(
            sqlx::query_as(&format!("SELECT {OWNER_COLUMNS} FROM owners ORDER BY id"))
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Sets an owner's organisation number (checked by the caller with core's `OrgNumber`)
    /// and time zone.
    pub async fn set_owner_details(&self, id: &str, org_number: Option<&str>, time_zone: &str) -> Result<()> {
        let r = sqlx::query("UPDATE owners SET org_number = $1, time_zone = $2 WHERE id = $3")
            .bind(org_number)
            .bind(time_zone)
            .bind(id)
            .execute(self.pool())
            .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("owner {id}")));
        }
        Ok(())
    }

    /// Issues `owner_id`'s documents for `month` (`[from, to)`), once: when the month has
    /// documents already, they are returned and `decide` is not called; otherwise `decide`
    /// makes them from the month's payments and each is written with the next number and its
    /// payout, all in this one transaction. `decide` may return no document (nothing paid or
    /// refunded): nothing is written and no number is used.
    pub async fn issue_statements<F>(
        &self,
        owner_id: &str,
        month: &str,
        (from, to): (DateTime<Utc>, DateTime<Utc>),
        now: DateTime<Utc>,
        decide: F,
    ) -> Result<Issued>
    where
        F: FnOnce(&StatementInputs) -> std::result::Result<Vec<NewStatement>, BoxError>,
    {
        let mut tx = self.pool().begin().await?;
        // The owner's lock, taken by the transaction's first statement (a write).
        sqlx::query(
            "INSERT INTO statement_counters (owner_id, last_number) VALUES ($1, 0) ON CONFLICT (owner_id) DO NOTHING",
        )
        .bind(owner_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE statement_counters SET last_number = last_number WHERE owner_id = $1")
            .bind(owner_id)
            .execute(&mut *tx)
            .await?;
        let existing = month_documents(&mut tx, owner_id, month).await?;
        if !existing.is_empty() {
            tx.commit().await?;
            return Ok(Issued {
                documents: existing,
                created: false,
            });
        }
        let owner: OwnerRow = sqlx::query_as(&format!("SELECT {OWNER_COLUMNS} FROM owners WHERE id = $1"))
            .bind(owner_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("owner {owner_id}")))?;
        let org_number = owner
            .org_number
            .clone()
            .ok_or_else(|| StoreError::Other(format!("owner {owner_id} has no organisation number").into()))?;
        let payments = |column: &'static str, state: &'static str| {
            format!(
                "SELECT {PAYMENT_COLUMNS} {PAYMENT_FROM} WHERE si.owner_id = $1 AND p.state IN ({state}) \
                 AND p.{column} >= $2 AND p.{column} < $3 ORDER BY p.{column}, p.id"
            )
        };
        let paid: Vec<StatedPaymentRow> = sqlx::query_as(&payments("paid_at", "'captured', 'refunded'"))
            .bind(owner_id)
            .bind(instant_str(from))
            .bind(instant_str(to))
            .fetch_all(&mut *tx)
            .await?;
        let refunded: Vec<StatedPaymentRow> = sqlx::query_as(&payments("refunded_at", "'refunded'"))
            .bind(owner_id)
            .bind(instant_str(from))
            .bind(instant_str(to))
            .fetch_all(&mut *tx)
            .await?;
        let last: i64 = sqlx::query_scalar("SELECT last_number FROM statement_counters WHERE owner_id = $1")
            .bind(owner_id)
            .fetch_one(&mut *tx)
            .await?;
        let inputs = StatementInputs {
            owner,
            paid,
            refunded,
            next_number: last + 1,
        };
        let documents = decide(&inputs).map_err(StoreError::Other)?;
        if documents.is_empty() {
            tx.rollback().await?;
            return Ok(Issued {
                documents: Vec::new(),
                created: false,
            });
        }
        let issued_at = instant_str(now);
        for d in &documents {
            let number: i64 = sqlx::query_scalar(
                "UPDATE statement_counters SET last_number = last_number + 1 WHERE owner_id = $1 RETURNING last_number",
            )
            .bind(owner_id)
            .fetch_one(&mut *tx)
            .await?;
            if number != d.number {
                return Err(StoreError::Other(
                    format!("statement numbered {} where the sequence is at {number}", d.number).into(),
                ));
            }
            sqlx::query(
                "INSERT INTO statements (id, owner_id, number, kind, month, currency, issued_at, owner_name, org_number, \
                 total_excl_vat, total_vat, total_incl_vat, platform_fee, payout, figures_json) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(&d.id)
            .bind(owner_id)
            .bind(number)
            .bind(&d.kind)
            .bind(month)
            .bind(&d.currency)
            .bind(&issued_at)
            .bind(&inputs.owner.name)
            .bind(&org_number)
            .bind(d.total_excl_vat)
            .bind(d.total_vat)
            .bind(d.total_incl_vat)
            .bind(d.platform_fee)
            .bind(d.payout)
            .bind(&d.figures_json)
            .execute(&mut *tx)
            .await?;
            for payment in &d.payment_ids {
                sqlx::query("INSERT INTO statement_lines (statement_id, payment_id, kind) VALUES ($1, $2, $3)")
                    .bind(&d.id)
                    .bind(payment)
                    .bind(&d.kind)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(
                "INSERT INTO payouts (statement_id, owner_id, amount, currency, status, created_at) \
                 VALUES ($1, $2, $3, $4, 'due', $5)",
            )
            .bind(&d.id)
            .bind(owner_id)
            .bind(d.payout)
            .bind(&d.currency)
            .bind(&issued_at)
            .execute(&mut *tx)
            .await?;
        }
        let written = month_documents(&mut tx, owner_id, month).await?;
        tx.commit().await?;
        Ok(Issued {
            documents: written,
            created: true,
        })
    }

    /// An owner's documents, newest first.
    pub async fn statements_of(&self, owner_id: &str) -> Result<Vec<StatementRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {STATEMENT_COLUMNS} FROM statements s JOIN payouts p ON p.statement_id = s.id \
             WHERE s.owner_id = $1 ORDER BY s.number DESC"
        ))
        .bind(owner_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Marks a document's payout paid if it is still `due` (a compare-and-set: the caller
    /// decided with core's `payout::mark_paid` on the state it read). `false`: it was not due
    /// any more — read it again and decide again.
    pub async fn mark_payout_paid(
        &self,
        statement_id: &str,
        paid_on: chrono::NaiveDate,
        reference: &str,
        marked_by: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE payouts SET status = 'paid', paid_on = $1, reference = $2, marked_by = $3, paid_at = $4 \
             WHERE statement_id = $5 AND status = 'due'",
        )
        .bind(paid_on.to_string())
        .bind(reference)
        .bind(marked_by)
        .bind(crate::instant_str(at))
        .bind(statement_id)
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() == 1)
    }

    pub async fn statement(&self, id: &str) -> Result<Option<StatementRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {STATEMENT_COLUMNS} FROM statements s JOIN payouts p ON p.statement_id = s.id WHERE s.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }
}

async fn month_documents(tx: &mut Transaction<'_, Any>, owner_id: &str, month: &str) -> Result<Vec<StatementRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {STATEMENT_COLUMNS} FROM statements s JOIN payouts p ON p.statement_id = s.id \
         WHERE s.owner_id = $1 AND s.month = $2 ORDER BY s.number"
    ))
    .bind(owner_id)
    .bind(month)
    .fetch_all(&mut **tx)
    .await?)
}
