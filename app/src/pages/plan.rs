//! The learner's improvement plan: target levels per process area, the gaps between the levels
//! their ratings (or, once shown, the key's) give and those targets with the practices and goals
//! that block each, the projection of the ratings onto the NIST CSF 2.0, then the roadmap and the
//! snapshots (in `plan_roadmap`). Every change is a plain form, so the page works without
//! JavaScript; it prints as the plan.

use domain::appraisal::gaps::{AreaGap, Blocker, BlockerKind};
use domain::ids::ClassId;
use domain::notice::NoticePage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::classes::access_view;
use super::plan_roadmap::{plan_address, RoadmapSection, SnapshotsSection};
use crate::api::plans::{get_plan, PlanView};
use crate::components::csf_heatmap::CsfHeatmap;
use crate::components::loading::load_page;
use crate::components::notice::form_notice;

/// What the address asks for: the class, whose ratings, and two snapshots to compare.
#[derive(Clone, PartialEq)]
struct PlanQuery {
    class: Option<ClassId>,
    source: String,
    from: Option<i64>,
    to: Option<i64>,
}

#[component]
pub fn PlanRoute() -> impl IntoView {
    let query = use_query_map();
    let key = move || {
        let q = query.read();
        PlanQuery {
            class: q.get("class").and_then(|c| c.parse().ok()),
            source: q.get("source").unwrap_or_default(),
            from: q.get("from").and_then(|c| c.parse().ok()),
            to: q.get("to").and_then(|c| c.parse().ok()),
        }
    };
    load_page(
        key,
        |q| async move { get_plan(q.class, q.source, q.from, q.to).await },
        |access| access_view(access, |data| view! { <PlanPage data/> }),
    )
}

#[component]
fn PlanPage(data: PlanView) -> impl IntoView {
    let class = data.class_id;
    let appraisal = class
        .map(|c| format!("/appraisal?class={c}"))
        .unwrap_or_else(|| "/appraisal".into());
    let whose = if data.source == "key" {
        "the key's ratings"
    } else {
        "your ratings"
    };
    let source_switch = data.key_available.then(|| {
        let mine = data.source != "key";
        view! {
            <p class="source-switch no-print">
                "Gaps and projection from: "
                {if mine {
                    view! { <strong>"your ratings"</strong>" · "<a href=plan_address(class, "source=key")>"the key's ratings"</a> }.into_any()
                } else {
                    view! { <a href=plan_address(class, "")>"your ratings"</a>" · "<strong>"the key's ratings"</strong> }.into_any()
                }}
            </p>
        }
    });
    let breadcrumb = match (&data.class_name, class) {
        (Some(name), Some(id)) => view! { <a href=format!("/classes/{id}")>{name.clone()}</a>" · "<a href=appraisal.clone()>"Appraisal"</a> }.into_any(),
        _ => view! { <a href=appraisal.clone()>"Appraisal workspace"</a> }.into_any(),
    };
    view! {
        <Title text="Improvement plan"/>
        <article class="page wide plan">
            <p class="breadcrumb">{breadcrumb}</p>
            <h1>"Improvement plan"</h1>
            {form_notice(NoticePage::Plan)}
            <p class="lead">"Set the capability level each process area should reach, see what stands in the way, and turn it into a roadmap of actions with owners and dates. Save snapshots of your ratings as they change, and compare any two."</p>
            {source_switch}
            <nav class="plan-contents no-print" aria-label="On this page">
                <a href="#targets">"Targets"</a>" · "<a href="#gaps">"Gaps"</a>" · "<a href="#projection">"CSF projection"</a>" · "<a href="#roadmap">"Roadmap"</a>" · "<a href="#snapshots">"Snapshots"</a>
            </nav>
            <TargetsForm data=data.clone()/>
            <section id="gaps" aria-labelledby="gaps-heading">
                <h2 id="gaps-heading">"Gaps and what blocks each target"</h2>
                <p class="meta">{format!("From {whose}. Blockers come in order: those that alone would raise the level most first, then goals nearest to Satisfied.")}</p>
                {data.gaps.iter().map(|gap| view! { <AreaGapView gap=gap.clone()/> }).collect_view()}
            </section>
            <section id="projection" aria-labelledby="projection-heading">
                <h2 id="projection-heading">"Projection onto the NIST Cybersecurity Framework 2.0"</h2>
                <CsfHeatmap rows=data.projection.clone() whose=whose.to_string()/>
            </section>
            <RoadmapSection data=data.clone()/>
            <SnapshotsSection data=data.clone()/>
        </article>
    }
}

/// One process area's choice of level in a targets form (the learner's here, the class's on the
/// instructor's page): the field `target.{area}`, blank for the suggestion, and a hint.
#[component]
pub fn TargetRow(
    id: String,
    area: String,
    label: &'static str,
    blank: &'static str,
    chosen: Option<u8>,
    hint: String,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="target-row">
            <label for=id.clone()><strong>{area.clone()}</strong>{label}</label>
            <select id=id name=format!("target.{area}") aria-describedby=hint_id.clone()>
                <option value="" selected=chosen.is_none()>{blank}</option>
                {(0u8..=3).map(|level| view! { <option value=level.to_string() selected=chosen == Some(level)>{format!("Level {level}")}</option> }).collect_view()}
            </select>
            <span class="meta" id=hint_id>{hint}</span>
        </div>
    }
}

#[component]
fn TargetsForm(data: PlanView) -> impl IntoView {
    let rows = data
        .gaps
        .iter()
        .map(|gap| {
            let area = gap.process_area.clone();
            let suggested = data
                .class_targets
                .get(&area)
                .map(|level| (*level, "your class's instructors"))
                .or_else(|| data.case_targets.get(&area).map(|level| (*level, "the case file")));
            let chosen = data.plan.targets.get(&area).copied();
            let hint = match suggested {
                Some((level, by)) => format!("Suggested by {by}: level {level}."),
                None => format!("No suggestion: without one, the target is {}, the most this scope can show.", gap.ceiling),
            };
            view! { <TargetRow id=format!("target-{area}") area label=" target level" blank="— the suggestion —" chosen hint/> }
        })
        .collect_view();
    view! {
        <section id="targets" aria-labelledby="targets-heading">
            <h2 id="targets-heading">"Targets"</h2>
            <form method="post" action="/appraisal/plan/targets" class="targets-form">
                <input type="hidden" name="class_id" value=data.class_id.map(|c| c.to_string()).unwrap_or_default()/>
                {rows}
                <p class="form-actions no-print"><button class="button" type="submit">"Save targets"</button></p>
            </form>
        </section>
    }
}

fn blocker_text(blocker: &Blocker) -> String {
    let state = match &blocker.kind {
        BlockerKind::Practice { rating: Some(r) } => format!("rated {}", r.code()),
        BlockerKind::Practice { rating: None } => "not rated yet".to_string(),
        BlockerKind::MarkedGoal => "its practices are FI or LI, but the goal is marked Unsatisfied for a significant weakness".to_string(),
    };
    let gain = match blocker.levels_gained {
        0 => "closing it alone does not raise the level".to_string(),
        1 => "closing it alone raises the level by 1".to_string(),
        n => format!("closing it alone raises the level by {n}"),
    };
    let left = if blocker.left_in_goal == 1 {
        format!("the last blocker in {}", blocker.goal)
    } else {
        format!("{} blockers left in {}", blocker.left_in_goal, blocker.goal)
    };
    format!("{state}; {gain}; {left}.")
}

#[component]
fn AreaGapView(gap: AreaGap) -> impl IntoView {
    let heading = format!(
        "{}: level {} now, target {}",
        gap.process_area, gap.current_level, gap.target_level
    );
    let status = if gap.gap == 0 {
        "Target met: nothing blocks it.".to_string()
    } else if gap.gap == 1 {
        "1 level to go.".to_string()
    } else {
        format!("{} levels to go.", gap.gap)
    };
    let beyond = gap.beyond_scope.then(|| {
        view! { <p class="callout">{format!("The target is above level {}, the most this appraisal's scope can show: the blockers below lead to level {} only.", gap.ceiling, gap.ceiling)}</p> }
    });
    let blockers = (!gap.blockers.is_empty()).then(|| {
        let items = gap
            .blockers
            .iter()
            .map(|b| {
                view! {
                    <li class="blocker">
                        <strong>{b.id.clone()}</strong>" "{b.title.clone()}
                        <span class="meta">" — "{blocker_text(b)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ol class="blockers" aria-label=format!("What blocks the target for {}", gap.process_area)>{items}</ol> }
    });
    view! {
        <div class="area-gap">
            <h3>{heading}</h3>
            <p class=if gap.gap == 0 { "gap-met" } else { "gap-open" }>{status}</p>
            {beyond}
            {blockers}
        </div>
    }
}
