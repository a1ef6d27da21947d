//! A session's end: capture the hold, or charge an RFID session to the account's card.

use ladeklar_core::accounts::UserId;
use ladeklar_core::payments::amount::cap_reached;
use ladeklar_core::payments::{MinorUnits, Payment, PaymentEvent, PaymentKind, PaymentState};
use ladeklar_core::session::SessionStatus;
use ladeklar_store::NewPayment;

use super::flow::advance;
use super::Payments;
use crate::charging::LoadedSession;
use crate::AppState;

/// The session completed: its total (priced by core at the stop) is captured from its hold,
/// or charged off session to the saved card of the account its RFID tag is linked to. A
/// session held from billing (meter anomalies) is left for review: its hold stays until
/// support settles it or the reconciliation job does before the hold lapses.
pub async fn session_completed(state: &AppState, payments: &Payments, session_id: &str) -> anyhow::Result<()> {
    let Some(row) = state.store.session(session_id).await? else {
        return Ok(());
    };
    let samples = state.store.samples(session_id).await?;
    let session = LoadedSession::load(row, &samples)?;
    if session.status != SessionStatus::Completed {
        return Ok(());
    }
    if session.row.held_from_billing() {
        tracing::warn!(session = %session_id, "held from billing: not captured until reviewed");
        return Ok(());
    }
    let Some(priced) = session.row.priced()? else {
        return Ok(());
    };
    let total = MinorUnits::from_major(priced.total.incl_vat, &priced.currency)?;
    if let Some(payment) = state.store.payment_of_session(session_id).await? {
        if payment.state == PaymentState::StartSent.as_str() {
            let minimum = payments.minimum_charge(&payment.currency);
            advance(state, payments, payment, PaymentEvent::SessionEnded { total, minimum }).await?;
        }
        return Ok(());
    }
    // No payment yet: an RFID session of a tag linked to an account is charged now.
    let Some(owner) = super::tags::owner_of_tag(state, &session.row.id_tag).await? else {
        return Ok(());
    };
    state.store.claim_session(session_id, &owner).await?;
    charge_rfid_session(state, payments, session_id, &owner, total, &priced.currency).await
}

async fn charge_rfid_session(
    state: &AppState,
    payments: &Payments,
    session_id: &str,
    owner: &UserId,
    total: MinorUnits,
    currency: &str,
) -> anyhow::Result<()> {
    let card = match state.store.stripe_customer(owner).await? {
        Some((_, Some(card))) => Some(card),
        _ => None,
    };
    let card_view = match &card {
        Some(c) => payments.gateway.card(c).await.ok(),
        None => None,
    };
    let id = uuid::Uuid::new_v4().to_string();
    let payment = Payment::new(PaymentKind::OffSession);
    let inserted = state
        .store
        .insert_payment(
            &NewPayment {
                id: &id,
                session_id,
                user_id: Some(owner),
                payment: &payment,
                currency,
                payment_method: card.as_deref().unwrap_or("none"),
                card_brand: card_view.as_ref().map(|c| c.brand.as_str()),
                card_last4: card_view.as_ref().map(|c| c.last4.as_str()),
                receipt_email: None,
                pending_key: None,
            },
            state.now(),
        )
        .await;
    if let Err(ladeklar_store::StoreError::Conflict(_)) = inserted {
        return Ok(()); // charged already (a repeated stop)
    }
    inserted?;
    let row = state
        .store
        .payment(&id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("payment {id} vanished after insert"))?;
    let minimum = payments.minimum_charge(currency);
    advance(
        state,
        payments,
        row,
        PaymentEvent::OffSessionCharge { amount: total, minimum },
    )
    .await?;
    Ok(())
}

/// A running session whose cost has reached its hold is stopped (RemoteStopTransaction);
/// the driver sees why on the receipt (the payment's `cap_reached`).
pub async fn stop_at_cap(state: &AppState, payments: &Payments, session_id: &str) -> anyhow::Result<()> {
    let _ = payments;
    let Some(payment) = state.store.payment_of_session(session_id).await? else {
        return Ok(());
    };
    if payment.state != PaymentState::StartSent.as_str() {
        return Ok(());
    }
    let Some(row) = state.store.session(session_id).await? else {
        return Ok(());
    };
    let samples = state.store.samples(session_id).await?;
    let session = LoadedSession::load(row, &samples)?;
    if session.status != SessionStatus::Charging {
        return Ok(());
    }
    let Some(priced) = session.price()? else {
        return Ok(());
    };
    let running = MinorUnits::from_major(priced.total.incl_vat, &priced.currency)?;
    if cap_reached(running, MinorUnits(payment.held), &payment.currency) {
        tracing::info!(session = %session_id, running = running.0, held = payment.held, "spending cap reached: stopping");
        crate::charging::stop_session(state, session_id).await?;
    }
    Ok(())
}

/// Pays every debt of the account with its default card, off session (a new attempt with
/// its own idempotency key each time).
pub async fn pay_debts(state: &AppState, payments: &Payments, user: &UserId) -> Result<(), crate::error::ApiError> {
    use crate::error::ApiError;
    let card = match state.store.stripe_customer(user).await? {
        Some((_, Some(card))) => card,
        _ => return Err(ApiError::CardNotFound("add a card to pay what is owed".into())),
    };
    for row in state.store.payments_of(user).await? {
        if row.state != PaymentState::Debt.as_str() {
            continue;
        }
        state.store.set_payment_method(&row.id, &card, state.now()).await?;
        let row = state
            .store
            .payment(&row.id)
            .await?
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("payment vanished")))?;
        let after = advance(state, payments, row, PaymentEvent::DebtPayment)
            .await
            .map_err(super::start::flow_error)?;
        if after.state == PaymentState::Debt.as_str() {
            return Err(ApiError::CardDeclined(format!(
                "{}; the amount is still owed",
                after.failure.unwrap_or_else(|| "the card was declined".into())
            )));
        }
    }
    Ok(())
}
