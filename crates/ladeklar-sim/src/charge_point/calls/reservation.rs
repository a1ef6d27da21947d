//! The Reservation profile: ReserveNow makes an Available connector Reserved;
//! CancelReservation makes it Available again.

use ladeklar_ocpp::v16::messages::{cancel_reservation::CancelReservationRequest, reserve_now::ReserveNowRequest};
use ladeklar_ocpp::v16::types::ChargePointStatus;
use serde_json::json;

use super::{Answer, Charger, Effect};

/// Accepted on an Available connector with no transaction; else Faulted, Unavailable or
/// Occupied (Rejected for an unknown connector).
pub(super) fn reserve_now(charger: &mut Charger<'_>, req: ReserveNowRequest) -> Answer {
    let Some(connector) = charger.connectors.get_mut(&req.connector_id) else {
        return Answer::status("Rejected");
    };
    let reply = match (&connector.status, &connector.transaction) {
        (ChargePointStatus::Faulted, _) => "Faulted",
        (ChargePointStatus::Unavailable, _) => "Unavailable",
        (ChargePointStatus::Available, None) => "Accepted",
        _ => "Occupied",
    };
    if reply != "Accepted" {
        return Answer::status(reply);
    }
    connector.status = ChargePointStatus::Reserved;
    charger.state.reservations.insert(req.reservation_id, req.connector_id);
    Answer::then(
        json!({"status": "Accepted"}),
        Effect::ReportStatus(vec![(req.connector_id, ChargePointStatus::Reserved)]),
    )
}

/// Accepted for a known reservation (its connector, if still Reserved, is Available again);
/// Rejected for an unknown one.
pub(super) fn cancel_reservation(charger: &mut Charger<'_>, req: CancelReservationRequest) -> Answer {
    let Some(connector_id) = charger.state.reservations.remove(&req.reservation_id) else {
        return Answer::status("Rejected");
    };
    let freed = charger.connectors.get_mut(&connector_id).is_some_and(|c| {
        let reserved = c.status == ChargePointStatus::Reserved;
        if reserved {
            c.status = ChargePointStatus::Available;
        }
        reserved
    });
    if !freed {
        return Answer::status("Accepted");
    }
    Answer::then(
        json!({"status": "Accepted"}),
        Effect::ReportStatus(vec![(connector_id, ChargePointStatus::Available)]),
    )
}
