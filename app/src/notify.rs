//! Telling the driver something while they look elsewhere (issue 17): the Notification API —
//! the browser's in the web app; inside the desktop and mobile shell the Tauri notification
//! plugin's, which makes it a system notification — asked for at a sensible moment (the
//! Start tap), and an in-app toast when permission is refused or missing.
//! The Notification API is reached through `js_sys::Reflect`, so web-sys grows no features.

use std::sync::Arc;

use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::i18n::Lang;

/// What a notification says, in either language: its title and body.
pub type Words = Arc<dyn Fn(Lang) -> (String, String) + Send + Sync>;

/// The toasts shown when a system notification cannot be, newest last (two notices at the
/// same moment — the car paused, an idle fee ahead — are both shown); each follows the
/// language switch.
#[derive(Clone, Copy)]
pub struct Toasts {
    shown: RwSignal<Vec<(u64, Words)>>,
    made: StoredValue<u64>,
}

/// The most toasts shown at once (the oldest goes first).
const MAX_TOASTS: usize = 3;

pub fn provide_toasts() -> Toasts {
    let toasts = Toasts {
        shown: RwSignal::new(Vec::new()),
        made: StoredValue::new(0),
    };
    provide_context(toasts);
    toasts
}

fn notification_api() -> Option<Function> {
    let window = web_sys::window()?;
    Reflect::get(&window, &"Notification".into()).ok()?.dyn_into_function()
}

trait IntoFunction {
    fn dyn_into_function(self) -> Option<Function>;
}

impl IntoFunction for JsValue {
    fn dyn_into_function(self) -> Option<Function> {
        use wasm_bindgen::JsCast;
        self.dyn_into::<Function>().ok()
    }
}

fn permission() -> Option<String> {
    let api: JsValue = notification_api()?.into();
    Reflect::get(&api, &"permission".into()).ok()?.as_string()
}

/// Asks for permission once, while the driver is tapping (browsers only ask on a gesture).
pub fn ask_permission() {
    let Some(api) = notification_api() else { return };
    if permission().as_deref() == Some("default") {
        if let Ok(request) = Reflect::get(&api, &"requestPermission".into()) {
            if let Some(request) = request.dyn_into_function() {
                let _ = request.call0(&api);
            }
        }
    }
}

/// Shows `words` as a system notification in `lang`, or as the in-app toast.
pub fn show(lang: Lang, words: impl Fn(Lang) -> (String, String) + Send + Sync + 'static) {
    let (title, body) = words(lang);
    let shown = permission().as_deref() == Some("granted")
        && notification_api().is_some_and(|api| {
            let options = Object::new();
            let _ = Reflect::set(&options, &"body".into(), &body.as_str().into());
            Reflect::construct(&api, &Array::of2(&title.as_str().into(), &options)).is_ok()
        });
    if !shown {
        if let Some(toasts) = use_context::<Toasts>() {
            let id = toasts.made.get_value() + 1;
            toasts.made.set_value(id);
            toasts.shown.update(|shown| {
                shown.push((id, Arc::new(words)));
                if shown.len() > MAX_TOASTS {
                    shown.remove(0);
                }
            });
        }
    }
}

/// The toasts, at the foot of every screen until dismissed.
#[component]
pub fn Toast() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let i18n = crate::i18n::use_i18n();
    // At most three, each rebuilt when the list changes: no keyed list needed.
    let list = move || {
        toasts
            .shown
            .get()
            .into_iter()
            .map(|(id, words)| {
                let text = move || {
                    let (title, body) = words(i18n.lang());
                    format!("{title} — {body}")
                };
                view! {
                    <div class="toast" role="status" data-testid="toast">
                        <p>{text}</p>
                        <button
                            type="button"
                            class="button"
                            data-testid="toast-close"
                            on:click=move |_| toasts.shown.update(|shown| shown.retain(|(i, _)| *i != id))
                        >
                            {move || i18n.lang().close_word()}
                        </button>
                    </div>
                }
            })
            .collect_view()
    };
    view! { <div class="toasts">{list}</div> }
}
