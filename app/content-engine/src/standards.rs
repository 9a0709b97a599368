//! What a finished course must have, beyond being valid: enough modules, lessons long enough to
//! learn from, full decks with notes and a quick check each, the whole model, a real glossary, the handouts. The shipped
//! course is tested against these (see `app/content-engine/tests/shipped_course.rs`); an instructor's own course
//! only needs to be valid.

use super::loaded::LoadedCourse;

pub const MIN_MODULES: usize = 12;
pub const MIN_LESSON_WORDS: usize = 900;
/// Decks are timed to their slot (see `timing`), and since the exercises and the practicum got
/// their own time a 25-minute module has fewer slides than a 75-minute one; six is the least
/// that still carries a module's argument.
pub const MIN_DECK_SLIDES: usize = 6;
pub const MIN_TOTAL_SLIDES: usize = 150;
pub const PROCESS_AREAS: usize = 26;
pub const MIN_GLOSSARY_TERMS: usize = 40;
/// The NIST CSF 2.0 Core: functions, categories, subcategories.
pub const CSF_CORE: (usize, usize, usize) = (6, 22, 106);
pub const REQUIRED_HANDOUTS: [&str; 3] = [
    "process-area-card",
    "capability-levels-sheet",
    "appraisal-worksheet",
];

/// Every way in which `course` falls short of the standards, as sentences; empty when none.
pub fn shortfalls(course: &LoadedCourse) -> Vec<String> {
    let mut problems: Vec<String> = course
        .warnings
        .iter()
        .map(|w| format!("warning: {w}"))
        .collect();
    let counts = course.counts();
    if counts.modules < MIN_MODULES {
        problems.push(format!(
            "{} modules; the course needs at least {MIN_MODULES}",
            counts.modules
        ));
    }
    if counts.slides < MIN_TOTAL_SLIDES {
        problems.push(format!(
            "{} slides in all; the course needs at least {MIN_TOTAL_SLIDES}",
            counts.slides
        ));
    }
    if counts.process_areas != PROCESS_AREAS {
        problems.push(format!(
            "{} process areas; the model has {PROCESS_AREAS}",
            counts.process_areas
        ));
    }
    if counts.glossary_terms < MIN_GLOSSARY_TERMS {
        problems.push(format!(
            "{} glossary terms; the course needs at least {MIN_GLOSSARY_TERMS}",
            counts.glossary_terms
        ));
    }
    for module in &course.modules {
        let id = &module.summary.id;
        if module.lesson.words < MIN_LESSON_WORDS {
            problems.push(format!(
                "module `{id}`: the lesson has {} words, fewer than {MIN_LESSON_WORDS}",
                module.lesson.words
            ));
        }
        if module.deck.slides.len() < MIN_DECK_SLIDES {
            problems.push(format!(
                "module `{id}`: the deck has {} slides, fewer than {MIN_DECK_SLIDES}",
                module.deck.slides.len()
            ));
        }
        if !module.deck.slides.iter().any(|s| s.check.is_some()) {
            problems.push(format!(
                "module `{id}`: the deck has no quick check for the live session"
            ));
        }
        if module.summary.objectives.is_empty() {
            problems.push(format!("module `{id}` has no objectives"));
        }
        if !module.lesson.html.contains("href=\"/glossary#") {
            problems.push(format!("module `{id}`: the lesson links no glossary term"));
        }
    }
    for area in course.process_areas.values() {
        let abbr = &area.abbr;
        if area.summary_html.is_empty() {
            problems.push(format!("process area {abbr} has no summary"));
        }
        if area.typical_evidence_html.is_empty() || area.typical_work_products_html.is_empty() {
            problems.push(format!(
                "process area {abbr} lacks typical evidence or work products"
            ));
        }
        if area.related.is_empty() {
            problems.push(format!("process area {abbr} names no related process area"));
        }
    }
    problems.extend(crosswalk_shortfalls(course));
    for id in REQUIRED_HANDOUTS {
        if course.handout(id).is_none() {
            problems.push(format!("handout `{id}` is missing"));
        }
    }
    problems
}

/// The crosswalk holds the whole CSF 2.0 Core, maps every specific practice of the appraisal's
/// scope, and reaches every CSF category from some practice of the model.
pub fn crosswalk_shortfalls(course: &LoadedCourse) -> Vec<String> {
    let crosswalk = &course.crosswalk;
    let mut problems = Vec::new();
    let core = (
        crosswalk.functions.len(),
        crosswalk.categories.len(),
        crosswalk.subcategories.len(),
    );
    if core != CSF_CORE {
        problems.push(format!(
            "crosswalk: the CSF 2.0 Core has {:?} functions, categories and subcategories; it should have {CSF_CORE:?}",
            core
        ));
    }
    if let Some((case, _)) = &course.appraisal {
        let specific = case
            .practices
            .iter()
            .filter(|p| !p.goal.ends_with(":GG2"))
            .map(|p| p.id.as_str());
        for practice in crosswalk.unmapped(specific) {
            problems.push(format!(
                "crosswalk: the appraisal's practice {practice} maps to no CSF 2.0 subcategory"
            ));
        }
    }
    for category in crosswalk.unreached_categories() {
        problems.push(format!(
            "crosswalk: no practice reaches CSF category {category}"
        ));
    }
    problems
}
