//! Applying an event to a stored payment and performing what core asks for.

use ladeklar_core::payments::{Effect, MinorUnits, PaymentEvent, PaymentRefusal, PaymentState};
use ladeklar_store::{PaymentChange, PaymentRow};
use ladeklar_stripe::{Intent, IntentStatus, StripeFailure};

use super::Payments;
use crate::AppState;

/// Why a payment could not be moved on.
#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error(transparent)]
    Refused(#[from] PaymentRefusal),
    /// Someone else (a webhook, the reconciliation job, another node) moved it meanwhile.
    #[error("payment {0} changed meanwhile")]
    Raced(String),
    #[error(transparent)]
    Store(#[from] ladeklar_store::StoreError),
}

/// Applies `event` to `row` and goes on with Stripe's answers until the payment rests
/// (a final state, an outstanding 3-D Secure, a hold waiting for the charger's start, or a
/// Stripe call whose outcome is unknown: the reconciliation job takes it from there).
/// Returns the payment as stored at the end.
pub async fn advance(
    state: &AppState,
    payments: &Payments,
    row: PaymentRow,
    event: PaymentEvent,
) -> Result<PaymentRow, FlowError> {
    advance_with(state, payments, row, event, None).await
}

/// [`advance`], recording `failure` (why a hold or charge failed) with the first transition.
pub async fn advance_with(
    state: &AppState,
    payments: &Payments,
    mut row: PaymentRow,
    event: PaymentEvent,
    failure: Option<String>,
) -> Result<PaymentRow, FlowError> {
    let mut next_event = Some((event, failure));
    while let Some((event, failure)) = next_event.take() {
        let transition = row.rules()?.apply(event)?;
        let failure = failure.or_else(|| match (event, transition.next.state) {
            (PaymentEvent::SessionEnded { total, minimum }, PaymentState::ReleaseRequested)
            | (PaymentEvent::OffSessionCharge { amount: total, minimum }, PaymentState::Captured)
            | (
                PaymentEvent::HoldExpiring {
                    running: total,
                    minimum,
                },
                PaymentState::ReleaseRequested,
            ) if total.0 > 0 && total.0 < minimum.0 => Some(format!(
                "not charged: {} is below the card minimum of {}",
                total.to_major(&row.currency),
                minimum.to_major(&row.currency)
            )),
            (PaymentEvent::HoldAuthorised { amount }, PaymentState::Failed) => Some(format!(
                "the card issuer authorised {} instead of the {} asked for; it was released",
                amount.to_major(&row.currency),
                MinorUnits(row.held).to_major(&row.currency)
            )),
            _ => None,
        });
        let key = transition.effect.idempotency_key(&row.id);
        let now = state.now();
        let change = PaymentChange {
            pending_key: key.as_deref(),
            stripe_intent: None,
            failure: failure.as_deref(),
            held_at: (transition.next.state == PaymentState::Held).then_some(now),
        };
        if !state.store.save_payment(&row, &transition.next, &change, now).await? {
            return Err(FlowError::Raced(row.id));
        }
        row = state
            .store
            .payment(&row.id)
            .await?
            .ok_or_else(|| FlowError::Raced(row.id.clone()))?;
        tracing::info!(payment = %row.id, session = %row.session_id, state = %row.state, effect = ?transition.effect, "payment moved");
        match transition.next.state {
            PaymentState::Captured => super::notices::paid(state, &row),
            PaymentState::Debt => super::notices::owed(state, &row),
            _ => {}
        }
        next_event = perform(state, payments, &row, &transition.effect).await?;
    }
    Ok(row)
}

/// Performs one effect; returns the event Stripe's answer is, if it is known now.
pub async fn perform(
    state: &AppState,
    payments: &Payments,
    row: &PaymentRow,
    effect: &Effect,
) -> Result<Option<(PaymentEvent, Option<String>)>, FlowError> {
    let key = effect.idempotency_key(&row.id).unwrap_or_default();
    let gateway = &payments.gateway;
    let answer = match effect {
        Effect::None | Effect::StartCharging => return Ok(None),
        Effect::RecordDebt { amount } => {
            tracing::warn!(payment = %row.id, user = ?row.user_id, owed = amount.0, "a session could not be charged: the account owes it");
            return Ok(None);
        }
        Effect::CreateHold { amount, .. } => {
            let customer = customer_of(state, row).await?;
            let held = gateway
                .hold(
                    amount.0,
                    &row.currency,
                    customer.as_deref(),
                    &row.payment_method,
                    &row.id,
                    &key,
                )
                .await;
            remember_intent(state, row, &held).await?;
            held.map(|i| hold_event(&i))
        }
        Effect::Capture { amount, .. } => match row.stripe_intent.as_deref() {
            Some(pi) => gateway.capture(pi, amount.0, &key).await.map(|i| paid_event(&i)),
            None => Ok(Some((
                PaymentEvent::CaptureFailed,
                Some("no PaymentIntent to capture".into()),
            ))),
        },
        Effect::CancelHold { .. } => match row.stripe_intent.as_deref() {
            Some(pi) => gateway
                .cancel(pi, &key)
                .await
                .map(|i| (i.status == IntentStatus::Canceled).then_some((PaymentEvent::ReleaseConfirmed, None))),
            // Never reached Stripe: nothing to release.
            None => Ok(Some((PaymentEvent::ReleaseConfirmed, None))),
        },
        Effect::ChargeOffSession { amount, .. } => {
            let Some(customer) = customer_of(state, row).await? else {
                return Ok(Some((
                    PaymentEvent::ChargeFailed,
                    Some("no saved card on the account".into()),
                )));
            };
            let charged = gateway
                .charge_off_session(amount.0, &row.currency, &customer, &row.payment_method, &row.id, &key)
                .await;
            remember_intent(state, row, &charged).await?;
            charged.map(|i| match i.status {
                IntentStatus::Succeeded => Some((
                    PaymentEvent::Paid {
                        amount: MinorUnits(i.amount_received),
                    },
                    None,
                )),
                IntentStatus::Processing => None,
                _ => Some((
                    PaymentEvent::ChargeFailed,
                    i.failure.or(Some("the card needs the driver".into())),
                )),
            })
        }
        Effect::Refund { .. } => match row.stripe_intent.as_deref() {
            Some(pi) => gateway.refund(pi, &key).await.map(|()| None),
            None => Ok(None),
        },
    };
    Ok(match answer {
        Ok(event) => event,
        Err(StripeFailure::Declined(why)) => Some((declined_event(effect), Some(why))),
        Err(StripeFailure::Refused(why)) => {
            // Refused as asked (a second capture, a cancel of something already cancelled):
            // what Stripe has is the truth; reconciliation reads it back.
            tracing::warn!(payment = %row.id, effect = ?effect, %why, "Stripe refused; reading the PaymentIntent back");
            match (effect, row.stripe_intent.as_deref()) {
                (Effect::CreateHold { .. }, _) => Some((PaymentEvent::HoldDeclined, Some(why))),
                (_, Some(pi)) => match gateway.intent(pi).await {
                    Ok(intent) => super::reconcile::event_for(row, &intent),
                    Err(_) => None,
                },
                _ => None,
            }
        }
        Err(unknown) => {
            tracing::warn!(payment = %row.id, effect = ?effect, error = %unknown, "Stripe's answer is unknown; reconciliation will finish it");
            None
        }
    })
}

async fn remember_intent(
    state: &AppState,
    row: &PaymentRow,
    answer: &Result<Intent, StripeFailure>,
) -> Result<(), FlowError> {
    if let Ok(intent) = answer {
        state.store.set_payment_intent(&row.id, &intent.id, state.now()).await?;
    }
    Ok(())
}

async fn customer_of(state: &AppState, row: &PaymentRow) -> Result<Option<String>, FlowError> {
    let Some(user) = row.user_id.as_deref().and_then(|u| u.parse::<uuid::Uuid>().ok()) else {
        return Ok(None);
    };
    let user = ladeklar_core::accounts::UserId(user);
    Ok(state.store.stripe_customer(&user).await?.map(|(customer, _)| customer))
}

fn declined_event(effect: &Effect) -> PaymentEvent {
    match effect {
        Effect::CreateHold { .. } => PaymentEvent::HoldDeclined,
        Effect::Capture { .. } => PaymentEvent::CaptureFailed,
        _ => PaymentEvent::ChargeFailed,
    }
}

/// What a freshly made hold is.
pub fn hold_event(intent: &Intent) -> Option<(PaymentEvent, Option<String>)> {
    match intent.status {
        IntentStatus::RequiresCapture => Some((
            PaymentEvent::HoldAuthorised {
                amount: MinorUnits(intent.amount_capturable),
            },
            None,
        )),
        IntentStatus::RequiresAction => Some((PaymentEvent::HoldNeedsAction, None)),
        IntentStatus::Processing => None,
        _ => Some((
            PaymentEvent::HoldDeclined,
            Some(intent.failure.clone().unwrap_or_else(|| "the card was declined".into())),
        )),
    }
}

fn paid_event(intent: &Intent) -> Option<(PaymentEvent, Option<String>)> {
    match intent.status {
        IntentStatus::Succeeded => Some((
            PaymentEvent::Paid {
                amount: MinorUnits(intent.amount_received),
            },
            None,
        )),
        IntentStatus::Processing => None,
        _ => Some((PaymentEvent::CaptureFailed, intent.failure.clone())),
    }
}
