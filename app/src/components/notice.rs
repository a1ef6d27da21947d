//! Errors in plain words. The words come from the server's stable error `code`, never from
//! its message text (see [`crate::i18n::Lang::error`]); where trying again may help, a
//! Retry button; where signing in would help, a link to sign in that comes back here.

use ladeklar_api::ErrorCode;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::auth::sign_in_href;
use crate::i18n::use_i18n;

/// The technical detail behind an error, for support.
fn error_detail(error: &ApiError) -> String {
    match error {
        ApiError::Problem(problem) => format!("{} ({})", problem.detail, problem.status),
        ApiError::Status(status) => format!("HTTP {status}"),
        ApiError::Network(detail) | ApiError::Decode(detail) => detail.clone(),
    }
}

/// Whether trying the same request again may give another answer.
fn retry_may_help(error: &ApiError) -> bool {
    match error {
        ApiError::Network(_) | ApiError::Status(_) => true,
        ApiError::Problem(p) => matches!(
            p.code,
            ErrorCode::Internal
                | ErrorCode::ChargerTimeout
                | ErrorCode::MailUnavailable
                | ErrorCode::PaymentsUnavailable
        ),
        ApiError::Decode(_) => false,
    }
}

/// The current page's path and query, to come back to after signing in.
fn here() -> String {
    web_sys::window()
        .and_then(|w| {
            let location = w.location();
            Some(format!("{}{}", location.pathname().ok()?, location.search().ok()?))
        })
        .unwrap_or_else(|| "/".to_string())
}

/// An error box that screen readers announce; `retry` adds a Try again button where it may help.
#[component]
pub fn ErrorNotice(error: ApiError, #[prop(optional)] retry: Option<Callback<()>>) -> impl IntoView {
    let i18n = use_i18n();
    // "error sending request" says nothing to a driver: the words above say it; the console keeps it.
    let detail = match &error {
        ApiError::Network(raw) => {
            leptos::logging::warn!("network: {raw}");
            None
        }
        _ => Some(error_detail(&error)),
    };
    let code = error.code().map(|c| {
        serde_json::to_value(c)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    });
    let retry = retry.filter(|_| retry_may_help(&error));
    let sign_in = (error.code() == Some(ErrorCode::SignInRequired)).then(|| {
        view! { <p><a class="button button-primary" href=sign_in_href(&here()) data-testid="error-sign-in">{move || i18n.a().sign_in}</a></p> }
    });
    // What is owed is paid on Account → Payment.
    let pay_debt = (error.code() == Some(ErrorCode::PaymentOwed)).then(|| {
        view! { <p><a class="button button-primary" href="/account/payment" data-testid="error-pay-debt">{move || i18n.p().pay_now}</a></p> }
    });
    view! {
        <div class="notice notice-error" role="alert" data-testid="error" data-code=code>
            <p class="notice-words">{move || i18n.lang().error(&error)}</p>
            // The server's own words are English and technical: folded away, for support.
            {detail.map(|detail| view! {
                <details class="notice-detail">
                    <summary>{move || i18n.t().details_for_support}</summary>
                    <p data-testid="error-detail">{detail}</p>
                </details>
            })}
            {sign_in}
            {pay_debt}
            {retry.map(|retry| view! {
                <p><button type="button" class="button" data-testid="retry" on:click=move |_| retry.run(())>{move || i18n.t().try_again}</button></p>
            })}
        </div>
    }
}
