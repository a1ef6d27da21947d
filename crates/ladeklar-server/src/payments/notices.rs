//! What the payer is told by e-mail: the receipt once a session is paid, and how to pay a
//! debt. Sent in the background; a mail that cannot be sent is logged, never fatal.

use ladeklar_core::accounts::{parse_email, UserId};
use ladeklar_core::payments::MinorUnits;
use ladeklar_store::PaymentRow;

use crate::mail::Mail;
use crate::AppState;

/// The address a payment's mails go to: the guest's, or the driver's account's.
async fn recipient(state: &AppState, row: &PaymentRow) -> Option<ladeklar_core::accounts::Email> {
    if let Some(email) = row.receipt_email.as_deref() {
        return parse_email(email).ok();
    }
    let user = row.user_id.as_deref()?.parse::<uuid::Uuid>().ok()?;
    let user = state.store.user(UserId(user)).await.ok()??;
    parse_email(&user.email).ok()
}

/// The receipt of a session just paid.
pub fn paid(state: &AppState, row: &PaymentRow) {
    if !state.mailer.is_configured() {
        return;
    }
    let (state, row) = (state.clone(), row.clone());
    tokio::spawn(async move {
        let Some(to) = recipient(&state, &row).await else {
            return;
        };
        let (receipt, pdf) = match crate::charging::receipt_with_pdf(&state, &row.session_id).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(session = %row.session_id, error = %e, "no receipt to mail");
                return;
            }
        };
        let paid = MinorUnits(row.amount.unwrap_or(0)).to_major(&row.currency);
        let mail = Mail::Receipt {
            number: receipt.receipt_number,
            site: receipt.site_name,
            seller: receipt.seller,
            paid: format!("{paid} {}", row.currency),
            method: crate::payments::method_words(
                receipt
                    .payment
                    .as_ref()
                    .unwrap_or(&crate::payments::payment_view(&row, None)),
            ),
            link: format!("{}/sessions/{}/receipt", state.public_url(), row.session_id),
            pdf,
        };
        if let Err(e) = state.mailer.send(&to, &mail).await {
            tracing::warn!(session = %row.session_id, error = %e, "the receipt could not be mailed");
        }
    });
}

/// A session could not be charged.
pub fn owed(state: &AppState, row: &PaymentRow) {
    if !state.mailer.is_configured() {
        return;
    }
    let (state, row) = (state.clone(), row.clone());
    tokio::spawn(async move {
        let Some(to) = recipient(&state, &row).await else {
            return;
        };
        let owed = MinorUnits(row.amount.unwrap_or(0)).to_major(&row.currency);
        let mail = Mail::PaymentOwed {
            owed: format!("{owed} {}", row.currency),
            link: format!("{}/account/payment", state.public_url()),
        };
        if let Err(e) = state.mailer.send(&to, &mail).await {
            tracing::warn!(payment = %row.id, error = %e, "the debt notice could not be mailed");
        }
    });
}
