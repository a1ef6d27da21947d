//! The outbox: what this phone made on site — check-ins, photos, visit reports — kept in
//! IndexedDB until the server answers, then kept as sent, kept for 3rd line or refused, so
//! the technician sees what happened. Each item is sent with the id this phone made for it
//! (a photo's and a report's `client_id`; the server answers a repeat as before), in the
//! order made, and leaves "waiting" only when the server's answer has been read: a request
//! whose answer is lost is sent again. A report waits for its photos, and names them by
//! the ids the server gave them.

use chrono::{DateTime, Utc};
use ladeklar_api::{ErrorCode, VisitReportRequest};
use ladeklar_core::field::visit_report::VisitReport;
use ladeklar_core::field::work_order::WorkOrderEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::store::{self, StoreError, OUTBOX};
use crate::api::{self, ApiError};
use crate::platform;

/// What an item carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    CheckIn,
    /// A photo before or after; its bytes are the record's Blob until it is sent.
    Photo {
        after: bool,
        name: String,
        bytes: u64,
        /// The server's id and address for it, once sent.
        #[serde(default)]
        photo_id: Option<String>,
        #[serde(default)]
        url: Option<String>,
    },
    /// The whole visit, photos named by this phone's ids.
    Report {
        report: VisitReport,
    },
}

/// Where an item is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ItemState {
    Waiting,
    Sent {
        at: DateTime<Utc>,
        note: Option<String>,
    },
    /// The server kept the report for 3rd line, and why.
    Kept {
        at: DateTime<Utc>,
        why: String,
    },
    /// The server refused it: its code and words.
    Refused {
        at: DateTime<Utc>,
        code: Option<ErrorCode>,
        detail: String,
    },
}

/// One thing made on site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The id this phone made (a UUID): the photo's and the report's `client_id`.
    pub id: String,
    /// When it was made (ms): the order of sending.
    pub made: f64,
    pub work_order: String,
    pub site: String,
    pub kind: Kind,
    pub state: ItemState,
}

impl Item {
    pub fn new(work_order: &str, site: &str, kind: Kind) -> Item {
        Item {
            id: uuid::Uuid::new_v4().to_string(),
            made: js_sys::Date::now(),
            work_order: work_order.to_owned(),
            site: site.to_owned(),
            kind,
            state: ItemState::Waiting,
        }
    }

    pub fn waiting(&self) -> bool {
        self.state == ItemState::Waiting
    }
}

/// The outbox, in context (staff build).
#[derive(Debug, Clone, Copy)]
pub struct Outbox {
    items: RwSignal<Vec<Item>>,
    sending: RwSignal<bool>,
    online: RwSignal<bool>,
    /// The last send stopped for want of a connection.
    unreachable: RwSignal<bool>,
    store_problem: RwSignal<Option<StoreError>>,
}

fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// Whether an error means "try again later" (no answer, or the server's own trouble).
fn retry_later(error: &ApiError) -> bool {
    match error {
        ApiError::Network(_) | ApiError::Decode(_) => true,
        ApiError::Status(status) => *status >= 500 || *status == 408 || *status == 429,
        ApiError::Problem(p) => {
            p.status >= 500 || matches!(p.code, ErrorCode::SignInRequired | ErrorCode::CsrfRejected)
        }
    }
}

fn refused(error: &ApiError) -> ItemState {
    let (code, detail) = match error {
        ApiError::Problem(p) => (Some(p.code), p.detail.clone()),
        other => (None, format!("{other:?}")),
    };
    ItemState::Refused {
        at: platform::now(),
        code,
        detail,
    }
}

impl Outbox {
    /// Every item, oldest first (tracked).
    pub fn items(self) -> Vec<Item> {
        self.items.get()
    }

    pub fn sending(self) -> bool {
        self.sending.get()
    }

    pub fn online(self) -> bool {
        self.online.get()
    }

    /// Items wait and cannot go now (tracked).
    pub fn held_offline(self) -> bool {
        self.items.with(|i| i.iter().any(Item::waiting)) && (!self.online.get() || self.unreachable.get())
    }

    pub fn store_problem(self) -> Option<StoreError> {
        self.store_problem.get()
    }

    /// Reads the outbox from the phone's store.
    async fn load(self) -> Vec<Item> {
        match store::all::<Item>(OUTBOX).await {
            Ok(records) => {
                let mut items: Vec<Item> = records.into_iter().map(|r| r.value).collect();
                items.sort_by(|a, b| a.made.total_cmp(&b.made));
                self.items.set(items.clone());
                items
            }
            Err(e) => {
                self.store_problem.set(Some(e));
                Vec::new()
            }
        }
    }

    async fn save(self, item: &Item, blob: Option<&web_sys::Blob>) -> Result<(), StoreError> {
        let kept = store::put(OUTBOX, &item.id, item, blob).await;
        match &kept {
            Ok(()) => self
                .items
                .update(|items| match items.iter_mut().find(|i| i.id == item.id) {
                    Some(slot) => *slot = item.clone(),
                    None => items.push(item.clone()),
                }),
            Err(e) => self.store_problem.set(Some(e.clone())),
        }
        kept
    }

    /// Keeps `item` (with a photo's bytes) on the phone, then sends what waits.
    pub async fn add(self, item: Item, blob: Option<&web_sys::Blob>) -> Result<(), StoreError> {
        self.save(&item, blob).await?;
        self.send();
        Ok(())
    }

    /// A waiting photo the technician took back: it never goes.
    pub async fn withdraw(self, id: &str) {
        let waiting = self
            .items
            .with_untracked(|i| i.iter().any(|i| i.id == id && i.waiting()));
        if waiting && store::delete(OUTBOX, id).await.is_ok() {
            self.items.update(|items| items.retain(|i| i.id != id));
        }
    }

    /// Forgets a refused item (the technician has read why).
    pub async fn discard(self, id: &str) {
        if store::delete(OUTBOX, id).await.is_ok() {
            self.items.update(|items| items.retain(|i| i.id != id));
        }
    }

    /// Drops the bytes of a visit's sent photos (its report has been answered).
    async fn forget_photos(self, work_order: &str) {
        let sent: Vec<Item> = self.items.with_untracked(|items| {
            items
                .iter()
                .filter(|i| i.work_order == work_order && matches!(i.kind, Kind::Photo { .. }) && !i.waiting())
                .cloned()
                .collect()
        });
        for item in sent {
            let _ = self.save(&item, None).await;
        }
    }

    /// A photo's bytes while the phone keeps them, for its preview.
    pub async fn photo_blob(id: &str) -> Option<web_sys::Blob> {
        store::get::<Item>(OUTBOX, id).await.ok().flatten().and_then(|r| r.blob)
    }

    /// Sends what waits, in the background (one run at a time).
    pub fn send(self) {
        if self.sending.get_untracked() {
            return;
        }
        self.sending.set(true);
        spawn_local(async move {
            self.send_waiting().await;
            self.sending.set(false);
        });
    }

    async fn send_waiting(self) {
        let items = self.load().await;
        let mut unreachable = false;
        for item in items.iter().filter(|i| i.waiting()) {
            // The latest of the photos' answers (a report names the photos' server ids).
            let now_items = self.items.get_untracked();
            let outcome = match &item.kind {
                Kind::CheckIn => Some(self.send_check_in(item).await),
                Kind::Photo { .. } => Some(self.send_photo(item).await),
                Kind::Report { report } => match with_server_photo_ids(report, &now_items) {
                    Some(report) => Some(self.send_report(item, report).await),
                    // A photo it names still waits: the report goes after it.
                    None => None,
                },
            };
            match outcome {
                Some(Ok(())) | None => {}
                Some(Err(())) => {
                    unreachable = true;
                    break;
                }
            }
        }
        self.unreachable.set(unreachable);
    }

    /// Ok once answered (whatever the answer), Err when there was none to read.
    async fn answered(self, item: &Item, answer: Result<ItemState, ApiError>, kind: Option<Kind>) -> Result<(), ()> {
        let state = match answer {
            Ok(state) => state,
            Err(e) if retry_later(&e) => return Err(()),
            Err(e) => refused(&e),
        };
        let mut done = item.clone();
        done.state = state;
        if let Some(kind) = kind {
            done.kind = kind;
        }
        // A photo's bytes stay for its preview until its visit's report has gone (the server
        // shows case photos to support, not to the technician).
        let blob = match done.kind {
            Kind::Photo { .. } => Self::photo_blob(&done.id).await,
            _ => None,
        };
        let _ = self.save(&done, blob.as_ref()).await;
        if matches!(done.kind, Kind::Report { .. }) && !done.waiting() {
            self.forget_photos(&done.work_order).await;
        }
        Ok(())
    }

    async fn send_check_in(self, item: &Item) -> Result<(), ()> {
        let answer = match api::work_order_step(&item.work_order, &WorkOrderEvent::CheckIn).await {
            Ok(_) => Ok(ItemState::Sent {
                at: platform::now(),
                note: None,
            }),
            // Checked in already (an earlier send whose answer was lost, or the report's):
            // the server has it.
            Err(ApiError::Problem(p)) if p.code == ErrorCode::WorkOrderStepRefused => Ok(ItemState::Sent {
                at: platform::now(),
                note: Some(p.detail),
            }),
            Err(e) => Err(e),
        };
        self.answered(item, answer, None).await
    }

    async fn send_photo(self, item: &Item) -> Result<(), ()> {
        let Some(blob) = Self::photo_blob(&item.id).await else {
            let lost = ItemState::Refused {
                at: platform::now(),
                code: None,
                detail: "the photo's bytes are no longer on this phone".into(),
            };
            return self.answered(item, Ok(lost), None).await;
        };
        match api::work_order_photo(&item.work_order, &item.id, &blob).await {
            Ok(photo) => {
                let kind = match &item.kind {
                    Kind::Photo { after, name, bytes, .. } => Kind::Photo {
                        after: *after,
                        name: name.clone(),
                        bytes: *bytes,
                        photo_id: Some(photo.photo_id),
                        url: Some(photo.url),
                    },
                    other => other.clone(),
                };
                let sent = ItemState::Sent {
                    at: platform::now(),
                    note: None,
                };
                self.answered(item, Ok(sent), Some(kind)).await
            }
            Err(e) => self.answered(item, Err(e), None).await,
        }
    }

    async fn send_report(self, item: &Item, report: VisitReport) -> Result<(), ()> {
        let body = VisitReportRequest {
            client_id: item.id.clone(),
            report: serde_json::to_value(&report).unwrap_or_default(),
        };
        let answer = api::visit_report(&item.work_order, &body).await.map(|a| {
            if a.outcome == "kept_for_third_line" {
                ItemState::Kept {
                    at: platform::now(),
                    why: a.why.unwrap_or_default(),
                }
            } else {
                ItemState::Sent {
                    at: platform::now(),
                    note: Some(a.case_state),
                }
            }
        });
        self.answered(item, answer, None).await
    }
}

/// The report with each photo named by the id the server gave it; `None` while one of its
/// photos still waits. A photo the server refused is left out (the refusal is in the outbox).
fn with_server_photo_ids(report: &VisitReport, items: &[Item]) -> Option<VisitReport> {
    let map = |ids: &[String]| -> Option<Vec<String>> {
        let mut out = Vec::new();
        for id in ids {
            match items.iter().find(|i| i.id == *id) {
                Some(Item {
                    kind:
                        Kind::Photo {
                            photo_id: Some(photo_id),
                            ..
                        },
                    ..
                }) => out.push(photo_id.clone()),
                Some(i) if i.waiting() => return None,
                _ => {}
            }
        }
        Some(out)
    };
    let mut report = report.clone();
    report.work.photos_before = map(&report.work.photos_before)?;
    report.work.photos_after = map(&report.work.photos_after)?;
    Some(report)
}

/// Provides the outbox: read from the phone, sent when the browser comes online and every
/// 20 seconds while something waits.
pub fn provide_outbox() -> Outbox {
    let outbox = Outbox {
        items: RwSignal::new(Vec::new()),
        sending: RwSignal::new(false),
        online: RwSignal::new(is_online()),
        unreachable: RwSignal::new(false),
        store_problem: RwSignal::new(None),
    };
    provide_context(outbox);
    if let Some(window) = web_sys::window() {
        // Lives as long as the page.
        for event in ["online", "offline"] {
            let listener = Closure::<dyn Fn()>::new(move || {
                outbox.online.set(is_online());
                if is_online() {
                    outbox.send();
                }
            });
            let _ = window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            listener.forget();
        }
    }
    set_interval(
        move || {
            if outbox.items.with_untracked(|i| i.iter().any(Item::waiting)) && is_online() {
                outbox.send();
            }
        },
        std::time::Duration::from_secs(20),
    );
    outbox.send();
    outbox
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ladeklar_core::field::visit_report::WorkDone;

    fn photo(id: &str, state: ItemState, photo_id: Option<&str>) -> Item {
        Item {
            id: id.into(),
            made: 0.0,
            work_order: "wo".into(),
            site: "site".into(),
            kind: Kind::Photo {
                after: false,
                name: format!("{id}.jpg"),
                bytes: 10,
                photo_id: photo_id.map(str::to_owned),
                url: None,
            },
            state,
        }
    }

    fn report() -> VisitReport {
        let at = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        VisitReport {
            checked_in_at: at,
            work: WorkDone {
                summary: "Replaced the contactor".into(),
                parts_used: Vec::new(),
                photos_before: vec!["local-1".into()],
                photos_after: vec!["local-2".into()],
            },
            work_recorded_at: at,
            verification: None,
            verified_at: None,
            sign_off: None,
            signed_off_at: None,
            checked_out_at: None,
        }
    }

    fn sent() -> ItemState {
        ItemState::Sent {
            at: Utc.with_ymd_and_hms(2026, 12, 7, 9, 5, 0).unwrap(),
            note: None,
        }
    }

    #[test]
    fn a_report_waits_for_its_photos_and_names_them_by_the_servers_ids() {
        let waiting = [
            photo("local-1", sent(), Some("p-1")),
            photo("local-2", ItemState::Waiting, None),
        ];
        assert_eq!(with_server_photo_ids(&report(), &waiting), None);
        let both = [
            photo("local-1", sent(), Some("p-1")),
            photo("local-2", sent(), Some("p-2")),
        ];
        let ready = with_server_photo_ids(&report(), &both).expect("both photos sent");
        assert_eq!(ready.work.photos_before, ["p-1"]);
        assert_eq!(ready.work.photos_after, ["p-2"]);
    }

    #[test]
    fn a_photo_the_server_refused_is_left_out_of_the_report() {
        let refused = ItemState::Refused {
            at: Utc.with_ymd_and_hms(2026, 12, 7, 9, 5, 0).unwrap(),
            code: Some(ErrorCode::PhotoTooLarge),
            detail: "too large".into(),
        };
        let items = [photo("local-1", sent(), Some("p-1")), photo("local-2", refused, None)];
        let ready = with_server_photo_ids(&report(), &items).expect("nothing waits");
        assert_eq!(ready.work.photos_after, Vec::<String>::new());
    }

    #[test]
    fn only_an_answer_that_says_why_ends_the_wait() {
        assert!(retry_later(&ApiError::Network("offline".into())));
        assert!(retry_later(&ApiError::Status(502)));
        let problem = |code, status| {
            ApiError::Problem(ladeklar_api::Problem {
                code,
                title: String::new(),
                status,
                detail: String::new(),
                ocpp_error_code: None,
                field_problems: Vec::new(),
            })
        };
        assert!(retry_later(&problem(ErrorCode::SignInRequired, 401)));
        assert!(retry_later(&problem(ErrorCode::Internal, 500)));
        assert!(!retry_later(&problem(ErrorCode::InvalidVisitReport, 400)));
        assert!(!retry_later(&problem(ErrorCode::DuplicateReportDiffers, 409)));
    }

    #[test]
    fn items_read_back_as_written() {
        let item = photo("local-1", sent(), Some("p-1"));
        let text = serde_json::to_string(&item).unwrap();
        assert_eq!(serde_json::from_str::<Item>(&text).unwrap(), item);
    }
}
