//! Reading a whole content folder into a [`LoadedCourse`]. Loading happens in two passes: first
//! every TOML file is parsed (which tells us every id that a link may name), then every piece of
//! Markdown is rendered with its links checked against those ids.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::agenda::build_days;
use super::deck::split_slides;
use super::error::{ContentError, ContentErrors};
use super::files::{sorted_entries, SourceFile};
use super::markdown::{render, LinkTargets, Place};
use super::model::{build_model, check_process_areas};
use super::schema::*;
use super::{LoadedCourse, LoadedModule};
use crate::course::*;

struct RawModule {
    meta_file: SourceFile,
    meta: ModuleFile,
    lesson: SourceFile,
    deck: SourceFile,
}

/// Loads and validates the course in `dir`. All errors are collected and returned together.
pub fn load(dir: &Path) -> Result<LoadedCourse, ContentErrors> {
    let mut errors = Vec::new();
    let parsed = parse_all(dir, &mut errors);
    let Some((course_file, course, glossary_file, glossary, model_file, model, areas, modules)) =
        parsed
    else {
        return Err(ContentErrors(errors));
    };

    // Pass one: ids and the references between TOML files.
    let practices = check_process_areas(&model, &areas, &mut errors);
    let targets = LinkTargets {
        glossary: glossary
            .terms
            .iter()
            .map(|t| t.id.get_ref().clone())
            .collect(),
        process_areas: areas
            .iter()
            .map(|(_, a)| a.abbr.get_ref().clone())
            .collect(),
        practices,
        modules: modules
            .iter()
            .map(|m| m.meta.id.get_ref().clone())
            .collect(),
    };
    check_glossary(&glossary_file, &glossary, &mut errors);
    check_modules(&course_file, &course, &modules, &mut errors);
    let module_refs: Vec<(&SourceFile, &ModuleFile)> =
        modules.iter().map(|m| (&m.meta_file, &m.meta)).collect();
    let days = build_days(&course_file, &course, &module_refs, &mut errors);

    // Pass two: Markdown.
    let mut warnings = Vec::new();
    let (model_overview, process_areas) =
        build_model(&model_file, &model, &areas, &targets, &mut errors);
    let glossary_terms = build_glossary(&glossary_file, &glossary, &targets, &mut errors);
    let mut loaded_modules: Vec<LoadedModule> = modules
        .iter()
        .map(|module| build_module(module, &targets, &mut errors, &mut warnings))
        .collect();
    loaded_modules.sort_by_key(|module| module.summary.order);
    let description_html = render_markdown(
        &course.description,
        &targets,
        Place {
            file: &course_file.path,
            first_line: 1,
        },
        &mut errors,
    );
    let outcomes: Vec<Outcome> = course
        .outcomes
        .iter()
        .map(|outcome| Outcome {
            id: outcome.id.get_ref().clone(),
            text: outcome.text.clone(),
            modules: loaded_modules
                .iter()
                .filter(|m| m.summary.outcomes.contains(outcome.id.get_ref()))
                .map(|m| m.summary.id.clone())
                .collect(),
        })
        .collect();
    for (outcome, entry) in outcomes.iter().zip(&course.outcomes) {
        if outcome.modules.is_empty() {
            warnings.push(course_file.error_at(
                &entry.id,
                format!("outcome `{}` is taught by no module", outcome.id),
            ));
        }
    }

    let handouts = super::handouts::load_handouts(&dir.join("handouts"), &targets, &mut errors);
    let exercises = super::exercises::load_exercises(
        &dir.join("exercises"),
        &super::exercises::ExerciseRefs {
            modules: &targets.modules,
            outcomes: &course
                .outcomes
                .iter()
                .map(|o| o.id.get_ref().clone())
                .collect(),
            targets: &targets,
        },
        &mut errors,
    );

    let appraisal = super::appraisal::load_appraisal(
        &dir.join("appraisal"),
        &process_areas,
        &model_overview,
        &targets,
        &mut errors,
    );

    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        errors.dedup();
        return Err(ContentErrors(errors));
    }
    let mut course = LoadedCourse {
        overview: CourseOverview {
            title: course.title.clone(),
            subtitle: course.subtitle.clone(),
            description_html,
            outcomes,
            days,
            modules: loaded_modules.iter().map(|m| m.summary.clone()).collect(),
        },
        modules: loaded_modules,
        model: model_overview,
        process_areas,
        glossary: glossary_terms,
        handouts,
        exercises,
        appraisal,
        warnings,
        search: Default::default(),
    };
    course.search = super::search::SearchIndex::new(super::index::search_documents(&course));
    Ok(course)
}

type Parsed = (
    SourceFile,
    CourseFile,
    SourceFile,
    GlossaryFile,
    SourceFile,
    ModelFile,
    Vec<(SourceFile, ProcessAreaFile)>,
    Vec<RawModule>,
);

/// Reads and parses every file. Returns `None` when something essential could not be parsed.
fn parse_all(dir: &Path, errors: &mut Vec<ContentError>) -> Option<Parsed> {
    if !dir.is_dir() {
        errors.push(ContentError::new(
            dir,
            None,
            "content folder does not exist",
        ));
        return None;
    }
    let mut parse = |path: &Path| -> Option<SourceFile> {
        SourceFile::read(path).map_err(|e| errors.push(e)).ok()
    };
    let course_file = parse(&dir.join("course.toml"));
    let glossary_file = parse(&dir.join("glossary.toml"));
    let model_file = parse(&dir.join("model/model.toml"));

    let course = course_file.as_ref().and_then(|f| {
        f.parse_toml::<CourseFile>()
            .map_err(|e| errors.push(e))
            .ok()
    });
    let glossary = glossary_file.as_ref().and_then(|f| {
        f.parse_toml::<GlossaryFile>()
            .map_err(|e| errors.push(e))
            .ok()
    });
    let model = model_file
        .as_ref()
        .and_then(|f| f.parse_toml::<ModelFile>().map_err(|e| errors.push(e)).ok());

    let mut areas = Vec::new();
    match sorted_entries(&dir.join("model/process-areas")) {
        Err(error) => errors.push(error),
        Ok(paths) => {
            for path in paths
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            {
                match SourceFile::read(&path) {
                    Err(error) => errors.push(error),
                    Ok(file) => match file.parse_toml::<ProcessAreaFile>() {
                        Ok(area) => areas.push((file, area)),
                        Err(error) => errors.push(error),
                    },
                }
            }
        }
    }

    let mut modules = Vec::new();
    match sorted_entries(&dir.join("modules")) {
        Err(error) => errors.push(error),
        Ok(paths) => {
            for module_dir in paths.into_iter().filter(|p| p.is_dir()) {
                let files = (
                    SourceFile::read(&module_dir.join("module.toml")),
                    SourceFile::read(&module_dir.join("lesson.md")),
                    SourceFile::read(&module_dir.join("slides.md")),
                );
                match files {
                    (Ok(meta_file), Ok(lesson), Ok(deck)) => {
                        match meta_file.parse_toml::<ModuleFile>() {
                            Ok(meta) => modules.push(RawModule {
                                meta_file,
                                meta,
                                lesson,
                                deck,
                            }),
                            Err(error) => errors.push(error),
                        }
                    }
                    (meta, lesson, deck) => {
                        errors.extend([meta.err(), lesson.err(), deck.err()].into_iter().flatten());
                    }
                }
            }
        }
    }
    Some((
        course_file?,
        course?,
        glossary_file?,
        glossary?,
        model_file?,
        model?,
        areas,
        modules,
    ))
}

fn check_glossary(file: &SourceFile, glossary: &GlossaryFile, errors: &mut Vec<ContentError>) {
    let mut seen = HashSet::new();
    for term in &glossary.terms {
        let id = term.id.get_ref();
        if !is_slug(id) {
            errors.push(file.error_at(
                &term.id,
                format!("term id `{id}` must be lowercase letters, digits and hyphens"),
            ));
        }
        if !seen.insert(id.as_str()) {
            errors.push(file.error_at(&term.id, format!("duplicate glossary term `{id}`")));
        }
    }
    let ids: HashSet<&str> = glossary
        .terms
        .iter()
        .map(|t| t.id.get_ref().as_str())
        .collect();
    for term in &glossary.terms {
        for other in &term.see_also {
            if !ids.contains(other.get_ref().as_str()) {
                errors.push(file.error_at(
                    other,
                    format!("see_also names unknown term `{}`", other.get_ref()),
                ));
            }
        }
    }
}

fn check_modules(
    course_file: &SourceFile,
    course: &CourseFile,
    modules: &[RawModule],
    errors: &mut Vec<ContentError>,
) {
    let mut outcome_ids = HashSet::new();
    for outcome in &course.outcomes {
        if !outcome_ids.insert(outcome.id.get_ref().as_str()) {
            errors.push(course_file.error_at(
                &outcome.id,
                format!("duplicate outcome `{}`", outcome.id.get_ref()),
            ));
        }
    }
    let mut seen_ids = HashSet::new();
    let mut seen_orders = HashSet::new();
    for module in modules {
        let file = &module.meta_file;
        let id = module.meta.id.get_ref();
        if !is_slug(id) {
            errors.push(file.error_at(
                &module.meta.id,
                format!("module id `{id}` must be lowercase letters, digits and hyphens"),
            ));
        }
        if !seen_ids.insert(id.as_str()) {
            errors.push(file.error_at(&module.meta.id, format!("duplicate module id `{id}`")));
        }
        if !seen_orders.insert(*module.meta.order.get_ref()) {
            errors.push(file.error_at(
                &module.meta.order,
                format!(
                    "another module already has order {}",
                    module.meta.order.get_ref()
                ),
            ));
        }
        for outcome in &module.meta.outcomes {
            if !outcome_ids.contains(outcome.get_ref().as_str()) {
                errors.push(
                    file.error_at(outcome, format!("unknown outcome `{}`", outcome.get_ref())),
                );
            }
        }
    }
}

fn build_glossary(
    file: &SourceFile,
    glossary: &GlossaryFile,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
) -> Vec<GlossaryTerm> {
    let names: BTreeMap<&str, &str> = glossary
        .terms
        .iter()
        .map(|t| (t.id.get_ref().as_str(), t.term.as_str()))
        .collect();
    let mut terms: Vec<GlossaryTerm> = glossary
        .terms
        .iter()
        .map(|term| GlossaryTerm {
            id: term.id.get_ref().clone(),
            term: term.term.clone(),
            definition_html: render_markdown(
                term.definition.get_ref(),
                targets,
                file.markdown_place(&term.definition),
                errors,
            ),
            see_also: term
                .see_also
                .iter()
                .filter_map(|id| {
                    names.get(id.get_ref().as_str()).map(|name| TermLink {
                        id: id.get_ref().clone(),
                        term: name.to_string(),
                    })
                })
                .collect(),
        })
        .collect();
    terms.sort_by_key(|term| term.term.to_lowercase());
    terms
}

fn build_module(
    module: &RawModule,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
    warnings: &mut Vec<ContentError>,
) -> LoadedModule {
    let meta = &module.meta;
    if meta.objectives.is_empty() {
        warnings.push(module.meta_file.error_at(
            &meta.id,
            format!("module `{}` has no objectives", meta.id.get_ref()),
        ));
    }
    let lesson = build_lesson(&module.lesson, &meta.title, targets, errors);
    let deck = build_deck(&module.deck, &meta.title, targets, errors, warnings);
    LoadedModule {
        summary: ModuleSummary {
            id: meta.id.get_ref().clone(),
            day: *meta.day.get_ref(),
            order: *meta.order.get_ref(),
            title: meta.title.clone(),
            duration_minutes: *meta.duration_minutes.get_ref(),
            summary: meta.summary.clone(),
            objectives: meta.objectives.clone(),
            outcomes: meta.outcomes.iter().map(|o| o.get_ref().clone()).collect(),
            slide_count: deck.slides.len(),
            lesson_words: lesson.words,
        },
        lesson,
        deck,
    }
}

fn build_lesson(
    file: &SourceFile,
    default_title: &str,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
) -> Lesson {
    let empty = || Lesson {
        title: default_title.into(),
        html: String::new(),
        toc: Vec::new(),
        words: 0,
    };
    let Some((front, split)) = file.split_front_matter::<LessonFrontMatter>(errors) else {
        return empty();
    };
    let front = front.unwrap_or_default();
    if split.body.trim().is_empty() {
        errors.push(ContentError::new(
            &file.path,
            Some(split.body_first_line),
            "the lesson is empty",
        ));
    }
    let place = Place {
        file: &file.path,
        first_line: split.body_first_line,
    };
    match render(split.body, targets, place) {
        Ok(rendered) => Lesson {
            title: front.title.unwrap_or_else(|| default_title.to_string()),
            html: rendered.html,
            toc: rendered.toc,
            words: rendered.words,
        },
        Err(found) => {
            errors.extend(found);
            empty()
        }
    }
}

fn build_deck(
    file: &SourceFile,
    default_title: &str,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
    warnings: &mut Vec<ContentError>,
) -> Deck {
    let Some((front, split)) = file.split_front_matter::<DeckFrontMatter>(errors) else {
        return Deck {
            title: default_title.into(),
            slides: Vec::new(),
        };
    };
    let front = front.unwrap_or_default();
    let mut slides = Vec::new();
    for (index, raw) in split_slides(split.body, split.body_first_line)
        .into_iter()
        .enumerate()
    {
        let number = index + 1;
        if raw.content.trim().is_empty() {
            errors.push(ContentError::new(
                &file.path,
                Some(raw.content_first_line),
                format!("slide {number} is empty"),
            ));
            continue;
        }
        if raw.notes.trim().is_empty() {
            warnings.push(ContentError::new(
                &file.path,
                Some(raw.content_first_line),
                format!("slide {number} has no speaker notes"),
            ));
        }
        let content = render(
            &raw.content,
            targets,
            Place {
                file: &file.path,
                first_line: raw.content_first_line,
            },
        );
        let notes = render(
            &raw.notes,
            targets,
            Place {
                file: &file.path,
                first_line: raw.notes_first_line,
            },
        );
        match (content, notes) {
            (Ok(content), Ok(notes)) => slides.push(Slide {
                number,
                title: content
                    .first_heading
                    .unwrap_or_else(|| format!("Slide {number}")),
                html: content.html,
                notes_html: notes.html,
            }),
            (content, notes) => {
                errors.extend(content.err().into_iter().flatten());
                errors.extend(notes.err().into_iter().flatten());
            }
        }
    }
    Deck {
        title: front.title.unwrap_or_else(|| default_title.to_string()),
        slides,
    }
}

fn render_markdown(
    markdown: &str,
    targets: &LinkTargets,
    place: Place<'_>,
    errors: &mut Vec<ContentError>,
) -> String {
    match render(markdown, targets, place) {
        Ok(rendered) => rendered.html,
        Err(found) => {
            errors.extend(found);
            String::new()
        }
    }
}

pub(super) fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
