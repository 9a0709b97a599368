//! Reading a whole content folder into a [`LoadedCourse`]. Loading happens in two passes: first
//! every TOML file is parsed (which tells us every id that a link may name), then every piece of
//! Markdown is rendered with its links checked against those ids.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::agenda::build_days;
use super::appraisal::load_appraisal;
use super::cast::load_cast;
use super::crosswalk::load_crosswalk;
use super::error::{ContentError, ContentErrors};
use super::exercises::{load_exercises, ExerciseRefs};
use super::files::SourceFile;
use super::glossary::{build_glossary, check_glossary};
use super::handouts::load_handouts;
use super::index::search_documents;
use super::loaded::{Launch, LoadedCourse, LoadedModule};
use super::markdown::{render_html, LinkTargets, Place};
use super::model::{build_model, check_process_areas};
use super::modules::{build_modules, check_modules};
use super::parse::{parse_all, ParsedCourse};
use super::schema::ModuleFile;
use super::search::SearchIndex;
use domain::course::{
    ClockTime, CourseOverview, Day, ExerciseWhen, Outcome, ScheduledExercise, SlideExercise,
    SlotKind,
};
use domain::exercise::Exercise;

/// Loads and validates the course in `dir`. All errors are collected and returned together.
pub fn load(dir: &Path) -> Result<LoadedCourse, ContentErrors> {
    let mut errors = Vec::new();
    let Some(parsed) = parse_all(dir, &mut errors) else {
        return Err(ContentErrors(errors));
    };

    // Pass one: ids and the references between TOML files.
    let (targets, days) = check_references(&parsed, &mut errors);

    // Pass two: Markdown.
    let mut warnings = Vec::new();
    let (model, process_areas) = build_model(
        &parsed.model_file,
        &parsed.model,
        &parsed.areas,
        &targets,
        &mut errors,
    );
    let glossary = build_glossary(
        &parsed.glossary_file,
        &parsed.glossary,
        &targets,
        &mut errors,
    );
    let mut modules = build_modules(&parsed.modules, &targets, &mut errors, &mut warnings);
    let mut overview = build_overview(
        &parsed,
        days,
        &modules,
        &targets,
        &mut errors,
        &mut warnings,
    );
    let handouts = load_handouts(&dir.join("handouts"), &targets, &mut errors);
    let (exercises, exercise_ids) =
        load_course_exercises(dir, &parsed, &targets, &modules, &mut errors);
    overview.exercises = schedule_exercises(&mut modules, &exercises, &overview.days);
    for launch in modules.iter().flat_map(|m| &m.launches) {
        if !exercise_ids.contains(&launch.exercise_id) {
            errors.push(ContentError::new(
                &launch.file,
                Some(launch.line),
                format!("no exercise has the id `{}`", launch.exercise_id),
            ));
        }
    }
    let appraisal = load_appraisal(
        &dir.join("appraisal"),
        &process_areas,
        &model,
        &targets,
        &mut errors,
        &mut warnings,
    );

    let cast = load_cast(dir, &mut errors);
    let crosswalk = load_crosswalk(&dir.join("crosswalk"), &targets.practices, &mut errors);
    let instructor_guide_html = load_instructor_guide(dir, &targets, &mut errors);

    if !errors.is_empty() {
        return Err(in_file_order(errors));
    }
    let mut course = LoadedCourse {
        overview,
        modules,
        model,
        process_areas,
        glossary,
        handouts,
        exercises,
        appraisal,
        cast,
        instructor_guide_html,
        crosswalk,
        warnings,
        search: Default::default(),
    };
    course.search = SearchIndex::new(search_documents(&course));
    Ok(course)
}

/// The errors sorted by file and line, each reported once, as an author fixes them.
fn in_file_order(mut errors: Vec<ContentError>) -> ContentErrors {
    errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    errors.dedup();
    ContentErrors(errors)
}

/// Pass one: checks the ids of every TOML file and the references between them, and answers the
/// names that links may point at and the agenda (checked against the modules).
fn check_references(
    parsed: &ParsedCourse,
    errors: &mut Vec<ContentError>,
) -> (LinkTargets, Vec<Day>) {
    let targets = link_targets(parsed, errors);
    check_glossary(&parsed.glossary_file, &parsed.glossary, errors);
    check_modules(&parsed.course_file, &parsed.course, &parsed.modules, errors);
    let module_refs: Vec<(&SourceFile, &ModuleFile)> = parsed
        .modules
        .iter()
        .map(|m| (&m.meta_file, &m.meta))
        .collect();
    let days = build_days(&parsed.course_file, &parsed.course, &module_refs, errors);
    (targets, days)
}

/// The names that links in the course's prose may point at. Checking the process areas' ids and
/// numbering is what gives the practice ids, so it happens here.
fn link_targets(parsed: &ParsedCourse, errors: &mut Vec<ContentError>) -> LinkTargets {
    let practices = check_process_areas(&parsed.model, &parsed.areas, errors);
    LinkTargets {
        glossary: parsed
            .glossary
            .terms
            .iter()
            .map(|t| t.id.get_ref().clone())
            .collect(),
        process_areas: parsed
            .areas
            .iter()
            .map(|(_, a)| a.abbr.get_ref().clone())
            .collect(),
        practices,
        modules: parsed
            .modules
            .iter()
            .map(|m| m.meta.id.get_ref().clone())
            .collect(),
    }
}

/// The class exercises in `exercises/`, which may name the course's modules and outcomes, and
/// which the modules' slides may launch.
fn load_course_exercises(
    dir: &Path,
    parsed: &ParsedCourse,
    targets: &LinkTargets,
    modules: &[LoadedModule],
    errors: &mut Vec<ContentError>,
) -> (Vec<Exercise>, HashSet<String>) {
    let module_days: HashMap<String, u8> = modules
        .iter()
        .map(|m| (m.summary.id.clone(), m.summary.day))
        .collect();
    let mut launches: HashMap<String, Vec<Launch>> = HashMap::new();
    for launch in modules.iter().flat_map(|m| &m.launches) {
        launches
            .entry(launch.exercise_id.clone())
            .or_default()
            .push(launch.clone());
    }
    let outcomes: HashSet<String> = parsed
        .course
        .outcomes
        .iter()
        .map(|o| o.id.get_ref().clone())
        .collect();
    let refs = ExerciseRefs {
        modules: &targets.modules,
        outcomes: &outcomes,
        targets,
        module_days: &module_days,
        launches: &launches,
    };
    load_exercises(&dir.join("exercises"), &refs, errors)
}

/// Every exercise with its time (the clock time of the slide that launches it, from its module's
/// slot and the cues before it, or its evening), in that order; and each launching slide given
/// its exercise's card. A slide that launches an exercise the course does not have is an error.
fn schedule_exercises(
    modules: &mut [LoadedModule],
    exercises: &[Exercise],
    days: &[Day],
) -> Vec<ScheduledExercise> {
    let slot_start = |module_id: &str| {
        days.iter().find_map(|day| {
            day.slots.iter().find_map(|slot| match &slot.kind {
                SlotKind::Module { id } if id == module_id => Some((day.number, slot.start)),
                _ => None,
            })
        })
    };
    let mut scheduled = Vec::new();
    for module in modules.iter_mut() {
        let slot = slot_start(&module.summary.id);
        for launch in &module.launches {
            let Some(exercise) = exercises.iter().find(|e| e.id == launch.exercise_id) else {
                continue;
            };
            let Some((day, start)) = slot else {
                continue;
            };
            let starts_at = ClockTime(start.0 + launch.offset_minutes as u16);
            if let Some(slide) = module
                .deck
                .slides
                .iter_mut()
                .find(|s| s.number == launch.slide)
            {
                slide.exercise = Some(SlideExercise {
                    id: exercise.id.clone(),
                    title: exercise.title.clone(),
                    minutes: exercise.minutes,
                    starts_at,
                });
            }
            if exercise.module_id == module.summary.id {
                scheduled.push(ScheduledExercise {
                    id: exercise.id.clone(),
                    title: exercise.title.clone(),
                    module_id: exercise.module_id.clone(),
                    minutes: exercise.minutes,
                    when: ExerciseWhen::InClass {
                        day,
                        start: starts_at,
                    },
                });
            }
        }
    }
    for exercise in exercises {
        if let Some(evening) = exercise.homework_evening {
            scheduled.push(ScheduledExercise {
                id: exercise.id.clone(),
                title: exercise.title.clone(),
                module_id: exercise.module_id.clone(),
                minutes: exercise.minutes,
                when: ExerciseWhen::Homework { evening },
            });
        }
    }
    scheduled.sort_by_key(|e| match e.when {
        ExerciseWhen::InClass { day, start } => (day, 0, start.0),
        ExerciseWhen::Homework { evening } => (evening, 1, 0),
    });
    scheduled
}

/// The course's front page: its description rendered, the agenda, the modules (already in course
/// order), and each outcome with the modules that teach it. An outcome no module teaches is a
/// warning: the course still works, but it promises something it does not teach.
fn build_overview(
    parsed: &ParsedCourse,
    days: Vec<Day>,
    modules: &[LoadedModule],
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
    warnings: &mut Vec<ContentError>,
) -> CourseOverview {
    let course = &parsed.course;
    let description_html = render_html(
        &course.description,
        targets,
        Place {
            file: &parsed.course_file.path,
            first_line: 1,
        },
        errors,
    );
    let outcomes: Vec<Outcome> = course
        .outcomes
        .iter()
        .map(|outcome| Outcome {
            id: outcome.id.get_ref().clone(),
            text: outcome.text.clone(),
            modules: modules
                .iter()
                .filter(|m| m.summary.outcomes.contains(outcome.id.get_ref()))
                .map(|m| m.summary.id.clone())
                .collect(),
        })
        .collect();
    for (outcome, entry) in outcomes.iter().zip(&course.outcomes) {
        if outcome.modules.is_empty() {
            warnings.push(parsed.course_file.error_at(
                &entry.id,
                format!("outcome `{}` is taught by no module", outcome.id),
            ));
        }
    }
    CourseOverview {
        title: course.title.clone(),
        subtitle: course.subtitle.clone(),
        description_html,
        outcomes,
        days,
        modules: modules.iter().map(|m| m.summary.clone()).collect(),
        exercises: Vec::new(),
    }
}

/// The general part of the instructor guide, `instructor/guide.md`, if the course has one.
fn load_instructor_guide(
    dir: &Path,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
) -> String {
    let path = dir.join("instructor/guide.md");
    if !path.exists() {
        return String::new();
    }
    let Ok(file) = SourceFile::read(&path).map_err(|e| errors.push(e)) else {
        return String::new();
    };
    let place = Place {
        file: &file.path,
        first_line: 1,
    };
    render_html(&file.text, targets, place, errors)
}
