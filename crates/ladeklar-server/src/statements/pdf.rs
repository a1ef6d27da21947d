//! A statement or credit note as an A4 PDF (`crate::pdf`, as the receipt): who issues it on
//! whose behalf, the owner's organisation number, a line per session, VAT per rate, the
//! platform fee and the payout.

use chrono_tz::Tz;
use ladeklar_api::StatementView;
use rust_decimal::Decimal;

use crate::pdf::{Sheet, RIGHT_MM};

fn money(amount: Decimal) -> String {
    format!("{amount:.2}")
}

/// The document's title: "Self-billing statement 000003" or "Credit note 000004".
pub fn title(v: &StatementView) -> String {
    let kind = if v.summary.kind == "credit_note" {
        "Credit note"
    } else {
        "Self-billing statement"
    };
    format!("{kind} {:06}", v.summary.number)
}

/// The document as PDF bytes; dates in `tz` (the owner's).
pub fn render(v: &StatementView, tz: Tz) -> anyhow::Result<Vec<u8>> {
    let s = &v.summary;
    let c = &s.currency;
    let mut p = Sheet::new(&title(v))?;
    p.text("Ladeklar", 20.0, true);
    p.text(&title(v), 13.0, true);
    p.text(&v.issued_on_behalf, 9.0, false);
    p.gap(3.0);
    p.text(
        &format!("Seller: {}, organisation number {}", v.owner_name, v.org_number),
        10.0,
        true,
    );
    p.text(
        &format!(
            "Month {}   Issued {}   Currency {c}",
            s.month,
            s.issued_at.with_timezone(&tz).format("%Y-%m-%d")
        ),
        10.0,
        false,
    );
    p.gap(5.0);
    let header = [
        (20.0, "Date", false),
        (40.0, "Site", false),
        (110.0, "kWh", true),
        (128.0, "Excl. VAT", true),
        (145.0, "VAT", true),
        (162.0, "Incl. VAT", true),
        (176.0, "Fee", true),
        (RIGHT_MM, "Payout", true),
    ];
    p.columns(&header, 8.0, true);
    for l in &v.lines {
        let date = l.date.with_timezone(&tz).format("%Y-%m-%d").to_string();
        let site: String = l.site_name.chars().take(34).collect();
        let kwh = l.energy_kwh.round_dp(3).to_string();
        let (excl, vat, incl, fee, payout) = (
            money(l.excl_vat),
            money(l.vat),
            money(l.incl_vat),
            money(l.platform_fee),
            money(l.payout),
        );
        p.columns(
            &[
                (20.0, &date, false),
                (40.0, &site, false),
                (110.0, &kwh, true),
                (128.0, &excl, true),
                (145.0, &vat, true),
                (162.0, &incl, true),
                (176.0, &fee, true),
                (RIGHT_MM, &payout, true),
            ],
            8.0,
            false,
        );
        if let Some(n) = l.credits_statement {
            p.text(
                &format!("    credits session {} on statement {n:06}", l.session_id),
                7.0,
                false,
            );
        }
    }
    p.gap(4.0);
    p.row(
        "Total excl. VAT",
        &format!("{} {c}", money(s.total_excl_vat)),
        10.0,
        false,
    );
    for vat in &v.vat_by_rate {
        p.row(
            &format!("VAT {} % of {} {c}", vat.rate_percent.normalize(), money(vat.excl_vat)),
            &format!("{} {c}", money(vat.vat)),
            10.0,
            false,
        );
    }
    p.row(
        "Total incl. VAT",
        &format!("{} {c}", money(s.total_incl_vat)),
        11.0,
        true,
    );
    p.row(
        &format!("Platform fee {} % of the amount incl. VAT", v.fee_percent.normalize()),
        &format!("{} {c}", money(s.platform_fee)),
        10.0,
        false,
    );
    p.row("Payout to the seller", &format!("{} {c}", money(s.payout)), 12.0, true);
    p.gap(4.0);
    p.text(
        &format!("{} session(s). Payout status: {}.", v.lines.len(), s.payout_status),
        9.0,
        false,
    );
    p.finish()
}
