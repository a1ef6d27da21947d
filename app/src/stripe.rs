//! Stripe.js in the page: loaded once from the URL the server gives
//! (`GET /api/v1/payments/config`: Stripe's own, or the local fake's in the demo and tests),
//! its card element mounted in our page, `confirmCardSetup` for a card and
//! `confirmCardPayment` for 3-D Secure. The card number never reaches our code or server:
//! Stripe.js sends it to Stripe, and we get the SetupIntent's id.
//!
//! Called through `js_sys::Reflect`, so the page needs no import of a global that exists
//! only once the script has loaded.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why Stripe.js could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StripeJsError {
    /// The script could not be loaded (offline, blocked).
    #[error("Stripe.js could not be loaded from {0}")]
    Load(String),
    /// The script is there but did not answer as Stripe.js does.
    #[error("Stripe.js did not answer as expected: {0}")]
    Script(String),
    /// Stripe refused the card or its authentication: Stripe's own words, for support.
    #[error("the card was refused: {0}")]
    Refused(String),
}

thread_local! {
    /// The script's loading, once per page and URL.
    static LOADED: RefCell<Option<(String, Promise)>> = const { RefCell::new(None) };
}

fn describe(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| Reflect::get(value, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| format!("{value:?}"))
}

fn get(target: &JsValue, key: &str) -> Result<JsValue, StripeJsError> {
    Reflect::get(target, &key.into()).map_err(|e| StripeJsError::Script(describe(&e)))
}

/// Calls `target[method](...args)`.
fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, StripeJsError> {
    let function: Function = get(target, method)?
        .dyn_into()
        .map_err(|_| StripeJsError::Script(format!("{method} is not a function")))?;
    let args: Array = args.iter().collect();
    function
        .apply(target, &args)
        .map_err(|e| StripeJsError::Script(describe(&e)))
}

async fn load(url: &str) -> Result<(), StripeJsError> {
    let existing = LOADED.with(|l| {
        l.borrow()
            .as_ref()
            .filter(|(loaded, _)| loaded == url)
            .map(|(_, p)| p.clone())
    });
    let promise = match existing {
        Some(promise) => promise,
        None => {
            let fail = |_| StripeJsError::Load(url.to_string());
            let document = web_sys::window()
                .and_then(|w| w.document())
                .ok_or_else(|| StripeJsError::Load(url.to_string()))?;
            let script = document.create_element("script").map_err(fail)?;
            script.set_attribute("src", url).map_err(fail)?;
            let promise = Promise::new(&mut |resolve, reject| {
                let _ = script.add_event_listener_with_callback("load", &resolve);
                let _ = script.add_event_listener_with_callback("error", &reject);
            });
            document
                .head()
                .ok_or_else(|| StripeJsError::Load(url.to_string()))?
                .append_child(&script)
                .map_err(fail)?;
            LOADED.with(|l| *l.borrow_mut() = Some((url.to_string(), promise.clone())));
            promise
        }
    };
    if JsFuture::from(promise).await.is_err() {
        // A failed load may succeed later (offline): add the tag again next time.
        LOADED.with(|l| *l.borrow_mut() = None);
        return Err(StripeJsError::Load(url.to_string()));
    }
    Ok(())
}

/// `Stripe(publishable_key)`, once Stripe.js has loaded.
#[derive(Clone)]
pub struct Stripe(JsValue);

/// A mounted card element (number, expiry, CVC), destroyed with [`CardElement::destroy`].
#[derive(Clone)]
pub struct CardElement(JsValue);

/// `{error}` → its message as a refusal, else the answer.
fn refusal(answer: &JsValue) -> Result<(), StripeJsError> {
    let error = get(answer, "error")?;
    if error.is_undefined() || error.is_null() {
        Ok(())
    } else {
        Err(StripeJsError::Refused(describe(&error)))
    }
}

impl Stripe {
    /// Loads Stripe.js from `url` (once) and makes its client for `publishable_key`.
    pub async fn new(url: &str, publishable_key: &str) -> Result<Self, StripeJsError> {
        load(url).await?;
        let window: JsValue = web_sys::window()
            .ok_or_else(|| StripeJsError::Load(url.to_string()))?
            .into();
        call(&window, "Stripe", &[publishable_key.into()]).map(Stripe)
    }

    /// Creates the card element and mounts it in `into`.
    pub fn mount_card(&self, into: &web_sys::Element) -> Result<CardElement, StripeJsError> {
        let elements = call(&self.0, "elements", &[])?;
        let card = call(&elements, "create", &["card".into()])?;
        call(&card, "mount", &[into.clone().into()])?;
        Ok(CardElement(card))
    }

    /// Confirms the SetupIntent `client_secret` with the card typed in `card`.
    pub async fn confirm_card_setup(&self, client_secret: &str, card: &CardElement) -> Result<(), StripeJsError> {
        let payment_method = Object::new();
        Reflect::set(&payment_method, &"card".into(), &card.0).map_err(|e| StripeJsError::Script(describe(&e)))?;
        let data = Object::new();
        Reflect::set(&data, &"payment_method".into(), &payment_method)
            .map_err(|e| StripeJsError::Script(describe(&e)))?;
        let promise: Promise = call(&self.0, "confirmCardSetup", &[client_secret.into(), data.into()])?
            .dyn_into()
            .map_err(|_| StripeJsError::Script("confirmCardSetup gave no promise".into()))?;
        let answer = JsFuture::from(promise)
            .await
            .map_err(|e| StripeJsError::Refused(describe(&e)))?;
        refusal(&answer)
    }

    /// 3-D Secure for the PaymentIntent `client_secret`: Stripe.js shows the bank's
    /// challenge. `Err(Refused)` when the driver did not complete it.
    pub async fn confirm_card_payment(&self, client_secret: &str) -> Result<(), StripeJsError> {
        let promise: Promise = call(&self.0, "confirmCardPayment", &[client_secret.into()])?
            .dyn_into()
            .map_err(|_| StripeJsError::Script("confirmCardPayment gave no promise".into()))?;
        let answer = JsFuture::from(promise)
            .await
            .map_err(|e| StripeJsError::Refused(describe(&e)))?;
        refusal(&answer)
    }
}

impl CardElement {
    /// Unmounts and forgets the element (a page that goes away).
    pub fn destroy(&self) {
        let _ = call(&self.0, "destroy", &[]);
    }
}
