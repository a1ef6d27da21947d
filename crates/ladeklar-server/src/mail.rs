//! E-mail to users over SMTP (`lettre`): confirmation and reset links, "you already have an
//! account", and the invitation of staff an admin created. Every mail is in English and
//! Norwegian, plain text; a receipt carries its PDF.
//!
//! `--smtp-url`: `smtp://host:port` (plain, for a local relay; the tests and the demo run
//! Debian's aiosmtpd on 127.0.0.1), `smtp://host:port?tls=required` (STARTTLS) or
//! `smtps://host:port`, with `user:password@` when the relay wants it. Without it nothing
//! can be mailed: what needs a mail answers 503 `mail_unavailable`.

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use ladeklar_core::accounts::Email;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("no SMTP server is configured (--smtp-url)")]
    NotConfigured,
    #[error("--smtp-url is not usable: {0}")]
    BadUrl(String),
    #[error("--mail-from {0:?} is not an address")]
    BadFrom(String),
    #[error("the mail could not be built: {0}")]
    Build(String),
    #[error("the SMTP server did not take the mail: {0}")]
    Send(String),
}

/// What a mail is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mail {
    /// After sign-up, or a sign-in before the address was confirmed.
    VerifyEmail { link: String },
    /// Someone signed up with an address that already has an account.
    AlreadyRegistered { sign_in: String, reset: String },
    /// A forgotten password.
    ResetPassword { link: String },
    /// An admin created the account: set a password.
    Invitation { link: String },
    /// A paid session's receipt.
    Receipt {
        number: String,
        site: String,
        seller: String,
        /// `154.13 NOK`
        paid: String,
        method: String,
        link: String,
        /// The receipt as PDF, attached as `ladeklar-<number>.pdf`.
        pdf: Vec<u8>,
    },
    /// A session could not be charged: the account owes it and its tags are refused.
    PaymentOwed { owed: String, link: String },
    /// The reporter's support case moved (`status`: what they are told).
    CaseUpdate {
        number: i64,
        status: ladeklar_core::support::fault::Localised,
        link: String,
    },
    /// A technician's visit was booked for them, or cancelled because it was booked again.
    Visit {
        cancelled: bool,
        /// The case's number.
        number: i64,
        /// `Aker Brygge P-hus, Stranden 1, Oslo`
        site: String,
        /// The slot in the site's time: `2026-12-07 09:00–10:00`.
        slot: String,
        /// The technician's day.
        link: String,
    },
}

impl Mail {
    fn subject(&self) -> &'static str {
        match self {
            Mail::VerifyEmail { .. } => "Confirm your e-mail address / Bekreft e-postadressen din",
            Mail::AlreadyRegistered { .. } => "You already have a Ladeklar account / Du har allerede en konto",
            Mail::ResetPassword { .. } => "Reset your Ladeklar password / Nytt passord",
            Mail::Invitation { .. } => "Your Ladeklar account / Din Ladeklar-konto",
            Mail::Receipt { .. } => "Your charging receipt / Kvittering for lading",
            Mail::PaymentOwed { .. } => "A charging session could not be paid / En lading kunne ikke belastes",
            Mail::CaseUpdate { .. } => "Your Ladeklar case was updated / Saken din er oppdatert",
            Mail::Visit { cancelled: false, .. } => "A visit was booked for you / Et besøk er booket til deg",
            Mail::Visit { cancelled: true, .. } => "Your visit was cancelled / Besøket ditt er avlyst",
        }
    }

    fn body(&self) -> String {
        match self {
            Mail::VerifyEmail { link } => format!(
                "Open this link to confirm your e-mail address for Ladeklar (it works once, for 24 hours):\n\n{link}\n\n\
                 If you did not sign up, ignore this mail.\n\n---\n\n\
                 Åpne lenken for å bekrefte e-postadressen din hos Ladeklar (virker én gang, i 24 timer):\n\n{link}\n\n\
                 Har du ikke opprettet en konto, kan du se bort fra denne e-posten.\n"
            ),
            Mail::AlreadyRegistered { sign_in, reset } => format!(
                "Someone (maybe you) tried to sign up for Ladeklar with this address, which already has an account.\n\
                 Sign in: {sign_in}\nForgot your password? {reset}\n\nIf it was not you, ignore this mail.\n\n---\n\n\
                 Noen (kanskje du) prøvde å opprette en konto hos Ladeklar med denne adressen, som allerede har en konto.\n\
                 Logg inn: {sign_in}\nGlemt passordet? {reset}\n\nVar det ikke deg, kan du se bort fra denne e-posten.\n"
            ),
            Mail::ResetPassword { link } => format!(
                "Open this link to choose a new Ladeklar password (it works once, for 1 hour):\n\n{link}\n\n\
                 If you did not ask for this, ignore this mail: your password stays as it is.\n\n---\n\n\
                 Åpne lenken for å velge et nytt passord hos Ladeklar (virker én gang, i 1 time):\n\n{link}\n\n\
                 Har du ikke bedt om dette, kan du se bort fra e-posten: passordet ditt er uendret.\n"
            ),
            Mail::Invitation { link } => format!(
                "An administrator created a Ladeklar account for you. Open this link to choose your password \
                 (it works once, for 1 hour; ask for a new one on the sign-in page under \"Forgot password?\"):\n\n{link}\n\n---\n\n\
                 En administrator har opprettet en Ladeklar-konto til deg. Åpne lenken for å velge passord \
                 (virker én gang, i 1 time; be om en ny under «Glemt passord?» på innloggingssiden):\n\n{link}\n"
            ),
            Mail::Receipt {
                number,
                site,
                seller,
                paid,
                method,
                link,
                pdf: _,
            } => format!(
                "Receipt {number}: charging at {site}.\nPaid {paid} with {method}.\n\
                 Issued by Ladeklar on behalf of {seller}.\nThe receipt is attached as PDF, and here: {link}\n\n---\n\n\
                 Kvittering {number}: lading ved {site}.\nBetalt {paid} med {method}.\n\
                 Utstedt av Ladeklar på vegne av {seller}.\nKvitteringen er vedlagt som PDF, og her: {link}\n"
            ),
            Mail::PaymentOwed { owed, link } => format!(
                "We could not charge your card for a charging session: you owe {owed}.\n\
                 Your charging cards (RFID) are paused until it is paid. Pay it, or add another card, here:\n\n{link}\n\n---\n\n\
                 Vi fikk ikke belastet kortet ditt for en lading: du skylder {owed}.\n\
                 Ladebrikkene dine er satt på pause til det er betalt. Betal, eller legg til et annet kort, her:\n\n{link}\n"
            ),
            Mail::CaseUpdate { number, status, link } => format!(
                "Your case {number} was updated: {}\n\nFollow it here: {link}\n\n---\n\n\
                 Saken din {number} er oppdatert: {}\n\nFølg den her: {link}\n",
                status.en, status.nb
            ),
            Mail::Visit {
                cancelled: false,
                number,
                site,
                slot,
                link,
            } => format!(
                "A visit for case {number} was booked for you: {site}, {slot} (the site's time).\n\
                 The work order, the parts to bring and the directions are in your day: {link}\n\n---\n\n\
                 Et besøk for sak {number} er booket til deg: {site}, {slot} (stedets tid).\n\
                 Arbeidsordren, delene du skal ha med og veibeskrivelsen finner du i dagen din: {link}\n"
            ),
            Mail::Visit {
                cancelled: true,
                number,
                site,
                slot,
                link,
            } => format!(
                "Your visit for case {number} at {site}, {slot} (the site's time), is cancelled: \
                 the visit was booked again. Do not go; your day shows what is yours now: {link}\n\n---\n\n\
                 Besøket ditt for sak {number} ved {site}, {slot} (stedets tid), er avlyst: \
                 besøket ble booket på nytt. Ikke dra dit; dagen din viser hva som er ditt nå: {link}\n"
            ),
        }
    }

    /// A file that goes with the mail: its name, type and bytes.
    fn attachment(&self) -> Option<(String, ContentType, &[u8])> {
        match self {
            Mail::Receipt { number, pdf, .. } if !pdf.is_empty() => Some((
                format!("ladeklar-{number}.pdf"),
                ContentType::parse("application/pdf").ok()?,
                pdf.as_slice(),
            )),
            _ => None,
        }
    }
}

/// Sends mail through the configured SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl Mailer {
    /// `smtp_url` None: a mailer that answers [`MailError::NotConfigured`].
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Mailer, MailError> {
        let from: Mailbox = from.parse().map_err(|_| MailError::BadFrom(from.to_owned()))?;
        let transport = match smtp_url {
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::BadUrl(e.to_string()))?
                    .timeout(Some(std::time::Duration::from_secs(10)))
                    .build(),
            ),
            None => None,
        };
        Ok(Mailer { transport, from })
    }

    pub fn is_configured(&self) -> bool {
        self.transport.is_some()
    }

    pub async fn send(&self, to: &Email, mail: &Mail) -> Result<(), MailError> {
        let transport = self.transport.as_ref().ok_or(MailError::NotConfigured)?;
        let to: Mailbox = to
            .as_str()
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::Build(e.to_string()))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject());
        // Quoted-printable always (lettre would pick base64 or QP by length): links stay
        // readable in the raw mail.
        let text = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .header(ContentTransferEncoding::QuotedPrintable)
            .body(mail.body());
        let message = match mail.attachment() {
            Some((name, kind, bytes)) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(text)
                    .singlepart(Attachment::new(name).body(bytes.to_vec(), kind)),
            ),
            None => builder.singlepart(text),
        }
        .map_err(|e| MailError::Build(e.to_string()))?;
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| MailError::Send(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mail_carries_its_links_in_both_languages() {
        let mails = [
            Mail::VerifyEmail { link: "L1".into() },
            Mail::ResetPassword { link: "L1".into() },
            Mail::Invitation { link: "L1".into() },
        ];
        for mail in mails {
            assert_eq!(mail.body().matches("L1").count(), 2, "{mail:?}");
        }
        let already = Mail::AlreadyRegistered {
            sign_in: "S".into(),
            reset: "R".into(),
        }
        .body();
        assert!(already.contains("Sign in: S") && already.contains("Glemt passordet? R"));
    }

    #[test]
    fn a_bad_url_or_sender_stops_the_start() {
        assert!(matches!(
            Mailer::new(Some("ftp://x"), "a@b.no"),
            Err(MailError::BadUrl(_))
        ));
        assert!(matches!(
            Mailer::new(None, "not an address"),
            Err(MailError::BadFrom(_))
        ));
        assert!(!Mailer::new(None, "Ladeklar <no-reply@ladeklar.localhost>")
            .unwrap()
            .is_configured());
    }
}
