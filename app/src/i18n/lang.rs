//! The languages the UI speaks ([`Lang`]): their codes and names, and which one a code or
//! the browser's preferred languages read as.

use super::texts::{Texts, EN, NB};

/// A language the UI speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Nb,
}

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
}
