//! The list's and map's filters: plug chips, a minimum power, a maximum price for the
//! driver's estimated session, "available now", "favourites only".

use leptos::prelude::*;

use crate::format;
use crate::i18n::use_i18n;
use crate::search::{plug_name, Filters, MAX_PRICES, MIN_POWERS, PLUGS};

/// `filters` are the current ones; `change` applies new ones.
#[component]
pub fn FilterBar(filters: Signal<Filters>, change: Callback<Filters>) -> impl IntoView {
    let i18n = use_i18n();
    let chips = PLUGS
        .into_iter()
        .map(|plug| {
            view! {
                <button
                    type="button"
                    class="chip"
                    data-testid="filter-plug"
                    data-plug=plug_name(plug)
                    aria-pressed=move || filters.with(|f| f.plugs.contains(&plug)).to_string()
                    on:click=move |_| {
                        let mut next = filters.get_untracked();
                        next.toggle_plug(plug);
                        change.run(next);
                    }
                >
                    {format::plug(plug)}
                </button>
            }
        })
        .collect_view();
    let powers = move || {
        let lang = i18n.lang();
        let chosen = filters.with(|f| f.min_power_kw);
        let any = view! { <option value="" selected=chosen.is_none()>{lang.f().any_power}</option> };
        let each = MIN_POWERS
            .into_iter()
            .map(
                |kw| view! { <option value=kw.to_string() selected=chosen == Some(kw)>{lang.at_least_kw(kw)}</option> },
            )
            .collect_view();
        (any, each)
    };
    let prices = move || {
        let lang = i18n.lang();
        let chosen = filters.with(|f| f.max_price);
        let any = view! { <option value="" selected=chosen.is_none()>{lang.f().any_price}</option> };
        let each = MAX_PRICES
            .into_iter()
            .map(|kr| view! { <option value=kr.to_string() selected=chosen == Some(kr)>{lang.at_most_kr(kr)}</option> })
            .collect_view();
        (any, each)
    };
    view! {
        <fieldset class="filters" data-testid="filters">
            <legend class="visually-hidden">{move || i18n.f().filters}</legend>
            // One row of chips (plugs, available now, favourites only): it scrolls sideways on a phone.
            <div class="filter-chips">
                <div class="chip-group" role="group" aria-label=move || i18n.f().plug>{chips}</div>
                <label class="toggle chip chip-toggle">
                    <input
                        type="checkbox"
                        data-testid="filter-available"
                        prop:checked=move || filters.with(|f| f.available)
                        on:change:target=move |ev| {
                            let mut next = filters.get_untracked();
                            next.available = ev.target().checked();
                            change.run(next);
                        }
                    />
                    <span>{move || i18n.f().available_now}</span>
                </label>
                <label class="toggle chip chip-toggle">
                    <input
                        type="checkbox"
                        data-testid="filter-favourites"
                        prop:checked=move || filters.with(|f| f.favourites)
                        on:change:target=move |ev| {
                            let mut next = filters.get_untracked();
                            next.favourites = ev.target().checked();
                            change.run(next);
                        }
                    />
                    <span>{move || i18n.f().favourites_only}</span>
                </label>
            </div>
            <div class="filter-row">
                <label class="power-filter">
                    <span class="visually-hidden">{move || i18n.f().min_power}</span>
                    <select
                        data-testid="filter-power"
                        prop:value=move || filters.with(|f| f.min_power_kw.map(|kw| kw.to_string()).unwrap_or_default())
                        on:change:target=move |ev| {
                            let mut next = filters.get_untracked();
                            next.min_power_kw = ev.target().value().parse::<u32>().ok();
                            change.run(next);
                        }
                    >
                        {powers}
                    </select>
                </label>
                <label class="price-filter">
                    <span class="visually-hidden">{move || i18n.f().max_price}</span>
                    <select
                        data-testid="filter-price"
                        title=move || i18n.f().max_price
                        prop:value=move || filters.with(|f| f.max_price.map(|p| p.to_string()).unwrap_or_default())
                        on:change:target=move |ev| {
                            let mut next = filters.get_untracked();
                            next.max_price = ev.target().value().parse::<u32>().ok();
                            change.run(next);
                        }
                    >
                        {prices}
                    </select>
                </label>
                <Show when=move || filters.with(|f| !f.is_empty())>
                    <button type="button" class="link-button" data-testid="clear-filters" on:click=move |_| change.run(Filters::default())>
                        {move || i18n.f().clear_filters}
                    </button>
                </Show>
            </div>
        </fieldset>
    }
}
