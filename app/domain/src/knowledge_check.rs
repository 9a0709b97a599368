//! The end-of-course knowledge check, scored per course outcome: what a learner's answers say
//! about each outcome, and what the class's say, so that an instructor can see which outcome the
//! class missed. Pure: the server reads answers and calls these.

use serde::{Deserialize, Serialize};

use crate::answers::Answers;
use crate::exercise::{grade, Centipoints, Exercise};

/// A share below this (in per cent) counts as the outcome missed.
pub const MISSED_BELOW_PERCENT: u32 = 60;

/// One outcome's points for one learner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeScore {
    pub outcome: String,
    pub items: u32,
    pub earned: Centipoints,
    pub possible: Centipoints,
}

impl OutcomeScore {
    /// The share earned, rounded down to a whole per cent (0 when nothing was possible).
    pub fn percent(&self) -> u32 {
        (u64::from(self.earned) * 100)
            .checked_div(u64::from(self.possible))
            .map_or(0, |p| p as u32)
    }

    pub fn missed(&self) -> bool {
        self.percent() < MISSED_BELOW_PERCENT
    }
}

/// One outcome across the class: the mean share and how many learners missed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassOutcome {
    pub outcome: String,
    pub items: u32,
    /// Mean of the learners' shares, in whole per cent.
    pub mean_percent: u32,
    pub learners: u32,
    pub missed_by: u32,
}

/// The outcomes the exercise's items measure, in order of first appearance.
fn outcomes_of(exercise: &Exercise) -> Vec<&str> {
    let mut outcomes: Vec<&str> = Vec::new();
    for outcome in exercise.items.iter().filter_map(|i| i.outcome.as_deref()) {
        if !outcomes.contains(&outcome) {
            outcomes.push(outcome);
        }
    }
    outcomes
}

/// A learner's points per outcome. Items without an outcome, and items a person must grade, do
/// not count; an unanswered item scores zero.
pub fn outcome_scores(exercise: &Exercise, answers: &Answers) -> Vec<OutcomeScore> {
    outcomes_of(exercise)
        .into_iter()
        .map(|outcome| {
            let mut score = OutcomeScore {
                outcome: outcome.to_string(),
                items: 0,
                earned: 0,
                possible: 0,
            };
            for (item, key) in exercise.items.iter().zip(&exercise.keys) {
                if item.outcome.as_deref() != Some(outcome) {
                    continue;
                }
                if let Some(points) = grade(item.points, &key.answer, answers.get(&item.id)) {
                    score.items += 1;
                    score.earned += points;
                    score.possible += item.points * 100;
                }
            }
            score
        })
        .collect()
}

/// The class per outcome, from each learner's submitted answers.
pub fn class_outcomes(exercise: &Exercise, submissions: &[&Answers]) -> Vec<ClassOutcome> {
    let per_learner: Vec<Vec<OutcomeScore>> = submissions
        .iter()
        .map(|answers| outcome_scores(exercise, answers))
        .collect();
    let blank = outcome_scores(exercise, &Answers::new());
    blank
        .into_iter()
        .enumerate()
        .map(|(index, outcome)| {
            let scores: Vec<&OutcomeScore> = per_learner.iter().map(|s| &s[index]).collect();
            let learners = scores.len() as u32;
            let total: u32 = scores.iter().map(|s| s.percent()).sum();
            ClassOutcome {
                outcome: outcome.outcome,
                items: outcome.items,
                mean_percent: total.checked_div(learners).unwrap_or(0),
                learners,
                missed_by: scores.iter().filter(|s| s.missed()).count() as u32,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::{Answer, Item, ItemForm, ItemKey, KeyAnswer};

    fn check() -> Exercise {
        let item = |id: &str, outcome: &str, points: u32| Item {
            id: id.into(),
            points,
            prompt_html: String::new(),
            form: ItemForm::SingleChoice {
                choices_html: vec!["a".into(), "b".into()],
            },
            outcome: Some(outcome.into()),
        };
        let key = |id: &str| ItemKey {
            item_id: id.into(),
            answer: KeyAnswer::SingleChoice(1),
            explanation_html: String::new(),
        };
        Exercise {
            id: "knowledge-check".into(),
            module_id: "m".into(),
            title: "Check".into(),
            outcomes: vec!["O1".into(), "O2".into()],
            minutes: 20,
            attempts: 1,
            introduction_html: String::new(),
            items: vec![item("a", "O1", 1), item("b", "O1", 1), item("c", "O2", 2)],
            keys: vec![key("a"), key("b"), key("c")],
            knowledge_check: true,
            homework_evening: None,
        }
    }

    fn answers(pairs: &[(&str, usize)]) -> Answers {
        pairs
            .iter()
            .map(|(id, choice)| (id.to_string(), Answer::Choice(*choice)))
            .collect()
    }

    #[test]
    fn scores_each_outcome_from_its_own_items() {
        let scores = outcome_scores(&check(), &answers(&[("a", 1), ("b", 0), ("c", 1)]));
        assert_eq!(scores.len(), 2);
        assert_eq!((scores[0].outcome.as_str(), scores[0].items), ("O1", 2));
        assert_eq!((scores[0].earned, scores[0].possible), (100, 200));
        assert_eq!(scores[0].percent(), 50);
        assert!(scores[0].missed());
        assert_eq!((scores[1].earned, scores[1].possible), (200, 200));
        assert!(!scores[1].missed());
    }

    #[test]
    fn an_unanswered_check_scores_zero_everywhere() {
        let scores = outcome_scores(&check(), &Answers::new());
        assert!(scores.iter().all(|s| s.earned == 0 && s.possible > 0));
    }

    #[test]
    fn the_class_view_shows_the_outcome_the_class_missed() {
        let exercise = check();
        let strong = answers(&[("a", 1), ("b", 1), ("c", 0)]);
        let weak = answers(&[("a", 0), ("b", 1), ("c", 0)]);
        let class = class_outcomes(&exercise, &[&strong, &weak]);
        assert_eq!(class[0].outcome, "O1");
        assert_eq!((class[0].mean_percent, class[0].missed_by), (75, 1));
        assert_eq!(class[1].outcome, "O2");
        assert_eq!((class[1].mean_percent, class[1].missed_by), (0, 2));
        assert_eq!(class[1].learners, 2);
    }

    #[test]
    fn an_empty_class_has_no_mean_and_misses_nothing() {
        let class = class_outcomes(&check(), &[]);
        assert!(class
            .iter()
            .all(|o| o.learners == 0 && o.mean_percent == 0 && o.missed_by == 0));
    }
}
