//! The quick check on the live page: the learner's answer form and, once shown, the room's
//! results; the instructor's controls and the counts as answers arrive.
//!
//! The live state says which check runs and whether it is open, shown or revealed, and reaches
//! every screen by the event stream; the answers and the counts do not (one event per answer to
//! every screen would be hundreds of thousands of events in a big class). A learner's screen asks
//! for the check's view (`get_live_check`) when the state changes; the instructor's screen asks
//! for the counts every `COUNTS_EVERY_MS` while the check is open. Without JavaScript the answer
//! form posts to a plain route and the page comes back with the answer (and the results, once
//! shown).

use domain::ids::ClassId;
use leptos::prelude::*;

use crate::api::live::CheckView;
use crate::components::check_results::results_html;
use domain::live::{CheckSource, LiveChange, LiveCheck, LiveState};
use domain::quick_check::{CheckAnswer, CheckKind, QuickCheck};

/// How often the instructor's screen asks for the counts while a check is open.
#[cfg(feature = "hydrate")]
const COUNTS_EVERY_MS: u64 = 700;

/// Asks the server for the running check's view and keeps it in `view`.
fn refresh(class_id: ClassId, view: RwSignal<Option<CheckView>>) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        if let Ok(crate::api::Access::Granted(next)) =
            crate::api::live::get_live_check(class_id).await
        {
            view.set(next);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (class_id, view);
}

/// The view of the current run only (a view of an earlier run is stale).
fn current_view(view: RwSignal<Option<CheckView>>, run: i64) -> Option<CheckView> {
    view.with(|v| v.clone().filter(|v| v.run == run))
}

/// The learner's part: the question, the answer form while the check is open, their answer,
/// and the results and the correct answer once the instructor shows them.
#[component]
pub fn LearnerCheck(
    class_id: ClassId,
    state: RwSignal<LiveState>,
    initial: Option<CheckView>,
) -> impl IntoView {
    let view = RwSignal::new(initial);
    let problem = RwSignal::new(None::<String>);
    // The page came with the view of the state it was rendered with; each later state asks
    // again (the results may have been shown, or a new check opened).
    Effect::new(move |previous: Option<i64>| {
        let version = state.with(|s| s.version);
        if previous.is_some() && state.with(|s| s.check.is_some()) {
            refresh(class_id, view);
        }
        version
    });
    move || {
        let running = state.with(|s| s.check.clone())?;
        let open = state.with(|s| s.answerable_run()) == Some(running.run);
        let shown = current_view(view, running.run);
        let mine = shown.as_ref().and_then(|v| v.mine.clone());
        let results = running
            .results_shown
            .then(|| shown.as_ref().and_then(|v| v.tally.clone()))
            .flatten()
            .map(|tally| results_html(&running.check, &tally, running.correct_shown));
        let verdict = running
            .correct_shown
            .then(|| mine.as_ref().and_then(|m| running.check.is_correct(m)))
            .flatten()
            .map(|right| {
                if right {
                    "Your answer is correct."
                } else {
                    "Your answer is not the correct one."
                }
            });
        let heard = mine
            .as_ref()
            .map(|m| format!("Your answer: {}", describe(&running.check, m)));
        Some(view! {
            <section id="quick-check" class="quick-check" aria-labelledby="quick-check-title">
                <h2 id="quick-check-title">"Quick check"</h2>
                {if open {
                    view! { <AnswerForm class_id running=running.clone() mine=mine.clone() view problem/> }.into_any()
                } else {
                    view! {
                        <p class="check-question">{running.check.question.clone()}</p>
                        <p class="help">"This check is closed."</p>
                    }.into_any()
                }}
                {move || problem.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                <p class="check-mine" role="status">{heard}</p>
                {verdict.map(|v| view! { <p class="check-verdict">{v}</p> })}
                {results.map(|html| view! { <div class="check-results" inner_html=html></div> })}
            </section>
        })
    }
}

/// An answer in words, for the learner's "Your answer" line.
fn describe(check: &QuickCheck, answer: &CheckAnswer) -> String {
    match answer {
        CheckAnswer::Options(chosen) => chosen
            .iter()
            .filter_map(|i| check.options.get(*i).cloned())
            .collect::<Vec<_>>()
            .join(", "),
        CheckAnswer::Scale(point) => format!("{point} of 5"),
        CheckAnswer::Word(word) => word.clone(),
    }
}

/// The answer form: posts to the plain route without JavaScript; with it, answers through the
/// server function and stays on the page.
#[component]
fn AnswerForm(
    class_id: ClassId,
    running: LiveCheck,
    mine: Option<CheckAnswer>,
    view: RwSignal<Option<CheckView>>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let form = NodeRef::<leptos::html::Form>::new();
    let run = running.run;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Some(fields) = crate::components::autosave::encoded_fields(form) {
            leptos::task::spawn_local(async move {
                match crate::api::live::answer_live_check(class_id, run, fields).await {
                    Ok(crate::api::Access::Granted(answer)) => {
                        problem.set(None);
                        view.update(|v| match v {
                            Some(v) if v.run == run => v.mine = Some(answer),
                            _ => {
                                *v = Some(CheckView {
                                    run,
                                    mine: Some(answer),
                                    tally: None,
                                })
                            }
                        });
                    }
                    Ok(_) => problem.set(Some("You cannot answer this check.".into())),
                    Err(error) => problem.set(Some(error.to_string())),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (form, view, problem);
    };
    let chosen = |i: usize| matches!(&mine, Some(CheckAnswer::Options(c)) if c.contains(&i));
    let check = running.check.clone();
    let inputs = match check.kind {
        CheckKind::Single | CheckKind::Multiple => {
            let kind = if check.kind == CheckKind::Single { "radio" } else { "checkbox" };
            check.options.iter().enumerate().map(|(i, option)| view! {
                <label class="check-option"><input type=kind name="choice" value=i.to_string() checked=chosen(i)/>" "{option.clone()}</label>
            }).collect_view().into_any()
        }
        CheckKind::Scale => (1..=5u8).map(|point| {
            let label = match (point, &check.low, &check.high) {
                (1, Some(low), _) => format!("1 · {low}"),
                (5, _, Some(high)) => format!("5 · {high}"),
                _ => point.to_string(),
            };
            let checked = matches!(&mine, Some(CheckAnswer::Scale(p)) if *p == point);
            view! { <label class="check-option"><input type="radio" name="scale" value=point.to_string() checked=checked/>" "{label}</label> }
        }).collect_view().into_any(),
        CheckKind::Word => {
            let typed = match &mine { Some(CheckAnswer::Word(w)) => w.clone(), _ => String::new() };
            view! {
                <label for="check-word">"Your word"</label>
                <input id="check-word" type="text" name="word" maxlength="40" autocomplete="off" value=typed/>
            }.into_any()
        }
    };
    let button = if mine.is_some() {
        "Change my answer"
    } else {
        "Send my answer"
    };
    view! {
        <form node_ref=form method="post" action=format!("/classes/{class_id}/live/check") on:submit=submit class="check-form">
            <input type="hidden" name="run" value=run.to_string()/>
            <fieldset>
                <legend class="check-question">{check.question.clone()}</legend>
                {inputs}
            </fieldset>
            <button type="submit" class="button">{button}</button>
        </form>
    }
}

/// The instructor's part: run the check written on the current slide, or one typed on the spot;
/// then close it, show the results, reveal the correct answer, clear it. The counts refresh while
/// it is open.
#[component]
pub fn InstructorCheck(
    class_id: ClassId,
    state: RwSignal<LiveState>,
    drive: impl Fn(LiveChange) + Copy + Send + Sync + 'static,
    slide_check: Signal<Option<QuickCheck>>,
    initial: Option<CheckView>,
) -> impl IntoView {
    let view = RwSignal::new(initial);
    Effect::new(move |previous: Option<i64>| {
        let version = state.with(|s| s.version);
        if previous.is_some() && state.with(|s| s.check.is_some()) {
            refresh(class_id, view);
        }
        version
    });
    #[cfg(feature = "hydrate")]
    {
        let counting = leptos::prelude::set_interval_with_handle(
            move || {
                if state.with_untracked(|s| s.answerable_run().is_some()) {
                    refresh(class_id, view);
                }
            },
            std::time::Duration::from_millis(COUNTS_EVERY_MS),
        );
        if let Ok(handle) = counting {
            on_cleanup(move || handle.clear());
        }
    }
    let run_slide_check = move |_| {
        let Some(check) = slide_check.get_untracked() else {
            return;
        };
        let source = state.with_untracked(|s| CheckSource {
            module_id: s.module_id.clone(),
            slide: s.slide,
        });
        drive(LiveChange::OpenCheck {
            check,
            source: Some(source),
        });
    };
    let running_view = move || {
        let running = state.with(|s| s.check.clone())?;
        let open = state.with(|s| s.answerable_run()) == Some(running.run);
        let tally = current_view(view, running.run).and_then(|v| v.tally);
        let counts = tally
            .as_ref()
            .map(|t| results_html(&running.check, t, running.correct_shown));
        let has_correct = !running.check.correct.is_empty();
        Some(view! {
            <div class="check-running">
                <p class="check-question">{running.check.question.clone()}</p>
                <p class="help">{if open { "Open: answers arrive below." } else { "Closed." }}
                    {if running.results_shown { " The room sees the results." } else { "" }}
                    {if running.correct_shown { " The correct answer is shown." } else { "" }}</p>
                <div class="control-row">
                    {open.then(|| view! { <button class="button" on:click=move |_| drive(LiveChange::CloseCheck)>"Close the check"</button> })}
                    {(!running.results_shown).then(|| view! { <button class="button" on:click=move |_| drive(LiveChange::ShowResults)>"Show the results to the room"</button> })}
                    {(has_correct && !running.correct_shown).then(|| view! { <button class="button" on:click=move |_| drive(LiveChange::RevealCorrect)>"Reveal the correct answer"</button> })}
                    <button class="button secondary" on:click=move |_| drive(LiveChange::ClearCheck)>"Clear the check"</button>
                </div>
                <div class="check-results presenter-counts" aria-live="polite" inner_html=counts.unwrap_or_default()></div>
            </div>
        })
    };
    view! {
        <section class="check-controls" aria-labelledby="check-controls-title">
            <h3 id="check-controls-title">"Quick check"</h3>
            {move || slide_check.get().map(|check| view! {
                <p class="control-row">
                    <button class="button" on:click=run_slide_check>"Run this slide's quick check"</button>
                    " "<span class="help">{check.question}</span>
                </p>
            })}
            {running_view}
            <AdHocCheck drive/>
        </section>
    }
}

/// A check typed on the spot: a question, its kind, options one per line, and optionally the
/// correct ones. The server checks it as it checks a written one.
#[component]
fn AdHocCheck(drive: impl Fn(LiveChange) + Copy + Send + Sync + 'static) -> impl IntoView {
    let question = RwSignal::new(String::new());
    let kind = RwSignal::new("single".to_string());
    let options = RwSignal::new(String::new());
    let correct = RwSignal::new(String::new());
    let lines = |text: String| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    let open = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let kind = CheckKind::parse(&kind.get_untracked()).unwrap_or(CheckKind::Single);
        let choices = matches!(kind, CheckKind::Single | CheckKind::Multiple);
        drive(LiveChange::OpenCheck {
            check: QuickCheck {
                kind,
                question: question.get_untracked(),
                options: if choices {
                    lines(options.get_untracked())
                } else {
                    Vec::new()
                },
                correct: if kind == CheckKind::Scale {
                    Vec::new()
                } else {
                    lines(correct.get_untracked())
                },
                low: None,
                high: None,
            },
            source: None,
        });
    };
    view! {
        <details class="ad-hoc-check">
            <summary>"Ask a check of your own"</summary>
            <form on:submit=open>
                <label for="ad-hoc-question">"Question"</label>
                <input id="ad-hoc-question" type="text" maxlength="200" required bind:value=question/>
                <label for="ad-hoc-kind">"Kind"</label>
                <select id="ad-hoc-kind" on:change=move |e| kind.set(event_target_value(&e))>
                    <option value="single">"One choice"</option>
                    <option value="multiple">"Several choices"</option>
                    <option value="scale">"Scale 1 to 5"</option>
                    <option value="word">"A short word"</option>
                </select>
                <label for="ad-hoc-options">"Options, one per line (choices only)"</label>
                <textarea id="ad-hoc-options" rows="4" bind:value=options></textarea>
                <label for="ad-hoc-correct">"Correct options or accepted words, one per line (optional)"</label>
                <textarea id="ad-hoc-correct" rows="2" bind:value=correct></textarea>
                <button type="submit" class="button">"Open this check"</button>
            </form>
        </details>
    }
}

/// The card a slide shows when it holds a quick check: the question and its options, as a
/// prompt for a reader on their own. The correct answer is not shown: the decks are public, and
/// in a live session the room should answer before anyone can look it up.
#[component]
pub fn CheckCard(check: Option<QuickCheck>) -> impl IntoView {
    check.map(|check| {
        let how = match check.kind {
            CheckKind::Single => "Choose one",
            CheckKind::Multiple => "Choose all that apply",
            CheckKind::Scale => "Answer from 1 to 5",
            CheckKind::Word => "Answer in a word or two",
        };
        view! {
            <aside class="slide-check" aria-label="Quick check">
                <p class="slide-exercise-kicker">{format!("Quick check · {how}")}</p>
                <p class="check-question">{check.question.clone()}</p>
                {(!check.options.is_empty()).then(|| view! {
                    <ul class="check-options">{check.options.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
                })}
            </aside>
        }
    })
}
