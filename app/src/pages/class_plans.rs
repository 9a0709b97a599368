//! The instructor's view of a class's improvement plans: the class's own targets, which gaps most learners chose to close
//! first, every learner's roadmap side by side, and how each learner's ratings moved between
//! their first submission and their latest.

use domain::appraisal::plan::Plan;
use domain::ids::ClassId;
use leptos::prelude::*;
use leptos_meta::Title;

use super::classes::access_view;
use super::plan::TargetRow;
use super::route_param;
use crate::api::plans::{get_class_plans, ClassPlans, LearnerPlan, Movement};
use crate::components::loading::load_page;
use crate::components::notice::form_notice;
use domain::notice::NoticePage;

#[component]
pub fn ClassPlansRoute() -> impl IntoView {
    let id = route_param("id");
    load_page(
        move || id().parse::<ClassId>().ok(),
        |class| async move {
            match class {
                Some(class) => get_class_plans(class).await,
                None => Ok(None),
            }
        },
        |access| access_view(access, |data| view! { <ClassPlansPage data/> }),
    )
}

fn targets_text(plan: &Plan) -> String {
    if plan.targets.is_empty() {
        "the case file's suggestions".into()
    } else {
        plan.targets
            .iter()
            .map(|(area, level)| format!("{area} {level}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[component]
fn LearnerColumn(learner: LearnerPlan) -> impl IntoView {
    let mut actions = learner.plan.actions.clone();
    // Nearest horizon first, in the learner's own order within it, as they would be done.
    actions.sort_by_key(|a| a.horizon);
    let items = actions
        .iter()
        .map(|a| {
            view! {
                <li>
                    <strong>{a.target.clone()}</strong>" "{a.action.clone()}
                    <span class="meta">{format!(" — {}, {}", if a.owner_role.is_empty() { "no owner named" } else { &a.owner_role }, a.horizon.label())}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="plan-column" aria-label=format!("Plan of {}", learner.display_name)>
            <h3>{learner.display_name.clone()}</h3>
            <p class="meta">{format!("Targets: {}", targets_text(&learner.plan))}</p>
            {if actions.is_empty() {
                view! { <p>"No actions yet."</p> }.into_any()
            } else {
                view! { <ol>{items}</ol> }.into_any()
            }}
        </section>
    }
}

fn movement_row(m: &Movement) -> impl IntoView {
    let up = m.diff.levels.iter().filter(|(_, b, a)| a > b).count();
    let down = m.diff.levels.iter().filter(|(_, b, a)| a < b).count();
    let kappa = m
        .diff
        .kappa
        .map(|k| format!("{k:.2}"))
        .unwrap_or_else(|| "—".into());
    view! {
        <tr>
            <th scope="row">{m.display_name.clone()}</th>
            <td>{m.first_at.get(..16).unwrap_or(&m.first_at).replace('T', " ")}</td>
            <td>{m.latest_at.get(..16).unwrap_or(&m.latest_at).replace('T', " ")}</td>
            <td>{m.diff.changed.len()}</td>
            <td>{format!("{up} up, {down} down")}</td>
            <td>{kappa}</td>
        </tr>
    }
}

/// The class's own targets: the instructors' adjustment of the case file's suggestions, which
/// the class's learners see where they have set none of their own.
#[component]
fn ClassTargetsForm(data: ClassPlans) -> impl IntoView {
    let rows = data
        .scope
        .iter()
        .map(|area| {
            let chosen = data.class_targets.get(area).copied();
            let hint = match data.case_targets.get(area) {
                Some(level) => format!("The case file suggests level {level}."),
                None => "The case file suggests none: the most the scope can show.".to_string(),
            };
            view! { <TargetRow id=format!("class-target-{area}") area=area.clone() label=" class target" blank="— the case file's —" chosen hint/> }
        })
        .collect_view();
    view! {
        <section id="targets" aria-labelledby="targets-heading">
            <h2 id="targets-heading">"The class's targets"</h2>
            <p class="meta">"Adjust the case file's suggested target levels for this class. Learners see these where they have not set their own."</p>
            <form method="post" action=format!("/classes/{}/plans/targets", data.class_id) class="targets-form">
                {rows}
                <p class="form-actions"><button class="button" type="submit">"Save the class's targets"</button></p>
            </form>
        </section>
    }
}

#[component]
fn ClassPlansPage(data: ClassPlans) -> impl IntoView {
    let first = if data.first_choices.is_empty() {
        view! { <p>"No learner has a roadmap yet."</p> }.into_any()
    } else {
        let items = data
            .first_choices
            .iter()
            .map(|(target, count)| view! { <li><strong>{target.clone()}</strong>{format!(": {count} {}", if *count == 1 { "learner" } else { "learners" })}</li> })
            .collect_view();
        view! { <ol class="first-choices">{items}</ol> }.into_any()
    };
    let movement = if data.movement.is_empty() {
        view! { <p>"No learner has submitted ratings twice yet."</p> }.into_any()
    } else {
        let rows = data.movement.iter().map(movement_row).collect_view();
        view! {
            <div class="table-scroll">
                <table class="movement">
                    <caption>"From each learner's first submission to their latest (times in UTC)"</caption>
                    <thead><tr>
                        <th scope="col">"Learner"</th><th scope="col">"First"</th><th scope="col">"Latest"</th>
                        <th scope="col">"Practices changed"</th><th scope="col">"Levels moved"</th><th scope="col">"Kappa between them"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let columns = data
        .plans
        .iter()
        .map(|learner| view! { <LearnerColumn learner=learner.clone()/> })
        .collect_view();
    view! {
        <Title text=format!("Improvement plans: {}", data.class_name)/>
        <article class="page wide class-plans">
            <p class="breadcrumb"><a href=format!("/classes/{}", data.class_id)>{data.class_name.clone()}</a></p>
            <h1>"The class's improvement plans"</h1>
            {form_notice(NoticePage::ClassPlans)}
            <ClassTargetsForm data=data.clone()/>
            <section aria-labelledby="first-heading">
                <h2 id="first-heading">"What learners would close first"</h2>
                <p class="meta">"Each learner's first action of their nearest horizon, counted by the practice or goal it closes."</p>
                {first}
            </section>
            <section aria-labelledby="movement-heading">
                <h2 id="movement-heading">"How ratings moved"</h2>
                {movement}
            </section>
            <section aria-labelledby="roadmaps-heading">
                <h2 id="roadmaps-heading">{format!("Roadmaps side by side ({})", data.plans.len())}</h2>
                <div class="plan-columns">{columns}</div>
            </section>
        </article>
    }
}
