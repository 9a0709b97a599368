//! The instructor's view of a class's appraisal: a heatmap of practices × learners coloured by
//! distance from the key, how the class rated each practice, the practices it disputes most
//! (linked to the lesson that teaches them), the reveal, and the CSV download. With `?by=teams`
//! the columns are the class's teams and their agreed ratings; the teams section puts learners
//! on teams.
//!
//! The heatmap and the roster are written as HTML by pure functions
//! (`components::appraisal_tables`) and inserted whole: a class of hundreds has tens of
//! thousands of cells, too many to build as views.

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::classes::access_view;
use super::route_param;
use crate::api::appraisal::{get_class_appraisal, ClassAppraisal, DebriefRow, TeamAssignment};
use crate::api::Access;
use crate::components::appraisal_tables::{heatmap_table_html, roster_table_html};
use crate::components::loading::load_page;
use crate::components::notice::form_notice;
use domain::notice::NoticePage;

#[component]
pub fn ClassAppraisalRoute() -> impl IntoView {
    let class_id = route_param("id");
    let query = use_query_map();
    load_page(
        move || {
            (
                class_id().parse::<ClassId>().ok(),
                query.read().get("by").unwrap_or_default(),
            )
        },
        |(class_id, by)| async move {
            match class_id {
                Some(class_id) => get_class_appraisal(class_id, by).await.map(Some),
                None => Ok(Some(Access::NotFound)),
            }
        },
        |access| access_view(access, |data| view! { <ClassAppraisalView data/> }),
    )
}

#[component]
fn ClassAppraisalView(data: ClassAppraisal) -> impl IntoView {
    let ClassAppraisal {
        class,
        revealed,
        by_teams,
        columns,
        rows,
        roster,
        teams,
        shares,
        scope,
        debrief,
    } = data;
    let class_id = class.id;
    // The grid is written as one string (see `appraisal_tables`): a class of hundreds is tens of
    // thousands of cells, which as views were most of the page's cost.
    let heatmap = heatmap_table_html(&columns, &rows);
    let mut disputed: Vec<_> = rows.iter().filter(|r| r.dispute > 0.0).collect();
    disputed.sort_by(|a, b| b.dispute.total_cmp(&a.dispute));
    let disputed = disputed
        .into_iter()
        .take(5)
        .map(|row| {
            view! {
                <li>
                    {format!("{} {} — key {}, mean distance {:.1} ", row.practice, row.title, row.key.code(), row.dispute)}
                    {row.lesson.clone().map(|(module, title)| view! { <a href=format!("/modules/{module}/lesson")>{format!("(lesson: {title})")}</a> })}
                </li>
            }
        })
        .collect_view();
    let notice = form_notice(NoticePage::ClassAppraisal);
    let (by, csv) = if by_teams {
        (
            "teams",
            format!("/classes/{class_id}/appraisal.csv?by=teams"),
        )
    } else {
        ("learners", format!("/classes/{class_id}/appraisal.csv"))
    };
    let switch = if by_teams {
        view! { <a href=format!("/classes/{class_id}/appraisal")>"Show learners instead"</a> }
    } else {
        view! { <a href=format!("/classes/{class_id}/appraisal?by=teams")>"Show teams instead"</a> }
    };
    // The legend shows each colour with the sign its cells carry: colour is never the only way
    // to read a cell.
    let who = if by_teams { "team" } else { "learner" };
    view! {
        <Title text=format!("Appraisal: {}", class.name)/>
        <article class="page wide">
            <p class="breadcrumb"><a href=format!("/classes/{class_id}")>{class.name.clone()}</a></p>
            <h1>"The class's appraisal"</h1>
            <form method="post" action=format!("/classes/{class_id}/appraisal/reveal") class="inline-form">
                {if revealed {
                    view! { <button class="button secondary" type="submit" name="action" value="hide">"Hide the key again"</button> }.into_any()
                } else {
                    view! { <button class="button" type="submit" name="action" value="reveal">"Reveal the key to the class"</button> }.into_any()
                }}
                " "
                <a class="button secondary" href=csv download="">{format!("Download the {by}' ratings (CSV)")}</a>
            </form>
            {notice}
            <JigsawDebrief rows=debrief/>
            <h2>"Most disputed practices"</h2>
            <ol>{disputed}</ol>
            <h2>{format!("Heatmap of the {by}")}</h2>
            <p>{switch}</p>
            <p class="meta heat-key">
                {format!("Each cell is a {who}'s distance from the key: ")}
                <span class="d0">"="</span>" agrees; "
                <span class="d1">"1"</span>", "<span class="d2">"2"</span>" or "<span class="d3">"3"</span>" steps away; "
                <span class="nr">"–"</span>" not rated. The key column is this class's key: change a rating where you judge the evidence differently, then save; the course's default stays as it is."
            </p>
            <form method="post" action=format!("/classes/{class_id}/appraisal/key")>
                <div class="table-scroll" inner_html=heatmap></div>
                <p><button class="button secondary" type="submit">"Save this class's key"</button></p>
            </form>
            <TeamsSection class_id teams shares scope roster/>
        </article>
    }
}

/// The jigsaw debrief: each team against the key on its share of the scope, with the level its
/// ratings give beside the key's, so the class can put the shares together.
#[component]
fn JigsawDebrief(rows: Vec<DebriefRow>) -> impl IntoView {
    (!rows.is_empty()).then(|| {
        let body = rows
            .into_iter()
            .map(|row| {
                let share = if row.areas.is_empty() { "whole scope".to_string() } else { row.areas.join(", ") };
                let levels = row
                    .levels
                    .iter()
                    .map(|(area, team, key)| {
                        let agree = if team == key { "agrees" } else { "differs" };
                        view! { <li class=format!("level-{agree}")>{format!("{area}: CL{team} (key CL{key}, {agree})")}</li> }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row"><a href=row.link.clone()>{row.team.clone()}</a></th>
                        <td>{share}</td>
                        <td>{if row.submitted { "submitted" } else { "still rating" }}</td>
                        <td>{format!("{} of {}", row.rated, row.practices)}</td>
                        <td>{format!("{} %", row.exact_percent)}</td>
                        <td>{format!("{} %", row.within_one_percent)}</td>
                        <td><ul class="plain-list">{levels}</ul></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="debrief-title">
                <h2 id="debrief-title">"Jigsaw debrief: each team against the key"</h2>
                <p class="meta">"Each team is compared on its own share of the scope. Agreement counts the share's practices rated exactly as the key rates them, and within one step; a practice not rated counts as a difference."</p>
                <div class="table-scroll">
                    <table class="debrief">
                        <thead><tr><th scope="col">"Team"</th><th scope="col">"Share"</th><th scope="col">"State"</th><th scope="col">"Rated"</th><th scope="col">"Exact"</th><th scope="col">"Within one"</th><th scope="col">"Capability level"</th></tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            </section>
        }
    })
}

/// Putting learners on teams: a team name per learner, or teams of a size formed for everyone
/// without one; and, for the jigsaw, each team's share of the scope.
#[component]
fn TeamsSection(
    class_id: ClassId,
    /// Team names, with how many members each has.
    teams: Vec<(String, usize)>,
    /// Each team's share of the scope, in the order of `teams` (empty: the whole scope).
    shares: Vec<Vec<String>>,
    /// The case's process areas.
    scope: Vec<String>,
    roster: Vec<TeamAssignment>,
) -> impl IntoView {
    let team_items = teams
        .iter()
        .zip(shares.into_iter().chain(std::iter::repeat(Vec::new())))
        .enumerate()
        .map(|(index, ((name, members), share))| {
            let remove = (*members == 0).then(|| {
                view! {
                    <form method="post" action=format!("/classes/{class_id}/appraisal/teams") class="inline-form">
                        <input type="hidden" name="action" value="remove"/>
                        <input type="hidden" name="team" value=name.clone()/>
                        <button class="button secondary" type="submit" aria-label=format!("Remove the team {name} and its ratings")>"Remove"</button>
                    </form>
                }
            });
            let boxes = scope
                .iter()
                .map(|area| {
                    let id = format!("share-{index}-{area}");
                    view! {
                        <input type="checkbox" id=id.clone() name="area" value=area.clone() checked=share.is_empty() || share.contains(area)/>
                        <label for=id>{area.clone()}</label>" "
                    }
                })
                .collect_view();
            view! {
                <li>
                    <form method="post" action=format!("/classes/{class_id}/appraisal/teams") class="inline-form team-share">
                        <input type="hidden" name="action" value="share"/>
                        <input type="hidden" name="team" value=name.clone()/>
                        <fieldset>
                            <legend>{format!("{name}: {members} members · rates ")}</legend>
                            {boxes}
                            <button class="button secondary" type="submit" aria-label=format!("Save the process areas of the team {name}")>"Save share"</button>
                        </fieldset>
                    </form>
                    {remove}
                </li>
            }
        })
        .collect_view();
    // One row per learner: written as one string, like the heatmap, for classes of hundreds.
    let roster = roster_table_html(&roster);
    let names = teams
        .iter()
        .map(|(name, _)| view! { <option value=name.clone()></option> })
        .collect_view();
    view! {
        <section class="teams" aria-labelledby="teams-title">
            <h2 id="teams-title">"Teams"</h2>
            <p class="meta">"In team mode, learners rate alone and submit, then see their teammates' ratings side by side and agree a team rating per practice; the team's ratings are what the heatmap by team compares with the key."</p>
            <ul class="team-list">{team_items}</ul>
            <form method="post" action=format!("/classes/{class_id}/appraisal/teams") class="inline-form">
                <input type="hidden" name="action" value="deal"/>
                <button class="button secondary" type="submit">"Deal the process areas round the teams"</button>
                <span class="meta">" For the jigsaw: one process area per team, in team-name order; with more teams than areas, two teams take the same area."</span>
            </form>
            <form method="post" action=format!("/classes/{class_id}/appraisal/teams") class="inline-form">
                <input type="hidden" name="action" value="form"/>
                <label for="team-size">"Put everyone without a team into teams of"</label>
                <input id="team-size" name="size" type="number" min="2" max="12" value="4"/>
                <button class="button secondary" type="submit">"Form teams"</button>
            </form>
            <form method="post" action=format!("/classes/{class_id}/appraisal/teams")>
                <datalist id="team-names">{names}</datalist>
                <div class="table-scroll" inner_html=roster></div>
                <p><button class="button secondary" type="submit">"Save the teams"</button></p>
            </form>
        </section>
    }
}
