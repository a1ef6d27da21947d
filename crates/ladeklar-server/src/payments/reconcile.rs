//! Reconciliation: a payment left between a Stripe call and our write (a crash, a lost
//! answer, a webhook) is finished by reading its PaymentIntent back — never by trusting the
//! order events arrive in — or, when Stripe never saw the call, by making it again with the
//! same idempotency key. Holds are captured or released before they lapse.

use chrono::{DateTime, Duration, Utc};
use ladeklar_core::payments::state::settle_by;
use ladeklar_core::payments::{Effect, MinorUnits, PaymentEvent, PaymentState};
use ladeklar_core::session::SessionStatus;
use ladeklar_store::PaymentRow;
use ladeklar_stripe::{Intent, IntentStatus};

use super::flow::{advance, advance_with, perform, FlowError};
use super::Payments;
use crate::charging::LoadedSession;
use crate::AppState;

/// The event a PaymentIntent read back is for a payment in `row`'s state, if any.
pub fn event_for(row: &PaymentRow, intent: &Intent) -> Option<(PaymentEvent, Option<String>)> {
    let state = PaymentState::parse(&row.state)?;
    let failure = || intent.failure.clone();
    match (state, intent.status) {
        (PaymentState::HoldRequested | PaymentState::ActionRequired, IntentStatus::RequiresCapture) => Some((
            PaymentEvent::HoldAuthorised {
                amount: MinorUnits(intent.amount_capturable),
            },
            None,
        )),
        (PaymentState::HoldRequested, IntentStatus::RequiresAction) => Some((PaymentEvent::HoldNeedsAction, None)),
        (
            PaymentState::HoldRequested | PaymentState::ActionRequired,
            IntentStatus::RequiresPaymentMethod | IntentStatus::Canceled,
        ) => Some((PaymentEvent::HoldDeclined, failure())),
        (PaymentState::CaptureRequested | PaymentState::ChargeRequested, IntentStatus::Succeeded) => Some((
            PaymentEvent::Paid {
                amount: MinorUnits(intent.amount_received),
            },
            None,
        )),
        (PaymentState::CaptureRequested, IntentStatus::Canceled) => Some((PaymentEvent::CaptureFailed, failure())),
        (PaymentState::ChargeRequested, IntentStatus::RequiresPaymentMethod | IntentStatus::Canceled) => {
            Some((PaymentEvent::ChargeFailed, failure()))
        }
        (PaymentState::ReleaseRequested, IntentStatus::Canceled) => Some((PaymentEvent::ReleaseConfirmed, None)),
        _ => None,
    }
}

/// Brings one payment up to date with Stripe and with its session. Returns it as it rests.
pub async fn reconcile_one(state: &AppState, payments: &Payments, row: PaymentRow) -> Result<PaymentRow, FlowError> {
    let Some(current) = PaymentState::parse(&row.state) else {
        return Ok(row);
    };
    let intent = match row.stripe_intent.as_deref() {
        Some(pi) => match payments.gateway.intent(pi).await {
            Ok(intent) => Some(intent),
            Err(e) => {
                tracing::warn!(payment = %row.id, error = %e, "could not read the PaymentIntent back");
                return Ok(row);
            }
        },
        None => None,
    };
    if let Some((event, failure)) = intent.as_ref().and_then(|i| event_for(&row, i)) {
        return advance_with(state, payments, row, event, failure).await;
    }
    let now = state.now();
    match current {
        // What the payment is waiting for depends on its session.
        PaymentState::Held | PaymentState::StartSent | PaymentState::ActionRequired => {
            session_event(state, payments, row, current, now).await
        }
        // Stripe has not done what we asked (or never heard of it): ask again, same key.
        PaymentState::CaptureRequested
        | PaymentState::ReleaseRequested
        | PaymentState::ChargeRequested
        | PaymentState::HoldRequested => {
            let effect = pending_effect(&row, current);
            if let Some(effect) = effect {
                if let Some((event, failure)) = perform(state, payments, &row, &effect).await? {
                    return advance_with(state, payments, row, event, failure).await;
                }
            }
            Ok(row)
        }
        _ => Ok(row),
    }
}

/// The Stripe call a payment in `state` is waiting on, with the key it was first made with.
fn pending_effect(row: &PaymentRow, state: PaymentState) -> Option<Effect> {
    let amount = MinorUnits(row.amount.unwrap_or(0));
    let key_of = |default: &str| {
        row.pending_key
            .as_deref()
            .and_then(|k| k.strip_prefix(&format!("ladeklar-{}-", row.id)))
            .unwrap_or(default)
            .to_owned()
    };
    match state {
        PaymentState::HoldRequested => Some(Effect::CreateHold {
            amount: MinorUnits(row.held),
            key: key_of("hold"),
        }),
        PaymentState::CaptureRequested => Some(Effect::Capture {
            amount,
            key: key_of("capture"),
        }),
        PaymentState::ReleaseRequested => Some(Effect::CancelHold { key: key_of("cancel") }),
        PaymentState::ChargeRequested => Some(Effect::ChargeOffSession {
            amount,
            key: key_of("charge-1"),
        }),
        _ => None,
    }
}

/// A hold waiting on its session: the session ended (capture), never started (release),
/// 3-D Secure never completed (abandon), or the hold is about to lapse.
async fn session_event(
    state: &AppState,
    payments: &Payments,
    row: PaymentRow,
    current: PaymentState,
    now: DateTime<Utc>,
) -> Result<PaymentRow, FlowError> {
    let Some(session_row) = state.store.session(&row.session_id).await? else {
        return Ok(row);
    };
    let samples = state.store.samples(&row.session_id).await?;
    let Ok(session) = LoadedSession::load(session_row, &samples) else {
        return Ok(row);
    };
    let event = match (current, session.status) {
        (PaymentState::ActionRequired, SessionStatus::Failed) => Some(PaymentEvent::ActionAbandoned),
        (PaymentState::Held | PaymentState::StartSent, SessionStatus::Failed) => Some(PaymentEvent::StartRefused),
        (PaymentState::StartSent, SessionStatus::Completed) if !session.row.held_from_billing() => {
            match session.row.priced()? {
                Some(priced) => MinorUnits::from_major(priced.total.incl_vat, &priced.currency)
                    .ok()
                    .map(|total| PaymentEvent::SessionEnded {
                        total,
                        minimum: payments.minimum_charge(&row.currency),
                    }),
                None => None,
            }
        }
        _ => None,
    };
    if let Some(event) = event {
        return advance(state, payments, row, event).await;
    }
    // The hold lapses after 7 days: settle a day before with what the session has cost.
    let held_at = row.held_at().unwrap_or(None);
    if held_at.is_some_and(|t| settle_by(t) <= now) {
        let running = match session.price() {
            Ok(Some(priced)) => {
                MinorUnits::from_major(priced.total.incl_vat, &priced.currency).unwrap_or(MinorUnits(0))
            }
            _ => MinorUnits(0),
        };
        let minimum = payments.minimum_charge(&row.currency);
        return advance(state, payments, row, PaymentEvent::HoldExpiring { running, minimum }).await;
    }
    Ok(row)
}

/// Every unfinished payment not touched for `quiet`: the job's round.
pub async fn reconcile_all(state: &AppState, payments: &Payments, quiet: Duration) -> anyhow::Result<usize> {
    let states = [
        PaymentState::HoldRequested,
        PaymentState::ActionRequired,
        PaymentState::Held,
        PaymentState::StartSent,
        PaymentState::CaptureRequested,
        PaymentState::ChargeRequested,
        PaymentState::ReleaseRequested,
    ];
    let rows = state.store.payments_in(&states, state.now() - quiet).await?;
    let mut moved = 0;
    for row in rows {
        let before = row.state.clone();
        let id = row.id.clone();
        match reconcile_one(state, payments, row).await {
            Ok(after) if after.state != before => moved += 1,
            Ok(_) => {}
            Err(FlowError::Raced(_)) => {}
            Err(e) => tracing::warn!(payment = %id, error = %e, "reconciliation could not finish a payment"),
        }
    }
    Ok(moved)
}
