//! The instructor guide: how to run the two days, and per module its timetable to the minute
//! (with the exercises it launches), its homework, the instructor's notes, the questions for the
//! room and the answers to its exercises. Instructors and administrators only (it holds every
//! key); it prints one module per page.

use leptos::prelude::*;
use leptos_meta::Title;

use super::classes::access_view;
use crate::api::course::get_instructor_guide;
use crate::components::loading::load_page;
use domain::course::ExerciseWhen;
use domain::guide::{ExerciseAnswers, GuideModule, InstructorGuide};

#[component]
pub fn InstructorGuidePage() -> impl IntoView {
    load_page(
        || (),
        |_| async { get_instructor_guide().await.map(Some) },
        |access| access_view(access, |guide| view! { <GuideView guide/> }),
    )
}

#[component]
fn GuideView(guide: InstructorGuide) -> impl IntoView {
    let contents = guide
        .modules
        .iter()
        .map(|m| {
            view! {
                <li><a href=format!("#guide-{}", m.id)>{format!("Day {} {} · {}", m.day, m.start, m.title)}</a></li>
            }
        })
        .collect_view();
    let modules = guide
        .modules
        .into_iter()
        .map(|module| view! { <ModuleGuide module/> })
        .collect_view();
    view! {
        <Title text="Instructor guide"/>
        <article class="page instructor-guide">
            <h1>"Instructor guide"</h1>
            <p class="subtitle">{guide.course_title}</p>
            <p class="meta no-print">"For instructors only: it holds the answers to every exercise. Print it from your browser: each module starts on a new page."</p>
            <nav aria-labelledby="guide-contents">
                <h2 id="guide-contents">"Contents"</h2>
                <ol class="guide-contents">
                    <li><a href="#guide-general">"Running the course"</a></li>
                    {contents}
                </ol>
            </nav>
            <section id="guide-general" class="guide-general prose" aria-label="Running the course" inner_html=guide.general_html></section>
            {modules}
        </article>
    }
}

#[component]
fn ModuleGuide(module: GuideModule) -> impl IntoView {
    let heading = format!("guide-{}-title", module.id);
    let labelled_by = heading.clone();
    let timetable = module
        .timetable
        .iter()
        .map(|slide| {
            let what = match &slide.exercise {
                Some(exercise) => view! {
                    <strong>{format!("Exercise: {} ", exercise.title)}</strong>
                    <a href=format!("/exercises/{}", exercise.id)>"(open)"</a>
                    <span class="meta">{format!(" · slide {}: {}", slide.number, slide.title)}</span>
                }
                .into_any(),
                None => view! {
                    <a href=format!("/modules/{}/presenter/{}", module.id, slide.number)>{format!("{}. {}", slide.number, slide.title)}</a>
                }
                .into_any(),
            };
            let row_class = if slide.exercise.is_some() { "guide-exercise-row" } else { "" };
            view! {
                <tr class=row_class>
                    <td class="time">{slide.start.to_string()}</td>
                    <td>{what}</td>
                    <td>{format!("{} min", slide.minutes)}</td>
                </tr>
            }
        })
        .collect_view();
    let homework = (!module.homework.is_empty()).then(|| {
        let items = module
            .homework
            .iter()
            .map(|e| {
                let when = match e.when {
                    ExerciseWhen::Homework { evening: 1 } => "evening of day 1, due before 08:30 on day 2".to_string(),
                    ExerciseWhen::Homework { evening } => format!("after day {evening} (take-home)"),
                    ExerciseWhen::InClass { .. } => String::new(),
                };
                view! { <li><a href=format!("/exercises/{}", e.id)>{e.title.clone()}</a>{format!(" · {} min · {when}", e.minutes)}</li> }
            })
            .collect_view();
        view! {
            <h3>"Homework"</h3>
            <ul>{items}</ul>
        }
    });
    let questions = (!module.room_questions.is_empty()).then(|| {
        let items = module
            .room_questions
            .iter()
            .map(|q| view! { <li><span class="meta">{format!("Slide {}: ", q.slide)}</span>{q.question.clone()}</li> })
            .collect_view();
        view! {
            <h3>"Questions for the room"</h3>
            <ul class="room-questions">{items}</ul>
        }
    });
    let answers = module
        .exercises
        .into_iter()
        .map(|exercise| view! { <ExerciseKey exercise/> })
        .collect_view();
    view! {
        <section id=format!("guide-{}", module.id) class="guide-module" aria-labelledby=labelled_by>
            <h2 id=heading>{format!("Day {} · {}–{} · {}", module.day, module.start, module.end, module.title)}</h2>
            <h3>"Timetable"</h3>
            <table class="guide-timetable">
                <thead><tr><th scope="col">"Starts"</th><th scope="col">"Slide or exercise"</th><th scope="col">"Time"</th></tr></thead>
                <tbody>{timetable}</tbody>
            </table>
            {homework}
            <div class="prose guide-notes" inner_html=module.notes_html></div>
            {questions}
            {answers}
        </section>
    }
}

#[component]
fn ExerciseKey(exercise: ExerciseAnswers) -> impl IntoView {
    let items = exercise
        .items
        .into_iter()
        .map(|item| {
            let outcome = item.outcome.map(|o| format!(" · {o}")).unwrap_or_default();
            view! {
                <li>
                    <details>
                        <summary>{format!("Item {} ({} points{outcome})", item.number, item.points)}</summary>
                        <div class="prose" inner_html=item.prompt_html></div>
                    </details>
                    <p><strong>"Answer: "</strong>{item.answer}</p>
                    <details>
                        <summary>"Why"</summary>
                        <div class="prose" inner_html=item.explanation_html></div>
                    </details>
                </li>
            }
        })
        .collect_view();
    let essay = exercise
        .essay
        .then(|| view! { <span class="meta">" · has an essay to grade"</span> });
    view! {
        <section class="guide-exercise">
            <h3>{format!("Answers: {}", exercise.title)}<span class="meta">{format!(" · {} min", exercise.minutes)}</span>{essay}</h3>
            <ol class="guide-answers">{items}</ol>
        </section>
    }
}
