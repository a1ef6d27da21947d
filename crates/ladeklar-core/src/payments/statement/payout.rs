//! A statement's payout: recorded `due` when the document is issued; an admin marks it paid
//! with the day the money went and the bank's reference ([`mark_paid`]).
//!
//! **Decisions.** Only `due → paid`; a payout is never "unpaid" again (a mistake is corrected
//! by the bank and the books, not by rewriting the record). Marking it again with the same day
//! and reference is the same request repeated and changes nothing; with another day or
//! reference it is refused, naming what was recorded. The day may not be before the document
//! was issued nor after today in the owner's zone. A credit note's payout (money the owner
//! pays back) is marked the same way: "paid" means settled.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The longest bank reference kept.
pub const MAX_REFERENCE: usize = 80;

/// Where a payout stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PayoutState {
    Due,
    Paid { paid_on: NaiveDate, reference: String },
}

/// What marking did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkOutcome {
    /// Due until now: write this.
    Marked { paid_on: NaiveDate, reference: String },
    /// Marked before with the same day and reference: nothing to write.
    AlreadyMarked,
}

/// Why a payout cannot be marked paid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayoutError {
    #[error("reference: the bank's reference is missing")]
    ReferenceMissing,
    #[error("reference: at most {MAX_REFERENCE} characters")]
    ReferenceTooLong,
    #[error("paid_on: {paid_on} is after today ({today})")]
    PaidInTheFuture { paid_on: NaiveDate, today: NaiveDate },
    #[error("paid_on: {paid_on} is before the document was issued ({issued_on})")]
    PaidBeforeIssued { paid_on: NaiveDate, issued_on: NaiveDate },
    #[error("the payout was marked paid on {paid_on} with reference {reference:?} already")]
    AlreadyPaid { paid_on: NaiveDate, reference: String },
}

/// Marks a payout paid on `paid_on` with the bank's `reference` (trimmed). `issued_at` is the
/// document's issue instant; days are in the owner's zone `tz`; `now` is the clock's.
pub fn mark_paid(
    state: &PayoutState,
    issued_at: DateTime<Utc>,
    paid_on: NaiveDate,
    reference: &str,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<MarkOutcome, PayoutError> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(PayoutError::ReferenceMissing);
    }
    if reference.chars().count() > MAX_REFERENCE || reference.chars().any(char::is_control) {
        return Err(PayoutError::ReferenceTooLong);
    }
    if let PayoutState::Paid {
        paid_on: was_on,
        reference: was,
    } = state
    {
        return if *was_on == paid_on && was == reference {
            Ok(MarkOutcome::AlreadyMarked)
        } else {
            Err(PayoutError::AlreadyPaid {
                paid_on: *was_on,
                reference: was.clone(),
            })
        };
    }
    let today = now.with_timezone(&tz).date_naive();
    if paid_on > today {
        return Err(PayoutError::PaidInTheFuture { paid_on, today });
    }
    let issued_on = issued_at.with_timezone(&tz).date_naive();
    if paid_on < issued_on {
        return Err(PayoutError::PaidBeforeIssued { paid_on, issued_on });
    }
    Ok(MarkOutcome::Marked {
        paid_on,
        reference: reference.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const OSLO: Tz = chrono_tz::Europe::Oslo;

    #[test]
    fn due_becomes_paid_once_and_a_repeat_changes_nothing() {
        let issued = at("2026-12-03T01:00:00Z");
        let now = at("2026-12-06T12:00:00Z");
        let marked = mark_paid(&PayoutState::Due, issued, day("2026-12-05"), "  NO-4711 ", OSLO, now);
        assert_eq!(
            marked,
            Ok(MarkOutcome::Marked {
                paid_on: day("2026-12-05"),
                reference: "NO-4711".into()
            })
        );
        let paid = PayoutState::Paid {
            paid_on: day("2026-12-05"),
            reference: "NO-4711".into(),
        };
        assert_eq!(
            mark_paid(&paid, issued, day("2026-12-05"), "NO-4711", OSLO, now),
            Ok(MarkOutcome::AlreadyMarked)
        );
        assert_eq!(
            mark_paid(&paid, issued, day("2026-12-06"), "NO-4711", OSLO, now),
            Err(PayoutError::AlreadyPaid {
                paid_on: day("2026-12-05"),
                reference: "NO-4711".into()
            })
        );
    }

    #[test]
    fn bad_days_and_references_are_named() {
        let issued = at("2026-12-03T01:00:00Z");
        // 23:30 UTC on the 6th is the 7th in Oslo: the 7th is today there.
        let now = at("2026-12-06T23:30:00Z");
        let due = PayoutState::Due;
        assert!(mark_paid(&due, issued, day("2026-12-07"), "r", OSLO, now).is_ok());
        assert_eq!(
            mark_paid(&due, issued, day("2026-12-08"), "r", OSLO, now),
            Err(PayoutError::PaidInTheFuture {
                paid_on: day("2026-12-08"),
                today: day("2026-12-07")
            })
        );
        assert!(matches!(
            mark_paid(&due, issued, day("2026-12-02"), "r", OSLO, now),
            Err(PayoutError::PaidBeforeIssued { .. })
        ));
        assert_eq!(
            mark_paid(&due, issued, day("2026-12-05"), "  ", OSLO, now),
            Err(PayoutError::ReferenceMissing)
        );
        let long = "x".repeat(MAX_REFERENCE + 1);
        assert_eq!(
            mark_paid(&due, issued, day("2026-12-05"), &long, OSLO, now),
            Err(PayoutError::ReferenceTooLong)
        );
        assert!(PayoutError::ReferenceTooLong.to_string().starts_with("reference:"));
    }
}
