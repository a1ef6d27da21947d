//! The header's language switch.

use leptos::prelude::*;

use super::choice::use_i18n;
use super::lang::Lang;

/// The header's language switch: "EN | NB", the current one pressed.
#[component]
pub fn LangToggle() -> impl IntoView {
    let i18n = use_i18n();
    let buttons = Lang::ALL
        .into_iter()
        .enumerate()
        .map(|(i, lang)| {
            view! {
                {(i > 0).then(|| view! { <span class="lang-sep" aria-hidden="true">"|"</span> })}
                <button
                    type="button"
                    class="lang-button"
                    lang=lang.code()
                    // The visible "EN" first, then the language's own name (WCAG 2.5.3).
                    aria-label=format!("{} {}", lang.short_label(), lang.own_name())
                    aria-pressed=move || (i18n.lang() == lang).to_string()
                    data-testid=format!("lang-{}", lang.code())
                    on:click=move |_| i18n.set(lang)
                >
                    {lang.short_label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="lang-toggle" role="group" aria-label=move || i18n.t().language data-testid="lang-toggle">
            {buttons}
        </div>
    }
}
