//! The JSON API under `/api/v1`, one router per resource, described by an OpenAPI document
//! at `/api/v1/openapi.json`.

mod account;
mod cases;
mod certificates;
mod chargers;
mod commands;
mod favourites;
mod field;
mod operations;
mod owner_sessions;
pub(crate) mod owners;
mod payments;
mod prices;
mod sessions;
mod transfers;
mod users;

use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use utoipa::OpenApi;

pub(crate) use commands::to_ocpp_call;
pub(crate) use transfers::FIRMWARE_FOLDER;

use ladeklar_core::accounts::Action;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// The caller may take `action` on charger `id` (its site's owner decides, by core's access
/// table); an unknown charger is `charger_not_found`.
async fn allow_on_charger(state: &AppState, caller: &Caller, action: Action, id: &str) -> Result<(), ApiError> {
    let owner = state
        .store
        .charger_object_owner(id)
        .await?
        .ok_or_else(|| ApiError::ChargerNotFound(id.to_owned()))?;
    caller.allow(action, &owner)
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ladeklar API",
        version = "1",
        description = "Find chargers, start and stop charging sessions, follow them live, get receipts; report faults and follow support cases, the support queue; accounts, users and the audit log; owners' prices. A web page is signed in by the `ladeklar_session` cookie (and must echo the `ladeklar_csrf` cookie in `X-CSRF-Token` on every request that changes state); other clients send `Authorization: Bearer <token>`."
    ),
    paths(
        chargers::list_near,
        chargers::detail,
        chargers::places,
        chargers::map_config,
        sessions::start,
        sessions::show,
        sessions::live,
        sessions::stop,
        sessions::receipt,
        sessions::receipt_pdf,
        sessions::history,
        operations::quarantine,
        operations::stuck_sessions,
        operations::charger_log,
        commands::send_command,
        certificates::list,
        certificates::revoke,
        transfers::start_log_upload,
        transfers::start_firmware_update,
        transfers::list,
        account::sign_up,
        account::verify_email,
        account::sign_in,
        account::sign_out,
        account::sign_out_everywhere,
        account::me,
        account::change_password,
        account::request_reset,
        account::confirm_reset,
        account::export,
        account::delete,
        favourites::list,
        favourites::add,
        favourites::remove,
        users::list,
        users::add,
        users::set_roles,
        users::set_disabled,
        users::audit,
        payments::config,
        payments::card_setup,
        payments::cards,
        payments::save_card,
        payments::remove_card,
        payments::default_card,
        payments::pay_debt,
        payments::tags,
        payments::link_tag,
        payments::block_tag,
        payments::authenticated,
        payments::stripe_webhook,
        payments::refund,
        owners::overview,
        owners::owners,
        owners::mark_paid,
        owner_sessions::list,
        owner_sessions::csv,
        owners::list,
        owners::issue,
        owners::show,
        owners::pdf,
        owners::csv,
        cases::report,
        cases::mine,
        cases::show,
        cases::live,
        cases::add_photo,
        cases::photo,
        cases::thumbnail,
        cases::answer,
        cases::queue,
        cases::register,
        cases::event,
        cases::note,
        prices::list,
        prices::site_price,
        prices::set_site_price,
        prices::charger_price,
        prices::set_charger_price,
        field::schedule,
        field::visit_booking,
        field::mine,
        field::step,
        field::report,
        field::add_photo,
        field::verify,
        field::service_card,
        field::sla_report,
        field::sla_report_scopes,
    ),
    components(schemas(
        ladeklar_api::SlaReportScopes,
        ladeklar_api::SlaReportOwner,
        ladeklar_api::SlaReportSite,
        ladeklar_api::ChargerList,
        ladeklar_api::PaymentConfig,
        ladeklar_api::VatLineView,
        ladeklar_api::UnitPriceView,
        ladeklar_api::SessionHistory,
        ladeklar_api::HistoryEntry,
        ladeklar_api::HistoryFormat,
        ladeklar_api::CardSetup,
        ladeklar_api::SaveCardRequest,
        ladeklar_api::CardView,
        ladeklar_api::CardsView,
        ladeklar_api::PaymentSourceKind,
        ladeklar_api::StartPayment,
        ladeklar_api::PaymentView,
        ladeklar_api::LinkTagRequest,
        ladeklar_api::TagView,
        ladeklar_api::BlockTagRequest,
        ladeklar_api::PlaceMatches,
        ladeklar_api::PlaceView,
        ladeklar_api::MapConfig,
        ladeklar_api::MapTiles,
        ladeklar_api::ChargerSummary,
        ladeklar_api::SessionEstimate,
        ladeklar_api::Favourites,
        ladeklar_api::ChargerDetail,
        ladeklar_api::ConnectorView,
        ladeklar_api::ConnectorStandard,
        ladeklar_api::PowerType,
        ladeklar_api::StartSessionRequest,
        ladeklar_api::SessionView,
        ladeklar_api::Receipt,
        ladeklar_api::ReceiptLine,
        ladeklar_api::Problem,
        ladeklar_api::ErrorCode,
        ladeklar_api::QuarantineEntry,
        ladeklar_api::QuarantineList,
        ladeklar_api::StuckSession,
        ladeklar_api::StuckSessionList,
        ladeklar_api::ChargerLog,
        ladeklar_api::ChargerLogEntry,
        ladeklar_api::ChargerCommand,
        ladeklar_api::CommandReply,
        ladeklar_api::ResetType,
        ladeklar_api::AvailabilityType,
        ladeklar_api::MessageTrigger,
        ladeklar_api::ExtendedMessageTrigger,
        ladeklar_api::LogType,
        ladeklar_api::CertificateUse,
        ladeklar_api::UpdateType,
        ladeklar_api::ChargingProfilePurpose,
        ladeklar_api::ChargingRateUnit,
        ladeklar_api::SignUpRequest,
        ladeklar_api::SignInRequest,
        ladeklar_api::SignedIn,
        ladeklar_api::AccountView,
        ladeklar_api::LinkToken,
        ladeklar_api::PasswordResetRequest,
        ladeklar_api::PasswordResetConfirm,
        ladeklar_api::ChangePasswordRequest,
        ladeklar_api::DeleteAccountRequest,
        ladeklar_api::Notice,
        ladeklar_api::AccountExport,
        ladeklar_api::ExportedSession,
        ladeklar_api::UserView,
        ladeklar_api::UserList,
        ladeklar_api::NewUserRequest,
        ladeklar_api::RolesRequest,
        ladeklar_api::DisabledRequest,
        ladeklar_api::AuditEntryView,
        ladeklar_api::AuditLog,
        ladeklar_api::ReportFaultRequest,
        ladeklar_api::CaseView,
        ladeklar_api::CaseSummary,
        ladeklar_api::CaseList,
        ladeklar_api::CasePhoto,
        ladeklar_api::TimelineEntry,
        ladeklar_api::CaseAnswer,
        ladeklar_api::CaseNote,
        ladeklar_api::RegisterCaseRequest,
        ladeklar_api::CaseCustomer,
        ladeklar_api::SlaClockView,
        ladeklar_api::OwnerPrices,
        ladeklar_api::SitePrices,
        ladeklar_api::ChargerPrice,
        ladeklar_api::PriceVersionView,
        ladeklar_api::PriceBook,
        ladeklar_api::SetPriceRequest,
        ladeklar_api::IssueStatementsRequest,
        ladeklar_api::StatementSummary,
        ladeklar_api::StatementList,
        ladeklar_api::IssuedStatements,
        ladeklar_api::StatementLineView,
        ladeklar_api::StatementVatView,
        ladeklar_api::StatementView,
        ladeklar_api::OwnerOverview,
        ladeklar_api::OwnerSite,
        ladeklar_api::OwnerCharger,
        ladeklar_api::OwnerConnector,
        ladeklar_api::RevenueDayView,
        ladeklar_api::PartQuantity,
        ladeklar_api::ScheduleVisitRequest,
        ladeklar_api::ConnectorStatusView,
        ladeklar_api::SiteView,
        ladeklar_api::WorkOrderView,
        ladeklar_api::StatusChangeView,
        ladeklar_api::WorkOrderList,
        ladeklar_api::VisitReportRequest,
        ladeklar_api::VisitReportAnswer,
        ladeklar_api::WorkOrderPhoto,
        ladeklar_api::VerifyRequest,
        ladeklar_api::VerificationRun,
        ladeklar_api::ServiceCardVisit,
        ladeklar_api::ServiceCardCase,
        ladeklar_api::ServiceCardDocument,
        ladeklar_api::ServiceCard,
        ladeklar_api::TechnicianView,
        ladeklar_api::VisitBookingFacts,
    ))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/api/v1/chargers", get(chargers::list_near))
        .route("/api/v1/chargers/{id}", get(chargers::detail))
        .route("/api/v1/places", get(chargers::places))
        .route("/api/v1/map-config", get(chargers::map_config))
        .route("/api/v1/chargers/{id}/log", get(operations::charger_log))
        .route("/api/v1/chargers/{id}/commands", post(commands::send_command))
        .route("/api/v1/chargers/{id}/certificates", get(certificates::list))
        .route("/api/v1/chargers/{id}/certificates/revoke", post(certificates::revoke))
        .route("/api/v1/chargers/{id}/logs", post(transfers::start_log_upload))
        .route("/api/v1/chargers/{id}/firmware", post(transfers::start_firmware_update))
        .route("/api/v1/chargers/{id}/transfers", get(transfers::list))
        .route("/api/v1/sessions", post(sessions::start))
        .route("/api/v1/sessions/stuck", get(operations::stuck_sessions))
        .route("/api/v1/quarantine", get(operations::quarantine))
        .route("/api/v1/sessions/{id}", get(sessions::show))
        .route("/api/v1/sessions/{id}/live", get(sessions::live))
        .route("/api/v1/sessions/{id}/stop", post(sessions::stop))
        .route("/api/v1/sessions/{id}/receipt", get(sessions::receipt))
        .route("/api/v1/sessions/{id}/receipt.pdf", get(sessions::receipt_pdf))
        .route("/api/v1/account/sessions", get(sessions::history))
        .route("/api/v1/account", get(account::me).delete(account::delete))
        .route("/api/v1/account/sign-up", post(account::sign_up))
        .route("/api/v1/account/verify-email", post(account::verify_email))
        .route("/api/v1/account/sign-in", post(account::sign_in))
        .route("/api/v1/account/sign-out", post(account::sign_out))
        .route(
            "/api/v1/account/sign-out-everywhere",
            post(account::sign_out_everywhere),
        )
        .route("/api/v1/account/password", post(account::change_password))
        .route("/api/v1/account/password-reset", post(account::request_reset))
        .route("/api/v1/account/password-reset/confirm", post(account::confirm_reset))
        .route("/api/v1/account/export", get(account::export))
        .route("/api/v1/account/favourites", get(favourites::list))
        .route(
            "/api/v1/account/favourites/{charger_id}",
            put(favourites::add).delete(favourites::remove),
        )
        .route("/api/v1/users", get(users::list).post(users::add))
        .route("/api/v1/users/{id}/roles", put(users::set_roles))
        .route("/api/v1/users/{id}/disabled", put(users::set_disabled))
        .route("/api/v1/audit", get(users::audit))
        .route("/api/v1/payments/config", get(payments::config))
        .route("/api/v1/payments/card-setup", post(payments::card_setup))
        .route("/api/v1/payments/stripe-webhook", post(payments::stripe_webhook))
        .route("/api/v1/account/cards", get(payments::cards).post(payments::save_card))
        .route("/api/v1/account/cards/{id}", delete(payments::remove_card))
        .route("/api/v1/account/cards/{id}/default", put(payments::default_card))
        .route("/api/v1/account/debt/pay", post(payments::pay_debt))
        .route("/api/v1/account/tags", get(payments::tags).post(payments::link_tag))
        .route("/api/v1/account/tags/{uid}/blocked", put(payments::block_tag))
        .route(
            "/api/v1/sessions/{id}/payment/authenticated",
            post(payments::authenticated),
        )
        .route("/api/v1/sessions/{id}/refund", post(payments::refund))
        .route(
            "/api/v1/owners/{owner}/statements",
            get(owners::list).post(owners::issue),
        )
        .route("/api/v1/owners/{owner}/statements/{id}", get(owners::show))
        .route("/api/v1/owners/{owner}/overview", get(owners::overview))
        .route("/api/v1/owners", get(owners::owners))
        .route("/api/v1/owners/{owner}/sessions", get(owner_sessions::list))
        .route("/api/v1/owners/{owner}/sessions/csv", get(owner_sessions::csv))
        .route("/api/v1/owners/{owner}/statements/{id}/payout", post(owners::mark_paid))
        .route("/api/v1/owners/{owner}/statements/{id}/pdf", get(owners::pdf))
        .route("/api/v1/owners/{owner}/statements/{id}/csv", get(owners::csv))
        .route("/api/v1/cases", get(cases::mine).post(cases::report))
        .route("/api/v1/cases/{id}", get(cases::show))
        .route("/api/v1/cases/{id}/live", get(cases::live))
        .route(
            "/api/v1/cases/{id}/photos",
            post(cases::add_photo).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/api/v1/cases/{id}/photos/{photo}", get(cases::photo))
        .route("/api/v1/cases/{id}/photos/{photo}/thumbnail", get(cases::thumbnail))
        .route("/api/v1/cases/{id}/answer", post(cases::answer))
        .route("/api/v1/support/cases", get(cases::queue).post(cases::register))
        .route("/api/v1/support/cases/{id}/events", post(cases::event))
        .route("/api/v1/support/cases/{id}/notes", post(cases::note))
        .route("/api/v1/owner/prices", get(prices::list))
        .route(
            "/api/v1/sites/{id}/price",
            get(prices::site_price).post(prices::set_site_price),
        )
        .route(
            "/api/v1/chargers/{id}/price",
            get(prices::charger_price).post(prices::set_charger_price),
        )
        .route("/api/v1/support/cases/{id}/work-orders", post(field::schedule))
        .route("/api/v1/support/cases/{id}/visit-booking", get(field::visit_booking))
        .route("/api/v1/work-orders", get(field::mine))
        .route("/api/v1/work-orders/{id}/steps", post(field::step))
        .route("/api/v1/work-orders/{id}/reports", post(field::report))
        .route(
            "/api/v1/work-orders/{id}/photos",
            post(field::add_photo).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/api/v1/work-orders/{id}/verify", post(field::verify))
        .route("/api/v1/sites/{id}/service-card", get(field::service_card))
        .route("/api/v1/sla-report", get(field::sla_report))
        .route("/api/v1/sla-report/scopes", get(field::sla_report_scopes))
        // Every state-changing request signed in by the cookie must carry the CSRF token.
        .layer(axum::middleware::from_fn(crate::auth::csrf::check))
}
