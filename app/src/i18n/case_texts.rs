//! The texts of support cases: a driver's fault report, the driver's cases, and the support
//! console. [`CaseTexts`] has one field per fixed text, and [`EN`] and [`NB`] give each a
//! value; the names of core's codes (categories, states, lines, priorities, breach risk)
//! are methods on [`Lang`]. Reached through [`Lang::c`].

use ladeklar_core::support::fault::knowledge::ReportCategory;

use super::Lang;

/// The fixed texts of cases, in one language.
// The staff screens' texts are read only in the staff build.
#[cfg_attr(not(feature = "staff"), allow(dead_code))]
#[derive(Debug)]
pub struct CaseTexts {
    pub report_fault: &'static str,
    pub report_intro: &'static str,
    pub what_is_wrong: &'static str,
    pub describe: &'static str,
    pub describe_hint: &'static str,
    pub connector: &'static str,
    pub photos: &'static str,
    pub photos_hint: &'static str,
    pub photos_title: &'static str,
    pub add_photos: &'static str,
    pub remove: &'static str,
    pub send_report: &'static str,
    pub sending: &'static str,
    pub need_description: &'static str,
    pub too_many_photos: &'static str,
    pub case_opened: &'static str,
    pub case_number: &'static str,
    pub what_happens_next: &'static str,
    pub next_steps: &'static str,
    pub expected_resolution: &'static str,
    pub uploading: &'static str,
    pub uploaded: &'static str,
    pub upload_failed: &'static str,
    pub retry: &'static str,
    pub follow_case: &'static str,
    pub my_cases: &'static str,
    pub loading_cases: &'static str,
    pub no_cases: &'static str,
    pub loading_case: &'static str,
    pub status: &'static str,
    pub who_has_it: &'static str,
    pub nobody_yet: &'static str,
    pub timeline: &'static str,
    pub no_timeline: &'static str,
    pub is_it_working: &'static str,
    pub is_it_working_words: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub what_still_wrong: &'static str,
    pub live_updates: &'static str,
    pub live_lost: &'static str,
    pub opened: &'static str,
    pub report_from_here: &'static str,
    pub support_queue: &'static str,
    pub support_case: &'static str,
    pub new_case: &'static str,
    pub filters: &'static str,
    pub line: &'static str,
    pub priority: &'static str,
    pub site: &'static str,
    pub owner: &'static str,
    pub any: &'static str,
    pub open_cases: &'static str,
    pub all_cases: &'static str,
    pub apply_filters: &'static str,
    pub clear_filters: &'static str,
    pub due: &'static str,
    pub case_col: &'static str,
    pub category: &'static str,
    pub risk: &'static str,
    pub no_due: &'static str,
    pub loading_queue: &'static str,
    pub empty_queue: &'static str,
    pub customer: &'static str,
    pub contact: &'static str,
    pub channel: &'static str,
    pub has_account: &'static str,
    pub charger: &'static str,
    pub connector_now: &'static str,
    pub charger_online: &'static str,
    pub charger_offline: &'static str,
    pub charger_log: &'static str,
    pub no_log: &'static str,
    pub fault_analysis: &'static str,
    pub no_analysis: &'static str,
    pub confidence: &'static str,
    pub likely_cause: &'static str,
    pub remote_commands: &'static str,
    pub no_remote_commands: &'static str,
    pub sla_clocks: &'static str,
    pub notes: &'static str,
    pub add_note: &'static str,
    pub actions: &'static str,
    pub hand_over: &'static str,
    pub hand_over_reason: &'static str,
    pub action_proposal: &'static str,
    pub proposal_summary: &'static str,
    pub proposal_parts: &'static str,
    pub proposal_parts_hint: &'static str,
    pub proposal_skills: &'static str,
    pub proposal_skills_hint: &'static str,
    pub proposal_minutes: &'static str,
    pub save_proposal: &'static str,
    pub escalate_third: &'static str,
    pub escalate_third_hint: &'static str,
    pub pause_clock: &'static str,
    pub pause_reason: &'static str,
    pub register_case: &'static str,
    pub register_intro: &'static str,
    pub customer_kind: &'static str,
    pub driver: &'static str,
    pub site_owner: &'static str,
    pub name: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub charger_id: &'static str,
    pub customer_found: &'static str,
    pub customer_not_found: &'static str,
    pub fill_everything: &'static str,
    pub back_to_queue: &'static str,
}

pub static EN: CaseTexts = CaseTexts {
    report_fault: "Report a fault",
    report_intro: "Tell us what is wrong. Our support team sees it at once and keeps you posted here.",
    what_is_wrong: "What is wrong?",
    describe: "Describe the problem",
    describe_hint: "What happened, what the charger's display says, anything you noticed.",
    connector: "Connector",
    photos: "Photos (up to 5)",
    photos_title: "Photos",
    photos_hint: "A photo of the display or the damage helps. Your position is removed from the photo.",
    add_photos: "Take or choose photos",
    remove: "Remove",
    send_report: "Send report",
    sending: "Sending…",
    need_description: "Describe the problem in a few words.",
    too_many_photos: "At most 5 photos: the first 5 are kept.",
    case_opened: "Thank you, your report is in",
    case_number: "Case number",
    what_happens_next: "What happens next",
    next_steps: "Our support team looks at the charger now. When a remote fix is possible we try it at once; you get an update here and by e-mail at every step.",
    expected_resolution: "Expected resolution",
    uploading: "Uploading",
    uploaded: "Uploaded",
    upload_failed: "Not uploaded",
    retry: "Retry",
    follow_case: "Follow the case",
    my_cases: "My cases",
    loading_cases: "Loading your cases…",
    no_cases: "You have not reported any faults.",
    loading_case: "Loading the case…",
    status: "Status",
    who_has_it: "Who has it",
    nobody_yet: "Not yet assigned",
    timeline: "What has happened",
    no_timeline: "Nothing yet.",
    is_it_working: "Is it working now?",
    is_it_working_words: "We believe the fault is fixed. Please tell us whether charging works again.",
    yes: "Yes, it works",
    no: "No, still broken",
    what_still_wrong: "What is still wrong? (optional)",
    live_updates: "Updates arrive by themselves",
    live_lost: "Reconnecting for updates…",
    opened: "Opened",
    report_from_here: "Report a fault",
    support_queue: "Support queue",
    support_case: "Case",
    new_case: "New case",
    filters: "Filters",
    line: "Line",
    priority: "Priority",
    site: "Site",
    owner: "Owner",
    any: "Any",
    open_cases: "Open cases",
    all_cases: "All cases",
    apply_filters: "Show",
    clear_filters: "Clear filters",
    due: "Due",
    case_col: "Case",
    category: "Category",
    risk: "SLA",
    no_due: "no deadline",
    loading_queue: "Loading the queue…",
    empty_queue: "No cases match these filters.",
    customer: "Customer",
    contact: "Contact",
    channel: "Channel",
    has_account: "Follows it in the app",
    charger: "Charger",
    connector_now: "Connector now",
    charger_online: "Charger connected",
    charger_offline: "Charger not connected",
    charger_log: "Charger log",
    no_log: "No log entries.",
    fault_analysis: "Fault analysis",
    no_analysis: "No analysis yet.",
    confidence: "Confidence",
    likely_cause: "Likely cause",
    remote_commands: "Remote commands",
    no_remote_commands: "No remote commands sent.",
    sla_clocks: "SLA clocks",
    notes: "Notes (support only)",
    add_note: "Add note",
    actions: "Actions",
    hand_over: "Hand over to 2nd line",
    hand_over_reason: "Why 2nd line is needed",
    action_proposal: "Action proposal",
    proposal_summary: "What to do on site",
    proposal_parts: "Parts (one per line, blank: none)",
    proposal_parts_hint: "e.g. contactor",
    proposal_skills: "Skills needed (one per line)",
    proposal_skills_hint: "e.g. authorised electrician",
    proposal_minutes: "Estimated time on site (minutes)",
    save_proposal: "Save action proposal",
    escalate_third: "Escalate to 3rd line",
    escalate_third_hint: "3rd line needs the action proposal first.",
    pause_clock: "Pause the clock",
    pause_reason: "Reason (the question to the customer)",
    register_case: "Register a case",
    register_intro: "A fault reported by phone or e-mail. An e-mail address with an account links the case to it.",
    customer_kind: "The customer is",
    driver: "a driver",
    site_owner: "a site owner",
    name: "Name",
    phone: "Phone call",
    email: "E-mail",
    charger_id: "Charger id",
    customer_found: "Customer found: the case is linked to their account.",
    customer_not_found: "No account with this address: the case is kept with the contact only.",
    fill_everything: "Fill in the name, contact, charger and description.",
    back_to_queue: "Back to the queue",
};

pub static NB: CaseTexts = CaseTexts {
    report_fault: "Meld fra om feil",
    report_intro: "Fortell oss hva som er galt. Kundestøtte ser det med en gang og holder deg oppdatert her.",
    what_is_wrong: "Hva er galt?",
    describe: "Beskriv problemet",
    describe_hint: "Hva skjedde, hva står i laderens display, alt du la merke til.",
    connector: "Kontakt",
    photos: "Bilder (opptil 5)",
    photos_title: "Bilder",
    photos_hint: "Et bilde av displayet eller skaden hjelper. Posisjonen din fjernes fra bildet.",
    add_photos: "Ta eller velg bilder",
    remove: "Fjern",
    send_report: "Send melding",
    sending: "Sender…",
    need_description: "Beskriv problemet med noen ord.",
    too_many_photos: "Høyst 5 bilder: de 5 første beholdes.",
    case_opened: "Takk, meldingen er mottatt",
    case_number: "Saksnummer",
    what_happens_next: "Hva skjer nå",
    next_steps: "Kundestøtte ser på laderen nå. Kan feilen rettes på avstand, prøver vi det med en gang; du får beskjed her og på e-post ved hvert steg.",
    expected_resolution: "Forventet løsning",
    uploading: "Laster opp",
    uploaded: "Lastet opp",
    upload_failed: "Ikke lastet opp",
    retry: "Prøv igjen",
    follow_case: "Følg saken",
    my_cases: "Mine saker",
    loading_cases: "Henter sakene dine…",
    no_cases: "Du har ikke meldt fra om noen feil.",
    loading_case: "Henter saken…",
    status: "Status",
    who_has_it: "Hvem har saken",
    nobody_yet: "Ikke tildelt ennå",
    timeline: "Hva har skjedd",
    no_timeline: "Ingenting ennå.",
    is_it_working: "Virker det nå?",
    is_it_working_words: "Vi mener feilen er rettet. Si gjerne fra om ladingen virker igjen.",
    yes: "Ja, det virker",
    no: "Nei, fortsatt feil",
    what_still_wrong: "Hva er fortsatt galt? (valgfritt)",
    live_updates: "Oppdateringer kommer av seg selv",
    live_lost: "Kobler til igjen for oppdateringer…",
    opened: "Åpnet",
    report_from_here: "Meld fra om feil",
    support_queue: "Kundestøttekø",
    support_case: "Sak",
    new_case: "Ny sak",
    filters: "Filtre",
    line: "Linje",
    priority: "Prioritet",
    site: "Sted",
    owner: "Eier",
    any: "Alle",
    open_cases: "Åpne saker",
    all_cases: "Alle saker",
    apply_filters: "Vis",
    clear_filters: "Fjern filtre",
    due: "Frist",
    case_col: "Sak",
    category: "Kategori",
    risk: "SLA",
    no_due: "ingen frist",
    loading_queue: "Henter køen…",
    empty_queue: "Ingen saker passer med disse filtrene.",
    customer: "Kunde",
    contact: "Kontakt",
    channel: "Kanal",
    has_account: "Følger saken i appen",
    charger: "Lader",
    connector_now: "Kontakten nå",
    charger_online: "Laderen er tilkoblet",
    charger_offline: "Laderen er ikke tilkoblet",
    charger_log: "Laderens logg",
    no_log: "Ingen loggføringer.",
    fault_analysis: "Feilanalyse",
    no_analysis: "Ingen analyse ennå.",
    confidence: "Sikkerhet",
    likely_cause: "Sannsynlig årsak",
    remote_commands: "Fjernkommandoer",
    no_remote_commands: "Ingen fjernkommandoer sendt.",
    sla_clocks: "SLA-klokker",
    notes: "Notater (bare kundestøtte)",
    add_note: "Legg til notat",
    actions: "Handlinger",
    hand_over: "Overlever til 2. linje",
    hand_over_reason: "Hvorfor 2. linje trengs",
    action_proposal: "Tiltaksforslag",
    proposal_summary: "Hva som skal gjøres på stedet",
    proposal_parts: "Deler (én per linje, tomt: ingen)",
    proposal_parts_hint: "f.eks. kontaktor",
    proposal_skills: "Kompetanse som trengs (én per linje)",
    proposal_skills_hint: "f.eks. autorisert elektriker",
    proposal_minutes: "Anslått tid på stedet (minutter)",
    save_proposal: "Lagre tiltaksforslag",
    escalate_third: "Eskaler til 3. linje",
    escalate_third_hint: "3. linje trenger tiltaksforslaget først.",
    pause_clock: "Stopp klokken",
    pause_reason: "Begrunnelse (spørsmålet til kunden)",
    register_case: "Registrer en sak",
    register_intro: "En feil meldt på telefon eller e-post. En e-postadresse med konto kobler saken til kontoen.",
    customer_kind: "Kunden er",
    driver: "en sjåfør",
    site_owner: "en stedseier",
    name: "Navn",
    phone: "Telefon",
    email: "E-post",
    charger_id: "Lader-id",
    customer_found: "Kunden er funnet: saken kobles til kontoen.",
    customer_not_found: "Ingen konto med denne adressen: saken lagres bare med kontaktinfo.",
    fill_everything: "Fyll inn navn, kontakt, lader og beskrivelse.",
    back_to_queue: "Tilbake til køen",
};

/// The categories a driver picks from, in the order shown (core's categories).
pub const DRIVER_CATEGORIES: [ReportCategory; 7] = [
    ReportCategory::WontStart,
    ReportCategory::StoppedDuringCharging,
    ReportCategory::CableStuck,
    ReportCategory::PhysicalDamage,
    ReportCategory::PaymentFailed,
    ReportCategory::DisplayFault,
    ReportCategory::Other,
];

impl Lang {
    /// Why the SLA does not let the case's clocks pause (`why` from the case view).
    #[cfg(feature = "staff")]
    pub fn pause_refused(self, why: &str, priority: &str) -> String {
        match (self, why) {
            (Lang::En, "priority") => {
                format!("The clock cannot be paused: this case's SLA never stops the clock for {priority} cases.")
            }
            (Lang::Nb, "priority") => {
                format!("Klokken kan ikke stoppes: avtalen for denne saken stopper aldri klokken for {priority}-saker.")
            }
            (Lang::En, _) => {
                "The clock cannot be paused: this case has used all the paused time its SLA allows.".to_string()
            }
            (Lang::Nb, _) => "Klokken kan ikke stoppes: saken har brukt all pausetiden avtalen tillater.".to_string(),
        }
    }

    pub fn c(self) -> &'static CaseTexts {
        match self {
            Lang::En => &EN,
            Lang::Nb => &NB,
        }
    }

    /// A report category's name, by core's code (`wont_start`…).
    pub fn category_name(self, code: &str) -> String {
        let (en, nb) = match code {
            "wont_start" => ("Won't start", "Starter ikke"),
            "stopped_during_charging" => ("Stopped early", "Stoppet underveis"),
            "cable_stuck" => ("Cable stuck", "Kabelen sitter fast"),
            "physical_damage" => ("Broken or damaged", "Ødelagt eller skadet"),
            "payment_failed" => ("Payment", "Betaling"),
            "display_fault" => ("Display", "Display"),
            "slow_charging" => ("Slow charging", "Treg lading"),
            "rfid_not_read" => ("Card not read", "Kortet leses ikke"),
            "charger_offline" => ("Charger offline", "Laderen er frakoblet"),
            "other" => ("Other", "Annet"),
            other => return other.replace('_', " "),
        };
        match self {
            Lang::En => en.to_string(),
            Lang::Nb => nb.to_string(),
        }
    }

    /// A case state's name, by core's snake_case code.
    pub fn case_state(self, code: &str) -> String {
        let (en, nb) = match code {
            "registered" => ("Registered", "Registrert"),
            "first_line" => ("Being looked at", "Under behandling"),
            "second_line" => ("With specialists", "Hos spesialister"),
            "field_action_proposed" => ("Repair planned", "Reparasjon planlagt"),
            "third_line" => ("Repair on its way", "Reparasjon på vei"),
            "visit_scheduled" => ("Visit booked", "Besøk avtalt"),
            "on_site" => ("Technician on site", "Tekniker på stedet"),
            "work_verified" => ("Repaired", "Reparert"),
            "awaiting_confirmation" => ("Fixed, awaiting confirmation", "Rettet, venter på bekreftelse"),
            "waiting_for_customer" => ("Waiting for the customer", "Venter på kunden"),
            "reopened" => ("Reopened", "Gjenåpnet"),
            "closed" => ("Closed", "Lukket"),
            "duplicate" => ("Duplicate", "Duplikat"),
            "cancelled" => ("Cancelled", "Avbrutt"),
            other => return other.replace('_', " "),
        };
        match self {
            Lang::En => en.to_string(),
            Lang::Nb => nb.to_string(),
        }
    }

    /// A support line's name (`first`, `second`, `third`): never a person's.
    pub fn line_name(self, code: Option<&str>) -> &'static str {
        match (self, code) {
            (Lang::En, Some("first")) => "1st line support",
            (Lang::En, Some("second")) => "2nd line support",
            (Lang::En, Some("third")) => "3rd line (field service)",
            (Lang::Nb, Some("first")) => "1. linje kundestøtte",
            (Lang::Nb, Some("second")) => "2. linje kundestøtte",
            (Lang::Nb, Some("third")) => "3. linje (feltservice)",
            (lang, _) => lang.c().nobody_yet,
        }
    }

    /// A breach risk (`breached`, `warning`, `none`) in words, so colour is never alone.
    #[cfg(feature = "staff")]
    pub fn breach_risk(self, code: &str) -> &'static str {
        match (self, code) {
            (Lang::En, "breached") => "Breached",
            (Lang::En, "warning") => "At risk",
            (Lang::En, _) => "On time",
            (Lang::Nb, "breached") => "Brutt",
            (Lang::Nb, "warning") => "I fare",
            (Lang::Nb, _) => "I rute",
        }
    }

    /// An SLA clock's outcome (`met`, `running`, `breached`) in words.
    #[cfg(feature = "staff")]
    pub fn sla_outcome(self, code: &str) -> &'static str {
        match (self, code) {
            (Lang::En, "met") => "Met",
            (Lang::En, "breached") => "Breached",
            (Lang::En, _) => "Running",
            (Lang::Nb, "met") => "Nådd",
            (Lang::Nb, "breached") => "Brutt",
            (Lang::Nb, _) => "Løper",
        }
    }

    /// An SLA clock's name by its kind; the server's label for a kind not known here.
    #[cfg(feature = "staff")]
    pub fn sla_kind(self, kind: &str, label: &str) -> String {
        let words = match (self, kind) {
            (Lang::En, "response") => "Response",
            (Lang::En, "first_line_window") => "1st line window",
            (Lang::En, "remote_resolution") => "Remote resolution",
            (Lang::En, "on_site") => "On site",
            (Lang::Nb, "response") => "Respons",
            (Lang::Nb, "first_line_window") => "1. linjes tid",
            (Lang::Nb, "remote_resolution") => "Løst på avstand",
            (Lang::Nb, "on_site") => "På stedet",
            _ => return label.to_string(),
        };
        words.to_string()
    }

    /// A timeline actor (`driver`, `system`, `first`…), never a person's name.
    pub fn actor_name(self, code: &str) -> &'static str {
        match (self, code) {
            (Lang::En, "driver") => "You",
            (Lang::En, "reporter") => "Driver",
            (Lang::Nb, "reporter") => "Sjåfør",
            (Lang::En, "system") => "Ladeklar",
            (Lang::En, "site_owner") => "Site owner",
            (Lang::En, "technician") => "Technician",
            (Lang::Nb, "driver") => "Du",
            (Lang::Nb, "system") => "Ladeklar",
            (Lang::Nb, "site_owner") => "Stedseier",
            (Lang::Nb, "technician") => "Tekniker",
            (lang, line) => lang.line_name(Some(line)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_driver_category_has_words_in_both_languages() {
        for category in DRIVER_CATEGORIES {
            for lang in [Lang::En, Lang::Nb] {
                let name = lang.category_name(category.as_str());
                assert!(!name.contains('_'), "{name}");
            }
        }
        assert_ne!(
            Lang::En.category_name("wont_start"),
            Lang::Nb.category_name("wont_start")
        );
    }

    #[test]
    fn a_line_is_never_a_person_and_risk_has_words() {
        assert_eq!(Lang::En.line_name(Some("second")), "2nd line support");
        assert_eq!(Lang::Nb.line_name(None), NB.nobody_yet);
        assert_eq!(Lang::En.breach_risk("warning"), "At risk");
        assert_eq!(Lang::Nb.actor_name("first"), "1. linje kundestøtte");
    }
}
