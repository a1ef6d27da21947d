//! A bounding box of the map, `west,south,east,north` in decimal degrees, checked.
//!
//! **Decisions.** A box that crosses the antimeridian (west > east) is refused with a
//! message saying to split it at ±180°: no charger we serve is near it, and a client that
//! pans there can send two boxes. A box may span at most 30° of latitude and 60° of
//! longitude (about the Nordic countries at once): a wider view asks for clusters, not
//! chargers.

use serde::{Deserialize, Serialize};

use crate::geo::GeoPoint;

/// The widest box served, degrees of latitude and of longitude.
pub const MAX_SPAN_LAT: f64 = 30.0;
pub const MAX_SPAN_LON: f64 = 60.0;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BoundingBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

/// Why a box was refused; each names the parameter `bbox`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BoxError {
    #[error("bbox: give four numbers west,south,east,north (decimal degrees), got {0:?}")]
    Format(String),
    #[error("bbox: latitude {0} is outside -90..=90")]
    Latitude(f64),
    #[error("bbox: longitude {0} is outside -180..=180")]
    Longitude(f64),
    #[error("bbox: south {south} is north of north {north} (inverted box)")]
    Inverted { south: f64, north: f64 },
    #[error("bbox: west {west} is east of east {east}: a box across the antimeridian; send two boxes split at ±180")]
    CrossesAntimeridian { west: f64, east: f64 },
    #[error("bbox: {lat:.1}° × {lon:.1}° is larger than allowed ({MAX_SPAN_LAT}° of latitude × {MAX_SPAN_LON}° of longitude); zoom in")]
    TooLarge { lat: f64, lon: f64 },
}

impl BoundingBox {
    pub fn new(west: f64, south: f64, east: f64, north: f64) -> Result<Self, BoxError> {
        for lat in [south, north] {
            if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
                return Err(BoxError::Latitude(lat));
            }
        }
        for lon in [west, east] {
            if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
                return Err(BoxError::Longitude(lon));
            }
        }
        if south > north {
            return Err(BoxError::Inverted { south, north });
        }
        if west > east {
            return Err(BoxError::CrossesAntimeridian { west, east });
        }
        let (lat, lon) = (north - south, east - west);
        if lat > MAX_SPAN_LAT || lon > MAX_SPAN_LON {
            return Err(BoxError::TooLarge { lat, lon });
        }
        Ok(Self {
            west,
            south,
            east,
            north,
        })
    }

    /// `west,south,east,north`, as in a URL.
    pub fn parse(raw: &str) -> Result<Self, BoxError> {
        let numbers: Vec<f64> = raw
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| BoxError::Format(raw.to_owned()))?;
        match numbers[..] {
            [w, s, e, n] => Self::new(w, s, e, n),
            _ => Err(BoxError::Format(raw.to_owned())),
        }
    }

    pub fn contains(&self, p: &GeoPoint) -> bool {
        (self.south..=self.north).contains(&p.lat) && (self.west..=self.east).contains(&p.lon)
    }

    pub fn center(&self) -> GeoPoint {
        GeoPoint {
            lat: (self.south + self.north) / 2.0,
            lon: (self.west + self.east) / 2.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_box_is_accepted_and_contains_its_centre() {
        let oslo = BoundingBox::parse("10.6,59.85,10.9,59.97").unwrap();
        assert!(oslo.contains(&oslo.center()));
        assert!(!oslo.contains(&GeoPoint { lat: 60.39, lon: 5.32 }));
    }

    #[test]
    fn bad_boxes_say_what_is_wrong() {
        assert!(matches!(BoundingBox::parse("1,2,3"), Err(BoxError::Format(_))));
        assert!(matches!(BoundingBox::parse("a,2,3,4"), Err(BoxError::Format(_))));
        assert_eq!(
            BoundingBox::parse("0,60,1,59"),
            Err(BoxError::Inverted {
                south: 60.0,
                north: 59.0
            })
        );
        assert_eq!(
            BoundingBox::parse("179,0,-179,1"),
            Err(BoxError::CrossesAntimeridian {
                west: 179.0,
                east: -179.0
            })
        );
        assert_eq!(BoundingBox::parse("0,91,1,92"), Err(BoxError::Latitude(91.0)));
        assert_eq!(BoundingBox::parse("-181,0,1,1"), Err(BoxError::Longitude(-181.0)));
        assert!(matches!(
            BoundingBox::parse("-100,0,100,10"),
            Err(BoxError::TooLarge { .. })
        ));
        assert!(matches!(BoundingBox::parse("0,NaN,1,1"), Err(BoxError::Latitude(_))));
    }
}
