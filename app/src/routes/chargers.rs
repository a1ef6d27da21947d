//! `/`: the chargers nearest a chosen position.

use std::time::Duration;

use leptos::prelude::*;

use crate::api;
use crate::components::charger_card::ChargerCard;
use crate::components::notice::ErrorNotice;
use crate::platform;
use crate::state::{preset_places, use_search_place, Place};

/// How often the list re-reads the chargers' live status.
const REFRESH: Duration = Duration::from_secs(15);
const LIMIT: u32 = 20;

#[component]
pub fn ChargersPage() -> impl IntoView {
    let place = use_search_place();
    Effect::new(move |_| platform::set_title(&format!("Chargers near {}", place.get().label)));
    let chargers = LocalResource::new(move || {
        let p = place.get();
        async move { api::chargers_near(p.lat, p.lon, LIMIT).await }
    });
    if let Ok(handle) = set_interval_with_handle(move || chargers.refetch(), REFRESH) {
        on_cleanup(move || handle.clear());
    }

    view! {
        <section class="search" aria-labelledby="search-title">
            <h1 id="search-title">"Chargers near " {move || place.get().label}</h1>
            <PlacePicker />
        </section>
        <Transition fallback=|| view! { <p class="loading" role="status">"Finding chargers…"</p> }>
            {move || Suspend::new(async move {
                match chargers.await {
                    Ok(list) if list.chargers.is_empty() => {
                        view! {
                            <p class="empty" data-testid="no-chargers">
                                "No chargers near here yet. Try another city."
                            </p>
                        }
                            .into_any()
                    }
                    Ok(list) => {
                        let now = platform::now();
                        let cards = list
                            .chargers
                            .into_iter()
                            .map(|charger| view! { <ChargerCard charger=charger now=now /> })
                            .collect_view();
                        view! {
                            <ul class="charger-list" data-testid="charger-list" aria-label="Chargers, nearest first">
                                {cards}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error=error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Where to search from: a preset city, the device's position, or typed coordinates.
#[component]
fn PlacePicker() -> impl IntoView {
    let place = use_search_place();
    let lat_text = RwSignal::new(String::new());
    let lon_text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let p = place.get();
        lat_text.set(format!("{:.4}", p.lat));
        lon_text.set(format!("{:.4}", p.lon));
    });
    let form_error = RwSignal::new(None::<String>);
    let locating = RwSignal::new(false);
    let geolocation = platform::has_geolocation();

    let presets = preset_places()
        .into_iter()
        .map(|preset| {
            let label = preset.label.clone();
            let pressed = {
                let label = label.clone();
                move || (place.get().label == label).to_string()
            };
            view! {
                <button
                    type="button"
                    class="chip"
                    aria-pressed=pressed
                    data-testid="preset-place"
                    on:click=move |_| {
                        form_error.set(None);
                        place.set(preset.clone());
                    }
                >
                    {label}
                </button>
            }
        })
        .collect_view();

    let use_my_location = move |_| {
        form_error.set(None);
        locating.set(true);
        platform::locate(move |result| {
            locating.set(false);
            match result {
                Ok((lat, lon)) => place.set(Place::new("your location", lat, lon)),
                Err(words) => form_error.set(Some(words)),
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lat = lat_text.get_untracked().trim().replace(',', ".").parse::<f64>();
        let lon = lon_text.get_untracked().trim().replace(',', ".").parse::<f64>();
        match (lat, lon) {
            (Ok(lat), Ok(lon)) => match ladeklar_core::geo::GeoPoint::new(lat, lon) {
                Ok(_) => {
                    form_error.set(None);
                    place.set(Place::new(format!("{lat:.4}, {lon:.4}"), lat, lon));
                }
                Err(_) => form_error.set(Some(
                    "Latitude must be between -90 and 90, longitude between -180 and 180.".to_string(),
                )),
            },
            _ => form_error.set(Some(
                "Type the latitude and longitude as numbers, e.g. 59.91 and 10.75.".to_string(),
            )),
        }
    };

    view! {
        <div class="place-picker">
            <div class="chips" role="group" aria-label="Search near a city">
                {presets}
                {geolocation
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="chip chip-locate"
                                data-testid="use-my-location"
                                on:click=use_my_location
                                disabled=move || locating.get()
                            >
                                {move || if locating.get() { "Locating…" } else { "Use my location" }}
                            </button>
                        }
                    })}
            </div>
            <form class="coords" on:submit=on_submit aria-label="Search near coordinates">
                <label>
                    <span>"Latitude"</span>
                    <input
                        type="text"
                        inputmode="decimal"
                        name="lat"
                        autocomplete="off"
                        prop:value=move || lat_text.get()
                        on:input:target=move |ev| lat_text.set(ev.target().value())
                    />
                </label>
                <label>
                    <span>"Longitude"</span>
                    <input
                        type="text"
                        inputmode="decimal"
                        name="lon"
                        autocomplete="off"
                        prop:value=move || lon_text.get()
                        on:input:target=move |ev| lon_text.set(ev.target().value())
                    />
                </label>
                <button type="submit" class="button button-secondary">"Search here"</button>
            </form>
            {move || form_error.get().map(|words| view! { <p class="notice notice-error" role="alert">{words}</p> })}
        </div>
    }
}
