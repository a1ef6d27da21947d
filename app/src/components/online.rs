//! Whether a charger is connected, honestly: an offline charger says when we last heard it.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::format;
use crate::i18n::use_i18n;

#[component]
pub fn OnlineBadge(online: bool, last_heard_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    let class = if online {
        "online online-yes"
    } else {
        "online online-no"
    };
    let words = move || {
        let lang = i18n.lang();
        if online {
            lang.t().online.to_string()
        } else {
            lang.offline_heard(last_heard_at.map(|at| format::ago(at, now, lang)).as_deref())
        }
    };
    view! {
        <span class=class data-testid="charger-online" data-online=online.to_string()>
            <span class="dot" aria-hidden="true"></span>
            {words}
        </span>
    }
}
