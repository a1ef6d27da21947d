//! A driver's sessions: the history page and its CSV export.

use chrono::{Duration, NaiveTime};
use ladeklar_api::{HistoryEntry, HistoryQuery, SessionHistory};
use ladeklar_core::accounts::UserId;
use ladeklar_core::payments::MinorUnits;
use ladeklar_core::session::SessionStatus;
use ladeklar_store::parse_instant;

use crate::error::ApiError;
use crate::AppState;

/// At most this many sessions in one answer.
const LIMIT: i64 = 5000;

pub async fn history(state: &AppState, user: &UserId, q: &HistoryQuery) -> Result<SessionHistory, ApiError> {
    let today = state.now().date_naive();
    let to = q.to.unwrap_or(today);
    let from = q.from.unwrap_or(to - Duration::days(365));
    if from > to {
        return Err(ApiError::InvalidRequest(format!("from: {from} is after to ({to})")));
    }
    let start = from.and_time(NaiveTime::MIN).and_utc();
    let end = (to + Duration::days(1)).and_time(NaiveTime::MIN).and_utc();
    let rows = state.store.session_history(user, start, end, LIMIT).await?;
    let mut sessions = Vec::with_capacity(rows.len());
    for r in rows {
        let priced = match r.priced_json.as_deref() {
            Some(json) => Some(
                serde_json::from_str::<ladeklar_core::pricing::PricedSession>(json)
                    .map_err(|e| anyhow::anyhow!("stored priced session of {}: {e}", r.id))?,
            ),
            None => None,
        };
        let instant = |col: &str, v: &Option<String>| v.as_deref().map(|t| parse_instant(col, t)).transpose();
        let paid = match (r.payment_state.as_deref(), r.amount, r.payment_currency.as_deref()) {
            (Some("captured"), Some(a), Some(c)) => Some(MinorUnits(a).to_major(c)),
            _ => None,
        };
        sessions.push(HistoryEntry {
            id: r
                .id
                .parse()
                .map_err(|_| anyhow::anyhow!("stored session id {:?}", r.id))?,
            status: SessionStatus::parse(&r.status)
                .ok_or_else(|| anyhow::anyhow!("stored session status {:?}", r.status))?,
            requested_at: parse_instant("requested_at", &r.requested_at)?,
            started_at: instant("started_at", &r.started_at)?,
            stopped_at: instant("stopped_at", &r.stopped_at)?,
            energy_kwh: priced.as_ref().map(|p| p.total_energy_kwh),
            total_incl_vat: priced.as_ref().map(|p| p.total.incl_vat),
            currency: priced.as_ref().map(|p| p.currency.clone()),
            paid,
            payment_method: match (r.card_brand, r.card_last4) {
                (Some(b), Some(l)) => Some(format!("{b} ···· {l}")),
                _ => None,
            },
            payment_state: r.payment_state,
            charger_id: r.charger_id,
            site_name: r.site_name,
            time_zone: r.time_zone,
        });
    }
    Ok(SessionHistory { sessions })
}

/// The history as CSV (RFC 4180: comma-separated, fields with a comma, quote or line break
/// quoted), UTC instants in RFC 3339, amounts as decimals.
pub fn to_csv(h: &SessionHistory) -> String {
    let mut out = String::from(
        "session,site,charger,status,started_at,stopped_at,energy_kwh,total_incl_vat,currency,paid,payment_method\r\n",
    );
    let opt = |v: Option<String>| v.unwrap_or_default();
    for s in &h.sessions {
        let fields = [
            s.id.to_string(),
            s.site_name.clone(),
            s.charger_id.clone(),
            s.status.as_str().to_owned(),
            opt(s.started_at.map(|t| t.to_rfc3339())),
            opt(s.stopped_at.map(|t| t.to_rfc3339())),
            opt(s.energy_kwh.map(|d| d.to_string())),
            opt(s.total_incl_vat.map(|d| d.to_string())),
            opt(s.currency.clone()),
            opt(s.paid.map(|d| d.to_string())),
            opt(s.payment_method.clone()),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_and_quotes_are_quoted() {
        assert_eq!(csv_field("Aker Brygge"), "Aker Brygge");
        assert_eq!(csv_field("Oslo, sentrum"), "\"Oslo, sentrum\"");
        assert_eq!(csv_field("the \"big\" one"), "\"the \"\"big\"\" one\"");
    }

    #[test]
    fn an_empty_history_is_the_header() {
        let csv = to_csv(&SessionHistory { sessions: Vec::new() });
        assert!(csv.starts_with("session,site,") && csv.ends_with("\r\n"));
    }
}
