//! The charging session's life, and whether a connector can start one.
//!
//! Statuses move only through [`SessionStatus::apply`]; the server records each event it
//! observes on the OCPP link (never assuming the charger did something) and stores the
//! resulting status.

use serde::{Deserialize, Serialize};

/// Where a charging session is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// The driver asked to start; RemoteStartTransaction sent, no transaction yet.
    Pending,
    /// The charger reported StartTransaction; energy is flowing or may flow.
    Charging,
    /// The driver asked to stop; RemoteStopTransaction sent, StopTransaction not yet received.
    Stopping,
    /// StopTransaction received and the session priced.
    Completed,
    /// The charger refused or never started the transaction.
    Failed,
}

/// What was observed about a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionEvent {
    /// The charger answered RemoteStartTransaction with Rejected.
    RemoteStartRejected,
    /// No StartTransaction arrived within the allowed time.
    StartTimedOut,
    /// The charger sent StartTransaction for this session.
    TransactionStarted,
    /// The driver asked to stop and RemoteStopTransaction was accepted.
    StopRequested,
    /// The charger answered RemoteStopTransaction with Rejected.
    RemoteStopRejected,
    /// The charger sent StopTransaction.
    TransactionStopped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a session that is {from:?} cannot take the event {event:?}")]
pub struct SessionTransitionError {
    pub from: SessionStatus,
    pub event: SessionEvent,
}

impl SessionStatus {
    /// The status after `event`, or an error saying the event does not fit.
    pub fn apply(self, event: SessionEvent) -> Result<SessionStatus, SessionTransitionError> {
        use SessionEvent as E;
        use SessionStatus as S;
        match (self, event) {
            (S::Pending, E::RemoteStartRejected | E::StartTimedOut) => Ok(S::Failed),
            (S::Pending, E::TransactionStarted) => Ok(S::Charging),
            (S::Charging, E::StopRequested) => Ok(S::Stopping),
            (S::Stopping, E::RemoteStopRejected) => Ok(S::Charging),
            // The car or the charger may end a transaction without being asked.
            (S::Charging | S::Stopping, E::TransactionStopped) => Ok(S::Completed),
            (from, event) => Err(SessionTransitionError { from, event }),
        }
    }

    /// Every status, in life order.
    pub const ALL: [SessionStatus; 5] = [
        SessionStatus::Pending,
        SessionStatus::Charging,
        SessionStatus::Stopping,
        SessionStatus::Completed,
        SessionStatus::Failed,
    ];

    /// The statuses in which a session holds its connector ([`Self::is_active`]).
    pub fn active() -> impl Iterator<Item = SessionStatus> {
        Self::ALL.into_iter().filter(|s| s.is_active())
    }

    /// The statuses in which the charger has the transaction open ([`Self::has_open_transaction`]).
    pub fn open() -> impl Iterator<Item = SessionStatus> {
        Self::ALL.into_iter().filter(|s| s.has_open_transaction())
    }

    /// The status as stored and sent (`pending`, `charging`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Pending => "pending",
            SessionStatus::Charging => "charging",
            SessionStatus::Stopping => "stopping",
            SessionStatus::Completed => "completed",
            SessionStatus::Failed => "failed",
        }
    }

    /// Reads a stored status back.
    pub fn parse(raw: &str) -> Option<SessionStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// True while the charger has the transaction open (between StartTransaction and
    /// StopTransaction): meter values belong to it and power may flow.
    pub fn has_open_transaction(self) -> bool {
        matches!(self, SessionStatus::Charging | SessionStatus::Stopping)
    }

    /// True while the session holds its connector.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            SessionStatus::Pending | SessionStatus::Charging | SessionStatus::Stopping
        )
    }
}

/// A connector's status as its charger last reported it (OCPP 1.6 ChargePointStatus).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorStatus {
    Available,
    Preparing,
    Charging,
    SuspendedEvse,
    SuspendedEv,
    Finishing,
    Reserved,
    Unavailable,
    Faulted,
    /// Nothing heard from the charger yet.
    Unknown,
}

impl ConnectorStatus {
    /// Every status, in the order above (for tests and pickers that must cover them all).
    pub const ALL: [ConnectorStatus; 10] = [
        ConnectorStatus::Available,
        ConnectorStatus::Preparing,
        ConnectorStatus::Charging,
        ConnectorStatus::SuspendedEvse,
        ConnectorStatus::SuspendedEv,
        ConnectorStatus::Finishing,
        ConnectorStatus::Reserved,
        ConnectorStatus::Unavailable,
        ConnectorStatus::Faulted,
        ConnectorStatus::Unknown,
    ];
}

/// Why a session cannot start on a connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum StartRefusal {
    #[error("the charger is offline")]
    ChargerOffline,
    #[error("the connector is occupied")]
    ConnectorOccupied,
    #[error("the connector is faulted")]
    ConnectorFaulted,
    #[error("the connector is unavailable")]
    ConnectorUnavailable,
    #[error("the connector is reserved")]
    ConnectorReserved,
    #[error("the connector's status is not known yet")]
    ConnectorStatusUnknown,
}

/// Whether a driver may start a session on a connector, given what the charger reported.
/// `Preparing` counts as free: the cable may already be plugged in, waiting for us.
pub fn can_start(charger_online: bool, connector: ConnectorStatus, active_session: bool) -> Result<(), StartRefusal> {
    if !charger_online {
        return Err(StartRefusal::ChargerOffline);
    }
    if active_session {
        return Err(StartRefusal::ConnectorOccupied);
    }
    match connector {
        ConnectorStatus::Available | ConnectorStatus::Preparing => Ok(()),
        ConnectorStatus::Charging
        | ConnectorStatus::SuspendedEv
        | ConnectorStatus::SuspendedEvse
        | ConnectorStatus::Finishing => Err(StartRefusal::ConnectorOccupied),
        ConnectorStatus::Faulted => Err(StartRefusal::ConnectorFaulted),
        ConnectorStatus::Unavailable => Err(StartRefusal::ConnectorUnavailable),
        ConnectorStatus::Reserved => Err(StartRefusal::ConnectorReserved),
        ConnectorStatus::Unknown => Err(StartRefusal::ConnectorStatusUnknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SessionEvent as E;
    use SessionStatus as S;

    #[test]
    fn all_holds_every_connector_status_once() {
        use ConnectorStatus as C;
        for status in C::ALL {
            // A new status stops this match compiling: add it to `ALL` too.
            match status {
                C::Available
                | C::Preparing
                | C::Charging
                | C::SuspendedEvse
                | C::SuspendedEv
                | C::Finishing
                | C::Reserved
                | C::Unavailable
                | C::Faulted
                | C::Unknown => {}
            }
        }
        let distinct: std::collections::HashSet<C> = C::ALL.into_iter().collect();
        assert_eq!(distinct.len(), 10);
    }

    #[test]
    fn stored_names_are_the_serde_names() {
        for s in S::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::Value::from(s.as_str()));
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        assert_eq!(S::parse("paused"), None);
        assert_eq!(S::active().collect::<Vec<_>>(), [S::Pending, S::Charging, S::Stopping]);
        assert_eq!(S::open().collect::<Vec<_>>(), [S::Charging, S::Stopping]);
    }

    #[test]
    fn every_transition_allowed_and_refused() {
        let all_status = [S::Pending, S::Charging, S::Stopping, S::Completed, S::Failed];
        let all_events = [
            E::RemoteStartRejected,
            E::StartTimedOut,
            E::TransactionStarted,
            E::StopRequested,
            E::RemoteStopRejected,
            E::TransactionStopped,
        ];
        let allowed = [
            (S::Pending, E::RemoteStartRejected, S::Failed),
            (S::Pending, E::StartTimedOut, S::Failed),
            (S::Pending, E::TransactionStarted, S::Charging),
            (S::Charging, E::StopRequested, S::Stopping),
            (S::Stopping, E::RemoteStopRejected, S::Charging),
            (S::Charging, E::TransactionStopped, S::Completed),
            (S::Stopping, E::TransactionStopped, S::Completed),
        ];
        for from in all_status {
            for event in all_events {
                let want = allowed
                    .iter()
                    .find(|(f, e, _)| *f == from && *e == event)
                    .map(|(_, _, to)| *to);
                match want {
                    Some(to) => assert_eq!(from.apply(event), Ok(to), "{from:?} + {event:?}"),
                    None => assert_eq!(from.apply(event), Err(SessionTransitionError { from, event })),
                }
            }
        }
    }

    #[test]
    fn a_transaction_is_open_from_start_to_stop_only() {
        let open: Vec<_> = [S::Pending, S::Charging, S::Stopping, S::Completed, S::Failed]
            .into_iter()
            .filter(|s| s.has_open_transaction())
            .collect();
        assert_eq!(open, [S::Charging, S::Stopping]);
    }

    #[test]
    fn start_refusals_name_the_reason() {
        assert_eq!(
            can_start(false, ConnectorStatus::Available, false),
            Err(StartRefusal::ChargerOffline)
        );
        assert_eq!(
            can_start(true, ConnectorStatus::Charging, false),
            Err(StartRefusal::ConnectorOccupied)
        );
        assert_eq!(
            can_start(true, ConnectorStatus::Available, true),
            Err(StartRefusal::ConnectorOccupied)
        );
        assert_eq!(
            can_start(true, ConnectorStatus::Faulted, false),
            Err(StartRefusal::ConnectorFaulted)
        );
        assert_eq!(can_start(true, ConnectorStatus::Available, false), Ok(()));
        assert_eq!(can_start(true, ConnectorStatus::Preparing, false), Ok(()));
    }
}
