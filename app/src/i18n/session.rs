//! Texts with values for a charging session and its receipt: where it charges, its status,
//! and the name of each receipt line.

use ladeklar_core::session::SessionStatus;
use ladeklar_core::tariff::TariffDimensionType;

use super::Lang;

impl Lang {
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
