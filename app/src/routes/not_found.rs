use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    Effect::new(move |_| crate::platform::set_title(i18n.t().page_not_found));
    view! {
        <section class="panel" data-testid="not-found">
            <h1>{move || i18n.t().page_not_found}</h1>
            <p>{move || i18n.t().nothing_here}</p>
            <p><a class="button" href="/">{move || i18n.t().find_a_charger}</a></p>
        </section>
    }
}
