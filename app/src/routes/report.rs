//! `/report?charger=…&connector=…&session=…`: a driver reports a fault — a category, a text,
//! up to 5 photos (the phone's camera or files), each uploading with its own progress bar and
//! a retry. After sending: the case number, what happens next and the expected resolution.

use ladeklar_api::{CasePhoto, CaseView, ReportFaultRequest};
use ladeklar_core::support::photo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::{use_i18n, DRIVER_CATEGORIES};
use crate::platform;

/// Where one photo's upload is.
#[derive(Debug, Clone, PartialEq)]
pub enum Upload {
    Waiting,
    Sending(u32),
    Done(Box<CasePhoto>),
    Failed(ApiError),
}

/// A photo the driver picked: the file, a preview, and its upload.
#[derive(Clone)]
pub struct PickedPhoto {
    pub key: usize,
    pub name: String,
    pub preview: String,
    pub file: SendWrapper<web_sys::File>,
    /// Not owned by the form's view, which is gone once the report is sent.
    pub upload: ArcRwSignal<Upload>,
}

/// The files an `<input type=file>` holds now.
pub fn picked_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return Vec::new();
    };
    let files = input.files();
    let list = files
        .map(|files| (0..files.length()).filter_map(|i| files.get(i)).collect())
        .unwrap_or_default();
    // The same files may be picked again after a removal.
    input.set_value("");
    list
}

/// Starts (or retries) one photo's upload to the case.
pub fn start_upload(case_id: String, photo: PickedPhoto) {
    let upload = photo.upload.clone();
    upload.set(Upload::Sending(0));
    leptos::task::spawn_local(async move {
        let file = (*photo.file).clone();
        let progress = upload.clone();
        let result = api::upload_photo(&case_id, file, move |share| progress.set(Upload::Sending(share))).await;
        upload.set(match result {
            Ok(done) => Upload::Done(Box::new(done)),
            Err(error) => Upload::Failed(error),
        });
    });
}

/// One picked photo: its thumbnail, its progress bar, and a retry when it failed.
#[component]
pub fn PhotoTile(
    photo: PickedPhoto,
    #[prop(optional)] case_id: Option<String>,
    on_remove: Callback<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let upload = photo.upload.clone();
    let key = photo.key;
    let retry_photo = photo.clone();
    let watched = upload.clone();
    let state = move || match watched.get() {
        Upload::Waiting => "waiting",
        Upload::Sending(_) => "sending",
        Upload::Done(_) => "done",
        Upload::Failed(_) => "failed",
    };
    view! {
        <li class="photo-tile" data-testid="photo-tile" data-state=state>
            <img src=photo.preview.clone() alt=photo.name.clone() class="photo-thumb" />
            {move || match upload.get() {
                Upload::Waiting => {
                    view! {
                        <button type="button" class="button button-small" on:click=move |_| on_remove.run(key)>
                            {move || i18n.c().remove}
                        </button>
                    }
                        .into_any()
                }
                Upload::Sending(share) => {
                    view! {
                        <label class="upload-progress">
                            <span>{move || format!("{} {share} %", i18n.c().uploading)}</span>
                            <progress max="100" value=share.to_string() data-testid="photo-progress"></progress>
                        </label>
                    }
                        .into_any()
                }
                Upload::Done(_) => {
                    view! {
                        <span class="upload-done" data-testid="photo-done">
                            <progress max="100" value="100" data-testid="photo-progress"></progress>
                            {move || format!("✓ {}", i18n.c().uploaded)}
                        </span>
                    }
                        .into_any()
                }
                Upload::Failed(error) => {
                    let words = view! {
                        <p class="notice-words">{move || i18n.c().upload_failed}": "{
                            let error = error.clone();
                            move || i18n.lang().error(&error)
                        }</p>
                    };
                    // Before the case exists (a photo over core's limit): remove it; after: retry.
                    let action = match case_id.clone() {
                        Some(id) => {
                            let photo = retry_photo.clone();
                            view! {
                                <button
                                    type="button"
                                    class="button button-small"
                                    data-testid="photo-retry"
                                    on:click=move |_| start_upload(id.clone(), photo.clone())
                                >
                                    {move || i18n.c().retry}
                                </button>
                            }
                                .into_any()
                        }
                        None => view! {
                            <button type="button" class="button button-small" on:click=move |_| on_remove.run(key)>
                                {move || i18n.c().remove}
                            </button>
                        }
                            .into_any(),
                    };
                    view! { <div class="upload-failed" role="alert">{words}{action}</div> }.into_any()
                }
            }}
        </li>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.c().report_fault));
    view! {
        <SignedInOnly>
            <ReportForm />
        </SignedInOnly>
    }
}

#[component]
fn ReportForm() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let charger_id = query.with_untracked(|q| q.get("charger")).unwrap_or_default();
    let session_id = query.with_untracked(|q| q.get("session")).filter(|s| !s.is_empty());
    let given_connector = query
        .with_untracked(|q| q.get("connector"))
        .and_then(|c| c.parse::<u32>().ok());
    let charger = {
        let id = charger_id.clone();
        LocalResource::new(move || {
            let id = id.clone();
            async move {
                if id.is_empty() {
                    None
                } else {
                    Some(api::charger(&id).await)
                }
            }
        })
    };
    // A receipt's "Dispute this charge" comes with the payment category chosen.
    let given_category = query
        .with_untracked(|q| q.get("category"))
        .filter(|c| DRIVER_CATEGORIES.iter().any(|d| d.as_str() == c));
    let category = RwSignal::new(given_category.unwrap_or_else(|| DRIVER_CATEGORIES[0].as_str().to_string()));
    let connector = RwSignal::new(given_connector.unwrap_or(1));
    let description = RwSignal::new(String::new());
    let photos: RwSignal<Vec<PickedPhoto>> = RwSignal::new(Vec::new());
    let next_key = StoredValue::new(0usize);
    let problem: RwSignal<Option<&'static str>> = RwSignal::new(None);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let created: RwSignal<Option<CaseView>> = RwSignal::new(None);

    let on_files = move |ev: leptos::ev::Event| {
        let files = picked_files(&ev);
        let mut list = photos.get_untracked();
        let room = photo::MAX_PHOTOS_PER_CASE.saturating_sub(list.len());
        problem.set((files.len() > room).then_some(i18n.c().too_many_photos));
        for file in files.into_iter().take(room) {
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let preview = web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default();
            // Core's size limit, before a byte is sent; the server checks it again.
            let upload = match photo::check_size(file.size() as u64) {
                Ok(()) => Upload::Waiting,
                Err(refused) => Upload::Failed(ApiError::Problem(ladeklar_api::Problem {
                    code: ladeklar_api::ErrorCode::PhotoTooLarge,
                    title: String::new(),
                    status: 413,
                    detail: format!("{}: {refused}", file.name()),
                    ocpp_error_code: None,
                    field_problems: Vec::new(),
                })),
            };
            list.push(PickedPhoto {
                key,
                name: file.name(),
                preview,
                file: SendWrapper::new(file),
                upload: ArcRwSignal::new(upload),
            });
        }
        photos.set(list);
    };
    let remove = Callback::new(move |key: usize| photos.update(|list| list.retain(|p| p.key != key)));

    let charger_for_send = charger_id.clone();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let text = description.get_untracked().trim().to_string();
        if text.is_empty() {
            problem.set(Some(i18n.c().need_description));
            return;
        }
        problem.set(None);
        error.set(None);
        busy.set(true);
        let body = ReportFaultRequest {
            category: category.get_untracked(),
            description: text,
            charger_id: charger_for_send.clone(),
            connector_id: connector.get_untracked(),
            session_id: session_id.clone(),
        };
        leptos::task::spawn_local(async move {
            match api::report_fault(&body).await {
                Ok(case) => {
                    for photo in photos.get_untracked() {
                        if photo.upload.get_untracked() == Upload::Waiting {
                            start_upload(case.id.clone(), photo);
                        }
                    }
                    created.set(Some(case));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let categories = move || {
        DRIVER_CATEGORIES
            .iter()
            .map(|c| {
                let code = c.as_str();
                view! {
                    <label class="choice">
                        <input
                            type="radio"
                            name="category"
                            value=code
                            data-testid=format!("category-{code}")
                            prop:checked=move || category.get() == code
                            on:change=move |_| category.set(code.to_string())
                        />
                        <span>{move || i18n.lang().category_name(code)}</span>
                    </label>
                }
            })
            .collect_view()
    };

    let connectors = move || {
        charger.get().flatten().and_then(|c| c.ok()).map(|detail| {
            let options = detail
                .summary
                .connectors
                .iter()
                .map(|c| {
                    let id = c.connector_id;
                    view! { <option value=id.to_string() selected=move || connector.get() == id>{id}</option> }
                })
                .collect_view();
            view! {
                <p class="field-note">{detail.summary.site_name.clone()}" · "{format!("{}, {}", detail.summary.address, detail.summary.city)}</p>
                <label class="field">
                    <span>{move || i18n.c().connector}</span>
                    <select
                        data-testid="report-connector"
                        on:change=move |ev| {
                            if let Ok(id) = event_target_value(&ev).parse::<u32>() {
                                connector.set(id);
                            }
                        }
                    >
                        {options}
                    </select>
                </label>
            }
        })
    };

    let no_charger = charger_id.is_empty();
    view! {
        <section class="panel report" data-testid="report-page">
            <h1>{move || i18n.c().report_fault}</h1>
            {move || match created.get() {
                Some(case) => view! { <ReportSent case=case photos=photos /> }.into_any(),
                None if no_charger => view! {
                    <p>{move || i18n.c().report_intro}</p>
                    <p class="actions"><a class="button button-primary" href="/">{move || i18n.t().find_a_charger}</a></p>
                }
                .into_any(),
                None => view! {
                    <p>{move || i18n.c().report_intro}</p>
                    {move || charger.get().flatten().and_then(|c| c.err()).map(|error| view! { <ErrorNotice error=error retry=Callback::new(move |_| charger.refetch()) /> })}
                    <form class="form" on:submit=send.clone() novalidate=true>
                        {connectors}
                        <fieldset class="choices">
                            <legend>{move || i18n.c().what_is_wrong}</legend>
                            {categories()}
                        </fieldset>
                        <label class="field">
                            <span>{move || i18n.c().describe}</span>
                            <textarea
                                rows="4"
                                data-testid="report-description"
                                placeholder=move || i18n.c().describe_hint
                                prop:value=move || description.get()
                                on:input=move |ev| description.set(event_target_value(&ev))
                            ></textarea>
                        </label>
                        <div class="field">
                            <span>{move || i18n.c().photos}</span>
                            <p class="fine">{move || i18n.c().photos_hint}</p>
                            <ul class="photo-grid">
                                <For each=move || photos.get() key=|p| p.key let:photo>
                                    <PhotoTile photo=photo on_remove=remove />
                                </For>
                            </ul>
                            <Show when=move || { photos.with(|p| p.len()) < photo::MAX_PHOTOS_PER_CASE }>
                                <label class="button file-button">
                                    {move || i18n.c().add_photos}
                                    <input
                                        type="file"
                                        class="visually-hidden"
                                        accept="image/*"
                                        capture="environment"
                                        multiple=true
                                        data-testid="report-photos"
                                        on:change=on_files
                                    />
                                </label>
                            </Show>
                        </div>
                        {move || problem.get().map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> })}
                        {move || error.get().map(|error| view! { <ErrorNotice error=error /> })}
                        <p class="actions">
                            <button type="submit" class="button button-primary" data-testid="report-send" disabled=move || busy.get()>
                                {move || if busy.get() { i18n.c().sending } else { i18n.c().send_report }}
                            </button>
                        </p>
                    </form>
                }
                .into_any(),
            }}
        </section>
    }
}

/// After sending: the case number, what happens next, the expected resolution, the photos'
/// uploads.
#[component]
fn ReportSent(case: CaseView, photos: RwSignal<Vec<PickedPhoto>>) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = StoredValue::new(case.id.clone());
    let href = format!("/cases/{}", case.id);
    let has_photos = move || photos.with(|p| !p.is_empty());
    view! {
        <div class="report-sent" data-testid="report-sent" data-case-id=case.id.clone()>
            <p class="notice notice-ok" role="status">{move || i18n.c().case_opened}</p>
            <dl class="facts">
                <dt>{move || i18n.c().case_number}</dt>
                <dd class="case-number" data-testid="case-number">{format!("#{}", case.number)}</dd>
                <dt>{move || i18n.c().expected_resolution}</dt>
                <dd data-testid="expected-resolution">{
                    let (en, nb) = (case.expected_resolution.clone().unwrap_or_default(), case.expected_resolution_nb.clone());
                    move || match (i18n.lang(), &nb) {
                        (crate::i18n::Lang::Nb, Some(nb)) => nb.clone(),
                        _ => en.clone(),
                    }
                }</dd>
            </dl>
            <h2>{move || i18n.c().what_happens_next}</h2>
            <p>{move || i18n.c().next_steps}</p>
            <Show when=has_photos>
                <h2>{move || i18n.c().photos_title}</h2>
                <ul class="photo-grid">
                    <For each=move || photos.get() key=|p| p.key let:photo>
                        <PhotoTile photo=photo case_id=case_id.get_value() on_remove=Callback::new(|_| {}) />
                    </For>
                </ul>
            </Show>
            <p class="actions">
                <a class="button button-primary" href=href data-testid="follow-case">{move || i18n.c().follow_case}</a>
            </p>
        </div>
    }
}
