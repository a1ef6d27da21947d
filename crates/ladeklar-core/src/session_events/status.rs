//! StatusNotification: what a connector's reported status changes.
//!
//! A StatusNotification never changes a session, also while one is open on the connector:
//! a session moves only on the charger's transaction messages (StartTransaction,
//! StopTransaction), which carry what was metered and billed. The status is stored on the
//! connector as reported and shown beside the session (Preparing, SuspendedEV, Finishing…).

use chrono::{DateTime, Utc};

use crate::session::ConnectorStatus;

/// OCPP 1.6's "no error" code.
pub const NO_ERROR: &str = "NoError";

/// Where a reported status goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusOutcome {
    /// Connector 0: the charge point as a whole. Logged; connectors carry what drivers see.
    ChargePoint {
        status: ConnectorStatus,
        error_code: Option<String>,
    },
    /// Store on the connector: its status, error code (none for `NoError`) and when.
    Connector {
        connector_id: u32,
        status: ConnectorStatus,
        error_code: Option<String>,
        at: DateTime<Utc>,
    },
}

/// Decides a StatusNotification at `now`; a notification without a timestamp happened `now`.
pub fn on_status_notification(
    connector_id: u32,
    status: ConnectorStatus,
    error_code: &str,
    timestamp: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> StatusOutcome {
    let error_code = (error_code != NO_ERROR).then(|| error_code.to_owned());
    match connector_id {
        0 => StatusOutcome::ChargePoint { status, error_code },
        connector_id => StatusOutcome::Connector {
            connector_id,
            status,
            error_code,
            at: timestamp.unwrap_or(now),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_events::test_support::t;

    #[test]
    fn connector_zero_is_the_charge_point_and_no_error_is_no_code() {
        assert_eq!(
            on_status_notification(0, ConnectorStatus::Faulted, "GroundFailure", None, t(0)),
            StatusOutcome::ChargePoint {
                status: ConnectorStatus::Faulted,
                error_code: Some("GroundFailure".into())
            }
        );
        assert_eq!(
            on_status_notification(2, ConnectorStatus::Available, NO_ERROR, None, t(5)),
            StatusOutcome::Connector {
                connector_id: 2,
                status: ConnectorStatus::Available,
                error_code: None,
                at: t(5)
            }
        );
        let reported = on_status_notification(1, ConnectorStatus::Charging, NO_ERROR, Some(t(1)), t(5));
        assert!(matches!(reported, StatusOutcome::Connector { at, .. } if at == t(1)));
    }
}
