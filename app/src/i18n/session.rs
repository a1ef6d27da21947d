//! Texts with values for a charging session and its receipt: where it charges, its status,
//! and the name of each receipt line.

use ladeklar_core::session::SessionStatus;
use ladeklar_core::session_step::SessionStep;
use ladeklar_core::tariff::TariffDimensionType;

use super::Lang;

impl Lang {
    pub fn close_word(self) -> &'static str {
        match self {
            Lang::En => "Close",
            Lang::Nb => "Lukk",
        }
    }

    /// A notification's title and body.
    pub fn driver_notice(self, notice: ladeklar_core::session_notice::DriverNotice, charger: &str) -> (String, String) {
        use ladeklar_core::session_notice::DriverNotice as N;
        let (en, nb) = match notice {
            N::Finished => (
                (
                    "Charging finished",
                    format!("{charger}: unplug the cable and drive on."),
                ),
                (
                    "Ladingen er ferdig",
                    format!("{charger}: koble fra kabelen og kjør videre."),
                ),
            ),
            N::PausedByCar => (
                (
                    "The car paused charging",
                    format!("{charger}: the car takes no energy now (full, or its own schedule)."),
                ),
                (
                    "Bilen stanset ladingen",
                    format!("{charger}: bilen tar ikke imot strøm nå (full, eller egen plan)."),
                ),
            ),
            N::StoppedByCharger => (
                (
                    "The charger stopped charging",
                    format!("{charger}: the session ended at the charger."),
                ),
                (
                    "Laderen stoppet ladingen",
                    format!("{charger}: økten ble avsluttet av laderen."),
                ),
            ),
        };
        match self {
            Lang::En => (en.0.to_string(), en.1),
            Lang::Nb => (nb.0.to_string(), nb.1),
        }
    }

    /// The banner on every screen while a session runs: "You are charging at OSLO-…-AC1 · 4.2 kWh".
    pub fn charging_banner(self, charger: &str, energy: &str) -> String {
        match self {
            Lang::En => format!("You are charging at {charger} · {energy}"),
            Lang::Nb => format!("Du lader på {charger} · {energy}"),
        }
    }

    pub fn charging_banner_open(self) -> &'static str {
        match self {
            Lang::En => "Open",
            Lang::Nb => "Åpne",
        }
    }

    /// "C1 · connector 2".
    pub fn charger_connector(self, charger_id: &str, connector_id: u32) -> String {
        match self {
            Lang::En => format!("{charger_id} · connector {connector_id}"),
            Lang::Nb => format!("{charger_id} · kontakt {connector_id}"),
        }
    }

    pub fn session_status(self, status: SessionStatus) -> &'static str {
        use SessionStatus as S;
        match self {
            Lang::En => match status {
                S::Pending => "Waiting for the charger to start…",
                S::Charging => "Charging",
                S::Stopping => "Stopping…",
                S::Completed => "Finished",
                S::Failed => "Did not start",
            },
            Lang::Nb => match status {
                S::Pending => "Venter på at laderen skal starte…",
                S::Charging => "Lader nå",
                S::Stopping => "Stopper…",
                S::Completed => "Ferdig",
                S::Failed => "Startet ikke",
            },
        }
    }

    /// A session's step: what is happening, and what the driver does now.
    pub fn session_step(self, step: SessionStep) -> (&'static str, &'static str) {
        use SessionStep as S;
        match self {
            Lang::En => match step {
                S::PlugIn => ("Plug in the cable", "Connect the cable to your car. Charging starts when the charger is ready."),
                S::Starting => ("The charger is starting", "The cable is in. Keep it connected."),
                S::WaitingForCar => ("Waiting for your car", "The charger is ready. If nothing happens, check that the car is unlocked and not on a charging schedule."),
                S::Charging => ("Charging", "Energy is flowing. You can leave: we follow it for you."),
                S::CarPaused => ("Your car has paused charging", "The car takes no energy: it may be full, or its own limit or schedule paused it."),
                S::ChargerPaused => ("The charger has paused", "The charger holds back energy for now (its limit or the site's load). It resumes by itself."),
                S::Stopping => ("Stopping…", "The charger is ending the session."),
                S::UnplugCable => ("Unplug the cable", "The session is over. Unplug the cable and close the car's charge port."),
                S::Done => ("Finished", "The session is over."),
                S::Failed => ("Did not start", "Nothing was charged."),
            },
            Lang::Nb => match step {
                S::PlugIn => ("Koble til kabelen", "Koble kabelen til bilen. Ladingen starter når laderen er klar."),
                S::Starting => ("Laderen starter", "Kabelen er koblet til. La den sitte."),
                S::WaitingForCar => ("Venter på bilen", "Laderen er klar. Skjer det ingenting, sjekk at bilen er låst opp og ikke har en ladeplan."),
                S::Charging => ("Lader nå", "Strømmen går. Du kan gå fra bilen: vi følger med for deg."),
                S::CarPaused => ("Bilen har satt ladingen på pause", "Bilen tar ikke imot strøm: den kan være full, eller bilens egen grense eller plan har stoppet den."),
                S::ChargerPaused => ("Laderen har satt ladingen på pause", "Laderen holder igjen strøm nå (egen grense eller belastningen på stedet). Den fortsetter av seg selv."),
                S::Stopping => ("Stopper…", "Laderen avslutter økten."),
                S::UnplugCable => ("Koble fra kabelen", "Økten er over. Koble fra kabelen og lukk ladeluken."),
                S::Done => ("Ferdig", "Økten er over."),
                S::Failed => ("Startet ikke", "Ingenting ble ladet."),
            },
        }
    }

    /// A receipt line's name.
    pub fn dimension(self, dimension: TariffDimensionType) -> &'static str {
        use TariffDimensionType as D;
        match self {
            Lang::En => match dimension {
                D::Energy => "Energy",
                D::Time => "Charging time",
                D::Flat => "Start fee",
                D::ParkingTime => "Parking time",
            },
            Lang::Nb => match dimension {
                D::Energy => "Energi",
                D::Time => "Ladetid",
                D::Flat => "Startavgift",
                D::ParkingTime => "Parkeringstid",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_reads_norwegian() {
        let nb = Lang::Nb;
        assert_eq!(nb.session_status(SessionStatus::Charging), "Lader nå");
    }
}
