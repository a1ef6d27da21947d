//! The hold before a start: which card, how much, and Stripe's answer.

use ladeklar_api::{PaymentSource, StartPayment};
use ladeklar_core::accounts::UserId;
use ladeklar_core::payments::amount::hold_amount;
use ladeklar_core::payments::{MinorUnits, Payment, PaymentEvent, PaymentKind};
use ladeklar_core::tariff::Tariff;
use ladeklar_store::{NewPayment, PaymentRow};

use super::flow::{advance, FlowError};
use super::Payments;
use crate::error::ApiError;
use crate::AppState;

/// A start's payment, checked before anything is held or sent.
pub struct PreparedHold {
    pub amount: MinorUnits,
    pub currency: String,
    pub payment_method: String,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub receipt_email: Option<String>,
}

/// Checks the cap against the tariff (core's `hold_amount`), that the driver owes nothing,
/// and finds the card: a saved card of the driver's, or the one a SetupIntent collected.
pub async fn prepare(
    state: &AppState,
    payments: &Payments,
    tariff: &Tariff,
    pay: &StartPayment,
    driver: Option<&UserId>,
) -> Result<PreparedHold, ApiError> {
    let amount = hold_amount(pay.spending_cap, tariff).map_err(|r| ApiError::InvalidSpendingCap(r.to_string()))?;
    if let Some(driver) = driver {
        let owed = state.store.debt_of(driver).await?;
        if owed > 0 {
            return Err(ApiError::PaymentOwed(format!(
                "{} {}",
                MinorUnits(owed).to_major(&tariff.currency),
                tariff.currency
            )));
        }
    }
    if let Some(email) = &pay.receipt_email {
        ladeklar_core::accounts::email::parse_email(email).map_err(|e| ApiError::InvalidEmail(e.to_string()))?;
    }
    let source = pay.card().map_err(|why| ApiError::InvalidRequest(why.into()))?;
    let (payment_method, card) = match &source {
        PaymentSource::SavedCard { card_id } => {
            let driver = driver.ok_or_else(|| ApiError::SignInRequired("sign in to pay with a saved card".into()))?;
            let card = super::cards::saved_card(state, payments, driver, card_id).await?;
            (card.id.clone(), Some(card))
        }
        PaymentSource::NewCard { setup_intent_id } => {
            let pm = super::cards::collected_card(payments, setup_intent_id).await?;
            let card = payments.gateway.card(&pm).await.ok();
            (pm, card)
        }
    };
    Ok(PreparedHold {
        amount,
        currency: tariff.currency.clone(),
        payment_method,
        card_brand: card.as_ref().map(|c| c.brand.clone()),
        card_last4: card.as_ref().map(|c| c.last4.clone()),
        receipt_email: pay.receipt_email.clone(),
    })
}

/// Stores the payment of `session_id` and asks Stripe for the hold. The answer is the payment
/// as it rests: `held` (start now), `action_required` (3-D Secure first), `failed` (declined:
/// nothing held), or `hold_requested` (Stripe's answer unknown).
pub async fn hold(
    state: &AppState,
    payments: &Payments,
    prepared: &PreparedHold,
    session_id: &str,
    driver: Option<&UserId>,
) -> Result<PaymentRow, ApiError> {
    let id = uuid::Uuid::new_v4().to_string();
    let payment = Payment::new(PaymentKind::Hold);
    state
        .store
        .insert_payment(
            &NewPayment {
                id: &id,
                session_id,
                user_id: driver,
                payment: &payment,
                currency: &prepared.currency,
                payment_method: &prepared.payment_method,
                card_brand: prepared.card_brand.as_deref(),
                card_last4: prepared.card_last4.as_deref(),
                receipt_email: prepared.receipt_email.as_deref(),
                pending_key: None,
            },
            state.now(),
        )
        .await?;
    let row = state
        .store
        .payment(&id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("payment {id} vanished after insert"))?;
    let row = advance(
        state,
        payments,
        row,
        PaymentEvent::HoldRequest {
            amount: prepared.amount,
        },
    )
    .await
    .map_err(flow_error)?;
    Ok(row)
}

pub fn flow_error(e: FlowError) -> ApiError {
    match e {
        FlowError::Store(e) => e.into(),
        other => ApiError::Internal(other.into()),
    }
}
