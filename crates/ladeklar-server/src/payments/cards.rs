//! The account's saved cards: a Stripe customer per account, made on first use.

use ladeklar_api::{CardView, CardsView};
use ladeklar_core::accounts::UserId;
use ladeklar_core::payments::MinorUnits;
use ladeklar_store::UserRow;
use ladeklar_stripe::Card;

use super::Payments;
use crate::error::ApiError;
use crate::AppState;

/// The account's Stripe customer, made (once) when first needed.
pub async fn customer(state: &AppState, payments: &Payments, user: &UserRow) -> Result<String, ApiError> {
    if let Some((customer, _)) = state.store.stripe_customer(&user.id).await? {
        return Ok(customer);
    }
    let made = payments
        .gateway
        .create_customer(
            &user.id.to_string(),
            &user.email,
            &format!("ladeklar-customer-{}", user.id),
        )
        .await?;
    state.store.insert_stripe_customer(&user.id, &made, state.now()).await?;
    // Two requests racing keep the first stored customer.
    Ok(state
        .store
        .stripe_customer(&user.id)
        .await?
        .map(|(c, _)| c)
        .unwrap_or(made))
}

/// The account's cards, the default first, and what it owes.
pub async fn list(state: &AppState, payments: &Payments, user: &UserId) -> Result<CardsView, ApiError> {
    let owed = state.store.debt_of(user).await?;
    let currency = "NOK".to_string();
    let Some((customer, default)) = state.store.stripe_customer(user).await? else {
        return Ok(CardsView {
            cards: Vec::new(),
            owed: (owed > 0).then(|| MinorUnits(owed).to_major(&currency)),
            currency,
        });
    };
    let mut cards: Vec<CardView> = payments
        .gateway
        .cards(&customer)
        .await?
        .into_iter()
        .map(|c| view(c, default.as_deref()))
        .collect();
    // The first card saved is the default until the driver picks another.
    if default.is_none() {
        if let Some(first) = cards.first_mut() {
            first.default = true;
            state.store.set_default_card(user, Some(&first.id)).await?;
        }
    }
    cards.sort_by_key(|c| !c.default);
    Ok(CardsView {
        cards,
        owed: (owed > 0).then(|| MinorUnits(owed).to_major(&currency)),
        currency,
    })
}

fn view(c: Card, default: Option<&str>) -> CardView {
    CardView {
        default: default == Some(c.id.as_str()),
        id: c.id,
        brand: c.brand,
        last4: c.last4,
        exp_month: c.exp_month,
        exp_year: c.exp_year,
    }
}

/// Saves the card a confirmed SetupIntent collected; the first card becomes the default.
pub async fn save(
    state: &AppState,
    payments: &Payments,
    user: &UserRow,
    setup_intent_id: &str,
) -> Result<CardsView, ApiError> {
    let customer = customer(state, payments, user).await?;
    let pm = collected_card(payments, setup_intent_id).await?;
    payments.gateway.attach_card(&pm, &customer).await?;
    if let Some((_, None)) = state.store.stripe_customer(&user.id).await? {
        state.store.set_default_card(&user.id, Some(&pm)).await?;
    }
    list(state, payments, &user.id).await
}

/// The card (payment method) a confirmed SetupIntent collected; a SetupIntent that collected
/// none is `card_not_found` naming it.
pub async fn collected_card(payments: &Payments, setup_intent_id: &str) -> Result<String, ApiError> {
    payments
        .gateway
        .setup_card_result(setup_intent_id)
        .await
        .map_err(|e| match e {
            ladeklar_stripe::StripeFailure::Refused(why) => {
                ApiError::CardNotFound(format!("no card was collected by {setup_intent_id:?}: {why}"))
            }
            other => other.into(),
        })
}

/// One of the account's saved cards.
pub async fn saved_card(state: &AppState, payments: &Payments, user: &UserId, card_id: &str) -> Result<Card, ApiError> {
    let Some((customer, _)) = state.store.stripe_customer(user).await? else {
        return Err(ApiError::CardNotFound(format!("no card {card_id:?} on this account")));
    };
    payments
        .gateway
        .cards(&customer)
        .await?
        .into_iter()
        .find(|c| c.id == card_id)
        .ok_or_else(|| ApiError::CardNotFound(format!("no card {card_id:?} on this account")))
}

pub async fn remove(
    state: &AppState,
    payments: &Payments,
    user: &UserId,
    card_id: &str,
) -> Result<CardsView, ApiError> {
    saved_card(state, payments, user, card_id).await?;
    payments.gateway.remove_card(card_id).await?;
    if let Some((_, Some(default))) = state.store.stripe_customer(user).await? {
        if default == card_id {
            state.store.set_default_card(user, None).await?;
        }
    }
    list(state, payments, user).await
}

pub async fn make_default(
    state: &AppState,
    payments: &Payments,
    user: &UserId,
    card_id: &str,
) -> Result<CardsView, ApiError> {
    saved_card(state, payments, user, card_id).await?;
    state.store.set_default_card(user, Some(card_id)).await?;
    list(state, payments, user).await
}
