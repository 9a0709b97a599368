//! The instructor's class heatmap: practices × learners (or × teams, on their agreed ratings),
//! coloured by distance from the class's key, with how the class rated each practice and the
//! roster for assigning teams; by teams, the jigsaw debrief (each team against the key on its
//! share of the scope).
//!
//! Built for classes of hundreds: each column's ratings are read once, into the map its
//! comparison with the key takes, and each practice's row is then one pass over those maps that
//! gives its cells (one character each, `HeatmapRow::cells`) and the class's counts together.
//! The page writes the cells as HTML in one go (`app::components::appraisal_tables`).

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
use domain::ids::{ClassId, UserId};

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
    let mut stored: HashMap<UserId, (Workspace, bool)> = backend
        .accounts
        .storage
        .class_workspaces(class_id)
        .await
        .map_err(unavailable)?
        .into_iter()
        .map(|(id, workspace, submitted_at)| (id, (workspace, submitted_at.is_some())))
        .collect();
    Ok(learners
        .iter()
        .map(|learner| {
            // Moved out of the map, not copied and not searched for: in a class of hundreds a
            // search per learner and a copy of every workspace cost more than the rest.
            let (workspace, submitted) = stored.remove(&learner.user_id).unwrap_or_default();
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

/// The class's appraisal for its instructors: the heatmap by learner or by team, the figures
/// beside it, the roster and teams, and by teams the jigsaw debrief.
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
    // Each column's ratings, read once: its comparison with the key and its cells use the same.
    let given: Vec<HashMap<String, Rating>> = columns.iter().map(|(_, w)| w.ratings()).collect();
    let debrief = compare_columns(
        case,
        &mut columns,
        &given,
        &key_ratings,
        &key_marks,
        by_teams,
    );
    let rows = case
        .practices
        .iter()
        .filter_map(|practice| {
            let expected = *key_ratings.get(&practice.id)?;
            let figures = row_figures(
                expected,
                given
                    .iter()
                    .map(|ratings| ratings.get(&practice.id).copied()),
            );
            Some(heatmap_row(
                backend,
                practice,
                expected,
                adjusted.contains(&practice.id),
                figures,
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

/// Compares each column's ratings (`given`, in column order) with the key and sets its score
/// and kappa; by teams, answers the jigsaw debrief as well.
fn compare_columns(
    case: &CaseFile,
    columns: &mut [(HeatColumn, Workspace)],
    given: &[HashMap<String, Rating>],
    key_ratings: &HashMap<String, Rating>,
    key_marks: &HashSet<String>,
    by_teams: bool,
) -> Vec<DebriefRow> {
    let mut debrief = Vec::new();
    for ((column, workspace), ratings) in columns.iter_mut().zip(given) {
        // A jigsaw team is compared on its share of the scope only.
        let share = case.narrowed_to(&column.areas);
        let result = compare(
            &share.practices,
            ratings,
            key_ratings,
            &workspace.mark_set(),
            key_marks,
        );
        column.score = result.score;
        column.kappa = result.weighted_kappa;
        if by_teams {
            debrief.push(debrief_row(
                column,
                &share,
                workspace,
                &result,
                key_ratings,
                key_marks,
            ));
        }
    }
    debrief
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

/// One practice's cells and how the class rated it.
#[derive(Debug, PartialEq)]
struct RowFigures {
    /// One character per column (`HeatmapRow::cells`).
    cells: String,
    /// Count of FI, LI, PI, NI.
    counts: [u32; 4],
    /// The mean distance from the key of those who rated it (0 when nobody did).
    dispute: f64,
}

/// A practice's cells and figures from each column's rating of it (`None`: not rated), against
/// the key's rating `expected`, in one pass over the columns.
fn row_figures(expected: Rating, given: impl Iterator<Item = Option<Rating>>) -> RowFigures {
    let mut cells = String::with_capacity(given.size_hint().0);
    let mut counts = [0u32; 4];
    let (mut distances, mut rated) = (0u32, 0u32);
    for rating in given {
        let distance = rating.map(|r| r.step().abs_diff(expected.step()));
        cells.push(HeatmapRow::cell_code(distance));
        if let (Some(rating), Some(distance)) = (rating, distance) {
            counts[rating.step() as usize] += 1;
            distances += u32::from(distance);
            rated += 1;
        }
    }
    let dispute = if rated == 0 {
        0.0
    } else {
        f64::from(distances) / f64::from(rated)
    };
    RowFigures {
        cells,
        counts,
        dispute,
    }
}

/// One practice's row: its cells and figures, and the lesson that teaches its process area.
fn heatmap_row(
    backend: &AppState,
    practice: &ScopedPractice,
    expected: Rating,
    adjusted: bool,
    figures: RowFigures,
) -> HeatmapRow {
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
        cells: figures.cells,
        counts: figures.counts,
        dispute: figures.dispute,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_has_one_cell_per_column_and_counts_only_those_who_rated() {
        let given = [
            Some(Rating::LI),
            Some(Rating::NI),
            None,
            Some(Rating::FI),
            Some(Rating::LI),
        ];
        let row = row_figures(Rating::LI, given.into_iter());
        assert_eq!(row.cells, "02-10");
        assert_eq!(row.counts, [1, 2, 0, 1]);
        // Distances 0, 2, 1 and 0 over the four who rated it.
        assert_eq!(row.dispute, 0.75);
    }

    #[test]
    fn a_practice_nobody_rated_is_not_disputed() {
        let row = row_figures(Rating::NI, [None, None].into_iter());
        assert_eq!(
            row,
            RowFigures {
                cells: "--".into(),
                counts: [0; 4],
                dispute: 0.0,
            }
        );
    }

    #[test]
    fn the_cells_read_back_as_the_distances_they_were_written_from() {
        let given = [Some(Rating::FI), Some(Rating::NI), None, Some(Rating::PI)];
        let figures = row_figures(Rating::FI, given.into_iter());
        let row = HeatmapRow {
            practice: "IMC:SG1.SP1".into(),
            title: "Establish the organization's strategy".into(),
            key: Rating::FI,
            adjusted: false,
            cells: figures.cells,
            counts: figures.counts,
            dispute: figures.dispute,
            lesson: None,
        };
        let distances: Vec<Option<u8>> = row.distances().collect();
        assert_eq!(distances, [Some(0), Some(3), None, Some(2)]);
    }
}
