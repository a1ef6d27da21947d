//! Texts with values for what a charger and its connectors report: a connector's status in
//! a driver's words, and a charger that is offline or reported a status of its own.

use ladeklar_core::session::ConnectorStatus;

use super::Lang;

impl Lang {
    /// "Offline — last heard 3 h ago"; `ago` from [`crate::format::ago`].
    pub fn offline_heard(self, ago: Option<&str>) -> String {
        match (self, ago) {
            (Lang::En, Some(ago)) => format!("Offline — last heard {ago}"),
            (Lang::En, None) => "Offline — never heard from".to_string(),
            (Lang::Nb, Some(ago)) => format!("Ikke på nett – sist hørt {ago}"),
            (Lang::Nb, None) => "Ikke på nett – aldri hørt fra".to_string(),
        }
    }

    pub fn reported_by_charger(self, status: &str) -> String {
        match self {
            Lang::En => format!("Reported by the charger: {status}"),
            Lang::Nb => format!("Meldt av laderen: {status}"),
        }
    }

    pub fn offline_last_reported(self, status: &str) -> String {
        match self {
            Lang::En => format!("Charger offline; last reported: {status}"),
            Lang::Nb => format!("Laderen er frakoblet; sist meldt: {status}"),
        }
    }

    /// The status in a driver's words.
    pub fn connector_status(self, status: ConnectorStatus) -> &'static str {
        use ConnectorStatus as C;
        match self {
            Lang::En => match status {
                C::Available => "Available",
                C::Preparing => "Plugged in, ready",
                C::Charging => "Charging",
                C::SuspendedEvse => "Paused by charger",
                C::SuspendedEv => "Paused by car",
                C::Finishing => "Finishing",
                C::Reserved => "Reserved",
                C::Unavailable => "Unavailable",
                C::Faulted => "Out of order",
                C::Unknown => "Status unknown",
            },
            Lang::Nb => match status {
                C::Available => "Ledig",
                C::Preparing => "Tilkoblet, klar",
                C::Charging => "Lader",
                C::SuspendedEvse => "Pause fra laderen",
                C::SuspendedEv => "Pause fra bilen",
                C::Finishing => "Avslutter",
                C::Reserved => "Reservert",
                C::Unavailable => "Utilgjengelig",
                C::Faulted => "Feil",
                C::Unknown => "Ukjent status",
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
        assert_eq!(nb.connector_status(ConnectorStatus::Available), "Ledig");
        assert_eq!(nb.connector_status(ConnectorStatus::Charging), "Lader");
        assert_eq!(nb.connector_status(ConnectorStatus::Faulted), "Feil");
        assert_eq!(nb.connector_status(ConnectorStatus::Unavailable), "Utilgjengelig");
        assert_eq!(
            nb.offline_heard(Some("for 3 t siden")),
            "Ikke på nett – sist hørt for 3 t siden"
        );
    }

    #[test]
    fn english_keeps_its_words() {
        let en = Lang::En;
        assert_eq!(en.offline_heard(None), "Offline — never heard from");
    }
}
