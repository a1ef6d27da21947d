//! Positions and great-circle distances for "chargers near me".
//!
//! Distances are for sorting and display only (never billed), so `f64` is fine here.

use serde::{Deserialize, Serialize};

/// A WGS 84 position in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

/// Why a position was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoError {
    #[error("latitude {0} is outside -90..=90")]
    Latitude(f64),
    #[error("longitude {0} is outside -180..=180")]
    Longitude(f64),
}

impl GeoPoint {
    /// A checked position: finite, latitude in -90..=90 and longitude in -180..=180.
    pub fn new(lat: f64, lon: f64) -> Result<Self, GeoError> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(GeoError::Latitude(lat));
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(GeoError::Longitude(lon));
        }
        Ok(Self { lat, lon })
    }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    pub fn distance_m(&self, other: &GeoPoint) -> f64 {
        const EARTH_RADIUS_M: f64 = 6_371_008.8;
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.lon - self.lon).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oslo_to_bergen_is_about_305_km() {
        let oslo = GeoPoint::new(59.9139, 10.7522).unwrap();
        let bergen = GeoPoint::new(60.3913, 5.3221).unwrap();
        let km = oslo.distance_m(&bergen) / 1000.0;
        assert!((300.0..310.0).contains(&km), "{km}");
    }

    #[test]
    fn refuses_out_of_range_positions() {
        assert_eq!(GeoPoint::new(91.0, 0.0), Err(GeoError::Latitude(91.0)));
        assert_eq!(GeoPoint::new(0.0, -181.0), Err(GeoError::Longitude(-181.0)));
        assert!(GeoPoint::new(f64::NAN, 0.0).is_err());
    }
}
