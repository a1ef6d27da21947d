//! The texts of finding a charger: filters, place search, list and map; one table per
//! language ([`Lang::f`]), so a missing translation does not compile.

use super::Lang;

#[derive(Debug)]
pub struct FindTexts {
    pub filters: &'static str,
    pub plug: &'static str,
    pub min_power: &'static str,
    pub any_power: &'static str,
    pub available_now: &'static str,
    pub clear_filters: &'static str,
    pub no_match: &'static str,
    pub find_place: &'static str,
    pub place_placeholder: &'static str,
    pub no_places: &'static str,
    pub places_failed: &'static str,
    pub places_credit: &'static str,
    pub list: &'static str,
    pub map: &'static str,
    pub list_or_map: &'static str,
    pub in_map_area: &'static str,
    pub loading_map: &'static str,
    pub map_failed: &'static str,
    pub more_than_shown: &'static str,
    pub open_charger: &'static str,
    pub available: &'static str,
    pub busy: &'static str,
    pub fault: &'static str,
    pub coordinates: &'static str,
    /// A map cluster's title: how many of its chargers are available.
    pub cluster_title: &'static str,
}

pub static EN: FindTexts = FindTexts {
    filters: "Filters",
    plug: "Plug",
    min_power: "Minimum power",
    any_power: "Any power",
    available_now: "Available now",
    clear_filters: "Clear filters",
    no_match: "No chargers match these filters.",
    find_place: "Find a place",
    place_placeholder: "City or town, e.g. Tromsø",
    no_places: "No place by that name.",
    places_failed: "Could not search for places. Type again to retry.",
    places_credit: "Places: GeoNames (CC BY 4.0)",
    list: "List",
    map: "Map",
    list_or_map: "List or map",
    in_map_area: "Chargers in the map's area",
    loading_map: "Loading the map…",
    map_failed: "The map could not load.",
    more_than_shown: "More chargers here than shown: zoom in.",
    open_charger: "Open charger",
    available: "Available",
    busy: "Busy",
    fault: "Fault",
    coordinates: "Coordinates",
    cluster_title: "{free} of {total} chargers available",
};

pub static NB: FindTexts = FindTexts {
    filters: "Filtre",
    plug: "Kontakt",
    min_power: "Minste effekt",
    any_power: "Alle effekter",
    available_now: "Ledig nå",
    clear_filters: "Fjern filtre",
    no_match: "Ingen ladere passer med disse filtrene.",
    find_place: "Finn et sted",
    place_placeholder: "By eller tettsted, f.eks. Tromsø",
    no_places: "Fant ikke noe sted med det navnet.",
    places_failed: "Kunne ikke søke etter steder. Skriv igjen for å prøve på nytt.",
    places_credit: "Steder: GeoNames (CC BY 4.0)",
    list: "Liste",
    map: "Kart",
    list_or_map: "Liste eller kart",
    in_map_area: "Ladere i kartets område",
    loading_map: "Laster kartet…",
    map_failed: "Kartet kunne ikke lastes.",
    more_than_shown: "Flere ladere her enn vist: zoom inn.",
    open_charger: "Åpne laderen",
    available: "Ledig",
    busy: "Opptatt",
    fault: "Feil",
    coordinates: "Koordinater",
    cluster_title: "{free} av {total} ladere ledige",
};

impl Lang {
    /// The texts of finding a charger.
    pub fn f(self) -> &'static FindTexts {
        match self {
            Lang::En => &EN,
            Lang::Nb => &NB,
        }
    }

    pub fn chargers_shown(self, n: usize) -> String {
        match (self, n) {
            (Lang::En, 1) => "1 charger on the map.".to_string(),
            (Lang::En, n) => format!("{n} chargers on the map."),
            (Lang::Nb, 1) => "1 lader på kartet.".to_string(),
            (Lang::Nb, n) => format!("{n} ladere på kartet."),
        }
    }

    pub fn at_least_kw(self, kw: u32) -> String {
        match self {
            Lang::En => format!("{kw} kW or more"),
            Lang::Nb => format!("{kw} kW eller mer"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_say_the_filters() {
        assert_eq!(Lang::Nb.f().available_now, "Ledig nå");
        assert_eq!(Lang::En.at_least_kw(50), "50 kW or more");
        assert_eq!(Lang::Nb.at_least_kw(150), "150 kW eller mer");
    }
}
