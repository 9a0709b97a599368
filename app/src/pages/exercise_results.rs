//! The instructor's exercise pages for a class: how the class is answering (refreshing every few
//! seconds once hydrated), the grading queue with the rubric, and the gradebook with the class's
//! exercise controls and CSV downloads.

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos_meta::Title;

use super::classes::access_view;
use super::route_param;
use crate::api::exercises::{
    format_points, get_distribution, get_gradebook, get_grading_queue, Distribution, Gradebook,
    GradingQueue, GradingTask,
};
use crate::api::Access;
use crate::components::loading::load_page;
use crate::components::notice::form_notice;
use domain::notice::NoticePage;

#[component]
pub fn DistributionRoute() -> impl IntoView {
    let class_id = route_param("id");
    let exercise_id = route_param("exercise");
    // Hydrated pages ask again every three seconds, so answers arrive while the class works.
    let tick = RwSignal::new(0u32);
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || tick.update(|t| *t += 1),
            std::time::Duration::from_secs(3),
        )
        .ok();
        on_cleanup(move || {
            if let Some(handle) = handle {
                handle.clear();
            }
        });
    }
    let resource = Resource::new(
        move || {
            (
                class_id().parse::<ClassId>().ok(),
                exercise_id(),
                tick.get(),
            )
        },
        |(class_id, exercise_id, _)| async move {
            match class_id {
                Some(class_id) => get_distribution(class_id, exercise_id).await,
                None => Ok(Access::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match resource.await {
                    Ok(access) => access_view(access, |data| view! { <DistributionView data/> }),
                    Err(error) => view! { <crate::components::layout::ServerProblem message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DistributionView(data: Distribution) -> impl IntoView {
    let class_id = data.class.id;
    let items = data
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let rows = item
                .rows
                .iter()
                .map(|(label, count, right)| {
                    // A meter, not a styled bar: the page's security policy allows no inline styles.
                    let share = (count * 100).checked_div(data.learners).unwrap_or(0);
                    view! {
                        <tr class:right-answer=*right>
                            <td>{label.clone()}{right.then_some(" ✓")}</td>
                            <td class="number">{count.to_string()}</td>
                            <td><meter min="0" max="100" value=share.to_string() aria-label=format!("{share}% of the class")>{format!("{share}%")}</meter></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="item-distribution">
                    <h2>{format!("Question {}: {} answered", n + 1, item.answered)}</h2>
                    <div class="prose" inner_html=item.prompt_html.clone()></div>
                    <table class="distribution">
                        <thead><tr><th scope="col">"Answer"</th><th scope="col">"Learners"</th><th scope="col">"Share"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{}: answers", data.exercise.title)/>
        <article class="page">
            <p class="breadcrumb"><a href=format!("/classes/{class_id}")>{data.class.name.clone()}</a>" · "<a href=format!("/classes/{class_id}/gradebook")>"Gradebook"</a></p>
            <h1>{data.exercise.title.clone()}</h1>
            <p class="meta" role="status" aria-live="polite">{format!("{} of {} learners submitted · answers typed so far count too", data.submitted, data.learners)}</p>
            <SettingsForm class_id exercise_id=data.exercise.id.clone() setting=data.setting.clone()/>
            {items}
        </article>
    }
}

#[component]
fn SettingsForm(
    class_id: ClassId,
    exercise_id: String,
    setting: domain::policy::ClassExerciseSetting,
) -> impl IntoView {
    let action = format!("/classes/{class_id}/exercises/{exercise_id}/settings");
    let state = match setting.open {
        Some(true) => "open",
        Some(false) => "closed",
        None => "default",
    };
    view! {
        <div class="exercise-settings">
            <form method="post" action=action.clone() class="inline-form">
                <button class="button secondary" type="submit" name="action" value="open" disabled=state == "open">"Open for answers"</button>
                <button class="button secondary" type="submit" name="action" value="close" disabled=state == "closed">"Close"</button>
                {if setting.released {
                    view! { <button class="button secondary" type="submit" name="action" value="withhold">"Withhold results"</button> }.into_any()
                } else {
                    view! { <button class="button secondary" type="submit" name="action" value="release">"Release results"</button> }.into_any()
                }}
            </form>
            <form method="post" action=action class="inline-form">
                <input type="hidden" name="action" value="deadline"/>
                <label for=format!("deadline-{exercise_id}")>"Deadline (UTC)"</label>
                <input id=format!("deadline-{exercise_id}") type="datetime-local" name="deadline" value=setting.deadline.clone().unwrap_or_default()/>
                <button class="button secondary" type="submit">"Set deadline"</button>
            </form>
        </div>
    }
}

#[component]
pub fn GradingRoute() -> impl IntoView {
    let class_id = route_param("id");
    load_page(
        move || class_id().parse::<ClassId>().ok(),
        |class_id| async move {
            match class_id {
                Some(class_id) => get_grading_queue(class_id).await.map(Some),
                None => Ok(Some(Access::NotFound)),
            }
        },
        |access| {
            access_view(access, |GradingQueue { class, tasks }| {
                let count = tasks.len();
                let notice = form_notice(NoticePage::Grading);
                let tasks = tasks
                    .into_iter()
                    .map(|task| view! { <GradingForm class_id=class.id task/> })
                    .collect_view();
                view! {
                    <Title text="Grading"/>
                    <article class="page">
                        <p class="breadcrumb"><a href=format!("/classes/{}", class.id)>{class.name.clone()}</a>" · "<a href=format!("/classes/{}/gradebook", class.id)>"Gradebook"</a></p>
                        <h1>"Grading"</h1>
                        {notice}
                        <p>{match count { 0 => "Nothing waits for a grade.".to_string(), 1 => "One answer waits for a grade.".to_string(), n => format!("{n} answers wait for a grade.") }}</p>
                        {tasks}
                    </article>
                }
            })
        },
    )
}

#[component]
fn GradingForm(class_id: ClassId, task: GradingTask) -> impl IntoView {
    let key = format!("{}-{}", task.submission_id, task.item_id);
    let criteria = task
        .rubric
        .iter()
        .enumerate()
        .map(|(n, criterion)| {
            let levels = criterion
                .levels
                .iter()
                .enumerate()
                .map(|(l, level)| {
                    view! {
                        <label class="choice">
                            <input type="radio" name=format!("level.{n}") value=l.to_string() required=true/>
                            {format!(" {} ({} points): {}", level.label, level.points, level.description)}
                        </label>
                    }
                })
                .collect_view();
            view! { <fieldset><legend>{criterion.criterion.clone()}</legend>{levels}</fieldset> }
        })
        .collect_view();
    view! {
        <section class="grading-task" aria-label=format!("{} by {}", task.exercise_title, task.learner)>
            <h2>{format!("{}: {} (attempt {})", task.learner, task.exercise_title, task.attempt)}</h2>
            <div class="prose" inner_html=task.prompt_html.clone()></div>
            <div class="learner-answer" inner_html=task.answer_html.clone()></div>
            <form method="post" action=format!("/classes/{class_id}/grades") class="stacked-form">
                <input type="hidden" name="submission_id" value=task.submission_id.to_string()/>
                <input type="hidden" name="item_id" value=task.item_id.clone()/>
                {criteria}
                <label for=format!("comment-{key}")>"Comment for the learner (Markdown)"</label>
                <textarea id=format!("comment-{key}") name="comment" rows="4" maxlength="5000"></textarea>
                <button class="button" type="submit">"Save grade"</button>
            </form>
        </section>
    }
}

#[component]
pub fn GradebookRoute() -> impl IntoView {
    let class_id = route_param("id");
    load_page(
        move || class_id().parse::<ClassId>().ok(),
        |class_id| async move {
            match class_id {
                Some(class_id) => get_gradebook(class_id).await.map(Some),
                None => Ok(Some(Access::NotFound)),
            }
        },
        |access| access_view(access, |book| view! { <GradebookView book/> }),
    )
}

#[component]
fn GradebookView(book: Gradebook) -> impl IntoView {
    let class_id = book.class.id;
    let headers = book
        .exercises
        .iter()
        .map(|(id, title, possible)| {
            view! { <th scope="col"><a href=format!("/classes/{class_id}/exercises/{id}")>{title.clone()}</a><br/><span class="meta">{format!("of {}", format_points(*possible))}</span></th> }
        })
        .collect_view();
    let rows = book
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .zip(&row.pending)
                .map(|(cell, pending)| {
                    let text = match (cell, pending) {
                        (Some(points), false) => format_points(*points),
                        (Some(points), true) => format!("{} (more to grade)", format_points(*points)),
                        (None, true) => "to grade".to_string(),
                        (None, false) => "—".to_string(),
                    };
                    view! { <td class="number">{text}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{row.learner.clone()}<br/><span class="meta">{row.username.clone()}</span></th>
                    {cells}
                    <td class="number">{format_points(row.total)}</td>
                </tr>
            }
        })
        .collect_view();
    let controls = book
        .exercises
        .iter()
        .zip(&book.settings)
        .map(|((id, title, _), setting)| {
            let state = match (setting.open, book.class.mode) {
                (Some(true), _) => "open",
                (Some(false), _) => "closed",
                (None, domain::people::ClassMode::SelfPaced) => "open",
                (None, _) => "not opened",
            };
            view! {
                <tr>
                    <th scope="row"><a href=format!("/exercises/{id}?class={class_id}")>{title.clone()}</a></th>
                    <td>{state}</td>
                    <td>{setting.deadline.clone().unwrap_or_else(|| "none".into())}</td>
                    <td>{if setting.released { "released" } else { "not released" }}</td>
                    <td><a href=format!("/classes/{class_id}/exercises/{id}")>"Answers and controls"</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("Gradebook: {}", book.class.name)/>
        <article class="page wide">
            <p class="breadcrumb"><a href=format!("/classes/{class_id}")>{book.class.name.clone()}</a></p>
            <h1>"Gradebook"</h1>
            <p>
                <a class="button secondary" href=format!("/classes/{class_id}/grading")>"Grading queue"</a>" "
                <a class="button secondary" href=format!("/classes/{class_id}/gradebook.csv") download="">"Download gradebook (CSV)"</a>" "
                <a class="button secondary" href=format!("/classes/{class_id}/answers.csv") download="">"Download all answers (CSV)"</a>" "
                <a class="button secondary" href=format!("/classes/{class_id}/knowledge-check")>"Knowledge check by outcome"</a>
            </p>
            <div class="table-scroll">
                <table class="gradebook">
                    <thead><tr><th scope="col">"Learner"</th>{headers}<th scope="col">"Total"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <h2>"Exercises in this class"</h2>
            <table class="exercise-controls">
                <thead><tr><th scope="col">"Exercise"</th><th scope="col">"Answers"</th><th scope="col">"Deadline (UTC)"</th><th scope="col">"Results"</th><th scope="col">"Open"</th></tr></thead>
                <tbody>{controls}</tbody>
            </table>
        </article>
    }
}
