//! Class exercises: one TOML file each in `content/exercises/`, checked as strictly as the rest of
//! the course (unknown keys, indexes out of range, duplicate ids, unknown modules or outcomes are
//! errors naming file and line) and turned into `exercise::Exercise` with Markdown rendered.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::ContentError;
use super::files::{read_files, SourceFile};
use super::load::is_slug;
use super::markdown::{render, LinkTargets};
use crate::answers::escape_html;
// Short option texts are plain text shown inline: they are escaped, not rendered.
use crate::exercise::{
    normalize_short_answer, Criterion, Exercise, Item, ItemForm, ItemKey, KeyAnswer, RubricLevel,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExerciseFile {
    id: Spanned<String>,
    module: Spanned<String>,
    title: String,
    outcomes: Vec<Spanned<String>>,
    minutes: u32,
    attempts: Spanned<u32>,
    introduction: Spanned<String>,
    items: Vec<ItemEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemEntry {
    id: Spanned<String>,
    kind: Spanned<String>,
    points: Option<Spanned<u32>>,
    prompt: Spanned<String>,
    explanation: Spanned<String>,
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

/// What the exercises may refer to.
pub struct ExerciseRefs<'a> {
    pub modules: &'a HashSet<String>,
    pub outcomes: &'a HashSet<String>,
    pub targets: &'a LinkTargets,
}

/// Loads every exercise in `dir`, sorted by file name (a course may have none).
pub fn load_exercises(
    dir: &Path,
    refs: &ExerciseRefs<'_>,
    errors: &mut Vec<ContentError>,
) -> Vec<Exercise> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut exercises = Vec::new();
    for file in read_files(dir, "toml", errors) {
        let parsed = match file.parse_toml::<ExerciseFile>() {
            Ok(parsed) => parsed,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        if !seen.insert(parsed.id.get_ref().clone()) {
            errors.push(file.error_at(
                &parsed.id,
                format!("duplicate exercise id `{}`", parsed.id.get_ref()),
            ));
        }
        if let Some(exercise) = build_exercise(&file, parsed, refs, errors) {
            exercises.push(exercise);
        }
    }
    exercises
}

fn build_exercise(
    file: &SourceFile,
    parsed: ExerciseFile,
    refs: &ExerciseRefs<'_>,
    errors: &mut Vec<ContentError>,
) -> Option<Exercise> {
    let before = errors.len();
    let id = parsed.id.get_ref();
    if !is_slug(id) {
        errors.push(file.error_at(
            &parsed.id,
            "an exercise id uses lowercase letters, digits and hyphens",
        ));
    }
    if !refs.modules.contains(parsed.module.get_ref()) {
        errors.push(file.error_at(
            &parsed.module,
            format!("unknown module `{}`", parsed.module.get_ref()),
        ));
    }
    for outcome in &parsed.outcomes {
        if !refs.outcomes.contains(outcome.get_ref()) {
            errors.push(file.error_at(outcome, format!("unknown outcome `{}`", outcome.get_ref())));
        }
    }
    if *parsed.attempts.get_ref() == 0 {
        errors.push(file.error_at(&parsed.attempts, "attempts must be at least 1"));
    }
    if parsed.items.is_empty() {
        errors.push(file.error_at(&parsed.id, "an exercise needs at least one item"));
    }
    let markdown = |value: &Spanned<String>, errors: &mut Vec<ContentError>| match render(
        value.get_ref(),
        refs.targets,
        file.markdown_place(value),
    ) {
        Ok(rendered) => rendered.html,
        Err(found) => {
            errors.extend(found);
            String::new()
        }
    };
    let introduction_html = markdown(&parsed.introduction, errors);
    let mut item_ids = HashSet::new();
    let mut items = Vec::new();
    let mut keys = Vec::new();
    for entry in &parsed.items {
        if !item_ids.insert(entry.id.get_ref().clone()) {
            errors.push(file.error_at(
                &entry.id,
                format!("duplicate item id `{}`", entry.id.get_ref()),
            ));
        }
        let prompt_html = markdown(&entry.prompt, errors);
        let explanation_html = markdown(&entry.explanation, errors);
        let Some((form, answer, points)) = build_item(file, entry, errors) else {
            continue;
        };
        items.push(Item {
            id: entry.id.get_ref().clone(),
            points,
            prompt_html,
            form,
        });
        keys.push(ItemKey {
            item_id: entry.id.get_ref().clone(),
            answer,
            explanation_html,
        });
    }
    (errors.len() == before).then(|| Exercise {
        id: id.clone(),
        module_id: parsed.module.get_ref().clone(),
        title: parsed.title,
        outcomes: parsed
            .outcomes
            .iter()
            .map(|o| o.get_ref().clone())
            .collect(),
        minutes: parsed.minutes,
        attempts: *parsed.attempts.get_ref(),
        introduction_html,
        items,
        keys,
    })
}

/// Checks one item against the rules of its kind.
fn build_item(
    file: &SourceFile,
    entry: &ItemEntry,
    errors: &mut Vec<ContentError>,
) -> Option<(ItemForm, KeyAnswer, u32)> {
    let at = |message: String| file.error_at(&entry.kind, message);
    let kind = entry.kind.get_ref().as_str();
    let missing = |field: &str, errors: &mut Vec<ContentError>| {
        errors.push(at(format!("a {kind} item needs `{field}`")));
    };
    let points = match (&entry.points, kind) {
        (Some(points), "essay") => {
            errors.push(file.error_at(points, "an essay's points come from its rubric"));
            return None;
        }
        (Some(points), _) if !(1..=20).contains(points.get_ref()) => {
            errors.push(file.error_at(points, "points must be a whole number from 1 to 20"));
            return None;
        }
        (Some(points), _) => *points.get_ref(),
        (None, "essay") => 0,
        (None, _) => {
            missing("points", errors);
            return None;
        }
    };
    let in_range = |index: &Spanned<usize>, len: usize, errors: &mut Vec<ContentError>| {
        let ok = (1..=len).contains(index.get_ref());
        if !ok {
            errors.push(file.error_at(
                index,
                format!("{} is not between 1 and {len}", index.get_ref()),
            ));
        }
        ok
    };
    match kind {
        "single-choice" | "multiple-choice" => {
            let Some(choices) = &entry.choices else {
                missing("choices", errors);
                return None;
            };
            if !(2..=8).contains(&choices.len()) {
                errors.push(at("give between 2 and 8 choices".into()));
                return None;
            }
            let choices_html = choices.iter().map(|c| escape_html(c)).collect();
            if kind == "single-choice" {
                let Some(answer) = &entry.answer else {
                    missing("answer", errors);
                    return None;
                };
                in_range(answer, choices.len(), errors).then(|| {
                    (
                        ItemForm::SingleChoice { choices_html },
                        KeyAnswer::SingleChoice(answer.get_ref() - 1),
                        points,
                    )
                })
            } else {
                let Some(answers) = &entry.answers else {
                    missing("answers", errors);
                    return None;
                };
                let mut right: Vec<usize> = answers.get_ref().clone();
                right.sort_unstable();
                right.dedup();
                let valid =
                    !right.is_empty() && right.iter().all(|a| (1..=choices.len()).contains(a));
                if !valid {
                    errors.push(file.error_at(
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
        }
        "matching" => {
            let Some(pairs) = &entry.pairs else {
                missing("pairs", errors);
                return None;
            };
            if !(2..=8).contains(&pairs.len()) {
                errors.push(at("give between 2 and 8 pairs".into()));
                return None;
            }
            let mut options: Vec<String> = pairs
                .iter()
                .map(|p| p.right.clone())
                .chain(entry.distractors.iter().flatten().cloned())
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
        "ordering" => {
            let Some(steps) = &entry.steps else {
                missing("steps", errors);
                return None;
            };
            let mut presented = steps.clone();
            presented.sort();
            presented.dedup();
            if !(3..=8).contains(&steps.len()) || presented.len() != steps.len() {
                errors.push(at("give between 3 and 8 different steps".into()));
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
        "short-answer" => {
            let accepted: Vec<String> = entry
                .accepted
                .iter()
                .flatten()
                .map(|a| normalize_short_answer(a))
                .filter(|a| !a.is_empty())
                .collect();
            if accepted.is_empty() {
                missing("accepted", errors);
                return None;
            }
            Some((
                ItemForm::ShortAnswer,
                KeyAnswer::ShortAnswer(accepted),
                points,
            ))
        }
        "essay" => {
            let Some(rubric) = &entry.rubric else {
                missing("rubric", errors);
                return None;
            };
            let mut total = 0;
            for criterion in rubric {
                let ascending = criterion
                    .levels
                    .windows(2)
                    .all(|w| w[0].points < w[1].points);
                let starts_at_zero = criterion.levels.first().is_some_and(|l| l.points == 0);
                if !(2..=4).contains(&criterion.levels.len()) || !ascending || !starts_at_zero {
                    errors.push(file.error_at(
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
                errors.push(at("an essay needs a rubric worth at least one point".into()));
                return None;
            }
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
                    max_words: entry.max_words.unwrap_or(600),
                    rubric,
                },
                KeyAnswer::Essay,
                total,
            ))
        }
        "rating" => {
            let (Some(scale), Some(answer)) = (&entry.scale, &entry.answer) else {
                missing("scale` and `answer", errors);
                return None;
            };
            if !(3..=7).contains(&scale.len()) {
                errors.push(at("a rating scale has 3 to 7 labels".into()));
                return None;
            }
            in_range(answer, scale.len(), errors).then(|| {
                (
                    ItemForm::Rating {
                        scale: scale.clone(),
                    },
                    KeyAnswer::Rating(answer.get_ref() - 1),
                    points,
                )
            })
        }
        other => {
            errors.push(at(format!(
                "unknown item kind `{other}`: use single-choice, multiple-choice, matching, \
                 ordering, short-answer, essay or rating"
            )));
            None
        }
    }
}
