//! The learner's exercise page: the questions as a form that works without JavaScript (save and
//! submit post it), autosave as the learner types once the page is hydrated, and the results with
//! the key's explanations when they may be shown.

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::classes::access_view;
use super::route_param;
// Leptos writes a textarea's text child unescaped when rendering on the server, so a draft
// holding `</textarea>` could break out of it: the draft goes in escaped, through `inner_html`.
use crate::api::course::{get_exercise_list, ExerciseListing};
use crate::api::exercises::{format_points, get_exercise_page, ExercisePageData, ItemFeedback};
use crate::components::loading::load_page;
use crate::components::notice::form_notice;
use domain::answers::{escape_html, Answers};
use domain::exercise::{Answer, Item, ItemForm};
use domain::notice::NoticePage;

#[component]
pub fn ExerciseListPage() -> impl IntoView {
    let query = use_query_map();
    let class = move || {
        query
            .read()
            .get("class")
            .and_then(|c| c.parse::<ClassId>().ok())
    };
    load_page(
        || (),
        |_| async move { get_exercise_list().await.map(Some) },
        move |exercises| {
            let suffix = class().map(|c| format!("?class={c}")).unwrap_or_default();
            let rows = exercises
                .into_iter()
                .map(|ExerciseListing { id, title, module_title, minutes, points }| {
                    view! {
                        <li>
                            <a href=format!("/exercises/{id}{suffix}")>{title}</a>
                            <span class="meta">{format!(" · {module_title} · about {minutes} min · {points} points")}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <Title text="Class exercises"/>
                <article class="page">
                    <h1>"Class exercises"</h1>
                    <p>"Answer on your own here, or open an exercise from your class page to answer it in your class."</p>
                    <ul class="exercise-list">{rows}</ul>
                </article>
            }
        },
    )
}

#[component]
pub fn ExerciseRoute() -> impl IntoView {
    let id = route_param("id");
    let query = use_query_map();
    let class = move || {
        query
            .read()
            .get("class")
            .and_then(|c| c.parse::<ClassId>().ok())
    };
    load_page(
        move || (id(), class()),
        |(id, class)| async move { get_exercise_page(id, class).await },
        |access| access_view(access, |data| view! { <ExerciseView data/> }),
    )
}

#[component]
fn ExerciseView(data: ExercisePageData) -> impl IntoView {
    let exercise = data.exercise.clone();
    let class_id = data.class.as_ref().map(|c| c.id);
    let notice = form_notice(NoticePage::Exercise);
    let context = match &data.class {
        Some(class) => view! {
            <p class="breadcrumb"><a href=format!("/classes/{}", class.id)>{class.name.clone()}</a></p>
        }
        .into_any(),
        None => view! {
            <p class="breadcrumb"><a href="/exercises">"Class exercises"</a>" · "<a href=format!("/modules/{}", exercise.module_id)>"the module"</a></p>
        }
        .into_any(),
    };
    let state_line = if !data.signed_in {
        Some(view! { <p class="callout"><a href=format!("/sign-in?next=/exercises/{}", exercise.id)>"Sign in"</a>" to answer; your answers are then kept as you type."</p> }.into_any())
    } else {
        data.status
            .closed_reason
            .clone()
            .map(|reason| view! { <p class="callout" role="status">{reason}</p> }.into_any())
    };
    let deadline = data.status.deadline.clone().map(
        |d| view! { <p class="meta">{format!("Deadline: {} (UTC)", d.replace('T', " "))}</p> },
    );
    let editable = data.signed_in && data.status.accepting;
    let submissions = (!data.submissions.is_empty()).then(|| {
        let rows = data
            .submissions
            .iter()
            .map(|s| {
                let score = match s.points {
                    Some(points) => format!("{} of {} points", format_points(points), format_points(s.possible)),
                    None if data.status.results_visible => "waiting for grading".to_string(),
                    None => "results not released yet".to_string(),
                };
                view! { <li>{format!("Attempt {}, {} UTC: {score}", s.attempt, s.submitted_at.replace('T', " ").trim_end_matches('Z'))}</li> }
            })
            .collect_view();
        view! {
            <section aria-labelledby="submissions">
                <h2 id="submissions">"Your submissions"</h2>
                <ul>{rows}</ul>
            </section>
        }
    });
    let feedback = data.feedback.clone().map(|items| {
        view! { <Feedback items exercise_items=exercise.items.clone()/> }
    });
    let by_outcome = (!data.outcome_scores.is_empty()).then(|| {
        let rows = data
            .outcome_scores
            .iter()
            .map(|score| {
                let verdict = if score.missed() { "worth revisiting" } else { "met" };
                view! {
                    <tr class=if score.missed() { "outcome-missed" } else { "" }>
                        <th scope="row">{score.outcome.clone()}</th>
                        <td>{format!("{} of {} points", format_points(score.earned), format_points(score.possible))}</td>
                        <td>{format!("{} %", score.percent())}</td>
                        <td>{verdict}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="by-outcome">
                <h2 id="by-outcome">"Your result by learning outcome"</h2>
                <p class="meta">"Below 60 % an outcome is worth revisiting: the modules that teach it are listed under the course's learning outcomes on the home page."</p>
                <table class="outcome-table">
                    <thead><tr><th scope="col">"Outcome"</th><th scope="col">"Points"</th><th scope="col">"Share"</th><th scope="col">"Verdict"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    });
    view! {
        <Title text=exercise.title.clone()/>
        <article class="page exercise">
            {context}
            <h1>{exercise.title.clone()}</h1>
            <p class="meta">{format!("About {} minutes · {} points · {}", exercise.minutes, exercise.total_points, attempts_text(exercise.attempts))}</p>
            {notice}
            {state_line}
            {deadline}
            <div class="prose" inner_html=exercise.introduction_html.clone()></div>
            <AnswerForm data=data.clone() class_id editable/>
            {submissions}
            {by_outcome}
            {feedback}
        </article>
    }
}

fn attempts_text(attempts: u32) -> String {
    match attempts {
        1 => "one submission".to_string(),
        n => format!("up to {n} submissions"),
    }
}

#[component]
fn AnswerForm(data: ExercisePageData, class_id: Option<ClassId>, editable: bool) -> impl IntoView {
    let exercise = data.exercise.clone();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let autosave_status = RwSignal::new(String::new());
    let on_input = {
        #[cfg(feature = "hydrate")]
        {
            let exercise_id = exercise.id.clone();
            autosave::handler(form_ref, exercise_id, class_id, autosave_status)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            |_: leptos::ev::Event| {}
        }
    };
    let items = exercise
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| view! { <ItemFields number=n + 1 item=item.clone() draft=data.draft.clone()/> })
        .collect_view();
    let submit = (data.attempts_left > 0).then(|| {
        view! {
            <button class="button" type="submit" name="intent" value="submit">"Submit answers"</button>
            <span class="meta">{format!(" {} left", match data.attempts_left { 1 => "1 submission".to_string(), n => format!("{n} submissions") })}</span>
        }
    });
    view! {
        <form class="exercise-form" method="post" action=format!("/exercises/{}/answers", exercise.id) node_ref=form_ref on:input=on_input>
            <input type="hidden" name="class_id" value=class_id.map(|c| c.to_string()).unwrap_or_default()/>
            <input type="hidden" name="request_id" value=data.request_id.clone()/>
            <fieldset disabled=!editable class="plain">
                {items}
                <p class="form-actions">
                    <button class="button secondary" type="submit" name="intent" value="save">"Save answers"</button>
                    " "
                    {submit}
                </p>
            </fieldset>
            <p class="meta autosave" role="status" aria-live="polite">{move || autosave_status.get()}</p>
        </form>
    }
}

#[component]
fn ItemFields(number: usize, item: Item, draft: Answers) -> impl IntoView {
    let name = format!("item.{}", item.id);
    let answer = draft.get(&item.id).cloned();
    let legend = format!(
        "Question {number} ({} {})",
        item.points,
        if item.points == 1 { "point" } else { "points" }
    );
    let fields = match &item.form {
        ItemForm::SingleChoice { choices_html } | ItemForm::MultipleChoice { choices_html } => {
            let multiple = matches!(item.form, ItemForm::MultipleChoice { .. });
            choices_html
                .iter()
                .enumerate()
                .map(|(i, choice)| {
                    let checked = match &answer {
                        Some(Answer::Choice(c)) => *c == i,
                        Some(Answer::Choices(cs)) => cs.contains(&i),
                        _ => false,
                    };
                    view! {
                        <label class="choice">
                            <input type=if multiple { "checkbox" } else { "radio" } name=name.clone() value=(i + 1).to_string() checked=checked/>
                            " "<span inner_html=choice.clone()></span>
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        }
        ItemForm::Rating { scale } => scale
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let checked = matches!(answer, Some(Answer::Rating(r)) if r == i);
                view! {
                    <label class="choice"><input type="radio" name=name.clone() value=(i + 1).to_string() checked=checked/>" "{label.clone()}</label>
                }
            })
            .collect_view()
            .into_any(),
        ItemForm::Matching { lefts_html, options } => lefts_html
            .iter()
            .enumerate()
            .map(|(n, left)| {
                let picked = match &answer {
                    Some(Answer::Matching(p)) => p.get(n).copied().flatten(),
                    _ => None,
                };
                let field_id = format!("{}-{n}", item.id);
                view! {
                    <div class="match-row">
                        <label for=field_id.clone() inner_html=left.clone()></label>
                        <select id=field_id name=format!("{name}.{n}")>
                            <option value="">"— choose —"</option>
                            {options.iter().enumerate().map(|(o, option)| view! {
                                <option value=(o + 1).to_string() selected=picked == Some(o)>{option.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }
            })
            .collect_view()
            .into_any(),
        ItemForm::Ordering { steps } => steps
            .iter()
            .enumerate()
            .map(|(n, step)| {
                let given = match &answer {
                    Some(Answer::Ordering(p)) => p.get(n).copied().flatten(),
                    _ => None,
                };
                let field_id = format!("{}-{n}", item.id);
                view! {
                    <div class="match-row">
                        <label for=field_id.clone()>{step.clone()}</label>
                        <select id=field_id name=format!("{name}.{n}")>
                            <option value="">"— position —"</option>
                            {(0..steps.len()).map(|p| view! {
                                <option value=(p + 1).to_string() selected=given == Some(p)>{format!("{}", p + 1)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }
            })
            .collect_view()
            .into_any(),
        ItemForm::ShortAnswer => {
            let value = match &answer {
                Some(Answer::Text(t)) => t.clone(),
                _ => String::new(),
            };
            let field_id = format!("{}-text", item.id);
            view! {
                <label for=field_id.clone() class="visually-hidden">"Your answer"</label>
                <input id=field_id type="text" name=name.clone() value=value maxlength="300" autocomplete="off"/>
            }
            .into_any()
        }
        ItemForm::Essay { max_words, rubric } => {
            let value = match &answer {
                Some(Answer::Text(t)) => t.clone(),
                _ => String::new(),
            };
            let field_id = format!("{}-text", item.id);
            let criteria = rubric
                .iter()
                .map(|c| {
                    let top = c.levels.last().map_or(0, |l| l.points);
                    view! { <li>{format!("{} (up to {top} points)", c.criterion)}</li> }
                })
                .collect_view();
            view! {
                <label for=field_id.clone()>{format!("Your answer (Markdown, up to {max_words} words)")}</label>
                <textarea id=field_id name=name.clone() rows="10" maxlength="20000" inner_html=escape_html(&value)></textarea>
                <details><summary>"How it is graded"</summary><ul>{criteria}</ul></details>
            }
            .into_any()
        }
    };
    view! {
        <fieldset class="exercise-item" id=format!("item-{}", item.id)>
            <legend>{legend}</legend>
            <div class="prose" inner_html=item.prompt_html.clone()></div>
            {fields}
        </fieldset>
    }
}

#[component]
fn Feedback(items: Vec<ItemFeedback>, exercise_items: Vec<Item>) -> impl IntoView {
    let rows = items
        .into_iter()
        .zip(exercise_items)
        .enumerate()
        .map(|(n, (feedback, _item))| {
            let score = match feedback.points {
                Some(points) => format!("{} of {} points", format_points(points), format_points(feedback.possible)),
                None => "waiting for grading".to_string(),
            };
            let rubric = (!feedback.rubric.is_empty()).then(|| {
                let rows = feedback
                    .rubric
                    .iter()
                    .map(|(criterion, level)| view! { <li>{format!("{criterion}: {}", level.clone().unwrap_or_else(|| "not graded yet".into()))}</li> })
                    .collect_view();
                view! { <ul class="rubric-result">{rows}</ul> }
            });
            let comment = feedback.comment_html.clone().map(|html| {
                view! { <div class="grader-comment"><p><strong>"Comment from your instructor"</strong></p><div inner_html=html></div></div> }
            });
            view! {
                <section class="item-feedback" aria-labelledby=format!("feedback-{n}")>
                    <h3 id=format!("feedback-{n}")>{format!("Question {}: {score}", n + 1)}</h3>
                    <p><strong>"Your answer"</strong></p>
                    <div class="learner-answer" inner_html=feedback.your_answer_html.clone()></div>
                    <p><strong>"The answer: "</strong>{feedback.correct_answer.clone()}</p>
                    {rubric}
                    {comment}
                    <div class="prose" inner_html=feedback.explanation_html.clone()></div>
                </section>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="results">
            <h2 id="results">"Results and explanations"</h2>
            {rows}
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod autosave {
    use leptos::prelude::*;

    use crate::api::exercises::save_exercise_draft;
    use crate::api::Access;
    use crate::components::autosave::{not_saved, on_input};
    use domain::ids::ClassId;

    pub fn handler(
        form_ref: NodeRef<leptos::html::Form>,
        exercise_id: String,
        class_id: Option<ClassId>,
        status: RwSignal<String>,
    ) -> impl Fn(leptos::ev::Event) + Clone + 'static {
        on_input(form_ref, status, move |encoded| {
            let exercise_id = exercise_id.clone();
            async move {
                match save_exercise_draft(exercise_id, class_id, encoded).await {
                    Ok(Access::Granted(())) => "All answers saved.".to_string(),
                    Ok(Access::SignInRequired) => "Not saved: sign in again.".to_string(),
                    Ok(_) => "Not saved: this exercise is not yours to answer.".to_string(),
                    Err(error) => not_saved(&error),
                }
            }
        })
    }
}
