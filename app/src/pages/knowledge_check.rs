//! The class's end-of-course knowledge check by course outcome, for its instructors: per outcome
//! the class's mean and how many learners missed it (below 60 %), so the outcome the class
//! missed stands out; then each learner's row; and the same as CSV.

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos_meta::Title;

use super::classes::access_view;
use super::route_param;
use crate::api::exercises::{get_knowledge_check_results, KnowledgeCheckResults};
use crate::api::Access;
use crate::components::loading::load_page;
use domain::knowledge_check::MISSED_BELOW_PERCENT;

#[component]
pub fn KnowledgeCheckRoute() -> impl IntoView {
    let class_id = route_param("id");
    load_page(
        move || class_id().parse::<ClassId>().ok(),
        |class_id| async move {
            match class_id {
                Some(class_id) => get_knowledge_check_results(class_id).await,
                None => Ok(Some(Access::NotFound)),
            }
        },
        |access| access_view(access, |results| view! { <ResultsView results/> }),
    )
}

#[component]
fn ResultsView(results: KnowledgeCheckResults) -> impl IntoView {
    let class_id = results.class.id;
    let weakest = results
        .class_outcomes
        .iter()
        .filter(|o| o.learners > 0)
        .min_by_key(|o| o.mean_percent)
        .map(|o| o.outcome.clone());
    let outcome_rows = results
        .class_outcomes
        .iter()
        .zip(&results.outcomes)
        .map(|(outcome, (_, text))| {
            let missed = outcome.learners > 0 && outcome.mean_percent < MISSED_BELOW_PERCENT;
            let flag = (weakest.as_ref() == Some(&outcome.outcome)).then(|| view! { <strong class="flag">" · weakest"</strong> });
            view! {
                <tr class=if missed { "outcome-missed" } else { "" }>
                    <th scope="row">{outcome.outcome.clone()}{flag}</th>
                    <td>{text.clone()}</td>
                    <td>{outcome.items}</td>
                    <td>
                        <svg class="bar" viewBox="0 0 100 10" width="100" height="10" aria-hidden="true">
                            <rect class="bar-back" x="0" y="0" width="100" height="10"></rect>
                            <rect class="bar-fill" x="0" y="0" width=outcome.mean_percent.to_string() height="10"></rect>
                        </svg>
                        {format!(" {} %", outcome.mean_percent)}
                    </td>
                    <td>{format!("{} of {}", outcome.missed_by, outcome.learners)}</td>
                </tr>
            }
        })
        .collect_view();
    let headers = results
        .outcomes
        .iter()
        .map(|(id, text)| view! { <th scope="col" title=text.clone()>{id.clone()}</th> })
        .collect_view();
    let learner_rows = results
        .rows
        .iter()
        .map(|(name, username, scores)| {
            let cells = scores
                .iter()
                .map(|s| {
                    let missed = s.missed();
                    view! { <td class=if missed { "outcome-missed" } else { "" }>{format!("{} %", s.percent())}{missed.then_some(" (missed)")}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{name.clone()}<span class="meta">{format!(" {username}")}</span></th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <Title text="Knowledge check by outcome"/>
        <article class="page wide">
            <p class="breadcrumb"><a href=format!("/classes/{class_id}")>{results.class.name.clone()}</a>" · "<a href=format!("/classes/{class_id}/gradebook")>"Gradebook"</a></p>
            <h1>"Knowledge check by outcome"</h1>
            <p>{format!("{} of {} learners submitted ", results.submitted, results.learners)}<a href=format!("/exercises/{}?class={class_id}", results.exercise_id)>{results.exercise_title.clone()}</a>{format!(". An outcome counts as missed below {MISSED_BELOW_PERCENT} %.")}</p>
            <p><a class="button secondary" href=format!("/classes/{class_id}/knowledge-check.csv") download="">"Download by outcome (CSV)"</a></p>
            <h2>"The class"</h2>
            <div class="table-scroll">
                <table class="outcome-table">
                    <thead><tr><th scope="col">"Outcome"</th><th scope="col">"What it asks"</th><th scope="col">"Items"</th><th scope="col">"Class mean"</th><th scope="col">"Missed by"</th></tr></thead>
                    <tbody>{outcome_rows}</tbody>
                </table>
            </div>
            <h2>"Each learner"</h2>
            <div class="table-scroll">
                <table class="outcome-learners">
                    <thead><tr><th scope="col">"Learner"</th>{headers}</tr></thead>
                    <tbody>{learner_rows}</tbody>
                </table>
            </div>
        </article>
    }
}
