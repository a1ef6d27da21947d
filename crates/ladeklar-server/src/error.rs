//! Error policy: handlers return [`ApiError`]; this module is the one place that turns an
//! error into an HTTP response with a JSON problem body (`ladeklar_api::Problem`). Client
//! mistakes say exactly what was wrong; internal failures are logged in full and answered
//! with a generic 500 that leaks nothing.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ladeklar_api::{ErrorCode, Problem};
use ladeklar_core::session::StartRefusal;

use ladeklar_store::StoreError;

use crate::ocpp::CallFailure;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("charger {0:?} was not found")]
    ChargerNotFound(String),
    #[error("charger {charger_id:?} has no connector {connector_id}")]
    ConnectorNotFound { charger_id: String, connector_id: u32 },
    #[error("session {0} was not found")]
    SessionNotFound(String),
    #[error("cannot start on charger {charger_id:?} connector {connector_id}: {refusal}")]
    CannotStart {
        charger_id: String,
        connector_id: u32,
        refusal: StartRefusal,
    },
    #[error("the charger refused: {0}")]
    ChargerRejected(String),
    #[error("the charger did not answer {0} in time")]
    ChargerTimeout(String),
    #[error("charger {0:?} is not connected")]
    ChargerOffline(String),
    #[error("the charger answered {action} with CALLERROR {code}: {description}")]
    ChargerCallError {
        action: String,
        code: String,
        description: String,
    },
    #[error("the charger's answer to {action} is not a valid OCPP 1.6 response: {why}")]
    ChargerInvalidReply { action: String, why: String },
    #[error("session {id} is {status}, so it cannot be stopped")]
    SessionNotActive { id: String, status: String },
    #[error("session {0} has not completed yet; its receipt is made when the charger reports the stop")]
    SessionNotCompleted(String),
    #[error("{0}")]
    InvalidRequest(String),
    #[error("{0}")]
    SignInRequired(String),
    #[error("not allowed: {0}")]
    Forbidden(&'static str),
    #[error("request refused as a possible cross-site request forgery: {0}")]
    CsrfRejected(&'static str),
    #[error("wrong e-mail or password")]
    InvalidCredentials,
    #[error("too many failed sign-ins; try again after {until} (or reset the password)")]
    SignInLocked { until: chrono::DateTime<chrono::Utc> },
    #[error("confirm your e-mail address first: we sent a new link to {0}")]
    EmailNotVerified(String),
    #[error("{0}")]
    AccountDisabled(String),
    #[error("e-mail: {0}")]
    InvalidEmail(String),
    #[error("password: {0}")]
    WeakPassword(String),
    #[error("{0}")]
    LinkInvalid(String),
    #[error("user {0} was not found")]
    UserNotFound(String),
    #[error("{0} already has an account")]
    EmailTaken(String),
    #[error("e-mail cannot be sent just now: {0}")]
    MailUnavailable(String),
    #[error("this server takes payment: say how the session is paid (a saved card or a new card)")]
    PaymentRequired,
    #[error("{0}")]
    CardDeclined(String),
    #[error("spending cap: {0}")]
    InvalidSpendingCap(String),
    #[error("{0}")]
    CardNotFound(String),
    #[error("payments are unavailable just now: {0}")]
    PaymentsUnavailable(String),
    #[error("webhook refused: {0}")]
    WebhookRejected(String),
    #[error("card number: {0}")]
    InvalidTagUid(String),
    #[error("the tag {0} is linked to another account")]
    TagTaken(String),
    #[error("no tag {0} on this account")]
    TagNotFound(String),
    #[error("the account owes {0} for an earlier session; pay it under Account → Payment before charging again")]
    PaymentOwed(String),
    #[error("case {0} was not found")]
    CaseNotFound(String),
    #[error("photo {0} was not found")]
    PhotoNotFound(String),
    #[error("{0} ({code})", code = .0.code())]
    CaseRefused(ladeklar_core::support::case::TransitionRefused),
    #[error("case {0} changed while this was being done; read it again and retry")]
    CaseChanged(String),
    #[error("{0}")]
    PhotoRefused(ladeklar_core::support::photo::PhotoRefused),
    #[error("the upload is not a JPEG, PNG or WebP image: {0}")]
    NotAnImage(String),
    #[error("description: a case needs a description of what is wrong")]
    EmptyDescription,
    #[error("category: {0}")]
    UnknownCategory(String),
    #[error("site {0:?} was not found")]
    SiteNotFound(String),
    #[error("{}", invalid_price(.0))]
    InvalidPrice(Vec<ladeklar_core::tariff::price_form::FieldProblem>),
    #[error("the price was changed by someone else meanwhile; load it again and retry")]
    PriceChanged,
    #[error("owner {0:?} was not found")]
    OwnerNotFound(String),
    #[error("statement {0:?} was not found among this owner's statements")]
    StatementNotFound(String),
    #[error("{0}")]
    InvalidMonth(String),
    #[error(
        "owner {0:?} has no organisation number registered: no self-billing statement can be issued on its behalf"
    )]
    OrgNumberMissing(String),
    #[error("{0}")]
    NotRefundable(String),
    #[error("{0}")]
    PayoutRefused(ladeklar_core::payments::statement::payout::PayoutError),
    #[error("{0}")]
    SlotRefused(ladeklar_core::field::slot::SlotRefused),
    #[error("technician: {0}")]
    NotATechnician(String),
    #[error("work order {0} was not found")]
    WorkOrderNotFound(String),
    #[error("{0}")]
    WorkOrderRefused(ladeklar_core::field::work_order::WorkOrderRefused),
    #[error(
        "client_id: a report {0} was received before with a different body; a changed report needs a new client_id"
    )]
    DuplicateReportDiffers(String),
    /// The database cannot be reached (`StoreError::Unavailable`): worth a retry later.
    #[error("the database is unavailable")]
    StoreUnavailable(#[source] StoreError),
    /// Several nodes: the bus between them (NATS) cannot carry a call to a charger.
    #[error("{0}")]
    BusUnavailable(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// A price form's problems in one line: `energy_price: A price cannot be negative.; …`.
fn invalid_price(problems: &[ladeklar_core::tariff::price_form::FieldProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The store's errors: the callers that expect a `Conflict` (the one active session per
/// connector) or `NotFound` branch on it before it gets here. An unreachable database is a
/// 503 (retry later); the rest is internal, a 500.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable(_) => ApiError::StoreUnavailable(e),
            other => ApiError::Internal(other.into()),
        }
    }
}

impl ApiError {
    /// The one answer to a call to a charger that got no result: not connected (or the
    /// connection ended while the call waited) → 409 `charger_offline`, no answer in time →
    /// 504 `charger_timeout`, a CALLERROR → 502 `charger_rejected` with its OCPP error code.
    pub fn from_call_failure(charger_id: &str, action: &str, failure: CallFailure) -> Self {
        match failure {
            CallFailure::NotConnected => ApiError::ChargerOffline(charger_id.into()),
            CallFailure::Timeout(_) => ApiError::ChargerTimeout(action.into()),
            CallFailure::CallError { code, description } => ApiError::ChargerCallError {
                action: action.into(),
                code,
                description,
            },
        }
    }

    /// As [`ApiError::from_call_failure`], and the bus between nodes down → 503 `bus_unavailable`.
    pub fn from_link_failure(charger_id: &str, action: &str, failure: crate::ocpp::LinkFailure) -> Self {
        match failure {
            crate::ocpp::LinkFailure::Charger(failure) => Self::from_call_failure(charger_id, action, failure),
            bus @ crate::ocpp::LinkFailure::Bus(_) => ApiError::BusUnavailable(bus.to_string()),
        }
    }

    fn parts(&self) -> (StatusCode, ErrorCode, &'static str) {
        use ApiError as E;
        match self {
            E::ChargerNotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::ChargerNotFound, "Charger not found"),
            E::ConnectorNotFound { .. } => (
                StatusCode::NOT_FOUND,
                ErrorCode::ConnectorNotFound,
                "Connector not found",
            ),
            E::SessionNotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::SessionNotFound, "Session not found"),
            E::CannotStart { refusal, .. } => {
                let code = match refusal {
                    StartRefusal::ChargerOffline => ErrorCode::ChargerOffline,
                    StartRefusal::ConnectorOccupied => ErrorCode::ConnectorOccupied,
                    StartRefusal::ConnectorFaulted => ErrorCode::ConnectorFaulted,
                    StartRefusal::ConnectorUnavailable => ErrorCode::ConnectorUnavailable,
                    StartRefusal::ConnectorReserved => ErrorCode::ConnectorReserved,
                    StartRefusal::ConnectorStatusUnknown => ErrorCode::ConnectorStatusUnknown,
                };
                (StatusCode::CONFLICT, code, "Cannot start a session here")
            }
            E::ChargerRejected(_) => (StatusCode::CONFLICT, ErrorCode::ChargerRejected, "The charger refused"),
            E::ChargerTimeout(_) => (
                StatusCode::GATEWAY_TIMEOUT,
                ErrorCode::ChargerTimeout,
                "The charger did not answer",
            ),
            E::ChargerOffline(_) => (
                StatusCode::CONFLICT,
                ErrorCode::ChargerOffline,
                "The charger is offline",
            ),
            E::ChargerCallError { .. } => (
                StatusCode::BAD_GATEWAY,
                ErrorCode::ChargerRejected,
                "The charger answered with an error",
            ),
            E::ChargerInvalidReply { .. } => (
                StatusCode::BAD_GATEWAY,
                ErrorCode::ChargerRejected,
                "The charger's answer was not valid",
            ),
            E::SessionNotActive { .. } => (StatusCode::CONFLICT, ErrorCode::SessionNotActive, "Session not active"),
            E::SessionNotCompleted(_) => (
                StatusCode::CONFLICT,
                ErrorCode::SessionNotCompleted,
                "Session not completed",
            ),
            E::InvalidRequest(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest, "Invalid request"),
            E::SignInRequired(_) => (StatusCode::UNAUTHORIZED, ErrorCode::SignInRequired, "Sign in required"),
            E::Forbidden(_) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden, "Not allowed"),
            E::CsrfRejected(_) => (StatusCode::FORBIDDEN, ErrorCode::CsrfRejected, "Request refused"),
            E::InvalidCredentials => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidCredentials,
                "Wrong e-mail or password",
            ),
            E::SignInLocked { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::SignInLocked,
                "Too many failed sign-ins",
            ),
            E::EmailNotVerified(_) => (
                StatusCode::FORBIDDEN,
                ErrorCode::EmailNotVerified,
                "E-mail not confirmed",
            ),
            E::AccountDisabled(_) => (StatusCode::FORBIDDEN, ErrorCode::AccountDisabled, "Account disabled"),
            E::InvalidEmail(_) => (
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidEmail,
                "Not an e-mail address",
            ),
            E::WeakPassword(_) => (
                StatusCode::BAD_REQUEST,
                ErrorCode::WeakPassword,
                "Password not accepted",
            ),
            E::LinkInvalid(_) => (StatusCode::BAD_REQUEST, ErrorCode::LinkInvalid, "Link not valid"),
            E::UserNotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::UserNotFound, "User not found"),
            E::EmailTaken(_) => (StatusCode::CONFLICT, ErrorCode::EmailTaken, "E-mail already registered"),
            E::MailUnavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::MailUnavailable,
                "E-mail unavailable",
            ),
            E::PaymentRequired => (
                StatusCode::PAYMENT_REQUIRED,
                ErrorCode::PaymentRequired,
                "Payment required",
            ),
            E::CardDeclined(_) => (StatusCode::PAYMENT_REQUIRED, ErrorCode::CardDeclined, "Card declined"),
            E::InvalidSpendingCap(_) => (
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidSpendingCap,
                "Spending cap not accepted",
            ),
            E::CardNotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::CardNotFound, "Card not found"),
            E::PaymentsUnavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::PaymentsUnavailable,
                "Payments unavailable",
            ),
            E::WebhookRejected(_) => (StatusCode::BAD_REQUEST, ErrorCode::WebhookRejected, "Webhook refused"),
            E::InvalidTagUid(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidTagUid, "Not a card number"),
            E::TagTaken(_) => (StatusCode::CONFLICT, ErrorCode::TagTaken, "Tag already linked"),
            E::TagNotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::TagNotFound, "Tag not found"),
            E::PaymentOwed(_) => (StatusCode::PAYMENT_REQUIRED, ErrorCode::PaymentOwed, "Payment owed"),
            E::CaseNotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::CaseNotFound, "Case not found"),
            E::PhotoNotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::PhotoNotFound, "Photo not found"),
            E::CaseRefused(_) => (
                StatusCode::CONFLICT,
                ErrorCode::CaseTransitionRefused,
                "The case cannot take this step",
            ),
            E::CaseChanged(_) => (
                StatusCode::CONFLICT,
                ErrorCode::CaseTransitionRefused,
                "The case changed meanwhile",
            ),
            E::PhotoRefused(refusal) => {
                use ladeklar_core::support::photo::PhotoRefused as P;
                match refusal {
                    P::TooLarge { .. } => (
                        StatusCode::PAYLOAD_TOO_LARGE,
                        ErrorCode::PhotoTooLarge,
                        "Photo too large",
                    ),
                    P::TooMany { .. } => (StatusCode::CONFLICT, ErrorCode::TooManyPhotos, "Too many photos"),
                    P::Dimensions { .. } => (
                        StatusCode::BAD_REQUEST,
                        ErrorCode::ImageDimensions,
                        "Image dimensions not accepted",
                    ),
                }
            }
            E::NotAnImage(_) => (StatusCode::BAD_REQUEST, ErrorCode::NotAnImage, "Not an image"),
            E::EmptyDescription => (
                StatusCode::BAD_REQUEST,
                ErrorCode::EmptyDescription,
                "Description missing",
            ),
            E::UnknownCategory(_) => (StatusCode::BAD_REQUEST, ErrorCode::UnknownCategory, "Unknown category"),
            E::SiteNotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::SiteNotFound, "Site not found"),
            E::InvalidPrice(_) => (
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidPrice,
                "The price has problems",
            ),
            E::PriceChanged => (
                StatusCode::CONFLICT,
                ErrorCode::PriceChanged,
                "The price changed meanwhile",
            ),
            E::OwnerNotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::OwnerNotFound, "Owner not found"),
            E::StatementNotFound(_) => (
                StatusCode::NOT_FOUND,
                ErrorCode::StatementNotFound,
                "Statement not found",
            ),
            E::InvalidMonth(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidMonth, "Month not accepted"),
            E::OrgNumberMissing(_) => (
                StatusCode::CONFLICT,
                ErrorCode::OrgNumberMissing,
                "Organisation number missing",
            ),
            E::NotRefundable(_) => (StatusCode::CONFLICT, ErrorCode::NotRefundable, "Not refundable"),
            E::PayoutRefused(ladeklar_core::payments::statement::payout::PayoutError::AlreadyPaid { .. }) => (
                StatusCode::CONFLICT,
                ErrorCode::PayoutAlreadyPaid,
                "Payout already paid",
            ),
            E::PayoutRefused(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidPayout, "Payout not accepted"),
            E::SlotRefused(refusal) => {
                use ladeklar_core::field::slot::SlotRefused as R;
                let code = match refusal {
                    R::EndsBeforeItStarts { .. } | R::TooLong { .. } => ErrorCode::SlotInvalid,
                    R::InThePast { .. } => ErrorCode::SlotInThePast,
                    R::NotAWorkingDay { .. } | R::PublicHoliday { .. } | R::OutsideBusinessHours { .. } => {
                        ErrorCode::SlotOutsideWorkingTime
                    }
                    R::AfterDeadline { .. } | R::LateCaseNotSoonest { .. } => ErrorCode::SlotAfterDeadline,
                };
                (StatusCode::BAD_REQUEST, code, "Slot outside the SLA window")
            }
            E::NotATechnician(_) => (StatusCode::BAD_REQUEST, ErrorCode::NotATechnician, "Not a technician"),
            E::WorkOrderNotFound(_) => (
                StatusCode::NOT_FOUND,
                ErrorCode::WorkOrderNotFound,
                "Work order not found",
            ),
            E::WorkOrderRefused(refusal) => {
                use ladeklar_core::field::work_order::WorkOrderRefused as R;
                match refusal {
                    R::Report(_) => (
                        StatusCode::BAD_REQUEST,
                        ErrorCode::InvalidVisitReport,
                        "Visit report not valid",
                    ),
                    R::CloseWithoutVerification | R::SignOffBeforeVerification => (
                        StatusCode::CONFLICT,
                        ErrorCode::VerificationMissing,
                        "Verification missing",
                    ),
                    R::CloseWithoutSignOff => (StatusCode::CONFLICT, ErrorCode::SignOffMissing, "Sign-off missing"),
                    R::NotFromState { .. } | R::NotCheckedIn | R::TimeWentBackwards { .. } => {
                        (StatusCode::CONFLICT, ErrorCode::WorkOrderStepRefused, "Step refused")
                    }
                }
            }
            E::DuplicateReportDiffers(_) => (
                StatusCode::CONFLICT,
                ErrorCode::DuplicateReportDiffers,
                "Report id reused",
            ),
            E::StoreUnavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Internal,
                "Storage unavailable",
            ),
            E::BusUnavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::BusUnavailable,
                "Bus between server nodes unavailable",
            ),
            E::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "Internal error"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, title) = self.parts();
        let detail = match &self {
            ApiError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                "Something went wrong on our side; it has been logged.".to_string()
            }
            ApiError::StoreUnavailable(e) => {
                tracing::error!(error = %e, "database unavailable");
                "The database cannot be reached just now; try again shortly.".to_string()
            }
            other => other.to_string(),
        };
        let body = Problem {
            code,
            title: title.into(),
            status: status.as_u16(),
            detail,
            ocpp_error_code: match &self {
                ApiError::ChargerCallError { code, .. } => Some(code.clone()),
                _ => None,
            },
            field_problems: match self {
                ApiError::InvalidPrice(problems) => problems,
                _ => Vec::new(),
            },
        };
        let mut response = (status, Json(body)).into_response();
        response.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

/// JSON body extractor whose rejections use our problem body and name the bad field.
pub struct JsonBody<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for JsonBody<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(JsonBody(v)),
            Err(rejection) => Err(ApiError::InvalidRequest(rejection.body_text())),
        }
    }
}

/// A JSON body read only when the handler asks, so the caller's access is checked before
/// the body is judged: an outsider learns nothing about what a body should look like.
pub struct LaterJson<T>(axum::body::Bytes, std::marker::PhantomData<T>);

impl<T: serde::de::DeserializeOwned> LaterJson<T> {
    /// The body, or 400 `invalid_request` naming what is wrong with it.
    pub fn parse(self) -> Result<T, ApiError> {
        serde_json::from_slice(&self.0).map_err(|e| {
            ApiError::InvalidRequest(format!("Failed to deserialize the JSON body into the target type: {e}"))
        })
    }
}

impl<S: Send + Sync, T> axum::extract::FromRequest<S> for LaterJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::body::Bytes::from_request(req, state)
            .await
            .map(|b| LaterJson(b, std::marker::PhantomData))
            .map_err(|e| ApiError::InvalidRequest(e.body_text()))
    }
}

/// Query extractor whose rejections use our problem body.
pub struct QueryParams<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for QueryParams<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(QueryParams(v)),
            Err(rejection) => Err(ApiError::InvalidRequest(rejection.body_text())),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    async fn problem(error: ApiError) -> (u16, Problem) {
        let response = error.into_response();
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
            .await
            .expect("a problem body");
        (status, serde_json::from_slice(&body).expect("a problem+json body"))
    }

    #[tokio::test]
    async fn store_errors_are_503_when_the_database_is_unreachable_else_500() {
        let (status, unavailable) = problem(StoreError::Unavailable("pool closed".into()).into()).await;
        assert_eq!((status, unavailable.code), (503, ErrorCode::Internal));
        assert!(!unavailable.detail.contains("pool closed"), "{}", unavailable.detail);
        let (status, other) = problem(StoreError::Other("bad row".into()).into()).await;
        assert_eq!((status, other.code), (500, ErrorCode::Internal));
        assert!(!other.detail.contains("bad row"), "{}", other.detail);
    }

    #[tokio::test]
    async fn a_call_failure_has_one_answer_each() {
        let answer = |failure| problem(ApiError::from_call_failure("CP-1", "ClearCache", failure));

        let (status, offline) = answer(CallFailure::NotConnected).await;
        assert_eq!((status, offline.code), (409, ErrorCode::ChargerOffline));
        assert!(offline.detail.contains("\"CP-1\""), "{}", offline.detail);
        assert_eq!(offline.ocpp_error_code, None);

        let (status, timeout) = answer(CallFailure::Timeout(Duration::from_secs(15))).await;
        assert_eq!((status, timeout.code), (504, ErrorCode::ChargerTimeout));
        assert!(timeout.detail.contains("ClearCache"), "{}", timeout.detail);
        assert_eq!(timeout.ocpp_error_code, None);

        let (status, rejected) = answer(CallFailure::CallError {
            code: "NotSupported".into(),
            description: "no cache here".into(),
        })
        .await;
        assert_eq!((status, rejected.code), (502, ErrorCode::ChargerRejected));
        assert_eq!(rejected.ocpp_error_code.as_deref(), Some("NotSupported"));
        assert!(
            rejected.detail.contains("ClearCache") && rejected.detail.contains("no cache here"),
            "{}",
            rejected.detail
        );
    }
}
