//! The model's rating rules, as pure functions: practice ratings → goal ratings → a capability
//! level per process area, and a maturity-indicator-level (MIL) view of the same ratings.
//!
//! Rules (from the course's model facts):
//! - a goal is Satisfied when every practice of it is FI or LI and the appraiser has not marked
//!   it Unsatisfied for a significant weakness; Unsatisfied otherwise; Not Rated while any of
//!   its practices is unrated;
//! - capability level 1 when every specific goal is Satisfied, 2 when GG2 is Satisfied as well
//!   (3 would need GG3, which this appraisal does not rate); the level is a whole number;
//! - MIL view: MIL1 when every specific practice is met (FI or LI), then MIL2 adds GP2 and GP7,
//!   MIL3 adds GP1, GP3, GP4, GP5 and GP6, MIL4 adds GP8, GP9 and GP10; levels are cumulative.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::case::{Rating, ScopedPractice};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoalRating {
    Satisfied,
    Unsatisfied,
    NotRated,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalResult {
    /// `IMC:SG1` or `IMC:GG2`.
    pub goal: String,
    pub rating: GoalRating,
    /// Whether the appraiser's mark (not the practice ratings) made it Unsatisfied.
    pub marked_unsatisfied: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcessAreaResult {
    pub process_area: String,
    pub goals: Vec<GoalResult>,
    /// 0–3, a whole number.
    pub capability_level: u8,
    /// The highest level this appraisal's scope can show (1 without GG2, 2 with it).
    pub capability_ceiling: u8,
    /// 0–5 in the MIL view.
    pub mil: u8,
    pub mil_ceiling: u8,
    pub rated: usize,
    pub practices: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// In scope order.
    pub process_areas: Vec<ProcessAreaResult>,
}

/// The GG2 generic practices each MIL adds, in the MIL view.
const MIL_STEPS: [(u8, &[&str]); 3] = [
    (2, &["GP2", "GP7"]),
    (3, &["GP1", "GP3", "GP4", "GP5", "GP6"]),
    (4, &["GP8", "GP9", "GP10"]),
];

/// Applies the rules to one set of ratings.
pub fn evaluate(
    scope: &[ScopedPractice],
    ratings: &HashMap<String, Rating>,
    marked_unsatisfied: &HashSet<String>,
) -> Evaluation {
    let mut areas: Vec<&str> = Vec::new();
    for practice in scope {
        if !areas.contains(&practice.process_area.as_str()) {
            areas.push(&practice.process_area);
        }
    }
    let process_areas = areas
        .into_iter()
        .map(|area| evaluate_area(area, scope, ratings, marked_unsatisfied))
        .collect();
    Evaluation { process_areas }
}

fn evaluate_area(
    area: &str,
    scope: &[ScopedPractice],
    ratings: &HashMap<String, Rating>,
    marked_unsatisfied: &HashSet<String>,
) -> ProcessAreaResult {
    let practices: Vec<&ScopedPractice> = scope.iter().filter(|p| p.process_area == area).collect();
    let goals: Vec<GoalResult> = goal_ids(&practices)
        .into_iter()
        .map(|goal| rate_goal(goal, &practices, ratings, marked_unsatisfied))
        .collect();
    let has_gg2 = goals.iter().any(|g| is_generic(&g.goal));
    ProcessAreaResult {
        process_area: area.to_string(),
        rated: practices
            .iter()
            .filter(|p| ratings.contains_key(&p.id))
            .count(),
        practices: practices.len(),
        capability_level: capability_level(&goals),
        goals,
        capability_ceiling: if has_gg2 { 2 } else { 1 },
        mil: maturity_indicator_level(&practices, ratings, has_gg2),
        mil_ceiling: if has_gg2 { 4 } else { 1 },
    }
}

/// The goals of one process area's practices, in the order their first practice comes.
fn goal_ids<'a>(practices: &[&'a ScopedPractice]) -> Vec<&'a str> {
    let mut goal_ids: Vec<&str> = Vec::new();
    for practice in practices {
        if !goal_ids.contains(&practice.goal.as_str()) {
            goal_ids.push(&practice.goal);
        }
    }
    goal_ids
}

/// Whether a goal is the generic goal GG2 rather than a specific goal.
fn is_generic(goal: &str) -> bool {
    goal.ends_with(":GG2")
}

/// Whether a practice is rated FI or LI.
fn is_met(practice: &ScopedPractice, ratings: &HashMap<String, Rating>) -> bool {
    ratings
        .get(&practice.id)
        .is_some_and(|r| r.counts_as_implemented())
}

/// Rates one goal from its practices' ratings and the appraiser's mark. The mark is reported only
/// when it is what made the goal Unsatisfied, that is when every practice of it is FI or LI.
fn rate_goal(
    goal: &str,
    practices: &[&ScopedPractice],
    ratings: &HashMap<String, Rating>,
    marked_unsatisfied: &HashSet<String>,
) -> GoalResult {
    let of_goal: Vec<Option<Rating>> = practices
        .iter()
        .filter(|p| p.goal == goal)
        .map(|p| ratings.get(&p.id).copied())
        .collect();
    let marked = marked_unsatisfied.contains(goal);
    let rating = if of_goal.iter().any(Option::is_none) {
        GoalRating::NotRated
    } else if of_goal.iter().flatten().all(|r| r.counts_as_implemented()) && !marked {
        GoalRating::Satisfied
    } else {
        GoalRating::Unsatisfied
    };
    let all_implemented = of_goal
        .iter()
        .all(|r| r.is_some_and(Rating::counts_as_implemented));
    GoalResult {
        goal: goal.to_string(),
        rating,
        marked_unsatisfied: marked && all_implemented,
    }
}

/// Level 1 when every specific goal is Satisfied, 2 when GG2 is Satisfied as well.
fn capability_level(goals: &[GoalResult]) -> u8 {
    let specific_satisfied = goals
        .iter()
        .filter(|g| !is_generic(&g.goal))
        .all(|g| g.rating == GoalRating::Satisfied);
    let gg2_satisfied = goals
        .iter()
        .any(|g| is_generic(&g.goal) && g.rating == GoalRating::Satisfied);
    match (specific_satisfied, gg2_satisfied) {
        (false, _) => 0,
        (true, false) => 1,
        (true, true) => 2,
    }
}

/// The MIL view: MIL1 when every specific practice is met, then each step of `MIL_STEPS` whose
/// generic practices are all met, stopping at the first that is not (levels are cumulative).
fn maturity_indicator_level(
    practices: &[&ScopedPractice],
    ratings: &HashMap<String, Rating>,
    has_gg2: bool,
) -> u8 {
    let mut mil = u8::from(
        practices
            .iter()
            .filter(|p| !is_generic(&p.goal))
            .all(|p| is_met(p, ratings)),
    );
    if mil == 1 && has_gg2 {
        for (level, generic_practices) in MIL_STEPS {
            let all_met = generic_practices.iter().all(|gp| {
                practices
                    .iter()
                    .find(|p| is_generic(&p.goal) && p.id.ends_with(&format!(".{gp}")))
                    .is_some_and(|p| is_met(p, ratings))
            });
            if !all_met {
                break;
            }
            mil = level;
        }
    }
    mil
}
