//! What the technician documents on site, checked field by field, and what becomes of a
//! report whose case moved on while the phone was offline.
//!
//! - [`WorkDone`]: the work in words, the parts used (each from the [`PartsList`], quantity
//!   above zero, at most once) and the photos before and after, by the ids the upload gave;
//! - [`SignOff`]: the customer's name and a signature drawn on the screen (a PNG data URL),
//!   or the customer's confirmation from their own app;
//! - [`VisitReport`]: the whole visit as a phone sends it after being offline — every step
//!   with its instant — replayed on the work order by [`super::work_order::WorkOrder::apply_report`];
//! - [`report_fate`]: a report for a case that was closed, cancelled or given to another
//!   technician meanwhile is kept for 3rd line, never applied and never lost.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::support::case::{Case, CaseState, PartLine, Verification};

const PARTS: &str = include_str!("../../data/parts.json");

/// The largest signature image accepted (its data URL, in bytes).
pub const MAX_SIGNATURE_BYTES: usize = 300 * 1024;
/// What a drawn signature's data URL starts with.
pub const SIGNATURE_PREFIX: &str = "data:image/png;base64,";

/// One part of the parts list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPart {
    pub part: String,
    pub unit: String,
}

/// The parts a technician may record (the platform's spare-parts list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartsList {
    pub parts: Vec<CatalogPart>,
}

impl PartsList {
    /// The built-in list (`data/parts.json`).
    pub fn builtin() -> PartsList {
        serde_json::from_str(PARTS).expect("data/parts.json is a parts list (tested)")
    }

    /// The list's spelling of `name` (compared without case and outer spaces).
    pub fn find(&self, name: &str) -> Option<&CatalogPart> {
        let name = name.trim();
        self.parts.iter().find(|p| p.part.eq_ignore_ascii_case(name))
    }
}

/// A part used on site. The quantity is signed so a negative one is refused by name rather
/// than by the JSON reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartUsed {
    pub part: String,
    pub quantity: i64,
}

/// The work done on site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkDone {
    pub summary: String,
    #[serde(default)]
    pub parts_used: Vec<PartUsed>,
    #[serde(default)]
    pub photos_before: Vec<String>,
    #[serde(default)]
    pub photos_after: Vec<String>,
}

/// The customer's confirmation that the problem is solved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum SignOff {
    /// Signed on the technician's screen.
    Signature { name: String, signature: String },
    /// Confirmed by the customer from their own app (the account that confirmed).
    CustomerApp { name: String, confirmed_by: String },
}

impl SignOff {
    pub fn name(&self) -> &str {
        match self {
            SignOff::Signature { name, .. } | SignOff::CustomerApp { name, .. } => name,
        }
    }
}

/// What is wrong with a part of a report; the message names the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ReportProblem {
    #[error("work.summary: say what was done")]
    NoSummary,
    #[error("{list}[{index}].part: {part:?} is not in the parts list")]
    UnknownPart { list: String, index: usize, part: String },
    #[error("{list}[{index}].quantity: {quantity} {part}; a quantity must be above zero")]
    Quantity {
        list: String,
        index: usize,
        part: String,
        quantity: i64,
    },
    #[error("{list}[{index}].part: {part} is listed twice; give one line with the total")]
    PartTwice { list: String, index: usize, part: String },
    #[error("work.{field}: photo {id} was not uploaded for this work order")]
    UnknownPhoto { field: String, id: String },
    #[error("verification.method: say how the fix was verified")]
    NoVerificationMethod,
    #[error("sign_off.name: the customer's name is missing")]
    SignerNameMissing,
    #[error("sign_off.signature: the customer's signature is missing")]
    SignatureMissing,
    #[error("sign_off.signature: a signature is a PNG image as a data URL (data:image/png;base64,…)")]
    SignatureNotPng,
    #[error("sign_off.signature: {bytes} bytes; a signature may be at most 300 KB")]
    SignatureTooLarge { bytes: usize },
    /// Found at the edge, which decodes the image: core reads no PNG.
    #[error("sign_off.signature: the image cannot be read as a PNG; draw the signature again")]
    SignatureUnreadable,
    #[error("sign_off.confirmed_by: the customer's confirmation from their app names no account")]
    ConfirmationWithoutAccount,
}

/// Checks part lines against the parts list: each known, its quantity above zero, each part
/// once. `list` names the field in errors (`work.parts_used`, `expected_parts`). Answers the
/// lines with the list's spelling.
pub fn check_parts(list: &str, lines: &[PartUsed], parts: &PartsList) -> Result<Vec<PartLine>, ReportProblem> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(lines.len());
    for (index, used) in lines.iter().enumerate() {
        let Some(known) = parts.find(&used.part) else {
            return Err(ReportProblem::UnknownPart {
                list: list.to_owned(),
                index,
                part: used.part.clone(),
            });
        };
        let quantity = u32::try_from(used.quantity).ok().filter(|q| *q > 0);
        let Some(quantity) = quantity else {
            return Err(ReportProblem::Quantity {
                list: list.to_owned(),
                index,
                part: known.part.clone(),
                quantity: used.quantity,
            });
        };
        if !seen.insert(known.part.to_ascii_lowercase()) {
            return Err(ReportProblem::PartTwice {
                list: list.to_owned(),
                index,
                part: known.part.clone(),
            });
        }
        out.push(PartLine {
            part: known.part.clone(),
            quantity,
        });
    }
    Ok(out)
}

/// Checks the work against the parts list and the photos uploaded for the work order.
pub fn check_work(work: &WorkDone, parts: &PartsList, photos: &BTreeSet<String>) -> Result<(), ReportProblem> {
    if work.summary.trim().is_empty() {
        return Err(ReportProblem::NoSummary);
    }
    check_parts("work.parts_used", &work.parts_used, parts)?;
    for (field, ids) in [
        ("photos_before", &work.photos_before),
        ("photos_after", &work.photos_after),
    ] {
        if let Some(id) = ids.iter().find(|id| !photos.contains(*id)) {
            return Err(ReportProblem::UnknownPhoto {
                field: field.to_owned(),
                id: id.clone(),
            });
        }
    }
    Ok(())
}

pub fn check_verification(v: &Verification) -> Result<(), ReportProblem> {
    if v.method.trim().is_empty() {
        return Err(ReportProblem::NoVerificationMethod);
    }
    Ok(())
}

pub fn check_sign_off(sign_off: &SignOff) -> Result<(), ReportProblem> {
    if sign_off.name().trim().is_empty() {
        return Err(ReportProblem::SignerNameMissing);
    }
    match sign_off {
        SignOff::Signature { signature, .. } => {
            if signature.trim().is_empty() {
                return Err(ReportProblem::SignatureMissing);
            }
            if signature.len() > MAX_SIGNATURE_BYTES {
                return Err(ReportProblem::SignatureTooLarge { bytes: signature.len() });
            }
            let body = signature.strip_prefix(SIGNATURE_PREFIX).unwrap_or_default();
            let base64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=');
            if body.len() < 16 || !body.chars().all(base64) {
                return Err(ReportProblem::SignatureNotPng);
            }
            Ok(())
        }
        SignOff::CustomerApp { confirmed_by, .. } => {
            if confirmed_by.trim().is_empty() {
                return Err(ReportProblem::ConfirmationWithoutAccount);
            }
            Ok(())
        }
    }
}

/// A whole visit as the phone sends it (every step with the instant it was made on site).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitReport {
    pub checked_in_at: DateTime<Utc>,
    pub work: WorkDone,
    pub work_recorded_at: DateTime<Utc>,
    pub verification: Option<Verification>,
    pub verified_at: Option<DateTime<Utc>>,
    pub sign_off: Option<SignOff>,
    pub signed_off_at: Option<DateTime<Utc>>,
    pub checked_out_at: Option<DateTime<Utc>>,
}

/// What to do with a report that arrives for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum ReportFate {
    /// The case still waits for this technician's visit: apply it.
    Apply,
    /// The case moved on; the report is kept for 3rd line, with why.
    KeepForThirdLine { why: String },
}

/// Whether a report by `technician` can be applied to `case` as it is now: only while the
/// case waits for this technician's visit (scheduled or on site). A case closed, cancelled,
/// sent back to 3rd line or given to another technician keeps the report for 3rd line.
pub fn report_fate(case: &Case, technician: &str) -> ReportFate {
    let waits = matches!(case.state, CaseState::VisitScheduled | CaseState::OnSite);
    if !waits {
        return ReportFate::KeepForThirdLine {
            why: format!(
                "the case is {} now; 3rd line decides what to do with this report",
                case.state
            ),
        };
    }
    match &case.visit {
        Some(v) if v.technician == technician => ReportFate::Apply,
        _ => ReportFate::KeepForThirdLine {
            why: "the visit was given to another technician meanwhile; 3rd line decides what to do with this report"
                .into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::case::fixtures::{case_in, visit};

    fn photos() -> BTreeSet<String> {
        ["p1".to_string(), "p2".to_string()].into_iter().collect()
    }

    fn work() -> WorkDone {
        WorkDone {
            summary: "Replaced the RFID reader".into(),
            parts_used: vec![PartUsed {
                part: "rfid reader module".into(),
                quantity: 1,
            }],
            photos_before: vec!["p1".into()],
            photos_after: vec!["p2".into()],
        }
    }

    #[test]
    fn the_builtin_parts_list_reads() {
        let list = PartsList::builtin();
        assert!(list.parts.len() >= 10);
        assert_eq!(
            list.find(" RFID READER MODULE ").map(|p| p.part.as_str()),
            Some("RFID reader module")
        );
    }

    #[test]
    fn good_work_passes_and_each_problem_is_named() {
        let list = PartsList::builtin();
        assert_eq!(check_work(&work(), &list, &photos()), Ok(()));
        let with = |f: &dyn Fn(&mut WorkDone)| {
            let mut w = work();
            f(&mut w);
            check_work(&w, &list, &photos()).unwrap_err().to_string()
        };
        assert_eq!(
            with(&|w| w.parts_used[0].quantity = -2),
            "work.parts_used[0].quantity: -2 RFID reader module; a quantity must be above zero"
        );
        assert_eq!(
            with(&|w| w.parts_used[0].quantity = 0),
            "work.parts_used[0].quantity: 0 RFID reader module; a quantity must be above zero"
        );
        let expected = [PartUsed {
            part: "contactor".into(),
            quantity: 2,
        }];
        assert_eq!(
            check_parts("expected_parts", &expected, &list),
            Ok(vec![PartLine {
                part: "Contactor".into(),
                quantity: 2
            }])
        );
        assert_eq!(
            with(&|w| w.parts_used[0].part = "flux capacitor".into()),
            "work.parts_used[0].part: \"flux capacitor\" is not in the parts list"
        );
        assert!(with(&|w| w.parts_used.push(w.parts_used[0].clone())).contains("listed twice"));
        assert_eq!(
            with(&|w| w.photos_after.push("p9".into())),
            "work.photos_after: photo p9 was not uploaded for this work order"
        );
        assert_eq!(with(&|w| w.summary = " ".into()), "work.summary: say what was done");
    }

    #[test]
    fn a_sign_off_needs_a_name_and_a_signature_image() {
        let png = format!("{SIGNATURE_PREFIX}iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB");
        let ok = SignOff::Signature {
            name: "Kari Nordmann".into(),
            signature: png.clone(),
        };
        assert_eq!(check_sign_off(&ok), Ok(()));
        let sig = |name: &str, signature: &str| {
            check_sign_off(&SignOff::Signature {
                name: name.into(),
                signature: signature.into(),
            })
        };
        assert_eq!(sig("", &png), Err(ReportProblem::SignerNameMissing));
        assert_eq!(sig("Kari", ""), Err(ReportProblem::SignatureMissing));
        assert_eq!(
            sig("Kari", "data:image/jpeg;base64,AAAA"),
            Err(ReportProblem::SignatureNotPng)
        );
        let huge = format!("{SIGNATURE_PREFIX}{}", "A".repeat(MAX_SIGNATURE_BYTES));
        assert!(matches!(
            sig("Kari", &huge),
            Err(ReportProblem::SignatureTooLarge { .. })
        ));
        assert_eq!(
            check_sign_off(&SignOff::CustomerApp {
                name: "Kari".into(),
                confirmed_by: " ".into()
            }),
            Err(ReportProblem::ConfirmationWithoutAccount)
        );
    }

    #[test]
    fn a_report_for_a_case_that_moved_on_is_kept_for_third_line() {
        let mut scheduled = case_in(CaseState::VisitScheduled);
        scheduled.visit = Some(visit());
        assert_eq!(report_fate(&scheduled, "Ola"), ReportFate::Apply);
        let ReportFate::KeepForThirdLine { why } = report_fate(&scheduled, "Per") else {
            panic!("another technician's report must be kept")
        };
        assert!(why.contains("another technician"), "{why}");
        let mut closed = case_in(CaseState::Closed);
        closed.visit = Some(visit());
        let ReportFate::KeepForThirdLine { why } = report_fate(&closed, "Ola") else {
            panic!("a closed case's report must be kept")
        };
        assert!(why.starts_with("the case is closed now"), "{why}");
    }
}
