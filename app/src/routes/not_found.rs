use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    crate::platform::set_title("Page not found");
    view! {
        <section class="panel" data-testid="not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <p><a class="button" href="/">"Find a charger"</a></p>
        </section>
    }
}
