//! Stripe webhooks: the `Stripe-Signature` header checked against the raw body (HMAC-SHA256
//! with the endpoint's secret, constant-time, with a timestamp tolerance), then only the
//! fields we act on read from the event.

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Stripe's default tolerance between the signature's timestamp and now.
pub const TOLERANCE_S: i64 = 300;

/// Why a webhook is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the Stripe-Signature header is missing")]
    MissingSignature,
    #[error("the Stripe-Signature header is malformed: {0}")]
    MalformedSignature(&'static str),
    #[error("the signature's timestamp is {age_s} s away from now (at most {TOLERANCE_S} s)")]
    Stale { age_s: i64 },
    #[error("no signature matches the body")]
    BadSignature,
    #[error("the event cannot be read: {0}")]
    BadEvent(String),
}

/// The parts of an event we act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    pub id: String,
    pub kind: String,
    /// The PaymentIntent the event is about, when it is about one.
    pub payment_intent: Option<String>,
}

#[derive(Deserialize)]
struct RawEvent {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: RawData,
}

#[derive(Deserialize)]
struct RawData {
    object: RawObject,
}

#[derive(Deserialize)]
struct RawObject {
    id: Option<String>,
    object: Option<String>,
    payment_intent: Option<serde_json::Value>,
}

/// Checks `header` (`t=<unix>,v1=<hex>[,v1=…]`) against `body` with `secret` at `now`
/// (unix seconds), then reads the event.
pub fn verify(body: &[u8], header: Option<&str>, secret: &str, now: i64) -> Result<WebhookEvent, WebhookError> {
    let header = header.ok_or(WebhookError::MissingSignature)?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        let (k, v) = part
            .trim()
            .split_once('=')
            .ok_or(WebhookError::MalformedSignature("a part without '='"))?;
        match k {
            "t" => {
                timestamp = Some(
                    v.parse::<i64>()
                        .map_err(|_| WebhookError::MalformedSignature("t is not a number"))?,
                )
            }
            "v1" => signatures.push(hex::decode(v).map_err(|_| WebhookError::MalformedSignature("v1 is not hex"))?),
            _ => {}
        }
    }
    let t = timestamp.ok_or(WebhookError::MalformedSignature("no t"))?;
    if signatures.is_empty() {
        return Err(WebhookError::MalformedSignature("no v1 signature"));
    }
    let age_s = now.saturating_sub(t);
    if age_s.abs() > TOLERANCE_S {
        return Err(WebhookError::Stale { age_s });
    }
    let expected = sign(secret, t, body);
    if !signatures
        .iter()
        .any(|s| bool::from(s.as_slice().ct_eq(expected.as_slice())))
    {
        return Err(WebhookError::BadSignature);
    }
    let raw: RawEvent = serde_json::from_slice(body).map_err(|e| WebhookError::BadEvent(e.to_string()))?;
    let payment_intent = match raw.data.object.object.as_deref() {
        Some("payment_intent") => raw.data.object.id,
        _ => match raw.data.object.payment_intent {
            Some(serde_json::Value::String(id)) => Some(id),
            Some(serde_json::Value::Object(o)) => o.get("id").and_then(|v| v.as_str()).map(str::to_string),
            _ => None,
        },
    };
    Ok(WebhookEvent {
        id: raw.id,
        kind: raw.kind,
        payment_intent,
    })
}

/// The v1 signature of `body` at `t`: HMAC-SHA256(secret, "t.body"). Public so tests and
/// the fake's own sender agree on the format.
pub fn sign(secret: &str, t: i64, body: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

/// A `Stripe-Signature` header for `body` at `t`.
pub fn signature_header(secret: &str, t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", hex::encode(sign(secret, t, body)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BODY: &[u8] = br#"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","object":"payment_intent"}}}"#;

    #[test]
    fn a_good_signature_reads_the_event() {
        let h = signature_header("whsec", 1000, BODY);
        let e = verify(BODY, Some(&h), "whsec", 1100).unwrap();
        assert_eq!(e.id, "evt_1");
        assert_eq!(e.kind, "payment_intent.succeeded");
        assert_eq!(e.payment_intent.as_deref(), Some("pi_1"));
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        let h = signature_header("whsec", 1000, BODY);
        assert_eq!(verify(BODY, None, "whsec", 1000), Err(WebhookError::MissingSignature));
        assert_eq!(verify(BODY, Some(&h), "other", 1000), Err(WebhookError::BadSignature));
        assert_eq!(
            verify(BODY, Some(&h), "whsec", 1301),
            Err(WebhookError::Stale { age_s: 301 })
        );
        assert!(matches!(
            verify(BODY, Some("t=x,v1=00"), "whsec", 0),
            Err(WebhookError::MalformedSignature(_))
        ));
        assert!(matches!(
            verify(BODY, Some("v1=00"), "whsec", 0),
            Err(WebhookError::MalformedSignature(_))
        ));
        let mut tampered = BODY.to_vec();
        tampered[10] ^= 1;
        assert_eq!(
            verify(&tampered, Some(&h), "whsec", 1000),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn a_charge_names_its_payment_intent() {
        let body = br#"{"id":"evt_2","type":"charge.captured","data":{"object":{"id":"ch_1","object":"charge","payment_intent":"pi_9"}}}"#;
        let h = signature_header("s", 5, body);
        assert_eq!(
            verify(body, Some(&h), "s", 5).unwrap().payment_intent.as_deref(),
            Some("pi_9")
        );
    }

    proptest! {
        #[test]
        fn never_panics_on_any_header(header in ".*", body in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = verify(&body, Some(&header), "s", 0);
        }
    }
}
