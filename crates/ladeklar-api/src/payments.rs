//! Paying for charging: saved cards, the hold before a start, the payment of a session,
//! RFID tags on the account.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `GET /api/v1/payments/config`: whether payments are on, and what the app needs to collect
/// a card with Stripe.js.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentConfig {
    /// Off: sessions are free (a server without a payment provider, e.g. for development).
    pub enabled: bool,
    pub publishable_key: Option<String>,
    /// Where the app loads Stripe.js from (Stripe's, or the local fake's in the demo).
    pub stripe_js_url: Option<String>,
}

/// `POST /api/v1/payments/card-setup`: a SetupIntent for Stripe.js to collect a card. Signed
/// in, the card can be saved for later; as a guest, it pays one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardSetup {
    pub setup_intent_id: String,
    pub client_secret: String,
}

/// `POST /api/v1/account/cards`: save the card a confirmed SetupIntent collected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveCardRequest {
    pub setup_intent_id: String,
}

/// A saved card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardView {
    pub id: String,
    /// `visa`, `mastercard`, …
    pub brand: String,
    pub last4: String,
    pub exp_month: i64,
    pub exp_year: i64,
    /// Sessions started without choosing a card, and RFID sessions, are paid with it.
    pub default: bool,
}

/// `GET /api/v1/account/cards`: the account's cards and what it owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardsView {
    pub cards: Vec<CardView>,
    /// Unpaid sessions (an off-session charge or capture that failed), in major units of
    /// `currency`; its RFID tags are refused until it is paid.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub owed: Option<Decimal>,
    pub currency: String,
}

/// How a session is paid: a card saved on the account, or a card just collected by a
/// SetupIntent (a guest, or a driver who does not save it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentSource {
    SavedCard { card_id: String },
    NewCard { setup_intent_id: String },
}

/// `source` in a [`StartPayment`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentSourceKind {
    /// `card_id`: one of the account's saved cards.
    SavedCard,
    /// `setup_intent_id`: the SetupIntent Stripe.js confirmed with the card typed in.
    NewCard,
}

/// The payment part of a start (`StartSessionRequest::payment`):
/// `{"source": "saved_card", "card_id": "pm_…", "spending_cap": "300"}` or
/// `{"source": "new_card", "setup_intent_id": "seti_…", "receipt_email": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StartPayment {
    pub source: PaymentSourceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_intent_id: Option<String>,
    /// The most the driver wants to spend, incl. VAT, in major units; the hold. Absent: the
    /// proposed cap (500 kr).
    #[serde(
        with = "rust_decimal::serde::str_option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "300"))]
    pub spending_cap: Option<Decimal>,
    /// Where a guest wants the receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_email: Option<String>,
}

impl StartPayment {
    /// The card, or what is missing: the id the `source` needs.
    pub fn card(&self) -> Result<PaymentSource, &'static str> {
        match (self.source, &self.card_id, &self.setup_intent_id) {
            (PaymentSourceKind::SavedCard, Some(card_id), None) => Ok(PaymentSource::SavedCard {
                card_id: card_id.clone(),
            }),
            (PaymentSourceKind::NewCard, None, Some(setup_intent_id)) => Ok(PaymentSource::NewCard {
                setup_intent_id: setup_intent_id.clone(),
            }),
            (PaymentSourceKind::SavedCard, _, _) => {
                Err("payment: a saved card is named by card_id (and no setup_intent_id)")
            }
            (PaymentSourceKind::NewCard, _, _) => {
                Err("payment: a new card is named by setup_intent_id (and no card_id)")
            }
        }
    }
}

/// A session's payment as its payer sees it (`SessionView::payment`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    /// `hold_requested`, `action_required`, `held`, `start_sent`, `capture_requested`,
    /// `charge_requested`, `captured`, `release_requested`, `released`, `failed`, `debt`,
    /// `refunded`.
    pub state: String,
    pub currency: String,
    /// Held on the card (the spending cap), major units incl. VAT.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub held: Decimal,
    /// Captured or charged, once paid.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub paid: Option<Decimal>,
    /// `visa ···· 4242` (the card paid with or billed).
    pub method: String,
    /// The charging card (RFID tag) that started the session, by the name its driver gave it
    /// (its UID when unnamed), when a tag's session was billed to the account's card.
    #[serde(default)]
    pub tag: Option<String>,
    /// Why it failed or is owed.
    pub failure: Option<String>,
    /// The session was stopped because its cost reached the spending cap.
    #[serde(default)]
    pub cap_reached: bool,
    /// For Stripe.js when the card needs 3-D Secure (`action_required`) — only to the payer.
    pub client_secret: Option<String>,
}

/// `POST /api/v1/account/tags`: link an RFID card to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkTagRequest {
    /// The card's UID as a reader shows it (hex, any case, `:`/`-`/space separated; 4, 7 or
    /// 10 bytes).
    pub uid: String,
    pub name: String,
}

/// A tag on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagView {
    pub uid: String,
    pub name: String,
    /// `accepted` or `blocked`.
    pub status: String,
    /// Whether a charger would accept it now (blocked, a debt or no saved card refuse it).
    pub usable: bool,
}

/// `PUT /api/v1/account/tags/{uid}/blocked`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BlockTagRequest {
    pub blocked: bool,
}
