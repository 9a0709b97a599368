//! The instructor's class heatmap: practices × learners (or × teams, on their agreed ratings),
//! coloured by distance from the class's key, with how the class rated each practice and the
//! roster for assigning teams; by teams, the jigsaw debrief (each team against the key on its
//! share of the scope).

use std::collections::{HashMap, HashSet};

use app::api::appraisal::{ClassAppraisal, DebriefRow, HeatColumn, HeatmapRow, TeamAssignment};
use app::appraisal::workspace::Workspace;
use app::appraisal::{compare, evaluate, CaseFile, Comparison, Rating, ScopedPractice};
use app::people::{CurrentUser, RosterEntry};
use domain::policy::Refusal;

use super::workspace::{case_and_key, effective_key};
use crate::access::unavailable;
use crate::exercises::results::class_and_learners;
use crate::state::AppState;
use crate::storage::StoredTeam;
use domain::ids::ClassId;

/// The team's members who are still learners of the class, in roster order.
fn current_members<'a>(
    team: &'a StoredTeam,
    learners: &'a [RosterEntry],
) -> impl Iterator<Item = &'a RosterEntry> + 'a {
    learners
        .iter()
        .filter(|l| team.members.contains(&l.user_id))
}

/// The heatmap's columns and the ratings behind each: the class's learners with their own
/// workspaces, or its teams with their agreed ratings. Shared by the page and the CSV.
pub(crate) async fn columns(
    backend: &AppState,
    class_id: ClassId,
    learners: &[RosterEntry],
    teams: &[StoredTeam],
    by_teams: bool,
) -> Result<Vec<(HeatColumn, Workspace)>, Refusal> {
    if by_teams {
        return Ok(teams
            .iter()
            .map(|team| {
                let column = HeatColumn {
                    name: team.name.clone(),
                    detail: current_members(team, learners)
                        .map(|l| l.display_name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    submitted: team.submitted_at.is_some(),
                    score: 0.0,
                    kappa: None,
                    link: Some(format!("/appraisal/team?class={class_id}&team={}", team.id)),
                    areas: team.process_areas.clone(),
                };
                (column, team.workspace.agreed.clone())
            })
            .collect());
    }
    let stored = backend
        .accounts
        .storage
        .class_workspaces(class_id)
        .await
        .map_err(unavailable)?;
    Ok(learners
        .iter()
        .map(|learner| {
            let (workspace, submitted) = stored
                .iter()
                .find(|(id, _, _)| *id == learner.user_id)
                .map(|(_, w, at)| (w.clone(), at.is_some()))
                .unwrap_or_default();
            let column = HeatColumn {
                name: learner.display_name.clone(),
                detail: learner.username.clone(),
                submitted,
                score: 0.0,
                kappa: None,
                link: None,
                areas: Vec::new(),
            };
            (column, workspace)
        })
        .collect())
}

pub async fn class_view(
    backend: &AppState,
    user: &CurrentUser,
    class_id: ClassId,
    by_teams: bool,
) -> Result<ClassAppraisal, Refusal> {
    let (case, key) = case_and_key(backend)?;
    let (class, learners) = class_and_learners(backend, user, class_id).await?;
    let storage = &backend.accounts.storage;
    let teams = storage.class_teams(class_id).await.map_err(unavailable)?;
    let mut columns = columns(backend, class_id, &learners, &teams, by_teams).await?;
    let (key_ratings, adjusted) = effective_key(backend, key, Some(class_id)).await?;
    let key_marks: HashSet<String> = key.goal_overrides.iter().map(|o| o.goal.clone()).collect();
    let mut debrief = Vec::new();
    for (column, workspace) in &mut columns {
        // A jigsaw team is compared on its share of the scope only.
        let share = case.narrowed_to(&column.areas);
        let result = compare(
            &share.practices,
            &workspace.ratings(),
            &key_ratings,
            &workspace.mark_set(),
            &key_marks,
        );
        column.score = result.score;
        column.kappa = result.weighted_kappa;
        if by_teams {
            debrief.push(debrief_row(
                column,
                &share,
                workspace,
                &result,
                &key_ratings,
                &key_marks,
            ));
        }
    }
    let rows = case
        .practices
        .iter()
        .filter_map(|practice| {
            let expected = *key_ratings.get(&practice.id)?;
            let given: Vec<Option<Rating>> = columns
                .iter()
                .map(|(_, w)| w.practices.get(&practice.id).and_then(|p| p.rating))
                .collect();
            Some(heatmap_row(
                backend,
                practice,
                expected,
                adjusted.contains(&practice.id),
                &given,
            ))
        })
        .collect();
    let roster = roster(&learners, &teams);
    Ok(ClassAppraisal {
        revealed: storage
            .appraisal_revealed(class_id)
            .await
            .map_err(unavailable)?,
        class,
        by_teams,
        columns: columns.into_iter().map(|(column, _)| column).collect(),
        rows,
        roster,
        teams: teams
            .iter()
            .map(|t| (t.name.clone(), current_members(t, &learners).count()))
            .collect(),
        shares: teams.iter().map(|t| t.process_areas.clone()).collect(),
        scope: case.scope.clone(),
        debrief,
    })
}

/// A team's line in the jigsaw debrief, from its comparison with the key over its share.
fn debrief_row(
    column: &HeatColumn,
    share: &CaseFile,
    workspace: &Workspace,
    result: &Comparison,
    key_ratings: &HashMap<String, Rating>,
    key_marks: &HashSet<String>,
) -> DebriefRow {
    let team = evaluate(
        &share.practices,
        &workspace.ratings(),
        &workspace.mark_set(),
    );
    let key = evaluate(&share.practices, key_ratings, key_marks);
    let percent = |share: f64| (share * 100.0).round() as u32;
    DebriefRow {
        team: column.name.clone(),
        link: column.link.clone().unwrap_or_default(),
        areas: share.scope.clone(),
        submitted: column.submitted,
        rated: result.rated,
        practices: result.practices,
        exact_percent: percent(result.exact_agreement),
        within_one_percent: percent(result.within_one_step),
        levels: team
            .process_areas
            .iter()
            .zip(&key.process_areas)
            .map(|(t, k)| {
                (
                    t.process_area.clone(),
                    t.capability_level,
                    k.capability_level,
                )
            })
            .collect(),
    }
}

/// One practice's row: how far each column's rating is from the key, how many gave each rating,
/// and how disputed it is (the mean distance of those who rated it).
fn heatmap_row(
    backend: &AppState,
    practice: &ScopedPractice,
    expected: Rating,
    adjusted: bool,
    given: &[Option<Rating>],
) -> HeatmapRow {
    let mut counts = [0u32; 4];
    for rating in given.iter().flatten() {
        counts[rating.step() as usize] += 1;
    }
    let distances: Vec<Option<u8>> = given
        .iter()
        .map(|r| r.map(|r| r.step().abs_diff(expected.step())))
        .collect();
    let rated: Vec<u8> = distances.iter().flatten().copied().collect();
    let dispute = if rated.is_empty() {
        0.0
    } else {
        rated.iter().map(|d| f64::from(*d)).sum::<f64>() / rated.len() as f64
    };
    let lesson = backend
        .course
        .process_area(&practice.process_area)
        .and_then(|area| backend.course.module(&area.category_id))
        .map(|m| (m.summary.id.clone(), m.summary.title.clone()));
    HeatmapRow {
        practice: practice.id.clone(),
        title: practice.title.clone(),
        key: expected,
        adjusted,
        distances,
        counts,
        dispute,
        lesson,
    }
}

/// Each learner with the team they are on, for the instructor's team assignment.
fn roster(learners: &[RosterEntry], teams: &[StoredTeam]) -> Vec<TeamAssignment> {
    learners
        .iter()
        .map(|learner| TeamAssignment {
            user_id: learner.user_id,
            name: learner.display_name.clone(),
            username: learner.username.clone(),
            team: teams
                .iter()
                .find(|t| t.members.contains(&learner.user_id))
                .map(|t| t.name.clone()),
        })
        .collect()
}
