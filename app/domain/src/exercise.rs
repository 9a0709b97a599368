//! Class exercises: what a learner sees of an exercise, what they answer, and the pure rules
//! that grade an answer against the key.
//!
//! The key of an item (`ItemKey`) is kept apart from what the learner sees (`ItemForm`), so that
//! a view sent to a learner before release cannot carry it by accident: the server only ever
//! serializes an `ItemKey` after the exercise's results are released to that learner.

use serde::{Deserialize, Serialize};

/// An exercise as the course defines it, with its key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    pub id: String,
    pub module_id: String,
    pub title: String,
    pub outcomes: Vec<String>,
    pub minutes: u32,
    /// How many submissions a learner may make (1: no resubmission).
    pub attempts: u32,
    pub introduction_html: String,
    pub items: Vec<Item>,
    pub keys: Vec<ItemKey>,
    /// The end-of-course knowledge check: every item names the outcome it measures.
    pub knowledge_check: bool,
    /// The evening whose homework this is; `None` when a slide launches it in class.
    pub homework_evening: Option<u8>,
}

/// An exercise without its key: safe to show to anyone at any time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseView {
    pub id: String,
    pub module_id: String,
    pub title: String,
    pub outcomes: Vec<String>,
    pub minutes: u32,
    pub attempts: u32,
    pub introduction_html: String,
    pub items: Vec<Item>,
    pub total_points: u32,
}

impl Exercise {
    /// Points available: each item's (an essay's from its rubric).
    pub fn total_points(&self) -> u32 {
        self.items.iter().map(|i| i.points).sum()
    }

    pub fn view(&self) -> ExerciseView {
        ExerciseView {
            id: self.id.clone(),
            module_id: self.module_id.clone(),
            title: self.title.clone(),
            outcomes: self.outcomes.clone(),
            minutes: self.minutes,
            attempts: self.attempts,
            introduction_html: self.introduction_html.clone(),
            items: self.items.clone(),
            total_points: self.total_points(),
        }
    }

    pub fn needs_manual_grading(&self) -> bool {
        self.items
            .iter()
            .any(|i| matches!(i.form, ItemForm::Essay { .. }))
    }
}

/// One question as the learner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub points: u32,
    pub prompt_html: String,
    pub form: ItemForm,
    /// The course outcome this item measures (every item of the knowledge check has one).
    pub outcome: Option<String>,
}

/// What the learner answers with. Options are listed in a fixed order that does not give the
/// answer away (choices as written, matching options and ordering steps sorted by text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ItemForm {
    SingleChoice {
        choices_html: Vec<String>,
    },
    MultipleChoice {
        choices_html: Vec<String>,
    },
    Matching {
        lefts_html: Vec<String>,
        options: Vec<String>,
    },
    Ordering {
        steps: Vec<String>,
    },
    ShortAnswer,
    Essay {
        max_words: u32,
        rubric: Vec<Criterion>,
    },
    Rating {
        scale: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub criterion: String,
    pub levels: Vec<RubricLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricLevel {
    pub label: String,
    pub points: u32,
    pub description: String,
}

/// The key of one item, parallel to `Exercise::items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemKey {
    pub item_id: String,
    pub answer: KeyAnswer,
    pub explanation_html: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum KeyAnswer {
    /// Index into the choices.
    SingleChoice(usize),
    /// Indexes into the choices, ascending.
    MultipleChoice(Vec<usize>),
    /// For each left side, the index of its option.
    Matching(Vec<usize>),
    /// For each step as presented, its position (0-based) in the right order.
    Ordering(Vec<usize>),
    /// Accepted answers, already normalized.
    ShortAnswer(Vec<String>),
    Essay,
    /// Index on the scale.
    Rating(usize),
}

/// A learner's answer to one item. Missing items are simply absent from `Answers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Choice(usize),
    Choices(Vec<usize>),
    /// For each left side, the chosen option (or none yet).
    Matching(Vec<Option<usize>>),
    /// For each step as presented, the position (0-based) the learner gave it.
    Ordering(Vec<Option<usize>>),
    Text(String),
    Rating(usize),
}

/// Points in hundredths, so that partial credit adds up exactly.
pub type Centipoints = u32;

/// Compares short answers without regard to letter case, surrounding spaces or repeated spaces.
pub fn normalize_short_answer(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn share(points: u32, right: usize, of: usize) -> Centipoints {
    if of == 0 {
        return 0;
    }
    ((points as usize * 100 * right) / of) as Centipoints
}

/// Grades one answer. `None` means a person must grade it (essays); a missing or malformed answer
/// scores zero.
pub fn grade(points: u32, key: &KeyAnswer, answer: Option<&Answer>) -> Option<Centipoints> {
    let full = points * 100;
    Some(match (key, answer) {
        (KeyAnswer::Essay, _) => return None,
        (KeyAnswer::SingleChoice(right), Some(Answer::Choice(chosen))) if chosen == right => full,
        (KeyAnswer::MultipleChoice(right), Some(Answer::Choices(chosen))) => {
            let mut chosen = chosen.clone();
            chosen.sort_unstable();
            chosen.dedup();
            let hits = chosen.iter().filter(|c| right.contains(c)).count();
            let misses = chosen.len() - hits;
            share(points, hits.saturating_sub(misses), right.len())
        }
        (KeyAnswer::Matching(right), Some(Answer::Matching(chosen))) => {
            let hits = right
                .iter()
                .zip(chosen)
                .filter(|(r, c)| Some(**r) == **c)
                .count();
            share(points, hits, right.len())
        }
        (KeyAnswer::Ordering(right), Some(Answer::Ordering(given))) => {
            let hits = right
                .iter()
                .zip(given)
                .filter(|(r, g)| Some(**r) == **g)
                .count();
            share(points, hits, right.len())
        }
        (KeyAnswer::ShortAnswer(accepted), Some(Answer::Text(text)))
            if accepted.contains(&normalize_short_answer(text)) =>
        {
            full
        }
        (KeyAnswer::Rating(right), Some(Answer::Rating(given))) => match right.abs_diff(*given) {
            0 => full,
            1 => full / 2,
            _ => 0,
        },
        _ => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_choice_and_rating() {
        assert_eq!(
            grade(2, &KeyAnswer::SingleChoice(1), Some(&Answer::Choice(1))),
            Some(200)
        );
        assert_eq!(
            grade(2, &KeyAnswer::SingleChoice(1), Some(&Answer::Choice(0))),
            Some(0)
        );
        assert_eq!(grade(2, &KeyAnswer::SingleChoice(1), None), Some(0));
        assert_eq!(
            grade(2, &KeyAnswer::Rating(2), Some(&Answer::Rating(3))),
            Some(100)
        );
        assert_eq!(
            grade(2, &KeyAnswer::Rating(2), Some(&Answer::Rating(0))),
            Some(0)
        );
    }

    #[test]
    fn multiple_choice_takes_off_for_wrong_picks_but_never_below_zero() {
        let key = KeyAnswer::MultipleChoice(vec![0, 2]);
        let score = |chosen: Vec<usize>| grade(2, &key, Some(&Answer::Choices(chosen)));
        assert_eq!(score(vec![0, 2]), Some(200));
        assert_eq!(score(vec![2, 0, 0]), Some(200), "duplicates count once");
        assert_eq!(score(vec![0]), Some(100));
        assert_eq!(score(vec![0, 1]), Some(0));
        assert_eq!(score(vec![1, 3]), Some(0));
        assert_eq!(
            score(vec![0, 1, 2, 3]),
            Some(0),
            "ticking everything earns nothing"
        );
    }

    #[test]
    fn matching_and_ordering_give_a_share_per_right_place() {
        let key = KeyAnswer::Matching(vec![0, 1, 1, 2]);
        let answer = Answer::Matching(vec![Some(0), Some(1), None, Some(0)]);
        assert_eq!(grade(4, &key, Some(&answer)), Some(200));
        let key = KeyAnswer::Ordering(vec![2, 0, 1]);
        let answer = Answer::Ordering(vec![Some(2), Some(1), Some(0)]);
        assert_eq!(grade(3, &key, Some(&answer)), Some(100));
    }

    #[test]
    fn short_answers_ignore_case_and_spacing() {
        let key = KeyAnswer::ShortAnswer(vec![normalize_short_answer(
            "Incident Management  and Control",
        )]);
        let answer = Answer::Text("  incident   MANAGEMENT and control ".into());
        assert_eq!(grade(1, &key, Some(&answer)), Some(100));
        let answer = Answer::Text("incident management".into());
        assert_eq!(grade(1, &key, Some(&answer)), Some(0));
    }

    #[test]
    fn essays_wait_for_a_person_and_mismatched_answers_score_zero() {
        assert_eq!(grade(5, &KeyAnswer::Essay, None), None);
        assert_eq!(
            grade(
                1,
                &KeyAnswer::SingleChoice(0),
                Some(&Answer::Text("0".into()))
            ),
            Some(0)
        );
    }
}
