//! A work order as worked on this phone: the server's view when last seen (for the screen
//! offline), core's `WorkOrder` with every step made here applied by core's own rules, the
//! work form as typed, the photos taken and the last verification run. Kept in IndexedDB
//! (`drafts`), so a reload offline finds it again.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use ladeklar_api::{VerificationRun, WorkOrderView};
use ladeklar_core::field::visit_report::{PartUsed, PartsList, VisitReport};
use ladeklar_core::field::work_order::{StepContext, WorkOrder, WorkOrderEvent, WorkOrderRefused, WorkOrderState};
use serde::{Deserialize, Serialize};

use super::store::{self, StoreError, DRAFTS};
use crate::platform;

/// The parts list technicians record from (core's built-in list).
pub fn parts_list() -> &'static PartsList {
    static LIST: OnceLock<PartsList> = OnceLock::new();
    LIST.get_or_init(PartsList::builtin)
}

/// A photo taken on site: its outbox item's id is its id in the report until the server
/// gives it one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalPhoto {
    pub id: String,
    pub after: bool,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub view: WorkOrderView,
    pub order: WorkOrder,
    #[serde(default)]
    pub photos: Vec<LocalPhoto>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub parts: Vec<PartUsed>,
    #[serde(default)]
    pub signer: String,
    #[serde(default)]
    pub last_run: Option<VerificationRun>,
    /// The report's id, once checked out here.
    #[serde(default)]
    pub report_id: Option<String>,
    /// When the server's view was read.
    pub seen_at: DateTime<Utc>,
}

impl Visit {
    /// A visit from the server's view (its order as core keeps it).
    pub fn from_view(view: WorkOrderView) -> Option<Visit> {
        let order: WorkOrder = serde_json::from_value(view.order.clone()).ok()?;
        Some(Visit {
            view,
            summary: order.work.as_ref().map(|w| w.summary.clone()).unwrap_or_default(),
            parts: order.work.as_ref().map(|w| w.parts_used.clone()).unwrap_or_default(),
            order,
            photos: Vec::new(),
            signer: String::new(),
            last_run: None,
            report_id: None,
            seen_at: platform::now(),
        })
    }

    pub fn id(&self) -> &str {
        &self.view.id
    }

    pub fn state(&self) -> WorkOrderState {
        self.order.state
    }

    /// Whether steps were made here that the server has not had in a report yet.
    pub fn worked_here(&self) -> bool {
        self.order.state != WorkOrderState::Scheduled || self.report_id.is_some()
    }

    /// The server's newer view: kept for what it shows (the charger, the case); the order
    /// stays as worked here once a step was made here, else it is the server's.
    pub fn seen(mut self, view: WorkOrderView) -> Visit {
        if !self.worked_here() {
            if let Ok(order) = serde_json::from_value::<WorkOrder>(view.order.clone()) {
                self.order = order;
            }
        }
        self.view = view;
        self.seen_at = platform::now();
        self
    }

    /// Makes `event` on the order by core's rules, now (never before its last step, as the
    /// server does); a refusal changes nothing.
    pub fn step(&mut self, event: WorkOrderEvent) -> Result<WorkOrderState, WorkOrderRefused> {
        let photos: BTreeSet<String> = self.photos.iter().map(|p| p.id.clone()).collect();
        let ctx = StepContext {
            parts: parts_list(),
            photos: &photos,
        };
        let now = platform::now().max(self.order.last_step());
        self.order.apply(event, ctx, now)
    }

    /// The whole visit as the server takes it, photos by this phone's ids.
    pub fn report(&self) -> Option<VisitReport> {
        let o = &self.order;
        let verified = o.verifications.iter().rev().find(|(_, v)| v.passed).cloned();
        Some(VisitReport {
            checked_in_at: o.checked_in_at?,
            work: o.work.clone()?,
            work_recorded_at: o.work_recorded_at?,
            verified_at: verified.as_ref().map(|(t, _)| *t),
            verification: verified.map(|(_, v)| v),
            sign_off: o.sign_off.clone(),
            signed_off_at: o.signed_off_at,
            checked_out_at: o.checked_out_at,
        })
    }

    pub async fn load(id: &str) -> Result<Option<Visit>, StoreError> {
        Ok(store::get::<Visit>(DRAFTS, id).await?.map(|r| r.value))
    }

    pub async fn all() -> Result<Vec<Visit>, StoreError> {
        Ok(store::all::<Visit>(DRAFTS)
            .await?
            .into_iter()
            .map(|r| r.value)
            .collect())
    }

    pub async fn save(&self) -> Result<(), StoreError> {
        store::put(DRAFTS, self.id(), self, None).await
    }
}
