//! The texts of the owner's price screens. [`PriceTexts`] has one field per fixed text and
//! [`EN`] and [`NB`] give each a value, so a missing translation does not compile
//! ([`Lang::pr`]); texts with values are methods on [`Lang`]. The form's problems come from
//! core in both languages (`FieldProblem::message`, `message_nb`).

use ladeklar_core::pricing::preview::TypicalSession;
use ladeklar_core::tariff::versions::VersionStatus;
use ladeklar_core::tariff::DayOfWeek;

use super::Lang;

#[derive(Debug)]
pub struct PriceTexts {
    pub prices: &'static str,
    pub prices_intro: &'static str,
    pub no_sites: &'static str,
    pub loading: &'static str,
    pub change_price: &'static str,
    pub chargers: &'static str,
    pub follows_site: &'static str,
    pub own_price: &'static str,
    pub set_own_price: &'static str,
    pub scheduled: &'static str,
    pub back_to_prices: &'static str,
    pub current_price: &'static str,
    pub new_price: &'static str,
    pub excl_vat_note: &'static str,
    pub vat_percent: &'static str,
    pub energy_price: &'static str,
    pub per_kwh: &'static str,
    pub minute_price: &'static str,
    pub per_minute: &'static str,
    pub grace_minutes: &'static str,
    pub grace_hint: &'static str,
    pub session_fee: &'static str,
    pub idle_price: &'static str,
    pub idle_after: &'static str,
    pub idle_hint: &'static str,
    pub windows: &'static str,
    pub windows_intro: &'static str,
    pub add_window: &'static str,
    pub remove_window: &'static str,
    pub days: &'static str,
    pub every_day_hint: &'static str,
    pub from_time: &'static str,
    pub to_time: &'static str,
    pub hours_hint: &'static str,
    pub ends_next_day: &'static str,
    pub window_price: &'static str,
    pub effective: &'static str,
    pub effective_now: &'static str,
    pub effective_later: &'static str,
    pub effective_hint: &'static str,
    pub in_words: &'static str,
    pub preview: &'static str,
    pub preview_intro: &'static str,
    pub typical_session: &'static str,
    pub with_current: &'static str,
    pub with_new: &'static str,
    pub difference: &'static str,
    pub fix_problems: &'static str,
    pub not_saved: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub history: &'static str,
    pub version: &'static str,
    pub from: &'static str,
    pub set_by: &'static str,
    pub status: &'static str,
    pub price: &'static str,
    pub as_set_up: &'static str,
    pub operator: &'static str,
    pub cannot_show_form: &'static str,
    pub changed_meanwhile: &'static str,
}

pub const EN: PriceTexts = PriceTexts {
    prices: "Prices",
    prices_intro: "What drivers pay at your sites. A new price applies to sessions that start after it; running sessions keep theirs.",
    no_sites: "You have no sites yet.",
    loading: "Loading prices…",
    change_price: "Change price",
    chargers: "Chargers",
    follows_site: "Site price",
    own_price: "Own price",
    set_own_price: "Set own price",
    scheduled: "Scheduled",
    back_to_prices: "All prices",
    current_price: "Current price",
    new_price: "New price",
    excl_vat_note: "Prices excluding VAT; drivers see them with VAT.",
    vat_percent: "VAT rate (%)",
    energy_price: "Price per kWh",
    per_kwh: "per kWh",
    minute_price: "Price per minute",
    per_minute: "per minute",
    grace_minutes: "Free minutes before the minute price",
    grace_hint: "Empty: from the start of the session.",
    session_fee: "Session fee",
    idle_price: "Idle fee per minute",
    idle_after: "Idle fee after minutes",
    idle_hint: "Charged while the car is full but still connected. Empty: as soon as it is full; a number: only after the session has lasted that long.",
    windows: "Night and weekend prices",
    windows_intro: "Hours with their own price per kWh, in the site's local time.",
    add_window: "Add hours with another price",
    remove_window: "Remove",
    days: "Days",
    every_day_hint: "No day ticked: every day.",
    from_time: "From",
    to_time: "To",
    hours_hint: "HH:MM; leave both empty for the whole day, 24:00 for midnight.",
    ends_next_day: "Ends the next day",
    window_price: "Price per kWh in these hours",
    effective: "Takes effect",
    effective_now: "Now",
    effective_later: "Later",
    effective_hint: "The site's local time. Sessions that start from then on get the new price.",
    in_words: "What drivers will see",
    preview: "What typical sessions would cost",
    preview_intro: "Priced by the same engine as receipts, including VAT.",
    typical_session: "Session",
    with_current: "Current price",
    with_new: "New price",
    difference: "Change",
    fix_problems: "Fix the fields marked above to see the preview and save.",
    not_saved: "Not saved: fix the fields marked above.",
    save: "Save the new price",
    saving: "Saving…",
    history: "Price history",
    version: "Version",
    from: "From",
    set_by: "Set by",
    status: "Status",
    price: "Price",
    as_set_up: "As set up",
    operator: "Operator",
    cannot_show_form: "The current price says more than this form can; it is shown in words above. Saving replaces it.",
    changed_meanwhile: "Someone else changed this price meanwhile. The page shows it now; check and save again.",
};

pub const NB: PriceTexts = PriceTexts {
    prices: "Priser",
    prices_intro: "Hva sjåførene betaler på stedene dine. En ny pris gjelder økter som starter etter den; pågående økter beholder sin.",
    no_sites: "Du har ingen steder ennå.",
    loading: "Henter prisene…",
    change_price: "Endre pris",
    chargers: "Ladere",
    follows_site: "Stedets pris",
    own_price: "Egen pris",
    set_own_price: "Sett egen pris",
    scheduled: "Planlagt",
    back_to_prices: "Alle priser",
    current_price: "Nåværende pris",
    new_price: "Ny pris",
    excl_vat_note: "Priser uten mva.; sjåførene ser dem med mva.",
    vat_percent: "Mva.-sats (%)",
    energy_price: "Pris per kWh",
    per_kwh: "per kWh",
    minute_price: "Pris per minutt",
    per_minute: "per minutt",
    grace_minutes: "Gratis minutter før minuttprisen",
    grace_hint: "Tomt: fra starten av økten.",
    session_fee: "Startavgift per økt",
    idle_price: "Opptatt-avgift per minutt",
    idle_after: "Opptatt-avgift etter minutter",
    idle_hint: "Tas mens bilen er fulladet, men fortsatt tilkoblet. Tomt: så snart den er full; et tall: først når økten har vart så lenge.",
    windows: "Natt- og helgepriser",
    windows_intro: "Timer med egen pris per kWh, i stedets lokale tid.",
    add_window: "Legg til timer med en annen pris",
    remove_window: "Fjern",
    days: "Dager",
    every_day_hint: "Ingen dag valgt: hver dag.",
    from_time: "Fra",
    to_time: "Til",
    hours_hint: "TT:MM; la begge stå tomme for hele døgnet, 24:00 for midnatt.",
    ends_next_day: "Slutter neste dag",
    window_price: "Pris per kWh i disse timene",
    effective: "Gjelder fra",
    effective_now: "Nå",
    effective_later: "Senere",
    effective_hint: "Stedets lokale tid. Økter som starter fra da av får den nye prisen.",
    in_words: "Dette ser sjåførene",
    preview: "Hva typiske økter ville koste",
    preview_intro: "Beregnet av samme motor som kvitteringene, med mva.",
    typical_session: "Økt",
    with_current: "Nåværende pris",
    with_new: "Ny pris",
    difference: "Endring",
    fix_problems: "Rett feltene som er merket over for å se forhåndsvisningen og lagre.",
    not_saved: "Ikke lagret: rett feltene som er merket over.",
    save: "Lagre den nye prisen",
    saving: "Lagrer…",
    history: "Prishistorikk",
    version: "Versjon",
    from: "Fra",
    set_by: "Satt av",
    status: "Status",
    price: "Pris",
    as_set_up: "Som satt opp",
    operator: "Operatøren",
    cannot_show_form: "Nåværende pris sier mer enn dette skjemaet kan; den står i ord over. Lagring erstatter den.",
    changed_meanwhile: "Noen andre endret denne prisen i mellomtiden. Siden viser den nå; sjekk og lagre igjen.",
};

impl Lang {
    /// The fixed texts of the owner's price screens.
    pub fn pr(self) -> &'static PriceTexts {
        match self {
            Lang::En => &EN,
            Lang::Nb => &NB,
        }
    }

    /// A typical session of the preview, in words.
    pub fn typical_session(self, session: TypicalSession) -> &'static str {
        match (self, session) {
            (Lang::En, TypicalSession::DcFast) => "DC fast charge: 40 kWh in 30 min (Tue 12:00)",
            (Lang::Nb, TypicalSession::DcFast) => "Hurtiglading: 40 kWh på 30 min (tir 12:00)",
            (Lang::En, TypicalSession::OvernightAc) => "Overnight AC: 30 kWh over 9 h (Tue 22:00)",
            (Lang::Nb, TypicalSession::OvernightAc) => "Over natten: 30 kWh på 9 t (tir 22:00)",
            (Lang::En, TypicalSession::IdleAfterCharging) => "11 kWh in 1 h, then 2 h idle (Tue 13:00)",
            (Lang::Nb, TypicalSession::IdleAfterCharging) => "11 kWh på 1 t, så 2 t opptatt (tir 13:00)",
        }
    }

    /// A version's status.
    pub fn version_status(self, status: VersionStatus) -> &'static str {
        match (self, status) {
            (Lang::En, VersionStatus::Scheduled) => "Scheduled",
            (Lang::Nb, VersionStatus::Scheduled) => "Planlagt",
            (Lang::En, VersionStatus::InEffect) => "In effect",
            (Lang::Nb, VersionStatus::InEffect) => "Gjelder nå",
            (Lang::En, VersionStatus::Replaced) => "Replaced",
            (Lang::Nb, VersionStatus::Replaced) => "Erstattet",
        }
    }

    /// A day's short name.
    pub fn day_short(self, day: DayOfWeek) -> &'static str {
        let (en, nb) = match day {
            DayOfWeek::Monday => ("Mon", "man"),
            DayOfWeek::Tuesday => ("Tue", "tir"),
            DayOfWeek::Wednesday => ("Wed", "ons"),
            DayOfWeek::Thursday => ("Thu", "tor"),
            DayOfWeek::Friday => ("Fri", "fre"),
            DayOfWeek::Saturday => ("Sat", "lør"),
            DayOfWeek::Sunday => ("Sun", "søn"),
        };
        match self {
            Lang::En => en,
            Lang::Nb => nb,
        }
    }

    /// "Saved: sessions that start from 14:05 get the new price."
    pub fn price_saved(self, from: &str) -> String {
        match self {
            Lang::En => format!("Saved: sessions that start from {from} get the new price."),
            Lang::Nb => format!("Lagret: økter som starter fra {from} får den nye prisen."),
        }
    }
}
