//! Support cases (migration `0009_support_cases`): the case as core's `Case` (JSON) with
//! the columns the queue and the SLA job select on, its timeline, its photos and the SLA
//! actions already taken. Every write of a decision is one transaction that starts by
//! taking the case's row (the version checked and bumped), so two writers of one case get
//! one winner and the other is told ([`CaseWriteOutcome::Stale`]).

use chrono::{DateTime, Utc};
use ladeklar_core::accounts::{ObjectOwner, OwnerId, UserId};
use ladeklar_core::support::case::Case;
use sqlx::{Any, FromRow, Transaction};

use crate::{enum_str, instant_str, parse_instant, Result, Store, StoreError};

#[derive(Debug, Clone, FromRow)]
pub struct CaseRow {
    pub id: String,
    pub number: i64,
    pub reporter_id: Option<String>,
    pub site_id: String,
    pub owner_id: String,
    pub charger_id: Option<String>,
    pub connector_id: Option<i64>,
    pub session_id: Option<String>,
    pub category: String,
    pub state: String,
    pub line: Option<String>,
    pub priority: String,
    pub sla_level: String,
    pub opened_at: String,
    pub updated_at: String,
    pub due_at: Option<String>,
    pub next_check_at: Option<String>,
    pub remedy_check_at: Option<String>,
    pub version: i64,
    pub case_json: String,
    pub diagnosis_json: Option<String>,
}

impl CaseRow {
    /// The stored case.
    pub fn case(&self) -> Result<Case> {
        serde_json::from_str(&self.case_json)
            .map_err(|e| StoreError::corrupt(format!("stored case {} does not read back: {e}", self.id)))
    }

    pub fn reporter(&self) -> Result<Option<UserId>> {
        self.reporter_id
            .as_deref()
            .map(|r| {
                uuid::Uuid::parse_str(r)
                    .map(UserId)
                    .map_err(|_| StoreError::corrupt(format!("stored case reporter {r:?} is not a UUID")))
            })
            .transpose()
    }

    /// Whose case it is, for `access::authorize`.
    pub fn object_owner(&self) -> Result<ObjectOwner> {
        Ok(ObjectOwner::Case {
            reporter: self.reporter()?,
            site_owner: OwnerId(self.owner_id.clone()),
        })
    }

    pub fn due_at(&self) -> Result<Option<DateTime<Utc>>> {
        self.due_at
            .as_deref()
            .map(|t| parse_instant("case due_at", t))
            .transpose()
    }
}

/// One line of a case's timeline.
#[derive(Debug, Clone, FromRow)]
pub struct TimelineRow {
    pub case_id: String,
    pub seq: i64,
    pub at: String,
    pub kind: String,
    pub actor: String,
    pub for_driver: i64,
    pub text: String,
    pub data_json: Option<String>,
}

/// A line to add to a timeline.
#[derive(Debug, Clone)]
pub struct NewTimelineEntry {
    pub at: DateTime<Utc>,
    /// `transition`, `note`, `photo`, `remote_step`, `analysis`, `sla`.
    pub kind: &'static str,
    /// Who: `driver`, `system`, a support line (`first`…), `site_owner`, `technician`.
    pub actor: String,
    /// Shown to the reporter (else support only).
    pub for_driver: bool,
    pub text: String,
    pub data: Option<serde_json::Value>,
}

/// A stored photo of a case.
#[derive(Debug, Clone, FromRow)]
pub struct PhotoRow {
    pub id: String,
    pub case_id: String,
    pub content_type: String,
    pub bytes: i64,
    pub width: i64,
    pub height: i64,
    pub object_key: String,
    pub thumb_key: String,
    pub uploaded_at: String,
    pub uploaded_by: Option<String>,
}

/// What the server worked out for a case besides the case itself: its SLA columns.
#[derive(Debug, Clone, Default)]
pub struct CaseSchedule {
    /// The next SLA deadline not met yet.
    pub due_at: Option<DateTime<Utc>>,
    /// When the SLA job must look again.
    pub next_check_at: Option<DateTime<Utc>>,
}

/// A case to open.
#[derive(Debug, Clone)]
pub struct NewCaseRow<'a> {
    pub case: &'a Case,
    pub reporter: Option<UserId>,
    pub session_id: Option<&'a str>,
    pub category: &'a str,
    pub schedule: CaseSchedule,
    pub diagnosis_json: Option<String>,
}

/// How a write of a case went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseWriteOutcome {
    Written,
    /// The case changed since it was read (another writer won); nothing was written.
    Stale,
    /// The SLA action was taken before (by this node or another); nothing was written.
    AlreadyTaken,
}

/// The queue's filters (all optional; `open_only` leaves closed, cancelled and duplicates out).
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub line: Option<String>,
    pub priority: Option<String>,
    pub site_id: Option<String>,
    pub owner_id: Option<String>,
    pub state: Option<String>,
    pub open_only: bool,
    pub limit: i64,
}

const CLOSED_STATES: &str = "'closed','duplicate','cancelled'";

fn opt_instant(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(instant_str)
}

pub(crate) async fn insert_entries(
    tx: &mut Transaction<'_, Any>,
    case_id: &str,
    entries: &[NewTimelineEntry],
) -> Result<()> {
    for e in entries {
        sqlx::query(
            "INSERT INTO case_events (case_id, seq, at, kind, actor, for_driver, text, data_json) \
             VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_id = $2), $3, $4, $5, $6, $7, $8)",
        )
        .bind(case_id)
        .bind(case_id)
        .bind(instant_str(e.at))
        .bind(e.kind)
        .bind(&e.actor)
        .bind(i64::from(e.for_driver))
        .bind(&e.text)
        .bind(e.data.as_ref().map(|d| d.to_string()))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The case's row written at `version` (checked and bumped) inside `tx`; false: it changed
/// since it was read, nothing written.
pub(crate) async fn update_case(
    tx: &mut Transaction<'_, Any>,
    case: &Case,
    version: i64,
    schedule: &CaseSchedule,
    diagnosis_json: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE cases SET state = $1, line = $2, priority = $3, updated_at = $4, due_at = $5, next_check_at = $6, \
         case_json = $7, diagnosis_json = COALESCE($8, diagnosis_json), version = version + 1 \
         WHERE id = $9 AND version = $10",
    )
    .bind(enum_str(&case.state))
    .bind(case.line().map(|l| enum_str(&l)))
    .bind(case.priority.as_str())
    .bind(instant_str(now))
    .bind(opt_instant(schedule.due_at))
    .bind(opt_instant(schedule.next_check_at))
    .bind(serde_json::to_string(case)?)
    .bind(diagnosis_json)
    .bind(case.id.to_string())
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(updated.rows_affected() > 0)
}

impl Store {
    /// Opens a case with its first timeline lines, in one transaction; answers its number
    /// (one above the highest; a race for the same number is retried).
    pub async fn open_case(&self, new: &NewCaseRow<'_>, entries: &[NewTimelineEntry]) -> Result<i64> {
        let case = new.case;
        let case_json = serde_json::to_string(case)?;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut tx = self.pool().begin().await?;
            let inserted: Result<i64> = sqlx::query_scalar(
                "INSERT INTO cases (id, number, reporter_id, site_id, owner_id, charger_id, connector_id, session_id, \
                 category, state, line, priority, sla_level, opened_at, updated_at, due_at, next_check_at, case_json, diagnosis_json) \
                 VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM cases), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
                 RETURNING number",
            )
            .bind(case.id.to_string())
            .bind(new.reporter.map(|u| u.to_string()))
            .bind(&case.site.site_id)
            .bind(&case.site.owner_id)
            .bind(case.charger_id.as_deref())
            .bind(case.connector_id.map(i64::from))
            .bind(new.session_id)
            .bind(new.category)
            .bind(enum_str(&case.state))
            .bind(case.line().map(|l| enum_str(&l)))
            .bind(case.priority.as_str())
            .bind(&case.sla_level)
            .bind(instant_str(case.opened_at))
            .bind(instant_str(case.last_change()))
            .bind(opt_instant(new.schedule.due_at))
            .bind(opt_instant(new.schedule.next_check_at))
            .bind(&case_json)
            .bind(new.diagnosis_json.as_deref())
            .fetch_one(&mut *tx)
            .await
            .map_err(Into::into);
            let number = match inserted {
                Ok(n) => n,
                Err(StoreError::Conflict(_)) if attempts < 5 => continue,
                Err(e) => return Err(e),
            };
            insert_entries(&mut tx, &case.id.to_string(), entries).await?;
            tx.commit().await?;
            return Ok(number);
        }
    }

    pub async fn case_row(&self, id: &str) -> Result<Option<CaseRow>> {
        sqlx::query_as("SELECT * FROM cases WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }

    /// Writes a decision on a case read at `version`: the case, its SLA columns, the
    /// diagnosis when given, the timeline lines and, for the SLA job, the action's key (taken
    /// once), in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn write_case(
        &self,
        case: &Case,
        version: i64,
        schedule: &CaseSchedule,
        diagnosis_json: Option<&str>,
        entries: &[NewTimelineEntry],
        sla_action_key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<CaseWriteOutcome> {
        let id = case.id.to_string();
        let mut tx = self.pool().begin().await?;
        if !update_case(&mut tx, case, version, schedule, diagnosis_json, now).await? {
            return Ok(CaseWriteOutcome::Stale);
        }
        if let Some(key) = sla_action_key {
            let taken: Option<String> = sqlx::query_scalar(
                "INSERT INTO case_sla_actions (action_key, case_id, taken_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING RETURNING action_key",
            )
            .bind(key)
            .bind(&id)
            .bind(instant_str(now))
            .fetch_optional(&mut *tx)
            .await?;
            if taken.is_none() {
                return Ok(CaseWriteOutcome::AlreadyTaken);
            }
        }
        insert_entries(&mut tx, &id, entries).await?;
        tx.commit().await?;
        Ok(CaseWriteOutcome::Written)
    }

    /// Whether the SLA job has taken this action already.
    pub async fn sla_action_taken(&self, key: &str) -> Result<bool> {
        let found: Option<String> = sqlx::query_scalar("SELECT action_key FROM case_sla_actions WHERE action_key = $1")
            .bind(key)
            .fetch_optional(self.pool())
            .await?;
        Ok(found.is_some())
    }

    /// Adds timeline lines (a note) to a case, touching the case's row first.
    pub async fn add_case_entries(
        &self,
        case_id: &str,
        entries: &[NewTimelineEntry],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let touched = sqlx::query("UPDATE cases SET updated_at = $1 WHERE id = $2")
            .bind(instant_str(now))
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        if touched.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("case {case_id}")));
        }
        insert_entries(&mut tx, case_id, entries).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The case's timeline, oldest first (only the reporter's lines when `for_driver`).
    pub async fn case_timeline(&self, case_id: &str, for_driver: bool) -> Result<Vec<TimelineRow>> {
        let filter = if for_driver { " AND for_driver = 1" } else { "" };
        sqlx::query_as(&format!(
            "SELECT * FROM case_events WHERE case_id = $1{filter} ORDER BY seq"
        ))
        .bind(case_id)
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// A reporter's cases, newest first.
    pub async fn cases_of_reporter(&self, user: UserId) -> Result<Vec<CaseRow>> {
        sqlx::query_as("SELECT * FROM cases WHERE reporter_id = $1 ORDER BY opened_at DESC, number DESC")
            .bind(user.to_string())
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    /// The support queue: by the next SLA deadline (none last), then the oldest first. The
    /// open cases are read in this order from the `cases_queue` index (migration 0014; its
    /// terms and condition are these), so a page costs its rows, not a sort of every case.
    pub async fn case_queue(&self, filter: &QueueFilter) -> Result<Vec<CaseRow>> {
        let mut sql = String::from("SELECT * FROM cases WHERE 1 = 1");
        let mut binds: Vec<&str> = Vec::new();
        for (column, value) in [
            ("line", &filter.line),
            ("priority", &filter.priority),
            ("site_id", &filter.site_id),
            ("owner_id", &filter.owner_id),
            ("state", &filter.state),
        ] {
            if let Some(v) = value {
                binds.push(v);
                sql.push_str(&format!(" AND {column} = ${}", binds.len()));
            }
        }
        if filter.open_only {
            sql.push_str(&format!(" AND state NOT IN ({CLOSED_STATES})"));
        }
        sql.push_str(&format!(
            " ORDER BY (due_at IS NULL), due_at, opened_at, number LIMIT {}",
            filter.limit.clamp(1, 1000)
        ));
        let mut query = sqlx::query_as(&sql);
        for b in binds {
            query = query.bind(b);
        }
        query.fetch_all(self.pool()).await.map_err(Into::into)
    }

    /// Open cases whose SLA check, or whose remote remedy's check, is due at `now`. Each
    /// condition is an index range of its own (`cases_by_check`, `cases_by_remedy_check`), so
    /// an idle tick reads no case: the two in one `OR`, ordered by `next_check_at`, had the
    /// database walk every open case's row each second (benches/support/).
    pub async fn cases_to_check(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<CaseRow>> {
        sqlx::query_as(&format!(
            "SELECT * FROM cases WHERE id IN (SELECT id FROM cases WHERE next_check_at <= $1 \
             UNION SELECT id FROM cases WHERE remedy_check_at <= $1) \
             AND state NOT IN ({CLOSED_STATES}) ORDER BY next_check_at LIMIT {}",
            limit.clamp(1, 10_000)
        ))
        .bind(instant_str(now))
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// When a remote remedy sent on the case must have shown it worked (`None`: none pending).
    pub async fn set_case_remedy_check(&self, case_id: &str, at: Option<DateTime<Utc>>) -> Result<()> {
        sqlx::query("UPDATE cases SET remedy_check_at = $1 WHERE id = $2")
            .bind(opt_instant(at))
            .bind(case_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Open cases about a charger (for the remote fix's follow-up on a status change).
    pub async fn open_cases_of_charger(&self, charger_id: &str) -> Result<Vec<CaseRow>> {
        sqlx::query_as(&format!(
            "SELECT * FROM cases WHERE charger_id = $1 AND state NOT IN ({CLOSED_STATES}) ORDER BY opened_at"
        ))
        .bind(charger_id)
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// A site's SLA level, zone and country, and its owner, by one of its chargers:
    /// (site_id, owner_id, time_zone, country, sla_level).
    pub async fn case_site_of_charger(
        &self,
        charger_id: &str,
    ) -> Result<Option<(String, String, String, String, String)>> {
        sqlx::query_as(
            "SELECT si.id, si.owner_id, si.time_zone, si.country, si.sla_level FROM chargers c \
             JOIN sites si ON si.id = c.site_id WHERE c.id = $1",
        )
        .bind(charger_id)
        .fetch_optional(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Every connector of a site: (charger_id, connector_id, status).
    pub async fn site_connector_statuses(&self, site_id: &str) -> Result<Vec<(String, i64, String)>> {
        sqlx::query_as(
            "SELECT co.charger_id, co.connector_id, co.status FROM connectors co \
             JOIN chargers c ON c.id = co.charger_id WHERE c.site_id = $1 ORDER BY co.charger_id, co.connector_id",
        )
        .bind(site_id)
        .fetch_all(self.pool())
        .await
        .map_err(Into::into)
    }

    /// Sets a site's SLA level (the contract's).
    pub async fn set_site_sla_level(&self, site_id: &str, level: &str) -> Result<bool> {
        let r = sqlx::query("UPDATE sites SET sla_level = $1 WHERE id = $2")
            .bind(level)
            .bind(site_id)
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Stores a photo's row and its timeline line, once the files are stored, in one
    /// transaction that takes the case's row first; `fits(count)` (core's photo rule) is
    /// asked with the photos the case has then. `Ok(false)`: it did not fit, nothing written.
    pub async fn add_case_photo(
        &self,
        photo: &PhotoRow,
        entry: &NewTimelineEntry,
        fits: impl FnOnce(usize) -> bool,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let touched = sqlx::query("UPDATE cases SET updated_at = $1 WHERE id = $2")
            .bind(instant_str(now))
            .bind(&photo.case_id)
            .execute(&mut *tx)
            .await?;
        if touched.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("case {}", photo.case_id)));
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_photos WHERE case_id = $1")
            .bind(&photo.case_id)
            .fetch_one(&mut *tx)
            .await?;
        if !fits(usize::try_from(count).unwrap_or(usize::MAX)) {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO case_photos (id, case_id, content_type, bytes, width, height, object_key, thumb_key, uploaded_at, uploaded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&photo.id)
        .bind(&photo.case_id)
        .bind(&photo.content_type)
        .bind(photo.bytes)
        .bind(photo.width)
        .bind(photo.height)
        .bind(&photo.object_key)
        .bind(&photo.thumb_key)
        .bind(&photo.uploaded_at)
        .bind(photo.uploaded_by.as_deref())
        .execute(&mut *tx)
        .await?;
        insert_entries(&mut tx, &photo.case_id, std::slice::from_ref(entry)).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn case_photos(&self, case_id: &str) -> Result<Vec<PhotoRow>> {
        sqlx::query_as("SELECT * FROM case_photos WHERE case_id = $1 ORDER BY uploaded_at, id")
            .bind(case_id)
            .fetch_all(self.pool())
            .await
            .map_err(Into::into)
    }

    pub async fn case_photo(&self, case_id: &str, photo_id: &str) -> Result<Option<PhotoRow>> {
        sqlx::query_as("SELECT * FROM case_photos WHERE case_id = $1 AND id = $2")
            .bind(case_id)
            .bind(photo_id)
            .fetch_optional(self.pool())
            .await
            .map_err(Into::into)
    }
}
