//! The learner's appraisal: the case file's evidence (browse and search), the workspace where
//! each practice in scope gets a rating, a note and evidence (autosaved; goal ratings and
//! capability levels follow the model's rules as they rate), and after submitting (and, in an
//! instructor-led class, the reveal) the comparison with the key. The page prints as a report.

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::appraisal_report::{ComparisonSection, EvaluationPanel};
use super::classes::access_view;
use crate::api::appraisal::{get_appraisal_page, get_evidence, AppraisalPageData};
use crate::components::loading::load_page;
use crate::components::notice::form_notice;
use domain::answers::escape_html;
use domain::appraisal::{Evaluation, Rating};
use domain::notice::NoticePage;

fn class_query() -> impl Fn() -> Option<ClassId> + Clone + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query
            .read()
            .get("class")
            .and_then(|c| c.parse::<ClassId>().ok())
    }
}

#[component]
pub fn AppraisalRoute() -> impl IntoView {
    let class = class_query();
    load_page(
        class,
        |class| async move { get_appraisal_page(class).await },
        |access| access_view(access, |data| view! { <AppraisalView data/> }),
    )
}

#[component]
fn AppraisalView(data: AppraisalPageData) -> impl IntoView {
    let class_id = data.class.as_ref().map(|c| c.id);
    let suffix = class_id.map(|c| format!("?class={c}")).unwrap_or_default();
    let notice = form_notice(NoticePage::Appraisal);
    let evaluation = RwSignal::new(data.evaluation.clone());
    let editable = data.signed_in && data.locked_reason.is_none();
    let state = if !data.signed_in {
        Some("Sign in to rate the practices; your ratings are then kept as you work.".to_string())
    } else {
        data.locked_reason.clone()
    };
    let led = data.class.as_ref().map(|c| c.mode) == Some(domain::people::ClassMode::InstructorLed);
    let waiting = (data.submitted_at.is_some() && data.comparison.is_none()).then(|| {
        let text = if led {
            "Submitted. Your instructor will reveal the key to the class; the comparison appears here then."
        } else {
            "Submitted. The key is shown once your team submits its agreed ratings, so it cannot steer the team's discussion."
        };
        view! { <p class="callout" role="status">{text}</p> }
    });
    let comparison = data.comparison.clone().map(|comparison| {
        view! {
            <ComparisonSection comparison workspace=data.workspace.clone() evaluation=data.evaluation.clone() rater="You" heading="Your ratings against the key"/>
        }
    });
    let team = data.team.clone().zip(class_id).map(|(team, class_id)| {
        let text = if team.submitted {
            format!("Your team, {}, has submitted its agreed ratings.", team.name)
        } else {
            format!("You are on the team {}. Rate alone first and submit; then compare your ratings with your teammates' and agree the team's.", team.name)
        };
        view! {
            <p class="callout team-link">{text}" "<a href=format!("/appraisal/team?class={class_id}")>"Open the team's ratings"</a></p>
        }
    });
    view! {
        <Title text="Appraisal workspace"/>
        <article class="page appraisal">
            {data.class.as_ref().map(|c| view! { <p class="breadcrumb"><a href=format!("/classes/{}", c.id)>{c.name.clone()}</a></p> })}
            <h1>{format!("Appraisal: {}", data.case.organization)}</h1>
            {notice}
            {state.map(|s| view! { <p class="callout">{s}</p> })}
            {waiting}
            {team}
            <details class="case-overview">
                <summary>"The organization and the appraisal scope"</summary>
                <div class="prose" inner_html=data.case.overview_html.clone()></div>
            </details>
            <div class="prose" inner_html=data.case.instructions_html.clone()></div>
            <p>
                <a class="button secondary" href=format!("/appraisal/evidence{suffix}")>"Open the case file's evidence"</a>" "
                <a class="button secondary" href=format!("/appraisal/plan{suffix}")>"Improvement plan: targets, gaps and roadmap"</a>
            </p>
            <EvaluationPanel evaluation=evaluation title="What your ratings give, by the model's rules"/>
            <RatingForm data=data.clone() class_id editable evaluation/>
            {comparison}
        </article>
    }
}

#[component]
fn RatingForm(
    data: AppraisalPageData,
    class_id: Option<ClassId>,
    editable: bool,
    evaluation: RwSignal<Evaluation>,
) -> impl IntoView {
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let status = RwSignal::new(String::new());
    let on_input = {
        #[cfg(feature = "hydrate")]
        {
            autosave::handler(form_ref, class_id, status, evaluation)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = evaluation;
            |_: leptos::ev::Event| {}
        }
    };
    let mut sections = Vec::new();
    for area in &data.case.scope {
        let practices: Vec<_> = data
            .case
            .practices
            .iter()
            .filter(|p| &p.process_area == area)
            .collect();
        let mut goals: Vec<&str> = Vec::new();
        for p in &practices {
            if !goals.contains(&p.goal.as_str()) {
                goals.push(&p.goal);
            }
        }
        let goal_views = goals
            .into_iter()
            .map(|goal| {
                let marked = data.workspace.marks.contains(goal);
                let rows = practices
                    .iter()
                    .filter(|p| p.goal == goal)
                    .map(|p| {
                        let work = data.workspace.practices.get(&p.id).cloned().unwrap_or_default();
                        let id = p.id.clone();
                        let rating = work.rating;
                        view! {
                            <div class="practice-row">
                                <label for=format!("rating-{id}")><strong>{id.split(':').nth(1).unwrap_or("").to_string()}</strong>" "{p.title.clone()}</label>
                                <select id=format!("rating-{id}") name=format!("rating.{id}")>
                                    <option value="">"— not rated —"</option>
                                    {Rating::ALL.iter().map(|r| view! { <option value=r.code() selected=rating == Some(*r)>{format!("{} – {}", r.code(), r.name())}</option> }).collect_view()}
                                </select>
                                <label for=format!("evidence-{id}") class="small">"Evidence (ids)"</label>
                                <input id=format!("evidence-{id}") name=format!("evidence.{id}") value=work.evidence.join(", ") placeholder="E07, E12" autocomplete="off"/>
                                <label for=format!("note-{id}") class="small">"Note"</label>
                                <textarea id=format!("note-{id}") name=format!("note.{id}") rows="2" maxlength="2000" inner_html=escape_html(&work.note)></textarea>
                                <a class="small" href=format!("/appraisal/evidence?practice={}", id)>"Evidence tagged with this practice"</a>
                            </div>
                        }
                    })
                    .collect_view();
                view! {
                    <fieldset class="goal">
                        <legend>{goal.to_string()}</legend>
                        {rows}
                        <label class="choice"><input type="checkbox" name=format!("mark.{goal}") checked=marked/>" Mark this goal Unsatisfied for a significant weakness"</label>
                    </fieldset>
                }
            })
            .collect_view();
        sections.push(view! {
            <section class="area-ratings" aria-label=format!("Ratings for {area}")>
                <h2>{area.clone()}</h2>
                {goal_views}
            </section>
        });
    }
    view! {
        <form class="rating-form" method="post" action="/appraisal/ratings" node_ref=form_ref on:input=on_input>
            <input type="hidden" name="class_id" value=class_id.map(|c| c.to_string()).unwrap_or_default()/>
            <fieldset disabled=!editable class="plain">
                {sections}
                <p class="form-actions">
                    <button class="button secondary" type="submit" name="intent" value="save">"Save ratings"</button>
                    " "
                    <button class="button" type="submit" name="intent" value="submit">"Submit for comparison with the key"</button>
                </p>
            </fieldset>
            <p class="meta autosave" role="status" aria-live="polite">{move || status.get()}</p>
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod autosave {
    use leptos::prelude::*;

    use crate::api::appraisal::save_appraisal_draft;
    use crate::api::Access;
    use crate::components::autosave::{not_saved, on_input};
    use domain::appraisal::Evaluation;
    use domain::ids::ClassId;

    pub fn handler(
        form_ref: NodeRef<leptos::html::Form>,
        class_id: Option<ClassId>,
        status: RwSignal<String>,
        evaluation: RwSignal<Evaluation>,
    ) -> impl Fn(leptos::ev::Event) + Clone + 'static {
        on_input(form_ref, status, move |encoded| async move {
            match save_appraisal_draft(class_id, encoded).await {
                Ok(Access::Granted(result)) => {
                    evaluation.set(result);
                    "All ratings saved.".to_string()
                }
                Ok(Access::SignInRequired) => "Not saved: sign in again.".to_string(),
                Ok(_) => "Not saved: this appraisal is not yours to change.".to_string(),
                Err(error) => not_saved(&error),
            }
        })
    }
}

#[component]
pub fn EvidenceRoute() -> impl IntoView {
    let query = use_query_map();
    let search = move || {
        let q = query.read();
        (
            q.get("q").unwrap_or_default(),
            q.get("practice").unwrap_or_default(),
        )
    };
    load_page(
        search,
        |(text, practice)| async move { get_evidence(text, practice).await },
        move |(case, items)| {
            let (text, practice) = search();
            let results = items
                .into_iter()
                .map(|item| {
                    view! {
                        <article class="evidence-item" id=item.id.clone()>
                            <h2>{format!("{} · {}", item.id, item.title)}</h2>
                            <p class="meta">{format!("{} · {} · {}", item.kind, item.date, item.author)}</p>
                            <p class="meta">{format!("Bears on: {}", item.practices.join(", "))}</p>
                            <div class="prose" inner_html=item.html></div>
                        </article>
                    }
                })
                .collect_view();
            let practices = case
                .practices
                .iter()
                .map(|p| {
                    let selected = p.id == practice;
                    view! { <option value=p.id.clone() selected=selected>{format!("{} {}", p.id, p.title)}</option> }
                })
                .collect_view();
            view! {
                <Title text="Case file evidence"/>
                <article class="page">
                    <p class="breadcrumb"><a href="/appraisal">"Appraisal workspace"</a></p>
                    <h1>{format!("{}: evidence", case.organization)}</h1>
                    <form class="inline-form" method="get" action="/appraisal/evidence" role="search">
                        <label for="evidence-q">"Search"</label>
                        <input id="evidence-q" name="q" value=text/>
                        <label for="evidence-practice">"Practice"</label>
                        <select id="evidence-practice" name="practice">
                            <option value="">"— any —"</option>
                            {practices}
                        </select>
                        <button class="button secondary" type="submit">"Filter"</button>
                    </form>
                    {results}
                </article>
            }
        },
    )
}
