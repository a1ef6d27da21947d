//! The UI's languages: English and Norwegian bokmål.
//!
//! The language is a signal in context ([`provide_i18n`], [`use_i18n`]): chosen from the
//! driver's earlier choice (localStorage), else from the browser's languages, and switched
//! from the header. Every word the UI shows comes from here: fixed texts are fields of
//! [`Texts`] (one value per language, so a missing translation does not compile), texts
//! with values are methods on [`Lang`].

use ladeklar_api::ErrorCode;
use ladeklar_core::session::{ConnectorStatus, SessionStatus};
use ladeklar_core::tariff::TariffDimensionType;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::platform::LocateError;
use crate::state::PlaceName;

/// A language the UI speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Nb,
}

/// Where the driver's choice is kept between visits.
const STORAGE_KEY: &str = "ladeklar.lang";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nb];

    /// The BCP 47 tag, for `<html lang>` and `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nb => "nb",
        }
    }

    /// What the header toggle shows.
    pub fn short_label(self) -> &'static str {
        match self {
            Lang::En => "EN",
            Lang::Nb => "NB",
        }
    }

    /// The language's name in itself, for screen readers.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nb => "Norsk bokmål",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "nb" => Some(Lang::Nb),
            _ => None,
        }
    }

    /// From the browser's preferred languages, best first: the first English or Norwegian
    /// one wins (nb, nn and no all read bokmål); anything else reads English.
    pub fn from_browser<S: AsRef<str>>(languages: &[S]) -> Lang {
        for tag in languages {
            let primary = tag
                .as_ref()
                .split(['-', '_'])
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            match primary.as_str() {
                "nb" | "nn" | "no" => return Lang::Nb,
                "en" => return Lang::En,
                _ => {}
            }
        }
        Lang::En
    }

    /// The language for core's texts (tariff words).
    pub fn core(self) -> ladeklar_core::tariff::words::Lang {
        match self {
            Lang::En => ladeklar_core::tariff::words::Lang::En,
            Lang::Nb => ladeklar_core::tariff::words::Lang::Nb,
        }
    }

    /// The locale for the browser's date formatting.
    pub fn date_locale(self) -> &'static str {
        match self {
            Lang::En => "en-GB",
            Lang::Nb => "nb-NO",
        }
    }

    pub fn t(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Nb => &NB,
        }
    }

    // Texts with values.

    pub fn place_name(self, name: &PlaceName) -> String {
        match name {
            PlaceName::City(city) => self.city(city).to_string(),
            PlaceName::Device => self.t().your_location.to_string(),
            PlaceName::Coords(text) => text.clone(),
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

    pub fn connector_n(self, id: u32) -> String {
        match self {
            Lang::En => format!("Connector {id}"),
            Lang::Nb => format!("Kontakt {id}"),
        }
    }

    /// "C1 · connector 2".
    pub fn charger_connector(self, charger_id: &str, connector_id: u32) -> String {
        match self {
            Lang::En => format!("{charger_id} · connector {connector_id}"),
            Lang::Nb => format!("{charger_id} · kontakt {connector_id}"),
        }
    }

    pub fn free_of(self, free: usize, total: usize) -> String {
        match self {
            Lang::En => format!("{free} of {total} free"),
            Lang::Nb => format!("{free} av {total} ledige"),
        }
    }

    /// "Offline — last heard 3 h ago"; `ago` from [`crate::format::ago`].
    pub fn offline_heard(self, ago: Option<&str>) -> String {
        match (self, ago) {
            (Lang::En, Some(ago)) => format!("Offline — last heard {ago}"),
            (Lang::En, None) => "Offline — never heard from".to_string(),
            (Lang::Nb, Some(ago)) => format!("Frakoblet – sist hørt {ago}"),
            (Lang::Nb, None) => "Frakoblet – aldri hørt fra".to_string(),
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

    pub fn locate_error(self, error: LocateError) -> &'static str {
        use LocateError as L;
        match self {
            Lang::En => match error {
                L::Unsupported => "This browser cannot tell us where you are.",
                L::Unusable => "The browser gave no usable position.",
                L::Denied => "You did not allow this app to use your location.",
                L::Unavailable => "Your position is not available right now.",
                L::Timeout => "Finding your position took too long.",
                L::Other => "Your position could not be found.",
            },
            Lang::Nb => match error {
                L::Unsupported => "Denne nettleseren kan ikke fortelle oss hvor du er.",
                L::Unusable => "Nettleseren ga ingen brukbar posisjon.",
                L::Denied => "Du har ikke gitt appen lov til å bruke posisjonen din.",
                L::Unavailable => "Posisjonen din er ikke tilgjengelig akkurat nå.",
                L::Timeout => "Det tok for lang tid å finne posisjonen din.",
                L::Other => "Vi fant ikke posisjonen din.",
            },
        }
    }

    /// What went wrong, for a driver: chosen by the server's stable error code, never by
    /// its message text.
    pub fn error(self, error: &ApiError) -> &'static str {
        match error {
            ApiError::Problem(problem) => self.error_code(problem.code),
            ApiError::Status(_) => match self {
                Lang::En => "The server could not answer right now. Try again in a moment.",
                Lang::Nb => "Serveren kunne ikke svare akkurat nå. Prøv igjen om litt.",
            },
            ApiError::Network(_) => match self {
                Lang::En => "We could not reach Ladeklar. Check your connection and try again.",
                Lang::Nb => "Vi fikk ikke kontakt med Ladeklar. Sjekk tilkoblingen og prøv igjen.",
            },
            ApiError::Decode(_) => match self {
                Lang::En => "We did not understand the server's answer. Try reloading the app.",
                Lang::Nb => "Vi forsto ikke svaret fra serveren. Prøv å laste inn appen på nytt.",
            },
        }
    }

    pub fn error_code(self, code: ErrorCode) -> &'static str {
        use ErrorCode as E;
        match self {
            Lang::En => match code {
                E::ChargerNotFound => "We could not find this charger. It may have been taken out of service.",
                E::ConnectorNotFound => "This charger has no such connector.",
                E::SessionNotFound => "We could not find this charging session.",
                E::ChargerOffline => {
                    "This charger is offline right now, so it cannot start a session. Try another charger."
                }
                E::ConnectorOccupied => "Someone is already charging on this connector. Pick another one.",
                E::ConnectorFaulted => "This connector is out of order. Pick another one.",
                E::ConnectorUnavailable => "This connector is not in service right now. Pick another one.",
                E::ConnectorReserved => "This connector is reserved for someone else. Pick another one.",
                E::ConnectorStatusUnknown => {
                    "We have not heard from this connector yet, so it cannot start. Try again in a moment."
                }
                E::ChargerRejected => {
                    "The charger refused to start. Check that the cable is plugged in firmly and try again."
                }
                E::ChargerTimeout => "The charger did not answer in time. Try again.",
                E::SessionNotActive => "This session has already ended.",
                E::SessionNotCompleted => "This session is still running. The receipt is ready once it ends.",
                E::InvalidRequest => "The app sent a request the server could not accept.",
                E::Internal => "Something went wrong on our side. Try again in a moment.",
            },
            Lang::Nb => match code {
                E::ChargerNotFound => "Vi fant ikke denne laderen. Den kan være tatt ut av drift.",
                E::ConnectorNotFound => "Denne laderen har ingen slik kontakt.",
                E::SessionNotFound => "Vi fant ikke denne ladeøkten.",
                E::ChargerOffline => {
                    "Denne laderen er frakoblet akkurat nå og kan ikke starte lading. Prøv en annen lader."
                }
                E::ConnectorOccupied => "Kontakten er opptatt – noen lader allerede her. Velg en annen.",
                E::ConnectorFaulted => "Denne kontakten er ute av drift. Velg en annen.",
                E::ConnectorUnavailable => "Denne kontakten er ikke i drift akkurat nå. Velg en annen.",
                E::ConnectorReserved => "Denne kontakten er reservert for noen andre. Velg en annen.",
                E::ConnectorStatusUnknown => {
                    "Vi har ikke hørt fra denne kontakten ennå, så den kan ikke starte. Prøv igjen om litt."
                }
                E::ChargerRejected => "Laderen ville ikke starte. Sjekk at kabelen sitter godt i, og prøv igjen.",
                E::ChargerTimeout => "Laderen svarte ikke i tide. Prøv igjen.",
                E::SessionNotActive => "Denne ladeøkten er allerede avsluttet.",
                E::SessionNotCompleted => "Denne ladeøkten pågår fortsatt. Kvitteringen er klar når den er ferdig.",
                E::InvalidRequest => "Appen sendte en forespørsel som serveren ikke kunne godta.",
                E::Internal => "Noe gikk galt hos oss. Prøv igjen om litt.",
            },
        }
    }
}

/// The fixed texts of one language.
#[derive(Debug)]
pub struct Texts {
    // Frame.
    pub skip_to_content: &'static str,
    pub brand_label: &'static str,
    pub language: &'static str,
    // The list.
    pub finding_chargers: &'static str,
    pub no_chargers: &'static str,
    pub chargers_nearest_first: &'static str,
    pub search_near_city: &'static str,
    pub locating: &'static str,
    pub use_my_location: &'static str,
    pub your_location: &'static str,
    pub search_near_coords: &'static str,
    pub latitude: &'static str,
    pub longitude: &'static str,
    pub search_here: &'static str,
    pub coords_out_of_range: &'static str,
    pub coords_not_numbers: &'static str,
    pub connectors: &'static str,
    // Status.
    pub online: &'static str,
    pub offline: &'static str,
    // A charger.
    pub all_chargers: &'static str,
    pub loading_charger: &'static str,
    pub price: &'static str,
    pub prices_incl_vat: &'static str,
    pub charger: &'static str,
    pub operator: &'static str,
    pub model: &'static str,
    pub time_zone: &'static str,
    pub starting: &'static str,
    pub start_charging: &'static str,
    // A session.
    pub charging_session: &'static str,
    pub not_a_session: &'static str,
    pub not_a_session_address: &'static str,
    pub find_a_charger: &'static str,
    pub find_another_charger: &'static str,
    pub loading_session: &'static str,
    pub back_to_charger: &'static str,
    pub cost_so_far: &'static str,
    pub energy: &'static str,
    pub power: &'static str,
    pub elapsed: &'static str,
    pub cost_by_server: &'static str,
    pub incl_vat: &'static str,
    pub link_ended: &'static str,
    pub link_live: &'static str,
    pub link_connecting: &'static str,
    pub link_reconnecting: &'static str,
    pub link_closed: &'static str,
    pub did_not_start: &'static str,
    pub stopping: &'static str,
    pub stop_charging: &'static str,
    pub see_receipt: &'static str,
    pub cost_explained: &'static str,
    // The receipt.
    pub receipt: &'static str,
    pub loading_receipt: &'static str,
    pub back_to_session: &'static str,
    pub try_again: &'static str,
    pub not_a_receipt: &'static str,
    pub total: &'static str,
    pub duration: &'static str,
    pub started: &'static str,
    pub stopped: &'static str,
    pub what_you_paid_for: &'static str,
    pub item: &'static str,
    pub quantity: &'static str,
    pub excl_vat: &'static str,
    pub subtotal_excl_vat: &'static str,
    pub vat: &'static str,
    pub total_incl_vat: &'static str,
    // Elsewhere.
    pub page_not_found: &'static str,
    pub nothing_here: &'static str,
}

pub static EN: Texts = Texts {
    skip_to_content: "Skip to content",
    brand_label: "Ladeklar, chargers near you",
    language: "Language",
    finding_chargers: "Finding chargers…",
    no_chargers: "No chargers near here yet. Try another city.",
    chargers_nearest_first: "Chargers, nearest first",
    search_near_city: "Search near a city",
    locating: "Locating…",
    use_my_location: "Use my location",
    your_location: "your location",
    search_near_coords: "Search near coordinates",
    latitude: "Latitude",
    longitude: "Longitude",
    search_here: "Search here",
    coords_out_of_range: "Latitude must be between -90 and 90, longitude between -180 and 180.",
    coords_not_numbers: "Type the latitude and longitude as numbers, e.g. 59.91 and 10.75.",
    connectors: "Connectors",
    online: "Online",
    offline: "Offline",
    all_chargers: "← All chargers",
    loading_charger: "Loading the charger…",
    price: "Price",
    prices_incl_vat: "Prices include VAT. You pay for what the charger measures.",
    charger: "Charger",
    operator: "Operator",
    model: "Model",
    time_zone: "Time zone",
    starting: "Starting…",
    start_charging: "Start charging",
    charging_session: "Charging session",
    not_a_session: "Not a session",
    not_a_session_address: "This address does not name a charging session.",
    find_a_charger: "Find a charger",
    find_another_charger: "Find another charger",
    loading_session: "Loading the session…",
    back_to_charger: "← Charger",
    cost_so_far: "Cost so far",
    energy: "Energy",
    power: "Power",
    elapsed: "Elapsed",
    cost_by_server: "As counted by the server; the receipt shows the final price.",
    incl_vat: "Incl. VAT",
    link_ended: "Session ended",
    link_live: "Live",
    link_connecting: "Connecting…",
    link_reconnecting: "Reconnecting…",
    link_closed: "Live updates stopped — reload to resume",
    did_not_start: "The charger did not start charging.",
    stopping: "Stopping…",
    stop_charging: "Stop charging",
    see_receipt: "See the receipt",
    cost_explained:
        "The cost is worked out on this phone from the site's tariff and the charger's meter readings, incl. VAT.",
    receipt: "Receipt",
    loading_receipt: "Loading the receipt…",
    back_to_session: "Back to the session",
    try_again: "Try again",
    not_a_receipt: "Not a receipt",
    total: "Total",
    duration: "Duration",
    started: "Started",
    stopped: "Stopped",
    what_you_paid_for: "What you paid for",
    item: "Item",
    quantity: "Quantity",
    excl_vat: "Excl. VAT",
    subtotal_excl_vat: "Subtotal excl. VAT",
    vat: "VAT",
    total_incl_vat: "Total incl. VAT",
    page_not_found: "Page not found",
    nothing_here: "There is nothing at this address.",
};

pub static NB: Texts = Texts {
    skip_to_content: "Hopp til innholdet",
    brand_label: "Ladeklar, ladere i nærheten",
    language: "Språk",
    finding_chargers: "Finner ladere…",
    no_chargers: "Ingen ladere i nærheten ennå. Prøv en annen by.",
    chargers_nearest_first: "Ladere, nærmeste først",
    search_near_city: "Søk i nærheten av en by",
    locating: "Finner posisjonen…",
    use_my_location: "Bruk min posisjon",
    your_location: "din posisjon",
    search_near_coords: "Søk i nærheten av koordinater",
    latitude: "Breddegrad",
    longitude: "Lengdegrad",
    search_here: "Søk her",
    coords_out_of_range: "Breddegraden må være mellom -90 og 90, lengdegraden mellom -180 og 180.",
    coords_not_numbers: "Skriv bredde- og lengdegrad som tall, f.eks. 59,91 og 10,75.",
    connectors: "Kontakter",
    online: "Tilkoblet",
    offline: "Frakoblet",
    all_chargers: "← Alle ladere",
    loading_charger: "Henter laderen…",
    price: "Pris",
    prices_incl_vat: "Prisene er inkl. mva. Du betaler for det laderen måler.",
    charger: "Lader",
    operator: "Operatør",
    model: "Modell",
    time_zone: "Tidssone",
    starting: "Starter…",
    start_charging: "Start lading",
    charging_session: "Ladeøkt",
    not_a_session: "Ingen ladeøkt",
    not_a_session_address: "Denne adressen viser ikke til noen ladeøkt.",
    find_a_charger: "Finn en lader",
    find_another_charger: "Finn en annen lader",
    loading_session: "Henter ladeøkten…",
    back_to_charger: "← Laderen",
    cost_so_far: "Kostnad så langt",
    energy: "Energi",
    power: "Effekt",
    elapsed: "Tid",
    cost_by_server: "Slik serveren har regnet; kvitteringen viser endelig pris.",
    incl_vat: "Inkl. mva.",
    link_ended: "Ladeøkten er avsluttet",
    link_live: "Direkte",
    link_connecting: "Kobler til…",
    link_reconnecting: "Kobler til på nytt…",
    link_closed: "Direkteoppdateringene stoppet – last inn siden på nytt",
    did_not_start: "Laderen startet ikke ladingen.",
    stopping: "Stopper…",
    stop_charging: "Stopp lading",
    see_receipt: "Se kvitteringen",
    cost_explained: "Kostnaden regnes ut på denne telefonen fra stedets tariff og laderens målerverdier, inkl. mva.",
    receipt: "Kvittering",
    loading_receipt: "Henter kvitteringen…",
    back_to_session: "Tilbake til ladeøkten",
    try_again: "Prøv igjen",
    not_a_receipt: "Ingen kvittering",
    total: "Totalt",
    duration: "Varighet",
    started: "Startet",
    stopped: "Stoppet",
    what_you_paid_for: "Dette betalte du for",
    item: "Post",
    quantity: "Mengde",
    excl_vat: "Eks. mva.",
    subtotal_excl_vat: "Sum eks. mva.",
    vat: "Mva.",
    total_incl_vat: "Totalt inkl. mva.",
    page_not_found: "Fant ikke siden",
    nothing_here: "Det finnes ingenting på denne adressen.",
};

/// The UI's language, shared by every component.
#[derive(Debug, Clone, Copy)]
pub struct I18n(RwSignal<Lang>);

impl I18n {
    /// The language (tracked).
    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// The fixed texts in the language (tracked).
    pub fn t(self) -> &'static Texts {
        self.lang().t()
    }

    pub fn set(self, lang: Lang) {
        self.0.set(lang);
    }
}

/// Chooses the language (saved choice, else the browser's), provides it, and keeps
/// `<html lang>` and the saved choice in step with it.
pub fn provide_i18n() -> I18n {
    let initial = saved_lang().unwrap_or_else(|| Lang::from_browser(&browser_languages()));
    let i18n = I18n(RwSignal::new(initial));
    provide_context(i18n);
    let mut first = true;
    Effect::new(move |_| {
        let lang = i18n.lang();
        set_document_lang(lang);
        // Only a choice the driver made is remembered; the browser's default is re-read.
        if !std::mem::take(&mut first) {
            save_lang(lang);
        }
    });
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut languages: Vec<String> = navigator.languages().iter().filter_map(|v| v.as_string()).collect();
    if languages.is_empty() {
        languages.extend(navigator.language());
    }
    languages
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn saved_lang() -> Option<Lang> {
    storage()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
        .and_then(|code| Lang::from_code(&code))
}

fn save_lang(lang: Lang) {
    if let Some(storage) = storage() {
        // Private modes may refuse; the choice then lasts for this page only.
        let _ = storage.set_item(STORAGE_KEY, lang.code());
    }
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// The header's language switch: "EN | NB", the current one pressed.
#[component]
pub fn LangToggle() -> impl IntoView {
    let i18n = use_i18n();
    let buttons = Lang::ALL
        .into_iter()
        .enumerate()
        .map(|(i, lang)| {
            view! {
                {(i > 0).then(|| view! { <span class="lang-sep" aria-hidden="true">"|"</span> })}
                <button
                    type="button"
                    class="lang-button"
                    lang=lang.code()
                    aria-label=lang.own_name()
                    aria-pressed=move || (i18n.lang() == lang).to_string()
                    data-testid=format!("lang-{}", lang.code())
                    on:click=move |_| i18n.set(lang)
                >
                    {lang.short_label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="lang-toggle" role="group" aria-label=move || i18n.t().language data-testid="lang-toggle">
            {buttons}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_languages_choose_bokmal_or_english() {
        assert_eq!(Lang::from_browser(&["nb-NO", "en-US"]), Lang::Nb);
        assert_eq!(Lang::from_browser(&["nn"]), Lang::Nb);
        assert_eq!(Lang::from_browser(&["no", "en"]), Lang::Nb);
        assert_eq!(Lang::from_browser(&["sv-SE", "nb"]), Lang::Nb);
        assert_eq!(Lang::from_browser(&["en-GB", "nb-NO"]), Lang::En);
        assert_eq!(Lang::from_browser(&["sv-SE", "de"]), Lang::En);
        assert_eq!(Lang::from_browser::<&str>(&[]), Lang::En);
        assert_eq!(Lang::from_code("NB"), Some(Lang::Nb));
        assert_eq!(Lang::from_code("se"), None);
    }

    #[test]
    fn norwegian_reads_norwegian() {
        let nb = Lang::Nb;
        assert_eq!(nb.chargers_near("Oslo"), "Ladere i nærheten av Oslo");
        assert_eq!(nb.connector_status(ConnectorStatus::Available), "Ledig");
        assert_eq!(nb.connector_status(ConnectorStatus::Charging), "Lader");
        assert_eq!(nb.connector_status(ConnectorStatus::Faulted), "Feil");
        assert_eq!(nb.connector_status(ConnectorStatus::Unavailable), "Utilgjengelig");
        assert_eq!(nb.session_status(SessionStatus::Charging), "Lader nå");
        assert_eq!(
            nb.offline_heard(Some("for 3 t siden")),
            "Frakoblet – sist hørt for 3 t siden"
        );
        assert_eq!(nb.t().start_charging, "Start lading");
        assert_eq!(nb.t().stop_charging, "Stopp lading");
        assert_eq!(nb.t().subtotal_excl_vat, "Sum eks. mva.");
        assert_eq!(nb.place_name(&PlaceName::City("Gothenburg")), "Göteborg");
        assert_eq!(nb.place_name(&PlaceName::Device), "din posisjon");
        assert_eq!(
            nb.error_code(ErrorCode::ConnectorOccupied),
            "Kontakten er opptatt – noen lader allerede her. Velg en annen."
        );
    }

    #[test]
    fn english_keeps_its_words() {
        let en = Lang::En;
        assert_eq!(en.chargers_near("Bergen"), "Chargers near Bergen");
        assert_eq!(en.place_name(&PlaceName::Device), "your location");
        assert_eq!(en.offline_heard(None), "Offline — never heard from");
        assert_eq!(
            en.estimate("142 kr", 30, Some("120 kr–160 kr"), "45 min"),
            "About 142 kr for 30 kWh if you start now (120 kr–160 kr, about 45 min)"
        );
    }
}
