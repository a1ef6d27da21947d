//! What the map shows, as JSON for `map.js`: a pin per charger coloured by availability (the
//! list's words), the driver's position, and the texts the map draws itself.

use ladeklar_api::ChargerSummary;
use serde::Serialize;

use crate::components::charger_card::charger_href;
use crate::components::connector::connector_spec;
use crate::format;
use crate::i18n::Lang;

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
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MapData {
    pins: Vec<Pin>,
    me: Option<[f64; 2]>,
    me_word: &'static str,
    cluster_title: &'static str,
    open: &'static str,
}

/// The JSON `ladeklarMap.show` takes.
pub fn map_data(chargers: &[ChargerSummary], me: Option<(f64, f64)>, lang: Lang) -> String {
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
                href: charger_href(&c.id),
            }
        })
        .collect();
    let data = MapData {
        pins,
        me: me.map(|(lat, lon)| [lat, lon]),
        me_word: lang.t().your_location,
        cluster_title: lang.f().cluster_title,
        open: lang.f().open_charger,
    };
    serde_json::to_string(&data).unwrap_or_default()
}
