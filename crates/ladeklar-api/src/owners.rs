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
    /// How many sessions it states.
    pub sessions: usize,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerCharger {
    pub id: String,
    /// Connected to the platform now.
    pub online: bool,
    pub connectors: Vec<OwnerConnector>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerSite {
    pub id: String,
    pub name: String,
    pub city: String,
    pub chargers: Vec<OwnerCharger>,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}
