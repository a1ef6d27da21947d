//! OCPP-J message frames: `[2, id, action, payload]`, `[3, id, payload]`,
//! `[4, id, code, description, details]`.

use serde_json::{json, Value};

use crate::CallErrorCode;

/// One OCPP-J message.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    Call {
        id: String,
        action: String,
        payload: Value,
    },
    CallResult {
        id: String,
        payload: Value,
    },
    CallError {
        id: String,
        code: String,
        description: String,
        details: Value,
    },
}

/// A text frame that is not a valid OCPP-J message. `id` is the message id when it could be
/// read, so the receiver can still answer with a CALLERROR.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{description}")]
pub struct FrameError {
    pub id: Option<String>,
    pub code: CallErrorCode,
    pub description: String,
}

impl Frame {
    /// Parses one WebSocket text frame.
    pub fn parse(text: &str) -> Result<Frame, FrameError> {
        let value: Value = serde_json::from_str(text).map_err(|e| FrameError {
            id: None,
            code: CallErrorCode::FormationViolation,
            description: format!("frame is not valid JSON: {e}"),
        })?;
        let Value::Array(items) = value else {
            return Err(FrameError {
                id: None,
                code: CallErrorCode::FormationViolation,
                description: "frame is not a JSON array".into(),
            });
        };
        let id = items.get(1).and_then(Value::as_str).map(str::to_owned);
        let fail = |description: String| FrameError {
            id: id.clone(),
            code: CallErrorCode::FormationViolation,
            description,
        };
        let Some(message_id) = id.clone() else {
            return Err(fail("frame has no string message id at position 1".into()));
        };
        if message_id.is_empty() || message_id.len() > 36 {
            return Err(fail("message id must be 1 to 36 characters".into()));
        }
        match items.first().and_then(Value::as_u64) {
            Some(2) => {
                let (Some(Value::String(action)), Some(payload), 4) = (items.get(2), items.get(3), items.len()) else {
                    return Err(fail("CALL must be [2, id, action, payload]".into()));
                };
                if !payload.is_object() {
                    return Err(fail(format!("payload of {action} is not a JSON object")));
                }
                Ok(Frame::Call {
                    id: message_id,
                    action: action.clone(),
                    payload: payload.clone(),
                })
            }
            Some(3) => {
                let (Some(payload), 3) = (items.get(2), items.len()) else {
                    return Err(fail("CALLRESULT must be [3, id, payload]".into()));
                };
                Ok(Frame::CallResult {
                    id: message_id,
                    payload: payload.clone(),
                })
            }
            Some(4) => {
                let (Some(Value::String(code)), Some(Value::String(description)), Some(details), 5) =
                    (items.get(2), items.get(3), items.get(4), items.len())
                else {
                    return Err(fail("CALLERROR must be [4, id, code, description, details]".into()));
                };
                Ok(Frame::CallError {
                    id: message_id,
                    code: code.clone(),
                    description: description.clone(),
                    details: details.clone(),
                })
            }
            _ => Err(fail(
                "message type id must be 2 (CALL), 3 (CALLRESULT) or 4 (CALLERROR)".into(),
            )),
        }
    }

    /// The frame as WebSocket text.
    pub fn to_text(&self) -> String {
        match self {
            Frame::Call { id, action, payload } => json!([2, id, action, payload]).to_string(),
            Frame::CallResult { id, payload } => json!([3, id, payload]).to_string(),
            Frame::CallError {
                id,
                code,
                description,
                details,
            } => json!([4, id, code, description, details]).to_string(),
        }
    }

    /// A CALLERROR answering message `id`.
    pub fn call_error(id: impl Into<String>, code: CallErrorCode, description: impl Into<String>) -> Frame {
        Frame::CallError {
            id: id.into(),
            code: code.as_str().into(),
            description: description.into(),
            details: json!({}),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_frame_kind() {
        assert_eq!(
            Frame::parse(r#"[2,"1","Heartbeat",{}]"#).unwrap(),
            Frame::Call {
                id: "1".into(),
                action: "Heartbeat".into(),
                payload: json!({})
            }
        );
        assert_eq!(
            Frame::parse(r#"[3,"1",{"currentTime":"2026-01-01T00:00:00Z"}]"#).unwrap(),
            Frame::CallResult {
                id: "1".into(),
                payload: json!({"currentTime":"2026-01-01T00:00:00Z"})
            }
        );
        assert!(matches!(
            Frame::parse(r#"[4,"1","NotImplemented","no",{}]"#).unwrap(),
            Frame::CallError { code, .. } if code == "NotImplemented"
        ));
    }

    #[test]
    fn malformed_frames_are_formation_violations_keeping_the_id_when_readable() {
        for (text, id) in [
            ("not json", None),
            ("{}", None),
            ("[2]", None),
            (r#"[9,"7","X",{}]"#, Some("7")),
            (r#"[2,"7","Heartbeat"]"#, Some("7")),
            (r#"[2,"7","Heartbeat",[]]"#, Some("7")),
            (r#"[2,7,"Heartbeat",{}]"#, None),
        ] {
            let err = Frame::parse(text).unwrap_err();
            assert_eq!(err.code, CallErrorCode::FormationViolation, "{text}");
            assert_eq!(err.id.as_deref(), id, "{text}");
        }
    }

    #[test]
    fn round_trips_as_text() {
        let f = Frame::call_error("42", CallErrorCode::NotImplemented, "unknown action Foo");
        assert_eq!(Frame::parse(&f.to_text()).unwrap(), f);
    }
}
