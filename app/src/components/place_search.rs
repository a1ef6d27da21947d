//! The place search box: type the start of a city's or town's name, pick one of the
//! server's matches (`GET /places`, GeoNames), and the list moves there.

use std::time::Duration;

use ladeklar_api::PlaceView;
use leptos::prelude::*;

use crate::api;
use crate::i18n::use_i18n;
use crate::state::{Place, PlaceName};

/// How long typing must pause before the box asks the server.
const DEBOUNCE: Duration = Duration::from_millis(200);
const MAX_PLACES: u32 = 8;

/// What the box has found for the text typed.
#[derive(Clone, PartialEq)]
enum Found {
    Nothing,
    Places(Vec<PlaceView>),
    Failed,
}

#[component]
pub fn PlaceSearch(choose: Callback<Place>) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let found = RwSignal::new(Found::Nothing);
    // The newest question asked: older answers arriving late are dropped.
    let asked = StoredValue::new(0u64);
    let timer = StoredValue::new(None::<TimeoutHandle>);

    let ask = move |q: String| {
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        if q.trim().is_empty() {
            found.set(Found::Nothing);
            return;
        }
        leptos::task::spawn_local(async move {
            let answer = api::places(q.trim(), MAX_PLACES).await;
            if asked.get_value() != mine {
                return;
            }
            found.set(match answer {
                Ok(matches) => Found::Places(matches.places),
                Err(_) => Found::Failed,
            });
        });
    };
    let on_input = move |value: String| {
        text.set(value.clone());
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(set_timeout_with_handle(move || ask(value), DEBOUNCE).ok());
    };
    let pick = move |place: PlaceView| {
        text.set(String::new());
        found.set(Found::Nothing);
        asked.update_value(|n| *n += 1);
        choose.run(Place::new(PlaceName::Found(place.name), place.lat, place.lon));
    };

    view! {
        <div class="place-search" role="search">
            <label class="place-search-label">
                <span>{move || i18n.f().find_place}</span>
                <input
                    type="search"
                    name="place"
                    autocomplete="off"
                    data-testid="place-search"
                    placeholder=move || i18n.f().place_placeholder
                    prop:value=move || text.get()
                    on:input:target=move |ev| on_input(ev.target().value())
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            if let Found::Places(places) = found.get_untracked() {
                                if let Some(first) = places.into_iter().next() {
                                    pick(first);
                                }
                            }
                        }
                    }
                />
            </label>
            {move || match found.get() {
                Found::Nothing => ().into_any(),
                Found::Failed => view! { <p class="place-none" role="status" data-testid="places-failed">{move || i18n.f().places_failed}</p> }.into_any(),
                Found::Places(places) if places.is_empty() => {
                    view! { <p class="place-none" role="status" data-testid="no-places">{move || i18n.f().no_places}</p> }.into_any()
                }
                Found::Places(places) => {
                    let items = places
                        .into_iter()
                        .map(|place| {
                            let label = format!("{}, {}", place.name, place.country);
                            view! {
                                <li>
                                    <button type="button" class="place-option" data-testid="place-option" on:click=move |_| pick(place.clone())>
                                        {label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <ul class="place-options" data-testid="place-options">{items}</ul> }.into_any()
                }
            }}
            <p class="credit">{move || i18n.f().places_credit}</p>
        </div>
    }
}
