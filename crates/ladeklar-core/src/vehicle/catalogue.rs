//! The bundled vehicle catalogue: ~20 EVs common in the Nordics with their usable battery
//! and maximum AC and DC charging power (`data/vehicles.csv`, the makers' published
//! figures, rounded; see `data/README.md`). Small on purpose: it ships in the app's download,
//! read by a few lines of splitting rather than a JSON reader.

use std::sync::OnceLock;

use std::str::FromStr;

use rust_decimal::Decimal;

const BUILTIN: &str = include_str!("../../data/vehicles.csv");

/// One model of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueCar {
    /// Stable id, kept with the driver's choice: `tesla-model-y-lr`.
    pub id: String,
    pub make: String,
    pub model: String,
    /// Usable battery, kWh.
    pub battery_kwh: Decimal,
    /// The on-board charger's maximum, kW.
    pub max_ac_kw: Decimal,
    /// The most the car takes from a DC charger, kW.
    pub max_dc_kw: Decimal,
}

impl CatalogueCar {
    /// "Tesla Model Y Long Range".
    pub fn name(&self) -> String {
        format!("{} {}", self.make, self.model)
    }
}

/// Every model, sorted by make then model.
pub fn catalogue() -> &'static [CatalogueCar] {
    static CARS: OnceLock<Vec<CatalogueCar>> = OnceLock::new();
    CARS.get_or_init(|| {
        let mut cars: Vec<CatalogueCar> = BUILTIN.lines().filter_map(read_line).collect();
        cars.sort_by(|a, b| (&a.make, &a.model).cmp(&(&b.make, &b.model)));
        cars
    })
}

/// One line of the file; comments, blank and unreadable lines give none (the tests below
/// check that every line of the bundled file reads).
fn read_line(line: &str) -> Option<CatalogueCar> {
    if line.starts_with('#') {
        return None;
    }
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    let [id, make, model, battery, ac, dc] = fields.as_slice() else {
        return None;
    };
    Some(CatalogueCar {
        id: (*id).to_owned(),
        make: (*make).to_owned(),
        model: (*model).to_owned(),
        battery_kwh: Decimal::from_str(battery).ok()?,
        max_ac_kw: Decimal::from_str(ac).ok()?,
        max_dc_kw: Decimal::from_str(dc).ok()?,
    })
}

/// The model with this id.
pub fn find(id: &str) -> Option<&'static CatalogueCar> {
    catalogue().iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vehicle::car::{CarForm, MyCar};

    #[test]
    fn every_model_passes_the_cars_own_checks_and_ids_are_unique() {
        let cars = catalogue();
        let lines = BUILTIN
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(cars.len(), lines, "every line of data/vehicles.csv reads");
        assert!(cars.len() >= 20, "{} models", cars.len());
        let mut ids: Vec<&str> = cars.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), cars.len(), "ids are unique");
        for c in cars {
            let form = CarForm::from_catalogue(c);
            let car: MyCar = form.check().unwrap_or_else(|e| panic!("{}: {e:?}", c.id));
            assert_eq!(car.battery_kwh, c.battery_kwh);
            assert_eq!(find(&c.id), Some(c));
        }
    }
}
