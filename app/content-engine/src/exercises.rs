//! Class exercises: one TOML file each in `content/exercises/`, checked as strictly as the rest of
//! the course (unknown keys, indexes out of range, duplicate ids, unknown modules or outcomes are
//! errors naming file and line) and turned into `exercise::Exercise` with Markdown rendered.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::ContentError;
use super::exercise_items::{build_item, ItemEntry};
use super::files::{read_files, SourceFile};
use super::loaded::Launch;
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
    /// The evening (after day 1 or day 2) whose homework this is; absent for an exercise that a
    /// slide launches in class.
    homework_evening: Option<Spanned<u8>>,
    #[serde(default)]
    knowledge_check: bool,
    attempts: Spanned<u32>,
    introduction: Spanned<String>,
    items: Vec<ItemEntry>,
}

/// The fewest items the knowledge check may give an outcome.
pub const KNOWLEDGE_CHECK_ITEMS_PER_OUTCOME: usize = 3;

/// What the exercises may refer to.
pub struct ExerciseRefs<'a> {
    pub modules: &'a HashSet<String>,
    pub outcomes: &'a HashSet<String>,
    pub targets: &'a LinkTargets,
    /// The day each module is taught.
    pub module_days: &'a HashMap<String, u8>,
    /// The slides that launch exercises in class, by exercise id.
    pub launches: &'a HashMap<String, Vec<Launch>>,
}

/// Loads every exercise in `dir`, sorted by file name (a course may have none), with the ids of
/// every exercise file, including those that did not load (so that a slide launching one is not
/// also reported).
pub fn load_exercises(
    dir: &Path,
    refs: &ExerciseRefs<'_>,
    errors: &mut Vec<ContentError>,
) -> (Vec<Exercise>, HashSet<String>) {
    if !dir.is_dir() {
        return Default::default();
    }
    let mut seen = HashSet::new();
    let mut exercises = Vec::new();
    let mut knowledge_checks = 0;
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
        if parsed.knowledge_check {
            knowledge_checks += 1;
            if knowledge_checks > 1 {
                errors.push(file.error_at(
                    &parsed.id,
                    "the course already has a knowledge check; it may have only one",
                ));
            }
        }
        if let Some(exercise) = build_exercise(&file, parsed, refs, errors) {
            exercises.push(exercise);
        }
    }
    (exercises, seen)
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
    check_schedule(file, &parsed, refs, errors);
    check_outcomes(file, &parsed, refs, errors);
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
            outcome: entry.outcome.as_ref().map(|o| o.get_ref().clone()),
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
        knowledge_check: parsed.knowledge_check,
        homework_evening: parsed.homework_evening.as_ref().map(|e| *e.get_ref()),
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

/// Every exercise has a time: launched by exactly one slide of its own module (whose cue gives it
/// at least the exercise's minutes), or homework on an evening that comes after its module.
fn check_schedule(
    file: &SourceFile,
    parsed: &ExerciseFile,
    refs: &ExerciseRefs<'_>,
    errors: &mut Vec<ContentError>,
) {
    let id = parsed.id.get_ref();
    let module = parsed.module.get_ref();
    let launches = refs.launches.get(id).map(Vec::as_slice).unwrap_or_default();
    let at = |launch: &Launch| format!("{}:{}", launch.file.display(), launch.line);
    match (&parsed.homework_evening, launches) {
        (None, []) => errors.push(file.error_at(
            &parsed.id,
            format!(
                "exercise `{id}` has no time in the agenda: launch it from a slide of module \
                 `{module}` with a line `::: exercise {id}`, or mark it as homework with \
                 `homework_evening = 1` (or 2)"
            ),
        )),
        (Some(evening), [launch, ..]) => errors.push(file.error_at(
            evening,
            format!(
                "exercise `{id}` is marked as homework but {} launches it in class; choose one",
                at(launch)
            ),
        )),
        (Some(evening), []) => {
            let evening_day = *evening.get_ref();
            let module_day = refs.module_days.get(module).copied().unwrap_or(1);
            if !(1..=2).contains(&evening_day) {
                errors.push(file.error_at(
                    evening,
                    format!("homework_evening is {evening_day}; the course has evenings 1 and 2"),
                ));
            } else if evening_day < module_day {
                errors.push(file.error_at(
                    evening,
                    format!(
                        "homework on evening {evening_day} comes before module `{module}` is \
                         taught on day {module_day}"
                    ),
                ));
            }
        }
        (None, [launch, more @ ..]) => {
            for other in more {
                errors.push(ContentError::new(
                    &other.file,
                    Some(other.line),
                    format!("exercise `{id}` is already launched at {}", at(launch)),
                ));
            }
            for launch in launches.iter().filter(|l| &l.module_id != module) {
                errors.push(ContentError::new(
                    &launch.file,
                    Some(launch.line),
                    format!(
                        "exercise `{id}` belongs to module `{module}`; launch it from that \
                         module's deck"
                    ),
                ));
            }
            if launch.minutes < parsed.minutes {
                errors.push(ContentError::new(
                    &launch.file,
                    Some(launch.line),
                    format!(
                        "the slide launching `{id}` gives it {} min; the exercise takes {} \
                         (minutes in its file)",
                        launch.minutes, parsed.minutes
                    ),
                ));
            }
        }
    }
}

/// Item outcomes must exist; the knowledge check needs one on every item, no item a person must
/// grade, and at least `KNOWLEDGE_CHECK_ITEMS_PER_OUTCOME` items for each course outcome.
fn check_outcomes(
    file: &SourceFile,
    parsed: &ExerciseFile,
    refs: &ExerciseRefs<'_>,
    errors: &mut Vec<ContentError>,
) {
    let mut per_outcome: HashMap<&str, usize> = HashMap::new();
    for item in &parsed.items {
        match &item.outcome {
            Some(outcome) if !refs.outcomes.contains(outcome.get_ref()) => {
                errors.push(
                    file.error_at(outcome, format!("unknown outcome `{}`", outcome.get_ref())),
                );
            }
            Some(outcome) => *per_outcome.entry(outcome.get_ref()).or_default() += 1,
            None if parsed.knowledge_check => errors.push(file.error_at(
                &item.id,
                "every item of the knowledge check names the outcome it measures (outcome = \"O1\")",
            )),
            None => {}
        }
        if parsed.knowledge_check && item.kind.get_ref() == "essay" {
            errors.push(file.error_at(
                &item.kind,
                "the knowledge check is graded automatically; it cannot have an essay",
            ));
        }
    }
    if !parsed.knowledge_check {
        return;
    }
    let mut outcomes: Vec<&String> = refs.outcomes.iter().collect();
    outcomes.sort();
    for outcome in outcomes {
        let count = per_outcome.get(outcome.as_str()).copied().unwrap_or(0);
        if count < KNOWLEDGE_CHECK_ITEMS_PER_OUTCOME {
            errors.push(file.error_at(
                &parsed.id,
                format!(
                    "the knowledge check has {count} item(s) for outcome {outcome}; it needs at \
                     least {KNOWLEDGE_CHECK_ITEMS_PER_OUTCOME}"
                ),
            ));
        }
    }
}
