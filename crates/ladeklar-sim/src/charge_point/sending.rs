//! The charger's own calls to the central system: one CALL and its answer, checked against
//! the official OCPP 1.6 response schema; StatusNotification.

use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use ladeklar_ocpp::link::Link;
use ladeklar_ocpp::v16::messages::status_notification::StatusNotificationRequest;
use ladeklar_ocpp::v16::types::{ChargePointErrorCode, ChargePointStatus};
use ladeklar_ocpp::ChargePointCall;
use serde_json::{json, Value};

/// How long the charger waits for the answer to one of its calls.
pub(super) const CALL_TIMEOUT: Duration = Duration::from_secs(30);

pub(super) async fn send(link: &Link, call: ChargePointCall) -> anyhow::Result<Value> {
    let (action, payload) = call.to_action_payload();
    let answer = link.call(action, payload, CALL_TIMEOUT).await?;
    checked_reply(action, answer)
}

/// The central system's CALLRESULT for `action`, if it fits the official OCPP 1.6 response
/// schema; otherwise an error naming the field (the charger then treats the call as failed).
pub(super) fn checked_reply(action: &str, answer: Value) -> anyhow::Result<Value> {
    ladeklar_ocpp::schema::check(action, ladeklar_ocpp::schema::Pdu::Response, &answer)
        .with_context(|| format!("the central system's answer to {action} breaks the OCPP 1.6 schema"))?;
    Ok(answer)
}

pub(super) async fn notify_status(
    link: &Link,
    connector_id: u32,
    status: ChargePointStatus,
    error: Option<&str>,
) -> anyhow::Result<()> {
    let error_code = match error {
        Some(code) => serde_json::from_value(json!(code)).unwrap_or(ChargePointErrorCode::OtherError),
        None => ChargePointErrorCode::NoError,
    };
    send(
        link,
        ChargePointCall::StatusNotification(StatusNotificationRequest {
            connector_id,
            error_code,
            info: None,
            status,
            timestamp: Some(Utc::now()),
            vendor_id: None,
            vendor_error_code: None,
        }),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_out_of_schema_are_refused_naming_the_field() {
        let good = json!({"currentTime": "2026-11-24T08:00:00Z", "interval": 60, "status": "Accepted"});
        assert_eq!(checked_reply("BootNotification", good.clone()).unwrap(), good);

        let no_interval = json!({"currentTime": "2026-11-24T08:00:00Z", "status": "Accepted"});
        let e = format!("{:#}", checked_reply("BootNotification", no_interval).unwrap_err());
        assert!(
            e.contains("answer to BootNotification breaks the OCPP 1.6 schema"),
            "{e}"
        );
        assert!(e.contains("interval"), "{e}");

        let bad_status = json!({"idTagInfo": {"status": "Maybe"}, "transactionId": 7});
        let e = format!("{:#}", checked_reply("StartTransaction", bad_status).unwrap_err());
        assert!(e.contains("/idTagInfo/status"), "{e}");
    }
}
