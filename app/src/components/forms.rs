//! Form pieces: a labelled field, a submit button that says it is busy, a success notice.

use leptos::prelude::*;

/// A text input with its label tied to it (and an optional hint read with it).
#[component]
pub fn Field(
    /// The input's id; the label points at it.
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    /// `email`, `password`, `text`…
    #[prop(default = "text")]
    kind: &'static str,
    /// `email`, `current-password`, `new-password`, `off`…
    autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                required=required
                aria-describedby=described
                data-testid=id
                bind:value=value
            />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{move || hint.get()}</p> })}
        </div>
    }
}

/// The form's submit button: disabled and saying so while the request runs.
#[component]
pub fn SubmitButton(
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] busy_label: Signal<&'static str>,
    busy: RwSignal<bool>,
    testid: &'static str,
    #[prop(default = "button button-primary")] class: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class=class data-testid=testid disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
            {move || if busy.get() { busy_label.get() } else { label.get() }}
        </button>
    }
}

/// A notice that something worked, announced to screen readers.
#[component]
pub fn SuccessNotice(#[prop(into)] text: Signal<String>, testid: &'static str) -> impl IntoView {
    view! {
        <div class="notice notice-ok" role="status" data-testid=testid>
            <p class="notice-words">{move || text.get()}</p>
        </div>
    }
}
