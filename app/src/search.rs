//! What the driver searches for, kept in the list's URL query so a link or a reload keeps
//! it: the place (`place`, `lat`, `lon`), the filters (`connector`, `min_power_kw`,
//! `available`, `max_price`, the API's own parameter names and values, and
//! `favourites=only`, which the list asks the API for as `ids`), the map's box (`bbox`) and
//! whether the list or the map shows (`view=map`). Pure: read from and written to query
//! pairs; anything unreadable in a URL is left out rather than refused.

use ladeklar_api::ConnectorStandard;

use crate::state::{preset_places, Place, PlaceName};

/// The plugs a driver can filter on, in the order the chips show them.
pub const PLUGS: [ConnectorStandard; 3] = [
    ConnectorStandard::Type2,
    ConnectorStandard::Ccs2,
    ConnectorStandard::Chademo,
];
/// The minimum powers offered, kW.
pub const MIN_POWERS: [u32; 5] = [11, 22, 50, 150, 250];
/// The maximum prices offered for the driver's estimated session, in the charger's currency.
pub const MAX_PRICES: [u32; 6] = [75, 100, 150, 200, 300, 500];

/// The filters both the list and the map apply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Only chargers with one of these plugs; empty means any.
    pub plugs: Vec<ConnectorStandard>,
    pub min_power_kw: Option<u32>,
    pub available: bool,
    /// At most this estimate for the default session (core's `finder::price`).
    pub max_price: Option<u32>,
    /// Only the driver's favourites.
    pub favourites: bool,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.plugs.is_empty()
            && self.min_power_kw.is_none()
            && !self.available
            && self.max_price.is_none()
            && !self.favourites
    }

    /// The plug on or off, keeping the chips' order.
    pub fn toggle_plug(&mut self, plug: ConnectorStandard) {
        if self.plugs.contains(&plug) {
            self.plugs.retain(|p| *p != plug);
        } else {
            self.plugs = PLUGS
                .iter()
                .copied()
                .filter(|p| *p == plug || self.plugs.contains(p))
                .collect();
        }
    }

    /// The API's query pairs for these filters.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.plugs.is_empty() {
            let names: Vec<&str> = self.plugs.iter().map(|p| plug_name(*p)).collect();
            pairs.push(("connector", names.join(",")));
        }
        if let Some(kw) = self.min_power_kw {
            pairs.push(("min_power_kw", kw.to_string()));
        }
        if self.available {
            pairs.push(("available", "true".to_string()));
        }
        if let Some(price) = self.max_price {
            pairs.push(("max_price", price.to_string()));
        }
        pairs
    }

    /// The URL's pairs: the API's, and `favourites=only`.
    pub fn url_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.pairs();
        if self.favourites {
            pairs.push(("favourites", "only".to_string()));
        }
        pairs
    }
}

/// The API's name of a plug.
pub fn plug_name(plug: ConnectorStandard) -> &'static str {
    match plug {
        ConnectorStandard::Type2 => "type2",
        ConnectorStandard::Ccs2 => "ccs2",
        ConnectorStandard::Chademo => "chademo",
    }
}

fn plug_from_name(name: &str) -> Option<ConnectorStandard> {
    PLUGS.iter().copied().find(|p| plug_name(*p) == name.trim())
}

/// Percent-encoding as the browser's `encodeURIComponent` does it (UTF-8; letters, digits
/// and `-_.!~*'()` kept), in plain Rust so it is tested natively.
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A map's box: west, south, east, north in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bbox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Bbox {
    /// Read from `west,south,east,north`; `None` unless four numbers in range, west < east
    /// and south < north (the server checks the size).
    pub fn parse(text: &str) -> Option<Bbox> {
        let numbers: Vec<f64> = text
            .split(',')
            .map(|n| n.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .ok()?;
        let [west, south, east, north] = numbers.as_slice() else {
            return None;
        };
        let lon_ok = |v: f64| (-180.0..=180.0).contains(&v);
        let lat_ok = |v: f64| (-90.0..=90.0).contains(&v);
        (lon_ok(*west) && lon_ok(*east) && lat_ok(*south) && lat_ok(*north) && west < east && south < north).then_some(
            Bbox {
                west: *west,
                south: *south,
                east: *east,
                north: *north,
            },
        )
    }

    pub fn text(&self) -> String {
        format!("{:.5},{:.5},{:.5},{:.5}", self.west, self.south, self.east, self.north)
    }
}

/// List or map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    List,
    Map,
}

/// Everything the list's URL says.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub place: Place,
    pub filters: Filters,
    /// The map's box, when the map was moved: the list then shows the chargers in it.
    pub bbox: Option<Bbox>,
    pub view: View,
}

/// Oslo, where the list starts.
pub fn default_place() -> Place {
    Place::new(PlaceName::City("Oslo"), 59.9139, 10.7522)
}

impl Search {
    /// Read from the URL's query; `get` gives a parameter's value.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Search {
        let number = |key: &str| {
            get(key)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite())
        };
        let place = match (number("lat"), number("lon")) {
            (Some(lat), Some(lon)) if ladeklar_core::geo::GeoPoint::new(lat, lon).is_ok() => {
                let name = get("place").map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
                let label = match name.as_deref() {
                    None => PlaceName::Coords(format!("{lat:.4}, {lon:.4}")),
                    Some("here") => PlaceName::Device,
                    Some(name) => preset_places()
                        .into_iter()
                        .find_map(|p| match p.label {
                            PlaceName::City(city) if city == name => Some(PlaceName::City(city)),
                            _ => None,
                        })
                        .unwrap_or_else(|| PlaceName::Found(name.to_string())),
                };
                Place::new(label, lat, lon)
            }
            _ => default_place(),
        };
        let plugs = get("connector")
            .map(|v| {
                PLUGS
                    .iter()
                    .copied()
                    .filter(|p| v.split(',').filter_map(plug_from_name).any(|q| q == *p))
                    .collect()
            })
            .unwrap_or_default();
        let filters = Filters {
            plugs,
            min_power_kw: get("min_power_kw")
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|kw| *kw > 0),
            available: get("available").is_some_and(|v| v == "true" || v == "1"),
            max_price: get("max_price")
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|p| (1..=100_000).contains(p)),
            favourites: get("favourites").is_some_and(|v| v == "only"),
        };
        Search {
            place,
            filters,
            bbox: get("bbox").and_then(|b| Bbox::parse(&b)),
            view: if get("view").as_deref() == Some("map") {
                View::Map
            } else {
                View::List
            },
        }
    }

    /// The query pairs that say this search, in a fixed order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        match &self.place.label {
            PlaceName::City(city) => pairs.push(("place", (*city).to_string())),
            PlaceName::Found(name) => pairs.push(("place", name.clone())),
            PlaceName::Device => pairs.push(("place", "here".to_string())),
            PlaceName::Coords(_) => {}
        }
        pairs.push(("lat", format!("{:.5}", self.place.lat)));
        pairs.push(("lon", format!("{:.5}", self.place.lon)));
        pairs.extend(self.filters.url_pairs());
        if let Some(bbox) = self.bbox {
            pairs.push(("bbox", bbox.text()));
        }
        if self.view == View::Map {
            pairs.push(("view", "map".to_string()));
        }
        pairs
    }

    /// `?a=b&c=d`, each value percent-encoded by `encode`.
    pub fn query(&self, encode: impl Fn(&str) -> String) -> String {
        let parts: Vec<String> = self.pairs().iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        format!("?{}", parts.join("&"))
    }

    /// A new place: the list searches near it (the map's box is left behind).
    pub fn at(&self, place: Place) -> Search {
        Search {
            place,
            bbox: None,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn read(query: &[(&str, &str)]) -> Search {
        let map: HashMap<String, String> = query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Search::from_query(|k| map.get(k).cloned())
    }

    #[test]
    fn an_empty_query_is_oslo_with_no_filters() {
        let search = read(&[]);
        assert_eq!(search.place, default_place());
        assert!(search.filters.is_empty());
        assert_eq!(search.view, View::List);
        assert_eq!(search.bbox, None);
    }

    #[test]
    fn a_search_survives_its_own_query() {
        let search = Search {
            place: Place::new(PlaceName::Found("Tromsø".into()), 69.6496, 18.956),
            filters: Filters {
                plugs: vec![ConnectorStandard::Ccs2, ConnectorStandard::Chademo],
                min_power_kw: Some(50),
                available: true,
                max_price: Some(150),
                favourites: true,
            },
            bbox: Bbox::parse("10.5,59.8,10.9,60.0"),
            view: View::Map,
        };
        let pairs = search.pairs();
        let back = read(&pairs.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());
        assert_eq!(back, search);
        assert!(pairs.contains(&("connector", "ccs2,chademo".to_string())));
        assert!(pairs.contains(&("max_price", "150".to_string())));
        assert!(pairs.contains(&("favourites", "only".to_string())));
        assert!(
            !search.filters.pairs().iter().any(|(k, _)| *k == "favourites"),
            "the API is asked for ids instead"
        );
    }

    #[test]
    fn preset_cities_device_and_coordinates_keep_their_names() {
        assert_eq!(
            read(&[("place", "Bergen"), ("lat", "60.39"), ("lon", "5.32")])
                .place
                .label,
            PlaceName::City("Bergen")
        );
        assert_eq!(
            read(&[("place", "here"), ("lat", "60"), ("lon", "5")]).place.label,
            PlaceName::Device
        );
        assert_eq!(
            read(&[("lat", "60"), ("lon", "5")]).place.label,
            PlaceName::Coords("60.0000, 5.0000".into())
        );
    }

    #[test]
    fn unreadable_values_are_left_out() {
        let search = read(&[
            ("lat", "95"),
            ("lon", "x"),
            ("connector", "type2,tesla"),
            ("min_power_kw", "-5"),
            ("available", "maybe"),
            ("bbox", "11,60,10,59"),
            ("max_price", "cheap"),
            ("favourites", "yes"),
        ]);
        assert_eq!(search.place, default_place());
        assert_eq!(search.filters.plugs, vec![ConnectorStandard::Type2]);
        assert_eq!(search.filters.min_power_kw, None);
        assert!(!search.filters.available);
        assert_eq!(search.filters.max_price, None);
        assert!(!search.filters.favourites);
        assert_eq!(search.bbox, None);
    }

    #[test]
    fn values_are_encoded_as_the_browser_does() {
        assert_eq!(encode_component("Tromsø, NO"), "Troms%C3%B8%2C%20NO");
        assert_eq!(encode_component("a-b_c.d!e~f*g'h(i)"), "a-b_c.d!e~f*g'h(i)");
        let search = read(&[("place", "Bodø"), ("lat", "67.28"), ("lon", "14.40")]);
        assert_eq!(
            search.query(encode_component),
            "?place=Bod%C3%B8&lat=67.28000&lon=14.40000"
        );
    }

    #[test]
    fn plugs_keep_the_chips_order() {
        let mut filters = Filters::default();
        filters.toggle_plug(ConnectorStandard::Chademo);
        filters.toggle_plug(ConnectorStandard::Type2);
        assert_eq!(
            filters.plugs,
            vec![ConnectorStandard::Type2, ConnectorStandard::Chademo]
        );
        filters.toggle_plug(ConnectorStandard::Type2);
        assert_eq!(filters.plugs, vec![ConnectorStandard::Chademo]);
    }
}
