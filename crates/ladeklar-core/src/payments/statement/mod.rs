//! Self-billing statements (issue 19): each month, per owner, the platform issues on the
//! owner's behalf a statement of every session paid that month, and a credit note of every
//! payment refunded that month.
//!
//! - [`month`]: the month a document is for (`2026-11`), its bounds in the owner's time zone,
//!   and when it may be issued (over, plus a settling margin).
//! - [`figures`]: the lines, VAT per rate, platform fee and payout, in minor units.
//! - [`org_number`]: the owner's organisation number, checked.
//! - [`payout`]: a document's payout, `due` until an admin marks it paid.
//!
//! **Decisions.** A session belongs to the month its payment was taken in (captured or
//! charged), a refund to the month it was made in; a month is stated once, after it is over,
//! so a statement never changes. Credit notes are separate documents in the **same** unbroken
//! sequence as the owner's statements (one series of self-billing documents per owner, as
//! bookkeeping rules ask of sales documents), each line naming the statement its session was
//! on. The numbers themselves are taken by the store, in the transaction that writes the
//! document.

pub mod figures;
pub mod month;
pub mod org_number;
pub mod payout;

#[cfg(test)]
mod proptests;

use chrono::{DateTime, Utc};
pub use figures::{
    compute, credit_line, paid_vat_parts, priced_vat_parts, statement_line, DocumentKind, PaidSession, PlatformFee,
    StatementFigures, StatementLine, Totals, VatPart,
};
pub use month::{StatementMonth, SETTLE_MARGIN};
pub use org_number::OrgNumber;

/// Why a statement cannot be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("month: {given:?} is not a month; write it as YYYY-MM, e.g. 2026-11")]
    BadMonth { given: String },
    #[error("month: {month} is not over yet; its statement can be issued from {over_at}")]
    MonthNotOver { month: String, over_at: DateTime<Utc> },
    #[error("organisation number: {given:?} is not one: {why}")]
    BadOrgNumber { given: String, why: &'static str },
    #[error("platform fee: {basis_points} basis points is more than 100 %")]
    FeeOutOfRange { basis_points: u32 },
    #[error("an amount is too large to state")]
    TooLarge,
}
