//! `/cases`: the driver's cases; `/cases/:id`: one case, pushed live — status, which line has
//! it (never a person's name), the expected resolution, the timeline, the photos, and when
//! the fix is in, "Is it working now?".

use ladeklar_api::{CasePhoto, CaseView, TimelineEntry};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use ladeklar_core::support::photo;
use send_wrapper::SendWrapper;

use crate::api::{self, ApiError, LiveCase};
use crate::components::notice::ErrorNotice;
use crate::components::require::SignedInOnly;
use crate::i18n::{use_i18n, Lang};
use crate::platform;
use crate::routes::report::{picked_files, start_upload, PhotoTile, PickedPhoto, Upload};

#[component]
pub fn MyCasesPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.c().my_cases));
    view! {
        <SignedInOnly>
            <MyCases />
        </SignedInOnly>
    }
}

#[component]
fn MyCases() -> impl IntoView {
    let i18n = use_i18n();
    let cases = LocalResource::new(api::my_cases);
    view! {
        <section class="panel" data-testid="my-cases">
            <h1>{move || i18n.c().my_cases}</h1>
            <Transition fallback=move || view! { <p class="loading" role="status">{move || i18n.c().loading_cases}</p> }>
                {move || Suspend::new(async move {
                    match cases.await {
                        Ok(list) if list.cases.is_empty() => {
                            view! {
                                <p class="empty" data-testid="no-cases">{move || i18n.c().no_cases}</p>
                                <p class="actions"><a class="button" href="/">{move || i18n.t().find_a_charger}</a></p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            let rows = list
                                .cases
                                .into_iter()
                                .map(|case| {
                                    let (state, category) = (case.state.clone(), case.category.clone());
                                    let line = case.line.clone();
                                    view! {
                                        <li>
                                            <a class="case-row" href=format!("/cases/{}", case.id) data-testid="case-row">
                                                <span class="case-number">{format!("#{}", case.number)}</span>
                                                <span class="case-what">{move || i18n.lang().category_name(&category)}</span>
                                                <span class="case-state">{move || i18n.lang().case_state(&state)}</span>
                                                <span class="fine">{move || i18n.lang().line_name(line.as_deref())}</span>
                                                <span class="fine">{move || platform::local_date_time(case.opened_at, i18n.lang())}</span>
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view();
                            view! { <ul class="case-list">{rows}</ul> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error=error retry=Callback::new(move |_| cases.refetch()) /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The case, held and replaced by every live event; the stream's state.
pub fn live_case(id: String) -> (RwSignal<Option<Result<CaseView, ApiError>>>, RwSignal<bool>) {
    let case: RwSignal<Option<Result<CaseView, ApiError>>> = RwSignal::new(None);
    let live = RwSignal::new(false);
    // The stream lives as long as the page.
    let stream = LiveCase::open(
        &id,
        move |view| {
            // A broken event does not hide the case already shown.
            match view {
                Ok(view) => case.set(Some(Ok(view))),
                Err(e) if case.with_untracked(|c| c.is_none()) => case.set(Some(Err(e))),
                Err(e) => leptos::logging::warn!("live case: {e:?}"),
            }
        },
        move |open| live.set(open),
    );
    match stream {
        Ok(stream) => {
            let held = StoredValue::new_local(Some(stream));
            on_cleanup(move || held.set_value(None));
        }
        Err(e) => case.set(Some(Err(e))),
    }
    // The stream sends the case first; a GET covers a stream that cannot open (a 404 says why).
    leptos::task::spawn_local(async move {
        let first = api::case(&id).await;
        if case.with_untracked(|c| c.is_none()) || first.is_err() {
            case.set(Some(first));
        }
    });
    (case, live)
}

#[component]
pub fn CasePage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| platform::set_title(i18n.c().support_case));
    view! {
        <SignedInOnly>
            <DriverCase />
        </SignedInOnly>
    }
}

#[component]
fn DriverCase() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    let (case, live) = live_case(id);
    // Owned by this page, not by one version of the case: an answer may come back after a
    // live event replaced the view that asked.
    let on_change = Callback::new(move |v| case.set(Some(Ok(v))));
    // Photos added here upload on, whatever live event replaces the view meanwhile.
    let adding: RwSignal<Vec<PickedPhoto>> = RwSignal::new(Vec::new());
    move || match case.get() {
        None => view! { <p class="loading" role="status">{move || i18n.c().loading_case}</p> }.into_any(),
        Some(Err(error)) => view! { <section class="panel"><ErrorNotice error=error /></section> }.into_any(),
        Some(Ok(view)) => view! { <DriverCaseView case=view live=live on_change=on_change adding=adding /> }.into_any(),
    }
}

/// More photos for a case already open: each uploads at once, with its progress and a retry;
/// once stored it shows with the case's photos.
#[component]
fn AddPhotos(case_id: String, stored: usize, adding: RwSignal<Vec<PickedPhoto>>) -> impl IntoView {
    let i18n = use_i18n();
    let problem: RwSignal<Option<&'static str>> = RwSignal::new(None);
    let case_id = StoredValue::new(case_id);
    let in_flight = move || {
        adding.with(|list| {
            list.iter()
                .filter(|p| matches!(p.upload.get(), Upload::Waiting | Upload::Sending(_)))
                .count()
        })
    };
    let room = move || photo::MAX_PHOTOS_PER_CASE.saturating_sub(stored + in_flight());
    let on_files = move |ev: leptos::ev::Event| {
        let files = picked_files(&ev);
        let room = room();
        problem.set((files.len() > room).then_some(i18n.c().too_many_photos));
        for file in files.into_iter().take(room) {
            let key = adding.with_untracked(|l| l.iter().map(|p| p.key + 1).max().unwrap_or(0));
            let too_large = photo::check_size(file.size() as u64).err().map(|refused| {
                ApiError::Problem(ladeklar_api::Problem {
                    code: ladeklar_api::ErrorCode::PhotoTooLarge,
                    title: String::new(),
                    status: 413,
                    detail: format!("{}: {refused}", file.name()),
                    ocpp_error_code: None,
                    field_problems: Vec::new(),
                })
            });
            let picked = PickedPhoto {
                key,
                name: file.name(),
                preview: web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default(),
                file: SendWrapper::new(file),
                upload: ArcRwSignal::new(too_large.clone().map_or(Upload::Waiting, Upload::Failed)),
            };
            adding.update(|l| l.push(picked.clone()));
            if too_large.is_none() {
                start_upload(case_id.get_value(), picked);
            }
        }
    };
    let remove = Callback::new(move |key: usize| adding.update(|l| l.retain(|p| p.key != key)));
    // Stored photos show with the case's photos; the tiles here are the ones still going.
    let unfinished = move || {
        adding
            .get()
            .into_iter()
            .filter(|p| !matches!(p.upload.get(), Upload::Done(_)))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="add-photos" aria-labelledby="add-photos-title">
            <h2 id="add-photos-title" class="visually-hidden">{move || i18n.c().add_photos}</h2>
            <ul class="photo-grid">
                <For each=unfinished key=|p| p.key let:photo>
                    <PhotoTile photo=photo case_id=case_id.get_value() on_remove=remove />
                </For>
            </ul>
            {move || problem.get().map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> })}
            <Show when=move || { room() > 0 }>
                <label class="button file-button">
                    {move || i18n.c().add_photos}
                    <input
                        type="file"
                        class="visually-hidden"
                        accept="image/*"
                        capture="environment"
                        multiple=true
                        data-testid="case-add-photos"
                        on:change=on_files
                    />
                </label>
            </Show>
        </section>
    }
}

#[component]
fn DriverCaseView(
    case: CaseView,
    live: RwSignal<bool>,
    on_change: Callback<CaseView>,
    adding: RwSignal<Vec<PickedPhoto>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (state, category, line) = (case.state.clone(), case.category.clone(), case.line.clone());
    view! {
        <article class="panel case" data-testid="case-page" data-state=case.state.clone() data-line=case.line.clone().unwrap_or_default()>
            <header class="panel-head">
                <h1>
                    {move || i18n.c().support_case}" "
                    <span data-testid="case-number">{format!("#{}", case.number)}</span>
                </h1>
                <p class="fine" role="status">
                    {move || if live.get() { i18n.c().live_updates } else { i18n.c().live_lost }}
                </p>
            </header>
            <dl class="facts">
                <dt>{move || i18n.c().status}</dt>
                <dd data-testid="case-state">{move || i18n.lang().case_state(&state)}</dd>
                <dt>{move || i18n.c().who_has_it}</dt>
                <dd data-testid="case-line">{move || i18n.lang().line_name(line.as_deref())}</dd>
                <dt>{move || i18n.c().category}</dt>
                <dd>{move || i18n.lang().category_name(&category)}</dd>
                <dt>{move || i18n.c().opened}</dt>
                <dd>{
                    let opened = case.opened_at;
                    move || platform::local_date_time(opened, i18n.lang())
                }</dd>
                <dt>{move || i18n.c().charger}</dt>
                <dd>{format!("{} · {}", case.charger_id.clone().unwrap_or_default(), case.connector_id.map(|c| c.to_string()).unwrap_or_default())}</dd>
                {case.expected_resolution.clone().map(|en| {
                    let nb = case.expected_resolution_nb.clone();
                    view! {
                        <dt>{move || i18n.c().expected_resolution}</dt>
                        <dd data-testid="expected-resolution">{move || match (i18n.lang(), &nb) {
                            (Lang::Nb, Some(nb)) => nb.clone(),
                            _ => en.clone(),
                        }}</dd>
                    }
                })}
            </dl>
            <p class="case-description">{case.description.clone()}</p>
            {case.awaiting_confirmation.then(|| view! { <ConfirmQuestion id=case.id.clone() on_change=on_change /> })}
            <CasePhotos photos=case.photos.clone() />
            {(!matches!(case.state.as_str(), "closed" | "cancelled" | "duplicate")).then(|| view! {
                <AddPhotos case_id=case.id.clone() stored=case.photos.len() adding=adding />
            })}
            <Timeline entries=case.timeline.clone() />
            <p class="actions"><a class="button" href="/cases">{move || i18n.c().my_cases}</a></p>
        </article>
    }
}

/// "Is it working now?" with Yes / No.
#[component]
fn ConfirmQuestion(id: String, on_change: Callback<CaseView>) -> impl IntoView {
    let i18n = use_i18n();
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let id = StoredValue::new(id);
    let answer = move |working: bool| {
        busy.set(true);
        let text = comment.get_untracked().trim().to_string();
        leptos::task::spawn_local(async move {
            let answer = api::answer_case(&id.get_value(), working, (!text.is_empty()).then_some(text)).await;
            // The new case replaces this view (and its signals): nothing is set after it.
            match answer {
                Ok(view) => on_change.run(view),
                // The view may have been replaced by a live event meanwhile.
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    view! {
        <section class="confirm-question" data-testid="confirm-question" aria-labelledby="confirm-title">
            <h2 id="confirm-title">{move || i18n.c().is_it_working}</h2>
            <p>{move || i18n.c().is_it_working_words}</p>
            <label class="field">
                <span>{move || i18n.c().what_still_wrong}</span>
                <input type="text" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev)) />
            </label>
            {move || error.get().map(|error| view! { <ErrorNotice error=error /> })}
            <p class="actions">
                <button type="button" class="button button-primary" data-testid="answer-yes" disabled=move || busy.get() on:click=move |_| answer(true)>
                    {move || i18n.c().yes}
                </button>
                <button type="button" class="button" data-testid="answer-no" disabled=move || busy.get() on:click=move |_| answer(false)>
                    {move || i18n.c().no}
                </button>
            </p>
        </section>
    }
}

/// The case's photos as thumbnails, each a link to the photo.
#[component]
pub fn CasePhotos(photos: Vec<CasePhoto>) -> impl IntoView {
    let i18n = use_i18n();
    (!photos.is_empty()).then(|| {
        let tiles = photos
            .into_iter()
            .map(|p| {
                view! {
                    <li class="photo-tile">
                        <a href=api::media_src(&p.url) target="_blank" rel="noopener" data-testid="case-photo" data-url=p.url.clone()>
                            <img class="photo-thumb" src=api::media_src(&p.thumbnail_url) alt=format!("{} × {}", p.width, p.height) />
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section>
                <h2>{move || i18n.c().photos_title}</h2>
                <ul class="photo-grid">{tiles}</ul>
            </section>
        }
    })
}

/// The case's timeline, newest last; each line by a role or a line, never a person. For
/// `staff` the reporter is "Driver", for the driver "You".
#[component]
pub fn Timeline(entries: Vec<TimelineEntry>, #[prop(optional)] staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    let empty = entries.is_empty();
    let items = entries
        .into_iter()
        .map(|entry| {
            let actor = if staff && entry.actor == "driver" { "reporter".to_string() } else { entry.actor.clone() };
            let at = entry.at;
            view! {
                <li class="timeline-entry" data-kind=entry.kind.clone() data-testid="timeline-entry">
                    <span class="fine">{move || platform::local_date_time(at, i18n.lang())}" · "{move || i18n.lang().actor_name(&actor)}</span>
                    <span>{
                        let (en, nb) = (entry.text.clone(), entry.text_nb.clone());
                        move || match (i18n.lang(), &nb) {
                            (Lang::Nb, Some(nb)) => nb.clone(),
                            _ => en.clone(),
                        }
                    }</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{move || i18n.c().timeline}</h2>
            {empty.then(|| view! { <p class="empty">{move || i18n.c().no_timeline}</p> })}
            <ol class="timeline" data-testid="timeline">{items}</ol>
        </section>
    }
}
