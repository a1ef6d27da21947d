//! A statement's figures from the month's paid sessions (or a credit note's from its
//! refunds), in integer minor units.
//!
//! **Rules.**
//! - A line is one session's payment. Its amount incl. VAT is what was paid (the capture or
//!   the off-session charge), never the priced total: a capture stopped at the driver's cap
//!   pays less than the session was priced at.
//! - VAT: the session's priced VAT parts (one per rate, from its rounded receipt lines). When
//!   the paid amount is the priced total they are taken as they are; otherwise the paid amount
//!   is spread over the rates in proportion to each part's amount incl. VAT (rounded down, the
//!   remainder to the last part), and each part's VAT is `incl × rate / (100 + rate)` rounded
//!   half away from zero; excl. VAT is the rest. So `excl + vat = incl` holds on every part,
//!   line and total.
//! - The platform fee ([`PlatformFee`]) is a share of each line's amount incl. VAT, rounded
//!   half away from zero per line; the payout is the amount incl. VAT less the fee. The fee is
//!   the platform's own invoice to the owner and carries no VAT here.
//! - A credit note's line is its session's statement line negated: every amount, the fee and
//!   the payout (the platform gives its fee back when a session is refunded).
//! - Totals are the sums of the lines; VAT per rate is the sum of the lines' parts per rate.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::StatementError;
use crate::money::{minor_unit_digits, round_money};
use crate::payments::amount::MinorUnits;
use crate::payments::receipt::vat_lines;
use crate::pricing::PricedSession;

/// Which document: a statement of paid sessions, or a credit note of refunded ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Statement,
    CreditNote,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Statement => "statement",
            Self::CreditNote => "credit_note",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "statement" => Some(Self::Statement),
            "credit_note" => Some(Self::CreditNote),
            _ => None,
        }
    }
}

/// The platform's fee: a share of what the driver paid (incl. VAT), in basis points
/// (`500` = 5 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformFee {
    pub basis_points: u32,
}

impl PlatformFee {
    /// The fee unless configured otherwise: 5 %.
    pub const STANDARD: PlatformFee = PlatformFee { basis_points: 500 };

    /// At most 100 %.
    pub fn new(basis_points: u32) -> Result<Self, StatementError> {
        if basis_points > 10_000 {
            return Err(StatementError::FeeOutOfRange { basis_points });
        }
        Ok(Self { basis_points })
    }

    /// The fee on `amount`, rounded half away from zero (so the fee of `-x` is `-(fee of x)`).
    pub fn fee_of(&self, amount: MinorUnits) -> MinorUnits {
        let product = i128::from(amount.0) * i128::from(self.basis_points);
        let magnitude = (product.abs() + 5_000) / 10_000;
        let fee = if product < 0 { -magnitude } else { magnitude };
        MinorUnits(i64::try_from(fee).expect("a fee is at most the amount"))
    }
}

/// VAT at one rate: the amount excl. VAT it is on, and the tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatPart {
    /// Percent, e.g. `25`; `0` for lines without VAT.
    #[serde(with = "rust_decimal::serde::str")]
    pub rate_percent: Decimal,
    pub excl_vat: MinorUnits,
    pub vat: MinorUnits,
}

impl VatPart {
    pub fn incl_vat(&self) -> MinorUnits {
        MinorUnits(self.excl_vat.0 + self.vat.0)
    }
}

/// One paid (or refunded) session, as loaded for its statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaidSession {
    pub payment_id: String,
    pub session_id: String,
    pub site_id: String,
    pub site_name: String,
    pub charger_id: String,
    /// When the session ended (the line's date).
    pub stopped_at: DateTime<Utc>,
    #[serde(with = "rust_decimal::serde::str")]
    pub energy_kwh: Decimal,
    /// What was paid, incl. VAT.
    pub paid: MinorUnits,
    /// The priced session's VAT per rate ([`priced_vat_parts`]).
    pub priced: Vec<VatPart>,
    /// The statement the session was on, for a credit note's line.
    pub stated_on: Option<i64>,
}

/// One line of a statement or credit note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    pub payment_id: String,
    pub session_id: String,
    pub site_id: String,
    pub site_name: String,
    pub charger_id: String,
    pub date: DateTime<Utc>,
    #[serde(with = "rust_decimal::serde::str")]
    pub energy_kwh: Decimal,
    pub excl_vat: MinorUnits,
    pub vat: MinorUnits,
    pub incl_vat: MinorUnits,
    pub vat_parts: Vec<VatPart>,
    pub platform_fee: MinorUnits,
    pub payout: MinorUnits,
    /// A credit note's line: the statement number its session was on.
    pub credits_statement: Option<i64>,
}

/// A document's totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub excl_vat: MinorUnits,
    pub vat: MinorUnits,
    pub incl_vat: MinorUnits,
    pub platform_fee: MinorUnits,
    pub payout: MinorUnits,
}

/// What a statement or credit note states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementFigures {
    pub kind: DocumentKind,
    pub currency: String,
    pub fee: PlatformFee,
    /// Ordered by date, then session id.
    pub lines: Vec<StatementLine>,
    pub totals: Totals,
    /// Ascending by rate.
    pub vat_by_rate: Vec<VatPart>,
}

/// The priced session's VAT per rate, in minor units (its rounded lines, as on the receipt).
pub fn priced_vat_parts(priced: &PricedSession) -> Result<Vec<VatPart>, StatementError> {
    let digits = minor_unit_digits(&priced.currency);
    let minor = |d: Decimal| -> Result<MinorUnits, StatementError> {
        let scaled = round_money(d, digits) * Decimal::from(10_i64.pow(digits));
        i64::try_from(scaled.trunc())
            .map(MinorUnits)
            .map_err(|_| StatementError::TooLarge)
    };
    vat_lines(priced)
        .into_iter()
        .map(|v| {
            Ok(VatPart {
                rate_percent: v.rate_percent,
                excl_vat: minor(v.excl_vat)?,
                vat: minor(v.vat)?,
            })
        })
        .collect()
}

/// The VAT parts of `paid` for a session priced as `priced` (see the module's rules).
pub fn paid_vat_parts(paid: MinorUnits, priced: &[VatPart]) -> Vec<VatPart> {
    let priced_total: i64 = priced.iter().map(|p| p.incl_vat().0).sum();
    if priced_total == paid.0 {
        return priced.to_vec();
    }
    if priced.is_empty() || priced_total <= 0 {
        // Nothing priced to spread over (a session paid without VAT lines): all without VAT.
        return vec![VatPart {
            rate_percent: Decimal::ZERO,
            excl_vat: paid,
            vat: MinorUnits(0),
        }];
    }
    let mut left = paid.0;
    let last = priced.len() - 1;
    priced
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let incl = if i == last {
                left
            } else {
                let share = i128::from(paid.0) * i128::from(part.incl_vat().0) / i128::from(priced_total);
                i64::try_from(share).expect("a share is at most the paid amount")
            };
            left -= incl;
            let vat = round_money(
                Decimal::from(incl) * part.rate_percent / (Decimal::from(100) + part.rate_percent),
                0,
            );
            let vat = i64::try_from(vat.trunc()).expect("VAT is at most the amount");
            VatPart {
                rate_percent: part.rate_percent,
                excl_vat: MinorUnits(incl - vat),
                vat: MinorUnits(vat),
            }
        })
        .collect()
}

/// One session's statement line.
pub fn statement_line(session: &PaidSession, fee: PlatformFee) -> StatementLine {
    let vat_parts = paid_vat_parts(session.paid, &session.priced);
    let vat = MinorUnits(vat_parts.iter().map(|p| p.vat.0).sum());
    let platform_fee = fee.fee_of(session.paid);
    StatementLine {
        payment_id: session.payment_id.clone(),
        session_id: session.session_id.clone(),
        site_id: session.site_id.clone(),
        site_name: session.site_name.clone(),
        charger_id: session.charger_id.clone(),
        date: session.stopped_at,
        energy_kwh: session.energy_kwh,
        excl_vat: MinorUnits(session.paid.0 - vat.0),
        vat,
        incl_vat: session.paid,
        vat_parts,
        platform_fee,
        payout: MinorUnits(session.paid.0 - platform_fee.0),
        credits_statement: None,
    }
}

/// A statement line negated: the credit note's line for a refunded session.
pub fn credit_line(session: &PaidSession, fee: PlatformFee) -> StatementLine {
    let line = statement_line(session, fee);
    let neg = |m: MinorUnits| MinorUnits(-m.0);
    StatementLine {
        excl_vat: neg(line.excl_vat),
        vat: neg(line.vat),
        incl_vat: neg(line.incl_vat),
        vat_parts: line
            .vat_parts
            .iter()
            .map(|p| VatPart {
                rate_percent: p.rate_percent,
                excl_vat: neg(p.excl_vat),
                vat: neg(p.vat),
            })
            .collect(),
        platform_fee: neg(line.platform_fee),
        payout: neg(line.payout),
        energy_kwh: -line.energy_kwh,
        credits_statement: session.stated_on,
        ..line
    }
}

/// The figures of a `kind` document in `currency` over `sessions` (all in that currency). No
/// session, no document: `Ok(None)`.
pub fn compute(
    kind: DocumentKind,
    currency: &str,
    sessions: &[PaidSession],
    fee: PlatformFee,
) -> Result<Option<StatementFigures>, StatementError> {
    if sessions.is_empty() {
        return Ok(None);
    }
    let mut lines: Vec<StatementLine> = sessions
        .iter()
        .map(|s| match kind {
            DocumentKind::Statement => statement_line(s, fee),
            DocumentKind::CreditNote => credit_line(s, fee),
        })
        .collect();
    lines.sort_by(|a, b| (a.date, &a.session_id).cmp(&(b.date, &b.session_id)));
    let mut totals = Totals::default();
    let mut vat_by_rate: Vec<VatPart> = Vec::new();
    let add = |a: &mut MinorUnits, b: MinorUnits| -> Result<(), StatementError> {
        a.0 = a.0.checked_add(b.0).ok_or(StatementError::TooLarge)?;
        Ok(())
    };
    for line in &lines {
        add(&mut totals.excl_vat, line.excl_vat)?;
        add(&mut totals.vat, line.vat)?;
        add(&mut totals.incl_vat, line.incl_vat)?;
        add(&mut totals.platform_fee, line.platform_fee)?;
        add(&mut totals.payout, line.payout)?;
        for part in &line.vat_parts {
            match vat_by_rate.iter_mut().find(|v| v.rate_percent == part.rate_percent) {
                Some(v) => {
                    add(&mut v.excl_vat, part.excl_vat)?;
                    add(&mut v.vat, part.vat)?;
                }
                None => vat_by_rate.push(*part),
            }
        }
    }
    vat_by_rate.sort_by_key(|v| v.rate_percent);
    Ok(Some(StatementFigures {
        kind,
        currency: currency.to_owned(),
        fee,
        lines,
        totals,
        vat_by_rate,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    pub(super) fn session(id: &str, paid: i64, priced: Vec<VatPart>) -> PaidSession {
        PaidSession {
            payment_id: format!("p-{id}"),
            session_id: id.to_owned(),
            site_id: "oslo".into(),
            site_name: "Oslo".into(),
            charger_id: "OSLO-1".into(),
            stopped_at: DateTime::parse_from_rfc3339("2026-11-03T10:00:00Z").unwrap().to_utc(),
            energy_kwh: dec!(30.5),
            paid: MinorUnits(paid),
            priced,
            stated_on: None,
        }
    }

    fn part(rate: Decimal, excl: i64, vat: i64) -> VatPart {
        VatPart {
            rate_percent: rate,
            excl_vat: MinorUnits(excl),
            vat: MinorUnits(vat),
        }
    }

    #[test]
    fn a_line_paid_in_full_keeps_its_receipts_vat() {
        // 100.80 + 25.20 VAT = 126.00 paid; 5 % fee = 6.30; payout 119.70.
        let s = session("a", 12_600, vec![part(dec!(25), 10_080, 2_520)]);
        let line = statement_line(&s, PlatformFee::STANDARD);
        assert_eq!(line.excl_vat, MinorUnits(10_080));
        assert_eq!(line.vat, MinorUnits(2_520));
        assert_eq!(line.platform_fee, MinorUnits(630));
        assert_eq!(line.payout, MinorUnits(11_970));
    }

    #[test]
    fn a_capture_below_the_price_spreads_vat_over_the_paid_amount() {
        // Priced 250.00 incl. 25 % VAT, capped at 200.00: 160.00 + 40.00 VAT.
        let s = session("b", 20_000, vec![part(dec!(25), 20_000, 5_000)]);
        let line = statement_line(&s, PlatformFee::STANDARD);
        assert_eq!((line.excl_vat, line.vat), (MinorUnits(16_000), MinorUnits(4_000)));
    }

    #[test]
    fn the_fee_rounds_half_away_from_zero_both_ways() {
        let fee = PlatformFee::new(250).unwrap(); // 2.5 %
        assert_eq!(fee.fee_of(MinorUnits(100)), MinorUnits(3)); // 2.5 → 3
        assert_eq!(fee.fee_of(MinorUnits(-100)), MinorUnits(-3));
        assert_eq!(fee.fee_of(MinorUnits(99)), MinorUnits(2)); // 2.475 → 2
        assert!(PlatformFee::new(10_001).is_err());
    }

    #[test]
    fn a_credit_note_negates_and_names_the_statement() {
        let mut s = session("c", 12_600, vec![part(dec!(25), 10_080, 2_520)]);
        s.stated_on = Some(7);
        let credit = compute(DocumentKind::CreditNote, "NOK", &[s], PlatformFee::STANDARD)
            .unwrap()
            .unwrap();
        assert_eq!(credit.totals.incl_vat, MinorUnits(-12_600));
        assert_eq!(credit.totals.payout, MinorUnits(-11_970));
        assert_eq!(credit.lines[0].credits_statement, Some(7));
        assert_eq!(credit.vat_by_rate, vec![part(dec!(25), -10_080, -2_520)]);
    }

    #[test]
    fn no_session_no_document() {
        assert_eq!(
            compute(DocumentKind::Statement, "NOK", &[], PlatformFee::STANDARD),
            Ok(None)
        );
    }
}
