//! The report parts of the appraisal, shared by a learner's and a team's page: what the ratings
//! give by the model's rules, and their comparison with the key (figures, level chart,
//! differences beside the key's rationale).

use leptos::prelude::*;

use crate::api::appraisal::ComparisonView;
use domain::appraisal::workspace::Workspace;
use domain::appraisal::{Evaluation, GoalRating};

fn goal_text(rating: GoalRating) -> &'static str {
    match rating {
        GoalRating::Satisfied => "Satisfied",
        GoalRating::Unsatisfied => "Unsatisfied",
        GoalRating::NotRated => "Not rated yet",
    }
}

/// Goal ratings, capability level and MIL view per process area, as the ratings give them.
#[component]
pub fn EvaluationPanel(
    evaluation: RwSignal<Evaluation>,
    #[prop(into)] title: String,
) -> impl IntoView {
    view! {
        <section class="evaluation" aria-labelledby="evaluation-title">
            <h2 id="evaluation-title">{title}</h2>
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

/// The comparison with the key: the figures, the level chart, and every difference with the
/// rater's note beside the key's rationale. `rater` is "You" or "Your team".
#[component]
pub fn ComparisonSection(
    comparison: ComparisonView,
    workspace: Workspace,
    evaluation: Evaluation,
    rater: &'static str,
    heading: &'static str,
) -> impl IntoView {
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
            let note = workspace
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
    let chart = level_chart(&evaluation, &comparison, rater);
    view! {
        <section class="comparison" aria-labelledby="comparison-title">
            <h2 id="comparison-title">{heading}</h2>
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
                    <thead><tr><th scope="col">"Practice"</th><th scope="col">{rater}</th><th scope="col">"Key"</th><th scope="col">"Note"</th><th scope="col">"The key's rationale"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Capability level per process area, learner against key, as an SVG bar chart.
fn level_chart(evaluation: &Evaluation, comparison: &ComparisonView, rater: &str) -> impl IntoView {
    let areas = &evaluation.process_areas;
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
                "{}: {rater} CL{}, key CL{}",
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
            <figcaption>{format!("Capability level per process area: {rater} (dark) and the key (light).")}</figcaption>
        </figure>
    }
}
