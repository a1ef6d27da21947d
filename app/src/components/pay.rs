//! Paying for a start: the hold in plain words, the spending cap, the card (a saved one, or
//! one typed into Stripe.js's card element), and the start itself with 3-D Secure.
//!
//! The amounts and limits are core's (`ladeklar_core::payments`): the cap policy of the
//! tariff's currency, and `hold_amount` for what is held. This only shows them and asks.

use ladeklar_api::{PaymentConfig, PaymentSourceKind, SessionView, StartPayment};
use ladeklar_core::payments::amount::hold_amount;
use ladeklar_core::payments::{CapPolicy, PaymentState};
use ladeklar_core::tariff::Tariff;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::auth::use_auth;
use crate::components::notice::ErrorNotice;
use crate::format;
use crate::i18n::{use_i18n, Lang};
use crate::stripe::{CardElement, Stripe, StripeJsError};

/// Why a paid start did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum PayError {
    /// The server refused (by its error code: `card_declined`, `payment_owed`…).
    Api(ApiError),
    /// Stripe.js refused the card, or could not load.
    Card(StripeJsError),
    /// The typed spending cap is not an amount core accepts (nothing was sent).
    BadCap,
}

impl From<ApiError> for PayError {
    fn from(e: ApiError) -> Self {
        PayError::Api(e)
    }
}

impl From<StripeJsError> for PayError {
    fn from(e: StripeJsError) -> Self {
        PayError::Card(e)
    }
}

/// A refusal in plain words: the server's by its code; Stripe.js's as "the card could not be
/// used" (or "the form could not load"), with Stripe's own words below for support.
#[component]
pub fn PayErrorNotice(error: PayError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        PayError::Api(error) => view! { <ErrorNotice error=error /> }.into_any(),
        PayError::BadCap => view! {
            <div class="notice notice-error" role="alert" data-testid="error" data-code="invalid_spending_cap">
                <p class="notice-words">{move || i18n.lang().error_code(ladeklar_api::ErrorCode::InvalidSpendingCap)}</p>
            </div>
        }
        .into_any(),
        PayError::Card(error) => {
            let (code, load) = match &error {
                StripeJsError::Refused(_) => ("card_refused", false),
                StripeJsError::Load(_) | StripeJsError::Script(_) => ("card_form_failed", true),
            };
            let detail = error.to_string();
            view! {
                <div class="notice notice-error" role="alert" data-testid="error" data-code=code>
                    <p class="notice-words">
                        {move || if load { i18n.p().card_form_failed } else { i18n.p().card_refused }}
                    </p>
                    <p class="notice-detail">{detail}</p>
                </div>
            }
            .into_any()
        }
    }
}

/// How a session is paid, as the server names it ("visa ···· 4242", or a tag's name), in
/// words ("Visa ···· 4242").
pub fn method_words(method: &str, lang: Lang) -> String {
    match method.split_once(" ···· ") {
        Some((brand, last4)) => lang.card_name(brand, last4),
        None => method.to_string(),
    }
}

/// What a session's payment shows on the live page: the hold and the card, and why it
/// stopped when the cap was reached.
#[component]
pub fn LivePayment(payment: Signal<Option<ladeklar_api::PaymentView>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        payment.get().map(|p| {
            let lang = i18n.lang();
            let held = lang.held_line(&cap_money(p.held, &p.currency, lang));
            let method = method_words(&p.method, lang);
            view! {
                <div class="live-payment" data-testid="live-payment" data-state=p.state.clone() data-held=p.held.to_string()>
                    <p data-testid="live-held">{held}</p>
                    <p class="fine" data-testid="live-method">{format!("{}: {method}", i18n.p().paying_with)}</p>
                    {p.cap_reached.then(|| view! {
                        <div class="notice notice-warn" role="status" data-testid="cap-reached">
                            <p class="notice-words">{move || i18n.p().stopped_at_cap}</p>
                        </div>
                    })}
                </div>
            }
        })
    }
}

/// Whether a payment shown on a receipt is still being taken (the capture follows the stop):
/// core's states that hold money or await Stripe's answer.
pub fn settling(payment: &ladeklar_api::PaymentView) -> bool {
    payment.paid.is_none() && PaymentState::parse(&payment.state).is_some_and(|s| s.holds_money() || s.awaits_stripe())
}

/// An amount of a cap or hold: whole amounts without decimals ("500 kr").
pub fn cap_money(amount: Decimal, currency: &str, lang: Lang) -> String {
    if amount.fract().is_zero() {
        format::approx_money(amount, currency, lang)
    } else {
        format::money(amount, currency, lang)
    }
}

/// The caps offered as buttons: a fifth, two fifths, one and two times the proposed cap,
/// within the policy (NOK: 100, 200, 500, 1000 kr).
pub fn cap_presets(policy: &CapPolicy) -> Vec<Decimal> {
    let d = policy.default;
    [
        d / Decimal::from(5),
        d * Decimal::from(2) / Decimal::from(5),
        d,
        d * Decimal::from(2),
    ]
    .into_iter()
    .map(|c| c.normalize())
    .filter(|c| *c >= policy.minimum && *c <= policy.maximum)
    .collect()
}

/// A cap typed by the driver: "250", "250,50" or "250.50".
pub fn parse_cap(text: &str) -> Option<Decimal> {
    text.trim().replace(',', ".").replace(' ', "").parse::<Decimal>().ok()
}

/// Which spending cap is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapChoice {
    Preset(Decimal),
    Other,
}

/// Which card pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardChoice {
    Saved(String),
    New,
}

/// A mounted card element and the Stripe.js client it belongs to.
type Mounted = (Stripe, CardElement);

/// What the payment panel holds, shared with the Start buttons. Lives as long as the page,
/// so the page's refreshes keep what the driver chose and typed.
#[derive(Clone, Copy)]
pub struct PayState {
    pub config: StoredValue<PaymentConfig>,
    pub cap: RwSignal<CapChoice>,
    pub custom_cap: RwSignal<String>,
    pub card_choice: RwSignal<CardChoice>,
    pub email: RwSignal<String>,
    /// The card element, once mounted.
    pub card: StoredValue<Option<Mounted>, LocalStorage>,
    /// Stripe.js, for 3-D Secure when a saved card needs it.
    pub stripe: StoredValue<Option<Stripe>, LocalStorage>,
    /// "Confirm with your bank…" while 3-D Secure runs.
    pub authenticating: RwSignal<bool>,
}

impl PayState {
    pub fn new(config: PaymentConfig, currency: &str) -> Self {
        let policy = CapPolicy::for_currency(currency);
        PayState {
            config: StoredValue::new(config),
            cap: RwSignal::new(CapChoice::Preset(policy.default)),
            custom_cap: RwSignal::new(String::new()),
            card_choice: RwSignal::new(CardChoice::New),
            email: RwSignal::new(String::new()),
            card: StoredValue::new_local(None),
            stripe: StoredValue::new_local(None),
            authenticating: RwSignal::new(false),
        }
    }

    /// The cap asked for (`None`: not a readable amount).
    fn cap_value(&self) -> Option<Decimal> {
        match self.cap.get() {
            CapChoice::Preset(cap) => Some(cap),
            CapChoice::Other => parse_cap(&self.custom_cap.get()),
        }
    }

    /// What will be held under `tariff`, in major units: core's `hold_amount`, or `None` when
    /// the cap cannot be used.
    pub fn hold(&self, tariff: &Tariff) -> Option<Decimal> {
        let cap = self.cap_value()?;
        hold_amount(Some(cap), tariff)
            .ok()
            .map(|held| held.to_major(&tariff.currency))
    }

    async fn stripe(&self) -> Result<Stripe, StripeJsError> {
        if let Some(stripe) = self.stripe.get_value() {
            return Ok(stripe);
        }
        let config = self.config.get_value();
        let url = config.stripe_js_url.unwrap_or_default();
        let stripe = Stripe::new(&url, &config.publishable_key.unwrap_or_default()).await?;
        self.stripe.set_value(Some(stripe.clone()));
        Ok(stripe)
    }
}

/// Starts on `connector_id`, paid as the panel says: a new card is confirmed by Stripe.js
/// first; a hold that needs 3-D Secure is authenticated, then the server is told.
pub async fn pay_and_start(
    pay: PayState,
    tariff: &Tariff,
    charger_id: &str,
    connector_id: u32,
) -> Result<SessionView, PayError> {
    let cap = pay.cap.get_untracked();
    let spending_cap = match cap {
        CapChoice::Preset(cap) => Some(cap),
        CapChoice::Other => parse_cap(&pay.custom_cap.get_untracked()),
    };
    // A typed cap core refuses is never sent (an unreadable one would become the default).
    if cap == CapChoice::Other && (spending_cap.is_none() || hold_amount(spending_cap, tariff).is_err()) {
        return Err(PayError::BadCap);
    }
    let (source, card_id, setup_intent_id) = match pay.card_choice.get_untracked() {
        CardChoice::Saved(card_id) => (PaymentSourceKind::SavedCard, Some(card_id), None),
        CardChoice::New => {
            let Some((stripe, card)) = pay.card.get_value() else {
                return Err(PayError::Card(StripeJsError::Script(
                    "the card form is not ready".into(),
                )));
            };
            let setup = api::card_setup().await?;
            stripe.confirm_card_setup(&setup.client_secret, &card).await?;
            (PaymentSourceKind::NewCard, None, Some(setup.setup_intent_id))
        }
    };
    let email = pay.email.get_untracked().trim().to_string();
    let payment = StartPayment {
        source,
        card_id,
        setup_intent_id,
        spending_cap,
        receipt_email: (!email.is_empty()).then_some(email),
    };
    let session = api::start_session(charger_id, connector_id, Some(payment)).await?;
    let needs_action = session
        .payment
        .as_ref()
        .is_some_and(|p| PaymentState::parse(&p.state) == Some(PaymentState::ActionRequired));
    if !needs_action {
        return Ok(session);
    }
    let secret = session
        .payment
        .as_ref()
        .and_then(|p| p.client_secret.clone())
        .unwrap_or_default();
    pay.authenticating.set(true);
    let stripe = pay.stripe().await;
    let outcome = match stripe {
        // Completed or not, the server reads the hold back and answers: started, or declined.
        Ok(stripe) => match stripe.confirm_card_payment(&secret).await {
            Ok(()) | Err(StripeJsError::Refused(_)) => Ok(()),
            Err(other) => Err(other),
        },
        Err(e) => Err(e),
    };
    pay.authenticating.set(false);
    outcome?;
    Ok(api::payment_authenticated(session.id).await?)
}

/// Stripe.js's card element, mounted in the page; `pay.card` holds it for the start.
#[component]
pub fn CardField(pay: PayState, #[prop(default = "card-element")] id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<leptos::html::Div>::new();
    let failed = RwSignal::new(None::<StripeJsError>);
    let ready = RwSignal::new(false);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(div) = node.get() else {
            return false;
        };
        let element: web_sys::Element = div.unchecked_into();
        spawn_local(async move {
            match pay.stripe().await {
                Ok(stripe) => match stripe.mount_card(&element) {
                    Ok(card) => {
                        let _ = pay.card.try_set_value(Some((stripe, card)));
                        let _ = ready.try_set(true);
                    }
                    Err(e) => {
                        let _ = failed.try_set(Some(e));
                    }
                },
                Err(e) => {
                    let _ = failed.try_set(Some(e));
                }
            }
        });
        true
    });
    on_cleanup(move || {
        if let Some(Some((_, card))) = pay.card.try_get_value() {
            card.destroy();
        }
        let _ = pay.card.try_set_value(None);
    });
    let label_id = format!("{id}-label");
    view! {
        <div class="field card-field">
            <span class="field-label" id=label_id.clone()>{move || i18n.p().card_details}</span>
            <div class="card-element" node_ref=node id=id data-testid=id role="group" aria-labelledby=label_id></div>
            <div>{move || (!ready.get() && failed.get().is_none()).then(|| view! {
                <p class="field-hint" role="status">{move || i18n.p().card_loading}</p>
            })}</div>
            <div>{move || failed.get().map(|e| view! { <PayErrorNotice error=PayError::Card(e) /> })}</div>
            <p class="field-hint">{move || i18n.p().card_secure_note}</p>
        </div>
    }
}

/// The payment panel before Start: the hold in words, the spending cap, the card, and for a
/// guest an e-mail for the receipt.
#[component]
pub fn PayPanel(pay: PayState, tariff: Tariff) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let currency = tariff.currency.clone();
    let policy = CapPolicy::for_currency(&currency);
    let signed_in = Memo::new(move |_| auth.account().map(|a| a.id));
    let cards = LocalResource::new(move || {
        let who = signed_in.get();
        async move {
            match who {
                Some(_) => api::cards().await.ok(),
                None => None,
            }
        }
    });
    // A signed-in driver pays with the default card unless they choose otherwise.
    Effect::new(move |_| {
        let default = cards
            .get()
            .flatten()
            .and_then(|c| c.cards.into_iter().find(|c| c.default).map(|c| c.id));
        if let Some(id) = default {
            if pay.card_choice.get_untracked() == CardChoice::New {
                pay.card_choice.set(CardChoice::Saved(id));
            }
        }
    });
    let hold_words = {
        let (tariff, currency) = (tariff.clone(), currency.clone());
        move || {
            let lang = i18n.lang();
            pay.hold(&tariff)
                .map(|held| lang.hold_words(&cap_money(held, &currency, lang)))
        }
    };
    let limits = {
        let currency = currency.clone();
        move || {
            let lang = i18n.lang();
            let (min, max) = (
                cap_money(policy.minimum, &currency, lang),
                cap_money(policy.maximum, &currency, lang),
            );
            (lang.cap_limits(&min, &max), lang.cap_refused(&min, &max))
        }
    };
    let presets = cap_presets(&policy)
        .into_iter()
        .map(|cap| {
            let currency = currency.clone();
            let checked = move || pay.cap.get() == CapChoice::Preset(cap);
            view! {
                <label class="chip cap-chip" class:chip-on=checked data-testid="cap-choice" data-cap=cap.to_string()>
                    <input type="radio" name="spending-cap" prop:checked=checked on:change=move |_| pay.cap.set(CapChoice::Preset(cap)) />
                    {move || cap_money(cap, &currency, i18n.lang())}
                </label>
            }
        })
        .collect_view();
    let other_checked = move || pay.cap.get() == CapChoice::Other;
    let custom_refused = {
        let tariff = tariff.clone();
        move || other_checked() && !pay.custom_cap.get().trim().is_empty() && pay.hold(&tariff).is_none()
    };
    let card_list = move || {
        let list = cards.get().flatten().map(|c| c.cards).unwrap_or_default();
        if list.is_empty() {
            return None;
        }
        let saved = list
            .into_iter()
            .map(|card| {
                let id = card.id.clone();
                let checked = {
                    let id = id.clone();
                    move || pay.card_choice.get() == CardChoice::Saved(id.clone())
                };
                let choose = move |_| pay.card_choice.set(CardChoice::Saved(id.clone()));
                view! {
                    <label class="choice" data-testid="pay-card" data-card-id=card.id.clone()>
                        <input type="radio" name="pay-with" prop:checked=checked on:change=choose />
                        <span>{move || i18n.lang().card_name(&card.brand, &card.last4)}</span>
                    </label>
                }
            })
            .collect_view();
        Some(view! {
            <fieldset class="choices">
                <legend>{move || i18n.p().pay_with}</legend>
                {saved}
                <label class="choice" data-testid="pay-new-card">
                    <input
                        type="radio"
                        name="pay-with"
                        prop:checked=move || pay.card_choice.get() == CardChoice::New
                        on:change=move |_| pay.card_choice.set(CardChoice::New)
                    />
                    <span>{move || i18n.p().another_card}</span>
                </label>
            </fieldset>
        })
    };
    let limits_hint = limits.clone();
    view! {
        <section class="pay-panel" aria-labelledby="pay-title" data-testid="pay-panel">
            <h2 id="pay-title">{move || i18n.p().how_you_pay}</h2>
            <p class="hold-words" data-testid="hold-words">{hold_words}</p>
            <fieldset class="cap-choices">
                <legend>{move || i18n.p().spending_cap}</legend>
                <div class="chips">
                    {presets}
                    <label class="chip cap-chip" class:chip-on=other_checked data-testid="cap-other">
                        <input type="radio" name="spending-cap" prop:checked=other_checked on:change=move |_| pay.cap.set(CapChoice::Other) />
                        {move || i18n.p().cap_other}
                    </label>
                </div>
                <div>{move || other_checked().then(|| view! {
                    <div class="field cap-custom">
                        <label for="cap-amount">{move || i18n.p().cap_amount}</label>
                        <input
                            id="cap-amount"
                            type="text"
                            inputmode="decimal"
                            autocomplete="off"
                            data-testid="cap-amount"
                            bind:value=pay.custom_cap
                        />
                    </div>
                })}</div>
                <p class="field-hint">{move || limits_hint().0}</p>
                <div>{move || custom_refused().then(|| view! {
                    <p class="field-error" role="alert" data-testid="cap-refused">{limits().1}</p>
                })}</div>
            </fieldset>
            <div>{card_list}</div>
            <div>{move || (pay.card_choice.get() == CardChoice::New).then(|| view! { <CardField pay=pay /> })}</div>
            <div>{move || signed_in.get().is_none().then(|| view! {
                <div class="field">
                    <label for="receipt-email">{move || i18n.p().receipt_email}</label>
                    <input id="receipt-email" type="email" autocomplete="email" data-testid="receipt-email" bind:value=pay.email />
                </div>
                <p class="fine">
                    {move || i18n.p().guest_note}
                </p>
            })}</div>
            <div>{move || {
                let no_cards = cards.get().flatten().is_some_and(|c| c.cards.is_empty());
                (signed_in.get().is_some() && no_cards).then(|| view! {
                    <p class="fine"><a href="/account/payment">{move || i18n.p().save_cards_link}</a></p>
                })
            }}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_follow_the_policy() {
        let nok = CapPolicy::for_currency("NOK");
        let caps: Vec<String> = cap_presets(&nok).iter().map(|c| c.to_string()).collect();
        assert_eq!(caps, ["100", "200", "500", "1000"]);
        let eur = CapPolicy::for_currency("EUR");
        let caps: Vec<String> = cap_presets(&eur).iter().map(|c| c.to_string()).collect();
        assert_eq!(caps, ["10", "20", "50", "100"]);
    }

    fn payment(state: &str, paid: Option<Decimal>) -> ladeklar_api::PaymentView {
        ladeklar_api::PaymentView {
            state: state.into(),
            currency: "NOK".into(),
            held: Decimal::from(500),
            paid,
            method: "visa ···· 4242".into(),
            tag: None,
            failure: None,
            cap_reached: false,
            client_secret: None,
        }
    }

    #[test]
    fn a_receipt_waits_while_the_capture_is_under_way() {
        assert!(settling(&payment("start_sent", None)));
        assert!(settling(&payment("capture_requested", None)));
        assert!(!settling(&payment("captured", Some(Decimal::ONE))));
        assert!(!settling(&payment("debt", None)));
        assert!(!settling(&payment("released", None)));
        assert!(!settling(&payment("no such state", None)));
    }

    #[test]
    fn methods_read_as_the_card_or_the_tag() {
        assert_eq!(method_words("visa ···· 4242", Lang::En), "Visa ···· 4242");
        assert_eq!(method_words("Blue key fob", Lang::Nb), "Blue key fob");
    }

    #[test]
    fn typed_caps_read_with_comma_or_point() {
        assert_eq!(parse_cap(" 250,50 "), Some(Decimal::new(25050, 2)));
        assert_eq!(parse_cap("1 000"), Some(Decimal::from(1000)));
        assert_eq!(parse_cap("lots"), None);
    }
}
