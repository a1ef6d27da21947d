//! The UI's language as a signal in context ([`I18n`]): chosen from the driver's earlier
//! choice (localStorage), else from the browser's languages; `<html lang>` follows it, and
//! a choice the driver makes is saved.

use leptos::prelude::*;

use super::lang::Lang;
use super::texts::Texts;

/// Where the driver's choice is kept between visits.
const STORAGE_KEY: &str = "ladeklar.lang";

/// The UI's language, shared by every component.
#[derive(Debug, Clone, Copy)]
pub struct I18n(RwSignal<Lang>);

impl I18n {
    /// The language (tracked).
    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// The fixed texts in the language (tracked).
    pub fn t(self) -> &'static Texts {
        self.lang().t()
    }

    /// The fixed texts of the account and staff screens in the language (tracked).
    pub fn a(self) -> &'static super::account_texts::AccountTexts {
        self.lang().a()
    }

    /// The texts of support cases in the language (tracked).
    pub fn c(self) -> &'static super::case_texts::CaseTexts {
        self.lang().c()
    }

    /// The texts of finding a charger in the language (tracked).
    pub fn f(self) -> &'static super::find_texts::FindTexts {
        self.lang().f()
    }

    /// The texts of paying in the language (tracked).
    pub fn p(self) -> &'static super::payment_texts::PaymentTexts {
        self.lang().p()
    }

    /// The texts of the owner's price screens in the language (tracked).
    #[cfg(feature = "staff")]
    pub fn pr(self) -> &'static super::price_texts::PriceTexts {
        self.lang().pr()
    }

    /// The texts of the owner's overview and statements in the language (tracked).
    #[cfg(feature = "staff")]
    pub fn ow(self) -> &'static super::owner_texts::OwnerTexts {
        self.lang().ow()
    }

    /// The texts of the booking form, the service card and the SLA report (tracked).
    #[cfg(feature = "staff")]
    pub fn v(self) -> &'static super::visit_texts::VisitTexts {
        self.lang().v()
    }

    /// The texts of the technician's screens in the language (tracked).
    #[cfg(feature = "staff")]
    pub fn fv(self) -> &'static super::field_texts::FieldTexts {
        self.lang().fv()
    }

    /// The texts of the owner's usage, sessions, picker and payouts in the language (tracked).
    #[cfg(feature = "staff")]
    pub fn op(self) -> &'static super::owner_portal_texts::OwnerPortalTexts {
        self.lang().op()
    }

    pub fn set(self, lang: Lang) {
        self.0.set(lang);
    }
}

/// Chooses the language (saved choice, else the browser's), provides it, and keeps
/// `<html lang>` and the saved choice in step with it.
pub fn provide_i18n() -> I18n {
    let initial = saved_lang().unwrap_or_else(|| Lang::from_browser(&browser_languages()));
    let i18n = I18n(RwSignal::new(initial));
    provide_context(i18n);
    let mut first = true;
    Effect::new(move |_| {
        let lang = i18n.lang();
        set_document_lang(lang);
        // Only a choice the driver made is remembered; the browser's default is re-read.
        if !std::mem::take(&mut first) {
            save_lang(lang);
        }
    });
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut languages: Vec<String> = navigator.languages().iter().filter_map(|v| v.as_string()).collect();
    if languages.is_empty() {
        languages.extend(navigator.language());
    }
    languages
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn saved_lang() -> Option<Lang> {
    storage()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
        .and_then(|code| Lang::from_code(&code))
}

fn save_lang(lang: Lang) {
    if let Some(storage) = storage() {
        // Private modes may refuse; the choice then lasts for this page only.
        let _ = storage.set_item(STORAGE_KEY, lang.code());
    }
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}
