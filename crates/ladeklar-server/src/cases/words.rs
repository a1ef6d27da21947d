//! What a case's reporter reads on its timeline and in its mails, in English and Norwegian
//! (bokmål). An entry's English words are its `text`; the Norwegian ones travel in its data
//! as `nb` ([`with_nb`]) and reach the reporter's view as `text_nb`.

use ladeklar_core::support::case::CaseState;
use ladeklar_core::support::fault::{Localised, RemoteRemedy, ReportCategory};
use ladeklar_store::NewTimelineEntry;

fn both(en: impl Into<String>, nb: impl Into<String>) -> Localised {
    Localised {
        en: en.into(),
        nb: nb.into(),
    }
}

/// Where the case is, as its reporter is told.
pub fn state(state: CaseState) -> Localised {
    use CaseState as S;
    match state {
        S::Registered => both("The case is registered.", "Saken er registrert."),
        S::FirstLine => both(
            "Your case is with our 1st line support.",
            "Saken din er hos vår 1. linje-support.",
        ),
        S::SecondLine => both(
            "Your case was handed over to our 2nd line support.",
            "Saken din er sendt videre til vår 2. linje-support.",
        ),
        S::FieldActionProposed | S::ThirdLine => {
            both("A technician's visit is being planned.", "Et teknikerbesøk planlegges.")
        }
        S::VisitScheduled => both("A technician's visit is scheduled.", "Et teknikerbesøk er avtalt."),
        S::OnSite => both("A technician is on site.", "En tekniker er på stedet."),
        S::WorkVerified | S::AwaitingConfirmation => both(
            "We believe it is fixed. Is it working now?",
            "Vi tror feilen er rettet. Virker det nå?",
        ),
        S::WaitingForCustomer => both("We are waiting for your answer.", "Vi venter på svar fra deg."),
        S::Reopened => both("The case is open again.", "Saken er åpnet igjen."),
        S::Closed => both("The case is closed.", "Saken er lukket."),
        S::Duplicate => both(
            "The case was merged with another case about the same fault.",
            "Saken er slått sammen med en annen sak om samme feil.",
        ),
        S::Cancelled => both("The case was cancelled.", "Saken er avbrutt."),
    }
}

/// "Fault reported: won't start."
pub fn reported(category: ReportCategory) -> Localised {
    use ReportCategory as C;
    let (en, nb) = match category {
        C::WontStart => ("won't start", "starter ikke"),
        C::CableStuck => ("cable stuck", "kabelen sitter fast"),
        C::StoppedDuringCharging => ("stopped during charging", "stoppet under lading"),
        C::SlowCharging => ("slow charging", "lader sakte"),
        C::PaymentFailed => ("payment failed", "betalingen feilet"),
        C::RfidNotRead => ("charging card not read", "ladebrikken ble ikke lest"),
        C::ChargerOffline => ("charger offline", "laderen er frakoblet"),
        C::PhysicalDamage => ("physical damage", "fysisk skade"),
        C::DisplayFault => ("display fault", "feil på skjermen"),
        C::Other => ("other", "annet"),
    };
    both(format!("Fault reported: {en}."), format!("Feil meldt: {nb}."))
}

/// A remote remedy in Norwegian ("myk omstart").
pub fn remedy_nb(remedy: RemoteRemedy) -> &'static str {
    match remedy {
        RemoteRemedy::SoftReset => "myk omstart",
        RemoteRemedy::HardReset => "full omstart",
        RemoteRemedy::UnlockConnector => "opplåsing av kontakten",
        RemoteRemedy::ChangeAvailability => "endring av tilgjengelighet",
        RemoteRemedy::SendLocalList => "oppdatering av ladebrikkelisten",
    }
}

/// The charger answered the remedy sent.
pub fn remedy_answered(remedy: RemoteRemedy, status: &str) -> Localised {
    both(
        format!("We sent the charger a {}; it answered {status}.", remedy.as_str()),
        format!("Vi sendte laderen en {}; den svarte {status}.", remedy_nb(remedy)),
    )
}

/// The charger did not answer the remedy.
pub fn remedy_unanswered(remedy: RemoteRemedy) -> Localised {
    both(
        format!("We tried a {} on the charger; it did not answer.", remedy.as_str()),
        format!("Vi prøvde en {} på laderen; den svarte ikke.", remedy_nb(remedy)),
    )
}

/// The connector came back after the remedy.
pub fn remedy_worked(remedy: RemoteRemedy, connector_id: u32) -> Localised {
    both(
        format!(
            "The charger reports connector {connector_id} Available again after the {}.",
            remedy.as_str()
        ),
        format!(
            "Laderen melder at kontakt {connector_id} er ledig igjen etter {}.",
            remedy_nb(remedy)
        ),
    )
}

/// The remedy did not help: the next one is tried, or support takes over.
pub fn remedy_failed(remedy: RemoteRemedy, trying_next: bool) -> Localised {
    let (en, nb) = (remedy.as_str(), remedy_nb(remedy));
    if trying_next {
        both(
            format!("The {en} did not help; trying the next remedy."),
            format!("{} hjalp ikke; vi prøver neste tiltak.", capitalised(nb)),
        )
    } else {
        both(
            format!("The {en} did not help; our support team takes it from here."),
            format!("{} hjalp ikke; supportteamet vårt tar over herfra.", capitalised(nb)),
        )
    }
}

pub fn photo_added() -> Localised {
    both("A photo was added.", "Et bilde ble lagt til.")
}

fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The entry with its Norwegian words beside its English `text`.
pub fn with_nb(mut entry: NewTimelineEntry, nb: impl Into<String>) -> NewTimelineEntry {
    let nb = serde_json::Value::String(nb.into());
    match entry.data.as_mut().and_then(|d| d.as_object_mut()) {
        Some(object) => {
            object.insert("nb".into(), nb);
        }
        None => entry.data = Some(serde_json::json!({ "nb": nb })),
    }
    entry
}

/// The Norwegian words an entry's data carries, if any.
pub fn nb_of(data: Option<&serde_json::Value>) -> Option<String> {
    data?.get("nb")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_words_in_both_languages() {
        use CaseState as S;
        for s in [
            S::Registered,
            S::FirstLine,
            S::SecondLine,
            S::FieldActionProposed,
            S::ThirdLine,
            S::VisitScheduled,
            S::OnSite,
            S::WorkVerified,
            S::AwaitingConfirmation,
            S::WaitingForCustomer,
            S::Reopened,
            S::Closed,
            S::Duplicate,
            S::Cancelled,
        ] {
            let w = state(s);
            assert!(!w.en.is_empty() && !w.nb.is_empty() && w.en != w.nb, "{s:?}");
        }
    }

    #[test]
    fn norwegian_words_ride_in_the_entrys_data() {
        let entry = NewTimelineEntry {
            at: chrono::Utc::now(),
            kind: "photo",
            actor: "driver".into(),
            for_driver: true,
            text: "A photo was added.".into(),
            data: Some(serde_json::json!({"photo": "p1"})),
        };
        let entry = with_nb(entry, "Et bilde ble lagt til.");
        assert_eq!(entry.data.as_ref().unwrap()["photo"], "p1");
        assert_eq!(nb_of(entry.data.as_ref()).as_deref(), Some("Et bilde ble lagt til."));
        assert_eq!(
            remedy_failed(RemoteRemedy::SoftReset, true).nb,
            "Myk omstart hjalp ikke; vi prøver neste tiltak."
        );
    }
}
