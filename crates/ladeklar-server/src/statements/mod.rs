//! Self-billing statements to site owners (issue 19): load the month's payments, let core's
//! `payments::statement` make the documents, write them with their numbers and payouts in
//! one store transaction; and the views, PDF and CSV of what was issued.
//!
//! - [`issue`]: one owner's month, idempotent (a second issue returns the first's documents).
//! - [`issue_due`]: the job — every owner's last month that is over, on the server's clock.
//! - [`pdf`], [`csv`]: the document as a download.

pub mod csv;
pub mod pdf;

use anyhow::Context;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_api::{StatementLineView, StatementSummary, StatementVatView, StatementView};
use ladeklar_core::payments::statement::{
    compute, priced_vat_parts, DocumentKind, OrgNumber, PaidSession, PlatformFee, StatementFigures, StatementMonth,
};
use ladeklar_core::payments::MinorUnits;
use ladeklar_core::pricing::PricedSession;
use ladeklar_store::{Issued, NewStatement, OwnerRow, StatedPaymentRow, StatementInputs, StatementRow};
use rust_decimal::Decimal;

use crate::error::ApiError;
use crate::AppState;

/// The platform's fee as configured (`--platform-fee-bp`).
pub fn platform_fee(state: &AppState) -> Result<PlatformFee, ApiError> {
    PlatformFee::new(state.config.platform_fee_bp).map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))
}

/// The owner's time zone (months are bounded there).
pub fn owner_zone(owner: &OwnerRow) -> Tz {
    owner.time_zone.parse().unwrap_or(chrono_tz::Europe::Oslo)
}

/// The owner, or 404 `owner_not_found`.
pub async fn load_owner(state: &AppState, owner_id: &str) -> Result<OwnerRow, ApiError> {
    state
        .store
        .owner(owner_id)
        .await?
        .ok_or_else(|| ApiError::OwnerNotFound(owner_id.to_owned()))
}

/// Issues `owner_id`'s documents for `month` (`YYYY-MM`) at `now`: a malformed month or one
/// not over yet is 400 `invalid_month`, an owner without an organisation number 409
/// `org_number_missing`. Issuing a month again returns the documents issued the first time.
pub async fn issue(state: &AppState, owner_id: &str, month: &str, now: DateTime<Utc>) -> Result<Issued, ApiError> {
    let owner = load_owner(state, owner_id).await?;
    let month = StatementMonth::parse(month).map_err(|e| ApiError::InvalidMonth(e.to_string()))?;
    let tz = owner_zone(&owner);
    month
        .check_over(now, tz)
        .map_err(|e| ApiError::InvalidMonth(e.to_string()))?;
    if owner.org_number.is_none() {
        return Err(ApiError::OrgNumberMissing(owner_id.to_owned()));
    }
    let fee = platform_fee(state)?;
    let issued = state
        .store
        .issue_statements(owner_id, &month.to_string(), month.bounds(tz), now, |inputs| {
            documents(inputs, fee).map_err(Into::into)
        })
        .await?;
    if issued.created {
        tracing::info!(owner = owner_id, %month, documents = issued.documents.len(), "statements issued");
    }
    Ok(issued)
}

/// The documents of a month from its payments: per currency, a statement of the payments
/// taken and a credit note of those refunded (each only when it has a line).
fn documents(inputs: &StatementInputs, fee: PlatformFee) -> anyhow::Result<Vec<NewStatement>> {
    let mut currencies: Vec<&str> = inputs
        .paid
        .iter()
        .chain(&inputs.refunded)
        .map(|p| p.currency.as_str())
        .collect();
    currencies.sort_unstable();
    currencies.dedup();
    let mut out: Vec<NewStatement> = Vec::new();
    // A payment refunded in the month it was paid is on this issue's statement.
    let mut stated_now: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for kind in [DocumentKind::Statement, DocumentKind::CreditNote] {
        let rows = match kind {
            DocumentKind::Statement => &inputs.paid,
            DocumentKind::CreditNote => &inputs.refunded,
        };
        for currency in &currencies {
            let mut sessions: Vec<PaidSession> = rows
                .iter()
                .filter(|r| r.currency == *currency)
                .map(paid_session)
                .collect::<anyhow::Result<_>>()?;
            for s in &mut sessions {
                s.stated_on = s.stated_on.or_else(|| stated_now.get(&s.payment_id).copied());
            }
            let Some(figures) = compute(kind, currency, &sessions, fee)? else {
                continue;
            };
            let number = inputs.next_number + i64::try_from(out.len())?;
            if kind == DocumentKind::Statement {
                for line in &figures.lines {
                    stated_now.insert(line.payment_id.clone(), number);
                }
            }
            out.push(NewStatement {
                id: uuid::Uuid::new_v4().to_string(),
                number,
                kind: kind.as_str().to_owned(),
                currency: (*currency).to_owned(),
                total_excl_vat: figures.totals.excl_vat.0,
                total_vat: figures.totals.vat.0,
                total_incl_vat: figures.totals.incl_vat.0,
                platform_fee: figures.totals.platform_fee.0,
                payout: figures.totals.payout.0,
                payment_ids: figures.lines.iter().map(|l| l.payment_id.clone()).collect(),
                figures_json: serde_json::to_string(&figures)?,
            });
        }
    }
    Ok(out)
}

/// A stored payment as core's statement input.
fn paid_session(row: &StatedPaymentRow) -> anyhow::Result<PaidSession> {
    let priced: PricedSession = serde_json::from_str(
        row.priced_json
            .as_deref()
            .with_context(|| format!("paid session {} has no price", row.session_id))?,
    )
    .context("stored priced session")?;
    let stopped_at = row
        .stopped_at
        .as_deref()
        .or(row.paid_at.as_deref())
        .with_context(|| format!("paid session {} has no stop", row.session_id))?;
    Ok(PaidSession {
        payment_id: row.payment_id.clone(),
        session_id: row.session_id.clone(),
        site_id: row.site_id.clone(),
        site_name: row.site_name.clone(),
        charger_id: row.charger_id.clone(),
        stopped_at: ladeklar_store::parse_instant("stopped_at", stopped_at)?,
        energy_kwh: priced.total_energy_kwh,
        paid: MinorUnits(row.amount.unwrap_or(0)),
        priced: priced_vat_parts(&priced)?,
        stated_on: row.stated_on,
    })
}

/// The job: for every owner with an organisation number, the last month that is over at
/// `now` in their zone, issued unless it was (idempotent, so every node and every tick may run
/// it; the jobs lease keeps it to one node). Returns how many documents it wrote.
pub async fn issue_due(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut written = 0;
    for owner in state.store.owners().await? {
        if owner.org_number.is_none() {
            continue;
        }
        let month = StatementMonth::last_over(now, owner_zone(&owner));
        match issue(state, &owner.id, &month.to_string(), now).await {
            Ok(issued) if issued.created => written += issued.documents.len(),
            Ok(_) => {}
            Err(e) => tracing::warn!(owner = %owner.id, %month, error = %e, "issuing statements failed"),
        }
    }
    Ok(written)
}

fn major(m: i64, currency: &str) -> Decimal {
    MinorUnits(m).to_major(currency)
}

/// The figures as issued.
pub fn figures(row: &StatementRow) -> Result<StatementFigures, ApiError> {
    Ok(serde_json::from_str(&row.figures_json).context("stored statement figures")?)
}

pub fn summary(row: &StatementRow) -> Result<StatementSummary, ApiError> {
    let c = &row.currency;
    Ok(StatementSummary {
        id: row.id.clone(),
        number: row.number,
        kind: row.kind.clone(),
        month: row.month.clone(),
        currency: c.clone(),
        issued_at: ladeklar_store::parse_instant("issued_at", &row.issued_at)?,
        total_excl_vat: major(row.total_excl_vat, c),
        total_vat: major(row.total_vat, c),
        total_incl_vat: major(row.total_incl_vat, c),
        platform_fee: major(row.platform_fee, c),
        payout: major(row.payout, c),
        payout_status: row.payout_status.clone(),
        payout_paid_on: row.payout_paid_on.as_deref().and_then(|d| d.parse().ok()),
        payout_reference: row.payout_reference.clone(),
        sessions: figures(row)?.lines.len(),
    })
}

pub fn view(row: &StatementRow) -> Result<StatementView, ApiError> {
    let f = figures(row)?;
    let c = &row.currency;
    let org = OrgNumber::parse(&row.org_number)
        .map(|o| o.to_string())
        .unwrap_or_else(|_| row.org_number.clone());
    Ok(StatementView {
        summary: summary(row)?,
        owner_id: row.owner_id.clone(),
        owner_name: row.owner_name.clone(),
        issued_on_behalf: format!(
            "Issued by Ladeklar on behalf of {} (org. no. {org}) under a self-billing agreement.",
            row.owner_name
        ),
        org_number: org,
        fee_percent: Decimal::from(f.fee.basis_points) / Decimal::from(100),
        lines: f
            .lines
            .iter()
            .map(|l| StatementLineView {
                date: l.date,
                site_id: l.site_id.clone(),
                site_name: l.site_name.clone(),
                charger_id: l.charger_id.clone(),
                session_id: l.session_id.clone(),
                energy_kwh: l.energy_kwh,
                excl_vat: major(l.excl_vat.0, c),
                vat: major(l.vat.0, c),
                incl_vat: major(l.incl_vat.0, c),
                platform_fee: major(l.platform_fee.0, c),
                payout: major(l.payout.0, c),
                credits_statement: l.credits_statement,
            })
            .collect(),
        vat_by_rate: f
            .vat_by_rate
            .iter()
            .map(|v| StatementVatView {
                rate_percent: v.rate_percent,
                excl_vat: major(v.excl_vat.0, c),
                vat: major(v.vat.0, c),
            })
            .collect(),
    })
}

/// `owner_id`'s document `id`, or 404 `statement_not_found` (also when it is another owner's).
pub async fn load(state: &AppState, owner_id: &str, id: &str) -> Result<StatementRow, ApiError> {
    match state.store.statement(id).await? {
        Some(row) if row.owner_id == owner_id => Ok(row),
        _ => Err(ApiError::StatementNotFound(id.to_owned())),
    }
}
