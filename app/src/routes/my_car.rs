//! `/car`: "My car" — pick a model from core's catalogue or type its values, optionally the
//! charge now and the target; core checks the form and each problem shows next to its field.
//! Kept on the device (`crate::my_car`).

use ladeklar_core::vehicle::{catalogue, CarError, CarField, CarForm};
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::my_car::use_my_car;
use crate::platform;

/// One number field of the form, its problem (if any) right under it.
#[component]
fn CarInput(
    field: CarField,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    errors: RwSignal<Vec<CarError>>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("car-{}", field.as_str().replace('_', "-"));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let problem = move || errors.with(|e| e.iter().find(|e| e.field() == Some(field)).cloned());
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if problem().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            <input
                id=id.clone()
                name=id.clone()
                type="text"
                inputmode="decimal"
                autocomplete="off"
                data-testid=id.clone()
                aria-describedby=described
                aria-invalid=move || problem().is_some().to_string()
                bind:value=value
            />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            {move || problem().map(|e| view! {
                <p class="field-error" id=error_id.clone() role="alert" data-testid=format!("{}-error", id) data-field=field.as_str()>
                    {move || i18n.lang().car_error(&e)}
                </p>
            })}
        </div>
    }
}

#[component]
pub fn MyCarPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_my_car();
    Effect::new(move |_| platform::set_title(i18n.lang().car().title));
    let start = store.get_untracked().map(|c| c.form()).unwrap_or_default();
    let model = RwSignal::new(start.model_id.clone().unwrap_or_default());
    let battery = RwSignal::new(start.battery_kwh);
    let ac = RwSignal::new(start.max_ac_kw);
    let dc = RwSignal::new(start.max_dc_kw);
    let current = RwSignal::new(start.current_pct);
    let target = RwSignal::new(start.target_pct);
    let errors = RwSignal::new(Vec::<CarError>::new());
    let saved = RwSignal::new(false);

    let pick = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        saved.set(false);
        if let Some(car) = catalogue().iter().find(|c| c.id == id) {
            let form = CarForm::from_catalogue(car);
            battery.set(form.battery_kwh);
            ac.set(form.max_ac_kw);
            dc.set(form.max_dc_kw);
        }
        model.set(id);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = CarForm {
            model_id: Some(model.get_untracked()).filter(|m| !m.is_empty()),
            battery_kwh: battery.get_untracked(),
            max_ac_kw: ac.get_untracked(),
            max_dc_kw: dc.get_untracked(),
            current_pct: current.get_untracked(),
            target_pct: target.get_untracked(),
        };
        match form.check() {
            Ok(car) => {
                errors.set(Vec::new());
                store.save(car);
                saved.set(true);
            }
            Err(problems) => {
                errors.set(problems);
                saved.set(false);
            }
        }
    };
    let forget = move |_| {
        store.forget();
        for s in [battery, ac, dc, current, target, model] {
            s.set(String::new());
        }
        errors.set(Vec::new());
        saved.set(false);
    };
    let options = move || {
        let chosen = model.get();
        catalogue()
            .iter()
            .map(|c| {
                let selected = c.id == chosen;
                view! { <option value=c.id.clone() selected=selected>{c.name()}</option> }
            })
            .collect_view()
    };
    let t = move || i18n.lang().car();
    view! {
        <p class="back"><a href="/">{move || t().back_to_chargers}</a></p>
        <section class="panel my-car" aria-labelledby="car-title" data-testid="my-car">
            <h1 id="car-title">{move || t().title}</h1>
            <p>{move || t().intro}</p>
            <form on:submit=submit novalidate=true data-testid="car-form">
                <div class="field">
                    <label for="car-model">{move || t().model}</label>
                    <select id="car-model" data-testid="car-model" on:change=pick>
                        <option value="" selected=move || model.get().is_empty()>{move || t().own_values}</option>
                        {options}
                    </select>
                </div>
                <CarInput field=CarField::BatteryKwh label=Signal::derive(move || t().battery) value=battery errors=errors />
                <CarInput field=CarField::MaxAcKw label=Signal::derive(move || t().max_ac) value=ac errors=errors />
                <CarInput field=CarField::MaxDcKw label=Signal::derive(move || t().max_dc) value=dc errors=errors />
                <CarInput field=CarField::CurrentPct label=Signal::derive(move || t().current) value=current errors=errors
                    hint=Signal::derive(move || t().levels_hint) />
                <CarInput field=CarField::TargetPct label=Signal::derive(move || t().target) value=target errors=errors />
                {move || saved.get().then(|| view! {
                    <div class="notice notice-ok" role="status" data-testid="car-saved">
                        <p class="notice-words">{move || t().saved}" "<a href="/">{move || t().back_to_chargers}</a></p>
                    </div>
                })}
                <p class="actions">
                    <button type="submit" class="button button-primary" data-testid="car-save">{move || t().save}</button>
                    {move || store.get().map(|_| view! {
                        <button type="button" class="button" data-testid="car-forget" on:click=forget>{move || t().forget}</button>
                    })}
                </p>
            </form>
        </section>
    }
}

/// "My car: Tesla Model 3, 20 % → 80 % · Change", or the way to add one: on the list and
/// the charger page, so every estimate says whose car it is for.
#[component]
pub fn CarLine() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_my_car();
    view! {
        <p class="car-line" data-testid="car-line">
            {move || {
                let lang = i18n.lang();
                match store.get() {
                    Some(car) => {
                        let name = car.name()
                            .unwrap_or_else(|| format!("{} kWh", crate::format::decimal(car.battery_kwh, lang)));
                        let (from, to) = car.levels();
                        view! {
                            <span>{lang.car_line(&name, from, to)}</span>
                            <a href="/car" data-testid="car-change">{lang.car().change}</a>
                        }
                            .into_any()
                    }
                    None => view! {
                        <span>{lang.car().default_assumed}</span>
                        <a href="/car" data-testid="car-add">{lang.car().add_car}</a>
                    }
                        .into_any(),
                }
            }}
        </p>
    }
}
