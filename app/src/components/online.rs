//! Whether a charger is connected, honestly: an offline charger says when we last heard it.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::format;

#[component]
pub fn OnlineBadge(online: bool, last_heard_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> impl IntoView {
    let (class, words) = if online {
        ("online online-yes", "Online".to_string())
    } else {
        let heard = match last_heard_at {
            Some(at) => format!("last heard {}", format::ago(at, now)),
            None => "never heard from".to_string(),
        };
        ("online online-no", format!("Offline — {heard}"))
    };
    view! {
        <span class=class data-testid="charger-online" data-online=online.to_string()>
            <span class="dot" aria-hidden="true"></span>
            {words}
        </span>
    }
}
