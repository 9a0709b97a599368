//! The lesson reader: the module's reading with a table of contents and previous/next links.

use leptos::prelude::*;
use leptos_meta::Title;

use super::module::PreviousNext;
use super::route_param;
use crate::api::course::get_lesson_page;
use crate::components::loading::load_page;
use domain::course::LessonPage;

#[component]
pub fn LessonRoute() -> impl IntoView {
    load_page(
        route_param("id"),
        get_lesson_page,
        |page| view! { <LessonView page/> },
    )
}

#[component]
fn LessonView(page: LessonPage) -> impl IntoView {
    let module = page.module;
    super::record_progress_once(
        domain::progress::ItemKind::Lesson,
        module.id.clone(),
        Signal::derive(|| 0),
    );
    let toc = page.lesson.toc.iter().map(|entry| {
        view! {
            <li class=format!("toc-level-{}", entry.level)><a href=format!("#{}", entry.anchor)>{entry.text.clone()}</a></li>
        }
    }).collect_view();
    view! {
        <Title text=page.lesson.title.clone()/>
        <div class="page lesson-layout">
            <nav class="toc" aria-label="On this page">
                <h2>"On this page"</h2>
                <ol>{toc}</ol>
            </nav>
            <article class="lesson">
                <p class="breadcrumb">
                    <a href="/">"Course"</a>" › "
                    <a href=format!("/modules/{}", module.id)>{format!("Module {}: {}", module.order, module.title)}</a>
                </p>
                <h1>{page.lesson.title.clone()}</h1>
                <div class="prose" inner_html=page.lesson.html.clone()></div>
                <p class="lesson-end">
                    <a class="button" href=format!("/modules/{}/slides/1", module.id)>"View this module's slides"</a>
                </p>
                <PreviousNext previous=page.previous next=page.next suffix="/lesson"/>
            </article>
        </div>
    }
}
