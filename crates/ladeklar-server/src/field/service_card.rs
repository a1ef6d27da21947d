//! A site's service card: every visit (its work, parts, verification, sign-off and photos),
//! every case, every part used (totalled) and every document (photos, signatures).

use std::collections::BTreeMap;

use ladeklar_api::{PartQuantity, ServiceCard, ServiceCardCase, ServiceCardDocument, ServiceCardVisit};
use ladeklar_core::field::visit_report::SignOff;

use crate::error::ApiError;
use crate::AppState;

pub async fn service_card(state: &AppState, site_id: &str) -> Result<ServiceCard, ApiError> {
    let site = super::views::site_view(state, site_id).await?;
    let case_rows = state.store.cases_for_report(None, Some(site_id)).await?;
    let numbers: BTreeMap<&str, i64> = case_rows.iter().map(|c| (c.id.as_str(), c.number)).collect();
    let mut visits = Vec::new();
    let mut parts: BTreeMap<String, i64> = BTreeMap::new();
    let mut documents = Vec::new();
    for row in state.store.work_orders_of_site(site_id).await? {
        let order = super::order_of(&row)?;
        let kept = state
            .store
            .visit_reports_of_order(&row.id)
            .await?
            .iter()
            .filter(|r| r.outcome == "kept_for_third_line")
            .count();
        let photo_url = |id: &String| format!("/api/v1/cases/{}/photos/{id}", row.case_id);
        let photos: Vec<String> = order
            .work
            .iter()
            .flat_map(|w| w.photos_before.iter().chain(&w.photos_after))
            .map(photo_url)
            .collect();
        let used: Vec<PartQuantity> = if order.checked_out_at.is_some() {
            order
                .work
                .iter()
                .flat_map(|w| &w.parts_used)
                .map(|p| PartQuantity {
                    part: p.part.clone(),
                    quantity: p.quantity,
                })
                .collect()
        } else {
            Vec::new()
        };
        for p in &used {
            *parts.entry(p.part.clone()).or_default() += p.quantity;
        }
        for url in &photos {
            documents.push(ServiceCardDocument {
                kind: "photo".into(),
                case_id: row.case_id.clone(),
                title: format!("Photo of work order {}", row.id),
                url: Some(url.clone()),
            });
        }
        if let Some(sign_off) = &order.sign_off {
            documents.push(ServiceCardDocument {
                kind: "signature".into(),
                case_id: row.case_id.clone(),
                title: match sign_off {
                    SignOff::Signature { name, .. } => format!("Signed by {name}"),
                    SignOff::CustomerApp { name, .. } => format!("Confirmed by {name} in the app"),
                },
                url: None,
            });
        }
        visits.push(ServiceCardVisit {
            work_order_id: row.id.clone(),
            case_id: row.case_id.clone(),
            case_number: numbers.get(row.case_id.as_str()).copied().unwrap_or_default(),
            state: row.state.clone(),
            technician_id: row.technician_id.clone(),
            starts_at: order.slot.starts_at,
            checked_out_at: order.checked_out_at,
            work_summary: order.work.as_ref().map(|w| w.summary.clone()),
            parts_used: used,
            verification: order.passed_verification().map(|v| v.evidence.clone()),
            signed_off_by: order.sign_off.as_ref().map(|s| s.name().to_owned()),
            sign_off_method: order.sign_off.as_ref().map(|s| {
                match s {
                    SignOff::Signature { .. } => "signature",
                    SignOff::CustomerApp { .. } => "customer_app",
                }
                .to_owned()
            }),
            signature: match &order.sign_off {
                Some(SignOff::Signature { signature, .. }) => Some(signature.clone()),
                _ => None,
            },
            technician_email: match uuid::Uuid::parse_str(&row.technician_id) {
                Ok(id) => state
                    .store
                    .user(ladeklar_core::accounts::UserId(id))
                    .await?
                    .map(|u| u.email)
                    .filter(|e| !e.is_empty()),
                Err(_) => None,
            },
            photos,
            kept_reports: u32::try_from(kept).unwrap_or(u32::MAX),
        });
    }
    let cases = case_rows
        .iter()
        .map(|c| {
            Ok(ServiceCardCase {
                id: c.id.clone(),
                number: c.number,
                state: c.state.clone(),
                category: c.category.clone(),
                charger_id: c.charger_id.clone(),
                opened_at: ladeklar_store::parse_instant("case opened_at", &c.opened_at)?,
            })
        })
        .collect::<Result<Vec<_>, ladeklar_store::StoreError>>()?;
    Ok(ServiceCard {
        site,
        visits,
        cases,
        parts: parts
            .into_iter()
            .map(|(part, quantity)| PartQuantity { part, quantity })
            .collect(),
        documents,
    })
}
