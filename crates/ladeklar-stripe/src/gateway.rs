//! The calls the payment rules ask for, each with its idempotency key.

use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use stripe::{Client, ClientBuilder};
use stripe_client_core::{IdempotencyKey, RequestStrategy, StripeRequest};
use stripe_core::customer::CreateCustomer;
use stripe_core::payment_intent::{
    CancelPaymentIntent, CapturePaymentIntent, CreatePaymentIntent, CreatePaymentIntentOffSession,
    RetrievePaymentIntent,
};
use stripe_core::refund::CreateRefund;
use stripe_core::setup_intent::{CreateSetupIntent, CreateSetupIntentUsage, RetrieveSetupIntent};
use stripe_payment::payment_method::{
    AttachPaymentMethod, DetachPaymentMethod, ListPaymentMethod, RetrievePaymentMethod,
};
use stripe_shared::{PaymentIntent, PaymentIntentCaptureMethod, PaymentIntentStatus, SetupIntentStatus};

use crate::StripeFailure;

/// Where Stripe is and the keys to it.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// `None` for Stripe itself; a local fake's base URL (`http://127.0.0.1:8420/`) otherwise.
    pub api_url: Option<String>,
    pub secret_key: String,
    /// How long one call may take before its outcome counts as unknown.
    pub timeout: Duration,
}

/// The Stripe client.
#[derive(Clone)]
pub struct Gateway {
    client: Client,
}

/// A PaymentIntent in our words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    pub id: String,
    pub status: IntentStatus,
    /// Authorised and not yet captured (a hold).
    pub amount_capturable: i64,
    /// Captured or charged.
    pub amount_received: i64,
    /// For the app's Stripe.js when the driver must act (3-D Secure).
    pub client_secret: Option<String>,
    pub payment_method: Option<String>,
    /// Why the last attempt failed, when it did.
    pub failure: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntentStatus {
    /// Authorised; waiting for our capture.
    RequiresCapture,
    /// 3-D Secure: the driver must authenticate.
    RequiresAction,
    /// Declined or not yet paid: no money moves.
    RequiresPaymentMethod,
    Processing,
    Succeeded,
    Canceled,
    Other,
}

/// A saved card as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub id: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: i64,
    pub exp_year: i64,
}

/// What the app's Stripe.js needs to collect a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupSecret {
    pub setup_intent_id: String,
    pub client_secret: String,
}

fn key(k: &str) -> Result<RequestStrategy, StripeFailure> {
    IdempotencyKey::new(k)
        .map(RequestStrategy::Idempotent)
        .map_err(|e| StripeFailure::Config(format!("idempotency key {k:?}: {e:?}")))
}

fn currency(code: &str) -> Result<stripe_types::Currency, StripeFailure> {
    stripe_types::Currency::from_str(&code.to_ascii_lowercase())
        .map_err(|_| StripeFailure::Config(format!("unknown currency {code:?}")))
}

impl Gateway {
    pub fn new(config: &GatewayConfig) -> Result<Self, StripeFailure> {
        let mut builder = ClientBuilder::new(config.secret_key.clone()).timeout(config.timeout);
        if let Some(url) = &config.api_url {
            // Paths are appended as `v1/…`: keep exactly one trailing slash.
            builder = builder.url(format!("{}/", url.trim_end_matches('/')));
        }
        Ok(Self {
            client: builder.build()?,
        })
    }

    /// A Stripe customer for one of our accounts (`account` is our user id).
    pub async fn create_customer(
        &self,
        account: &str,
        email: &str,
        idempotency: &str,
    ) -> Result<String, StripeFailure> {
        let customer = CreateCustomer::new()
            .email(email)
            .metadata([("ladeklar_account".to_string(), account.to_string())])
            .customize()
            .request_strategy(key(idempotency)?)
            .send(&self.client)
            .await?;
        Ok(customer.id.to_string())
    }

    /// A SetupIntent to collect a card in the app: for later off-session charges when a
    /// customer is given (a signed-in driver), for one payment otherwise (a guest).
    pub async fn setup_card(&self, customer: Option<&str>) -> Result<SetupSecret, StripeFailure> {
        let mut req = CreateSetupIntent::new();
        if let Some(customer) = customer {
            req = req.customer(customer).usage(CreateSetupIntentUsage::OffSession);
        }
        let intent = req.send(&self.client).await?;
        Ok(SetupSecret {
            setup_intent_id: intent.id.to_string(),
            client_secret: intent
                .client_secret
                .ok_or_else(|| StripeFailure::Unreadable("a SetupIntent without client_secret".into()))?,
        })
    }

    /// The card a confirmed SetupIntent collected, or why there is none.
    pub async fn setup_card_result(&self, setup_intent: &str) -> Result<String, StripeFailure> {
        let intent = RetrieveSetupIntent::new(setup_intent).send(&self.client).await?;
        match (intent.status, intent.payment_method) {
            (SetupIntentStatus::Succeeded, Some(pm)) => Ok(pm.id().to_string()),
            (SetupIntentStatus::RequiresPaymentMethod, _) => {
                let why = intent
                    .last_setup_error
                    .and_then(|e| e.message)
                    .unwrap_or_else(|| "the card was not accepted".into());
                Err(StripeFailure::Declined(why))
            }
            (status, _) => Err(StripeFailure::Refused(format!(
                "the card is not set up yet ({})",
                status.as_str()
            ))),
        }
    }

    /// Saves `payment_method` on `customer` (Stripe keeps it attached once; attaching it
    /// again to the same customer changes nothing).
    pub async fn attach_card(&self, payment_method: &str, customer: &str) -> Result<Card, StripeFailure> {
        let pm = AttachPaymentMethod::new(payment_method)
            .customer(customer)
            .send(&self.client)
            .await?;
        card_of(&pm).ok_or_else(|| StripeFailure::Declined("only cards can be saved".into()))
    }

    pub async fn cards(&self, customer: &str) -> Result<Vec<Card>, StripeFailure> {
        // `GET /v1/payment_methods?customer=…` (Stripe's list by customer; the local fake has
        // no `/v1/customers/{id}/payment_methods`).
        let list = ListPaymentMethod::new()
            .customer(customer)
            .type_(stripe_payment::payment_method::ListPaymentMethodType::Card)
            .limit(100)
            .send(&self.client)
            .await?;
        Ok(list.data.iter().filter_map(card_of).collect())
    }

    /// The card a PaymentMethod is.
    pub async fn card(&self, payment_method: &str) -> Result<Card, StripeFailure> {
        let pm = RetrievePaymentMethod::new(payment_method).send(&self.client).await?;
        card_of(&pm).ok_or_else(|| StripeFailure::Declined("only cards are taken".into()))
    }

    pub async fn remove_card(&self, payment_method: &str) -> Result<(), StripeFailure> {
        DetachPaymentMethod::new(payment_method).send(&self.client).await?;
        Ok(())
    }

    /// Creates and confirms a hold (manual capture) of `amount` on `payment_method` for our
    /// payment `payment`.
    pub async fn hold(
        &self,
        amount: i64,
        currency_code: &str,
        customer: Option<&str>,
        payment_method: &str,
        payment: &str,
        idempotency: &str,
    ) -> Result<Intent, StripeFailure> {
        let mut req = CreatePaymentIntent::new(amount, currency(currency_code)?)
            .capture_method(PaymentIntentCaptureMethod::Manual)
            .payment_method(payment_method)
            .metadata(payment_metadata(payment))
            .confirm(true);
        if let Some(customer) = customer {
            req = req.customer(customer);
        }
        let intent = req
            .customize()
            .request_strategy(key(idempotency)?)
            .send(&self.client)
            .await?;
        Ok(intent_of(intent))
    }

    /// Charges a saved card without the driver present (an RFID session, a debt).
    pub async fn charge_off_session(
        &self,
        amount: i64,
        currency_code: &str,
        customer: &str,
        payment_method: &str,
        payment: &str,
        idempotency: &str,
    ) -> Result<Intent, StripeFailure> {
        let intent = CreatePaymentIntent::new(amount, currency(currency_code)?)
            .customer(customer)
            .payment_method(payment_method)
            .metadata(payment_metadata(payment))
            .off_session(CreatePaymentIntentOffSession::Bool(true))
            .confirm(true)
            .customize()
            .request_strategy(key(idempotency)?)
            .send(&self.client)
            .await?;
        Ok(intent_of(intent))
    }

    /// Captures `amount` of a hold; Stripe releases the rest.
    pub async fn capture(&self, intent: &str, amount: i64, idempotency: &str) -> Result<Intent, StripeFailure> {
        let intent = CapturePaymentIntent::new(intent)
            .amount_to_capture(amount)
            .customize()
            .request_strategy(key(idempotency)?)
            .send(&self.client)
            .await?;
        Ok(intent_of(intent))
    }

    /// Cancels a PaymentIntent: the hold is released, nothing is charged.
    pub async fn cancel(&self, intent: &str, idempotency: &str) -> Result<Intent, StripeFailure> {
        let intent = CancelPaymentIntent::new(intent)
            .customize()
            .request_strategy(key(idempotency)?)
            .send(&self.client)
            .await?;
        Ok(intent_of(intent))
    }

    pub async fn intent(&self, intent: &str) -> Result<Intent, StripeFailure> {
        Ok(intent_of(RetrievePaymentIntent::new(intent).send(&self.client).await?))
    }

    /// Refunds what a PaymentIntent received, in full.
    pub async fn refund(&self, intent: &str, idempotency: &str) -> Result<(), StripeFailure> {
        CreateRefund::new()
            .payment_intent(intent)
            .customize()
            .request_strategy(key(idempotency)?)
            .send(&self.client)
            .await?;
        Ok(())
    }
}

/// Our payment id on the PaymentIntent, for reading it back (reconciliation) and for people
/// looking at Stripe's dashboard.
fn payment_metadata(payment: &str) -> std::collections::HashMap<String, String> {
    [("ladeklar_payment".to_string(), payment.to_string())].into()
}

fn card_of(pm: &stripe_shared::PaymentMethod) -> Option<Card> {
    pm.card.as_ref().map(|c| Card {
        id: pm.id.to_string(),
        brand: c.brand.clone(),
        last4: c.last4.clone(),
        exp_month: c.exp_month,
        exp_year: c.exp_year,
    })
}

fn intent_of(pi: PaymentIntent) -> Intent {
    let status = match pi.status {
        PaymentIntentStatus::RequiresCapture => IntentStatus::RequiresCapture,
        PaymentIntentStatus::RequiresAction => IntentStatus::RequiresAction,
        PaymentIntentStatus::RequiresPaymentMethod => IntentStatus::RequiresPaymentMethod,
        PaymentIntentStatus::Processing => IntentStatus::Processing,
        PaymentIntentStatus::Succeeded => IntentStatus::Succeeded,
        PaymentIntentStatus::Canceled => IntentStatus::Canceled,
        _ => IntentStatus::Other,
    };
    Intent {
        id: pi.id.to_string(),
        status,
        amount_capturable: pi.amount_capturable,
        amount_received: pi.amount_received,
        client_secret: pi.client_secret,
        payment_method: pi.payment_method.map(|pm| pm.id().to_string()),
        failure: pi.last_payment_error.and_then(|e| e.message),
    }
}
