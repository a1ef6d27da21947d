//! Texts with values for accounts and the staff screens: roles, faces, a user's state, the
//! audit log's events, and the notices after a mail is sent.

#[cfg(feature = "staff")]
use ladeklar_api::UserView;
use ladeklar_api::{Role, SupportLine};
use ladeklar_core::accounts::face::Face;

use super::account_texts::{AccountTexts, EN, NB};
use super::Lang;

impl Lang {
    /// The fixed texts of the account and staff screens.
    pub fn a(self) -> &'static AccountTexts {
        match self {
            Lang::En => &EN,
            Lang::Nb => &NB,
        }
    }

    /// A role's name, by `Role::name`.
    pub fn role_name(self, name: &str) -> &'static str {
        match (self, name) {
            (Lang::En, "driver") => "Driver",
            (Lang::En, "technician") => "Technician",
            (Lang::En, "owner") => "Site owner",
            (Lang::En, "support") => "Support",
            (Lang::En, "admin") => "Administrator",
            (Lang::Nb, "driver") => "Bilist",
            (Lang::Nb, "technician") => "Tekniker",
            (Lang::Nb, "owner") => "Stedseier",
            (Lang::Nb, "support") => "Kundeservice",
            (Lang::Nb, "admin") => "Administrator",
            _ => "?",
        }
    }

    pub fn support_line(self, line: SupportLine) -> &'static str {
        match (self, line) {
            (Lang::En, SupportLine::First) => "1st line",
            (Lang::En, SupportLine::Second) => "2nd line",
            (Lang::En, SupportLine::Third) => "3rd line",
            (Lang::Nb, SupportLine::First) => "1. linje",
            (Lang::Nb, SupportLine::Second) => "2. linje",
            (Lang::Nb, SupportLine::Third) => "3. linje",
        }
    }

    /// "Site owner (owner-fjordlade)", "Support (2nd line)".
    pub fn role_words(self, role: &Role) -> String {
        let name = self.role_name(role.name());
        match role {
            Role::Owner { owner_id } => format!("{name} ({owner_id})"),
            Role::Support { line } => format!("{name} ({})", self.support_line(*line)),
            _ => name.to_string(),
        }
    }

    /// Every role, or that there is none.
    pub fn roles_words(self, roles: &[Role]) -> String {
        if roles.is_empty() {
            return match self {
                Lang::En => "No roles".to_string(),
                Lang::Nb => "Ingen roller".to_string(),
            };
        }
        roles.iter().map(|r| self.role_words(r)).collect::<Vec<_>>().join(", ")
    }

    /// A face's name in the face switch.
    pub fn face_name(self, face: Face) -> &'static str {
        match (self, face) {
            (Lang::En, Face::Admin) => "Administrator",
            (Lang::En, Face::Support) => "Support",
            (Lang::En, Face::Owner) => "Site owner",
            (Lang::En, Face::Technician) => "Technician",
            (Lang::En, Face::Driver) => "Driver",
            (Lang::Nb, Face::Admin) => "Administrator",
            (Lang::Nb, Face::Support) => "Kundeservice",
            (Lang::Nb, Face::Owner) => "Stedseier",
            (Lang::Nb, Face::Technician) => "Tekniker",
            (Lang::Nb, Face::Driver) => "Bilist",
        }
    }

    /// "Active", "Disabled", "Deleted", with "e-mail not confirmed" when so.
    #[cfg(feature = "staff")]
    pub fn user_state(self, user: &UserView) -> String {
        let state = match (self, user.deleted, user.disabled) {
            (Lang::En, true, _) => "Deleted",
            (Lang::En, false, true) => "Disabled",
            (Lang::En, false, false) => "Active",
            (Lang::Nb, true, _) => "Slettet",
            (Lang::Nb, false, true) => "Deaktivert",
            (Lang::Nb, false, false) => "Aktiv",
        };
        match (self, user.account.email_verified) {
            (_, true) => state.to_string(),
            (Lang::En, false) => format!("{state} · e-mail not confirmed"),
            (Lang::Nb, false) => format!("{state} · e-post ikke bekreftet"),
        }
    }

    /// An audit event's name in words (the server's name when we do not know it).
    #[cfg(feature = "staff")]
    pub fn audit_event(self, event: &str) -> String {
        let words = match self {
            Lang::En => match event {
                "user_created" => "Account created",
                "signed_in" => "Signed in",
                "sign_in_failed" => "Sign-in failed",
                "locked_out" => "Sign-in locked",
                "signed_out_everywhere" => "Signed out everywhere",
                "roles_changed" => "Roles changed",
                "password_changed" => "Password changed",
                "password_reset_requested" => "Password reset asked for",
                "password_reset" => "Password reset",
                "email_verified" => "E-mail confirmed",
                "user_disabled" => "Account disabled",
                "user_enabled" => "Account enabled",
                "account_deleted" => "Account deleted",
                _ => return event.to_string(),
            },
            Lang::Nb => match event {
                "user_created" => "Konto opprettet",
                "signed_in" => "Logget inn",
                "sign_in_failed" => "Mislykket innlogging",
                "locked_out" => "Innlogging sperret",
                "signed_out_everywhere" => "Logget ut overalt",
                "roles_changed" => "Roller endret",
                "password_changed" => "Passord byttet",
                "password_reset_requested" => "Ba om nytt passord",
                "password_reset" => "Passord tilbakestilt",
                "email_verified" => "E-post bekreftet",
                "user_disabled" => "Konto deaktivert",
                "user_enabled" => "Konto aktivert",
                "account_deleted" => "Konto slettet",
                _ => return event.to_string(),
            },
        };
        words.to_string()
    }

    pub fn check_inbox_for(self, email: &str) -> String {
        match self {
            Lang::En => format!("Check your inbox: we have sent a link to {email}."),
            Lang::Nb => format!("Sjekk innboksen: vi har sendt en lenke til {email}."),
        }
    }

    pub fn reset_link_sent_to(self, email: &str) -> String {
        match self {
            Lang::En => {
                format!("If {email} has an account, we have sent it a link to choose a new password. Check your inbox.")
            }
            Lang::Nb => format!(
                "Hvis {email} har en konto, har vi sendt en lenke for å velge nytt passord dit. Sjekk innboksen."
            ),
        }
    }

    #[cfg(feature = "staff")]
    pub fn user_added(self, email: &str) -> String {
        match self {
            Lang::En => format!("{email} is added and has been e-mailed a link to choose a password."),
            Lang::Nb => format!("{email} er lagt til og har fått en e-post med en lenke for å velge passord."),
        }
    }

    #[cfg(feature = "staff")]
    pub fn only_about(self, who: &str) -> String {
        match self {
            Lang::En => format!("Only events about {who}."),
            Lang::Nb => format!("Bare hendelser om {who}."),
        }
    }

    /// The stuck-sessions list is empty; `limit` (e.g. "3 h") is the silence that
    /// makes one stuck.
    #[cfg(feature = "staff")]
    pub fn no_stuck_sessions(self, limit: &str) -> String {
        match self {
            Lang::En => format!("No session has been silent for more than {limit}."),
            Lang::Nb => format!("Ingen ladeøkt har vært stille i mer enn {limit}."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ladeklar_api::OwnerId;

    #[test]
    fn norwegian_reads_norwegian() {
        let nb = Lang::Nb;
        assert_eq!(
            nb.roles_words(&[
                Role::Driver,
                Role::Support {
                    line: SupportLine::Second
                }
            ]),
            "Bilist, Kundeservice (2. linje)"
        );
        assert_eq!(nb.audit_event("roles_changed"), "Roller endret");
        assert_eq!(nb.audit_event("something_new"), "something_new");
    }

    #[test]
    fn english_keeps_its_words() {
        let en = Lang::En;
        assert_eq!(
            en.role_words(&Role::Owner {
                owner_id: OwnerId("owner-fjordlade".into())
            }),
            "Site owner (owner-fjordlade)"
        );
        assert_eq!(
            en.no_stuck_sessions("10 min"),
            "No session has been silent for more than 10 min."
        );
    }
}
