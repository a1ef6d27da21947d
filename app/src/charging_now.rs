//! "You are charging": a banner on every screen while a session of this device or of the
//! signed-in driver runs, one tap back to its live page. The device's sessions are the ones
//! started here (their ids kept in localStorage until they end); the driver's are the
//! history's active ones. Each is read again every [`REFRESH`] and on every navigation; the
//! banner hides on that session's own live page.

use std::time::Duration;

use ladeklar_api::SessionView;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use uuid::Uuid;

use crate::api;
use crate::auth::{use_auth, SignInState};
use crate::format;
use crate::i18n::use_i18n;

const KEY: &str = "ladeklar.started-sessions";
const REFRESH: Duration = Duration::from_secs(15);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn device() -> Vec<Uuid> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn keep(ids: &[Uuid]) {
    if let Some(s) = storage() {
        let _ = match ids {
            [] => s.remove_item(KEY),
            ids => s.set_item(KEY, &serde_json::to_string(ids).unwrap_or_default()),
        };
    }
}

/// A session started on this device: the banner follows it until it ends.
pub fn remember(id: Uuid) {
    let mut ids = device();
    if !ids.contains(&id) {
        ids.insert(0, id);
        ids.truncate(5);
        keep(&ids);
    }
}

/// The first running session of this device or driver; ended device sessions are forgotten.
async fn running(signed_in: bool) -> Option<SessionView> {
    let mut ids = device();
    if signed_in {
        if let Ok(history) = api::history(None, None).await {
            ids.extend(history.sessions.iter().filter(|s| s.status.is_active()).map(|s| s.id));
        }
    }
    let mut ended = Vec::new();
    let mut found = None;
    for id in ids {
        match api::session(id).await {
            Ok(view) if view.status.is_active() => {
                found = Some(view);
                break;
            }
            Ok(_) | Err(api::ApiError::Problem(_)) => ended.push(id),
            Err(_) => {}
        }
    }
    if !ended.is_empty() {
        let left: Vec<Uuid> = device().into_iter().filter(|id| !ended.contains(id)).collect();
        keep(&left);
    }
    found
}

#[component]
pub fn ChargingBanner() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = use_location();
    let signed_in = Memo::new(move |_| matches!(auth.state(), SignInState::SignedIn(_)));
    let path = location.pathname;
    let session = LocalResource::new(move || {
        let signed_in = signed_in.get();
        // Read again on every navigation (a start just made, a session just stopped).
        path.track();
        running(signed_in)
    });
    if let Ok(handle) = set_interval_with_handle(move || session.refetch(), REFRESH) {
        on_cleanup(move || handle.clear());
    }
    move || {
        let view = session.get().flatten()?;
        let href = format!("/sessions/{}", view.id);
        if path.get() == href {
            return None;
        }
        let lang = i18n.lang();
        let words = lang.charging_banner(&view.charger_id, &format::energy_kwh(view.energy_kwh, lang));
        Some(view! {
            <div class="charging-banner" role="status" data-testid="charging-banner" data-session-id=view.id.to_string()>
                <span class="charging-dot" aria-hidden="true"></span>
                <span class="charging-words">{words}</span>
                <a class="button button-primary" href=href data-testid="charging-banner-open">{lang.charging_banner_open()}</a>
            </div>
        })
    }
}
