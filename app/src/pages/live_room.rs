//! The room on the live page: questions (posted, upvoted; pinned, answered, hidden by the
//! instructor) and signals (a raised hand, "too fast", "too slow", "you lost me").
//!
//! Both are plain forms that post without JavaScript (the page comes back with the change); with
//! it, they go through server functions and the page asks for the room again every
//! `LEARNER_EVERY_MS` (learners) or `INSTRUCTOR_EVERY_MS` (instructors), rather than every
//! question and signal being pushed to every screen.

use domain::ids::ClassId;
use leptos::prelude::*;

use crate::api::live_room::RoomView;
use domain::live_room::{Question, QuestionChange, SignalKind};

const LEARNER_EVERY_MS: u64 = 3_000;
const INSTRUCTOR_EVERY_MS: u64 = 1_500;

/// Asks for the room again and keeps it in `room`.
fn refresh(class_id: ClassId, by_time: bool, room: RwSignal<Option<RoomView>>) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Ok(crate::api::Access::Granted(next)) =
            crate::api::live_room::get_live_room(class_id, by_time).await
        {
            room.set(Some(next));
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (class_id, by_time, room);
}

/// Refreshes the room every `every_ms` while the page is open (in the browser).
fn keep_fresh(
    class_id: ClassId,
    by_time: Signal<bool>,
    room: RwSignal<Option<RoomView>>,
    every_ms: u64,
) {
    #[cfg(feature = "hydrate")]
    if let Ok(handle) = set_interval_with_handle(
        move || refresh(class_id, by_time.get_untracked(), room),
        std::time::Duration::from_millis(every_ms),
    ) {
        on_cleanup(move || handle.clear());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (class_id, by_time, room, every_ms);
}

/// Runs `call` (a server function) and then refreshes the room; a refusal shows in `problem`.
fn act<F, Fut>(
    class_id: ClassId,
    room: RwSignal<Option<RoomView>>,
    problem: RwSignal<Option<String>>,
    call: F,
) where
    F: FnOnce() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<crate::api::Access<()>, ServerFnError>> + 'static,
{
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        match call().await {
            Ok(crate::api::Access::Granted(())) => problem.set(None),
            Ok(_) => problem.set(Some("You cannot do this in this class.".into())),
            Err(error) => problem.set(Some(error.to_string())),
        }
        refresh(class_id, false, room);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (class_id, room, problem, call);
}

/// The learner's part: their signals, the question form and the room's questions (without
/// authors).
#[component]
pub fn LearnerRoom(class_id: ClassId, initial: Option<RoomView>) -> impl IntoView {
    let room = RwSignal::new(initial);
    let problem = RwSignal::new(None::<String>);
    keep_fresh(class_id, Signal::stored(false), room, LEARNER_EVERY_MS);
    let mine = move |kind: SignalKind| {
        room.with(|r| r.as_ref().is_some_and(|r| r.signals.mine.contains(&kind)))
    };
    let signals = SignalKind::ALL.into_iter().map(move |kind| {
        let toggle = move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let raised = !mine(kind);
            act(class_id, room, problem, move || {
                crate::api::live_room::set_live_signal(class_id, kind.code().to_string(), raised)
            });
        };
        view! {
            <form method="post" action=format!("/classes/{class_id}/live/signals") on:submit=toggle class="inline-form">
                <input type="hidden" name="kind" value=kind.code()/>
                <input type="hidden" name="action" value=move || if mine(kind) { "lower" } else { "raise" }/>
                <button type="submit" class="button secondary" aria-pressed=move || mine(kind).to_string()>
                    {move || if mine(kind) { format!("{} (on: lower it)", kind.label()) } else { kind.label().to_string() }}
                </button>
            </form>
        }
    }).collect_view();
    let lifetime = domain::live_room::signal_lifetime(room.with_untracked(|r| {
        r.as_ref()
            .map_or(domain::live_room::DEFAULT_SIGNAL_SECONDS, |r| {
                r.signal_seconds
            })
    }));
    let text = RwSignal::new(String::new());
    let post = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = text.get_untracked();
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match crate::api::live_room::post_live_question(class_id, typed).await {
                Ok(crate::api::Access::Granted(_)) => {
                    problem.set(None);
                    text.set(String::new());
                }
                Ok(_) => problem.set(Some("You cannot post questions in this class.".into())),
                Err(error) => problem.set(Some(error.to_string())),
            }
            refresh(class_id, false, room);
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = typed;
    };
    view! {
        <section id="signals" class="live-signals" aria-labelledby="signals-title">
            <h2 id="signals-title">"Signals to the instructor"</h2>
            <p class="help">{format!("Only the instructor sees them; each lowers itself after {lifetime}.")}</p>
            <div class="control-row">{signals}</div>
        </section>
        <section id="questions" class="live-questions" aria-labelledby="questions-title">
            <h2 id="questions-title">"Questions"</h2>
            <p class="help">"Others see your question but not that it is yours; upvote the ones you want answered."</p>
            <form method="post" action=format!("/classes/{class_id}/live/questions") on:submit=post class="question-form">
                <label for="question-text">"Your question"</label>
                <textarea id="question-text" name="text" rows="3" maxlength="500" required bind:value=text></textarea>
                <button type="submit" class="button">"Post question"</button>
            </form>
            {move || problem.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <ul class="question-list">
                {move || room.get().map(|r| r.questions).unwrap_or_default().into_iter().map(|q| view! { <LearnerQuestion class_id question=q room problem/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn LearnerQuestion(
    class_id: ClassId,
    question: Question,
    room: RwSignal<Option<RoomView>>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = question.id;
    let upvote = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        act(class_id, room, problem, move || {
            crate::api::live_room::upvote_live_question(class_id, id)
        });
    };
    let can_vote = !question.mine && !question.voted;
    let votes = format!(
        "{} {}",
        question.votes,
        if question.votes == 1 {
            "upvote"
        } else {
            "upvotes"
        }
    );
    view! {
        <li class="question" class:answered=question.answered class:pinned=question.pinned>
            <div class="question-text" inner_html=question.html></div>
            <p class="question-meta">
                {question.pinned.then_some("Pinned · ")}
                {question.answered.then_some("Answered · ")}
                {question.mine.then_some("Yours · ")}
                {votes}
            </p>
            {can_vote.then(|| view! {
                <form method="post" action=format!("/classes/{class_id}/live/questions/{id}/upvote") on:submit=upvote class="inline-form">
                    <button type="submit" class="button secondary">"Upvote"</button>
                </form>
            })}
            {question.voted.then_some(view! { <p class="help">"You upvoted this."</p> })}
        </li>
    }
}

/// The instructor's part: the signals' counts and who has a hand up, and the questions with their
/// authors, ordered by votes or time, to pin, mark answered or hide.
#[component]
pub fn InstructorRoom(class_id: ClassId, initial: Option<RoomView>) -> impl IntoView {
    let room = RwSignal::new(initial);
    let problem = RwSignal::new(None::<String>);
    let by_time = RwSignal::new(false);
    keep_fresh(class_id, by_time.into(), room, INSTRUCTOR_EVERY_MS);
    let counts = move || {
        room.get().map(|r| {
            let hands = if r.signals.hands.is_empty() {
                "No hands up.".to_string()
            } else {
                format!("Hands up: {}", r.signals.hands.join(", "))
            };
            let list = r.signals.counts.into_iter().map(|(kind, n)| view! {
                <li><span class="signal-name">{kind.label()}</span>": "<strong>{n}</strong></li>
            }).collect_view();
            view! { <ul class="signal-counts">{list}</ul><p class="signal-hands" aria-live="polite">{hands}</p> }
        })
    };
    let change = move |id: i64, change: QuestionChange| {
        act(class_id, room, problem, move || {
            crate::api::live_room::change_live_question(class_id, id, change)
        });
    };
    let questions = move || {
        room.get().map(|r| r.questions).unwrap_or_default().into_iter().map(|q| {
            let id = q.id;
            view! {
                <li class="question" class:answered=q.answered class:pinned=q.pinned>
                    <div class="question-text" inner_html=q.html></div>
                    <p class="question-meta">{format!("{} · {} upvotes{}{}", q.author.unwrap_or_default(), q.votes, if q.pinned { " · pinned" } else { "" }, if q.answered { " · answered" } else { "" })}</p>
                    <div class="control-row">
                        <button class="button secondary" on:click=move |_| change(id, QuestionChange::Pin(!q.pinned))>{if q.pinned { "Unpin" } else { "Pin" }}</button>
                        <button class="button secondary" on:click=move |_| change(id, QuestionChange::Answered(!q.answered))>{if q.answered { "Mark unanswered" } else { "Mark answered" }}</button>
                        <button class="button secondary" on:click=move |_| change(id, QuestionChange::Hide)>"Hide"</button>
                    </div>
                </li>
            }
        }).collect_view()
    };
    view! {
        <section class="room-controls" aria-labelledby="room-signals-title">
            <h3 id="room-signals-title">"Signals from the room"</h3>
            {counts}
        </section>
        <section class="room-controls" aria-labelledby="room-questions-title">
            <h3 id="room-questions-title">"Questions from the room"</h3>
            <p class="control-row">
                <button class="button secondary" aria-pressed=move || (!by_time.get()).to_string() on:click=move |_| { by_time.set(false); refresh(class_id, false, room) }>"By votes"</button>
                <button class="button secondary" aria-pressed=move || by_time.get().to_string() on:click=move |_| { by_time.set(true); refresh(class_id, true, room) }>"By time"</button>
                <a class="button secondary" href=format!("/classes/{class_id}/live/questions.csv")>"Export questions (CSV)"</a>
                <a class="button secondary" href=format!("/classes/{class_id}/live/record")>"Session record and attendance"</a>
            </p>
            {move || problem.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <ul class="question-list">{questions}</ul>
        </section>
    }
}
