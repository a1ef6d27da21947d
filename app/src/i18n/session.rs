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
                S::CarFull => ("Your car is full", "The car has taken no energy for a while. Stop the session and unplug, so the charger is free for the next driver."),
                S::StartTimedOut => ("The charger did not start", "It accepted the start, but charging never began. Nothing was charged. Check that the cable is pushed fully in at both ends, then start again or use another connector."),
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
                S::CarFull => ("Bilen er full", "Bilen har ikke tatt imot strøm på en stund. Stopp økten og koble fra, så laderen blir ledig for neste sjåfør."),
                S::StartTimedOut => ("Laderen startet ikke", "Den godtok starten, men ladingen begynte aldri. Ingenting ble belastet. Sjekk at kabelen sitter helt inne i begge ender, og start på nytt eller bruk et annet uttak."),
                S::ChargerPaused => ("Laderen har satt ladingen på pause", "Laderen holder igjen strøm nå (egen grense eller belastningen på stedet). Den fortsetter av seg selv."),
                S::Stopping => ("Stopper…", "Laderen avslutter økten."),
                S::UnplugCable => ("Koble fra kabelen", "Økten er over. Koble fra kabelen og lukk ladeluken."),
                S::Done => ("Ferdig", "Økten er over."),
                S::Failed => ("Startet ikke", "Ingenting ble ladet."),
            },
        }
    }

    /// "Started": the label of the session's start time on the live page.
    pub fn started_label(self) -> &'static str {
        match self {
            Lang::En => "Started",
            Lang::Nb => "Startet",
        }
    }

    /// The idle fee ahead (core's `session_notice::idle_fee_ahead`): title and body.
    pub fn idle_fee_ahead(self, minutes: i64, charger: &str) -> (String, String) {
        match self {
            Lang::En => (
                format!("Idle fee starts in {minutes} min"),
                format!("{charger}: your car takes no energy. Stop the session and unplug to avoid the idle fee."),
            ),
            Lang::Nb => (
                format!("Tomgangsavgift om {minutes} min"),
                format!("{charger}: bilen tar ikke imot strøm. Stopp økten og koble fra for å unngå tomgangsavgiften."),
            ),
        }
    }

    /// A faulted connector in drivers' words (core's `connector_fault`): what is wrong, and
    /// what to do.
    pub fn driver_fault(self, fault: ladeklar_core::connector_fault::DriverFault) -> (&'static str, &'static str) {
        use ladeklar_core::connector_fault::DriverFault as F;
        match self {
            Lang::En => match fault {
                F::SafetyStop => ("This connector is out of order", "It switched itself off for safety. Use another connector or charger; we have been told and will send someone."),
                F::TooHot => ("This connector is too hot", "It has paused to cool down and usually comes back within half an hour. Use another connector meanwhile."),
                F::CableLock => ("This connector's cable lock is faulty", "Use another connector. If your cable is stuck in it, report a fault: we can release it remotely."),
                F::CarCommunication => ("The charger could not talk to the car", "Unplug, push the plug firmly in again and start again. If it happens again, use another connector."),
                F::MeterBroken => ("This connector is out of order", "Its energy meter has failed, so it cannot charge. Use another connector or charger."),
                F::CardReader => ("The card reader is out of order", "Start charging here in the app instead of with a card or tag."),
                F::OutOfOrder => ("This connector is out of order", "Use another connector or charger. Report a fault if it stays like this."),
            },
            Lang::Nb => match fault {
                F::SafetyStop => ("Dette uttaket er ute av drift", "Det har slått seg av av sikkerhetshensyn. Bruk et annet uttak eller en annen lader; vi er varslet og sender noen."),
                F::TooHot => ("Dette uttaket er for varmt", "Det har tatt en pause for å kjøle seg ned og er vanligvis tilbake innen en halvtime. Bruk et annet uttak så lenge."),
                F::CableLock => ("Kabellåsen på dette uttaket er defekt", "Bruk et annet uttak. Sitter kabelen din fast, meld feil: vi kan løse den ut med fjernstyring."),
                F::CarCommunication => ("Laderen fikk ikke kontakt med bilen", "Koble fra, sett pluggen godt inn igjen og start på nytt. Skjer det igjen, bruk et annet uttak."),
                F::MeterBroken => ("Dette uttaket er ute av drift", "Strømmåleren har feilet, så det kan ikke lade. Bruk et annet uttak eller en annen lader."),
                F::CardReader => ("Kortleseren er ute av drift", "Start ladingen her i appen i stedet for med kort eller brikke."),
                F::OutOfOrder => ("Dette uttaket er ute av drift", "Bruk et annet uttak eller en annen lader. Meld feil hvis det fortsetter."),
            },
        }
    }

    /// The charger's own fault code, in small print beside the words.
    pub fn fault_code(self, code: &str) -> String {
        match self {
            Lang::En => format!("Charger's code: {code}"),
            Lang::Nb => format!("Laderens kode: {code}"),
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
