//! `/account/payment`: a signed-in driver's saved cards (add one through Stripe.js, remove,
//! choose the default), what the account owes with "Pay now", and RFID charging cards
//! (link by UID and name, block when lost, unblock).

use ladeklar_api::{CardView, CardsView, ErrorCode, TagView};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::auth::use_auth;
use crate::components::forms::{SubmitButton, SuccessNotice};
use crate::components::notice::ErrorNotice;
use crate::components::pay::{CardField, PayError, PayErrorNotice, PayState};
use crate::components::require::SignedInOnly;
use crate::format;
use crate::i18n::use_i18n;
use crate::platform;

#[component]
pub fn PaymentPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.p().payment));
    let auth = use_auth();
    let account_id = Memo::new(move |_| auth.account().map(|a| a.id));
    view! {
        <SignedInOnly>
            {move || account_id.get().map(|_| view! { <PaymentView /> })}
        </SignedInOnly>
    }
}

#[component]
fn PaymentView() -> impl IntoView {
    let i18n = use_i18n();
    let cards = RwSignal::new(None::<Result<CardsView, ApiError>>);
    let load_cards = move || {
        spawn_local(async move {
            let answer = api::cards().await;
            let _ = cards.try_set(Some(answer));
        })
    };
    load_cards();
    let config = LocalResource::new(|| async { api::payment_config().await.ok() });
    view! {
        <section class="panel" aria-labelledby="cards-title" data-testid="cards-panel">
            <h1 class="page-title">{move || i18n.p().payment}</h1>
            <h2 id="cards-title">{move || i18n.p().saved_cards}</h2>
            // Each changing part in an element of its own, so one part's update never moves
            // another's place in the page.
            <div class="cards-list">
                {move || match cards.get() {
                    None => view! { <p class="loading" role="status">{move || i18n.p().card_loading}</p> }.into_any(),
                    Some(Err(error)) => view! {
                        <ErrorNotice error=error retry=Callback::new(move |_| { cards.set(None); load_cards() }) />
                    }
                    .into_any(),
                    Some(Ok(view)) => view! { <CardList view=view cards=cards /> }.into_any(),
                }}
            </div>
            <div class="add-card-box">
                {move || {
                    let enabled = config.get().flatten().filter(|c| c.enabled)?;
                    Some(view! { <AddCard config=enabled cards=cards /> })
                }}
            </div>
        </section>
        <Owed cards=cards />
        <Tags />
    }
}

#[component]
fn CardList(view: CardsView, cards: RwSignal<Option<Result<CardsView, ApiError>>>) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let act = move |job: CardJob| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = match &job {
                CardJob::Remove(id) => api::remove_card(id).await,
                CardJob::Default(id) => api::make_default_card(id).await,
            };
            match answer {
                Ok(view) => cards.set(Some(Ok(view))),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    if view.cards.is_empty() {
        return view! { <p data-testid="no-cards">{move || i18n.p().no_cards}</p> }.into_any();
    }
    let items = view
        .cards
        .into_iter()
        .map(|card| {
            let CardView {
                id,
                brand,
                last4,
                exp_month,
                exp_year,
                default,
            } = card;
            let (remove_id, default_id) = (id.clone(), id.clone());
            view! {
                <li class="pay-item" data-testid="saved-card" data-card-id=id.clone() data-default=default.to_string()>
                    <div class="pay-item-info">
                        <span class="pay-item-name">{move || i18n.lang().card_name(&brand, &last4)}</span>
                        <span class="pay-item-meta">{move || i18n.lang().card_expires(exp_month, exp_year)}</span>
                        {default.then(|| view! { <span class="badge badge-ok" data-testid="default-badge">{move || i18n.p().default_card}</span> })}
                    </div>
                    <div class="pay-item-actions">
                        {(!default).then(|| view! {
                            <button type="button" class="button" data-testid="make-default" disabled=move || busy.get()
                                on:click=move |_| act(CardJob::Default(default_id.clone()))>
                                {move || i18n.p().make_default}
                            </button>
                        })}
                        <button type="button" class="button" data-testid="remove-card" disabled=move || busy.get()
                            on:click=move |_| act(CardJob::Remove(remove_id.clone()))>
                            {move || i18n.p().remove}
                        </button>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <div>
            <ul class="pay-list">{items}</ul>
            <div>{move || error.get().map(|e| view! { <ErrorNotice error=e /> })}</div>
        </div>
    }
    .into_any()
}

enum CardJob {
    Remove(String),
    Default(String),
}

/// "Add a card": Stripe.js's card element, confirmed with a SetupIntent, then saved.
#[component]
fn AddCard(config: ladeklar_api::PaymentConfig, cards: RwSignal<Option<Result<CardsView, ApiError>>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<PayError>);
    let added = RwSignal::new(false);
    let pay = PayState::new(config, "NOK");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        added.set(false);
        spawn_local(async move {
            match add_card(pay).await {
                Ok(view) => {
                    // The form (and its Stripe.js element) goes on the next turn, outside this
                    // task, which belongs to it.
                    set_timeout(
                        move || {
                            open.set(false);
                            cards.set(Some(Ok(view)));
                            added.set(true);
                        },
                        std::time::Duration::ZERO,
                    );
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div>{move || added.get().then(|| view! {
            <SuccessNotice text=Signal::derive(move || i18n.p().card_added.to_string()) testid="card-added" />
        })}</div>
        <div>{move || if open.get() {
            view! {
                <form class="add-card" on:submit=submit data-testid="add-card-form">
                    <CardField pay=pay />
                    <div>{move || error.get().map(|e| view! { <PayErrorNotice error=e /> })}</div>
                    <p class="actions">
                        <SubmitButton
                            label=Signal::derive(move || i18n.p().save_card)
                            busy_label=Signal::derive(move || i18n.p().adding_card)
                            busy=busy
                            testid="save-card"
                        />
                    </p>
                </form>
            }
            .into_any()
        } else {
            view! {
                <p class="actions">
                    <button type="button" class="button button-primary" data-testid="add-card" on:click=move |_| {
                        added.set(false);
                        open.set(true);
                    }>
                        {move || i18n.p().add_card}
                    </button>
                </p>
            }
            .into_any()
        }}</div>
    }
}

async fn add_card(pay: PayState) -> Result<CardsView, PayError> {
    let Some((stripe, card)) = pay.card.get_value() else {
        return Err(PayError::Card(crate::stripe::StripeJsError::Script(
            "the card form is not ready".into(),
        )));
    };
    let setup = api::card_setup().await?;
    stripe.confirm_card_setup(&setup.client_secret, &card).await?;
    Ok(api::save_card(&setup.setup_intent_id).await?)
}

/// What the account owes, and "Pay now" (the default card, off session).
#[component]
fn Owed(cards: RwSignal<Option<Result<CardsView, ApiError>>>) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let paid = RwSignal::new(false);
    let owed = move || {
        cards.with(|c| match c {
            Some(Ok(view)) => view.owed.filter(|o| !o.is_zero()).map(|o| (o, view.currency.clone())),
            _ => None,
        })
    };
    let loaded = move || cards.with(|c| matches!(c, Some(Ok(_))));
    let pay_now = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::pay_debt().await {
                Ok(view) => {
                    cards.set(Some(Ok(view)));
                    paid.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="owed-title" data-testid="owed-panel">
            <h2 id="owed-title">{move || i18n.p().owed_title}</h2>
            <div>{move || match owed() {
                Some((amount, currency)) => view! {
                    <p data-testid="owed" data-amount=amount.to_string()>
                        {move || {
                            let lang = i18n.lang();
                            lang.owed_words(&format::money(amount, &currency, lang))
                        }}
                    </p>
                    <p class="actions">
                        <button type="button" class="button button-primary" data-testid="pay-debt" disabled=move || busy.get() on:click=pay_now>
                            {move || if busy.get() { i18n.p().paying } else { i18n.p().pay_now }}
                        </button>
                    </p>
                }
                .into_any(),
                None => loaded()
                    .then(|| view! { <p data-testid="nothing-owed">{move || i18n.p().nothing_owed}</p> })
                    .into_any(),
            }}</div>
            <div>{move || paid.get().then(|| view! {
                <SuccessNotice text=Signal::derive(move || i18n.p().debt_paid.to_string()) testid="debt-paid" />
            })}</div>
            <div>{move || error.get().map(|e| view! { <ErrorNotice error=e /> })}</div>
        </section>
    }
}

/// RFID charging cards: link, list, block and unblock.
#[component]
fn Tags() -> impl IntoView {
    let i18n = use_i18n();
    let tags = RwSignal::new(None::<Result<Vec<TagView>, ApiError>>);
    let load_tags = move || {
        spawn_local(async move {
            let answer = api::tags().await;
            let _ = tags.try_set(Some(answer));
        })
    };
    load_tags();
    let uid = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::link_tag(&uid.get_untracked(), &name.get_untracked()).await {
                Ok(list) => {
                    tags.set(Some(Ok(list)));
                    uid.set(String::new());
                    name.set(String::new());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    // A UID the server could not read is said next to its field; anything else below.
    let uid_error = move || error.get().filter(|e| e.code() == Some(ErrorCode::InvalidTagUid));
    let other_error = move || error.get().filter(|e| e.code() != Some(ErrorCode::InvalidTagUid));
    view! {
        <section class="panel" aria-labelledby="tags-title" data-testid="tags-panel">
            <h2 id="tags-title">{move || i18n.p().rfid_tags}</h2>
            <p>{move || i18n.p().tags_intro}</p>
            <div>{move || match tags.get() {
                None => ().into_any(),
                Some(Err(e)) => view! {
                    <ErrorNotice error=e retry=Callback::new(move |_| { tags.set(None); load_tags() }) />
                }
                .into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p data-testid="no-tags">{move || i18n.p().no_tags}</p> }.into_any()
                }
                Some(Ok(list)) => view! { <TagList list=list tags=tags /> }.into_any(),
            }}</div>
            <form class="link-tag" on:submit=submit data-testid="link-tag-form">
                <div class="field">
                    <label for="tag-uid">{move || i18n.p().tag_uid}</label>
                    <input
                        id="tag-uid"
                        type="text"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        required=true
                        data-testid="tag-uid"
                        aria-describedby="tag-uid-hint tag-uid-error"
                        aria-invalid=move || uid_error().is_some().to_string()
                        bind:value=uid
                    />
                    <p class="field-hint" id="tag-uid-hint">{move || i18n.p().tag_uid_hint}</p>
                    {move || uid_error().map(|e| view! {
                        <p class="field-error" id="tag-uid-error" role="alert" data-testid="tag-uid-error" data-code="invalid_tag_uid">
                            {move || i18n.lang().error(&e)}
                        </p>
                    })}
                </div>
                <div class="field">
                    <label for="tag-name">{move || i18n.p().tag_name}</label>
                    <input id="tag-name" type="text" autocomplete="off" required=true data-testid="tag-name"
                        aria-describedby="tag-name-hint" bind:value=name />
                    <p class="field-hint" id="tag-name-hint">{move || i18n.p().tag_name_hint}</p>
                </div>
                <div>{move || other_error().map(|e| view! { <ErrorNotice error=e /> })}</div>
                <SubmitButton
                    label=Signal::derive(move || i18n.p().link_tag)
                    busy_label=Signal::derive(move || i18n.p().linking)
                    busy=busy
                    testid="link-tag"
                />
            </form>
        </section>
    }
}

#[component]
fn TagList(list: Vec<TagView>, tags: RwSignal<Option<Result<Vec<TagView>, ApiError>>>) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let items = list
        .into_iter()
        .map(|tag| {
            let blocked = tag.status == "blocked";
            let uid = tag.uid.clone();
            let toggle = move |_| {
                if busy.get_untracked() {
                    return;
                }
                busy.set(true);
                error.set(None);
                let uid = uid.clone();
                spawn_local(async move {
                    match api::block_tag(&uid, !blocked).await {
                        Ok(list) => tags.set(Some(Ok(list))),
                        Err(e) => error.set(Some(e)),
                    }
                    busy.set(false);
                });
            };
            let usable = tag.usable;
            view! {
                <li class="pay-item" data-testid="tag" data-uid=tag.uid.clone() data-status=tag.status.clone()>
                    <div class="pay-item-info">
                        <span class="pay-item-name">{tag.name.clone()}</span>
                        <span class="pay-item-meta uid">{tag.uid.clone()}</span>
                        <span class=if blocked { "badge badge-bad" } else { "badge badge-ok" } data-testid="tag-status">
                            {move || if blocked { i18n.p().tag_blocked } else { i18n.p().tag_active }}
                        </span>
                        {(!blocked && !usable).then(|| view! {
                            <span class="pay-item-meta" data-testid="tag-unusable">{move || i18n.p().tag_unusable}</span>
                        })}
                    </div>
                    <div class="pay-item-actions">
                        <button type="button" class="button" data-testid="block-tag" disabled=move || busy.get() on:click=toggle>
                            {move || if blocked { i18n.p().unblock } else { i18n.p().block }}
                        </button>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <div>
            <ul class="pay-list">{items}</ul>
            <div>{move || error.get().map(|e| view! { <ErrorNotice error=e /> })}</div>
        </div>
    }
}
