//! Stripe as Ladeklar uses it, behind a narrow interface: the server asks for a hold, a
//! capture, a cancel, an off-session charge or a refund — each with the idempotency key
//! the payment rules (`ladeklar_core::payments`) derived — and gets back what Stripe says
//! in our words ([`Intent`]). Webhook signatures are checked in [`webhook`].
//!
//! This is the only crate that builds the Stripe client (async-stripe), so the rest of the
//! workspace does not rebuild it.

mod error;
mod gateway;
pub mod webhook;

pub use error::StripeFailure;
pub use gateway::{Card, Gateway, GatewayConfig, Intent, IntentStatus, SetupSecret};
