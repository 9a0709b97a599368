//! Class exercises: one TOML file each in `content/exercises/`, checked as strictly as the rest of
//! the course (unknown keys, indexes out of range, duplicate ids, unknown modules or outcomes are
//! errors naming file and line) and turned into `exercise::Exercise` with Markdown rendered.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::ContentError;
use super::exercise_items::{build_item, ItemEntry};
use super::files::{read_files, SourceFile};
use super::markdown::{render_html, LinkTargets};
use super::schema::is_slug;
use domain::exercise::{Exercise, Item, ItemKey};

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

/// Checks an exercise and its items; `None` when anything in it is wrong (all of it reported).
fn build_exercise(
    file: &SourceFile,
    parsed: ExerciseFile,
    refs: &ExerciseRefs<'_>,
    errors: &mut Vec<ContentError>,
) -> Option<Exercise> {
    let before = errors.len();
    check_exercise(file, &parsed, refs, errors);
    let markdown = |value: &Spanned<String>, errors: &mut Vec<ContentError>| {
        render_html(
            value.get_ref(),
            refs.targets,
            file.markdown_place(value),
            errors,
        )
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
        id: parsed.id.get_ref().clone(),
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

/// The exercise's own fields: a slug id, a module and outcomes that exist, at least one attempt
/// and at least one item.
fn check_exercise(
    file: &SourceFile,
    parsed: &ExerciseFile,
    refs: &ExerciseRefs<'_>,
    errors: &mut Vec<ContentError>,
) {
    if !is_slug(parsed.id.get_ref()) {
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
}
