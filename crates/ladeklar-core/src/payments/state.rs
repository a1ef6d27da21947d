//! The payment state machine. One payment per session (a card hold, or an RFID session
//! charged off session at its end); each transition returns the one effect the server
//! performs next, so the server never decides what to call.
//!
//! ```text
//!  New ──HoldRequest──▶ HoldRequested ──HoldNeedsAction──▶ ActionRequired
//!                         │  │                                 │ │
//!                         │  └──HoldDeclined──▶ Failed ◀──────┘ └─(Abandoned: cancel)
//!                         └──HoldAuthorised──▶ Held ──StartSending──▶ StartSent
//!  Held / StartSent ──StartRefused──▶ ReleaseRequested ──ReleaseConfirmed──▶ Released
//!  StartSent ──SessionEnded(total)──▶ CaptureRequested  (or ReleaseRequested when total 0)
//!  CaptureRequested ──CaptureFailed──▶ CaptureRequested (retry, same key) … ──▶ Debt
//!  New ──OffSessionCharge──▶ ChargeRequested ──ChargeFailed──▶ Debt ──DebtPayment──▶ ChargeRequested
//!  CaptureRequested / ChargeRequested ──Paid(amount)──▶ Captured ──Refund──▶ Refunded
//! ```

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::amount::{capture_amount, chargeable, MinorUnits};

/// How a session is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    /// A card hold before the start, captured at the stop (the app, guests).
    Hold,
    /// Charged at the stop to the account's saved card without the driver present (RFID).
    OffSession,
}

/// Where a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    New,
    /// The hold (a PaymentIntent with manual capture) is created and confirmed; its answer
    /// is awaited.
    HoldRequested,
    /// The card needs 3-D Secure: the driver must authenticate before anything is held.
    ActionRequired,
    /// The hold is authorised; RemoteStartTransaction may be sent.
    Held,
    /// RemoteStartTransaction is sent: the session is pending or under way.
    StartSent,
    /// The session ended; the capture of its total is requested.
    CaptureRequested,
    /// An off-session charge (RFID session, or a debt being paid) is requested.
    ChargeRequested,
    /// Paid.
    Captured,
    /// The hold's cancellation is requested (no start, or nothing to pay).
    ReleaseRequested,
    /// Nothing paid; the hold is gone.
    Released,
    /// No hold was ever authorised (declined card, abandoned 3-D Secure): nothing held.
    Failed,
    /// The capture or the off-session charge failed: the account owes the amount.
    Debt,
    /// Paid, then given back.
    Refunded,
}

impl PaymentState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::HoldRequested => "hold_requested",
            Self::ActionRequired => "action_required",
            Self::Held => "held",
            Self::StartSent => "start_sent",
            Self::CaptureRequested => "capture_requested",
            Self::ChargeRequested => "charge_requested",
            Self::Captured => "captured",
            Self::ReleaseRequested => "release_requested",
            Self::Released => "released",
            Self::Failed => "failed",
            Self::Debt => "debt",
            Self::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == s)
    }

    pub const ALL: [PaymentState; 13] = [
        Self::New,
        Self::HoldRequested,
        Self::ActionRequired,
        Self::Held,
        Self::StartSent,
        Self::CaptureRequested,
        Self::ChargeRequested,
        Self::Captured,
        Self::ReleaseRequested,
        Self::Released,
        Self::Failed,
        Self::Debt,
        Self::Refunded,
    ];

    /// Whether a call to Stripe is outstanding in this state: the reconciliation job reads
    /// the PaymentIntent of such a payment and finishes the transition.
    pub fn awaits_stripe(self) -> bool {
        matches!(
            self,
            Self::HoldRequested | Self::CaptureRequested | Self::ChargeRequested | Self::ReleaseRequested
        )
    }

    /// Whether money is authorised on the card and must be captured or released before the
    /// hold expires.
    pub fn holds_money(self) -> bool {
        matches!(
            self,
            Self::Held | Self::StartSent | Self::CaptureRequested | Self::ReleaseRequested
        )
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Released | Self::Failed | Self::Refunded)
    }
}

/// A payment as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub kind: PaymentKind,
    pub state: PaymentState,
    /// The authorised amount (a hold); zero for off-session payments.
    pub held: MinorUnits,
    /// The amount to capture or charge once the session has ended.
    pub amount: Option<MinorUnits>,
    /// Failed captures so far (the same idempotency key is reused on each retry).
    pub capture_failures: u32,
    /// Off-session charges tried so far (each has its own key: a new card, a new attempt).
    pub charges: u32,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum PaymentEvent {
    /// A hold of `amount` is asked for (the app's or a guest's start).
    HoldRequest { amount: MinorUnits },
    /// Stripe authorised the hold (`requires_capture`) for `amount`.
    HoldAuthorised { amount: MinorUnits },
    /// Stripe wants 3-D Secure (`requires_action`).
    HoldNeedsAction,
    /// The card was declined, or the hold could not be made.
    HoldDeclined,
    /// The driver did not complete 3-D Secure.
    ActionAbandoned,
    /// RemoteStartTransaction is about to be sent.
    StartSending,
    /// The charger refused, did not answer, or the car never came.
    StartRefused,
    /// The session ended and was priced at `total` incl. VAT; card payments below `minimum`
    /// are waived.
    SessionEnded { total: MinorUnits, minimum: MinorUnits },
    /// An RFID session ended at `amount`: charge the saved card (waived below `minimum`).
    OffSessionCharge { amount: MinorUnits, minimum: MinorUnits },
    /// Stripe captured or charged `amount`.
    Paid { amount: MinorUnits },
    /// The capture failed.
    CaptureFailed,
    /// The off-session charge was declined.
    ChargeFailed,
    /// The driver pays the debt (with their saved card, possibly a new one).
    DebtPayment,
    /// Stripe cancelled the hold.
    ReleaseConfirmed,
    /// The hold is near its expiry (see [`settle_by`]) and the session has cost `running`
    /// (waived below `minimum`).
    HoldExpiring { running: MinorUnits, minimum: MinorUnits },
    /// Support refunds the payment.
    Refund,
}

/// The one thing the server does after a transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    None,
    /// Create and confirm a PaymentIntent with manual capture for `amount`.
    CreateHold {
        amount: MinorUnits,
        key: String,
    },
    /// Send RemoteStartTransaction (the hold is in place).
    StartCharging,
    /// Capture `amount` of the hold (the rest is released by Stripe).
    Capture {
        amount: MinorUnits,
        key: String,
    },
    /// Cancel the PaymentIntent: nothing is charged, the hold is released.
    CancelHold {
        key: String,
    },
    /// Charge the saved card off session.
    ChargeOffSession {
        amount: MinorUnits,
        key: String,
    },
    /// Refund what was paid.
    Refund {
        key: String,
    },
    /// Tell the driver: the account owes money and its tags are refused until it is paid.
    RecordDebt {
        amount: MinorUnits,
    },
}

/// A payment after an event, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub next: Payment,
    pub effect: Effect,
}

/// Why an event does not apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum PaymentRefusal {
    #[error("{event} does not apply to a payment that is {state}")]
    NotNow { state: String, event: String },
    #[error("Stripe reports {reported} where {expected} was asked for")]
    AmountMismatch { expected: MinorUnits, reported: MinorUnits },
    #[error("a hold of {amount} is not a positive amount")]
    EmptyHold { amount: MinorUnits },
}

/// How many times a failed capture is tried again (with the same idempotency key) before
/// the amount becomes a debt.
pub const CAPTURE_RETRIES: u32 = 3;

/// How long a card hold lasts at most (Stripe: 7 days for online card payments).
pub const HOLD_LIFETIME_DAYS: i64 = 7;

/// When a hold made at `held_at` must be captured or released: a day before it expires.
pub fn settle_by(held_at: DateTime<Utc>) -> DateTime<Utc> {
    held_at + Duration::days(HOLD_LIFETIME_DAYS - 1)
}

impl Payment {
    pub fn new(kind: PaymentKind) -> Self {
        Self {
            kind,
            state: PaymentState::New,
            held: MinorUnits(0),
            amount: None,
            capture_failures: 0,
            charges: 0,
        }
    }

    /// Applies `event`, or says why it does not apply. Pure; the returned effect's
    /// idempotency key is derived from the payment's own state (operation and attempt), and
    /// the server prefixes it with the payment's id.
    pub fn apply(&self, event: PaymentEvent) -> Result<Transition, PaymentRefusal> {
        use PaymentEvent as E;
        use PaymentState as S;
        let to = |state: S| Payment { state, ..*self };
        let done = |next: Payment, effect: Effect| Ok(Transition { next, effect });
        match (self.state, event) {
            (S::New, E::HoldRequest { amount }) if self.kind == PaymentKind::Hold => {
                if amount.0 <= 0 {
                    return Err(PaymentRefusal::EmptyHold { amount });
                }
                let next = Payment {
                    state: S::HoldRequested,
                    held: amount,
                    ..*self
                };
                done(
                    next,
                    Effect::CreateHold {
                        amount,
                        key: "hold".into(),
                    },
                )
            }
            (S::HoldRequested | S::ActionRequired, E::HoldAuthorised { amount }) => {
                if amount != self.held {
                    // Not what the driver agreed to: nothing starts, and whatever was
                    // authorised is released.
                    return done(to(S::Failed), Effect::CancelHold { key: "cancel".into() });
                }
                done(to(S::Held), Effect::StartCharging)
            }
            (S::HoldRequested, E::HoldNeedsAction) => done(to(S::ActionRequired), Effect::None),
            (S::HoldRequested | S::ActionRequired, E::HoldDeclined) => done(to(S::Failed), Effect::None),
            (S::ActionRequired, E::ActionAbandoned) => done(to(S::Failed), Effect::CancelHold { key: "cancel".into() }),
            (S::Held, E::StartSending) => done(to(S::StartSent), Effect::None),
            (S::Held | S::StartSent, E::StartRefused) => {
                done(to(S::ReleaseRequested), Effect::CancelHold { key: "cancel".into() })
            }
            (S::StartSent, E::SessionEnded { total, minimum }) => {
                self.capture_or_release(chargeable(capture_amount(total, self.held), minimum))
            }
            (S::Held | S::StartSent, E::HoldExpiring { running, minimum }) => {
                // Never started (Held): released. A session that outlives its hold: take what
                // it has cost so far before the authorisation lapses.
                let amount = match self.state {
                    S::Held => MinorUnits(0),
                    _ => chargeable(capture_amount(running, self.held), minimum),
                };
                self.capture_or_release(amount)
            }
            (S::New, E::OffSessionCharge { amount, minimum }) if self.kind == PaymentKind::OffSession => {
                let amount = chargeable(amount, minimum);
                if amount.0 == 0 {
                    let next = Payment {
                        state: S::Captured,
                        amount: Some(amount),
                        ..*self
                    };
                    return done(next, Effect::None);
                }
                self.charge(amount)
            }
            (S::CaptureRequested | S::ChargeRequested, E::Paid { amount }) => {
                let expected = self.amount.unwrap_or(MinorUnits(0));
                if amount != expected {
                    return Err(PaymentRefusal::AmountMismatch {
                        expected,
                        reported: amount,
                    });
                }
                done(to(S::Captured), Effect::None)
            }
            (S::CaptureRequested, E::CaptureFailed) => {
                let failures = self.capture_failures + 1;
                let amount = self.amount.unwrap_or(MinorUnits(0));
                if failures > CAPTURE_RETRIES {
                    let next = Payment {
                        state: S::Debt,
                        capture_failures: failures,
                        ..*self
                    };
                    return done(next, Effect::RecordDebt { amount });
                }
                let next = Payment {
                    capture_failures: failures,
                    ..*self
                };
                done(
                    next,
                    Effect::Capture {
                        amount,
                        key: "capture".into(),
                    },
                )
            }
            (S::ChargeRequested, E::ChargeFailed) => {
                let amount = self.amount.unwrap_or(MinorUnits(0));
                done(to(S::Debt), Effect::RecordDebt { amount })
            }
            (S::Debt, E::DebtPayment) => self.charge(self.amount.unwrap_or(MinorUnits(0))),
            (S::ReleaseRequested, E::ReleaseConfirmed) => done(to(S::Released), Effect::None),
            (S::Captured, E::Refund) if self.amount.is_some_and(|a| a.0 > 0) => {
                done(to(S::Refunded), Effect::Refund { key: "refund".into() })
            }
            (state, event) => Err(PaymentRefusal::NotNow {
                state: state.as_str().into(),
                event: event_name(&event).into(),
            }),
        }
    }

    /// Captures `amount` of the hold, or releases the hold when there is nothing to take.
    fn capture_or_release(&self, amount: MinorUnits) -> Result<Transition, PaymentRefusal> {
        let (state, effect) = if amount.0 == 0 {
            (
                PaymentState::ReleaseRequested,
                Effect::CancelHold { key: "cancel".into() },
            )
        } else {
            (
                PaymentState::CaptureRequested,
                Effect::Capture {
                    amount,
                    key: "capture".into(),
                },
            )
        };
        let next = Payment {
            state,
            amount: Some(amount),
            ..*self
        };
        Ok(Transition { next, effect })
    }

    fn charge(&self, amount: MinorUnits) -> Result<Transition, PaymentRefusal> {
        let charges = self.charges + 1;
        let next = Payment {
            state: PaymentState::ChargeRequested,
            amount: Some(amount),
            charges,
            ..*self
        };
        Ok(Transition {
            next,
            effect: Effect::ChargeOffSession {
                amount,
                key: format!("charge-{charges}"),
            },
        })
    }
}

fn event_name(event: &PaymentEvent) -> &'static str {
    match event {
        PaymentEvent::HoldRequest { .. } => "a hold request",
        PaymentEvent::HoldAuthorised { .. } => "an authorised hold",
        PaymentEvent::HoldNeedsAction => "3-D Secure",
        PaymentEvent::HoldDeclined => "a declined hold",
        PaymentEvent::ActionAbandoned => "abandoned 3-D Secure",
        PaymentEvent::StartSending => "a start",
        PaymentEvent::StartRefused => "a refused start",
        PaymentEvent::SessionEnded { .. } => "the session's end",
        PaymentEvent::OffSessionCharge { .. } => "an off-session charge",
        PaymentEvent::Paid { .. } => "a payment",
        PaymentEvent::CaptureFailed => "a failed capture",
        PaymentEvent::ChargeFailed => "a declined charge",
        PaymentEvent::DebtPayment => "paying a debt",
        PaymentEvent::ReleaseConfirmed => "a released hold",
        PaymentEvent::HoldExpiring { .. } => "an expiring hold",
        PaymentEvent::Refund => "a refund",
    }
}

impl Effect {
    /// The Stripe idempotency key of this effect for payment `payment_id`, if it calls Stripe.
    pub fn idempotency_key(&self, payment_id: &str) -> Option<String> {
        match self {
            Effect::CreateHold { key, .. }
            | Effect::Capture { key, .. }
            | Effect::CancelHold { key }
            | Effect::ChargeOffSession { key, .. }
            | Effect::Refund { key } => Some(format!("ladeklar-{payment_id}-{key}")),
            Effect::None | Effect::StartCharging | Effect::RecordDebt { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use PaymentEvent as E;
    use PaymentState as S;

    fn run(kind: PaymentKind, events: &[PaymentEvent]) -> Result<(Payment, Vec<Effect>), PaymentRefusal> {
        let mut p = Payment::new(kind);
        let mut effects = Vec::new();
        for e in events {
            let t = p.apply(*e)?;
            p = t.next;
            effects.push(t.effect);
        }
        Ok((p, effects))
    }

    const HOLD: MinorUnits = MinorUnits(50_000);
    /// NOK's card minimum.
    const MIN: MinorUnits = MinorUnits(300);

    #[test]
    fn a_session_below_the_card_minimum_is_not_charged() {
        let (p, effects) = run(
            PaymentKind::Hold,
            &[
                E::HoldRequest { amount: HOLD },
                E::HoldAuthorised { amount: HOLD },
                E::StartSending,
                E::SessionEnded {
                    total: MinorUnits(5),
                    minimum: MIN,
                },
            ],
        )
        .unwrap();
        assert_eq!(p.state, S::ReleaseRequested);
        assert_eq!(effects.last(), Some(&Effect::CancelHold { key: "cancel".into() }));
        let (p, _) = run(
            PaymentKind::OffSession,
            &[E::OffSessionCharge {
                amount: MinorUnits(5),
                minimum: MIN,
            }],
        )
        .unwrap();
        assert_eq!((p.state, p.amount), (S::Captured, Some(MinorUnits(0))));
    }

    #[test]
    fn hold_start_stop_capture() {
        let (p, effects) = run(
            PaymentKind::Hold,
            &[
                E::HoldRequest { amount: HOLD },
                E::HoldAuthorised { amount: HOLD },
                E::StartSending,
                E::SessionEnded {
                    total: MinorUnits(12_345),
                    minimum: MIN,
                },
                E::Paid {
                    amount: MinorUnits(12_345),
                },
            ],
        )
        .unwrap();
        assert_eq!(p.state, S::Captured);
        assert_eq!(
            effects,
            vec![
                Effect::CreateHold {
                    amount: HOLD,
                    key: "hold".into()
                },
                Effect::StartCharging,
                Effect::None,
                Effect::Capture {
                    amount: MinorUnits(12_345),
                    key: "capture".into()
                },
                Effect::None,
            ]
        );
    }

    #[test]
    fn a_declined_card_never_starts() {
        let (p, effects) = run(PaymentKind::Hold, &[E::HoldRequest { amount: HOLD }, E::HoldDeclined]).unwrap();
        assert_eq!(p.state, S::Failed);
        assert!(!effects.contains(&Effect::StartCharging));
        assert!(p.apply(E::StartSending).is_err());
    }

    #[test]
    fn abandoned_3ds_cancels_and_never_starts() {
        let (p, effects) = run(
            PaymentKind::Hold,
            &[E::HoldRequest { amount: HOLD }, E::HoldNeedsAction, E::ActionAbandoned],
        )
        .unwrap();
        assert_eq!(p.state, S::Failed);
        assert_eq!(effects.last(), Some(&Effect::CancelHold { key: "cancel".into() }));
    }

    #[test]
    fn a_session_above_the_cap_captures_the_hold() {
        let (p, effects) = run(
            PaymentKind::Hold,
            &[
                E::HoldRequest { amount: HOLD },
                E::HoldAuthorised { amount: HOLD },
                E::StartSending,
                E::SessionEnded {
                    total: MinorUnits(51_000),
                    minimum: MIN,
                },
            ],
        )
        .unwrap();
        assert_eq!(p.amount, Some(HOLD));
        assert_eq!(
            effects.last(),
            Some(&Effect::Capture {
                amount: HOLD,
                key: "capture".into()
            })
        );
    }

    #[test]
    fn a_free_session_releases_the_hold() {
        let (p, effects) = run(
            PaymentKind::Hold,
            &[
                E::HoldRequest { amount: HOLD },
                E::HoldAuthorised { amount: HOLD },
                E::StartSending,
                E::SessionEnded {
                    total: MinorUnits(0),
                    minimum: MIN,
                },
                E::ReleaseConfirmed,
            ],
        )
        .unwrap();
        assert_eq!(p.state, S::Released);
        assert!(effects.contains(&Effect::CancelHold { key: "cancel".into() }));
    }

    #[test]
    fn failed_captures_retry_with_the_same_key_then_become_debt() {
        let mut events = vec![
            E::HoldRequest { amount: HOLD },
            E::HoldAuthorised { amount: HOLD },
            E::StartSending,
            E::SessionEnded {
                total: MinorUnits(999),
                minimum: MIN,
            },
        ];
        events.extend(std::iter::repeat_n(E::CaptureFailed, CAPTURE_RETRIES as usize));
        let (p, effects) = run(PaymentKind::Hold, &events).unwrap();
        assert_eq!(p.state, S::CaptureRequested);
        let keys: Vec<_> = effects.iter().filter_map(|e| e.idempotency_key("p1")).collect();
        assert_eq!(
            keys.iter().filter(|k| *k == "ladeklar-p1-capture").count(),
            1 + CAPTURE_RETRIES as usize
        );
        let t = p.apply(E::CaptureFailed).unwrap();
        assert_eq!(t.next.state, S::Debt);
        assert_eq!(
            t.effect,
            Effect::RecordDebt {
                amount: MinorUnits(999)
            }
        );
    }

    #[test]
    fn off_session_decline_is_debt_then_paid() {
        let (p, effects) = run(
            PaymentKind::OffSession,
            &[
                E::OffSessionCharge {
                    amount: MinorUnits(4_200),
                    minimum: MIN,
                },
                E::ChargeFailed,
                E::DebtPayment,
                E::Paid {
                    amount: MinorUnits(4_200),
                },
            ],
        )
        .unwrap();
        assert_eq!(p.state, S::Captured);
        let keys: Vec<_> = effects.iter().filter_map(|e| e.idempotency_key("p")).collect();
        assert_eq!(keys, vec!["ladeklar-p-charge-1", "ladeklar-p-charge-2"]);
    }

    #[test]
    fn a_hold_of_another_amount_fails_and_is_released() {
        let p = run(PaymentKind::Hold, &[E::HoldRequest { amount: HOLD }]).unwrap().0;
        let t = p.apply(E::HoldAuthorised { amount: MinorUnits(1) }).unwrap();
        assert_eq!(t.next.state, S::Failed);
        assert_eq!(t.effect, Effect::CancelHold { key: "cancel".into() });
    }

    #[test]
    fn a_payment_of_another_amount_is_refused() {
        let (p, _) = run(
            PaymentKind::Hold,
            &[
                E::HoldRequest { amount: HOLD },
                E::HoldAuthorised { amount: HOLD },
                E::StartSending,
                E::SessionEnded {
                    total: MinorUnits(100),
                    minimum: MinorUnits(0),
                },
            ],
        )
        .unwrap();
        assert!(matches!(
            p.apply(E::Paid { amount: MinorUnits(99) }),
            Err(PaymentRefusal::AmountMismatch { .. })
        ));
    }

    #[test]
    fn a_capture_is_never_asked_for_twice_once_paid() {
        let (p, _) = run(
            PaymentKind::Hold,
            &[
                E::HoldRequest { amount: HOLD },
                E::HoldAuthorised { amount: HOLD },
                E::StartSending,
                E::SessionEnded {
                    total: MinorUnits(100),
                    minimum: MinorUnits(0),
                },
                E::Paid {
                    amount: MinorUnits(100),
                },
            ],
        )
        .unwrap();
        assert!(p
            .apply(E::SessionEnded {
                total: MinorUnits(100),
                minimum: MinorUnits(0)
            })
            .is_err());
        assert!(p
            .apply(E::Paid {
                amount: MinorUnits(100)
            })
            .is_err());
        assert!(p.apply(E::CaptureFailed).is_err());
    }

    #[test]
    fn states_round_trip_as_text() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
    }

    fn any_event() -> impl Strategy<Value = PaymentEvent> {
        let amount = (0i64..100_000).prop_map(MinorUnits);
        prop_oneof![
            amount.clone().prop_map(|amount| E::HoldRequest { amount }),
            Just(E::HoldAuthorised { amount: HOLD }),
            Just(E::HoldNeedsAction),
            Just(E::HoldDeclined),
            Just(E::ActionAbandoned),
            Just(E::StartSending),
            Just(E::StartRefused),
            (amount.clone(), 0i64..500).prop_map(|(total, m)| E::SessionEnded {
                total,
                minimum: MinorUnits(m)
            }),
            (amount.clone(), 0i64..500).prop_map(|(amount, m)| E::OffSessionCharge {
                amount,
                minimum: MinorUnits(m)
            }),
            amount.clone().prop_map(|amount| E::Paid { amount }),
            Just(E::CaptureFailed),
            Just(E::ChargeFailed),
            Just(E::DebtPayment),
            Just(E::ReleaseConfirmed),
            (amount, 0i64..500).prop_map(|(running, m)| E::HoldExpiring {
                running,
                minimum: MinorUnits(m)
            }),
            Just(E::Refund),
        ]
    }

    proptest! {
        /// Whatever happens, in whatever order: a start is only ever asked for once and only
        /// after an authorised hold; at most one payment is recorded; nothing captured
        /// exceeds the hold; a final state accepts nothing more.
        #[test]
        fn money_moves_at_most_once(kind in prop_oneof![Just(PaymentKind::Hold), Just(PaymentKind::OffSession)],
                                    events in proptest::collection::vec(any_event(), 0..30)) {
            let mut p = Payment::new(kind);
            let mut starts = 0;
            let mut paid = 0;
            for e in events {
                let was_authorised = matches!(p.state, S::HoldRequested | S::ActionRequired);
                let Ok(t) = p.apply(e) else { continue };
                if t.effect == Effect::StartCharging {
                    starts += 1;
                    prop_assert!(was_authorised);
                }
                if let Effect::Capture { amount, .. } = t.effect {
                    prop_assert!(amount.0 > 0 && amount <= t.next.held);
                }
                if t.next.state == S::Captured && p.state != S::Captured {
                    paid += 1;
                }
                prop_assert!(!p.state.is_final(), "a final state took an event");
                p = t.next;
            }
            prop_assert!(starts <= 1);
            prop_assert!(paid <= 1);
            if p.state.is_final() {
                for e in [E::Paid { amount: MinorUnits(1) }, E::StartSending, E::DebtPayment, E::Refund] {
                    prop_assert!(p.apply(e).is_err());
                }
            }
        }
    }
}
