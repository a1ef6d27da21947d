//! Fault analysis: from a charger's recent status history (OCPP 1.6 StatusNotification),
//! the remedies already tried and the driver's report, a diagnosis. The knowledge is data
//! ([`super::knowledge`]); the reasoning is here:
//!
//! 1. The most recent report with an error (errorCode other than NoError) is the fault.
//!    A vendor entry matching vendorId + vendorErrorCode wins over the standard code's entry.
//!    With no fault in the history, the driver's report category picks the entry; with
//!    neither, the NoError entry.
//! 2. The same error code three or more times in the 24 hours before `now` makes it
//!    recurring: a visit is needed unless the entry says never, and confidence rises by 10.
//! 3. A later report of Available with NoError means the fault cleared by itself: no remedy
//!    is proposed and confidence drops by 20 (unless it is recurring).
//! 4. A driver's report that fits the entry raises confidence by 10; one that does not
//!    lowers it by 15.
//! 5. Remedies already tried and failed are dropped from the list; once every remedy has
//!    failed, an `if_remedies_fail` visit is needed. An entry with no remedies and
//!    `if_remedies_fail` needs a visit straight away.
//!
//! Confidence stays within 5–95: the analysis is never certain.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::knowledge::{
    ChargePointErrorCode, FaultKnowledge, KnowledgeEntry, Localised, RemoteRemedy, ReportCategory, VerifyBy, VisitWhen,
};
use crate::session::ConnectorStatus;

/// How many times an error must occur within [`RECURRENCE_WINDOW`] to count as recurring.
pub const RECURRENCE_COUNT: usize = 3;
pub const RECURRENCE_WINDOW: Duration = Duration::hours(24);

/// One StatusNotification.req as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusReport {
    pub at: DateTime<Utc>,
    pub connector_id: u32,
    pub status: ConnectorStatus,
    pub error_code: ChargePointErrorCode,
    #[serde(default)]
    pub info: Option<String>,
    #[serde(default)]
    pub vendor_id: Option<String>,
    #[serde(default)]
    pub vendor_error_code: Option<String>,
}

/// A remote remedy already tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemedyAttempt {
    pub remedy: RemoteRemedy,
    pub at: DateTime<Utc>,
    pub succeeded: bool,
}

/// What the analysis works from.
#[derive(Debug, Clone, Copy)]
pub struct FaultInput<'a> {
    pub history: &'a [StatusReport],
    pub category: Option<ReportCategory>,
    pub tried: &'a [RemedyAttempt],
    pub now: DateTime<Utc>,
}

/// A field visit the diagnosis calls for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldVisitNeed {
    pub reason: String,
    pub parts: Vec<String>,
    pub skills: Vec<String>,
}

/// The outcome: the driver sees `driver_message`; support sees the rest, `reasoning` first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub entry_id: String,
    pub error_code: Option<ChargePointErrorCode>,
    pub meaning: String,
    pub likely_cause: String,
    /// 5–95.
    pub confidence: u8,
    /// Remote remedies to try, in order (empty: none left that can help).
    pub remedies: Vec<RemoteRemedy>,
    pub verify: Option<VerifyBy>,
    pub field_visit: Option<FieldVisitNeed>,
    pub safety_hazard: bool,
    pub recurring: bool,
    pub cleared_at: Option<DateTime<Utc>>,
    pub driver_message: Localised,
    pub reasoning: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalysisError {
    #[error("a status report at {at} is after `now` ({now})")]
    ReportInTheFuture { at: DateTime<Utc>, now: DateTime<Utc> },
    #[error("a remedy attempt at {at} is after `now` ({now})")]
    AttemptInTheFuture { at: DateTime<Utc>, now: DateTime<Utc> },
    #[error("the fault knowledge has no entry for {0}")]
    NoKnowledge(String),
}

/// Analyses a fault. See the module documentation for the rules.
pub fn analyse(knowledge: &FaultKnowledge, input: FaultInput<'_>) -> Result<Diagnosis, AnalysisError> {
    let now = input.now;
    if let Some(r) = input.history.iter().find(|r| r.at > now) {
        return Err(AnalysisError::ReportInTheFuture { at: r.at, now });
    }
    if let Some(a) = input.tried.iter().find(|a| a.at > now) {
        return Err(AnalysisError::AttemptInTheFuture { at: a.at, now });
    }
    let mut history: Vec<&StatusReport> = input.history.iter().collect();
    history.sort_by_key(|r| r.at);
    let mut reasoning = Vec::new();

    let fault = history
        .iter()
        .rev()
        .find(|r| r.error_code != ChargePointErrorCode::NoError)
        .copied();
    let entry: &KnowledgeEntry = match (fault, input.category) {
        (Some(f), _) => {
            let vendor = match (&f.vendor_id, &f.vendor_error_code) {
                (Some(v), Some(c)) => format!(" (vendor {v}, code {c})"),
                _ => String::new(),
            };
            let info = f.info.as_deref().map(|i| format!(", info {i:?}")).unwrap_or_default();
            reasoning.push(format!(
                "connector {} reported {} with status {:?} at {}{vendor}{info}",
                f.connector_id,
                f.error_code,
                f.status,
                f.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ));
            let e = knowledge
                .for_error(f.error_code, f.vendor_id.as_deref(), f.vendor_error_code.as_deref())
                .ok_or_else(|| AnalysisError::NoKnowledge(f.error_code.to_string()))?;
            if e.is_vendor_entry() {
                reasoning.push(format!("matched the vendor entry {}", e.id));
            } else if f.vendor_error_code.is_some() {
                reasoning.push(format!(
                    "no entry for this vendor code; using the standard entry {}",
                    e.id
                ));
            } else {
                reasoning.push(format!("matched {}", e.id));
            }
            e
        }
        (None, Some(cat)) => {
            reasoning.push(format!(
                "no error in the status history; using the driver's report ({})",
                cat.as_str()
            ));
            knowledge
                .for_category(cat)
                .ok_or_else(|| AnalysisError::NoKnowledge(format!("report category {}", cat.as_str())))?
        }
        (None, None) => {
            reasoning.push("no error in the status history and no report category".to_string());
            knowledge
                .for_error(ChargePointErrorCode::NoError, None, None)
                .ok_or_else(|| AnalysisError::NoKnowledge("NoError".to_string()))?
        }
    };
    let mut confidence = i32::from(entry.confidence);

    // Recurrence and clearing.
    let (recurring, cleared_at) = match fault {
        Some(f) => {
            let count = history
                .iter()
                .filter(|r| r.error_code == f.error_code && r.at >= now - RECURRENCE_WINDOW)
                .count();
            let recurring = count >= RECURRENCE_COUNT;
            if recurring {
                confidence += 10;
                reasoning.push(format!(
                    "{} occurred {count} times in the last 24 hours: recurring",
                    f.error_code
                ));
            }
            let cleared = history
                .iter()
                .find(|r| {
                    r.at > f.at
                        && r.connector_id == f.connector_id
                        && r.error_code == ChargePointErrorCode::NoError
                        && r.status == ConnectorStatus::Available
                })
                .map(|r| r.at);
            if let Some(at) = cleared {
                reasoning.push(format!(
                    "the connector reported Available with NoError at {}: the fault cleared",
                    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ));
                if !recurring {
                    confidence -= 20;
                }
            }
            (recurring, cleared)
        }
        None => (false, None),
    };

    // The driver's report.
    if let (Some(cat), Some(_)) = (input.category, fault) {
        if entry.categories.contains(&cat) {
            confidence += 10;
            reasoning.push(format!("the driver's report ({}) fits this fault", cat.as_str()));
        } else {
            confidence -= 15;
            reasoning.push(format!(
                "the driver's report ({}) does not fit this fault; check both",
                cat.as_str()
            ));
        }
    }

    // Remedies.
    let failed: Vec<RemoteRemedy> = input.tried.iter().filter(|a| !a.succeeded).map(|a| a.remedy).collect();
    for r in &failed {
        if entry.remedies.contains(r) {
            reasoning.push(format!("{} was tried and did not help", r.as_str()));
        }
    }
    let remedies: Vec<RemoteRemedy> = if cleared_at.is_some() && !recurring {
        Vec::new()
    } else {
        entry.remedies.iter().copied().filter(|r| !failed.contains(r)).collect()
    };
    let all_remedies_failed = !entry.remedies.is_empty() && entry.remedies.iter().all(|r| failed.contains(r));
    if all_remedies_failed {
        reasoning.push("every remote remedy has been tried without success".to_string());
    }

    // Field visit.
    let visit_reason = match entry.field_visit.when {
        VisitWhen::Always => Some("this fault needs hands on site".to_string()),
        VisitWhen::IfRemediesFail if entry.remedies.is_empty() => {
            Some("no remote remedy can fix this fault".to_string())
        }
        VisitWhen::IfRemediesFail if all_remedies_failed => Some("the remote remedies did not fix it".to_string()),
        VisitWhen::IfRemediesFail | VisitWhen::IfRecurring if recurring => {
            Some("the fault keeps coming back".to_string())
        }
        _ => None,
    };
    if entry.safety_hazard {
        reasoning.push("safety hazard: keep drivers off this connector until it is checked".to_string());
    }
    let field_visit = visit_reason.map(|reason| {
        reasoning.push(format!("field visit needed: {reason}"));
        FieldVisitNeed {
            reason,
            parts: entry.field_visit.parts.clone(),
            skills: entry.field_visit.skills.clone(),
        }
    });
    if field_visit.is_none() && !remedies.is_empty() {
        let order: Vec<_> = remedies.iter().map(|r| r.as_str()).collect();
        reasoning.push(format!("try remotely, in order: {}", order.join(", ")));
    }

    Ok(Diagnosis {
        entry_id: entry.id.clone(),
        error_code: fault.map(|f| f.error_code).or(entry.error_code),
        meaning: entry.meaning.clone(),
        likely_cause: entry.likely_cause.clone(),
        confidence: u8::try_from(confidence.clamp(5, 95)).unwrap_or(50),
        remedies,
        verify: entry.verify,
        field_visit,
        safety_hazard: entry.safety_hazard,
        recurring,
        cleared_at,
        driver_message: entry.driver_message.clone(),
        reasoning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ChargePointErrorCode as C;
    use ConnectorStatus as S;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap() + Duration::minutes(min)
    }

    fn report(min: i64, status: ConnectorStatus, code: ChargePointErrorCode) -> StatusReport {
        StatusReport {
            at: at(min),
            connector_id: 1,
            status,
            error_code: code,
            info: None,
            vendor_id: None,
            vendor_error_code: None,
        }
    }

    fn run(history: &[StatusReport], category: Option<ReportCategory>, tried: &[RemedyAttempt]) -> Diagnosis {
        analyse(
            &FaultKnowledge::builtin(),
            FaultInput {
                history,
                category,
                tried,
                now: at(60),
            },
        )
        .unwrap()
    }

    #[test]
    fn every_standard_code_gives_a_diagnosis_from_its_entry() {
        let k = FaultKnowledge::builtin();
        for code in C::ALL {
            let d = run(&[report(0, S::Faulted, code)], None, &[]);
            let entry = k.for_error(code, None, None).unwrap();
            assert_eq!(d.entry_id, entry.id, "{code}");
            assert_eq!(d.error_code, Some(code));
            assert_eq!(d.confidence, entry.confidence.clamp(5, 95), "{code}");
            assert!(!d.driver_message.en.is_empty() && !d.driver_message.nb.is_empty());
            // A visit is needed exactly when the entry says so before any remedy was tried.
            let visit_now = matches!(entry.field_visit.when, VisitWhen::Always)
                || (entry.field_visit.when == VisitWhen::IfRemediesFail && entry.remedies.is_empty());
            assert_eq!(d.field_visit.is_some(), visit_now, "{code}: {:?}", d.reasoning);
        }
    }

    #[test]
    fn lock_failure_unlocks_first_then_visits_when_everything_failed() {
        let h = [report(0, S::Faulted, C::ConnectorLockFailure)];
        let d = run(&h, Some(ReportCategory::CableStuck), &[]);
        assert_eq!(
            d.remedies,
            [
                RemoteRemedy::UnlockConnector,
                RemoteRemedy::SoftReset,
                RemoteRemedy::HardReset
            ]
        );
        assert_eq!(d.confidence, 85, "the driver's report fits: 75 + 10");
        assert_eq!(
            d.verify,
            Some(VerifyBy {
                status: S::Available,
                within_minutes: 5
            })
        );
        assert!(d.field_visit.is_none());
        let tried: Vec<_> = d
            .remedies
            .iter()
            .map(|r| RemedyAttempt {
                remedy: *r,
                at: at(30),
                succeeded: false,
            })
            .collect();
        let d = run(&h, Some(ReportCategory::CableStuck), &tried);
        assert!(d.remedies.is_empty());
        let visit = d.field_visit.unwrap();
        assert_eq!(visit.parts, ["connector lock actuator"]);
        assert_eq!(visit.skills, ["charger technician"]);
    }

    #[test]
    fn vendor_code_wins_over_standard_entry() {
        let mut r = report(0, S::Faulted, C::OtherError);
        r.vendor_id = Some("Ladeklar".into());
        r.vendor_error_code = Some("LK-002".into());
        let d = run(&[r.clone()], None, &[]);
        assert_eq!(d.entry_id, "vendor.Ladeklar.LK-002");
        assert!(d.safety_hazard);
        assert!(d.field_visit.is_some());
        r.vendor_error_code = Some("LK-999".into());
        let d = run(&[r], None, &[]);
        assert_eq!(d.entry_id, "ocpp.OtherError");
        assert!(d.reasoning.iter().any(|l| l.contains("no entry for this vendor code")));
    }

    #[test]
    fn recurring_faults_need_a_visit() {
        let h = [
            report(0, S::SuspendedEvse, C::EvCommunicationError),
            report(10, S::Available, C::NoError),
            report(20, S::SuspendedEvse, C::EvCommunicationError),
            report(40, S::SuspendedEvse, C::EvCommunicationError),
        ];
        let d = run(&h, None, &[]);
        assert!(d.recurring);
        assert_eq!(d.field_visit.unwrap().reason, "the fault keeps coming back");
        assert_eq!(d.confidence, 70);
    }

    #[test]
    fn a_cleared_fault_proposes_nothing() {
        let h = [
            report(0, S::Faulted, C::InternalError),
            report(5, S::Available, C::NoError),
        ];
        let d = run(&h, None, &[]);
        assert_eq!(d.cleared_at, Some(at(5)));
        assert!(d.remedies.is_empty());
        assert_eq!(d.confidence, 35);
    }

    #[test]
    fn category_only_and_nothing_at_all() {
        let d = run(
            &[report(0, S::Available, C::NoError)],
            Some(ReportCategory::CableStuck),
            &[],
        );
        assert_eq!(d.entry_id, "category.cable_stuck");
        assert_eq!(d.remedies[0], RemoteRemedy::UnlockConnector);
        let d = run(&[], None, &[]);
        assert_eq!(d.entry_id, "ocpp.NoError");
        assert!(d.field_visit.is_none());
    }

    #[test]
    fn mismatched_report_lowers_confidence() {
        let d = run(
            &[report(0, S::Faulted, C::ReaderFailure)],
            Some(ReportCategory::SlowCharging),
            &[],
        );
        assert_eq!(d.confidence, 60);
        assert!(d.reasoning.iter().any(|l| l.contains("does not fit")));
    }

    #[test]
    fn future_reports_are_errors() {
        let err = analyse(
            &FaultKnowledge::builtin(),
            FaultInput {
                history: &[report(90, S::Faulted, C::InternalError)],
                category: None,
                tried: &[],
                now: at(60),
            },
        )
        .unwrap_err();
        assert!(matches!(err, AnalysisError::ReportInTheFuture { .. }));
    }
}
