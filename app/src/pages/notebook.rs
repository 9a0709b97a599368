//! `/notebook`: the whole course for printing — every deck with its speaker notes, one slide per
//! page (a slide never splits across pages), then the handouts.

use leptos::prelude::*;
use leptos_meta::Title;

use super::slides::HandoutSlide;
use crate::api::course::get_notebook;
use crate::components::loading::load_page;
use domain::course::Notebook;

#[component]
pub fn NotebookPage() -> impl IntoView {
    load_page(
        || (),
        |_| async { get_notebook().await.map(Some) },
        |notebook| view! { <NotebookView notebook/> },
    )
}

#[component]
fn NotebookView(notebook: Notebook) -> impl IntoView {
    let slide_total: usize = notebook.modules.iter().map(|m| m.slides.len()).sum();
    let modules = notebook
        .modules
        .into_iter()
        .map(|entry| {
            let module_id = format!("{}-", entry.module.id);
            let slides = entry
                .slides
                .into_iter()
                .map(|slide| view! { <HandoutSlide slide anchor_prefix="nb-" module_id=module_id.clone()/> })
                .collect_view();
            view! {
                <section class="notebook-module" aria-labelledby=format!("nb-{}", entry.module.id)>
                    <h2 id=format!("nb-{}", entry.module.id)>{format!("Module {}: {}", entry.module.order, entry.module.title)}</h2>
                    {slides}
                </section>
            }
        })
        .collect_view();
    let handouts = notebook
        .handouts
        .into_iter()
        .map(|h| {
            view! {
                <section class="notebook-handout" aria-labelledby=format!("nb-handout-{}", h.id)>
                    <h2 id=format!("nb-handout-{}", h.id)>{h.title}</h2>
                    <div class="prose handout-body" inner_html=h.html></div>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text="Course notebook"/>
        <article class="page notebook handout">
            <h1>{format!("{}: course notebook", notebook.title)}</h1>
            <p class="no-print">{format!("Every slide of the course ({slide_total}) with its speaker notes, then the handouts. Use your browser's Print command and “Save as PDF”: each slide starts a new page and is never split.")}</p>
            {modules}
            {handouts}
        </article>
    }
}
