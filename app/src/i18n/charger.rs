//! Texts with values for one charger: a connector's name and the price estimate before
//! start.

use super::Lang;

impl Lang {
    pub fn connector_n(self, id: u32) -> String {
        match self {
            Lang::En => format!("Connector {id}"),
            Lang::Nb => format!("Kontakt {id}"),
        }
    }

    /// The mark on the price that applies now.
    pub fn price_now(self) -> &'static str {
        match self {
            Lang::En => "now",
            Lang::Nb => "nå",
        }
    }

    /// The estimate before start: amounts and duration already formatted; `range` is
    /// "low–high" when the estimate spans one.
    pub fn estimate(self, expected: &str, kwh: u32, range: Option<&str>, duration: &str) -> String {
        match self {
            Lang::En => {
                let range = range.map(|r| format!("{r}, ")).unwrap_or_default();
                format!("About {expected} for {kwh} kWh if you start now ({range}about {duration})")
            }
            Lang::Nb => {
                let range = range.map(|r| format!("{r}, ")).unwrap_or_default();
                format!("Ca. {expected} for {kwh} kWh hvis du starter nå ({range}ca. {duration})")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_keeps_its_words() {
        let en = Lang::En;
        assert_eq!(
            en.estimate("142 kr", 30, Some("120 kr–160 kr"), "45 min"),
            "About 142 kr for 30 kWh if you start now (120 kr–160 kr, about 45 min)"
        );
    }
}
