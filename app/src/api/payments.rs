//! Paying for charging: the server's Stripe.js settings, collecting a card, the account's
//! saved cards, what it owes, its RFID tags, and completing 3-D Secure for a start.

use super::fetch::Method;
use ladeklar_api::{
    BlockTagRequest, CardSetup, CardsView, LinkTagRequest, PaymentConfig, SaveCardRequest, SessionView, TagView,
};
use uuid::Uuid;

use super::{encode, read, request, ApiError};

/// `GET /api/v1/payments/config`: whether this server takes payment, and where Stripe.js is.
pub async fn payment_config() -> Result<PaymentConfig, ApiError> {
    read(request(Method::GET, "/payments/config").send().await).await
}

/// `POST /api/v1/payments/card-setup`: a SetupIntent for Stripe.js to collect a card
/// (saved for later when signed in; one session as a guest).
pub async fn card_setup() -> Result<CardSetup, ApiError> {
    read(request(Method::POST, "/payments/card-setup").send().await).await
}

/// `GET /api/v1/account/cards`.
pub async fn cards() -> Result<CardsView, ApiError> {
    read(request(Method::GET, "/account/cards").send().await).await
}

/// `POST /api/v1/account/cards`: saves the card a confirmed SetupIntent collected.
pub async fn save_card(setup_intent_id: &str) -> Result<CardsView, ApiError> {
    let body = SaveCardRequest {
        setup_intent_id: setup_intent_id.to_string(),
    };
    read(request(Method::POST, "/account/cards").json(&body).send().await).await
}

/// `DELETE /api/v1/account/cards/{id}`.
pub async fn remove_card(id: &str) -> Result<CardsView, ApiError> {
    read(
        request(Method::DELETE, &format!("/account/cards/{}", encode(id)))
            .send()
            .await,
    )
    .await
}

/// `PUT /api/v1/account/cards/{id}/default`.
pub async fn make_default_card(id: &str) -> Result<CardsView, ApiError> {
    read(
        request(Method::PUT, &format!("/account/cards/{}/default", encode(id)))
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/account/debt/pay`: pays what the account owes with its default card.
pub async fn pay_debt() -> Result<CardsView, ApiError> {
    read(request(Method::POST, "/account/debt/pay").send().await).await
}

/// `GET /api/v1/account/tags`.
pub async fn tags() -> Result<Vec<TagView>, ApiError> {
    read(request(Method::GET, "/account/tags").send().await).await
}

/// `POST /api/v1/account/tags`: links an RFID card (its UID as a reader shows it).
pub async fn link_tag(uid: &str, name: &str) -> Result<Vec<TagView>, ApiError> {
    let body = LinkTagRequest {
        uid: uid.to_string(),
        name: name.to_string(),
    };
    read(request(Method::POST, "/account/tags").json(&body).send().await).await
}

/// `PUT /api/v1/account/tags/{uid}/blocked`.
pub async fn block_tag(uid: &str, blocked: bool) -> Result<Vec<TagView>, ApiError> {
    read(
        request(Method::PUT, &format!("/account/tags/{}/blocked", encode(uid)))
            .json(&BlockTagRequest { blocked })
            .send()
            .await,
    )
    .await
}

/// `POST /api/v1/sessions/{id}/payment/authenticated`: after 3-D Secure, the server reads
/// the hold back and starts (or answers `card_declined`).
pub async fn payment_authenticated(id: Uuid) -> Result<SessionView, ApiError> {
    read(
        request(Method::POST, &format!("/sessions/{id}/payment/authenticated"))
            .send()
            .await,
    )
    .await
}
