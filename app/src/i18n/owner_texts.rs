//! The texts of the owner's overview and statements. [`OwnerTexts`] has one field per fixed
//! text and [`EN`] and [`NB`] give each a value, so a missing translation does not compile
//! ([`Lang::ow`]); texts with values are methods on [`Lang`].

use super::Lang;

#[derive(Debug)]
pub struct OwnerTexts {
    pub overview: &'static str,
    pub overview_intro: &'static str,
    pub statements: &'static str,
    pub statements_intro: &'static str,
    pub loading: &'static str,
    pub no_owner: &'static str,
    pub no_sites: &'static str,
    pub sites: &'static str,
    pub connected: &'static str,
    pub not_connected: &'static str,
    pub connector: &'static str,
    pub revenue: &'static str,
    pub no_revenue: &'static str,
    pub month_total: &'static str,
    pub open_cases: &'static str,
    pub no_statements: &'static str,
    pub number: &'static str,
    pub month: &'static str,
    pub total_incl_vat: &'static str,
    pub fee: &'static str,
    pub payout: &'static str,
    pub status: &'static str,
    pub statement: &'static str,
    pub credit_note: &'static str,
    pub due: &'static str,
    pub paid: &'static str,
    pub download_pdf: &'static str,
    pub download_csv: &'static str,
    pub issue_title: &'static str,
    pub issue_hint: &'static str,
    pub issue: &'static str,
    pub issuing: &'static str,
    pub invalid_month: &'static str,
    pub org_number_missing: &'static str,
    pub org_number: &'static str,
}

pub static EN: OwnerTexts = OwnerTexts {
    overview: "Overview",
    overview_intro: "Your sites and chargers as they report now, and what they earned.",
    statements: "Statements",
    statements_intro: "Self-billing statements and credit notes, issued by Ladeklar on your behalf.",
    loading: "Loading…",
    no_owner: "This account does not belong to a site owner.",
    no_sites: "You have no sites yet.",
    sites: "Sites and chargers",
    connected: "Connected",
    not_connected: "Not connected",
    connector: "Connector",
    revenue: "Revenue per day",
    no_revenue: "No revenue in the last 30 days.",
    month_total: "This month so far",
    open_cases: "Open support cases",
    no_statements: "No statements yet.",
    number: "No.",
    month: "Month",
    total_incl_vat: "Total incl. VAT",
    fee: "Fee",
    payout: "Payout",
    status: "Status",
    statement: "Statement",
    credit_note: "Credit note",
    due: "Due",
    paid: "Paid",
    download_pdf: "PDF",
    download_csv: "CSV",
    issue_title: "Issue statements for a month",
    issue_hint: "A month that is over, as YYYY-MM.",
    issue: "Issue statements",
    issuing: "Issuing…",
    invalid_month: "Not accepted: give a month that is over, as YYYY-MM.",
    org_number_missing: "No organisation number is registered for you yet: ask support to add it.",
    org_number: "Organisation number",
};

pub static NB: OwnerTexts = OwnerTexts {
    overview: "Oversikt",
    overview_intro: "Stedene og laderne dine slik de melder nå, og hva de har tjent.",
    statements: "Avregninger",
    statements_intro: "Selvfakturerte avregninger og kreditnotaer, utstedt av Ladeklar på dine vegne.",
    loading: "Laster…",
    no_owner: "Denne kontoen hører ikke til en stedseier.",
    no_sites: "Du har ingen steder ennå.",
    sites: "Steder og ladere",
    connected: "På nett",
    not_connected: "Ikke på nett",
    connector: "Kontakt",
    revenue: "Inntekt per dag",
    no_revenue: "Ingen inntekt de siste 30 dagene.",
    month_total: "Denne måneden så langt",
    open_cases: "Åpne supportsaker",
    no_statements: "Ingen avregninger ennå.",
    number: "Nr.",
    month: "Måned",
    total_incl_vat: "Sum inkl. mva.",
    fee: "Gebyr",
    payout: "Utbetaling",
    status: "Status",
    statement: "Avregning",
    credit_note: "Kreditnota",
    due: "Til utbetaling",
    paid: "Utbetalt",
    download_pdf: "PDF",
    download_csv: "CSV",
    issue_title: "Utsted avregninger for en måned",
    issue_hint: "En måned som er over, som ÅÅÅÅ-MM.",
    issue: "Utsted avregninger",
    issuing: "Utsteder…",
    invalid_month: "Ikke godtatt: oppgi en måned som er over, som ÅÅÅÅ-MM.",
    org_number_missing: "Du har ikke registrert organisasjonsnummer ennå: be support legge det inn.",
    org_number: "Organisasjonsnummer",
};

impl Lang {
    /// The fixed texts of the owner's overview and statements.
    pub fn ow(self) -> &'static OwnerTexts {
        match self {
            Lang::En => &EN,
            Lang::Nb => &NB,
        }
    }

    /// What issuing a month did: new documents, the month's earlier ones, or nothing to state.
    pub fn statements_issued(self, month: &str, created: bool, count: usize) -> String {
        match (self, created, count) {
            (Lang::En, _, 0) => format!("Nothing to state for {month}: no sessions were paid that month."),
            (Lang::Nb, _, 0) => format!("Ingenting å avregne for {month}: ingen økter ble betalt den måneden."),
            (Lang::En, true, n) => format!("Issued {n} document(s) for {month}."),
            (Lang::Nb, true, n) => format!("Utstedte {n} dokument(er) for {month}."),
            (Lang::En, false, _) => format!("{month} had been issued before: its documents are in the list."),
            (Lang::Nb, false, _) => format!("{month} var utstedt fra før: dokumentene står i listen."),
        }
    }

    /// "3 sessions".
    pub fn sessions_count(self, n: usize) -> String {
        match (self, n) {
            (Lang::En, 1) => "1 session".to_string(),
            (Lang::En, n) => format!("{n} sessions"),
            (Lang::Nb, 1) => "1 økt".to_string(),
            (Lang::Nb, n) => format!("{n} økter"),
        }
    }
}
