//! A module's page: what it covers, its objectives, and ways into its lesson and slides.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{format_minutes, route_param};
use crate::api::course::get_module_page;
use crate::components::loading::load_page;
use domain::course::{ModuleLink, ModulePage};

#[component]
pub fn ModuleRoute() -> impl IntoView {
    load_page(
        route_param("id"),
        get_module_page,
        |page| view! { <ModuleView page/> },
    )
}

#[component]
fn ModuleView(page: ModulePage) -> impl IntoView {
    let module = page.module;
    let id = module.id.clone();
    let objectives = module
        .objectives
        .iter()
        .map(|o| view! { <li>{o.clone()}</li> })
        .collect_view();
    let outcomes = page
        .outcomes
        .iter()
        .map(|o| view! { <li>{format!("{} {}", o.id, o.text)}</li> })
        .collect_view();
    let toc = page.lesson_toc.iter().filter(|entry| entry.level == 2).map(|entry| {
        view! { <li><a href=format!("/modules/{}/lesson#{}", id, entry.anchor)>{entry.text.clone()}</a></li> }
    }).collect_view();
    view! {
        <Title text=module.title.clone()/>
        <article class="page module-page">
            <p class="breadcrumb"><a href="/">"Course"</a>" › "{format!("Module {}", module.order)}</p>
            <h1>{module.title.clone()}</h1>
            <p class="meta">{format!("Day {} · {} · {} slides · about {} words of reading", module.day, format_minutes(module.duration_minutes), module.slide_count, module.lesson_words)}</p>
            <p class="lead">{module.summary.clone()}</p>
            <ul class="actions">
                <li><a class="button" href=format!("/modules/{}/lesson", module.id)>"Read the lesson"</a></li>
                <li><a class="button" href=format!("/modules/{}/slides/1", module.id)>"View the slides"</a></li>
                <li><a class="button secondary" href=format!("/modules/{}/handout", module.id)>"Slide handout (print)"</a></li>
            </ul>
            <h2>"Objectives"</h2>
            <ul>{objectives}</ul>
            <h2>"Course outcomes served"</h2>
            <ul>{outcomes}</ul>
            {(!page.exercises.is_empty()).then(|| view! {
                <h2>"Class exercises"</h2>
                <ul>{page.exercises.iter().map(|(exercise, title)| view! { <li><a href=format!("/exercises/{exercise}")>{title.clone()}</a></li> }).collect_view()}</ul>
            })}
            <h2>{format!("In the lesson: {}", page.lesson_title)}</h2>
            <ul>{toc}</ul>
            <PreviousNext previous=page.previous next=page.next suffix=""/>
        </article>
    }
}

/// Links to the previous and next module (or the same part of them, with `suffix`).
#[component]
pub fn PreviousNext(
    previous: Option<ModuleLink>,
    next: Option<ModuleLink>,
    suffix: &'static str,
) -> impl IntoView {
    view! {
        <nav class="prev-next" aria-label="Previous and next module">
            {previous.map(|m| view! { <a rel="prev" href=format!("/modules/{}{}", m.id, suffix)>{format!("← {}", m.title)}</a> })}
            {next.map(|m| view! { <a rel="next" href=format!("/modules/{}{}", m.id, suffix)>{format!("{} →", m.title)}</a> })}
        </nav>
    }
}
