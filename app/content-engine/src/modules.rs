//! The course's modules: their ids, order and outcomes checked against the course, and each
//! module's lesson and slide deck rendered.

use std::collections::HashSet;

use super::deck::{split_slides, RawSlide};
use super::error::ContentError;
use super::files::SourceFile;
use super::loaded::{Launch, LoadedModule};
use super::markdown::{render, render_html, LinkTargets, Place};
use super::parse::RawModule;
use super::quick_checks::{parse_check, take_checks};
use super::schema::{is_slug, CourseFile, DeckFrontMatter, LessonFrontMatter};
use super::timing::{room_questions, take_launches, timing_cues};
use domain::course::{Deck, Lesson, ModuleSummary, Slide};

/// Checks that outcome ids are unique, and that module ids are slugs, ids and orders unique, and
/// every outcome a module names exists.
pub fn check_modules(
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

/// Renders every module, in course order.
pub fn build_modules(
    modules: &[RawModule],
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
    warnings: &mut Vec<ContentError>,
) -> Vec<LoadedModule> {
    let mut loaded: Vec<LoadedModule> = modules
        .iter()
        .map(|module| build_module(module, targets, errors, warnings))
        .collect();
    loaded.sort_by_key(|module| module.summary.order);
    loaded
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
    let timing = check_timing(module, &deck.slides, errors);
    let guide_html = module
        .guide
        .as_ref()
        .map(|guide| build_guide(guide, targets, errors))
        .unwrap_or_default();
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
        deck: deck.deck,
        launches: timing,
        room_questions: deck.room_questions,
        guide_html,
    }
}

/// The instructor's guide to a module: Markdown with the same links as a lesson.
fn build_guide(file: &SourceFile, targets: &LinkTargets, errors: &mut Vec<ContentError>) -> String {
    let place = Place {
        file: &file.path,
        first_line: 1,
    };
    render_html(&file.text, targets, place, errors)
}

/// Checks that the deck's timing cues add up to the module's duration, and answers the slides
/// that launch exercises with the minute of the module at which each starts.
fn check_timing(
    module: &RawModule,
    slides: &[BuiltSlide],
    errors: &mut Vec<ContentError>,
) -> Vec<Launch> {
    let duration = *module.meta.duration_minutes.get_ref();
    let mut elapsed = 0;
    let mut launches = Vec::new();
    for slide in slides {
        for (exercise_id, line) in &slide.launches {
            launches.push(Launch {
                exercise_id: exercise_id.clone(),
                module_id: module.meta.id.get_ref().clone(),
                slide: slide.slide.number,
                file: module.deck.path.clone(),
                line: *line,
                minutes: slide.slide.minutes,
                offset_minutes: elapsed,
            });
        }
        elapsed += slide.slide.minutes;
    }
    if !slides.is_empty() && elapsed != duration {
        errors.push(ContentError::new(
            &module.deck.path,
            None,
            format!(
                "the deck's timing cues add up to {elapsed} min, but module `{}` lasts {duration} min (duration_minutes in {}): make the slots add up",
                module.meta.id.get_ref(),
                module.meta_file.path.display()
            ),
        ));
    }
    launches
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

/// A rendered deck with what its slides say about time and the room.
struct BuiltDeck {
    deck: Deck,
    slides: Vec<BuiltSlide>,
    room_questions: Vec<(usize, String)>,
}

/// A rendered slide with the exercises it launches (id and line).
struct BuiltSlide {
    slide: Slide,
    launches: Vec<(String, usize)>,
}

fn build_deck(
    file: &SourceFile,
    default_title: &str,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
    warnings: &mut Vec<ContentError>,
) -> BuiltDeck {
    let Some((front, split)) = file.split_front_matter::<DeckFrontMatter>(errors) else {
        return BuiltDeck {
            deck: Deck {
                title: default_title.into(),
                slides: Vec::new(),
            },
            slides: Vec::new(),
            room_questions: Vec::new(),
        };
    };
    let front = front.unwrap_or_default();
    let raw_slides = split_slides(split.body, split.body_first_line);
    let room_questions = raw_slides
        .iter()
        .enumerate()
        .flat_map(|(index, raw)| {
            room_questions(&raw.notes)
                .into_iter()
                .map(move |question| (index + 1, question))
        })
        .collect();
    let slides: Vec<BuiltSlide> = raw_slides
        .into_iter()
        .enumerate()
        .filter_map(|(index, raw)| build_slide(file, index + 1, &raw, targets, errors, warnings))
        .collect();
    BuiltDeck {
        deck: Deck {
            title: front.title.unwrap_or_else(|| default_title.to_string()),
            slides: slides.iter().map(|s| s.slide.clone()).collect(),
        },
        slides,
        room_questions,
    }
}

/// The slide's one timing cue; anything else is an error at its notes, since the deck's timing
/// (and the clock time of every exercise) is read from the cues.
fn slide_minutes(
    file: &SourceFile,
    number: usize,
    raw: &RawSlide,
    errors: &mut Vec<ContentError>,
) -> u32 {
    let cues = timing_cues(&raw.notes);
    if cues.len() != 1 {
        let line = if raw.notes.trim().is_empty() {
            raw.content_first_line
        } else {
            raw.notes_first_line
        };
        errors.push(ContentError::new(
            &file.path,
            Some(line),
            format!(
                "slide {number} needs exactly one timing cue like (5 min) in its notes; it has {}",
                cues.len()
            ),
        ));
    }
    cues.first().copied().unwrap_or(0)
}

/// The slide's content without its quick check block, and the check, if it has one that is
/// well formed (errors name the block's line). A slide holds one check at most.
fn take_check(
    file: &SourceFile,
    number: usize,
    raw: &RawSlide,
    content: &str,
    errors: &mut Vec<ContentError>,
) -> (String, Option<domain::quick_check::QuickCheck>) {
    let (kept, found, unclosed) = take_checks(content);
    let line_of = |offset: usize| raw.content_first_line + offset;
    if let Some(offset) = unclosed {
        errors.push(ContentError::new(
            &file.path,
            Some(line_of(offset)),
            "a ```check block is not closed with ```",
        ));
    }
    if let Some(second) = found.get(1) {
        errors.push(ContentError::new(
            &file.path,
            Some(line_of(second.offset)),
            format!("slide {number} has more than one quick check; a slide holds one"),
        ));
    }
    let check = found
        .first()
        .and_then(|block| match parse_check(&block.toml) {
            Ok(check) => Some(check),
            Err((message, line)) => {
                // The block's TOML starts on the line after its opening fence.
                let at = line.map_or(line_of(block.offset), |l| line_of(block.offset) + 1 + l);
                errors.push(ContentError::new(&file.path, Some(at), message));
                None
            }
        });
    (kept, check)
}

/// One slide with its speaker notes rendered; `None` when it is empty or does not render. A
/// slide without notes is only a warning: the course works, but the presenter has no script.
fn build_slide(
    file: &SourceFile,
    number: usize,
    raw: &RawSlide,
    targets: &LinkTargets,
    errors: &mut Vec<ContentError>,
    warnings: &mut Vec<ContentError>,
) -> Option<BuiltSlide> {
    if raw.content.trim().is_empty() {
        // An empty last slide (a file ending in `---`) starts after the file's last line: name
        // the last line instead, which is the separator that opened it.
        let last_line = file.text.lines().count().max(1);
        errors.push(ContentError::new(
            &file.path,
            Some(raw.content_first_line.min(last_line)),
            format!("slide {number} is empty"),
        ));
        return None;
    }
    if raw.notes.trim().is_empty() {
        warnings.push(ContentError::new(
            &file.path,
            Some(raw.content_first_line),
            format!("slide {number} has no speaker notes"),
        ));
    }
    let place = |first_line: usize| Place {
        file: &file.path,
        first_line,
    };
    let minutes = slide_minutes(file, number, raw, errors);
    let (content_text, found) = take_launches(&raw.content);
    let mut launches = Vec::new();
    for (exercise_id, offset) in found {
        let line = raw.content_first_line + offset;
        if exercise_id.is_empty() {
            errors.push(ContentError::new(
                &file.path,
                Some(line),
                "`::: exercise` needs the id of the exercise it launches",
            ));
        } else {
            launches.push((exercise_id, line));
        }
    }
    let (content_text, check) = take_check(file, number, raw, &content_text, errors);
    let content = render(&content_text, targets, place(raw.content_first_line));
    let notes = render(&raw.notes, targets, place(raw.notes_first_line));
    match (content, notes) {
        (Ok(content), Ok(notes)) => Some(BuiltSlide {
            slide: Slide {
                number,
                title: content
                    .first_heading
                    .unwrap_or_else(|| format!("Slide {number}")),
                html: content.html,
                notes_html: notes.html,
                minutes,
                // Filled in once the exercises are loaded.
                exercise: None,
                check,
            },
            launches,
        }),
        (content, notes) => {
            errors.extend(content.err().into_iter().flatten());
            errors.extend(notes.err().into_iter().flatten());
            None
        }
    }
}
