//! The model reference: `/model` lists the process areas by category with the model-wide parts;
//! `/model/{abbr}` shows one process area with its goals and practices.

use leptos::prelude::*;
use leptos_meta::Title;

use super::route_param;
use crate::api::course::{get_model_overview, get_process_area};
use crate::components::loading::load_page;
use domain::course::{ModelOverview, ProcessArea, Source};

/// The note every reference page carries about where titles come from.
const TITLES_NOTE: &str = "Identifiers and titles follow CERT-RMM v1.2. Titles marked “reconstructed” could not be \
     checked against a public v1.2 source and may be paraphrased; all descriptions are our own words.";

#[component]
pub fn ModelOverviewPage() -> impl IntoView {
    load_page(
        || (),
        |_| async { get_model_overview().await.map(Some) },
        |model| view! { <ModelView model/> },
    )
}

#[component]
fn SourceMark(source: Source) -> impl IntoView {
    let title = match source {
        Source::Sourced => "Title confirmed by a public source for v1.2",
        Source::Reconstructed => "Title reconstructed; may be paraphrased",
    };
    view! { <span class=format!("source-mark {}", source.label()) title=title>{source.label()}</span> }
}

#[component]
fn ModelView(model: ModelOverview) -> impl IntoView {
    let categories = model.categories.iter().map(|category| {
        let areas = category.process_areas.iter().map(|area| {
            view! { <li><a href=format!("/model/{}", area.abbr)><abbr>{area.abbr.clone()}</abbr>" "{area.name.clone()}</a></li> }
        }).collect_view();
        view! {
            <section class="category" aria-labelledby=format!("cat-{}", category.id)>
                <h3 id=format!("cat-{}", category.id)>{format!("{} ({})", category.name, category.process_areas.len())}</h3>
                <div class="prose" inner_html=category.description_html.clone()></div>
                <ul class="pa-list">{areas}</ul>
            </section>
        }
    }).collect_view();
    let capability_levels = model.capability_levels.iter().map(|level| view! {
        <tr><th scope="row">{format!("CL{}", level.level)}</th><td>{level.name.clone()}</td><td inner_html=level.description_html.clone()></td></tr>
    }).collect_view();
    let mils = model.maturity_indicator_levels.iter().map(|level| view! {
        <tr><th scope="row">{format!("MIL{}", level.level)}</th><td>{level.name.clone()}</td><td inner_html=level.description_html.clone()></td></tr>
    }).collect_view();
    let generic_goals = model.generic_goals.iter().map(|goal| {
        let practices = goal.practices.iter().map(|practice| view! {
            <li><strong>{practice.id.clone()}</strong>" "{practice.title.clone()}" "<SourceMark source=practice.source/>
                <span class="description">{practice.description.clone()}</span></li>
        }).collect_view();
        view! {
            <section class="generic-goal">
                <h3 id=goal.id.clone()>{format!("{} {}", goal.id, goal.title)}" "<SourceMark source=goal.source/></h3>
                <p>{goal.description.clone()}</p>
                <ul class="practices">{practices}</ul>
            </section>
        }
    }).collect_view();
    view! {
        <Title text="The model"/>
        <article class="page model">
            <h1>"The CERT Resilience Management Model v1.2"</h1>
            <p class="lead">"Twenty-six process areas in four categories. Choose one to see its goals and practices."</p>
            <p class="note">{TITLES_NOTE}</p>
            <h2>"Process areas by category"</h2>
            <div class="categories">{categories}</div>
            <h2>"Capability levels"</h2>
            <table class="levels">
                <thead><tr><th scope="col">"Level"</th><th scope="col">"Name"</th><th scope="col">"What it means"</th></tr></thead>
                <tbody>{capability_levels}</tbody>
            </table>
            <h2>"Generic goals and practices"</h2>
            {generic_goals}
            <h2>"Maturity indicator levels (MIL)"</h2>
            <table class="levels">
                <thead><tr><th scope="col">"Level"</th><th scope="col">"Name"</th><th scope="col">"What it adds"</th></tr></thead>
                <tbody>{mils}</tbody>
            </table>
        </article>
    }
}

#[component]
pub fn ProcessAreaRoute() -> impl IntoView {
    load_page(
        route_param("abbr"),
        get_process_area,
        |area| view! { <ProcessAreaView area/> },
    )
}

#[component]
fn ProcessAreaView(area: ProcessArea) -> impl IntoView {
    let goals = area.goals.iter().map(|goal| {
        let practices = goal.practices.iter().map(|practice| view! {
            <li id=domain::course::course_anchor(&practice.id)>
                <strong>{practice.short_id.clone()}</strong>" "{practice.title.clone()}" "<SourceMark source=practice.source/>
                <span class="practice-id">{practice.id.clone()}</span>
                <span class="description">{practice.description.clone()}</span>
            </li>
        }).collect_view();
        view! {
            <section class="goal">
                <h3 id=domain::course::course_anchor(&goal.id)>{format!("{} {}", goal.short_id, goal.title)}" "<SourceMark source=goal.source/></h3>
                <ul class="practices">{practices}</ul>
            </section>
        }
    }).collect_view();
    let related = area.related.iter().map(|r| view! {
        <li><a href=format!("/model/{}", r.abbr)><abbr>{r.abbr.clone()}</abbr>" "{r.name.clone()}</a></li>
    }).collect_view();
    let evidence = area
        .typical_evidence_html
        .iter()
        .map(|item| view! { <li inner_html=item.clone()></li> })
        .collect_view();
    let products = area
        .typical_work_products_html
        .iter()
        .map(|item| view! { <li inner_html=item.clone()></li> })
        .collect_view();
    view! {
        <Title text=format!("{} {}", area.abbr, area.name)/>
        <article class="page process-area">
            <p class="breadcrumb"><a href="/model">"Model"</a>" › "{area.category_name.clone()}</p>
            <h1>{format!("{} — {}", area.name, area.abbr)}</h1>
            <p class="meta">{format!("{} · {} specific goals · {} specific practices", area.category_name, area.goals.len(), area.practice_count())}" "<SourceMark source=area.source/></p>
            <div class="prose" inner_html=area.summary_html.clone()></div>
            <h2>"Specific goals and practices"</h2>
            <p class="note">{TITLES_NOTE}</p>
            {goals}
            <h2>"What an appraiser looks for"</h2>
            <ul>{evidence}</ul>
            <h2>"Typical work products"</h2>
            <ul>{products}</ul>
            <h2>"Related process areas"</h2>
            <ul class="pa-list">{related}</ul>
            <h2>"In the NIST Cybersecurity Framework 2.0"</h2>
            <p>
                <a href=format!("/crosswalk?area={}", area.abbr)>{format!("The crosswalk from {}'s practices to CSF 2.0 subcategories", area.abbr)}</a>
                " (this course's own reading, not an official crosswalk)."
            </p>
        </article>
    }
}
