//! 3rd line books a field visit on a case (issue 18, staff build; shown on the support case
//! at 3rd line and once a visit is booked, to book again). The form reads the case's SLA
//! window from the server (core's `visit_window`: 24/7 or business hours in the site's zone,
//! closed on its country's public holidays, and the on-site deadline) and proves the slot
//! with core's `field::slot::schedule` on every keystroke, its refusal in words next to the
//! field; the expected parts go through core's `check_parts` the same way. The server checks
//! it all again when booking; its refusals land next to the field they name.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use ladeklar_api::{ErrorCode, PartQuantity, ScheduleVisitRequest, VisitBookingFacts};
use ladeklar_core::accounts::role::Role;
use ladeklar_core::field::slot::{schedule, Slot, VisitWindow};
use ladeklar_core::field::visit_report::{check_parts, PartUsed, PartsList, ReportProblem};
use ladeklar_core::support::case::SupportLine;
use ladeklar_core::support::sla::holidays;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::notice::ErrorNotice;
use crate::i18n::use_i18n;
use crate::platform;

/// The slot from the form's date, start and minutes, in the site's zone; `None` until all
/// three read.
pub fn slot_from_form(date: &str, start: &str, minutes: &str, tz: Tz) -> Option<Slot> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let start = NaiveTime::parse_from_str(start.trim(), "%H:%M").ok()?;
    let minutes: i64 = minutes.trim().parse().ok()?;
    let starts_at = tz
        .from_local_datetime(&date.and_time(start))
        .earliest()?
        .with_timezone(&Utc);
    Some(Slot {
        starts_at,
        ends_at: starts_at + Duration::minutes(minutes),
    })
}

/// The form's part lines as core reads them: a quantity that is not a whole number is kept
/// as 0, which core refuses naming the line.
fn part_lines(rows: &[PartRow]) -> Vec<PartUsed> {
    rows.iter()
        .map(|r| PartUsed {
            part: r.part.get().trim().to_string(),
            quantity: r.quantity.get().trim().parse().unwrap_or(0),
        })
        .collect()
}

/// The line a parts problem is about.
fn problem_line(p: &ReportProblem) -> Option<usize> {
    match p {
        ReportProblem::UnknownPart { index, .. }
        | ReportProblem::Quantity { index, .. }
        | ReportProblem::PartTwice { index, .. } => Some(*index),
        _ => None,
    }
}

#[derive(Clone, Copy)]
struct PartRow {
    key: usize,
    part: RwSignal<String>,
    quantity: RwSignal<String>,
}

/// Where the server's refusal belongs.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Technician,
    Slot,
    Agreement,
    Parts,
    Form,
}

fn field_of(error: &ApiError) -> Field {
    let detail = match error {
        ApiError::Problem(p) => p.detail.as_str(),
        _ => "",
    };
    match error.code() {
        Some(ErrorCode::SlotInThePast | ErrorCode::SlotOutsideWorkingTime | ErrorCode::SlotAfterDeadline) => {
            Field::Slot
        }
        Some(ErrorCode::SlotInvalid) => Field::Slot,
        Some(ErrorCode::NotATechnician) => Field::Technician,
        Some(ErrorCode::InvalidVisitReport) => Field::Parts,
        Some(ErrorCode::InvalidRequest) if detail.starts_with("customer_agree") => Field::Agreement,
        _ => Field::Form,
    }
}

/// The booking form of case `case_id`; `on_booked` runs once a visit is booked.
#[component]
pub fn VisitBooking(case_id: String, on_booked: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(case_id);
    let facts = LocalResource::new(move || api::visit_booking(id.get_value()));
    let body = move || {
        Suspend::new(async move {
            match facts.await {
                Ok(f) => match Ready::read(f) {
                    Some(ready) => {
                        view! { <BookingForm ready=ready case_id=id.get_value() on_booked=on_booked /> }.into_any()
                    }
                    None => view! { <ErrorNotice error=ApiError::Decode("visit window".into()) /> }.into_any(),
                },
                Err(error) => {
                    view! { <ErrorNotice error=error retry=Callback::new(move |_| facts.refetch()) /> }.into_any()
                }
            }
        })
    };
    view! {
        <section class="case-box visit-booking" aria-labelledby="booking-title" data-testid="visit-booking">
            <h2 id="booking-title">{move || i18n.v().book_visit}</h2>
            <p class="fine">{move || i18n.v().book_intro}</p>
            <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.v().loading}</p> }>
                {body}
            </Transition>
        </section>
    }
}

/// The booking facts read into core's types.
#[derive(Clone)]
struct Ready {
    facts: VisitBookingFacts,
    window: VisitWindow,
    parts: PartsList,
    /// The server's clock minus this device's when the facts came.
    skew: Duration,
}

impl Ready {
    fn read(facts: VisitBookingFacts) -> Option<Ready> {
        let window: VisitWindow = serde_json::from_value(facts.window.clone()).ok()?;
        let parts: PartsList = serde_json::from_value(facts.parts.clone()).ok()?;
        let skew = facts.now - platform::now();
        Some(Ready {
            facts,
            window,
            parts,
            skew,
        })
    }

    fn zone(&self) -> Tz {
        self.window.calendar.time_zone
    }

    fn local(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.zone()).format("%Y-%m-%d %H:%M").to_string()
    }
}

/// The window in words: the calendar, the deadline, the public holidays until then.
fn window_view(ready: &Ready) -> impl IntoView {
    let i18n = use_i18n();
    let window = ready.window.clone();
    let now = platform::now() + ready.skew;
    let late = window.deadline <= now;
    let deadline = ready.local(window.deadline);
    let zone = ready.zone();
    let (from, to) = (
        now.with_timezone(&zone).date_naive(),
        window.deadline.max(now).with_timezone(&zone).date_naive(),
    );
    let days: Vec<String> = window
        .calendar
        .holidays
        .map(|country| {
            (from.year()..=to.year())
                .flat_map(|y| holidays(country, y))
                .filter(|h| h.date >= from && h.date <= to)
                .map(|h| format!("{} {}", h.date, h.name))
                .collect()
        })
        .unwrap_or_default();
    let calendar = window.calendar.clone();
    let holidays_text = move || {
        if days.is_empty() {
            i18n.v().no_holidays.to_string()
        } else {
            days.join(", ")
        }
    };
    view! {
        <dl class="facts" data-testid="visit-window">
            <dt>{move || i18n.v().window}</dt>
            <dd data-testid="window-calendar">{move || i18n.lang().calendar_words(&calendar)}</dd>
            <dt>{move || i18n.v().deadline}</dt>
            <dd data-testid="window-deadline">{format!("{deadline} ({zone})")}</dd>
            {(window.calendar.holidays.is_some()).then(|| view! {
                <dt>{move || i18n.v().holidays}</dt>
                <dd data-testid="window-holidays">{holidays_text}</dd>
            })}
        </dl>
        {late.then(|| view! { <p class="notice" data-testid="late-case">{move || i18n.v().late_case}</p> })}
    }
}

#[component]
fn BookingForm(ready: Ready, case_id: String, on_booked: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let ready = StoredValue::new(ready);
    let case_id = StoredValue::new(case_id);
    let technician = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let minutes = RwSignal::new("60".to_string());
    let agreed = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let rows: RwSignal<Vec<PartRow>> = RwSignal::new(Vec::new());
    let next_key = StoredValue::new(0usize);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error: RwSignal<Option<(Field, ApiError)>> = RwSignal::new(None);
    let booked = RwSignal::new(false);

    // Core's verdict on the slot, per keystroke (nothing until the three fields read).
    let slot = Memo::new(move |_| {
        let tz = ready.with_value(Ready::zone);
        slot_from_form(&date.get(), &start.get(), &minutes.get(), tz)
    });
    let slot_verdict = Memo::new(move |_| {
        slot.get().map(|s| {
            ready.with_value(|r| {
                let now = platform::now() + r.skew;
                schedule(&s, &r.window, now)
            })
        })
    });
    let parts_verdict = Memo::new(move |_| {
        let lines = part_lines(&rows.get());
        ready.with_value(|r| check_parts("expected_parts", &lines, &r.parts).err())
    });
    let server_at = move |field: Field| {
        server_error.with(|e| match e {
            Some((f, ApiError::Problem(p))) if *f == field => Some(p.detail.clone()),
            _ => None,
        })
    };
    let slot_error = move || -> Option<String> {
        let tz = ready.with_value(Ready::zone);
        match slot_verdict.get() {
            Some(Err(refusal)) => Some(i18n.lang().slot_refused(&refusal, tz)),
            None if tried.get() => Some(i18n.v().slot_incomplete.to_string()),
            _ => server_at(Field::Slot),
        }
    };
    let slot_ok = move || matches!(slot_verdict.get(), Some(Ok(()))) && server_at(Field::Slot).is_none();
    let technician_error = move || -> Option<String> {
        if tried.get() && technician.get().is_empty() {
            return Some(i18n.v().technician_missing.to_string());
        }
        server_at(Field::Technician).map(|_| i18n.v().not_a_technician.to_string())
    };
    let agreement_error = move || -> Option<String> {
        if tried.get() && !agreed.get() {
            return Some(i18n.v().agreement_missing.to_string());
        }
        if tried.get() && note.get().trim().is_empty() {
            return Some(i18n.v().agreement_note_missing.to_string());
        }
        server_at(Field::Agreement)
    };
    let row_error = move |index: usize| -> Option<String> {
        parts_verdict
            .get()
            .filter(|p| problem_line(p) == Some(index))
            .map(|p| i18n.lang().part_problem(&p))
    };

    let submit = move || {
        tried.set(true);
        server_error.set(None);
        let ok = matches!(slot_verdict.get_untracked(), Some(Ok(())))
            && parts_verdict.get_untracked().is_none()
            && !technician.get_untracked().is_empty()
            && agreed.get_untracked()
            && !note.get_untracked().trim().is_empty();
        let Some(slot) = slot.get_untracked().filter(|_| ok) else {
            return;
        };
        let body = ScheduleVisitRequest {
            technician: technician.get_untracked(),
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
            customer_agreement: note.get_untracked().trim().to_string(),
            expected_parts: part_lines(&rows.get_untracked())
                .into_iter()
                .map(|p| PartQuantity {
                    part: p.part,
                    quantity: p.quantity,
                })
                .collect(),
            customer_agreed: Some(true),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::book_visit(case_id.get_value(), body).await {
                Ok(_) => {
                    busy.try_set(false);
                    booked.try_set(true);
                    // The case's live update may have replaced this view (and the callback) already.
                    on_booked.try_run(());
                }
                Err(e) => {
                    busy.try_set(false);
                    server_error.try_set(Some((field_of(&e), e)));
                }
            }
        });
    };

    let technicians = ready.with_value(|r| r.facts.technicians.clone());
    let no_technicians = technicians.is_empty();
    let options = technicians
        .iter()
        .map(|t| view! { <option value=t.email.clone()>{t.email.clone()}</option> })
        .collect_view();
    let part_names = ready.with_value(|r| r.parts.parts.iter().map(|p| p.part.clone()).collect::<Vec<_>>());
    let datalist = part_names
        .iter()
        .map(|p| view! { <option value=p.clone()></option> })
        .collect_view();
    let booked_now = ready.with_value(|r| {
        r.facts
            .booked
            .iter()
            .map(|o| {
                let who = r
                    .facts
                    .technicians
                    .iter()
                    .find(|t| t.id == o.technician_id)
                    .map_or_else(|| o.technician_id.clone(), |t| t.email.clone());
                let until = o.ends_at.with_timezone(&r.zone()).format("%H:%M").to_string();
                format!("{}–{until} · {who}", r.local(o.starts_at))
            })
            .collect::<Vec<_>>()
    });
    let booked_view = (!booked_now.is_empty()).then(|| {
        let items = booked_now.into_iter().map(|b| view! { <li>{b}</li> }).collect_view();
        view! {
            <div class="notice" data-testid="booked-now">
                <p><strong>{move || i18n.v().booked_now}</strong></p>
                <ul>{items}</ul>
                <p class="fine">{move || i18n.v().rebook_hint}</p>
            </div>
        }
    });
    let add_part = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| {
            r.push(PartRow {
                key,
                part: RwSignal::new(String::new()),
                quantity: RwSignal::new("1".to_string()),
            })
        });
    };
    let parts_view = move || {
        let list = rows.get();
        if list.is_empty() {
            return view! { <p class="fine" data-testid="no-parts">{move || i18n.v().no_parts}</p> }.into_any();
        }
        list.into_iter()
            .enumerate()
            .map(|(index, row)| {
                let key = row.key;
                view! {
                    <div class="part-row" data-testid="part-row">
                        <label class="field">
                            <span>{move || i18n.v().part}</span>
                            <input type="text" list="visit-parts" data-testid="part-name"
                                prop:value=move || row.part.get() on:input=move |ev| row.part.set(event_target_value(&ev)) />
                        </label>
                        <label class="field field-narrow">
                            <span>{move || i18n.v().quantity}</span>
                            <input type="number" inputmode="numeric" data-testid="part-quantity"
                                prop:value=move || row.quantity.get() on:input=move |ev| row.quantity.set(event_target_value(&ev)) />
                        </label>
                        <button type="button" class="button" data-testid="part-remove"
                            on:click=move |_| rows.update(|r| r.retain(|x| x.key != key))>{move || i18n.v().remove}</button>
                        <p class="field-error" data-testid="error-part" hidden=move || row_error(index).is_none()>
                            {move || row_error(index)}
                        </p>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };
    let window = ready.with_value(window_view);

    view! {
        {window}
        {booked_view}
        <form class="form booking-form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            {move || server_error.with(|e| match e {
                Some((Field::Form, error)) => Some(view! { <ErrorNotice error=error.clone() /> }),
                _ => None,
            })}
            <label class="field">
                <span>{move || i18n.v().technician}</span>
                <select data-testid="booking-technician" prop:value=move || technician.get()
                    on:change=move |ev| technician.set(event_target_value(&ev))>
                    <option value="">{move || i18n.v().choose_technician}</option>
                    {options}
                </select>
            </label>
            {no_technicians.then(|| view! { <p class="fine" data-testid="no-technicians">{move || i18n.v().no_technicians}</p> })}
            <p class="field-error" data-testid="error-technician" hidden=move || technician_error().is_none()>{technician_error}</p>
            <div class="slot-fields">
                <label class="field">
                    <span>{move || i18n.v().date}</span>
                    <input type="date" data-testid="booking-date" prop:value=move || date.get()
                        on:input=move |ev| { server_error.set(None); date.set(event_target_value(&ev)) } />
                </label>
                <label class="field">
                    <span>{move || i18n.v().start}</span>
                    <input type="time" data-testid="booking-start" prop:value=move || start.get()
                        on:input=move |ev| { server_error.set(None); start.set(event_target_value(&ev)) } />
                </label>
                <label class="field field-narrow">
                    <span>{move || i18n.v().duration}</span>
                    <input type="number" min="1" inputmode="numeric" data-testid="booking-minutes" prop:value=move || minutes.get()
                        on:input=move |ev| { server_error.set(None); minutes.set(event_target_value(&ev)) } />
                </label>
            </div>
            <p class="field-error" role="alert" data-testid="error-slot" hidden=move || slot_error().is_none()>{slot_error}</p>
            <p class="fine slot-ok" data-testid="slot-ok" hidden=move || !slot_ok()>{move || format!("✓ {}", i18n.v().slot_ok)}</p>
            <label class="check">
                <input type="checkbox" data-testid="booking-agreed" prop:checked=move || agreed.get()
                    on:change=move |ev| agreed.set(event_target_checked(&ev)) />
                <span>{move || i18n.v().customer_agreed}</span>
            </label>
            <label class="field">
                <span>{move || i18n.v().agreement_note}</span>
                <textarea rows="2" data-testid="booking-note" placeholder=move || i18n.v().agreement_hint
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <p class="field-error" data-testid="error-agreement" hidden=move || agreement_error().is_none()>{agreement_error}</p>
            <h3>{move || i18n.v().expected_parts}</h3>
            <datalist id="visit-parts">{datalist}</datalist>
            {parts_view}
            <p class="field-error" data-testid="error-parts" hidden=move || server_at(Field::Parts).is_none()>{move || server_at(Field::Parts)}</p>
            <p><button type="button" class="button" data-testid="add-part" on:click=add_part>{move || i18n.v().add_part}</button></p>
            <button type="submit" class="button button-primary" data-testid="book-visit" disabled=move || busy.get()>
                {move || if busy.get() { i18n.v().booking } else { i18n.v().book }}
            </button>
            <p class="notice notice-ok" role="status" data-testid="visit-booked" hidden=move || !booked.get()>
                {move || i18n.v().booked_now}
            </p>
        </form>
    }
}

/// Whether the booking form belongs on a case in `state` (3rd line, or booked: book again).
pub fn books_in(state: &str) -> bool {
    matches!(state, "third_line" | "visit_scheduled")
}

/// Whether these roles book visits: 3rd line (and admins, who may do what support does).
pub fn books_visits(roles: &[Role]) -> bool {
    roles.iter().any(|r| {
        matches!(
            r,
            Role::Support {
                line: SupportLine::Third
            } | Role::Admin
        )
    })
}

/// Whether the signed-in account books visits.
pub fn may_book() -> bool {
    crate::auth::use_auth()
        .account()
        .is_some_and(|a| books_visits(&a.roles))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Oslo;

    #[test]
    fn the_slot_is_read_in_the_sites_zone() {
        let slot = slot_from_form("2026-12-07", "10:00", "90", Oslo).unwrap();
        assert_eq!(slot.starts_at.to_rfc3339(), "2026-12-07T09:00:00+00:00");
        assert_eq!(slot.ends_at - slot.starts_at, Duration::minutes(90));
        assert_eq!(slot_from_form("2026-12-07", "", "90", Oslo), None);
        assert_eq!(slot_from_form("2026-12-07", "10:00", "an hour", Oslo), None);
    }

    #[test]
    fn the_form_books_at_third_line_and_again_once_booked() {
        assert!(books_in("third_line") && books_in("visit_scheduled"));
        assert!(!books_in("second_line") && !books_in("closed"));
        let line = |line| Role::Support { line };
        assert!(books_visits(&[line(SupportLine::Third)]));
        assert!(books_visits(&[Role::Driver, Role::Admin]));
        assert!(!books_visits(&[line(SupportLine::Second), Role::Technician]));
    }
}
