//! `/classes/{id}/live`: the live session. Everyone in the class sees the slide the instructor
//! shows; the class's instructors also get the controls. The page listens to the server's event
//! stream for the class; every event carries the whole state and its version, and the stream
//! sends the current state first on every (re)connection, so a screen that lost its connection
//! catches up as soon as it is back. The quick check's part of the page is in `live_check`.

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::classes::access_view;
use super::live_check::{InstructorCheck, LearnerCheck};
use super::live_room::{InstructorRoom, LearnerRoom};
use super::route_param;
#[cfg(feature = "hydrate")]
use crate::api::course::get_deck_page;
use crate::api::live::{drive_live, get_live, LiveView};
use crate::api::Access;
use crate::components::loading::load_page;
use domain::live::{LiveChange, LiveState};

#[component]
pub fn LiveRoute() -> impl IntoView {
    let id = route_param("id");
    load_page(
        move || id().parse::<ClassId>().ok(),
        |id| async move {
            match id {
                Some(id) => get_live(id).await.map(Some),
                None => Ok(Some(Access::NotFound)),
            }
        },
        |access| access_view(access, |view| view! { <LivePage view/> }),
    )
}

#[component]
fn LivePage(view: LiveView) -> impl IntoView {
    let class_id: ClassId = view.class.id;
    let state = RwSignal::new(view.state.clone());
    let connected = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let may_drive = view.may_drive;
    connection::listen(class_id, state, connected);
    follow_pushes(state, view.state.pushed.clone(), may_drive);

    let deck = RwSignal::new(view.deck.clone());
    let total_slides =
        Signal::derive(move || deck.with(|d| d.as_ref().map_or(0, |d| d.deck.slides.len())));
    // When the instructor moves to another module, fetch that module's deck once (in the
    // browser: the server renders the deck it was given).
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let wanted = state.with(|s| s.module_id.clone());
        if deck.with_untracked(|d| d.as_ref().map(|d| d.module_id.clone())) != Some(wanted.clone())
        {
            spawn_local(async move {
                if let Ok(Some(next)) = get_deck_page(wanted).await {
                    deck.set(Some(next));
                }
            });
        }
    });

    let drive = move |change: LiveChange| {
        spawn_local(async move {
            match drive_live(class_id, change).await {
                Ok(Access::Granted(next)) => {
                    problem.set(None);
                    if next.version > state.get_untracked().version {
                        state.set(next);
                    }
                }
                Ok(_) => problem.set(Some("You may no longer drive this class.".into())),
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    if may_drive {
        let keys = window_event_listener(leptos::ev::keydown, move |event| {
            let current = state.get_untracked();
            let last = total_slides.get_untracked();
            let target = match event.key().as_str() {
                "ArrowRight" | "PageDown" | " " if current.slide < last => current.slide + 1,
                "ArrowLeft" | "PageUp" if current.slide > 1 => current.slide - 1,
                _ => return,
            };
            event.prevent_default();
            drive(LiveChange::GoTo {
                module_id: current.module_id,
                slide: target,
            });
        });
        on_cleanup(move || keys.remove());
    }

    let slide_check = Signal::derive(move || {
        let number = state.with(|s| s.slide);
        deck.with(|d| {
            d.as_ref()
                .and_then(|d| d.deck.slides.get(number.wrapping_sub(1)))
                .and_then(|slide| slide.check.clone())
        })
    });
    let slide_view = move || {
        let Some(deck) = deck.get() else {
            return view! { <p>"This module's slides are not available."</p> }.into_any();
        };
        let number = state.with(|s| s.slide);
        let total = deck.deck.slides.len();
        match deck.deck.slides.get(number.wrapping_sub(1)) {
                Some(slide) => view! {
                    <p class="live-module">{deck.module_title.clone()}</p>
                    <section class="slide-stage live-stage" tabindex="0" aria-roledescription="slide" aria-label=format!("Live slide {number} of {total}")>
                        <div class="slide" inner_html=slide.html.clone()></div>
                        <super::slides::ExerciseCard exercise=slide.exercise.clone() class_id=Some(class_id)/>
                    </section>
                    <p class="slide-count live-slide-count" aria-live="polite">{format!("Slide {number} of {total}")}</p>
                }
                .into_any(),
                None => view! { <p>"The instructor is between slides."</p> }.into_any(),
            }
    };
    let class_name = view.class.name.clone();
    view! {
        <Title text=format!("{} · live", class_name)/>
        <article class="page live" data-live-version=move || state.with(|s| s.version)>
            <p class="breadcrumb"><a href=format!("/classes/{class_id}")>{class_name.clone()}</a></p>
            <h1>{format!("{class_name}: live session")}</h1>
            <p class="live-status" role="status">
                {move || if state.with(|s| s.active) { "Live now: your screen follows the instructor." } else { "The live session is not running. This page will follow it when it starts." }}
                {move || (!connected.get()).then_some(" (connecting…)")}
            </p>
            {move || problem.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {slide_view}
            {(!may_drive).then(|| view! {
                <LearnerCheck class_id state initial=view.check.clone()/>
                <LearnerRoom class_id initial=view.room.clone()/>
            })}
            {may_drive.then(|| view! {
                <LiveControls state drive total_slides modules=view.modules.clone() exercises=view.exercises.clone() class_id=view.class.id/>
                <InstructorCheck class_id state drive slide_check initial=view.check.clone()/>
                <InstructorRoom class_id initial=view.room.clone()/>
            })}
            {(!may_drive).then(|| view! {
                <p class="live-away">
                    <a href=move || format!("/modules/{}", state.with(|s| s.module_id.clone()))>"Step away and browse"</a>
                    " — come back with “Re-join live” at the top of any page."
                </p>
            })}
        </article>
    }
}

#[component]
fn LiveControls(
    state: RwSignal<LiveState>,
    drive: impl Fn(LiveChange) + Copy + Send + Sync + 'static,
    total_slides: Signal<usize>,
    modules: Vec<domain::course::ModuleLink>,
    exercises: Vec<domain::course::ModuleLink>,
    class_id: ClassId,
) -> impl IntoView {
    let current = move || state.get();
    let chosen_exercise =
        RwSignal::new(exercises.first().map(|e| e.id.clone()).unwrap_or_default());
    let exercise_titles = exercises.clone();
    view! {
        <section class="live-controls" aria-labelledby="live-controls-title">
            <h2 id="live-controls-title">"Instructor controls"</h2>
            <div class="control-row">
                {move || if current().active {
                    view! { <button class="button secondary" on:click=move |_| drive(LiveChange::Stop)>"End live session"</button> }.into_any()
                } else {
                    view! { <button class="button" on:click=move |_| drive(LiveChange::Start { module_id: String::new() })>"Start live session"</button> }.into_any()
                }}
                <button class="button" disabled={move || current().slide <= 1}
                    on:click=move |_| { let s = current(); drive(LiveChange::GoTo { module_id: s.module_id, slide: s.slide - 1 }) }>"← Previous slide"</button>
                <button class="button" disabled={move || current().slide >= total_slides.get()}
                    on:click=move |_| { let s = current(); drive(LiveChange::GoTo { module_id: s.module_id, slide: s.slide + 1 }) }>"Next slide →"</button>
            </div>
            <div class="control-row">
                <label for="live-module">"Module"</label>
                <select id="live-module" on:change=move |event| drive(LiveChange::GoTo { module_id: event_target_value(&event), slide: 1 })>
                    {modules.into_iter().map(|m| {
                        let id = m.id.clone();
                        view! { <option value=m.id selected=move || state.with(|s| s.module_id == id)>{m.title}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="control-row">
                <button class="button secondary" on:click=move |_| {
                    let s = current();
                    drive(LiveChange::Push { url: format!("/modules/{}/lesson", s.module_id), label: "this module's lesson".into() })
                }>"Open the lesson for everyone"</button>
                <button class="button secondary" on:click=move |_| {
                    let s = current();
                    drive(LiveChange::Push { url: format!("/modules/{}", s.module_id), label: "this module's page".into() })
                }>"Open the module page for everyone"</button>
            </div>
            <div class="control-row">
                <label for="live-exercise">"Exercise"</label>
                <select id="live-exercise" on:change=move |event| chosen_exercise.set(event_target_value(&event))>
                    {exercises.into_iter().map(|e| view! { <option value=e.id>{e.title}</option> }).collect_view()}
                </select>
                <button class="button secondary" on:click=move |_| {
                    let id = chosen_exercise.get();
                    let label = exercise_titles.iter().find(|e| e.id == id).map(|e| e.title.clone()).unwrap_or_default();
                    drive(LiveChange::Push { url: format!("/exercises/{id}?class={class_id}"), label })
                }>"Open the exercise for everyone"</button>
            </div>
            <div class="control-row">
                <button class="button secondary" on:click=move |_| {
                    drive(LiveChange::Push { url: format!("/appraisal?class={class_id}"), label: "the appraisal workspace".into() })
                }>"Open the appraisal for everyone"</button>
                <a class="button secondary" href=format!("/classes/{class_id}/appraisal")>"Appraisal heatmap (reveal the key there)"</a>
            </div>
            <p class="help">{move || format!("Slide {} of {} · keys ← → PageUp PageDown Space move every screen in the class.", current().slide, total_slides.get())}</p>
        </section>
    }
}

/// Learners follow what the instructor pushes: a push newer than the one on the page when it
/// opened takes them there. (The instructor stays on the controls.)
fn follow_pushes(
    state: RwSignal<LiveState>,
    pushed_at_open: Option<domain::live::PushedItem>,
    may_drive: bool,
) {
    if may_drive {
        return;
    }
    let navigate = use_navigate();
    let last_seen = StoredValue::new(pushed_at_open);
    Effect::new(move |_| {
        let pushed = state.with(|s| s.pushed.clone());
        if pushed.is_some() && pushed != last_seen.get_value() {
            last_seen.set_value(pushed.clone());
            if let Some(item) = pushed.filter(|item| domain::links::is_local_path(&item.url)) {
                navigate(&item.url, NavigateOptions::default());
            }
        }
    });
}

/// The event stream, in the browser only.
mod connection {
    use leptos::prelude::*;

    use domain::ids::ClassId;
    use domain::live::LiveState;

    #[cfg(feature = "hydrate")]
    pub fn listen(class_id: ClassId, state: RwSignal<LiveState>, connected: RwSignal<bool>) {
        use send_wrapper::SendWrapper;
        use wasm_bindgen::{closure::Closure, JsCast};

        let Ok(source) = web_sys::EventSource::new(&format!("/classes/{class_id}/live/events"))
        else {
            return;
        };
        let on_state =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                connected.set(true);
                let Some(text) = event.data().as_string() else {
                    return;
                };
                if let Ok(next) = serde_json::from_str::<LiveState>(&text) {
                    if next.version > state.get_untracked().version {
                        state.set(next);
                    }
                }
            });
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| connected.set(false));
        let _ = source.add_event_listener_with_callback("state", on_state.as_ref().unchecked_ref());
        let _ = source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        // The closures live as long as the stream, which is closed when the page goes away.
        on_state.forget();
        on_error.forget();
        let source = SendWrapper::new(source);
        on_cleanup(move || source.close());
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn listen(_class_id: ClassId, _state: RwSignal<LiveState>, _connected: RwSignal<bool>) {}
}
