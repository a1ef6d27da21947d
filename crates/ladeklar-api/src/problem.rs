//! The one error body every endpoint returns (RFC 9457 problem details) with a stable code
//! the UI branches on.

use serde::{Deserialize, Serialize};

/// Stable error codes. The UI branches on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    ChargerNotFound,
    ConnectorNotFound,
    SessionNotFound,
    ChargerOffline,
    ConnectorOccupied,
    ConnectorFaulted,
    ConnectorUnavailable,
    ConnectorReserved,
    ConnectorStatusUnknown,
    ChargerRejected,
    ChargerTimeout,
    SessionNotActive,
    SessionNotCompleted,
    InvalidRequest,
    Internal,
    /// 401: the action needs an account; sign in and try again.
    SignInRequired,
    /// 403: signed in, but not allowed (the detail says why).
    Forbidden,
    /// 403: a cookie-signed-in request that changes state without the `X-CSRF-Token` header
    /// matching the `ladeklar_csrf` cookie.
    CsrfRejected,
    /// 401: wrong e-mail or password (the same answer for an address without an account).
    InvalidCredentials,
    /// 429: too many failed sign-ins for the account or from the address; the detail says until when.
    SignInLocked,
    /// 403: the e-mail address is not confirmed yet; a new link was sent.
    EmailNotVerified,
    /// 403: the account is disabled (or deleted).
    AccountDisabled,
    /// 400: not an e-mail address (the detail says what is wrong with it).
    InvalidEmail,
    /// 400: a new password that is too short, too long or too common.
    WeakPassword,
    /// 400: an e-mailed link that is unknown, used, replaced or expired (the detail says which).
    LinkInvalid,
    /// 404: no such user.
    UserNotFound,
    /// 409: the e-mail address already has an account (admins only; sign-up never says so).
    EmailTaken,
    /// 503: e-mail cannot be sent (no SMTP server configured or reachable).
    MailUnavailable,
    /// 402: this server takes payment; the start must say how the session is paid.
    PaymentRequired,
    /// 402: the card was declined or its 3-D Secure was not completed; nothing is held.
    CardDeclined,
    /// 400: a spending cap below the minimum, above the maximum or with too many decimals.
    InvalidSpendingCap,
    /// 404: no such card on the account (or a SetupIntent that collected none).
    CardNotFound,
    /// 503: the payment provider cannot be reached or is not configured.
    PaymentsUnavailable,
    /// 503: several server nodes: the bus between them (NATS) is down, so a call to a charger
    /// held by another node cannot be made now.
    BusUnavailable,
    /// 400: a Stripe webhook with a missing, bad or stale signature, or an unreadable event.
    WebhookRejected,
    /// 400: not an RFID card UID (the detail says what is wrong with it).
    InvalidTagUid,
    /// 409: the tag is linked to another account.
    TagTaken,
    /// 404: no such tag on the account.
    TagNotFound,
    /// 402: the account owes for a session; pay it before charging again.
    PaymentOwed,
    /// 404: no such case.
    CaseNotFound,
    /// 404: no such photo of the case.
    PhotoNotFound,
    /// 409: the case engine refused the transition (the detail says why: not from this
    /// state, not by this line, or a requirement unmet such as the action proposal).
    CaseTransitionRefused,
    /// 413: the photo is larger than 10 MB.
    PhotoTooLarge,
    /// 400: the upload is not a JPEG, PNG or WebP image.
    NotAnImage,
    /// 400: the image's dimensions are absurd (a decompression bomb).
    ImageDimensions,
    /// 409: the case has its 5 photos.
    TooManyPhotos,
    /// 400: a case needs a description.
    EmptyDescription,
    /// 400: an unknown report category.
    UnknownCategory,
    /// 404: no such site.
    SiteNotFound,
    /// 400: the price form has problems, each named in `field_problems`; nothing was saved.
    InvalidPrice,
    /// 409: someone else saved a new price meanwhile; load it and try again.
    PriceChanged,
    /// 404: no such owner.
    OwnerNotFound,
    /// 404: no such statement or credit note of this owner.
    StatementNotFound,
    /// 400: `month` is not `YYYY-MM`, or the month is not over yet (the detail says which).
    InvalidMonth,
    /// 409: the owner has no organisation number registered, so no self-billing statement
    /// can be issued on their behalf.
    OrgNumberMissing,
    /// 409: the session's payment cannot be refunded (not paid, or refunded already).
    NotRefundable,
    /// 400: a payout's `paid_on` or `reference` is not accepted (the detail names which).
    InvalidPayout,
    /// 409: the payout was marked paid already, with another day or reference.
    PayoutAlreadyPaid,
    /// 400: a visit's slot ends before it starts or is longer than 12 hours.
    SlotInvalid,
    /// 400: a visit's slot starts in the past.
    SlotInThePast,
    /// 400: a visit's slot is outside the SLA's working time (business hours, a weekend, a
    /// public holiday of the site's country).
    SlotOutsideWorkingTime,
    /// 400: a visit's slot ends after the SLA's on-site deadline.
    SlotAfterDeadline,
    /// 400: the account named as the technician is not a technician.
    NotATechnician,
    /// 404: no such work order.
    WorkOrderNotFound,
    /// 400: a visit report or a step's data is wrong (the detail names the field: a part not
    /// in the parts list, a quantity not above zero, a photo not uploaded, a signature missing).
    InvalidVisitReport,
    /// 409: the work order cannot take this step now (the detail says why).
    WorkOrderStepRefused,
    /// 409: the work order cannot close without a passed verification.
    VerificationMissing,
    /// 409: the work order cannot close without the customer's sign-off.
    SignOffMissing,
    /// 409: a report with this client id was received before with a different body.
    DuplicateReportDiffers,
}

/// `application/problem+json` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    pub code: ErrorCode,
    /// A short, human summary of the problem type.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What exactly was wrong, naming the field or the id.
    pub detail: String,
    /// The OCPP CALLERROR code when a charger answered a command with one
    /// (`NotSupported`, `InternalError`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocpp_error_code: Option<String>,
    /// Every problem of a form, each naming its field (`invalid_price`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub field_problems: Vec<ladeklar_core::tariff::price_form::FieldProblem>,
}
