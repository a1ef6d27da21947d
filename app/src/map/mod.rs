//! The map, toggled with the list: Leaflet with clustered markers over country outlines,
//! loaded only when it first opens ([`glue`]); it shows the list's result set ([`pins`]) and
//! tells the page when it moved, so the list follows the map's box.

mod glue;
pub mod pins;

use ladeklar_api::ChargerSummary;
use leptos::html::Div;
use leptos::prelude::*;

use crate::favourites::use_favourites;
use crate::i18n::use_i18n;
use crate::search::Bbox;
use crate::state::{Place, PlaceName};

/// How far in a map opened on a place starts.
const START_ZOOM: u32 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MapState {
    Loading,
    Ready,
    Failed,
}

/// `bbox`, when given, is where the map opens (else at `place`); `chargers` what it shows;
/// `moved` gets the map's box after each move.
#[component]
pub fn MapView(
    place: Signal<Place>,
    bbox: Option<Bbox>,
    chargers: Signal<Option<Vec<ChargerSummary>>>,
    moved: Callback<Bbox>,
) -> impl IntoView {
    let i18n = use_i18n();
    let favourites = use_favourites();
    let node = NodeRef::<Div>::new();
    let state = RwSignal::new(MapState::Loading);
    let attempt = RwSignal::new(0u32);
    let start = place.get_untracked();
    let view_json = match bbox {
        Some(b) => serde_json::json!({"bbox": [b.west, b.south, b.east, b.north]}),
        None => serde_json::json!({"lat": start.lat, "lon": start.lon, "zoom": START_ZOOM}),
    };

    Effect::new(move |_| {
        attempt.track();
        let Some(element) = node.get() else {
            return;
        };
        state.set(MapState::Loading);
        let mut view_json = view_json.clone();
        leptos::task::spawn_local(async move {
            // The deployment's tile layer, if any; outlines only when there is none or the
            // server cannot say (offline).
            if let Ok(config) = crate::api::map_config().await {
                if let Some(tiles) = config.tiles {
                    // A path on the server is the server's, also where the page is not
                    // (the desktop shell's own origin).
                    let url = match tiles.url.starts_with('/') {
                        true => format!("{}{}", crate::api::base_url(), tiles.url),
                        false => tiles.url,
                    };
                    view_json["tiles"] = serde_json::json!({"url": url, "attribution": tiles.attribution});
                }
            }
            let view_json = view_json.to_string();
            let on_move = move |text: String| {
                if let Some(b) = Bbox::parse(&text) {
                    moved.run(b);
                }
            };
            let on_star = move |id: String| favourites.toggle(id);
            match glue::open(&element, &view_json, on_move, on_star).await {
                Ok(()) => state.set(MapState::Ready),
                Err(e) => {
                    leptos::logging::warn!("map: {e:?}");
                    state.set(MapState::Failed);
                }
            }
        });
    });
    // The device's position, when that is the place: a memo, so that the map's own moves
    // (which change the place's box, not the position) do not draw every pin again.
    let me = Memo::new(move |_| place.with(|p| (p.label == PlaceName::Device).then_some((p.lat, p.lon))));
    // The markers follow the result set and the language.
    Effect::new(move |_| {
        if state.get() != MapState::Ready {
            return;
        }
        let lang = i18n.lang();
        let me = me.get();
        let stars = favourites.ids();
        chargers.with(|list| {
            if let Some(list) = list {
                glue::show(&pins::map_data(list, me, &stars, lang));
            }
        });
    });
    // Another place chosen while the map is open: the map goes there.
    Effect::new(move |previous: Option<(f64, f64)>| {
        let here = place.with(|p| (p.lat, p.lon));
        if previous.is_some_and(|p| p != here) && state.get_untracked() == MapState::Ready {
            glue::go_to(here.0, here.1);
        }
        here
    });
    on_cleanup(glue::close);

    view! {
        <div class="map-wrap">
            <div class="map" node_ref=node data-testid="map" aria-label=move || i18n.f().map></div>
            {move || match state.get() {
                MapState::Loading => view! { <p class="map-status" role="status" data-testid="map-loading">{move || i18n.f().loading_map}</p> }.into_any(),
                MapState::Failed => view! {
                    <div class="map-status notice notice-error" role="alert" data-testid="map-failed">
                        <p>{move || i18n.f().map_failed}</p>
                        <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>{move || i18n.t().try_again}</button>
                    </div>
                }.into_any(),
                MapState::Ready => ().into_any(),
            }}
        </div>
    }
}
