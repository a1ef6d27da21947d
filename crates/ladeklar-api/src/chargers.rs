//! Finding chargers: summaries near a point and one charger's detail.

use chrono::{DateTime, Utc};
use ladeklar_core::session::ConnectorStatus;
use ladeklar_core::tariff::Tariff;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `GET /api/v1/chargers?lat=..&lon=..&limit=..` query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct NearQuery {
    /// Latitude in decimal degrees (-90..=90): with `lon`, the chargers nearest this point.
    pub lat: Option<f64>,
    /// Longitude in decimal degrees (-180..=180).
    pub lon: Option<f64>,
    /// Instead of a point: the chargers in this box, `west,south,east,north` in decimal
    /// degrees (at most 30° × 60°; not across the antimeridian), nearest its centre first.
    pub bbox: Option<String>,
    /// Only chargers with one of these plugs: comma-separated `type2`, `ccs2`, `chademo`.
    pub connector: Option<String>,
    /// Only chargers with a connector of at least this power, kW.
    pub min_power_kw: Option<f64>,
    /// Only chargers online with a connector Available now.
    pub available: Option<bool>,
    /// Only chargers whose estimated default session (`estimate`: 30 kWh at the charger's
    /// strongest connector, starting now, incl. VAT) costs at most this much, in the
    /// charger's currency (0..=100000). A charger whose tariff cannot be priced is left out.
    pub max_price: Option<f64>,
    /// Only these chargers (comma-separated ids, 1..=100; a driver's favourites), nearest
    /// the point or the box's centre first; unknown ids are left out and `limit` does not
    /// apply. The other filters still do.
    pub ids: Option<String>,
    /// The driver's car (`battery_kwh,max_ac_kw,max_dc_kw,current_pct,target_pct`, the
    /// levels may be empty: `75,11,250,,`; core's `vehicle::MyCar::to_query`): each
    /// `estimate` is then this car's charge at the connector where it charges fastest. The
    /// `max_price` filter still compares the default session.
    pub car: Option<String>,
    /// How many chargers to return: near a point 1..=100 (default 20), in a box 1..=2000
    /// (default 500; `more` says when the box held more).
    pub limit: Option<u32>,
}

/// `GET /api/v1/places?q=`: places by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PlaceQuery {
    /// The start of the place's name, in any case, with or without diacritics.
    pub q: String,
    /// How many places (1..=20, default 8).
    pub limit: Option<u32>,
}

/// One place: a city or town.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceView {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// `GET /api/v1/places`: best match first (a match on the name before one on another
/// spelling, then the bigger place). Data: GeoNames (CC BY 4.0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceMatches {
    pub places: Vec<PlaceView>,
}

/// Connector plug standard (OCPI `ConnectorType`, the ones we carry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConnectorStandard {
    /// IEC 62196 Type 2 (AC).
    Type2,
    /// CCS Combo 2 (DC).
    Ccs2,
    /// CHAdeMO (DC).
    Chademo,
}

/// AC or DC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PowerType {
    Ac,
    Dc,
}

/// One connector as the driver sees it: its plug, power and the status its charger reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorView {
    /// OCPP connector id (1-based).
    pub connector_id: u32,
    pub standard: ConnectorStandard,
    pub power_type: PowerType,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "22"))]
    pub max_power_kw: Decimal,
    /// As last reported by the charger in a StatusNotification.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "available"))]
    pub status: ConnectorStatus,
    /// OCPP ChargePointErrorCode of the last StatusNotification, when not NoError.
    pub error_code: Option<String>,
}

/// A charger in a list: where, how far, what state, what price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChargerSummary {
    /// The charge point identity (OCPP chargePointId).
    pub id: String,
    pub site_id: String,
    pub site_name: String,
    pub address: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    /// Distance from the query point in metres (only in "near" lists).
    pub distance_m: Option<f64>,
    /// Whether the charger holds an OCPP connection now.
    pub online: bool,
    /// Last message from the charger.
    pub last_heard_at: Option<DateTime<Utc>>,
    pub connectors: Vec<ConnectorView>,
    /// The price in words, English, prices incl. VAT.
    pub price_text: String,
    /// The price in words, Norwegian bokmål.
    pub price_text_nb: String,
    /// ISO 4217.
    pub currency: String,
    /// What the driver's default session here is estimated to cost (what `max_price`
    /// compares); absent when the tariff cannot price it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<SessionEstimate>,
}

/// The estimated price of a default session: `energy_kwh` at the charger's strongest
/// connector, starting now, incl. VAT.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionEstimate {
    pub energy_kwh: u32,
    /// This is the driver's car's charge (the list was asked with `car`), not the default.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub for_car: bool,
    /// The expected charging time, minutes (with `car`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "112.50"))]
    pub incl_vat: Decimal,
}

/// `GET /api/v1/chargers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChargerList {
    pub chargers: Vec<ChargerSummary>,
    /// A box held more chargers than `limit`.
    #[serde(default)]
    pub more: bool,
}

/// `GET /api/v1/chargers/{id}`: the summary plus what pricing needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChargerDetail {
    #[serde(flatten)]
    pub summary: ChargerSummary,
    /// The site's IANA time zone (tariff time windows are local to it).
    pub time_zone: String,
    pub owner_name: String,
    /// The site's OCPI 2.2.1 tariff.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub tariff: Tariff,
    pub vendor: Option<String>,
    pub model: Option<String>,
}

/// `GET /api/v1/map-config`: what the app's map draws under the chargers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapConfig {
    /// A tile layer, when the deployment has a tile server; else country outlines only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiles: Option<MapTiles>,
}

/// A tile layer for Leaflet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapTiles {
    /// A URL template with `{z}`, `{x}`, `{y}` (http(s), or a path on this server).
    pub url: String,
    /// The credit the tiles require (plain text).
    pub attribution: String,
}
