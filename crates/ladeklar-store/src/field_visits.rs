//! Field visits (migration `0018_field_visits`): work orders (core's `WorkOrder` as JSON with
//! the columns lists select on), the visit reports phones send (keyed by the phone's id:
//! applied once, or kept for 3rd line), the photos of a work order (the case's photos, by the
//! phone's id), verification runs, and connectors' status history (written by a trigger).
//!
//! A decision is one transaction: the work order (its version checked and bumped), the case
//! when it moves (its version checked and bumped), the report's row and the timeline lines.

use chrono::{DateTime, Utc};
use ladeklar_core::field::work_order::WorkOrder;
use ladeklar_core::support::case::Case;
use sqlx::{Any, FromRow, Transaction};

use crate::cases::{insert_entries, update_case};
use crate::{enum_str, instant_str, CaseSchedule, NewTimelineEntry, Result, Store, StoreError};

#[derive(Debug, Clone, FromRow)]
pub struct WorkOrderRow {
    pub id: String,
    pub case_id: String,
    pub site_id: String,
    pub owner_id: String,
    pub technician_id: String,
    pub state: String,
    pub starts_at: String,
    pub ends_at: String,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
    pub order_json: String,
}

impl WorkOrderRow {
    pub fn order(&self) -> Result<WorkOrder> {
        serde_json::from_str(&self.order_json)
            .map_err(|e| StoreError::corrupt(format!("stored work order {} does not read back: {e}", self.id)))
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct VisitReportRow {
    pub client_id: String,
    pub work_order_id: String,
    pub body_sha256: String,
    pub body_json: String,
    pub outcome: String,
    pub why: Option<String>,
    pub received_at: String,
    pub received_by: String,
}

/// A report as received, to store with the decision.
#[derive(Debug, Clone)]
pub struct NewVisitReport<'a> {
    pub client_id: &'a str,
    pub body_sha256: &'a str,
    pub body_json: &'a str,
    /// `applied` or `kept_for_third_line`.
    pub outcome: &'a str,
    pub why: Option<&'a str>,
    pub received_by: &'a str,
}

/// A case's change that goes with a work order's.
#[derive(Debug, Clone)]
pub struct CaseChange<'a> {
    pub case: &'a Case,
    pub version: i64,
    pub schedule: &'a CaseSchedule,
}

/// How a write of a work order went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderWriteOutcome {
    Written,
    /// The work order or its case changed since they were read; nothing was written.
    Stale,
    /// A report with this client id was stored before; nothing was written.
    DuplicateReport,
}

#[derive(Debug, Clone, FromRow)]
pub struct StatusHistoryRow {
    pub charger_id: String,
    pub connector_id: i64,
    pub at: String,
    pub status: String,
}

async fn update_order(
    tx: &mut Transaction<'_, Any>,
    order: &WorkOrder,
    version: i64,
    now: DateTime<Utc>,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE work_orders SET state = $1, starts_at = $2, ends_at = $3, updated_at = $4, order_json = $5, \
         version = version + 1 WHERE id = $6 AND version = $7",
    )
    .bind(enum_str(&order.state))
    .bind(instant_str(order.slot.starts_at))
    .bind(instant_str(order.slot.ends_at))
    .bind(instant_str(now))
    .bind(serde_json::to_string(order)?)
    .bind(&order.id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() > 0)
}

impl Store {
    /// Books a visit: the case moved to "visit scheduled" (at the version read), the case's
    /// earlier orders a new booking replaces (core's rebooking rule; each at the version
    /// read) and the new work order, with the timeline lines, in one transaction.
    pub async fn schedule_visit(
        &self,
        change: &CaseChange<'_>,
        replaced: &[(WorkOrder, i64)],
        order: &WorkOrder,
        entries: &[NewTimelineEntry],
        now: DateTime<Utc>,
    ) -> Result<OrderWriteOutcome> {
        let case = change.case;
        let mut tx = self.pool().begin().await?;
        if !update_case(&mut tx, case, change.version, change.schedule, None, now).await? {
            return Ok(OrderWriteOutcome::Stale);
        }
        for (old, version) in replaced {
            if !update_order(&mut tx, old, *version, now).await? {
                return Ok(OrderWriteOutcome::Stale);
            }
        }
        sqlx::query(
            "INSERT INTO work_orders (id, case_id, site_id, owner_id, technician_id, state, starts_at, ends_at, \
             created_at, updated_at, order_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&order.id)
        .bind(case.id.to_string())
        .bind(&case.site.site_id)
        .bind(&case.site.owner_id)
        .bind(&order.technician)
        .bind(enum_str(&order.state))
        .bind(instant_str(order.slot.starts_at))
        .bind(instant_str(order.slot.ends_at))
        .bind(instant_str(now))
        .bind(instant_str(now))
        .bind(serde_json::to_string(order)?)
        .execute(&mut *tx)
        .await?;
        insert_entries(&mut tx, &case.id.to_string(), entries).await?;
        tx.commit().await?;
        Ok(OrderWriteOutcome::Written)
    }

    /// Writes a decision on a work order read at `version`: the order, the case when it
    /// moves, the report when one came (its client id taken once), the timeline lines.
    pub async fn write_work_order(
        &self,
        order: Option<(&WorkOrder, i64)>,
        case: Option<&CaseChange<'_>>,
        report: Option<(&str, &NewVisitReport<'_>)>,
        case_id: &str,
        entries: &[NewTimelineEntry],
        now: DateTime<Utc>,
    ) -> Result<OrderWriteOutcome> {
        let mut tx = self.pool().begin().await?;
        if let Some((work_order_id, r)) = report {
            let taken: Option<String> = sqlx::query_scalar(
                "INSERT INTO visit_reports (client_id, work_order_id, body_sha256, body_json, outcome, why, received_at, received_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING client_id",
            )
            .bind(r.client_id)
            .bind(work_order_id)
            .bind(r.body_sha256)
            .bind(r.body_json)
            .bind(r.outcome)
            .bind(r.why)
            .bind(instant_str(now))
            .bind(r.received_by)
            .fetch_optional(&mut *tx)
            .await?;
            if taken.is_none() {
                return Ok(OrderWriteOutcome::DuplicateReport);
            }
        }
        if let Some((order, version)) = order {
            if !update_order(&mut tx, order, version, now).await? {
                return Ok(OrderWriteOutcome::Stale);
            }
        }
        if let Some(c) = case {
            if !update_case(&mut tx, c.case, c.version, c.schedule, None, now).await? {
                return Ok(OrderWriteOutcome::Stale);
            }
        } else if !entries.is_empty() {
            sqlx::query("UPDATE cases SET updated_at = $1 WHERE id = $2")
                .bind(instant_str(now))
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
        }
        insert_entries(&mut tx, case_id, entries).await?;
        tx.commit().await?;
        Ok(OrderWriteOutcome::Written)
    }

    pub async fn work_order(&self, id: &str) -> Result<Option<WorkOrderRow>> {
        sqlx::query_as("SELECT * FROM work_orders WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }

    /// Work orders by slot: a technician's (`None`: everyone's) from `from` on; not those a
    /// new booking cancelled.
    pub async fn work_orders_from(&self, technician: Option<&str>, from: DateTime<Utc>) -> Result<Vec<WorkOrderRow>> {
        let mut sql = String::from("SELECT * FROM work_orders WHERE ends_at >= $1 AND state <> 'cancelled'");
        if technician.is_some() {
            sql.push_str(" AND technician_id = $2");
        }
        sql.push_str(" ORDER BY starts_at, id LIMIT 500");
        let mut q = sqlx::query_as(&sql).bind(instant_str(from));
        if let Some(t) = technician {
            q = q.bind(t);
        }
        q.fetch_all(self.pool()).await.map_err(Into::into)
    }

    pub async fn work_orders_of_site(&self, site_id: &str) -> Result<Vec<WorkOrderRow>> {
        sqlx::query_as("SELECT * FROM work_orders WHERE site_id = $1 ORDER BY starts_at DESC, id")
            .bind(site_id)
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    pub async fn work_orders_of_case(&self, case_id: &str) -> Result<Vec<WorkOrderRow>> {
        sqlx::query_as("SELECT * FROM work_orders WHERE case_id = $1 ORDER BY created_at, id")
            .bind(case_id)
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    pub async fn visit_report(&self, client_id: &str) -> Result<Option<VisitReportRow>> {
        sqlx::query_as("SELECT * FROM visit_reports WHERE client_id = $1")
            .bind(client_id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }

    pub async fn visit_reports_of_order(&self, work_order_id: &str) -> Result<Vec<VisitReportRow>> {
        sqlx::query_as("SELECT * FROM visit_reports WHERE work_order_id = $1 ORDER BY received_at, client_id")
            .bind(work_order_id)
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    /// The case photo a phone's upload became, if it was uploaded before.
    pub async fn work_order_photo(&self, work_order_id: &str, client_id: &str) -> Result<Option<String>> {
        sqlx::query_scalar("SELECT photo_id FROM work_order_photos WHERE work_order_id = $1 AND client_id = $2")
            .bind(work_order_id)
            .bind(client_id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }

    /// Links a stored case photo to the phone's id; answers the photo the id stands for
    /// (another upload with the same id may have won).
    pub async fn link_work_order_photo(&self, work_order_id: &str, client_id: &str, photo_id: &str) -> Result<String> {
        sqlx::query(
            "INSERT INTO work_order_photos (work_order_id, client_id, photo_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(work_order_id)
        .bind(client_id)
        .bind(photo_id)
        .execute(self.pool())
        .await?;
        self.work_order_photo(work_order_id, client_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("photo {client_id} of work order {work_order_id}")))
    }

    /// The phone ids and case photo ids of a work order's photos.
    pub async fn work_order_photos(&self, work_order_id: &str) -> Result<Vec<(String, String)>> {
        sqlx::query_as("SELECT client_id, photo_id FROM work_order_photos WHERE work_order_id = $1 ORDER BY client_id")
            .bind(work_order_id)
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    pub async fn add_verification_run(
        &self,
        id: &str,
        work_order_id: &str,
        at: DateTime<Utc>,
        run_json: &str,
    ) -> Result<()> {
        sqlx::query("INSERT INTO verification_runs (id, work_order_id, at, run_json) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(work_order_id)
            .bind(instant_str(at))
            .bind(run_json)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A work order's verification runs, oldest first: (at, run JSON).
    pub async fn verification_runs(&self, work_order_id: &str) -> Result<Vec<(String, String)>> {
        sqlx::query_as("SELECT at, run_json FROM verification_runs WHERE work_order_id = $1 ORDER BY at, id")
            .bind(work_order_id)
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    /// Cases of an owner and/or a site (all when neither is given), for reports.
    pub async fn cases_for_report(&self, owner_id: Option<&str>, site_id: Option<&str>) -> Result<Vec<crate::CaseRow>> {
        let mut sql = String::from("SELECT * FROM cases WHERE 1 = 1");
        let mut binds = Vec::new();
        for (column, value) in [("owner_id", owner_id), ("site_id", site_id)] {
            if let Some(v) = value {
                binds.push(v);
                sql.push_str(&format!(" AND {column} = ${}", binds.len()));
            }
        }
        sql.push_str(" ORDER BY opened_at, number");
        let mut q = sqlx::query_as(&sql);
        for b in binds {
            q = q.bind(b);
        }
        q.fetch_all(self.pool()).await.map_err(Into::into)
    }

    /// The chargers of an owner and/or a site with their connector ids:
    /// (charger_id, site_id, owner_id, connector_id).
    pub async fn chargers_for_report(
        &self,
        owner_id: Option<&str>,
        site_id: Option<&str>,
    ) -> Result<Vec<(String, String, String, i64)>> {
        let mut sql = String::from(
            "SELECT c.id, c.site_id, si.owner_id, co.connector_id FROM chargers c JOIN sites si ON si.id = c.site_id \
             JOIN connectors co ON co.charger_id = c.id WHERE 1 = 1",
        );
        let mut binds = Vec::new();
        for (column, value) in [("si.owner_id", owner_id), ("c.site_id", site_id)] {
            if let Some(v) = value {
                binds.push(v);
                sql.push_str(&format!(" AND {column} = ${}", binds.len()));
            }
        }
        sql.push_str(" ORDER BY c.id, co.connector_id");
        let mut q = sqlx::query_as(&sql);
        for b in binds {
            q = q.bind(b);
        }
        q.fetch_all(self.pool()).await.map_err(Into::into)
    }

    /// The status changes of `charger_id` before `until`, oldest first.
    pub async fn status_history(&self, charger_id: &str, until: DateTime<Utc>) -> Result<Vec<StatusHistoryRow>> {
        sqlx::query_as(
            "SELECT charger_id, connector_id, at, status FROM connector_status_history \
             WHERE charger_id = $1 AND at < $2 ORDER BY at",
        )
        .bind(charger_id)
        .bind(instant_str(until))
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// The status changes of `charger_id` at or after `since`, newest first, at most `limit`.
    pub async fn recent_status_changes(
        &self,
        charger_id: &str,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<StatusHistoryRow>> {
        sqlx::query_as(
            "SELECT charger_id, connector_id, at, status FROM connector_status_history \
             WHERE charger_id = $1 AND at >= $2 ORDER BY at DESC LIMIT $3",
        )
        .bind(charger_id)
        .bind(instant_str(since))
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// A site's address, name, owner and zone: (name, address, city, owner_id, time_zone, lat, lon).
    pub async fn site_facts(
        &self,
        site_id: &str,
    ) -> Result<Option<(String, String, String, String, String, f64, f64)>> {
        sqlx::query_as("SELECT name, address, city, owner_id, time_zone, lat, lon FROM sites WHERE id = $1")
            .bind(site_id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }
}
