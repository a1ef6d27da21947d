//! OCPP-J 1.6 CALLERROR codes, spelled as the 1.6 specification spells them
//! (`FormationViolation`, `OccurenceConstraintViolation`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CallErrorCode {
    /// Requested Action is not known by receiver.
    NotImplemented,
    /// Requested Action is recognized but not supported by the receiver.
    NotSupported,
    /// An internal error occurred and the receiver was not able to process the Action.
    InternalError,
    /// Payload for Action is incomplete.
    ProtocolError,
    /// A security issue occurred during processing of the Action.
    SecurityError,
    /// Payload is syntactically incorrect or not conform the PDU structure for Action.
    FormationViolation,
    /// Payload is syntactically correct but at least one field contains an invalid value.
    PropertyConstraintViolation,
    /// A required field is missing (sic: the 1.6 spelling).
    OccurenceConstraintViolation,
    /// At least one field violates data type constraints.
    TypeConstraintViolation,
    /// Any other error.
    GenericError,
}

impl CallErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotImplemented => "NotImplemented",
            Self::NotSupported => "NotSupported",
            Self::InternalError => "InternalError",
            Self::ProtocolError => "ProtocolError",
            Self::SecurityError => "SecurityError",
            Self::FormationViolation => "FormationViolation",
            Self::PropertyConstraintViolation => "PropertyConstraintViolation",
            Self::OccurenceConstraintViolation => "OccurenceConstraintViolation",
            Self::TypeConstraintViolation => "TypeConstraintViolation",
            Self::GenericError => "GenericError",
        }
    }
}

impl std::fmt::Display for CallErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
