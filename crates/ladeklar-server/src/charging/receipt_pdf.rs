//! A receipt as a one-page A4 PDF (`crate::pdf`): what the receipt page shows, for the
//! driver's records and accounting.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_api::{Receipt, ReceiptLine};
use rust_decimal::Decimal;

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string()
}

fn money(amount: Decimal, currency: &str) -> String {
    format!("{amount:.2} {currency}")
}

/// A unit price with at least two decimals, and all it has (a price per kWh may have four).
fn unit_amount(amount: Decimal) -> String {
    let amount = amount.normalize();
    if amount.scale() > 2 {
        amount.to_string()
    } else {
        format!("{amount:.2}")
    }
}

/// "3.36 NOK/kWh excl. VAT, 4.20 incl. 25 % VAT"; prices that followed each other joined
/// by "then".
fn unit_prices(line: &ReceiptLine, currency: &str) -> Option<String> {
    // "NOK/kWh", "NOK/h"; a session fee reads "NOK per session".
    let per = match line.unit.as_str() {
        "session" => format!("{currency} per session"),
        unit => format!("{currency}/{unit}"),
    };
    let words: Vec<String> = line
        .unit_prices
        .iter()
        .map(|u| {
            let excl = unit_amount(u.excl_vat);
            match u.vat_percent {
                Some(rate) => format!(
                    "{excl} {per} excl. VAT, {} incl. {} % VAT",
                    unit_amount(u.incl_vat),
                    rate.normalize()
                ),
                None => format!("{excl} {per}, no VAT"),
            }
        })
        .collect();
    (!words.is_empty()).then(|| format!("at {}", words.join("; then ")))
}

/// The receipt as PDF bytes. `tz`: the site's time zone, for the times shown.
pub fn render(r: &Receipt, tz: Tz) -> anyhow::Result<Vec<u8>> {
    let mut p = crate::pdf::Sheet::new(&format!("Receipt {}", r.receipt_number))?;
    p.text("Ladeklar", 20.0, true);
    p.text(&format!("Receipt {}", r.receipt_number), 13.0, true);
    p.text(
        &format!("Issued by Ladeklar on behalf of {} (self-billing).", r.seller),
        10.0,
        false,
    );
    p.gap(4.0);
    p.text(&format!("{}, {}", r.site_name, r.address), 11.0, true);
    p.text(
        &format!("Charger {}, connector {}", r.charger_id, r.connector_id),
        10.0,
        false,
    );
    p.text(
        &format!("{} to {}", local(r.started_at, tz), local(r.stopped_at, tz)),
        10.0,
        false,
    );
    let minutes = r.duration_s / 60;
    p.text(
        &format!(
            "Energy {} kWh, {} h {:02} min",
            r.energy_kwh.round_dp(3),
            minutes / 60,
            minutes % 60
        ),
        10.0,
        false,
    );
    p.gap(5.0);
    p.row("What", "Excl. VAT      Incl. VAT", 10.0, true);
    for line in &r.lines {
        p.row(
            &line.description,
            &format!(
                "{:>12}   {:>12}",
                money(line.cost.excl_vat, &r.currency),
                money(line.cost.incl_vat, &r.currency)
            ),
            10.0,
            false,
        );
        if let Some(words) = unit_prices(line, &r.currency) {
            p.text(&format!("    {words}"), 8.0, false);
        }
    }
    p.gap(3.0);
    p.row("Total excl. VAT", &money(r.total_excl_vat, &r.currency), 10.0, false);
    for v in &r.vat_lines {
        p.row(
            &format!("VAT {} % of {}", v.rate_percent, money(v.excl_vat, &r.currency)),
            &money(v.vat, &r.currency),
            10.0,
            false,
        );
    }
    p.row("Total incl. VAT", &money(r.total_incl_vat, &r.currency), 12.0, true);
    p.gap(4.0);
    match &r.payment {
        Some(pay) => {
            let paid = pay
                .paid
                .map(|a| money(a, &pay.currency))
                .unwrap_or_else(|| "not yet paid".into());
            p.row(
                &format!("Paid with {}", crate::payments::method_words(pay)),
                &paid,
                10.0,
                false,
            );
            if pay.cap_reached {
                p.text("Stopped at the spending cap the driver chose.", 9.0, false);
            }
        }
        None => p.text("No payment was taken for this session.", 10.0, false),
    }
    if r.held_from_billing {
        p.gap(3.0);
        p.text(
            "Held from billing for review: the meter readings failed a check.",
            10.0,
            true,
        );
    }
    p.gap(6.0);
    p.text(&format!("Price: {}", r.price_text), 8.0, false);
    p.finish()
}
