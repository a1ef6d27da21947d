//! Where to search from: a preset city, the device's position, or typed coordinates.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts};
use crate::platform;
use crate::state::{preset_places, Place, PlaceName};

/// Why the place picker could not search.
#[derive(Clone, Copy)]
enum FormError {
    Text(fn(&'static Texts) -> &'static str),
    Locate(platform::LocateError),
}

/// Where to search from: a preset city, the device's position, or typed coordinates.
///
/// `place` is the current place; `choose` moves the search to another.
#[component]
pub fn PlacePicker(place: Signal<Place>, choose: Callback<Place>) -> impl IntoView {
    let i18n = use_i18n();
    let lat_text = RwSignal::new(String::new());
    let lon_text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let p = place.get();
        lat_text.set(format!("{:.4}", p.lat));
        lon_text.set(format!("{:.4}", p.lon));
    });
    // Which text to show, so it follows the language.
    let form_error = RwSignal::new(None::<FormError>);
    let locating = RwSignal::new(false);
    let geolocation = platform::has_geolocation();

    let presets = preset_places()
        .into_iter()
        .map(|preset| {
            let label = preset.label.clone();
            let pressed = {
                let label = label.clone();
                move || place.with(|p| p.label == label).to_string()
            };
            let name = move || i18n.lang().place_name(&label);
            view! {
                <button
                    type="button"
                    class="chip"
                    aria-pressed=pressed
                    data-testid="preset-place"
                    on:click=move |_| {
                        form_error.set(None);
                        choose.run(preset.clone());
                    }
                >
                    {name}
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
                Ok((lat, lon)) => choose.run(Place::new(PlaceName::Device, lat, lon)),
                Err(why) => form_error.set(Some(FormError::Locate(why))),
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
                    choose.run(Place::new(PlaceName::Coords(format!("{lat:.4}, {lon:.4}")), lat, lon));
                }
                Err(_) => form_error.set(Some(FormError::Text(|t| t.coords_out_of_range))),
            },
            _ => form_error.set(Some(FormError::Text(|t| t.coords_not_numbers))),
        }
    };

    view! {
        <div class="place-picker">
            <div class="chips" role="group" aria-label=move || i18n.t().search_near_city>
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
                                {move || if locating.get() { i18n.t().locating } else { i18n.t().use_my_location }}
                            </button>
                        }
                    })}
            </div>
            <details class="coords-details">
            <summary>{move || i18n.f().coordinates}</summary>
            <form class="coords" on:submit=on_submit aria-label=move || i18n.t().search_near_coords>
                <label>
                    <span>{move || i18n.t().latitude}</span>
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
                    <span>{move || i18n.t().longitude}</span>
                    <input
                        type="text"
                        inputmode="decimal"
                        name="lon"
                        autocomplete="off"
                        prop:value=move || lon_text.get()
                        on:input:target=move |ev| lon_text.set(ev.target().value())
                    />
                </label>
                <button type="submit" class="button button-secondary">{move || i18n.t().search_here}</button>
            </form>
            </details>
            {move || {
                form_error
                    .get()
                    .map(|error| {
                        let lang = i18n.lang();
                        let words = match error {
                            FormError::Text(text) => text(lang.t()),
                            FormError::Locate(why) => lang.locate_error(why),
                        };
                        view! { <p class="notice notice-error" role="alert">{words}</p> }
                    })
            }}
        </div>
    }
}
