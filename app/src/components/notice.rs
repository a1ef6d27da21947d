//! Errors in plain words. The words come from the server's stable error `code`, never from
//! its message text.

use ladeklar_api::ErrorCode;
use leptos::prelude::*;

use crate::api::ApiError;

/// What went wrong, for a driver.
pub fn error_words(error: &ApiError) -> String {
    let words = match error {
        ApiError::Problem(problem) => match problem.code {
            ErrorCode::ChargerNotFound => "We could not find this charger. It may have been taken out of service.",
            ErrorCode::ConnectorNotFound => "This charger has no such connector.",
            ErrorCode::SessionNotFound => "We could not find this charging session.",
            ErrorCode::ChargerOffline => {
                "This charger is offline right now, so it cannot start a session. Try another charger."
            }
            ErrorCode::ConnectorOccupied => "Someone is already charging on this connector. Pick another one.",
            ErrorCode::ConnectorFaulted => "This connector is out of order. Pick another one.",
            ErrorCode::ConnectorUnavailable => "This connector is not in service right now. Pick another one.",
            ErrorCode::ConnectorReserved => "This connector is reserved for someone else. Pick another one.",
            ErrorCode::ConnectorStatusUnknown => {
                "We have not heard from this connector yet, so it cannot start. Try again in a moment."
            }
            ErrorCode::ChargerRejected => {
                "The charger refused to start. Check that the cable is plugged in firmly and try again."
            }
            ErrorCode::ChargerTimeout => "The charger did not answer in time. Try again.",
            ErrorCode::SessionNotActive => "This session has already ended.",
            ErrorCode::SessionNotCompleted => "This session is still running. The receipt is ready once it ends.",
            ErrorCode::InvalidRequest => "The app sent a request the server could not accept.",
            ErrorCode::Internal => "Something went wrong on our side. Try again in a moment.",
        },
        ApiError::Status(_) => "The server could not answer right now. Try again in a moment.",
        ApiError::Network(_) => "We could not reach Ladeklar. Check your connection and try again.",
        ApiError::Decode(_) => "We did not understand the server's answer. Try reloading the app.",
    };
    words.to_string()
}

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
    let code = error.code().map(|c| {
        serde_json::to_value(c)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    });
    view! {
        <div class="notice notice-error" role="alert" data-testid="error" data-code=code>
            <p class="notice-words">{error_words(&error)}</p>
            <p class="notice-detail">{error_detail(&error)}</p>
        </div>
    }
}
