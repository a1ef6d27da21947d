//! The work order of a field visit and its state machine.
//!
//! scheduled → checked in → work recorded → verified → signed off → checked out; or
//! cancelled, when 3rd line books the case's visit again.
//!
//! - Work may be recorded again (amended) until it is verified; a failed verification is
//!   recorded and leaves the order at "work recorded" (work on, verify again).
//! - The customer signs off only a verified fix; checking out closes the order and needs
//!   both — **the closing rule**: no check-out without a passed verification and a sign-off.
//! - Every refusal says why in words and changes nothing.
//!
//! [`WorkOrder::apply_report`] replays a whole [`VisitReport`] (from a phone that was
//! offline) from wherever the order stands; the steps already made are skipped, so a report
//! sent twice changes nothing the second time. [`WorkOrder::closing_events`] gives the case
//! engine's events that close the case once the order is checked out.
//!
//! **The rebooking rule** ([`replaced_by_booking`]): booking a case's visit again cancels
//! every order of the case that is not checked out (or cancelled already), in the same
//! transaction as the new one, so a technician never works from a stale order; a report
//! for a cancelled order is kept for 3rd line ([`WorkOrder::report_fate`]).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::slot::Slot;
use super::visit_report::{
    check_sign_off, check_verification, check_work, report_fate, PartsList, ReportFate, ReportProblem, SignOff,
    VisitReport, WorkDone,
};
use crate::support::case::{
    Actor, Case, CaseEvent, CaseId, CaseState, CustomerKind, PartLine, Verification, WorkReport,
};

/// Where a work order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkOrderState {
    Scheduled,
    CheckedIn,
    WorkRecorded,
    Verified,
    SignedOff,
    CheckedOut,
    /// Replaced by a new booking of the case's visit (the rebooking rule).
    Cancelled,
}

impl WorkOrderState {
    pub const ALL: [WorkOrderState; 7] = [
        WorkOrderState::Scheduled,
        WorkOrderState::CheckedIn,
        WorkOrderState::WorkRecorded,
        WorkOrderState::Verified,
        WorkOrderState::SignedOff,
        WorkOrderState::CheckedOut,
        WorkOrderState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkOrderState::Scheduled => "scheduled",
            WorkOrderState::CheckedIn => "checked in",
            WorkOrderState::WorkRecorded => "work recorded",
            WorkOrderState::Verified => "verified",
            WorkOrderState::SignedOff => "signed off",
            WorkOrderState::CheckedOut => "checked out",
            WorkOrderState::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for WorkOrderState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What can happen to a work order on site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum WorkOrderEvent {
    CheckIn,
    RecordWork { work: WorkDone },
    Verify { verification: Verification },
    SignOff { sign_off: SignOff },
    CheckOut,
}

impl WorkOrderEvent {
    pub fn name(&self) -> &'static str {
        match self {
            WorkOrderEvent::CheckIn => "check in",
            WorkOrderEvent::RecordWork { .. } => "record the work",
            WorkOrderEvent::Verify { .. } => "verify",
            WorkOrderEvent::SignOff { .. } => "sign off",
            WorkOrderEvent::CheckOut => "check out",
        }
    }
}

/// Why a step was refused. The work order is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum WorkOrderRefused {
    #[error("a work order that is {state} cannot {step}")]
    NotFromState { state: WorkOrderState, step: String },
    #[error("check in first: the technician is not checked in")]
    NotCheckedIn,
    #[error("verification: the customer signs off a verified fix only; verify operation first")]
    SignOffBeforeVerification,
    #[error("verification: the work order cannot close without a passed verification")]
    CloseWithoutVerification,
    #[error("sign_off: the work order cannot close without the customer's sign-off")]
    CloseWithoutSignOff,
    #[error("{0}")]
    Report(#[from] ReportProblem),
    #[error("`now` ({now}) is before the work order's last step ({last})")]
    TimeWentBackwards { now: DateTime<Utc>, last: DateTime<Utc> },
}

impl WorkOrderRefused {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            WorkOrderRefused::NotFromState { .. } | WorkOrderRefused::NotCheckedIn => "work_order_step_refused",
            WorkOrderRefused::SignOffBeforeVerification | WorkOrderRefused::CloseWithoutVerification => {
                "verification_missing"
            }
            WorkOrderRefused::CloseWithoutSignOff => "sign_off_missing",
            WorkOrderRefused::Report(_) => "invalid_visit_report",
            WorkOrderRefused::TimeWentBackwards { .. } => "work_order_step_refused",
        }
    }
}

/// What a step is checked against: the parts list and the photos uploaded for the order.
#[derive(Debug, Clone, Copy)]
pub struct StepContext<'a> {
    pub parts: &'a PartsList,
    pub photos: &'a BTreeSet<String>,
}

/// A field visit's work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrder {
    pub id: String,
    pub case_id: CaseId,
    /// The technician's account id.
    pub technician: String,
    pub slot: Slot,
    /// What the customer agreed to (time, access, who is there).
    pub customer_agreement: String,
    pub expected_parts: Vec<PartLine>,
    pub state: WorkOrderState,
    pub scheduled_at: DateTime<Utc>,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub work: Option<WorkDone>,
    pub work_recorded_at: Option<DateTime<Utc>>,
    /// Every verification made, passed or not, oldest first.
    pub verifications: Vec<(DateTime<Utc>, Verification)>,
    pub sign_off: Option<SignOff>,
    pub signed_off_at: Option<DateTime<Utc>>,
    pub checked_out_at: Option<DateTime<Utc>>,
    /// When a new booking of the case's visit replaced this order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl WorkOrder {
    /// A new order, scheduled at `now` (the slot is proven by [`super::slot::schedule`]).
    pub fn new(
        id: String,
        case_id: CaseId,
        technician: String,
        slot: Slot,
        customer_agreement: String,
        expected_parts: Vec<PartLine>,
        now: DateTime<Utc>,
    ) -> WorkOrder {
        WorkOrder {
            id,
            case_id,
            technician,
            slot,
            customer_agreement,
            expected_parts,
            state: WorkOrderState::Scheduled,
            scheduled_at: now,
            checked_in_at: None,
            work: None,
            work_recorded_at: None,
            verifications: Vec::new(),
            sign_off: None,
            signed_off_at: None,
            checked_out_at: None,
            cancelled_at: None,
        }
    }

    /// The instant of the last step (or the scheduling).
    pub fn last_step(&self) -> DateTime<Utc> {
        [
            Some(self.scheduled_at),
            self.checked_in_at,
            self.work_recorded_at,
            self.verifications.last().map(|(t, _)| *t),
            self.signed_off_at,
            self.checked_out_at,
            self.cancelled_at,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(self.scheduled_at)
    }

    /// The last passed verification, if the fix was verified.
    pub fn passed_verification(&self) -> Option<&Verification> {
        self.verifications.iter().rev().map(|(_, v)| v).find(|v| v.passed)
    }

    /// Whether `event` may happen at `now`, and the state it leads to.
    pub fn check(
        &self,
        event: &WorkOrderEvent,
        ctx: StepContext<'_>,
        now: DateTime<Utc>,
    ) -> Result<WorkOrderState, WorkOrderRefused> {
        use WorkOrderEvent as E;
        use WorkOrderState as S;
        let last = self.last_step();
        if now < last {
            return Err(WorkOrderRefused::TimeWentBackwards { now, last });
        }
        let not_from = || WorkOrderRefused::NotFromState {
            state: self.state,
            step: event.name().to_owned(),
        };
        match (event, self.state) {
            (_, S::Cancelled) => Err(not_from()),
            (E::CheckIn, S::Scheduled) => Ok(S::CheckedIn),
            (E::RecordWork { .. } | E::Verify { .. } | E::SignOff { .. } | E::CheckOut, S::Scheduled) => {
                Err(WorkOrderRefused::NotCheckedIn)
            }
            (E::RecordWork { work }, S::CheckedIn | S::WorkRecorded) => {
                check_work(work, ctx.parts, ctx.photos)?;
                Ok(S::WorkRecorded)
            }
            (E::Verify { verification }, S::WorkRecorded) => {
                check_verification(verification)?;
                Ok(if verification.passed {
                    S::Verified
                } else {
                    S::WorkRecorded
                })
            }
            (E::SignOff { .. }, S::CheckedIn | S::WorkRecorded) => Err(WorkOrderRefused::SignOffBeforeVerification),
            (E::SignOff { sign_off }, S::Verified) => {
                check_sign_off(sign_off)?;
                Ok(S::SignedOff)
            }
            (E::CheckOut, _) if self.passed_verification().is_none() => Err(WorkOrderRefused::CloseWithoutVerification),
            (E::CheckOut, S::CheckedIn | S::WorkRecorded | S::Verified) => Err(WorkOrderRefused::CloseWithoutSignOff),
            (E::CheckOut, S::SignedOff) => Ok(S::CheckedOut),
            _ => Err(not_from()),
        }
    }

    /// Makes `event` at `now`, or refuses it and leaves the order unchanged.
    pub fn apply(
        &mut self,
        event: WorkOrderEvent,
        ctx: StepContext<'_>,
        now: DateTime<Utc>,
    ) -> Result<WorkOrderState, WorkOrderRefused> {
        let next = self.check(&event, ctx, now)?;
        match event {
            WorkOrderEvent::CheckIn => self.checked_in_at = Some(now),
            WorkOrderEvent::RecordWork { work } => {
                self.work = Some(work);
                self.work_recorded_at = Some(now);
            }
            WorkOrderEvent::Verify { verification } => self.verifications.push((now, verification)),
            WorkOrderEvent::SignOff { sign_off } => {
                self.sign_off = Some(sign_off);
                self.signed_off_at = Some(now);
            }
            WorkOrderEvent::CheckOut => self.checked_out_at = Some(now),
        }
        self.state = next;
        Ok(next)
    }

    /// Replays a whole report from where the order stands: the steps the order has made
    /// already are skipped, the rest applied in order at their own instants (never before
    /// the order's last step). All or nothing: a refused step leaves the order as it was.
    pub fn apply_report(&self, report: &VisitReport, ctx: StepContext<'_>) -> Result<WorkOrder, WorkOrderRefused> {
        use WorkOrderState as S;
        let mut order = self.clone();
        let at = |order: &WorkOrder, t: DateTime<Utc>| t.max(order.last_step());
        if order.state == S::Scheduled {
            order.apply(WorkOrderEvent::CheckIn, ctx, at(&order, report.checked_in_at))?;
        }
        if matches!(order.state, S::CheckedIn | S::WorkRecorded) {
            let work = WorkOrderEvent::RecordWork {
                work: report.work.clone(),
            };
            order.apply(work, ctx, at(&order, report.work_recorded_at))?;
        }
        if let (S::WorkRecorded, Some(v)) = (order.state, &report.verification) {
            let t = report.verified_at.unwrap_or(report.work_recorded_at);
            order.apply(
                WorkOrderEvent::Verify {
                    verification: v.clone(),
                },
                ctx,
                at(&order, t),
            )?;
        }
        if let (S::Verified, Some(s)) = (order.state, &report.sign_off) {
            let t = report
                .signed_off_at
                .or(report.verified_at)
                .unwrap_or(report.work_recorded_at);
            order.apply(WorkOrderEvent::SignOff { sign_off: s.clone() }, ctx, at(&order, t))?;
        }
        if let Some(t) = report.checked_out_at {
            if order.state != S::CheckedOut {
                order.apply(WorkOrderEvent::CheckOut, ctx, at(&order, t))?;
            }
        }
        Ok(order)
    }

    /// The case engine's events that bring `case` from where it is to closed with this
    /// order's work: the technician arrived and recorded the verified work, the system asked
    /// the customer, and the customer's drawn signature is their confirmation (made as the
    /// customer who reported the case: a driver or a site owner). A sign-off "in the
    /// customer's app" stops at awaiting confirmation: the reporter confirms from their own
    /// app ("Is it working now?"). Refused unless the order is checked out (the closing
    /// rule); events the case has already had are left out.
    pub fn closing_events(&self, case: &Case) -> Result<Vec<(Actor, CaseEvent, DateTime<Utc>)>, WorkOrderRefused> {
        let verification = self
            .passed_verification()
            .ok_or(WorkOrderRefused::CloseWithoutVerification)?;
        let (Some(_), Some(signed_at)) = (&self.sign_off, self.signed_off_at) else {
            return Err(WorkOrderRefused::CloseWithoutSignOff);
        };
        let (Some(checked_in), Some(work), Some(recorded), Some(out)) = (
            self.checked_in_at,
            &self.work,
            self.work_recorded_at,
            self.checked_out_at,
        ) else {
            return Err(WorkOrderRefused::NotFromState {
                state: self.state,
                step: "close the case".into(),
            });
        };
        let report = WorkReport {
            summary: work.summary.clone(),
            parts_used: work
                .parts_used
                .iter()
                .map(|p| PartLine {
                    part: p.part.clone(),
                    quantity: u32::try_from(p.quantity).unwrap_or(0),
                })
                .collect(),
            photos: work.photos_before.iter().chain(&work.photos_after).cloned().collect(),
            verification: verification.clone(),
        };
        let customer = match case.reporter.kind {
            CustomerKind::Driver => Actor::Driver,
            CustomerKind::SiteOwner => Actor::SiteOwner,
        };
        let mut events = Vec::new();
        let mut state = case.state;
        if state == CaseState::VisitScheduled {
            events.push((Actor::Technician, CaseEvent::ArriveOnSite, checked_in));
            state = CaseState::OnSite;
        }
        if state == CaseState::OnSite {
            events.push((Actor::Technician, CaseEvent::RecordWorkDone { report }, recorded));
            state = CaseState::WorkVerified;
        }
        if state == CaseState::WorkVerified {
            events.push((Actor::System, CaseEvent::RequestConfirmation, signed_at));
            state = CaseState::AwaitingConfirmation;
        }
        // A drawn signature is the customer's confirmation; with "confirm in my app" the case
        // waits at "awaiting confirmation" for the reporter's own answer to "Is it working
        // now?" (yes closes it, no reopens it; unanswered, the confirmation timeout closes it).
        let signed = matches!(self.sign_off, Some(SignOff::Signature { .. }));
        if state == CaseState::AwaitingConfirmation && signed {
            events.push((customer, CaseEvent::ConfirmResolved, out));
        }
        Ok(events)
    }

    /// The case engine's events for where the order stands now: the technician's arrival
    /// once checked in, everything up to closed once checked out ([`Self::closing_events`]).
    pub fn case_events(&self, case: &Case) -> Vec<(Actor, CaseEvent, DateTime<Utc>)> {
        if self.state == WorkOrderState::CheckedOut {
            if let Ok(events) = self.closing_events(case) {
                return events;
            }
        }
        match (self.checked_in_at, case.state) {
            (Some(at), CaseState::VisitScheduled) => vec![(Actor::Technician, CaseEvent::ArriveOnSite, at)],
            _ => Vec::new(),
        }
    }

    /// Whether a report for this order can be applied to `case` as it is now: never for an
    /// order a new booking replaced; otherwise [`report_fate`] by the case.
    pub fn report_fate(&self, case: &Case) -> ReportFate {
        if self.state == WorkOrderState::Cancelled {
            return ReportFate::KeepForThirdLine {
                why: "this work order was replaced by a new booking of the visit; 3rd line decides what to do with this report"
                    .into(),
            };
        }
        report_fate(case, &self.technician)
    }
}

/// **The rebooking rule**: what booking a case's visit again does to the case's earlier
/// orders (`orders`, any state) at `now` — every order not checked out and not cancelled
/// already is cancelled (at `now`, never before its last step). The server writes these
/// with the new order in one transaction.
pub fn replaced_by_booking(orders: &[WorkOrder], now: DateTime<Utc>) -> Vec<WorkOrder> {
    orders
        .iter()
        .filter(|o| !matches!(o.state, WorkOrderState::CheckedOut | WorkOrderState::Cancelled))
        .map(|o| {
            let mut cancelled = o.clone();
            cancelled.cancelled_at = Some(now.max(o.last_step()));
            cancelled.state = WorkOrderState::Cancelled;
            cancelled
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::Duration;

    use super::super::visit_report::{PartUsed, SIGNATURE_PREFIX};
    use super::*;
    use crate::support::case::fixtures::{case_in, t0, visit};

    pub(crate) fn order() -> WorkOrder {
        WorkOrder::new(
            "wo-1".into(),
            case_in(CaseState::VisitScheduled).id,
            "Ola".into(),
            Slot {
                starts_at: t0() + Duration::days(1),
                ends_at: t0() + Duration::days(1) + Duration::hours(2),
            },
            "Customer meets the technician at the gate".into(),
            vec![PartLine {
                part: "RFID reader module".into(),
                quantity: 1,
            }],
            t0(),
        )
    }

    pub(crate) fn photos() -> BTreeSet<String> {
        ["before-1".to_string(), "after-1".to_string()].into_iter().collect()
    }

    pub(crate) fn work() -> WorkDone {
        WorkDone {
            summary: "Replaced the RFID reader".into(),
            parts_used: vec![PartUsed {
                part: "RFID reader module".into(),
                quantity: 1,
            }],
            photos_before: vec!["before-1".into()],
            photos_after: vec!["after-1".into()],
        }
    }

    pub(crate) fn verification(passed: bool) -> Verification {
        Verification {
            method: "connector Available and a test charge".into(),
            passed,
            evidence: "Available; test charge 0.2 kWh".into(),
        }
    }

    pub(crate) fn sign_off() -> SignOff {
        SignOff::Signature {
            name: "Kari Nordmann".into(),
            signature: format!("{SIGNATURE_PREFIX}iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB"),
        }
    }

    pub(crate) fn report(at: DateTime<Utc>) -> VisitReport {
        let m = |n| at + Duration::minutes(n);
        VisitReport {
            checked_in_at: m(0),
            work: work(),
            work_recorded_at: m(40),
            verification: Some(verification(true)),
            verified_at: Some(m(50)),
            sign_off: Some(sign_off()),
            signed_off_at: Some(m(55)),
            checked_out_at: Some(m(60)),
        }
    }

    #[test]
    fn the_whole_visit_in_order() {
        let parts = PartsList::builtin();
        let photos = photos();
        let ctx = StepContext {
            parts: &parts,
            photos: &photos,
        };
        let mut o = order();
        let at = |m| t0() + Duration::days(1) + Duration::minutes(m);
        assert_eq!(
            o.apply(WorkOrderEvent::CheckIn, ctx, at(0)),
            Ok(WorkOrderState::CheckedIn)
        );
        assert_eq!(
            o.apply(WorkOrderEvent::RecordWork { work: work() }, ctx, at(30)),
            Ok(WorkOrderState::WorkRecorded)
        );
        // A failed verification is recorded and leaves the order to work on.
        assert_eq!(
            o.apply(
                WorkOrderEvent::Verify {
                    verification: verification(false)
                },
                ctx,
                at(35)
            ),
            Ok(WorkOrderState::WorkRecorded)
        );
        assert_eq!(
            o.apply(WorkOrderEvent::CheckOut, ctx, at(36)),
            Err(WorkOrderRefused::CloseWithoutVerification)
        );
        assert_eq!(
            o.apply(WorkOrderEvent::SignOff { sign_off: sign_off() }, ctx, at(36)),
            Err(WorkOrderRefused::SignOffBeforeVerification)
        );
        assert_eq!(
            o.apply(
                WorkOrderEvent::Verify {
                    verification: verification(true)
                },
                ctx,
                at(40)
            ),
            Ok(WorkOrderState::Verified)
        );
        assert_eq!(
            o.apply(WorkOrderEvent::CheckOut, ctx, at(41)),
            Err(WorkOrderRefused::CloseWithoutSignOff)
        );
        assert_eq!(
            o.apply(WorkOrderEvent::SignOff { sign_off: sign_off() }, ctx, at(45)),
            Ok(WorkOrderState::SignedOff)
        );
        assert_eq!(
            o.apply(WorkOrderEvent::CheckOut, ctx, at(50)),
            Ok(WorkOrderState::CheckedOut)
        );
        assert_eq!(o.verifications.len(), 2);
        let err = o.apply(WorkOrderEvent::CheckIn, ctx, at(51)).unwrap_err();
        assert_eq!(err.to_string(), "a work order that is checked out cannot check in");
    }

    #[test]
    fn refusals_say_why() {
        let parts = PartsList::builtin();
        let photos = photos();
        let ctx = StepContext {
            parts: &parts,
            photos: &photos,
        };
        let o = order();
        let err = o
            .check(&WorkOrderEvent::RecordWork { work: work() }, ctx, t0())
            .unwrap_err();
        assert_eq!(err.to_string(), "check in first: the technician is not checked in");
        assert_eq!(
            o.check(&WorkOrderEvent::CheckOut, ctx, t0()).unwrap_err().code(),
            "work_order_step_refused"
        );
        let mut o = o;
        o.apply(WorkOrderEvent::CheckIn, ctx, t0()).unwrap();
        let mut bad = work();
        bad.parts_used[0].quantity = -1;
        let err = o
            .check(&WorkOrderEvent::RecordWork { work: bad }, ctx, t0())
            .unwrap_err();
        assert_eq!(err.code(), "invalid_visit_report");
        assert!(err.to_string().starts_with("work.parts_used[0].quantity"), "{err}");
        assert!(matches!(
            o.check(&WorkOrderEvent::CheckOut, ctx, t0() - Duration::minutes(1)),
            Err(WorkOrderRefused::TimeWentBackwards { .. })
        ));
    }

    #[test]
    fn a_report_replays_once_and_closes_the_case() {
        let parts = PartsList::builtin();
        let photos = photos();
        let ctx = StepContext {
            parts: &parts,
            photos: &photos,
        };
        let o = order();
        let r = report(t0() + Duration::days(1));
        let done = o.apply_report(&r, ctx).unwrap();
        assert_eq!(done.state, WorkOrderState::CheckedOut);
        // Sent again: nothing left to do, nothing changes.
        assert_eq!(done.apply_report(&r, ctx).unwrap(), done);
        // The case engine's events close the case.
        let mut case = case_in(CaseState::VisitScheduled);
        case.visit = Some(visit());
        for (actor, event, at) in done.closing_events(&case).unwrap() {
            case.apply(actor, event, at).unwrap();
        }
        assert_eq!(case.state, CaseState::Closed);
        assert!(case.work_report.is_some());
        // Without a sign-off the report stops at verified and cannot close.
        let mut unsigned = report(t0() + Duration::days(1));
        unsigned.sign_off = None;
        assert_eq!(
            o.apply_report(&unsigned, ctx),
            Err(WorkOrderRefused::CloseWithoutSignOff)
        );
        unsigned.checked_out_at = None;
        let verified = o.apply_report(&unsigned, ctx).unwrap();
        assert_eq!(verified.state, WorkOrderState::Verified);
        assert_eq!(
            verified.closing_events(&case_in(CaseState::VisitScheduled)),
            Err(WorkOrderRefused::CloseWithoutSignOff)
        );
        let mut unverified = report(t0() + Duration::days(1));
        unverified.verification = None;
        unverified.checked_out_at = None;
        let recorded = o.apply_report(&unverified, ctx).unwrap();
        assert_eq!(
            recorded.closing_events(&case_in(CaseState::VisitScheduled)),
            Err(WorkOrderRefused::CloseWithoutVerification)
        );
    }

    #[test]
    fn a_new_booking_cancels_the_open_orders_and_no_step_or_report_reaches_them() {
        let parts = PartsList::builtin();
        let photos = photos();
        let ctx = StepContext {
            parts: &parts,
            photos: &photos,
        };
        let scheduled = order();
        let mut checked_in = order();
        checked_in.id = "wo-2".into();
        checked_in
            .apply(WorkOrderEvent::CheckIn, ctx, t0() + Duration::hours(1))
            .unwrap();
        let done = order().apply_report(&report(t0() + Duration::days(1)), ctx).unwrap();
        let now = t0() + Duration::hours(2);
        let replaced = replaced_by_booking(&[scheduled.clone(), checked_in.clone(), done.clone()], now);
        assert_eq!(
            replaced.iter().map(|o| (o.id.as_str(), o.state)).collect::<Vec<_>>(),
            [("wo-1", WorkOrderState::Cancelled), ("wo-2", WorkOrderState::Cancelled)],
            "the checked-out order stays as it is"
        );
        assert_eq!(replaced[0].cancelled_at, Some(now));
        // Cancelled again: nothing more to cancel.
        assert!(replaced_by_booking(&replaced, now + Duration::hours(1)).is_empty());
        // A cancelled order takes no step and keeps a report for 3rd line.
        let mut cancelled = replaced[0].clone();
        assert_eq!(
            cancelled.apply(WorkOrderEvent::CheckIn, ctx, now),
            Err(WorkOrderRefused::NotFromState {
                state: WorkOrderState::Cancelled,
                step: "check in".into()
            })
        );
        assert!(cancelled.apply_report(&report(now), ctx).is_err());
        let mut case = case_in(CaseState::VisitScheduled);
        case.visit = Some(visit());
        assert_eq!(scheduled.report_fate(&case), ReportFate::Apply);
        assert!(matches!(
            cancelled.report_fate(&case),
            ReportFate::KeepForThirdLine { why } if why.contains("replaced by a new booking")
        ));
    }

    #[test]
    fn a_sign_off_in_the_customers_app_leaves_the_confirmation_to_the_customer() {
        let parts = PartsList::builtin();
        let photos = photos();
        let ctx = StepContext {
            parts: &parts,
            photos: &photos,
        };
        let mut r = report(t0() + Duration::days(1));
        r.sign_off = Some(SignOff::CustomerApp {
            name: "Kari".into(),
            confirmed_by: "driver@example.no".into(),
        });
        let done = order().apply_report(&r, ctx).unwrap();
        assert_eq!(done.state, WorkOrderState::CheckedOut);
        let mut case = case_in(CaseState::VisitScheduled);
        case.visit = Some(visit());
        for (actor, event, at) in done.closing_events(&case).unwrap() {
            case.apply(actor, event, at).unwrap();
        }
        assert_eq!(case.state, CaseState::AwaitingConfirmation);
        // The reporter's own "yes, it works" closes it.
        case.apply(Actor::Driver, CaseEvent::ConfirmResolved, t0() + Duration::days(2))
            .unwrap();
        assert_eq!(case.state, CaseState::Closed);
    }
}
