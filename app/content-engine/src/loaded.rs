//! The loaded course: what `load` returns, validated and rendered, and the page data read from
//! it. Immutable once built and shared by every request.

use std::collections::BTreeMap;

use serde::Serialize;

use super::error::ContentError;
use super::search::SearchIndex;
use domain::course::*;

/// One module with its lesson and deck rendered.
#[derive(Debug, Clone)]
pub struct LoadedModule {
    pub summary: ModuleSummary,
    pub lesson: Lesson,
    pub deck: Deck,
    /// The exercises its slides launch in class.
    pub launches: Vec<Launch>,
    /// The questions its speaker notes ask the room, by slide number.
    pub room_questions: Vec<(usize, String)>,
    /// Its instructor's notes (`guide.md`) rendered; empty when it has none. Instructors only.
    pub guide_html: String,
}

/// A slide that launches an exercise in class, with where it is and when it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub exercise_id: String,
    pub module_id: String,
    pub slide: usize,
    pub file: std::path::PathBuf,
    pub line: usize,
    /// The minutes the slide's cue gives the exercise.
    pub minutes: u32,
    /// Minutes from the module's start to this slide, by the cues of the slides before it.
    pub offset_minutes: u32,
}

/// The whole course, validated and rendered.
#[derive(Debug, Clone)]
pub struct LoadedCourse {
    pub overview: CourseOverview,
    /// In course order.
    pub modules: Vec<LoadedModule>,
    pub model: ModelOverview,
    /// Keyed by abbreviation (capitals).
    pub process_areas: BTreeMap<String, ProcessArea>,
    /// Sorted by term.
    pub glossary: Vec<GlossaryTerm>,
    pub handouts: Vec<Handout>,
    /// Class exercises with their keys, in file order.
    pub exercises: Vec<domain::exercise::Exercise>,
    /// The appraisal case file and the default key, if the course has one.
    pub appraisal: Option<(domain::appraisal::CaseFile, domain::appraisal::AppraisalKey)>,
    /// The people of each fictional organization, from `cast.toml`.
    pub cast: super::cast::Cast,
    /// The general part of the instructor guide (`instructor/guide.md`) rendered. Instructors only.
    pub instructor_guide_html: String,
    /// The crosswalk to the NIST CSF 2.0 (`crosswalk/`), empty when the course has none.
    pub crosswalk: domain::crosswalk::Crosswalk,
    /// Problems that do not stop the server but that a finished course must not have.
    pub warnings: Vec<ContentError>,
    pub search: SearchIndex,
}

/// How much content there is of each kind, as `/healthz` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ContentCounts {
    pub modules: usize,
    pub lessons: usize,
    pub slides: usize,
    pub slides_with_notes: usize,
    pub exercises: usize,
    pub process_areas: usize,
    pub glossary_terms: usize,
    pub evidence_items: usize,
    pub appraisal_practices: usize,
    pub knowledge_check_items: usize,
    /// Quick checks written into the decks, and how many modules have at least one.
    pub quick_checks: usize,
    pub modules_with_quick_checks: usize,
    /// The crosswalk's mapping rows and the CSF 2.0 subcategories it knows.
    pub crosswalk_rows: usize,
    pub csf_subcategories: usize,
}

impl LoadedCourse {
    pub fn counts(&self) -> ContentCounts {
        let slides = self.modules.iter().flat_map(|m| &m.deck.slides);
        ContentCounts {
            modules: self.modules.len(),
            lessons: self
                .modules
                .iter()
                .filter(|m| !m.lesson.html.is_empty())
                .count(),
            slides: slides.clone().count(),
            slides_with_notes: slides.filter(|s| !s.notes_html.trim().is_empty()).count(),
            exercises: self.exercises.len(),
            process_areas: self.process_areas.len(),
            glossary_terms: self.glossary.len(),
            evidence_items: self
                .appraisal
                .as_ref()
                .map_or(0, |(case, _)| case.evidence.len()),
            appraisal_practices: self
                .appraisal
                .as_ref()
                .map_or(0, |(case, _)| case.practices.len()),
            knowledge_check_items: self.knowledge_check().map_or(0, |check| check.items.len()),
            quick_checks: self
                .modules
                .iter()
                .flat_map(|m| &m.deck.slides)
                .filter(|s| s.check.is_some())
                .count(),
            modules_with_quick_checks: self
                .modules
                .iter()
                .filter(|m| m.deck.slides.iter().any(|s| s.check.is_some()))
                .count(),
            crosswalk_rows: self.crosswalk.rows.len(),
            csf_subcategories: self.crosswalk.subcategories.len(),
        }
    }

    pub fn module(&self, id: &str) -> Option<&LoadedModule> {
        self.modules.iter().find(|m| m.summary.id == id)
    }

    fn neighbours(&self, id: &str) -> (Option<ModuleLink>, Option<ModuleLink>) {
        let Some(position) = self.modules.iter().position(|m| m.summary.id == id) else {
            return (None, None);
        };
        let link = |m: &LoadedModule| ModuleLink {
            id: m.summary.id.clone(),
            title: m.summary.title.clone(),
        };
        let previous = position.checked_sub(1).map(|i| link(&self.modules[i]));
        let next = self.modules.get(position + 1).map(link);
        (previous, next)
    }

    pub fn module_page(&self, id: &str) -> Option<ModulePage> {
        let module = self.module(id)?;
        let (previous, next) = self.neighbours(id);
        let outcomes = self
            .overview
            .outcomes
            .iter()
            .filter(|o| module.summary.outcomes.contains(&o.id))
            .cloned()
            .collect();
        Some(ModulePage {
            module: module.summary.clone(),
            outcomes,
            lesson_title: module.lesson.title.clone(),
            lesson_toc: module.lesson.toc.clone(),
            exercises: self
                .exercises
                .iter()
                .filter(|e| e.module_id == id)
                .map(|e| (e.id.clone(), e.title.clone()))
                .collect(),
            previous,
            next,
        })
    }

    pub fn lesson_page(&self, id: &str) -> Option<LessonPage> {
        let module = self.module(id)?;
        let (previous, next) = self.neighbours(id);
        Some(LessonPage {
            module: module.summary.clone(),
            lesson: module.lesson.clone(),
            previous,
            next,
        })
    }

    pub fn deck_page(&self, id: &str) -> Option<DeckPage> {
        let module = self.module(id)?;
        Some(DeckPage {
            module_id: module.summary.id.clone(),
            module_title: module.summary.title.clone(),
            deck: module.deck.clone(),
        })
    }

    pub fn handout(&self, id: &str) -> Option<&Handout> {
        self.handouts.iter().find(|h| h.id == id)
    }

    pub fn notebook(&self) -> Notebook {
        Notebook {
            title: self.overview.title.clone(),
            modules: self
                .modules
                .iter()
                .map(|m| NotebookModule {
                    module: m.summary.clone(),
                    slides: m.deck.slides.clone(),
                })
                .collect(),
            handouts: self.handouts.clone(),
        }
    }

    /// The end-of-course knowledge check, if the course has one.
    pub fn knowledge_check(&self) -> Option<&domain::exercise::Exercise> {
        self.exercises.iter().find(|e| e.knowledge_check)
    }

    pub fn exercise(&self, id: &str) -> Option<&domain::exercise::Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    /// Looks a process area up by abbreviation, in any letter case.
    pub fn process_area(&self, abbr: &str) -> Option<&ProcessArea> {
        self.process_areas.get(&abbr.to_ascii_uppercase())
    }
}
