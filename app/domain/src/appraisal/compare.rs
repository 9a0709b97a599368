//! Comparing two sets of ratings of the same scope (a learner's or a team's against the key):
//! per-practice differences, exact agreement, agreement within one step, quadratic-weighted
//! Cohen's kappa, goal and capability-level agreement, and a score with partial credit.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::case::{Rating, ScopedPractice};
use super::engine::evaluate;

/// One practice on which the two ratings differ, or which the learner left unrated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PracticeDifference {
    pub practice: String,
    pub learner: Option<Rating>,
    pub key: Rating,
    /// Steps between the ratings (1–3); unrated counts as 3.
    pub distance: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub practices: usize,
    pub rated: usize,
    pub differences: Vec<PracticeDifference>,
    /// Shares from 0 to 1 over all practices in scope (unrated practices count as disagreeing).
    pub exact_agreement: f64,
    pub within_one_step: f64,
    /// Quadratic-weighted Cohen's kappa over the rated practices, −1 to 1; `None` when nothing
    /// is rated.
    pub weighted_kappa: Option<f64>,
    pub goal_agreement: f64,
    pub capability_level_agreement: f64,
    /// 0–100: full credit for the key's rating, half for one step away, none otherwise.
    pub score: f64,
}

/// Compares `learner` with `key` over `scope`.
pub fn compare(
    scope: &[ScopedPractice],
    learner: &HashMap<String, Rating>,
    key: &HashMap<String, Rating>,
    learner_marks: &HashSet<String>,
    key_marks: &HashSet<String>,
) -> Comparison {
    let mut differences = Vec::new();
    let mut exact = 0usize;
    let mut within_one = 0usize;
    let mut credit = 0.0;
    let mut pairs = Vec::new();
    for practice in scope {
        let Some(&expected) = key.get(&practice.id) else {
            continue;
        };
        let given = learner.get(&practice.id).copied();
        let distance = given.map_or(3, |g| g.step().abs_diff(expected.step()));
        match distance {
            0 => {
                exact += 1;
                within_one += 1;
                credit += 1.0;
            }
            1 => {
                within_one += 1;
                credit += 0.5;
            }
            _ => {}
        }
        if distance > 0 {
            differences.push(PracticeDifference {
                practice: practice.id.clone(),
                learner: given,
                key: expected,
                distance,
            });
        }
        if let Some(given) = given {
            pairs.push((given, expected));
        }
    }
    let total = scope.iter().filter(|p| key.contains_key(&p.id)).count();
    let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };

    let mine = evaluate(scope, learner, learner_marks);
    let theirs = evaluate(scope, key, key_marks);
    let (mut goals_same, mut goals) = (0, 0);
    let (mut levels_same, mut levels) = (0, 0);
    for (a, b) in mine.process_areas.iter().zip(&theirs.process_areas) {
        for (ga, gb) in a.goals.iter().zip(&b.goals) {
            goals += 1;
            goals_same += usize::from(ga.rating == gb.rating);
        }
        levels += 1;
        levels_same += usize::from(a.capability_level == b.capability_level);
    }
    Comparison {
        practices: total,
        rated: pairs.len(),
        differences,
        exact_agreement: share(exact, total),
        within_one_step: share(within_one, total),
        weighted_kappa: quadratic_weighted_kappa(&pairs),
        goal_agreement: share(goals_same, goals),
        capability_level_agreement: share(levels_same, levels),
        score: if total == 0 {
            0.0
        } else {
            100.0 * credit / total as f64
        },
    }
}

/// Cohen's kappa with quadratic weights on the four-step scale:
/// κ = 1 − Σ wᵢⱼ·Oᵢⱼ / Σ wᵢⱼ·Eᵢⱼ with wᵢⱼ = (i − j)² / 9, O the observed and E the expected
/// (chance) proportions. When chance disagreement is zero (both raters used one and the same
/// rating throughout) the raters agree perfectly and κ is 1.
pub fn quadratic_weighted_kappa(pairs: &[(Rating, Rating)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let mut observed = [[0.0f64; 4]; 4];
    let mut rows = [0.0f64; 4];
    let mut columns = [0.0f64; 4];
    for (a, b) in pairs {
        let (i, j) = (a.step() as usize, b.step() as usize);
        observed[i][j] += 1.0 / n;
        rows[i] += 1.0 / n;
        columns[j] += 1.0 / n;
    }
    let (mut disagreement, mut chance) = (0.0, 0.0);
    for i in 0..4 {
        for j in 0..4 {
            let weight = ((i as f64) - (j as f64)).powi(2) / 9.0;
            disagreement += weight * observed[i][j];
            chance += weight * rows[i] * columns[j];
        }
    }
    if chance <= f64::EPSILON {
        return Some(1.0);
    }
    Some(1.0 - disagreement / chance)
}
