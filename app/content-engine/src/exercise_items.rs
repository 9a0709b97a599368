//! One item of a class exercise: its TOML entry, and the rules of each item kind (how many
//! choices, which answers are in range, what a rubric must look like) that turn it into the
//! form learners see and the key it is graded by. Every broken rule is an error naming the line.

use serde::Deserialize;
use toml::Spanned;

use super::error::ContentError;
use super::files::SourceFile;
// Short option texts are plain text shown inline: they are escaped, not rendered.
use domain::answers::escape_html;
use domain::exercise::{normalize_short_answer, Criterion, ItemForm, KeyAnswer, RubricLevel};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemEntry {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    /// The course outcome the item measures (required in the knowledge check).
    pub outcome: Option<Spanned<String>>,
    points: Option<Spanned<u32>>,
    pub prompt: Spanned<String>,
    pub explanation: Spanned<String>,
    choices: Option<Vec<String>>,
    answer: Option<Spanned<usize>>,
    answers: Option<Spanned<Vec<usize>>>,
    pairs: Option<Vec<PairEntry>>,
    distractors: Option<Vec<String>>,
    steps: Option<Vec<String>>,
    accepted: Option<Vec<String>>,
    max_words: Option<u32>,
    rubric: Option<Vec<CriterionEntry>>,
    scale: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PairEntry {
    left: String,
    right: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionEntry {
    criterion: Spanned<String>,
    levels: Vec<LevelEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelEntry {
    label: String,
    points: u32,
    description: String,
}

/// A checked item: the form learners see, its key, and what it is worth.
pub type BuiltItem = (ItemForm, KeyAnswer, u32);

/// Checks one item against the rules of its kind. `None` when it breaks one; the reason is then
/// in `errors`.
pub fn build_item(
    file: &SourceFile,
    entry: &ItemEntry,
    errors: &mut Vec<ContentError>,
) -> Option<BuiltItem> {
    let item = ItemCheck {
        file,
        entry,
        kind: entry.kind.get_ref().as_str(),
    };
    let points = item.points(errors)?;
    match item.kind {
        "single-choice" => item.single_choice(points, errors),
        "multiple-choice" => item.multiple_choice(points, errors),
        "matching" => item.matching(points, errors),
        "ordering" => item.ordering(points, errors),
        "short-answer" => item.short_answer(points, errors),
        "essay" => item.essay(errors),
        "rating" => item.rating(points, errors),
        other => {
            errors.push(item.at(format!(
                "unknown item kind `{other}`: use single-choice, multiple-choice, matching, \
                 ordering, short-answer, essay or rating"
            )));
            None
        }
    }
}

/// One item being checked, with the file it came from for errors that name the line. Each kind
/// has its own method, which reads the fields that kind uses.
struct ItemCheck<'a> {
    file: &'a SourceFile,
    entry: &'a ItemEntry,
    kind: &'a str,
}

impl ItemCheck<'_> {
    /// An error at the item's `kind`, the line that says what rules apply.
    fn at(&self, message: String) -> ContentError {
        self.file.error_at(&self.entry.kind, message)
    }

    fn missing(&self, field: &str, errors: &mut Vec<ContentError>) {
        errors.push(self.at(format!("a {} item needs `{field}`", self.kind)));
    }

    /// Whether a 1-based `index` names one of `len` options; reports it when it does not.
    fn in_range(&self, index: &Spanned<usize>, len: usize, errors: &mut Vec<ContentError>) -> bool {
        let ok = (1..=len).contains(index.get_ref());
        if !ok {
            errors.push(self.file.error_at(
                index,
                format!("{} is not between 1 and {len}", index.get_ref()),
            ));
        }
        ok
    }

    /// The item's points: 1 to 20, given for every kind but the essay, whose rubric decides.
    fn points(&self, errors: &mut Vec<ContentError>) -> Option<u32> {
        match (&self.entry.points, self.kind) {
            (Some(points), "essay") => {
                errors.push(
                    self.file
                        .error_at(points, "an essay's points come from its rubric"),
                );
                None
            }
            (Some(points), _) if !(1..=20).contains(points.get_ref()) => {
                errors.push(
                    self.file
                        .error_at(points, "points must be a whole number from 1 to 20"),
                );
                None
            }
            (Some(points), _) => Some(*points.get_ref()),
            (None, "essay") => Some(0),
            (None, _) => {
                self.missing("points", errors);
                None
            }
        }
    }

    /// The choices of a single- or multiple-choice item: 2 to 8 of them.
    fn choices(&self, errors: &mut Vec<ContentError>) -> Option<&Vec<String>> {
        let Some(choices) = &self.entry.choices else {
            self.missing("choices", errors);
            return None;
        };
        if !(2..=8).contains(&choices.len()) {
            errors.push(self.at("give between 2 and 8 choices".into()));
            return None;
        }
        Some(choices)
    }

    fn single_choice(&self, points: u32, errors: &mut Vec<ContentError>) -> Option<BuiltItem> {
        let choices = self.choices(errors)?;
        let choices_html = choices.iter().map(|c| escape_html(c)).collect();
        let Some(answer) = &self.entry.answer else {
            self.missing("answer", errors);
            return None;
        };
        self.in_range(answer, choices.len(), errors).then(|| {
            (
                ItemForm::SingleChoice { choices_html },
                KeyAnswer::SingleChoice(answer.get_ref() - 1),
                points,
            )
        })
    }

    fn multiple_choice(&self, points: u32, errors: &mut Vec<ContentError>) -> Option<BuiltItem> {
        let choices = self.choices(errors)?;
        let choices_html = choices.iter().map(|c| escape_html(c)).collect();
        let Some(answers) = &self.entry.answers else {
            self.missing("answers", errors);
            return None;
        };
        let mut right: Vec<usize> = answers.get_ref().clone();
        right.sort_unstable();
        right.dedup();
        let valid = !right.is_empty() && right.iter().all(|a| (1..=choices.len()).contains(a));
        if !valid {
            errors.push(self.file.error_at(
                answers,
                format!("answers must be one or more of 1 to {}", choices.len()),
            ));
            return None;
        }
        Some((
            ItemForm::MultipleChoice { choices_html },
            KeyAnswer::MultipleChoice(right.iter().map(|a| a - 1).collect()),
            points,
        ))
    }

    /// Matching: 2 to 8 pairs. The right sides, with any distractors, are offered in sorted
    /// order, so their order in the file gives nothing away.
    fn matching(&self, points: u32, errors: &mut Vec<ContentError>) -> Option<BuiltItem> {
        let Some(pairs) = &self.entry.pairs else {
            self.missing("pairs", errors);
            return None;
        };
        if !(2..=8).contains(&pairs.len()) {
            errors.push(self.at("give between 2 and 8 pairs".into()));
            return None;
        }
        let mut options: Vec<String> = pairs
            .iter()
            .map(|p| p.right.clone())
            .chain(self.entry.distractors.iter().flatten().cloned())
            .collect();
        options.sort();
        options.dedup();
        let key = pairs
            .iter()
            .map(|p| options.iter().position(|o| *o == p.right).unwrap_or(0))
            .collect();
        Some((
            ItemForm::Matching {
                lefts_html: pairs.iter().map(|p| escape_html(&p.left)).collect(),
                options,
            },
            KeyAnswer::Matching(key),
            points,
        ))
    }

    /// Ordering: 3 to 8 different steps, given in the right order and presented sorted.
    fn ordering(&self, points: u32, errors: &mut Vec<ContentError>) -> Option<BuiltItem> {
        let Some(steps) = &self.entry.steps else {
            self.missing("steps", errors);
            return None;
        };
        let mut presented = steps.clone();
        presented.sort();
        presented.dedup();
        if !(3..=8).contains(&steps.len()) || presented.len() != steps.len() {
            errors.push(self.at("give between 3 and 8 different steps".into()));
            return None;
        }
        let key = presented
            .iter()
            .map(|s| steps.iter().position(|t| t == s).unwrap_or(0))
            .collect();
        Some((
            ItemForm::Ordering { steps: presented },
            KeyAnswer::Ordering(key),
            points,
        ))
    }

    /// Short answer: at least one accepted answer, kept normalized as answers are compared.
    fn short_answer(&self, points: u32, errors: &mut Vec<ContentError>) -> Option<BuiltItem> {
        let accepted: Vec<String> = self
            .entry
            .accepted
            .iter()
            .flatten()
            .map(|a| normalize_short_answer(a))
            .filter(|a| !a.is_empty())
            .collect();
        if accepted.is_empty() {
            self.missing("accepted", errors);
            return None;
        }
        Some((
            ItemForm::ShortAnswer,
            KeyAnswer::ShortAnswer(accepted),
            points,
        ))
    }

    /// Essay: a person grades it with the rubric, which also decides what it is worth.
    fn essay(&self, errors: &mut Vec<ContentError>) -> Option<BuiltItem> {
        let Some(rubric) = &self.entry.rubric else {
            self.missing("rubric", errors);
            return None;
        };
        let total = self.rubric_total(rubric, errors)?;
        let rubric = rubric
            .iter()
            .map(|c| Criterion {
                criterion: c.criterion.get_ref().clone(),
                levels: c
                    .levels
                    .iter()
                    .map(|l| RubricLevel {
                        label: l.label.clone(),
                        points: l.points,
                        description: l.description.clone(),
                    })
                    .collect(),
            })
            .collect();
        Some((
            ItemForm::Essay {
                max_words: self.entry.max_words.unwrap_or(600),
                rubric,
            },
            KeyAnswer::Essay,
            total,
        ))
    }

    /// What a rubric is worth: the top level of each criterion. Each criterion has 2 to 4 levels
    /// with points rising from 0, and the whole is worth at least one point.
    fn rubric_total(
        &self,
        rubric: &[CriterionEntry],
        errors: &mut Vec<ContentError>,
    ) -> Option<u32> {
        let mut total = 0;
        for criterion in rubric {
            let ascending = criterion
                .levels
                .windows(2)
                .all(|w| w[0].points < w[1].points);
            let starts_at_zero = criterion.levels.first().is_some_and(|l| l.points == 0);
            if !(2..=4).contains(&criterion.levels.len()) || !ascending || !starts_at_zero {
                errors.push(self.file.error_at(
                    &criterion.criterion,
                    format!(
                        "rubric criterion `{}` needs 2 to 4 levels with points rising from 0",
                        criterion.criterion.get_ref()
                    ),
                ));
                return None;
            }
            total += criterion.levels.last().map_or(0, |l| l.points);
        }
        if rubric.is_empty() || total == 0 {
            errors.push(self.at("an essay needs a rubric worth at least one point".into()));
            return None;
        }
        Some(total)
    }

    /// Rating: a scale of 3 to 7 labels and the right one.
    fn rating(&self, points: u32, errors: &mut Vec<ContentError>) -> Option<BuiltItem> {
        let (Some(scale), Some(answer)) = (&self.entry.scale, &self.entry.answer) else {
            self.missing("scale` and `answer", errors);
            return None;
        };
        if !(3..=7).contains(&scale.len()) {
            errors.push(self.at("a rating scale has 3 to 7 labels".into()));
            return None;
        }
        self.in_range(answer, scale.len(), errors).then(|| {
            (
                ItemForm::Rating {
                    scale: scale.clone(),
                },
                KeyAnswer::Rating(answer.get_ref() - 1),
                points,
            )
        })
    }
}
