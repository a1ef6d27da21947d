//! Texts with values for the chargers near a place: the place's name, the heading, a
//! charger's name and how many of its connectors are free.

use super::Lang;
use crate::state::PlaceName;

impl Lang {
    pub fn place_name(self, name: &PlaceName) -> String {
        match name {
            PlaceName::City(city) => self.city(city).to_string(),
            PlaceName::Device => self.t().your_location.to_string(),
            PlaceName::Coords(text) | PlaceName::Found(text) => text.clone(),
        }
    }

    /// A preset city's name; the English name is its key.
    pub fn city(self, city: &'static str) -> &'static str {
        match (self, city) {
            (Lang::Nb, "Gothenburg") => "Göteborg",
            _ => city,
        }
    }

    pub fn chargers_near(self, place: &str) -> String {
        match self {
            Lang::En => format!("Chargers near {place}"),
            Lang::Nb => format!("Ladere i nærheten av {place}"),
        }
    }

    pub fn charger_n(self, id: &str) -> String {
        format!("{} {id}", self.t().charger)
    }

    pub fn free_of(self, free: usize, total: usize) -> String {
        match self {
            Lang::En => format!("{free} of {total} free"),
            Lang::Nb => format!("{free} av {total} ledige"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_reads_norwegian() {
        let nb = Lang::Nb;
        assert_eq!(nb.chargers_near("Oslo"), "Ladere i nærheten av Oslo");
        assert_eq!(nb.place_name(&PlaceName::City("Gothenburg")), "Göteborg");
        assert_eq!(nb.place_name(&PlaceName::Device), "din posisjon");
    }

    #[test]
    fn english_keeps_its_words() {
        let en = Lang::En;
        assert_eq!(en.chargers_near("Bergen"), "Chargers near Bergen");
        assert_eq!(en.place_name(&PlaceName::Device), "your location");
    }
}
