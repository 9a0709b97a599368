//! The slide viewer, the presenter view and the printable handout of a deck.
//!
//! The viewer shows one slide per screen with its number in the URL. Without JavaScript it is a
//! page with previous/next links; once hydrated it also answers the keyboard (←/→/Space/PageUp/
//! PageDown/Home/End, F for fullscreen, S for the presenter view) and clicks on the slide. The
//! presenter view opens in a second window; the two stay on the same slide through a
//! `BroadcastChannel` named after the deck (see `deck_sync`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use super::route_param;
use crate::api::course::get_deck_page;
use crate::components::layout::NotFound;
use crate::components::loading::load_page;
use domain::course::{DeckPage, Slide};

/// The slide number from the URL; 0 when it is not a number (which no slide has).
fn slide_number() -> Signal<usize> {
    let params = use_params_map();
    Signal::derive(move || {
        params
            .read()
            .get("n")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    })
}

#[component]
pub fn SlidesRoute() -> impl IntoView {
    load_page(
        route_param("id"),
        get_deck_page,
        |deck| view! { <SlideViewer deck/> },
    )
}

#[component]
pub fn PresenterRoute() -> impl IntoView {
    load_page(
        route_param("id"),
        get_deck_page,
        |deck| view! { <PresenterView deck/> },
    )
}

#[component]
pub fn HandoutRoute() -> impl IntoView {
    load_page(
        route_param("id"),
        get_deck_page,
        |deck| view! { <Handout deck/> },
    )
}

/// The address of slide `number` of a deck, in the viewer or the presenter view.
fn slide_href(module_id: &str, view: &str, number: usize) -> String {
    format!("/modules/{module_id}/{view}/{number}")
}

/// Wires the keyboard and the cross-window sync for one deck view (`view` is "slides" or
/// "presenter").
fn use_deck_controls(module_id: String, view: &'static str, total: usize, number: Signal<usize>) {
    let navigate = use_navigate();
    let go = {
        let module_id = module_id.clone();
        move |target: usize| {
            if (1..=total).contains(&target) && target != number.get_untracked() {
                navigate(
                    &slide_href(&module_id, view, target),
                    NavigateOptions::default(),
                );
            }
        }
    };
    let keys = {
        let go = go.clone();
        let module_id = module_id.clone();
        window_event_listener(leptos::ev::keydown, move |event| {
            if event.alt_key() || event.ctrl_key() || event.meta_key() || typing_in_a_field(&event)
            {
                return;
            }
            let current = number.get_untracked();
            let handled = match event.key().as_str() {
                "ArrowRight" | "ArrowDown" | " " | "PageDown" => {
                    go(current + 1);
                    true
                }
                "ArrowLeft" | "ArrowUp" | "PageUp" => {
                    go(current.saturating_sub(1));
                    true
                }
                "Home" => {
                    go(1);
                    true
                }
                "End" => {
                    go(total);
                    true
                }
                "f" | "F" => {
                    browser::toggle_fullscreen();
                    true
                }
                "s" | "S" if view == "slides" => {
                    browser::open_presenter(
                        &slide_href(&module_id, "presenter", current),
                        &module_id,
                    );
                    true
                }
                _ => false,
            };
            if handled {
                event.prevent_default();
            }
        })
    };
    on_cleanup(move || keys.remove());
    deck_sync::keep_in_step(&module_id, number, go);
}

fn typing_in_a_field(event: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        })
}

#[component]
fn SlideViewer(deck: DeckPage) -> impl IntoView {
    let number = slide_number();
    let total = deck.deck.slides.len();
    use_deck_controls(deck.module_id.clone(), "slides", total, number);
    let module_id = deck.module_id.clone();
    let module_title = deck.module_title.clone();
    let shown = Signal::derive(move || number.get().clamp(1, total.max(1)));
    super::record_progress_once(domain::progress::ItemKind::Deck, module_id.clone(), shown);
    let slides = deck.deck.slides;
    let on_stage_click = {
        let navigate = use_navigate();
        let module_id = module_id.clone();
        move |event: leptos::ev::MouseEvent| {
            if clicked_a_link(&event) {
                return;
            }
            let next = number.get_untracked() + 1;
            if next <= total {
                navigate(
                    &slide_href(&module_id, "slides", next),
                    NavigateOptions::default(),
                );
            }
        }
    };
    view! {
        {move || {
            let current = number.get();
            let Some(slide) = slides.get(current.wrapping_sub(1)).cloned() else {
                return view! { <NotFound/> }.into_any();
            };
            let module_id = module_id.clone();
            view! {
                <Title text=format!("{} · slide {current} of {total}", module_title)/>
                <div class="slide-viewer">
                    <h1 class="visually-hidden">{format!("{}: slides", module_title)}</h1>
                    <section class="slide-stage" tabindex="0" aria-roledescription="slide" aria-label=format!("Slide {current} of {total}") on:click=on_stage_click.clone()>
                        <div class="slide" inner_html=slide.html.clone()></div>
                        <ExerciseCard exercise=slide.exercise.clone() class_id=None/>
                        <super::live_check::CheckCard check=slide.check.clone()/>
                    </section>
                    <nav class="slide-controls" aria-label="Slides">
                        <SlideLink module_id=module_id.clone() view="slides" target=current.checked_sub(1).filter(|n| *n >= 1) label="← Previous" rel="prev"/>
                        <span class="slide-count" aria-live="polite">{format!("Slide {current} of {total}")}</span>
                        <SlideLink module_id=module_id.clone() view="slides" target=(current < total).then_some(current + 1) label="Next →" rel="next"/>
                    </nav>
                    <p class="slide-help">
                        "Keys: ← → Space PageUp PageDown to move, F fullscreen, S presenter view. "
                        <a href=format!("/modules/{}/presenter/{}", module_id, current) target="_blank">"Open the presenter view"</a>
                        " · "<a href=format!("/modules/{}", module_id)>"Back to the module"</a>
                    </p>
                </div>
            }.into_any()
        }}
    }
}

fn clicked_a_link(event: &leptos::ev::MouseEvent) -> bool {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a, button").ok().flatten())
        .is_some()
}

#[component]
fn SlideLink(
    module_id: String,
    view: &'static str,
    target: Option<usize>,
    label: &'static str,
    rel: &'static str,
) -> impl IntoView {
    match target {
        Some(n) => {
            view! { <a class="button" rel=rel href=slide_href(&module_id, view, n)>{label}</a> }
                .into_any()
        }
        None => {
            view! { <span class="button disabled" aria-disabled="true">{label}</span> }.into_any()
        }
    }
}

#[component]
fn PresenterView(deck: DeckPage) -> impl IntoView {
    let number = slide_number();
    let total = deck.deck.slides.len();
    use_deck_controls(deck.module_id.clone(), "presenter", total, number);
    let elapsed = elapsed_seconds();
    let module_id = deck.module_id.clone();
    let module_title = deck.module_title.clone();
    let slides = deck.deck.slides;
    view! {
        {move || {
            let current = number.get();
            let Some(slide) = slides.get(current.wrapping_sub(1)).cloned() else {
                return view! { <NotFound/> }.into_any();
            };
            let next: Option<Slide> = slides.get(current).cloned();
            let module_id = module_id.clone();
            view! {
                <Title text=format!("Presenter · {} · slide {current}", module_title)/>
                <div class="presenter">
                    <h1 class="visually-hidden">{format!("{}: presenter view", module_title)}</h1>
                    <div class="presenter-bar">
                        <span class="slide-count">{format!("Slide {current} of {total}")}</span>
                        <span class="timer" role="timer" aria-label="Elapsed time">{move || format_elapsed(elapsed.get())}</span>
                        <span class="planned">{format!("Planned: {} min", slide.minutes)}</span>
                        <SlideLink module_id=module_id.clone() view="presenter" target=current.checked_sub(1).filter(|n| *n >= 1) label="← Previous" rel="prev"/>
                        <SlideLink module_id=module_id.clone() view="presenter" target=(current < total).then_some(current + 1) label="Next →" rel="next"/>
                    </div>
                    <section class="presenter-current" aria-label="Current slide">
                        <h2 class="panel-title">"Current slide"</h2>
                        <div class="slide" inner_html=slide.html.clone()></div>
                        <ExerciseCard exercise=slide.exercise.clone() class_id=None/>
                        <super::live_check::CheckCard check=slide.check.clone()/>
                    </section>
                    <section class="presenter-next" aria-label="Next slide">
                        <h2 class="panel-title">"Next slide"</h2>
                        {match next {
                            Some(next) => view! { <div class="slide slide-small" inner_html=next.html></div> }.into_any(),
                            None => view! { <p>"End of the deck."</p> }.into_any(),
                        }}
                    </section>
                    <section class="presenter-notes" aria-label="Speaker notes">
                        <h2 class="panel-title">"Speaker notes"</h2>
                        <div class="notes" inner_html=slide.notes_html.clone()></div>
                    </section>
                </div>
            }.into_any()
        }}
    }
}

/// Seconds since the presenter view opened, ticking once a second in the browser.
fn elapsed_seconds() -> ReadSignal<u64> {
    let (elapsed, set_elapsed) = signal(0u64);
    Effect::new(move |_| {
        let started = js_now_ms();
        let handle = set_interval_with_handle(
            move || set_elapsed.set(((js_now_ms() - started) / 1000.0) as u64),
            std::time::Duration::from_secs(1),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    });
    elapsed
}

/// Milliseconds on the page's monotonic clock; 0 on the server, where nothing ticks.
fn js_now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    return web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0);
    #[cfg(not(feature = "hydrate"))]
    0.0
}

fn format_elapsed(seconds: u64) -> String {
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}

#[component]
fn Handout(deck: DeckPage) -> impl IntoView {
    let slides = deck
        .deck
        .slides
        .into_iter()
        .map(|slide| view! { <HandoutSlide slide/> })
        .collect_view();
    view! {
        <Title text=format!("{} · handout", deck.module_title)/>
        <article class="page handout">
            <p class="breadcrumb no-print"><a href=format!("/modules/{}", deck.module_id)>"Back to the module"</a></p>
            <h1>{format!("{}: slides and speaker notes", deck.module_title)}</h1>
            <p class="no-print">"Use your browser's Print command and choose “Save as PDF” for a copy. Each slide starts on a new page."</p>
            {slides}
        </article>
    }
}

/// One slide with its speaker notes, as printed: in a deck's handout and in the notebook.
#[component]
pub fn HandoutSlide(
    slide: Slide,
    /// Prefix of the slide's anchor, so that anchors stay unique when several decks share a page.
    #[prop(default = "")]
    anchor_prefix: &'static str,
    #[prop(optional)] module_id: String,
) -> impl IntoView {
    let anchor = format!("{anchor_prefix}{module_id}slide-{}", slide.number);
    view! {
        <section class="handout-slide" id=anchor aria-label=format!("Slide {}: {}", slide.number, slide.title)>
            <p class="handout-number">{format!("Slide {}", slide.number)}</p>
            <div class="slide slide-print" inner_html=slide.html></div>
            <div class="notes">
                <p class="panel-title">"Speaker notes"</p>
                <div inner_html=slide.notes_html></div>
            </div>
        </section>
    }
}

/// Browser-only actions; they do nothing during server rendering.
mod browser {
    pub fn toggle_fullscreen() {
        #[cfg(feature = "hydrate")]
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if document.fullscreen_element().is_some() {
                document.exit_fullscreen();
            } else if let Some(root) = document.document_element() {
                let _ = root.request_fullscreen();
            }
        }
    }

    pub fn open_presenter(href: &str, module_id: &str) {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.open_with_url_and_target_and_features(
                href,
                &format!("rmm-presenter-{module_id}"),
                "popup",
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (href, module_id);
    }
}

/// Keeping the viewer and the presenter window on the same slide. Each window announces the
/// slide it shows on a channel named after the deck and follows the slide the other announces;
/// since a window only moves when the announced slide differs from its own, the two settle at
/// once instead of echoing.
mod deck_sync {
    use leptos::prelude::*;

    #[cfg(feature = "hydrate")]
    pub fn keep_in_step(module_id: &str, number: Signal<usize>, go: impl Fn(usize) + 'static) {
        use send_wrapper::SendWrapper;
        use wasm_bindgen::{closure::Closure, JsCast, JsValue};

        let Ok(channel) = web_sys::BroadcastChannel::new(&format!("rmm-deck-{module_id}")) else {
            return;
        };
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
                if let Some(n) = message.data().as_f64() {
                    go(n as usize);
                }
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The closure must live as long as the channel; the channel is closed on cleanup, after
        // which the closure is never called again.
        on_message.forget();
        let channel = SendWrapper::new(channel);
        let announce = channel.clone();
        Effect::new(move |_| {
            let _ = announce.post_message(&JsValue::from(number.get() as u32));
        });
        on_cleanup(move || channel.close());
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn keep_in_step(_module_id: &str, _number: Signal<usize>, _go: impl Fn(usize) + 'static) {}
}

/// The card a slide shows when it launches an exercise: its title, its time and the way in
/// (into the class, during a live session).
#[component]
pub fn ExerciseCard(
    exercise: Option<domain::course::SlideExercise>,
    class_id: Option<domain::ids::ClassId>,
) -> impl IntoView {
    exercise.map(|exercise| {
        let href = match class_id {
            Some(class_id) => format!("/exercises/{}?class={class_id}", exercise.id),
            None => format!("/exercises/{}", exercise.id),
        };
        view! {
            <aside class="slide-exercise" aria-label="Exercise">
                <p class="slide-exercise-kicker">{format!("Exercise · {} · {} min", exercise.starts_at, exercise.minutes)}</p>
                <p><a class="button" href=href>{format!("Open: {}", exercise.title)}</a></p>
            </aside>
        }
    })
}
