//! Owners' prices (issue 19): the price of each of one's sites and chargers, a site's or a
//! charger's price with its history, and a new price from a chosen moment on. The form is
//! core's `tariff::price_form::PriceForm`; its problems come back per field in
//! [`crate::Problem::field_problems`] (code `invalid_price`).

use chrono::{DateTime, Utc};
use ladeklar_core::tariff::price_form::PriceForm;
use ladeklar_core::tariff::Tariff;
use serde::{Deserialize, Serialize};

/// `GET /api/v1/owner/prices`: the caller's sites (an admin's: every site), each with the
/// price in effect now and the chargers' own prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerPrices {
    pub sites: Vec<SitePrices>,
}

/// One site's price, and its chargers'.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SitePrices {
    pub site_id: String,
    pub site_name: String,
    pub city: String,
    pub owner_name: String,
    pub currency: String,
    /// The site's IANA zone (the hours of its prices are its local time).
    pub time_zone: String,
    /// The site's price in effect now.
    pub price: PriceVersionView,
    /// A change set for later, the soonest.
    pub next: Option<PriceVersionView>,
    pub chargers: Vec<ChargerPrice>,
}

/// A charger of the site: its own price in effect now, when it has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChargerPrice {
    pub charger_id: String,
    pub own_price: Option<PriceVersionView>,
}

pub use ladeklar_core::tariff::versions::VersionStatus;

/// One version of a price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceVersionView {
    /// 0: the price the site was set up with; then 1, 2, …
    pub version: i64,
    /// `None` for version 0.
    pub effective_from: Option<DateTime<Utc>>,
    /// The e-mail of whoever set it (`None`: set up by the operator).
    pub set_by: Option<String>,
    pub set_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "in_effect"))]
    pub status: VersionStatus,
    /// The price in words (AFIR order, prices incl. VAT).
    pub text: String,
    pub text_nb: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub tariff: Tariff,
}

/// `GET /api/v1/sites/{id}/price`, `GET /api/v1/chargers/{id}/price`: a price with its
/// history, ready to edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceBook {
    pub site_id: String,
    pub site_name: String,
    /// Set for a charger's own price.
    pub charger_id: Option<String>,
    pub currency: String,
    /// The site's IANA zone: window hours and `effective_from` are its local time.
    pub time_zone: String,
    /// The price new sessions get now (a charger without its own: the site's).
    pub current: PriceVersionView,
    /// The current price as the form, to start editing from; `None` when the tariff says
    /// more than the form can (it is shown in words).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub current_form: Option<PriceForm>,
    /// Every version, newest first, scheduled ones included, down to version 0. The app
    /// previews a new price against `current` with core's `pricing::preview`.
    pub history: Vec<PriceVersionView>,
}

/// `POST /api/v1/sites/{id}/price`, `POST /api/v1/chargers/{id}/price`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetPriceRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub form: PriceForm,
    /// The site's local date and time (`2026-12-01T06:00`); empty or absent: now. Never in
    /// the past.
    #[serde(default)]
    pub effective_from: Option<String>,
}
