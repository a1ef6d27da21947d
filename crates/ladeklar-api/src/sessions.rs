//! Charging sessions: start, follow live, stop, receipt.

use chrono::{DateTime, Utc};
use ladeklar_core::money::Price;
use ladeklar_core::pricing::MeterSample;
use ladeklar_core::session::SessionStatus;
use ladeklar_core::tariff::{Tariff, TariffDimensionType};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /api/v1/sessions`: start charging on a connector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StartSessionRequest {
    pub charger_id: String,
    pub connector_id: u32,
    // No id tag: the server issues the session's own (`APP…`). A client never chooses the tag
    // the charger is told to authorise, and a body naming one is refused (unknown field).
    /// How the session is paid; required when the server takes payment
    /// (`GET /api/v1/payments/config`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<crate::payments::StartPayment>,
}

/// A session as the driver follows it. Pushed as the `session` event on
/// `GET /api/v1/sessions/{id}/live` (Server-Sent Events) whenever it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub id: Uuid,
    pub charger_id: String,
    pub connector_id: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "charging"))]
    pub status: SessionStatus,
    /// When the driver asked to start.
    pub requested_at: DateTime<Utc>,
    /// StartTransaction's timestamp.
    pub started_at: Option<DateTime<Utc>>,
    /// StopTransaction's timestamp.
    pub stopped_at: Option<DateTime<Utc>>,
    /// OCPP transaction id.
    pub transaction_id: Option<i32>,
    /// Energy delivered so far, kWh.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12.345"))]
    pub energy_kwh: Decimal,
    /// Power at the last meter value, kW.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "49.8"))]
    pub power_kw: Decimal,
    /// Time of the last meter value (or the start).
    pub last_meter_at: Option<DateTime<Utc>>,
    /// Running cost up to `last_meter_at` (final cost once completed), priced by ladeklar-core.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub cost: Price,
    pub currency: String,
    /// Meter readings since start, for the app to price the running cost itself.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub meter_samples: Vec<MeterSample>,
    /// The tariff the session is priced with (fixed at start).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub tariff: Tariff,
    /// The site's IANA time zone.
    pub time_zone: String,
    /// Why the session failed, when it did.
    pub failure_reason: Option<String>,
    /// OCPP StopTransaction reason, when stopped.
    pub stop_reason: Option<String>,
    /// Where the driver is in the session (core's `session_step`, from the session's status
    /// and its connector's last status).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "waiting_for_car"))]
    pub step: Option<ladeklar_core::session_step::SessionStep>,
    /// The connector's last status as its charger reported it, for the app to follow the
    /// step as time passes (core's `session_step::step_at`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "SuspendedEV"))]
    pub connector_status: Option<ladeklar_core::session::ConnectorStatus>,
    /// How the session is paid, when it is (only to the payer and staff).
    #[serde(default)]
    pub payment: Option<crate::payments::PaymentView>,
}

/// What changed in a session since the last event of its live stream: pushed as the
/// `update` event on `GET /api/v1/sessions/{id}/live` after the first `session` event (a
/// whole [`SessionView`]). It carries only the new meter samples, never the tariff or the
/// samples sent before; the app prices the running cost itself with ladeklar-core.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionUpdate {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "charging"))]
    pub status: SessionStatus,
    pub started_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    pub transaction_id: Option<i32>,
    /// Meter samples stored since the previous event, in time order.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub new_samples: Vec<MeterSample>,
    /// Power at the newest sample, kW (0 once the transaction is over); absent: unchanged.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "49.8"))]
    pub power_kw: Option<Decimal>,
    /// The final cost, once the session is completed.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub cost: Option<Price>,
    pub failure_reason: Option<String>,
    pub stop_reason: Option<String>,
    /// Where the driver is in the session (core's `session_step`, from the session's status
    /// and its connector's last status).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "waiting_for_car"))]
    pub step: Option<ladeklar_core::session_step::SessionStep>,
    /// The connector's last status as its charger reported it, for the app to follow the
    /// step as time passes (core's `session_step::step_at`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "SuspendedEV"))]
    pub connector_status: Option<ladeklar_core::session::ConnectorStatus>,
}

/// One line of a receipt: a tariff dimension's billed quantity and cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptLine {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "ENERGY"))]
    pub dimension: TariffDimensionType,
    /// What the line is, in words ("Energy 12.345 kWh").
    pub description: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub quantity: Decimal,
    /// `kWh`, `h` or `session`.
    pub unit: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub cost: Price,
    /// The price per unit the line was billed at; several when the price changed during the
    /// session (a time-of-day tariff), in the order they applied.
    #[serde(default)]
    pub unit_prices: Vec<UnitPriceView>,
}

/// A price per `unit` (kWh, hour or session).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitPriceView {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "3.36"))]
    pub excl_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "4.2"))]
    pub incl_vat: Decimal,
    /// Percent; absent when the tariff charges no VAT.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "25"))]
    pub vat_percent: Option<Decimal>,
}

/// `GET /api/v1/sessions/{id}/receipt`: a completed session's priced statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub session_id: Uuid,
    pub charger_id: String,
    pub connector_id: u32,
    pub site_name: String,
    pub address: String,
    pub started_at: DateTime<Utc>,
    pub stopped_at: DateTime<Utc>,
    pub duration_s: i64,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub energy_kwh: Decimal,
    pub currency: String,
    pub lines: Vec<ReceiptLine>,
    /// Total excluding VAT, VAT, and total including VAT.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total_excl_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total_incl_vat: Decimal,
    /// The tariff in words as shown before the start.
    pub price_text: String,
    /// The meter readings failed a sanity check: the amounts are for review, not billed.
    #[serde(default)]
    pub held_from_billing: bool,
    /// Why, in words (empty when not held).
    #[serde(default)]
    pub meter_anomalies: Vec<String>,
    /// How it was paid, when it was.
    #[serde(default)]
    pub payment: Option<crate::payments::PaymentView>,
    /// `LK-<stop date>-<8 hex digits of the session id>`.
    #[serde(default)]
    pub receipt_number: String,
    /// The seller: the site's owner, for whom Ladeklar issues the receipt (self-billing).
    #[serde(default)]
    pub seller: String,
    /// VAT per rate.
    #[serde(default)]
    pub vat_lines: Vec<VatLineView>,
}

/// VAT at one rate on a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VatLineView {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "25"))]
    pub rate_percent: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub excl_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub vat: Decimal,
}

/// `GET /api/v1/account/sessions`: the caller's sessions, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionHistory {
    pub sessions: Vec<HistoryEntry>,
}

/// One session in a driver's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub id: Uuid,
    pub charger_id: String,
    pub site_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "completed"))]
    pub status: SessionStatus,
    pub requested_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub energy_kwh: Option<Decimal>,
    /// The priced total incl. VAT, once completed.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub total_incl_vat: Option<Decimal>,
    pub currency: Option<String>,
    /// What was paid, when it was.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub paid: Option<Decimal>,
    /// The payment's state (`captured`, `debt`, …), when the session has a payment.
    pub payment_state: Option<String>,
    /// `visa ···· 4242`, when paid by card.
    pub payment_method: Option<String>,
    /// The site's IANA time zone, for showing the times as the site's.
    #[serde(default)]
    pub time_zone: String,
}

/// The filters of `GET /api/v1/account/sessions`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// First day (`2026-11-01`, UTC), inclusive; default: a year ago.
    pub from: Option<chrono::NaiveDate>,
    /// Last day, inclusive; default: today.
    pub to: Option<chrono::NaiveDate>,
    /// `json` (the default) or `csv` (a download).
    pub format: Option<HistoryFormat>,
    /// A plain download link's bearer token (the shells): read by authentication, not a
    /// filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HistoryFormat {
    Json,
    Csv,
}
