//! Payments at the edge: Stripe calls as the effects of core's payment transitions
//! (`ladeklar_core::payments`). Each transition is written — with the idempotency key of the
//! Stripe call it asks for — before the call is made; Stripe's answer is fed back as the next
//! event. Whatever a crash or a lost answer leaves half-done, [`reconcile`] finishes by
//! reading the PaymentIntent back.
//!
//! - [`flow`]: apply an event, write it, perform the effect, until the payment rests.
//! - [`start`]: the hold before a start (saved card, new card, 3-D Secure).
//! - [`settle`]: the session's end (capture, off-session charge for RFID, debt).
//! - [`reconcile`]: one payment against Stripe; the job that runs it over unfinished ones.
//! - [`notices`]: the receipt and debt mails.
//! - [`cards`]: the account's saved cards.
//! - [`tags`]: RFID tags on the account, and whether one may charge.

pub mod cards;
pub mod flow;
pub mod notices;
pub mod reconcile;
pub mod settle;
pub mod start;
pub mod tags;

use std::time::Duration;

use ladeklar_api::PaymentView;
use ladeklar_core::payments::amount::cap_reached;
use ladeklar_core::payments::MinorUnits;
use ladeklar_store::PaymentRow;
use ladeklar_stripe::{Gateway, GatewayConfig, StripeFailure};

use crate::config::Config;
use crate::error::ApiError;

/// Stripe, when this server takes payment.
pub struct Payments {
    pub gateway: Gateway,
    pub publishable_key: Option<String>,
    pub js_url: String,
    pub webhook_secret: Option<String>,
    /// `--stripe-minimum-charge`: the least card payment, instead of core's per-currency table.
    pub minimum_charge: Option<rust_decimal::Decimal>,
}

impl Payments {
    /// `None` when no Stripe key is configured: charging is free.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Self>> {
        let Some(secret_key) = config.stripe_secret_key.clone() else {
            return Ok(None);
        };
        let gateway = Gateway::new(&GatewayConfig {
            api_url: config.stripe_api_url.clone(),
            secret_key,
            timeout: Duration::from_secs(20),
        })?;
        let js_url = config
            .stripe_js_url
            .clone()
            .unwrap_or_else(|| match &config.stripe_api_url {
                Some(fake) => format!("{}/js.stripe.com/v3/", fake.trim_end_matches('/')),
                None => "https://js.stripe.com/v3/".to_owned(),
            });
        Ok(Some(Self {
            gateway,
            publishable_key: config.stripe_publishable_key.clone(),
            js_url,
            webhook_secret: config.stripe_webhook_secret.clone(),
            minimum_charge: config.stripe_minimum_charge,
        }))
    }

    /// The least card payment in `currency`: what the account's Stripe settlement allows
    /// (`--stripe-minimum-charge`), else Stripe's usual minimum (core's table). Below it a
    /// session is not charged.
    pub fn minimum_charge(&self, currency: &str) -> MinorUnits {
        self.minimum_charge
            .and_then(|m| MinorUnits::from_major(m, currency).ok())
            .unwrap_or_else(|| ladeklar_core::payments::amount::minimum_charge(currency))
    }
}

impl From<StripeFailure> for ApiError {
    fn from(f: StripeFailure) -> Self {
        match f {
            StripeFailure::Declined(why) => ApiError::CardDeclined(format!("the card was declined: {why}")),
            StripeFailure::Refused(why) => ApiError::CardDeclined(format!("the payment was refused: {why}")),
            other => ApiError::PaymentsUnavailable(other.to_string()),
        }
    }
}

/// How a receipt (PDF, mail) names what paid: "visa ···· 4242", and the charging card when a
/// tag's session was billed to the account.
pub fn method_words(view: &PaymentView) -> String {
    match &view.tag {
        Some(tag) => format!("{} (charging card {tag})", view.method),
        None => view.method.clone(),
    }
}

/// A payment as its payer sees it; `client_secret` only while 3-D Secure is awaited.
pub fn payment_view(row: &PaymentRow, client_secret: Option<String>) -> PaymentView {
    let major = |m: i64| MinorUnits(m).to_major(&row.currency);
    let paid = matches!(row.state.as_str(), "captured" | "refunded").then(|| major(row.amount.unwrap_or(0)));
    PaymentView {
        state: row.state.clone(),
        currency: row.currency.clone(),
        held: major(row.held),
        paid,
        method: match (&row.card_brand, &row.card_last4) {
            (Some(brand), Some(last4)) => format!("{brand} ···· {last4}"),
            _ => row.payment_method.clone(),
        },
        tag: None,
        failure: row.failure.clone(),
        cap_reached: row
            .amount
            .is_some_and(|a| cap_reached(MinorUnits(a), MinorUnits(row.held), &row.currency) && row.held > 0),
        client_secret: if row.state == "action_required" {
            client_secret
        } else {
            None
        },
    }
}
