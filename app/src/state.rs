//! State shared by the pages: places to search from, and the list's last search.

use leptos::prelude::*;

/// A point to search chargers from, with the name the driver knows it by.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub label: PlaceName,
    pub lat: f64,
    pub lon: f64,
}

impl Place {
    pub fn new(label: PlaceName, lat: f64, lon: f64) -> Self {
        Self { label, lat, lon }
    }
}

/// What the driver calls a place; shown in the UI's language by [`crate::i18n::Lang::place_name`].
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceName {
    /// A preset city, by its English name.
    City(&'static str),
    /// Where the device is.
    Device,
    /// Typed coordinates, as shown.
    Coords(String),
    /// A place found by name (GeoNames), as the server spells it.
    Found(String),
}

/// The preset cities, north to south.
pub fn preset_places() -> Vec<Place> {
    vec![
        Place::new(PlaceName::City("Trondheim"), 63.4305, 10.3951),
        Place::new(PlaceName::City("Bergen"), 60.3913, 5.3221),
        Place::new(PlaceName::City("Oslo"), 59.9139, 10.7522),
        Place::new(PlaceName::City("Stockholm"), 59.3293, 18.0686),
        Place::new(PlaceName::City("Stavanger"), 58.9700, 5.7331),
        Place::new(PlaceName::City("Gothenburg"), 57.7089, 11.9746),
        Place::new(PlaceName::City("Malmö"), 55.6050, 13.0038),
    ]
}

/// The list's last query (`?place=..&lat=..`), so the list keeps its place and filters when
/// the driver comes back to it by a plain link to `/`.
#[derive(Debug, Clone, Copy)]
pub struct LastSearch(pub RwSignal<Option<String>>);

pub fn provide_last_search() {
    provide_context(LastSearch(RwSignal::new(None)));
}

pub fn use_last_search() -> RwSignal<Option<String>> {
    expect_context::<LastSearch>().0
}
