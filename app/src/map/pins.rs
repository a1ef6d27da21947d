//! What the map shows, as JSON for `map.js`: a pin per charger coloured by availability (the
//! list's words), the driver's position, and the texts the map draws itself.

use ladeklar_api::ChargerSummary;
use serde::Serialize;

use crate::components::connector::connector_spec;
use crate::format;
use crate::i18n::Lang;
use crate::search::encode_component;

/// A charger's state on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PinState {
    /// Online with a connector free.
    Available,
    /// Online, every usable connector in use.
    Busy,
    /// Online, nothing usable: faulted or unavailable.
    Fault,
    /// No link to the charger, or nothing known.
    Offline,
}

pub fn pin_state(charger: &ChargerSummary) -> PinState {
    let tones: Vec<&str> = charger
        .connectors
        .iter()
        .map(|c| format::connector_status_tone(c.status))
        .collect();
    if !charger.online {
        PinState::Offline
    } else if tones.contains(&"free") {
        PinState::Available
    } else if tones.contains(&"busy") {
        PinState::Busy
    } else if tones.contains(&"broken") {
        PinState::Fault
    } else {
        PinState::Offline
    }
}

impl Lang {
    pub fn pin_state(self, state: PinState) -> &'static str {
        match state {
            PinState::Available => self.f().available,
            PinState::Busy => self.f().busy,
            PinState::Fault => self.f().fault,
            PinState::Offline => self.t().offline,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Pin {
    id: String,
    name: String,
    lat: f64,
    lon: f64,
    state: PinState,
    state_word: &'static str,
    plugs: String,
    price: String,
    href: String,
    /// A favourite of the driver's (the card's star).
    fav: bool,
    /// The driver's estimated session, "About 112 kr for 30 kWh".
    #[serde(skip_serializing_if = "Option::is_none")]
    estimate: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MapData {
    pins: Vec<Pin>,
    me: Option<[f64; 2]>,
    me_word: &'static str,
    cluster_title: &'static str,
    open: &'static str,
    star: &'static str,
    unstar: &'static str,
}

/// The JSON `ladeklarMap.show` takes.
pub fn map_data(chargers: &[ChargerSummary], me: Option<(f64, f64)>, favourites: &[String], lang: Lang) -> String {
    let pins = chargers
        .iter()
        .map(|c| {
            let state = pin_state(c);
            let mut plugs: Vec<String> = c.connectors.iter().map(|k| connector_spec(k, lang)).collect();
            plugs.dedup();
            Pin {
                id: c.id.clone(),
                name: c.site_name.clone(),
                lat: c.lat,
                lon: c.lon,
                state,
                state_word: lang.pin_state(state),
                plugs: plugs.join(", "),
                price: match lang {
                    Lang::En => c.price_text.clone(),
                    Lang::Nb => c.price_text_nb.clone(),
                },
                href: format!("/chargers/{}", encode_component(&c.id)),
                fav: favourites.contains(&c.id),
                estimate: c
                    .estimate
                    .as_ref()
                    .map(|e| lang.estimate_short(&format::approx_money(e.incl_vat, &c.currency, lang), e.energy_kwh)),
            }
        })
        .collect();
    let data = MapData {
        pins,
        me: me.map(|(lat, lon)| [lat, lon]),
        me_word: lang.t().your_location,
        cluster_title: lang.f().cluster_title,
        open: lang.f().open_charger,
        star: lang.f().star,
        unstar: lang.f().unstar,
    };
    serde_json::to_string(&data).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use ladeklar_api::{ConnectorStandard, ConnectorView, PowerType};
    use ladeklar_core::session::ConnectorStatus;

    use super::*;

    fn charger(online: bool, statuses: &[ConnectorStatus]) -> ChargerSummary {
        ChargerSummary {
            id: "NO-1".into(),
            site_id: "s".into(),
            site_name: "Site <b>".into(),
            address: "a".into(),
            city: "Oslo".into(),
            country: "NO".into(),
            lat: 59.9,
            lon: 10.7,
            distance_m: None,
            online,
            last_heard_at: None,
            connectors: statuses
                .iter()
                .enumerate()
                .map(|(i, s)| ConnectorView {
                    connector_id: i as u32 + 1,
                    standard: ConnectorStandard::Ccs2,
                    power_type: PowerType::Dc,
                    max_power_kw: 150.into(),
                    status: *s,
                    error_code: None,
                })
                .collect(),
            price_text: "3.90 kr/kWh".into(),
            price_text_nb: "3,90 kr/kWh".into(),
            currency: "NOK".into(),
            estimate: Some(ladeklar_api::SessionEstimate {
                for_car: false,
                minutes: None,
                energy_kwh: 30,
                incl_vat: rust_decimal::Decimal::new(11_250, 2),
            }),
        }
    }

    #[test]
    fn a_pin_is_coloured_by_what_a_driver_can_do_now() {
        use ConnectorStatus as C;
        assert_eq!(
            pin_state(&charger(true, &[C::Charging, C::Available])),
            PinState::Available
        );
        assert_eq!(pin_state(&charger(true, &[C::Charging, C::Faulted])), PinState::Busy);
        assert_eq!(
            pin_state(&charger(true, &[C::Faulted, C::Unavailable])),
            PinState::Fault
        );
        assert_eq!(pin_state(&charger(false, &[C::Available])), PinState::Offline);
        assert_eq!(pin_state(&charger(true, &[C::Unknown])), PinState::Offline);
    }

    #[test]
    fn the_map_gets_words_in_the_language_and_one_line_per_plug() {
        let json = map_data(
            &[charger(true, &[ConnectorStatus::Available; 2])],
            Some((59.9, 10.7)),
            &["NO-1".to_string()],
            Lang::Nb,
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let pin = &value["pins"][0];
        assert_eq!(pin["state"], "available");
        assert_eq!(pin["stateWord"], "Ledig");
        assert_eq!(pin["plugs"], "CCS · DC 150 kW");
        assert_eq!(pin["price"], "3,90 kr/kWh");
        assert_eq!(pin["href"], "/chargers/NO-1");
        assert_eq!(pin["fav"], true);
        assert_eq!(pin["estimate"], "Omtrent 113 kr for 30 kWh");
        assert_eq!(value["unstar"], "Fjern fra favoritter");
        assert_eq!(value["me"], serde_json::json!([59.9, 10.7]));
        assert_eq!(value["clusterTitle"], "{free} av {total} ladere ledige");
    }
}
