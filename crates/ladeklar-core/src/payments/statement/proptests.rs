//! The statement arithmetic over any sessions: lines add up to the totals, each line's parts
//! to the line, the payout is the total less the fee, and a credit note is the statement
//! negated.

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::figures::*;
use crate::payments::amount::MinorUnits;

fn any_part() -> impl Strategy<Value = VatPart> {
    (prop::sample::select(vec![0u32, 12, 15, 25]), 0i64..500_000).prop_map(|(rate, incl)| {
        let rate = Decimal::from(rate);
        let vat = (Decimal::from(incl) * rate / (Decimal::from(100) + rate)).round();
        let vat = i64::try_from(vat).unwrap();
        VatPart {
            rate_percent: rate,
            excl_vat: MinorUnits(incl - vat),
            vat: MinorUnits(vat),
        }
    })
}

fn any_session() -> impl Strategy<Value = PaidSession> {
    (
        prop::collection::vec(any_part(), 0..3),
        any::<bool>(),
        0i64..600_000,
        0i64..10_000_000,
        0u32..1_000_000,
    )
        .prop_map(|(priced, paid_in_full, other_paid, seconds, id)| {
            let priced_total: i64 = priced.iter().map(|p| p.incl_vat().0).sum();
            let paid = if paid_in_full { priced_total } else { other_paid };
            PaidSession {
                payment_id: format!("p{id}"),
                session_id: format!("s{id}"),
                site_id: "site".into(),
                site_name: "Site".into(),
                charger_id: "C".into(),
                stopped_at: DateTime::<Utc>::UNIX_EPOCH + TimeDelta::seconds(seconds),
                energy_kwh: Decimal::new(i64::from(id % 100_000), 3),
                paid: MinorUnits(paid),
                priced,
                stated_on: None,
            }
        })
}

fn fee() -> impl Strategy<Value = PlatformFee> {
    (0u32..=10_000).prop_map(|bp| PlatformFee::new(bp).unwrap())
}

proptest! {
    #[test]
    fn lines_add_up_to_the_totals(sessions in prop::collection::vec(any_session(), 1..30), fee in fee()) {
        let doc = compute(DocumentKind::Statement, "NOK", &sessions, fee).unwrap().unwrap();
        prop_assert_eq!(doc.lines.len(), sessions.len());
        let sum = |f: fn(&StatementLine) -> i64| doc.lines.iter().map(f).sum::<i64>();
        prop_assert_eq!(doc.totals.excl_vat.0, sum(|l| l.excl_vat.0));
        prop_assert_eq!(doc.totals.vat.0, sum(|l| l.vat.0));
        prop_assert_eq!(doc.totals.incl_vat.0, sum(|l| l.incl_vat.0));
        prop_assert_eq!(doc.totals.platform_fee.0, sum(|l| l.platform_fee.0));
        prop_assert_eq!(doc.totals.payout.0, sum(|l| l.payout.0));
        // What was paid is what is stated.
        prop_assert_eq!(doc.totals.incl_vat.0, sessions.iter().map(|s| s.paid.0).sum::<i64>());
        prop_assert_eq!(doc.totals.payout.0, doc.totals.incl_vat.0 - doc.totals.platform_fee.0);
        prop_assert_eq!(doc.totals.excl_vat.0 + doc.totals.vat.0, doc.totals.incl_vat.0);
        prop_assert_eq!(doc.vat_by_rate.iter().map(|v| v.vat.0).sum::<i64>(), doc.totals.vat.0);
        prop_assert_eq!(doc.vat_by_rate.iter().map(|v| v.excl_vat.0).sum::<i64>(), doc.totals.excl_vat.0);
        for line in &doc.lines {
            prop_assert_eq!(line.excl_vat.0 + line.vat.0, line.incl_vat.0);
            prop_assert_eq!(line.payout.0, line.incl_vat.0 - line.platform_fee.0);
            prop_assert_eq!(line.vat_parts.iter().map(|p| p.incl_vat().0).sum::<i64>(), line.incl_vat.0);
            prop_assert!(line.platform_fee.0 >= 0 && line.platform_fee.0 <= line.incl_vat.0);
            // VAT is never more than its rate allows (to the øre).
            for p in &line.vat_parts {
                let most = (Decimal::from(p.incl_vat().0) * p.rate_percent / (Decimal::from(100) + p.rate_percent)).ceil();
                prop_assert!(Decimal::from(p.vat.0) <= most, "{:?}", p);
            }
        }
        prop_assert!(doc.lines.windows(2).all(|w| w[0].date <= w[1].date));
    }

    #[test]
    fn a_credit_note_is_the_statement_negated(sessions in prop::collection::vec(any_session(), 1..20), fee in fee()) {
        let statement = compute(DocumentKind::Statement, "NOK", &sessions, fee).unwrap().unwrap();
        let credit = compute(DocumentKind::CreditNote, "NOK", &sessions, fee).unwrap().unwrap();
        let t = statement.totals;
        let c = credit.totals;
        prop_assert_eq!(
            (c.excl_vat.0, c.vat.0, c.incl_vat.0, c.platform_fee.0, c.payout.0),
            (-t.excl_vat.0, -t.vat.0, -t.incl_vat.0, -t.platform_fee.0, -t.payout.0)
        );
        for (s, c) in statement.lines.iter().zip(&credit.lines) {
            prop_assert_eq!(&s.session_id, &c.session_id);
            prop_assert_eq!(c.incl_vat.0, -s.incl_vat.0);
            prop_assert_eq!(c.payout.0, -s.payout.0);
            prop_assert_eq!(c.energy_kwh, -s.energy_kwh);
        }
        // A month with its refunds nets to nothing.
        prop_assert_eq!(t.payout.0 + c.payout.0, 0);
    }

    #[test]
    fn computing_twice_gives_the_same_document(sessions in prop::collection::vec(any_session(), 1..10), fee in fee()) {
        let mut reversed = sessions.clone();
        reversed.reverse();
        prop_assert_eq!(
            compute(DocumentKind::Statement, "NOK", &sessions, fee).unwrap(),
            compute(DocumentKind::Statement, "NOK", &reversed, fee).unwrap()
        );
    }
}
