//! Payments: the app's Stripe.js settings, collecting a card, saved cards, RFID tags, paying
//! what is owed, completing 3-D Secure for a start, and Stripe's webhook. The rules are core's
//! (`ladeklar_core::payments`); the flows are `crate::payments`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use ladeklar_api::{
    BlockTagRequest, CardSetup, CardsView, LinkTagRequest, PaymentConfig, SaveCardRequest, SessionView, TagView,
};
use ladeklar_core::accounts::{Action, ObjectOwner};

use crate::auth::Caller;
use crate::error::{ApiError, LaterJson};
use crate::payments::{self, Payments};
use crate::AppState;

fn payments_of(state: &AppState) -> Result<&Payments, ApiError> {
    state
        .payments
        .as_deref()
        .ok_or_else(|| ApiError::PaymentsUnavailable("this server takes no payments".into()))
}

/// Allowed to manage the caller's own payment methods: the caller's account.
fn own_account(caller: &Caller) -> Result<&ladeklar_store::UserRow, ApiError> {
    let user = caller.user()?;
    caller.allow(Action::ManagePaymentMethods, &ObjectOwner::Account { user: user.id })?;
    Ok(user)
}

#[utoipa::path(get, path = "/api/v1/payments/config", responses((status = 200, body = PaymentConfig)))]
pub async fn config(State(state): State<AppState>) -> Json<PaymentConfig> {
    Json(match &state.payments {
        Some(p) => PaymentConfig {
            enabled: true,
            publishable_key: p.publishable_key.clone(),
            stripe_js_url: Some(p.js_url.clone()),
        },
        None => PaymentConfig {
            enabled: false,
            publishable_key: None,
            stripe_js_url: None,
        },
    })
}

/// A SetupIntent for Stripe.js to collect a card: saved for later when signed in, for one
/// session as a guest.
#[utoipa::path(post, path = "/api/v1/payments/card-setup",
    responses((status = 200, body = CardSetup), (status = 503, body = ladeklar_api::Problem)))]
pub async fn card_setup(State(state): State<AppState>, caller: Caller) -> Result<Json<CardSetup>, ApiError> {
    caller.allow(Action::StartSession, &ObjectOwner::Platform)?;
    let payments = payments_of(&state)?;
    let customer = match caller.user() {
        Ok(user) => Some(payments::cards::customer(&state, payments, user).await?),
        Err(_) => None,
    };
    let setup = payments.gateway.setup_card(customer.as_deref()).await?;
    Ok(Json(CardSetup {
        setup_intent_id: setup.setup_intent_id,
        client_secret: setup.client_secret,
    }))
}

#[utoipa::path(get, path = "/api/v1/account/cards",
    responses((status = 200, body = CardsView), (status = 401, body = ladeklar_api::Problem)))]
pub async fn cards(State(state): State<AppState>, caller: Caller) -> Result<Json<CardsView>, ApiError> {
    let user = own_account(&caller)?;
    Ok(Json(
        payments::cards::list(&state, payments_of(&state)?, &user.id).await?,
    ))
}

/// Saves the card a confirmed SetupIntent collected.
#[utoipa::path(post, path = "/api/v1/account/cards", request_body = SaveCardRequest,
    responses((status = 200, body = CardsView), (status = 402, body = ladeklar_api::Problem, description = "card_declined"),
        (status = 404, body = ladeklar_api::Problem, description = "card_not_found")))]
pub async fn save_card(
    State(state): State<AppState>,
    caller: Caller,
    body: LaterJson<SaveCardRequest>,
) -> Result<Json<CardsView>, ApiError> {
    let user = own_account(&caller)?;
    let req = body.parse()?;
    Ok(Json(
        payments::cards::save(&state, payments_of(&state)?, user, &req.setup_intent_id).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/account/cards/{id}", params(("id" = String, Path)),
    responses((status = 200, body = CardsView), (status = 404, body = ladeklar_api::Problem)))]
pub async fn remove_card(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CardsView>, ApiError> {
    let user = own_account(&caller)?;
    Ok(Json(
        payments::cards::remove(&state, payments_of(&state)?, &user.id, &id).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/account/cards/{id}/default", params(("id" = String, Path)),
    responses((status = 200, body = CardsView), (status = 404, body = ladeklar_api::Problem)))]
pub async fn default_card(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CardsView>, ApiError> {
    let user = own_account(&caller)?;
    Ok(Json(
        payments::cards::make_default(&state, payments_of(&state)?, &user.id, &id).await?,
    ))
}

/// Pays what the account owes with its default card (off session). Its tags charge again
/// once nothing is owed.
#[utoipa::path(post, path = "/api/v1/account/debt/pay",
    responses((status = 200, body = CardsView), (status = 402, body = ladeklar_api::Problem, description = "card_declined")))]
pub async fn pay_debt(State(state): State<AppState>, caller: Caller) -> Result<Json<CardsView>, ApiError> {
    let user = own_account(&caller)?;
    let payments = payments_of(&state)?;
    payments::settle::pay_debts(&state, payments, &user.id).await?;
    Ok(Json(payments::cards::list(&state, payments, &user.id).await?))
}

#[utoipa::path(get, path = "/api/v1/account/tags",
    responses((status = 200, body = Vec<TagView>), (status = 401, body = ladeklar_api::Problem)))]
pub async fn tags(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<TagView>>, ApiError> {
    let user = own_account(&caller)?;
    Ok(Json(payments::tags::list(&state, &user.id).await?))
}

/// Links an RFID card to the account (its UID as a reader shows it, normalised).
#[utoipa::path(post, path = "/api/v1/account/tags", request_body = LinkTagRequest,
    responses((status = 200, body = Vec<TagView>), (status = 400, body = ladeklar_api::Problem, description = "invalid_tag_uid"),
        (status = 409, body = ladeklar_api::Problem, description = "tag_taken")))]
pub async fn link_tag(
    State(state): State<AppState>,
    caller: Caller,
    body: LaterJson<LinkTagRequest>,
) -> Result<Json<Vec<TagView>>, ApiError> {
    let user = own_account(&caller)?;
    let req = body.parse()?;
    Ok(Json(payments::tags::link(&state, &user.id, &req).await?))
}

/// Blocks (a lost card) or unblocks one of the account's tags.
#[utoipa::path(put, path = "/api/v1/account/tags/{uid}/blocked", params(("uid" = String, Path)), request_body = BlockTagRequest,
    responses((status = 200, body = Vec<TagView>), (status = 404, body = ladeklar_api::Problem, description = "tag_not_found")))]
pub async fn block_tag(
    State(state): State<AppState>,
    caller: Caller,
    Path(uid): Path<String>,
    body: LaterJson<BlockTagRequest>,
) -> Result<Json<Vec<TagView>>, ApiError> {
    let user = own_account(&caller)?;
    let req = body.parse()?;
    Ok(Json(
        payments::tags::set_blocked(&state, &user.id, &uid, req.blocked).await?,
    ))
}

/// After 3-D Secure in the app: reads the start's hold back and, once it is in place, starts.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/payment/authenticated", params(("id" = String, Path)),
    responses((status = 200, body = SessionView), (status = 402, body = ladeklar_api::Problem, description = "card_declined")))]
pub async fn authenticated(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SessionView>, ApiError> {
    let id = super::sessions::allowed_session(&state, &caller, Action::StopSession, &id).await?;
    Ok(Json(crate::charging::continue_after_authentication(&state, &id).await?))
}

/// Support refunds a paid session in full (core's `PaymentEvent::Refund`; Stripe's refund with
/// the payment's idempotency key). It lands on the owner's credit note for the month.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/refund", params(("id" = String, Path)),
    responses((status = 200, body = SessionView), (status = 401, body = ladeklar_api::Problem),
        (status = 403, body = ladeklar_api::Problem), (status = 404, body = ladeklar_api::Problem),
        (status = 409, body = ladeklar_api::Problem, description = "not_refundable"),
        (status = 503, body = ladeklar_api::Problem)))]
pub async fn refund(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SessionView>, ApiError> {
    let id = super::sessions::allowed_session(&state, &caller, Action::RefundPayment, &id).await?;
    let payments = payments_of(&state)?;
    let row = state
        .store
        .payment_of_session(&id)
        .await?
        .ok_or_else(|| ApiError::NotRefundable(format!("session {id} was not paid")))?;
    match payments::flow::advance(&state, payments, row, ladeklar_core::payments::PaymentEvent::Refund).await {
        Ok(_) => {}
        Err(payments::flow::FlowError::Refused(why)) => {
            return Err(ApiError::NotRefundable(format!("session {id}: {why}")))
        }
        Err(payments::flow::FlowError::Raced(_)) => {
            return Err(ApiError::NotRefundable(format!(
                "session {id}: its payment changed meanwhile; read it again"
            )))
        }
        Err(payments::flow::FlowError::Store(e)) => return Err(e.into()),
    }
    Ok(Json(crate::charging::session_view(&state, &id).await?))
}

/// Stripe's webhook: the signature is checked against the raw body; each event id is
/// handled once; the payment it names is reconciled by reading its PaymentIntent back (never
/// by trusting the order events come in).
#[utoipa::path(post, path = "/api/v1/payments/stripe-webhook",
    request_body(content = Object, content_type = "application/json", description = "a Stripe Event, signed in the Stripe-Signature header"),
    responses((status = 204), (status = 400, body = ladeklar_api::Problem, description = "webhook_rejected")))]
pub async fn stripe_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let payments = payments_of(&state)?;
    let secret = payments
        .webhook_secret
        .as_deref()
        .ok_or_else(|| ApiError::WebhookRejected("no webhook secret is configured".into()))?;
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok());
    let event = ladeklar_stripe::webhook::verify(&body, signature, secret, state.now().timestamp())
        .map_err(|e| ApiError::WebhookRejected(e.to_string()))?;
    if !state
        .store
        .first_stripe_event(&event.id, &event.kind, state.now())
        .await?
    {
        tracing::info!(event = %event.id, kind = %event.kind, "Stripe event already handled");
        return Ok(StatusCode::NO_CONTENT);
    }
    let Some(intent) = event.payment_intent else {
        return Ok(StatusCode::NO_CONTENT);
    };
    if let Some(row) = state.store.payment_by_intent(&intent).await? {
        let session = row.session_id.clone();
        match payments::reconcile::reconcile_one(&state, payments, row).await {
            Ok(_) => state.notify_session(&session),
            Err(e) => {
                tracing::warn!(event = %event.id, error = %e, "webhook: payment not moved now; reconciliation will")
            }
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
