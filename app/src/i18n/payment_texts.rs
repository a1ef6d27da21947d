//! The texts of paying: the account's cards, debts and charging cards, the hold before a
//! start, the payment on the live page and the receipt. [`PaymentTexts`] has one field per
//! fixed text and [`EN`] and [`NB`] give each a value, so a missing translation does not
//! compile ([`Lang::p`]); texts with values are methods on [`Lang`].

use super::Lang;

#[derive(Debug)]
pub struct PaymentTexts {
    pub payment: &'static str,
    pub saved_cards: &'static str,
    pub no_cards: &'static str,
    pub default_card: &'static str,
    pub make_default: &'static str,
    pub remove: &'static str,
    pub add_card: &'static str,
    pub adding_card: &'static str,
    pub save_card: &'static str,
    pub card_added: &'static str,
    pub card_details: &'static str,
    pub card_loading: &'static str,
    pub card_secure_note: &'static str,
    pub owed_title: &'static str,
    pub nothing_owed: &'static str,
    pub pay_now: &'static str,
    pub paying: &'static str,
    pub debt_paid: &'static str,
    pub rfid_tags: &'static str,
    pub tags_intro: &'static str,
    pub no_tags: &'static str,
    pub tag_uid: &'static str,
    pub tag_uid_hint: &'static str,
    pub tag_name: &'static str,
    pub tag_name_hint: &'static str,
    pub link_tag: &'static str,
    pub linking: &'static str,
    pub block: &'static str,
    pub unblock: &'static str,
    pub tag_active: &'static str,
    pub tag_blocked: &'static str,
    pub tag_unusable: &'static str,
    pub how_you_pay: &'static str,
    pub spending_cap: &'static str,
    pub cap_other: &'static str,
    pub cap_amount: &'static str,
    pub pay_with: &'static str,
    pub another_card: &'static str,
    pub receipt_email: &'static str,
    pub guest_note: &'static str,
    pub save_cards_link: &'static str,
    pub authenticating: &'static str,
    pub paid_with: &'static str,
    pub paying_with: &'static str,
    pub paid: &'static str,
    pub settling: &'static str,
    pub not_charged: &'static str,
    pub card_refused: &'static str,
    pub card_form_failed: &'static str,
    pub stopped_at_cap: &'static str,
    pub download_pdf: &'static str,
    pub history_intro: &'static str,
    pub history_from: &'static str,
    pub history_to: &'static str,
    pub history_show: &'static str,
    pub history_csv: &'static str,
    pub history_empty: &'static str,
    pub loading_history: &'static str,
    pub history_bad_range: &'static str,
    pub history_under_way: &'static str,
    pub dispute: &'static str,
    pub receipt_number: &'static str,
    pub guest_title: &'static str,
    pub guest_intro: &'static str,
    pub other_connectors: &'static str,
}

pub static EN: PaymentTexts = PaymentTexts {
    payment: "Payment",
    saved_cards: "Saved cards",
    no_cards: "No saved cards yet.",
    default_card: "Default",
    make_default: "Make default",
    remove: "Remove",
    add_card: "Add a card",
    adding_card: "Adding the card…",
    save_card: "Save card",
    card_added: "Card added.",
    card_details: "Card number, expiry date and CVC",
    card_loading: "Loading the card form…",
    card_secure_note:
        "Your card details go straight to Stripe, our payment provider. Ladeklar never sees the card number.",
    owed_title: "Owed",
    nothing_owed: "You owe nothing.",
    pay_now: "Pay now",
    paying: "Paying…",
    debt_paid: "Paid. Thank you: your charging cards work again.",
    rfid_tags: "Charging cards (RFID)",
    tags_intro: "Link a charging card or key fob: sessions started with it are paid with your default card.",
    no_tags: "No charging cards linked yet.",
    tag_uid: "Card number (UID)",
    tag_uid_hint: "As your reader shows it, e.g. 04:A2:3B:1C:5D:80:7F",
    tag_name: "Name",
    tag_name_hint: "So you know which one it is, e.g. Blue key fob",
    link_tag: "Link card",
    linking: "Linking…",
    block: "Block",
    unblock: "Unblock",
    tag_active: "Active",
    tag_blocked: "Blocked",
    tag_unusable: "Not usable now: add a card, or pay what you owe.",
    how_you_pay: "How you pay",
    spending_cap: "Spending cap",
    cap_other: "Other",
    cap_amount: "Your cap",
    pay_with: "Pay with",
    another_card: "Another card",
    receipt_email: "E-mail for the receipt (optional)",
    guest_note: "No account needed: pay by card.",
    save_cards_link: "Save a card for next time",
    authenticating: "Confirm with your bank…",
    paid_with: "Paid with",
    paying_with: "Paying with",
    paid: "Paid",
    settling: "Taking the payment from your card…",
    not_charged:
        "Nothing: below the smallest amount a card can be charged, so this one is on us. The hold is released.",
    card_refused: "The card could not be used. Check the number, expiry date and CVC, or try another card.",
    card_form_failed: "The card form could not load. Check your connection and reload the page.",
    stopped_at_cap: "Charging stopped because the cost reached your spending cap.",
    download_pdf: "Download the receipt (PDF)",
    history_intro: "Your charging sessions, newest first. Open one for its receipt.",
    history_from: "From (first day)",
    history_to: "To (last day)",
    history_show: "Show",
    history_csv: "Download as CSV (for a spreadsheet)",
    history_empty: "No charging sessions in this period.",
    loading_history: "Loading your charging sessions…",
    history_bad_range: "The first day must not be after the last.",
    history_under_way: "Under way",
    dispute: "Dispute this charge",
    receipt_number: "Receipt number",
    guest_title: "Charge here, no account needed",
    guest_intro: "Pay by card on this page. You see the price before you start.",
    other_connectors: "All connectors on this charger",
};

pub static NB: PaymentTexts = PaymentTexts {
    payment: "Betaling",
    saved_cards: "Lagrede kort",
    no_cards: "Ingen lagrede kort ennå.",
    default_card: "Standard",
    make_default: "Gjør til standard",
    remove: "Fjern",
    add_card: "Legg til et kort",
    adding_card: "Legger til kortet …",
    save_card: "Lagre kortet",
    card_added: "Kortet er lagt til.",
    card_details: "Kortnummer, utløpsdato og CVC",
    card_loading: "Laster kortskjemaet …",
    card_secure_note:
        "Kortopplysningene går rett til Stripe, betalingsleverandøren vår. Ladeklar ser aldri kortnummeret.",
    owed_title: "Utestående",
    nothing_owed: "Du skylder ingenting.",
    pay_now: "Betal nå",
    paying: "Betaler …",
    debt_paid: "Betalt. Takk! Ladebrikkene dine virker igjen.",
    rfid_tags: "Ladebrikker (RFID)",
    tags_intro: "Koble til en ladebrikke: lading startet med den betales med standardkortet ditt.",
    no_tags: "Ingen ladebrikker er koblet til ennå.",
    tag_uid: "Brikkenummer (UID)",
    tag_uid_hint: "Slik leseren viser det, f.eks. 04:A2:3B:1C:5D:80:7F",
    tag_name: "Navn",
    tag_name_hint: "Så du vet hvilken det er, f.eks. Blå brikke",
    link_tag: "Koble til",
    linking: "Kobler til …",
    block: "Sperr",
    unblock: "Opphev sperring",
    tag_active: "Aktiv",
    tag_blocked: "Sperret",
    tag_unusable: "Kan ikke brukes nå: legg til et kort, eller betal det du skylder.",
    how_you_pay: "Slik betaler du",
    spending_cap: "Beløpsgrense",
    cap_other: "Annet",
    cap_amount: "Din grense",
    pay_with: "Betal med",
    another_card: "Et annet kort",
    receipt_email: "E-post for kvitteringen (valgfritt)",
    guest_note: "Ingen konto nødvendig: betal med kort.",
    save_cards_link: "Lagre et kort til neste gang",
    authenticating: "Bekreft hos banken …",
    paid_with: "Betalt med",
    paying_with: "Betaler med",
    paid: "Betalt",
    settling: "Trekker betalingen fra kortet ditt …",
    not_charged:
        "Ingenting: under minstebeløpet et kort kan belastes, så denne spanderer vi. Reservasjonen er frigitt.",
    card_refused: "Kortet kunne ikke brukes. Sjekk kortnummer, utløpsdato og CVC, eller prøv et annet kort.",
    card_form_failed: "Kortskjemaet kunne ikke lastes. Sjekk tilkoblingen og last inn siden på nytt.",
    stopped_at_cap: "Ladingen stoppet fordi kostnaden nådde beløpsgrensen din.",
    download_pdf: "Last ned kvitteringen (PDF)",
    history_intro: "Ladingene dine, nyeste først. Åpne en for kvitteringen.",
    history_from: "Fra (første dag)",
    history_to: "Til (siste dag)",
    history_show: "Vis",
    history_csv: "Last ned som CSV (for regneark)",
    history_empty: "Ingen ladinger i denne perioden.",
    loading_history: "Henter ladingene dine…",
    history_bad_range: "Første dag kan ikke være etter siste dag.",
    history_under_way: "Pågår",
    dispute: "Klag på beløpet",
    receipt_number: "Kvitteringsnummer",
    guest_title: "Lad her – ingen konto nødvendig",
    guest_intro: "Betal med kort på denne siden. Du ser prisen før du starter.",
    other_connectors: "Alle kontaktene på denne laderen",
};

impl Lang {
    /// The fixed texts of paying.
    pub fn p(self) -> &'static PaymentTexts {
        match self {
            Lang::En => &EN,
            Lang::Nb => &NB,
        }
    }

    /// The hold before a start, `amount` formatted ("500 kr").
    pub fn hold_words(self, amount: &str) -> String {
        match self {
            Lang::En => format!(
                "We hold {amount} on your card. You pay only for what you charge; the rest is released when you stop."
            ),
            Lang::Nb => format!(
                "Vi reserverer {amount} på kortet ditt. Du betaler bare for det du lader; resten frigis når du stopper."
            ),
        }
    }

    /// What a spending cap may be, amounts formatted.
    pub fn cap_limits(self, minimum: &str, maximum: &str) -> String {
        match self {
            Lang::En => format!("Between {minimum} and {maximum}. Charging stops when the cost reaches it."),
            Lang::Nb => format!("Mellom {minimum} og {maximum}. Ladingen stopper når kostnaden når grensen."),
        }
    }

    /// A custom cap outside the limits or not a whole amount.
    pub fn cap_refused(self, minimum: &str, maximum: &str) -> String {
        match self {
            Lang::En => format!("Choose an amount between {minimum} and {maximum}, in whole kroner or øre."),
            Lang::Nb => format!("Velg et beløp mellom {minimum} og {maximum}, i hele kroner eller øre."),
        }
    }

    /// Who sells the charging: the site's owner, with Ladeklar issuing the receipt for them.
    pub fn issued_on_behalf(self, seller: &str) -> String {
        match self {
            Lang::En => format!("Issued by Ladeklar on behalf of {seller} (self-billing)."),
            Lang::Nb => format!("Utstedt av Ladeklar på vegne av {seller} (selvfakturering)."),
        }
    }

    /// A charging card's session billed to the account's card: "Visa ···· 4242 (charging card Keyring)".
    pub fn billed_for_tag(self, card: &str, tag: &str) -> String {
        match self {
            Lang::En => format!("{card} (charging card {tag})"),
            Lang::Nb => format!("{card} (ladebrikke {tag})"),
        }
    }

    /// A receipt line's price per unit with VAT: "4.20 kr/kWh incl. 25 % VAT".
    pub fn unit_price_words(self, price: &str, vat_percent: Option<&str>) -> String {
        match (self, vat_percent) {
            (Lang::En, Some(rate)) => format!("{price} incl. {rate} % VAT"),
            (Lang::Nb, Some(rate)) => format!("{price} inkl. {rate} % mva."),
            (Lang::En, None) => format!("{price}, no VAT"),
            (Lang::Nb, None) => format!("{price}, uten mva."),
        }
    }

    /// VAT at one rate: "VAT 25 % of 123.30 kr".
    pub fn vat_at_rate(self, rate: &str, base: &str) -> String {
        match self {
            Lang::En => format!("VAT {rate} % of {base}"),
            Lang::Nb => format!("MVA {rate} % av {base}"),
        }
    }

    /// "Visa ···· 4242".
    pub fn card_name(self, brand: &str, last4: &str) -> String {
        let brand = match brand {
            "visa" => "Visa".to_string(),
            "mastercard" => "Mastercard".to_string(),
            "amex" => "American Express".to_string(),
            other => {
                let mut chars = other.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => match self {
                        Lang::En => "Card".to_string(),
                        Lang::Nb => "Kort".to_string(),
                    },
                }
            }
        };
        format!("{brand} ···· {last4}")
    }

    /// "Expires 12/34".
    pub fn card_expires(self, month: i64, year: i64) -> String {
        let (month, year) = (month, year % 100);
        match self {
            Lang::En => format!("Expires {month:02}/{year:02}"),
            Lang::Nb => format!("Utløper {month:02}/{year:02}"),
        }
    }

    /// What the account owes, formatted.
    pub fn owed_words(self, amount: &str) -> String {
        match self {
            Lang::En => {
                format!("You owe {amount} for an earlier session. Your charging cards are refused until it is paid.")
            }
            Lang::Nb => {
                format!("Du skylder {amount} for en tidligere lading. Ladebrikkene dine avvises til det er betalt.")
            }
        }
    }

    /// The live page's payment line: held and the cap, formatted.
    pub fn held_line(self, held: &str) -> String {
        match self {
            Lang::En => format!("{held} held on your card (your spending cap). You pay only what you charge."),
            Lang::Nb => format!("{held} reservert på kortet (beløpsgrensen din). Du betaler bare det du lader."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hold_reads_as_the_issue_words_it() {
        assert_eq!(
            Lang::En.hold_words("500 kr"),
            "We hold 500 kr on your card. You pay only for what you charge; the rest is released when you stop."
        );
        assert!(Lang::Nb.hold_words("500 kr").starts_with("Vi reserverer 500 kr"));
    }

    #[test]
    fn cards_read_as_brand_and_last_four() {
        assert_eq!(Lang::En.card_name("visa", "4242"), "Visa ···· 4242");
        assert_eq!(Lang::Nb.card_name("discover", "1117"), "Discover ···· 1117");
        assert_eq!(Lang::En.card_expires(3, 2034), "Expires 03/34");
    }
}
