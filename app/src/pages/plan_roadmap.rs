//! The plan page's roadmap (editable actions, autosaved once the page is interactive, a plain
//! form before; CSV and Markdown downloads) and its snapshots (save one under a name, compare
//! any two: practices changed, levels moved, agreement between them).

use domain::appraisal::plan::{Action, Horizon, MAX_ACTION_CHARS, MAX_SHORT_CHARS};
use domain::appraisal::Rating;
use domain::ids::ClassId;
use leptos::prelude::*;

use crate::api::plans::{PlanView, SnapshotComparison};
use crate::components::local_time::long_date;
use domain::answers::escape_html;

/// `/appraisal/plan` with the class and the other parameters given.
pub fn plan_address(class: Option<ClassId>, extra: &str) -> String {
    let mut parts: Vec<String> = class.map(|c| format!("class={c}")).into_iter().collect();
    if !extra.is_empty() {
        parts.push(extra.to_string());
    }
    if parts.is_empty() {
        "/appraisal/plan".into()
    } else {
        format!("/appraisal/plan?{}", parts.join("&"))
    }
}

/// Blank rows offered after the saved actions, so that a plan grows without JavaScript.
const BLANK_ROWS: usize = 3;

fn taken_at_text(taken_at: &str) -> String {
    match taken_at.get(11..16) {
        Some(clock) => format!("{}, {clock} UTC", long_date(taken_at)),
        None => taken_at.to_string(),
    }
}

#[component]
fn ActionRow(data: PlanView, n: usize, action: Option<Action>) -> impl IntoView {
    let action = action.unwrap_or(Action {
        target: String::new(),
        action: String::new(),
        owner_role: String::new(),
        horizon: Horizon::Days30,
        rationale: String::new(),
        evidence: String::new(),
    });
    let id = |field: &str| format!("action-{n}-{field}");
    let name = |field: &str| format!("action.{n}.{field}");
    let options = data
        .targets
        .iter()
        .map(|t| {
            let selected = t.id == action.target;
            view! { <option value=t.id.clone() selected=selected>{format!("{} {}", t.id, t.title)}</option> }
        })
        .collect_view();
    let horizons = Horizon::ALL
        .iter()
        .map(|h| view! { <option value=h.as_str() selected=*h == action.horizon>{h.label()}</option> })
        .collect_view();
    view! {
        <fieldset class="roadmap-action">
            <legend>{format!("Action {}", n + 1)}</legend>
            <label for=id("target")>"Practice or goal it closes"</label>
            <select id=id("target") name=name("target")>
                <option value="">"— choose —"</option>
                {options}
            </select>
            <label for=id("action")>"Action"</label>
            <textarea id=id("action") name=name("action") rows="2" maxlength=MAX_ACTION_CHARS inner_html=escape_html(&action.action)></textarea>
            <div class="roadmap-pair">
                <span>
                    <label for=id("owner")>"Owner (a role)"</label>
                    <input id=id("owner") name=name("owner") value=action.owner_role.clone() maxlength=MAX_SHORT_CHARS autocomplete="off" placeholder="incident manager"/>
                </span>
                <span>
                    <label for=id("horizon")>"Horizon"</label>
                    <select id=id("horizon") name=name("horizon")>{horizons}</select>
                </span>
            </div>
            <label for=id("rationale")>"Why this, and why now"</label>
            <textarea id=id("rationale") name=name("rationale") rows="2" maxlength=MAX_ACTION_CHARS inner_html=escape_html(&action.rationale)></textarea>
            <label for=id("evidence")>"Evidence it will produce"</label>
            <textarea id=id("evidence") name=name("evidence") rows="2" maxlength=MAX_ACTION_CHARS inner_html=escape_html(&action.evidence)></textarea>
        </fieldset>
    }
}

#[component]
pub fn RoadmapSection(data: PlanView) -> impl IntoView {
    let class = data.class_id;
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let status = RwSignal::new(String::new());
    let on_input = {
        #[cfg(feature = "hydrate")]
        {
            autosave::handler(form_ref, class, status)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            |_: leptos::ev::Event| {}
        }
    };
    let saved = data.plan.actions.len();
    let rows = (0..saved + BLANK_ROWS)
        .map(
            |n| view! { <ActionRow data=data.clone() n action=data.plan.actions.get(n).cloned()/> },
        )
        .collect_view();
    let downloads = class.map(|c| format!("?class={c}")).unwrap_or_default();
    view! {
        <section id="roadmap" aria-labelledby="roadmap-heading">
            <h2 id="roadmap-heading">"Roadmap"</h2>
            <p class="meta">{format!("{saved} actions saved. Fill in a blank action to add one; empty an action's text to drop it. Save to get more blank rows.")}</p>
            <form method="post" action="/appraisal/plan/roadmap" class="roadmap-form" node_ref=form_ref on:input=on_input>
                <input type="hidden" name="class_id" value=class.map(|c| c.to_string()).unwrap_or_default()/>
                // The revision the form was loaded at: each autosave writes in the next one.
                <input type="hidden" name="revision" value=data.plan.roadmap_revision.to_string()/>
                {rows}
                <p class="form-actions no-print"><button class="button" type="submit">"Save roadmap"</button></p>
                <p class="meta autosave" role="status" aria-live="polite">{move || status.get()}</p>
            </form>
            <p class="no-print">
                <a href=format!("/appraisal/plan.csv{downloads}") download="">"Download as CSV"</a>" · "
                <a href=format!("/appraisal/plan.md{downloads}") download="">"Download as Markdown"</a>
                " · To print the plan, print this page: the forms' buttons are left out."
            </p>
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod autosave {
    use leptos::prelude::*;

    use crate::api::plans::save_roadmap;
    use crate::api::Access;
    use crate::components::autosave::{not_saved, on_input, set_field};
    use domain::ids::ClassId;

    pub fn handler(
        form_ref: NodeRef<leptos::html::Form>,
        class_id: Option<ClassId>,
        status: RwSignal<String>,
    ) -> impl Fn(leptos::ev::Event) + Clone + 'static {
        on_input(form_ref, status, move |encoded| async move {
            match save_roadmap(class_id, encoded).await {
                Ok(Access::Granted(saved)) => {
                    if let Some(form) = form_ref.get_untracked() {
                        set_field(&form, "revision", &saved.revision.to_string());
                    }
                    match saved.actions {
                        1 => "Roadmap saved: 1 action.".to_string(),
                        n => format!("Roadmap saved: {n} actions."),
                    }
                }
                Ok(Access::SignInRequired) => "Not saved: sign in again.".to_string(),
                Ok(_) => "Not saved: this plan is not yours to change.".to_string(),
                Err(error) => not_saved(&error),
            }
        })
    }
}

fn rating_text(rating: &Option<Rating>) -> &'static str {
    rating.map(|r| r.code()).unwrap_or("not rated")
}

#[component]
fn ComparisonView(comparison: SnapshotComparison) -> impl IntoView {
    let diff = comparison.diff;
    let kappa = match diff.kappa {
        Some(k) => format!(
            "Agreement between them (quadratic-weighted kappa over the {} practices rated in both): {k:.2}.",
            diff.rated_in_both
        ),
        None => format!(
            "Agreement cannot be computed: {} practices are rated in both, with too little variety.",
            diff.rated_in_both
        ),
    };
    let levels = diff
        .levels
        .iter()
        .map(|(area, before, after)| {
            let moved = match after.cmp(before) {
                std::cmp::Ordering::Greater => "up",
                std::cmp::Ordering::Less => "down",
                std::cmp::Ordering::Equal => "unchanged",
            };
            view! { <tr><th scope="row">{area.clone()}</th><td>{*before}</td><td>{*after}</td><td>{moved}</td></tr> }
        })
        .collect_view();
    let changed = if diff.changed.is_empty() {
        view! { <p>"No practice's rating changed."</p> }.into_any()
    } else {
        let rows = diff
            .changed
            .iter()
            .map(|(practice, before, after)| {
                view! { <tr><th scope="row">{practice.clone()}</th><td>{rating_text(before)}</td><td>{rating_text(after)}</td></tr> }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="snapshot-changes">
                    <caption>{format!("{} practices changed", diff.changed.len())}</caption>
                    <thead><tr><th scope="col">"Practice"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="snapshot-comparison" id="comparison">
            <h3>{format!("“{}” against “{}”", comparison.before.name, comparison.after.name)}</h3>
            <p>{kappa}</p>
            <div class="table-scroll">
                <table class="snapshot-levels">
                    <caption>"Capability levels"</caption>
                    <thead><tr><th scope="col">"Process area"</th><th scope="col">"Before"</th><th scope="col">"After"</th><th scope="col">"Moved"</th></tr></thead>
                    <tbody>{levels}</tbody>
                </table>
            </div>
            {changed}
        </div>
    }
}

#[component]
pub fn SnapshotsSection(data: PlanView) -> impl IntoView {
    let class = data.class_id;
    let class_field = class.map(|c| c.to_string()).unwrap_or_default();
    let list = data
        .snapshots
        .iter()
        .map(|s| view! { <li><strong>{s.name.clone()}</strong>" — "{taken_at_text(&s.taken_at)}{format!(", {} practices rated", s.rated)}</li> })
        .collect_view();
    let choices = |selected: Option<i64>| {
        data.snapshots
            .iter()
            .map(|s| view! { <option value=s.id.to_string() selected=Some(s.id) == selected>{format!("{} ({})", s.name, taken_at_text(&s.taken_at))}</option> })
            .collect_view()
    };
    let (from, to) = match &data.comparison {
        Some(c) => (Some(c.before.id), Some(c.after.id)),
        None => (
            data.snapshots.first().map(|s| s.id),
            data.snapshots.last().map(|s| s.id),
        ),
    };
    let compare = (data.snapshots.len() >= 2).then(|| {
        view! {
            <form method="get" action="/appraisal/plan#comparison" class="inline-form compare-form">
                {class.map(|c| view! { <input type="hidden" name="class" value=c.to_string()/> })}
                <label for="compare-from">"Compare"</label>
                <select id="compare-from" name="from">{choices(from)}</select>
                <label for="compare-to">"with"</label>
                <select id="compare-to" name="to">{choices(to)}</select>
                <button class="button secondary" type="submit">"Compare"</button>
            </form>
        }
    });
    let empty = data.snapshots.is_empty().then(|| {
        view! { <p>"No snapshots yet. Each submission of your ratings is kept as one; save your own at any time."</p> }
    });
    view! {
        <section id="snapshots" aria-labelledby="snapshots-heading">
            <h2 id="snapshots-heading">"Snapshots of your ratings"</h2>
            <form method="post" action="/appraisal/plan/snapshots" class="inline-form no-print">
                <input type="hidden" name="class_id" value=class_field/>
                <label for="snapshot-name">"Name"</label>
                <input id="snapshot-name" name="name" required maxlength="80" placeholder="after the debrief" autocomplete="off"/>
                <button class="button secondary" type="submit">"Save a snapshot"</button>
            </form>
            {empty}
            <ul class="snapshots">{list}</ul>
            {compare}
            {data.comparison.clone().map(|comparison| view! { <ComparisonView comparison/> })}
            <p class="meta"><a href=plan_address(class, "")>"Back to the plan without a comparison"</a></p>
        </section>
    }
}
