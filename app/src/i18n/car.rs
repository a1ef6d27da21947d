//! The texts of "My car": the form, its errors (core's `CarError`, by kind and field, never
//! by its message), and the estimates made for the car ([`Lang::car`]).

use ladeklar_core::vehicle::plan::{ChargePlan, LimitedBy};
use ladeklar_core::vehicle::{CarError, CarField};

use super::Lang;

/// The fixed texts of the car form.
#[derive(Debug)]
pub struct CarTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub model: &'static str,
    pub own_values: &'static str,
    pub battery: &'static str,
    pub max_ac: &'static str,
    pub max_dc: &'static str,
    pub current: &'static str,
    pub target: &'static str,
    pub levels_hint: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub forget: &'static str,
    pub back_to_chargers: &'static str,
    pub add_car: &'static str,
    pub change: &'static str,
    pub my_car: &'static str,
    pub default_assumed: &'static str,
}

const EN: CarTexts = CarTexts {
    title: "My car",
    intro: "Estimates use your car's battery and charging power. Kept on this device only.",
    model: "Model",
    own_values: "Another car (type its values)",
    battery: "Usable battery (kWh)",
    max_ac: "Max AC charging (kW)",
    max_dc: "Max DC fast charging (kW)",
    current: "Charge now (%)",
    target: "Charge to (%)",
    levels_hint: "Leave empty to assume 20 % → 80 %.",
    save: "Save my car",
    saved: "Saved. Every estimate now uses your car.",
    forget: "Forget my car",
    back_to_chargers: "Back to chargers",
    add_car: "Add your car for an estimate that fits it",
    change: "Change",
    my_car: "My car",
    default_assumed: "Estimates assume 30 kWh.",
};

const NB: CarTexts = CarTexts {
    title: "Bilen min",
    intro: "Anslagene bruker bilens batteri og ladeeffekt. Lagres bare på denne enheten.",
    model: "Modell",
    own_values: "En annen bil (skriv inn verdiene)",
    battery: "Brukbart batteri (kWh)",
    max_ac: "Maks AC-lading (kW)",
    max_dc: "Maks DC-hurtiglading (kW)",
    current: "Ladenivå nå (%)",
    target: "Lad til (%)",
    levels_hint: "La stå tomt for å anta 20 % → 80 %.",
    save: "Lagre bilen",
    saved: "Lagret. Alle anslag bruker nå bilen din.",
    forget: "Glem bilen",
    back_to_chargers: "Tilbake til ladere",
    add_car: "Legg inn bilen din for et anslag som passer den",
    change: "Endre",
    my_car: "Bilen min",
    default_assumed: "Anslagene antar 30 kWh.",
};

impl Lang {
    pub fn car(self) -> &'static CarTexts {
        match self {
            Lang::En => &EN,
            Lang::Nb => &NB,
        }
    }

    /// A problem with one of the car's values, in words.
    pub fn car_error(self, error: &CarError) -> String {
        let en = self == Lang::En;
        let field = |f: CarField| match (f, en) {
            (CarField::BatteryKwh, true) => "The battery",
            (CarField::BatteryKwh, false) => "Batteriet",
            (CarField::MaxAcKw, true) => "AC power",
            (CarField::MaxAcKw, false) => "AC-effekten",
            (CarField::MaxDcKw, true) => "DC power",
            (CarField::MaxDcKw, false) => "DC-effekten",
            (CarField::CurrentPct, true) => "The charge now",
            (CarField::CurrentPct, false) => "Ladenivået nå",
            (CarField::TargetPct, true) => "The target",
            (CarField::TargetPct, false) => "Målet",
        };
        let unit = |f: CarField| match f {
            CarField::BatteryKwh => "kWh",
            CarField::MaxAcKw | CarField::MaxDcKw => "kW",
            CarField::CurrentPct | CarField::TargetPct => "%",
        };
        match (error, en) {
            (CarError::Missing { field: f }, true) => format!("{} is needed.", field(*f)),
            (CarError::Missing { field: f }, false) => format!("{} må fylles ut.", field(*f)),
            (CarError::NotANumber { field: f }, true) => format!("{} must be a number.", field(*f)),
            (CarError::NotANumber { field: f }, false) => format!("{} må være et tall.", field(*f)),
            (CarError::OutOfRange { field: f, min, max }, true) => {
                format!("{} must be between {min} and {max} {}.", field(*f), unit(*f))
            }
            (CarError::OutOfRange { field: f, min, max }, false) => {
                format!("{} må være mellom {min} og {max} {}.", field(*f), unit(*f))
            }
            (CarError::TargetNotAboveCurrent { current, .. }, true) => {
                format!("The target must be above the charge now ({current} %).")
            }
            (CarError::TargetNotAboveCurrent { current, .. }, false) => {
                format!("Målet må være over ladenivået nå ({current} %).")
            }
            (CarError::Unreadable { .. }, true) => "The car could not be read.".into(),
            (CarError::Unreadable { .. }, false) => "Bilen kunne ikke leses.".into(),
        }
    }

    /// What the car's estimate assumed: "Tesla Model 3 from 20 % to 80 % (assumed): 45 kWh at
    /// 11 kW (the car's limit), slower above 80 %". `name` and amounts already formatted.
    pub fn car_assumed(self, name: &str, plan: &ChargePlan, kwh: &str, kw: &str) -> String {
        let en = self == Lang::En;
        let assumed = if plan.current_assumed || plan.target_assumed {
            if en {
                " (assumed)"
            } else {
                " (antatt)"
            }
        } else {
            ""
        };
        let limit = match (plan.limited_by, en) {
            (LimitedBy::Car, true) => "the car's limit",
            (LimitedBy::Car, false) => "bilens grense",
            (LimitedBy::Connector, true) => "the charger's limit",
            (LimitedBy::Connector, false) => "laderens grense",
        };
        let taper = match (plan.tapered, en) {
            (true, true) => ", half the power above 80 %",
            (true, false) => ", halv effekt over 80 %",
            (false, _) => "",
        };
        let (from, to) = (plan.from_pct, plan.to_pct);
        if en {
            format!("{name} from {from} % to {to} %{assumed}: {kwh} at {kw} ({limit}){taper}")
        } else {
            format!("{name} fra {from} % til {to} %{assumed}: {kwh} med {kw} ({limit}){taper}")
        }
    }

    /// The car's estimate before start: "About 160 kr to charge your car (140 kr–180 kr,
    /// about 4 h 5 min)".
    pub fn car_estimate(self, expected: &str, range: Option<&str>, duration: &str) -> String {
        let range = range.map(|r| format!("{r}, ")).unwrap_or_default();
        match self {
            Lang::En => format!("About {expected} to charge your car if you start now ({range}about {duration})"),
            Lang::Nb => format!("Ca. {expected} for å lade bilen din hvis du starter nå ({range}ca. {duration})"),
        }
    }

    /// The list card's estimate for the car: "About 160 kr for your car (45 kWh, about 4 h)".
    pub fn car_estimate_short(self, amount: &str, kwh: u32, duration: Option<&str>) -> String {
        let duration = duration.map(|d| format!(", {} {d}", if self == Lang::En { "about" } else { "ca." }));
        let duration = duration.unwrap_or_default();
        match self {
            Lang::En => format!("About {amount} for your car ({kwh} kWh{duration})"),
            Lang::Nb => format!("Omtrent {amount} for bilen din ({kwh} kWh{duration})"),
        }
    }

    /// "Your car: Tesla Model 3 Long Range, 20 % → 80 %" / typed values: "75 kWh".
    pub fn car_line(self, name: &str, from: u8, to: u8) -> String {
        match self {
            Lang::En => format!("{}: {name}, {from} % → {to} %", EN.my_car),
            Lang::Nb => format!("{}: {name}, {from} % → {to} %", NB.my_car),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ladeklar_core::vehicle::CarForm;

    #[test]
    fn every_problem_reads_in_both_languages() {
        let form = CarForm {
            battery_kwh: "0".into(),
            max_ac_kw: "x".into(),
            max_dc_kw: String::new(),
            current_pct: "50".into(),
            target_pct: "40".into(),
            ..CarForm::default()
        };
        let errors = form.check().unwrap_err();
        let en: Vec<String> = errors.iter().map(|e| Lang::En.car_error(e)).collect();
        assert_eq!(
            en,
            vec![
                "The battery must be between 10 and 250 kWh.",
                "AC power must be a number.",
                "DC power is needed.",
                "The target must be above the charge now (50 %).",
            ]
        );
        assert_eq!(
            Lang::Nb.car_error(&errors[0]),
            "Batteriet må være mellom 10 og 250 kWh."
        );
    }
}
