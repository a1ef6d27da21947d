//! `/`: chargers near a place or in the map's area, filtered; the search lives in the URL
//! query ([`crate::search`]), so a link or a reload keeps it.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use ladeklar_api::ChargerList;

use crate::api::{self, ApiError};
use crate::components::charger_card::ChargerCard;
use crate::components::filters::FilterBar;
use crate::components::notice::ErrorNotice;
use crate::components::place_picker::PlacePicker;
use crate::components::place_search::PlaceSearch;
use crate::favourites::use_favourites;
use crate::i18n::use_i18n;
use crate::map::MapView;
use crate::platform;
use crate::saved::{self, SavedList};
use crate::search::{encode_component, Bbox, Filters, Search, View};
use crate::state::{use_last_search, Place};

/// What the list shows.
#[derive(Debug, Clone, PartialEq)]
enum Found {
    /// The server's answer.
    Live(ChargerList),
    /// The server could not be reached: the last viewed list kept on this device.
    Saved(SavedList),
    /// "Favourites only" with no favourites: nothing to ask.
    NoFavourites,
}

impl Found {
    fn list(&self) -> Option<&ChargerList> {
        match self {
            Found::Live(list) => Some(list),
            Found::Saved(saved) => Some(&saved.list),
            Found::NoFavourites => None,
        }
    }
}

/// Asks the server; keeps a good answer on the device, and shows the kept one when the
/// server cannot be reached.
async fn find(
    point: (f64, f64),
    bbox: Option<String>,
    filters: Filters,
    favourites: Option<Vec<String>>,
    car: Option<String>,
) -> Result<Found, ApiError> {
    let limit = if bbox.is_some() { BOX_LIMIT } else { NEAR_LIMIT };
    let mut pairs = filters.pairs();
    if let Some(car) = car {
        pairs.push(("car", car));
    }
    if let Some(ids) = favourites {
        if ids.is_empty() {
            return Ok(Found::NoFavourites);
        }
        pairs.push(("ids", ids.join(",")));
    }
    match api::chargers_where(point, bbox, pairs, limit).await {
        Ok(list) => {
            saved::save(&list, platform::now());
            Ok(Found::Live(list))
        }
        Err(ApiError::Network(e)) => match saved::load() {
            Some(kept) => Ok(Found::Saved(kept)),
            None => Err(ApiError::Network(e)),
        },
        Err(e) => Err(e),
    }
}

/// How often the list re-reads the chargers' live status.
const REFRESH: Duration = Duration::from_secs(15);
/// Near a point: the nearest this many.
const NEAR_LIMIT: u32 = 20;
/// In a map's box: at most this many (the server says when there were more).
pub const BOX_LIMIT: u32 = 500;
/// The list shows at most this many of a box's chargers (nearest its centre first).
const LIST_MAX: usize = 50;

#[component]
pub fn ChargersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let search = Memo::new(move |_| query.with(|q| Search::from_query(|key| q.get(key))));
    let last = use_last_search();
    let navigate = use_navigate();
    // Back at `/` with no query: the driver's last search.
    if query.with_untracked(|q| q.get("lat").is_none() && q.get("place").is_none()) {
        if let Some(previous) = last.get_untracked() {
            navigate(
                &format!("/{previous}"),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    }
    let go = Callback::new(move |(next, replace): (Search, bool)| {
        let target = next.query(encode_component);
        last.set(Some(target.clone()));
        navigate(
            &format!("/{target}"),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let choose_place = Callback::new(move |place: Place| go.run((search.get_untracked().at(place), false)));
    let change_filters = Callback::new(move |filters: Filters| {
        go.run((
            Search {
                filters,
                ..search.get_untracked()
            },
            true,
        ))
    });

    let heading = move || {
        let lang = i18n.lang();
        search.with(|s| match s.bbox {
            Some(_) => lang.f().in_map_area.to_string(),
            None => lang.chargers_near(&lang.place_name(&s.place.label)),
        })
    };
    Effect::new(move |_| platform::set_title(&heading()));

    let wanted =
        Memo::new(move |_| search.with(|s| ((s.place.lat, s.place.lon), s.bbox.map(|b| b.text()), s.filters.clone())));
    let favourites = use_favourites();
    let my_car = crate::my_car::use_my_car();
    let chargers = LocalResource::new(move || {
        let (point, bbox, filters) = wanted.get();
        let only = filters.favourites.then(|| favourites.ids());
        let car = my_car.get().map(|c| c.to_query());
        find(point, bbox, filters, only, car)
    });
    if let Ok(handle) = set_interval_with_handle(move || chargers.refetch(), REFRESH) {
        on_cleanup(move || handle.clear());
    }
    let retry = Callback::new(move |()| chargers.refetch());
    let show = move |view: View| {
        go.run((
            Search {
                view,
                ..search.get_untracked()
            },
            true,
        ))
    };
    let moved = Callback::new(move |bbox: Bbox| {
        let now = search.get_untracked();
        if now.bbox.map(|b| b.text()) != Some(bbox.text()) {
            go.run((
                Search {
                    bbox: Some(bbox),
                    ..now
                },
                true,
            ));
        }
    });
    let is_map = Memo::new(move |_| search.with(|s| s.view == View::Map));
    let map_chargers = Signal::derive(move || {
        chargers
            .get()
            .and_then(|r| r.ok())
            .map(|found| found.list().map(|l| l.chargers.clone()).unwrap_or_default())
    });
    let place = Signal::derive(move || search.with(|s| s.place.clone()));

    view! {
        <section class="search" aria-labelledby="search-title">
            // The heading and List | Map on one line: on a phone the map starts right under the filters.
            <div class="search-head">
                <h1 id="search-title">{heading}</h1>
                <div class="view-toggle" role="group" aria-label=move || i18n.f().list_or_map>
                    <button type="button" data-testid="show-list" aria-pressed=move || (!is_map.get()).to_string() on:click=move |_| show(View::List)>
                        {move || i18n.f().list}
                    </button>
                    <button type="button" data-testid="show-map" aria-pressed=move || is_map.get().to_string() on:click=move |_| show(View::Map)>
                        {move || i18n.f().map}
                    </button>
                </div>
            </div>
            <PlaceSearch choose=choose_place />
            <Show when=move || !is_map.get()>
                <PlacePicker place=place choose=choose_place />
            </Show>
            <FilterBar filters=Signal::derive(move || search.with(|s| s.filters.clone())) change=change_filters />
            <crate::routes::my_car::CarLine />
        </section>
        <Show when=move || is_map.get()>
            <MapView place=place bbox=search.with_untracked(|s| s.bbox) chargers=map_chargers moved=moved />
        </Show>
        <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.t().finding_chargers}</p> }>
            {move || Suspend::new(async move {
                let found = match chargers.await {
                    Ok(found) => found,
                    Err(error) => return view! { <ErrorNotice error=error retry=retry /> }.into_any(),
                };
                let kept = match &found {
                    Found::Saved(saved) => {
                        let at = saved.at;
                        Some(view! {
                            <div class="notice notice-warn" role="status" data-testid="saved-chargers">
                                <p class="notice-words">{move || i18n.f().offline_saved}</p>
                                <p class="as-of" data-testid="as-of">{move || {
                                    let lang = i18n.lang();
                                    lang.as_of(&platform::local_time_with_zone(at, lang))
                                }}</p>
                                <p><button type="button" class="button" data-testid="retry" on:click=move |_| retry.run(())>{move || i18n.t().try_again}</button></p>
                            </div>
                        })
                    }
                    _ => None,
                };
                let list = match found {
                    Found::NoFavourites => {
                        return view! {
                            <div class="empty" data-testid="no-favourites">
                                <p>{move || i18n.f().no_favourites}</p>
                                <p><button type="button" class="button" on:click=move |_| change_filters.run(Filters::default())>{move || i18n.f().clear_filters}</button></p>
                            </div>
                        }
                            .into_any()
                    }
                    Found::Live(list) => list,
                    Found::Saved(saved) => saved.list,
                };
                let shown = if list.chargers.is_empty() {
                    let filtered = !search.with_untracked(|s| s.filters.is_empty());
                    view! {
                        <div class="empty" data-testid="no-chargers">
                            <p>{move || if filtered { i18n.f().no_match } else { i18n.t().no_chargers }}</p>
                            {filtered.then(|| view! {
                                <p><button type="button" class="button" on:click=move |_| change_filters.run(Filters::default())>{move || i18n.f().clear_filters}</button></p>
                            })}
                        </div>
                    }
                        .into_any()
                } else if is_map.get_untracked() {
                    let count = list.chargers.len();
                    let more = list.more;
                    view! {
                        <p class="more" role="status" data-testid="map-count">
                            {move || i18n.lang().chargers_shown(count)}
                            {more.then(|| view! { " " {move || i18n.f().more_than_shown} })}
                        </p>
                    }
                        .into_any()
                } else {
                    let now = platform::now();
                    let more = list.more || list.chargers.len() > LIST_MAX;
                    let cards = list
                        .chargers
                        .into_iter()
                        .take(LIST_MAX)
                        .map(|charger| view! { <ChargerCard charger=charger now=now /> })
                        .collect_view();
                    view! {
                        <ul class="charger-list" data-testid="charger-list" aria-label=move || i18n.t().chargers_nearest_first>
                            {cards}
                        </ul>
                        {more.then(|| view! { <p class="more" role="status">{move || i18n.f().more_than_shown}</p> })}
                    }
                        .into_any()
                };
                view! { {kept} {shown} }.into_any()
            })}
        </Transition>
    }
}
