//! The learner's appraisal: the case file's evidence (browse and search), the workspace where
//! each practice in scope gets a rating, a note and evidence (autosaved; goal ratings and
//! capability levels follow the model's rules as they rate), and after submitting (and, in an
//! instructor-led class, the reveal) the comparison with the key. The page prints as a report.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::classes::access_view;
use crate::answers::escape_html;
use crate::api_appraisal::{get_appraisal_page, get_evidence, AppraisalPageData, ComparisonView};
use crate::appraisal::{Evaluation, GoalRating, Rating};
use crate::components::loading::load_page;

fn class_query() -> impl Fn() -> Option<i64> + Clone + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query
            .read()
            .get("class")
            .and_then(|c| c.parse::<i64>().ok())
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
    let notice = use_query_map()
        .read_untracked()
        .get("notice")
        .and_then(|n| match n.as_str() {
            "saved" => Some("Your ratings are saved."),
            "submitted" => Some("Your ratings are submitted."),
            _ => None,
        })
        .map(|text| view! { <p class="form-notice" role="status">{text}</p> });
    let evaluation = RwSignal::new(data.evaluation.clone());
    let editable = data.signed_in && data.locked_reason.is_none();
    let state = if !data.signed_in {
        Some("Sign in to rate the practices; your ratings are then kept as you work.".to_string())
    } else {
        data.locked_reason.clone()
    };
    let waiting = (data.submitted_at.is_some() && data.comparison.is_none()).then(|| {
        view! { <p class="callout" role="status">"Submitted. Your instructor will reveal the key to the class; the comparison appears here then."</p> }
    });
    let comparison = data
        .comparison
        .clone()
        .map(|comparison| view! { <ComparisonSection comparison data=data.clone()/> });
    view! {
        <Title text="Appraisal workspace"/>
        <article class="page appraisal">
            {data.class.as_ref().map(|c| view! { <p class="breadcrumb"><a href=format!("/classes/{}", c.id)>{c.name.clone()}</a></p> })}
            <h1>{format!("Appraisal: {}", data.case.organization)}</h1>
            {notice}
            {state.map(|s| view! { <p class="callout">{s}</p> })}
            {waiting}
            <details class="case-overview">
                <summary>"The organization and the appraisal scope"</summary>
                <div class="prose" inner_html=data.case.overview_html.clone()></div>
            </details>
            <div class="prose" inner_html=data.case.instructions_html.clone()></div>
            <p><a class="button secondary" href=format!("/appraisal/evidence{suffix}")>"Open the case file's evidence"</a></p>
            <EvaluationPanel evaluation=evaluation/>
            <RatingForm data=data.clone() class_id editable evaluation/>
            {comparison}
        </article>
    }
}

fn goal_text(rating: GoalRating) -> &'static str {
    match rating {
        GoalRating::Satisfied => "Satisfied",
        GoalRating::Unsatisfied => "Unsatisfied",
        GoalRating::NotRated => "Not rated yet",
    }
}

#[component]
fn EvaluationPanel(evaluation: RwSignal<Evaluation>) -> impl IntoView {
    view! {
        <section class="evaluation" aria-labelledby="evaluation-title">
            <h2 id="evaluation-title">"What your ratings give, by the model's rules"</h2>
            <table class="evaluation-table">
                <thead><tr><th scope="col">"Process area"</th><th scope="col">"Rated"</th><th scope="col">"Goals"</th><th scope="col">"Capability level"</th><th scope="col">"MIL view"</th></tr></thead>
                <tbody>
                    {move || evaluation.get().process_areas.into_iter().map(|area| {
                        let goals = area.goals.iter().map(|g| format!("{} {}", g.goal.split(':').nth(1).unwrap_or(""), goal_text(g.rating))).collect::<Vec<_>>().join(" · ");
                        view! {
                            <tr>
                                <th scope="row">{area.process_area.clone()}</th>
                                <td>{format!("{} of {}", area.rated, area.practices)}</td>
                                <td>{goals}</td>
                                <td>{format!("CL{} (this scope shows up to CL{})", area.capability_level, area.capability_ceiling)}</td>
                                <td>{format!("MIL{} (up to MIL{})", area.mil, area.mil_ceiling)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn RatingForm(
    data: AppraisalPageData,
    class_id: Option<i64>,
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

#[component]
fn ComparisonSection(comparison: ComparisonView, data: AppraisalPageData) -> impl IntoView {
    let figures = &comparison.comparison;
    let percent = |share: f64| format!("{:.0}%", share * 100.0);
    let kappa = figures
        .weighted_kappa
        .map(|k| format!("{k:.2}"))
        .unwrap_or_else(|| "—".into());
    let rows = figures
        .differences
        .iter()
        .map(|difference| {
            let key = comparison.key.iter().find(|k| k.practice == difference.practice);
            let note = data
                .workspace
                .practices
                .get(&difference.practice)
                .map(|w| w.note.clone())
                .unwrap_or_default();
            view! {
                <tr>
                    <th scope="row">{difference.practice.clone()}</th>
                    <td>{difference.learner.map(|r| r.code().to_string()).unwrap_or_else(|| "not rated".into())}</td>
                    <td>{difference.key.code()}{key.filter(|k| k.adjusted).map(|_| " (set by your instructor for this class)")}</td>
                    <td>{note}</td>
                    <td>
                        <div inner_html=key.map(|k| k.rationale_html.clone()).unwrap_or_default()></div>
                        <p class="meta">{key.map(|k| format!("Evidence: {}", k.evidence.join(", "))).unwrap_or_default()}</p>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let chart = level_chart(&data, &comparison);
    view! {
        <section class="comparison" aria-labelledby="comparison-title">
            <h2 id="comparison-title">"Your ratings against the key"</h2>
            <ul class="figures">
                <li>{format!("Exact agreement: {}", percent(figures.exact_agreement))}</li>
                <li>{format!("Within one step: {}", percent(figures.within_one_step))}</li>
                <li>{format!("Weighted kappa: {kappa}")}</li>
                <li>{format!("Goal agreement: {}", percent(figures.goal_agreement))}</li>
                <li>{format!("Capability level agreement: {}", percent(figures.capability_level_agreement))}</li>
                <li>{format!("Score: {:.1} of 100", figures.score)}</li>
            </ul>
            {chart}
            <h3>{match figures.differences.len() { 1 => "1 practice differs from the key".to_string(), n => format!("{n} practices differ from the key") }}</h3>
            <div class="table-scroll">
                <table class="differences">
                    <thead><tr><th scope="col">"Practice"</th><th scope="col">"You"</th><th scope="col">"Key"</th><th scope="col">"Your note"</th><th scope="col">"The key's rationale"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Capability level per process area, learner against key, as an SVG bar chart.
fn level_chart(data: &AppraisalPageData, comparison: &ComparisonView) -> impl IntoView {
    let areas = &data.evaluation.process_areas;
    let width = 120 * areas.len() + 40;
    let bars = areas
        .iter()
        .zip(&comparison.key_evaluation.process_areas)
        .enumerate()
        .map(|(i, (mine, key))| {
            let x = 40 + i * 120;
            let bar = |offset: usize, level: u8, class: &'static str| {
                let height = 20 + u32::from(level) * 40;
                view! { <rect class=class x=(x + offset).to_string() y=(150 - height).to_string() width="40" height=height.to_string()></rect> }
            };
            view! {
                <g>
                    {bar(0, mine.capability_level, "bar-learner")}
                    {bar(44, key.capability_level, "bar-key")}
                    <text x=(x + 42).to_string() y="170" text-anchor="middle">{mine.process_area.clone()}</text>
                    <text x=(x + 20).to_string() y=(140 - u32::from(mine.capability_level) * 40).to_string() text-anchor="middle">{format!("CL{}", mine.capability_level)}</text>
                    <text x=(x + 64).to_string() y=(140 - u32::from(key.capability_level) * 40).to_string() text-anchor="middle">{format!("CL{}", key.capability_level)}</text>
                </g>
            }
        })
        .collect_view();
    let summary = areas
        .iter()
        .zip(&comparison.key_evaluation.process_areas)
        .map(|(m, k)| {
            format!(
                "{}: you CL{}, key CL{}",
                m.process_area, m.capability_level, k.capability_level
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <figure class="level-chart">
            <svg viewBox=format!("0 0 {width} 180") role="img" aria-label=format!("Capability level per process area. {summary}")>
                {bars}
            </svg>
            <figcaption>"Capability level per process area: your ratings (dark) and the key (light)."</figcaption>
        </figure>
    }
}

#[cfg(feature = "hydrate")]
mod autosave {
    use leptos::prelude::*;

    use crate::api_appraisal::save_appraisal_draft;
    use crate::api_people::Access;
    use crate::appraisal::Evaluation;
    use crate::components::autosave::{not_saved, on_input};

    pub fn handler(
        form_ref: NodeRef<leptos::html::Form>,
        class_id: Option<i64>,
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
