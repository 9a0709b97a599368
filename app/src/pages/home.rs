//! The course home page: title, outcomes mapped to modules, the two days' agenda, the modules.

use leptos::prelude::*;
use leptos_meta::Title;

use super::format_minutes;
use crate::api::classes::{get_sign_up_info, SignUpInfo};
use crate::api::course::get_course_overview;
use crate::components::loading::load_page;
use crate::components::progress_panel::ProgressPanel;
use domain::course::{CourseOverview, ExerciseWhen, SlotKind};
use domain::people::{display_join_code, SignUpMode};

#[component]
pub fn HomePage() -> impl IntoView {
    // Created here, beside the page's own resource, so that hydration finds both in order.
    let sign_up = Resource::new(|| (), |_| get_sign_up_info());
    load_page(
        || (),
        |_| async { get_course_overview().await.map(Some) },
        move |course| view! { <CourseHome course sign_up/> },
    )
}

type SignUpResource = Resource<Result<SignUpInfo, ServerFnError>>;

/// How a new person gets in: the site's sign-up rule and the self-paced classes that publish
/// their codes. (The first administrator is made on the server's command line; see the README.)
#[component]
fn GettingIn(sign_up: SignUpResource) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(info) = sign_up.await else {
                    return ().into_any();
                };
                let how = match info.mode {
                    SignUpMode::Open => "Anyone may create an account here; with a class join code you join that class at once.",
                    SignUpMode::WithCode => "To take part in a class, get its join code from your instructor and create an account with it; if you have an account, sign in and join.",
                    SignUpMode::Closed => "Accounts here are created by an administrator; ask yours. The course pages are open to everyone.",
                };
                let published = info.published.into_iter().map(|(name, code)| {
                    let shown = display_join_code(&code);
                    view! { <li>{name}": "<a href=format!("/sign-up?code={code}")><code>{shown}</code></a></li> }
                }).collect_view();
                view! {
                    <section class="getting-in" aria-labelledby="getting-in">
                        <h2 id="getting-in">"Getting in"</h2>
                        <p>{how}" "<a href="/sign-up">"Create an account"</a>" · "<a href="/join">"Join a class"</a></p>
                        <ul>{published}</ul>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn CourseHome(course: CourseOverview, sign_up: SignUpResource) -> impl IntoView {
    let title_of = {
        let modules = course.modules.clone();
        move |id: &str| {
            modules
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.title.clone())
                .unwrap_or_default()
        }
    };
    let outcomes = course
        .outcomes
        .iter()
        .map(|outcome| {
            let taught_by = outcome
                .modules
                .iter()
                .map(|id| {
                    let title = title_of(id);
                    view! { <li><a href=format!("/modules/{id}")>{title}</a></li> }
                })
                .collect_view();
            view! {
                <li class="outcome">
                    <p><strong>{outcome.id.clone()}</strong>" "{outcome.text.clone()}</p>
                    <p class="taught-by">"Taught in:"</p>
                    <ul class="inline-list">{taught_by}</ul>
                </li>
            }
        })
        .collect_view();
    let days = course.days.iter().map(|day| {
        let exercises = course.exercises.clone();
        let rows = day.slots.iter().map(|slot| {
            let time = format!("{}–{}", slot.start, slot.end);
            let length = format_minutes(u32::from(slot.end.0 - slot.start.0));
            let session = match &slot.kind {
                SlotKind::Module { id } => {
                    let title = title_of(id);
                    // The exercises this module runs in class, each at the minute its slide comes.
                    let in_class = exercises
                        .iter()
                        .filter(|e| &e.module_id == id)
                        .filter_map(|e| match e.when {
                            ExerciseWhen::InClass { start, .. } => Some((e, start)),
                            ExerciseWhen::Homework { .. } => None,
                        })
                        .map(|(e, start)| {
                            view! {
                                <li class="agenda-exercise">
                                    <time>{start.to_string()}</time>" "
                                    <a href=format!("/exercises/{}", e.id)>{format!("Exercise: {}", e.title)}</a>
                                    {format!(" ({} min)", e.minutes)}
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <a href=format!("/modules/{id}")>{title}</a>
                        <ul class="agenda-activities">{in_class}</ul>
                    }.into_any()
                }
                SlotKind::Break { title } | SlotKind::Lunch { title } => view! { <span class="agenda-break">{title.clone()}</span> }.into_any(),
                SlotKind::Plenary { title } => view! { <span class="agenda-plenary">{title.clone()}</span> }.into_any(),
            };
            view! { <tr><td class="time">{time}</td><td>{session}</td><td>{length}</td></tr> }
        }).collect_view();
        let evening = day.number;
        let homework: Vec<_> = course
            .exercises
            .iter()
            .filter(|e| e.when == ExerciseWhen::Homework { evening })
            .collect();
        let homework_minutes: u32 = homework.iter().map(|e| e.minutes).sum();
        let homework_list = homework
            .iter()
            .map(|e| view! { <li><a href=format!("/exercises/{}", e.id)>{e.title.clone()}</a>{format!(" ({} min)", e.minutes)}</li> })
            .collect_view();
        let evening_title = if evening == 1 {
            "Evening of day 1 (due before 08:30 on day 2)".to_string()
        } else {
            format!("After day {evening}: take-home work")
        };
        let homework_section = (!homework.is_empty()).then(|| view! {
            <div class="agenda-homework">
                <h4>{evening_title}{format!(" · about {}", format_minutes(homework_minutes))}</h4>
                <ul>{homework_list}</ul>
            </div>
        });
        view! {
            <section class="agenda-day" aria-labelledby=format!("day-{}", day.number)>
                <h3 id=format!("day-{}", day.number)>{format!("Day {}: {}", day.number, day.title)}</h3>
                <table class="agenda">
                    <caption class="visually-hidden">{format!("Agenda of day {}", day.number)}</caption>
                    <thead><tr><th scope="col">"Time"</th><th scope="col">"Session"</th><th scope="col">"Length"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {homework_section}
            </section>
        }
    }).collect_view();
    let modules = course.modules.iter().map(|module| {
        let objectives = module.objectives.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view();
        view! {
            <li class="module-card">
                <h3><a href=format!("/modules/{}", module.id)>{format!("{}. {}", module.order, module.title)}</a></h3>
                <p class="meta">{format!("Day {} · {} · {} slides", module.day, format_minutes(module.duration_minutes), module.slide_count)}</p>
                <p>{module.summary.clone()}</p>
                <details>
                    <summary>"Objectives"</summary>
                    <ul>{objectives}</ul>
                </details>
            </li>
        }
    }).collect_view();
    view! {
        <Title text=""/>
        <section class="page home">
            <h1>{course.title.clone()}</h1>
            <p class="subtitle">{course.subtitle.clone()}</p>
            <div class="prose" inner_html=course.description_html.clone()></div>
            <ProgressPanel/>
            <GettingIn sign_up/>
            <h2>"Learning outcomes"</h2>
            <ol class="outcomes">{outcomes}</ol>
            <h2>"Agenda"</h2>
            <div class="agenda-days">{days}</div>
            <h2>"Modules"</h2>
            <ol class="module-list">{modules}</ol>
        </section>
    }
}
