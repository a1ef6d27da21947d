//! The texts of the technician's screens (staff build): the day's work orders, one order on
//! site, the outbox and a site's service card. [`FieldTexts`] has one field per fixed text
//! and [`EN`] and [`NB`] give each a value, so a missing translation does not compile
//! ([`Lang::fv`]); core's refusals in words are methods on [`Lang`].

use ladeklar_core::field::visit_report::ReportProblem;
use ladeklar_core::field::work_order::{WorkOrderRefused, WorkOrderState};

use super::Lang;

#[derive(Debug)]
pub struct FieldTexts {
    pub my_day: &'static str,
    pub my_day_intro: &'static str,
    pub loading: &'static str,
    pub no_orders: &'static str,
    pub today: &'static str,
    pub directions: &'static str,
    pub service_card: &'static str,
    pub case: &'static str,
    pub proposal: &'static str,
    pub charger_now: &'static str,
    pub no_errors: &'static str,
    pub errors_now: &'static str,
    pub recent_errors: &'static str,
    pub expected_parts: &'static str,
    pub agreement: &'static str,
    pub open_order: &'static str,
    pub shown_from_phone: &'static str,
    pub order_not_here: &'static str,
    pub back_to_day: &'static str,
    pub check_in: &'static str,
    pub checked_in_at: &'static str,
    pub work: &'static str,
    pub summary: &'static str,
    pub parts_used: &'static str,
    pub part: &'static str,
    pub quantity: &'static str,
    pub add_part: &'static str,
    pub remove: &'static str,
    pub no_parts: &'static str,
    pub photos_before: &'static str,
    pub photos_after: &'static str,
    pub add_photo: &'static str,
    pub photo_limits: &'static str,
    pub photo_too_large: &'static str,
    pub photo_not_image: &'static str,
    pub too_many_photos: &'static str,
    pub record_work: &'static str,
    pub work_recorded: &'static str,
    pub verify: &'static str,
    pub verify_intro: &'static str,
    pub test_charge: &'static str,
    pub run_verify: &'static str,
    pub verifying: &'static str,
    pub verify_needs_network: &'static str,
    pub passed: &'static str,
    pub failed: &'static str,
    pub test_charge_result: &'static str,
    pub sign_off: &'static str,
    pub sign_off_intro: &'static str,
    pub customer_name: &'static str,
    pub signature: &'static str,
    pub signature_hint: &'static str,
    pub clear: &'static str,
    pub customer_signs: &'static str,
    pub signed_by: &'static str,
    pub check_out: &'static str,
    pub checked_out: &'static str,
    pub outbox: &'static str,
    pub outbox_empty: &'static str,
    pub saved_offline: &'static str,
    pub send_now: &'static str,
    pub sending: &'static str,
    pub item_check_in: &'static str,
    pub item_photo_before: &'static str,
    pub item_photo_after: &'static str,
    pub item_report: &'static str,
    pub waiting: &'static str,
    pub sent: &'static str,
    pub kept: &'static str,
    pub refused: &'static str,
    pub discard: &'static str,
    pub store_failed: &'static str,
}

pub static EN: FieldTexts = FieldTexts {
    my_day: "My day",
    my_day_intro: "Your work orders for today and the coming days.",
    loading: "Loading…",
    no_orders: "No work orders for you today or in the coming days.",
    today: "Today",
    directions: "Directions",
    service_card: "Service card",
    case: "Case",
    proposal: "2nd line proposes",
    charger_now: "The charger now",
    no_errors: "No errors reported in the last 14 days",
    errors_now: "Errors",
    recent_errors: "Recent errors (14 days)",
    expected_parts: "Parts to bring",
    agreement: "Agreed with the customer",
    open_order: "Open",
    shown_from_phone: "Shown as saved on this phone: the server cannot be reached.",
    order_not_here: "This work order is not among yours, or it was never opened on this phone.",
    back_to_day: "Back to my day",
    check_in: "Check in",
    checked_in_at: "Checked in",
    work: "The work",
    summary: "What was done",
    parts_used: "Parts used",
    part: "Part",
    quantity: "Quantity",
    add_part: "Add part",
    remove: "Remove",
    no_parts: "No parts used yet.",
    photos_before: "Photos before",
    photos_after: "Photos after",
    add_photo: "Add photo",
    photo_limits: "JPEG, PNG or WebP, at most 10 MB each; at most 5 photos on a case.",
    photo_too_large: "The photo is larger than 10 MB. Choose a smaller one.",
    photo_not_image: "This file is not a photo we can read (JPEG, PNG or WebP).",
    too_many_photos: "A case can have at most 5 photos.",
    record_work: "Record the work",
    work_recorded: "Work recorded",
    verify: "Verify operation",
    verify_intro:
        "The server asks the charger: the connector must be back to Available; a test charge starts and stops it.",
    test_charge: "Run a test charge",
    run_verify: "Verify now",
    verifying: "Asking the charger…",
    verify_needs_network:
        "Verifying needs a connection: the charger answers through the server. Try again when you are online.",
    passed: "Passed",
    failed: "Not passed",
    test_charge_result: "Test charge",
    sign_off: "Customer sign-off",
    sign_off_intro: "The customer confirms the charger works: their name and signature.",
    customer_name: "Customer's name",
    signature: "Signature",
    signature_hint: "Sign with a finger, pen or mouse in the box.",
    clear: "Clear",
    customer_signs: "Save the sign-off",
    signed_by: "Signed by",
    check_out: "Check out",
    checked_out: "Checked out",
    outbox: "Outbox",
    outbox_empty: "Nothing waiting to be sent.",
    saved_offline: "Saved on this phone — will be sent when you are online.",
    send_now: "Send now",
    sending: "Sending…",
    item_check_in: "Check-in",
    item_photo_before: "Photo before",
    item_photo_after: "Photo after",
    item_report: "Visit report",
    waiting: "Waiting",
    sent: "Sent",
    kept: "Kept for 3rd line",
    refused: "Refused",
    discard: "Discard",
    store_failed: "This phone's storage could not be used, so nothing can be kept offline here.",
};

pub static NB: FieldTexts = FieldTexts {
    my_day: "Min dag",
    my_day_intro: "Arbeidsordrene dine i dag og de neste dagene.",
    loading: "Laster …",
    no_orders: "Du har ingen arbeidsordrer i dag eller de neste dagene.",
    today: "I dag",
    directions: "Veibeskrivelse",
    service_card: "Servicekort",
    case: "Sak",
    proposal: "2. linje foreslår",
    charger_now: "Laderen nå",
    no_errors: "Ingen feil meldt de siste 14 dagene",
    errors_now: "Feil",
    recent_errors: "Nylige feil (14 dager)",
    expected_parts: "Deler å ta med",
    agreement: "Avtalt med kunden",
    open_order: "Åpne",
    shown_from_phone: "Vist slik den er lagret på telefonen: serveren kan ikke nås.",
    order_not_here: "Denne arbeidsordren er ikke din, eller den er aldri åpnet på denne telefonen.",
    back_to_day: "Tilbake til min dag",
    check_in: "Sjekk inn",
    checked_in_at: "Sjekket inn",
    work: "Arbeidet",
    summary: "Hva ble gjort",
    parts_used: "Deler brukt",
    part: "Del",
    quantity: "Antall",
    add_part: "Legg til del",
    remove: "Fjern",
    no_parts: "Ingen deler brukt ennå.",
    photos_before: "Bilder før",
    photos_after: "Bilder etter",
    add_photo: "Legg til bilde",
    photo_limits: "JPEG, PNG eller WebP, høyst 10 MB hver; høyst 5 bilder på en sak.",
    photo_too_large: "Bildet er større enn 10 MB. Velg et mindre bilde.",
    photo_not_image: "Denne filen er ikke et bilde vi kan lese (JPEG, PNG eller WebP).",
    too_many_photos: "En sak kan ha høyst 5 bilder.",
    record_work: "Registrer arbeidet",
    work_recorded: "Arbeidet er registrert",
    verify: "Kontroller at laderen virker",
    verify_intro: "Serveren spør laderen: kontakten må være Ledig igjen; en testlading starter og stopper den.",
    test_charge: "Kjør en testlading",
    run_verify: "Kontroller nå",
    verifying: "Spør laderen …",
    verify_needs_network: "Kontrollen trenger nett: laderen svarer gjennom serveren. Prøv igjen når du er på nett.",
    passed: "Godkjent",
    failed: "Ikke godkjent",
    test_charge_result: "Testlading",
    sign_off: "Kundens godkjenning",
    sign_off_intro: "Kunden bekrefter at laderen virker: navn og signatur.",
    customer_name: "Kundens navn",
    signature: "Signatur",
    signature_hint: "Signer med finger, penn eller mus i feltet.",
    clear: "Tøm",
    customer_signs: "Lagre godkjenningen",
    signed_by: "Signert av",
    check_out: "Sjekk ut",
    checked_out: "Sjekket ut",
    outbox: "Utboks",
    outbox_empty: "Ingenting venter på å bli sendt.",
    saved_offline: "Lagret på denne telefonen — sendes når du er på nett.",
    send_now: "Send nå",
    sending: "Sender …",
    item_check_in: "Innsjekking",
    item_photo_before: "Bilde før",
    item_photo_after: "Bilde etter",
    item_report: "Besøksrapport",
    waiting: "Venter",
    sent: "Sendt",
    kept: "Holdt av til 3. linje",
    refused: "Avvist",
    discard: "Forkast",
    store_failed: "Lagringen på denne telefonen kunne ikke brukes, så ingenting kan lagres uten nett her.",
};

impl Lang {
    /// The fixed texts of the technician's screens.
    pub fn fv(self) -> &'static FieldTexts {
        match self {
            Lang::En => &EN,
            Lang::Nb => &NB,
        }
    }

    /// A work order's state in words.
    pub fn order_state(self, state: WorkOrderState) -> &'static str {
        use WorkOrderState as S;
        match (self, state) {
            (Lang::En, S::Scheduled) => "Scheduled",
            (Lang::En, S::CheckedIn) => "Checked in",
            (Lang::En, S::WorkRecorded) => "Work recorded",
            (Lang::En, S::Verified) => "Verified",
            (Lang::En, S::SignedOff) => "Signed off",
            (Lang::En, S::CheckedOut) => "Checked out",
            (Lang::En, S::Cancelled) => "Cancelled (booked again)",
            (Lang::Nb, S::Scheduled) => "Planlagt",
            (Lang::Nb, S::CheckedIn) => "Sjekket inn",
            (Lang::Nb, S::WorkRecorded) => "Arbeid registrert",
            (Lang::Nb, S::Verified) => "Kontrollert",
            (Lang::Nb, S::SignedOff) => "Godkjent av kunden",
            (Lang::Nb, S::CheckedOut) => "Sjekket ut",
            (Lang::Nb, S::Cancelled) => "Avlyst (booket på nytt)",
        }
    }

    /// Core's refusal of a step, in plain words.
    pub fn order_refused(self, refused: &WorkOrderRefused) -> String {
        use WorkOrderRefused as R;
        match refused {
            R::NotFromState { state, .. } => match self {
                Lang::En => format!(
                    "Not now: the work order is {}.",
                    self.order_state(*state).to_lowercase()
                ),
                Lang::Nb => format!("Ikke nå: arbeidsordren er {}.", self.order_state(*state).to_lowercase()),
            },
            R::NotCheckedIn => match self {
                Lang::En => "Check in first.".into(),
                Lang::Nb => "Sjekk inn først.".into(),
            },
            R::SignOffBeforeVerification => match self {
                Lang::En => "The customer signs off a verified fix only: verify operation first.".into(),
                Lang::Nb => "Kunden godkjenner bare en kontrollert reparasjon: kontroller laderen først.".into(),
            },
            R::CloseWithoutVerification => match self {
                Lang::En => "You cannot check out before the charger has passed verification.".into(),
                Lang::Nb => "Du kan ikke sjekke ut før laderen er kontrollert og godkjent.".into(),
            },
            R::CloseWithoutSignOff => match self {
                Lang::En => "You cannot check out before the customer has signed off.".into(),
                Lang::Nb => "Du kan ikke sjekke ut før kunden har godkjent.".into(),
            },
            R::Report(problem) => self.report_problem(problem),
            R::TimeWentBackwards { .. } => match self {
                Lang::En => "This phone's clock is behind the work order's last step. Check the time.".into(),
                Lang::Nb => "Klokken på telefonen er før arbeidsordrens siste steg. Sjekk klokken.".into(),
            },
        }
    }

    /// Core's problem with the work or the sign-off, in plain words.
    pub fn report_problem(self, problem: &ReportProblem) -> String {
        use ReportProblem as P;
        let en = self == Lang::En;
        match problem {
            P::NoSummary if en => "Say what was done.".into(),
            P::NoSummary => "Skriv hva som ble gjort.".into(),
            P::UnknownPart { part, .. } if en => format!("{part} is not in the parts list."),
            P::UnknownPart { part, .. } => format!("{part} står ikke i delelisten."),
            P::Quantity { part, .. } if en => format!("{part}: the quantity must be a whole number above zero."),
            P::Quantity { part, .. } => format!("{part}: antallet må være et helt tall over null."),
            P::PartTwice { part, .. } if en => format!("{part} is listed twice: give one line with the total."),
            P::PartTwice { part, .. } => format!("{part} står to ganger: skriv én linje med summen."),
            P::UnknownPhoto { .. } if en => "A photo is missing from this phone. Remove it and take it again.".into(),
            P::UnknownPhoto { .. } => "Et bilde mangler på telefonen. Fjern det og ta det på nytt.".into(),
            P::NoVerificationMethod if en => "Say how the fix was verified.".into(),
            P::NoVerificationMethod => "Skriv hvordan reparasjonen ble kontrollert.".into(),
            P::SignerNameMissing if en => "Write the customer's name.".into(),
            P::SignerNameMissing => "Skriv kundens navn.".into(),
            P::SignatureMissing if en => "The customer has not signed yet.".into(),
            P::SignatureMissing => "Kunden har ikke signert ennå.".into(),
            P::SignatureNotPng | P::SignatureUnreadable if en => {
                "The signature could not be read. Clear it and sign again.".into()
            }
            P::SignatureNotPng | P::SignatureUnreadable => {
                "Signaturen kunne ikke leses. Tøm feltet og signer på nytt.".into()
            }
            P::SignatureTooLarge { .. } if en => "The signature is too large. Clear it and sign again.".into(),
            P::SignatureTooLarge { .. } => "Signaturen er for stor. Tøm feltet og signer på nytt.".into(),
            P::ConfirmationWithoutAccount if en => "The customer's confirmation names no account.".into(),
            P::ConfirmationWithoutAccount => "Kundens bekreftelse oppgir ingen konto.".into(),
        }
    }

    /// Why the server kept a report for 3rd line (its reason is the server's, in English).
    pub fn field_kept_why(self, why: &str) -> String {
        match self {
            Lang::En => format!("The case moved on before the report arrived: {why}"),
            Lang::Nb => format!("Saken gikk videre før rapporten kom fram: {why}"),
        }
    }
}
