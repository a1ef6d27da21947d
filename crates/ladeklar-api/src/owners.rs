//! The owner's portal (issue 19): self-billing statements and credit notes under
//! `/api/v1/owners/{owner}/…`. Amounts are decimal strings in major units (a credit note's are
//! negative).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/owners/{owner}/statements`: issue a month's documents (idempotent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IssueStatementsRequest {
    /// `YYYY-MM`, a month that is over in the owner's time zone.
    pub month: String,
}

/// A statement or credit note as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementSummary {
    pub id: String,
    /// The owner's unbroken sequence, shared by statements and credit notes.
    pub number: i64,
    /// `statement` or `credit_note`.
    pub kind: String,
    /// `YYYY-MM`.
    pub month: String,
    pub currency: String,
    pub issued_at: DateTime<Utc>,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total_excl_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total_incl_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub platform_fee: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub payout: Decimal,
    /// The payout record's status: `due` or `paid`.
    pub payout_status: String,
    /// When paid: the day the money went and the bank's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout_paid_on: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout_reference: Option<String>,
    /// How many sessions it states.
    pub sessions: usize,
}

/// `POST /api/v1/owners/{owner}/statements/{id}/payout`: an admin records the payout paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkPayoutPaidRequest {
    /// The day the money went (`2026-12-05`), not before the document was issued nor after today.
    pub paid_on: chrono::NaiveDate,
    /// The bank's reference, 1–80 characters.
    pub reference: String,
}

/// `GET /api/v1/owners`: the owners the caller may read (an admin: every one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerList {
    pub owners: Vec<OwnerListItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerListItem {
    pub id: String,
    pub name: String,
}

/// `GET /api/v1/owners/{owner}/statements`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementList {
    pub owner_id: String,
    pub owner_name: String,
    /// `None`: no organisation number registered, so no statement can be issued yet.
    pub org_number: Option<String>,
    /// The latest month that can be issued now (`YYYY-MM`).
    pub last_month_over: String,
    pub statements: Vec<StatementSummary>,
}

/// What issuing a month did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedStatements {
    pub month: String,
    /// `false`: the month had been issued before (these are those documents), or there was
    /// nothing to state.
    pub created: bool,
    pub statements: Vec<StatementSummary>,
}

/// One session on a statement or credit note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementLineView {
    pub date: DateTime<Utc>,
    pub site_id: String,
    pub site_name: String,
    pub charger_id: String,
    pub session_id: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub energy_kwh: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub excl_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub incl_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub platform_fee: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub payout: Decimal,
    /// A credit note's line: the number of the statement its session was on.
    pub credits_statement: Option<i64>,
}

/// VAT at one rate on a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementVatView {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rate_percent: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub excl_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub vat: Decimal,
}

/// `GET /api/v1/owners/{owner}/statements/{id}`: the document as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementView {
    #[serde(flatten)]
    pub summary: StatementSummary,
    pub owner_id: String,
    pub owner_name: String,
    /// As issued, formatted (`923 456 783`).
    pub org_number: String,
    /// "Issued by Ladeklar on behalf of …" — the self-billing statement.
    pub issued_on_behalf: String,
    /// The platform fee, percent of the amount incl. VAT.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub fee_percent: Decimal,
    pub lines: Vec<StatementLineView>,
    pub vat_by_rate: Vec<StatementVatView>,
}

/// `GET /api/v1/owners/{owner}/overview`'s query: the period of the revenue, days in the
/// owner's time zone (default: this month so far).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct OverviewQuery {
    /// First day (`2026-11-01`), inclusive.
    pub from: Option<chrono::NaiveDate>,
    /// Last day, inclusive; at most 400 days after `from`.
    pub to: Option<chrono::NaiveDate>,
    /// The uptime and utilisation period: `this_month` (default), `last_7_days`, `last_30_days`.
    pub period: Option<String>,
}

/// `GET /api/v1/owners/{owner}/sessions` (and `…/sessions/csv`, which ignores the page):
/// the owner's sessions, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct OwnerSessionsQuery {
    /// One of the owner's sites.
    pub site: Option<String>,
    /// One of the owner's chargers.
    pub charger: Option<String>,
    /// First day (owner's zone), inclusive, of when the session was asked for.
    pub from: Option<chrono::NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<chrono::NaiveDate>,
    /// `pending`, `charging`, `stopping`, `completed` or `failed`.
    pub status: Option<String>,
    /// A session id's start, part of a charger id, or a card's or tag's last four.
    pub q: Option<String>,
    /// From 1 (default 1).
    pub page: Option<u32>,
    /// 1–200 (default 50).
    pub per_page: Option<u32>,
}

/// A session at one of the owner's sites: what its receipt shows, no more of the driver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerSessionView {
    pub id: String,
    pub site_id: String,
    pub site_name: String,
    pub charger_id: String,
    pub connector_id: i64,
    pub status: String,
    pub requested_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    #[serde(with = "rust_decimal::serde::str_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub energy_kwh: Option<Decimal>,
    /// What was paid, incl. VAT, when a payment was taken.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    pub payment_state: Option<String>,
    /// The receipt's "Visa ···· 4242", or the RFID tag's last four.
    pub paid_with: Option<String>,
}

/// A page of the owner's sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerSessionPage {
    pub owner_id: String,
    pub page: u32,
    pub per_page: u32,
    /// How many sessions match in all.
    pub total: i64,
    pub sessions: Vec<OwnerSessionView>,
}

/// A connector's last reported status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerConnector {
    pub connector_id: i64,
    /// As the charger last reported it (`available`, `charging`, `faulted`, …).
    pub status: String,
}

/// A charger at one of the owner's sites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerCharger {
    pub id: String,
    /// Connected to the platform now.
    pub online: bool,
    pub connectors: Vec<OwnerConnector>,
    /// Uptime and utilisation over the overview's usage period.
    pub usage: UsageView,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerSite {
    pub id: String,
    pub name: String,
    pub city: String,
    pub chargers: Vec<OwnerCharger>,
    /// The chargers' connector time added up.
    pub usage: UsageView,
}

/// Uptime and utilisation (core's `owner_usage`): shares 0–1 of connector time known (up +
/// down); utilisation is the time a car was plugged in. `None`: nothing known.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageView {
    pub uptime: Option<f64>,
    pub utilisation: Option<f64>,
    pub up_seconds: i64,
    pub down_seconds: i64,
    pub unknown_seconds: i64,
    pub occupied_seconds: i64,
}

/// One site's revenue in one month of the owner's zone, incl. VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevenueMonthView {
    /// `YYYY-MM`.
    pub month: String,
    pub site_id: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub incl_vat: Decimal,
    pub sessions: u32,
}

/// The owner's support figures for this month (core's SLA month report over their sites).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerSlaFigures {
    /// `YYYY-MM`, in the owner's zone.
    pub month: String,
    /// Cases about their sites this month, and how many are open now.
    pub cases: u32,
    pub open: u32,
    /// Cases whose SLA outcome is known, and how many were within it.
    pub evaluated: u32,
    pub within_sla: u32,
    pub share_within_sla_percent: Option<f64>,
    /// Deadlines missed this month.
    pub breaches: u32,
}

/// One site's revenue on one day, incl. VAT (refunds subtracted on their day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevenueDayView {
    pub date: chrono::NaiveDate,
    pub site_id: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub incl_vat: Decimal,
    /// Payments taken that day.
    pub sessions: u32,
}

/// `GET /api/v1/owners/{owner}/overview`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerOverview {
    pub owner_id: String,
    pub owner_name: String,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub sites: Vec<OwnerSite>,
    pub revenue: Vec<RevenueDayView>,
    /// The currency of the revenue (the payments'; `None` when there were none).
    pub currency: Option<String>,
    /// Support cases about the owner's sites that are not closed.
    pub open_cases: i64,
    /// `from..=to`'s revenue per site and month.
    pub revenue_months: Vec<RevenueMonthView>,
    /// The usage figures' period: `this_month`, `last_7_days` or `last_30_days`, and its bounds.
    pub usage_period: String,
    pub usage_from: DateTime<Utc>,
    pub usage_to: DateTime<Utc>,
    /// All the owner's chargers together.
    pub usage: UsageView,
    pub sla: OwnerSlaFigures,
}
