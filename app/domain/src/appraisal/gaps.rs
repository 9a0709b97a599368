//! From ratings to an improvement plan (issue 17): per process area, the capability level the
//! ratings reach, the level aimed at, and what blocks the way there: the goals that must become
//! Satisfied and, in them, the practices that are not yet FI or LI, ordered by how much closing
//! each would move the level.
//!
//! Pure and built on `engine::evaluate`, so that a blocker is exactly what the model's rules say
//! keeps the level down: raising a blocking practice to FI can never widen the gap, and a target
//! already met has no blockers (both are property-tested).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::case::{Rating, ScopedPractice};
use super::engine::{evaluate, GoalRating, ProcessAreaResult};

/// What stands between the current level and the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockerKind {
    /// A practice not yet FI or LI (its rating now; `None` when unrated).
    Practice { rating: Option<Rating> },
    /// A goal whose practices are all FI or LI, marked Unsatisfied for a significant weakness.
    MarkedGoal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocker {
    /// A practice id (`IMC:SG2.SP1`) or, for a marked goal, the goal (`IMC:SG2`).
    pub id: String,
    /// The goal it belongs to (`IMC:SG2`).
    pub goal: String,
    pub title: String,
    pub kind: BlockerKind,
    /// Levels gained if this alone were closed (the practice raised to FI, the mark lifted).
    pub levels_gained: u8,
    /// Blockers left in the same goal, this one included: a goal with one left is one step from
    /// Satisfied.
    pub left_in_goal: usize,
}

/// One process area's way from its current level to its target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaGap {
    pub process_area: String,
    pub current_level: u8,
    pub target_level: u8,
    /// The highest level this appraisal's scope can show (1 without GG2 rated, 2 with it).
    pub ceiling: u8,
    /// Levels still to go (`target - current`, never negative).
    pub gap: u8,
    /// The target is above what the scope can show: blockers cover the way to the ceiling only.
    pub beyond_scope: bool,
    /// Most levels gained first, then goals nearest to Satisfied, then model order.
    pub blockers: Vec<Blocker>,
}

/// The gaps of every process area in scope, against `targets` (process area → level; an area
/// without a target aims at its ceiling).
pub fn gaps(
    scope: &[ScopedPractice],
    ratings: &HashMap<String, Rating>,
    marked_unsatisfied: &HashSet<String>,
    targets: &BTreeMap<String, u8>,
) -> Vec<AreaGap> {
    let evaluation = evaluate(scope, ratings, marked_unsatisfied);
    evaluation
        .process_areas
        .iter()
        .map(|area| {
            let target = targets
                .get(&area.process_area)
                .copied()
                .unwrap_or(area.capability_ceiling)
                .min(3);
            area_gap(area, target, scope, ratings, marked_unsatisfied)
        })
        .collect()
}

fn area_gap(
    area: &ProcessAreaResult,
    target: u8,
    scope: &[ScopedPractice],
    ratings: &HashMap<String, Rating>,
    marked_unsatisfied: &HashSet<String>,
) -> AreaGap {
    let current = area.capability_level;
    let reachable = target.min(area.capability_ceiling);
    let of_area: Vec<ScopedPractice> = scope
        .iter()
        .filter(|p| p.process_area == area.process_area)
        .cloned()
        .collect();
    let ratings_now = Ratings {
        scope: &of_area,
        ratings,
        marked: marked_unsatisfied,
        current,
    };
    let mut blockers: Vec<Blocker> = if current < reachable {
        area.goals
            .iter()
            .filter(|g| g.rating != GoalRating::Satisfied && goal_counts_for(&g.goal, reachable))
            .flat_map(|goal| ratings_now.goal_blockers(&goal.goal))
            .collect()
    } else {
        Vec::new()
    };
    let order: HashMap<&str, usize> = of_area
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    blockers.sort_by_key(|b| {
        (
            std::cmp::Reverse(b.levels_gained),
            b.left_in_goal,
            order.get(b.id.as_str()).copied().unwrap_or(usize::MAX),
        )
    });
    AreaGap {
        process_area: area.process_area.clone(),
        current_level: current,
        target_level: target,
        ceiling: area.capability_ceiling,
        gap: target.saturating_sub(current),
        beyond_scope: target > area.capability_ceiling,
        blockers,
    }
}

/// One process area's ratings as they stand, to ask what closing one blocker would change.
struct Ratings<'a> {
    scope: &'a [ScopedPractice],
    ratings: &'a HashMap<String, Rating>,
    marked: &'a HashSet<String>,
    current: u8,
}

impl Ratings<'_> {
    /// The area's level with other ratings or marks.
    fn level_with(&self, ratings: &HashMap<String, Rating>, marked: &HashSet<String>) -> u8 {
        evaluate(self.scope, ratings, marked).process_areas[0].capability_level
    }

    /// What keeps an unsatisfied goal from Satisfied: its practices not yet FI or LI, or, when
    /// all are, the appraiser's mark.
    fn goal_blockers(&self, goal: &str) -> Vec<Blocker> {
        let open: Vec<&ScopedPractice> = self
            .scope
            .iter()
            .filter(|p| p.goal == goal)
            .filter(|p| {
                !self
                    .ratings
                    .get(&p.id)
                    .is_some_and(|r| r.counts_as_implemented())
            })
            .collect();
        if open.is_empty() && self.marked.contains(goal) {
            let mut lifted = self.marked.clone();
            lifted.remove(goal);
            return vec![Blocker {
                id: goal.to_string(),
                goal: goal.to_string(),
                title: "Marked Unsatisfied for a significant weakness".into(),
                kind: BlockerKind::MarkedGoal,
                levels_gained: self
                    .level_with(self.ratings, &lifted)
                    .saturating_sub(self.current),
                left_in_goal: 1,
            }];
        }
        open.iter()
            .map(|practice| {
                let mut raised = self.ratings.clone();
                raised.insert(practice.id.clone(), Rating::FI);
                Blocker {
                    id: practice.id.clone(),
                    goal: goal.to_string(),
                    title: practice.title.clone(),
                    kind: BlockerKind::Practice {
                        rating: self.ratings.get(&practice.id).copied(),
                    },
                    levels_gained: self
                        .level_with(&raised, self.marked)
                        .saturating_sub(self.current),
                    left_in_goal: open.len(),
                }
            })
            .collect()
    }
}

/// Whether a goal must be Satisfied to reach `level`: the specific goals for level 1 and up, GG2
/// for level 2 and up.
fn goal_counts_for(goal: &str, level: u8) -> bool {
    if goal.ends_with(":GG2") {
        level >= 2
    } else {
        level >= 1
    }
}

#[cfg(test)]
#[path = "gap_tests.rs"]
mod tests;
