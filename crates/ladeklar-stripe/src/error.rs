/// What went wrong talking to Stripe, in the terms the payment rules act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StripeFailure {
    /// The card was declined (or the payment method cannot pay): the driver must use another.
    #[error("the card was declined: {0}")]
    Declined(String),
    /// Stripe refused the request as made (an unknown id, a second capture, …).
    #[error("Stripe refused the request: {0}")]
    Refused(String),
    /// Stripe could not be reached or did not answer in time: the outcome is unknown and the
    /// reconciliation job reads it back later.
    #[error("Stripe could not be reached: {0}")]
    Unreachable(String),
    /// Stripe answered something we cannot read.
    #[error("Stripe's answer could not be read: {0}")]
    Unreadable(String),
    /// A setting is wrong (the key, the URL, an idempotency key).
    #[error("the Stripe client is misconfigured: {0}")]
    Config(String),
}

impl From<stripe::StripeError> for StripeFailure {
    fn from(e: stripe::StripeError) -> Self {
        match e {
            stripe::StripeError::Stripe(errors, status) => {
                let message = errors.message.clone().unwrap_or_else(|| format!("status {status}"));
                let card_error = matches!(errors.type_, stripe_shared::ApiErrorsType::CardError);
                // localstripe reports declines as `invalid_request_error` with 402.
                if card_error || status == 402 || errors.decline_code.is_some() {
                    StripeFailure::Declined(message)
                } else {
                    StripeFailure::Refused(message)
                }
            }
            stripe::StripeError::JSONDeserialize(m) => StripeFailure::Unreadable(m),
            stripe::StripeError::ClientError(m) => StripeFailure::Unreachable(m),
            stripe::StripeError::Timeout => StripeFailure::Unreachable("timed out".into()),
            stripe::StripeError::ConfigError(m) => StripeFailure::Config(m),
        }
    }
}
