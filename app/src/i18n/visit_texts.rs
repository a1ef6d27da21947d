//! The texts of 3rd line's booking form, a site's service card and the SLA report (issue 18,
//! staff build). [`VisitTexts`] has one field per fixed text and [`EN`] and [`NB`] give each
//! a value, so a missing translation does not compile ([`Lang::v`]); core's refusals (a slot
//! outside the SLA window, a part not on the list) and texts with values are methods on
//! [`Lang`].

use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use ladeklar_core::field::slot::SlotRefused;
use ladeklar_core::field::visit_report::ReportProblem;
use ladeklar_core::support::sla::{CalendarKind, SlaCalendar};

use super::Lang;

#[derive(Debug)]
pub struct VisitTexts {
    pub book_visit: &'static str,
    pub book_intro: &'static str,
    pub loading: &'static str,
    pub window: &'static str,
    pub around_the_clock: &'static str,
    pub deadline: &'static str,
    pub late_case: &'static str,
    pub holidays: &'static str,
    pub no_holidays: &'static str,
    pub technician: &'static str,
    pub choose_technician: &'static str,
    pub no_technicians: &'static str,
    pub date: &'static str,
    pub start: &'static str,
    pub duration: &'static str,
    pub slot_ok: &'static str,
    pub customer_agreed: &'static str,
    pub agreement_note: &'static str,
    pub agreement_hint: &'static str,
    pub agreement_missing: &'static str,
    pub agreement_note_missing: &'static str,
    pub expected_parts: &'static str,
    pub no_parts: &'static str,
    pub part: &'static str,
    pub quantity: &'static str,
    pub add_part: &'static str,
    pub remove: &'static str,
    pub book: &'static str,
    pub booking: &'static str,
    pub booked_now: &'static str,
    pub rebook_hint: &'static str,
    pub technician_missing: &'static str,
    pub not_a_technician: &'static str,
    pub slot_incomplete: &'static str,
    pub service_card: &'static str,
    pub service_card_intro: &'static str,
    pub visits: &'static str,
    pub no_visits: &'static str,
    pub cases: &'static str,
    pub no_cases: &'static str,
    pub parts_total: &'static str,
    pub no_parts_used: &'static str,
    pub documents: &'static str,
    pub no_documents: &'static str,
    pub work: &'static str,
    pub parts_used: &'static str,
    pub verification: &'static str,
    pub signed_off_by: &'static str,
    pub confirmed_in_app: &'static str,
    pub signature: &'static str,
    pub photos: &'static str,
    pub kept_reports: &'static str,
    pub booked_for: &'static str,
    pub checked_out: &'static str,
    pub download_pdf: &'static str,
    pub download_csv: &'static str,
    pub open_service_card: &'static str,
    pub sla_report: &'static str,
    pub sla_report_intro: &'static str,
    pub owner: &'static str,
    pub site: &'static str,
    pub every_owner: &'static str,
    pub every_site: &'static str,
    pub month: &'static str,
    pub show: &'static str,
    pub cases_count: &'static str,
    pub open: &'static str,
    pub closed: &'static str,
    pub cancelled: &'static str,
    pub response: &'static str,
    pub resolution: &'static str,
    pub median: &'static str,
    pub p90: &'static str,
    pub within_sla: &'static str,
    pub share_within_sla: &'static str,
    pub breaches: &'static str,
    pub no_breaches: &'static str,
    pub times_chart: &'static str,
    pub uptime: &'static str,
    pub uptime_chart: &'static str,
    pub no_chargers: &'static str,
    pub unknown: &'static str,
    pub no_cases_month: &'static str,
    pub no_times: &'static str,
    pub charger: &'static str,
    pub case: &'static str,
    pub priority: &'static str,
    pub target: &'static str,
    pub late: &'static str,
    pub down: &'static str,
    pub choose_owner: &'static str,
}

pub static EN: VisitTexts = VisitTexts {
    book_visit: "Book a field visit",
    book_intro: "A technician, a time inside the SLA window, what the customer agreed to, and the parts to bring.",
    loading: "Loading…",
    window: "The SLA window",
    around_the_clock: "Around the clock (24/7)",
    deadline: "On site by",
    late_case: "The case is past its deadline: book the soonest visit you can.",
    holidays: "Public holidays until then",
    no_holidays: "None",
    technician: "Technician",
    choose_technician: "Choose a technician",
    no_technicians: "No account has the technician role: an admin gives one the role first.",
    date: "Date",
    start: "Starts at",
    duration: "Minutes on site",
    slot_ok: "Inside the SLA window.",
    customer_agreed: "The customer agreed to this visit",
    agreement_note: "What was agreed",
    agreement_hint: "The time, access to the site, who meets the technician",
    agreement_missing: "Tick this once the customer has agreed to the visit.",
    agreement_note_missing: "Write down what the customer agreed to.",
    expected_parts: "Parts to bring",
    no_parts: "No parts expected.",
    part: "Part",
    quantity: "Quantity",
    add_part: "Add a part",
    remove: "Remove",
    book: "Book the visit",
    booking: "Booking…",
    booked_now: "Booked now",
    rebook_hint: "Booking again cancels this visit's work order; its technician no longer sees it.",
    technician_missing: "Choose the technician who goes.",
    not_a_technician: "This account is not a technician's.",
    slot_incomplete: "Give a date, a start time and the minutes on site.",
    service_card: "Service card",
    service_card_intro: "Every visit, case, part and document at this site.",
    visits: "Visits",
    no_visits: "No visits at this site yet.",
    cases: "Cases",
    no_cases: "No cases at this site.",
    parts_total: "Parts used, totalled",
    no_parts_used: "No parts used yet.",
    documents: "Documents",
    no_documents: "No documents yet.",
    work: "Work",
    parts_used: "Parts",
    verification: "Verified",
    signed_off_by: "Signed off by",
    confirmed_in_app: "confirmed in the customer's app",
    signature: "The customer's signature",
    photos: "Photos",
    kept_reports: "Reports kept for 3rd line",
    booked_for: "Booked for",
    checked_out: "Checked out",
    download_pdf: "Download PDF",
    download_csv: "Download CSV",
    open_service_card: "The site's service card",
    sla_report: "SLA report",
    sla_report_intro: "A month's cases against the SLA, and each charger's uptime.",
    owner: "Owner",
    site: "Site",
    every_owner: "Every owner (the whole platform)",
    every_site: "Every site of the owner",
    month: "Month",
    show: "Show",
    cases_count: "Cases",
    open: "Open",
    closed: "Closed",
    cancelled: "Cancelled",
    response: "Response",
    resolution: "Resolution",
    median: "median",
    p90: "90th percentile",
    within_sla: "Within the SLA",
    share_within_sla: "Share within the SLA",
    breaches: "Breaches",
    no_breaches: "No breaches this month.",
    times_chart: "Response and resolution, minutes",
    uptime: "Uptime per charger",
    uptime_chart: "Uptime per charger, %",
    no_chargers: "No chargers in this report.",
    unknown: "unknown",
    no_cases_month: "No cases this month.",
    no_times: "No response or resolution took measurable time this month.",
    charger: "Charger",
    case: "Case",
    priority: "Priority",
    target: "Target",
    late: "Late",
    down: "Down",
    choose_owner: "Pick an owner (and a site) to see their report; every owner: the whole platform.",
};

pub static NB: VisitTexts = VisitTexts {
    book_visit: "Bestill et feltbesøk",
    book_intro: "En tekniker, et tidspunkt innenfor SLA-vinduet, hva kunden har godtatt, og delene som trengs.",
    loading: "Laster…",
    window: "SLA-vinduet",
    around_the_clock: "Døgnet rundt (24/7)",
    deadline: "På stedet innen",
    late_case: "Saken har passert fristen: bestill det tidligste besøket du kan.",
    holidays: "Helligdager fram til da",
    no_holidays: "Ingen",
    technician: "Tekniker",
    choose_technician: "Velg en tekniker",
    no_technicians: "Ingen konto har teknikerrollen: en administrator må gi en konto rollen først.",
    date: "Dato",
    start: "Starter kl.",
    duration: "Minutter på stedet",
    slot_ok: "Innenfor SLA-vinduet.",
    customer_agreed: "Kunden har godtatt besøket",
    agreement_note: "Hva som er avtalt",
    agreement_hint: "Tidspunktet, adgang til stedet, hvem som møter teknikeren",
    agreement_missing: "Kryss av når kunden har godtatt besøket.",
    agreement_note_missing: "Skriv ned hva kunden har godtatt.",
    expected_parts: "Deler som trengs",
    no_parts: "Ingen deler forventet.",
    part: "Del",
    quantity: "Antall",
    add_part: "Legg til en del",
    remove: "Fjern",
    book: "Bestill besøket",
    booking: "Bestiller…",
    booked_now: "Bestilt nå",
    rebook_hint: "En ny bestilling kansellerer arbeidsordren for dette besøket; teknikeren ser den ikke lenger.",
    technician_missing: "Velg teknikeren som drar.",
    not_a_technician: "Denne kontoen tilhører ikke en tekniker.",
    slot_incomplete: "Oppgi dato, starttid og minutter på stedet.",
    service_card: "Servicekort",
    service_card_intro: "Alle besøk, saker, deler og dokumenter på dette stedet.",
    visits: "Besøk",
    no_visits: "Ingen besøk på dette stedet ennå.",
    cases: "Saker",
    no_cases: "Ingen saker på dette stedet.",
    parts_total: "Brukte deler, summert",
    no_parts_used: "Ingen deler brukt ennå.",
    documents: "Dokumenter",
    no_documents: "Ingen dokumenter ennå.",
    work: "Arbeid",
    parts_used: "Deler",
    verification: "Verifisert",
    signed_off_by: "Kvittert av",
    confirmed_in_app: "bekreftet i kundens app",
    signature: "Kundens signatur",
    photos: "Bilder",
    kept_reports: "Rapporter holdt av til 3. linje",
    booked_for: "Bestilt til",
    checked_out: "Sjekket ut",
    download_pdf: "Last ned PDF",
    download_csv: "Last ned CSV",
    open_service_card: "Stedets servicekort",
    sla_report: "SLA-rapport",
    sla_report_intro: "En måneds saker målt mot SLA-en, og hver laders oppetid.",
    owner: "Eier",
    site: "Sted",
    every_owner: "Alle eiere (hele plattformen)",
    every_site: "Alle eierens steder",
    month: "Måned",
    show: "Vis",
    cases_count: "Saker",
    open: "Åpne",
    closed: "Lukket",
    cancelled: "Kansellert",
    response: "Respons",
    resolution: "Løsning",
    median: "median",
    p90: "90-persentil",
    within_sla: "Innenfor SLA-en",
    share_within_sla: "Andel innenfor SLA-en",
    breaches: "Brudd",
    no_breaches: "Ingen brudd denne måneden.",
    times_chart: "Respons og løsning, minutter",
    uptime: "Oppetid per lader",
    uptime_chart: "Oppetid per lader, %",
    no_chargers: "Ingen ladere i denne rapporten.",
    unknown: "ukjent",
    no_cases_month: "Ingen saker denne måneden.",
    no_times: "Ingen respons eller løsning tok målbar tid denne måneden.",
    charger: "Lader",
    case: "Sak",
    priority: "Prioritet",
    target: "Mål",
    late: "Forsinket",
    down: "Nede",
    choose_owner: "Velg en eier (og et sted) for å se rapporten deres; alle eiere: hele plattformen.",
};

fn weekday(lang: Lang, d: Weekday) -> &'static str {
    let (en, nb) = match d {
        Weekday::Mon => ("Monday", "mandag"),
        Weekday::Tue => ("Tuesday", "tirsdag"),
        Weekday::Wed => ("Wednesday", "onsdag"),
        Weekday::Thu => ("Thursday", "torsdag"),
        Weekday::Fri => ("Friday", "fredag"),
        Weekday::Sat => ("Saturday", "lørdag"),
        Weekday::Sun => ("Sunday", "søndag"),
    };
    match lang {
        Lang::En => en,
        Lang::Nb => nb,
    }
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

impl Lang {
    /// The fixed texts of the booking form, the service card and the SLA report.
    pub fn v(self) -> &'static VisitTexts {
        match self {
            Lang::En => &EN,
            Lang::Nb => &NB,
        }
    }

    /// The SLA calendar in words: "Business hours 08:00–16:00, Monday–Friday, in Europe/Oslo".
    pub fn calendar_words(self, c: &SlaCalendar) -> String {
        if c.kind == CalendarKind::TwentyFourSeven {
            return self.v().around_the_clock.to_string();
        }
        let days = match (c.hours.weekdays.first(), c.hours.weekdays.last()) {
            (Some(a), Some(b)) if a != b => format!("{}–{}", weekday(self, *a), weekday(self, *b)),
            (Some(a), _) => weekday(self, *a).to_string(),
            _ => String::new(),
        };
        let (opens, closes) = (hm(c.hours.opens), hm(c.hours.closes));
        match self {
            Lang::En => format!("Business hours {opens}–{closes}, {days}, {} time", c.time_zone),
            Lang::Nb => format!("Arbeidstid {opens}–{closes}, {days}, {}-tid", c.time_zone),
        }
    }

    /// Core's refusal of a slot, in words, times in `tz` (the site's).
    pub fn slot_refused(self, r: &SlotRefused, tz: Tz) -> String {
        let at = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
        match (self, r) {
            (Lang::En, SlotRefused::EndsBeforeItStarts { .. }) => "The visit must last at least a minute.".into(),
            (Lang::Nb, SlotRefused::EndsBeforeItStarts { .. }) => "Besøket må vare minst ett minutt.".into(),
            (Lang::En, SlotRefused::TooLong { hours }) => {
                format!("The visit lasts {hours} hours; book at most 12 hours.")
            }
            (Lang::Nb, SlotRefused::TooLong { hours }) => {
                format!("Besøket varer {hours} timer; bestill høyst 12 timer.")
            }
            (Lang::En, SlotRefused::InThePast { .. }) => "That time has passed: choose a later one.".into(),
            (Lang::Nb, SlotRefused::InThePast { .. }) => "Det tidspunktet er passert: velg et senere.".into(),
            (Lang::En, SlotRefused::NotAWorkingDay { date, weekday: d }) => {
                format!("{date} is a {}: not a working day of the SLA.", weekday(self, *d))
            }
            (Lang::Nb, SlotRefused::NotAWorkingDay { date, weekday: d }) => {
                format!("{date} er en {}: ikke en arbeidsdag i SLA-en.", weekday(self, *d))
            }
            (Lang::En, SlotRefused::PublicHoliday { date, name }) => {
                format!("{date} is a public holiday ({name}).")
            }
            (Lang::Nb, SlotRefused::PublicHoliday { date, name }) => format!("{date} er en helligdag ({name})."),
            (Lang::En, SlotRefused::OutsideBusinessHours { date, opens, closes }) => format!(
                "Outside the SLA's business hours: on {date} a visit fits between {} and {}.",
                hm(*opens),
                hm(*closes)
            ),
            (Lang::Nb, SlotRefused::OutsideBusinessHours { date, opens, closes }) => format!(
                "Utenfor SLA-ens arbeidstid: {date} må besøket ligge mellom {} og {}.",
                hm(*opens),
                hm(*closes)
            ),
            (Lang::En, SlotRefused::AfterDeadline { deadline }) => {
                format!("The visit ends after the on-site deadline ({}).", at(*deadline))
            }
            (Lang::Nb, SlotRefused::AfterDeadline { deadline }) => {
                format!(
                    "Besøket slutter etter fristen for å være på stedet ({}).",
                    at(*deadline)
                )
            }
            (Lang::En, SlotRefused::LateCaseNotSoonest { latest }) => format!(
                "The case is late: book a visit that ends by {} (as soon as possible).",
                at(*latest)
            ),
            (Lang::Nb, SlotRefused::LateCaseNotSoonest { latest }) => format!(
                "Saken er forsinket: bestill et besøk som slutter innen {} (så snart som mulig).",
                at(*latest)
            ),
        }
    }

    /// Core's refusal of an expected part, in words.
    pub fn part_problem(self, p: &ReportProblem) -> String {
        match (self, p) {
            (Lang::En, ReportProblem::UnknownPart { part, .. }) => format!("\"{part}\" is not on the parts list."),
            (Lang::Nb, ReportProblem::UnknownPart { part, .. }) => format!("«{part}» står ikke på delelisten."),
            (Lang::En, ReportProblem::Quantity { part, quantity, .. }) => {
                format!("{quantity} × {part}: a quantity must be above zero.")
            }
            (Lang::Nb, ReportProblem::Quantity { part, quantity, .. }) => {
                format!("{quantity} × {part}: antallet må være over null.")
            }
            (Lang::En, ReportProblem::PartTwice { part, .. }) => {
                format!("{part} is listed twice: give one line with the total.")
            }
            (Lang::Nb, ReportProblem::PartTwice { part, .. }) => {
                format!("{part} står to ganger: gi én linje med totalen.")
            }
            (Lang::En, other) => other.to_string(),
            (Lang::Nb, other) => other.to_string(),
        }
    }

    /// A work order's state (core's names, snake_case).
    pub fn work_order_state(self, state: &str) -> String {
        let (en, nb) = match state {
            "scheduled" => ("Scheduled", "Planlagt"),
            "checked_in" => ("Checked in", "Sjekket inn"),
            "work_recorded" => ("Work recorded", "Arbeid registrert"),
            "verified" => ("Verified", "Verifisert"),
            "signed_off" => ("Signed off", "Kvittert"),
            "checked_out" => ("Checked out", "Sjekket ut"),
            "cancelled" => ("Cancelled (booked again)", "Kansellert (bestilt på nytt)"),
            other => (other, other),
        };
        match self {
            Lang::En => en.to_string(),
            Lang::Nb => nb.to_string(),
        }
    }

    /// "1440 min late" / "95 min".
    pub fn minutes_late(self, minutes: i64) -> String {
        match self {
            Lang::En => format!("{minutes} min late"),
            Lang::Nb => format!("{minutes} min for sent"),
        }
    }
}
