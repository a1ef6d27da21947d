//! Errors in plain words. The words come from the server's stable error `code`, never from
//! its message text (see [`crate::i18n::Lang::error`]).

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::use_i18n;

/// The technical detail behind an error, for support.
fn error_detail(error: &ApiError) -> String {
    match error {
        ApiError::Problem(problem) => format!("{} ({})", problem.detail, problem.status),
        ApiError::Status(status) => format!("HTTP {status}"),
        ApiError::Network(detail) | ApiError::Decode(detail) => detail.clone(),
    }
}

/// An error box that screen readers announce.
#[component]
pub fn ErrorNotice(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    let detail = error_detail(&error);
    let code = error.code().map(|c| {
        serde_json::to_value(c)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    });
    view! {
        <div class="notice notice-error" role="alert" data-testid="error" data-code=code>
            <p class="notice-words">{move || i18n.lang().error(&error)}</p>
            <p class="notice-detail">{detail}</p>
        </div>
    }
}
