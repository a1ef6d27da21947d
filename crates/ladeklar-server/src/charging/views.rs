//! Sessions as the driver sees them: the live view and the receipt.

use anyhow::Context;
use chrono::{DateTime, Utc};
use ladeklar_api::{Receipt, ReceiptLine, SessionUpdate, SessionView};
use ladeklar_core::meter_check::MeterAnomaly;
use ladeklar_core::money::Price;
use ladeklar_core::pricing::MeterSample;
use ladeklar_core::pricing::PricedSession;
use ladeklar_core::session::{ConnectorStatus, SessionStatus};
use ladeklar_core::session_events::StoredSample;
use ladeklar_core::session_step::{step_at, SessionFacts, SessionStep};
use ladeklar_core::tariff::words::{describe, Lang};
use ladeklar_core::tariff::TariffDimensionType;
use rust_decimal::Decimal;

use super::{stored_samples, LoadedSession};
use crate::error::ApiError;
use crate::AppState;

async fn load(state: &AppState, session_id: &str) -> Result<LoadedSession, ApiError> {
    let row = state
        .store
        .session(session_id)
        .await?
        .ok_or_else(|| ApiError::SessionNotFound(session_id.into()))?;
    let samples = state.store.samples(session_id).await?;
    Ok(LoadedSession::load(row, &samples)?)
}

/// The connector's last status as its charger reported it (`None`: nothing heard, or a
/// value the store does not know).
async fn connector_status_of(
    state: &AppState,
    charger_id: &str,
    connector_id: i64,
) -> Result<Option<ConnectorStatus>, ApiError> {
    Ok(state
        .store
        .connector(charger_id, connector_id)
        .await?
        .and_then(|c| ladeklar_store::parse_enum::<ConnectorStatus>("connector status", &c.status).ok()))
}

/// The step the driver is at now: core's rule on the session, its meter and its connector's
/// last status.
fn step_now(state: &AppState, facts: &SessionFacts<'_>, connector: Option<ConnectorStatus>) -> SessionStep {
    step_at(facts, connector, state.now())
}

pub async fn session_view(state: &AppState, session_id: &str) -> Result<SessionView, ApiError> {
    let s = load(state, session_id).await?;
    let connector_status = connector_status_of(state, &s.row.charger_id, s.row.connector_id).await?;
    let facts = SessionFacts {
        status: s.status,
        requested_at: s.requested_at,
        samples: &s.samples,
        failure_reason: s.row.failure_reason.as_deref(),
    };
    let step = step_now(state, &facts, connector_status);
    let priced = match &s.row.priced_json {
        Some(json) => Some(serde_json::from_str::<PricedSession>(json).context("stored priced session")?),
        None => s.price()?,
    };
    let energy_kwh = s
        .samples
        .last()
        .map(|m| m.energy_wh / Decimal::from(1000))
        .unwrap_or_default();
    let power_kw = shown_power_kw(s.status, s.last_power_w).unwrap_or(Decimal::ZERO);
    Ok(SessionView {
        id: s.row.id.parse().context("stored session id")?,
        charger_id: s.row.charger_id.clone(),
        connector_id: u32::try_from(s.row.connector_id).context("stored connector id")?,
        status: s.status,
        requested_at: s.requested_at,
        started_at: s.started_at,
        stopped_at: s.stopped_at,
        transaction_id: s.row.transaction_id.and_then(|t| i32::try_from(t).ok()),
        energy_kwh,
        power_kw,
        last_meter_at: s.samples.last().map(|m| m.at).or(s.started_at),
        cost: priced.as_ref().map(|p| p.total).unwrap_or(Price::ZERO),
        currency: s.tariff.currency.clone(),
        meter_samples: s.samples.clone(),
        tariff: s.tariff.clone(),
        time_zone: s.row.time_zone.clone(),
        failure_reason: s.row.failure_reason.clone(),
        stop_reason: s.row.stop_reason.clone(),
        step: Some(step),
        connector_status,
        payment: payment_of(state, session_id).await?,
    })
}

/// The session's payment as its payer sees it; while 3-D Secure is awaited, with the
/// PaymentIntent's client secret for the app's Stripe.js.
async fn payment_of(state: &AppState, session_id: &str) -> Result<Option<ladeklar_api::PaymentView>, ApiError> {
    let Some(row) = state.store.payment_of_session(session_id).await? else {
        return Ok(None);
    };
    let client_secret = match (&state.payments, row.state.as_str(), row.stripe_intent.as_deref()) {
        (Some(payments), "action_required", Some(pi)) => {
            payments.gateway.intent(pi).await.ok().and_then(|i| i.client_secret)
        }
        _ => None,
    };
    let mut view = crate::payments::payment_view(&row, client_secret);
    // A charging card's session billed to the account: the card is named too.
    if row.rules()?.kind == ladeklar_core::payments::PaymentKind::OffSession {
        if let (Some(owner), Some(session)) = (
            row.user_id.as_deref().and_then(|u| u.parse().ok()),
            state.store.session(session_id).await?,
        ) {
            let owner = ladeklar_core::accounts::UserId(owner);
            view.tag = Some(crate::payments::tags::tag_words(state, &owner, &session.id_tag).await?);
        }
    }
    Ok(Some(view))
}

/// The power shown, kW: the last reading's while the transaction is open, 0 once it is
/// over, unknown (`None`) while open without a reading.
fn shown_power_kw(status: SessionStatus, power_w: Option<Decimal>) -> Option<Decimal> {
    match power_w {
        _ if !status.has_open_transaction() => Some(Decimal::ZERO),
        Some(w) => Some((w / Decimal::from(1000)).round_dp(2)),
        None => None,
    }
}

/// What a live view sent last: the session's fields and its newest sample's time, so the
/// next event carries only what changed.
pub struct LiveCursor {
    last: SessionUpdate,
    last_sample_at: Option<DateTime<Utc>>,
    /// The meter's last rise so far (its highest sample), for the step (car paused or full).
    top: Option<MeterSample>,
}

/// `top` raised by `samples`: the first sample of the highest energy.
fn raise(mut top: Option<MeterSample>, samples: impl IntoIterator<Item = MeterSample>) -> Option<MeterSample> {
    for s in samples {
        if s.energy_wh > top.map_or(Decimal::ZERO, |t| t.energy_wh) {
            top = Some(s);
        }
    }
    top
}

impl LiveCursor {
    /// After the first event, a whole view.
    pub fn after(view: &SessionView) -> Self {
        Self {
            last: SessionUpdate {
                id: view.id,
                status: view.status,
                started_at: view.started_at,
                stopped_at: view.stopped_at,
                transaction_id: view.transaction_id,
                new_samples: Vec::new(),
                power_kw: Some(view.power_kw),
                cost: (view.status == SessionStatus::Completed).then_some(view.cost),
                failure_reason: view.failure_reason.clone(),
                stop_reason: view.stop_reason.clone(),
                step: view.step,
                connector_status: view.connector_status,
            },
            last_sample_at: view.meter_samples.last().map(|s| s.at),
            top: raise(None, view.meter_samples.iter().copied()),
        }
    }

    /// Samples the store just wrote: the update with those not sent yet, or `None`.
    pub fn samples(&mut self, samples: &[StoredSample]) -> Option<SessionUpdate> {
        let new: Vec<&StoredSample> = samples
            .iter()
            .filter(|s| self.last_sample_at.is_none_or(|at| s.at > at))
            .collect();
        if new.is_empty() {
            return None;
        }
        Some(self.advance(new))
    }

    fn advance(&mut self, new: Vec<&StoredSample>) -> SessionUpdate {
        let power_kw = shown_power_kw(self.last.status, new.last().and_then(|s| s.power_w));
        self.last_sample_at = new.iter().map(|s| s.at).max().or(self.last_sample_at);
        self.top = raise(
            self.top,
            new.iter().map(|s| MeterSample {
                at: s.at,
                energy_wh: s.energy_wh,
            }),
        );
        let mut update = self.last.clone();
        update.new_samples = new
            .into_iter()
            .map(|s| ladeklar_core::pricing::MeterSample {
                at: s.at,
                energy_wh: s.energy_wh,
            })
            .collect();
        update.power_kw = power_kw;
        if update.power_kw.is_some() {
            self.last.power_kw = update.power_kw;
        }
        update
    }

    /// The session read again after a change of its fields: the update to send.
    pub async fn reread(&mut self, state: &AppState, session_id: &str) -> Result<SessionUpdate, ApiError> {
        let row = state
            .store
            .session(session_id)
            .await?
            .ok_or_else(|| ApiError::SessionNotFound(session_id.into()))?;
        let s = super::session_state(&row)?;
        let cost = match &row.priced_json {
            Some(json) => Some(
                serde_json::from_str::<PricedSession>(json)
                    .context("stored priced session")?
                    .total,
            ),
            None => None,
        };
        let samples = match self.last_sample_at {
            Some(at) => {
                state
                    .store
                    .samples_around(session_id, at + chrono::Duration::milliseconds(1))
                    .await?
            }
            None => state.store.samples(session_id).await?,
        };
        let samples = stored_samples(&samples)?;
        let parse =
            |t: &Option<String>, what: &str| t.as_deref().map(|t| ladeklar_store::parse_instant(what, t)).transpose();
        self.last = SessionUpdate {
            id: self.last.id,
            status: s.status,
            started_at: parse(&row.started_at, "started_at")?,
            stopped_at: parse(&row.stopped_at, "stopped_at")?,
            transaction_id: row.transaction_id.and_then(|t| i32::try_from(t).ok()),
            new_samples: Vec::new(),
            power_kw: self.last.power_kw,
            cost,
            failure_reason: row.failure_reason.clone(),
            stop_reason: row.stop_reason.clone(),
            step: None,
            connector_status: connector_status_of(state, &row.charger_id, row.connector_id).await?,
        };
        let new: Vec<&StoredSample> = samples
            .iter()
            .filter(|x| self.last_sample_at.is_none_or(|at| x.at > at))
            .collect();
        let mut update = self.advance(new);
        let top: Vec<MeterSample> = self.top.into_iter().collect();
        let facts = SessionFacts {
            status: s.status,
            requested_at: ladeklar_store::parse_instant("requested_at", &row.requested_at)?,
            samples: &top,
            failure_reason: row.failure_reason.as_deref(),
        };
        let step = Some(step_now(state, &facts, update.connector_status));
        update.step = step;
        self.last.step = step;
        Ok(update)
    }
}

/// The receipt and the same as a PDF, its times in the site's time zone.
pub async fn receipt_with_pdf(state: &AppState, session_id: &str) -> Result<(Receipt, Vec<u8>), ApiError> {
    let receipt = receipt(state, session_id).await?;
    let tz = state
        .store
        .session(session_id)
        .await?
        .and_then(|s| s.time_zone.parse::<chrono_tz::Tz>().ok())
        .unwrap_or(chrono_tz::UTC);
    let pdf = super::receipt_pdf::render(&receipt, tz)?;
    Ok((receipt, pdf))
}

pub async fn receipt(state: &AppState, session_id: &str) -> Result<Receipt, ApiError> {
    let s = load(state, session_id).await?;
    let (Some(json), Some(started_at), Some(stopped_at)) = (&s.row.priced_json, s.started_at, s.stopped_at) else {
        return Err(ApiError::SessionNotCompleted(session_id.into()));
    };
    let priced: PricedSession = serde_json::from_str(json).context("stored priced session")?;
    let meter_anomalies: Vec<String> = match &s.row.meter_anomalies {
        Some(json) => serde_json::from_str::<Vec<MeterAnomaly>>(json)
            .context("stored meter anomalies")?
            .iter()
            .map(ToString::to_string)
            .collect(),
        None => Vec::new(),
    };
    let charger = state
        .store
        .charger(&s.row.charger_id, state.now())
        .await?
        .context("session's charger")?;
    let lines = priced
        .components
        .iter()
        .map(|c| {
            let (unit, description) = match c.dimension {
                TariffDimensionType::Energy => ("kWh", format!("Energy {} kWh", c.quantity.round_dp(3))),
                TariffDimensionType::Time => ("h", format!("Charging time {} h", c.quantity.round_dp(4))),
                TariffDimensionType::ParkingTime => ("h", format!("Parking time {} h", c.quantity.round_dp(4))),
                TariffDimensionType::Flat => ("session", "Session fee".to_string()),
            };
            let unit_prices = ladeklar_core::payments::receipt::unit_prices(&priced, c.dimension)
                .into_iter()
                .map(|u| ladeklar_api::UnitPriceView {
                    excl_vat: u.excl_vat,
                    incl_vat: u.incl_vat(),
                    vat_percent: u.vat_percent,
                })
                .collect();
            ReceiptLine {
                dimension: c.dimension,
                description,
                quantity: c.quantity,
                unit: unit.into(),
                cost: c.cost,
                unit_prices,
            }
        })
        .collect();
    let session_uuid: uuid::Uuid = s.row.id.parse().context("stored session id")?;
    let vat_lines = ladeklar_core::payments::receipt::vat_lines(&priced)
        .into_iter()
        .map(|v| ladeklar_api::VatLineView {
            rate_percent: v.rate_percent,
            excl_vat: v.excl_vat,
            vat: v.vat,
        })
        .collect();
    Ok(Receipt {
        receipt_number: ladeklar_core::payments::receipt::receipt_number(&session_uuid, stopped_at),
        seller: charger.owner_name.clone(),
        vat_lines,
        session_id: session_uuid,
        charger_id: s.row.charger_id.clone(),
        connector_id: u32::try_from(s.row.connector_id).context("stored connector id")?,
        site_name: charger.site_name,
        address: format!("{}, {}", charger.address, charger.city),
        started_at,
        stopped_at,
        duration_s: (stopped_at - started_at).num_seconds(),
        energy_kwh: priced.total_energy_kwh,
        currency: priced.currency.clone(),
        lines,
        total_excl_vat: priced.total.excl_vat,
        vat: priced.total.vat(),
        total_incl_vat: priced.total.incl_vat,
        price_text: describe(&s.tariff, Lang::En),
        held_from_billing: !meter_anomalies.is_empty(),
        meter_anomalies,
        payment: payment_of(state, session_id).await?,
    })
}
