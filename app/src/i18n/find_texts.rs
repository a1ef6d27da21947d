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
    pub favourites_only: &'static str,
    pub star: &'static str,
    pub unstar: &'static str,
    pub no_favourites: &'static str,
    pub max_price: &'static str,
    pub any_price: &'static str,
    pub offline_saved: &'static str,
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
    favourites_only: "Favourites only",
    star: "Add to favourites",
    unstar: "Remove from favourites",
    no_favourites: "No favourites yet. Tap ☆ on a charger to keep it here.",
    max_price: "Maximum price for 30 kWh",
    any_price: "Any price",
    offline_saved: "The server cannot be reached: showing the chargers saved on this device.",
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
    favourites_only: "Bare favoritter",
    star: "Legg til i favoritter",
    unstar: "Fjern fra favoritter",
    no_favourites: "Ingen favoritter ennå. Trykk ☆ på en lader for å samle den her.",
    max_price: "Høyeste pris for 30 kWh",
    any_price: "Alle priser",
    offline_saved: "Serveren svarer ikke: viser laderne som er lagret på denne enheten.",
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

    /// A maximum price choice, e.g. "150 kr or less".
    pub fn at_most_kr(self, kr: u32) -> String {
        match self {
            Lang::En => format!("{kr} kr or less"),
            Lang::Nb => format!("{kr} kr eller mindre"),
        }
    }

    /// The card's estimate: "About 112 kr for 30 kWh".
    pub fn estimate_short(self, amount: &str, kwh: u32) -> String {
        match self {
            Lang::En => format!("About {amount} for {kwh} kWh"),
            Lang::Nb => format!("Omtrent {amount} for {kwh} kWh"),
        }
    }

    /// When saved chargers are shown: "As of 10:32 CET".
    pub fn as_of(self, time: &str) -> String {
        match self {
            Lang::En => format!("As of {time}"),
            Lang::Nb => format!("Per {time}"),
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
        assert_eq!(Lang::Nb.at_most_kr(150), "150 kr eller mindre");
        assert_eq!(Lang::En.estimate_short("112 kr", 30), "About 112 kr for 30 kWh");
        assert_eq!(Lang::Nb.as_of("10:32 CET"), "Per 10:32 CET");
    }
}
