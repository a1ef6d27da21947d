//! The UI's languages: English and Norwegian bokmål.
//!
//! The language is a signal in context ([`provide_i18n`], [`use_i18n`]): chosen from the
//! driver's earlier choice (localStorage), else from the browser's languages, and switched
//! from the header. Every word the UI shows comes from here: fixed texts are fields of
//! [`Texts`] (one value per language, so a missing translation does not compile), texts
//! with values are methods on [`Lang`].
//!
//! - [`lang`]: the languages ([`Lang`]) and how one is read from a code or the browser's
//!   preferences;
//! - [`choice`]: the language as a signal in context ([`choice::I18n`]): the saved choice
//!   or the browser's, kept in step with `<html lang>` and localStorage;
//! - [`toggle`]: the header's language switch ([`LangToggle`]);
//! - [`texts`]: the fixed texts, one table per language ([`texts::EN`], [`texts::NB`]);
//! - texts with values, per screen: [`list`] (the chargers near a place), [`status`]
//!   (what a charger and its connectors report), [`charger`] (one charger), [`session`]
//!   (a charging session and its receipt), [`errors`] (what went wrong), [`accounts`]
//!   (roles, faces, users, the audit log);
//! - [`find_texts`]: the texts of finding a charger (filters, place search, list and
//!   map; [`Lang::f`]);
//! - [`account_texts`]: the fixed texts of the account and staff screens ([`Lang::a`]);
//! - [`payment_texts`]: paying: cards, debts, charging cards, the hold before a start, the
//!   payment on the live page and the receipt ([`Lang::p`]);
//! - `price_texts` (staff build): the owner's price screens (`Lang::pr`);
//! - `owner_texts` (staff build): the owner's overview and statements (`Lang::ow`);
//! - `visit_texts` (staff build): 3rd line's booking form, the service card and the SLA
//!   report (`Lang::v`);
//! - `field_texts` (staff build): the technician's day, work order, outbox and service card
//!   (`Lang::fv`);
//! - `owner_portal_texts` (staff build): usage and SLA figures, the chart switch, the sessions
//!   list, the admins' owner picker and payouts (`Lang::op`).

mod account_texts;
mod accounts;
mod car;
mod case_texts;
mod charger;
mod choice;
mod errors;
#[cfg(feature = "staff")]
mod field_texts;
mod find_texts;
mod lang;
mod list;
#[cfg(feature = "staff")]
mod owner_portal_texts;
#[cfg(feature = "staff")]
mod owner_texts;
mod payment_texts;
#[cfg(feature = "staff")]
mod price_texts;
mod session;
mod status;
mod texts;
mod toggle;
#[cfg(feature = "staff")]
mod visit_texts;

pub use account_texts::AccountTexts;
pub use case_texts::DRIVER_CATEGORIES;
pub use choice::{provide_i18n, use_i18n};
pub use lang::Lang;
pub use texts::Texts;
pub use toggle::LangToggle;
