//! A team's appraisal: once a member has rated alone and submitted, the members' ratings side by
//! side (disagreements marked, unanimous ratings noted), the team's agreed rating, note and
//! evidence per practice, what they give by the model's rules, and after submitting (and, in an
//! instructor-led class, the reveal) the team's comparison with the key.

use domain::ids::{ClassId, TeamId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::appraisal_report::{ComparisonSection, EvaluationPanel};
use super::classes::access_view;
use crate::api::exercises::ClassRef;
use crate::api::teams::{get_team_appraisal, MemberRatings, TeamAppraisalData, TeamPage};
use crate::components::loading::load_page;
use crate::components::notice::form_notice;
use domain::answers::escape_html;
use domain::appraisal::team::{fingerprint, mark_fingerprint};
use domain::appraisal::{Evaluation, Rating, ScopedPractice};
use domain::notice::NoticePage;
use domain::people::ClassMode;

#[component]
pub fn TeamAppraisalRoute() -> impl IntoView {
    let query = use_query_map();
    let key = move || {
        let q = query.read();
        (
            q.get("class").and_then(|c| c.parse::<ClassId>().ok()),
            q.get("team").and_then(|t| t.parse::<TeamId>().ok()),
        )
    };
    load_page(
        key,
        |(class, team)| async move {
            match class {
                Some(class) => get_team_appraisal(class, team).await.map(Some),
                None => Ok(None),
            }
        },
        |access| {
            access_view(access, |page| match page {
                TeamPage::Team(data) => view! { <TeamAppraisalView data=*data/> }.into_any(),
                TeamPage::NoTeam { class } => view! { <NoTeamView class/> }.into_any(),
            })
        },
    )
}

#[component]
fn NoTeamView(class: ClassRef) -> impl IntoView {
    view! {
        <Title text="Team appraisal"/>
        <article class="page">
            <p class="breadcrumb"><a href=format!("/classes/{}", class.id)>{class.name.clone()}</a></p>
            <h1>"Team appraisal"</h1>
            <p class="callout">"You are not on a team in this class. Your instructor puts learners on teams; until then, rate the practices on your own."</p>
            <p><a class="button" href=format!("/appraisal?class={}", class.id)>"Go to your own ratings"</a></p>
        </article>
    }
}

#[component]
fn TeamAppraisalView(data: TeamAppraisalData) -> impl IntoView {
    let class_id = data.class.id;
    let notice = form_notice(NoticePage::TeamAppraisal);
    let members = data
        .members
        .iter()
        .map(|m| {
            let state = if m.submitted {
                "submitted"
            } else {
                "still rating alone"
            };
            view! { <li>{format!("{} — {state}", m.name)}</li> }
        })
        .collect_view();
    let waiting = (data.submitted_at.is_some() && data.comparison.is_none()).then(|| {
        let text = if data.class.mode == ClassMode::InstructorLed {
            "The team has submitted. Your instructor will reveal the key to the class; the comparison appears here then."
        } else {
            "The team has submitted."
        };
        view! { <p class="callout" role="status">{text}</p> }
    });
    let evaluation = RwSignal::new(data.evaluation.clone());
    let comparison = data.comparison.clone().map(|comparison| {
        view! {
            <ComparisonSection comparison workspace=data.team.agreed.clone() evaluation=data.evaluation.clone() rater="Your team" heading="Your team's ratings against the key"/>
        }
    });
    let body = if data.side_by_side.is_empty() {
        view! {
            <p><a class="button" href=format!("/appraisal?class={class_id}")>"Go to your own ratings"</a></p>
        }
        .into_any()
    } else {
        view! {
            <EvaluationPanel evaluation=evaluation title="What the team's ratings give, by the model's rules"/>
            <TeamForm data=data.clone() evaluation/>
        }
        .into_any()
    };
    view! {
        <Title text=format!("Team appraisal: {}", data.team_name)/>
        <article class="page wide appraisal team-appraisal">
            <p class="breadcrumb">
                <a href=format!("/classes/{class_id}")>{data.class.name.clone()}</a>
                " · "
                <a href=format!("/appraisal?class={class_id}")>"Appraisal workspace"</a>
            </p>
            <h1>{format!("Team appraisal: {}", data.team_name)}</h1>
            <p class="meta">{format!("Appraising {}", data.organization)}</p>
            {notice}
            <h2>"Members"</h2>
            <ul class="team-members">{members}</ul>
            {data.locked_reason.clone().map(|s| view! { <p class="callout">{s}</p> })}
            {waiting}
            {body}
            {comparison}
        </article>
    }
}

fn rating_cell(rating: Option<Rating>, note: &str) -> AnyView {
    let text = rating.map(|r| r.code()).unwrap_or("–");
    let title = (!note.is_empty()).then(|| note.to_string());
    view! { <td class="member-rating" title=title>{text}</td> }.into_any()
}

fn practice_row(
    data: &TeamAppraisalData,
    practice: &ScopedPractice,
    members: Option<&MemberRatings>,
) -> AnyView {
    let id = practice.id.clone();
    let work = data
        .team
        .agreed
        .practices
        .get(&id)
        .cloned()
        .unwrap_or_default();
    let cells = members
        .map(|m| {
            m.ratings
                .iter()
                .zip(&m.notes)
                .map(|(rating, note)| rating_cell(*rating, note))
                .collect_view()
        })
        .unwrap_or_default();
    let spread = members.map(|m| m.spread).unwrap_or(0);
    let agreement = members.and_then(|m| m.unanimous).map_or_else(
        || (spread >= 2).then(|| format!("members {spread} steps apart")),
        |r| Some(format!("all who submitted: {}", r.code())),
    );
    let changed = data
        .team
        .changed_by
        .get(&id)
        .map(|by| format!("last changed by {by}"));
    let wide_spread = spread >= 2;
    view! {
        <tr class:wide-spread=wide_spread>
            <th scope="row"><label for=format!("team-rating-{id}")><strong>{id.split(':').nth(1).unwrap_or("").to_string()}</strong>" "{practice.title.clone()}</label></th>
            {cells}
            <td>
                <input type="hidden" name=format!("seen.{id}") value=data.team.revision(&id).to_string()/>
                <input type="hidden" name=format!("was.{id}") value=fingerprint(data.team.agreed.practices.get(&id))/>
                <select id=format!("team-rating-{id}") name=format!("rating.{id}")>
                    <option value="">"— not agreed —"</option>
                    {Rating::ALL.iter().map(|r| view! { <option value=r.code() selected=work.rating == Some(*r)>{r.code()}</option> }).collect_view()}
                </select>
                <span class="meta">{agreement}</span>
            </td>
            <td>
                <label for=format!("team-note-{id}") class="visually-hidden">{format!("Team note on {id}")}</label>
                <textarea id=format!("team-note-{id}") name=format!("note.{id}") rows="2" maxlength="2000" inner_html=escape_html(&work.note)></textarea>
                <label for=format!("team-evidence-{id}") class="small">"Evidence (ids)"</label>
                <input id=format!("team-evidence-{id}") name=format!("evidence.{id}") value=work.evidence.join(", ") placeholder="E07, E12" autocomplete="off"/>
                <span class="meta">{changed}</span>
            </td>
        </tr>
    }
    .into_any()
}

#[component]
fn TeamForm(data: TeamAppraisalData, evaluation: RwSignal<Evaluation>) -> impl IntoView {
    let editable = data.locked_reason.is_none();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let status = RwSignal::new(String::new());
    let on_input = {
        #[cfg(feature = "hydrate")]
        {
            team_autosave::handler(form_ref, data.class.id, status, evaluation)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = evaluation;
            |_: leptos::ev::Event| {}
        }
    };
    let names: Vec<String> = data.members.iter().map(|m| m.name.clone()).collect();
    let headers = move || {
        names
            .iter()
            .map(|name| view! { <th scope="col">{name.clone()}</th> })
            .collect_view()
    };
    let sections = data
        .scope
        .iter()
        .map(|area| {
            let practices: Vec<&ScopedPractice> = data
                .practices
                .iter()
                .filter(|p| &p.process_area == area)
                .collect();
            let mut goals: Vec<&str> = practices.iter().map(|p| p.goal.as_str()).collect();
            goals.dedup();
            let goal_tables = goals
                .into_iter()
                .map(|goal| {
                    let rows = practices
                        .iter()
                        .filter(|p| p.goal == goal)
                        .map(|p| {
                            let members = data.side_by_side.iter().find(|m| m.practice == p.id);
                            practice_row(&data, p, members)
                        })
                        .collect_view();
                    let marked = data.team.agreed.marks.contains(goal);
                    view! {
                        <div class="table-scroll">
                            <table class="team-table">
                                <caption>{goal.to_string()}</caption>
                                <thead><tr><th scope="col">"Practice"</th>{headers()}<th scope="col">"Team rating"</th><th scope="col">"Team note and evidence"</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <input type="hidden" name=format!("seen.{goal}") value=data.team.revision(goal).to_string()/>
                        <input type="hidden" name=format!("was.{goal}") value=mark_fingerprint(marked)/>
                        <label class="choice"><input type="checkbox" name=format!("mark.{goal}") checked=marked/>{format!(" The team marks {goal} Unsatisfied for a significant weakness")}</label>
                    }
                    .into_any()
                })
                .collect_view();
            view! {
                <section class="area-ratings" aria-label=format!("Team ratings for {area}")>
                    <h2>{area.clone()}</h2>
                    {goal_tables}
                </section>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <form class="rating-form team-form" method="post" action="/appraisal/team/ratings" node_ref=form_ref on:input=on_input>
            <input type="hidden" name="class_id" value=data.class.id.to_string()/>
            <p class="meta">"Each member's column shows what they rated alone (hover for their note). Practices where members are two or more steps apart are marked. Changes save as you work. When a teammate changed a practice after you opened this page, your change to that practice is not applied and you are told which; reload to see theirs."</p>
            <fieldset disabled=!editable class="plain">
                {sections}
                <p class="form-actions">
                    <button class="button secondary" type="submit" name="intent" value="save">"Save the team's ratings"</button>
                    " "
                    <button class="button secondary" type="submit" name="intent" value="adopt" formnovalidate="">"Fill in where every member agrees"</button>
                    " "
                    <button class="button" type="submit" name="intent" value="submit">"Submit the team's ratings"</button>
                </p>
            </fieldset>
            <p class="meta autosave" role="status" aria-live="polite">{move || status.get()}</p>
        </form>
    }
}

/// Autosave of the team form: after each save the page carries on from the new revisions of what
/// it changed, so the next save does not count the member's own change as a teammate's.
#[cfg(feature = "hydrate")]
mod team_autosave {
    use leptos::prelude::*;

    use crate::api::teams::save_team_draft;
    use crate::api::Access;
    use crate::components::autosave::{not_saved, on_input, set_field};
    use domain::appraisal::team::{conflict_message, EditOutcome};
    use domain::appraisal::Evaluation;
    use domain::ids::ClassId;

    fn sentence(outcome: &EditOutcome) -> String {
        if !outcome.conflicts.is_empty() {
            return conflict_message(&outcome.conflicts, true);
        }
        match outcome.changed_by_others.len() {
            0 => "All team ratings saved.".to_string(),
            n => format!("All your changes are saved. Teammates changed {n} other item(s) since you opened the page; reload to see them."),
        }
    }

    pub fn handler(
        form_ref: NodeRef<leptos::html::Form>,
        class_id: ClassId,
        status: RwSignal<String>,
        evaluation: RwSignal<Evaluation>,
    ) -> impl Fn(leptos::ev::Event) + Clone + 'static {
        on_input(form_ref, status, move |encoded| async move {
            match save_team_draft(class_id, encoded).await {
                Ok(Access::Granted(saved)) => {
                    let (outcome, result) = (saved.outcome, saved.evaluation);
                    if let Some(form) = form_ref.get_untracked() {
                        for (item, revision, fingerprint) in &outcome.applied {
                            set_field(&form, &format!("seen.{item}"), &revision.to_string());
                            set_field(&form, &format!("was.{item}"), fingerprint);
                        }
                    }
                    evaluation.set(result);
                    sentence(&outcome)
                }
                Ok(Access::SignInRequired) => "Not saved: sign in again.".to_string(),
                Ok(_) => "Not saved: these are not your team's ratings.".to_string(),
                Err(error) => not_saved(&error),
            }
        })
    }
}
