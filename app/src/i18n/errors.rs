//! What went wrong, in a driver's words: the device position that could not be had, and the
//! server's answers, chosen by their stable error code, never by their message text.

use ladeklar_api::ErrorCode;

use super::Lang;
use crate::api::ApiError;
use crate::platform::LocateError;

impl Lang {
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
                E::SignInRequired => "Sign in to do this.",
                E::Forbidden => "Your account is not allowed to do this.",
                E::CsrfRejected => "For your safety this was not done. Reload the page and try again.",
                E::InvalidCredentials => "The e-mail address or password is wrong.",
                E::SignInLocked => "Too many failed sign-ins. Wait a while before you try again.",
                E::EmailNotVerified => {
                    "Confirm your e-mail address first. We have sent you a new link: check your inbox."
                }
                E::AccountDisabled => "This account is closed. Contact support if you think this is wrong.",
                E::InvalidEmail => "That does not look like an e-mail address.",
                E::WeakPassword => "Choose another password: at least 8 characters, and not a commonly used one.",
                E::LinkInvalid => "This link no longer works. It may have been used, replaced or expired.",
                E::UserNotFound => "We could not find this user.",
                E::EmailTaken => "This e-mail address already has an account.",
                E::MailUnavailable => "We cannot send e-mail right now. Try again later.",
                E::PaymentRequired => "This charger takes payment. Choose how you pay, then start.",
                E::CardDeclined => {
                    "Your card was declined, so charging did not start. Nothing was held on the card. Try another card."
                }
                E::InvalidSpendingCap => "Choose a spending cap within the limits shown.",
                E::CardNotFound => "We could not find that card. Choose another one, or add it again.",
                E::PaymentsUnavailable => {
                    "Card payment is not available right now, so charging cannot start. Try again in a moment."
                }
                E::WebhookRejected => "The payment provider's message was refused.",
                E::BusUnavailable => "The charger cannot be reached just now. Try again in a moment.",
                E::InvalidTagUid => {
                    "That is not a charging card number. Type the UID as your reader shows it: 8, 14 or 20 characters 0–9 and A–F."
                }
                E::TagTaken => "This charging card is already linked to another account.",
                E::TagNotFound => "We could not find this charging card on your account.",
                E::PaymentOwed => "You owe for an earlier session. Pay it under Account → Payment, then charge again.",
                E::CaseNotFound => "We could not find this case.",
                E::PhotoNotFound => "We could not find this photo.",
                E::CaseTransitionRefused => "This step cannot be taken on the case now.",
                E::PhotoTooLarge => "The photo is larger than 10 MB. Choose a smaller one.",
                E::NotAnImage => "This file is not a photo we can read (JPEG, PNG or WebP).",
                E::ImageDimensions => "This image is far too large in pixels. Choose another photo.",
                E::TooManyPhotos => "A case can have at most 5 photos.",
                E::EmptyDescription => "Describe what is wrong.",
                E::UnknownCategory => "Choose what kind of problem it is.",
                E::SiteNotFound => "We could not find this site.",
                E::InvalidPrice => "The price has problems: see the fields marked.",
                E::PriceChanged => "Someone else changed this price meanwhile; check it and save again.",
                E::OwnerNotFound => "That owner isn't known here.",
                E::StatementNotFound => "That statement isn't among this owner's statements.",
                E::InvalidMonth => "Choose a month that is over, written as YYYY-MM.",
                E::OrgNumberMissing => "No organisation number is registered for this owner, so no statement can be issued yet.",
                E::NotRefundable => "This session's payment can't be refunded.",
                E::InvalidPayout => "Give the day the money went (not in the future) and the bank's reference.",
                E::PayoutAlreadyPaid => "This payout was marked paid already.",
                E::SlotInvalid => "The visit must end after it starts and last at most 12 hours.",
                E::SlotInThePast => "The visit cannot start in the past.",
                E::SlotOutsideWorkingTime => {
                    "The visit is outside the SLA's working hours (a weekend, a public holiday or after closing)."
                }
                E::SlotAfterDeadline => "The visit ends after the SLA's on-site deadline. Choose an earlier time.",
                E::NotATechnician => "That account is not a technician.",
                E::WorkOrderNotFound => "We could not find this work order.",
                E::InvalidVisitReport => "Something in the visit report is missing or wrong.",
                E::WorkOrderStepRefused => "This step cannot be taken on the work order now.",
                E::VerificationMissing => "Verify that the charger works before the customer signs off and you check out.",
                E::SignOffMissing => "The customer's sign-off is needed before you check out.",
                E::DuplicateReportDiffers => "This report was sent before with other content.",
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
                E::SignInRequired => "Logg inn for å gjøre dette.",
                E::Forbidden => "Kontoen din har ikke lov til å gjøre dette.",
                E::CsrfRejected => "Av sikkerhetshensyn ble dette ikke gjort. Last inn siden på nytt og prøv igjen.",
                E::InvalidCredentials => "E-postadressen eller passordet er feil.",
                E::SignInLocked => "For mange mislykkede innlogginger. Vent en stund før du prøver igjen.",
                E::EmailNotVerified => {
                    "Bekreft e-postadressen din først. Vi har sendt deg en ny lenke – sjekk innboksen."
                }
                E::AccountDisabled => "Denne kontoen er stengt. Kontakt kundeservice hvis du mener det er feil.",
                E::InvalidEmail => "Det ser ikke ut som en e-postadresse.",
                E::WeakPassword => "Velg et annet passord: minst 8 tegn, og ikke et vanlig brukt passord.",
                E::LinkInvalid => "Denne lenken virker ikke lenger. Den kan være brukt, erstattet eller utløpt.",
                E::UserNotFound => "Vi fant ikke denne brukeren.",
                E::EmailTaken => "Denne e-postadressen har allerede en konto.",
                E::MailUnavailable => "Vi kan ikke sende e-post akkurat nå. Prøv igjen senere.",
                E::PaymentRequired => "Denne laderen krever betaling. Velg hvordan du betaler, og start.",
                E::CardDeclined => {
                    "Kortet ble avvist, så ladingen startet ikke. Ingenting ble reservert på kortet. Prøv et annet kort."
                }
                E::InvalidSpendingCap => "Velg en beløpsgrense innenfor grensene som vises.",
                E::CardNotFound => "Vi fant ikke det kortet. Velg et annet, eller legg det til på nytt.",
                E::PaymentsUnavailable => {
                    "Kortbetaling er ikke tilgjengelig akkurat nå, så ladingen kan ikke starte. Prøv igjen om litt."
                }
                E::WebhookRejected => "Meldingen fra betalingsleverandøren ble avvist.",
                E::BusUnavailable => "Vi når ikke laderen akkurat nå. Prøv igjen om litt.",
                E::InvalidTagUid => {
                    "Det er ikke et gyldig brikkenummer. Skriv UID-en slik leseren viser den: 8, 14 eller 20 tegn 0–9 og A–F."
                }
                E::TagTaken => "Denne ladebrikken er allerede koblet til en annen konto.",
                E::TagNotFound => "Vi fant ikke denne ladebrikken på kontoen din.",
                E::PaymentOwed => "Du skylder for en tidligere lading. Betal under Konto → Betaling, og lad igjen.",
                E::CaseNotFound => "Vi fant ikke denne saken.",
                E::PhotoNotFound => "Vi fant ikke dette bildet.",
                E::CaseTransitionRefused => "Dette steget kan ikke tas i saken nå.",
                E::PhotoTooLarge => "Bildet er større enn 10 MB. Velg et mindre bilde.",
                E::NotAnImage => "Denne filen er ikke et bilde vi kan lese (JPEG, PNG eller WebP).",
                E::ImageDimensions => "Dette bildet har altfor mange piksler. Velg et annet bilde.",
                E::TooManyPhotos => "En sak kan ha høyst 5 bilder.",
                E::EmptyDescription => "Beskriv hva som er galt.",
                E::UnknownCategory => "Velg hva slags problem det er.",
                E::SiteNotFound => "Vi fant ikke dette stedet.",
                E::InvalidPrice => "Prisen har feil: se feltene som er merket.",
                E::PriceChanged => "Noen andre endret denne prisen i mellomtiden; sjekk den og lagre igjen.",
                E::OwnerNotFound => "Den eieren finnes ikke her.",
                E::StatementNotFound => "Den avregningen finnes ikke blant denne eierens avregninger.",
                E::InvalidMonth => "Velg en måned som er over, skrevet som ÅÅÅÅ-MM.",
                E::OrgNumberMissing => "Eieren har ikke registrert organisasjonsnummer, så ingen avregning kan utstedes ennå.",
                E::NotRefundable => "Betalingen for denne ladingen kan ikke refunderes.",
                E::InvalidPayout => "Oppgi dagen pengene gikk (ikke fram i tid) og bankens referanse.",
                E::PayoutAlreadyPaid => "Denne utbetalingen er allerede merket som betalt.",
                E::SlotInvalid => "Besøket må slutte etter at det starter, og vare høyst 12 timer.",
                E::SlotInThePast => "Besøket kan ikke starte i fortiden.",
                E::SlotOutsideWorkingTime => {
                    "Besøket er utenfor SLA-ens arbeidstid (helg, helligdag eller etter stengetid)."
                }
                E::SlotAfterDeadline => "Besøket slutter etter SLA-ens frist for oppmøte. Velg et tidligere tidspunkt.",
                E::NotATechnician => "Den kontoen er ikke en tekniker.",
                E::WorkOrderNotFound => "Vi fant ikke denne arbeidsordren.",
                E::InvalidVisitReport => "Noe i besøksrapporten mangler eller er feil.",
                E::WorkOrderStepRefused => "Dette steget kan ikke tas på arbeidsordren nå.",
                E::VerificationMissing => "Kontroller at laderen virker før kunden signerer og du sjekker ut.",
                E::SignOffMissing => "Kunden må signere før du sjekker ut.",
                E::DuplicateReportDiffers => "Denne rapporten ble sendt før med annet innhold.",
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
        assert_eq!(
            nb.error_code(ErrorCode::ConnectorOccupied),
            "Kontakten er opptatt – noen lader allerede her. Velg en annen."
        );
    }
}
